"""Planning: what every state is worth, when you know the world's rules.

- The **return** of an episode is its rewards added up, each discounted by how
  long you waited for it: G = r_1 + gamma r_2 + gamma^2 r_3 + ... (gamma in [0, 1]).
  gamma < 1 makes a reward now worth more than the same reward later; it is
  how credit flows back from the goal to the first step.
- The **value** v_pi(s) of a state under a policy pi is the expected return from
  s on. It obeys the Bellman equation, one equation per state:
  v(s) = sum_a pi(a|s) [ r(s, a) + gamma sum_s' T(s'|s, a) v(s') ].
  Solve it by sweeps (:func:`evaluate_policy`: apply the right-hand side again
  and again) or at once as a linear system (:func:`evaluate_policy_exactly`:
  (I - gamma T_pi) v = r_pi).
- **Value iteration** (:func:`value_iteration`) replaces the policy's average
  by the best action: v(s) <- max_a [ r(s, a) + gamma sum_s' T(s'|s, a) v(s') ],
  sweep after sweep, until nothing changes. The greedy policy of the final
  values (:func:`greedy_policy`) is optimal.

The model comes from an environment's ``P[s][a]`` lists of
``(probability, next_state, reward, terminated)`` (:func:`tabular_model`): ours
in :mod:`course_lib.rl.envs`, or gymnasium's FrozenLake, CliffWalking, Taxi.
A transition that terminates has no future: its next state's value is not added.

Pure numpy: no plotting, no widgets.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from course_lib.validation import check_array, check_count, check_fraction, check_positive

#: Two action values closer than this count as a tie (the lower action wins).
TIE_TOLERANCE = 1e-9


def discounted_return(rewards: Sequence[float], gamma: float) -> float:
    """G = r_1 + gamma r_2 + gamma^2 r_3 + ...: the return of one episode's rewards."""
    rewards = check_array(rewards, "rewards", ndim=1, allow_empty=True)
    gamma = check_fraction(gamma, "gamma")
    return float(np.sum(rewards * gamma ** np.arange(len(rewards))))


def returns_to_go(rewards: Sequence[float], gamma: float) -> np.ndarray:
    """G_t for every step t: the discounted return from step t to the episode's end.

    Computed backwards, G_t = r_{t+1} + gamma G_{t+1}, so G_0 is :func:`discounted_return`.
    """
    rewards = check_array(rewards, "rewards", ndim=1, allow_empty=True)
    gamma = check_fraction(gamma, "gamma")
    returns = np.zeros(len(rewards))
    following = 0.0
    for t in range(len(rewards) - 1, -1, -1):
        following = rewards[t] + gamma * following
        returns[t] = following
    return returns


@dataclass(frozen=True)
class TabularModel:
    """A finite world as arrays.

    ``transitions[s, a, s2]`` is the probability that action a in state s leads
    to state s2 *and the episode goes on* (terminating outcomes are left out, so
    a row may sum to less than 1); ``rewards[s, a]`` is the expected reward.
    """

    transitions: np.ndarray  # (states, actions, states)
    rewards: np.ndarray  # (states, actions)

    @property
    def n_states(self) -> int:
        return self.rewards.shape[0]

    @property
    def n_actions(self) -> int:
        return self.rewards.shape[1]


def tabular_model(env_or_P: object) -> TabularModel:
    """The arrays of a model given as ``P[s][a] = [(prob, next_state, reward, terminated), ...]``.

    Pass the ``P`` mapping itself or an environment that has one (``env.P``, or
    ``env.unwrapped.P`` for a ``gymnasium.make`` environment).
    """
    P = getattr(env_or_P, "unwrapped", env_or_P)
    P = getattr(P, "P", P)
    if not isinstance(P, (Mapping, Sequence)) or len(P) == 0:
        raise TypeError(
            "tabular_model needs P[s][a] = [(prob, next_state, reward, terminated), ...] "
            f"or an environment with such a P, got {type(env_or_P).__name__}"
        )
    n_states = len(P)
    n_actions = len(P[0])
    transitions = np.zeros((n_states, n_actions, n_states))
    rewards = np.zeros((n_states, n_actions))
    for s in range(n_states):
        if len(P[s]) != n_actions:
            raise ValueError(f"P[{s}] has {len(P[s])} actions but P[0] has {n_actions}")
        for a in range(n_actions):
            total = 0.0
            for prob, next_state, reward, terminated in P[s][a]:
                rewards[s, a] += prob * reward
                if not terminated:
                    transitions[s, a, int(next_state)] += prob
                total += prob
            if not np.isclose(total, 1.0):
                raise ValueError(f"the probabilities of P[{s}][{a}] add up to {total:g}, not 1")
    return TabularModel(transitions, rewards)


def policy_matrix(policy: object, n_states: int, n_actions: int) -> np.ndarray:
    """A policy as a (states, actions) array of probabilities.

    ``policy`` is either one action per state (deterministic) or already a
    (states, actions) array whose rows add up to 1.
    """
    array = check_array(policy, "policy")
    if array.shape == (n_states,):
        if not np.all((array == np.round(array)) & (array >= 0) & (array < n_actions)):
            raise ValueError(f"policy must hold one action 0..{n_actions - 1} per state")
        return np.eye(n_actions)[array.astype(int)]
    if array.shape != (n_states, n_actions):
        raise ValueError(
            f"policy must have shape ({n_states},) or ({n_states}, {n_actions}), got {array.shape}"
        )
    if np.any(array < 0) or not np.allclose(array.sum(axis=1), 1.0):
        raise ValueError("policy rows must be probabilities that add up to 1")
    return array


def _policy_arrays(model: TabularModel, policy: object) -> tuple[np.ndarray, np.ndarray]:
    pi = policy_matrix(policy, model.n_states, model.n_actions)
    r_pi = np.sum(pi * model.rewards, axis=1)
    t_pi = np.einsum("sa,sat->st", pi, model.transitions)
    return r_pi, t_pi


def action_values(model: TabularModel, values: object, gamma: float) -> np.ndarray:
    """q(s, a) = r(s, a) + gamma sum_s' T(s'|s, a) v(s'): one step, then follow ``values``."""
    values = check_array(values, "values", ndim=1)
    if len(values) != model.n_states:
        raise ValueError(f"values has {len(values)} entries but the model has {model.n_states}")
    gamma = check_fraction(gamma, "gamma")
    return model.rewards + gamma * model.transitions @ values


def greedy_policy(q_values: object) -> np.ndarray:
    """The best action in every state: argmax_a q(s, a) (ties within 1e-9: the lowest action)."""
    q = check_array(q_values, "q_values", ndim=2)
    best = q.max(axis=1, keepdims=True)
    return np.argmax(q >= best - TIE_TOLERANCE, axis=1)


@dataclass(frozen=True)
class Sweeps:
    """The values after each sweep, to replay with a slider.

    ``values[k]`` are the values after k sweeps (``values[0]`` the start, all
    zeros) and ``policies[k]`` the greedy policy for them; ``values[-1]`` is the
    answer. ``converged`` is True when the last sweep changed no value by more
    than ``tol``.
    """

    values: np.ndarray  # (sweeps + 1, states)
    policies: np.ndarray  # (sweeps + 1, states) ints
    converged: bool

    @property
    def sweeps(self) -> int:
        return len(self.values) - 1

    @property
    def final(self) -> np.ndarray:
        return self.values[-1]

    @property
    def policy(self) -> np.ndarray:
        return self.policies[-1]


def _check_sweep_args(gamma: float, tol: float, max_sweeps: int) -> tuple[float, float, int]:
    return (
        check_fraction(gamma, "gamma"),
        check_positive(tol, "tol"),
        check_count(max_sweeps, "max_sweeps"),
    )


def evaluate_policy(
    model: TabularModel,
    policy: object,
    gamma: float,
    tol: float = 1e-10,
    max_sweeps: int = 10_000,
) -> Sweeps:
    """v_pi by sweeps: v <- r_pi + gamma T_pi v, from v = 0, until it stops changing.

    Each sweep updates all states at once from the previous sweep's values.
    ``policies`` holds the greedy policy of each sweep's values (policy improvement's proposal).
    """
    gamma, tol, max_sweeps = _check_sweep_args(gamma, tol, max_sweeps)
    r_pi, t_pi = _policy_arrays(model, policy)
    values = [np.zeros(model.n_states)]
    converged = False
    for _ in range(max_sweeps):
        new = r_pi + gamma * t_pi @ values[-1]
        values.append(new)
        if np.max(np.abs(new - values[-2])) < tol:
            converged = True
            break
    return _sweeps(model, np.array(values), gamma, converged)


def evaluate_policy_exactly(model: TabularModel, policy: object, gamma: float) -> np.ndarray:
    """v_pi from one linear solve: (I - gamma T_pi) v = r_pi.

    With gamma = 1 the system has a solution only if the policy ends every
    episode (with probability 1); otherwise a ValueError says so.
    """
    gamma = check_fraction(gamma, "gamma")
    r_pi, t_pi = _policy_arrays(model, policy)
    system = np.eye(model.n_states) - gamma * t_pi
    if np.linalg.cond(system) > 1e12:
        raise ValueError(
            "this policy can run forever without ending the episode, so with gamma = 1 its "
            "values are infinite or undefined; use gamma < 1"
        )
    return np.linalg.solve(system, r_pi)


def value_iteration(
    model: TabularModel, gamma: float, tol: float = 1e-10, max_sweeps: int = 10_000
) -> Sweeps:
    """Optimal values by sweeps: v <- max_a [r(s, a) + gamma sum_s' T(s'|s, a) v(s')], from v = 0.

    Keeps every sweep's values and greedy policy. With gamma = 1 it converges
    when every state can reach an end and wandering forever is never better.
    """
    gamma, tol, max_sweeps = _check_sweep_args(gamma, tol, max_sweeps)
    values = [np.zeros(model.n_states)]
    converged = False
    for _ in range(max_sweeps):
        new = (model.rewards + gamma * model.transitions @ values[-1]).max(axis=1)
        values.append(new)
        if np.max(np.abs(new - values[-2])) < tol:
            converged = True
            break
    return _sweeps(model, np.array(values), gamma, converged)


def _sweeps(model: TabularModel, values: np.ndarray, gamma: float, converged: bool) -> Sweeps:
    q = model.rewards[None] + gamma * np.einsum("sat,kt->ksa", model.transitions, values)
    best = q.max(axis=2, keepdims=True)
    policies = np.argmax(q >= best - TIE_TOLERANCE, axis=2)
    return Sweeps(values, policies, converged)
