"""Lesson 06's checks: right answers pass, and every anticipated mistake gets its own hint."""

from __future__ import annotations

import numpy as np
import pytest

from course_lib import feedback
from course_lib.checks import reinforcement_learning as check
from course_lib.rl import bandits, planning, policy_gradient, td


def softmax(logits):
    return policy_gradient.softmax(np.asarray(logits, dtype=float))


def hint_of(result: feedback.Feedback) -> str:
    assert result.status == feedback.INCORRECT, result
    return result.hint


# -- right answers, written independently of the course's own functions ----------------------
RIGHT = {
    "epsilon_greedy_probabilities": lambda q, e: bandits.epsilon_greedy_probabilities(q, e),
    "update_estimate": lambda q, r, n: q * (n - 1) / n + r / n,
    "discounted_return": lambda r, g: sum(x * g**t for t, x in enumerate(r)),
    "bellman_backup": lambda r, t, v, g: max(r[a] + g * sum(t[a] * v) for a in range(len(r))),
    "q_learning_update": lambda q, s, a, r, s2, done, lr, g: td.q_update(q, s, a, r, s2, done,
                                                                         lr, g),
    "reinforce_gradient": lambda th, a, r, b: (r - b) * (np.eye(len(th))[a] - softmax(th)),
    "bradley_terry_loss": lambda w, lo: float(np.mean(-np.log(1 / (1 + np.exp(-(w - lo)))))),
}  # fmt: skip


@pytest.mark.parametrize("name", sorted(RIGHT))
def test_an_independent_right_answer_passes(name):
    result = getattr(check, name)(RIGHT[name])
    assert result.passed, result
    assert result.more == "" or isinstance(result.more, str)


def test_discounted_return_agrees_with_the_planning_module_on_a_long_episode():
    rewards = np.random.default_rng(0).normal(size=30)
    assert RIGHT["discounted_return"](rewards, 0.95) == pytest.approx(
        planning.discounted_return(rewards, 0.95)
    )


# -- anticipated mistakes ------------------------------------------------------------------------
def _greedy_only(q, e):
    p = np.full(len(q), e / len(q))
    p[np.argmax(q)] = 1 - e
    return p


def _swapped(q, e):
    p = np.full(len(q), (1 - e) / len(q))
    p[np.argmax(q)] += e
    return p


def _k_minus_one(q, e):
    p = np.full(len(q), e / (len(q) - 1))
    p[np.argmax(q)] = 1 - e
    return p


@pytest.mark.parametrize(
    ("wrong", "words"),
    [(_greedy_only, "also come out of the random draw"), (_swapped, "swapped"),
     (_k_minus_one, "ε/k, not ε/(k − 1)")],
)  # fmt: skip
def test_epsilon_greedy_mistakes_are_named(wrong, words):
    assert words in hint_of(check.epsilon_greedy_probabilities(wrong))


@pytest.mark.parametrize(
    ("wrong", "words"),
    [
        (lambda q, r, n: q + r / n, "of the GAP"),
        (lambda q, r, n: (q + r) / 2, "counted the same"),
        (lambda q, r, n: q + (r - q) / (n - 1) if n > 1 else r, "the step is 1/n"),
        (lambda q, r, n: r, "not the last one"),
    ],
)
def test_incremental_mean_mistakes_are_named(wrong, words):
    assert words in hint_of(check.update_estimate(wrong))


@pytest.mark.parametrize(
    ("wrong", "words"),
    [
        (lambda r, g: float(np.sum(r)), "Every reward counted fully"),
        (lambda r, g: float(np.sum(r * g ** np.arange(1, len(r) + 1))), "first reward is not"),
        (lambda r, g: float(np.sum(r[::-1] * g ** np.arange(len(r)))), "wrong way"),
    ],
)
def test_discounted_return_mistakes_are_named(wrong, words):
    assert words in hint_of(check.discounted_return(wrong))


@pytest.mark.parametrize(
    ("wrong", "words"),
    [
        (lambda r, t, v, g: float(np.mean(r + g * t @ v)), "AVERAGE over actions"),
        (lambda r, t, v, g: float(np.max(r + t @ v)), "γ is missing"),
        (lambda r, t, v, g: float(np.max(g * t @ v)), "reward of the step itself"),
    ],
)
def test_bellman_backup_mistakes_are_named(wrong, words):
    assert words in hint_of(check.bellman_backup(wrong))


def _always_bootstrap(q, s, a, r, s2, done, lr, g):
    return td.q_update(q, s, a, r, s2, False, lr, g)


def _mean_next(q, s, a, r, s2, done, lr, g):
    q = np.array(q, dtype=float)
    target = r if done else r + g * q[s2].mean()
    q[s, a] += lr * (target - q[s, a])
    return q


def _no_lr(q, s, a, r, s2, done, lr, g):
    q = np.array(q, dtype=float)
    q[s, a] = r if done else r + g * q[s2].max()
    return q


@pytest.mark.parametrize(
    ("wrong", "words"),
    [(_always_bootstrap, "no next state"), (_mean_next, "BEST next action"),
     (_no_lr, "only lr of the way")],
)  # fmt: skip
def test_q_learning_mistakes_are_named(wrong, words):
    assert words in hint_of(check.q_learning_update(wrong))


@pytest.mark.parametrize(
    ("wrong", "words"),
    [
        (lambda th, a, r, b: (r - b) * np.eye(len(th))[a], "subtract the policy"),
        (lambda th, a, r, b: (r - b) * (softmax(th) - np.eye(len(th))[a]), "sign is flipped"),
        (lambda th, a, r, b: r * (np.eye(len(th))[a] - softmax(th)), "baseline is not used"),
    ],
)
def test_reinforce_mistakes_are_named(wrong, words):
    assert words in hint_of(check.reinforce_gradient(wrong))


@pytest.mark.parametrize(
    ("wrong", "words"),
    [
        (lambda w, lo: float(np.mean(np.log1p(np.exp(w - lo)))), "wrong way"),
        (lambda w, lo: float(np.sum(np.log1p(np.exp(lo - w)))), "not the sum"),
        (lambda w, lo: float(np.mean(-np.log1p(np.exp(lo - w)))), "minus sign is missing"),
    ],
)
def test_bradley_terry_mistakes_are_named(wrong, words):
    assert words in hint_of(check.bradley_terry_loss(wrong))


def test_an_unanticipated_wrong_answer_gets_the_general_nudge_and_more_help():
    result = check.discounted_return(lambda r, g: 42.0)
    assert "γ**t" in result.hint
    assert result.more and result.fix
