"""Lesson 05's experiments: results against scikit-learn and the concept modules, the
challenge's status, and every claim the notebook's prose makes about its numbers."""

from __future__ import annotations

import math

import numpy as np
import pytest
from sklearn import metrics as sk

from course_lib import agreement, bleu, curves, metrics, metrics_data
from course_lib.lessons import metrics as lesson
from course_lib.lessons.metrics import common
from course_lib.lessons.metrics.recall_challenge import MIN_RECALL, PRECISION_SLACK
from course_lib.lessons.metrics.regression_outlier import MODELS as REGRESSION_MODELS


@pytest.fixture(scope="module")
def held():
    return common.cancer_scores()


def test_threshold_explorer_matches_scikit_learn_at_each_threshold(held):
    e = lesson.ThresholdExplorer()
    score = held.scores["logistic regression"]
    for threshold in (0.05, 0.3, 0.5, 0.9):
        r = e.set(threshold=threshold).last_result
        pred = (score >= threshold).astype(int)
        assert r.accuracy == pytest.approx(sk.accuracy_score(held.y_true, pred))
        assert r.precision == pytest.approx(sk.precision_score(held.y_true, pred))
        assert r.recall == pytest.approx(sk.recall_score(held.y_true, pred))
        assert r.f1 == pytest.approx(sk.f1_score(held.y_true, pred))
        assert r.roc_auc == pytest.approx(sk.roc_auc_score(held.y_true, score))
        assert r.average_precision == pytest.approx(sk.average_precision_score(held.y_true, score))
        # the point moving on each curve is the one the counts give
        assert (r.fpr, r.recall) == pytest.approx((r.counts.fp / 107, r.counts.tp / 64))


def test_threshold_one_leaves_precision_undefined_and_says_so():
    e = lesson.ThresholdExplorer(threshold=1.0)
    assert math.isnan(e.last_result.precision)
    assert "undefined" in e.summary.value
    assert e.pr_point.get_xydata().size == 0  # no point on the PR curve


def test_class_imbalance_subsamples_the_full_data_before_splitting():
    e = lesson.ClassImbalance(positive_rate=0.1)
    r = e.last_result
    data = common.cancer()
    rows = metrics_data.imbalanced_indices(data.y, 0.1, seed=common.SEED)
    assert r.n_test == len(rows) // 2 or r.n_test == len(rows) - len(rows) // 2
    assert r.positives / r.n_test == pytest.approx(0.1, abs=0.02)
    assert r.majority_accuracy == pytest.approx(1 - r.positives / r.n_test)


def test_error_costs_finds_the_threshold_with_the_lowest_cost(held):
    e = lesson.ErrorCosts(fp_cost=1, fn_cost=10)
    r = e.last_result
    score = held.scores["logistic regression"]
    costs = [
        metrics.confusion_at_threshold(held.y_true, score, t).expected_cost(1, 10)
        for t in np.r_[np.unique(score), np.inf]
    ]
    assert r.cheapest_cost == pytest.approx(min(costs))
    assert r.bayes == pytest.approx(1 / 11)
    expensive_fp = e.set(fp_cost=50, fn_cost=1).last_result
    assert expensive_fp.cheapest.threshold > r.cheapest.threshold


def test_bump_test_uses_the_same_resamples_as_the_general_bootstrap(held):
    e = lesson.BumpTest(n_test=60)
    r = e.last_result
    y, a, b = e.y_true[:60], e.predicted["logistic regression"][:60], e.predicted[r.rival][:60]
    from course_lib import comparison

    general = comparison.paired_bootstrap(
        y, a, b, metrics.accuracy_score, n_resamples=lesson.bump_test.RESAMPLES, seed=0
    )
    assert (r.interval.low, r.interval.high) == pytest.approx((general.low, general.high))
    assert r.counts.max() == 1.0


def test_claim_with_twenty_tumours_the_interval_is_wider_and_the_winner_flips():
    e = lesson.BumpTest()
    few = e.compute(rival="gradient boosting", n_test=20).interval
    every = e.compute(rival="gradient boosting", n_test=len(e.y_true)).interval
    assert few.high - few.low > 2 * (every.high - every.low)
    assert few.difference < 0 < every.difference


def test_baselines_show_each_models_metric(held):
    r = lesson.Baselines(metric="ROC AUC").last_result
    for name, score in held.scores.items():
        assert r.values[name] == pytest.approx(sk.roc_auc_score(held.y_true, score))


def test_regression_outlier_matches_scikit_learn_and_the_mean_scores_r2_zero():
    from sklearn.linear_model import LinearRegression

    e = lesson.RegressionOutlier(moved_value=600)
    r = e.last_result
    x, y = e.patients.bmi[:, None], r.progression
    fitted = LinearRegression().fit(x, y).predict(x)
    assert r.mse == pytest.approx(sk.mean_squared_error(y, fitted))
    assert r.mae == pytest.approx(sk.mean_absolute_error(y, fitted))
    assert r.r2["least-squares line"] == pytest.approx(sk.r2_score(y, fitted))
    assert r.r2["the mean"] == pytest.approx(0.0, abs=1e-12)
    assert r.r2[REGRESSION_MODELS[2]] < 0


def test_ranked_list_metrics_follow_the_chosen_order():
    e = lesson.RankedList(ordering="best first (ideal)", k=4)
    r = e.last_result
    assert r.values["NDCG@K"] == pytest.approx(1.0)
    assert r.values["average precision"] == pytest.approx(1.0)
    assert list(r.grades) == sorted(common.RESULT_GRADES, reverse=True)
    engine = e.set(ordering="the engine's order", k=3).last_result
    relevant = common.RESULT_GRADES >= common.RELEVANT_FROM
    assert engine.values["precision@K"] == pytest.approx(relevant[:3].mean())
    score = np.arange(10, 0, -1)
    assert engine.values["NDCG@K"] == pytest.approx(
        sk.ndcg_score([common.RESULT_GRADES], [score], k=3)
    )


def test_char_perplexity_is_exp_of_the_cross_entropy_and_uniform_is_the_vocabulary():
    e = lesson.CharPerplexity(model="uniform")
    r = e.last_result
    fitted = common.char_models()
    assert r.perplexity["uniform"] == pytest.approx(fitted.models["uniform"].size)
    assert np.allclose(r.surprise, math.log(fitted.models["uniform"].size))
    values = [r.perplexity[name] for name in common.CHAR_MODELS]
    assert values == sorted(values, reverse=True)  # more context, less surprise


def test_bleu_paraphrase_scores_each_candidate_with_the_concept():
    e = lesson.BleuParaphrase(candidate="negation")
    expected = bleu.sentence_bleu(
        bleu.PARAPHRASE_EXAMPLE["reference"], bleu.PARAPHRASE_EXAMPLE["opposite"]
    )
    assert e.last_result.score.score == pytest.approx(expected.score)


def test_subgroups_split_at_the_median_radius(held):
    e = lesson.SubgroupGap()
    r = e.last_result
    assert set(r.values["recall"].groups) == {"smaller", "larger"}
    assert r.values["accuracy"].overall == pytest.approx(
        sk.accuracy_score(held.y_true, held.scores["logistic regression"] >= 0.5)
    )


def test_reliability_matches_scikit_learns_calibration_curve(held):
    from sklearn.calibration import calibration_curve

    e = lesson.Reliability(model="decision tree", n_bins=8)
    r = e.last_result
    share, mean = calibration_curve(held.y_true, held.scores["decision tree"], n_bins=8)
    kept = r.bins.nonempty
    np.testing.assert_allclose(r.bins.fraction_positive[kept], share)
    np.testing.assert_allclose(r.bins.mean_predicted[kept], mean)
    assert r.brier == pytest.approx(sk.brier_score_loss(held.y_true, held.scores["decision tree"]))


def test_annotator_agreement_matches_scikit_learns_kappa():
    e = lesson.AnnotatorAgreement(agreement_share=0.85, positive_rate=0.2)
    labels = metrics_data.two_annotators(lesson.annotator_agreement.N_EXAMPLES, 0.85, 0.2, 0)
    assert e.last_result.result.kappa == pytest.approx(sk.cohen_kappa_score(labels.a, labels.b))
    assert e.last_result.ceiling_accuracy == pytest.approx(0.85)


def test_the_recall_challenge_is_reachable_and_not_with_the_tight_threshold():
    e = lesson.RecallChallenge()
    assert "Challenge:" in e.challenge.value and "reached" not in e.challenge.value
    grid = np.round(np.arange(0, 1.0001, 0.005), 3)
    winners = [t for t in grid if e.challenge_status(e.compute(threshold=float(t)))[0]]
    assert winners, "no slider position reaches the challenge"
    tight = curves.threshold_for_recall(*e.choose, MIN_RECALL)
    assert not e.challenge_status(e.compute(threshold=tight.threshold))[0]
    e.set(threshold=float(winners[0]))
    assert "Challenge reached" in e.challenge.value
    best = curves.threshold_for_recall(*e.judge, MIN_RECALL).counts.precision()
    assert e.last_result.target_precision == pytest.approx(best - PRECISION_SLACK)


# -- the notebook's prose against its numbers ----------------------------------------------
def test_claim_lowering_the_threshold_lowers_precision_and_raises_recall(held):
    score = held.scores["logistic regression"]
    high = metrics.confusion_at_threshold(held.y_true, score, 0.5)
    low = metrics.confusion_at_threshold(held.y_true, score, 0.1)
    assert low.recall() > high.recall() and low.precision() < high.precision()


def test_claim_rare_positives_flatter_accuracy_and_sink_average_precision():
    e = lesson.ClassImbalance()
    common_, rare = e.compute(positive_rate=0.37), e.compute(positive_rate=0.02)
    assert rare.majority_accuracy > 0.95  # always benign looks excellent
    ap_drop = common_.average_precision - rare.average_precision
    assert ap_drop > common_.roc_auc - rare.roc_auc
    assert ap_drop > common_.model_accuracy - rare.model_accuracy


def test_claim_gradient_boosting_costs_less_at_half_despite_lower_accuracy(held):
    lr, gb = held.scores["logistic regression"], held.scores["gradient boosting"]
    at_half = {
        n: metrics.confusion_at_threshold(held.y_true, s, 0.5) for n, s in (("lr", lr), ("gb", gb))
    }
    assert at_half["lr"].accuracy() > at_half["gb"].accuracy()
    assert at_half["lr"].expected_cost(1, 10) > at_half["gb"].expected_cost(1, 10)
    cheapest = [
        curves.cheapest_threshold(held.y_true, s, 1, 10).counts.expected_cost(1, 10)
        for s in (lr, gb)
    ]
    assert max(cheapest) < min(c.expected_cost(1, 10) for c in at_half.values())


def test_claim_the_bump_interval_includes_zero_and_mcnemar_is_far_from_significant():
    r = lesson.BumpTest().last_result
    assert r.interval.low < 0 < r.interval.high
    assert r.mcnemar.p_value > 0.3
    assert 0 < r.interval.difference < 0.02  # a bump of a point or two


def test_claim_the_linear_model_matches_the_ensemble_except_recall_by_one_tumour(held):
    e = lesson.Baselines()
    for metric in lesson.baselines.METRICS:
        values = e.compute(metric=metric).values
        if metric == "recall":
            gap = values["gradient boosting"] - values["logistic regression"]
            assert gap == pytest.approx(1 / held.y_true.sum())
        else:
            assert values["logistic regression"] >= values["gradient boosting"]


def test_claim_the_tight_threshold_misses_the_requirement_on_the_judging_half():
    e = lesson.RecallChallenge()
    tight = curves.threshold_for_recall(*e.choose, MIN_RECALL)
    judged = metrics.confusion_at_threshold(*e.judge, tight.threshold)
    assert tight.counts.recall() >= MIN_RECALL > judged.recall()


def test_claim_the_outlier_doubles_mse_yet_raises_r2():
    e = lesson.RegressionOutlier()
    start = e.compute(moved_value=int(e.patients.progression[2]), model="least-squares line")
    far = e.compute(moved_value=700, model="least-squares line")
    assert far.mse > 2 * start.mse
    assert far.r2["least-squares line"] > start.r2["least-squares line"]
    assert start.r2[REGRESSION_MODELS[2]] < 0 and far.r2[REGRESSION_MODELS[2]] < 0


def test_claim_bleu_scores_the_paraphrase_below_both_wrong_meanings():
    scores = lesson.BleuParaphrase().all_scores
    assert scores["paraphrase"] < min(scores["negation"], scores["roles swapped"])


def test_claim_equal_accuracy_unequal_recall_across_tumour_sizes():
    r = lesson.SubgroupGap().compute(threshold=0.5)
    assert r.values["accuracy"].gap < 0.02
    assert r.values["recall"].gap > 0.2


def test_claim_noisy_labels_cap_a_perfect_models_f1():
    truth = metrics_data.two_annotators(400, 1.0, positive_rate=0.2, seed=0).a
    f1 = []
    for share in (1.0, 0.95, 0.9, 0.8):
        noisy = metrics_data.two_annotators(400, share, positive_rate=0.2, seed=0).b
        np.testing.assert_array_equal(
            metrics_data.two_annotators(400, share, 0.2, seed=0).a, truth
        )  # the same truth in every row
        f1.append(metrics.f1_score(noisy, truth))
        assert agreement.agreement(truth, noisy).observed == pytest.approx(share)
    assert f1 == sorted(f1, reverse=True) and f1[0] == 1.0
