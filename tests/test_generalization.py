"""Learning curves, copies against new examples, and drift, on the polynomial task."""

from __future__ import annotations

import numpy as np
import pytest
from sklearn.linear_model import LinearRegression
from sklearn.preprocessing import PolynomialFeatures

from course_lib.capacity import NOISE, fit_polynomial, noisy_samples
from course_lib.generalization import (
    N_VALIDATION,
    copies_learning_curve,
    drift_curve,
    duplicate,
    learning_curve,
    variety_vs_volume,
)


def test_learning_curve_for_one_seed_matches_sklearn_fits_done_by_hand():
    curve = learning_curve(degree=3, sizes=(10, 40), seeds=(7,))
    rng = np.random.default_rng(7)
    pool, held = noisy_samples(40, NOISE, rng), noisy_samples(N_VALIDATION, NOISE, rng)
    poly = PolynomialFeatures(3, include_bias=False)
    for j, n in enumerate((10, 40)):
        model = LinearRegression().fit(poly.fit_transform(pool.x[:n, None]), pool.y[:n])
        train = np.mean((model.predict(poly.transform(pool.x[:n, None])) - pool.y[:n]) ** 2)
        val = np.mean((model.predict(poly.transform(held.x[:, None])) - held.y) ** 2)
        assert curve.train_mse[j] == pytest.approx(train, rel=1e-8)
        assert curve.validation_mse[j] == pytest.approx(val, rel=1e-8)


def test_learning_curves_close_in_on_the_noise_from_both_sides():
    curve = learning_curve(degree=3, sizes=(10, 20, 40, 80, 160))
    assert np.all(np.diff(curve.validation_mse) < 0)  # more data, better on new data
    assert np.all(curve.train_mse < curve.validation_mse)  # better on its own data than on new
    assert np.all(curve.validation_mse > curve.noise)  # never better than the noise allows
    gap = curve.validation_mse - curve.train_mse
    assert np.all(np.diff(gap) < 0) and gap[-1] < 0.1 * gap[0]


def test_learning_curve_is_reproducible_with_its_seeds():
    a, b = learning_curve(seeds=(1, 2)), learning_curve(seeds=(1, 2))
    np.testing.assert_array_equal(a.validation_mse, b.validation_mse)


def test_copying_every_example_leaves_a_least_squares_fit_unchanged():
    data = noisy_samples(12, seed=3)
    once = fit_polynomial(data.x, data.y, 4)
    five_times = fit_polynomial(*(lambda d: (d.x, d.y))(duplicate(data, 5)), 4)
    np.testing.assert_allclose(five_times.coef, once.coef, rtol=1e-9)
    assert five_times.intercept == pytest.approx(once.intercept, rel=1e-9)


def test_new_examples_beat_copies_of_old_ones_at_the_same_size():
    result = variety_vs_volume(n_unique=10, copies=5, degree=3)
    assert result.duplicated == pytest.approx(result.unique, rel=1e-8)
    assert result.new < 0.7 * result.duplicated


def test_drift_curve_starts_at_the_in_distribution_error_and_grows_with_the_shift():
    curve = drift_curve(shifts=(0.0, 0.25, 0.5, 0.75))
    assert curve.mse[0] == pytest.approx(curve.noise, rel=0.15)  # no shift: about the noise
    assert np.all(np.diff(curve.mse) > 0)
    assert curve.mse[-1] > 10 * curve.mse[0]


def test_drift_curve_with_zero_shift_is_the_ordinary_validation_error():
    curve = drift_curve(shifts=(0.0,), seeds=(4,))
    rng = np.random.default_rng(4)
    train = noisy_samples(100, NOISE, rng)
    model = fit_polynomial(train.x, train.y, 3)
    x = rng.uniform(-1, 1, N_VALIDATION)
    y = np.sin(np.pi * x) + rng.normal(0, NOISE, N_VALIDATION)
    assert curve.mse[0] == pytest.approx(np.mean((model.predict(x) - y) ** 2))


def test_copies_learning_curve_is_flat_where_new_examples_keep_helping():
    sizes = (10, 20, 40, 80)
    copies = copies_learning_curve(degree=3, sizes=sizes, n_unique=10)
    new = learning_curve(degree=3, sizes=sizes)
    # the same pool and validation set: equal at n = n_unique, then copies change nothing
    assert copies.validation_mse[0] == pytest.approx(new.validation_mse[0], rel=1e-9)
    np.testing.assert_allclose(copies.validation_mse, copies.validation_mse[0], rtol=1e-6)
    np.testing.assert_allclose(copies.train_mse, copies.train_mse[0], rtol=1e-6)
    assert new.validation_mse[-1] < 0.5 * copies.validation_mse[-1]


def test_copies_learning_curve_refuses_sizes_that_are_not_whole_copies():
    with pytest.raises(ValueError, match="multiple of n_unique = 10"):
        copies_learning_curve(sizes=(10, 25), n_unique=10)
