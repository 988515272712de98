"""Flipped labels are exact in number; a contradicting example puts a floor under the loss."""

from __future__ import annotations

import numpy as np
import pytest

from course_lib.label_noise import (
    delta_rule_predict,
    fit_with_contradiction,
    flip_labels,
    train_delta_rule,
)


@pytest.mark.parametrize("fraction", [0.0, 0.1, 0.25, 1.0])
def test_flip_labels_changes_exactly_the_fraction_asked_for(fraction):
    y = np.arange(200) % 4
    noisy = flip_labels(y, fraction, seed=0)
    assert np.sum(noisy != y) == round(fraction * 200)
    assert noisy.min() >= 0 and noisy.max() <= 3
    np.testing.assert_array_equal(y, np.arange(200) % 4)  # the input is not changed


def test_flip_labels_draws_the_new_class_uniformly_from_the_others():
    y = np.zeros(30000, dtype=int)
    noisy = flip_labels(y, 1.0, seed=1, n_classes=4)
    counts = np.bincount(noisy, minlength=4)
    assert counts[0] == 0
    assert np.all(np.abs(counts[1:] - 10000) < 4 * np.sqrt(10000 * 2 / 3))


def test_flip_labels_on_binary_labels_swaps_them_and_is_reproducible():
    y = np.array([0, 1] * 50)
    noisy = flip_labels(y, 0.2, seed=3)
    changed = noisy != y
    np.testing.assert_array_equal(noisy[changed], 1 - y[changed])
    np.testing.assert_array_equal(noisy, flip_labels(y, 0.2, seed=3))


def test_flip_labels_names_bad_arguments():
    with pytest.raises(ValueError, match="integer classes"):
        flip_labels([0.5, 1.0], 0.1)
    with pytest.raises(ValueError, match="fraction"):
        flip_labels([0, 1], 1.5)
    with pytest.raises(ValueError, match="n_classes is 2"):
        flip_labels([0, 3], 0.5, n_classes=2)


def test_one_delta_rule_update_written_out():
    run = train_delta_rule([[1.0, 2.0]], [1.0], epochs=1, lr=0.1, w0=[0.5, 0.5], b0=0.0)
    # p = clip(0.5 + 1.0, 0, 1) = 1; error 0: nothing moves.
    np.testing.assert_allclose(run.w, [0.5, 0.5])
    run = train_delta_rule([[0.2, 0.4]], [1.0], epochs=1, lr=0.1)
    # p = 0.3, error 0.7: w += 0.07 * x, b += 0.07
    np.testing.assert_allclose(run.w, [0.5 + 0.014, 0.5 + 0.028])
    assert run.b == pytest.approx(0.07)
    assert run.losses[0] == pytest.approx(0.49)
    assert run.losses[1] == pytest.approx(
        (1 - delta_rule_predict(np.array([0.2, 0.4]), run.w, run.b)) ** 2
    )


# Two clusters in the plane, made here for the test: class 1 lower right, class 0 upper left.
X = np.array([[0.8, 0.2], [0.9, 0.3], [0.2, 0.9], [0.1, 0.8]])
Y = np.array([1.0, 1.0, 0.0, 0.0])
X_HELD = np.array([[0.85, 0.25], [0.15, 0.85], [0.7, 0.3], [0.3, 0.7]])
Y_HELD = np.array([1.0, 0.0, 1.0, 0.0])


def test_without_a_contradiction_the_training_loss_goes_to_zero():
    result = fit_with_contradiction(X, Y, X[0], 0.0, X_HELD, Y_HELD)
    assert result.floor_without < 1e-6
    assert result.without.heldout_loss < 0.05


def test_an_exact_contradiction_puts_a_floor_of_at_least_one_over_2n_under_the_loss():
    # Whatever the model predicts at x, (p - 1)^2 + p^2 >= 1/2: the mean over n = 5 is >= 0.1.
    result = fit_with_contradiction(X, Y, X[0], 0.0, X_HELD, Y_HELD, epochs=400)
    assert result.floor_with >= 0.5 / 5 - 1e-12
    assert result.floor_with > 100 * result.floor_without
    # the floor is a floor: the last epochs barely move
    assert np.ptp(result.with_contradiction.losses[-50:]) < 0.01 * result.floor_with
    assert result.with_contradiction.heldout_loss > result.without.heldout_loss


def test_the_runs_are_the_same_for_the_same_data():
    a = fit_with_contradiction(X, Y, [0.5, 0.5], 0.0)
    b = fit_with_contradiction(X, Y, [0.5, 0.5], 0.0)
    np.testing.assert_array_equal(a.with_contradiction.losses, b.with_contradiction.losses)
    assert a.without.heldout_loss is None


def test_fit_with_contradiction_names_bad_arguments():
    with pytest.raises(ValueError, match="x_new has 3 features"):
        fit_with_contradiction(X, Y, [0.1, 0.2, 0.3], 1.0)
    with pytest.raises(ValueError, match="both X_heldout and y_heldout"):
        fit_with_contradiction(X, Y, [0.1, 0.2], 1.0, X_heldout=X)
