"""Temporal-difference learning: Q-learning and SARSA, learning action values by trial.

The agent does not know the world's model; it acts, sees what happens, and
nudges a table of action values Q(s, a), "the return I expect if I take action
a in state s and act well afterwards", towards a target built from one step
of experience (the incremental update of :mod:`course_lib.rl.bandits`)::

    Q(s, a) <- Q(s, a) + lr * (target - Q(s, a))

- **Q-learning** (off-policy): target = r + gamma * max_a' Q(s', a'), the value
  of acting *greedily* next, whatever the agent will really do.
- **SARSA** (on-policy): target = r + gamma * Q(s', a'), with a' the action the
  agent really takes next (epsilon-greedy). It learns the value of its own
  exploring behaviour, so near a cliff it prefers a path where a random step
  does no harm (Sutton & Barto, Example 6.6).

When the episode *terminates* there is no next state: target = r. When it is
only *truncated* (a time limit), the next state still has a future and the
target keeps its bootstrap term.

Actions are chosen epsilon-greedily (:func:`epsilon_greedy`): a random action
with probability epsilon, otherwise the best by Q (random among ties).

A word on the letter Q: lesson 01's Q(a, X) is the average *loss* of a model
with parameters a on data X, to be made small. Here Q(s, a) is an expected
*return* (a sum of future rewards) for a state and an action, to be made large
by choosing actions. Same letter, different things.

The functions work on any environment with gymnasium's API and discrete
states and actions: the course's own (:mod:`course_lib.rl.envs`) and
gymnasium's ``FrozenLake-v1`` or ``CliffWalking-v1`` alike.

Pure numpy: no plotting, no widgets.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

import numpy as np

from course_lib.rl.envs import GridWorld
from course_lib.validation import check_array, check_count, check_fraction, check_scalar

#: The step limit of an episode when neither the environment nor the caller sets one.
DEFAULT_MAX_STEPS = 1000


def epsilon_greedy(q_row: object, epsilon: float, rng: np.random.Generator) -> int:
    """A random action with probability epsilon, else the best by ``q_row`` (random among ties).

    ``q_row`` is one state's action values, an array or a list.
    """
    values = q_row if isinstance(q_row, list) else q_row.tolist()  # plain Python: quicker here
    return _epsilon_greedy(values, epsilon, rng.random)


def _epsilon_greedy(values: list[float], epsilon: float, uniform: Callable[[], float]) -> int:
    # Every random choice is one uniform number in [0, 1): explore or not, which action,
    # which of tied best actions. So the learning loop can draw them ahead in blocks
    # (_uniform_draws), the same numbers at a fraction of numpy's cost per call.
    if uniform() < epsilon:
        return int(uniform() * len(values))
    top = max(values)
    if values.count(top) == 1:
        return values.index(top)
    best = [action for action, value in enumerate(values) if value >= top]
    return best[int(uniform() * len(best))]


def _uniform_draws(rng: np.random.Generator, block: int = 1024) -> Callable[[], float]:
    """A function returning the numbers successive ``rng.random()`` calls would, drawn in blocks."""

    def draws() -> Iterator[float]:
        while True:
            yield from rng.random(block).tolist()

    return draws().__next__


def td_target(
    reward: float,
    next_q_row: object,
    gamma: float,
    terminated: bool,
    next_action: int | None = None,
) -> float:
    """What Q(s, a) is moved towards after one step: r, plus gamma times what s' is worth.

    Q-learning (``next_action`` None): r + gamma max_a' Q(s', a'). SARSA: r + gamma
    Q(s', a') for the action a' really taken next. When the episode terminated,
    s' has no future: the target is r alone.
    """
    if terminated:
        return float(reward)
    following = max(next_q_row) if next_action is None else next_q_row[next_action]
    return float(reward + gamma * following)


def q_update(
    q: object,
    state: int,
    action: int,
    reward: float,
    next_state: int,
    terminated: bool,
    lr: float,
    gamma: float,
) -> np.ndarray:
    """One Q-learning step on a copy of the table: Q(s, a) += lr * (target - Q(s, a))."""
    table = np.array(q, dtype=float)
    if table.ndim != 2:
        raise ValueError(f"q must be a (states, actions) table, got shape {table.shape}")
    target = td_target(reward, table[next_state], gamma, terminated)
    table[state, action] += lr * (target - table[state, action])
    return table


@dataclass(frozen=True)
class TDRun:
    """What an agent learned and how its episodes went.

    ``q``: the final table (states, actions); ``returns[e]`` the (undiscounted)
    sum of rewards of episode e while learning (with exploration);
    ``lengths[e]`` its steps. ``snapshots[i]`` is the table after episode
    ``snapshot_episodes[i]`` (0 = before learning), for a live value map.
    """

    q: np.ndarray
    returns: np.ndarray
    lengths: np.ndarray
    snapshots: np.ndarray  # (n_snapshots, states, actions)
    snapshot_episodes: np.ndarray

    @property
    def greedy_policy(self) -> np.ndarray:
        """The best action in every state by the final table (ties: the lowest action)."""
        return np.argmax(self.q, axis=1)

    @property
    def values(self) -> np.ndarray:
        """max_a Q(s, a): what each state is worth when acting greedily."""
        return self.q.max(axis=1)


def q_learning(
    env: object,
    episodes: int = 500,
    lr: float = 0.5,
    gamma: float = 1.0,
    epsilon: float = 0.1,
    seed: int | None = 0,
    max_steps: int | None = None,
    snapshot_every: int | None = None,
    initial_q: float = 0.0,
) -> TDRun:
    """Q-learning: after each step, Q(s, a) += lr * (r + gamma max_a' Q(s', a') - Q(s, a)).

    Parameters
    ----------
    env : gymnasium-style environment with ``Discrete`` observation and action spaces.
    episodes : number of episodes to learn from.
    lr : the step size (alpha in Sutton & Barto), in (0, 1].
    gamma : the discount, in [0, 1].
    epsilon : the exploration rate of the epsilon-greedy behaviour.
    seed : seeds both the environment (first reset) and the agent's choices.
    max_steps : cut an episode after this many steps (default: 1000).
    snapshot_every : keep a copy of the table every this many episodes.
    initial_q : the table's starting value (optimism encourages exploration).
    """
    return _learn(
        env, "q-learning", episodes, lr, gamma, epsilon, seed, max_steps, snapshot_every, initial_q
    )


def sarsa(
    env: object,
    episodes: int = 500,
    lr: float = 0.5,
    gamma: float = 1.0,
    epsilon: float = 0.1,
    seed: int | None = 0,
    max_steps: int | None = None,
    snapshot_every: int | None = None,
    initial_q: float = 0.0,
) -> TDRun:
    """SARSA: after each step, Q(s, a) += lr * (r + gamma Q(s', a') - Q(s, a)), a' the next action.

    The same arguments as :func:`q_learning`.
    """
    return _learn(
        env, "sarsa", episodes, lr, gamma, epsilon, seed, max_steps, snapshot_every, initial_q
    )


def discrete_sizes(env: object) -> tuple[int, int]:
    """(states, actions) of an env with Discrete spaces; a TypeError for anything else."""
    observation_space = getattr(env, "observation_space", None)
    action_space = getattr(env, "action_space", None)
    n_states, n_actions = getattr(observation_space, "n", None), getattr(action_space, "n", None)
    if n_states is None or n_actions is None or not hasattr(env, "step"):
        raise TypeError(
            "env must be an environment with gymnasium's API and Discrete observation and "
            f"action spaces (like FrozenLake or GridWorld), got {type(env).__name__}"
        )
    return int(n_states), int(n_actions)


def _learn(
    env, rule, episodes, lr, gamma, epsilon, seed, max_steps, snapshot_every, initial_q
) -> TDRun:
    n_states, n_actions = discrete_sizes(env)
    episodes = check_count(episodes, "episodes")
    lr = check_scalar(lr, "lr", minimum=0, include_minimum=False, maximum=1)
    gamma = check_fraction(gamma, "gamma")
    epsilon = check_fraction(epsilon, "epsilon")
    max_steps = DEFAULT_MAX_STEPS if max_steps is None else check_count(max_steps, "max_steps")
    if snapshot_every is not None:
        snapshot_every = check_count(snapshot_every, "snapshot_every")
    initial_q = check_scalar(initial_q, "initial_q")

    uniform = _uniform_draws(np.random.default_rng(seed))
    step = _step_function(env)
    # one list of action values per state: a step reads and writes a few numbers, which plain
    # Python does several times quicker than numpy indexing (the arithmetic is the same)
    q = [[initial_q] * n_actions for _ in range(n_states)]
    returns, lengths = np.zeros(episodes), np.zeros(episodes, dtype=int)
    snapshots, snapshot_episodes = [np.array(q)], [0]
    for episode in range(episodes):
        state, _ = env.reset(seed=seed if episode == 0 else None)
        action = _epsilon_greedy(q[state], epsilon, uniform)
        total, steps = 0.0, 0
        while True:
            next_state, reward, terminated, truncated = step(state, action, steps)
            total += reward
            steps += 1
            next_row, row = q[next_state], q[state]
            next_action = _epsilon_greedy(next_row, epsilon, uniform)
            following = None if rule == "q-learning" else next_action
            target = td_target(reward, next_row, gamma, terminated, following)
            row[action] += lr * (target - row[action])  # Q(s, a) moves lr of the way
            if terminated or truncated or steps >= max_steps:
                break
            state, action = next_state, next_action
        returns[episode], lengths[episode] = total, steps
        if snapshot_every is not None and (episode + 1) % snapshot_every == 0:
            snapshots.append(np.array(q))
            snapshot_episodes.append(episode + 1)
    q = np.array(q, dtype=float)
    return TDRun(q, returns, lengths, np.array(snapshots, dtype=float), np.array(snapshot_episodes))


def _step_function(env: object) -> Callable[[int, int, int], tuple[int, float, bool, bool]]:
    """``step(state, action, steps_so_far)`` -> (next state, reward, terminated, truncated).

    Usually ``env.step``. A course gridworld without slip answers an action in a state
    the same way every time, so its answers are read once from its model ``env.P`` into
    a table: the same transitions ``env.step`` returns, without its bookkeeping per call.
    """
    if not (isinstance(env, GridWorld) and env.slip == 0):

        def step(state, action, steps):
            next_state, reward, terminated, truncated, _ = env.step(action)
            return next_state, reward, terminated, truncated

        return step
    table = [
        [(int(s_next), float(reward), bool(ended)) for ((_, s_next, reward, ended),) in row]
        for row in (env.P[s].values() for s in range(env.n_states))
    ]
    limit = env.max_steps
    if limit is None:  # never truncated
        table = [[(*outcome, False) for outcome in row] for row in table]
        return lambda state, action, steps: table[state][action]

    def step(state, action, steps):
        next_state, reward, terminated = table[state][action]
        return next_state, reward, terminated, not terminated and steps + 1 >= limit

    return step


def moving_average(values: object, window: int) -> np.ndarray:
    """The mean of each value and the ``window - 1`` before it (fewer at the start).

    Smooths noisy per-episode returns so that a trend shows: entry t averages
    values[max(0, t - window + 1) .. t].
    """
    values = check_array(values, "values", ndim=1, allow_empty=True)
    window = check_count(window, "window")
    sums = np.cumsum(np.concatenate([[0.0], values]))
    ends = np.arange(1, len(values) + 1)
    starts = np.maximum(0, ends - window)
    return (sums[ends] - sums[starts]) / (ends - starts)


@dataclass(frozen=True)
class Episode:
    """One episode: the states visited (the first included), actions, rewards, and how it ended."""

    states: np.ndarray
    actions: np.ndarray
    rewards: np.ndarray
    terminated: bool

    @property
    def total_reward(self) -> float:
        return float(np.sum(self.rewards))


def run_greedy_episode(
    env: object, q: object, seed: int | None = 0, max_steps: int = 200, epsilon: float = 0.0
) -> Episode:
    """Play one episode acting greedily by ``q`` (epsilon-greedily if ``epsilon`` > 0).

    Learning is off; this is how to see what a table has learned.
    """
    n_states, n_actions = discrete_sizes(env)
    q = np.asarray(q, dtype=float)
    if q.shape != (n_states, n_actions):
        raise ValueError(f"q must have shape ({n_states}, {n_actions}) for this env, got {q.shape}")
    max_steps = check_count(max_steps, "max_steps")
    epsilon = check_fraction(epsilon, "epsilon")
    rng = np.random.default_rng(seed)
    step = _step_function(env)
    rows = q.tolist()  # plain lists, as in the learning loop
    state, _ = env.reset(seed=seed)
    states, actions, rewards = [state], [], []
    terminated = False
    for steps in range(max_steps):
        row = rows[state]
        action = epsilon_greedy(row, epsilon, rng) if epsilon else row.index(max(row))  # argmax
        state, reward, terminated, truncated = step(state, action, steps)
        states.append(state)
        actions.append(action)
        rewards.append(reward)
        if terminated or truncated:
            break
    return Episode(np.array(states), np.array(actions), np.array(rewards, dtype=float), terminated)
