"""Blame: each weight's gradient agrees with finite differences of an independent numpy network,
a small step lowers the loss by about lr·|g|², and a huge one overshoots."""

from __future__ import annotations

import numpy as np
import pytest
from finite_differences import central_difference

from course_lib import blame as bl


def blame_numpy_loss(flat: np.ndarray, x, y) -> float:
    W1, b1, w2, b2 = flat[:4].reshape(2, 2), flat[4:6], flat[6:8], flat[8]
    return float((np.tanh(np.array(x) @ W1 + b1) @ w2 + b2 - y) ** 2)


START = np.concatenate([p.ravel() for p in bl.START.values()])


@pytest.mark.parametrize("example", list(bl.EXAMPLES))
def test_blame_gradients_match_finite_differences_of_an_independent_numpy_network(example):
    x, y = bl.EXAMPLES[example]
    output, loss, gradient = bl.gradient_for(example)
    assert loss == pytest.approx(blame_numpy_loss(START, x, y), rel=1e-12)
    numeric = central_difference(lambda v: blame_numpy_loss(v, x, y), START)
    np.testing.assert_allclose(gradient, numeric, rtol=1e-6, atol=1e-9)
    # weights that carry an input of 0 get no blame at all
    for i, name in enumerate(bl.WEIGHT_NAMES[:4]):
        source = int(name[1]) - 1
        assert (gradient[i] == 0) == (x[source] == 0)


@pytest.mark.parametrize("example", list(bl.EXAMPLES))
def test_one_small_step_lowers_the_loss_and_a_huge_one_raises_it(example):
    x, y = bl.EXAMPLES[example]
    _, loss, gradient = bl.gradient_for(example)
    small = bl.loss_after_step(example, 0.01, gradient)
    assert small == pytest.approx(blame_numpy_loss(START - 0.01 * gradient, x, y), rel=1e-12)
    assert small < loss
    # first order: the drop is lr * |g|^2, up to terms in lr^2
    assert loss - small == pytest.approx(0.01 * np.sum(gradient**2), rel=0.1)
    assert bl.loss_after_step(example, 10.0, gradient) > loss


def test_the_shares_split_the_first_order_decrease_and_the_sweep_is_one_step_per_lr():
    blamed = bl.example_blame("(0, 1) → 1")
    assert blamed.shares.sum() == pytest.approx(1.0)
    np.testing.assert_allclose(blamed.shares, blamed.gradient**2 / np.sum(blamed.gradient**2))
    assert blamed.sweep.shape == bl.STEP_LRS.shape
    for i in (0, 80, 160):
        lr = bl.STEP_LRS[i]
        assert (
            blamed.sweep[i]
            == blamed.loss_after(lr)
            == bl.loss_after_step(blamed.example, lr, blamed.gradient)
        )


def test_blame_names_the_learning_rate_where_the_step_starts_to_hurt():
    blamed = bl.example_blame("(1, 1) → 0")
    first_up = blamed.first_lr_up
    assert first_up is not None and blamed.best_lr < first_up
    just_below = bl.STEP_LRS[np.searchsorted(bl.STEP_LRS, first_up) - 1]
    assert blamed.loss_after(just_below) <= blamed.loss
    assert blamed.loss_after(first_up) > blamed.loss
    assert blamed.sweep.min() == blamed.loss_after(blamed.best_lr)


def test_an_unknown_example_is_refused_by_name():
    with pytest.raises(ValueError, match=r"example must be one of \['\(0, 0\) → 0'"):
        bl.example_blame("(2, 2) → 1")
