"""Check for lesson 02's exercise 2: one epoch of mini-batch gradient descent, checked
against minibatch.train on fuzzed cases, with a hint for each known wrong epoch.
"""

from __future__ import annotations

import functools
from typing import Any

import numpy as np

from course_lib import minibatch
from course_lib.feedback import (
    INCORRECT,
    Case,
    Feedback,
    check_pairs,
    first_hint,
)


def _epoch_reference(
    w: float, b: float, x: np.ndarray, y: np.ndarray, lr: float, batch_size: int, seed: int
) -> tuple[float, float]:
    """(w, b) after one epoch of minibatch.train, whose shuffle is _epoch_order(n, seed)."""
    run = minibatch.train(x, y, lr, batch_size, epochs=1, seed=seed, w0=[w], b0=b)
    return float(run.weights[-1][0]), float(run.biases[-1])


def _epoch_order(n: int, seed: int) -> np.ndarray:
    """The shuffled order minibatch.train visits n examples in, in its first epoch."""
    return np.concatenate(minibatch.batches(n, 1, 1, seed))


def _epoch_cases() -> list[tuple]:
    """Fuzzed cases (seeded): n examples that batch_size does not divide, and the edges
    batch_size = 1 (stochastic) and batch_size = n (full batch)."""
    rng = np.random.default_rng(12)
    cases = []
    for n, batch_size in ((10, 4), (13, 5), (7, 1), (9, 9), (20, 6)):
        x = np.round(rng.normal(size=n), 2)
        y = np.round(2 * x + 1 + rng.normal(scale=0.5, size=n), 2)
        w, b = float(np.round(rng.normal(), 2)), float(np.round(rng.normal(), 2))
        seed = int(rng.integers(1000))
        cases.append((w, b, x, y, 0.1, batch_size, _epoch_order(n, seed), seed))
    return cases


def _shown(case: tuple) -> str:
    w, b, x, y, lr, batch_size, order, _ = case
    return (
        f"w={w:g}, b={b:g}, x (n = {len(x)}), y, lr={lr:g}, batch_size={batch_size}, "
        f"order={_index_list(order)}"
    )


def _index_list(values: np.ndarray) -> str:
    """A short integer array as the learner would type it: [3, 0, 7, ...]."""
    shown = ", ".join(str(int(v)) for v in values[:6])
    return f"[{shown}{', ...' if len(values) > 6 else ''}]"


def _wrong_epoch(
    w: float,
    b: float,
    x: np.ndarray,
    y: np.ndarray,
    lr: float,
    batch_size: int,
    order: np.ndarray,
    *,
    size_of: Any = len,
    factor: float = 2.0,
    reduce: Any = np.mean,
    stale: bool = True,
    keep_last: bool = True,
    sign: int = 1,
) -> tuple[float, float]:
    """(w, b) after an epoch with one mistake switched on; the defaults make it right."""
    n = len(order)
    stop = n if keep_last else n - n % batch_size
    for start in range(0, stop, batch_size):
        batch = order[start : start + batch_size]
        error = w * x[batch] + b - y[batch]
        scale = len(batch) / size_of(batch)
        w = w - sign * lr * factor * scale * reduce(error * x[batch])
        if not stale:
            error = w * x[batch] + b - y[batch]
        b = b - sign * lr * factor * scale * reduce(error)
    return w, b


def _epoch_mistakes(
    w: float, b: float, x: np.ndarray, y: np.ndarray, lr: float, batch_size: int, order: np.ndarray
) -> list[tuple[Any, str]]:
    """The known wrong epochs, each with its hint (what the mistake is, not what to type)."""
    n = len(order)
    epoch = functools.partial(_wrong_epoch, w, b, x, y, lr, batch_size)
    everything = np.arange(n)
    error = w * x + b - y
    one_step = (w - lr * 2 * np.mean(error * x), b - lr * 2 * np.mean(error))
    return [
        (
            epoch(everything),
            "Your epoch visits the examples in their stored order. Mini-batch gradient "
            "descent shuffles first: the batches are cut from the shuffled order you are given.",
        ),
        (
            epoch(order, keep_last=False),
            "Your epoch leaves out the last, smaller batch: when batch_size does not divide n, "
            "the examples left over still make one more batch.",
        ),
        (
            epoch(order, size_of=lambda batch: batch_size),
            "The last batch can be smaller than batch_size: average over the examples it "
            "really holds, not over batch_size.",
        ),
        (
            epoch(order, factor=1.0),
            "Your steps are half as long as they should be: the derivative of a squared "
            "error has a factor 2.",
        ),
        (
            epoch(order, reduce=np.sum),
            "You added up the batch's gradients instead of averaging them, so a bigger batch "
            "takes a longer step. The loss is a mean over the batch.",
        ),
        (
            epoch(order, stale=False),
            "You moved w and then computed b's gradient at the new w. Both gradients come "
            "from the same residuals, computed before either parameter moves.",
        ),
        (
            one_step,
            "You took one step for the whole epoch (full-batch gradient descent). "
            "Mini-batch gradient descent takes one step per batch.",
        ),
        (
            epoch(order, sign=-1),
            "You stepped uphill: the gradient points to where the loss grows.",
        ),
    ]


def minibatch_epoch(function: Any) -> Feedback:
    """Exercise 2: one epoch of mini-batch gradient descent on y ≈ w·x + b (MSE) over the
    batches cut from a shuffled ``order``; returns (w, b). Checked against minibatch.train."""
    cases = _epoch_cases()
    feedback = check_pairs(
        "Exercise 2 (minibatch_epoch)",
        function,
        [Case(c[:7], _epoch_reference(*c[:6], c[7]), _shown(c)) for c in cases],
        name="minibatch_epoch",
        parts=("w", "b"),
        hint="An epoch is a loop over batches: cut the shuffled order into consecutive pieces "
        "of batch_size, and take one gradient step on each piece.",
        more="For each batch, compute the residuals (prediction minus target) of its examples; "
        "the MSE's gradient is twice their mean for b, and twice the mean of residual times x "
        "for w. Step both parameters against it, then go on to the next batch.",
        fix="for start in range(0, len(order), batch_size): batch = order[start : start + "
        "batch_size]; error = w * x[batch] + b - y[batch]; w, b = w - lr * 2 * "
        "np.mean(error * x[batch]), b - lr * 2 * np.mean(error). Return w, b at the end.",
    )
    if feedback.passed or feedback.status != INCORRECT:
        return feedback
    case = cases[0][:7]
    feedback.hint = first_hint(function, case, _epoch_mistakes(*case), feedback.hint)
    return feedback
