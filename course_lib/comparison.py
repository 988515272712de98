"""Comparing models and groups: is a difference real, and does the average hide one?

Two models scored on the same test examples differ by some amount; would
they differ as much on another test set? The examples are the source of
chance, and the two models' results on one example go together (paired):

    paired bootstrap     resample the examples with replacement (the same indices for
                         both models), recompute metric(A) - metric(B) each time; the
                         middle 95 % of those differences is a confidence interval
    permutation test     if A and B were interchangeable, swapping their predictions on
                         any example would change nothing: swap at random, and count
                         how often the difference is as large as the one observed
    McNemar's test       for right/wrong answers: only examples where the models
                         disagree count; b = A right and B wrong, c = the reverse; under
                         "no difference" b is Binomial(b + c, 1/2)

For accuracy the difference on a resample is the mean of the per-example
differences (A right - B right) over the resampled rows, so
``bootstrap_accuracy_difference`` draws the same resamples as
``paired_bootstrap`` (same seed, same indices) in one vectorised step.

A metric averaged over everyone can hide a group it fails: ``metric_by_group``
computes it per group, with the gap between the best and the worst group.

Everything random takes a ``seed`` (an int or a numpy Generator) and gives
the same answer for the same seed. ``metric`` is any function
``metric(y_true, y_pred) -> float`` (``y_pred`` may be scores), such as the
ones in ``course_lib.metrics`` and ``course_lib.curves``. Pure numpy.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from course_lib.metrics import class_labels
from course_lib.validation import check_array, check_count, check_fraction, check_same_length

Metric = Callable[[np.ndarray, np.ndarray], float]


def _paired(y_true: object, pred_a: object, pred_b: object) -> tuple[np.ndarray, ...]:
    true = class_labels(y_true, "y_true")
    a = check_array(pred_a, "y_pred_a", ndim=1)
    b = check_array(pred_b, "y_pred_b", ndim=1)
    check_same_length(true, a, ("y_true", "y_pred_a"))
    check_same_length(true, b, ("y_true", "y_pred_b"))
    return true, a, b


@dataclass(frozen=True)
class BootstrapInterval:
    """metric(A) - metric(B) on the test set and a percentile interval around it."""

    difference: float
    low: float
    high: float
    confidence: float
    differences: np.ndarray  # (n_resamples,): the difference on each resample


def paired_bootstrap(
    y_true: object,
    y_pred_a: object,
    y_pred_b: object,
    metric: Metric,
    n_resamples: int = 1000,
    confidence: float = 0.95,
    seed: int | np.random.Generator = 0,
    stratify: bool = False,
) -> BootstrapInterval:
    """A confidence interval for metric(A) - metric(B) by resampling the examples in pairs.

    ``stratify=True`` resamples within each class of y_true, so every resample
    keeps the class counts (and ROC AUC stays defined on a small test set).
    """
    true, a, b = _paired(y_true, y_pred_a, y_pred_b)
    n_resamples = check_count(n_resamples, "n_resamples")
    confidence = check_fraction(confidence, "confidence", include_ends=False)
    rng = np.random.default_rng(seed)
    if stratify:
        members = [np.flatnonzero(true == label) for label in np.unique(true)]
        picks = [m[rng.integers(0, len(m), size=(n_resamples, len(m)))] for m in members]
        resamples = np.concatenate(picks, axis=1)
    else:
        resamples = rng.integers(0, len(true), size=(n_resamples, len(true)))
    differences = np.array([metric(true[i], a[i]) - metric(true[i], b[i]) for i in resamples])
    tail = round(50 * (1 - confidence), 9)  # 0.95 -> exactly 2.5, not 2.5000000000000022
    low, high = np.percentile(differences, [tail, 100 - tail])
    observed = metric(true, a) - metric(true, b)
    return BootstrapInterval(float(observed), float(low), float(high), confidence, differences)


def bootstrap_accuracy_difference(
    y_true: object,
    y_pred_a: object,
    y_pred_b: object,
    n_resamples: int = 1000,
    confidence: float = 0.95,
    seed: int | np.random.Generator = 0,
) -> BootstrapInterval:
    """``paired_bootstrap`` with accuracy as the metric, all resamples at once.

    accuracy(A) - accuracy(B) on a resample is the mean over its rows of
    (A right) - (B right); the resamples are the same rows ``paired_bootstrap``
    draws with the same seed, so the two give the same differences.
    """
    true, a, b = _paired(y_true, y_pred_a, y_pred_b)
    n_resamples = check_count(n_resamples, "n_resamples")
    confidence = check_fraction(confidence, "confidence", include_ends=False)
    rng = np.random.default_rng(seed)
    resamples = rng.integers(0, len(true), size=(n_resamples, len(true)))
    per_example = (a == true).astype(float) - (b == true).astype(float)
    differences = per_example[resamples].mean(axis=1)
    tail = round(50 * (1 - confidence), 9)
    low, high = np.percentile(differences, [tail, 100 - tail])
    return BootstrapInterval(
        float(per_example.mean()), float(low), float(high), confidence, differences
    )


@dataclass(frozen=True)
class PermutationResult:
    """A test statistic and its two-sided p-value."""

    statistic: float
    p_value: float


def paired_permutation_test(
    y_true: object,
    y_pred_a: object,
    y_pred_b: object,
    metric: Metric,
    n_permutations: int = 1000,
    seed: int | np.random.Generator = 0,
) -> PermutationResult:
    """Swap A's and B's predictions on random examples; p = share of swaps with a difference
    at least as large as the observed one (counting the observed itself: (1 + hits) / (1 + n))."""
    true, a, b = _paired(y_true, y_pred_a, y_pred_b)
    n_permutations = check_count(n_permutations, "n_permutations")
    rng = np.random.default_rng(seed)
    observed = metric(true, a) - metric(true, b)
    swaps = rng.random((n_permutations, len(true))) < 0.5
    hits = 0
    for swap in swaps:
        first, second = np.where(swap, b, a), np.where(swap, a, b)
        difference = metric(true, first) - metric(true, second)
        hits += abs(difference) >= abs(observed) - 1e-12  # rounding must not hide a tie
    return PermutationResult(float(observed), (1 + hits) / (1 + n_permutations))


@dataclass(frozen=True)
class McNemarResult:
    """Discordant pairs (b: only A right, c: only B right), the statistic and the p-value."""

    only_a_right: int
    only_b_right: int
    statistic: float
    p_value: float


def mcnemar_test(
    y_true: object, y_pred_a: object, y_pred_b: object, exact: bool = True
) -> McNemarResult:
    """McNemar's test that two classifiers are equally often right on the same examples.

    ``exact``: the two-sided binomial test, p = min(1, 2 P(X <= min(b, c))) for
    X ~ Binomial(b + c, 1/2), with ``statistic`` = min(b, c). Otherwise the
    chi-square approximation with continuity correction,
    max(|b - c| - 1, 0)² / (b + c) on one degree of freedom (the correction
    stops at 0 when b = c, as in scipy's Yates correction).
    """
    true, a, b = _paired(y_true, y_pred_a, y_pred_b)
    a_right, b_right = a == true, b == true
    only_a, only_b = int(np.sum(a_right & ~b_right)), int(np.sum(~a_right & b_right))
    n = only_a + only_b
    if n == 0:  # the models are right on exactly the same examples: no evidence of a difference
        return McNemarResult(0, 0, 0.0, 1.0)
    if exact:
        smaller = min(only_a, only_b)
        tail = sum(math.comb(n, i) for i in range(smaller + 1)) / 2**n  # exact integers
        return McNemarResult(only_a, only_b, float(smaller), min(1.0, 2 * tail))
    statistic = max(abs(only_a - only_b) - 1, 0) ** 2 / n
    return McNemarResult(only_a, only_b, statistic, math.erfc(math.sqrt(statistic / 2)))


@dataclass(frozen=True)
class GroupMetric:
    """A metric for everyone and for each group, and the gap between best and worst group."""

    groups: tuple  # the group names, sorted
    values: np.ndarray  # the metric in each group
    sizes: np.ndarray  # how many examples each group holds
    overall: float  # the metric on all examples together

    @property
    def gap(self) -> float:
        """The best group's value minus the worst group's."""
        return float(np.max(self.values) - np.min(self.values))


def metric_by_group(y_true: object, y_pred: object, groups: object, metric: Metric) -> GroupMetric:
    """``metric`` on all examples and on each group's examples separately.

    A metric undefined in some group (recall in a group without positives)
    raises its UndefinedMetricError: pass it a ``zero_division`` to choose a value.
    """
    true = class_labels(y_true, "y_true")
    pred = check_array(y_pred, "y_pred", ndim=1)
    group = class_labels(groups, "groups")
    check_same_length(true, pred, ("y_true", "y_pred"))
    check_same_length(true, group, ("y_true", "groups"))
    names, which = np.unique(group, return_inverse=True)
    values = np.array([metric(true[which == g], pred[which == g]) for g in range(len(names))])
    return GroupMetric(
        groups=tuple(names.tolist()),
        values=values,
        sizes=np.bincount(which, minlength=len(names)),
        overall=float(metric(true, pred)),
    )
