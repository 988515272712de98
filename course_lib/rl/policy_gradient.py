"""Policy gradients: learn the policy itself, by nudging the odds of what paid off.

The policy is a softmax over preferences (logits) theta: pi(a) = e^theta_a / sum_b e^theta_b
(per state for a table theta[s, a]). The goal is a large expected return
J(theta) = E[G]. Its gradient cannot be taken through the world (we have no
model of it), but the **policy-gradient theorem** turns it into an average of
things we can observe (Williams 1992, REINFORCE)::

    grad J = E[ G * grad log pi(a) ]         with grad log pi(a) = one_hot(a) - pi

so one sampled episode gives an unbiased estimate: raise the log-odds of the
action taken in proportion to the return that followed. Subtracting a
**baseline** b that does not depend on the action, (G - b) * grad log pi(a),
leaves the average unchanged (E[grad log pi] = 0) but can shrink the variance a
lot: "better or worse than usual" is a clearer signal than "how much".

- :func:`softmax`, :func:`log_softmax_gradient`: the policy and its score function.
- :func:`bandit_gradient`, :func:`reinforce_bandit_estimates`: the exact gradient
  for a bandit (closed form) and single-pull estimates of it, to compare means
  and variances.
- :func:`reinforce_bandit`: gradient ascent with one pull per step, vectorised
  over runs (Sutton & Barto's gradient bandit, 2.8).
- :func:`episode_gradient`, :func:`reinforce`: the episodic version, a softmax
  table theta[s, a] on any discrete gymnasium-API environment.

Pure numpy: no plotting, no widgets.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from course_lib.rl.bandits import incremental_update
from course_lib.rl.planning import returns_to_go
from course_lib.rl.td import discrete_sizes
from course_lib.validation import check_array, check_count, check_fraction, check_scalar


def softmax(logits: object, axis: int = -1) -> np.ndarray:
    """pi = e^theta / sum e^theta along ``axis`` (shifted by the max, so no overflow)."""
    return _softmax(check_array(logits, "logits"), axis)


def _softmax(logits: np.ndarray, axis: int = -1) -> np.ndarray:
    shifted = np.exp(logits - logits.max(axis=axis, keepdims=True))
    return shifted / shifted.sum(axis=axis, keepdims=True)


def log_softmax_gradient(logits: object, action: int) -> np.ndarray:
    """d log pi(action) / d theta = one_hot(action) - pi: the score function of a softmax policy."""
    pi = softmax(check_array(logits, "logits", ndim=1))
    action = check_scalar(action, "action", minimum=0, maximum=len(pi) - 1, integer=True)
    return np.eye(len(pi))[action] - pi


def expected_reward(logits: object, arm_means: object) -> float:
    """J(theta) = sum_a pi(a) mu_a: what the softmax policy earns per pull on average."""
    pi, means = _bandit_args(logits, arm_means)
    return float(pi @ means)


def bandit_gradient(logits: object, arm_means: object) -> np.ndarray:
    """The exact policy gradient of a bandit: dJ/dtheta_a = pi(a) (mu_a - J)."""
    pi, means = _bandit_args(logits, arm_means)
    return pi * (means - pi @ means)


def _bandit_args(logits: object, arm_means: object) -> tuple[np.ndarray, np.ndarray]:
    logits = check_array(logits, "logits", ndim=1)
    means = check_array(arm_means, "arm_means", ndim=1)
    if len(means) != len(logits):
        raise ValueError(f"arm_means has {len(means)} arms but logits has {len(logits)}")
    return softmax(logits), means


def reinforce_bandit_estimates(
    logits: object,
    arm_means: object,
    samples: int = 1000,
    baseline: float = 0.0,
    reward_std: float = 1.0,
    seed: int | None = 0,
) -> np.ndarray:
    """``samples`` single-pull REINFORCE estimates (R - baseline) (one_hot(a) - pi), one per row.

    Each row is what one pull tells about :func:`bandit_gradient`: their mean
    approaches it (unbiased, for any constant baseline); their spread is the
    noise a learner has to average out. ``baseline=expected_reward(...)`` is a
    good choice.
    """
    pi, means = _bandit_args(logits, arm_means)
    samples = check_count(samples, "samples")
    baseline = check_scalar(baseline, "baseline")
    reward_std = check_scalar(reward_std, "reward_std", minimum=0)
    rng = np.random.default_rng(seed)
    actions = rng.choice(len(pi), size=samples, p=pi)
    rewards = rng.normal(means[actions], reward_std)
    return (rewards - baseline)[:, None] * (np.eye(len(pi))[actions] - pi)


@dataclass(frozen=True)
class GradientBanditRuns:
    """A softmax policy learning a bandit, step by step (averaged over runs).

    ``optimal_probability[t]``: the mean probability of the best arm after t
    steps (``[0]`` before learning); ``average_reward[t]``: the mean reward of
    pull t+1; ``final_probabilities``: (runs, k) policies at the end.
    """

    optimal_probability: np.ndarray  # (steps + 1,)
    average_reward: np.ndarray  # (steps,)
    final_probabilities: np.ndarray  # (runs, k)


def reinforce_bandit(
    arm_means: object,
    steps: int = 1000,
    lr: float = 0.1,
    baseline: bool = True,
    runs: int = 100,
    seed: int | None = 0,
    reward_std: float = 1.0,
) -> GradientBanditRuns:
    """Gradient ascent on a bandit: theta += lr * (R - b) (one_hot(a) - pi), one pull per step.

    With ``baseline`` b is the running average of the rewards so far (before
    this pull, so it does not depend on the action just taken); without, b = 0.
    ``arm_means`` is (k,) or (runs, k), as in :func:`course_lib.rl.bandits.run_bandit`.
    """
    means = check_array(arm_means, "arm_means")
    steps, runs = check_count(steps, "steps"), check_count(runs, "runs")
    lr = check_scalar(lr, "lr", minimum=0, include_minimum=False)
    reward_std = check_scalar(reward_std, "reward_std", minimum=0)
    if means.ndim == 1:
        means = np.broadcast_to(means, (runs, len(means)))
    elif means.ndim != 2 or means.shape[0] != runs:
        raise ValueError(f"arm_means must have shape (k,) or ({runs}, k), got {means.shape}")
    rng = np.random.default_rng(seed)
    runs_index = np.arange(runs)
    k = means.shape[1]
    one_hot = np.eye(k)
    best = np.argmax(means, axis=1)
    logits = np.zeros((runs, k))
    pi = _softmax(logits, axis=1)
    average = np.zeros(runs)
    p_best = np.empty((steps + 1, runs))  # every run's P(best arm), before each step and after
    rewards = np.empty((steps, runs))
    p_best[0] = pi[runs_index, best]
    for t in range(steps):
        actions = _sample_rows(pi, rng)
        # normal(mean, std), as rng.normal draws it, without its slower path for arrays
        rewards[t] = means[runs_index, actions] + reward_std * rng.standard_normal(runs)
        b = average if baseline else 0.0
        logits += lr * (rewards[t] - b)[:, None] * (one_hot[actions] - pi)
        average = incremental_update(average, rewards[t], 1 / (t + 1))
        pi = _softmax(logits, axis=1)
        p_best[t + 1] = pi[runs_index, best]
    return GradientBanditRuns(p_best.mean(axis=1), rewards.mean(axis=1), pi)


def episode_gradient(
    logits: object,
    states: object,
    actions: object,
    rewards: object,
    gamma: float,
    baseline: object | None = None,
) -> np.ndarray:
    """One episode's REINFORCE estimate of grad J for a softmax table theta[s, a].

    sum_t gamma^t (G_t - b(s_t)) grad log pi(a_t | s_t), with G_t the return
    from step t (:func:`course_lib.rl.planning.returns_to_go`) and ``baseline``
    a value per state (None: no baseline). ``states`` may include the final
    state (one more than ``actions``); it is not used.
    """
    logits = check_array(logits, "logits", ndim=2)
    actions = np.asarray(actions, dtype=int)
    states = np.asarray(states, dtype=int)[: len(actions)]
    returns = returns_to_go(rewards, gamma)
    if not len(states) == len(actions) == len(returns):
        raise ValueError(
            f"got {len(states)} states, {len(actions)} actions and {len(returns)} rewards; "
            "give one of each per step"
        )
    if baseline is not None:
        returns = returns - check_array(baseline, "baseline", ndim=1)[states]
    pi = _softmax(logits[states], axis=1)
    scores = np.eye(logits.shape[1])[actions] - pi
    weights = gamma ** np.arange(len(actions)) * returns
    gradient = np.zeros_like(logits)
    np.add.at(gradient, states, weights[:, None] * scores)
    return gradient


def _sample_rows(probabilities: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """One index per row of ``probabilities``, drawn with those probabilities."""
    cumulative = np.cumsum(probabilities, axis=1)
    draws = rng.random((len(probabilities), 1)) * cumulative[:, -1:]
    return np.minimum((draws >= cumulative).sum(axis=1), probabilities.shape[1] - 1)


def sample_episode(
    env: object,
    policy: np.ndarray,
    rng: np.random.Generator,
    max_steps: int = 1000,
    seed: int | None = None,
) -> tuple[list[int], list[int], list[float]]:
    """Play one episode with a stochastic policy (states, actions) of probabilities.

    Returns the states, actions and rewards, one per step (the final state left
    out). ``seed`` is passed to ``env.reset``.
    """
    cumulative = np.cumsum(policy, axis=1)
    state, _ = env.reset(seed=seed)
    states, actions, rewards = [], [], []
    for _ in range(max_steps):
        row = cumulative[state]
        action = min(int(np.searchsorted(row, rng.random() * row[-1], side="right")), len(row) - 1)
        next_state, reward, terminated, truncated, _ = env.step(action)
        states.append(int(state))
        actions.append(action)
        rewards.append(float(reward))
        state = next_state
        if terminated or truncated:
            break
    return states, actions, rewards


@dataclass(frozen=True)
class ReinforceRun:
    """What REINFORCE learned: the final logits (states, actions), their policy,
    each episode's undiscounted return and length, and the learned baseline values."""

    logits: np.ndarray
    returns: np.ndarray
    lengths: np.ndarray
    baseline_values: np.ndarray

    @property
    def policy(self) -> np.ndarray:
        """pi(a | s) for every state: (states, actions) probabilities."""
        return softmax(self.logits, axis=1)


def reinforce(
    env: object,
    episodes: int = 500,
    lr: float = 0.1,
    gamma: float = 1.0,
    baseline: bool = True,
    baseline_lr: float = 0.1,
    seed: int | None = 0,
    max_steps: int = 1000,
) -> ReinforceRun:
    """REINFORCE on a discrete gymnasium-API env: after each episode theta += lr * episode_gradient.

    With ``baseline`` the baseline is a learned value per state, moved towards
    each return seen there by the incremental update with ``baseline_lr``.
    """
    n_states, n_actions = discrete_sizes(env)
    episodes = check_count(episodes, "episodes")
    lr = check_scalar(lr, "lr", minimum=0, include_minimum=False)
    gamma = check_fraction(gamma, "gamma")
    baseline_lr = check_scalar(baseline_lr, "baseline_lr", minimum=0, maximum=1)
    max_steps = check_count(max_steps, "max_steps")
    rng = np.random.default_rng(seed)
    logits = np.zeros((n_states, n_actions))
    values = np.zeros(n_states)
    returns, lengths = np.zeros(episodes), np.zeros(episodes, dtype=int)
    for episode in range(episodes):
        states, actions, rewards = sample_episode(
            env, _softmax(logits, axis=1), rng, max_steps, seed=seed if episode == 0 else None
        )
        logits += lr * episode_gradient(
            logits, states, actions, rewards, gamma, values if baseline else None
        )
        if baseline:
            for s, g in zip(states, returns_to_go(rewards, gamma), strict=True):
                values[s] = incremental_update(values[s], g, baseline_lr)
        returns[episode], lengths[episode] = sum(rewards), len(rewards)
    return ReinforceRun(logits, returns, lengths, values)
