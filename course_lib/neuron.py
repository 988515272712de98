"""A single neuron and the four-step training loop: predict, loss, gradient, step.

The neuron computes ``p = f(X @ w + b)`` with ``f`` the sigmoid (a soft yes/no
between 0 and 1) or the identity (a linear neuron). Its loss is the mean
squared error ``L = mean((p - y) ** 2)``. Training is full-batch gradient
descent: every epoch uses all examples once, in one iteration.

Pure numpy: no plotting, no widgets.
"""

from __future__ import annotations

import csv
import math
import numbers
from dataclasses import dataclass

import numpy as np

from course_lib.datasets import data_path

ACTIVATIONS = ("sigmoid", "linear")
#: Where the lesson's neuron starts: every weight and the bias at 0.5.
START_WEIGHTS = (0.5, 0.5)
START_BIAS = 0.5
#: A loss above this (or not finite) counts as "training blew up".
DIVERGED_LOSS = 1e6


@dataclass(frozen=True)
class Devices:
    """The lesson's data: four devices, two features each, labelled glasses (1) or ring (0)."""

    names: list[str]
    X: np.ndarray  # (n, 2): mass in tens of grams, width in tens of centimetres
    y: np.ndarray  # (n,): 1.0 for glasses, 0.0 for a ring
    feature_names: tuple[str, str] = ("mass (×10 g)", "width (×10 cm)")


def load_devices(name: str = "devices.csv") -> Devices:
    """Read the devices from data/: mass and width scaled by 10 so both are near 1."""
    with open(data_path(name), newline="", encoding="utf-8") as file:
        rows = list(csv.DictReader(file))
    X = np.array([[float(r["mass_g"]) / 10, float(r["width_cm"]) / 10] for r in rows])
    y = np.array([1.0 if r["kind"] == "glasses" else 0.0 for r in rows])
    return Devices([r["device"] for r in rows], X, y)


def sigmoid(z: np.ndarray) -> np.ndarray:
    """1 / (1 + exp(-z)), computed without overflow for large |z|."""
    z = np.asarray(z, dtype=float)
    ez = np.exp(-np.abs(z))
    return np.where(z >= 0, 1 / (1 + ez), ez / (1 + ez))


def _check_activation(activation: str) -> None:
    if activation not in ACTIVATIONS:
        raise ValueError(f"activation must be one of {ACTIVATIONS}, got {activation!r}")


def predict(X: np.ndarray, w: np.ndarray, b: float, activation: str = "sigmoid") -> np.ndarray:
    """Step 1, the forward pass: p = f(X @ w + b), one prediction per row of X."""
    _check_activation(activation)
    X, w = np.asarray(X, dtype=float), np.asarray(w, dtype=float)
    if X.ndim != 2 or w.shape != (X.shape[1],):
        raise ValueError(f"X must be (n, d) and w (d,), got X {X.shape} and w {w.shape}")
    z = X @ w + b
    return sigmoid(z) if activation == "sigmoid" else z


def mse(y_true: np.ndarray, y_pred: np.ndarray) -> float:
    """Step 2, the loss: the mean of the squared errors."""
    y_true, y_pred = np.asarray(y_true, dtype=float), np.asarray(y_pred, dtype=float)
    if y_true.shape != y_pred.shape:
        raise ValueError(f"y_pred has shape {y_pred.shape} but y_true has shape {y_true.shape}")
    return float(np.mean((y_pred - y_true) ** 2))


def gradient(
    X: np.ndarray, y: np.ndarray, w: np.ndarray, b: float, activation: str = "sigmoid"
) -> tuple[np.ndarray, float]:
    """Step 3, the gradient of the MSE with respect to (w, b), by the chain rule.

    dL/dp = 2 (p - y) / n;  dp/dz = p (1 - p) for the sigmoid, 1 for a linear neuron;
    dz/dw = x, dz/db = 1.
    """
    p = predict(X, w, b, activation)
    dz = 2 * (p - np.asarray(y, dtype=float)) / len(p)
    if activation == "sigmoid":
        dz = dz * p * (1 - p)
    return np.asarray(X, dtype=float).T @ dz, float(dz.sum())


def step(
    w: np.ndarray, b: float, grad_w: np.ndarray, grad_b: float, lr: float
) -> tuple[np.ndarray, float]:
    """Step 4, the update: move every parameter a small step against its gradient."""
    return np.asarray(w, dtype=float) - lr * np.asarray(grad_w, dtype=float), b - lr * grad_b


@dataclass(frozen=True)
class TrainingRun:
    """Everything a training run went through, one row per epoch (row 0 = the start).

    After a divergence (loss above DIVERGED_LOSS or not finite) training stops and the
    remaining rows hold NaN.
    """

    lr: float
    activation: str
    weights: np.ndarray  # (epochs + 1, d)
    biases: np.ndarray  # (epochs + 1,)
    losses: np.ndarray  # (epochs + 1,)
    predictions: np.ndarray  # (epochs + 1, n)
    diverged_at: int | None  # the first epoch whose loss blew up, or None

    @property
    def epochs(self) -> int:
        return len(self.losses) - 1

    def first_epoch_below(self, target: float) -> int | None:
        """The first epoch whose loss is below ``target``, or None if it never gets there."""
        hits = np.flatnonzero(self.losses < target)
        return int(hits[0]) if hits.size else None


def train(
    X: np.ndarray,
    y: np.ndarray,
    lr: float = 0.1,
    epochs: int = 100,
    *,
    w0: tuple[float, ...] = START_WEIGHTS,
    b0: float = START_BIAS,
    activation: str = "sigmoid",
) -> TrainingRun:
    """Run the four-step loop ``epochs`` times (full batch) and record every epoch."""
    _check_activation(activation)
    if isinstance(lr, bool) or not isinstance(lr, numbers.Real) or not (0 < lr < math.inf):
        raise ValueError(f"the learning rate must be a positive number, got {lr!r}")
    if int(epochs) != epochs or epochs < 0:
        raise ValueError(f"epochs must be a whole number >= 0, got {epochs!r}")
    X, y = np.asarray(X, dtype=float), np.asarray(y, dtype=float)
    epochs = int(epochs)
    weights = np.full((epochs + 1, X.shape[1]), np.nan)
    biases = np.full(epochs + 1, np.nan)
    losses = np.full(epochs + 1, np.nan)
    predictions = np.full((epochs + 1, len(y)), np.nan)
    w, b = np.asarray(w0, dtype=float), float(b0)
    diverged_at = None
    with np.errstate(over="ignore", invalid="ignore"):
        for epoch in range(epochs + 1):
            p = predict(X, w, b, activation)
            loss = mse(y, p)
            if not math.isfinite(loss) or loss > DIVERGED_LOSS:
                diverged_at = epoch
                break
            weights[epoch], biases[epoch], losses[epoch], predictions[epoch] = w, b, loss, p
            if epoch < epochs:
                w, b = step(w, b, *gradient(X, y, w, b, activation), lr)
    return TrainingRun(float(lr), activation, weights, biases, losses, predictions, diverged_at)


def linear_mse_hessian(X: np.ndarray) -> np.ndarray:
    """The Hessian of the MSE of a linear neuron in (w, b): 2/n · Aᵀ A with A = [X, 1].

    It does not depend on w, b or y: the loss is an exact bowl (a quadratic).
    """
    X = np.asarray(X, dtype=float)
    A = np.column_stack([X, np.ones(len(X))])
    return 2 / len(X) * A.T @ A


def divergence_threshold(X: np.ndarray) -> float:
    """The learning rate above which gradient descent on a linear neuron's MSE diverges.

    Along the steepest direction of the bowl (curvature λ_max) one step multiplies the
    distance to the minimum by (1 - lr·λ_max); that factor has size above 1 when
    lr > 2 / λ_max, so the distance grows every step.
    """
    return float(2 / np.linalg.eigvalsh(linear_mse_hessian(X)).max())


def random_start_accuracies(
    X: np.ndarray, y: np.ndarray, n_starts: int = 10_000, seed: int = 0
) -> np.ndarray:
    """Accuracy of ``n_starts`` untrained sigmoid neurons with weights and bias ~ N(0, 1)."""
    rng = np.random.default_rng(seed)
    X, y = np.asarray(X, dtype=float), np.asarray(y, dtype=float)
    w = rng.standard_normal((n_starts, X.shape[1]))
    b = rng.standard_normal(n_starts)
    guesses = (X @ w.T + b) > 0  # sigmoid(z) > 0.5 exactly when z > 0
    return np.mean(guesses == (y[:, None] == 1), axis=0)


def iterations_per_epoch(n_examples: int, batch_size: int) -> int:
    """Updates per pass over the data: ceil(n / batch), as the last batch may be short."""
    if n_examples < 0 or batch_size < 1:
        raise ValueError("n_examples must be >= 0 and batch_size >= 1")
    return math.ceil(n_examples / batch_size)
