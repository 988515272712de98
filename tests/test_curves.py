"""ROC and precision-recall curves match scikit-learn point for point, ties included;
the chosen thresholds are the best ones a brute-force search finds."""

from __future__ import annotations

import warnings

import numpy as np
import pytest
from sklearn import exceptions as sk_exceptions
from sklearn import metrics as sk

from course_lib.curves import (
    auc,
    average_precision_score,
    bayes_threshold,
    cheapest_threshold,
    cost_curve,
    counts_at_thresholds,
    precision_recall_curve,
    roc_auc_score,
    roc_curve,
    threshold_for_recall,
)
from course_lib.metrics import UndefinedMetricError, confusion_at_threshold


def scored_labels(seed=0, count=200, both_classes=True):
    """Random 0/1 labels with scores: continuous, coarse (many ties) or all equal."""
    rng = np.random.default_rng(seed)
    made = 0
    while made < count:
        n = int(rng.integers(2, 40))
        y_true = (rng.random(n) < rng.choice([0.1, 0.5, 0.9])).astype(int)
        if both_classes and y_true.min() == y_true.max():
            continue
        kind = rng.choice(["continuous", "coarse", "constant"], p=[0.4, 0.5, 0.1])
        if kind == "continuous":
            y_score = rng.normal(size=n) + y_true
        elif kind == "coarse":
            y_score = rng.integers(0, 4, n) / 3 + 0.3 * y_true * rng.integers(0, 2, n)
        else:
            y_score = np.full(n, 0.7)
        made += 1
        yield y_true, y_score


@pytest.mark.parametrize("drop_intermediate", [False, True])
def test_roc_curve_matches_sklearn_point_for_point_with_ties(drop_intermediate):
    for y_true, y_score in scored_labels():
        fpr, tpr, thresholds = sk.roc_curve(y_true, y_score, drop_intermediate=drop_intermediate)
        curve = roc_curve(y_true, y_score, drop_intermediate=drop_intermediate)
        np.testing.assert_array_equal(curve.fpr, fpr)
        np.testing.assert_array_equal(curve.tpr, tpr)
        np.testing.assert_array_equal(curve.thresholds, thresholds)


def test_roc_curve_has_one_point_per_distinct_score_plus_the_origin():
    curve = roc_curve([0, 1, 1, 0, 1], [0.2, 0.8, 0.8, 0.8, 0.1])
    np.testing.assert_array_equal(curve.thresholds, [np.inf, 0.8, 0.2, 0.1])
    np.testing.assert_allclose(curve.fpr, [0, 0.5, 1, 1])
    np.testing.assert_allclose(curve.tpr, [0, 2 / 3, 2 / 3, 1])  # the tie moves diagonally


def test_roc_auc_matches_sklearn_and_the_chance_a_positive_outscores_a_negative():
    for y_true, y_score in scored_labels(seed=1):
        ours = roc_auc_score(y_true, y_score)
        assert ours == pytest.approx(sk.roc_auc_score(y_true, y_score), abs=1e-12)
        pos, neg = y_score[y_true == 1], y_score[y_true == 0]
        wins = (pos[:, None] > neg[None, :]) + 0.5 * (pos[:, None] == neg[None, :])
        assert ours == pytest.approx(wins.mean(), abs=1e-12)  # a torch-free, curve-free twin


def test_all_equal_scores_give_the_diagonal_and_auc_one_half():
    curve = roc_curve([0, 1, 0, 1, 1], [0.3] * 5)
    np.testing.assert_array_equal(curve.fpr, [0, 1])
    np.testing.assert_array_equal(curve.tpr, [0, 1])
    assert roc_auc_score([0, 1, 0, 1, 1], [0.3] * 5) == 0.5


def test_roc_with_one_class_is_undefined_as_sklearn_says():
    with pytest.warns(sk_exceptions.UndefinedMetricWarning, match="not defined"):
        assert np.isnan(sk.roc_auc_score([1, 1, 1], [0.1, 0.5, 0.9]))
    with pytest.raises(UndefinedMetricError, match="no negative"):
        roc_auc_score([1, 1, 1], [0.1, 0.5, 0.9])
    with pytest.raises(UndefinedMetricError, match="no positive"):
        roc_curve([0, 0], [0.1, 0.5])


def test_precision_recall_curve_matches_sklearn_point_for_point_with_ties():
    for y_true, y_score in scored_labels(seed=2):
        precision, recall, thresholds = sk.precision_recall_curve(y_true, y_score)
        curve = precision_recall_curve(y_true, y_score)
        np.testing.assert_array_equal(curve.precision, precision)
        np.testing.assert_array_equal(curve.recall, recall)
        np.testing.assert_array_equal(curve.thresholds, thresholds)


def test_average_precision_matches_sklearn_including_a_single_class_of_positives():
    for y_true, y_score in scored_labels(seed=3, both_classes=False):
        if y_true.sum() == 0:
            continue
        ours = average_precision_score(y_true, y_score)
        assert ours == pytest.approx(sk.average_precision_score(y_true, y_score), abs=1e-12)


def test_average_precision_without_ties_is_the_mean_precision_at_each_positive():
    rng = np.random.default_rng(4)
    for _ in range(50):
        y_true = rng.integers(0, 2, 20)
        y_true[0] = 1
        y_score = rng.permutation(20).astype(float)
        ranked = y_true[np.argsort(-y_score)]
        precision_at_rank = np.cumsum(ranked) / np.arange(1, 21)
        expected = precision_at_rank[ranked == 1].mean()
        assert average_precision_score(y_true, y_score) == pytest.approx(expected, abs=1e-12)


def test_average_precision_without_positives_is_undefined_where_sklearn_warns_and_gives_zero():
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        assert sk.average_precision_score([0, 0, 0], [0.1, 0.2, 0.3]) == 0.0
    assert any("No positive class" in str(w.message) for w in caught)
    with pytest.raises(UndefinedMetricError, match="no positive"):
        average_precision_score([0, 0, 0], [0.1, 0.2, 0.3])


def test_auc_is_the_trapezoid_rule_in_either_direction_and_refuses_a_scribble():
    x, y = np.array([0.0, 0.2, 0.5, 1.0]), np.array([0.0, 0.6, 0.7, 1.0])
    expected = 0.2 * 0.3 + 0.3 * 0.65 + 0.5 * 0.85
    assert auc(x, y) == pytest.approx(expected, abs=1e-15)
    assert auc(x[::-1], y[::-1]) == pytest.approx(expected, abs=1e-15)
    assert auc(x, y) == pytest.approx(sk.auc(x, y), abs=1e-15)
    with pytest.raises(ValueError, match="increasing or decreasing"):
        auc([0, 1, 0.5], [0, 1, 1])


def test_curves_validate_their_arguments():
    with pytest.raises(ValueError, match="y_score has 2 entries but y_true has 3"):
        roc_curve([0, 1, 1], [0.1, 0.2])
    with pytest.raises(ValueError, match="y_true must hold only the labels 0 and 1"):
        precision_recall_curve([0, 1, 2], [0.1, 0.2, 0.3])
    with pytest.raises(ValueError, match="y_score holds NaN"):
        roc_auc_score([0, 1], [0.1, np.inf])


def brute_force_costs(y_true, y_score, fp_cost, fn_cost):
    thresholds = np.r_[np.inf, np.unique(y_score)[::-1]]
    costs = [
        confusion_at_threshold(y_true, y_score, t).expected_cost(fp_cost, fn_cost)
        for t in thresholds
    ]
    return thresholds, np.array(costs)


def test_cost_curve_and_cheapest_threshold_match_a_brute_force_search():
    rng = np.random.default_rng(5)
    for y_true, y_score in scored_labels(seed=5, count=80):
        fp_cost, fn_cost = rng.choice([0.0, 1.0, 5.0, 20.0], size=2)
        thresholds, costs = brute_force_costs(y_true, y_score, fp_cost, fn_cost)
        curve = cost_curve(y_true, y_score, fp_cost, fn_cost)
        np.testing.assert_array_equal(curve.thresholds, thresholds)
        np.testing.assert_allclose(curve.costs, costs, rtol=0, atol=1e-12)
        choice = cheapest_threshold(y_true, y_score, fp_cost, fn_cost)
        assert choice.counts.expected_cost(fp_cost, fn_cost) == pytest.approx(costs.min())
        assert choice.threshold == thresholds[np.isclose(costs, costs.min())].max()


def test_counts_at_thresholds_match_sklearn_confusion_matrix_at_each_threshold():
    for y_true, y_score in scored_labels(seed=6, count=40):
        counts = counts_at_thresholds(y_true, y_score)
        for i, t in enumerate(counts.thresholds):
            tn, fp, fn, tp = sk.confusion_matrix(y_true, y_score >= t, labels=[0, 1]).ravel()
            got = counts.at(i)
            assert (got.tp, got.fp, got.fn, got.tn) == (tp, fp, fn, tn)


def test_with_calibrated_probabilities_the_cheapest_threshold_is_near_the_bayes_threshold():
    rng = np.random.default_rng(7)
    p = rng.random(20000)
    y_true = (rng.random(20000) < p).astype(int)  # p is exactly the chance of a 1
    for fp_cost, fn_cost in [(1, 1), (1, 4), (9, 1)]:
        chosen = cheapest_threshold(y_true, p, fp_cost, fn_cost).threshold
        assert chosen == pytest.approx(bayes_threshold(fp_cost, fn_cost), abs=0.03)
    with pytest.raises(ValueError, match="both be 0"):
        bayes_threshold(0, 0)


def test_threshold_for_recall_is_the_most_precise_threshold_meeting_the_requirement():
    rng = np.random.default_rng(8)
    for y_true, y_score in scored_labels(seed=8, count=80):
        min_recall = float(rng.choice([0.0, 0.3, 0.5, 0.8, 0.95, 1.0]))
        best = None
        for t in np.unique(y_score):
            counts = confusion_at_threshold(y_true, y_score, t)
            if counts.recall() >= min_recall:
                key = (counts.precision(), t)  # best precision, then the highest threshold
                best = key if best is None or key > best else best
        choice = threshold_for_recall(y_true, y_score, min_recall)
        assert choice.counts.recall() >= min_recall
        assert (choice.counts.precision(), choice.threshold) == best
