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

from course_lib import convergence, landscapes, minibatch, optimizers, schedules, stability
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

#: The challenge (exercise 5), the same as the lesson's RavineChallenge widget: reach a loss
#: below CHALLENGE_LOSS on landscapes.ravine(), from its start, within CHALLENGE_STEPS steps.
CHALLENGE_STEPS = convergence.TARGET_STEPS
CHALLENGE_LOSS = convergence.TARGET_LOSS

_RNG = np.random.default_rng(2)
_THETA = _RNG.normal(size=(3, 2))
_GRAD = _RNG.normal(size=(3, 2))
_VELOCITY = _RNG.normal(size=(3, 2))


def _plain_call(args: tuple) -> str:
    """A call's arguments as a learner would type them: np.array([1.0, -2.0]), not numpy's
    repr with its spacing; a large array by its shape."""

    def plain(value: Any) -> str:
        if isinstance(value, np.ndarray):
            if value.size > 4:
                return f"(an array of shape {value.shape})"
            return f"np.array([{', '.join(repr(float(v)) for v in value.ravel())}])"
        return f"{value:g}" if isinstance(value, float) else repr(value)

    return ", ".join(plain(a) for a in args)


def _epoch_reference(
    w: float, b: float, x: np.ndarray, y: np.ndarray, lr: float, batch_size: int, seed: int
) -> tuple[float, float]:
    """(w, b) after one epoch of minibatch.train, whose shuffle is _epoch_order(n, seed)."""
    run = minibatch.train(x, y, lr, batch_size, epochs=1, seed=seed, w0=[w], b0=b)
    return float(run.weights[-1][0]), float(run.biases[-1])


def _epoch_order(n: int, seed: int) -> np.ndarray:
    """The shuffled order minibatch.train visits n examples in, in its first epoch."""
    return np.concatenate(minibatch.batches(n, 1, 1, seed))


def _epoch_cases() -> list[tuple]:
    """Fuzzed cases (seeded): n examples that batch_size does not divide, and the edges
    batch_size = 1 (stochastic) and batch_size = n (full batch)."""
    rng = np.random.default_rng(12)
    cases = []
    for n, batch_size in ((10, 4), (13, 5), (7, 1), (9, 9), (20, 6)):
        x = np.round(rng.normal(size=n), 2)
        y = np.round(2 * x + 1 + rng.normal(scale=0.5, size=n), 2)
        w, b = float(np.round(rng.normal(), 2)), float(np.round(rng.normal(), 2))
        seed = int(rng.integers(1000))
        cases.append((w, b, x, y, 0.1, batch_size, _epoch_order(n, seed), seed))
    return cases


def _shown(case: tuple) -> str:
    w, b, x, y, lr, batch_size, order, _ = case
    return (
        f"w={w:g}, b={b:g}, x (n = {len(x)}), y, lr={lr:g}, batch_size={batch_size}, "
        f"order={_index_list(order)}"
    )


def _index_list(values: np.ndarray) -> str:
    """A short integer array as the learner would type it: [3, 0, 7, ...]."""
    shown = ", ".join(str(int(v)) for v in values[:6])
    return f"[{shown}{', ...' if len(values) > 6 else ''}]"


def _epoch_mistakes(
    w: float, b: float, x: np.ndarray, y: np.ndarray, lr: float, batch_size: int, order: np.ndarray
) -> list[tuple[Any, str]]:
    """The known wrong epochs, each with its hint (what the mistake is, not what to type)."""
    n = len(order)

    def epoch(order, size_of=len, factor=2.0, reduce=np.mean, stale=True, keep_last=True, sign=1):
        w_, b_ = w, b
        stop = n if keep_last else n - n % batch_size
        for start in range(0, stop, batch_size):
            batch = order[start : start + batch_size]
            error = w_ * x[batch] + b_ - y[batch]
            scale = len(batch) / size_of(batch)
            w_ = w_ - sign * lr * factor * scale * reduce(error * x[batch])
            if not stale:
                error = w_ * x[batch] + b_ - y[batch]
            b_ = b_ - sign * lr * factor * scale * reduce(error)
        return w_, b_

    everything = np.arange(n)
    error = w * x + b - y
    one_step = (w - lr * 2 * np.mean(error * x), b - lr * 2 * np.mean(error))
    return [
        (
            epoch(everything),
            "Your epoch visits the examples in their stored order. Mini-batch gradient "
            "descent shuffles first: the batches are cut from the shuffled order you are given.",
        ),
        (
            epoch(order, keep_last=False),
            "Your epoch leaves out the last, smaller batch: when batch_size does not divide n, "
            "the examples left over still make one more batch.",
        ),
        (
            epoch(order, size_of=lambda batch: batch_size),
            "The last batch can be smaller than batch_size: average over the examples it "
            "really holds, not over batch_size.",
        ),
        (
            epoch(order, factor=1.0),
            "Your steps are half as long as they should be: the derivative of a squared "
            "error has a factor 2.",
        ),
        (
            epoch(order, reduce=np.sum),
            "You added up the batch's gradients instead of averaging them, so a bigger batch "
            "takes a longer step. The loss is a mean over the batch.",
        ),
        (
            epoch(order, stale=False),
            "You moved w and then computed b's gradient at the new w. Both gradients come "
            "from the same residuals, computed before either parameter moves.",
        ),
        (
            one_step,
            "You took one step for the whole epoch (full-batch gradient descent). "
            "Mini-batch gradient descent takes one step per batch.",
        ),
        (
            epoch(order, sign=-1),
            "You stepped uphill: the gradient points to where the loss grows.",
        ),
    ]


def minibatch_epoch(function: Any) -> Feedback:
    """Exercise 2: one epoch of mini-batch gradient descent on y ≈ w·x + b (MSE) over the
    batches cut from a shuffled ``order``; returns (w, b). Checked against minibatch.train."""
    cases = _epoch_cases()
    feedback = check_pairs(
        "Exercise 2 (minibatch_epoch)",
        function,
        [Case(c[:7], _epoch_reference(*c[:6], c[7]), _shown(c)) for c in cases],
        name="minibatch_epoch",
        parts=("w", "b"),
        hint="An epoch is a loop over batches: cut the shuffled order into consecutive pieces "
        "of batch_size, and take one gradient step on each piece.",
        more="For each batch, compute the residuals (prediction minus target) of its examples; "
        "the MSE's gradient is twice their mean for b, and twice the mean of residual times x "
        "for w. Step both parameters against it, then go on to the next batch.",
        fix="for start in range(0, len(order), batch_size): batch = order[start : start + "
        "batch_size]; error = w * x[batch] + b - y[batch]; w, b = w - lr * 2 * "
        "np.mean(error * x[batch]), b - lr * 2 * np.mean(error). Return w, b at the end.",
    )
    if feedback.passed or feedback.status != INCORRECT:
        return feedback
    case = cases[0][:7]
    feedback.hint = first_hint(function, case, _epoch_mistakes(*case), feedback.hint)
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


def cosine_schedule(function: Any) -> Feedback:
    """Exercise 6: cosine_schedule(t, lr_max, total_steps, lr_min=0.0), as schedules.cosine_decay.

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
        "Exercise 6 (cosine_schedule)",
        function,
        cases,
        name="cosine_schedule",
        hint="The schedule is half a cosine wave: lr_max at t = 0, lr_min at t = "
        "total_steps, and halfway between them at the middle.",
        more="cos runs from 1 to -1 as its angle goes from 0 to pi: turn t / total_steps into "
        "that angle, shift the wave up by 1 and halve it so it runs from 1 to 0, then stretch it "
        "to the height lr_max - lr_min above lr_min. Use numpy's cos so an array of t works.",
        fix="return lr_min + (lr_max - lr_min) * (1 + np.cos(np.pi * t / total_steps)) / 2",
    )
    if feedback.passed or feedback.status != INCORRECT:
        return feedback
    hint = first_hint(function, scalar_cases[3], _cosine_mistakes(*scalar_cases[3]), "")
    if not hint and _raises(function, scalar_cases[0]) and not _raises(function, scalar_cases[3]):
        hint = (
            "Give lr_min a default value of 0.0 in the function's first line: the "
            "schedule is also called with three arguments."
        )
    if not hint and _raises(function, array_case) and not _raises(function, scalar_cases[3]):
        hint = (
            "It fails for an array of steps t: math.cos takes one number only (numpy's "
            "np.cos takes arrays), and an if on t cannot decide for a whole array."
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
            "You forgot to halve: one plus the cosine goes from 2 to 0, so your schedule "
            "starts at twice the height.",
        ),
        (
            lr_min + span * (1 + math.cos(p)) / 2,
            "Your cosine's angle runs from 0 to 1 only: it must run from 0 to pi over the "
            "steps, half a wave.",
        ),
        (
            lr_min + span * (1 + math.cos(2 * math.pi * p)) / 2,
            "That is a whole wave, back up to lr_max at the end. The schedule is half a wave.",
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
            "Your schedule rises from lr_min to lr_max: the wave must fall, starting high.",
        ),
    ]


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
