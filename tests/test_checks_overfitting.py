"""Lesson 04's checks: right answers pass on every case, each anticipated mistake gets its
targeted hint, and no check raises (the generic contract is in test_checks_contract.py)."""

from __future__ import annotations

import math

import numpy as np
import pytest

from course_lib import capacity, splits, training
from course_lib.checks import overfitting as check


# -- right answers, written independently of the concept modules --------------------------------
def pick_degree(train_mse, validation_mse):
    return int(np.argmin(validation_mse))


def split(n, validation_fraction, test_fraction, seed):
    order = np.random.default_rng(seed + 1000).permutation(n)  # any seeded shuffle is right
    n_test, n_val = math.ceil(test_fraction * n), math.ceil(validation_fraction * n)
    return order[n_test + n_val :], order[n_test : n_test + n_val], order[:n_test]


def kfold(n, k):
    folds, start = [], 0
    for i in range(k):
        size = n // k + (1 if i < n % k else 0)
        test = list(range(start, start + size))
        folds.append(([j for j in range(n) if j not in test], test))
        start += size
    return folds


def ridge(X, y, lam):
    x_mean, y_mean = X.mean(axis=0), y.mean()
    Xc = X - x_mean
    coef = np.linalg.inv(Xc.T @ Xc + lam * np.eye(X.shape[1])) @ Xc.T @ (y - y_mean)
    return coef, y_mean - x_mean @ coef


def early_stopping(val_losses, patience):
    best, best_loss, waited = None, math.inf, 0
    for epoch, loss in enumerate(val_losses):
        if loss < best_loss:
            best, best_loss, waited = epoch, loss, 0
        else:
            waited += 1
            if waited > patience:
                return best, epoch
    return best, None


def dropout_forward(x, p, mask, train):
    return np.where(mask, x / (1 - p), 0.0) if train else x


RIGHT = {
    "pick_degree": pick_degree,
    "split": split,
    "kfold": kfold,
    "ridge": ridge,
    "early_stopping": early_stopping,
    "dropout_forward": dropout_forward,
}


@pytest.mark.parametrize("name", list(RIGHT))
def test_a_right_answer_passes(name):
    feedback = getattr(check, name)(RIGHT[name])
    assert feedback.passed, feedback.text()


@pytest.mark.parametrize("name", list(RIGHT))
def test_nothing_written_yet_is_not_attempted_and_nothing_raises(name):
    def stub(*args):
        raise NotImplementedError()

    assert getattr(check, name)(None).status == "not attempted"
    assert getattr(check, name)(stub).status == "not attempted"
    assert getattr(check, name)(lambda *a: 1 / 0).status == "incorrect"
    assert getattr(check, name)("text").status == "incorrect"


# -- anticipated mistakes get their hint -----------------------------------------------------
def hint_of(name, answer):
    feedback = getattr(check, name)(answer)
    assert not feedback.passed
    return feedback.hint + " " + feedback.message


def test_choosing_by_training_error_is_named():
    assert "training error" in hint_of("pick_degree", lambda t, v: int(np.argmin(t)))
    assert "largest" in hint_of("pick_degree", lambda t, v: int(np.argmax(v)))


def test_split_mistakes_are_named():
    def overlapping(n, v, t, seed):
        order = np.random.default_rng(seed).permutation(n)
        return order, order[: math.ceil(v * n)], order[: math.ceil(t * n)]

    def floor_sizes(n, v, t, seed):
        order = np.random.default_rng(seed).permutation(n)
        n_test, n_val = int(t * n), int(v * n)
        return order[n_test + n_val :], order[n_test : n_test + n_val], order[:n_test]

    def unshuffled(n, v, t, seed):
        order = np.arange(n)
        n_test, n_val = math.ceil(t * n), math.ceil(v * n)
        return order[n_test + n_val :], order[n_test : n_test + n_val], order[:n_test]

    draws = np.random.default_rng()

    def unseeded(n, v, t, seed):
        return split(n, v, t, int(draws.integers(10**9)))

    assert "two parts" in hint_of("split", overlapping)
    assert "math.ceil" in hint_of("split", floor_sizes)
    assert "shuffle" in hint_of("split", unshuffled)
    assert "seed" in hint_of("split", unseeded)


def test_kfold_mistakes_are_named():
    def remainder_last(n, k):
        return check._kfold_floor(n, k)

    def test_in_train(n, k):
        return [(list(range(n)), test) for _, test in kfold(n, k)]

    def shuffled(n, k):
        return splits.kfold_indices(n, k, shuffle=True, seed=0)

    assert "first n % k" in hint_of("kfold", remainder_last)
    assert "must not be in its training part" in hint_of("kfold", test_in_train)
    assert "without shuffling" in hint_of("kfold", shuffled)


def test_ridge_mistakes_are_named():
    assert "penalty λ is missing" in hint_of("ridge", lambda X, y, lam: ridge(X, y, 0.0))
    assert "penalised the intercept" in hint_of("ridge", check._penalised_intercept)
    assert "Centre the columns" in hint_of("ridge", check._uncentred)


def test_early_stopping_mistakes_are_named():
    assert "equal loss is not an improvement" in hint_of("early_stopping", check._with_ties)
    assert "one epoch early" in hint_of("early_stopping", check._one_early)


def test_dropout_mistakes_are_named():
    assert "scaled up by 1 / (1 − p)" in hint_of("dropout_forward", lambda x, p, m, t: x * m)
    assert "do not multiply" in hint_of("dropout_forward", lambda x, p, m, t: x * m * (1 - p))
    assert "not by 1 / p" in hint_of("dropout_forward", lambda x, p, m, t: x * m / p)

    def drops_in_eval(x, p, m, t):
        return x * m / (1 - p)

    def old_style(x, p, m, t):
        return x * m / (1 - p) if t else x * (1 - p)

    assert "nothing is dropped" in hint_of("dropout_forward", drops_in_eval)
    assert "evaluation pass is x itself" in hint_of("dropout_forward", old_style)


# -- the expected answers are the concept modules' ------------------------------------------
def test_expected_answers_come_from_the_concepts_on_fuzzed_cases():
    rng = np.random.default_rng(7)
    for _ in range(20):
        losses = list(rng.uniform(0.1, 1.0, rng.integers(1, 12)))
        patience = int(rng.integers(0, 4))
        stop = training.early_stopping_epoch(losses, patience)
        assert early_stopping(losses, patience) == (stop.best_epoch, stop.stop_epoch)
        n, k = int(rng.integers(2, 40)), None
        k = int(rng.integers(2, n + 1))
        for (tr, te), (etr, ete) in zip(kfold(n, k), splits.kfold_indices(n, k), strict=True):
            assert list(te) == ete.tolist() and sorted(tr) == etr.tolist()
        X, y = rng.normal(size=(10, 3)), rng.normal(size=10)
        lam = float(rng.uniform(0.01, 5))
        coef, intercept = capacity.fit_linear(X, y, lam)
        np.testing.assert_allclose(ridge(X, y, lam)[0], coef, rtol=1e-8)
        assert ridge(X, y, lam)[1] == pytest.approx(intercept)


def test_the_dropout_mask_is_the_one_the_engine_draws():
    x = np.ones((50, 40))
    for p in (0.1, 0.3, 0.7):
        mask = check.dropout_mask(x.shape, p, seed=4)
        engine = check._dropout_reference(x, p, 4, train=True)
        np.testing.assert_allclose(engine, np.where(mask, 1 / (1 - p), 0.0))
        np.testing.assert_allclose(check._dropout_reference(x, p, 4, train=False), x)


@pytest.mark.parametrize("name", list(RIGHT))
def test_a_wrong_answer_gets_help_in_steps_a_hint_more_and_a_fix(name):
    wrong = {
        "pick_degree": lambda t, v: 0,
        "split": lambda n, v, t, s: (np.arange(n), np.arange(0), np.arange(0)),
        "kfold": lambda n, k: [(np.arange(n), np.arange(n))] * k,
        "ridge": lambda X, y, lam: (np.zeros(X.shape[1]), 0.0),
        "early_stopping": lambda losses, p: (0, 1),
        "dropout_forward": lambda x, p, m, t: x * 0,
    }[name]
    feedback = getattr(check, name)(wrong)
    assert not feedback.passed
    assert feedback.hint and feedback.fix, feedback.text()
