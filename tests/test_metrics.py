"""Classification and regression metrics agree with scikit-learn, and say when they are 0/0."""

from __future__ import annotations

import functools
import warnings

import numpy as np
import pytest
from sklearn import metrics as sk
from sklearn.exceptions import UndefinedMetricWarning

from course_lib import losses
from course_lib.metrics import (
    UndefinedMetricError,
    accuracy_score,
    confusion_at_threshold,
    confusion_counts,
    confusion_matrix,
    f1_score,
    fbeta_score,
    mae,
    mse,
    precision_score,
    predict_at_threshold,
    r2_score,
    recall_score,
)


def label_pairs(seed=0, count=300):
    """Random 0/1 labels and predictions, many of them degenerate (one class, all alike)."""
    rng = np.random.default_rng(seed)
    for _ in range(count):
        n = int(rng.integers(1, 25))
        rate_true, rate_pred = rng.choice([0.0, 0.1, 0.5, 0.9, 1.0], size=2)
        yield (rng.random(n) < rate_true).astype(int), (rng.random(n) < rate_pred).astype(int)


def sklearn_quietly(function, *args, **kwargs):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return function(*args, **kwargs)


def test_confusion_counts_match_sklearn_confusion_matrix_including_one_class():
    for y_true, y_pred in label_pairs():
        tn, fp, fn, tp = sk.confusion_matrix(y_true, y_pred, labels=[0, 1]).ravel()
        counts = confusion_counts(y_true, y_pred)
        assert (counts.tp, counts.fp, counts.fn, counts.tn) == (tp, fp, fn, tn)
        np.testing.assert_array_equal(counts.as_matrix(), [[tn, fp], [fn, tp]])


def test_a_score_equal_to_the_threshold_is_predicted_positive():
    np.testing.assert_array_equal(predict_at_threshold([0.2, 0.5, 0.7], 0.5), [0, 1, 1])
    np.testing.assert_array_equal(predict_at_threshold([0.2, 0.5], np.inf), [0, 0])
    counts = confusion_at_threshold([0, 1, 1, 0], [0.5, 0.5, 0.2, 0.1], 0.5)
    assert (counts.tp, counts.fp, counts.fn, counts.tn) == (1, 1, 1, 1)


def test_multiclass_confusion_matrix_matches_sklearn_with_and_without_labels():
    rng = np.random.default_rng(1)
    for _ in range(100):
        n = int(rng.integers(1, 30))
        y_true, y_pred = rng.integers(0, 4, n), rng.integers(0, 4, n)
        np.testing.assert_array_equal(
            confusion_matrix(y_true, y_pred), sk.confusion_matrix(y_true, y_pred)
        )
        labels = [2, 0, 3]  # a subset, in a chosen order
        if not np.isin(labels, y_true).any():
            continue  # sklearn refuses labels none of y_true has; ours counts zeros
        np.testing.assert_array_equal(
            confusion_matrix(y_true, y_pred, labels=labels),
            sk.confusion_matrix(y_true, y_pred, labels=labels),
        )
    words_true, words_pred = ["cat", "dog", "cat", "bird"], ["cat", "cat", "dog", "bird"]
    np.testing.assert_array_equal(
        confusion_matrix(words_true, words_pred), sk.confusion_matrix(words_true, words_pred)
    )
    assert accuracy_score(words_true, words_pred) == 0.5


def test_accuracy_matches_sklearn():
    for y_true, y_pred in label_pairs(seed=2):
        assert accuracy_score(y_true, y_pred) == pytest.approx(
            sk.accuracy_score(y_true, y_pred), abs=1e-12
        )


def sklearn_precision_recall_f(y_true, y_pred, beta, zero_division):
    """scikit-learn's (precision, recall, F-beta) and the names of those it called ill-defined."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        p, r, f, _ = sk.precision_recall_fscore_support(
            y_true, y_pred, beta=beta, average="binary", zero_division=zero_division
        )
    ill_defined = {
        name
        for w in caught
        if w.category is UndefinedMetricWarning
        for name in ("Precision", "Recall", "F-score")
        if str(w.message).startswith(name)
    }
    return (p, r, f), ill_defined


def ours_precision_recall_f(y_true, y_pred, beta, zero_division):
    return (
        precision_score(y_true, y_pred, zero_division=zero_division),
        recall_score(y_true, y_pred, zero_division=zero_division),
        fbeta_score(y_true, y_pred, beta=beta, zero_division=zero_division),
    )


@pytest.mark.parametrize("zero_division", [0.0, 1.0, np.nan])
@pytest.mark.parametrize("beta", [0.5, 1.0, 2.0])
def test_precision_recall_and_f_beta_match_sklearn_for_each_explicit_zero_division(
    zero_division, beta
):
    for y_true, y_pred in label_pairs(seed=3, count=80):
        expected, _ = sklearn_precision_recall_f(y_true, y_pred, beta, zero_division)
        got = ours_precision_recall_f(y_true, y_pred, beta, zero_division)
        np.testing.assert_allclose(got, expected, rtol=0, atol=1e-12, equal_nan=True)
    assert f1_score([1, 0, 1], [1, 1, 0]) == pytest.approx(sk.f1_score([1, 0, 1], [1, 1, 0]))


def test_each_metric_raises_exactly_where_sklearn_warns_that_it_is_undefined():
    seen = {"Precision": 0, "Recall": 0, "F-score": 0}
    for y_true, y_pred in label_pairs(seed=4, count=150):
        expected, ill_defined = sklearn_precision_recall_f(y_true, y_pred, 2.0, "warn")
        ours = [precision_score, recall_score, functools.partial(fbeta_score, beta=2.0)]
        for name, metric, value in zip(seen, ours, expected, strict=True):
            if name in ill_defined:
                seen[name] += 1
                with pytest.raises(UndefinedMetricError, match="undefined.*zero_division"):
                    metric(y_true, y_pred)
            else:
                assert metric(y_true, y_pred) == pytest.approx(value, abs=1e-12)
    assert min(seen.values()) >= 5, seen  # every undefined case was really exercised


def test_f_scores_follow_the_closed_form_on_a_hand_example():
    # tp = 2, fp = 1, fn = 3: precision 2/3, recall 2/5
    y_true, y_pred = [1, 1, 1, 1, 1, 0, 0], [1, 1, 0, 0, 0, 1, 0]
    assert precision_score(y_true, y_pred) == pytest.approx(2 / 3)
    assert recall_score(y_true, y_pred) == pytest.approx(2 / 5)
    assert f1_score(y_true, y_pred) == pytest.approx(2 * (2 / 3) * (2 / 5) / (2 / 3 + 2 / 5))
    p, r = 2 / 3, 2 / 5
    assert fbeta_score(y_true, y_pred, beta=2) == pytest.approx(5 * p * r / (4 * p + r))


def test_zero_division_refuses_anything_but_raise_zero_one_or_nan():
    with pytest.raises(ValueError, match="zero_division"):
        precision_score([1, 0], [0, 0], zero_division="warn")
    with pytest.raises(ValueError, match="zero_division"):
        precision_score([1, 0], [1, 0], zero_division=0.5)


def test_binary_metrics_refuse_labels_other_than_zero_and_one():
    with pytest.raises(ValueError, match="y_true must hold only the labels 0 and 1, got 2"):
        precision_score([0, 2], [0, 1])
    with pytest.raises(ValueError, match="y_pred must hold only the labels 0 and 1"):
        recall_score([0, 1], [0.5, 1])


def test_mismatched_lengths_and_non_finite_scores_are_named():
    with pytest.raises(ValueError, match="y_pred has 2 entries but y_true has 3"):
        f1_score([0, 1, 1], [0, 1])
    with pytest.raises(ValueError, match="y_score has 1 entries but y_true has 2"):
        confusion_at_threshold([0, 1], [0.3], 0.5)
    with pytest.raises(ValueError, match="y_score holds NaN"):
        predict_at_threshold([0.1, np.nan], 0.5)
    with pytest.raises(ValueError, match="threshold must be a number"):
        predict_at_threshold([0.1], np.nan)


def test_mse_and_mae_are_the_losses_module_functions():
    assert mse is losses.mse and mae is losses.mae
    assert mse([1, 2, 3], [1, 2, 5]) == pytest.approx(sk.mean_squared_error([1, 2, 3], [1, 2, 5]))


def test_r2_matches_sklearn_on_random_data():
    rng = np.random.default_rng(5)
    for _ in range(200):
        n = int(rng.integers(2, 40))
        y_true = rng.normal(size=n) * rng.choice([0.01, 1, 100])
        y_pred = y_true + rng.normal(size=n) * rng.choice([0.0, 0.1, 1, 10])
        if np.all(y_true == y_true[0]):
            continue
        assert r2_score(y_true, y_pred) == pytest.approx(sk.r2_score(y_true, y_pred), abs=1e-12)


def test_r2_is_negative_for_a_model_worse_than_the_mean():
    y_true = [1.0, 2.0, 3.0]
    assert r2_score(y_true, [2.0, 2.0, 2.0]) == 0.0  # the mean itself
    assert r2_score(y_true, [3.0, 2.0, 1.0]) == pytest.approx(1 - 8 / 2)  # -3


def test_r2_of_a_constant_target_is_undefined_unless_sklearn_replacement_is_asked():
    y_true = [4, 4, 4]  # sklearn's force_finite=False gives nan (perfect) or -inf
    assert np.isnan(sklearn_quietly(sk.r2_score, y_true, [4, 4, 4], force_finite=False))
    assert sklearn_quietly(sk.r2_score, y_true, [4, 5, 4], force_finite=False) == -np.inf
    with pytest.raises(UndefinedMetricError, match="y_true is constant"):
        r2_score(y_true, [4, 5, 4])
    for y_pred in ([4, 4, 4], [4, 5, 4]):
        assert r2_score(y_true, y_pred, force_finite=True) == sk.r2_score(y_true, y_pred)
