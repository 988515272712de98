"""Losses: one number that says how wrong a model is.

A loss L(a, x) scores the model a on one example x. The empirical risk
averages it over the data set X of n examples:

    Q(a, X) = 1/n * sum_i L(a, x_i)

This module gives the per-example losses (squared error, absolute error,
binary cross-entropy), their averages (``mse``, ``mae``, ``log_loss``), the
empirical risk of any model, and the best constant and best line under MSE
and MAE. For more than two classes: ``softmax`` turns a model's scores into
probabilities, and the categorical cross-entropy charges -ln of the probability
given to the true class (``categorical_cross_entropies``,
``categorical_log_loss``). Why cross-entropy trains a sigmoid faster than the
squared error: the gradients of both with respect to the score z
(``sigmoid_squared_error_gradient``, ``sigmoid_cross_entropy_gradient``).
Arguments follow scikit-learn's order: ``y_true`` first, then ``y_pred``.
Pure numpy.
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


# -- more than two classes: softmax and the categorical cross-entropy -------------
def softmax(scores: object) -> np.ndarray:
    """exp(s_k) / sum_j exp(s_j) along the last axis: scores turned into probabilities.

    Each row of the result is positive and sums to 1; subtracting the row's
    largest score first changes nothing but keeps exp from overflowing.
    """
    values = check_array(scores, "scores")
    if values.ndim not in (1, 2):
        raise ValueError(f"scores must have shape (k,) or (n, k), got shape {values.shape}")
    shifted = np.exp(values - values.max(axis=-1, keepdims=True))
    return shifted / shifted.sum(axis=-1, keepdims=True)


def categorical_cross_entropies(y_true: object, p_pred: object, eps: float = EPS) -> np.ndarray:
    """-ln p[i, y_i] for each example: the log of the probability given to the true class.

    ``y_true`` holds class indices 0..k-1 (one per example), ``p_pred`` one row
    of k probabilities per example. Only the true class's probability counts:
    the loss does not care how the rest is spread over the wrong classes.
    """
    labels = check_array(y_true, "y_true")
    p = check_array(p_pred, "p_pred", ndim=2)
    if labels.shape != (len(p),):
        raise ValueError(
            f"y_true has shape {labels.shape} but p_pred has {len(p)} rows; "
            "give one class index per row"
        )
    if not np.all((labels == np.round(labels)) & (labels >= 0) & (labels < p.shape[1])):
        raise ValueError(f"y_true must hold class indices from 0 to {p.shape[1] - 1}")
    if np.any((p < 0) | (p > 1)):
        raise ValueError("p_pred must hold probabilities between 0 and 1")
    check_scalar(eps, "eps", minimum=0, maximum=0.5, include_minimum=False, include_maximum=False)
    chosen = p[np.arange(len(p)), labels.astype(int)]
    return -np.log(np.clip(chosen, eps, 1 - eps))


def categorical_log_loss(y_true: object, p_pred: object, eps: float = EPS) -> float:
    """Mean categorical cross-entropy: the average of -ln p[i, y_i] over the examples."""
    return float(np.mean(categorical_cross_entropies(y_true, p_pred, eps)))


# -- why cross-entropy trains a sigmoid faster ------------------------------------
def _sigmoid(z: np.ndarray) -> np.ndarray:
    ez = np.exp(-np.abs(z))
    return np.where(z >= 0, 1 / (1 + ez), ez / (1 + ez))


def _labels_and_scores(y_true: object, z: object) -> tuple[np.ndarray, np.ndarray]:
    true, scores = _pair(y_true, z, "z")
    if not np.all((true == 0) | (true == 1)):
        raise ValueError("y_true must hold only the labels 0 and 1")
    return true, scores


def sigmoid_squared_error_gradient(y_true: object, z: object) -> np.ndarray:
    """d/dz of (sigmoid(z) - y)**2 for each example: 2 (p - y) p (1 - p), p = sigmoid(z).

    The factor p (1 - p) is the sigmoid's slope: when p is near 0 or 1 it is near
    0, so a confidently wrong prediction gets almost no gradient and learning stalls.
    """
    true, scores = _labels_and_scores(y_true, z)
    p = _sigmoid(scores)
    return 2 * (p - true) * p * (1 - p)


def sigmoid_cross_entropy_gradient(y_true: object, z: object) -> np.ndarray:
    """d/dz of the cross-entropy of p = sigmoid(z) for each example: p - y.

    The sigmoid's slope cancels against the derivative of the log, so a
    confidently wrong prediction gets a gradient near 1 in size: the biggest push.
    """
    true, scores = _labels_and_scores(y_true, z)
    return _sigmoid(scores) - true
