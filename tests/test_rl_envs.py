"""The course's environments follow gymnasium's API and match gymnasium's own grid worlds."""

from __future__ import annotations

import warnings
from collections import defaultdict

import gymnasium as gym
import numpy as np
import pytest
from gymnasium.utils.env_checker import check_env
from gymnasium.utils.passive_env_checker import env_render_passive_checker

from course_lib.rl.envs import CLIFF_LAYOUT, Bandit, CliffWalk, GridWorld, HotStove

SMALL_LAYOUT = ["S..", ".#P", "..G"]

ENVS = {
    "hot-stove": lambda **kw: HotStove(**kw),
    "hot-stove-sometimes-cold": lambda **kw: HotStove(hot_probability=0.7, **kw),
    "bandit": lambda **kw: Bandit(k=5, seed=3, **kw),
    "gridworld": lambda **kw: GridWorld(SMALL_LAYOUT, **kw),
    "gridworld-slippery-with-time-limit": lambda **kw: GridWorld(
        SMALL_LAYOUT, slip=0.3, max_steps=4, **kw
    ),
    "cliff": lambda **kw: CliffWalk(**kw),
}


@pytest.mark.parametrize("make", ENVS.values(), ids=ENVS.keys())
def test_every_env_passes_gymnasiums_env_checker_without_a_warning(make):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        # the render check needs a registered spec; the ansi mode is checked below
        check_env(make(), skip_render_check=True)


@pytest.mark.parametrize("make", ENVS.values(), ids=ENVS.keys())
def test_every_env_renders_text_in_ansi_mode_and_nothing_without(make):
    env = make(render_mode="ansi")
    env.reset(seed=0)
    env.step(0)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        env_render_passive_checker(env)
    assert isinstance(env.render(), str)
    quiet = make()
    quiet.reset(seed=0)
    assert quiet.render() is None
    with pytest.raises(ValueError, match="render_mode"):
        make(render_mode="human")


@pytest.mark.parametrize("make", ENVS.values(), ids=ENVS.keys())
def test_the_same_seed_gives_the_same_episode(make):
    def episode(seed):
        env = make()
        obs, _ = env.reset(seed=seed)
        actions = np.random.default_rng(0).integers(env.action_space.n, size=30)
        trace = [obs]
        for a in actions:
            obs, reward, terminated, truncated, _ = env.step(int(a))
            trace += [obs, reward]
            if terminated or truncated:
                obs, _ = env.reset()
                trace.append(obs)
        return trace

    assert episode(1) == episode(1)


def outcome_distribution(outcomes):
    """{(next_state, reward, terminated): probability}, merging repeated outcomes."""
    merged = defaultdict(float)
    for prob, next_state, reward, terminated in outcomes:
        merged[int(next_state), float(reward), bool(terminated)] += prob
    return {key: pytest.approx(p) for key, p in merged.items()}


def cliffwalking_id():
    return "CliffWalking-v1" if "CliffWalking-v1" in gym.registry else "CliffWalking-v0"


@pytest.mark.parametrize("slip", [0.0, 2 / 3])
def test_cliff_model_equals_gymnasiums_cliffwalking_in_every_reachable_state(slip):
    kwargs = {"is_slippery": True} if slip else {}
    try:
        theirs = gym.make(cliffwalking_id(), **kwargs).unwrapped
    except TypeError:
        pytest.skip("this gymnasium's CliffWalking has no slippery version")
    ours = CliffWalk(slip=slip)
    assert ours.initial_state == theirs.start_state_index == 36
    reachable = [s for s in range(48) if ours.kind(s) in ("start", "free")]
    assert len(reachable) == 37  # 3 x 12 + the start, as gymnasium's docs count
    for s in reachable:
        for a in range(4):
            assert outcome_distribution(ours.P[s][a]) == outcome_distribution(theirs.P[s][a])


# FrozenLake's actions are left, down, right, up; ours up, right, down, left.
FROZEN_LAKE_ACTION = {0: 3, 1: 2, 2: 1, 3: 0}


@pytest.mark.parametrize("slippery", [False, True])
def test_a_gridworld_drawn_like_frozen_lake_has_frozen_lakes_model(slippery):
    theirs = gym.make("FrozenLake-v1", is_slippery=slippery).unwrapped
    lake = ["".join(ch.decode() for ch in row) for row in theirs.desc]
    layout = [row.replace("F", ".").replace("H", "P") for row in lake]
    ours = GridWorld(layout, goal_reward=1.0, pit_reward=0.0, slip=2 / 3 if slippery else 0.0)
    for s in range(16):
        for a in range(4):
            assert outcome_distribution(ours.P[s][a]) == outcome_distribution(
                theirs.P[s][FROZEN_LAKE_ACTION[a]]
            ), (s, a)


def test_step_follows_the_model_when_the_ice_is_slippery():
    env = GridWorld(["...", ".S.", "..."], slip=0.4)
    env.reset(seed=0)
    landed = defaultdict(int)
    n = 4000
    for _ in range(n):
        env.s = env.initial_state
        obs, *_ = env.step(0)  # up: lands up with 0.6, left or right with 0.2 each
        landed[obs] += 1
    assert landed[1] / n == pytest.approx(0.6, abs=0.03)
    assert landed[3] / n == pytest.approx(0.2, abs=0.03)
    assert landed[5] / n == pytest.approx(0.2, abs=0.03)


def test_gridworld_walls_block_pits_end_and_the_cliff_sends_you_back():
    env = GridWorld(["S#", "CP", ".G"], step_reward=-0.1)
    env.reset(seed=0)
    assert env.step(1)[:3] == (0, -0.1, False)  # bump the wall: stay
    assert env.step(2)[:3] == (0, -100.0, False)  # into the cliff: back to the start
    assert env.terminal_states().tolist() == [3, 5]
    env.s = 4
    assert env.step(1)[:3] == (5, 1.0, True)
    env.s = 4
    assert env.step(0)[:3] == (0, -100.0, False)
    assert env.P[3][0] == [(1.0, 3, 0.0, True)]  # a pit is absorbing with reward 0


def test_a_time_limit_truncates_instead_of_terminating():
    env = GridWorld(["S...G"], max_steps=2)
    env.reset(seed=0)
    assert env.step(1)[2:4] == (False, False)
    assert env.step(1)[2:4] == (False, True)
    env.reset()
    assert env.step(3)[2:4] == (False, False)  # the counter restarts with the episode


def test_hot_stove_hurts_when_touched_and_pays_nothing_for_waiting():
    env = HotStove()
    env.reset(seed=0)
    assert env.step(1)[1:3] == (-1.0, True)
    assert env.step(0)[1:3] == (0.0, True)
    sometimes = HotStove(hot_probability=0.25, burn_reward=-4.0, cold_reward=1.0)
    sometimes.reset(seed=0)
    rewards = [sometimes.step(1)[1] for _ in range(4000)]
    assert set(rewards) == {-4.0, 1.0}
    assert np.mean(rewards) == pytest.approx(sometimes.P[0][1][0][2], abs=0.1)  # -0.25


def test_bandit_pays_gaussian_rewards_around_each_arms_mean():
    env = Bandit(means=[0.0, 1.5, -1.0], reward_std=0.5)
    env.reset(seed=0)
    for arm, mean in enumerate(env.means):
        rewards = [env.step(arm)[1] for _ in range(2000)]
        assert np.mean(rewards) == pytest.approx(mean, abs=0.05)
        assert np.std(rewards) == pytest.approx(0.5, abs=0.05)
    assert env.best_arm == 1
    assert np.array_equal(Bandit(seed=7).means, Bandit(seed=7).means)
    assert not np.array_equal(Bandit(seed=7).means, Bandit(seed=8).means)


def test_layout_accessors_give_plain_data_for_drawing():
    env = CliffWalk()
    assert env.layout == CLIFF_LAYOUT and env.shape == (4, 12)
    assert env.grid().shape == (4, 12)
    assert env.cell(36) == (3, 0) and env.state(3, 11) == 47
    assert [env.kind(s) for s in (36, 37, 47, 0)] == ["start", "cliff", "goal", "free"]


@pytest.mark.parametrize(
    "layout, message",
    [
        ("S..G", "list of strings"),
        (["S..", ".."], "same length"),
        (["S.x"], "unknown characters"),
        (["...", "..G"], "exactly one start"),
        (["SS"], "exactly one start"),
    ],
)
def test_bad_layouts_are_refused_with_a_readable_message(layout, message):
    with pytest.raises(ValueError, match=message):
        GridWorld(layout)


def test_bad_arguments_and_actions_are_refused_with_a_readable_message():
    with pytest.raises(ValueError, match="slip"):
        GridWorld(SMALL_LAYOUT, slip=1.5)
    with pytest.raises(ValueError, match="hot_probability"):
        HotStove(hot_probability=-0.1)
    with pytest.raises(ValueError, match="means"):
        Bandit(means=[])
    env = GridWorld(SMALL_LAYOUT)
    env.reset(seed=0)
    with pytest.raises(ValueError, match="action must be one of 0..3"):
        env.step(4)
