"""Polynomial fits match scikit-learn; the validation curve is a U; bias^2 + variance add up."""

from __future__ import annotations

import numpy as np
import pytest
from sklearn.linear_model import LinearRegression, Ridge
from sklearn.preprocessing import PolynomialFeatures

from course_lib import capacity
from course_lib.capacity import (
    bias_variance,
    default_curve,
    fit_linear,
    fit_polynomial,
    noisy_samples,
    polynomial_features,
    ridge_path,
    scale_to_unit,
    validation_curve,
)


def rel_close(ours, theirs, rtol=1e-8):
    ours, theirs = np.asarray(ours), np.asarray(theirs)
    scale = max(np.max(np.abs(theirs)), 1e-300)
    return np.max(np.abs(ours - theirs)) / scale <= rtol


def test_polynomial_features_match_sklearn_without_the_bias_column():
    x = np.linspace(-1, 1, 7)
    theirs = PolynomialFeatures(5, include_bias=False).fit_transform(x[:, None])
    np.testing.assert_allclose(polynomial_features(x, 5), theirs, rtol=1e-15)
    assert polynomial_features(x, 0).shape == (7, 0)


@pytest.mark.parametrize("degree", [1, 2, 3, 5, 8, 10])
def test_least_squares_fit_matches_sklearn_linear_regression(degree):
    data = noisy_samples(25, seed=3)
    model = fit_polynomial(data.x, data.y, degree)
    features = PolynomialFeatures(degree, include_bias=False).fit_transform(data.x[:, None])
    theirs = LinearRegression().fit(features, data.y)
    grid = np.linspace(-1, 1, 50)
    grid_features = PolynomialFeatures(degree, include_bias=False).fit_transform(grid[:, None])
    assert rel_close(model.coef, theirs.coef_)
    assert rel_close(model.intercept, theirs.intercept_)
    assert rel_close(model.predict(grid), theirs.predict(grid_features))


@pytest.mark.parametrize("degree, lam", [(1, 0.1), (3, 1e-3), (6, 0.5), (10, 1e-4), (12, 10.0)])
def test_ridge_matches_sklearn_ridge_with_an_unpenalised_intercept(degree, lam):
    data = noisy_samples(20, seed=4)
    model = fit_polynomial(data.x, data.y, degree, lam)
    features = PolynomialFeatures(degree, include_bias=False).fit_transform(data.x[:, None])
    theirs = Ridge(alpha=lam).fit(features, data.y)
    assert rel_close(model.coef, theirs.coef_)
    assert rel_close(model.intercept, theirs.intercept_)


def test_ridge_closed_form_against_the_normal_equations_written_out():
    """A sklearn-free twin: minimise ||y - b - Xw||^2 + lam ||w||^2 by its gradient = 0."""
    rng = np.random.default_rng(0)
    X, y, lam = rng.normal(size=(15, 4)), rng.normal(size=15), 0.7
    coef, intercept = fit_linear(X, y, lam)
    residual = y - intercept - X @ coef
    np.testing.assert_allclose(residual.sum(), 0, atol=1e-12)  # d/db = 0
    np.testing.assert_allclose(-X.T @ residual + lam * coef, 0, atol=1e-12)  # d/dw = 0


def test_degree_zero_predicts_the_mean_and_degree_n_minus_1_interpolates():
    data = noisy_samples(8, seed=1)
    flat = fit_polynomial(data.x, data.y, 0)
    np.testing.assert_allclose(flat.predict([0.3, -0.9]), data.y.mean())
    through = fit_polynomial(data.x, data.y, 7)
    np.testing.assert_allclose(through.predict(data.x), data.y, atol=1e-8)


def test_scale_to_unit_maps_the_ends_to_minus_one_and_one():
    np.testing.assert_allclose(scale_to_unit([10, 15, 20], 10, 20), [-1, 0, 1])
    with pytest.raises(ValueError, match="high"):
        scale_to_unit([1], 2, 2)


def test_noisy_samples_are_reproducible_and_have_the_noise_asked_for():
    a, b = noisy_samples(5000, 0.3, seed=7), noisy_samples(5000, 0.3, seed=7)
    np.testing.assert_array_equal(a.y, b.y)
    assert not np.array_equal(a.y, noisy_samples(5000, 0.3, seed=8).y)
    residual = a.y - capacity.true_function(a.x)
    assert abs(residual.std() - 0.3) < 0.3 * 4 / np.sqrt(2 * 5000)  # 4 sigma of the std's error
    assert a.x.min() >= -1 and a.x.max() <= 1


def test_default_validation_curve_is_a_u_with_its_minimum_at_an_interior_degree():
    curve = default_curve(seed=0)
    best = int(np.argmin(curve.validation_mse))
    assert 0 < best < len(curve.degrees) - 1
    assert curve.validation_mse[0] > 2 * curve.validation_mse[best]  # underfit on the left
    assert curve.validation_mse[-1] > 2 * curve.validation_mse[best]  # overfit on the right
    # Nested least-squares models: the training error never rises with the degree.
    assert np.all(np.diff(curve.train_mse) <= 1e-12)


def test_default_curve_is_reproducible_with_its_seed():
    np.testing.assert_array_equal(default_curve(3).validation_mse, default_curve(3).validation_mse)


def test_validation_curve_uses_the_training_data_for_train_error():
    train, val = noisy_samples(10, seed=0), noisy_samples(10, seed=1)
    curve = validation_curve(train, val, degrees=[2])
    model = fit_polynomial(train.x, train.y, 2)
    assert curve.train_mse[0] == pytest.approx(np.mean((model.predict(train.x) - train.y) ** 2))
    assert curve.validation_mse[0] == pytest.approx(np.mean((model.predict(val.x) - val.y) ** 2))


def test_bias_variance_adds_up_to_the_error_measured_on_fresh_data():
    result = bias_variance(degrees=[0, 1, 3, 6], n_sets=300, seed=0)
    # Fresh noise is independent of the fits: E (pred - y)^2 = bias^2 + variance + sigma^2.
    np.testing.assert_allclose(result.total, result.expected_error, rtol=0.03)
    assert result.noise == pytest.approx(capacity.NOISE**2)


def test_bias_squared_plus_variance_is_exactly_the_mean_squared_distance_to_the_truth():
    result = bias_variance(degrees=[1, 4, 8], n_sets=50, seed=5)
    np.testing.assert_allclose(
        result.bias_squared + result.variance, result.model_error, rtol=1e-10
    )


def test_bias_of_a_constant_is_the_variance_of_the_true_function():
    # Degree 0 predicts about the mean of sin(pi x), which is 0: bias^2 = mean sin^2 = 1/2.
    result = bias_variance(degrees=[0], n_sets=400, seed=1)
    assert result.bias_squared[0] == pytest.approx(0.5, abs=0.02)
    # and its variance is that of a mean of 20 noisy values of a function of variance 1/2.
    assert result.variance[0] == pytest.approx((0.5 + capacity.NOISE**2) / 20, rel=0.2)


def test_bias_falls_and_variance_rises_from_a_line_to_a_high_degree():
    result = bias_variance(degrees=[1, 3, 9], n_sets=200, seed=2)
    assert result.bias_squared[0] > result.bias_squared[1]
    assert result.variance[2] > result.variance[1] > 0


def test_ridge_path_shrinks_the_weights_as_lam_grows_and_matches_sklearn():
    train, val = noisy_samples(20, seed=0), noisy_samples(100, seed=1)
    lams = np.logspace(-6, 3, 10)
    path = ridge_path(train, val, 9, lams)
    assert np.all(np.diff(path.coef_norms) < 0)
    assert path.coef_norms[-1] < 0.01 * path.coef_norms[0]
    features = PolynomialFeatures(9, include_bias=False).fit_transform(train.x[:, None])
    for lam, coef in zip(lams, path.coefs, strict=True):
        assert rel_close(coef, Ridge(alpha=lam).fit(features, train.y).coef_, rtol=1e-7)
    assert np.all(np.diff(path.train_mse) >= -1e-12)  # more penalty, never a better fit


@pytest.mark.parametrize(
    "call, match",
    [
        (lambda: polynomial_features([[1.0]], 2), "x must have 1 dimension"),
        (lambda: fit_polynomial([0, 1], [1.0], 1), "give one per example"),
        (lambda: fit_polynomial([0, 1], [1, 2], -1), "degree"),
        (lambda: fit_polynomial([0, 1], [1, 2], 1, lam=-1), "lam"),
        (lambda: noisy_samples(0), "n must be"),
        (lambda: noisy_samples(5, noise=-0.1), "noise"),
        (lambda: ridge_path(noisy_samples(5), noisy_samples(5), 2, [-1.0]), "lam"),
    ],
)
def test_bad_arguments_give_messages_that_name_them(call, match):
    with pytest.raises(ValueError, match=match):
        call()
