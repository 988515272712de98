"""Ranking metrics: is what matters near the top of the list?

A search engine or recommender scores n items for a query; a person reads
the top few. Given each item's true relevance (y_true) and the model's score
(y_score), the items are ranked by score, highest first:

    precision@K  relevant items in the top K / K
    recall@K     relevant items in the top K / all relevant items
    AP           average precision of the ranked list: the mean, over the relevant
                 items, of the precision at each one's rank (``curves.average_precision_score``)
    MAP          the mean of AP over queries
    DCG@K        sum over ranks r = 1..K of relevance(r) / log2(r + 1): graded
                 relevance, discounted by position
    NDCG@K       DCG@K / the DCG@K of the ideal order (relevance sorted), in [0, 1]

Ties in y_score have no order, so every function here averages over all the
orders of tied items (McSherry & Najork, 2008): a tied group that straddles
the cut-off K contributes its average relevance for each slot it gets. This
is what scikit-learn's ``ndcg_score`` and ``dcg_score`` do (tested to 1e-12),
and AP treats a tied group as one threshold, as ``average_precision_score``
does.

Arguments: one query as 1-D arrays of n items, or many queries as 2-D
arrays (one row per query), where the metric is averaged over queries.
precision@K, recall@K and AP need 0/1 relevance; DCG and NDCG take any
relevance >= 0. A query with no relevant item makes recall, AP and NDCG 0/0:
an ``UndefinedMetricError`` (scikit-learn scores such a query 0 in
``ndcg_score`` and warns in ``average_precision_score``). Pure numpy.
"""

from __future__ import annotations

import numpy as np

from course_lib.curves import average_precision_score
from course_lib.metrics import UndefinedMetricError
from course_lib.validation import check_array, check_count, check_scalar


def scores_for_order(order: object) -> np.ndarray:
    """Scores that rank the items in ``order`` (item ``order[0]`` first): n, n - 1, ..., 1.

    A ranked list a person arranges by hand becomes the y_score every metric here takes.
    """
    items = np.asarray(order)
    n = len(items)
    if items.ndim != 1 or n == 0 or not np.array_equal(np.sort(items), np.arange(n)):
        raise ValueError(f"order must list every item 0..n-1 once, got {items.tolist()!r}")
    score = np.empty(n)
    score[items] = np.arange(n, 0, -1)
    return score


def _queries(y_true: object, y_score: object, binary: bool) -> tuple[np.ndarray, np.ndarray]:
    """y_true and y_score as 2-D arrays (queries, items) of the same shape, checked."""
    true = check_array(y_true, "y_true")
    score = check_array(y_score, "y_score")
    if true.ndim not in (1, 2):
        raise ValueError(
            f"y_true must be 1-D (one query) or 2-D (queries, items), got {true.shape}"
        )
    if score.shape != true.shape:
        raise ValueError(
            f"y_score has shape {score.shape} but y_true has shape {true.shape}; "
            "give one score per item"
        )
    if binary and np.any((true != 0) & (true != 1)):
        raise ValueError("y_true must hold only 0 (not relevant) and 1 (relevant)")
    if np.any(true < 0):
        raise ValueError("y_true must hold relevance >= 0, got a negative value")
    return np.atleast_2d(true), np.atleast_2d(score)


def _check_k(k: int | None, n_items: int, cap: bool) -> int:
    if k is None:
        return n_items
    k = check_count(k, "k")
    if not cap and k > n_items:
        raise ValueError(f"k must be at most the number of items ({n_items}), got {k}")
    return min(k, n_items)


def tie_averaged_gain(relevance: np.ndarray, score: np.ndarray, discount: np.ndarray) -> float:
    """sum over ranks r of relevance(r) * discount[r], averaged over all orders of ties.

    Each tied group in score order takes consecutive ranks; whatever order the
    tie takes, its total is (its mean relevance) * (the sum of its ranks' discounts).
    """
    _, group, sizes = np.unique(-score, return_inverse=True, return_counts=True)
    mean_relevance = np.bincount(group, weights=relevance, minlength=len(sizes)) / sizes
    discount_sums = np.diff(np.r_[0.0, np.cumsum(discount)[np.cumsum(sizes) - 1]])
    return float(np.sum(mean_relevance * discount_sums))


def _relevant_in_top(true: np.ndarray, score: np.ndarray, k: int) -> np.ndarray:
    top = np.zeros(true.shape[1])
    top[:k] = 1
    return np.array([tie_averaged_gain(t, s, top) for t, s in zip(true, score, strict=True)])


def precision_at_k(y_true: object, y_score: object, k: int) -> float:
    """The share of the top ``k`` items (by score) that are relevant, mean over queries."""
    true, score = _queries(y_true, y_score, binary=True)
    k = _check_k(k, true.shape[1], cap=False)
    return float(np.mean(_relevant_in_top(true, score, k) / k))


def recall_at_k(y_true: object, y_score: object, k: int) -> float:
    """The share of the relevant items that are in the top ``k``, mean over queries."""
    true, score = _queries(y_true, y_score, binary=True)
    k = _check_k(k, true.shape[1], cap=False)
    relevant = true.sum(axis=1)
    _no_relevant_item(relevant, "recall@K")
    return float(np.mean(_relevant_in_top(true, score, k) / relevant))


def _no_relevant_item(totals: np.ndarray, what: str) -> None:
    if np.any(totals == 0):
        query = int(np.flatnonzero(totals == 0)[0])
        raise UndefinedMetricError(
            f"{what} is undefined: query {query} has no relevant item (y_true is all 0 there)"
        )


def mean_average_precision(y_true: object, y_score: object) -> float:
    """MAP: the average precision of each query's ranked list, averaged over queries."""
    true, score = _queries(y_true, y_score, binary=True)
    _no_relevant_item(true.sum(axis=1), "average precision")
    return float(np.mean([average_precision_score(t, s) for t, s in zip(true, score, strict=True)]))


def _dcg_per_query(
    true: np.ndarray, score: np.ndarray, k: int, log_base: float, ties: bool
) -> np.ndarray:
    discount = 1 / (np.log(np.arange(true.shape[1]) + 2) / np.log(log_base))
    discount[k:] = 0
    if not ties:  # scores are only used to sort: relevance sorted high to low is the ideal
        return np.sort(true, axis=1)[:, ::-1] @ discount
    return np.array([tie_averaged_gain(t, s, discount) for t, s in zip(true, score, strict=True)])


def dcg_score(y_true: object, y_score: object, k: int | None = None, log_base: float = 2) -> float:
    """DCG@k: relevance discounted by 1 / log(rank + 1), summed over the top ``k``."""
    true, score = _queries(y_true, y_score, binary=False)
    k = _check_k(k, true.shape[1], cap=True)
    log_base = check_scalar(log_base, "log_base", minimum=1, include_minimum=False)
    return float(np.mean(_dcg_per_query(true, score, k, log_base, ties=True)))


def ndcg_score(y_true: object, y_score: object, k: int | None = None) -> float:
    """NDCG@k: DCG@k divided by the best DCG@k any order could get, mean over queries."""
    true, score = _queries(y_true, y_score, binary=False)
    k = _check_k(k, true.shape[1], cap=True)
    ideal = _dcg_per_query(true, true, k, 2, ties=False)
    _no_relevant_item(ideal, "NDCG")
    return float(np.mean(_dcg_per_query(true, score, k, 2, ties=True) / ideal))
