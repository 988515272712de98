"""PolicyGradient: REINFORCE on a bandit, with and without a baseline, and why it matters."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from matplotlib.figure import Figure

from course_lib.live import Experiment, log_slider, slider
from course_lib.rl.policy_gradient import (
    GradientBanditRuns,
    bandit_gradient,
    expected_reward,
    reinforce_bandit,
    reinforce_bandit_estimates,
)
from course_lib.style import COLORS

#: Four arms; the best is arm 2. The offset slider adds the same amount to every arm.
ARM_MEANS = np.array([0.2, 0.6, 1.0, 0.0])
STEPS, RUNS, SAMPLES = 300, 50, 2000
BINS = np.linspace(-6, 6, 49)


@dataclass(frozen=True)
class GradientResult:
    lr: float
    offset: float
    with_baseline: GradientBanditRuns
    without_baseline: GradientBanditRuns
    exact: float  # the true gradient's component for the best arm, at the start
    estimates: dict[str, np.ndarray]  # single-pull estimates of that component, per baseline

    def spread(self, name: str) -> float:
        return float(np.std(self.estimates[name]))


class PolicyGradient(Experiment):
    """P(best arm) while learning, and the spread of one-pull gradient estimates."""

    call_name = "reinforcement_learning.PolicyGradient"
    figsize = (9.6, 3.6)

    def make_controls(self):
        return {
            "lr": log_slider("learning rate", 0.2, 0.01, 1.0, continuous=False),
            "offset": slider(
                "reward offset (added to every arm)", 3.0, 0.0, 6.0, 1.0, continuous=False
            ),
        }

    def compute(self, lr: float, offset: float) -> GradientResult:
        def learn() -> GradientResult:
            means = ARM_MEANS + offset
            start = np.zeros(len(means))  # the uniform policy
            best = int(np.argmax(means))
            runs = {
                b: reinforce_bandit(means, STEPS, lr=lr, baseline=b, runs=RUNS, seed=0)
                for b in (True, False)
            }
            estimates = {
                name: reinforce_bandit_estimates(start, means, SAMPLES, baseline=b, seed=1)[:, best]
                for name, b in (("no baseline", 0.0), ("baseline", expected_reward(start, means)))
            }
            return GradientResult(
                float(lr),
                float(offset),
                runs[True],
                runs[False],
                float(bandit_gradient(start, means)[best]),
                estimates,
            )

        return self.memo((lr, offset), learn)

    def build(self, fig: Figure) -> None:
        ax_learn, ax_spread = fig.subplots(1, 2)
        steps = np.arange(STEPS + 1)
        (self.with_line,) = ax_learn.plot(
            steps, np.zeros(STEPS + 1), color=COLORS["blue"], label="with a baseline"
        )
        (self.without_line,) = ax_learn.plot(
            steps, np.zeros(STEPS + 1), color=COLORS["orange"], label="without"
        )
        ax_learn.axhline(
            1 / len(ARM_MEANS), color=COLORS["grey"], ls=":", lw=1, label="random (1/4)"
        )
        ax_learn.set(
            xlim=(0, STEPS),
            ylim=(0, 1),
            xlabel="pull",
            ylabel=f"P(best arm), mean of {RUNS} runs",
            title="The policy learning",
        )
        ax_learn.legend(loc="upper left", fontsize=8)
        self.hists = {}  # one filled outline per histogram: a single artist to repaint
        for name, colour in (("no baseline", COLORS["orange"]), ("baseline", COLORS["blue"])):
            self.hists[name] = ax_spread.stairs(
                np.zeros(len(BINS) - 1),
                BINS,
                fill=True,
                color=colour,
                edgecolor="none",
                alpha=0.55,
                label=name,
            )
        self.exact = ax_spread.axvline(0, color=COLORS["black"], lw=1.5, label="true gradient")
        ax_spread.set(
            xlim=(BINS[0], BINS[-1]),
            ylim=(0, 0.5 * SAMPLES),
            xlabel="estimate",
            ylabel=f"count of {SAMPLES} pulls",
            title="One pull's gradient estimate (best arm)",
        )
        self.legend = ax_spread.legend(loc="upper right", fontsize=8)

    def update(self, result: GradientResult) -> None:
        self.with_line.set_ydata(result.with_baseline.optimal_probability)
        self.without_line.set_ydata(result.without_baseline.optimal_probability)
        for name, hist in self.hists.items():
            counts, _ = np.histogram(np.clip(result.estimates[name], BINS[0], BINS[-1]), BINS)
            hist.set_data(counts)
        self.exact.set_xdata([result.exact] * 2)

    def moving_artists(self) -> list:
        return [
            self.with_line,
            self.without_line,
            self.hists["no baseline"],
            self.hists["baseline"],
            self.exact,
        ]

    def describe(self, result: GradientResult) -> str:
        return (
            f"lr {result.lr:.3g}, offset {result.offset:g}: after {STEPS} pulls P(best arm) is "
            f"{result.with_baseline.optimal_probability[-1]:.2f} with a baseline, "
            f"{result.without_baseline.optimal_probability[-1]:.2f} without; one pull's "
            f"estimate of a true gradient {result.exact:.3f} spreads with std "
            f"{result.spread('baseline'):.2f} with a baseline, "
            f"{result.spread('no baseline'):.2f} without."
        )
