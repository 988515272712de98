"""A small linear regression y ≈ X·w + b, trained by full-batch gradient descent.

- ``predict``, ``mse_gradient``: the model and the gradient of its MSE;
- ``train``: full-batch gradient descent that records every example's squared
  error at every epoch, so a lesson can show each loss shrinking (or not); a run
  stops where its loss Q diverges (``stability.diverged``);
- ``least_squares``: the exact minimum of the MSE, by the closed form;
- ``standardize``: a feature rescaled to mean 0 and standard deviation 1;
- ``probability_above``: the chance that the target is above a threshold, if the
  line's errors are normal: a regression turned into a yes/no probability.

The learning rate at which ``train`` starts to diverge is
``stability.max_stable_lr(stability.linear_mse_hessian(X))``. Pure numpy.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from course_lib import stability
from course_lib.validation import check_array, check_count, check_positive


@dataclass(frozen=True)
class TrainingRun:
    """Everything one run recorded, epoch 0 (the start) to the last epoch."""

    weights: np.ndarray  # (epochs + 1, d)
    biases: np.ndarray  # (epochs + 1,)
    per_example_losses: np.ndarray  # (epochs + 1, n): squared error of each example
    lr: float
    diverged_at: int | None  # the first epoch whose loss Q diverged, or None

    @property
    def risk(self) -> np.ndarray:
        """Q at each epoch: the average of the per-example losses."""
        return self.per_example_losses.mean(axis=1)

    @property
    def epochs(self) -> int:
        return len(self.biases) - 1


def inputs_and_targets(X: object, y: object) -> tuple[np.ndarray, np.ndarray]:
    """X as an (n, d) float array (a 1-D X is one feature) and y as n floats, checked."""
    inputs = check_array(X, "X")
    if inputs.ndim == 1:
        inputs = inputs[:, None]
    if inputs.ndim != 2:
        raise ValueError(f"X must have shape (n,) or (n, d), got shape {inputs.shape}")
    targets = check_array(y, "y")
    if targets.shape != (len(inputs),):
        raise ValueError(f"y has shape {targets.shape} but X has {len(inputs)} examples")
    return inputs, targets


def predict(X: np.ndarray, w: np.ndarray, b: float) -> np.ndarray:
    """The model's predictions X·w + b, one per row of X."""
    inputs = np.asarray(X, dtype=float)
    if inputs.ndim == 1:
        inputs = inputs[:, None]
    return inputs @ np.atleast_1d(np.asarray(w, dtype=float)) + b


def mse_gradient(X: np.ndarray, y: np.ndarray, w: np.ndarray, b: float) -> tuple[np.ndarray, float]:
    """The gradient of MSE = mean((X·w + b - y)**2) with respect to w and b.

    dMSE/dw = 2/n * X^T (X·w + b - y),   dMSE/db = 2/n * sum(X·w + b - y).
    """
    inputs, targets = inputs_and_targets(X, y)
    residuals = predict(inputs, w, b) - targets
    n = len(targets)
    return 2.0 / n * inputs.T @ residuals, 2.0 / n * float(residuals.sum())


def train(
    X: object,
    y: object,
    lr: float,
    epochs: int = 50,
    w0: object = None,
    b0: float = 0.0,
) -> TrainingRun:
    """Train by full-batch gradient descent on MSE, recording every example's loss per epoch.

    A run whose loss Q diverges (``stability.diverged``) stops there: the remaining
    epochs repeat the last finite state, and ``diverged_at`` says when it happened.
    """
    inputs, targets = inputs_and_targets(X, y)
    lr = check_positive(lr, "lr")
    epochs = check_count(epochs, "epochs", minimum=0)
    w = np.zeros(inputs.shape[1]) if w0 is None else check_array(w0, "w0").reshape(-1)
    if w.shape != (inputs.shape[1],):
        raise ValueError(f"w0 has shape {w.shape} but X has {inputs.shape[1]} features")
    b = float(b0)
    weights, biases, losses = [w.copy()], [b], [(predict(inputs, w, b) - targets) ** 2]
    diverged_at = None
    with np.errstate(over="ignore", invalid="ignore"):
        for epoch in range(1, epochs + 1):
            if diverged_at is None:
                grad_w, grad_b = mse_gradient(inputs, targets, w, b)
                new_w, new_b = w - lr * grad_w, b - lr * grad_b
                new_losses = (predict(inputs, new_w, new_b) - targets) ** 2
                if stability.diverged(float(new_losses.mean())):
                    diverged_at = epoch
                else:
                    w, b = new_w, new_b
            weights.append(w.copy())
            biases.append(b)
            losses.append((predict(inputs, w, b) - targets) ** 2)
    return TrainingRun(
        weights=np.array(weights),
        biases=np.array(biases),
        per_example_losses=np.array(losses),
        lr=lr,
        diverged_at=diverged_at,
    )


def least_squares(X: object, y: object) -> tuple[np.ndarray, float]:
    """The (w, b) that minimise MSE exactly, by the closed form (numpy.linalg.lstsq)."""
    inputs, targets = inputs_and_targets(X, y)
    design = np.column_stack([inputs, np.ones(len(inputs))])
    solution, *_ = np.linalg.lstsq(design, targets, rcond=None)
    return solution[:-1], float(solution[-1])


def standardize(x: object) -> tuple[np.ndarray, float, float]:
    """(x - mean) / std with the mean and std used: features on a scale gradient descent likes."""
    values = check_array(x, "x")
    mean, std = float(values.mean()), float(values.std())
    if std == 0:
        raise ValueError("x has the same value everywhere; it cannot be standardized")
    return (values - mean) / std, mean, std


def normal_cdf(z: object) -> np.ndarray:
    """Φ(z): the probability that a standard normal value is below z."""
    values = check_array(z, "z", allow_empty=True)
    return 0.5 * (1 + np.vectorize(math.erf, otypes=[float])(values / math.sqrt(2)))


def probability_above(prediction: object, threshold: float, sigma: float) -> np.ndarray:
    """P(y > threshold) for each prediction, if y = prediction + normal noise of spread sigma.

    That is Φ((prediction − threshold) / sigma): a regression line turned into a
    classifier's probability, as cross-entropy needs one.
    """
    predictions = check_array(prediction, "prediction")
    sigma = check_positive(sigma, "sigma")
    return normal_cdf((predictions - threshold) / sigma)
