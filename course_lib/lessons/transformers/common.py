"""What lesson 07's experiments share: one BLAS thread for small matrices, the held-out split."""

from __future__ import annotations

from contextlib import AbstractContextManager

from threadpoolctl import ThreadpoolController, threadpool_limits

from course_lib import datasets
from course_lib.tokens import learn_bpe

#: The share of tiny Shakespeare's characters to train on (the rest is held out), as nanoGPT.
TRAIN_FRACTION = 0.9


def one_thread(pools: ThreadpoolController | None = None) -> AbstractContextManager:
    """A context in which numpy's BLAS uses one thread: the engine's matrices are so small
    that threads only wait for each other (on two shared cores, many times slower).

    Finding the thread pools of the loaded libraries takes about 2 ms; on a control's path,
    pass ``pools``, a ``ThreadpoolController()`` made once in ``setup``.
    """
    return threadpool_limits(1) if pools is None else pools.limit(limits=1)


def shakespeare_ids():
    """(train ids, held-out ids, the character tokenizer) of tiny Shakespeare."""
    text = datasets.tiny_shakespeare()
    chars = learn_bpe(text, 0)
    ids = chars.encode(text)
    cut = int(TRAIN_FRACTION * len(ids))
    return ids[:cut], ids[cut:], chars
