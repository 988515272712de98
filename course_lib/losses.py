"""Losses: one number that says how wrong a model is.

A loss L(a, x) scores the model a on one example x. The empirical risk
averages it over the data set X of n examples:

    Q(a, X) = 1/n * sum_i L(a, x_i)

This module gives the per-example losses (squared error, absolute error,
binary cross-entropy), their averages (``mse``, ``mae``, ``log_loss``), the
empirical risk of any model, and the best constant and best line under MSE
and MAE. Arguments follow scikit-learn's order: ``y_true`` first, then
``y_pred``. Pure numpy.
"""

from __future__ import annotations

from collections.abc import Callable
from itertools import combinations

import numpy as np

from course_lib.validation import check_array, check_same_length, check_scalar

#: Probabilities are clipped to [EPS, 1 - EPS] so that log(0) never happens.
EPS = 1e-15


def _pair(y_true: object, y_pred: object, pred_name: str = "y_pred") -> tuple[np.ndarray, ...]:
    true = check_array(y_true, "y_true")
    pred = check_array(y_pred, pred_name)
    if true.shape != pred.shape:
        raise ValueError(
            f"{pred_name} has shape {pred.shape} but y_true has shape {true.shape}; "
            "give one prediction per example"
        )
    return true, pred


# -- per-example losses L(a, x_i) -------------------------------------------------
def squared_errors(y_true: object, y_pred: object) -> np.ndarray:
    """(y_pred - y_true)**2 for each example: big errors count much more than small ones."""
    true, pred = _pair(y_true, y_pred)
    return (pred - true) ** 2


def absolute_errors(y_true: object, y_pred: object) -> np.ndarray:
    """|y_pred - y_true| for each example: every unit of error counts the same."""
    true, pred = _pair(y_true, y_pred)
    return np.abs(pred - true)


def cross_entropies(y_true: object, p_pred: object, eps: float = EPS) -> np.ndarray:
    """Binary cross-entropy for each example: -log(p) if y = 1, -log(1 - p) if y = 0.

    ``p_pred`` is the predicted probability of class 1; it is clipped to
    [eps, 1 - eps], so a confident wrong answer costs -log(eps), not infinity.
    """
    true, p = _pair(y_true, p_pred, "p_pred")
    if not np.all((true == 0) | (true == 1)):
        raise ValueError("y_true must hold only the labels 0 and 1 for cross-entropy")
    if np.any((p < 0) | (p > 1)):
        raise ValueError(
            f"p_pred must hold probabilities between 0 and 1, got values from {p.min():g} "
            f"to {p.max():g}"
        )
    check_scalar(eps, "eps", minimum=0, maximum=0.5, include_minimum=False, include_maximum=False)
    p = np.clip(p, eps, 1 - eps)
    return -(true * np.log(p) + (1 - true) * np.log(1 - p))


# -- their averages Q -------------------------------------------------------------
def mse(y_true: object, y_pred: object) -> float:
    """Mean squared error: the average of (y_pred - y_true)**2."""
    return float(np.mean(squared_errors(y_true, y_pred)))


def mae(y_true: object, y_pred: object) -> float:
    """Mean absolute error: the average of |y_pred - y_true|."""
    return float(np.mean(absolute_errors(y_true, y_pred)))


def log_loss(y_true: object, p_pred: object, eps: float = EPS) -> float:
    """Mean binary cross-entropy (log-loss) of predicted probabilities of class 1."""
    return float(np.mean(cross_entropies(y_true, p_pred, eps)))


def empirical_risk(
    model: Callable[[np.ndarray], object],
    X: object,
    y: object,
    loss: Callable[[object, object], np.ndarray] = squared_errors,
) -> float:
    """Q(a, X) = 1/n * sum_i L(a, x_i): the average per-example loss of ``model`` on (X, y).

    ``model`` maps the inputs X (one row per example) to one prediction per
    example; ``loss(y_true, y_pred)`` returns the per-example losses.
    """
    if not callable(model):
        raise TypeError(f"model must be a function of X, got {type(model).__name__}")
    inputs = check_array(X, "X")
    targets = check_array(y, "y")
    check_same_length(inputs, targets, ("X", "y"))
    per_example = np.asarray(loss(targets, model(inputs)), dtype=float)
    return float(per_example.sum() / len(targets))


# -- the best constant and the best line -----------------------------------------
def best_constant(y: object, loss: str = "mse") -> float:
    """The constant prediction c that minimises the loss: the mean for MSE, the median for MAE."""
    values = check_array(y, "y").ravel()
    if loss == "mse":
        return float(np.mean(values))
    if loss == "mae":
        return float(np.median(values))
    raise ValueError(f"loss must be 'mse' or 'mae', got {loss!r}")


def best_line(x: object, y: object, loss: str = "mse") -> tuple[float, float]:
    """(w, b) of the line y = w*x + b that minimises the loss over the points (x, y).

    MSE: least squares (closed form). MAE: an optimal line passes through two
    of the points, so for the small sets the lesson uses we try every pair.
    """
    xs = check_array(x, "x").ravel()
    ys = check_array(y, "y").ravel()
    check_same_length(xs, ys, ("x", "y"))
    if xs.size < 2 or np.ptp(xs) == 0:
        raise ValueError("a line needs at least two points with different x")
    if loss == "mse":
        design = np.column_stack([xs, np.ones_like(xs)])
        (w, b), *_ = np.linalg.lstsq(design, ys, rcond=None)
        return float(w), float(b)
    if loss == "mae":
        if xs.size > 200:
            raise ValueError(f"the MAE line tries every pair of points; {xs.size} is too many")
        i, j = np.array([p for p in combinations(range(xs.size), 2) if xs[p[0]] != xs[p[1]]]).T
        w = (ys[j] - ys[i]) / (xs[j] - xs[i])
        b = ys[i] - w * xs[i]
        costs = np.abs(ys[None, :] - (w[:, None] * xs[None, :] + b[:, None])).sum(axis=1)
        best = int(np.argmin(costs))
        return float(w[best]), float(b[best])
    raise ValueError(f"loss must be 'mse' or 'mae', got {loss!r}")
