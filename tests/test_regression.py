"""course_lib.regression: gradient by finite differences, training against least squares."""

from __future__ import annotations

import numpy as np
import pytest
from scipy.stats import norm
from sklearn.linear_model import LinearRegression

from course_lib import losses, regression, stability


def data(n=30, d=2, seed=0):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, d))
    y = X @ rng.normal(size=d) + 0.5 + rng.normal(0, 0.3, n)
    return X, y


def test_mse_gradient_matches_central_finite_differences():
    X, y = data()
    w, b = np.array([0.3, -0.7]), 0.2
    grad_w, grad_b = regression.mse_gradient(X, y, w, b)
    h = 1e-6

    def q(w_, b_):
        return losses.mse(y, regression.predict(X, w_, b_))

    numeric_w = [(q(w + h * e, b) - q(w - h * e, b)) / (2 * h) for e in np.eye(2)]
    numeric_b = (q(w, b + h) - q(w, b - h)) / (2 * h)
    np.testing.assert_allclose(grad_w, numeric_w, rtol=1e-6)
    assert grad_b == pytest.approx(numeric_b, rel=1e-6)


def test_training_converges_to_the_closed_form_least_squares_solution():
    X, y = data()
    run = regression.train(X, y, lr=0.1, epochs=2000)
    w, b = regression.least_squares(X, y)
    reference = LinearRegression().fit(X, y)
    np.testing.assert_allclose(w, reference.coef_, rtol=1e-9)
    np.testing.assert_allclose(run.weights[-1], reference.coef_, rtol=1e-6)
    assert run.biases[-1] == pytest.approx(reference.intercept_, rel=1e-6)
    assert run.diverged_at is None


def test_recorded_per_example_losses_are_the_squared_errors_of_each_epochs_model():
    X, y = data(n=12, d=1)
    run = regression.train(X, y, lr=0.05, epochs=20)
    assert run.per_example_losses.shape == (21, 12)
    for epoch in (0, 7, 20):
        prediction = regression.predict(X, run.weights[epoch], run.biases[epoch])
        np.testing.assert_allclose(run.per_example_losses[epoch], (prediction - y) ** 2)
    np.testing.assert_allclose(run.risk, run.per_example_losses.mean(axis=1))
    assert np.all(np.diff(run.risk) <= 1e-12)  # a small step never raises Q on a quadratic


def test_a_learning_rate_above_the_stable_limit_diverges_and_is_marked():
    x = np.linspace(-2, 2, 12)
    y = 3 * x + 1
    limit = stability.max_stable_lr(stability.linear_mse_hessian(x))
    good = regression.train(x, y, 0.95 * limit, epochs=400)
    bad = regression.train(x, y, 1.05 * limit, epochs=2000)
    assert good.risk[-1] < 1e-6
    assert bad.diverged_at is not None
    assert np.all(np.isfinite(bad.per_example_losses))
    assert bad.risk[-1] > bad.risk[0]


def test_a_run_stops_where_q_passes_the_shared_threshold_and_keeps_its_last_state():
    x = np.linspace(-2, 2, 12)
    y = 3 * x + 1
    run = regression.train(x, y, 3 * stability.max_stable_lr(stability.linear_mse_hessian(x)), 60)
    k = run.diverged_at
    assert k is not None and not stability.diverged(run.risk[k - 1])
    w, b = run.weights[k - 1], run.biases[k - 1]
    grad_w, grad_b = regression.mse_gradient(x, y, w, b)
    step_taken = losses.mse(y, regression.predict(x, w - run.lr * grad_w, b - run.lr * grad_b))
    assert stability.diverged(step_taken)
    assert np.all(run.weights[k:] == run.weights[k - 1]) and np.all(run.risk[k:] == run.risk[k - 1])


def test_the_shared_hessian_is_the_hessian_of_this_mse_by_finite_differences():
    x = np.random.default_rng(1).normal(2, 3, 20)
    y = np.zeros(20)
    h = 1e-4

    def grad(theta):
        gw, gb = regression.mse_gradient(x, y, theta[:1], theta[1])
        return np.array([gw[0], gb])

    hessian = np.array([(grad(h * e) - grad(-h * e)) / (2 * h) for e in np.eye(2)])
    np.testing.assert_allclose(stability.linear_mse_hessian(x), hessian, rtol=1e-6)
    expected = 2 / np.linalg.eigvalsh(hessian).max()
    assert stability.max_stable_lr(stability.linear_mse_hessian(x)) == pytest.approx(
        expected, rel=1e-6
    )


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"lr": -1.0}, "lr must be a positive finite number"),
        ({"lr": float("nan")}, "lr must be a positive finite number"),
        ({"lr": 0.1, "epochs": 2.5}, "epochs must be a whole number"),
        ({"lr": 0.1, "w0": [1.0, 2.0]}, r"w0 has shape \(2,\) but X has 1 features"),
    ],
)
def test_bad_training_settings_raise_readable_errors(kwargs, message):
    with pytest.raises(ValueError, match=message):
        regression.train(np.arange(5.0), np.arange(5.0), **kwargs)


def test_mismatched_x_and_y_name_both_shapes():
    with pytest.raises(ValueError, match=r"y has shape \(4,\) but X has 5 examples"):
        regression.train(np.arange(5.0), np.arange(4.0), 0.1)


def test_standardize_gives_mean_zero_and_std_one():
    z, mean, std = regression.standardize([18.0, 25.0, 31.0, 40.0])
    assert z.mean() == pytest.approx(0, abs=1e-12) and z.std() == pytest.approx(1)
    assert mean == pytest.approx(28.5)
    with pytest.raises(ValueError, match="same value everywhere"):
        regression.standardize([2.0, 2.0])


def test_normal_cdf_matches_scipy():
    z = np.linspace(-6, 6, 49)
    np.testing.assert_allclose(regression.normal_cdf(z), norm.cdf(z), rtol=1e-12, atol=1e-15)
    np.testing.assert_allclose(regression.normal_cdf([0.0, 1.959964]), [0.5, 0.975], atol=1e-6)


def test_probability_above_is_the_normal_tail_beyond_the_threshold():
    prediction = np.array([100.0, 140.0, 200.0])
    expected = norm.sf(140.0, loc=prediction, scale=25.0)
    np.testing.assert_allclose(regression.probability_above(prediction, 140.0, 25.0), expected)
    with pytest.raises(ValueError, match="sigma must be a positive finite number"):
        regression.probability_above(prediction, 140.0, 0.0)
