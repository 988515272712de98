"""Threshold curves: every classifier a score can make, and how to pick one.

A model that outputs a score s makes a different classifier at every
threshold t (predict 1 when s >= t). Sweeping t from high to low, each
distinct score adds its examples to the predicted positives at once, so
tied scores move the curve in one diagonal step, never one example at a time:

    ROC curve   x = false-positive rate fp / negatives, y = recall tp / positives,
                from (0, 0) at t = +inf to (1, 1); one point per distinct score.
    ROC AUC     the area under it by the trapezoid rule = the chance that a random
                positive scores above a random negative (a tie counts one half).
    PR curve    x = recall, y = precision, from the highest threshold down; it
                ends with scikit-learn's extra point (recall 0, precision 1).
    average precision  AP = sum over thresholds (R_k - R_(k-1)) * P_k, a step
                sum, not the trapezoid (the trapezoid overestimates on a PR curve).

Choosing a threshold: the one with the lowest expected cost when a false
positive costs ``fp_cost`` and a miss ``fn_cost`` (for calibrated
probabilities it lies near fp_cost / (fp_cost + fn_cost)), or the one that
meets a recall requirement with the best precision.

A curve needs both classes in y_true (a ROC curve with no negative has no x
axis); where scikit-learn fills such a curve with NaN and warns, these
functions raise an ``UndefinedMetricError``. Values match scikit-learn's
``roc_curve``, ``roc_auc_score``, ``precision_recall_curve`` and
``average_precision_score`` (tested). Pure numpy.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from course_lib.metrics import (
    ConfusionCounts,
    UndefinedMetricError,
    binary_labels,
    confusion_at_threshold,
    scores,
)
from course_lib.validation import check_array, check_fraction, check_same_length, check_scalar


@dataclass(frozen=True)
class ThresholdCounts:
    """Confusion counts at each distinct score, thresholds from the highest down."""

    thresholds: np.ndarray  # the distinct scores, decreasing
    tp: np.ndarray  # predicted positive (score >= threshold) and truly 1
    fp: np.ndarray  # predicted positive and truly 0
    positives: int
    negatives: int

    def at(self, i: int) -> ConfusionCounts:
        """The four counts at ``thresholds[i]``."""
        tp, fp = int(self.tp[i]), int(self.fp[i])
        return ConfusionCounts(tp=tp, fp=fp, fn=self.positives - tp, tn=self.negatives - fp)


def counts_at_thresholds(y_true: object, y_score: object) -> ThresholdCounts:
    """tp and fp at every distinct score used as a threshold (the basis of every curve)."""
    true = binary_labels(y_true, "y_true")
    values = scores(y_score, like=true)
    order = np.argsort(-values, kind="stable")
    sorted_scores, sorted_true = values[order], true[order]
    # the last example of each run of equal scores: the threshold takes the whole run at once
    ends = np.r_[np.flatnonzero(np.diff(sorted_scores)), len(values) - 1]
    tp = np.cumsum(sorted_true)[ends]
    fp = ends + 1 - tp
    return ThresholdCounts(
        sorted_scores[ends], tp, fp, int(true.sum()), int(len(true) - true.sum())
    )


def _need_both_classes(counts: ThresholdCounts, what: str) -> None:
    if counts.positives == 0 or counts.negatives == 0:
        missing = "positive (1)" if counts.positives == 0 else "negative (0)"
        raise UndefinedMetricError(
            f"{what} is undefined: y_true holds no {missing} example, only one class"
        )


# -- ROC ------------------------------------------------------------------------------
@dataclass(frozen=True)
class RocCurve:
    """False-positive rate and recall (true-positive rate) at each threshold."""

    fpr: np.ndarray
    tpr: np.ndarray
    thresholds: np.ndarray  # decreasing, starting at +inf (nothing predicted positive)


def roc_curve(y_true: object, y_score: object, drop_intermediate: bool = False) -> RocCurve:
    """The ROC curve: one point per distinct score, plus (0, 0) at threshold +inf.

    ``drop_intermediate=True`` drops points on a straight line between their
    neighbours, as scikit-learn does by default; the area is the same.
    """
    counts = counts_at_thresholds(y_true, y_score)
    _need_both_classes(counts, "the ROC curve")
    tp, fp, thresholds = counts.tp, counts.fp, counts.thresholds
    if drop_intermediate and len(tp) > 2:
        corner = np.r_[True, (np.diff(fp, 2) != 0) | (np.diff(tp, 2) != 0), True]
        tp, fp, thresholds = tp[corner], fp[corner], thresholds[corner]
    return RocCurve(
        fpr=np.r_[0, fp] / counts.negatives,
        tpr=np.r_[0, tp] / counts.positives,
        thresholds=np.r_[np.inf, thresholds],
    )


def auc(x: object, y: object) -> float:
    """The area under the polyline through (x, y) by the trapezoid rule (x monotonic)."""
    xs = check_array(x, "x", ndim=1)
    ys = check_array(y, "y", ndim=1)
    check_same_length(xs, ys, ("x", "y"))
    if len(xs) < 2:
        raise ValueError(f"x needs at least 2 points to enclose an area, got {len(xs)}")
    steps = np.diff(xs)
    if np.all(steps <= 0):
        xs, ys, steps = xs[::-1], ys[::-1], -steps[::-1]
    elif not np.all(steps >= 0):
        raise ValueError("x must be increasing or decreasing (a curve, not a scribble)")
    return float(np.sum(steps * (ys[1:] + ys[:-1]) / 2))


def roc_auc_score(y_true: object, y_score: object) -> float:
    """The area under the ROC curve: 1 ranks every positive first, 0.5 is chance."""
    curve = roc_curve(y_true, y_score)
    return auc(curve.fpr, curve.tpr)


# -- precision and recall ------------------------------------------------------------
@dataclass(frozen=True)
class PrecisionRecallCurve:
    """Precision and recall at each threshold, recall decreasing (scikit-learn's order).

    ``precision`` and ``recall`` have one entry more than ``thresholds``: the
    final point (recall 0, precision 1) that has no threshold.
    """

    precision: np.ndarray
    recall: np.ndarray
    thresholds: np.ndarray  # increasing


def precision_recall_curve(y_true: object, y_score: object) -> PrecisionRecallCurve:
    """Precision and recall at every distinct score, lowest threshold first."""
    counts = counts_at_thresholds(y_true, y_score)
    if counts.positives == 0:
        raise UndefinedMetricError(
            "the precision-recall curve is undefined: y_true holds no positive (1) example, "
            "so recall is 0/0 (scikit-learn sets it to 1 and warns)"
        )
    precision = counts.tp / (counts.tp + counts.fp)
    recall = counts.tp / counts.positives
    return PrecisionRecallCurve(
        precision=np.r_[precision[::-1], 1.0],
        recall=np.r_[recall[::-1], 0.0],
        thresholds=counts.thresholds[::-1],
    )


def average_precision_score(y_true: object, y_score: object) -> float:
    """AP = sum_k (R_k - R_(k-1)) * P_k: precision averaged over the recall gained.

    For a ranking without ties it is the mean, over the positive examples, of
    the precision among the examples ranked at or above each of them.
    """
    curve = precision_recall_curve(y_true, y_score)
    return float(max(0.0, -np.sum(np.diff(curve.recall) * curve.precision[:-1])))


# -- choosing a threshold --------------------------------------------------------------
@dataclass(frozen=True)
class ThresholdChoice:
    """A chosen threshold and the confusion counts the classifier makes with it."""

    threshold: float  # predict 1 when score >= threshold; +inf predicts nothing positive
    counts: ConfusionCounts


@dataclass(frozen=True)
class CostCurve:
    """The expected cost per example at every threshold, highest threshold first."""

    thresholds: np.ndarray  # +inf, then the distinct scores, decreasing
    costs: np.ndarray


def cost_curve(y_true: object, y_score: object, fp_cost: float, fn_cost: float) -> CostCurve:
    """(fp_cost * fp + fn_cost * fn) / n at +inf (nothing positive) and every distinct score."""
    fp_cost = check_scalar(fp_cost, "fp_cost", minimum=0)
    fn_cost = check_scalar(fn_cost, "fn_cost", minimum=0)
    counts = counts_at_thresholds(y_true, y_score)
    fp = np.r_[0, counts.fp]
    fn = counts.positives - np.r_[0, counts.tp]
    n = counts.positives + counts.negatives
    return CostCurve(np.r_[np.inf, counts.thresholds], (fp_cost * fp + fn_cost * fn) / n)


def cheapest_threshold(
    y_true: object, y_score: object, fp_cost: float, fn_cost: float
) -> ThresholdChoice:
    """The threshold with the lowest expected cost (the highest one among equal costs)."""
    curve = cost_curve(y_true, y_score, fp_cost, fn_cost)
    best = int(np.argmin(curve.costs))  # the first minimum: thresholds run high to low
    return _choice(y_true, y_score, curve.thresholds[best])


def bayes_threshold(fp_cost: float, fn_cost: float) -> float:
    """fp_cost / (fp_cost + fn_cost): the cheapest threshold for calibrated probabilities.

    Calling an example with probability p positive costs (1 - p) * fp_cost on
    average, calling it negative p * fn_cost; the first is cheaper when p is
    above this value.
    """
    fp_cost = check_scalar(fp_cost, "fp_cost", minimum=0)
    fn_cost = check_scalar(fn_cost, "fn_cost", minimum=0)
    if fp_cost + fn_cost == 0:
        raise ValueError("fp_cost and fn_cost cannot both be 0: every threshold costs nothing")
    return fp_cost / (fp_cost + fn_cost)


def threshold_for_recall(y_true: object, y_score: object, min_recall: float) -> ThresholdChoice:
    """The threshold whose recall is at least ``min_recall`` with the best precision.

    Among equally precise thresholds the highest is taken. The lowest score
    always reaches recall 1, so a requirement can always be met.
    """
    min_recall = check_fraction(min_recall, "min_recall")
    counts = counts_at_thresholds(y_true, y_score)
    if counts.positives == 0:
        raise UndefinedMetricError("recall is undefined: y_true holds no positive (1) example")
    precision = counts.tp / (counts.tp + counts.fp)
    meets = counts.tp / counts.positives >= min_recall
    best = int(np.argmax(np.where(meets, precision, -1.0)))
    return _choice(y_true, y_score, counts.thresholds[best])


def _choice(y_true: object, y_score: object, threshold: float) -> ThresholdChoice:
    return ThresholdChoice(float(threshold), confusion_at_threshold(y_true, y_score, threshold))
