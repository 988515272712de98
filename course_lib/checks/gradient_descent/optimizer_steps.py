"""Checks for lesson 02's exercises 3 and 4: one momentum step (against optimizers.Momentum)
and Adam's bias correction (written out here: Adam keeps it inside its step; the tests put
it back into Adam and compare with optimizers.Adam and torch).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from course_lib import optimizers
from course_lib.checks.gradient_descent.common import (
    _GRAD,
    _THETA,
    _VELOCITY,
    _breaks_at_first_step,
    _plain_call,
)
from course_lib.feedback import (
    INCORRECT,
    Case,
    Feedback,
    check_pairs,
    first_hint,
)


def _momentum_reference(theta: Any, velocity: Any, grad: Any, lr: float, beta: float) -> tuple:
    """(new_theta, new_velocity) from optimizers.Momentum, started at this velocity.

    From rest (v = 0), one step with gradient g leaves v = g behind; so a first step
    with the gradient ``velocity`` puts the optimizer in the state we want.
    """
    optimizer = optimizers.Momentum(lr=lr, beta=beta)
    optimizer.step([np.zeros(np.shape(velocity))], [np.asarray(velocity, dtype=float)])
    param = np.array(theta, dtype=float)
    optimizer.step([param], [np.asarray(grad, dtype=float)])
    new_velocity = optimizer.state[0]["velocity"]
    if isinstance(theta, np.ndarray):
        return param, new_velocity.copy()
    return float(param), float(new_velocity)


def momentum_step(function: Any) -> Feedback:
    """Exercise 3: v <- beta * v + grad; theta <- theta - lr * v; return (theta, v)."""
    cases = [
        (np.array([1.0, -2.0]), np.zeros(2), np.array([0.5, -1.0]), 0.1, 0.9),
        (np.array([1.0, -2.0]), np.array([0.3, -0.2]), np.array([0.5, 1.0]), 0.1, 0.9),
        (2.0, 1.0, -0.5, 0.05, 0.5),
        (_THETA, _VELOCITY, _GRAD, 0.02, 0.8),
    ]
    feedback = check_pairs(
        "Exercise 3 (momentum_step)",
        function,
        [Case(c, _momentum_reference(*c), _plain_call(c)) for c in cases],
        name="momentum_step",
        parts=("new_theta", "new_velocity"),
        hint="Momentum works in two moves: first the velocity remembers the past gradients "
        "and adds the new one, then theta steps along that velocity.",
        more="The old velocity shrinks by the factor beta before the new gradient is added "
        "(in full, no learning rate); theta then moves by lr times the NEW velocity, downhill.",
        fix="new_velocity = beta * velocity + grad; new_theta = theta - lr * new_velocity; "
        "return new_theta, new_velocity",
    )
    if feedback.passed or feedback.status != INCORRECT:
        return feedback
    feedback.hint = first_hint(function, cases[1], _momentum_mistakes(*cases[1]), feedback.hint)
    return feedback


def _momentum_mistakes(
    theta: Any, velocity: Any, grad: Any, lr: float, beta: float
) -> list[tuple[Any, str]]:
    """The known wrong momentum steps, each with its hint."""
    new_theta, new_velocity = _momentum_reference(theta, velocity, grad, lr, beta)
    other_velocity = beta * velocity - lr * grad
    damped_velocity = beta * velocity + (1 - beta) * grad
    return [
        (
            (new_velocity, new_theta),
            "Right numbers, wrong order: return new_theta first, then new_velocity.",
        ),
        (
            (theta + other_velocity, other_velocity),
            "You used the other textbook form, whose velocity is measured in steps "
            "(it holds -lr and the minus sign). This course and PyTorch keep the velocity "
            "as a sum of gradients, and apply lr and the minus sign in theta's step.",
        ),
        (
            (theta - other_velocity, other_velocity),
            "You mixed two forms: your velocity already holds lr and the minus sign, so "
            "theta goes the wrong way. Here the velocity is a plain sum of gradients; lr and "
            "the minus sign belong to theta's step.",
        ),
        (
            (theta - lr * velocity, new_velocity),
            "You stepped with the old velocity: update the velocity first, then step "
            "with the new one.",
        ),
        (
            (theta - lr * damped_velocity, damped_velocity),
            "You averaged, weighting the new gradient by (1 - beta). That is Adam's running "
            "mean; momentum here (as in PyTorch) adds the full gradient.",
        ),
        (
            (theta + lr * new_velocity, new_velocity),
            "You stepped uphill: moving along +velocity makes the loss bigger.",
        ),
    ]


def _bias_correction_reference(m: Any, v: Any, beta1: float, beta2: float, t: int) -> tuple:
    """(m_hat, v_hat) as in optimizers.Adam: m / (1 - beta1**t), v / (1 - beta2**t)."""
    return m / (1 - beta1**t), v / (1 - beta2**t)


def adam_bias_correction(function: Any) -> Feedback:
    """Exercise 4: (m_hat, v_hat) = (m / (1 - beta1**t), v / (1 - beta2**t)), t from 1."""
    m, v = np.array([0.1, -0.2]), np.array([0.001, 0.004])
    cases = [
        (m, v, 0.9, 0.999, 1),
        (m, v, 0.9, 0.999, 10),
        (0.05, 0.0025, 0.8, 0.99, 3),
        (_GRAD, _VELOCITY**2, 0.9, 0.999, 1000),
    ]
    feedback = check_pairs(
        "Exercise 4 (adam_bias_correction)",
        function,
        [Case(c, _bias_correction_reference(*c), _plain_call(c)) for c in cases],
        name="adam_bias_correction",
        parts=("m_hat", "v_hat"),
        hint="Both running averages start at zero, so early on they are too small: scale each "
        "one up by a factor that depends on its own beta and on the step t.",
        more="After t steps from zero, an average with factor beta holds only 1 - beta to the "
        "power t of the weight it should have; divide by that. m goes with beta1, v with beta2.",
        fix="return m / (1 - beta1**t), v / (1 - beta2**t)",
    )
    if feedback.passed or feedback.status != INCORRECT:
        return feedback
    m, v, beta1, beta2, t = cases[1]
    wrong = [
        (
            _bias_correction_reference(m, v, beta1, beta2, t - 1),
            "t counts steps from 1: after the first step t = 1. Counting from 0 divides by "
            "1 - beta to the power 0, which is 0, at the first step.",
        ),
        (
            (m / (1 - beta2**t), v / (1 - beta1**t)),
            "The betas are swapped: m goes with beta1, v (the average of squares) with beta2.",
        ),
        (
            tuple(reversed(_bias_correction_reference(m, v, beta1, beta2, t))),
            "Right numbers, wrong order: return m_hat first, then v_hat.",
        ),
        (
            (m * (1 - beta1**t), v * (1 - beta2**t)),
            "Divide, don't multiply: m starts at zero, so it is too small and must be scaled up.",
        ),
        (
            (m / (1 - beta1), v / (1 - beta2)),
            "The correction depends on the step: beta is raised to the power t.",
        ),
        (
            (m / (1 - beta1 * t), v / (1 - beta2 * t)),
            "You multiplied beta by t; the correction needs beta to the power t.",
        ),
    ]
    hint = first_hint(function, cases[1], wrong, "")
    if not hint and _breaks_at_first_step(function, cases[0]):
        hint = wrong[0][1]
    feedback.hint = hint or feedback.hint
    return feedback
