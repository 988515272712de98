"""Splitting data: train / validation / test, k folds, and cross-validation.

- :func:`train_validation_test_split`: shuffle the indices 0..n-1 (seeded) and cut
  them into three disjoint parts of exact sizes: ceil(fraction * n) for the test
  and validation parts (scikit-learn's rounding for ``test_size``), the rest
  for training.
- :func:`kfold_indices`: k folds of consecutive indices (after an optional seeded
  shuffle); the first n % k folds get one extra index. Without shuffling this is
  exactly scikit-learn's ``KFold``.
- :func:`stratified_kfold_indices`: folds that keep every class's share. The
  labels, sorted by class (classes in order of first appearance), are dealt to
  the folds in turn like cards; that says how many of each class each fold
  gets, and each class's members fill the folds in data order (or shuffled).
  The same rule as scikit-learn's ``StratifiedKFold``, so without shuffling the
  folds are identical to its folds; with shuffling they differ (scikit-learn
  draws with the legacy RandomState) but keep the same sizes.
- :func:`imbalanced_classes`: two overlapping classes where one is rare, in a
  random order: what a plain k-fold split can leave out of a fold.
- :func:`cross_validate`: fit on k - 1 folds, score on the one left out, k times;
  the mean says how good, the spread how sure.

Every index lands in exactly one test fold. Pure numpy: no plotting, no widgets.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from course_lib.validation import check_array, check_count, check_fraction, check_same_length

Fold = tuple[np.ndarray, np.ndarray]  # (train indices, test indices)


@dataclass(frozen=True)
class Split:
    """Disjoint index arrays that together hold every index 0..n-1 once."""

    train: np.ndarray
    validation: np.ndarray
    test: np.ndarray


def train_validation_test_split(
    n: int,
    validation_fraction: float = 0.2,
    test_fraction: float = 0.2,
    seed: int | np.random.Generator = 0,
) -> Split:
    """Shuffle 0..n-1 and cut it into train, validation and test indices.

    The test part has ceil(test_fraction * n) indices, the validation part
    ceil(validation_fraction * n), training the rest (at least one).
    """
    n = check_count(n, "n")
    validation_fraction = check_fraction(validation_fraction, "validation_fraction")
    test_fraction = check_fraction(test_fraction, "test_fraction")
    n_test = math.ceil(test_fraction * n)
    n_validation = math.ceil(validation_fraction * n)
    if n_test + n_validation >= n:
        raise ValueError(
            f"validation_fraction {validation_fraction:g} and test_fraction {test_fraction:g} "
            f"of n = {n} take {n_validation} + {n_test} indices and leave none for training"
        )
    order = np.random.default_rng(seed).permutation(n)
    return Split(
        train=order[n_test + n_validation :],
        validation=order[n_test : n_test + n_validation],
        test=order[:n_test],
    )


def fold_sizes(n: int, k: int) -> np.ndarray:
    """How many indices each of k folds gets: n // k, one more for the first n % k."""
    n, k = check_count(n, "n"), check_count(k, "k", minimum=2)
    if k > n:
        raise ValueError(f"k = {k} folds need at least {k} examples, got n = {n}")
    sizes = np.full(k, n // k)
    sizes[: n % k] += 1
    return sizes


def _folds_from_labels(test_fold: np.ndarray, k: int) -> list[Fold]:
    everything = np.arange(len(test_fold))
    return [(everything[test_fold != f], everything[test_fold == f]) for f in range(k)]


def kfold_indices(
    n: int, k: int = 5, shuffle: bool = False, seed: int | np.random.Generator = 0
) -> list[Fold]:
    """k (train, test) index pairs; each index is in exactly one test fold."""
    sizes = fold_sizes(n, k)
    order = np.random.default_rng(seed).permutation(n) if shuffle else np.arange(n)
    test_fold = np.empty(n, dtype=int)
    test_fold[order] = np.repeat(np.arange(k), sizes)
    return _folds_from_labels(test_fold, k)


def stratified_kfold_indices(
    y: object, k: int = 5, shuffle: bool = False, seed: int | np.random.Generator = 0
) -> list[Fold]:
    """k (train, test) index pairs whose test folds keep each class's share of ``y``."""
    labels = np.asarray(y)
    if labels.ndim != 1 or labels.size == 0:
        raise ValueError(
            f"y must be a non-empty 1-D array of class labels, got shape {labels.shape}"
        )
    k = check_count(k, "k", minimum=2)
    classes, first, codes = np.unique(labels, return_index=True, return_inverse=True)
    order_of_appearance = np.argsort(np.argsort(first))
    codes = order_of_appearance[codes.reshape(-1)]  # 0 = the class that appears first
    counts = np.bincount(codes, minlength=len(classes))
    if counts.max() < k:
        raise ValueError(
            f"k = {k} folds need a class with at least {k} members; the largest has {counts.max()}"
        )
    rng = np.random.default_rng(seed)
    test_fold = np.empty(len(labels), dtype=int)
    start = 0
    for c, count in enumerate(counts):
        # Deal the sorted labels to the folds in turn: class c holds positions start..start+count.
        per_fold = np.bincount(np.arange(start, start + count) % k, minlength=k)
        folds_of_class = np.repeat(np.arange(k), per_fold)
        if shuffle:
            rng.shuffle(folds_of_class)
        test_fold[codes == c] = folds_of_class
        start += count
    return _folds_from_labels(test_fold, k)


def imbalanced_classes(
    n: int,
    minority_fraction: float,
    separation: float = 2.0,
    seed: int | np.random.Generator = 0,
) -> tuple[np.ndarray, np.ndarray]:
    """n points in 2-D, exactly round(minority_fraction * n) of class 1, shuffled.

    Each class is a unit Gaussian cloud; class 1's mean lies ``separation`` away
    along the first axis, so the classes overlap a little.
    """
    n = check_count(n, "n", minimum=2)
    minority_fraction = check_fraction(minority_fraction, "minority_fraction", include_ends=False)
    n_minority = round(minority_fraction * n)
    if not 0 < n_minority < n:
        raise ValueError(
            f"minority_fraction {minority_fraction:g} of n = {n} leaves a class empty; "
            f"give a fraction between {1 / n:.3g} and {1 - 1 / n:.3g}"
        )
    rng = np.random.default_rng(seed)
    y = rng.permutation(np.repeat([0, 1], [n - n_minority, n_minority]))
    X = rng.normal(size=(n, 2))
    X[:, 0] += separation * y
    return X, y


@dataclass(frozen=True)
class CrossValidation:
    """One score per fold, their mean and their spread (standard deviation)."""

    scores: np.ndarray

    @property
    def mean(self) -> float:
        return float(np.mean(self.scores))

    @property
    def std(self) -> float:
        return float(np.std(self.scores))


def cross_validate(
    fit_and_score: Callable[[np.ndarray, np.ndarray, np.ndarray, np.ndarray], float],
    X: object,
    y: object,
    k: int = 5,
    stratified: bool = False,
    shuffle: bool = True,
    seed: int | np.random.Generator = 0,
) -> CrossValidation:
    """Score a model k times, each time trained without one fold and tested on it.

    ``fit_and_score(X_train, y_train, X_test, y_test)`` fits a fresh model on the
    training part and returns its score (a number) on the test part.
    """
    if not callable(fit_and_score):
        raise TypeError(
            "fit_and_score must be a function (X_train, y_train, X_test, y_test) -> score"
        )
    X = check_array(X, "X")
    y = np.asarray(y)
    check_same_length(X, y, ("X", "y"))
    folds = (
        stratified_kfold_indices(y, k, shuffle, seed)
        if stratified
        else kfold_indices(len(y), k, shuffle, seed)
    )
    scores = []
    for i, (train, test) in enumerate(folds):
        score = fit_and_score(X[train], y[train], X[test], y[test])
        try:
            scores.append(float(score))
        except (TypeError, ValueError):
            raise TypeError(
                f"fit_and_score must return a number, got {type(score).__name__} on fold {i}"
            ) from None
    return CrossValidation(np.array(scores))
