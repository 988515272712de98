"""PreferenceTuning: a reward model learned from "A or B?", and a policy tuned on it.

The policy maximises the *learned* reward minus a penalty for drifting from where it
started: not a loss to minimise, as lesson 01's Q(a, X) was.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from matplotlib.figure import Figure

from course_lib.live import Experiment, log_slider, slider
from course_lib.rl.preferences import (
    BetaSweep,
    Comparisons,
    beta_sweep,
    fit_bradley_terry,
    kl_regularised_optimum,
    simulate_comparisons,
)
from course_lib.style import COLORS

N_RESPONSES = 8
#: The hidden quality of each response (centred, so the reward model's scale can match).
TRUE_REWARDS = np.sort(np.random.default_rng(4).normal(size=N_RESPONSES))
TRUE_REWARDS = TRUE_REWARDS - TRUE_REWARDS.mean()
REFERENCE = np.full(N_RESPONSES, 1 / N_RESPONSES)  # the starting policy: every response alike
BETAS = np.logspace(-2, 1, 40)
#: The reward model's fit (Adam): within about 0.05 of the optimum on the figure, as 300 steps
#: at lr 0.1 were, in half the time.
FIT_STEPS, FIT_LR = 150, 0.2


@dataclass(frozen=True)
class PreferenceResult:
    n_comparisons: int
    noise: float
    beta: float
    comparisons: Comparisons
    learned: np.ndarray  # the reward model's reward per response (centred)
    policy: np.ndarray  # the tuned policy at this beta
    now: BetaSweep  # its drift and rewards, true and learned (one beta)
    sweep: BetaSweep  # the same for every beta in BETAS

    @property
    def favourite(self) -> int:
        return int(np.argmax(self.policy))


class PreferenceTuning(Experiment):
    """Fit a Bradley–Terry reward model to a noisy annotator; tune a policy with a KL brake."""

    call_name = "reinforcement_learning.PreferenceTuning"
    figsize = (10.0, 3.6)

    def make_controls(self):
        return {
            "n_comparisons": slider("comparisons", 40, 10, 300, 10, integer=True, continuous=False),
            "noise": slider("annotator noise", 1.0, 0.0, 3.0, 0.5, continuous=False),
            "beta": log_slider("KL penalty β", 1.0, 0.01, 10.0, continuous=False),
        }

    def _reward_model(self, n: int, noise: float) -> tuple[Comparisons, np.ndarray]:
        comparisons = simulate_comparisons(TRUE_REWARDS, n, noise=noise, seed=0)
        return comparisons, fit_bradley_terry(comparisons, N_RESPONSES, steps=FIT_STEPS, lr=FIT_LR)

    def compute(self, n_comparisons: int, noise: float, beta: float) -> PreferenceResult:
        comparisons, learned = self.memo(
            (n_comparisons, noise), lambda: self._reward_model(n_comparisons, noise)
        )
        sweep = self.memo(
            ("sweep", n_comparisons, noise),
            lambda: beta_sweep(TRUE_REWARDS, learned, BETAS, REFERENCE),
        )
        return PreferenceResult(
            int(n_comparisons),
            float(noise),
            float(beta),
            comparisons,
            learned,
            kl_regularised_optimum(learned, REFERENCE, beta),
            beta_sweep(TRUE_REWARDS, learned, np.array([beta]), REFERENCE),
            sweep,
        )

    def build(self, fig: Figure) -> None:
        ax_model, ax_policy, ax_sweep = fig.subplots(1, 3, width_ratios=(1.1, 0.9, 1.2))
        responses = np.arange(N_RESPONSES)
        ax_model.bar(responses, TRUE_REWARDS, color=COLORS["sky"], label="true (hidden)")
        (self.learned,) = ax_model.plot(
            responses,
            np.zeros(N_RESPONSES),
            "D",
            ms=6,
            color=COLORS["vermillion"],
            label="reward model",
        )
        ax_model.set(
            xticks=responses,
            ylim=(-4, 4),
            xlabel="response",
            ylabel="reward",
            title="True reward vs. learned",
        )
        ax_model.legend(loc="upper left", fontsize=8)
        self.policy_bars = ax_policy.bar(
            responses, np.zeros(N_RESPONSES), color=COLORS["blue"], label="tuned policy"
        )
        ax_policy.axhline(
            1 / N_RESPONSES, color=COLORS["grey"], ls=":", lw=1, label="start (uniform)"
        )
        ax_policy.set(
            xticks=responses,
            ylim=(0, 1),
            xlabel="response",
            ylabel="probability",
            title="What the policy says",
        )
        ax_policy.legend(loc="upper left", fontsize=8)
        (self.sweep_true,) = ax_sweep.plot(
            BETAS, np.zeros_like(BETAS), color=COLORS["blue"], label="true reward"
        )
        (self.sweep_learned,) = ax_sweep.plot(
            BETAS, np.zeros_like(BETAS), color=COLORS["vermillion"], ls="--", label="learned reward"
        )
        ax_sweep.axhline(
            TRUE_REWARDS.max(), color=COLORS["black"], ls=":", lw=1, label="best response (true)"
        )
        self.beta_line = ax_sweep.axvline(1, color=COLORS["grey"], lw=1)
        ax_sweep.set(
            xscale="log",
            xlim=(BETAS[0], BETAS[-1]),
            ylim=(-1, 4),
            xlabel="KL penalty β (log scale)",
            ylabel="expected reward of the policy",
            title="Tuned policy, scored two ways",
        )
        ax_sweep.minorticks_off()
        ax_sweep.legend(loc="lower left", fontsize=8)

    def update(self, result: PreferenceResult) -> None:
        self.learned.set_ydata(np.clip(result.learned, -3.9, 3.9))
        for bar, p in zip(self.policy_bars, result.policy, strict=True):
            bar.set_height(p)
        self.sweep_true.set_ydata(result.sweep.true_reward)
        self.sweep_learned.set_ydata(np.clip(result.sweep.learned_reward, -1, 3.95))
        self.beta_line.set_xdata([result.beta] * 2)

    def moving_artists(self) -> list:
        return [
            self.learned,
            *self.policy_bars,
            self.sweep_true,
            self.sweep_learned,
            self.beta_line,
        ]

    def describe(self, result: PreferenceResult) -> str:
        now = result.now
        best = int(np.argmax(TRUE_REWARDS))
        return (
            f"{result.n_comparisons} comparisons, noise {result.noise:g}, β {result.beta:.3g}: "
            f"the policy favours response {result.favourite} (truly best: {best}); its learned "
            f"reward {now.learned_reward[0]:+.2f}, its true reward {now.true_reward[0]:+.2f} "
            f"(best possible {TRUE_REWARDS.max():+.2f}); drift KL {now.kl[0]:.2f} nats."
        )
