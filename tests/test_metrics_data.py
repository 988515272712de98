"""The lesson's data: four models' held-out scores on the breast-cancer data (seeded,
stratified, in the expected order of quality), imbalanced subsamples, two annotators
with a chosen agreement, and a subgroup column that hides a recall gap."""

from __future__ import annotations

import numpy as np
import pytest
from sklearn.datasets import load_breast_cancer

from course_lib import datasets
from course_lib.agreement import agreement
from course_lib.comparison import metric_by_group
from course_lib.curves import roc_auc_score
from course_lib.metrics import accuracy_score, predict_at_threshold, recall_score
from course_lib.metrics_data import (
    MODEL_NAMES,
    held_out_scores,
    imbalanced_indices,
    median_groups,
    stratified_halves,
    two_annotators,
)


@pytest.fixture(scope="module")
def cancer():
    return datasets.breast_cancer()


@pytest.fixture(scope="module")
def held_out(cancer):
    return held_out_scores(cancer.X, cancer.y, test_fraction=0.3, seed=0)


def test_breast_cancer_labels_malignant_as_one(cancer):
    sklearn_data = load_breast_cancer()
    assert cancer.X.shape == (569, 30) and cancer.y.sum() == 212
    np.testing.assert_array_equal(cancer.y, 1 - sklearn_data.target)  # sklearn: 0 = malignant
    assert cancer.class_names[1] == "malignant" and "mean radius" in cancer.feature_names


def test_held_out_split_is_stratified_disjoint_and_complete(held_out, cancer):
    assert set(held_out.scores) == set(MODEL_NAMES)
    both = np.concatenate([held_out.train_index, held_out.test_index])
    np.testing.assert_array_equal(np.sort(both), np.arange(569))
    assert len(held_out.test_index) == 171
    assert held_out.y_true.mean() == pytest.approx(cancer.y.mean(), abs=0.01)
    np.testing.assert_array_equal(held_out.y_true, cancer.y[held_out.test_index])


def test_models_rank_as_the_lesson_says(held_out):
    auc = {name: roc_auc_score(held_out.y_true, s) for name, s in held_out.scores.items()}
    majority = held_out.scores["majority class"]
    assert np.all(majority == majority[0]) and auc["majority class"] == 0.5
    assert auc["decision tree"] > 0.85
    assert min(auc["logistic regression"], auc["gradient boosting"]) > auc["decision tree"]
    for scores in held_out.scores.values():
        assert np.all((scores >= 0) & (scores <= 1))


def test_held_out_scores_are_reproducible_with_a_seed(cancer, held_out):
    again = held_out_scores(cancer.X, cancer.y, test_fraction=0.3, seed=0)
    for name in MODEL_NAMES:
        np.testing.assert_array_equal(again.scores[name], held_out.scores[name])
    other = held_out_scores(cancer.X[:300], cancer.y[:300], seed=1)
    assert len(other.y_true) == 90


def test_imbalanced_indices_reach_the_rate_and_keep_the_other_class_whole():
    rng = np.random.default_rng(0)
    y = (rng.random(1000) < 0.3).astype(int)
    for rate in (0.01, 0.05, 0.2, 0.3, 0.5, 0.9):
        rows = imbalanced_indices(y, rate, seed=1)
        assert np.all(np.diff(rows) > 0)
        assert y[rows].mean() == pytest.approx(rate, abs=1.5 / len(rows))
        whole = 0 if rate <= y.mean() else 1  # the class that is kept whole
        assert np.sum(y[rows] == whole) == np.sum(y == whole)
    np.testing.assert_array_equal(imbalanced_indices(y, 0.1, seed=3), imbalanced_indices(y, 0.1, 3))
    with pytest.raises(ValueError, match="both classes"):
        imbalanced_indices([1, 1, 1], 0.5)


def test_two_annotators_agree_on_exactly_the_chosen_share():
    for n, share, rate in [(200, 0.9, 0.5), (200, 0.9, 0.05), (37, 0.5, 0.3), (10, 1.0, 0.2)]:
        labels = two_annotators(n, share, rate, seed=0)
        assert np.mean(labels.a == labels.b) == round(share * n) / n
        assert labels.a.sum() == round(rate * n)
    balanced_labels = two_annotators(200, 0.9, 0.5, seed=0)
    rare_labels = two_annotators(200, 0.9, 0.05, seed=0)
    balanced = agreement(balanced_labels.a, balanced_labels.b)
    rare = agreement(rare_labels.a, rare_labels.b)
    assert balanced.observed == rare.observed == 0.9
    assert rare.kappa < 0.5 < balanced.kappa  # same raw agreement, very different kappa


def test_median_groups_split_a_feature_in_halves():
    groups = median_groups([5.0, 1.0, 3.0, 2.0, 4.0, 6.0], ("small", "large"))
    np.testing.assert_array_equal(groups, ["large", "small", "small", "small", "large", "large"])
    with pytest.raises(ValueError, match="two different group names"):
        median_groups([1.0, 2.0], ("a", "a"))


def test_tumour_size_groups_have_equal_accuracy_but_a_recall_gap(cancer, held_out):
    radius = cancer.X[held_out.test_index, cancer.feature_names.index("mean radius")]
    groups = median_groups(radius, ("smaller", "larger"))
    y_pred = predict_at_threshold(held_out.scores["logistic regression"], 0.5)
    accuracy = metric_by_group(held_out.y_true, y_pred, groups, accuracy_score)
    recall = metric_by_group(held_out.y_true, y_pred, groups, recall_score)
    assert accuracy.gap < 0.02  # the accuracy looks the same in both groups ...
    assert recall.gap > 0.2  # ... while small malignant tumours are missed far more often
    assert recall.values[recall.groups.index("smaller")] < recall.overall


def test_held_out_scores_can_train_only_some_models(cancer, held_out):
    some = held_out_scores(cancer.X, cancer.y, models=("logistic regression",))
    assert set(some.scores) == {"logistic regression"}
    np.testing.assert_array_equal(
        some.scores["logistic regression"], held_out.scores["logistic regression"]
    )
    with pytest.raises(ValueError, match="models must name some of"):
        held_out_scores(cancer.X, cancer.y, models=("svm",))


def test_stratified_halves_are_disjoint_complete_and_keep_the_class_share(held_out):
    first, second = stratified_halves(held_out.y_true, seed=0)
    np.testing.assert_array_equal(np.sort(np.r_[first, second]), np.arange(len(held_out.y_true)))
    assert abs(len(first) - len(second)) <= 1
    assert abs(held_out.y_true[first].sum() - held_out.y_true[second].sum()) <= 1
    with pytest.raises(ValueError, match="2 examples of each class"):
        stratified_halves([0, 0, 0, 1])
