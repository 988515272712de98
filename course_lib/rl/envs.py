"""The course's environments: small worlds an agent acts in, with gymnasium's API.

Every environment is a :class:`gymnasium.Env` with discrete states and actions::

    env = GridWorld(["S..", ".#.", "P.G"])
    obs, info = env.reset(seed=0)                  # obs: the state, an int
    obs, reward, terminated, truncated, info = env.step(1)

- ``terminated``: the episode ended inside the world (goal, pit, a decision made);
- ``truncated``: it was cut off from outside (``max_steps`` reached), so the
  state it stopped in still has a future.

Each environment also lays its whole *model* open, for planning
(:mod:`course_lib.rl.planning`): ``env.P[s][a]`` is a list of
``(probability, next_state, reward, terminated)`` outcomes, the form gymnasium's
own toy-text environments (FrozenLake, CliffWalking, Taxi) use. A learning agent
(:mod:`course_lib.rl.td`) learns only from what ``step`` returns (in a gridworld
without slip it looks those answers up in a table read from ``P`` once: the same
answers, quicker).

The worlds, smallest first:

- :class:`HotStove`: one state, two actions (wait, touch). Touching hurts. The
  reward is the only teacher: no one says "don't", the agent feels it.
- :class:`Bandit`: one state, k arms, each paying a Gaussian reward around a
  hidden mean (Sutton & Barto's 10-armed testbed). Exploration vs. exploitation.
- :class:`GridWorld`: a maze drawn as a list of strings, with walls, a goal,
  pits and an optional chance to slip sideways. Credit assignment: the reward
  comes only at the end of a path.
- :class:`CliffWalk`: Sutton & Barto's cliff (Example 6.6), 4 x 12: the short
  path runs along the cliff edge, one slip costs -100.

No rendering library: ``render_mode="ansi"`` returns the grid as text, and
``layout`` / ``cell`` / ``state`` give plain data to draw with matplotlib.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
from gymnasium import Env, spaces

from course_lib.validation import check_count, check_fraction, check_scalar

#: One outcome of an action: (probability, next state, reward, terminated).
Outcome = tuple[float, int, float, bool]


class TabularEnv(Env):
    """The shared part: discrete states and actions, sampled from ``P``.

    A subclass fills ``self.P``, ``self.initial_state`` and ``self.action_names``
    and calls :meth:`_finish_setup`. ``step`` samples an outcome of ``P[s][a]``
    with the environment's own random generator (seeded by ``reset(seed=...)``).
    """

    metadata = {"render_modes": ["ansi"], "render_fps": 4}

    P: dict[int, dict[int, list[Outcome]]]
    initial_state: int
    action_names: tuple[str, ...]

    def _finish_setup(self, n_states: int, render_mode: str | None, max_steps: int | None) -> None:
        if render_mode is not None and render_mode not in self.metadata["render_modes"]:
            raise ValueError(
                f"render_mode must be None or one of {self.metadata['render_modes']}, "
                f"got {render_mode!r}"
            )
        self.render_mode = render_mode
        self.max_steps = None if max_steps is None else check_count(max_steps, "max_steps")
        self.n_states = n_states
        self.n_actions = len(self.action_names)
        self.observation_space = spaces.Discrete(n_states)
        self.action_space = spaces.Discrete(self.n_actions)
        self.s = self.initial_state
        self.steps = 0
        self.last_action: int | None = None

    def reset(
        self, *, seed: int | None = None, options: dict[str, Any] | None = None
    ) -> tuple[int, dict[str, Any]]:
        """Start a new episode in the start state; ``seed`` seeds the environment's randomness."""
        super().reset(seed=seed)
        self.s = self.initial_state
        self.steps = 0
        self.last_action = None
        return int(self.s), {"prob": 1.0}

    def step(self, action: int) -> tuple[int, float, bool, bool, dict[str, Any]]:
        """Take ``action``: (next state, reward, terminated, truncated, info)."""
        quick = isinstance(action, int | np.integer) and 0 <= action < self.n_actions
        if not quick and not self.action_space.contains(action):
            raise ValueError(
                f"action must be one of 0..{self.n_actions - 1} "
                f"({', '.join(self.action_names)}), got {action!r}"
            )
        outcomes = self.P[self.s][int(action)]
        if len(outcomes) == 1:
            index = 0
        else:
            index = int(self.np_random.choice(len(outcomes), p=[o[0] for o in outcomes]))
        prob, next_state, reward, terminated = outcomes[index]
        reward = self._sample_reward(int(action), reward)
        self.s = next_state
        self.steps += 1
        self.last_action = int(action)
        truncated = not terminated and self.max_steps is not None and self.steps >= self.max_steps
        return int(next_state), float(reward), bool(terminated), bool(truncated), {"prob": prob}

    def _sample_reward(self, action: int, expected_reward: float) -> float:
        """The reward actually paid; deterministic worlds pay the model's reward."""
        return expected_reward

    def render(self) -> str | None:
        """The world as text (``render_mode="ansi"``); None without a render mode."""
        if self.render_mode == "ansi":
            return self._text()
        return None

    def _text(self) -> str:
        return f"state {self.s}, last action {self._action_name(self.last_action)}\n"

    def _action_name(self, action: int | None) -> str:
        return "-" if action is None else self.action_names[action]


class HotStove(TabularEnv):
    """The smallest reinforcement-learning problem: touch the stove, or don't.

    One state, two actions: 0 = wait, 1 = touch. Touching a hot stove pays
    ``burn_reward`` (a punishment); the stove is hot with probability
    ``hot_probability``, otherwise touching pays ``cold_reward``. Waiting pays
    ``wait_reward``. Every episode is one decision (``terminated`` at once), so
    each episode is one trial, and the reward is the only feedback.

    ``P[0][a]`` holds the *expected* reward of each action.
    """

    def __init__(
        self,
        hot_probability: float = 1.0,
        burn_reward: float = -1.0,
        cold_reward: float = 0.0,
        wait_reward: float = 0.0,
        render_mode: str | None = None,
    ):
        self.hot_probability = check_fraction(hot_probability, "hot_probability")
        self.burn_reward = check_scalar(burn_reward, "burn_reward")
        self.cold_reward = check_scalar(cold_reward, "cold_reward")
        self.wait_reward = check_scalar(wait_reward, "wait_reward")
        self.action_names = ("wait", "touch")
        self.initial_state = 0
        touch = self.hot_probability * self.burn_reward + (1 - self.hot_probability) * cold_reward
        self.P = {0: {0: [(1.0, 0, self.wait_reward, True)], 1: [(1.0, 0, touch, True)]}}
        self._finish_setup(1, render_mode, None)

    @property
    def layout(self) -> tuple[str, ...]:
        """The world as one row: the stove."""
        return ("H",)

    def _sample_reward(self, action: int, expected_reward: float) -> float:
        if action == 0:
            return self.wait_reward
        hot = self.np_random.random() < self.hot_probability
        return self.burn_reward if hot else self.cold_reward

    def _text(self) -> str:
        return f"hot stove; last action {self._action_name(self.last_action)}\n"


class Bandit(TabularEnv):
    """A k-armed bandit: pull an arm, get a Gaussian reward around its hidden mean.

    ``means`` fixes the arms' means; otherwise ``k`` means are drawn from a
    standard normal with ``seed`` (Sutton & Barto's 10-armed testbed). Each pull
    pays ``normal(means[a], reward_std)``. One state; every episode is one pull
    (``terminated`` at once). ``P[0][a]`` holds the *mean* reward of arm a.
    """

    def __init__(
        self,
        k: int = 10,
        means: Sequence[float] | None = None,
        reward_std: float = 1.0,
        seed: int | None = 0,
        render_mode: str | None = None,
    ):
        if means is None:
            k = check_count(k, "k")
            self.means = np.random.default_rng(seed).normal(size=k)
        else:
            self.means = np.array(means, dtype=float)
            if self.means.ndim != 1 or self.means.size == 0 or not np.all(np.isfinite(self.means)):
                raise ValueError(f"means must be a non-empty list of finite numbers, got {means!r}")
        self.reward_std = check_scalar(reward_std, "reward_std", minimum=0)
        self.k = len(self.means)
        self.action_names = tuple(f"arm {a}" for a in range(self.k))
        self.initial_state = 0
        self.P = {0: {a: [(1.0, 0, float(m), True)] for a, m in enumerate(self.means)}}
        self._finish_setup(1, render_mode, None)

    @property
    def best_arm(self) -> int:
        """The arm with the highest mean (what the agent should find)."""
        return int(np.argmax(self.means))

    @property
    def layout(self) -> tuple[str, ...]:
        """The arms as one row of k cells."""
        return ("A" * self.k,)

    def _sample_reward(self, action: int, expected_reward: float) -> float:
        return float(self.np_random.normal(self.means[action], self.reward_std))

    def _text(self) -> str:
        return f"{self.k}-armed bandit; last pull {self._action_name(self.last_action)}\n"


#: Moves on a grid, clockwise from up (the order of gymnasium's CliffWalking).
UP, RIGHT, DOWN, LEFT = 0, 1, 2, 3
MOVES = {UP: (-1, 0), RIGHT: (0, 1), DOWN: (1, 0), LEFT: (0, -1)}
ARROWS = ("↑", "→", "↓", "←")

#: The characters of a grid layout.
CELL_KINDS = {
    ".": "free",
    "S": "start",
    "G": "goal",
    "P": "pit",
    "#": "wall",
    "C": "cliff",
}


class GridWorld(TabularEnv):
    """A grid drawn as a list of strings: walk from S to G, avoid the pits.

    Parameters
    ----------
    layout : list of str
        One string per row, all the same length, one character per cell:
        ``.`` free, ``S`` start (exactly one), ``G`` goal (ends the episode),
        ``P`` pit (ends it), ``#`` wall (can't enter), ``C`` cliff (costs
        ``cliff_reward`` and sends you back to the start, the episode goes on).
    step_reward, goal_reward, pit_reward, cliff_reward : float
        The reward for a move onto a free (or start) cell, the goal, a pit, the cliff.
    slip : float
        Probability that a move goes sideways instead (half to each side;
        bumping a wall or the edge means staying put). 0 = deterministic.
        ``slip=2/3`` is FrozenLake's slippery ice (1/3 each way).
    max_steps : int or None
        Cut an episode off (``truncated``) after this many steps.

    The state of cell (row, col) is ``row * n_cols + col`` (walls and cliff
    cells included, they are simply never reached). Actions: 0 up, 1 right,
    2 down, 3 left. In a goal or pit state every action stays there with
    reward 0 and ``terminated`` (gymnasium's convention).
    """

    def __init__(
        self,
        layout: Sequence[str],
        step_reward: float = 0.0,
        goal_reward: float = 1.0,
        pit_reward: float = -1.0,
        cliff_reward: float = -100.0,
        slip: float = 0.0,
        max_steps: int | None = None,
        render_mode: str | None = None,
    ):
        self._layout = _check_layout(layout)
        self.shape = (len(self._layout), len(self._layout[0]))
        self.step_reward = check_scalar(step_reward, "step_reward")
        self.goal_reward = check_scalar(goal_reward, "goal_reward")
        self.pit_reward = check_scalar(pit_reward, "pit_reward")
        self.cliff_reward = check_scalar(cliff_reward, "cliff_reward")
        self.slip = check_fraction(slip, "slip")
        self.action_names = ("up", "right", "down", "left")
        self.initial_state = self.state(*self._find("S")[0])
        self.P = {
            s: {a: self._outcomes(s, a) for a in range(4)}
            for s in range(self.shape[0] * self.shape[1])
        }
        self._finish_setup(self.shape[0] * self.shape[1], render_mode, max_steps)

    # plain data for drawing -------------------------------------------------
    @property
    def layout(self) -> tuple[str, ...]:
        """The grid's rows as strings (see the class docstring for the characters)."""
        return self._layout

    def grid(self) -> np.ndarray:
        """The layout as a (rows, cols) array of single characters."""
        return np.array([list(row) for row in self._layout])

    def cell(self, state: int) -> tuple[int, int]:
        """(row, col) of a state."""
        return divmod(int(state), self.shape[1])

    def state(self, row: int, col: int) -> int:
        """The state of cell (row, col)."""
        return int(row) * self.shape[1] + int(col)

    def kind(self, state: int) -> str:
        """What the cell of ``state`` is: free, start, goal, pit, wall or cliff."""
        row, col = self.cell(state)
        return CELL_KINDS[self._layout[row][col]]

    def terminal_states(self) -> np.ndarray:
        """The states that end an episode (goals and pits)."""
        return np.array([self.state(r, c) for r, c in self._find("GP")], dtype=int)

    # the model --------------------------------------------------------------
    def _find(self, characters: str) -> list[tuple[int, int]]:
        return [
            (r, c)
            for r, row in enumerate(self._layout)
            for c, ch in enumerate(row)
            if ch in characters
        ]

    def _move(self, row: int, col: int, action: int) -> tuple[int, int]:
        dr, dc = MOVES[action]
        r, c = row + dr, col + dc
        if not (0 <= r < self.shape[0] and 0 <= c < self.shape[1]) or self._layout[r][c] == "#":
            return row, col
        return r, c

    def _arrive(self, row: int, col: int) -> tuple[int, float, bool]:
        ch = self._layout[row][col]
        if ch == "G":
            return self.state(row, col), self.goal_reward, True
        if ch == "P":
            return self.state(row, col), self.pit_reward, True
        if ch == "C":
            return self.initial_state, self.cliff_reward, False
        return self.state(row, col), self.step_reward, False

    def _outcomes(self, state: int, action: int) -> list[Outcome]:
        row, col = self.cell(state)
        if self._layout[row][col] in "GP":
            return [(1.0, state, 0.0, True)]
        if self._layout[row][col] in "#C":  # never reached; stay, so the model is complete
            return [(1.0, state, 0.0, True)]
        directions = [(action, 1.0 - self.slip)]
        if self.slip > 0:
            directions += [((action - 1) % 4, self.slip / 2), ((action + 1) % 4, self.slip / 2)]
        merged: dict[tuple[int, float, bool], float] = {}
        for direction, prob in directions:
            if prob > 0:
                key = self._arrive(*self._move(row, col, direction))
                merged[key] = merged.get(key, 0.0) + prob
        return [(prob, s, r, done) for (s, r, done), prob in merged.items()]

    def _text(self) -> str:
        rows = [list(row) for row in self._layout]
        row, col = self.cell(self.s)
        rows[row][col] = "@"
        return "\n".join("".join(r) for r in rows) + f"\n({self._action_name(self.last_action)})\n"


#: Sutton & Barto's cliff (Example 6.6), as gymnasium's CliffWalking: start 36, goal 47.
CLIFF_LAYOUT = (
    "............",
    "............",
    "............",
    "SCCCCCCCCCCG",
)


class CliffWalk(GridWorld):
    """Sutton & Barto's cliff walk: 4 x 12, every step -1, the cliff -100 and back to start.

    The shortest path (13 steps, return -13) runs along the cliff edge; the
    safe path along the top row takes 17. Reaching the goal also costs -1, so
    the return of a path is minus its length (plus -100 per fall). Same states,
    actions and rewards as gymnasium's ``CliffWalking-v1``.
    """

    def __init__(
        self, slip: float = 0.0, max_steps: int | None = None, render_mode: str | None = None
    ):
        super().__init__(
            CLIFF_LAYOUT,
            step_reward=-1.0,
            goal_reward=-1.0,
            pit_reward=-1.0,
            cliff_reward=-100.0,
            slip=slip,
            max_steps=max_steps,
            render_mode=render_mode,
        )


def _check_layout(layout: Sequence[str]) -> tuple[str, ...]:
    if isinstance(layout, str) or not isinstance(layout, Sequence) or len(layout) == 0:
        raise ValueError(
            f'layout must be a list of strings, one per row, e.g. ["S..", "..G"], got {layout!r}'
        )
    rows = tuple(layout)
    if not all(isinstance(row, str) and row for row in rows):
        raise ValueError(f"layout rows must be non-empty strings, got {layout!r}")
    widths = {len(row) for row in rows}
    if len(widths) != 1:
        raise ValueError(f"layout rows must all have the same length, got lengths {sorted(widths)}")
    unknown = sorted({ch for row in rows for ch in row} - set(CELL_KINDS))
    if unknown:
        raise ValueError(
            f"layout has unknown characters {unknown}; use {' '.join(CELL_KINDS)} "
            "(free, start, goal, pit, wall, cliff)"
        )
    starts = sum(row.count("S") for row in rows)
    if starts != 1:
        raise ValueError(f"layout must have exactly one start S, got {starts}")
    return rows
