"""course_lib.losses against scikit-learn's metrics and closed forms."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp
from sklearn.linear_model import LinearRegression, QuantileRegressor
from sklearn.metrics import log_loss, mean_absolute_error, mean_squared_error

from course_lib import losses

finite = st.floats(-1e3, 1e3, allow_nan=False)
pairs = st.integers(1, 30).flatmap(
    lambda n: st.tuples(
        hnp.arrays(float, n, elements=finite), hnp.arrays(float, n, elements=finite)
    )
)


@given(pairs)
def test_mse_matches_sklearn(pair):
    y_true, y_pred = pair
    assert losses.mse(y_true, y_pred) == pytest.approx(
        mean_squared_error(y_true, y_pred), rel=1e-9, abs=1e-9
    )


@given(pairs)
def test_mae_matches_sklearn(pair):
    y_true, y_pred = pair
    assert losses.mae(y_true, y_pred) == pytest.approx(
        mean_absolute_error(y_true, y_pred), rel=1e-9, abs=1e-9
    )


def test_log_loss_matches_sklearn_on_random_probabilities():
    rng = np.random.default_rng(0)
    y = rng.integers(0, 2, size=200).astype(float)
    y[:2] = [0, 1]  # both classes present
    p = rng.uniform(0.01, 0.99, size=200)
    assert losses.log_loss(y, p) == pytest.approx(log_loss(y, p), rel=1e-12)


def test_log_loss_clips_certain_predictions_instead_of_returning_infinity():
    assert losses.log_loss([1.0], [0.0]) == pytest.approx(-np.log(1e-15))
    assert losses.log_loss([1.0, 0.0], [1.0, 0.0]) == pytest.approx(0.0, abs=1e-12)


def test_per_example_losses_average_to_the_mean_losses():
    y_true, y_pred = np.array([1.0, 2.0, 5.0]), np.array([2.0, 2.0, 1.0])
    np.testing.assert_allclose(losses.squared_errors(y_true, y_pred), [1, 0, 16])
    np.testing.assert_allclose(losses.absolute_errors(y_true, y_pred), [1, 0, 4])
    assert losses.mse(y_true, y_pred) == pytest.approx(17 / 3)


def test_squaring_punishes_one_big_error_more_than_many_small_ones():
    small = losses.mse(np.zeros(4), np.ones(4))  # four errors of 1
    big = losses.mse(np.zeros(4), np.array([0, 0, 0, 4.0]))  # one error of 4: same total |error|
    assert losses.mae(np.zeros(4), np.ones(4)) == losses.mae(np.zeros(4), [0, 0, 0, 4.0])
    assert big == 4 * small


def test_empirical_risk_is_the_average_per_example_loss_of_the_model():
    X = np.array([0.0, 1.0, 2.0])
    y = np.array([1.0, 1.0, 1.0])
    assert losses.empirical_risk(lambda x: x, X, y) == pytest.approx((1 + 0 + 1) / 3)
    assert losses.empirical_risk(lambda x: 2 * x, X, y, losses.absolute_errors) == pytest.approx(
        (1 + 1 + 3) / 3
    )


@pytest.mark.parametrize(
    ("y_true", "y_pred", "message"),
    [
        ([1.0, 2.0], [1.0, 2.0, 3.0], r"y_pred has shape \(3,\) but y_true has shape \(2,\)"),
        ([1.0, np.nan], [1.0, 2.0], "y_true holds NaN or infinity"),
        ([1.0], [np.inf], "y_pred holds NaN or infinity"),
        ([], [], "y_true is empty"),
    ],
)
def test_bad_inputs_raise_value_errors_naming_the_argument(y_true, y_pred, message):
    with pytest.raises(ValueError, match=message):
        losses.mse(y_true, y_pred)


@pytest.mark.parametrize("bad", [None, ..., "abc", {"a": 1}])
def test_non_numbers_raise_type_errors_naming_the_argument(bad):
    with pytest.raises(TypeError, match="y_pred must be an array of numbers"):
        losses.mae([1.0], bad)


def test_cross_entropy_rejects_labels_other_than_0_and_1_and_probabilities_outside_0_1():
    with pytest.raises(ValueError, match="labels 0 and 1"):
        losses.log_loss([2.0], [0.5])
    with pytest.raises(ValueError, match="p_pred must hold probabilities"):
        losses.log_loss([1.0], [1.5])


@given(hnp.arrays(float, st.integers(1, 40), elements=finite))
def test_best_constant_is_mean_for_mse_and_median_for_mae(y):
    for kind, loss in (("mse", losses.mse), ("mae", losses.mae)):
        c = losses.best_constant(y, kind)
        best = loss(y, np.full_like(y, c))
        for shift in (-1.0, -1e-3, 1e-3, 1.0):
            assert best <= loss(y, np.full_like(y, c + shift)) + 1e-9


def test_best_mse_line_matches_sklearn_linear_regression():
    rng = np.random.default_rng(3)
    x = rng.uniform(18, 40, 25)
    y = 10 * x - 100 + rng.normal(0, 40, 25)
    model = LinearRegression().fit(x[:, None], y)
    w, b = losses.best_line(x, y, "mse")
    assert (w, b) == pytest.approx((model.coef_[0], model.intercept_), rel=1e-9)


def test_best_mae_line_has_the_minimal_mae_found_by_sklearn_quantile_regression():
    rng = np.random.default_rng(4)
    x = rng.uniform(18, 40, 15)
    y = 10 * x - 100 + rng.standard_t(1, 15) * 30
    reference = QuantileRegressor(quantile=0.5, alpha=0.0, solver="highs").fit(x[:, None], y)
    w, b = losses.best_line(x, y, "mae")
    ours = losses.mae(y, w * x + b)
    theirs = losses.mae(y, reference.predict(x[:, None]))
    assert ours == pytest.approx(theirs, rel=1e-7)


@settings(max_examples=50)
@given(st.floats(-1e4, 1e4, allow_nan=False))
def test_an_outlier_moves_the_mse_line_but_the_mae_line_stays_once_past_the_others(outlier):
    x = np.arange(9.0)
    y = 2 * x + 1 + np.array([0.3, -0.2, 0.1, 0.0, -0.4, 0.2, -0.1, 0.3, -0.3])
    far_up, farther_up = y.copy(), y.copy()
    far_up[4] += 1000
    farther_up[4] += 1000 + abs(outlier)
    assert losses.best_line(x, far_up, "mae") == pytest.approx(
        losses.best_line(x, farther_up, "mae")
    )
    if abs(outlier) > 1:
        assert losses.best_line(x, far_up, "mse")[1] != pytest.approx(
            losses.best_line(x, farther_up, "mse")[1]
        )


def test_mismatched_lengths_name_both_arguments():
    with pytest.raises(ValueError, match="y has 2 entries but X has 3"):
        losses.empirical_risk(lambda x: x, [1.0, 2.0, 3.0], [1.0, 2.0])
    with pytest.raises(ValueError, match="y has 2 entries but x has 3"):
        losses.best_line([1.0, 2.0, 3.0], [1.0, 2.0])


@pytest.mark.parametrize("eps", [0.0, 0.5, -1e-3, float("nan")])
def test_a_clipping_eps_outside_0_to_one_half_is_refused(eps):
    with pytest.raises(ValueError, match="eps must be"):
        losses.log_loss([1.0], [0.5], eps)
