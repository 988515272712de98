"""Check for lesson 02's exercise 5, the challenge: an optimizer that gets the ravine's loss
low in few steps (the goal comes from convergence). A missed run gets a hint found by trying
the settings next to the learner's.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from course_lib import convergence, landscapes, optimizers
from course_lib.feedback import (
    Feedback,
    call_safely,
    correct,
    describe,
    incorrect,
)

#: The challenge (exercise 5), the same as the lesson's RavineChallenge widget: reach a loss
#: below CHALLENGE_LOSS on landscapes.ravine(), from its start, within CHALLENGE_STEPS steps.
CHALLENGE_STEPS = convergence.TARGET_STEPS
CHALLENGE_LOSS = convergence.TARGET_LOSS


def my_optimizer(function: Any) -> Feedback:
    """Exercise 5 (challenge): an optimizer that gets the ravine's loss low in few steps."""
    exercise = "Exercise 5 (challenge)"
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
    lowest = _lowest(run)
    summary = f"not there yet: the goal is {goal}; {name} got no lower than {lowest:.3g}."
    if type(optimizer) is optimizers.GradientDescent:
        return incorrect(
            exercise,
            summary,
            *_gradient_descent_bound(surface),
            hint="No learning rate can do it for plain gradient descent: the fix is a "
            "different optimizer, one that remembers its past steps.",
            more="Momentum keeps a velocity: along the flat valley the gradients agree and add "
            "up, across it they flip sign and cancel. Try optimizers.Momentum.",
            fix=_winning_settings(),
        )
    hint = _direction_hint(optimizer, lowest)
    return incorrect(
        exercise,
        summary,
        _what_the_run_did(run),
        hint=hint,
        more="Keep moving that setting the same way while the lowest loss keeps falling, then "
        "try the other one. Momentum's lr must keep the steep direction from swinging out, "
        "while lr / (1 - beta) sets its speed along the flat valley.",
        fix=_winning_settings(),
    )


#: How far the directional hint looks from the learner's setting: lr times or divided by
#: LR_FACTOR, beta plus or minus BETA_STEP (within 0 and MAX_BETA).
LR_FACTOR, BETA_STEP, MAX_BETA = 1.5, 0.1, 0.99


def _lowest(run: optimizers.Path) -> float:
    """The lowest loss a run reached (the challenge counts any step), inf if none is finite."""
    finite = run.losses[np.isfinite(run.losses)]
    return float(finite.min()) if finite.size else math.inf


def _challenge_lowest(optimizer: optimizers.Optimizer) -> float:
    surface = landscapes.ravine()
    return _lowest(optimizers.optimize_path(surface, optimizer, surface.start, CHALLENGE_STEPS))


def neighbours(optimizer: optimizers.Optimizer) -> list[tuple[dict, optimizers.Optimizer]]:
    """The settings next to a course optimizer's: (the changed settings, the optimizer with them).

    lr is multiplied or divided by LR_FACTOR and momentum's beta moved by BETA_STEP, one or
    both at once. A learner's own optimizer class (not one of the course's) has no neighbours.
    """
    if type(optimizer) not in optimizers.OPTIMIZERS.values():
        return []
    settings = optimizer._hyperparameters()
    lrs = [optimizer.lr, optimizer.lr * LR_FACTOR, optimizer.lr / LR_FACTOR]
    betas = [settings.get("beta")]
    if "beta" in settings:
        moved = (min(max(settings["beta"] + d, 0.0), MAX_BETA) for d in (BETA_STEP, -BETA_STEP))
        betas += sorted({round(beta, 10) for beta in moved} - {settings["beta"]})
    found = []
    for lr in lrs:
        for beta in betas:
            changes = {"lr": lr} if beta is None else {"lr": lr, "beta": beta}
            changes = {k: v for k, v in changes.items() if v != settings[k]}
            if changes:
                found.append((changes, type(optimizer)(**{**settings, **changes})))
    return found


def best_neighbour(optimizer: optimizers.Optimizer) -> tuple[dict, float] | None:
    """(the changed settings, lowest loss) of the neighbour that gets lowest on the challenge,
    if one gets lower than ``optimizer`` itself; else None."""
    yours = _challenge_lowest(optimizer)
    tried = [(_challenge_lowest(o), changes) for changes, o in neighbours(optimizer)]
    if not tried:
        return None
    lowest, changes = min(tried, key=lambda t: t[0])
    return (changes, lowest) if lowest < yours else None


def _direction_hint(optimizer: optimizers.Optimizer, yours: float) -> str:
    """Which way to turn the knobs, found by trying the settings next to the learner's."""
    found = best_neighbour(optimizer)
    if found is None:
        if not neighbours(optimizer):
            return "Change one setting at a time and watch the lowest loss: keep what helps."
        return (
            f"Neither lr times or divided by {LR_FACTOR:g} nor beta moved by {BETA_STEP:g} gets "
            "lower from here: try a quite different setting."
        )
    changes, lowest = found
    now = optimizer._hyperparameters()
    ways = " and ".join(
        f"{name} {'larger' if value > now[name] else 'smaller'}" for name, value in changes.items()
    )
    new = " and ".join(f"{name} = {value:.3g}" for name, value in changes.items())
    old = " and ".join(f"{now[name]:.3g}" for name in changes)
    return (
        f"Make {ways}: with {new} instead of {old} (the rest as yours) the loss gets down to "
        f"{lowest:.3g}, against {yours:.3g} with yours."
    )


#: Settings that reach the challenge (the fix, shown only when a learner asks for it).
WINNING_MOMENTUM = {"lr": 0.065, "beta": 0.6}


def _winning_settings() -> str:
    """The fix: momentum settings that reach the challenge, with the step they get there."""
    surface = landscapes.ravine()
    optimizer = optimizers.Momentum(**WINNING_MOMENTUM)
    run = optimizers.optimize_path(surface, optimizer, surface.start, CHALLENGE_STEPS)
    step = convergence.steps_to_target(run.losses, CHALLENGE_LOSS)
    return (
        f"return optimizers.{optimizer!r}: it gets below {CHALLENGE_LOSS:g} at step {step}. "
        "A larger lr moves fast along the flat valley; a smaller beta keeps the swings "
        "across it from building up."
    )


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


def _what_the_run_did(run: optimizers.Path) -> str:
    """What a run that missed the target did, in one sentence."""
    if run.diverged:
        return f"It diverged at step {run.diverged_at}: the steps overshoot the steep walls."
    ups = int(np.sum(np.diff(run.losses) > 0))
    if ups:
        return f"The loss went up at {ups} of the steps: the path swings across the valley."
    return "The loss fell at every step, but too slowly."


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
