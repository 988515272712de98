"""Check for lesson 02's exercise 1: the largest stable learning rate on the ravine,
stability.max_stable_lr of its Hessian (2 / lambda_max).
"""

from __future__ import annotations

from typing import Any

from course_lib import landscapes, stability
from course_lib.checks.gradient_descent.common import _holds, _is_close
from course_lib.feedback import (
    INCORRECT,
    Feedback,
    answer_of,
    check_value,
)


def max_stable_lr(answer: Any) -> Feedback:
    """Exercise 1: the largest stable learning rate on the ravine, 2 / lambda_max.

    ``answer`` is the value or, as in the lesson, a function returning it.
    """
    exercise = "Exercise 1 (max_stable_lr)"
    value, problem = answer_of(exercise, answer, name="max_stable_lr")
    if problem is not None:
        return problem
    ravine = landscapes.ravine()
    expected = stability.max_stable_lr(ravine.hessian)
    feedback = check_value(
        exercise,
        value,
        expected,
        name="max_stable_lr",
        hint="Each curvature direction has its own limit on the learning rate. One learning "
        "rate serves every direction, so the direction that blows up first decides.",
        more="Along a direction of curvature lambda a step multiplies the distance by "
        "(1 - lr * lambda). The walk blows up once that factor drops below -1; find the lr "
        "where it reaches -1 for the steepest direction (the largest eigenvalue).",
        fix="return 2 / eigenvalues.max()",
        rtol=1e-3,
    )
    if feedback.passed or feedback.status != INCORRECT:
        return feedback
    wrong = _threshold_mistakes(*ravine.eigenvalues)
    hints = [hint for number, hint in wrong if _is_close(value, number)]
    if not hints and _holds(value, expected):
        hints = [
            "You have one threshold per direction; a single learning rate must be below "
            "all of them, so the answer is one number, the smallest of them."
        ]
    if hints:
        feedback.hint = " ".join(hints)
    return feedback


def _threshold_mistakes(low: float, high: float) -> list[tuple[float, str]]:
    """The known wrong thresholds for curvatures low and high, each with its hint."""
    return [
        (
            1 / high,
            "You found where the factor (1 - lr * lambda) reaches 0. Past that lr the step "
            "overshoots but the distance still shrinks; it only grows once the factor is "
            "below -1.",
        ),
        (
            2 / low,
            "You used the smallest eigenvalue. The steepest direction (the largest "
            "eigenvalue) is the first to blow up.",
        ),
        (
            1 / low,
            "That is 1 / lambda_min: the flattest direction, and the factor at 0, not at -1.",
        ),
        (
            stability.max_stable_lr(landscapes.bowl().hessian),
            "If you used the round bowl's Hessian: this is its threshold. Use the ravine's, "
            "landscapes.ravine().hessian.",
        ),
        (
            2 / (low + high),
            "That is the best learning rate, 2 / (lambda_min + lambda_max), where both "
            "directions shrink equally fast. The question asks for the largest one that "
            "does not blow up.",
        ),
        (high, "That is lambda_max itself, a curvature, not a learning rate."),
        (2 * high, "You multiplied by the curvature; a steeper direction needs a SMALLER lr."),
    ]
