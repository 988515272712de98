"""Returns, policy evaluation and value iteration against hand computations and linear solves."""

from __future__ import annotations

from collections import deque

import gymnasium as gym
import numpy as np
import pytest

from course_lib.rl.envs import CliffWalk, GridWorld
from course_lib.rl.planning import (
    action_values,
    discounted_return,
    evaluate_policy,
    evaluate_policy_exactly,
    greedy_policy,
    policy_matrix,
    returns_to_go,
    tabular_model,
    value_iteration,
)


def test_discounted_return_matches_a_hand_computation():
    # 1 + 0.5 * 0 + 0.25 * 2 + 0.125 * (-8) = 1 + 0.5 - 1 = 0.5
    assert discounted_return([1, 0, 2, -8], gamma=0.5) == pytest.approx(0.5)
    assert discounted_return([1, 0, 2, -8], gamma=1.0) == pytest.approx(-5.0)
    assert discounted_return([3, 4], gamma=0.0) == pytest.approx(3.0)
    assert discounted_return([], gamma=0.9) == 0.0


def test_returns_to_go_discount_from_each_step_on():
    rewards = [1.0, 0.0, 2.0, -8.0]
    expected = [discounted_return(rewards[t:], 0.5) for t in range(4)]
    np.testing.assert_allclose(returns_to_go(rewards, 0.5), expected)
    np.testing.assert_allclose(returns_to_go(rewards, 0.5), [0.5, -1.0, -2.0, -8.0])


def test_a_corridor_has_the_hand_computed_optimal_values():
    # S . . G with reward 1 for reaching G: v = gamma^(steps to G - 1)
    model = tabular_model(GridWorld(["S..G"]))
    sweeps = value_iteration(model, gamma=0.9)
    np.testing.assert_allclose(sweeps.final, [0.81, 0.9, 1.0, 0.0], atol=1e-9)
    assert sweeps.policy[:3].tolist() == [1, 1, 1]  # right, right, right
    assert sweeps.converged


def shortest_distances(layout, goal):
    """Moves from each cell to the goal, by breadth-first search around walls and pits."""
    rows, cols = len(layout), len(layout[0])
    distance = {goal: 0}
    queue = deque([goal])
    while queue:
        r, c = queue.popleft()
        for dr, dc in ((1, 0), (-1, 0), (0, 1), (0, -1)):
            nr, nc = r + dr, c + dc
            if (
                0 <= nr < rows
                and 0 <= nc < cols
                and layout[nr][nc] in ".S"
                and (nr, nc) not in distance
            ):
                distance[nr, nc] = distance[r, c] + 1
                queue.append((nr, nc))
    return distance


MAZE = ["S..#....", ".#.#.##.", ".#...#P.", ".####.#.", "......#G"]


def test_value_iteration_finds_gamma_to_the_path_length_in_a_maze_with_pits():
    env = GridWorld(MAZE, goal_reward=1.0, pit_reward=-1.0)
    sweeps = value_iteration(tabular_model(env), gamma=0.9)
    distance = shortest_distances(MAZE, goal=(4, 7))
    for (r, c), d in distance.items():
        if d > 0:
            assert sweeps.final[env.state(r, c)] == pytest.approx(0.9 ** (d - 1)), (r, c)
    unreachable = [env.state(r, c) for r in range(5) for c in range(8) if MAZE[r][c] in ".S"]
    unreachable = [s for s in unreachable if env.cell(s) not in distance]
    assert sweeps.final[unreachable] == pytest.approx(0.0)


def test_value_iteration_agrees_with_a_linear_solve_for_its_own_greedy_policy():
    env = GridWorld(MAZE, step_reward=-0.04, slip=0.2)
    model = tabular_model(env)
    sweeps = value_iteration(model, gamma=0.95)
    exact = evaluate_policy_exactly(model, sweeps.policy, gamma=0.95)
    np.testing.assert_allclose(sweeps.final, exact, atol=1e-8)
    # and no single action beats it anywhere (the Bellman optimality equation)
    q = action_values(model, exact, gamma=0.95)
    assert np.all(q.max(axis=1) <= exact + 1e-8)


def test_the_cliffs_optimal_return_is_minus_13_and_the_safe_paths_minus_17():
    model = tabular_model(CliffWalk())
    sweeps = value_iteration(model, gamma=1.0)
    assert sweeps.final[36] == pytest.approx(-13.0)
    safe = np.full(48, 1)  # right along the top row ...
    safe[[36, 24, 12]] = 0  # ... after going up from the start
    safe[11::12] = 2  # and down the last column
    assert evaluate_policy_exactly(model, safe, gamma=1.0)[36] == pytest.approx(-17.0)


def test_iterative_policy_evaluation_converges_to_the_linear_solve():
    env = GridWorld(MAZE, step_reward=-0.1, slip=0.1)
    model = tabular_model(env)
    uniform = np.full((model.n_states, 4), 0.25)
    sweeps = evaluate_policy(model, uniform, gamma=0.9)
    assert sweeps.converged
    np.testing.assert_allclose(
        sweeps.final, evaluate_policy_exactly(model, uniform, 0.9), atol=1e-8
    )
    # every sweep moves closer: the error shrinks by gamma or faster
    errors = np.abs(sweeps.values - sweeps.final).max(axis=1)
    assert np.all(errors[1:20] <= 0.9 * errors[:19] + 1e-12)


def test_sweeps_keep_every_step_for_a_slider_to_replay():
    sweeps = value_iteration(tabular_model(GridWorld(["S..G"])), gamma=0.9)
    assert sweeps.values.shape == (sweeps.sweeps + 1, 4)
    assert np.all(sweeps.values[0] == 0)
    # the reward spreads back one cell per sweep
    np.testing.assert_allclose(sweeps.values[1], [0, 0, 1, 0])
    np.testing.assert_allclose(sweeps.values[2], [0, 0.9, 1, 0])
    assert sweeps.policies.shape == sweeps.values.shape


def test_value_iteration_solves_gymnasiums_frozen_lake():
    env = gym.make("FrozenLake-v1", is_slippery=True)
    model = tabular_model(env)  # reads env.unwrapped.P
    sweeps = value_iteration(model, gamma=0.99, tol=1e-12)
    exact = evaluate_policy_exactly(model, sweeps.policy, gamma=0.99)
    np.testing.assert_allclose(sweeps.final, exact, atol=1e-8)
    # with no time limit the best policy reaches the goal 14 times in 17 (gymnasium's
    # "optimum = 0.74" counts only episodes that end within its 100-step limit)
    success = evaluate_policy_exactly(model, greedy_policy(action_values(model, exact, 0.99)), 1.0)
    assert success[0] == pytest.approx(14 / 17, abs=1e-6)
    assert value_iteration(model, gamma=1.0, tol=1e-12).final[0] == pytest.approx(14 / 17, abs=1e-6)


def test_greedy_policy_breaks_near_ties_towards_the_first_action():
    q = np.array([[1.0, 1.0 + 1e-12, 0.0], [0.0, 2.0, 3.0]])
    assert greedy_policy(q).tolist() == [0, 2]


def test_policy_matrix_accepts_actions_or_probabilities_and_refuses_nonsense():
    np.testing.assert_array_equal(policy_matrix([1, 0], 2, 2), [[0, 1], [1, 0]])
    with pytest.raises(ValueError, match="one action"):
        policy_matrix([2, 0], 2, 2)
    with pytest.raises(ValueError, match="add up to 1"):
        policy_matrix([[0.5, 0.6], [1, 0]], 2, 2)
    with pytest.raises(ValueError, match="shape"):
        policy_matrix([[1, 0]], 2, 2)


def test_a_policy_that_never_ends_has_no_undiscounted_value():
    model = tabular_model(GridWorld(["S.G"]))
    with pytest.raises(ValueError, match="gamma < 1"):
        evaluate_policy_exactly(model, [3, 3, 3], gamma=1.0)  # always left: never ends
    assert evaluate_policy_exactly(model, [3, 3, 3], gamma=0.5)[0] == 0.0


def test_bad_models_and_gammas_are_refused_with_a_readable_message():
    with pytest.raises(TypeError, match="P\\[s\\]\\[a\\]"):
        tabular_model(42)
    with pytest.raises(ValueError, match="add up to 0.5"):
        tabular_model({0: {0: [(0.5, 0, 1.0, True)]}})
    with pytest.raises(ValueError, match="gamma"):
        discounted_return([1, 2], gamma=1.5)
