"""A small linear regression y ≈ X·w + b, trained by full-batch gradient descent.

Each epoch records the per-example squared errors, so a lesson can show
every example's loss shrinking (or not) as training goes on. Pure numpy.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from course_lib.losses import as_float_array

#: A run stops, marked as diverged, once a loss passes this value (or is not finite).
DIVERGENCE_LIMIT = 1e12


@dataclass(frozen=True)
class TrainingRun:
    """Everything one run recorded, epoch 0 (the start) to the last epoch."""

    weights: np.ndarray  # (epochs + 1, d)
    biases: np.ndarray  # (epochs + 1,)
    per_example_losses: np.ndarray  # (epochs + 1, n): squared error of each example
    learning_rate: float
    diverged_at: int | None  # the first epoch whose loss blew up, or None

    @property
    def risk(self) -> np.ndarray:
        """Q at each epoch: the average of the per-example losses."""
        return self.per_example_losses.mean(axis=1)

    @property
    def epochs(self) -> int:
        return len(self.biases) - 1


def inputs_and_targets(X: object, y: object) -> tuple[np.ndarray, np.ndarray]:
    """X as an (n, d) float array (a 1-D X is one feature) and y as n floats, checked."""
    inputs = as_float_array(X, "X")
    if inputs.ndim == 1:
        inputs = inputs[:, None]
    if inputs.ndim != 2:
        raise ValueError(f"X must have shape (n,) or (n, d), got shape {inputs.shape}")
    targets = as_float_array(y, "y")
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
    learning_rate: float,
    epochs: int = 50,
    w0: object = None,
    b0: float = 0.0,
) -> TrainingRun:
    """Train by full-batch gradient descent on MSE, recording every example's loss per epoch.

    A run whose loss blows up stops there: the remaining epochs repeat the
    last finite state, and ``diverged_at`` says when it happened.
    """
    inputs, targets = inputs_and_targets(X, y)
    if not (np.isfinite(learning_rate) and learning_rate > 0):
        raise ValueError(f"learning_rate must be a positive number, got {learning_rate!r}")
    if int(epochs) != epochs or epochs < 0:
        raise ValueError(f"epochs must be a whole number >= 0, got {epochs!r}")
    epochs = int(epochs)
    w = np.zeros(inputs.shape[1]) if w0 is None else as_float_array(w0, "w0").reshape(-1)
    if w.shape != (inputs.shape[1],):
        raise ValueError(f"w0 has shape {w.shape} but X has {inputs.shape[1]} features")
    b = float(b0)
    weights, biases, losses = [w.copy()], [b], [(predict(inputs, w, b) - targets) ** 2]
    diverged_at = None
    with np.errstate(over="ignore", invalid="ignore"):
        for epoch in range(1, epochs + 1):
            if diverged_at is None:
                grad_w, grad_b = mse_gradient(inputs, targets, w, b)
                new_w, new_b = w - learning_rate * grad_w, b - learning_rate * grad_b
                new_losses = (predict(inputs, new_w, new_b) - targets) ** 2
                if np.all(np.isfinite(new_losses)) and new_losses.max() < DIVERGENCE_LIMIT:
                    w, b = new_w, new_b
                else:
                    diverged_at = epoch
            weights.append(w.copy())
            biases.append(b)
            losses.append((predict(inputs, w, b) - targets) ** 2)
    return TrainingRun(
        weights=np.array(weights),
        biases=np.array(biases),
        per_example_losses=np.array(losses),
        learning_rate=float(learning_rate),
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
    values = as_float_array(x, "x")
    mean, std = float(values.mean()), float(values.std())
    if std == 0:
        raise ValueError("x has the same value everywhere; it cannot be standardized")
    return (values - mean) / std, mean, std


def largest_stable_learning_rate(X: object) -> float:
    """The learning rate above which gradient descent on MSE diverges: 2 / (largest curvature).

    MSE is a bowl whose curvature is the Hessian H = 2/n * A^T A, with A = [X, 1];
    a step lr makes the error along the steepest direction shrink only if lr < 2 / max eig(H).
    """
    inputs = as_float_array(X, "X")
    if inputs.ndim == 1:
        inputs = inputs[:, None]
    design = np.column_stack([inputs, np.ones(len(inputs))])
    hessian = 2.0 / len(inputs) * design.T @ design
    return float(2.0 / np.linalg.eigvalsh(hessian).max())
