"""Lesson 06's experiments: results from the rl concepts, the lesson's claims, the challenge."""

from __future__ import annotations

import numpy as np
import pytest

from course_lib.lessons import reinforcement_learning as lab
from course_lib.lessons.reinforcement_learning import (
    bandit_strategies,
    common,
    policy_gradient,
    preference_tuning,
    q_learning_live,
)
from course_lib.rl import bandits, envs, planning, preferences, td
from course_lib.rl import policy_gradient as pg


def test_the_hot_stove_replays_the_agents_own_trials():
    stove = lab.HotStove(hot_probability=0.5, epsilon=0.2)
    run = bandits.learn_by_trial(envs.HotStove(hot_probability=0.5), 60, 0.2, 0.3, seed=0)
    result = stove.set(trial=25).last_result
    np.testing.assert_array_equal(result.run.actions, run.actions)
    np.testing.assert_array_equal(result.run.estimates, run.estimates)
    assert result.touches == np.sum(run.actions[:25] == 1)
    assert "After 25 trials" in stove.summary.value


def test_a_burnt_child_touches_the_always_hot_stove_only_when_exploring():
    result = lab.HotStove(hot_probability=1.0, epsilon=0.0).last_result
    assert result.touches == 1 and result.burns == 1  # once burnt, never again


def test_the_bandit_curves_are_the_strategies_runs():
    experiment = lab.BanditStrategies()
    result = experiment.last_result
    means = bandits.testbed_means(bandit_strategies.K, bandit_strategies.RUNS, seed=0)
    for strategy, run in zip(bandit_strategies.strategies(0.1, 5.0, 2.0), result.runs,
                             strict=True):  # fmt: skip
        expected = bandits.run_bandit(strategy, means, bandit_strategies.STEPS,
                                      bandit_strategies.RUNS, seed=1)  # fmt: skip
        np.testing.assert_array_equal(run.regret, expected.regret)


def test_exploring_beats_pure_greed_as_the_lesson_says():
    runs = dict(zip(bandit_strategies.NAMES, lab.BanditStrategies().last_result.runs, strict=True))
    greedy = runs["greedy (ε = 0)"]
    assert 0.3 <= greedy.optimal_action[-1] <= 0.8  # the answer the notebook's reveal computes
    for name in ("ε-greedy", "UCB"):
        assert runs[name].regret[-1] < greedy.regret[-1]
        assert runs[name].optimal_action[-1] > greedy.optimal_action[-1]


def test_grid_values_are_value_iterations_and_gamma_one_values_the_start_at_the_shortest_path():
    experiment = lab.GridValues(gamma=1.0)
    result = experiment.last_result
    sweeps = planning.value_iteration(planning.tabular_model(common.lesson_grid()), 1.0, tol=1e-8)
    np.testing.assert_allclose(result.sweeps.final, sweeps.final)
    assert result.start_value == pytest.approx(result.episode.total_reward)
    assert common.lesson_grid().kind(result.episode.states[-1]) == "goal"


def test_a_myopic_agent_never_reaches_the_goal_from_the_start():
    result = lab.GridValues(gamma=0.0).last_result
    assert result.start_value == -1.0
    assert common.lesson_grid().kind(result.episode.states[-1]) != "goal"


def test_the_sweep_slider_replays_value_iterations_kept_sweeps():
    experiment = lab.ValueIterationSweeps(sweep=3, gamma=0.9)
    result = experiment.last_result
    sweeps = planning.value_iteration(experiment.model, 0.9, tol=1e-8)
    np.testing.assert_allclose(result.values, sweeps.values[3])
    beyond = experiment.set(sweep=20).last_result
    assert beyond.sweep == sweeps.sweeps  # clipped to the last sweep, not an error
    assert beyond.settled(experiment.cells) == len(experiment.cells)


def test_q_learning_live_shows_the_snapshots_of_a_real_run():
    experiment = lab.QLearningLive()
    result = experiment.set(episode=40).last_result
    run = td.q_learning(common.lesson_grid(), q_learning_live.EPISODES, lr=0.2, gamma=0.9,
                        epsilon=0.3, seed=0, max_steps=common.GRID_MAX_STEPS,
                        snapshot_every=q_learning_live.SNAPSHOT_EVERY)  # fmt: skip
    np.testing.assert_array_equal(result.q, run.snapshots[40 // q_learning_live.SNAPSHOT_EVERY])
    assert result.optimal_return == 3.0  # 8 steps: +10 at the goal, 7 moves at −1


def test_the_q_learning_challenge_is_open_at_the_defaults_and_reachable():
    experiment = lab.QLearningLive()
    assert not experiment.challenge_status(experiment.last_result)[0]
    assert "Challenge:" in experiment.challenge.value
    experiment.set(lr=1.0, gamma=1.0, epsilon=0.05)  # big steps, no discount, a little exploring
    reached, text = experiment.challenge_status(experiment.last_result)
    assert reached and "done after" in text
    assert "Challenge reached" in experiment.challenge.value


def test_on_the_cliff_q_learning_walks_the_edge_and_sarsa_the_safe_path():
    result = lab.CliffWalk().last_result
    assert result.walk("Q-learning").total_reward == -13
    assert result.walk("SARSA").total_reward == -17
    online = {rule: result.runs[rule].returns[-100:].mean() for rule in ("Q-learning", "SARSA")}
    assert online["SARSA"] > online["Q-learning"]  # the notebook's claim


def test_without_exploring_both_agents_learn_the_shortest_path():
    result = lab.CliffWalk(epsilon=0.0).last_result
    assert result.walk("Q-learning").total_reward == result.walk("SARSA").total_reward == -13


def test_a_baseline_shrinks_the_spread_of_the_gradient_estimates_but_not_their_mean():
    result = lab.PolicyGradient(offset=3.0).last_result
    assert result.spread("baseline") < 0.5 * result.spread("no baseline")
    exact = pg.bandit_gradient(np.zeros(4), policy_gradient.ARM_MEANS + 3.0)[2]
    assert result.exact == pytest.approx(exact)
    assert (
        result.with_baseline.optimal_probability[-1]
        > (result.without_baseline.optimal_probability[-1])
    )


def test_the_offset_changes_nothing_with_a_baseline_at_the_start():
    low = lab.PolicyGradient(offset=0.0).last_result
    high = lab.PolicyGradient(offset=6.0).last_result
    assert low.spread("baseline") == pytest.approx(high.spread("baseline"))
    assert high.spread("no baseline") > low.spread("no baseline")


def test_the_tuned_policy_is_the_kl_regularised_optimum_of_the_learned_reward():
    result = lab.PreferenceTuning(n_comparisons=40, noise=1.0, beta=1.0).last_result
    np.testing.assert_allclose(
        result.policy,
        preferences.kl_regularised_optimum(result.learned, preference_tuning.REFERENCE, 1.0),
    )


def test_few_noisy_comparisons_let_the_policy_exploit_the_reward_models_mistakes():
    # the notebook's claim: with 10 comparisons by a noisy annotator and a small beta the
    # policy goes all in on a response the model overrates
    truth = preference_tuning.TRUE_REWARDS
    run = preferences.rlhf(truth, 10, beta=0.05, noise=3.0, seed=0)
    assert run.learned_reward > run.true_reward + 1
    assert np.argmax(run.policy) != np.argmax(truth)
    good = preferences.rlhf(truth, 300, beta=0.05, noise=0.5, seed=0)
    assert good.true_reward == pytest.approx(good.best_true_reward, abs=0.05)


def test_the_arrows_settle_before_the_values_stop_changing():
    # the notebook's claim under the value-iteration experiment
    experiment = lab.ValueIterationSweeps()
    planned = experiment.compute(sweep=0, gamma=0.9)
    settled = [
        experiment.compute(sweep=k, gamma=0.9).settled(experiment.cells)
        for k in range(planned.sweeps.sweeps + 1)
    ]
    arrows = settled.index(len(experiment.cells))
    values = int(np.flatnonzero(planned.changes > 1e-8)[-1]) + 1
    assert arrows < values
    assert all(count == len(experiment.cells) for count in settled[arrows:])
