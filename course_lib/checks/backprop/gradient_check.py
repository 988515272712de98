"""Checks for lesson 03's exercise 5: find the wrong derivative with a gradient check.

:func:`candidate_derivatives` gives a few functions with a claimed derivative each, one
of them wrong; the learner finds it with finite differences and answers with its name.
The check finds the wrong one the same way (it is never typed in), and never raises.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from typing import Any

import numpy as np

from course_lib.autograd import Tensor
from course_lib.feedback import (
    Feedback,
    answer_of,
    correct,
    describe,
    incorrect,
    not_attempted,
)
from course_lib.gradcheck import numerical_gradient


def _sigmoid(x: Any) -> Any:
    """sigmoid(x), for a number, a numpy array or a Tensor."""
    if isinstance(x, Tensor):
        return x.sigmoid()
    return 1 / (1 + np.exp(-x))


def _tanh(x: Any) -> Any:
    return x.tanh() if isinstance(x, Tensor) else np.tanh(x)


def _exp(x: Any) -> Any:
    return x.exp() if isinstance(x, Tensor) else np.exp(x)


def _log(x: Any) -> Any:
    return x.log() if isinstance(x, Tensor) else np.log(x)


def _cube(x: Any) -> Any:
    return x**3


def candidate_derivatives() -> dict[str, tuple[Callable, Callable]]:
    """Five functions, each with the derivative someone wrote for it; one derivative is wrong.

    name -> (forward, claimed_derivative). ``forward`` takes a number, a numpy array or
    a Tensor (so finite differences can run on it with numerical_gradient);
    ``claimed_derivative`` takes a number or a numpy array. Compare them at positive x
    (log needs x > 0), e.g. x = np.linspace(0.5, 2.0, 5):

        forward, claimed = candidate_derivatives()["exp"]
        numeric = numerical_gradient(lambda t: forward(t).sum(), [x])[0]
        np.allclose(claimed(x), numeric)
    """
    return {
        "sigmoid": (_sigmoid, lambda x: _sigmoid(x) * (1 - x)),
        "tanh": (_tanh, lambda x: 1 - np.tanh(x) ** 2),
        "exp": (_exp, lambda x: np.exp(x)),
        "log": (_log, lambda x: 1 / x),
        "cube": (_cube, lambda x: 3 * x**2),
    }


_CHECK_POINTS = np.linspace(0.5, 2.0, 7)


def _disagrees_with_finite_differences(forward: Callable, claimed: Callable) -> bool:
    """True if the claimed derivative differs from central differences at _CHECK_POINTS."""
    numeric = numerical_gradient(lambda t: forward(t).sum(), [_CHECK_POINTS])[0]
    return not np.allclose(claimed(_CHECK_POINTS), numeric, rtol=1e-5, atol=1e-7)


def _takes_no_arguments(function: Any) -> bool:
    try:
        inspect.signature(function).bind()
    except (TypeError, ValueError):
        return False
    return True


def buggy_derivative(answer: Any) -> Feedback:
    """Exercise 5: the name of the candidate whose claimed derivative is wrong.

    ``answer`` is the name or, as in the lesson, a function returning it.
    """
    exercise = "Exercise 5 (buggy derivative)"
    candidates = candidate_derivatives()
    names = ", ".join(repr(name) for name in candidates)
    if callable(answer) and _takes_no_arguments(answer):
        answer, problem = answer_of(exercise, answer, name="buggy_derivative")
        if problem is not None:
            return problem
    if answer is None or answer is Ellipsis or (isinstance(answer, str) and not answer.strip()):
        return not_attempted(
            exercise,
            "Run the gradient check on each candidate, then give the name of the wrong one.",
        )
    if not isinstance(answer, str):
        passed_function = callable(answer) or isinstance(answer, tuple | list)
        return incorrect(
            exercise,
            f"expected the name of a candidate (a string), got {describe(answer)}.",
            f"The names are {names}.",
            hint="Answer with the key of the dictionary, e.g. 'exp', not the function."
            if passed_function
            else "Answer with one of the names in quotes, e.g. 'exp'.",
        )
    name = answer.strip().strip("'\"").strip().lower()
    if name not in candidates:
        return incorrect(
            exercise,
            f"{describe(answer)} is not one of the candidates.",
            f"The names are {names}.",
            hint="Copy the name exactly as candidate_derivatives() spells it.",
        )
    wrong = [n for n, pair in candidates.items() if _disagrees_with_finite_differences(*pair)]
    if name in wrong:
        return correct(
            exercise,
            f"correct! The claimed derivative of {name} disagrees with finite differences. "
            "It uses x where the output belongs: sigmoid(x) * (1 - x) instead of "
            "sigmoid(x) * (1 - sigmoid(x)).",
        )
    return incorrect(
        exercise,
        f"the claimed derivative of {name} is right: it agrees with finite differences.",
        hint="Run the gradient check on every candidate: forward, claimed = "
        "candidate_derivatives()[name]; numeric = numerical_gradient(lambda t: "
        "forward(t).sum(), [x])[0] for x = np.linspace(0.5, 2.0, 5); the wrong one is where "
        "np.allclose(claimed(x), numeric) is False.",
    )
