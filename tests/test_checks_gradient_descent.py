"""Lesson 02's checks: right answers pass, typical mistakes get their hint, nothing raises."""

from __future__ import annotations

import math
import re
from pathlib import Path

import fuzzing
import jupytext
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from course_lib import landscapes, minibatch, optimizers
from course_lib.checks import gradient_descent as check
from course_lib.feedback import CORRECT, INCORRECT, NOT_ATTEMPTED, Feedback

# The learner's answers, written as a learner would.


def minibatch_epoch(w, b, x, y, lr, batch_size, order):
    for start in range(0, len(order), batch_size):
        batch = order[start : start + batch_size]
        error = w * x[batch] + b - y[batch]
        w, b = w - lr * 2 * np.mean(error * x[batch]), b - lr * 2 * np.mean(error)
    return w, b


def momentum_step(theta, velocity, grad, lr, beta):
    new_velocity = beta * velocity + grad
    return theta - lr * new_velocity, new_velocity


def adam_bias_correction(m, v, beta1, beta2, t):
    return m / (1 - beta1**t), v / (1 - beta2**t)


def cosine_schedule(t, lr_max, total_steps, lr_min=0.0):
    return lr_min + (lr_max - lr_min) * (1 + np.cos(np.pi * t / total_steps)) / 2


def my_optimizer():
    return optimizers.Momentum(lr=0.065, beta=0.6)


MAX_STABLE_LR = 2 / np.linalg.eigvals(landscapes.ravine().hessian).real.max()

FUNCTION_CHECKS = {
    check.minibatch_epoch: minibatch_epoch,
    check.momentum_step: momentum_step,
    check.adam_bias_correction: adam_bias_correction,
    check.cosine_schedule: cosine_schedule,
    check.my_optimizer: my_optimizer,
}
CHECKS = [*FUNCTION_CHECKS, check.max_stable_lr]


# Right answers pass.


@pytest.mark.parametrize("run_check", list(FUNCTION_CHECKS))
def test_the_right_functions_pass(run_check):
    feedback = run_check(FUNCTION_CHECKS[run_check])
    assert feedback.status == CORRECT, feedback.text()
    assert feedback.require() is feedback


def test_the_right_threshold_passes_and_is_two_over_forty():
    assert MAX_STABLE_LR == pytest.approx(0.05)
    assert check.max_stable_lr(MAX_STABLE_LR).passed
    assert check.max_stable_lr(0.05).passed
    assert check.max_stable_lr(np.float64(0.05)).passed


def test_a_threshold_estimated_to_three_digits_passes_and_a_rougher_one_does_not():
    assert check.max_stable_lr(0.05 * (1 + 5e-4)).passed
    assert not check.max_stable_lr(0.05 * (1 + 5e-3)).passed


def test_functions_that_update_their_arguments_in_place_pass_and_change_no_test_case():
    def epoch_in_place(w, b, x, y, lr, batch_size, order):
        np.random.default_rng(0).shuffle(order)  # scrambles the order it was given
        x -= 0  # touches x in place
        return minibatch_epoch(w, b, x, y, lr, batch_size, np.sort(order))

    def momentum_in_place(theta, velocity, grad, lr, beta):
        velocity *= beta
        velocity += grad
        theta -= lr * velocity
        return theta, velocity

    for _ in range(2):
        assert check.momentum_step(momentum_in_place).passed
        assert not check.minibatch_epoch(epoch_in_place).passed
        assert check.momentum_step(momentum_in_place).passed


def test_a_cosine_schedule_written_with_an_if_for_scalars_fails_on_the_array_of_steps():
    def scalar_only(t, lr_max, total_steps, lr_min=0.0):
        if t > total_steps:
            return lr_min
        return lr_min + (lr_max - lr_min) * (1 + math.cos(math.pi * t / total_steps)) / 2

    feedback = check.cosine_schedule(scalar_only)
    assert feedback.status == INCORRECT and "np.cos takes arrays" in feedback.hint


# The expected answers agree with independent references.


def test_the_accepted_momentum_step_chained_from_rest_is_optimizers_momentum():
    rng = np.random.default_rng(0)
    grads = rng.normal(size=(30, 3))
    theta, velocity = np.array([1.0, -2.0, 0.5]), np.zeros(3)
    param = theta.copy()
    optimizer = optimizers.Momentum(lr=0.05, beta=0.9)
    for grad in grads:
        theta, velocity = momentum_step(theta, velocity, grad, 0.05, 0.9)
        optimizer.step([param], [grad])
    np.testing.assert_allclose(theta, param, rtol=1e-12)


def test_the_accepted_momentum_step_matches_torch_sgd_with_momentum():
    torch = pytest.importorskip("torch")
    rng = np.random.default_rng(1)
    grads = rng.normal(size=(20, 2))
    theta, velocity = np.array([0.3, -0.7]), np.zeros(2)
    weight = torch.tensor(theta.copy(), requires_grad=True)
    sgd = torch.optim.SGD([weight], lr=0.1, momentum=0.8)
    for grad in grads:
        theta, velocity = momentum_step(theta, velocity, grad, 0.1, 0.8)
        weight.grad = torch.tensor(grad)
        sgd.step()
    np.testing.assert_allclose(theta, weight.detach().numpy(), rtol=1e-10)


def _adam_path(bias_correction, grads, lr=0.1, beta1=0.9, beta2=0.999, eps=1e-8):
    theta, m, v = np.zeros(grads.shape[1]), 0.0, 0.0
    for t, grad in enumerate(grads, start=1):
        m = beta1 * m + (1 - beta1) * grad
        v = beta2 * v + (1 - beta2) * grad * grad
        m_hat, v_hat = bias_correction(m, v, beta1, beta2, t)
        theta = theta - lr * m_hat / (np.sqrt(v_hat) + eps)
    return theta


def test_the_accepted_bias_correction_inside_adam_reproduces_optimizers_adam_and_torch():
    grads = np.random.default_rng(2).normal(size=(25, 3))
    ours = _adam_path(adam_bias_correction, grads)
    param = np.zeros(3)
    optimizer = optimizers.Adam(lr=0.1)
    for grad in grads:
        optimizer.step([param], [grad])
    np.testing.assert_allclose(ours, param, rtol=1e-10)
    torch = pytest.importorskip("torch")
    weight = torch.zeros(3, dtype=torch.float64, requires_grad=True)
    adam = torch.optim.Adam([weight], lr=0.1)
    for grad in grads:
        weight.grad = torch.tensor(grad)
        adam.step()
    np.testing.assert_allclose(ours, weight.detach().numpy(), rtol=1e-8)


def test_the_accepted_cosine_schedule_matches_torch_cosine_annealing():
    torch = pytest.importorskip("torch")
    weight = torch.zeros(1, requires_grad=True)
    sgd = torch.optim.SGD([weight], lr=0.3)
    scheduler = torch.optim.lr_scheduler.CosineAnnealingLR(sgd, T_max=40, eta_min=0.01)
    lrs = []
    for _ in range(41):
        lrs.append(sgd.param_groups[0]["lr"])
        sgd.step()
        scheduler.step()
    np.testing.assert_allclose(cosine_schedule(np.arange(41), 0.3, 40, 0.01), lrs, rtol=1e-9)


def test_gradient_descent_converges_just_below_the_threshold_and_diverges_just_above():
    surface = landscapes.ravine()
    below = optimizers.GradientDescent(lr=0.99 * MAX_STABLE_LR)
    above = optimizers.GradientDescent(lr=1.01 * MAX_STABLE_LR)
    assert optimizers.optimize_path(surface, below, surface.start, 3000).losses[-1] < 1e-6
    assert optimizers.optimize_path(surface, above, surface.start, 3000).diverged


def test_no_learning_rate_lets_gradient_descent_win_the_challenge_and_the_bound_is_true():
    surface = landscapes.ravine()
    details = "\n".join(check._gradient_descent_bound(surface))
    bound = float(details.rsplit("at least ", 1)[1].rstrip("."))
    lowest = []
    for lr in np.linspace(0.001, 0.06, 120):
        run = optimizers.optimize_path(
            surface, optimizers.GradientDescent(lr=lr), surface.start, check.CHALLENGE_STEPS
        )
        lowest.append(np.nanmin(run.losses))
    assert min(lowest) > check.CHALLENGE_LOSS
    assert min(lowest) >= bound * (1 - 1e-3)
    assert min(lowest) < 3 * bound  # the bound is close, not vacuous
    feedback = check.my_optimizer(lambda: optimizers.GradientDescent(lr=0.045))
    assert feedback.status == INCORRECT and "remembers its past steps" in feedback.hint
    assert "optimizers.Momentum" in feedback.more_help()
    assert "Plain gradient descent" in feedback.text()


@pytest.mark.parametrize(
    "optimizer", [optimizers.Momentum(lr=0.06, beta=0.6), optimizers.Momentum(lr=0.075, beta=0.75)]
)
def test_other_optimizers_can_win_the_challenge(optimizer):
    feedback = check.my_optimizer(lambda: optimizer)
    assert feedback.passed and "challenge reached" in feedback.text()


# Help comes in steps: a nudge that never holds the solution's code, a stronger hint, the fix.

NOTEBOOK = Path(__file__).resolve().parents[1] / "notebooks" / "02_gradient_descent.py"


def _solution_lines() -> list[str]:
    """Every line of code in the lesson's solution cells, as the learner would type it."""
    lines = []
    for cell in jupytext.read(NOTEBOOK).cells:
        if not cell.metadata.get("nbgrader", {}).get("solution"):
            continue
        for line in cell.source.splitlines():
            code = line.strip().removeprefix("return ").strip()
            if len(code) >= 10 and not code.startswith(("#", "def ")):
                lines.append(code)
    return lines


SOLUTION_LINES = _solution_lines()


def _solution_code_in(text: str) -> list[str]:
    """The solution lines that appear in ``text`` (spaces ignored)."""
    squeezed = text.replace(" ", "")
    return [line for line in SOLUTION_LINES if line.replace(" ", "") in squeezed]


def test_the_solution_lines_are_found():
    assert "2 / eigenvalues.max()" in SOLUTION_LINES
    assert "batch = order[start : start + batch_size]" in SOLUTION_LINES
    assert len(SOLUTION_LINES) >= 8


STEPPED = {
    check.max_stable_lr: lambda: 0.07,
    check.minibatch_epoch: lambda w, b, x, y, lr, batch_size, order: (w + 0.5, b),
    check.momentum_step: lambda theta, velocity, grad, lr, beta: (theta, velocity),
    check.adam_bias_correction: lambda m, v, beta1, beta2, t: (m, v),
    check.cosine_schedule: lambda t, lr_max, total_steps, lr_min=0.0: lr_max + 0 * t,
    check.my_optimizer: lambda: optimizers.Momentum(lr=0.01, beta=0.9),
}


@pytest.mark.parametrize("run_check", list(STEPPED), ids=lambda c: c.__name__)
def test_every_check_walks_from_a_nudge_to_a_stronger_hint_to_the_fix(run_check):
    feedback = run_check(STEPPED[run_check])
    assert feedback.status == INCORRECT
    first = feedback.text()
    assert feedback.hint and feedback.hint in first
    assert not _solution_code_in(first), first
    more, fix = feedback.more_help(), feedback.show_fix()
    assert more and more != feedback.hint and more not in first
    assert fix and fix not in (more, feedback.hint) and fix not in first


def test_the_fix_is_the_solution_for_every_check_that_has_code():
    fixes = " ".join(check_(STEPPED[check_]).show_fix() for check_ in STEPPED)
    assert _solution_code_in(fixes)
    # the challenge's fix is a setting that wins
    fix = check.my_optimizer(STEPPED[check.my_optimizer]).show_fix()
    setting = re.search(r"Momentum\(lr=([\d.]+), beta=([\d.]+)\)", fix)
    winner = optimizers.Momentum(lr=float(setting[1]), beta=float(setting[2]))
    assert check.my_optimizer(lambda: winner).passed


# The challenge's directional hint is computed from the learner's own setting and is true.


def _follow(hint: str, optimizer: optimizers.Momentum) -> optimizers.Momentum:
    """The optimizer the hint proposes: its 'with lr = ... and beta = ...' settings."""
    proposal = hint.split("with ", 1)[1].split(" instead", 1)[0]
    changes = {
        name: float(value) for name, value in re.findall(r"(lr|beta) = ([\d.e-]+)", proposal)
    }
    assert changes, hint
    return optimizers.Momentum(**{**optimizer._hyperparameters(), **changes})


def _lowest(optimizer):
    surface = landscapes.ravine()
    run = optimizers.optimize_path(surface, optimizer, surface.start, check.CHALLENGE_STEPS)
    return np.nanmin(run.losses)


def test_following_the_challenges_hints_from_momentum_lr_001_improves_every_time_and_wins():
    optimizer = optimizers.Momentum(lr=0.01, beta=0.9)
    # the old hint, "make lr smaller", made it worse: the true way is a larger lr
    assert _lowest(optimizers.Momentum(lr=0.005, beta=0.9)) > _lowest(optimizer)
    first = check.my_optimizer(lambda: optimizer).hint
    assert first.startswith("Make lr larger")
    for _ in range(6):
        feedback = check.my_optimizer(lambda o=optimizer: o)
        if feedback.passed:
            break
        better = _follow(feedback.hint, optimizer)
        assert _lowest(better) < _lowest(optimizer)
        optimizer = better
    assert feedback.passed, feedback.text()


@pytest.mark.parametrize(
    "optimizer",
    [
        optimizers.Momentum(lr=0.1, beta=0.9),
        optimizers.Momentum(lr=0.002, beta=0.3),
        optimizers.Momentum(lr=0.03, beta=0.99),
        optimizers.Adam(lr=0.01),
        optimizers.RMSProp(lr=0.001),
    ],
    ids=repr,
)
def test_the_challenges_directional_hint_is_true_wherever_it_starts(optimizer):
    hint = check.my_optimizer(lambda: optimizer).hint
    assert hint.startswith("Make "), hint
    proposal = hint.split("with ", 1)[1].split(" instead", 1)[0]
    changes = {n: float(v) for n, v in re.findall(r"(lr|beta) = ([\d.e-]+)", proposal)}
    better = type(optimizer)(**{**optimizer._hyperparameters(), **changes})
    assert _lowest(better) < _lowest(optimizer)
    for name, value in changes.items():
        way = "larger" if value > optimizer._hyperparameters()[name] else "smaller"
        assert f"{name} {way}" in hint


def test_a_setting_no_neighbour_improves_is_told_so_not_sent_the_wrong_way():
    optimizer = optimizers.Momentum(lr=0.0225, beta=0.8)
    if check.best_neighbour(optimizer) is not None:  # a local best of the lowest loss
        pytest.skip("this setting has a better neighbour now")
    assert "quite different setting" in check.my_optimizer(lambda: optimizer).hint


# One epoch of mini-batch gradient descent: the accepted answer is minibatch.train's epoch.


@settings(max_examples=25, deadline=None)
@given(
    n=st.integers(1, 30),
    batch_size=st.integers(1, 30),
    seed=st.integers(0, 10_000),
    lr=st.floats(0.001, 0.2),
)
def test_the_accepted_epoch_is_one_epoch_of_minibatch_train(n, batch_size, seed, lr):
    batch_size = min(batch_size, n)
    rng = np.random.default_rng(seed)
    x, y = rng.normal(size=n), rng.normal(size=n)
    order = np.concatenate(minibatch.batches(n, 1, 1, seed))
    run = minibatch.train(x, y, lr, batch_size, epochs=1, seed=seed, w0=[0.3], b0=-0.2)
    w, b = minibatch_epoch(0.3, -0.2, x, y, lr, batch_size, order)
    np.testing.assert_allclose([w, b], [run.weights[-1][0], run.biases[-1]], rtol=1e-10)


def test_an_epoch_written_with_array_split_passes():
    def split_epoch(w, b, x, y, lr, batch_size, order):
        pieces = np.array_split(order, range(batch_size, len(order), batch_size))
        for batch in pieces:
            residual = (x[batch] * w + b) - y[batch]
            grad_w = 2 * (residual @ x[batch]) / len(batch)
            grad_b = 2 * residual.sum() / len(batch)
            w, b = w - lr * grad_w, b - lr * grad_b
        return float(w), float(b)

    assert check.minibatch_epoch(split_epoch).passed


def _epoch_like(**mistake):
    """A learner's epoch with one mistake (see the parametrisation below)."""

    def epoch(w, b, x, y, lr, batch_size, order):
        n = len(order)
        if mistake.get("unshuffled"):
            order = np.arange(n)
        stop = n - n % batch_size if mistake.get("drops_last") else n
        if mistake.get("one_step"):
            batch_size = n
        for start in range(0, stop, batch_size):
            batch = order[start : start + batch_size]
            error = w * x[batch] + b - y[batch]
            size = batch_size if mistake.get("divides_by_batch_size") else len(batch)
            two = 1 if mistake.get("no_two") else 2
            if mistake.get("sums"):
                size = 1
            sign = -1 if mistake.get("uphill") else 1
            w = w - sign * lr * two * np.sum(error * x[batch]) / size
            if mistake.get("stale"):
                error = w * x[batch] + b - y[batch]
            b = b - sign * lr * two * np.sum(error) / size
        return w, b

    return epoch


@pytest.mark.parametrize(
    ("mistake", "words"),
    [
        ("unshuffled", "stored order"),
        ("drops_last", "leaves out the last"),
        ("divides_by_batch_size", "examples it really holds"),
        ("no_two", "factor 2"),
        ("sums", "added up"),
        ("stale", "same residuals"),
        ("one_step", "one step for the whole epoch"),
        ("uphill", "uphill"),
    ],
)
def test_minibatch_epoch_mistakes(mistake, words):
    assert words in _hint(check.minibatch_epoch, _epoch_like(**{mistake: True}))


# Typical mistakes get their own hint.


def _hint(run_check, answer):
    feedback = run_check(answer)
    assert feedback.status == INCORRECT
    with pytest.raises(AssertionError):
        feedback.require()
    assert not _solution_code_in(feedback.text()), feedback.text()
    return feedback.hint


def _other_form(theta, velocity, grad, lr, beta):
    velocity = beta * velocity - lr * grad
    return theta + velocity, velocity


def _mixed_form(theta, velocity, grad, lr, beta):
    velocity = beta * velocity - lr * grad
    return theta - velocity, velocity


def _stale_velocity(theta, velocity, grad, lr, beta):
    return theta - lr * velocity, beta * velocity + grad


def _averaged(theta, velocity, grad, lr, beta):
    velocity = beta * velocity + (1 - beta) * grad
    return theta - lr * velocity, velocity


def _uphill(theta, velocity, grad, lr, beta):
    velocity = beta * velocity + grad
    return theta + lr * velocity, velocity


@pytest.mark.parametrize(
    ("answer", "words"),
    [
        (lambda *a: momentum_step(*a)[::-1], "wrong order"),
        (_other_form, "other textbook form"),
        (_mixed_form, "mixed two forms"),
        (_stale_velocity, "old velocity"),
        (_averaged, "(1 - beta)"),
        (_uphill, "uphill"),
        (lambda theta, velocity, grad, lr, beta: (theta, velocity), "two moves"),
    ],
)
def test_momentum_step_mistakes(answer, words):
    assert words in _hint(check.momentum_step, answer)


def test_momentum_step_that_returns_only_theta_is_told_to_return_two_things():
    feedback = check.momentum_step(lambda *a: momentum_step(*a)[0])
    assert feedback.status == INCORRECT and "two things" in feedback.text()
    assert "return new_theta, new_velocity" in feedback.hint


def _from_zero(m, v, beta1, beta2, t):
    return m / (1 - beta1 ** (t - 1)), v / (1 - beta2 ** (t - 1))


def _from_zero_as_floats(m, v, beta1, beta2, t):
    return float(np.sum(m)) / (1 - beta1 ** (t - 1)), float(np.sum(v)) / (1 - beta2 ** (t - 1))


@pytest.mark.parametrize(
    ("answer", "words"),
    [
        (_from_zero, "t counts steps from 1"),
        (_from_zero_as_floats, "t counts steps from 1"),
        (lambda m, v, b1, b2, t: (m / (1 - b2**t), v / (1 - b1**t)), "swapped"),
        (lambda *a: adam_bias_correction(*a)[::-1], "wrong order"),
        (lambda m, v, b1, b2, t: (m * (1 - b1**t), v * (1 - b2**t)), "Divide, don't multiply"),
        (lambda m, v, b1, b2, t: (m / (1 - b1), v / (1 - b2)), "power t"),
        (lambda m, v, b1, b2, t: (m / (1 - b1 * t), v / (1 - b2 * t)), "multiplied beta by t"),
        (lambda m, v, b1, b2, t: (m, v), "scale each one up"),
    ],
)
def test_adam_bias_correction_mistakes(answer, words):
    with np.errstate(divide="ignore", invalid="ignore"):
        hint = _hint(check.adam_bias_correction, answer)
    assert words in hint


def test_counting_adam_steps_from_zero_reports_the_division_by_zero():
    with np.errstate(divide="ignore", invalid="ignore"):
        feedback = check.adam_bias_correction(_from_zero)
    assert "NaN or infinity" in feedback.text()
    feedback = check.adam_bias_correction(_from_zero_as_floats)
    assert "raised ZeroDivisionError" in feedback.text()


def _cosine(shape):
    def schedule(t, lr_max, total_steps, lr_min=0.0):
        return shape(t / total_steps, lr_max, lr_min)

    return schedule


@pytest.mark.parametrize(
    ("answer", "words"),
    [
        (_cosine(lambda p, hi, lo: lo + (hi - lo) * (1 + np.cos(np.pi * p))), "halve"),
        (_cosine(lambda p, hi, lo: lo + (hi - lo) * (1 + np.cos(p)) / 2), "0 to pi"),
        (_cosine(lambda p, hi, lo: lo + (hi - lo) * (1 + np.cos(2 * np.pi * p)) / 2), "whole"),
        (_cosine(lambda p, hi, lo: hi * (1 + np.cos(np.pi * p)) / 2), "left out lr_min"),
        (_cosine(lambda p, hi, lo: lo + hi * (1 + np.cos(np.pi * p)) / 2), "lr_max - lr_min"),
        (_cosine(lambda p, hi, lo: lo + (hi - lo) * (1 - np.cos(np.pi * p)) / 2), "must fall"),
        (_cosine(lambda p, hi, lo: hi - (hi - lo) * p), "half a cosine wave"),
        (
            lambda t, lr_max, total_steps, lr_min: cosine_schedule(t, lr_max, total_steps, lr_min),
            "default value of 0.0",
        ),
        (
            lambda t, lr_max, total_steps, lr_min=0.0: (
                lr_min + (lr_max - lr_min) * (1 + math.cos(math.pi * t / total_steps)) / 2
            ),
            "np.cos takes arrays",
        ),
    ],
)
def test_cosine_schedule_mistakes(answer, words):
    assert words in _hint(check.cosine_schedule, answer)


def test_cosine_schedule_with_the_arguments_in_another_order_fails():
    def swapped(t, total_steps, lr_max, lr_min=0.0):
        return cosine_schedule(t, lr_max, total_steps, lr_min)

    assert check.cosine_schedule(swapped).status == INCORRECT


low, high = landscapes.ravine().eigenvalues


@pytest.mark.parametrize(
    ("value", "words"),
    [
        (1 / high, "reaches 0"),
        (2 / low, "smallest eigenvalue"),
        (1 / low, "1 / lambda_min"),
        (2 / landscapes.bowl().eigenvalues.max(), "round bowl"),
        (2 / (low + high), "best learning rate"),
        (high, "curvature"),
        (2 * high, "SMALLER lr"),
        (2 / landscapes.ravine().eigenvalues, "one threshold per direction"),
        (-0.05, "direction that blows up first"),
    ],
)
def test_max_stable_lr_mistakes(value, words):
    assert words in _hint(check.max_stable_lr, value)


def test_max_stable_lr_says_what_came_back():
    text = check.max_stable_lr(0.025).text()
    assert "Got: the float 0.025" in text and "expected 0.05" in text


@pytest.mark.parametrize(
    ("answer", "words"),
    [
        (lambda: optimizers.Momentum(lr=0.2, beta=0.9), "diverged"),
        (lambda: optimizers.Momentum(lr=0.02, beta=0.9), "swings"),
        (lambda: optimizers.Adam(lr=0.01), "too slowly"),
        (lambda: optimizers.Momentum, "the class Momentum"),
        (lambda: "Adam", "should return an optimizer"),
    ],
)
def test_my_optimizer_misses_say_why(answer, words):
    feedback = check.my_optimizer(answer)
    assert feedback.status == INCORRECT and words in feedback.text()


def test_a_broken_optimizer_of_the_learners_own_is_reported_not_raised():
    class Broken(optimizers.Optimizer):
        def update(self, i, param, grad):
            raise ValueError("learner bug")

        def __repr__(self):
            raise RuntimeError("no repr either")

    feedback = check.my_optimizer(lambda: Broken(lr=0.1))
    assert feedback.status == INCORRECT and "ValueError: learner bug" in feedback.text()


# Wrong shapes, NaN and garbage returned get a short, friendly message (wrong types, raising
# and placeholders: tests/test_checks_contract.py, for every check of every lesson).


@pytest.mark.parametrize("run_check", list(FUNCTION_CHECKS))
@pytest.mark.parametrize(
    "answer",
    [
        lambda *a: np.nan,
        lambda *a: (np.nan, np.nan),
        lambda *a: np.zeros((4, 5)),
        lambda *a: "0.5",
    ],
)
def test_wrong_answers_get_a_short_friendly_message(run_check, answer):
    feedback = run_check(answer)
    assert feedback.status == INCORRECT
    assert len(feedback.text()) < 800
    assert "Traceback" not in feedback.text()


@pytest.mark.parametrize(
    ("answer", "says"),
    [
        (lambda *a: (np.nan, 1.0), "finite number"),
        (lambda *a: (np.ones(5), 1.0), "shape (5,)"),
    ],
)
def test_minibatch_epoch_names_nan_and_wrong_shapes(answer, says):
    assert says in check.minibatch_epoch(answer).text()


def test_momentum_step_names_the_part_that_is_wrong():
    def wrong_velocity(theta, velocity, grad, lr, beta):
        new_theta, _ = momentum_step(theta, velocity, grad, lr, beta)
        return new_theta, np.full(np.shape(velocity), np.nan)

    text = check.momentum_step(wrong_velocity).text()
    assert "Got: new_velocity" in text and "Got: new_theta" not in text
    assert "NaN" in text


# Fuzz: no check ever raises, whatever it is given.


@settings(max_examples=60, deadline=None)
@given(
    value=fuzzing.answers,
    as_function=st.booleans(),
    raises=fuzzing.errors,
)
@pytest.mark.parametrize("run_check", CHECKS)
def test_checks_never_raise_whatever_they_are_given(run_check, value, as_function, raises):
    answer = fuzzing.learner_function(value, raises) if as_function else value
    with np.errstate(all="ignore"):
        feedback = run_check(answer)
    assert isinstance(feedback, Feedback)
    assert feedback.status in (CORRECT, INCORRECT, NOT_ATTEMPTED)
    assert feedback.text()
    assert feedback._repr_html_()


def test_the_threshold_may_come_as_a_function_as_in_the_lesson():
    assert check.max_stable_lr(lambda: 0.05).passed
