"""The 2-D toy datasets: seeded, in the unit square, and the same shapes as scikit-learn's."""

from __future__ import annotations

import numpy as np
import pytest
from sklearn.datasets import make_circles, make_moons

from course_lib import datasets2d as d2


@pytest.mark.parametrize("name", d2.NAMES)
def test_a_dataset_is_reproducible_balanced_and_inside_the_square_without_noise(name):
    a = d2.make_dataset(name, n=101, noise=0.0, seed=4)
    b = d2.make_dataset(name, n=101, noise=0.0, seed=4)
    np.testing.assert_array_equal(a.X, b.X)
    np.testing.assert_array_equal(a.y, b.y)
    assert a.X.shape == (101, 2) and a.y.shape == (101,) and len(a) == 101
    assert set(np.unique(a.y)) == {0, 1}
    assert abs(int(np.sum(a.y == 0)) - int(np.sum(a.y == 1))) <= 1 or name == "xor"
    assert np.all(np.abs(a.X) <= d2.LIMIT + 1e-12)


@pytest.mark.parametrize("name", d2.NAMES)
def test_noise_is_gaussian_with_the_given_standard_deviation(name):
    clean = d2.make_dataset(name, n=4000, noise=0.0, seed=1)
    noisy = d2.make_dataset(name, n=4000, noise=0.2, seed=1)
    np.testing.assert_array_equal(clean.y, noisy.y)
    shift = noisy.X - clean.X
    assert np.std(shift) == pytest.approx(0.2, rel=0.05)
    assert abs(np.mean(shift)) < 0.02


def test_different_seeds_give_different_noise():
    a = d2.make_dataset("moons", noise=0.1, seed=0)
    b = d2.make_dataset("moons", noise=0.1, seed=1)
    assert not np.allclose(a.X, b.X)


def test_moons_are_scikit_learns_moons_moved_and_scaled_into_the_square():
    ours = d2.make_dataset("moons", n=60, noise=0.0)
    X, y = make_moons(n_samples=(30, 30), shuffle=False, noise=None)
    np.testing.assert_allclose(ours.X, (X - [0.5, 0.25]) / 1.5, atol=1e-12)
    np.testing.assert_array_equal(ours.y, y)


def test_circles_are_scikit_learns_circles_with_factor_one_half():
    ours = d2.make_dataset("circles", n=60, noise=0.0)
    X, y = make_circles(n_samples=(30, 30), shuffle=False, noise=None, factor=d2.CIRCLES_FACTOR)
    np.testing.assert_allclose(ours.X, X, atol=1e-12)
    np.testing.assert_array_equal(ours.y, y)


def test_xor_labels_are_one_where_the_signs_agree_and_points_keep_off_the_axes():
    data = d2.make_dataset("xor", n=500, noise=0.0)
    np.testing.assert_array_equal(data.y, (np.sign(data.X[:, 0]) == np.sign(data.X[:, 1])))
    assert np.all(np.abs(data.X) >= d2.XOR_GAP)
    quadrants = {(bool(a), bool(b)) for a, b in data.X > 0}
    assert len(quadrants) == 4


def test_the_two_spiral_arms_are_each_others_half_turn_and_wind_outwards():
    data = d2.make_dataset("spirals", n=200, noise=0.0)
    arm0, arm1 = data.X[data.y == 0], data.X[data.y == 1]
    np.testing.assert_allclose(arm1, -arm0, atol=1e-12)
    radius = np.hypot(*arm0.T)
    assert np.all(np.diff(radius) > 0) and radius[-1] == pytest.approx(d2.LIMIT)
    angle = np.unwrap(np.arctan2(arm0[:, 1], arm0[:, 0]))
    turns = (angle[-1] - angle[0]) / (2 * np.pi)
    assert turns == pytest.approx(d2.SPIRAL_TURNS, rel=1e-9)
    assert radius[0] == pytest.approx(d2.SPIRAL_START)


def test_train_test_split_is_a_seeded_partition():
    data = d2.make_dataset("moons", n=50, noise=0.1)
    train, test = d2.train_test_split(data, test_fraction=0.3, seed=2)
    assert len(test) == 15 and len(train) == 35
    together = np.vstack([train.X, test.X])
    assert sorted(map(tuple, together)) == sorted(map(tuple, data.X))
    again, _ = d2.train_test_split(data, test_fraction=0.3, seed=2)
    np.testing.assert_array_equal(train.X, again.X)
    other, _ = d2.train_test_split(data, test_fraction=0.3, seed=3)
    assert not np.array_equal(train.X, other.X)
    for part in (train, test):  # each point keeps its own label
        for x, label in zip(part.X, part.y, strict=True):
            assert data.y[np.flatnonzero((data.X == x).all(axis=1))[0]] == label


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"name": "swirl"}, r"name must be one of \['moons', 'circles', 'xor', 'spirals'\]"),
        ({"name": "moons", "n": 1}, "n must be a whole number >= 2, got 1"),
        ({"name": "moons", "n": 10.5}, "n must be a whole number >= 2, got 10.5"),
        ({"name": "moons", "n": True}, "n must be a whole number >= 2, got True"),
        ({"name": "moons", "noise": -0.1}, "noise must be a number >= 0"),
        ({"name": "moons", "noise": float("nan")}, "noise must be a number >= 0"),
        ({"name": "moons", "noise": "0.1"}, r"noise must .* \(a standard deviation\), got .0\.1."),
    ],
)
def test_bad_arguments_are_refused_with_a_clear_message(kwargs, message):
    with pytest.raises(ValueError, match=message):
        d2.make_dataset(**kwargs)


@pytest.mark.parametrize(
    ("fraction", "message"),
    [
        (0, "strictly between 0 and 1, got 0"),
        (1, "strictly between 0 and 1, got 1"),
        (1.5, "strictly between 0 and 1, got 1.5"),
        ("half", "strictly between 0 and 1, got 'half'"),
        (0.001, "leaves an empty train or test set"),
    ],
)
def test_a_split_that_leaves_a_part_empty_is_refused(fraction, message):
    data = d2.make_dataset("moons", n=10)
    with pytest.raises(ValueError, match=f"test_fraction.*{message}"):
        d2.train_test_split(data, test_fraction=fraction)
