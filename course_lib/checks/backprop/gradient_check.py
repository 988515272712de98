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


#: Where the lesson compares each claimed derivative with finite differences.
LESSON_POINTS = np.linspace(0.5, 2.0, 5)
#: A right derivative agrees with central differences to about 1e-9 at LESSON_POINTS; a wrong
#: one misses by far more than this.
AGREES_BELOW = 1e-5
#: The learner's evidence is accepted within this relative distance of the check's own number.
EVIDENCE_RTOL = 0.02


def relative_error(name: str, points: np.ndarray = LESSON_POINTS) -> float:
    """max |claimed − numeric| / |numeric| of candidate ``name``'s derivative at ``points``."""
    forward, claimed = candidate_derivatives()[name]
    numeric = numerical_gradient(lambda t: forward(t).sum(), [points])[0]
    return float(np.max(np.abs(claimed(points) - numeric) / np.abs(numeric)))


def _takes_no_arguments(function: Any) -> bool:
    try:
        inspect.signature(function).bind()
    except (TypeError, ValueError):
        return False
    return True


_NUDGE = (
    "A gradient check compares each claimed derivative with finite differences at the same "
    "points; the wrong one is where they disagree by far more than finite differences' own "
    "error."
)
_MORE = (
    "For each name in candidates: forward, claimed = candidates[name]; numeric = "
    "numerical_gradient(lambda t: forward(t).sum(), [points])[0]; its relative error is the "
    "largest |claimed(points) − numeric| / |numeric|. Return the name whose error is large, "
    "with that error."
)
_FIX = (
    "for name, (forward, claimed) in candidates.items(): numeric = numerical_gradient(lambda t, "
    "forward=forward: forward(t).sum(), [points])[0]; error = np.max(np.abs(claimed(points) - "
    "numeric) / np.abs(numeric)); if error > 1e-5: return name, error"
)


def _as_number(value: Any) -> float | None:
    try:
        number = float(np.asarray(value, dtype=float).reshape(()))
    except (TypeError, ValueError):
        return None
    return number if np.isfinite(number) else None


_HELP = {"hint": _NUDGE, "more": _MORE, "fix": _FIX}


def _name_and_evidence(exercise: str, answer: Any) -> tuple[str, float] | Feedback:
    """(candidate name, claimed relative error) from the learner's answer, or why not."""
    names = ", ".join(repr(name) for name in candidate_derivatives())
    if answer is None or answer is Ellipsis or (isinstance(answer, str) and not answer.strip()):
        return not_attempted(
            exercise,
            "Run the gradient check on each candidate, then give the name of the wrong one "
            "and its relative error.",
        )
    if isinstance(answer, str):
        return incorrect(
            exercise,
            "a name alone is a guess: give your evidence with it, the largest relative error "
            "of its claimed derivative over points, as a pair.",
            **_HELP,
        )
    if not isinstance(answer, tuple | list) or len(answer) != 2:
        return incorrect(
            exercise,
            f"expected a pair (name, relative error), got {describe(answer)}.",
            f"The names are {names}.",
            **_HELP,
        )
    name, evidence = answer
    cleaned = name.strip().strip("'\"").strip().lower() if isinstance(name, str) else None
    if cleaned not in candidate_derivatives():
        return incorrect(
            exercise,
            f"{describe(name)} is not one of the candidates.",
            f"The names are {names}.",
            hint="Copy the name exactly as candidate_derivatives() spells it, in quotes.",
        )
    error = _as_number(evidence)
    if error is None:
        return incorrect(
            exercise,
            f"the evidence should be a number (the relative error), got {describe(evidence)}.",
            **_HELP,
        )
    return cleaned, error


def buggy_derivative(answer: Any) -> Feedback:
    """Exercise 5: the name of the candidate whose claimed derivative is wrong, with the evidence.

    ``answer`` is (name, largest relative error of its claimed derivative over LESSON_POINTS)
    or, as in the lesson, a function returning it. A name alone is a guess and is not judged:
    the check never says whether a bare name is right, so trying the names in turn teaches
    nothing and passes nothing.
    """
    exercise = "Exercise 5 (buggy derivative)"
    if callable(answer) and _takes_no_arguments(answer):
        answer, problem = answer_of(exercise, answer, name="buggy_derivative")
        if problem is not None:
            return problem
    pair = _name_and_evidence(exercise, answer)
    if isinstance(pair, Feedback):
        return pair
    name, error = pair
    measured = relative_error(name)
    if not np.isclose(error, measured, rtol=EVIDENCE_RTOL, atol=1e-8):
        return incorrect(
            exercise,
            f"{error:.3g} is not the largest relative error of {name}'s claimed derivative "
            "over points = np.linspace(0.5, 2.0, 5). Measure it rather than guess it.",
            **_HELP,
        )
    if measured < AGREES_BELOW:
        return incorrect(
            exercise,
            f"a relative error of {measured:.1g} is what finite differences themselves make: "
            f"the claimed derivative of {name} is right.",
            hint="Look for a relative error far above 1e-5.",
            more=_MORE,
            fix=_FIX,
        )
    return correct(
        exercise,
        f"correct! The claimed derivative of {name} misses finite differences by a relative "
        f"error of {measured:.3g}. It uses x where the output belongs: sigmoid(x) * (1 - x) "
        "instead of sigmoid(x) * (1 - sigmoid(x)).",
    )
