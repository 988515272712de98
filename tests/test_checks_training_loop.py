"""Lesson 00's checks: right answers pass, wrong ones are explained, nothing raises."""

from __future__ import annotations

import math
from pathlib import Path

import fuzzing
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from course_lib import datasets, neuron
from course_lib.checks import training_loop as check
from course_lib.feedback import CORRECT, INCORRECT, NOT_ATTEMPTED, Feedback

CHECKS = [
    check.predict,
    check.mse,
    check.gradient,
    check.update,
    check.train,
    check.iterations_per_epoch,
    check.my_learning_rate,
]


def predict(X, w, b):
    return 1 / (1 + np.exp(-(X @ w + b)))


def update(w, lr, grad):
    return w - lr * grad


def iterations_per_epoch(n_examples, batch_size):
    return math.ceil(n_examples / batch_size)


def mse(y_true, y_pred):
    return np.mean((np.asarray(y_pred) - y_true) ** 2)


def gradient(X, y, w, b):
    p = predict(X, w, b)
    dz = 2 * (p - y) / len(y) * p * (1 - p)
    return X.T @ dz, dz.sum()


def train(X, y, lr, epochs):
    w, b = np.array([0.5, 0.5]), 0.5
    for _ in range(epochs):
        grad_w, grad_b = gradient(X, y, w, b)
        w, b = update(w, lr, grad_w), update(b, lr, grad_b)
    return w, b


NOTEBOOK = Path(__file__).resolve().parents[1] / "notebooks" / "00_training_loop.py"
#: One wrong answer per check, for the walk through the steps of help.
WRONG = {
    "predict": (check.predict, lambda X, w, b: X @ w + b),
    "mse": (check.mse, lambda t, p: np.sum((p - t) ** 2)),
    "gradient": (check.gradient, lambda X, y, w, b: tuple(-g for g in gradient(X, y, w, b))),
    "update": (check.update, lambda w, lr, g: w + lr * g),
    "train": (check.train, lambda X, y, lr, e: (np.zeros(2), 0.0)),
    "iterations_per_epoch": (check.iterations_per_epoch, lambda n, b: n // b),
    "my_learning_rate": (check.my_learning_rate, 0.1),
}


def _solution_lines(grade_id):
    text = NOTEBOOK.read_text(encoding="utf-8")
    start = text.index(f'"grade_id": "{grade_id}"')
    body = text[text.index("### BEGIN SOLUTION", start) : text.index("### END SOLUTION", start)]
    lines = [line.strip() for line in body.splitlines()[1:]]
    return [line for line in lines if line and not line.startswith("#")]


@pytest.mark.parametrize("grade_id", list(WRONG))
def test_every_check_helps_in_steps_and_the_nudge_never_holds_the_solution(grade_id):
    run_check, wrong = WRONG[grade_id]
    feedback = run_check(wrong)
    assert feedback.status == INCORRECT and feedback.hint
    first = feedback.text()
    for line in _solution_lines(grade_id):
        assert line not in first, line
    assert feedback.more_help() and feedback.more_help() != feedback.hint
    assert feedback.show_fix() and feedback.show_fix() not in (feedback.hint, feedback.more)


@pytest.mark.parametrize("lr", [0.05, 0.1, 300.0, 1000.0])
def test_following_the_directional_hint_improves_the_learners_own_result(lr):
    devices = datasets.devices()
    feedback = check.my_learning_rate(lr)
    direction = "larger" if "larger" in feedback.hint else "smaller"
    assert f"Make it {direction}" in feedback.hint
    factor = float(feedback.more_help().split("about ")[1].split(" times")[0])
    moved = lr * factor if direction == "larger" else lr / factor
    before = neuron.train(devices.X, devices.y, lr, neuron.TARGET_EPOCHS).losses[-1]
    after = neuron.train(devices.X, devices.y, moved, neuron.TARGET_EPOCHS).losses[-1]
    assert after < before


@pytest.mark.parametrize("answer", [3.0, lambda: 3.0, np.float64(3.0)])
def test_my_learning_rate_accepts_a_value_or_a_function(answer):
    assert check.my_learning_rate(answer).passed


def test_anticipated_mistakes_get_their_targeted_nudges():
    assert "summed" in check.mse(lambda t, p: np.sum((p - t) ** 2)).hint
    assert "square" in check.mse(lambda t, p: np.mean(np.abs(p - t))).hint
    assert "downhill" in WRONG["gradient"][0](WRONG["gradient"][1]).hint
    assert "2" in check.gradient(lambda X, y, w, b: tuple(g / 2 for g in gradient(X, y, w, b))).hint

    def no_bias(X, y, lr, epochs):
        w, b = np.array([0.5, 0.5]), 0.5
        for _ in range(epochs):
            w = w - lr * gradient(X, y, w, b)[0]
        return w, b

    assert "bias" in check.train(no_bias).hint
    assert "squash" in check.predict(lambda X, w, b: X @ w + b).hint


def test_right_answers_pass():
    assert check.predict(predict).passed
    assert check.update(update).passed
    assert check.iterations_per_epoch(iterations_per_epoch).passed
    assert check.my_learning_rate(lambda: 3.0).passed
    assert check.mse(mse).passed
    assert check.gradient(gradient).passed
    assert check.train(train).passed


def test_forgetting_the_sigmoid_is_incorrect_with_a_hint():
    feedback = check.predict(lambda X, w, b: X @ w + b)
    assert feedback.status == INCORRECT and "squash" in feedback.hint
    assert "np.exp" in feedback.show_fix()


def test_stepping_uphill_gets_its_own_hint():
    assert "uphill" in check.update(lambda w, lr, g: w + lr * g).hint


def test_counting_the_batches_one_by_one_passes_the_iterations_check():
    # The check's answers come from minibatch.iterations_per_epoch: counting agrees with it.
    assert check.iterations_per_epoch(lambda n, batch: len(range(0, n, batch))).passed


def test_floor_division_forgets_the_last_batch():
    feedback = check.iterations_per_epoch(lambda n, b: n // b)
    assert feedback.status == INCORRECT and "forgets the last 8" in feedback.hint
    assert "math.ceil" in feedback.show_fix()


@pytest.mark.parametrize(
    ("lr", "words"), [(0.1, "too small"), (1000.0, "too large"), (1e300, "too large")]
)
def test_learning_rates_that_miss_the_target_say_which_way_to_go(lr, words):
    feedback = check.my_learning_rate(lambda: lr)
    assert feedback.status == INCORRECT and words in feedback.text()


@pytest.mark.parametrize("value", [-1.0, 0, float("nan"), float("inf"), "0.5", [1.0], True])
def test_learning_rates_that_are_not_a_positive_number_are_explained(value):
    feedback = check.my_learning_rate(lambda: value)
    assert feedback.status == INCORRECT and feedback.message


def test_a_one_element_array_counts_as_a_number():
    assert check.my_learning_rate(lambda: np.array([3.0])).passed


def test_wrong_shape_is_reported_with_the_shape():
    feedback = check.predict(lambda X, w, b: (X @ w + b)[:, None])
    assert feedback.status == INCORRECT and "shape" in feedback.text()


def test_nan_answers_are_reported():
    feedback = check.update(lambda w, lr, g: np.full(np.shape(w), np.nan))
    assert feedback.status == INCORRECT and "NaN" in feedback.text()


@settings(max_examples=60, deadline=None)
@given(
    value=fuzzing.values,
    as_function=st.booleans(),
    raises=fuzzing.errors,
)
@pytest.mark.parametrize("run_check", CHECKS)
def test_checks_never_raise_whatever_they_are_given(run_check, value, as_function, raises):
    answer = fuzzing.learner_function(value, raises) if as_function else value
    feedback = run_check(answer)
    assert isinstance(feedback, Feedback)
    assert feedback.status in (CORRECT, INCORRECT, NOT_ATTEMPTED)
    assert feedback.text()
    assert feedback._repr_html_()
