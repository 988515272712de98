"""Checks for lesson 05, metrics: one function per exercise (named after its grade_id), each
returning Feedback and never raising.

- :func:`confusion_counts`: tp, fp, fn, tn of 0/1 predictions;
- :func:`precision_recall`: precision and recall from the counts, 0 when a ratio is 0/0;
- :func:`roc_auc`: the area under a ROC curve by the trapezoid rule;
- :func:`average_precision`: precision averaged over the recall gained, rank by rank;
- :func:`ndcg_at_k`: DCG@K over the DCG@K of the ideal order;
- :func:`perplexity`: exp of the mean surprise -ln p;
- :func:`cohen_kappa`: agreement corrected for the agreement chance alone gives.

Expected answers come from the course's tested concept modules (metrics, curves,
ranking, language_models, agreement), on hand-made and seeded random cases. Known
wrong answers are recognised with :mod:`course_lib.feedback`'s matcher and named.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from course_lib import agreement, curves, language_models, metrics, ranking
from course_lib.feedback import INCORRECT, Case, Feedback, check_function, check_pairs, first_hint

_RNG = np.random.default_rng(5)


def _narrow(feedback: Feedback, function: Any, args: tuple, wrong: list) -> Feedback:
    """Replace the nudge by the named mistake when the answer is a known wrong one."""
    if feedback.status == INCORRECT:
        feedback.hint = first_hint(function, args, wrong, feedback.hint)
    return feedback


# -- Exercise 1: the four confusion counts -----------------------------------------------------
def _labels_cases() -> list[tuple[np.ndarray, np.ndarray]]:
    cases = [
        (np.array([1, 0, 1, 1, 0, 0, 0, 0]), np.array([1, 1, 0, 1, 1, 0, 0, 0])),
        (np.array([0, 0, 0, 1]), np.array([0, 0, 0, 0])),  # nothing predicted positive
    ]
    for n in (10, 25):
        cases.append((_RNG.integers(0, 2, n), _RNG.integers(0, 2, n)))
    return cases


_LABELS = _labels_cases()


def _counts(y_true: np.ndarray, y_pred: np.ndarray) -> np.ndarray:
    c = metrics.confusion_counts(y_true, y_pred)
    return np.array([c.tp, c.fp, c.fn, c.tn])


def confusion_counts(function: Any) -> Feedback:
    """Exercise 1: confusion_counts(y_true, y_pred) = (tp, fp, fn, tn)."""
    feedback = check_function(
        "Exercise 1 (confusion counts)",
        function,
        [Case((t, p), _counts(t, p)) for t, p in _LABELS],
        name="confusion_counts",
        hint="Each count asks two questions of an example: what was predicted, and what is "
        "true. A false positive is predicted 1 but truly 0.",
        more="Compare whole arrays at once: (y_pred == 1) & (y_true == 1) is True exactly "
        "at the true positives; summing it counts them.",
        fix="tp = np.sum((y_pred == 1) & (y_true == 1)), fp = np.sum((y_pred == 1) & "
        "(y_true == 0)), fn = np.sum((y_pred == 0) & (y_true == 1)), tn = the rest; "
        "return tp, fp, fn, tn.",
    )
    t, p = _LABELS[0]
    tp, fp, fn, tn = _counts(t, p)
    wrong = [
        (
            np.array([tp, fn, fp, tn]),
            "fp and fn are swapped. A false positive is a false alarm: predicted 1, truly 0.",
        ),
        (
            np.array([tn, fp, fn, tp]),
            "That is scikit-learn's matrix read row by row (tn, fp, fn, tp); this exercise "
            "asks for the order (tp, fp, fn, tn).",
        ),
    ]
    return _narrow(feedback, function, (t, p), wrong)


# -- Exercise 2: precision and recall, with the 0/0 case ----------------------------------------
_COUNT_CASES = [(6, 2, 3), (0, 0, 4), (5, 0, 0), (0, 3, 0), (17, 5, 1)]


def _precision_recall(tp: int, fp: int, fn: int) -> tuple[float, float]:
    c = metrics.ConfusionCounts(tp=tp, fp=fp, fn=fn, tn=0)
    return c.precision(zero_division=0.0), c.recall(zero_division=0.0)


def precision_recall(function: Any) -> Feedback:
    """Exercise 2: precision_recall(tp, fp, fn) = (tp / (tp + fp), tp / (tp + fn)), 0 for 0/0."""
    feedback = check_pairs(
        "Exercise 2 (precision and recall)",
        function,
        [Case(c, _precision_recall(*c)) for c in _COUNT_CASES],
        name="precision_recall",
        parts=("precision", "recall"),
        hint="Precision asks: of everything called positive, how much truly is? Recall asks: "
        "of everything truly positive, how much was found? When nothing was called positive "
        "(tp + fp = 0), precision is 0/0: return 0 there.",
        more="Precision divides tp by what was predicted positive (tp + fp); recall divides tp "
        "by what truly is positive (tp + fn). Test each denominator for 0 before dividing.",
        fix="precision = tp / (tp + fp) if tp + fp > 0 else 0.0; recall = tp / (tp + fn) if "
        "tp + fn > 0 else 0.0; return precision, recall.",
    )
    tp, fp, fn = _COUNT_CASES[0]
    precision, recall = _precision_recall(tp, fp, fn)
    wrong = [
        (
            (recall, precision),
            "Right numbers, wrong order (or the denominators swapped): precision divides tp "
            "by the predicted positives (tp + fp) and comes first; recall divides by the true "
            "positives (tp + fn).",
        ),
        (
            (tp / (tp + fp + fn), tp / (tp + fp + fn)),
            "Each ratio has its own denominator: precision tp + fp, recall tp + fn.",
        ),
    ]
    return _narrow(feedback, function, _COUNT_CASES[0], wrong)


# -- Exercise 3: ROC AUC by the trapezoid rule ---------------------------------------------------
def _roc_cases() -> list[tuple[np.ndarray, np.ndarray]]:
    cases = [
        (np.array([0.0, 0.0, 0.5, 1.0]), np.array([0.0, 0.5, 1.0, 1.0])),
        (np.array([0.0, 1.0]), np.array([0.0, 1.0])),  # chance: the diagonal
        (np.array([0.0, 0.25, 0.25, 0.75, 1.0]), np.array([0.0, 0.25, 0.75, 0.75, 1.0])),
    ]
    for n in (30, 60):  # a real curve from random labels and scores
        y = _RNG.integers(0, 2, n)
        y[:2] = (0, 1)
        roc = curves.roc_curve(y, _RNG.normal(size=n) + y)
        cases.append((roc.fpr, roc.tpr))
    return cases


_ROC = _roc_cases()


def roc_auc(function: Any) -> Feedback:
    """Exercise 3: roc_auc(fpr, tpr) = sum over segments of width * (left + right) / 2."""
    feedback = check_function(
        "Exercise 3 (ROC AUC by the trapezoid rule)",
        function,
        [Case((x, y), curves.auc(x, y)) for x, y in _ROC],
        name="roc_auc",
        hint="Between two neighbouring points the area is a trapezoid: its width times the "
        "average of its two heights.",
        more="np.diff(fpr) gives the widths; (tpr[1:] + tpr[:-1]) / 2 the average heights; "
        "the area is the sum of their products.",
        fix="return np.sum(np.diff(fpr) * (tpr[1:] + tpr[:-1]) / 2)",
    )
    x, y = _ROC[0]
    widths = np.diff(x)
    wrong = [
        (
            float(np.sum(widths * (y[1:] + y[:-1]))),
            "Twice the area: the height of a trapezoid is the average of its two sides, "
            "(left + right) / 2, not their sum.",
        ),
        (
            float(np.sum(widths * y[:-1])),
            "That is a sum of rectangles under each segment's left end (a step curve); the "
            "trapezoid uses the average of both ends.",
        ),
        (
            float(np.sum(widths * y[1:])),
            "That is a sum of rectangles under each segment's right end; the trapezoid uses "
            "the average of both ends.",
        ),
        (
            float(np.mean(y)),
            "The mean height ignores how wide each piece is: weight each by its width in fpr.",
        ),
    ]
    return _narrow(feedback, function, _ROC[0], wrong)


# -- Exercise 4: average precision ----------------------------------------------------------------
def _ap_cases() -> list[tuple[np.ndarray, np.ndarray]]:
    cases = [
        (np.array([1, 0, 1, 0, 0, 1]), np.array([0.9, 0.8, 0.7, 0.6, 0.5, 0.4])),
        (np.array([0, 1, 1]), np.array([0.2, 0.9, 0.1])),
        (np.array([1, 1, 0, 0]), np.array([0.9, 0.8, 0.2, 0.1])),  # perfect ranking
    ]
    for n in (12, 40):  # distinct scores: no ties
        y = _RNG.integers(0, 2, n)
        y[:2] = (0, 1)
        cases.append((y, _RNG.permutation(n) / n))
    return cases


_AP = _ap_cases()


def average_precision(function: Any) -> Feedback:
    """Exercise 4: average_precision(y_true, y_score) = mean over the positives of the
    precision among the examples scored at or above each one (no ties)."""
    feedback = check_function(
        "Exercise 4 (average precision)",
        function,
        [Case((t, s), curves.average_precision_score(t, s)) for t, s in _AP],
        name="average_precision",
        hint="Walk down the list from the highest score. Each time you meet a positive, "
        "recall grows by 1 / (number of positives): note the precision at that moment.",
        more="Sort by score, highest first; the precision after k examples is "
        "(positives among the first k) / k. Average it over the ranks k where a positive sits.",
        fix="order = np.argsort(-y_score); hits = y_true[order]; precision = np.cumsum(hits) "
        "/ np.arange(1, len(hits) + 1); return np.mean(precision[hits == 1])",
    )
    t, s = _AP[0]
    hits = t[np.argsort(-s)]
    precision = np.cumsum(hits) / np.arange(1, len(hits) + 1)
    recall = np.cumsum(hits) / hits.sum()
    wrong = [
        (
            float(np.mean(precision)),
            "You averaged the precision at every rank; average only at the ranks where a "
            "positive sits (where recall grows).",
        ),
        (
            float(np.sum(np.diff(np.r_[0, recall]) * (precision + np.r_[1, precision[:-1]]) / 2)),
            "That is the trapezoid under the precision-recall curve, which overestimates; "
            "average precision takes each step at the precision reached, no interpolation.",
        ),
        (
            float(precision[-1]),
            "That is the precision of the whole list (the share of positives); average "
            "precision looks at each positive's rank.",
        ),
    ]
    return _narrow(feedback, function, _AP[0], wrong)


# -- Exercise 5: NDCG@K ----------------------------------------------------------------------------
_NDCG = [
    (np.array([3, 2, 3, 0, 1, 2]), 3),
    (np.array([0, 0, 1, 3]), 2),
    (np.array([2, 1, 0]), 3),  # already ideal
    (np.array([1, 0, 2, 0, 3, 1, 0, 2]), 5),
    (_RNG.integers(0, 4, 15), 10),
]


def _ndcg(relevance: np.ndarray, k: int) -> float:
    order = np.arange(len(relevance))
    return ranking.ndcg_score(relevance, ranking.scores_for_order(order), k)


def ndcg_at_k(function: Any) -> Feedback:
    """Exercise 5: ndcg_at_k(relevance, k) for relevance listed in ranked order, top first."""
    feedback = check_function(
        "Exercise 5 (NDCG@K)",
        function,
        [Case((r, k), _ndcg(r, k)) for r, k in _NDCG],
        name="ndcg_at_k",
        hint="DCG adds each of the top k grades divided by log2(rank + 1), rank counted from "
        "1; NDCG divides it by the DCG of the best possible order.",
        more="The best order is every grade sorted from high to low; take its top k too. "
        "With ranks 1..k the discounts are np.log2(np.arange(2, k + 2)).",
        fix="discount = np.log2(np.arange(2, k + 2)); dcg = np.sum(relevance[:k] / discount); "
        "ideal = np.sort(relevance)[::-1][:k]; return dcg / np.sum(ideal / discount)",
    )
    relevance, k = _NDCG[3]
    discount = np.log2(np.arange(2, k + 2))
    dcg = float(np.sum(relevance[:k] / discount))
    ideal = np.sort(relevance)[::-1][:k]
    wrong = [
        (dcg, "That is DCG@K; divide by the DCG@K of the ideal order to get a number in [0, 1]."),
        (
            dcg / float(np.sum(np.sort(relevance[:k])[::-1] / discount)),
            "The ideal order is the best k of ALL the results, not the given top k re-sorted: "
            "a relevant result ranked below k is what the ideal list would have shown.",
        ),
        (
            float(np.sum(relevance[:k] / np.arange(1, k + 1)))
            / float(np.sum(ideal / np.arange(1, k + 1))),
            "The discount is log2(rank + 1), not the rank itself.",
        ),
    ]
    return _narrow(feedback, function, _NDCG[3], wrong)


# -- Exercise 6: perplexity --------------------------------------------------------------
_PROBABILITIES = [
    np.full(5, 1 / 65),  # a uniform guess among 65 characters: perplexity 65
    np.array([0.5, 0.25, 0.125, 0.125]),
    np.array([0.9, 0.05, 0.6, 0.3, 0.01]),
    _RNG.uniform(0.01, 1.0, 30),
]


def _perplexity(p: np.ndarray) -> float:
    return language_models.perplexity(float(-np.mean(np.log(p))))


def perplexity(function: Any) -> Feedback:
    """Exercise 6: perplexity(p) = exp(mean(-ln p)) for the probabilities a model gave the
    characters that came."""
    feedback = check_function(
        "Exercise 6 (perplexity)",
        function,
        [Case((p,), _perplexity(p)) for p in _PROBABILITIES],
        name="perplexity",
        hint="Perplexity is built in two steps: the average surprise (cross-entropy), then "
        "the exponential of it.",
        more="The surprise at one character is -ln p; cross-entropy is the mean surprise over "
        "the characters; perplexity undoes the log with np.exp.",
        fix="return np.exp(np.mean(-np.log(p)))",
    )
    p = _PROBABILITIES[2]
    surprise = -np.log(p)
    wrong = [
        (float(np.mean(surprise)), "That is the cross-entropy; perplexity is exp of it."),
        (
            float(np.exp(np.sum(surprise))),
            "Average the surprise over the characters before the exponential (np.mean, not "
            "np.sum): perplexity must not grow with the length of the text.",
        ),
        (
            float(np.exp(np.mean(np.log(p)))),
            "The sign: surprise is -ln p (a positive number), so perplexity is at least 1.",
        ),
        (
            float(1 / np.mean(p)),
            "Average the log-probabilities (the surprise), not the probabilities themselves.",
        ),
    ]
    return _narrow(feedback, function, (p,), wrong)


# -- Exercise 7: Cohen's kappa --------------------------------------------------------------
def _kappa_cases() -> list[tuple[np.ndarray, np.ndarray]]:
    cases = [
        (np.array([1, 0, 0, 0, 1, 0, 0, 0, 0, 0]), np.array([1, 0, 0, 0, 0, 0, 0, 1, 0, 0])),
        (np.array([0, 1, 1, 0]), np.array([0, 1, 1, 0])),  # perfect agreement
        (np.array([0, 1, 2, 2, 1, 0, 2]), np.array([0, 2, 2, 1, 1, 0, 2])),  # three labels
    ]
    for n in (20, 50):
        a = _RNG.integers(0, 2, n)
        b = np.where(_RNG.random(n) < 0.8, a, 1 - a)
        cases.append((a, b))
    return cases


_KAPPA = _kappa_cases()


def cohen_kappa(function: Any) -> Feedback:
    """Exercise 7: cohen_kappa(a, b) = (p_o - p_e) / (1 - p_e)."""
    feedback = check_function(
        "Exercise 7 (Cohen's kappa)",
        function,
        [Case((a, b), agreement.cohen_kappa_score(a, b)) for a, b in _KAPPA],
        name="cohen_kappa",
        hint="kappa compares the agreement you observe with the agreement two annotators "
        "would reach by chance, labelling independently at their own rates.",
        more="p_o = the share of examples where a == b. For p_e, take each label L: the share "
        "of a's labels that are L times the share of b's labels that are L; add over L.",
        fix="labels = np.union1d(a, b); p_o = np.mean(a == b); p_e = sum(np.mean(a == L) * "
        "np.mean(b == L) for L in labels); return (p_o - p_e) / (1 - p_e)",
    )
    a, b = _KAPPA[0]
    p_o = float(np.mean(a == b))
    labels = np.union1d(a, b)
    wrong = [
        (p_o, "That is the raw agreement p_o; kappa subtracts what chance alone would give."),
        (
            (p_o - 0.5) / 0.5,
            "Chance agreement is not 1/2: it depends on how often each annotator uses each "
            "label. Two annotators who both say 0 almost always agree by chance almost always.",
        ),
        (
            (p_o - sum(np.mean(a == L) ** 2 for L in labels))
            / (1 - sum(np.mean(a == L) ** 2 for L in labels)),
            "p_e multiplies annotator a's share of a label by annotator b's share, not a's by "
            "itself.",
        ),
    ]
    return _narrow(feedback, function, _KAPPA[0], wrong)
