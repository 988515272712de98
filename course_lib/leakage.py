"""Leakage: validation scores that look brilliant because the answer slipped in.

Three ways a score lies, each on data made here with a seed:

- :func:`duplicate_leakage`: the same example appears several times (a photo
  uploaded twice, a customer in two files). A random split puts copies on both
  sides, so a model that simply memorises (1-nearest-neighbour) "recognises"
  validation examples it has seen. Splitting by group (all copies of an example
  on one side) gives the honest score, which fresh data confirms.
- :func:`label_leak`: one column of the data encodes the label (recorded after
  the outcome was known, e.g. "refund issued" when predicting "complaint").
  Validation data drawn the same way scores near 100 %; on clean data, where
  that column carries no information about the label, the model collapses.
- :func:`best_of_random_models`: choose the best of many models by their score
  on the test set, then report that score: it is the maximum of many noisy
  numbers, so it is too high. The same model on fresh data shows its real level.

The classes: two overlapping Gaussian clouds in d dimensions
(:func:`overlapping_classes`), so no model can be perfect honestly.

Pure numpy: no plotting, no widgets.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from course_lib.capacity import fit_linear
from course_lib.validation import check_array, check_count, check_fraction, check_scalar


def overlapping_classes(
    n: int, n_features: int = 2, separation: float = 1.0, seed: int | np.random.Generator = 0
) -> tuple[np.ndarray, np.ndarray]:
    """n points, labels 0/1 alternating; class 1's mean is ``separation`` away along every axis.

    Each feature is normal with standard deviation 1, so the classes overlap:
    the best possible accuracy is Phi(separation * sqrt(n_features) / 2).
    """
    n = check_count(n, "n")
    n_features = check_count(n_features, "n_features")
    separation = check_scalar(separation, "separation", minimum=0)
    rng = np.random.default_rng(seed)
    y = np.arange(n) % 2
    X = rng.normal(size=(n, n_features)) + separation * y[:, None]
    return X, y


def nearest_neighbour_predict(X_train: object, y_train: object, X: object) -> np.ndarray:
    """The label of the nearest training point (Euclidean) for every row of X: pure memory."""
    X_train = check_array(X_train, "X_train", ndim=2)
    X = check_array(X, "X", ndim=2)
    y_train = np.asarray(y_train)
    squared = (X**2).sum(1)[:, None] - 2 * X @ X_train.T + (X_train**2).sum(1)[None, :]
    return y_train[np.argmin(squared, axis=1)]


def _accuracy(y_true: np.ndarray, y_pred: np.ndarray) -> float:
    return float(np.mean(y_true == y_pred))


@dataclass(frozen=True)
class DuplicateLeak:
    """1-nearest-neighbour accuracy under a random split, a group split, and on fresh data."""

    random_split_accuracy: float  # copies on both sides: looks great
    group_split_accuracy: float  # every example's copies on one side: honest
    fresh_accuracy: float  # new examples from the same source
    shared_fraction: float  # share of validation rows whose copy is in training (random split)


def duplicate_leakage(
    n_unique: int = 200,
    copies: int = 3,
    validation_fraction: float = 0.3,
    separation: float = 1.0,
    seed: int = 0,
) -> DuplicateLeak:
    """How copies of the same examples across the split inflate a memoriser's score."""
    n_unique, copies = check_count(n_unique, "n_unique", 2), check_count(copies, "copies", 2)
    validation_fraction = check_fraction(
        validation_fraction, "validation_fraction", include_ends=False
    )
    rng = np.random.default_rng(seed)
    X, y = overlapping_classes(n_unique, separation=separation, seed=rng)
    group = np.repeat(np.arange(n_unique), copies)
    X_all, y_all = X[group], y[group]
    n_val = round(validation_fraction * len(group))

    order = rng.permutation(len(group))  # random split of the rows
    val, train = order[:n_val], order[n_val:]
    random_accuracy = _accuracy(
        y_all[val], nearest_neighbour_predict(X_all[train], y_all[train], X_all[val])
    )
    shared = float(np.mean(np.isin(group[val], group[train])))

    val_groups = rng.permutation(n_unique)[: round(validation_fraction * n_unique)]
    in_val = np.isin(group, val_groups)  # group split: copies stay together
    group_accuracy = _accuracy(
        y_all[in_val], nearest_neighbour_predict(X_all[~in_val], y_all[~in_val], X_all[in_val])
    )

    X_fresh, y_fresh = overlapping_classes(2000, separation=separation, seed=rng)
    fresh_accuracy = _accuracy(
        y_fresh, nearest_neighbour_predict(X_all[train], y_all[train], X_fresh)
    )
    return DuplicateLeak(random_accuracy, group_accuracy, fresh_accuracy, shared)


def linear_classifier(X: np.ndarray, y: np.ndarray, lam: float = 1e-3):
    """Least squares on 0/1 labels; predicts 1 where the fitted value is above 1/2."""
    coef, intercept = fit_linear(X, y.astype(float), lam)
    return lambda X_new: (np.asarray(X_new) @ coef + intercept > 0.5).astype(int)


@dataclass(frozen=True)
class LabelLeak:
    """A linear classifier with and without a column that encodes the label."""

    validation_accuracy: float  # with the leaky column, validation drawn like training
    clean_test_accuracy: float  # the same model on clean data: the column is noise there
    honest_test_accuracy: float  # a model trained without the column, on the clean data


def label_leak(
    n: int = 500,
    n_features: int = 5,
    separation: float = 0.5,
    leak_noise: float = 0.1,
    seed: int = 0,
) -> LabelLeak:
    """Add a column = label + small noise; score on validation (leaky) and on clean data.

    In the clean data the column is what it would be before the outcome is
    known: noise of the same spread around the middle, unrelated to the label.
    """
    n = check_count(n, "n", 4)
    leak_noise = check_scalar(leak_noise, "leak_noise", minimum=0, include_minimum=False)
    rng = np.random.default_rng(seed)

    def leaky(X, y):
        return np.column_stack([X, y + rng.normal(0, leak_noise, len(y))])

    def clean(X, y):
        return np.column_stack([X, 0.5 + rng.normal(0, np.sqrt(0.25 + leak_noise**2), len(y))])

    X_train, y_train = overlapping_classes(n, n_features, separation, rng)
    X_val, y_val = overlapping_classes(n, n_features, separation, rng)
    X_test, y_test = overlapping_classes(4 * n, n_features, separation, rng)
    model = linear_classifier(leaky(X_train, y_train), y_train)
    honest = linear_classifier(X_train, y_train)
    return LabelLeak(
        validation_accuracy=_accuracy(y_val, model(leaky(X_val, y_val))),
        clean_test_accuracy=_accuracy(y_test, model(clean(X_test, y_test))),
        honest_test_accuracy=_accuracy(y_test, honest(X_test)),
    )


@dataclass(frozen=True)
class BestOfMany:
    """Many random models scored on one small test set; the winner re-scored on fresh data."""

    test_scores: np.ndarray  # (n_models,) accuracy of each model on the test set
    fresh_scores: np.ndarray  # (n_models,) on fresh data
    best: int  # the model with the highest test score (the first on ties)

    @property
    def best_test_score(self) -> float:
        return float(self.test_scores[self.best])

    @property
    def best_fresh_score(self) -> float:
        return float(self.fresh_scores[self.best])


def best_of_random_models(
    n_models: int = 1000,
    n_test: int = 50,
    n_fresh: int = 10000,
    n_features: int = 10,
    separation: float = 0.0,
    seed: int = 0,
) -> BestOfMany:
    """Random linear classifiers (random direction, threshold at 0) chosen by a test score.

    With ``separation`` 0 the labels say nothing about the inputs: every model
    is a coin toss (50 %), yet the winner's test score is far above 50 %.
    """
    n_models = check_count(n_models, "n_models")
    n_test, n_fresh = check_count(n_test, "n_test"), check_count(n_fresh, "n_fresh")
    rng = np.random.default_rng(seed)
    directions = rng.normal(size=(n_features, n_models))

    def scores(X, y):
        centred = X - separation / 2  # the midpoint between the class means at the origin
        predictions = (centred @ directions > 0).astype(int)
        return (predictions == y[:, None]).mean(axis=0)

    X_test, y_test = overlapping_classes(n_test, n_features, separation, rng)
    X_fresh, y_fresh = overlapping_classes(n_fresh, n_features, separation, rng)
    if separation == 0:  # make the labels independent coin flips, not alternating
        y_test = rng.integers(0, 2, n_test)
        y_fresh = rng.integers(0, 2, n_fresh)
    test_scores = scores(X_test, y_test)
    return BestOfMany(test_scores, scores(X_fresh, y_fresh), int(np.argmax(test_scores)))
