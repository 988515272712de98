"""Leaks inflate validation scores; honest splits and fresh data show the real level."""

from __future__ import annotations

import numpy as np
import pytest
from scipy.stats import norm
from sklearn.neighbors import KNeighborsClassifier

from course_lib.leakage import (
    best_of_random_models,
    duplicate_leakage,
    label_leak,
    nearest_neighbour_predict,
    overlapping_classes,
)


def test_nearest_neighbour_matches_sklearn():
    X, y = overlapping_classes(200, 3, seed=0)
    X_new = np.random.default_rng(1).normal(size=(50, 3))
    theirs = KNeighborsClassifier(n_neighbors=1).fit(X, y).predict(X_new)
    np.testing.assert_array_equal(nearest_neighbour_predict(X, y, X_new), theirs)


def test_overlapping_classes_have_the_bayes_accuracy_of_their_separation():
    X, y = overlapping_classes(20000, 2, separation=1.0, seed=0)
    # The best rule: class 1 where the sum of the features is above the midpoint.
    accuracy = np.mean((X.sum(axis=1) > 1.0) == y)
    assert accuracy == pytest.approx(norm.cdf(np.sqrt(2) / 2), abs=4 * np.sqrt(0.25 / 20000))


@pytest.mark.parametrize("seed", [0, 1])
def test_copies_across_a_random_split_inflate_a_memorisers_score(seed):
    leak = duplicate_leakage(seed=seed)
    bayes = norm.cdf(np.sqrt(2) / 2)  # 0.76: no model does better on new data
    assert leak.random_split_accuracy > 0.9 > bayes
    assert leak.shared_fraction > 0.8
    assert abs(leak.group_split_accuracy - leak.fresh_accuracy) < 0.1
    assert leak.fresh_accuracy < bayes


@pytest.mark.parametrize("seed", [0, 1])
def test_a_column_that_encodes_the_label_collapses_on_clean_data(seed):
    leak = label_leak(seed=seed)
    assert leak.validation_accuracy > 0.98
    # 2000 clean test rows: chance is 0.5 +- 0.011 (one standard deviation)
    assert abs(leak.clean_test_accuracy - 0.5) < 0.06
    assert leak.honest_test_accuracy > 0.65


def test_the_best_of_many_coin_tosses_by_test_score_is_a_coin_toss_on_fresh_data():
    result = best_of_random_models(n_models=1000, n_test=50, n_fresh=10000, seed=0)
    assert result.best_test_score >= 0.66  # 0.5 + 2.3 standard deviations of a 50-row score
    assert abs(result.best_fresh_score - 0.5) < 4 * np.sqrt(0.25 / 10000)
    assert result.test_scores[result.best] == result.test_scores.max()
    assert result == result  # frozen dataclass


def test_best_of_many_is_reproducible_and_its_test_scores_are_accuracies():
    a, b = best_of_random_models(n_models=50, seed=3), best_of_random_models(n_models=50, seed=3)
    np.testing.assert_array_equal(a.test_scores, b.test_scores)
    np.testing.assert_allclose(a.test_scores * 50, np.round(a.test_scores * 50))  # k / 50


def test_with_real_signal_the_winner_still_scores_lower_on_fresh_data():
    result = best_of_random_models(separation=0.5, seed=0)
    assert result.best_fresh_score < result.best_test_score
