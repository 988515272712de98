"""An MLP memorises random labels: 100 % on training digits, chance on held-out ones."""

from __future__ import annotations

import numpy as np
import pytest

from course_lib.memorization import CHANCE, N_TEST, memorization_sweep, memorize, random_labels

# The test accuracy of a model that knows nothing is a share of N_TEST = 500 guesses,
# each right with probability 1/10: standard deviation sqrt(0.1 * 0.9 / 500) = 0.0134.
# Four of them (0.054) leave a false alarm once in ~15 000 seeds. This holds for test
# labels drawn independently of the model (random ones), not for the true labels.
MARGIN = 4 * np.sqrt(CHANCE * (1 - CHANCE) / N_TEST)


def test_random_labels_are_uniform_reproducible_and_within_the_classes():
    labels = random_labels(10000, 10, seed=0)
    np.testing.assert_array_equal(labels, random_labels(10000, 10, seed=0))
    counts = np.bincount(labels, minlength=10)
    assert counts.min() >= 0 and labels.max() == 9
    # chi-square with 9 degrees of freedom: 27.9 is its 0.999 quantile
    assert np.sum((counts - 1000) ** 2 / 1000) < 27.9


def test_an_mlp_memorises_random_labels_while_test_accuracy_stays_at_chance():
    result = memorize(256, random=True, seed=0)
    assert result.train_accuracy >= 0.99 and result.epochs is not None
    # Fresh random test labels are independent of the model: a binomial share, 4 sigma.
    assert abs(result.random_test_accuracy - CHANCE) <= MARGIN
    # True labels: chance on average, but whole classes move together (module docstring):
    # far below what the same network reaches on true labels (0.93).
    assert result.test_accuracy < CHANCE + 0.1


def test_the_same_network_on_true_labels_generalises():
    result = memorize(256, random=False, seed=0)
    assert result.train_accuracy == 1.0
    assert result.test_accuracy > 0.85


def test_random_labels_take_more_epochs_than_true_ones_and_more_with_more_examples():
    random = memorization_sweep((32, 128, 256), random=True, seed=0)
    true = memorization_sweep((32, 128, 256), random=False, seed=0)
    epochs = [r.epochs for r in random]
    assert epochs[0] < epochs[1] < epochs[2]
    assert all(r.epochs > t.epochs for r, t in zip(random, true, strict=True))


def test_memorize_is_reproducible_with_its_seed():
    assert memorize(64, seed=5) == memorize(64, seed=5)


def test_memorize_refuses_more_examples_than_are_left_after_the_test_set():
    with pytest.raises(ValueError, match="at most 1297"):
        memorize(1500)


def test_the_curves_end_at_the_reported_accuracies_one_value_per_epoch():
    result = memorize(64, seed=3)
    assert len(result.train_curve) == len(result.test_curve) == result.epochs + 1
    assert result.train_curve[-1] == result.train_accuracy == 1.0
    assert result.test_curve[-1] == pytest.approx(result.test_accuracy)
    assert result.train_curve[0] < 0.5  # epoch 0 is the untrained network
