"""HotStove: a child learning not to touch a hot stove, from the pain alone."""

from __future__ import annotations

from dataclasses import dataclass

import ipywidgets as widgets
import numpy as np
from matplotlib.figure import Figure

from course_lib.lessons.reinforcement_learning.common import play_and_scrub
from course_lib.live import Experiment, slider
from course_lib.rl.bandits import TrialRun, learn_by_trial
from course_lib.rl.envs import HotStove as HotStoveEnv
from course_lib.style import COLORS

TRIALS = 60
STEP_SIZE = 0.3


@dataclass(frozen=True)
class StoveResult:
    run: TrialRun  # all TRIALS trials at these settings
    trial: int  # how many are shown
    hot_probability: float
    epsilon: float

    @property
    def touches(self) -> int:
        return int(np.sum(self.run.actions[: self.trial] == 1))

    @property
    def burns(self) -> int:
        shown = slice(0, self.trial)
        return int(np.sum((self.run.actions[shown] == 1) & (self.run.rewards[shown] < 0)))


class HotStove(Experiment):
    """Touch or wait, trial after trial: the estimates of both actions, moved by each reward."""

    call_name = "reinforcement_learning.HotStove"
    figsize = (9.0, 3.4)

    def make_controls(self):
        trial, self.scrubber = play_and_scrub(
            "trials", "trials so far", TRIALS, 1, play_step=5, interval_ms=700
        )
        return {
            "hot_probability": slider("chance the stove is hot", 1.0, 0.0, 1.0, 0.1),
            "epsilon": slider("exploration ε", 0.1, 0.0, 0.5, 0.05),
            "trial": trial,
        }

    def extra_widgets(self) -> list[widgets.Widget]:
        return [self.scrubber]

    def compute(self, hot_probability: float, epsilon: float, trial: int) -> StoveResult:
        run = self.memo(
            (hot_probability, epsilon),
            lambda: learn_by_trial(
                HotStoveEnv(hot_probability=hot_probability),
                TRIALS,
                epsilon=epsilon,
                step_size=STEP_SIZE,
                seed=0,
            ),
        )
        return StoveResult(run, int(trial), float(hot_probability), float(epsilon))

    def build(self, fig: Figure) -> None:
        ax, ax_now = fig.subplots(1, 2, width_ratios=(2.2, 1))
        trials = np.arange(TRIALS + 1)
        (self.touch_line,) = ax.plot(
            trials,
            np.zeros_like(trials, float),
            color=COLORS["vermillion"],
            label="estimate: touch",
        )
        (self.wait_line,) = ax.plot(
            trials, np.zeros_like(trials, float), color=COLORS["blue"], label="estimate: wait"
        )
        self.burns = ax.scatter(
            [], [], marker="x", color=COLORS["vermillion"], s=30, label="touched: burnt (−1)"
        )
        self.safe = ax.scatter(
            [],
            [],
            marker="o",
            facecolor="none",
            edgecolor=COLORS["green"],
            s=24,
            label="touched: cold (0)",
        )
        self.now = ax.axvline(TRIALS, color=COLORS["grey"], lw=1)
        ax.set(
            xlim=(0, TRIALS),
            ylim=(-1.15, 0.55),
            xlabel="trial",
            ylabel="estimated reward",
            title="What the agent expects from each action",
        )
        ax.legend(loc="upper right", fontsize=8, ncols=2)
        self.bars = ax_now.bar([0, 1], [0, 0], color=[COLORS["blue"], COLORS["vermillion"]])
        ax_now.axhline(0, color=COLORS["black"], lw=0.8)
        ax_now.set(
            xticks=[0, 1],
            xticklabels=["wait", "touch"],
            ylim=(-1.1, 0.3),
            ylabel="estimated reward",
            title="Its estimates now",
        )

    def update(self, result: StoveResult) -> None:
        run, t = result.run, result.trial
        shown = np.arange(t + 1)
        self.wait_line.set_data(shown, run.estimates[: t + 1, 0])
        self.touch_line.set_data(shown, run.estimates[: t + 1, 1])
        touched = np.flatnonzero(run.actions[:t] == 1)
        burnt = touched[run.rewards[touched] < 0]
        cold = touched[run.rewards[touched] >= 0]
        self.burns.set_offsets(np.column_stack([burnt + 1, run.rewards[burnt]]).reshape(-1, 2))
        self.safe.set_offsets(np.column_stack([cold + 1, run.rewards[cold]]).reshape(-1, 2))
        self.now.set_xdata([t, t])
        for bar, value in zip(self.bars, run.estimates[t], strict=True):
            bar.set_height(value)

    def moving_artists(self) -> list:
        return [self.wait_line, self.touch_line, self.burns, self.safe, self.now, *self.bars]

    def describe(self, result: StoveResult) -> str:
        wait, touch = result.run.estimates[result.trial]
        return (
            f"After {result.trial} trials (stove hot {result.hot_probability:.0%} of the time, "
            f"exploring {result.epsilon:.0%}): touched {result.touches} times, burnt "
            f"{result.burns}; estimates wait {wait:+.2f}, touch {touch:+.2f}."
        )
