"""Lesson 05's checks: right answers (written independently of the concept modules) pass,
also on random inputs; every anticipated mistake gets its targeted hint; nothing raises."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from course_lib import feedback
from course_lib.checks import metrics as check


# -- right answers, written from the definitions (not from the course's modules) -------------
def confusion_counts(y_true, y_pred):
    tp = int(np.sum((y_pred == 1) & (y_true == 1)))
    fp = int(np.sum((y_pred == 1) & (y_true == 0)))
    fn = int(np.sum((y_pred == 0) & (y_true == 1)))
    return tp, fp, fn, len(y_true) - tp - fp - fn


def precision_recall(tp, fp, fn):
    return (tp / (tp + fp) if tp + fp else 0.0, tp / (tp + fn) if tp + fn else 0.0)


def roc_auc(fpr, tpr):
    return sum((fpr[i + 1] - fpr[i]) * (tpr[i + 1] + tpr[i]) / 2 for i in range(len(fpr) - 1))


def average_precision(y_true, y_score):
    ranked = [t for _, t in sorted(zip(y_score, y_true, strict=True), reverse=True)]
    found, precisions = 0, []
    for rank, relevant in enumerate(ranked, start=1):
        if relevant:
            found += 1
            precisions.append(found / rank)
    return sum(precisions) / len(precisions)


def ndcg_at_k(relevance, k):
    def dcg(grades):
        return sum(g / np.log2(rank + 1) for rank, g in enumerate(grades[:k], start=1))

    return dcg(list(relevance)) / dcg(sorted(relevance, reverse=True))


def perplexity(p):
    return float(np.exp(-np.mean(np.log(p))))


def cohen_kappa(a, b):
    labels = set(a.tolist()) | set(b.tolist())
    p_o = np.mean(a == b)
    p_e = sum(np.mean(a == label) * np.mean(b == label) for label in labels)
    return (p_o - p_e) / (1 - p_e)


RIGHT = {
    check.confusion_counts: confusion_counts,
    check.precision_recall: precision_recall,
    check.roc_auc: roc_auc,
    check.average_precision: average_precision,
    check.ndcg_at_k: ndcg_at_k,
    check.perplexity: perplexity,
    check.cohen_kappa: cohen_kappa,
}


@pytest.mark.parametrize("check_", list(RIGHT), ids=lambda c: c.__name__)
def test_the_reference_answers_pass(check_):
    result = check_(RIGHT[check_])
    assert result.passed, result


@pytest.mark.parametrize("check_", list(RIGHT), ids=lambda c: c.__name__)
def test_nan_and_text_results_get_a_short_friendly_message(check_):
    for answer in (lambda *a: np.nan, lambda *a: "0.5"):
        result = check_(answer)
        assert result.status == feedback.INCORRECT
        assert len(result.text()) < 700 and "Traceback" not in result.text()


# -- the anticipated mistakes, each with its targeted hint ---------------------------------
def swapped_fp_fn(y_true, y_pred):
    tp, fp, fn, tn = confusion_counts(y_true, y_pred)
    return tp, fn, fp, tn


def sklearn_order(y_true, y_pred):
    tp, fp, fn, tn = confusion_counts(y_true, y_pred)
    return tn, fp, fn, tp


def pr_swapped(tp, fp, fn):
    return precision_recall(tp, fp, fn)[::-1]


def pr_denominators_swapped(tp, fp, fn):
    return (tp / (tp + fn) if tp + fn else 0.0, tp / (tp + fp) if tp + fp else 0.0)


def pr_one_denominator(tp, fp, fn):
    total = tp + fp + fn
    return (tp / total if total else 0.0,) * 2


def pr_no_zero_case(tp, fp, fn):
    return tp / (tp + fp), tp / (tp + fn)


def auc_no_half(fpr, tpr):
    return 2 * roc_auc(fpr, tpr)


def auc_left(fpr, tpr):
    return float(np.sum(np.diff(fpr) * tpr[:-1]))


def auc_right(fpr, tpr):
    return float(np.sum(np.diff(fpr) * tpr[1:]))


def auc_mean(fpr, tpr):
    return float(np.mean(tpr))


def _ranked(y_true, y_score):
    hits = np.asarray(y_true)[np.argsort(-np.asarray(y_score))]
    precision = np.cumsum(hits) / np.arange(1, len(hits) + 1)
    return hits, precision


def ap_every_rank(y_true, y_score):
    return float(np.mean(_ranked(y_true, y_score)[1]))


def ap_trapezoid(y_true, y_score):
    hits, precision = _ranked(y_true, y_score)
    recall = np.cumsum(hits) / hits.sum()
    steps = np.diff(np.r_[0, recall])
    return float(np.sum(steps * (precision + np.r_[1, precision[:-1]]) / 2))


def ap_last(y_true, y_score):
    return float(_ranked(y_true, y_score)[1][-1])


def dcg_only(relevance, k):
    return float(np.sum(relevance[:k] / np.log2(np.arange(2, k + 2))))


def ndcg_top_k_ideal(relevance, k):
    discount = np.log2(np.arange(2, k + 2))
    return dcg_only(relevance, k) / float(np.sum(np.sort(relevance[:k])[::-1] / discount))


def ndcg_rank_discount(relevance, k):
    ranks = np.arange(1, k + 1)
    ideal = np.sort(relevance)[::-1][:k]
    return float(np.sum(relevance[:k] / ranks) / np.sum(ideal / ranks))


MISTAKES = [
    (check.confusion_counts, swapped_fp_fn, "swapped"),
    (check.confusion_counts, sklearn_order, "scikit-learn's matrix"),
    (check.precision_recall, pr_swapped, "wrong order"),
    (check.precision_recall, pr_denominators_swapped, "denominators swapped"),
    (check.precision_recall, pr_one_denominator, "its own denominator"),
    (check.precision_recall, pr_no_zero_case, "precision is 0/0"),
    (check.roc_auc, auc_no_half, "Twice the area"),
    (check.roc_auc, auc_left, "left end"),
    (check.roc_auc, auc_right, "right end"),
    (check.roc_auc, auc_mean, "by its width"),
    (check.average_precision, ap_every_rank, "at every rank"),
    (check.average_precision, ap_trapezoid, "trapezoid"),
    (check.average_precision, ap_last, "whole list"),
    (check.ndcg_at_k, dcg_only, "That is DCG@K"),
    (check.ndcg_at_k, ndcg_top_k_ideal, "best k of ALL"),
    (check.ndcg_at_k, ndcg_rank_discount, "log2(rank + 1), not the rank"),
    (check.perplexity, lambda p: float(np.mean(-np.log(p))), "That is the cross-entropy"),
    (check.perplexity, lambda p: float(np.exp(-np.sum(np.log(p)))), "np.mean, not"),
    (check.perplexity, lambda p: float(np.exp(np.mean(np.log(p)))), "The sign"),
    (check.perplexity, lambda p: float(1 / np.mean(p)), "not the probabilities"),
    (check.cohen_kappa, lambda a, b: float(np.mean(a == b)), "raw agreement"),
    (check.cohen_kappa, lambda a, b: (np.mean(a == b) - 0.5) / 0.5, "not 1/2"),
]


@pytest.mark.parametrize(
    ("check_", "answer", "says"), MISTAKES, ids=[f"{c.__name__}-{s}" for c, _, s in MISTAKES]
)
def test_each_anticipated_mistake_gets_its_targeted_hint(check_, answer, says):
    result = check_(answer)
    assert result.status == feedback.INCORRECT
    assert says in result.hint, result.hint
    assert result.more and result.fix  # help in steps: a stronger hint, then the fix


def test_kappa_with_one_annotators_shares_squared_is_named():
    def own_shares(a, b):
        labels = np.union1d(a, b)
        p_o = np.mean(a == b)
        p_e = sum(np.mean(a == label) ** 2 for label in labels)
        return (p_o - p_e) / (1 - p_e)

    assert "not a's by itself" in check.cohen_kappa(own_shares).hint


# -- fuzzed: the checks' expected answers agree with the definitions on random inputs ------
@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(st.booleans(), st.booleans()), min_size=1, max_size=30))
def test_counts_from_the_definition_match_the_expected_counts(pairs):
    y_true = np.array([int(t) for t, _ in pairs])
    y_pred = np.array([int(p) for _, p in pairs])
    np.testing.assert_array_equal(check._counts(y_true, y_pred), confusion_counts(y_true, y_pred))


@settings(max_examples=40, deadline=None)
@given(st.integers(0, 20), st.integers(0, 20), st.integers(0, 20))
def test_precision_recall_expected_matches_the_definition_with_zero_division(tp, fp, fn):
    assert check._precision_recall(tp, fp, fn) == pytest.approx(precision_recall(tp, fp, fn))


@settings(max_examples=30, deadline=None)
@given(st.lists(st.integers(0, 3), min_size=2, max_size=12), st.integers(1, 12))
def test_ndcg_expected_matches_the_definition(grades, k):
    relevance = np.array(grades)
    if relevance.max() == 0:
        return  # NDCG is 0/0 without a relevant result
    k = min(k, len(grades))
    assert check._ndcg(relevance, k) == pytest.approx(ndcg_at_k(relevance, k), abs=1e-12)


@settings(max_examples=30, deadline=None)
@given(st.lists(st.floats(0.001, 1.0), min_size=1, max_size=20))
def test_perplexity_expected_matches_the_definition(probabilities):
    p = np.array(probabilities)
    assert check._perplexity(p) == pytest.approx(perplexity(p), rel=1e-12)


def test_the_hint_cases_keep_their_answers_defined():
    from course_lib import agreement

    a, b = check._KAPPA[0]
    assert 0 < agreement.agreement(a, b).chance < 1
    t, s = check._AP[0]
    assert len(np.unique(s)) == len(s)  # no ties: the rank-by-rank definition applies
