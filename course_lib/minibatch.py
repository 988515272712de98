"""Mini-batch gradient descent on a linear regression y ≈ X·w + b with the MSE loss.

One *iteration* is one step computed from one mini-batch of ``batch_size``
examples; one *epoch* is one pass over all n examples, shuffled afresh (with a
fixed seed), so an epoch has ceil(n / batch_size) iterations (the last batch
takes what is left over, as PyTorch's DataLoader does by default).

- batch_size = 1: stochastic gradient descent, n noisy steps per epoch;
- batch_size = n: full-batch gradient descent, one exact step per epoch
  (the same run as :func:`course_lib.regression.train`).

:func:`mse_at` evaluates the MSE at many (w, b) at once (the path of a run, or a
grid for contour lines); :func:`diabetes_bmi` is the lesson's data: progression
against standardized BMI.

Pure numpy: no plotting, no widgets.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from course_lib import datasets, regression
from course_lib.stability import diverged_at as first_diverged
from course_lib.validation import check_array, check_count, check_positive


@dataclass(frozen=True)
class MiniBatchRun:
    """Everything one run recorded; index 0 is the start, index i is after iteration i."""

    weights: np.ndarray  # (iterations + 1, d)
    biases: np.ndarray  # (iterations + 1,)
    losses: np.ndarray  # (iterations + 1,): MSE on ALL the examples
    batch_losses: np.ndarray  # (iterations,): MSE on the mini-batch each step was computed from
    batch_size: int
    iterations_per_epoch: int
    lr: float
    diverged_at: int | None  # the first iteration whose loss diverged, or None

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
    lr: float,
    batch_size: int,
    epochs: int,
    seed: int = 0,
    w0: object = None,
    b0: float = 0.0,
) -> MiniBatchRun:
    """Train by mini-batch gradient descent on MSE, recording every iteration.

    Each step uses the batch's gradient 2/B X_b^T (X_b·w + b - y_b) (and its
    mean residual for b), so batch_size = n is plain full-batch gradient descent.
    A run whose loss diverges (passes ``stability.DIVERGED_LOSS``) stops there: the
    remaining iterations repeat the last finite state, and ``diverged_at`` says when.
    """
    inputs, targets = regression.inputs_and_targets(X, y)
    lr = check_positive(lr, "lr")
    n, d = inputs.shape
    batch_size = check_count(batch_size, "batch_size")
    epochs = check_count(epochs, "epochs", minimum=0)
    if batch_size > n:
        raise ValueError(f"batch_size must be at most the {n} examples, got {batch_size}")
    w = np.zeros(d) if w0 is None else check_array(w0, "w0").reshape(-1)
    if w.shape != (d,):
        raise ValueError(f"w0 has shape {w.shape} but X has {d} features")
    weights, biases, batch_losses = _descend(
        inputs, targets, w, float(b0), lr, batch_size, epochs, seed
    )
    with np.errstate(over="ignore", invalid="ignore"):
        losses = _mse_at(inputs, targets, weights, biases)
    # Where the loss diverged, the run stops: from there on it repeats the last finite state.
    first = first_diverged(losses[1:])
    diverged_at = None if first is None else first + 1
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
        lr=lr,
        diverged_at=diverged_at,
    )


def _descend(
    X: np.ndarray,
    y: np.ndarray,
    w: np.ndarray,
    b: float,
    lr: float,
    batch_size: int,
    epochs: int,
    seed: int,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(weights, biases, batch losses) of every iteration: the loop of :func:`train`."""
    n, d = X.shape
    iterations = epochs * iterations_per_epoch(n, batch_size)
    weights, biases = np.empty((iterations + 1, d)), np.empty(iterations + 1)
    batch_losses = np.empty(iterations)
    weights[0], biases[0] = w, b
    i = 0
    with np.errstate(over="ignore", invalid="ignore"):
        for order in _epoch_orders(n, epochs, seed):
            shuffled_X, shuffled_y = X[order], y[order]
            for start in range(0, n, batch_size):
                X_b = shuffled_X[start : start + batch_size]
                residuals = X_b @ w + b - shuffled_y[start : start + batch_size]
                size = len(residuals)
                batch_losses[i] = residuals @ residuals / size
                w = w - (lr * 2.0 / size) * (residuals @ X_b)
                b = b - (lr * 2.0 / size) * residuals.sum()
                i += 1
                weights[i], biases[i] = w, b
    return weights, biases, batch_losses


def mse_at(X: object, y: object, weights: object, biases: object) -> np.ndarray:
    """The MSE of y ≈ X·w + b at many (w, b) at once: ``weights`` (..., d), ``biases`` (...).

    From the data's second moments: with A = [X, 1] and theta = (w, b),
    MSE = theta^T (A^T A / n) theta - 2 theta^T A^T y / n + mean(y^2), which costs
    d^2 per point instead of n * d (a training run's path, a grid for contour lines).
    """
    inputs, targets = regression.inputs_and_targets(X, y)
    w = check_array(weights, "weights", finite=False)
    b = check_array(biases, "biases", finite=False)
    if w.shape != (*b.shape, inputs.shape[1]):
        raise ValueError(
            f"weights has shape {w.shape} but biases has shape {b.shape} and X has "
            f"{inputs.shape[1]} features; weights needs shape {(*b.shape, inputs.shape[1])}"
        )
    return _mse_at(inputs, targets, w, b)


def _mse_at(X: np.ndarray, y: np.ndarray, weights: np.ndarray, biases: np.ndarray) -> np.ndarray:
    design = np.column_stack([X, np.ones(len(X))])
    gram, moment = design.T @ design / len(X), design.T @ y / len(X)
    theta = np.concatenate([weights, biases[..., None]], axis=-1)
    mse = np.einsum("...i,ij,...j->...", theta, gram, theta) - 2 * theta @ moment + np.mean(y * y)
    return np.maximum(mse, 0.0)  # rounding could leave a perfect fit a hair below 0


@dataclass(frozen=True)
class BMIData:
    """The diabetes patients as the lesson fits them: standardized BMI and progression."""

    x: np.ndarray  # BMI standardized: mean 0, standard deviation 1
    y: np.ndarray  # disease progression one year later (a score)
    bmi_mean: float  # kg/m², to turn x back into a BMI
    bmi_std: float


def diabetes_bmi() -> BMIData:
    """All 442 patients of ``datasets.diabetes()``, BMI standardized by ``regression.standardize``
    (so that gradient descent's two directions, w and b, have similar curvatures)."""
    patients = datasets.diabetes()
    x, mean, std = regression.standardize(patients.bmi)
    return BMIData(x=x, y=patients.progression, bmi_mean=mean, bmi_std=std)
