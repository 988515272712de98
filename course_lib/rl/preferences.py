"""Learning from preferences: a reward model from "A or B?", and a policy tuned on it.

When no one can write the reward down ("a helpful answer"), people can still
compare two behaviours and say which is better. RLHF (Christiano et al. 2017;
Ouyang et al. 2022) learns from that in two stages:

1. **A reward model.** The Bradley-Terry model says a response with reward r_A
   beats one with reward r_B with probability sigma(r_A - r_B) (sigma the
   logistic function). :func:`fit_bradley_terry` finds the rewards that make
   the observed comparisons most likely: a 2-way softmax over the two rewards,
   trained with lesson 01's cross-entropy on the course's engine
   (:mod:`course_lib.autograd`) with Adam (:mod:`course_lib.optimizers`).
   Only differences are seen, so the rewards are found up to a shift; we
   centre them at mean 0. A small L2 penalty keeps them finite when a
   response never lost.
2. **A policy tuned on it**, kept close to where it started. The policy is a
   softmax over a small set of responses; it maximises
   E_pi[r_hat] - beta * KL(pi || pi_0): the learned reward, minus a penalty for
   drifting from the reference policy pi_0. This objective has a closed-form
   optimum, pi(a) proportional to pi_0(a) exp(r_hat(a) / beta)
   (:func:`kl_regularised_optimum`); :func:`tune_policy` gets there by gradient
   ascent, as a real model would have to.

The catch (:func:`rlhf`, :func:`beta_sweep`): the policy maximises the
*learned* reward. With few or noisy comparisons the reward model is wrong
about some responses, and a policy allowed to drift far (small beta) finds
exactly the responses the model overrates: its learned reward climbs while its
true reward does not ("reward hacking", Goodhart's law; Gao et al. 2023). The
KL penalty is the brake.

The annotator is simulated (:func:`simulate_comparisons`): each response has a
hidden true quality, and the annotator prefers A to B with the Bradley-Terry
probability sigma((q_A - q_B) / noise): noise 0 always picks the truly better
one, large noise is a coin flip.

Pure numpy (and the course's autograd engine): no plotting, no widgets.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from course_lib.autograd import Tensor
from course_lib.functional import cross_entropy
from course_lib.optimizers import Adam
from course_lib.rl.policy_gradient import softmax
from course_lib.validation import check_array, check_count, check_positive, check_scalar


def preference_probability(reward_a: object, reward_b: object) -> np.ndarray:
    """Bradley-Terry: P(A preferred to B) = sigma(r_A - r_B) = 1 / (1 + e^-(r_A - r_B))."""
    difference = np.asarray(reward_a, dtype=float) - np.asarray(reward_b, dtype=float)
    return 0.5 * (1 + np.tanh(difference / 2))  # the logistic function, without overflow


@dataclass(frozen=True)
class Comparisons:
    """Pairwise judgements: in comparison i, response ``first[i]`` was shown against
    ``second[i]``, and ``first_preferred[i]`` says whether the first won."""

    first: np.ndarray  # (n,) ints
    second: np.ndarray  # (n,) ints
    first_preferred: np.ndarray  # (n,) bools

    def __len__(self) -> int:
        return len(self.first)

    @property
    def winners(self) -> np.ndarray:
        return np.where(self.first_preferred, self.first, self.second)

    @property
    def losers(self) -> np.ndarray:
        return np.where(self.first_preferred, self.second, self.first)


def simulate_comparisons(
    true_rewards: object, n_comparisons: int, noise: float = 1.0, seed: int | None = 0
) -> Comparisons:
    """A simulated annotator judging ``n_comparisons`` random pairs of different responses.

    It prefers A to B with probability sigma((q_A - q_B) / noise), q the hidden
    true rewards; ``noise=0`` always prefers the better one (a tie is a coin flip).
    """
    quality = check_array(true_rewards, "true_rewards", ndim=1)
    if len(quality) < 2:
        raise ValueError(f"true_rewards needs at least 2 responses to compare, got {len(quality)}")
    n_comparisons = check_count(n_comparisons, "n_comparisons")
    noise = check_scalar(noise, "noise", minimum=0)
    rng = np.random.default_rng(seed)
    first = rng.integers(len(quality), size=n_comparisons)
    second = (first + rng.integers(1, len(quality), size=n_comparisons)) % len(quality)
    difference = quality[first] - quality[second]
    if noise == 0:
        p_first = np.where(difference > 0, 1.0, np.where(difference < 0, 0.0, 0.5))
    else:
        p_first = preference_probability(difference / noise, 0.0)
    return Comparisons(first, second, rng.random(n_comparisons) < p_first)


def bradley_terry_loss(rewards: object, comparisons: Comparisons) -> float:
    """The mean negative log-likelihood of the comparisons: mean -log sigma(r_winner - r_loser)."""
    rewards = check_array(rewards, "rewards", ndim=1)
    _check_comparisons(comparisons, len(rewards))
    margin = rewards[comparisons.winners] - rewards[comparisons.losers]
    return float(np.mean(np.logaddexp(0.0, -margin)))


def fit_bradley_terry(
    comparisons: Comparisons,
    n_responses: int,
    steps: int = 500,
    lr: float = 0.1,
    l2: float = 1e-3,
) -> np.ndarray:
    """The rewards that best explain the comparisons (Bradley-Terry), centred at mean 0.

    Minimises bradley_terry_loss + l2/2 * sum(r^2) with Adam on the course's
    autograd engine: each comparison is a 2-way classification "which of the
    two won?", with the two rewards as logits and cross-entropy as the loss.
    """
    n_responses = check_count(n_responses, "n_responses", minimum=2)
    _check_comparisons(comparisons, n_responses)
    steps = check_count(steps, "steps")
    l2 = check_scalar(l2, "l2", minimum=0)
    rewards = Tensor(np.zeros(n_responses), requires_grad=True)
    optimizer = Adam(lr=check_positive(lr, "lr"))
    shown = np.stack([comparisons.first, comparisons.second], axis=1)  # (n, 2): each pair
    targets = np.where(comparisons.first_preferred, 0, 1)  # class 0: the first won
    for _ in range(steps):
        rewards.grad = np.zeros(n_responses)
        pair = rewards[shown]  # (n, 2): the two rewards of each pair, its two logits
        loss = cross_entropy(pair, targets) + (l2 / 2) * (rewards * rewards).sum()
        loss.backward()
        optimizer.step([rewards.data], [rewards.grad])
    return rewards.data - rewards.data.mean()


def _check_comparisons(comparisons: Comparisons, n_responses: int) -> None:
    if not isinstance(comparisons, Comparisons):
        raise TypeError(
            f"comparisons must be a Comparisons (from simulate_comparisons), "
            f"got {type(comparisons).__name__}"
        )
    if len(comparisons) == 0:
        raise ValueError("comparisons is empty; the reward model needs at least one")
    largest = max(comparisons.first.max(), comparisons.second.max())
    if largest >= n_responses or min(comparisons.first.min(), comparisons.second.min()) < 0:
        raise ValueError(
            f"comparisons name response {largest}, "
            f"but there are only {n_responses} (0..{n_responses - 1})"
        )


def kl_divergence(p: object, q: object) -> float:
    """KL(p || q) = sum p log(p / q): how far p has drifted from q (0 when equal)."""
    p = check_array(p, "p", ndim=1)
    q = check_array(q, "q", ndim=1)
    if p.shape != q.shape:
        raise ValueError(f"p has shape {p.shape} but q has shape {q.shape}")
    inside = p > 0
    with np.errstate(divide="ignore"):
        return float(np.sum(p[inside] * (np.log(p[inside]) - np.log(q[inside]))))


def kl_regularised_optimum(rewards: object, reference: object, beta: float) -> np.ndarray:
    """argmax_pi E_pi[r] - beta KL(pi || pi_0), in closed form: pi ∝ pi_0 e^(r / beta)."""
    rewards, reference = _policy_args(rewards, reference)
    beta = check_positive(beta, "beta")
    logits = np.log(reference) + rewards / beta
    weights = np.exp(logits - logits.max())
    return weights / weights.sum()


def _policy_args(rewards: object, reference: object) -> tuple[np.ndarray, np.ndarray]:
    rewards = check_array(rewards, "rewards", ndim=1)
    reference = check_array(reference, "reference", ndim=1)
    if reference.shape != rewards.shape:
        raise ValueError(f"reference has {len(reference)} responses but rewards has {len(rewards)}")
    if np.any(reference <= 0) or not np.isclose(reference.sum(), 1.0):
        raise ValueError("reference must be positive probabilities that add up to 1")
    return rewards, reference


def tune_policy(
    rewards: object, reference: object, beta: float, steps: int = 1000, lr: float = 0.05
) -> np.ndarray:
    """Gradient ascent on E_pi[r] - beta KL(pi || pi_0) over the logits of a softmax policy.

    Starts at the reference policy pi_0 and runs Adam on the course's autograd
    engine; returns the tuned policy's probabilities.
    """
    rewards, reference = _policy_args(rewards, reference)
    beta = check_positive(beta, "beta")
    steps = check_count(steps, "steps")
    logits = Tensor(np.log(reference), requires_grad=True)
    log_reference = np.log(reference)
    optimizer = Adam(lr=check_positive(lr, "lr"))
    for _ in range(steps):
        logits.grad = np.zeros_like(logits.data)
        log_pi = logits.log_softmax()
        pi = logits.softmax()
        objective = (pi * (rewards - beta * (log_pi - log_reference))).sum()
        (-objective).backward()
        optimizer.step([logits.data], [logits.grad])
    return softmax(logits.data)


@dataclass(frozen=True)
class RLHFRun:
    """One pass of learning from preferences.

    ``learned_rewards``: the reward model (centred); ``policy``: the tuned
    policy; ``true_reward`` / ``learned_reward``: the policy's expected reward
    by the hidden truth and by the model; ``reference_true_reward``: where the
    reference policy stood; ``best_true_reward``: the best response's; ``kl``:
    the drift KL(policy || reference).
    """

    learned_rewards: np.ndarray
    policy: np.ndarray
    true_reward: float
    learned_reward: float
    reference_true_reward: float
    best_true_reward: float
    kl: float


def rlhf(
    true_rewards: object,
    n_comparisons: int,
    beta: float,
    noise: float = 1.0,
    reference: object | None = None,
    seed: int | None = 0,
    l2: float = 1e-3,
) -> RLHFRun:
    """Simulate comparisons, fit a reward model, tune the policy on it (closed form), score it.

    ``reference`` defaults to the uniform policy. Compare ``true_reward`` with
    ``learned_reward``: the gap is how much the policy exploits the reward
    model's mistakes.
    """
    quality = check_array(true_rewards, "true_rewards", ndim=1)
    if reference is None:
        reference = np.full(len(quality), 1 / len(quality))
    comparisons = simulate_comparisons(quality, n_comparisons, noise=noise, seed=seed)
    learned = fit_bradley_terry(comparisons, len(quality), l2=l2)
    policy = kl_regularised_optimum(learned, reference, beta)
    reference = np.asarray(reference, dtype=float)
    # compare in the truth's units: the model sees rewards only up to a shift
    shift = float(reference @ quality - reference @ learned)
    return RLHFRun(
        learned_rewards=learned,
        policy=policy,
        true_reward=float(policy @ quality),
        learned_reward=float(policy @ learned) + shift,
        reference_true_reward=float(reference @ quality),
        best_true_reward=float(quality.max()),
        kl=kl_divergence(policy, reference),
    )


@dataclass(frozen=True)
class BetaSweep:
    """The tuned policy for each beta: its drift and its reward, true and learned (per beta)."""

    betas: np.ndarray
    kl: np.ndarray
    true_reward: np.ndarray
    learned_reward: np.ndarray


def beta_sweep(
    true_rewards: object, learned_rewards: object, betas: object, reference: object | None = None
) -> BetaSweep:
    """Tune the policy on ``learned_rewards`` for every beta (closed form) and score it both ways.

    Large beta: the policy stays at the reference. Small beta: it goes all in
    on the response the model rates best. The learned reward always rises as
    beta falls; the true reward rises only as long as the model is right.
    The learned reward is shifted to agree with the truth at the reference.
    """
    quality = check_array(true_rewards, "true_rewards", ndim=1)
    learned = check_array(learned_rewards, "learned_rewards", ndim=1)
    betas = check_array(betas, "betas", ndim=1)
    if reference is None:
        reference = np.full(len(quality), 1 / len(quality))
    learned, reference = _policy_args(learned, reference)
    if len(quality) != len(learned):
        raise ValueError(
            f"learned_rewards has {len(learned)} responses but true_rewards has {len(quality)}"
        )
    shift = reference @ quality - reference @ learned
    policies = [kl_regularised_optimum(learned, reference, beta) for beta in betas]
    return BetaSweep(
        betas=betas,
        kl=np.array([kl_divergence(p, reference) for p in policies]),
        true_reward=np.array([p @ quality for p in policies]),
        learned_reward=np.array([p @ learned + shift for p in policies]),
    )
