"""Lesson 04's experiments show what the concept modules compute, and the notebook's prose
states only what its numbers say (each claim of the text is checked here on the same seeds)."""

from __future__ import annotations

import numpy as np
import pytest

from course_lib import (
    capacity,
    generalization,
    label_noise,
    leakage,
    regularization,
    splits,
    training,
)
from course_lib.lessons import overfitting
from course_lib.lessons.overfitting.capacity_challenge import TARGET, challenge_data
from course_lib.lessons.overfitting.cross_validation import fit_and_score
from course_lib.lessons.overfitting.polynomial_capacity import student


@pytest.fixture(scope="module")
def memorising():
    return overfitting.RandomLabels()


@pytest.fixture(scope="module")
def stopping():
    return overfitting.EarlyStopping()


@pytest.fixture(scope="module")
def augmenting():
    return overfitting.Augmentation()


# -- the experiments show the concepts' numbers -----------------------------------------------
def test_polynomial_capacity_shows_the_validation_curve_of_its_data():
    experiment = overfitting.PolynomialCapacity(degree=7, noise=0.2, n=30)
    result = experiment.last_result
    rng = np.random.default_rng(0)
    train, validation = capacity.noisy_samples(30, 0.2, rng), capacity.noisy_samples(200, 0.2, rng)
    curve = capacity.validation_curve(train, validation)
    np.testing.assert_allclose(result.curve.validation_mse, curve.validation_mse)
    assert result.train_mse == pytest.approx(curve.train_mse[7])
    assert f"validation MSE {curve.validation_mse[7]:.3g}" in experiment.summary.value


def test_the_three_students_sit_left_of_at_and_right_of_the_best_degree():
    assert "did not study" in student(0, 4)
    assert "understood" in student(4, 4)
    assert "memorised" in student(12, 4)


def test_learning_curves_copies_stay_flat_and_new_examples_help():
    experiment = overfitting.LearningCurves(degree=3)
    new = experiment.last_result.curve
    experiment.set(growth=overfitting.learning_curves.GROWTH[1])
    copies = experiment.last_result.curve
    np.testing.assert_allclose(copies.validation_mse, copies.validation_mse[0], rtol=1e-6)
    assert new.validation_mse[-1] < copies.validation_mse[-1]


def test_ridge_shrink_shows_the_closed_form_fit_and_smaller_weights_for_larger_lam():
    experiment = overfitting.RidgeShrink(lam=1e-4)
    small = experiment.last_result
    expected = capacity.fit_polynomial(experiment.train.x, experiment.train.y, 12, 1e-4)
    np.testing.assert_allclose(small.model.coef, expected.coef)
    large = experiment.set(lam=10.0).last_result
    assert np.linalg.norm(large.model.coef) < 0.1 * np.linalg.norm(small.model.coef)


def test_early_stopping_marks_the_rule_of_training_early_stopping_epoch(stopping):
    for patience in (0, 5, 30):
        result = stopping.set(patience=patience).last_result
        stop = training.early_stopping_epoch(result.history.val_loss, patience)
        assert (result.kept_epoch, result.stop.stop_epoch) == (stop.best_epoch, stop.stop_epoch)
    assert (
        stopping.set(patience=0).last_result.stop_epoch
        <= stopping.set(patience=30).last_result.stop_epoch
    )


def test_leakage_reports_the_leakage_module_numbers():
    experiment = overfitting.Leakage()
    r = leakage.duplicate_leakage(seed=0)
    assert experiment.last_result.reported == r.random_split_accuracy
    assert experiment.last_result.clean == r.fresh_accuracy
    kind = overfitting.leakage_demo.KINDS[1]
    assert (
        experiment.set(kind=kind).last_result.reported == leakage.label_leak().validation_accuracy
    )


def test_cross_validation_scores_are_cross_validate_scores():
    experiment = overfitting.CrossValidation(k=4, folds="stratified", minority=0.2, shuffle=3)
    X, y = splits.imbalanced_classes(60, 0.2, seed=0)
    expected = splits.cross_validate(fit_and_score, X, y, 4, True, True, seed=3)
    np.testing.assert_allclose(experiment.last_result.scores, expected.scores)
    assert experiment.last_result.rare_per_fold.sum() == y.sum() == 12


def test_the_challenge_is_judged_on_the_hidden_test_set_and_can_be_reached():
    experiment = overfitting.CapacityChallenge()
    reached, text = experiment.challenge_status(experiment.last_result)
    assert not reached and "bring the validation MSE" in text
    experiment.set(degree=3, lam=0.1)
    result = experiment.last_result
    _, _, test = challenge_data()
    model = capacity.fit_polynomial(experiment.train.x, experiment.train.y, 3, 0.1)
    assert result.test_mse == pytest.approx(capacity.mse(test.y, model.predict(test.x)))
    assert result.validation_mse <= TARGET and result.test_mse <= TARGET
    assert "Challenge reached" in experiment.challenge.value
    assert "hidden" not in experiment.describe(result)  # the summary never shows the test score


def test_the_hidden_test_score_stays_hidden_until_the_validation_target_is_reached():
    experiment = overfitting.CapacityChallenge(degree=1, lam=1e-6)
    assert experiment.values[2].get_text() == "hidden"
    assert f"{experiment.last_result.test_mse:.3f}" not in experiment.challenge.value


# -- the notebook's claims hold for its numbers -------------------------------------------------
def test_claim_the_u_lowest_validation_between_3_and_5_degree_12_fits_training_best():
    curve = capacity.default_curve(seed=0)
    assert 3 <= curve.best_degree <= 5
    assert np.argmin(curve.train_mse) == 12
    assert np.all(np.diff(curve.train_mse) <= 1e-12)  # training error only falls
    assert curve.validation_mse[12] > 2 * curve.validation_mse[curve.best_degree]


def test_claim_simple_models_have_bias_flexible_ones_variance():
    bv = capacity.bias_variance(degrees=(0, 1, 3, 5, 7, 9), seed=0)
    assert bv.bias_squared[0] > 10 * bv.bias_squared[2]
    assert bv.variance[-1] > 10 * bv.variance[2]


def test_claim_a_contradiction_raises_the_training_floor_unlike_overfitting():
    X = np.array([[0.8, 0.2], [0.9, 0.3], [0.2, 0.9], [0.1, 0.8]])
    y = np.array([1.0, 1.0, 0.0, 0.0])
    X_held = np.array([[0.85, 0.25], [0.15, 0.85], [0.7, 0.3], [0.3, 0.7]])
    y_held = np.array([1.0, 0.0, 1.0, 0.0])
    r = label_noise.fit_with_contradiction(X, y, [0.8, 0.2], 0.0, X_held, y_held)
    assert r.floor_with > 1000 * r.floor_without  # the training loss floor rises
    curve = capacity.default_curve(seed=0)
    assert r.floor_with > curve.train_mse[12]  # overfitting has a low training loss instead
    assert curve.train_mse[12] < curve.validation_mse[12]


def test_claim_copies_change_nothing_and_each_doubling_buys_less():
    volume = generalization.variety_vs_volume(n_unique=10, copies=5, degree=3)
    assert volume.duplicated == pytest.approx(volume.unique, rel=1e-9)
    assert volume.new < volume.unique
    lc = generalization.learning_curve(degree=3, sizes=(10, 20, 40, 80, 160, 320))
    gains = -np.diff(lc.validation_mse)
    assert np.all(gains > 0) and np.all(np.diff(gains) < 0)


def test_claim_every_run_memorises_and_random_labels_take_longer_with_more_data(memorising):
    runs = memorising.runs
    assert all(run.train_accuracy == 1.0 and run.epochs is not None for run in runs.values())
    random_epochs = [runs["random", n].epochs for n in overfitting.random_labels.SIZES]
    assert random_epochs == sorted(random_epochs) and random_epochs[0] < random_epochs[-1]
    for n in overfitting.random_labels.SIZES:
        assert runs["random", n].test_accuracy < 0.2
        assert runs["random", n].epochs > runs["true", n].epochs
    assert runs["true", 128].test_accuracy > 0.8


def test_claim_validation_loss_falls_then_climbs(stopping):
    for history in stopping.runs.values():
        best = int(np.argmin(history.val_loss))
        assert 0 < best < history.epochs_run // 2
        assert history.val_loss[-1] > history.val_loss[best]
    plain = stopping.runs["none"]  # without a regulariser the training loss keeps falling
    assert plain.train_loss[-1] < plain.train_loss[int(np.argmin(plain.val_loss))]


def test_claim_a_second_softmax_floors_the_loss_and_starves_a_confident_mistake():
    right = training.softmax_twice([8.0, 0.0, 0.0], 0)
    wrong = training.softmax_twice([0.0, 8.0, 0.0], 0)
    assert right.loss_twice > 500 * right.loss_once
    assert np.abs(wrong.gradient_twice).sum() < np.abs(wrong.gradient_once).sum() / 100


def test_claim_augmentation_moves_test_accuracy_a_few_points_either_way(augmenting):
    base = augmenting.test_accuracy["none"]
    moves = [acc - base for name, acc in augmenting.test_accuracy.items() if name != "none"]
    assert max(abs(m) for m in moves) < 0.05
    assert min(moves) < 0 < max(moves)


def test_claim_a_plain_split_leaves_a_fold_without_the_rare_class():
    _, y = splits.imbalanced_classes(60, 0.1, seed=0)
    plain = [y[t].sum() for _, t in splits.kfold_indices(60, 5, shuffle=True, seed=1)]
    stratified = [y[t].sum() for _, t in splits.stratified_kfold_indices(y, 5, True, seed=1)]
    assert min(plain) == 0 and min(stratified) >= 1


def test_claim_the_best_of_many_by_test_score_falls_to_chance_on_fresh_data():
    for seed in (0, 1, 2):
        b = leakage.best_of_random_models(seed=seed)
        assert b.best_test_score > b.best_fresh_score + 0.15
        assert abs(b.best_fresh_score - 0.5) < 0.02


def test_claim_a_fixed_model_gets_worse_as_its_inputs_drift():
    drift = generalization.drift_curve(shifts=(0.0, 0.25, 0.5, 0.75, 1.0))
    assert np.all(np.diff(drift.mse) > 0)


def test_the_digits_task_is_the_one_regularization_defines():
    task = regularization.digits_task(seed=0)
    assert len(task.y_train) == regularization.N_TRAIN
