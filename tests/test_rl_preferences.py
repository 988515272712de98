"""Preferences: Bradley-Terry is logistic regression; the KL-tuned policy has its closed form."""

from __future__ import annotations

import numpy as np
import pytest
from scipy.stats import entropy
from sklearn.linear_model import LogisticRegression

from course_lib.rl.preferences import (
    Comparisons,
    beta_sweep,
    bradley_terry_loss,
    fit_bradley_terry,
    kl_divergence,
    kl_regularised_optimum,
    preference_probability,
    rlhf,
    simulate_comparisons,
    tune_policy,
)

QUALITY = np.random.default_rng(0).normal(size=8)
UNIFORM = np.full(8, 1 / 8)


def test_preference_probability_is_the_logistic_of_the_reward_difference():
    assert preference_probability(1.0, 1.0) == pytest.approx(0.5)
    assert preference_probability(2.0, 0.5) == pytest.approx(1 / (1 + np.exp(-1.5)))
    assert preference_probability(800.0, 0.0) == 1.0  # no overflow warning
    d = np.linspace(-5, 5, 11)
    np.testing.assert_allclose(preference_probability(d, 0) + preference_probability(0, d), 1)


def test_the_simulated_annotator_prefers_with_the_bradley_terry_probability():
    quality = np.array([0.0, 1.0])
    comparisons = simulate_comparisons(quality, 20_000, noise=2.0, seed=0)
    assert np.all(comparisons.first != comparisons.second)
    one_wins = np.mean(comparisons.winners == 1)
    assert one_wins == pytest.approx(1 / (1 + np.exp(-0.5)), abs=0.01)
    exact = simulate_comparisons(QUALITY, 500, noise=0.0, seed=0)
    assert np.all(QUALITY[exact.winners] > QUALITY[exact.losers])


def test_bradley_terry_fit_equals_scikit_learns_logistic_regression_on_differences():
    comparisons = simulate_comparisons(QUALITY, 1000, noise=1.0, seed=1)
    l2 = 1e-2
    fitted = fit_bradley_terry(comparisons, 8, l2=l2, steps=1500)
    # x = e_first - e_second, y = first won: the same model, the same penalty (C = 1 / (n l2))
    X = np.zeros((len(comparisons), 8))
    X[np.arange(len(comparisons)), comparisons.first] += 1
    X[np.arange(len(comparisons)), comparisons.second] -= 1
    reference = LogisticRegression(
        fit_intercept=False, C=1 / (len(comparisons) * l2), tol=1e-12, max_iter=10_000
    ).fit(X, comparisons.first_preferred)
    np.testing.assert_allclose(fitted, reference.coef_[0], atol=1e-6)


def test_bradley_terry_recovers_known_strengths_up_to_a_shift():
    comparisons = simulate_comparisons(QUALITY, 4000, noise=1.0, seed=2)
    fitted = fit_bradley_terry(comparisons, 8)
    assert fitted.mean() == pytest.approx(0.0, abs=1e-12)
    np.testing.assert_allclose(fitted, QUALITY - QUALITY.mean(), atol=0.15)
    # adding a constant to every true reward changes no judgement, so no fitted reward
    shifted = simulate_comparisons(QUALITY + 10.0, 4000, noise=1.0, seed=2)
    np.testing.assert_allclose(fit_bradley_terry(shifted, 8), fitted, atol=1e-9)


def test_the_fit_minimises_the_bradley_terry_loss():
    comparisons = simulate_comparisons(QUALITY, 500, noise=1.0, seed=3)
    fitted = fit_bradley_terry(comparisons, 8, l2=0.0, steps=1500)
    best = bradley_terry_loss(fitted, comparisons)
    rng = np.random.default_rng(0)
    for _ in range(20):
        assert bradley_terry_loss(fitted + 0.05 * rng.normal(size=8), comparisons) > best
    assert best < bradley_terry_loss(np.zeros(8), comparisons) == pytest.approx(np.log(2))


def test_kl_divergence_matches_scipy_and_is_zero_only_for_the_same_policy():
    p = np.array([0.7, 0.2, 0.1, 0.0])
    q = np.array([0.25, 0.25, 0.25, 0.25])
    assert kl_divergence(p, q) == pytest.approx(entropy(p, q))
    assert kl_divergence(q, q) == 0.0


@pytest.mark.parametrize("beta", [0.25, 0.5, 2.0])
def test_tuning_by_gradient_ascent_reaches_the_closed_form_optimum(beta):
    reference = np.array([0.3, 0.1, 0.2, 0.15, 0.05, 0.1, 0.05, 0.05])
    tuned = tune_policy(QUALITY, reference, beta, steps=2000, lr=0.05)
    optimum = kl_regularised_optimum(QUALITY, reference, beta)
    np.testing.assert_allclose(tuned, optimum, atol=1e-4)  # small beta: slow on tiny odds

    def objective(pi):
        return pi @ QUALITY - beta * kl_divergence(pi, reference)

    assert objective(tuned) == pytest.approx(objective(optimum), abs=1e-7)


def test_the_closed_form_optimum_beats_every_other_policy_on_the_objective():
    def objective(pi, beta=0.5):
        return pi @ QUALITY - beta * kl_divergence(pi, UNIFORM)

    best = objective(kl_regularised_optimum(QUALITY, UNIFORM, 0.5))
    others = np.random.default_rng(0).dirichlet(np.ones(8), size=200)
    assert all(objective(pi) < best for pi in others)


def test_beta_trades_reward_for_staying_close_to_the_reference():
    assert np.allclose(kl_regularised_optimum(QUALITY, UNIFORM, 1e6), UNIFORM)
    assert kl_regularised_optimum(QUALITY, UNIFORM, 1e-3)[np.argmax(QUALITY)] == pytest.approx(1)
    sweep = beta_sweep(QUALITY, QUALITY, betas=[10, 1, 0.1, 0.01])
    assert np.all(np.diff(sweep.kl) > 0) and np.all(np.diff(sweep.true_reward) > 0)
    np.testing.assert_allclose(sweep.learned_reward, sweep.true_reward)  # a perfect model


def test_with_few_comparisons_the_policy_exploits_the_reward_models_mistakes():
    quality = np.random.default_rng(5).normal(size=20)
    few = [rlhf(quality, 20, beta=0.05, seed=s) for s in range(5)]
    many = [rlhf(quality, 2000, beta=0.05, seed=s) for s in range(5)]
    few_gap = np.mean([r.learned_reward - r.true_reward for r in few])
    many_gap = np.mean([r.learned_reward - r.true_reward for r in many])
    assert few_gap > 1.5  # the model promises much more than the policy delivers
    assert abs(many_gap) < 0.3
    assert np.mean([r.true_reward for r in few]) < np.mean([r.true_reward for r in many]) - 0.5
    assert np.mean([r.true_reward for r in many]) > quality.max() - 0.2


def test_a_noisier_annotator_leaves_the_tuned_policy_further_from_the_best():
    quality = np.random.default_rng(5).normal(size=20)
    clean = np.mean(
        [rlhf(quality, 300, beta=0.05, noise=0.5, seed=s).true_reward for s in range(5)]
    )
    noisy = np.mean(
        [rlhf(quality, 300, beta=0.05, noise=4.0, seed=s).true_reward for s in range(5)]
    )
    assert noisy < clean - 0.2


def test_bad_arguments_are_refused_with_a_readable_message():
    comparisons = simulate_comparisons(QUALITY, 10, seed=0)
    with pytest.raises(ValueError, match="only 4"):
        fit_bradley_terry(comparisons, 4)
    with pytest.raises(TypeError, match="Comparisons"):
        fit_bradley_terry([(0, 1, True)], 8)
    with pytest.raises(ValueError, match="at least 2"):
        simulate_comparisons([1.0], 5)
    with pytest.raises(ValueError, match="reference must be positive"):
        kl_regularised_optimum(QUALITY, np.full(8, 0.2), beta=1)
    with pytest.raises(ValueError, match="beta"):
        kl_regularised_optimum(QUALITY, UNIFORM, beta=0)
    empty = Comparisons(np.array([], int), np.array([], int), np.array([], bool))
    with pytest.raises(ValueError, match="empty"):
        bradley_terry_loss(QUALITY, empty)
