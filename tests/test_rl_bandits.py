"""Bandits: the incremental mean is the mean; UCB regret grows sub-linearly, epsilon linearly."""

from __future__ import annotations

import numpy as np
import pytest

from course_lib.rl.bandits import (
    UCB1,
    EpsilonGreedy,
    OptimisticGreedy,
    incremental_update,
    run_bandit,
    running_mean,
)
from course_lib.rl.bandits import testbed_means as draw_testbed  # not collected as a test

STEPS, RUNS = 2000, 300


@pytest.fixture(scope="module")
def testbed():
    return draw_testbed(k=10, runs=RUNS, seed=1)


@pytest.fixture(scope="module")
def ucb(testbed):
    return run_bandit(UCB1(), testbed, steps=STEPS, runs=RUNS, seed=0)


@pytest.fixture(scope="module")
def epsilon_greedy(testbed):
    return run_bandit(EpsilonGreedy(epsilon=0.1), testbed, steps=STEPS, runs=RUNS, seed=0)


def test_running_mean_equals_numpys_mean_of_every_prefix():
    values = np.random.default_rng(0).normal(3.0, 2.0, size=500)
    means = running_mean(values)
    np.testing.assert_allclose(means, np.cumsum(values) / np.arange(1, 501), rtol=1e-12)
    assert means[-1] == pytest.approx(np.mean(values), rel=1e-12)


def test_incremental_update_moves_the_given_fraction_of_the_way():
    assert incremental_update(2.0, 10.0, 0.25) == pytest.approx(4.0)
    np.testing.assert_allclose(incremental_update([0.0, 1.0], [1.0, 1.0], 0.5), [0.5, 1.0])
    # constant step size: a recency-weighted average, (1 - a)^n on the start value
    estimate = 5.0
    for _ in range(10):
        estimate = incremental_update(estimate, 0.0, 0.1)
    assert estimate == pytest.approx(5.0 * 0.9**10)


def test_ucb_regret_grows_sub_linearly(ucb):
    half, full = ucb.regret[STEPS // 2 - 1], ucb.regret[-1]
    assert full / half < 1.35  # linear growth would double it
    # and its slope keeps falling (roughly like 1/t for log t growth)
    late = ucb.regret[-1] - ucb.regret[STEPS * 3 // 4 - 1]
    earlier = ucb.regret[STEPS // 2 - 1] - ucb.regret[STEPS // 4 - 1]
    assert late < 0.75 * earlier


def test_fixed_epsilon_regret_grows_linearly_at_epsilon_times_the_average_gap(
    epsilon_greedy, testbed
):
    late = epsilon_greedy.regret[-1] - epsilon_greedy.regret[STEPS * 3 // 4 - 1]
    earlier = epsilon_greedy.regret[STEPS // 2 - 1] - epsilon_greedy.regret[STEPS // 4 - 1]
    assert late > 0.85 * earlier  # the slope does not fall
    # exploring pulls a random arm 10% of the time: at least that much regret per step
    floor = 0.1 * np.mean(testbed.max(axis=1) - testbed.mean(axis=1))
    assert late / (STEPS // 4) > floor


def test_ucb_loses_less_than_fixed_epsilon_in_the_long_run(ucb, epsilon_greedy):
    assert ucb.regret[-1] < 0.5 * epsilon_greedy.regret[-1]
    assert ucb.optimal_action[-200:].mean() > epsilon_greedy.optimal_action[-200:].mean()


def test_optimistic_start_beats_a_realistic_greedy_start(testbed):
    # Sutton & Barto, Figure 2.3: Q1 = 5 greedy vs. Q1 = 0 with epsilon = 0.1, step 0.1
    optimistic = run_bandit(OptimisticGreedy(5.0, 0.1), testbed, steps=1000, runs=RUNS, seed=0)
    realistic = run_bandit(EpsilonGreedy(0.1, 0.0, 0.1), testbed, steps=1000, runs=RUNS, seed=0)
    assert optimistic.optimal_action[-200:].mean() > realistic.optimal_action[-200:].mean() + 0.03
    pure_greedy = run_bandit(EpsilonGreedy(0.0), testbed, steps=1000, runs=RUNS, seed=0)
    assert optimistic.optimal_action[-200:].mean() > pure_greedy.optimal_action[-200:].mean() + 0.3


def test_ucb_tries_every_arm_once_before_repeating_one():
    runs = run_bandit(UCB1(), np.linspace(0, 1, 6), steps=6, runs=50, seed=0)
    np.testing.assert_array_equal(runs.final_counts, np.ones((50, 6)))


def test_the_results_measure_what_they_say():
    means = np.array([0.0, 1.0, 0.2])
    always_explore = run_bandit(EpsilonGreedy(epsilon=1.0), means, steps=400, runs=500, seed=0)
    # uniformly random pulls: best arm a third of the time, regret 0.6 per step
    assert always_explore.optimal_action.mean() == pytest.approx(1 / 3, abs=0.01)
    assert always_explore.regret[-1] == pytest.approx(400 * (1 - means.mean()), rel=0.02)
    assert always_explore.average_reward.mean() == pytest.approx(means.mean(), abs=0.01)
    # sample-average estimates equal the mean reward each arm paid
    assert always_explore.final_counts.sum(axis=1).tolist() == [400] * 500
    np.testing.assert_allclose(always_explore.final_estimates.mean(axis=0), means, atol=0.01)


def test_the_same_seed_gives_the_same_runs_and_another_seed_others():
    a = run_bandit(UCB1(), [0.0, 0.5], steps=50, runs=10, seed=3)
    b = run_bandit(UCB1(), [0.0, 0.5], steps=50, runs=10, seed=3)
    c = run_bandit(UCB1(), [0.0, 0.5], steps=50, runs=10, seed=4)
    np.testing.assert_array_equal(a.average_reward, b.average_reward)
    assert not np.array_equal(a.average_reward, c.average_reward)


def test_bad_arguments_are_refused_with_a_readable_message():
    with pytest.raises(ValueError, match="epsilon"):
        EpsilonGreedy(epsilon=1.5)
    with pytest.raises(ValueError, match="step_size"):
        OptimisticGreedy(step_size=0)
    with pytest.raises(ValueError, match="arm_means must have shape"):
        run_bandit(UCB1(), np.zeros((3, 4)), runs=5)
    with pytest.raises(TypeError, match="strategy"):
        run_bandit("ucb", [0.0, 1.0])


def test_epsilon_greedy_probabilities_match_the_frequencies_of_its_choices():
    from course_lib.rl.bandits import epsilon_greedy_probabilities

    estimates = np.array([0.2, 1.5, -0.3, 1.5])
    expected = epsilon_greedy_probabilities(estimates, 0.2)
    np.testing.assert_allclose(expected, [0.05, 0.45, 0.05, 0.45])  # by hand: 0.2/4 + 0.8/2
    choices = EpsilonGreedy(0.2).choose(
        np.tile(estimates, (200_000, 1)), np.ones((200_000, 4)), 1, np.random.default_rng(0)
    )
    frequencies = np.bincount(choices, minlength=4) / len(choices)
    np.testing.assert_allclose(frequencies, expected, atol=0.005)


def test_learning_by_trial_keeps_each_actions_running_average_of_its_rewards():
    from course_lib.rl.bandits import learn_by_trial
    from course_lib.rl.envs import HotStove

    run = learn_by_trial(HotStove(hot_probability=0.5), trials=300, epsilon=0.3, seed=1)
    for action in (0, 1):
        taken = run.actions == action
        assert taken.any()
        assert run.estimates[-1, action] == pytest.approx(run.rewards[taken].mean())
    assert set(np.unique(run.rewards[run.actions == 0])) == {0.0}  # waiting never hurts
    assert set(np.unique(run.rewards[run.actions == 1])) == {-1.0, 0.0}  # hot or cold


def test_a_burnt_agent_stops_touching_when_it_stops_exploring():
    from course_lib.rl.bandits import learn_by_trial
    from course_lib.rl.envs import HotStove

    run = learn_by_trial(HotStove(hot_probability=1.0), trials=50, epsilon=0.0, seed=0)
    first_burn = int(np.flatnonzero(run.actions == 1)[0])
    assert np.all(run.actions[first_burn + 1 :] == 0)
