"""Synthetic tasks: the answers, a model that learns one, and its heads' attention weights."""

from __future__ import annotations

import numpy as np
import pytest

from course_lib import sequence_tasks as tasks
from course_lib.autograd import no_grad
from course_lib.gpt import GPT, GPTConfig


def test_examples_are_digits_a_separator_and_the_answer():
    seqs = tasks.make_examples("reverse", 4, 3, 5, np.random.default_rng(0))
    assert seqs.shape == (4, 7)
    np.testing.assert_array_equal(seqs[:, 3], 5)
    np.testing.assert_array_equal(seqs[:, 4:], seqs[:, 2::-1])
    sort = tasks.make_examples("sort", 4, 3, 5, np.random.default_rng(0))
    np.testing.assert_array_equal(sort[:, 4:], np.sort(sort[:, :3], axis=1))
    copy = tasks.make_examples("copy", 4, 3, 5, np.random.default_rng(0))
    np.testing.assert_array_equal(copy[:, 4:], copy[:, :3])


def test_an_unknown_task_is_refused():
    with pytest.raises(ValueError, match="task must be one of"):
        tasks.answer("shuffle", np.zeros((1, 2), dtype=int))


def test_a_small_gpt_learns_to_reverse():
    trained = tasks.train_task_model("reverse", length=4, n_digits=5, steps=150)
    assert trained.accuracy > 0.95
    assert trained.losses[-1] < 0.1 * trained.losses[0]


def test_head_patterns_are_causal_attention_weights_that_change_the_output():
    model = GPT(GPTConfig(6, 7, n_layer=2, n_head=2, n_embd=8), rng=0)
    seq = np.array([1, 2, 3, 4, 5, 6])
    patterns = tasks.head_patterns(model, seq)
    assert patterns.shape == (2, 2, 6, 6)
    np.testing.assert_allclose(patterns.sum(-1), 1.0)
    assert np.all(np.triu(patterns, k=1) == 0)
    # recomputing the first block's output from these weights gives the block's attention output
    block = model.h[0]
    with no_grad():
        x = model.wte(seq[None]) + model.wpe(np.arange(6))
        qkv = block.attn.c_attn(block.ln_1(x)).data[0]
        v = qkv[:, 16:].reshape(6, 2, 4).transpose(1, 0, 2)
        mixed = (patterns[0] @ v).transpose(1, 0, 2).reshape(6, 8)
        expected = block.attn(block.ln_1(x)).data[0]
    np.testing.assert_allclose(mixed @ block.attn.c_proj.weight.data, expected, rtol=1e-10)
