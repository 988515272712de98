"""Lesson 00's checks: right answers pass, wrong ones are explained, nothing raises."""

from __future__ import annotations

import math

import fuzzing
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from course_lib.checks import training_loop as check
from course_lib.feedback import CORRECT, INCORRECT, NOT_ATTEMPTED, Feedback

CHECKS = [check.predict, check.update, check.iterations_per_epoch, check.my_learning_rate]


def predict(X, w, b):
    return 1 / (1 + np.exp(-(X @ w + b)))


def update(w, lr, grad):
    return w - lr * grad


def iterations_per_epoch(n_examples, batch_size):
    return math.ceil(n_examples / batch_size)


def test_right_answers_pass():
    assert check.predict(predict).passed
    assert check.update(update).passed
    assert check.iterations_per_epoch(iterations_per_epoch).passed
    assert check.my_learning_rate(lambda: 3.0).passed


def test_forgetting_the_sigmoid_is_incorrect_with_a_hint():
    feedback = check.predict(lambda X, w, b: X @ w + b)
    assert feedback.status == INCORRECT and "np.exp" in feedback.hint


def test_stepping_uphill_gets_its_own_hint():
    assert "uphill" in check.update(lambda w, lr, g: w + lr * g).hint


def test_counting_the_batches_one_by_one_passes_the_iterations_check():
    # The check's answers come from minibatch.iterations_per_epoch: counting agrees with it.
    assert check.iterations_per_epoch(lambda n, batch: len(range(0, n, batch))).passed


def test_floor_division_forgets_the_last_batch():
    feedback = check.iterations_per_epoch(lambda n, b: n // b)
    assert feedback.status == INCORRECT and "math.ceil" in feedback.hint


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
