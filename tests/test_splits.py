"""Splits have exact sizes; k folds match scikit-learn's KFold and StratifiedKFold."""

from __future__ import annotations

import math

import numpy as np
import pytest
from sklearn.linear_model import LinearRegression
from sklearn.model_selection import KFold, StratifiedKFold, cross_val_score
from sklearn.model_selection import train_test_split as sk_train_test_split

from course_lib.splits import (
    cross_validate,
    fold_sizes,
    imbalanced_classes,
    kfold_indices,
    stratified_kfold_indices,
    train_validation_test_split,
)


@pytest.mark.parametrize("n, val, test", [(100, 0.2, 0.2), (37, 0.15, 0.3), (10, 0.0, 0.1)])
def test_split_has_exact_sizes_and_holds_every_index_once(n, val, test):
    split = train_validation_test_split(n, val, test, seed=0)
    assert len(split.test) == math.ceil(test * n)
    assert len(split.validation) == math.ceil(val * n)
    assert len(split.train) == n - len(split.test) - len(split.validation)
    together = np.concatenate([split.train, split.validation, split.test])
    np.testing.assert_array_equal(np.sort(together), np.arange(n))


def test_split_test_size_rounds_like_sklearn():
    for n in (7, 10, 33, 101):
        for fraction in (0.1, 0.25, 0.33):
            _, theirs = sk_train_test_split(np.arange(n), test_size=fraction, random_state=0)
            assert len(train_validation_test_split(n, 0.0, fraction).test) == len(theirs)


def test_split_is_reproducible_with_its_seed_and_differs_across_seeds():
    a, b = train_validation_test_split(50, seed=3), train_validation_test_split(50, seed=3)
    np.testing.assert_array_equal(a.train, b.train)
    assert not np.array_equal(a.test, train_validation_test_split(50, seed=4).test)


def test_split_refuses_fractions_that_leave_no_training_data():
    with pytest.raises(ValueError, match="leave none for training"):
        train_validation_test_split(10, 0.5, 0.5)


@pytest.mark.parametrize("n, k", [(10, 2), (10, 3), (23, 5), (100, 10), (7, 7)])
def test_kfold_without_shuffle_equals_sklearn_kfold(n, k):
    ours = kfold_indices(n, k)
    theirs = list(KFold(k).split(np.zeros(n)))
    assert len(ours) == len(theirs)
    for (tr, te), (tr2, te2) in zip(ours, theirs, strict=True):
        np.testing.assert_array_equal(tr, tr2)
        np.testing.assert_array_equal(te, te2)


@pytest.mark.parametrize("n, k", [(23, 5), (100, 10)])
def test_shuffled_kfold_has_sklearn_fold_sizes_and_each_index_in_one_test_fold(n, k):
    ours = kfold_indices(n, k, shuffle=True, seed=1)
    theirs = KFold(k, shuffle=True, random_state=1).split(np.zeros(n))
    assert [len(te) for _, te in ours] == [len(te) for _, te in theirs]
    tests = np.concatenate([te for _, te in ours])
    np.testing.assert_array_equal(np.sort(tests), np.arange(n))
    for train, test in ours:
        assert len(np.intersect1d(train, test)) == 0 and len(train) + len(test) == n
    assert not np.array_equal(ours[0][1], kfold_indices(n, k)[0][1])  # it did shuffle


def test_fold_sizes_give_the_first_n_mod_k_folds_one_more():
    np.testing.assert_array_equal(fold_sizes(23, 5), [5, 5, 5, 4, 4])
    with pytest.raises(ValueError, match="at least 6 examples"):
        fold_sizes(5, 6)


LABELS = [
    np.array([0] * 30 + [1] * 10),
    np.array(["b", "a", "a", "c", "b", "a"] * 7 + ["c"]),  # classes not in sorted order
    np.random.default_rng(0).choice([3, 1, 2], size=57, p=[0.6, 0.3, 0.1]),
]


@pytest.mark.parametrize("y", LABELS, ids=["imbalanced", "strings", "random"])
@pytest.mark.parametrize("k", [2, 3, 5])
def test_stratified_kfold_without_shuffle_equals_sklearn(y, k):
    ours = stratified_kfold_indices(y, k)
    theirs = list(StratifiedKFold(k).split(np.zeros(len(y)), y))
    for (tr, te), (tr2, te2) in zip(ours, theirs, strict=True):
        np.testing.assert_array_equal(te, te2)
        np.testing.assert_array_equal(tr, tr2)


@pytest.mark.parametrize("y", LABELS, ids=["imbalanced", "strings", "random"])
def test_shuffled_stratified_folds_keep_class_counts_of_sklearn(y):
    k = 5
    ours = stratified_kfold_indices(y, k, shuffle=True, seed=2)
    theirs = list(StratifiedKFold(k, shuffle=True, random_state=2).split(np.zeros(len(y)), y))
    tests = np.concatenate([te for _, te in ours])
    np.testing.assert_array_equal(np.sort(tests), np.arange(len(y)))
    for (_, te), (_, te2) in zip(ours, theirs, strict=True):
        for c in np.unique(y):
            assert np.sum(y[te] == c) == np.sum(y[te2] == c)
    # every fold holds floor or ceil of (members of the class) / k of each class
    for _, te in ours:
        for c in np.unique(y):
            members = np.sum(y == c)
            assert members // k <= np.sum(y[te] == c) <= -(-members // k)


def test_cross_validate_matches_sklearn_cross_val_score():
    rng = np.random.default_rng(0)
    X = rng.normal(size=(53, 3))
    y = X @ [1.0, -2.0, 0.5] + rng.normal(0, 0.5, 53)

    def fit_and_score(X_train, y_train, X_test, y_test):
        return LinearRegression().fit(X_train, y_train).score(X_test, y_test)

    ours = cross_validate(fit_and_score, X, y, k=5, shuffle=False)
    theirs = cross_val_score(LinearRegression(), X, y, cv=KFold(5))
    np.testing.assert_allclose(ours.scores, theirs, rtol=1e-12)
    assert ours.mean == pytest.approx(theirs.mean())
    assert ours.std == pytest.approx(theirs.std())


def test_cross_validate_says_when_the_function_returns_no_number():
    with pytest.raises(TypeError, match="must return a number"):
        cross_validate(lambda *a: "good", np.zeros((10, 1)), np.zeros(10), k=2)
    with pytest.raises(ValueError, match="give one per example"):
        cross_validate(lambda *a: 0.0, np.zeros((10, 1)), np.zeros(9), k=2)


def test_imbalanced_classes_have_the_exact_minority_count_in_a_random_order():
    X, y = imbalanced_classes(60, 0.1, seed=4)
    assert X.shape == (60, 2) and y.sum() == 6
    assert not np.array_equal(y, np.sort(y))  # shuffled, not sorted
    np.testing.assert_array_equal(y, imbalanced_classes(60, 0.1, seed=4)[1])
    X, y = imbalanced_classes(4000, 0.25, separation=2.0, seed=0)
    # class 1's cloud sits 2 away along the first axis, nowhere else
    assert X[y == 1, 0].mean() - X[y == 0, 0].mean() == pytest.approx(2.0, abs=0.15)
    assert abs(X[y == 1, 1].mean() - X[y == 0, 1].mean()) < 0.15


def test_imbalanced_classes_refuse_a_fraction_that_empties_a_class():
    with pytest.raises(ValueError, match="leaves a class empty"):
        imbalanced_classes(10, 0.01)
    with pytest.raises(ValueError, match="minority_fraction"):
        imbalanced_classes(10, 1.0)


def test_a_plain_split_can_leave_a_fold_without_the_rare_class_a_stratified_one_cannot():
    _, y = imbalanced_classes(40, 0.1, seed=0)
    plain_counts = [y[test].sum() for _, test in kfold_indices(40, 4, shuffle=True, seed=2)]
    strat_counts = [y[test].sum() for _, test in stratified_kfold_indices(y, 4, True, seed=2)]
    assert sorted(strat_counts) == [1, 1, 1, 1]
    assert sum(plain_counts) == 4 and plain_counts != [1, 1, 1, 1]
