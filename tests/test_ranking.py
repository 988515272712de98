"""Ranking metrics match scikit-learn (NDCG, DCG, MAP) and, for ties, the average over
every order of the tied items found by brute force."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from sklearn import metrics as sk

from course_lib.metrics import UndefinedMetricError
from course_lib.ranking import (
    dcg_score,
    mean_average_precision,
    ndcg_score,
    precision_at_k,
    recall_at_k,
    scores_for_order,
)


def graded_queries(seed=0, count=150):
    """Random relevance (0-3) and coarse scores (many ties) for a few queries of a few items."""
    rng = np.random.default_rng(seed)
    for _ in range(count):
        shape = (int(rng.integers(1, 4)), int(rng.integers(2, 12)))
        y_true = rng.integers(0, 4, shape).astype(float)
        y_true[y_true.sum(axis=1) == 0, 0] = 2.0  # every query has a relevant item
        y_score = rng.integers(0, rng.choice([3, 100]), shape) / 10
        yield y_true, y_score


@pytest.mark.parametrize("k", [None, 1, 2, 5, 50])
def test_ndcg_and_dcg_match_sklearn_with_ties(k):
    for y_true, y_score in graded_queries():
        assert ndcg_score(y_true, y_score, k=k) == pytest.approx(
            sk.ndcg_score(y_true, y_score, k=k), abs=1e-12
        )
        assert dcg_score(y_true, y_score, k=k) == pytest.approx(
            sk.dcg_score(y_true, y_score, k=k), abs=1e-12
        )


def test_dcg_with_another_log_base_matches_sklearn():
    for y_true, y_score in graded_queries(seed=1, count=30):
        assert dcg_score(y_true, y_score, k=3, log_base=10) == pytest.approx(
            sk.dcg_score(y_true, y_score, k=3, log_base=10), abs=1e-12
        )


def test_one_query_as_1d_arrays_is_the_same_as_one_row():
    y_true, y_score = [3, 0, 1, 2], [0.1, 0.9, 0.5, 0.5]
    assert ndcg_score(y_true, y_score) == pytest.approx(sk.ndcg_score([y_true], [y_score]))
    assert ndcg_score([1, 0, 2], [2, 1, 3]) == pytest.approx(1.0)  # the ideal order
    assert ndcg_score([1, 0, 2], [3, 2, 1]) < 1


def test_ndcg_of_a_query_with_no_relevant_item_is_undefined_where_sklearn_gives_zero():
    y_true, y_score = [[0, 0, 0], [1, 0, 2]], [[0.1, 0.2, 0.3], [0.3, 0.2, 0.1]]
    assert sk.ndcg_score([[0, 0, 0]], [[0.1, 0.2, 0.3]]) == 0.0  # sklearn's convention for 0/0
    with pytest.raises(UndefinedMetricError, match="query 0 has no relevant item"):
        ndcg_score(y_true, y_score)


def mean_over_tie_orders(y_true, y_score, per_order):
    """per_order(ranked relevance) averaged over every order of the tied items (brute force)."""
    values = []
    keys = -np.asarray(y_score)
    groups = [np.flatnonzero(keys == v) for v in np.unique(keys)]
    for orders in itertools.product(*(itertools.permutations(g) for g in groups)):
        ranked = np.asarray(y_true)[np.concatenate(orders)]
        values.append(per_order(ranked))
    return float(np.mean(values))


def test_precision_and_recall_at_k_average_over_every_order_of_tied_items():
    rng = np.random.default_rng(2)
    for _ in range(60):
        n = int(rng.integers(2, 7))
        y_true = rng.integers(0, 2, n)
        y_true[0] = 1
        y_score = rng.integers(0, 3, n).astype(float)
        for k in range(1, n + 1):
            expected = mean_over_tie_orders(y_true, y_score, lambda r, k=k: r[:k].sum() / k)
            assert precision_at_k(y_true, y_score, k) == pytest.approx(expected, abs=1e-12)
            expected_recall = expected * k / y_true.sum()
            assert recall_at_k(y_true, y_score, k) == pytest.approx(expected_recall, abs=1e-12)


def test_precision_at_k_without_ties_counts_the_relevant_items_in_the_top_k():
    y_true, y_score = [1, 0, 1, 1, 0], [0.9, 0.8, 0.7, 0.1, 0.05]
    assert precision_at_k(y_true, y_score, 2) == 0.5
    assert recall_at_k(y_true, y_score, 3) == pytest.approx(2 / 3)
    assert precision_at_k([y_true, y_true[::-1]], [y_score, y_score], 1) == 0.5  # mean of 1, 0


def test_ndcg_ties_equal_the_brute_force_average_of_dcg_over_tie_orders_over_ideal():
    rng = np.random.default_rng(3)
    for _ in range(40):
        n = int(rng.integers(2, 7))
        y_true = rng.integers(0, 4, n).astype(float)
        y_true[0] = 3
        y_score = rng.integers(0, 3, n).astype(float)
        discount = 1 / np.log2(np.arange(n) + 2)
        ideal = np.sort(y_true)[::-1] @ discount
        expected = mean_over_tie_orders(y_true, y_score, lambda r, d=discount: r @ d) / ideal
        assert ndcg_score(y_true, y_score) == pytest.approx(expected, abs=1e-12)


def test_mean_average_precision_matches_sklearn_average_precision_over_samples():
    for y_true, y_score in graded_queries(seed=4):
        relevant = (y_true >= 2).astype(int)
        relevant[relevant.sum(axis=1) == 0, 0] = 1
        if relevant.shape[0] == 1:  # sklearn reads one row as one query only in 2-D
            expected = sk.average_precision_score(relevant[0], y_score[0])
        else:
            expected = sk.average_precision_score(relevant, y_score, average="samples")
        assert mean_average_precision(relevant, y_score) == pytest.approx(expected, abs=1e-12)


def test_recall_and_map_of_a_query_with_no_relevant_item_are_undefined():
    with pytest.raises(UndefinedMetricError, match="query 1 has no relevant item"):
        recall_at_k([[1, 0], [0, 0]], [[0.1, 0.2], [0.3, 0.4]], 1)
    with pytest.raises(UndefinedMetricError, match="no relevant item"):
        mean_average_precision([0, 0, 0], [0.1, 0.2, 0.3])


def test_ranking_metrics_validate_their_arguments():
    with pytest.raises(
        ValueError, match="y_score has shape \\(2,\\) but y_true has shape \\(3,\\)"
    ):
        ndcg_score([1, 0, 2], [0.1, 0.2])
    with pytest.raises(ValueError, match="only 0 \\(not relevant\\) and 1"):
        precision_at_k([2, 0, 1], [0.1, 0.2, 0.3], 1)
    with pytest.raises(ValueError, match="relevance >= 0"):
        ndcg_score([-1, 0, 1], [0.1, 0.2, 0.3])
    with pytest.raises(ValueError, match="k must be at most the number of items \\(3\\)"):
        precision_at_k([1, 0, 1], [0.1, 0.2, 0.3], 4)
    with pytest.raises(ValueError, match="k must be a whole number >= 1"):
        ndcg_score([1, 0, 1], [0.1, 0.2, 0.3], k=0)


def test_scores_for_order_rank_the_items_in_that_order():
    order = [2, 0, 3, 1]
    score = scores_for_order(order)
    np.testing.assert_array_equal(np.argsort(-score), order)
    np.testing.assert_array_equal(score, [3, 1, 4, 2])
    for wrong in ([0, 0, 1], [1, 2], []):
        with pytest.raises(ValueError, match="every item 0..n-1 once"):
            scores_for_order(wrong)
