"""BanditStrategies: exploration vs. exploitation on 10-armed bandits, three ways to explore."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from matplotlib.figure import Figure

from course_lib.live import Experiment, slider
from course_lib.rl.bandits import (
    UCB1,
    BanditRuns,
    EpsilonGreedy,
    OptimisticGreedy,
    Strategy,
    run_bandit,
    testbed_means,
)
from course_lib.style import COLORS

#: Live runs are shorter than the textbook's 2000 runs x 1000 steps, so a move stays quick.
STEPS, RUNS, K = 500, 100, 10
NAMES = ("greedy (ε = 0)", "ε-greedy", "optimistic start", "UCB")
LINE_COLOURS = (COLORS["grey"], COLORS["blue"], COLORS["orange"], COLORS["green"])


@dataclass(frozen=True)
class BanditResult:
    epsilon: float
    initial_value: float
    c: float
    runs: tuple[BanditRuns, ...]  # one per strategy, in the order of NAMES


def strategies(epsilon: float, initial_value: float, c: float) -> tuple[Strategy, ...]:
    """The four strategies the experiment compares, in the order of NAMES."""
    return (
        EpsilonGreedy(0.0),
        EpsilonGreedy(epsilon),
        OptimisticGreedy(initial_value=initial_value, step_size=0.1),
        UCB1(c=c),
    )


class BanditStrategies(Experiment):
    """Average reward and regret of greedy, ε-greedy, optimistic and UCB agents."""

    call_name = "reinforcement_learning.BanditStrategies"
    figsize = (9.6, 3.6)

    def setup(self) -> None:
        self.means = testbed_means(K, RUNS, seed=0)  # one 10-armed problem per run
        self.best = float(self.means.max(axis=1).mean())

    def make_controls(self):
        return {
            "epsilon": slider("ε (explore)", 0.1, 0.0, 0.5, 0.05, continuous=False),
            "initial_value": slider("optimistic start Q₀", 5.0, 0.0, 10.0, 1.0, continuous=False),
            "c": slider("UCB bonus c", 2.0, 0.0, 4.0, 0.5, continuous=False),
        }

    def _run(self, strategy: Strategy) -> BanditRuns:
        return self.memo(strategy, lambda: run_bandit(strategy, self.means, STEPS, RUNS, seed=1))

    def compute(self, epsilon: float, initial_value: float, c: float) -> BanditResult:
        runs = tuple(self._run(s) for s in strategies(epsilon, initial_value, c))
        return BanditResult(float(epsilon), float(initial_value), float(c), runs)

    def build(self, fig: Figure) -> None:
        ax_reward, ax_regret = fig.subplots(1, 2)
        steps = np.arange(1, STEPS + 1)
        self.reward_lines, self.regret_lines = [], []
        for name, colour in zip(NAMES, LINE_COLOURS, strict=True):
            width = 1.0 if name.startswith("greedy") else 1.4
            (line,) = ax_reward.plot(steps, np.zeros(STEPS), color=colour, lw=width, label=name)
            self.reward_lines.append(line)
            (line,) = ax_regret.plot(steps, np.zeros(STEPS), color=colour, lw=2, label=name)
            self.regret_lines.append(line)
        ax_reward.axhline(self.best, color=COLORS["black"], ls=":", lw=1, label="best arm's mean")
        ax_reward.set(
            xlim=(0, STEPS),
            ylim=(-0.5, 2.0),
            xlabel="pull",
            ylabel=f"reward (mean of {RUNS} runs)",
            title="Average reward per pull",
        )
        ax_reward.legend(loc="lower right", fontsize=7.5, ncols=2)
        ax_regret.set(
            xlim=(0, STEPS),
            ylim=(0, 400),
            xlabel="pull",
            ylabel="reward lost vs. the best arm",
            title="Cumulative regret (lower is better)",
        )
        ax_regret.legend(loc="upper left", fontsize=7.5)

    def update(self, result: BanditResult) -> None:
        for reward, regret, run in zip(
            self.reward_lines, self.regret_lines, result.runs, strict=True
        ):
            reward.set_ydata(run.average_reward)
            regret.set_ydata(run.regret)

    def moving_artists(self) -> list:
        return [*self.reward_lines, *self.regret_lines]

    def describe(self, result: BanditResult) -> str:
        parts = [
            f"{name} {run.regret[-1]:.0f} ({run.optimal_action[-1]:.0%} best arm at the end)"
            for name, run in zip(NAMES, result.runs, strict=True)
        ]
        return f"Regret after {STEPS} pulls: " + "; ".join(parts) + "."
