"""Lesson 01's checks: right answers pass, wrong ones are explained, nothing raises."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from course_lib import feedback, losses
from course_lib.checks import loss as check


def empirical_risk(model, X, y, loss):
    return sum(loss(y[i], model(X[i])) for i in range(len(X))) / len(X)


def cross_entropy(y_true, p_pred):
    p = np.clip(p_pred, 1e-15, 1 - 1e-15)
    return np.mean(-(y_true * np.log(p) + (1 - y_true) * np.log(1 - p)))


RIGHT = {
    check.mse: losses.mse,
    check.mae: losses.mae,
    check.cross_entropy: cross_entropy,
    check.empirical_risk: empirical_risk,
}
CHECKS = list(RIGHT)


@pytest.mark.parametrize("check_", CHECKS)
def test_the_reference_answers_pass(check_):
    assert check_(RIGHT[check_]).passed


@pytest.mark.parametrize("check_", CHECKS)
@pytest.mark.parametrize(
    ("answer", "says"),
    [
        (lambda *a: np.nan, "finite number"),
        (lambda *a: np.inf, "finite number"),
        (lambda *a: np.zeros(3), "single number"),
        (lambda *a: "0.5", "single number"),
    ],
)
def test_wrong_shape_nan_and_text_results_get_a_short_friendly_message(check_, answer, says):
    result = check_(answer)
    assert result.status == feedback.INCORRECT
    assert says in result.text()
    assert len(result.text()) < 600


def test_mse_without_the_mean_is_caught_with_a_hint():
    result = check.mse(lambda t, p: np.sum((p - t) ** 2))
    assert not result.passed and "mean" in result.hint


def test_mae_without_the_absolute_value_is_caught():
    assert not check.mae(lambda t, p: np.mean(p - t)).passed


def test_cross_entropy_without_clipping_is_caught_by_the_certain_prediction_case():
    def unclipped(y, p):
        return np.mean(-(y * np.log(p) + (1 - y) * np.log(1 - p)))

    with np.errstate(divide="ignore", invalid="ignore"):
        result = check.cross_entropy(unclipped)
    assert not result.passed and "np.clip" in result.hint


def test_empirical_risk_that_hardcodes_the_squared_error_is_caught():
    def squared_only(model, X, y, loss):
        return float(np.mean([(y[i] - model(X[i])) ** 2 for i in range(len(X))]))

    assert not check.empirical_risk(squared_only).passed


values = st.one_of(
    st.none(),
    st.just(...),
    st.integers(),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=5),
    st.lists(st.floats(), max_size=4),
)


@settings(max_examples=60, deadline=None)
@given(st.sampled_from(CHECKS), values)
def test_checks_never_raise_whatever_value_they_are_given(check_, value):
    assert isinstance(check_(value), feedback.Feedback)


@settings(max_examples=60, deadline=None)
@given(st.sampled_from(CHECKS), values)
def test_checks_never_raise_whatever_a_function_returns(check_, value):
    assert isinstance(check_(lambda *args: value), feedback.Feedback)
