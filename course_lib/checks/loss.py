"""Checks for lesson 01, loss: one function per exercise, each returning Feedback, never raising."""

from __future__ import annotations

from typing import Any

import numpy as np

from course_lib import losses
from course_lib.feedback import Case, Feedback, check_function

_Y_TRUE = np.array([3.0, -0.5, 2.0, 7.0])
_Y_PRED = np.array([2.5, 0.0, 2.0, 8.0])
_RNG_Y = np.random.default_rng(1).normal(size=7)
_RNG_P = np.random.default_rng(2).normal(size=7)


def _regression_cases(reference) -> list[Case]:
    pairs = [
        (np.array([1.0, 2.0, 3.0]), np.array([1.0, 2.0, 3.0])),
        (np.array([0.0, 0.0]), np.array([1.0, -3.0])),
        (_Y_TRUE, _Y_PRED),
        (_RNG_Y, _RNG_P),
    ]
    return [Case((t, p), reference(t, p)) for t, p in pairs]


def mse(function: Any) -> Feedback:
    """Exercise 1: mse(y_true, y_pred) = mean((y_pred - y_true)**2)."""
    return check_function(
        "Exercise 1 (MSE)",
        function,
        _regression_cases(losses.mse),
        name="mse",
        hint="Subtract, square each difference, then take the mean (not the sum): np.mean(...).",
    )


def mae(function: Any) -> Feedback:
    """Exercise 2: mae(y_true, y_pred) = mean(|y_pred - y_true|)."""
    return check_function(
        "Exercise 2 (MAE)",
        function,
        _regression_cases(losses.mae),
        name="mae",
        hint="Take the absolute value of each difference (np.abs) before the mean, "
        "so that errors of opposite sign do not cancel.",
    )


def cross_entropy(function: Any) -> Feedback:
    """Exercise 3: binary cross-entropy with p clipped to [1e-15, 1 - 1e-15]."""
    cases = [
        (np.array([1.0]), np.array([0.8])),
        (np.array([0.0]), np.array([0.8])),
        (np.array([1.0, 0.0, 1.0, 0.0]), np.array([0.9, 0.2, 0.4, 0.6])),
        # certain and right: a naive 0 * log(0) gives NaN here; clipping gives ~0
        (np.array([1.0, 0.0]), np.array([1.0, 0.0])),
    ]
    return check_function(
        "Exercise 3 (cross-entropy)",
        function,
        [Case((y, p), losses.log_loss(y, p)) for y, p in cases],
        name="cross_entropy",
        hint="Clip first: p = np.clip(p_pred, 1e-15, 1 - 1e-15); then average "
        "-(y * log(p) + (1 - y) * log(1 - p)).",
        atol=1e-9,
    )


def _square(y_true, y_pred):
    return (y_true - y_pred) ** 2


def _absolute(y_true, y_pred):
    return abs(y_true - y_pred)


def _line(x):
    return 2 * x + 1


def _constant(x):
    return 0 * x + 4


def empirical_risk(function: Any) -> Feedback:
    """Exercise 4: Q(model, X, y, loss) = 1/n * sum_i loss(y_i, model(x_i))."""
    X = np.array([0.0, 1.0, 2.0, 3.0])
    y = np.array([1.0, 2.0, 6.0, 7.0])
    cases = []
    for model, model_text in ((_line, "2x + 1"), (_constant, "the constant 4")):
        for loss, loss_name in ((_square, "squared error"), (_absolute, "absolute error")):
            expected = losses.empirical_risk(model, X, y, loss)
            shown = f"model = {model_text}, X = [0, 1, 2, 3], y = [1, 2, 6, 7], loss = {loss_name}"
            cases.append(Case((model, X, y, loss), expected, shown_as=shown))
    return check_function(
        "Exercise 4 (empirical risk Q)",
        function,
        cases,
        name="empirical_risk",
        hint="For each example i compute loss(y[i], model(X[i])), add them up, divide by n. "
        "Use the loss you are given; do not assume it is the squared error.",
    )
