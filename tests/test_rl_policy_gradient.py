"""REINFORCE: unbiased against the exact policy gradient, and a baseline cuts its variance."""

from __future__ import annotations

import numpy as np
import pytest

from course_lib.rl.envs import GridWorld
from course_lib.rl.planning import evaluate_policy_exactly, tabular_model
from course_lib.rl.policy_gradient import (
    bandit_gradient,
    episode_gradient,
    expected_reward,
    log_softmax_gradient,
    reinforce,
    reinforce_bandit,
    reinforce_bandit_estimates,
    sample_episode,
    softmax,
)
from course_lib.rl.td import run_greedy_episode

LOGITS = np.array([0.3, -1.0, 0.8, 0.0])
MEANS = np.array([1.0, 0.0, 0.5, -0.5])


def central_difference(f, x, h=1e-6):
    grad = np.zeros_like(x)
    for i in np.ndindex(x.shape):
        step = np.zeros_like(x)
        step[i] = h
        grad[i] = (f(x + step) - f(x - step)) / (2 * h)
    return grad


def test_softmax_is_a_probability_vector_and_survives_huge_logits():
    pi = softmax([1000.0, 1000.0, -1000.0])
    np.testing.assert_allclose(pi, [0.5, 0.5, 0.0])
    np.testing.assert_allclose(softmax(LOGITS).sum(), 1.0)


@pytest.mark.parametrize("action", range(4))
def test_log_softmax_gradient_matches_finite_differences(action):
    numeric = central_difference(lambda t: np.log(softmax(t)[action]), LOGITS)
    np.testing.assert_allclose(log_softmax_gradient(LOGITS, action), numeric, atol=1e-8)


def test_bandit_gradient_matches_finite_differences_of_the_expected_reward():
    numeric = central_difference(lambda t: expected_reward(t, MEANS), LOGITS)
    np.testing.assert_allclose(bandit_gradient(LOGITS, MEANS), numeric, atol=1e-8)


@pytest.mark.parametrize("baseline", [0.0, 3.0, "expected"])
def test_reinforce_estimates_average_to_the_exact_gradient_whatever_the_baseline(baseline):
    b = expected_reward(LOGITS, MEANS) if baseline == "expected" else baseline
    estimates = reinforce_bandit_estimates(LOGITS, MEANS, samples=40_000, baseline=b, seed=1)
    standard_error = estimates.std(axis=0) / np.sqrt(len(estimates))
    error = np.abs(estimates.mean(axis=0) - bandit_gradient(LOGITS, MEANS))
    assert np.all(error < 4 * standard_error)
    assert np.all(standard_error < 0.01)  # tight enough to catch a dropped factor


def test_a_baseline_reduces_the_variance_of_the_estimates():
    shifted = MEANS + 5.0  # all rewards positive: every pull pushes its own arm up
    none = reinforce_bandit_estimates(LOGITS, shifted, samples=20_000, baseline=0.0, seed=2)
    best = expected_reward(LOGITS, shifted)
    centred = reinforce_bandit_estimates(LOGITS, shifted, samples=20_000, baseline=best, seed=2)
    assert centred.var(axis=0).sum() < 0.2 * none.var(axis=0).sum()


def test_episode_gradients_average_to_the_gradient_of_the_exact_value():
    env = GridWorld(["S.", ".G"], step_reward=-0.1)
    model = tabular_model(env)
    logits = np.random.default_rng(1).normal(size=(4, 4))
    start = env.initial_state

    def value(theta):
        return evaluate_policy_exactly(model, softmax(theta, axis=1), gamma=0.9)[start]

    exact = central_difference(value, logits)
    values = evaluate_policy_exactly(model, softmax(logits, axis=1), gamma=0.9)
    rng = np.random.default_rng(0)
    env.reset(seed=0)
    plain, with_baseline = [], []
    for _ in range(3000):
        states, actions, rewards = sample_episode(env, softmax(logits, axis=1), rng)
        plain.append(episode_gradient(logits, states, actions, rewards, 0.9))
        with_baseline.append(episode_gradient(logits, states, actions, rewards, 0.9, values))
    for estimates in (np.array(plain), np.array(with_baseline)):
        standard_error = estimates.std(axis=0) / np.sqrt(len(estimates)) + 1e-12
        assert np.all(np.abs(estimates.mean(axis=0) - exact) < 4.5 * standard_error)
    assert np.abs(exact).max() > 0.1  # a gradient worth estimating


def test_episode_gradient_hand_computed_for_one_step():
    # one step in state 0 with action 1, reward 2: (2 - b) (one_hot(1) - pi)
    logits = np.zeros((2, 2))
    gradient = episode_gradient(logits, [0, 1], [1], [2.0], gamma=0.5, baseline=[0.5, 0.0])
    np.testing.assert_allclose(gradient, [[-0.75, 0.75], [0.0, 0.0]])


def test_a_baseline_makes_the_gradient_bandit_learn_faster_when_rewards_are_offset():
    # Sutton & Barto, Figure 2.5: means around +4, with and without the average as baseline
    means = np.array([0.2, 0.0, 1.0, 0.5]) + 4
    with_b = reinforce_bandit(means, steps=500, lr=0.1, baseline=True, runs=200, seed=0)
    without = reinforce_bandit(means, steps=500, lr=0.1, baseline=False, runs=200, seed=0)
    assert with_b.optimal_probability[0] == pytest.approx(0.25)
    assert with_b.optimal_probability[-1] > 0.9
    assert without.optimal_probability[-1] < with_b.optimal_probability[-1] - 0.2


@pytest.mark.parametrize("baseline", [True, False])
def test_reinforce_learns_the_way_round_a_pit(baseline):
    env = GridWorld(["S...", ".P..", "...G"], step_reward=-0.05)
    run = reinforce(env, episodes=500, lr=0.5, gamma=0.95, baseline=baseline, seed=0)
    episode = run_greedy_episode(env, run.logits)
    assert episode.terminated and episode.total_reward == pytest.approx(1 - 4 * 0.05)
    assert run.returns[-50:].mean() > 0.7


def test_bad_arguments_are_refused_with_a_readable_message():
    with pytest.raises(ValueError, match="arm_means has 3 arms but logits has 4"):
        bandit_gradient(LOGITS, [1, 2, 3])
    with pytest.raises(ValueError, match="action"):
        log_softmax_gradient(LOGITS, 4)
    with pytest.raises(ValueError, match="one of each per step"):
        episode_gradient(np.zeros((2, 2)), [0, 1], [0, 1], [1.0], gamma=0.9)
    with pytest.raises(ValueError, match="lr"):
        reinforce_bandit(MEANS, lr=-1)
