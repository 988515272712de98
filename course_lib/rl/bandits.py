"""Bandits: exploration vs. exploitation, with one state and k arms.

Each arm pays a random reward around a hidden mean. The agent keeps an
estimate Q(a) of each arm's mean, updated after every pull by the
**incremental mean** (:func:`incremental_update`)::

    Q <- Q + step_size * (reward - Q)        step_size = 1/n: the running average

which is the rule of all of reinforcement learning in small: new estimate =
old estimate + step size * (target - old estimate). The strategies differ only
in how they pick the next arm:

- :class:`EpsilonGreedy`: the best-looking arm, but a random one with probability epsilon
  (:func:`epsilon_greedy_probabilities`: each arm's chance, epsilon/k plus 1 - epsilon
  for the best).
- :class:`OptimisticGreedy`: always the best-looking arm, starting from estimates
  so high that every arm disappoints once and gets tried (Sutton & Barto 2.6).
- :class:`UCB1`: the arm with the highest *upper confidence bound*
  Q(a) + c sqrt(ln t / n(a)): rarely tried arms get a bonus that shrinks as they
  are tried (Auer, Cesa-Bianchi & Fischer 2002; c = sqrt(2) is UCB1).

:func:`run_bandit` plays a strategy on many independent runs at once
(vectorised over runs) and returns per step the average reward, the share of
runs that chose the best arm, and the cumulative *regret*: how much expected
reward was lost against always pulling the best arm. Constant exploration
(epsilon fixed) keeps losing at a constant rate, so its regret grows linearly;
UCB's grows like log t.

One agent learning by trial in a one-state environment with gymnasium's API
(:class:`course_lib.rl.envs.HotStove`, :class:`~course_lib.rl.envs.Bandit`):
:func:`learn_by_trial` keeps every trial's action, reward and the estimates after it.

Pure numpy: no plotting, no widgets.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from course_lib.validation import check_array, check_count, check_fraction, check_scalar


def incremental_update(estimate: object, target: object, step_size: object) -> np.ndarray:
    """estimate + step_size * (target - estimate): move the estimate part of the way to the target.

    With step_size = 1/n after the n-th target this is exactly the average of the
    targets so far; with a constant step size, a recency-weighted average.
    """
    estimate = np.asarray(estimate, dtype=float)
    return estimate + np.asarray(step_size, dtype=float) * (
        np.asarray(target, dtype=float) - estimate
    )


def running_mean(values: object) -> np.ndarray:
    """The average of the first 1, 2, ..., n values, by the incremental update (no stored sum)."""
    values = check_array(values, "values", ndim=1)
    means = np.empty(len(values))
    estimate = 0.0
    for n, value in enumerate(values, start=1):
        estimate = float(incremental_update(estimate, value, 1 / n))
        means[n - 1] = estimate
    return means


def epsilon_greedy_probabilities(estimates: object, epsilon: float) -> np.ndarray:
    """The chance of each arm under epsilon-greedy: epsilon/k each, plus 1 - epsilon for the best.

    A random arm is drawn with probability epsilon (it may be the best one too);
    otherwise the best estimate, shared equally among tied best arms.
    """
    estimates = check_array(estimates, "estimates", ndim=1)
    epsilon = check_fraction(epsilon, "epsilon")
    best = estimates >= estimates.max()
    return epsilon / len(estimates) + (1 - epsilon) * best / best.sum()


def testbed_means(k: int = 10, runs: int = 1, seed: int | None = 0) -> np.ndarray:
    """(runs, k) arm means drawn from a standard normal: one bandit problem per run (S&B 2.3)."""
    k, runs = check_count(k, "k"), check_count(runs, "runs")
    return np.random.default_rng(seed).normal(size=(runs, k))


def _argmax_random_ties(values: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """argmax of every row, a random one among equal maxima (so no arm is favoured by its index)."""
    rows = np.arange(len(values))
    top = values[rows, values.argmax(axis=1)]  # each row's max (numpy's argmax is the quicker)
    is_max = values >= top[:, None]
    return np.where(is_max, rng.random(values.shape), -1.0).argmax(axis=1)


class Strategy:
    """How to pick the next arm of every run from its estimates and counts.

    ``choose(estimates, counts, t, rng)`` gets (runs, k) arrays and the step
    t = 1, 2, ... and returns one arm per run. ``initial_value`` is the
    estimate before any pull; ``step_size`` None means 1/n (the sample average).
    """

    initial_value: float = 0.0
    step_size: float | None = None

    def choose(
        self, estimates: np.ndarray, counts: np.ndarray, t: int, rng: np.random.Generator
    ) -> np.ndarray:
        raise NotImplementedError


@dataclass(frozen=True)
class EpsilonGreedy(Strategy):
    """With probability epsilon a random arm (explore), otherwise the best estimate (exploit)."""

    epsilon: float = 0.1
    initial_value: float = 0.0
    step_size: float | None = None

    def __post_init__(self):
        check_fraction(self.epsilon, "epsilon")
        _check_common(self)

    def choose(self, estimates, counts, t, rng):
        greedy = _argmax_random_ties(estimates, rng)
        explore = rng.random(len(estimates)) < self.epsilon
        random_arms = rng.integers(estimates.shape[1], size=len(estimates))
        return np.where(explore, random_arms, greedy)


@dataclass(frozen=True)
class OptimisticGreedy(Strategy):
    """Always greedy, but every estimate starts high: each arm disappoints, so each gets tried.

    It needs a constant step size (the default 0.1): with 1/n the first pull would
    wipe the optimism out at once.
    """

    initial_value: float = 5.0
    step_size: float | None = 0.1

    def __post_init__(self):
        _check_common(self)

    def choose(self, estimates, counts, t, rng):
        return _argmax_random_ties(estimates, rng)


@dataclass(frozen=True)
class UCB1(Strategy):
    """The arm with the highest Q(a) + c sqrt(ln t / n(a)); arms never tried come first.

    The bonus is large for arms tried rarely and shrinks as n(a) grows, while
    ln t keeps every arm worth another look, ever more rarely.
    """

    c: float = float(np.sqrt(2))
    initial_value: float = 0.0
    step_size: float | None = None

    def __post_init__(self):
        check_scalar(self.c, "c", minimum=0)
        _check_common(self)

    def choose(self, estimates, counts, t, rng):
        bonus = self.c * np.sqrt(np.log(t) / np.maximum(counts, 1))  # untried arms: inf below
        scores = np.where(counts == 0, np.inf, estimates + bonus)
        return _argmax_random_ties(scores, rng)


def _check_common(strategy: Strategy) -> None:
    check_scalar(strategy.initial_value, "initial_value")
    if strategy.step_size is not None:
        check_scalar(strategy.step_size, "step_size", minimum=0, include_minimum=False, maximum=1)


@dataclass(frozen=True)
class BanditRuns:
    """What a strategy did, step by step (averaged over the runs).

    ``average_reward[t]``: the mean reward at step t+1; ``optimal_action[t]``:
    the share of runs that pulled their best arm; ``regret[t]``: the cumulative
    expected regret after t+1 steps, sum over steps of (best mean - mean of the
    arm pulled); ``regret_std[t]`` its spread over runs.
    """

    average_reward: np.ndarray  # (steps,)
    optimal_action: np.ndarray  # (steps,) in [0, 1]
    regret: np.ndarray  # (steps,)
    regret_std: np.ndarray  # (steps,)
    final_estimates: np.ndarray  # (runs, k)
    final_counts: np.ndarray  # (runs, k)


def run_bandit(
    strategy: Strategy,
    arm_means: object,
    steps: int = 1000,
    runs: int = 200,
    seed: int | None = 0,
    reward_std: float = 1.0,
) -> BanditRuns:
    """Play ``strategy`` for ``steps`` pulls on ``runs`` independent bandits at once.

    ``arm_means`` is (k,) for the same bandit in every run, or (runs, k) for a
    different one per run (:func:`testbed_means`). Rewards are
    normal(mean, reward_std). Seeded: the same call gives the same runs.
    """
    if not isinstance(strategy, Strategy):
        raise TypeError(
            "strategy must be EpsilonGreedy, OptimisticGreedy or UCB1, "
            f"got {type(strategy).__name__}"
        )
    steps, runs = check_count(steps, "steps"), check_count(runs, "runs")
    reward_std = check_scalar(reward_std, "reward_std", minimum=0)
    means = check_array(arm_means, "arm_means")
    if means.ndim == 1:
        means = np.broadcast_to(means, (runs, len(means)))
    elif means.shape[0] != runs or means.ndim != 2:
        raise ValueError(f"arm_means must have shape (k,) or ({runs}, k), got {means.shape}")
    rng = np.random.default_rng(seed)
    k = means.shape[1]
    rows = np.arange(runs)
    best_mean = means.max(axis=1)
    is_best = means >= best_mean[:, None]
    estimates = np.full((runs, k), float(strategy.initial_value))
    counts = np.zeros((runs, k))
    pulled = np.empty((steps, runs), dtype=int)  # the arm of every run at every step
    rewards = np.empty((steps, runs))
    # each run's pulled arm as one index into the tables laid flat (views, so writes go
    # through): numpy picks with one index array several times quicker than with two
    flat_means = np.ascontiguousarray(means).reshape(-1)
    flat_estimates, flat_counts = estimates.reshape(-1), counts.reshape(-1)
    for t in range(steps):
        arms = strategy.choose(estimates, counts, t + 1, rng)
        pulls = rows * k + arms  # (run, arm) laid flat
        # normal(mean, std), as rng.normal draws it, without its slower path for arrays
        reward = flat_means[pulls] + reward_std * rng.standard_normal(runs)
        flat_counts[pulls] += 1
        step = strategy.step_size if strategy.step_size is not None else 1 / flat_counts[pulls]
        flat_estimates[pulls] = incremental_update(flat_estimates[pulls], reward, step)
        pulled[t], rewards[t] = arms, reward
    regret = np.cumsum(best_mean - means[rows, pulled], axis=0)  # (steps, runs)
    return BanditRuns(
        rewards.mean(axis=1),
        is_best[rows, pulled].mean(axis=1),
        regret.mean(axis=1),
        regret.std(axis=1),
        estimates,
        counts,
    )


@dataclass(frozen=True)
class TrialRun:
    """One agent's trials: ``actions[t]`` and ``rewards[t]`` of trial t+1, and
    ``estimates[t]`` its estimate of every action after t trials (``[0]`` before any)."""

    actions: np.ndarray  # (trials,) ints
    rewards: np.ndarray  # (trials,)
    estimates: np.ndarray  # (trials + 1, actions)


def learn_by_trial(
    env: object,
    trials: int = 100,
    epsilon: float = 0.1,
    step_size: float | None = None,
    seed: int | None = 0,
    initial_value: float = 0.0,
) -> TrialRun:
    """Epsilon-greedy trials in a one-state environment (every episode one action).

    After each trial the estimate of the action taken moves towards its reward by
    :func:`incremental_update` (step 1/n, or ``step_size``). The only feedback is
    the reward: nobody tells the agent which action was right.
    """
    n_actions = getattr(getattr(env, "action_space", None), "n", None)
    if n_actions is None or not hasattr(env, "step"):
        raise TypeError(
            "env must be an environment with gymnasium's API and a Discrete action space "
            f"(like HotStove or Bandit), got {type(env).__name__}"
        )
    trials = check_count(trials, "trials")
    epsilon = check_fraction(epsilon, "epsilon")
    if step_size is not None:
        step_size = check_scalar(
            step_size, "step_size", minimum=0, include_minimum=False, maximum=1
        )
    rng = np.random.default_rng(seed)
    estimates = np.full((trials + 1, int(n_actions)), check_scalar(initial_value, "initial_value"))
    counts = np.zeros(int(n_actions))
    actions, rewards = np.zeros(trials, dtype=int), np.zeros(trials)
    env.reset(seed=seed)
    for t in range(trials):
        current = estimates[t]
        if rng.random() < epsilon:
            action = int(rng.integers(len(current)))
        else:
            action = int(rng.choice(np.flatnonzero(current >= current.max())))
        env.reset()
        _, reward, _, _, _ = env.step(action)
        counts[action] += 1
        estimates[t + 1] = current
        step = step_size if step_size is not None else 1 / counts[action]
        estimates[t + 1, action] = incremental_update(current[action], reward, step)
        actions[t], rewards[t] = action, reward
    return TrialRun(actions, rewards, estimates)
