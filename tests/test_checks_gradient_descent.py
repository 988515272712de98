"""Lesson 02's checks: right answers pass, typical mistakes get their hint, nothing raises."""

from __future__ import annotations

import math

import fuzzing
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from course_lib import landscapes, optimizers
from course_lib.checks import gradient_descent as check
from course_lib.feedback import CORRECT, INCORRECT, NOT_ATTEMPTED, Feedback

# The learner's answers, written as a learner would.


def gd_step(theta, grad, lr):
    return theta - lr * grad


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
    check.gd_step: gd_step,
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
    def gd_in_place(theta, grad, lr):
        theta -= lr * grad
        return theta

    def momentum_in_place(theta, velocity, grad, lr, beta):
        velocity *= beta
        velocity += grad
        theta -= lr * velocity
        return theta, velocity

    for _ in range(2):
        assert check.gd_step(gd_in_place).passed
        assert check.momentum_step(momentum_in_place).passed


def test_a_cosine_schedule_written_with_an_if_for_scalars_fails_on_the_array_of_steps():
    def scalar_only(t, lr_max, total_steps, lr_min=0.0):
        if t > total_steps:
            return lr_min
        return lr_min + (lr_max - lr_min) * (1 + math.cos(math.pi * t / total_steps)) / 2

    feedback = check.cosine_schedule(scalar_only)
    assert feedback.status == INCORRECT and "np.cos" in feedback.hint


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
    assert feedback.status == INCORRECT and "Momentum" in feedback.hint
    assert "Plain gradient descent" in feedback.text()


@pytest.mark.parametrize(
    "optimizer", [optimizers.Momentum(lr=0.06, beta=0.6), optimizers.Momentum(lr=0.075, beta=0.75)]
)
def test_other_optimizers_can_win_the_challenge(optimizer):
    feedback = check.my_optimizer(lambda: optimizer)
    assert feedback.passed and "challenge reached" in feedback.text()


# Typical mistakes get their own hint.


def _hint(run_check, answer):
    feedback = run_check(answer)
    assert feedback.status == INCORRECT
    with pytest.raises(AssertionError):
        feedback.require()
    return feedback.hint


@pytest.mark.parametrize(
    ("answer", "words"),
    [
        (lambda theta, grad, lr: theta + lr * grad, "uphill"),
        (lambda theta, grad, lr: theta - grad, "forgot the learning rate"),
        (lambda theta, grad, lr: -lr * grad, "add it to theta"),
        (lambda theta, grad, lr: theta - lr * grad * grad, "theta - lr * grad"),
    ],
)
def test_gd_step_mistakes(answer, words):
    assert words in _hint(check.gd_step, answer)


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
        (_averaged, "(1 - beta) * grad"),
        (_uphill, "uphill"),
        (lambda theta, velocity, grad, lr, beta: (theta, velocity), "beta * velocity + grad"),
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
        (lambda m, v, b1, b2, t: (m / (1 - b1 * t), v / (1 - b2 * t)), "beta1**t"),
        (lambda m, v, b1, b2, t: (m, v), "m / (1 - beta1**t)"),
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
        (_cosine(lambda p, hi, lo: lo + (hi - lo) * (1 + np.cos(p)) / 2), "pi inside"),
        (_cosine(lambda p, hi, lo: lo + (hi - lo) * (1 + np.cos(2 * np.pi * p)) / 2), "whole"),
        (_cosine(lambda p, hi, lo: hi * (1 + np.cos(np.pi * p)) / 2), "left out lr_min"),
        (_cosine(lambda p, hi, lo: lo + hi * (1 + np.cos(np.pi * p)) / 2), "lr_max - lr_min"),
        (_cosine(lambda p, hi, lo: lo + (hi - lo) * (1 - np.cos(np.pi * p)) / 2), "1 + cos"),
        (_cosine(lambda p, hi, lo: hi - (hi - lo) * p), "half a cosine wave"),
        (
            lambda t, lr_max, total_steps, lr_min: cosine_schedule(t, lr_max, total_steps, lr_min),
            "lr_min=0.0",
        ),
        (
            lambda t, lr_max, total_steps, lr_min=0.0: (
                lr_min + (lr_max - lr_min) * (1 + math.cos(math.pi * t / total_steps)) / 2
            ),
            "np.cos",
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
        (1 / high, "forgot the 2"),
        (2 / low, "smallest eigenvalue"),
        (1 / low, "1 / lambda_min"),
        (2 / landscapes.bowl().eigenvalues.max(), "round bowl"),
        (2 / (low + high), "best learning rate"),
        (high, "curvature"),
        (2 * high, "divided"),
        (2 / landscapes.ravine().eigenvalues, "one threshold per direction"),
        (-0.05, "np.linalg.eigvalsh"),
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
        (lambda *a: np.full(3, np.nan), "finite numbers"),
        (lambda *a: np.ones(5), "shape (3,)"),
    ],
)
def test_gd_step_names_nan_and_wrong_shapes(answer, says):
    assert says in check.gd_step(answer).text()


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
