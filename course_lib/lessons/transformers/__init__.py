"""Lesson 07, transformers: live experiments on tokens, attention and a tiny language model.

- ``TokenMerges`` (token_merges.py): byte-pair encoding merge by merge; vocabulary size
  against the text's length in tokens.
- ``ContrastiveGeometry`` (contrastive_geometry.py): a contrastive loss on the engine
  arranges twelve words in 2-D, replayed step by step.
- ``AttentionStepByStep`` (attention_step_by_step.py): one head's scores and weights for a
  chosen token; the √d scaling and the causal mask as controls.
- ``OrderBlindness`` (order_blindness.py): shuffle the input; without positional
  encodings the output only shuffles the same way.
- ``HeadPatterns`` (head_patterns.py): two heads of a small GPT trained on copy, reverse
  or sort, and where each looks.
- ``ShakespeareSampler`` (shakespeare_sampler.py): the tiny GPT of data/ writes, with
  temperature and top-k.
- ``SizeChallenge`` (size_challenge.py): reach a validation loss within a step budget by
  choosing width, depth and learning rate.

The concepts are :mod:`course_lib.tokens`, :mod:`course_lib.embeddings`,
:mod:`course_lib.attention`, :mod:`course_lib.sequence_tasks`, :mod:`course_lib.gpt` and
:mod:`course_lib.tiny_gpt`; the text is tiny Shakespeare (:mod:`course_lib.datasets`).
"""

from course_lib.lessons.transformers.attention_step_by_step import AttentionStepByStep
from course_lib.lessons.transformers.contrastive_geometry import ContrastiveGeometry
from course_lib.lessons.transformers.head_patterns import HeadPatterns
from course_lib.lessons.transformers.order_blindness import OrderBlindness
from course_lib.lessons.transformers.shakespeare_sampler import ShakespeareSampler
from course_lib.lessons.transformers.size_challenge import SizeChallenge
from course_lib.lessons.transformers.token_merges import TokenMerges

__all__ = [
    "AttentionStepByStep",
    "ContrastiveGeometry",
    "HeadPatterns",
    "OrderBlindness",
    "ShakespeareSampler",
    "SizeChallenge",
    "TokenMerges",
]
