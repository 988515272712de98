"""Checks for lesson 06, reinforcement learning: one function per exercise, each returning
Feedback, never raising. Expected answers come from :mod:`course_lib.rl`; anticipated
mistakes are recognised by the answer they give and named in the hint."""

from __future__ import annotations

from typing import Any

import numpy as np

from course_lib.feedback import Case, Feedback, check_function, first_hint
from course_lib.rl.bandits import epsilon_greedy_probabilities as _epsilon_greedy_probabilities
from course_lib.rl.bandits import incremental_update
from course_lib.rl.planning import TabularModel, action_values
from course_lib.rl.planning import discounted_return as _discounted_return
from course_lib.rl.policy_gradient import log_softmax_gradient, softmax
from course_lib.rl.preferences import Comparisons
from course_lib.rl.preferences import bradley_terry_loss as _bradley_terry_loss
from course_lib.rl.td import q_update

_RNG = np.random.default_rng(6)


def _no_ties(values: np.ndarray) -> np.ndarray:
    """Fuzzed values with one clear maximum (the exercises assume one best action)."""
    return np.round(values, 3) + 1e-3 * np.arange(len(values))


# -- 1. epsilon-greedy ------------------------------------------------------------------------
def epsilon_greedy_probabilities(function: Any) -> Feedback:
    """Exercise 1: the chance of each action under epsilon-greedy (one best action)."""
    inputs = [
        (np.array([0.2, 1.5, -0.3]), 0.1),
        (np.array([5.0, 1.0, 2.0, 0.0]), 0.0),
        (np.array([0.0, 1.0]), 1.0),
        *[(_no_ties(_RNG.normal(size=k)), float(_RNG.uniform())) for k in (4, 6)],
    ]
    cases = [Case((q, e), _epsilon_greedy_probabilities(q, e)) for q, e in inputs]
    q, e = inputs[0]
    best = np.eye(len(q))[np.argmax(q)]
    hint = first_hint(
        function,
        (q, e),
        [
            (
                (1 - e) * best + e / len(q) * (1 - best),
                "The best action can also come out of the random draw: it gets 1 − ε "
                "plus its share ε/k of the exploring, like every other action.",
            ),
            (
                e * best + (1 - e) / len(q),
                "ε and 1 − ε are swapped: ε is the chance to explore (pick at random).",
            ),
            (
                (1 - e) * best + e / (len(q) - 1) * (1 - best),
                "Exploring picks uniformly among ALL k actions (the best one included), "
                "so each gets ε/k, not ε/(k − 1).",
            ),
        ],
        default="Two ways to pick: with chance ε uniformly among all k actions, with chance "
        "1 − ε the best one. Add up both ways for each action; the result sums to 1.",
    )
    return check_function(
        "Exercise 1 (ε-greedy)",
        function,
        cases,
        name="epsilon_greedy_probabilities",
        hint=hint,
        more=(
            "Start from np.full(k, epsilon / k); then add 1 − ε at the index of the largest "
            "estimate (np.argmax)."
        ),
        fix=(
            "p = np.full(len(q_values), epsilon / len(q_values)); p[np.argmax(q_values)] += 1"
            " - epsilon; return p"
        ),
    )


# -- 2. the incremental mean ------------------------------------------------------------------
def update_estimate(function: Any) -> Feedback:
    """Exercise 2: the running average after the n-th reward, without storing the rewards."""
    inputs = [(0.0, 1.0, 1), (2.0, 5.0, 2), (1.5, -1.5, 4), (3.0, 3.0, 10)]
    inputs += [(float(_RNG.normal()), float(_RNG.normal()), int(_RNG.integers(1, 50)))]
    cases = [Case((q, r, n), float(incremental_update(q, r, 1 / n))) for q, r, n in inputs]
    q, r, n = 1.5, -1.5, 4
    hint = first_hint(
        function,
        (q, r, n),
        [
            (
                q + r / n,
                "Move the estimate towards the reward by 1/n of the GAP (reward − "
                "estimate), not by 1/n of the reward.",
            ),
            (
                (q + r) / 2,
                "That averages the old estimate with the new reward as if both "
                "counted the same; the old estimate stands for n − 1 rewards.",
            ),
            (
                q + (r - q) / (n - 1),
                "After the n-th reward the step is 1/n: with n = 1 the "
                "estimate must become the first reward exactly.",
            ),
            (r, "The estimate is an average of ALL the rewards so far, not the last one."),
        ],
        default="new estimate = old estimate + (1/n) × (reward − old estimate).",
    )
    return check_function(
        "Exercise 2 (incremental mean)",
        function,
        cases,
        name="update_estimate",
        hint=hint,
        more=(
            "With n = 1 the new estimate must equal the reward, whatever the old estimate "
            "was; with n = 2 it is halfway between."
        ),
        fix="return estimate + (reward - estimate) / n",
    )


# -- 3. the discounted return -----------------------------------------------------------------
def discounted_return(function: Any) -> Feedback:
    """Exercise 3: G = r_1 + γ r_2 + γ² r_3 + ..."""
    inputs = [
        (np.array([1.0, 1.0, 1.0]), 0.5),
        (np.array([0.0, 0.0, 10.0]), 0.9),
        (np.array([-1.0, -1.0, -1.0, 10.0]), 1.0),
        (np.array([3.0, -2.0]), 0.0),
        (np.round(_RNG.normal(size=7), 2), 0.8),
    ]
    cases = [Case((r, g), _discounted_return(r, g)) for r, g in inputs]
    rewards, gamma = np.array([1.0, 0.0, 10.0]), 0.9
    powers = gamma ** np.arange(len(rewards))
    hint = first_hint(
        function,
        (rewards, gamma),
        [
            (
                rewards.sum(),
                "Every reward counted fully: multiply the reward t steps later "
                "by γ to the power t.",
            ),
            (
                float(np.sum(rewards * gamma * powers)),
                "The first reward is not discounted: "
                "its power of γ is 0 (γ⁰ = 1), the next one's 1, and so on.",
            ),
            (
                float(np.sum(rewards[::-1] * powers)),
                "The powers run the wrong way: the "
                "LATER a reward comes, the more it is discounted.",
            ),
        ],
        default="Weight the reward at step t (counting from 0) by γ**t and add them up.",
    )
    return check_function(
        "Exercise 3 (discounted return)",
        function,
        cases,
        name="discounted_return",
        hint=hint,
        more=(
            "np.arange(len(rewards)) gives the powers 0, 1, 2, ...; gamma ** that array gives"
            " the weights."
        ),
        fix="return float(np.sum(rewards * gamma ** np.arange(len(rewards))))",
    )


# -- 4. a Bellman backup ----------------------------------------------------------------------
def _backup(rewards: np.ndarray, transitions: np.ndarray, values: np.ndarray, gamma: float):
    """The course's own backup of one state: max over a of r + γ Σ T v (via action_values)."""
    n_states, n_actions = len(values), len(rewards)
    all_transitions = np.zeros((n_states, n_actions, n_states))
    all_rewards = np.zeros((n_states, n_actions))
    all_transitions[0], all_rewards[0] = transitions, rewards
    q = action_values(TabularModel(all_transitions, all_rewards), values, gamma)
    return float(q[0].max())


def _random_transitions(n_actions: int, n_states: int) -> np.ndarray:
    weights = _RNG.uniform(size=(n_actions, n_states))
    return weights / weights.sum(axis=1, keepdims=True)


def bellman_backup(function: Any) -> Feedback:
    """Exercise 4: v(s) ← max over a of [ r(s, a) + γ Σ_s' T(s' | s, a) v(s') ]."""
    inputs = [
        (np.array([-1.0, -1.0]), np.array([[1.0, 0.0], [0.0, 1.0]]), np.array([5.0, 8.0]), 0.9),
        (np.array([0.0, 2.0, -1.0]), np.array([[0.5, 0.5], [1.0, 0.0], [0.0, 1.0]]),
         np.array([4.0, -2.0]), 1.0),
        (np.array([1.0, 0.5]), np.array([[0.2, 0.8], [0.6, 0.4]]), np.array([3.0, 1.0]), 0.0),
        *[(np.round(_RNG.normal(size=3), 2), _random_transitions(3, 4),
           np.round(_RNG.normal(size=4), 2), 0.8) for _ in range(2)],
    ]  # fmt: skip
    cases = [Case(args, _backup(*args)) for args in inputs]
    r, t, v = inputs[1][:3]
    g = 0.9  # a probe where every anticipated mistake gives a different number
    q = r + g * t @ v
    hint = first_hint(
        function,
        (r, t, v, g),
        [
            (
                float(q.mean()),
                "That is the AVERAGE over actions (a random policy's value); "
                "the backup of value iteration takes the BEST action: max.",
            ),
            (
                float((r + t @ v).max()),
                "γ is missing: the value of where you land counts "
                "γ times, because it comes one step later.",
            ),
            (
                float((g * t @ v).max()),
                "The reward of the step itself is missing: "
                "r(s, a) + γ × (expected value of where you land).",
            ),
        ],
        default="For each action: its reward plus γ times the probability-weighted values of "
        "the next states; then keep the best action's number.",
    )
    return check_function(
        "Exercise 4 (Bellman backup)",
        function,
        cases,
        name="bellman_backup",
        hint=hint,
        more=(
            "transitions @ values gives, for each action, the expected value of the next "
            "state (one number per action)."
        ),
        fix="return float(np.max(rewards + gamma * transitions @ values))",
    )


# -- 5. the Q-learning update -----------------------------------------------------------------
def q_learning_update(function: Any) -> Feedback:
    """Exercise 5: Q(s, a) += lr (r + γ max_a' Q(s', a') − Q(s, a)), target r when terminated."""
    table = np.array([[0.0, 1.0, 0.5], [2.0, -1.0, 3.0], [0.0, 0.0, 0.0]])
    inputs = [
        (table, 0, 1, -1.0, 1, False, 0.5, 0.9),
        (table, 1, 2, 10.0, 0, True, 0.5, 0.9),
        (table, 0, 0, 0.0, 1, False, 1.0, 1.0),
        (np.round(_RNG.normal(size=(4, 2)), 2), 3, 0, 0.5, 2, False, 0.1, 0.95),
    ]
    cases = [Case(args, q_update(*args)) for args in inputs]
    s, a, r, s2, lr, g = 0, 1, -1.0, 1, 0.5, 0.9
    wrong_mean, wrong_no_lr = table.copy(), table.copy()
    wrong_mean[s, a] += lr * (r + g * table[s2].mean() - table[s, a])
    wrong_no_lr[s, a] = r + g * table[s2].max()
    hint = first_hint(
        function,
        inputs[1],
        [
            (
                q_update(table, 1, 2, 10.0, 0, False, 0.5, 0.9),
                "When the episode terminated there is no next state to look ahead to: "
                "the target is the reward alone.",
            ),
        ],
        default="",
    ) or first_hint(
        function,
        inputs[0],
        [
            (
                wrong_mean,
                "Q-learning looks ahead to the BEST next action (max over the row of "
                "the next state), not the average.",
            ),
            (
                wrong_no_lr,
                "The entry jumped all the way to the target: move it only lr of the "
                "way, Q += lr × (target − Q).",
            ),
        ],
        default="target = reward + γ × max(Q[next_state]) (or reward alone if terminated); "
        "then Q[state, action] += lr × (target − Q[state, action]) on a copy of the table.",
    )
    return check_function(
        "Exercise 5 (Q-learning update)",
        function,
        cases,
        name="q_learning_update",
        hint=hint,
        more=(
            "Copy first (q = q.copy()), so the caller's table is untouched; the target uses "
            "the row q[next_state]."
        ),
        fix=(
            "q = q.copy(); target = reward if terminated else reward + gamma * "
            "q[next_state].max(); q[state, action] += lr * (target - q[state, action]); "
            "return q"
        ),
    )


# -- 6. the REINFORCE gradient ----------------------------------------------------------------
def _reinforce(logits: np.ndarray, action: int, reward: float, baseline: float) -> np.ndarray:
    return (reward - baseline) * log_softmax_gradient(logits, action)


def reinforce_gradient(function: Any) -> Feedback:
    """Exercise 6: (R − b) (one_hot(a) − softmax(θ)), the REINFORCE gradient of one pull."""
    inputs = [
        (np.zeros(3), 0, 1.0, 0.0),
        (np.array([1.0, 0.0, -1.0]), 2, 2.0, 0.5),
        (np.array([0.5, 0.5]), 1, -1.0, 1.0),
        (np.round(_RNG.normal(size=5), 2), 3, 1.7, 0.4),
    ]
    cases = [Case(args, _reinforce(*args)) for args in inputs]
    logits, action, reward, baseline = inputs[1]
    one_hot = np.eye(len(logits))[action]
    pi = softmax(logits)
    hint = first_hint(
        function,
        inputs[1],
        [
            (
                (reward - baseline) * one_hot,
                "The gradient of log π(a) is one_hot(a) − π: "
                "subtract the policy's probabilities, so the other actions' odds go down.",
            ),
            (
                (reward - baseline) * (pi - one_hot),
                "The sign is flipped: a reward above the "
                "baseline must RAISE the odds of the action taken.",
            ),
            (
                reward * (one_hot - pi),
                "The baseline is not used: weight by (R − b), "
                "how much better than usual the reward was.",
            ),
        ],
        default="Softmax the logits to get π, build the one-hot vector of the action, and "
        "multiply their difference by (reward − baseline).",
    )
    return check_function(
        "Exercise 6 (REINFORCE gradient)",
        function,
        cases,
        name="reinforce_gradient",
        hint=hint,
        more=(
            "π = np.exp(logits - logits.max()) / its sum; the one-hot vector is "
            "np.eye(len(logits))[action]."
        ),
        fix=(
            "pi = np.exp(logits - logits.max()); pi /= pi.sum(); return (reward - baseline) *"
            " (np.eye(len(logits))[action] - pi)"
        ),
    )


# -- 7. the Bradley-Terry loss ----------------------------------------------------------------
def _bt_loss(reward_winner: np.ndarray, reward_loser: np.ndarray) -> float:
    """The course's loss on these pairs: winners are responses 0..n-1, losers n..2n-1."""
    n = len(reward_winner)
    rewards = np.concatenate([reward_winner, reward_loser])
    pairs = Comparisons(np.arange(n), np.arange(n, 2 * n), np.ones(n, dtype=bool))
    return _bradley_terry_loss(rewards, pairs)


def bradley_terry_loss(function: Any) -> Feedback:
    """Exercise 7: mean over pairs of −log σ(r_winner − r_loser)."""
    inputs = [
        (np.array([0.0]), np.array([0.0])),
        (np.array([2.0, 1.0]), np.array([0.0, 1.5])),
        (np.array([-1.0, 3.0, 0.5]), np.array([1.0, -2.0, 0.5])),
        (np.round(_RNG.normal(size=6), 2), np.round(_RNG.normal(size=6), 2)),
    ]
    cases = [Case(args, _bt_loss(*args)) for args in inputs]
    win, lose = inputs[1]
    margin = win - lose
    hint = first_hint(
        function,
        inputs[1],
        [
            (
                float(np.mean(np.log1p(np.exp(margin)))),
                "The margin runs the wrong way: the "
                "model should make the WINNER's reward higher, σ(r_winner − r_loser).",
            ),
            (
                float(np.sum(np.log1p(np.exp(-margin)))),
                "Take the mean over the comparisons, "
                "not the sum, so the loss does not grow with their number.",
            ),
            (
                float(np.mean(-np.log1p(np.exp(-margin)))),
                "The minus sign is missing: the "
                "loss is −log σ(margin), positive, and smaller when the winner's reward is "
                "well above the loser's.",
            ),
        ],
        default="For each pair: margin = r_winner − r_loser, P = σ(margin) = 1 / (1 + e^−margin), "
        "loss = −log P; then average.",
    )
    return check_function(
        "Exercise 7 (Bradley–Terry loss)",
        function,
        cases,
        name="bradley_terry_loss",
        hint=hint,
        more=(
            "−log σ(m) = log(1 + e^−m): np.log1p(np.exp(-margin)), or np.logaddexp(0, "
            "-margin), which never overflows."
        ),
        fix="return float(np.mean(np.logaddexp(0.0, -(reward_winner - reward_loser))))",
    )
