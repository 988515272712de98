"""Mini-batch gradient descent on a linear regression y ≈ X·w + b with the MSE loss.

One *iteration* is one step computed from one mini-batch of ``batch_size``
examples; one *epoch* is one pass over all n examples, shuffled afresh (with a
fixed seed), so an epoch has ceil(n / batch_size) iterations (the last batch
takes what is left over, as PyTorch's DataLoader does by default).

- batch_size = 1: stochastic gradient descent, n noisy steps per epoch;
- batch_size = n: full-batch gradient descent, one exact step per epoch
  (the same run as :func:`course_lib.regression.train`).

Pure numpy: no plotting, no widgets.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from course_lib import regression
from course_lib.validation import check_array, check_count, check_positive

#: A run stops, marked as diverged, once a loss passes this value (or is not finite).
DIVERGENCE_LIMIT = 1e12


@dataclass(frozen=True)
class MiniBatchRun:
    """Everything one run recorded; index 0 is the start, index i is after iteration i."""

    weights: np.ndarray  # (iterations + 1, d)
    biases: np.ndarray  # (iterations + 1,)
    losses: np.ndarray  # (iterations + 1,): MSE on ALL the examples
    batch_losses: np.ndarray  # (iterations,): MSE on the mini-batch each step was computed from
    batch_size: int
    iterations_per_epoch: int
    learning_rate: float
    diverged_at: int | None  # the first iteration whose loss blew up, or None

    @property
    def iterations(self) -> int:
        return len(self.biases) - 1

    @property
    def epochs(self) -> int:
        return self.iterations // self.iterations_per_epoch

    @property
    def epoch_losses(self) -> np.ndarray:
        """The full-data MSE at the start and after each epoch, shape (epochs + 1,)."""
        return self.losses[:: self.iterations_per_epoch]


def iterations_per_epoch(n: int, batch_size: int) -> int:
    """ceil(n / batch_size): how many steps one pass over n examples takes."""
    return math.ceil(check_count(n, "n") / check_count(batch_size, "batch_size"))


def batches(n: int, batch_size: int, epochs: int, seed: int = 0) -> list[np.ndarray]:
    """The example indices of every mini-batch, epoch after epoch, in order.

    Each epoch is a fresh permutation of range(n) from one seeded generator,
    cut into consecutive batches; the same arguments always give the same batches,
    and the first k epochs of a longer run are the k epochs of a shorter one.
    """
    n, batch_size = check_count(n, "n"), check_count(batch_size, "batch_size")
    return [
        order[start : start + batch_size]
        for order in _epoch_orders(n, epochs, seed)
        for start in range(0, n, batch_size)
    ]


def _epoch_orders(n: int, epochs: int, seed: int) -> list[np.ndarray]:
    """One seeded permutation of range(n) per epoch."""
    rng = np.random.default_rng(seed)
    return [rng.permutation(n) for _ in range(check_count(epochs, "epochs", minimum=0))]


def train(
    X: object,
    y: object,
    learning_rate: float,
    batch_size: int,
    epochs: int,
    seed: int = 0,
    w0: object = None,
    b0: float = 0.0,
) -> MiniBatchRun:
    """Train by mini-batch gradient descent on MSE, recording every iteration.

    Each step uses the batch's gradient 2/B X_b^T (X_b·w + b - y_b) (and its
    mean residual for b), so batch_size = n is plain full-batch gradient descent.
    A run whose loss blows up stops there: the remaining iterations repeat the
    last finite state, and ``diverged_at`` says when it happened.
    """
    inputs, targets = regression.inputs_and_targets(X, y)
    learning_rate = check_positive(learning_rate, "learning_rate")
    n, d = inputs.shape
    batch_size = check_count(batch_size, "batch_size")
    epochs = check_count(epochs, "epochs", minimum=0)
    if batch_size > n:
        raise ValueError(f"batch_size must be at most the {n} examples, got {batch_size}")
    w = np.zeros(d) if w0 is None else check_array(w0, "w0").reshape(-1)
    if w.shape != (d,):
        raise ValueError(f"w0 has shape {w.shape} but X has {d} features")
    b = float(b0)

    per_epoch = iterations_per_epoch(n, batch_size)
    weights = np.empty((epochs * per_epoch + 1, d))
    biases = np.empty(epochs * per_epoch + 1)
    batch_losses = np.empty(epochs * per_epoch)
    weights[0], biases[0] = w, b
    i = 0
    with np.errstate(over="ignore", invalid="ignore"):
        for order in _epoch_orders(n, epochs, seed):
            shuffled_X, shuffled_y = inputs[order], targets[order]
            for start in range(0, n, batch_size):
                X_b = shuffled_X[start : start + batch_size]
                residuals = X_b @ w + b - shuffled_y[start : start + batch_size]
                size = len(residuals)
                batch_losses[i] = residuals @ residuals / size
                w = w - (learning_rate * 2.0 / size) * (residuals @ X_b)
                b = b - (learning_rate * 2.0 / size) * residuals.sum()
                i += 1
                weights[i], biases[i] = w, b
        losses = _mse_along(inputs, targets, weights, biases)
    # Where the loss blew up, the run stops: from there on it repeats the last finite state.
    blown = np.nonzero(~np.isfinite(losses[1:]) | (losses[1:] > DIVERGENCE_LIMIT))[0]
    diverged_at = int(blown[0]) + 1 if len(blown) else None
    if diverged_at is not None:
        weights[diverged_at:] = weights[diverged_at - 1]
        biases[diverged_at:] = biases[diverged_at - 1]
        losses[diverged_at:] = losses[diverged_at - 1]
        batch_losses[diverged_at:] = np.nan
    return MiniBatchRun(
        weights=weights,
        biases=biases,
        losses=losses,
        batch_losses=batch_losses,
        batch_size=batch_size,
        iterations_per_epoch=iterations_per_epoch(n, batch_size),
        learning_rate=float(learning_rate),
        diverged_at=diverged_at,
    )


def _mse_along(X: np.ndarray, y: np.ndarray, weights: np.ndarray, biases: np.ndarray):
    """The MSE at many (w, b) at once, from the data's second moments.

    With A = [X, 1] and theta = (w, b): MSE = theta^T (A^T A / n) theta - 2 theta^T A^T y / n
    + mean(y^2), which costs d^2 per point instead of n * d.
    """
    design = np.column_stack([X, np.ones(len(X))])
    gram, moment = design.T @ design / len(X), design.T @ y / len(X)
    theta = np.column_stack([weights, biases])
    mse = np.einsum("ti,ij,tj->t", theta, gram, theta) - 2 * theta @ moment + np.mean(y * y)
    return np.maximum(mse, 0.0)  # rounding could leave a perfect fit a hair below 0
