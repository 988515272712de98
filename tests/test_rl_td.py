"""Q-learning and SARSA: the cliff's two answers, gymnasium's own worlds, and Q* from planning."""

from __future__ import annotations

import gymnasium as gym
import numpy as np
import pytest

from course_lib.rl.envs import CliffWalk, GridWorld, HotStove
from course_lib.rl.planning import action_values, tabular_model, value_iteration
from course_lib.rl.td import epsilon_greedy, q_learning, run_greedy_episode, sarsa


def cliffwalking_id():
    return "CliffWalking-v1" if "CliffWalking-v1" in gym.registry else "CliffWalking-v0"


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_q_learning_finds_the_optimal_path_along_the_cliff_edge(seed):
    run = q_learning(CliffWalk(), episodes=500, lr=0.5, gamma=1.0, epsilon=0.1, seed=seed)
    episode = run_greedy_episode(CliffWalk(), run.q)
    assert episode.terminated
    assert episode.total_reward == -13  # the optimum (value iteration gives it too)


def test_sarsa_learns_the_safe_path_along_the_top_row():
    run = sarsa(CliffWalk(), episodes=500, lr=0.5, gamma=1.0, epsilon=0.1, seed=0)
    episode = run_greedy_episode(CliffWalk(), run.q)
    assert episode.terminated
    assert episode.total_reward == -17
    rows = episode.states // 12
    assert rows.min() == 0  # it climbs to the top row, as far from the edge as it gets


def test_sarsa_does_better_than_q_learning_while_exploring_on_the_cliff():
    # Sutton & Barto, Example 6.6: Q-learning's edge path costs falls when a random step
    # happens; SARSA's safe path does not. Average of the last 100 learning episodes.
    seeds = range(3)
    q_online = np.mean([q_learning(CliffWalk(), seed=s).returns[-100:].mean() for s in seeds])
    sarsa_online = np.mean([sarsa(CliffWalk(), seed=s).returns[-100:].mean() for s in seeds])
    assert sarsa_online > q_online + 15  # about -28 against -54


@pytest.mark.parametrize("learn", [q_learning, sarsa], ids=["q-learning", "sarsa"])
def test_the_agents_cross_gymnasiums_deterministic_frozen_lake(learn):
    run = learn(gym.make("FrozenLake-v1", is_slippery=False), episodes=300, gamma=0.95, seed=0)
    episode = run_greedy_episode(gym.make("FrozenLake-v1", is_slippery=False), run.q)
    assert episode.terminated and episode.total_reward == 1.0
    assert len(episode.actions) == 6  # the shortest way round the holes


@pytest.mark.parametrize("learn", [q_learning, sarsa], ids=["q-learning", "sarsa"])
def test_the_agents_run_unchanged_on_gymnasiums_cliffwalking(learn):
    run = learn(gym.make(cliffwalking_id()), episodes=500, seed=0)
    ours = learn(CliffWalk(), episodes=500, seed=0)
    episode = run_greedy_episode(gym.make(cliffwalking_id()), run.q)
    assert episode.terminated and episode.total_reward in (-13, -15, -17)
    # same model, same seed: the same learning (both envs draw no randomness of their own)
    np.testing.assert_array_equal(run.returns, ours.returns)


class StepOnly(gym.Wrapper):
    """The same world seen only through reset and step (no model to read a table from)."""


@pytest.mark.parametrize("learn", [q_learning, sarsa], ids=["q-learning", "sarsa"])
def test_a_gridworld_without_slip_learns_the_same_from_its_table_as_through_step(learn):
    layout = ["S...#.", ".##...", "...P#.", ".#...G"]
    for env_max_steps, max_steps in ((None, 40), (25, 1000), (30, 20)):
        kwargs = dict(step_reward=-1.0, goal_reward=10.0, pit_reward=-10.0, max_steps=env_max_steps)
        worlds = (GridWorld(layout, **kwargs), StepOnly(GridWorld(layout, **kwargs)))
        table, stepped = (
            learn(env, 80, epsilon=0.3, seed=1, max_steps=max_steps) for env in worlds
        )
        np.testing.assert_array_equal(table.q, stepped.q)
        np.testing.assert_array_equal(table.lengths, stepped.lengths)
        assert table.lengths.max() == min(max_steps, env_max_steps or max_steps)
        for epsilon in (0.0, 0.2):
            walks = [
                run_greedy_episode(env, table.q, seed=3, max_steps=max_steps, epsilon=epsilon)
                for env in worlds
            ]
            np.testing.assert_array_equal(walks[0].states, walks[1].states)
            assert walks[0].terminated == walks[1].terminated


def test_the_learning_loop_draws_the_numbers_rng_random_would():
    from course_lib.rl.td import _uniform_draws

    draw = _uniform_draws(np.random.default_rng(7), block=5)
    rng = np.random.default_rng(7)
    assert [draw() for _ in range(12)] == [rng.random() for _ in range(12)]


def test_q_learning_with_random_behaviour_converges_to_q_star_from_value_iteration():
    # off-policy: acting at random (epsilon = 1) it still learns the greedy policy's values
    env = GridWorld(["S..#", ".#..", "..PG"], step_reward=-0.1)
    model = tabular_model(env)
    q_star = action_values(model, value_iteration(model, gamma=0.9).final, gamma=0.9)
    run = q_learning(env, episodes=300, lr=0.5, gamma=0.9, epsilon=1.0, seed=0)
    visited = [s for s in range(12) if env.kind(s) in ("start", "free")]
    np.testing.assert_allclose(run.q[visited], q_star[visited], atol=1e-6)


@pytest.mark.parametrize("learn", [q_learning, sarsa], ids=["q-learning", "sarsa"])
def test_one_step_episodes_learn_the_expected_reward(learn):
    # every episode ends at once, so the target is the reward: Q -> the average reward
    run = learn(
        HotStove(hot_probability=0.5, burn_reward=-2.0, cold_reward=1.0),
        episodes=20000,
        lr=0.0005,
        epsilon=1.0,
        seed=0,
    )
    np.testing.assert_allclose(run.q[0], [0.0, -0.5], atol=0.1)
    assert run.greedy_policy.tolist() == [0]  # wait


def test_a_time_limit_keeps_the_future_in_the_target():
    # every episode is cut after one step: the next state's value still counts
    env = GridWorld(["S...G"], step_reward=1.0, max_steps=1)
    run = q_learning(env, episodes=200, lr=0.5, gamma=0.5, epsilon=1.0, seed=0, initial_q=10.0)
    assert run.q[0].max() == pytest.approx(1 + 0.5 * 10.0)  # not 1, as if it had ended


def test_snapshots_record_the_table_every_k_episodes():
    run = q_learning(CliffWalk(), episodes=50, seed=0, snapshot_every=10)
    assert run.snapshot_episodes.tolist() == [0, 10, 20, 30, 40, 50]
    assert run.snapshots.shape == (6, 48, 4)
    assert np.all(run.snapshots[0] == 0)
    np.testing.assert_array_equal(run.snapshots[-1], run.q)
    assert run.returns.shape == run.lengths.shape == (50,)


def test_the_same_seed_learns_the_same_table():
    a = sarsa(CliffWalk(), episodes=30, seed=5)
    b = sarsa(CliffWalk(), episodes=30, seed=5)
    np.testing.assert_array_equal(a.q, b.q)
    assert not np.array_equal(a.q, sarsa(CliffWalk(), episodes=30, seed=6).q)


def test_epsilon_greedy_explores_at_rate_epsilon_and_breaks_ties_at_random():
    rng = np.random.default_rng(0)
    picks = [epsilon_greedy(np.array([0.0, 1.0, 0.0, 0.0]), 0.2, rng) for _ in range(4000)]
    # greedy 80% + a quarter of the random 20%
    assert np.mean(np.array(picks) == 1) == pytest.approx(0.85, abs=0.02)
    ties = [epsilon_greedy(np.array([1.0, 1.0, 0.0]), 0.0, rng) for _ in range(2000)]
    assert np.mean(np.array(ties) == 0) == pytest.approx(0.5, abs=0.04)
    assert set(ties) == {0, 1}


def test_bad_arguments_are_refused_with_a_readable_message():
    with pytest.raises(TypeError, match="Discrete"):
        q_learning("CliffWalking-v1")
    with pytest.raises(ValueError, match="lr"):
        q_learning(CliffWalk(), lr=0)
    with pytest.raises(ValueError, match="epsilon"):
        sarsa(CliffWalk(), epsilon=2)
    with pytest.raises(ValueError, match=r"q must have shape \(48, 4\)"):
        run_greedy_episode(CliffWalk(), np.zeros((4, 48)))


def test_the_td_target_bootstraps_on_the_best_or_the_taken_next_action_unless_terminated():
    from course_lib.rl.td import td_target

    next_row = np.array([1.0, 4.0, -2.0])
    assert td_target(0.5, next_row, 0.9, False) == pytest.approx(0.5 + 0.9 * 4.0)
    assert td_target(0.5, next_row, 0.9, False, next_action=2) == pytest.approx(0.5 - 0.9 * 2)
    assert td_target(0.5, next_row, 0.9, True) == 0.5


def test_q_update_moves_one_entry_of_a_copy_lr_of_the_way_to_the_target():
    from course_lib.rl.td import q_update

    q = np.arange(12.0).reshape(4, 3)
    new = q_update(
        q, state=1, action=2, reward=-1.0, next_state=3, terminated=False, lr=0.5, gamma=0.9
    )
    target = -1.0 + 0.9 * 11.0  # the best of row 3
    expected = q.copy()
    expected[1, 2] = 5.0 + 0.5 * (target - 5.0)
    np.testing.assert_allclose(new, expected)
    assert q[1, 2] == 5.0  # the caller's table is untouched


def test_moving_average_matches_a_convolution_and_averages_fewer_at_the_start():
    from course_lib.rl.td import moving_average

    values = np.random.default_rng(0).normal(size=50)
    smooth = moving_average(values, 10)
    np.testing.assert_allclose(smooth[9:], np.convolve(values, np.ones(10) / 10, mode="valid"))
    np.testing.assert_allclose(smooth[:3], [values[0], values[:2].mean(), values[:3].mean()])
