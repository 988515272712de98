"""Checks for lesson 02, gradient descent. Each returns a Feedback and never raises.

The expected answers come from the tested concept modules: optimizers.GradientDescent
and optimizers.Momentum for the steps, schedules.cosine_decay for the schedule,
stability.max_stable_lr for the largest stable learning rate, convergence for the
challenge. Adam keeps its bias correction inside its step, so that one is written out
here (the tests put it back into Adam and compare with optimizers.Adam and torch).
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from course_lib import convergence, landscapes, optimizers, schedules, stability
from course_lib.feedback import (
    INCORRECT,
    Case,
    Feedback,
    answer_of,
    call_safely,
    check_function,
    check_pairs,
    check_value,
    correct,
    describe,
    first_hint,
    incorrect,
)

#: The challenge (exercise 6), the same as the lesson's RavineChallenge widget: reach a loss
#: below CHALLENGE_LOSS on landscapes.ravine(), from its start, within CHALLENGE_STEPS steps.
CHALLENGE_STEPS = convergence.TARGET_STEPS
CHALLENGE_LOSS = convergence.TARGET_LOSS

_RNG = np.random.default_rng(2)
_THETA = _RNG.normal(size=(3, 2))
_GRAD = _RNG.normal(size=(3, 2))
_VELOCITY = _RNG.normal(size=(3, 2))


def _gd_reference(theta: Any, grad: Any, lr: float) -> Any:
    """theta after one step of optimizers.GradientDescent; a float for a float theta."""
    param = np.array(theta, dtype=float)
    optimizers.GradientDescent(lr=lr).step([param], [np.asarray(grad, dtype=float)])
    return param if isinstance(theta, np.ndarray) else float(param)


def gd_step(function: Any) -> Feedback:
    """Exercise 1: gd_step(theta, grad, lr) = theta - lr * grad."""
    cases = [
        (np.array([1.0, -2.0, 0.5]), np.array([0.5, -1.0, 2.0]), 0.1),
        (2.0, 0.5, 0.1),
        (np.array([0.3]), np.array([-4.0]), 0.5),
        (_THETA, _GRAD, 0.01),
    ]
    feedback = check_function(
        "Exercise 1 (gd_step)",
        function,
        [Case(c, _gd_reference(*c)) for c in cases],
        name="gd_step",
        hint="Step against the gradient, scaled by the learning rate: theta - lr * grad.",
    )
    if feedback.passed or feedback.status != INCORRECT:
        return feedback
    theta, grad, lr = cases[0]
    wrong = [
        (
            theta + lr * grad,
            "You stepped uphill: the gradient points to where the loss grows, so "
            "theta + lr * grad makes it bigger. Use a minus.",
        ),
        (theta - grad, "You forgot the learning rate: scale the gradient by lr first."),
        (-lr * grad, "You returned the step, -lr * grad, not where it lands: add it to theta."),
    ]
    feedback.hint = first_hint(function, cases[0], wrong, feedback.hint)
    return feedback


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
        [Case(c, _momentum_reference(*c)) for c in cases],
        name="momentum_step",
        parts=("new_theta", "new_velocity"),
        hint="First the velocity, new_velocity = beta * velocity + grad; then the step, "
        "new_theta = theta - lr * new_velocity. Return (new_theta, new_velocity).",
    )
    if feedback.passed or feedback.status != INCORRECT:
        return feedback
    theta, velocity, grad, lr, beta = cases[1]
    new_theta, new_velocity = _momentum_reference(*cases[1])
    other_velocity = beta * velocity - lr * grad
    damped_velocity = beta * velocity + (1 - beta) * grad
    wrong = [
        (
            (new_velocity, new_theta),
            "Right numbers, wrong order: return new_theta first, then new_velocity.",
        ),
        (
            (theta + other_velocity, other_velocity),
            "You used the other textbook form, v <- beta * v - lr * grad and "
            "theta <- theta + v, whose velocity is measured in steps (-lr times ours). "
            "This course and PyTorch keep v as a sum of gradients: "
            "v <- beta * v + grad, then theta <- theta - lr * v.",
        ),
        (
            (theta - other_velocity, other_velocity),
            "You mixed two forms: v <- beta * v - lr * grad already holds the minus sign "
            "and lr. Here v is a sum of gradients: v <- beta * v + grad, "
            "then theta <- theta - lr * v.",
        ),
        (
            (theta - lr * velocity, new_velocity),
            "You stepped with the old velocity: update the velocity first, then step "
            "with the new one, theta - lr * new_velocity.",
        ),
        (
            (theta - lr * damped_velocity, damped_velocity),
            "You averaged, v <- beta * v + (1 - beta) * grad. That is Adam's running "
            "mean; momentum here (as in PyTorch) adds the full gradient: v <- beta * v + grad.",
        ),
        (
            (theta + lr * new_velocity, new_velocity),
            "You stepped uphill: theta + lr * v makes the loss bigger. Use a minus.",
        ),
    ]
    feedback.hint = first_hint(function, cases[1], wrong, feedback.hint)
    return feedback


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
        [Case(c, _bias_correction_reference(*c)) for c in cases],
        name="adam_bias_correction",
        parts=("m_hat", "v_hat"),
        hint="Divide each running average by one minus its beta to the power t: "
        "m_hat = m / (1 - beta1**t), v_hat = v / (1 - beta2**t).",
    )
    if feedback.passed or feedback.status != INCORRECT:
        return feedback
    m, v, beta1, beta2, t = cases[1]
    wrong = [
        (
            _bias_correction_reference(m, v, beta1, beta2, t - 1),
            "t counts steps from 1: after the first step t = 1 and 1 - beta1**1 = 0.1. "
            "Using t - 1 (counting from 0) divides by 1 - beta**0 = 0 at the first step.",
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
            "The correction depends on the step: raise beta to the power t, beta1**t.",
        ),
        (
            (m / (1 - beta1 * t), v / (1 - beta2 * t)),
            "beta1 * t multiplies; you need the power, beta1**t.",
        ),
    ]
    hint = first_hint(function, cases[1], wrong, "")
    if not hint and _breaks_at_first_step(function, cases[0]):
        hint = wrong[0][1]
    feedback.hint = hint or feedback.hint
    return feedback


def cosine_schedule(function: Any) -> Feedback:
    """Exercise 5: cosine_schedule(t, lr_max, total_steps, lr_min=0.0), as schedules.cosine_decay.

    lr = lr_min + (lr_max - lr_min) * (1 + cos(pi * t / total_steps)) / 2 for 0 <= t <= total_steps.
    """
    scalar_cases = [
        (0, 0.1, 100),
        (50, 0.1, 100),
        (100, 0.1, 100),
        (25, 0.1, 100, 0.01),
        (30, 1.0, 40, 0.2),
    ]
    array_case = (np.arange(0, 101, 10), 0.1, 100, 0.001)
    cases = [Case(c, schedules.cosine_decay(*c)) for c in scalar_cases]
    cases.append(
        Case(
            array_case,
            schedules.cosine_decay(*array_case),
            "np.arange(0, 101, 10), 0.1, 100, 0.001",
        )
    )
    feedback = check_function(
        "Exercise 5 (cosine_schedule)",
        function,
        cases,
        name="cosine_schedule",
        hint="lr_min + (lr_max - lr_min) * (1 + np.cos(np.pi * t / total_steps)) / 2: "
        "half a cosine wave, from lr_max at t = 0 down to lr_min at t = total_steps.",
    )
    if feedback.passed or feedback.status != INCORRECT:
        return feedback
    hint = first_hint(function, scalar_cases[3], _cosine_mistakes(*scalar_cases[3]), "")
    if not hint and _raises(function, scalar_cases[0]) and not _raises(function, scalar_cases[3]):
        hint = (
            "Give lr_min a default value, def cosine_schedule(t, lr_max, total_steps, lr_min=0.0)."
        )
    if not hint and _raises(function, array_case) and not _raises(function, scalar_cases[3]):
        hint = (
            "It fails for an array of steps t: use np.cos and np.pi (math.cos takes "
            "one number only), and no if on t."
        )
    feedback.hint = hint or feedback.hint
    return feedback


def _cosine_mistakes(t: int, lr_max: float, total: int, lr_min: float) -> list[tuple[Any, str]]:
    """The known wrong cosine schedules at one step, each with its hint."""
    p = t / total
    span = lr_max - lr_min
    return [
        (
            lr_min + span * (1 + math.cos(math.pi * p)),
            "You forgot to halve: (1 + cos) goes from 2 to 0, so divide it by 2 to start "
            "at lr_max.",
        ),
        (
            lr_min + span * (1 + math.cos(p)) / 2,
            "Put pi inside the cosine: cos(pi * t / total_steps) runs half a wave, "
            "from 1 to -1, as t goes from 0 to total_steps.",
        ),
        (
            lr_min + span * (1 + math.cos(2 * math.pi * p)) / 2,
            "That is a whole wave, back up to lr_max at the end. Use half a wave: "
            "cos(pi * t / total_steps).",
        ),
        (
            lr_max * (1 + math.cos(math.pi * p)) / 2,
            "You left out lr_min: the schedule must end at lr_min, not at 0.",
        ),
        (
            lr_min + lr_max * (1 + math.cos(math.pi * p)) / 2,
            "The wave's height is lr_max - lr_min, not lr_max: otherwise it starts above lr_max.",
        ),
        (
            lr_min + span * (1 - math.cos(math.pi * p)) / 2,
            "Your schedule rises from lr_min to lr_max: use 1 + cos, not 1 - cos.",
        ),
    ]


def max_stable_lr(answer: Any) -> Feedback:
    """Exercise 2: the largest stable learning rate on the ravine, 2 / lambda_max.

    ``answer`` is the value or, as in the lesson, a function returning it.
    """
    exercise = "Exercise 2 (max_stable_lr)"
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
        hint="Take the eigenvalues of landscapes.ravine().hessian with np.linalg.eigvalsh; "
        "the threshold is 2 / the largest one.",
        rtol=1e-3,
    )
    if feedback.passed or feedback.status != INCORRECT:
        return feedback
    wrong = _threshold_mistakes(*ravine.eigenvalues)
    hints = [hint for number, hint in wrong if _is_close(value, number)]
    if not hints and _holds(value, expected):
        hints = [
            "You have one threshold per direction; a single learning rate must be below "
            "all of them, so the answer is the smallest one: 2 / lambda_max."
        ]
    if hints:
        feedback.hint = " ".join(hints)
    return feedback


def _threshold_mistakes(low: float, high: float) -> list[tuple[float, str]]:
    """The known wrong thresholds for curvatures low and high, each with its hint."""
    return [
        (
            1 / high,
            "You forgot the 2. A step multiplies the distance along an eigenvector by "
            "(1 - lr * lambda); past lr = 1 / lambda it overshoots but still shrinks, "
            "and it only grows once lr > 2 / lambda.",
        ),
        (
            2 / low,
            "You used the smallest eigenvalue. The steepest direction (the largest "
            "eigenvalue) is the first to blow up: 2 / lambda_max.",
        ),
        (1 / low, "That is 1 / lambda_min: use the largest eigenvalue, and 2 over it."),
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
        (high, "That is lambda_max itself, a curvature; the threshold is 2 / lambda_max."),
        (2 * high, "You multiplied; the threshold is 2 divided by lambda_max."),
    ]


def my_optimizer(function: Any) -> Feedback:
    """Exercise 6 (challenge): an optimizer that gets the ravine's loss low in few steps."""
    exercise = "Exercise 6 (challenge)"
    optimizer, problem = call_safely(exercise, function, (), name="my_optimizer")
    if problem is not None:
        return problem
    problem = _not_an_optimizer(exercise, optimizer)
    if problem is not None:
        return problem
    surface = landscapes.ravine()
    try:
        run = optimizers.optimize_path(surface, optimizer, surface.start, CHALLENGE_STEPS)
    except Exception as error:  # a learner's own optimizer class failed
        return incorrect(
            exercise,
            f"running your optimizer raised {type(error).__name__}: {str(error)[:120]}",
        )
    name = _optimizer_name(optimizer)
    goal = f"a loss below {CHALLENGE_LOSS:g} on the ravine within {CHALLENGE_STEPS} steps"
    with np.errstate(invalid="ignore"):
        reached = np.flatnonzero(run.losses < CHALLENGE_LOSS)
    if reached.size:
        step = int(reached[0])
        return correct(
            exercise,
            f"challenge reached! {name} gets the loss to {run.losses[step]:.2g} at step "
            f"{step} — {goal}.",
        )
    lowest = float(np.nanmin(run.losses))
    summary = f"not there yet: the goal is {goal}; {name} got no lower than {lowest:.3g}."
    if type(optimizer) is optimizers.GradientDescent:
        return incorrect(
            exercise,
            summary,
            *_gradient_descent_bound(surface),
            hint="No learning rate can do it for plain gradient descent: try optimizers.Momentum.",
        )
    detail, hint = _why_not_there(run)
    return incorrect(exercise, summary, detail, hint=hint)


def _not_an_optimizer(exercise: str, optimizer: Any) -> Feedback | None:
    """Feedback when my_optimizer() returned something other than an optimizer, else None."""
    if isinstance(optimizer, type) and issubclass(optimizer, optimizers.Optimizer):
        return incorrect(
            exercise,
            f"my_optimizer() returned the class {optimizer.__name__}, not an optimizer.",
            hint=f"Create one with its settings: return optimizers.{optimizer.__name__}(lr=0.01).",
        )
    if not isinstance(optimizer, optimizers.Optimizer):
        return incorrect(
            exercise,
            "my_optimizer() should return an optimizer from course_lib.optimizers; "
            f"it returned {describe(optimizer)}.",
            hint="def my_optimizer(): return optimizers.Momentum(lr=0.01, beta=0.9)",
        )
    return None


def _why_not_there(run: optimizers.Path) -> tuple[str, str]:
    """(what the run did, which way to turn a knob) for a run that missed the target."""
    if run.diverged:
        return (
            f"It diverged at step {run.diverged_at}: the steps overshoot the steep walls.",
            "Make lr smaller.",
        )
    ups = int(np.sum(np.diff(run.losses) > 0))
    if ups:
        return (
            f"The loss went up at {ups} of the steps: the path swings across the valley.",
            "Make lr smaller, or the momentum beta smaller, so the swings die out.",
        )
    return "The loss fell at every step, but too slowly.", "Make lr bigger."


def _gradient_descent_bound(surface: landscapes.Quadratic) -> list[str]:
    """Why plain gradient descent cannot reach the challenge's goal, with the numbers."""
    floor = convergence.gradient_descent_floor(surface, CHALLENGE_STEPS)
    return [
        f"Plain gradient descent diverges for lr above 2 / lambda_max = {floor.max_lr:.3g}, and "
        f"with such a small lr each step along the flat valley keeps at least "
        f"{floor.kept:.0%} of the distance.",
        f"After {CHALLENGE_STEPS} steps at least {floor.distance:.3g} x {floor.kept:.3g}^"
        f"{CHALLENGE_STEPS} = {floor.left:.3g} is left, a loss of at least {floor.loss:.3g}.",
    ]


def _optimizer_name(optimizer: Any) -> str:
    try:
        return repr(optimizer)[:80]
    except Exception:  # a learner's optimizer class whose repr fails
        return type(optimizer).__name__


def _outcome(function: Any, args: tuple) -> tuple[Any, Exception | None]:
    """(result, None) or (None, the error) of the learner's function on copies of ``args``
    (unlike feedback.quiet_result, it tells an error apart from a result of None)."""
    try:
        with np.errstate(all="ignore"):
            return function(*(a.copy() if isinstance(a, np.ndarray) else a for a in args)), None
    except Exception as error:  # the learner's code: any error is an answer to classify
        return None, error


def _raises(function: Any, args: tuple) -> bool:
    """True if the learner's function raises (anything) for ``args``."""
    return _outcome(function, args)[1] is not None


def _breaks_at_first_step(function: Any, args: tuple) -> bool:
    """True if the function raises ZeroDivisionError or returns inf / NaN for ``args``."""
    got, error = _outcome(function, args)
    if error is not None:
        return isinstance(error, ZeroDivisionError)
    try:
        return not bool(np.all(np.isfinite(np.asarray(got, dtype=float))))
    except Exception:  # garbage, not numbers
        return False


def _is_close(value: Any, number: float) -> bool:
    """True if value is one number close to ``number``."""
    try:
        array = np.asarray(value, dtype=float)
        return array.size == 1 and math.isclose(float(array.ravel()[0]), number, rel_tol=1e-3)
    except Exception:  # not a number
        return False


def _holds(value: Any, number: float) -> bool:
    """True if value is several numbers, one of them close to ``number``."""
    try:
        array = np.asarray(value, dtype=float)
        return array.size > 1 and bool(np.any(np.isclose(array, number, rtol=1e-3)))
    except Exception:  # not numbers
        return False
