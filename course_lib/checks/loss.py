"""Checks for lesson 01, loss: one function per exercise, each returning Feedback, never raising.

The expected answers come from course_lib.losses. Every wrong answer gets help in steps:
a nudge that names the idea (a targeted one for an anticipated mistake), a stronger hint,
and the fix, shown only when the learner asks for it.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from course_lib import losses
from course_lib.feedback import Case, Feedback, check_function, first_hint, quiet_result

_Y_TRUE = np.array([3.0, -0.5, 2.0, 7.0])
_Y_PRED = np.array([2.5, 0.0, 2.0, 8.0])
_RNG_Y = np.random.default_rng(1).normal(size=7)
_RNG_P = np.random.default_rng(2).normal(size=7)
#: The case on which anticipated mistakes are recognised: random, so no two mistakes agree.
_PROBE = (_RNG_Y, _RNG_P)


def _plain(value: Any) -> str:
    """An array as a plain Python list, numbers to 4 significant digits: [1, -3], not
    array([ 1., -3.])."""
    if isinstance(value, np.ndarray) and value.ndim > 0:
        return "[" + ", ".join(_plain(v) for v in value) + "]"
    return f"{float(value):.4g}"


def _shown(*args: Any) -> str:
    return ", ".join(_plain(a) for a in args)


def _regression_cases(reference) -> list[Case]:
    pairs = [
        (np.array([1.0, 2.0, 3.0]), np.array([1.0, 2.0, 3.0])),
        (np.array([0.0, 0.0]), np.array([1.0, -3.0])),
        (_Y_TRUE, _Y_PRED),
        _PROBE,
    ]
    return [Case((t, p), reference(t, p), shown_as=_shown(t, p)) for t, p in pairs]


def mse(function: Any) -> Feedback:
    """Exercise 1: mse(y_true, y_pred) = mean((y_pred - y_true)**2)."""
    t, p = _PROBE
    errors = p - t
    nudge = first_hint(
        function,
        _PROBE,
        [
            (np.sum(errors**2), "You added the squared errors up: MSE is their average."),
            (np.mean(errors), "Errors of opposite sign cancel out: each one must be squared."),
            (np.mean(np.abs(errors)), "That is the mean absolute error: MSE squares the errors."),
            (np.sqrt(np.mean(errors**2)), "That is the root of MSE (RMSE): leave out the root."),
            (np.sum(errors**2) / (len(t) - 1), "Divide by n, the number of examples, not n - 1."),
        ],
        default="MSE is the mean of the squared errors: one error per example, squared.",
    )
    return check_function(
        "Exercise 1 (MSE)",
        function,
        _regression_cases(losses.mse),
        name="mse",
        hint=nudge,
        more="Three steps on whole arrays: the difference of the two arrays, the square of "
        "each difference, then the average over the examples.",
        fix="return np.mean((y_pred - y_true) ** 2)",
    )


def mae(function: Any) -> Feedback:
    """Exercise 2: mae(y_true, y_pred) = mean(|y_pred - y_true|)."""
    t, p = _PROBE
    errors = p - t
    nudge = first_hint(
        function,
        _PROBE,
        [
            (np.mean(errors), "Errors of opposite sign cancel out: each must count as a size."),
            (np.sum(np.abs(errors)), "You added the absolute errors up: MAE is their average."),
            (np.mean(errors**2), "That is MSE: MAE does not square the errors."),
            (np.median(np.abs(errors)), "That is the median of the errors: MAE is their mean."),
        ],
        default="MAE is the mean of the errors' sizes, whatever their sign.",
    )
    return check_function(
        "Exercise 2 (MAE)",
        function,
        _regression_cases(losses.mae),
        name="mae",
        hint=nudge,
        more="Take the size of each difference, with numpy's absolute value, then average "
        "over the examples.",
        fix="return np.mean(np.abs(y_pred - y_true))",
    )


def _not_finite(value: Any) -> bool:
    """True for a number that is NaN or infinite (the log of 0 reached the answer)."""
    try:
        return not np.isfinite(float(value))
    except (TypeError, ValueError):
        return False


_CE_PROBE = (np.array([1.0, 0.0, 1.0, 0.0, 1.0]), np.array([0.9, 0.2, 0.4, 0.6, 0.7]))


def _cross_entropy_mistakes() -> list[tuple[Any, str]]:
    y, p = _CE_PROBE
    each = -(y * np.log(p) + (1 - y) * np.log(1 - p))
    return [
        (-np.mean(each), "The loss is never negative: each term needs a minus sign in front."),
        (np.sum(each), "You added the examples' losses up: average them instead."),
        (
            np.mean(-(y * np.log10(p) + (1 - y) * np.log10(1 - p))),
            "That is the logarithm to base 10: cross-entropy uses the natural logarithm.",
        ),
        (
            np.mean(-y * np.log(p)),
            "Only the examples with y = 1 count in your answer: those with y = 0 need the "
            "term for log(1 - p).",
        ),
        (
            np.mean(-np.log(p)),
            "You charged -log p to every example: for y = 0 the charge is -log(1 - p).",
        ),
    ]


def cross_entropy(function: Any) -> Feedback:
    """Exercise 3: binary cross-entropy with p clipped to [1e-15, 1 - 1e-15]."""
    cases = [
        (np.array([1.0]), np.array([0.8])),
        (np.array([0.0]), np.array([0.8])),
        (np.array([1.0, 0.0, 1.0, 0.0]), np.array([0.9, 0.2, 0.4, 0.6])),
        # certain and right: a naive 0 * log(0) gives NaN here; clipping gives ~0
        (np.array([1.0, 0.0]), np.array([1.0, 0.0])),
        _CE_PROBE,
    ]
    certain = (np.array([1.0, 0.0]), np.array([1.0, 0.0]))
    nudge = first_hint(function, _CE_PROBE, _cross_entropy_mistakes(), default="")
    if not nudge and _not_finite(quiet_result(function, certain)):
        nudge = "A certain prediction (p = 0 or 1) takes the log of 0: keep p inside (0, 1)."
    elif not nudge:
        nudge = (
            "Cross-entropy charges -log of the probability given to the true label, "
            "averaged over the examples."
        )
    return check_function(
        "Exercise 3 (cross-entropy)",
        function,
        [Case((y, p), losses.log_loss(y, p), shown_as=_shown(y, p)) for y, p in cases],
        name="cross_entropy",
        hint=nudge,
        more="Two steps: first keep p a hair away from 0 and 1 (clip it to [1e-15, 1 - 1e-15]); "
        "then for each example y·log p + (1 - y)·log(1 - p) picks the right log; "
        "negate and average.",
        fix="p = np.clip(p_pred, 1e-15, 1 - 1e-15), then "
        "return np.mean(-(y_true * np.log(p) + (1 - y_true) * np.log(1 - p)))",
        atol=1e-9,
    )


# -- Exercise 4: categorical cross-entropy over three or more classes --------------------------
_ARTICLE = (np.array([0]), np.array([[0.60, 0.25, 0.15]]))  # glasses, sunglasses, ring
_THREE = (
    np.array([2, 0, 0]),
    np.array([[0.2, 0.3, 0.5], [0.7, 0.2, 0.1], [0.1, 0.6, 0.3]]),
)
_CERTAIN_WRONG = (np.array([1]), np.array([[0.5, 0.0, 0.5]]))
_RNG_LABELS = np.random.default_rng(4).integers(0, 4, size=6)
_RNG_PROBS = losses.softmax(np.random.default_rng(5).normal(size=(6, 4)))


def _categorical_mistakes() -> list[tuple[Any, str]]:
    y, p = _THREE
    rows = np.arange(len(y))
    true_p = p[rows, y]
    return [
        (np.mean(np.log(true_p)), "The loss is never negative: put a minus sign in front."),
        (np.sum(-np.log(true_p)), "You added the examples' losses up: average them instead."),
        (
            np.mean(-np.log(p).sum(axis=1)),
            "You charged every class: only the probability of the true class counts.",
        ),
        (np.mean(-np.log(p)), "You averaged -log over every class: only the true class counts."),
        (
            np.mean(-np.log(p[:, y])),
            "p_pred[:, y_true] picks whole columns for every row (an n × n table): take one "
            "entry per row, the row's own true class.",
        ),
        (
            np.mean(-np.log(p.max(axis=1))),
            "You took the most likely class: the loss looks at the true class, whichever "
            "the model prefers.",
        ),
        (
            np.mean((p - np.eye(p.shape[1])[y]) ** 2),
            "That is the squared error against the one-hot label: cross-entropy takes -log of "
            "the true class's probability.",
        ),
    ]


def categorical_cross_entropy(function: Any) -> Feedback:
    """Exercise 4: mean of -ln p_pred[i, y_true[i]], p clipped to [1e-15, 1 - 1e-15]."""
    cases = [
        Case(args, losses.categorical_log_loss(*args), shown_as=_shown(*args))
        for args in (_ARTICLE, _THREE, _CERTAIN_WRONG, (_RNG_LABELS, _RNG_PROBS))
    ]
    nudge = first_hint(function, _THREE, _categorical_mistakes(), default="")
    if not nudge and _not_finite(quiet_result(function, _CERTAIN_WRONG)):
        nudge = "A probability of 0 for the true class takes the log of 0: clip as in exercise 3."
    elif not nudge:
        nudge = (
            "For each example, look up the probability the model gave to its true class; "
            "the loss is -ln of it, averaged over the examples."
        )
    return check_function(
        "Exercise 4 (categorical cross-entropy)",
        function,
        cases,
        name="categorical_cross_entropy",
        hint=nudge,
        more="Row i of p_pred holds the probabilities of example i; y_true[i] says which "
        "column is its true class. Index with two arrays, the row numbers and y_true, to get "
        "one probability per example; clip it away from 0; then -log and the mean.",
        fix="p_true = p_pred[np.arange(len(y_true)), y_true], then "
        "return np.mean(-np.log(np.clip(p_true, 1e-15, 1 - 1e-15)))",
        atol=1e-9,
    )


# -- Exercise 5: the empirical risk Q ----------------------------------------------------------
def _square(y_true, y_pred):
    return (y_true - y_pred) ** 2


def _absolute(y_true, y_pred):
    return abs(y_true - y_pred)


def _line(x):
    return 2 * x + 1


def _constant(x):
    return 0 * x + 4


_X = np.array([0.0, 1.0, 2.0, 3.0])
_Y = np.array([1.0, 2.0, 6.0, 7.0])


def empirical_risk(function: Any) -> Feedback:
    """Exercise 5: Q(model, X, y, loss) = 1/n * sum_i loss(y_i, model(x_i))."""
    cases = []
    for model, model_text in ((_line, "2x + 1"), (_constant, "the constant 4")):
        for loss, loss_name in ((_absolute, "absolute error"), (_square, "squared error")):
            expected = losses.empirical_risk(model, _X, _Y, loss)
            shown = f"model = {model_text}, X = [0, 1, 2, 3], y = [1, 2, 6, 7], loss = {loss_name}"
            cases.append(Case((model, _X, _Y, loss), expected, shown_as=shown))
    probe = (_line, _X, _Y, _absolute)
    errors = np.abs(_Y - _line(_X))
    nudge = first_hint(
        function,
        probe,
        [
            (
                np.mean((_Y - _line(_X)) ** 2),
                "You used the squared error: use the loss you are given.",
            ),
            (np.sum(errors), "You added the losses up: Q is their average, so divide by n."),
            (np.sum(errors) / (len(_X) - 1), "Divide by n, the number of examples, not n - 1."),
        ],
        default="Q is the average, over the examples, of the given loss of the model's prediction.",
    )
    return check_function(
        "Exercise 5 (empirical risk Q)",
        function,
        cases,
        name="empirical_risk",
        hint=nudge,
        more="For each example i: the model's prediction for X[i], then the loss between y[i] "
        "and that prediction. Add the n losses and divide by n.",
        fix="n = len(X); return sum(loss(y[i], model(X[i])) for i in range(n)) / n",
    )
