"""Schedules: a learning rate that changes over the steps, against a constant one."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from matplotlib.figure import Figure

from course_lib import plots
from course_lib.landscapes import shared_landscape
from course_lib.lessons.gradient_descent.common import (
    DIVERGED,
    DIVERGED_Y,
    LOSS_RANGE,
    shown_losses,
)
from course_lib.live import Experiment, dropdown, slider
from course_lib.optimizers import GradientDescent, Path, optimize_path
from course_lib.schedules import SCHEDULES, make_schedule
from course_lib.stability import max_stable_lr
from course_lib.style import COLORS

SCHEDULE_STEPS = 200


@dataclass(frozen=True)
class SchedulesResult:
    schedule: str
    lr: float
    rates: np.ndarray  # the learning rate at each step
    path: Path  # gradient descent with the schedule
    constant: Path  # and with the constant lr
    threshold: float  # 2 / λ_max of the ravine
    steps_above: int  # how many steps the schedule spends above the threshold


class Schedules(Experiment):
    """Gradient descent on the ravine with a learning-rate schedule, against a constant lr."""

    call_name = "gradient_descent.Schedules"
    figsize = (9.5, 3.8)

    def setup(self) -> None:
        self.landscape = shared_landscape("ravine")
        self.threshold = max_stable_lr(self.landscape.hessian)

    def make_controls(self):
        return {
            "schedule": dropdown("schedule", list(SCHEDULES), "cosine"),
            "lr": slider("base learning rate", 0.055, 0.005, 0.1, 0.005, readout_format=".3f"),
        }

    def _run(self, name: str, lr: float) -> Path:
        return self.memo(
            (name, lr),
            lambda: optimize_path(
                self.landscape,
                GradientDescent(lr=lr),
                self.landscape.start,
                SCHEDULE_STEPS,
                schedule=make_schedule(name, lr, SCHEDULE_STEPS),
            ),
        )

    def compute(self, schedule, lr):
        rates = make_schedule(schedule, lr, SCHEDULE_STEPS)(np.arange(SCHEDULE_STEPS))
        return SchedulesResult(
            schedule=schedule,
            lr=float(lr),
            rates=rates,
            path=self._run(schedule, lr),
            constant=self._run("constant", lr),
            threshold=self.threshold,
            steps_above=int(np.sum(rates > self.threshold)),
        )

    def build(self, fig: Figure) -> None:
        self.ax_lr, self.ax_loss = fig.subplots(1, 2)
        ax = self.ax_lr
        t = np.arange(SCHEDULE_STEPS)
        (self.constant_rate,) = ax.plot(
            t, np.zeros(SCHEDULE_STEPS), color=COLORS["grey"], ls="--", label="constant"
        )
        (self.rate_line,) = ax.plot(
            t, np.zeros(SCHEDULE_STEPS), color=COLORS["blue"], label="the schedule"
        )
        ax.axhline(
            self.threshold,
            color=COLORS["vermillion"],
            ls=":",
            lw=1.5,
            label=f"2/λ_max = {self.threshold:.3g} (above: unstable)",
        )
        ax.set(
            xlim=(0, SCHEDULE_STEPS),
            ylim=(0, 0.105),
            xlabel="step",
            ylabel="learning rate",
            title="The learning rate at each step",
        )
        ax.legend(loc="upper right", fontsize=8)
        ax = self.ax_loss
        (self.constant_loss,) = ax.plot([], [], color=COLORS["grey"], ls="--", label="constant lr")
        (self.loss_line,) = ax.plot([], [], color=COLORS["blue"], label="the schedule")
        self.diverged_mark = plots.divergence_mark(ax, "", color=COLORS["blue"])
        self.constant_diverged = plots.divergence_mark(ax, "", color=COLORS["grey"])
        # One legend entry for both ✕s, in neither run's colour: each ✕ takes its run's.
        ax.plot(
            [],
            [],
            "X",
            mfc="white",
            mec="black",
            mew=0.8,
            ms=10,
            label=f"diverged (loss > {DIVERGED}), in its run's colour",
        )
        plots.log_axis(
            ax, LOSS_RANGE, xlim=(0, SCHEDULE_STEPS), title="Gradient descent on the ravine"
        )
        ax.legend(loc="lower left", fontsize=8)

    def update(self, result: SchedulesResult) -> None:
        self.rate_line.set_ydata(result.rates)
        self.constant_rate.set_ydata(np.full(SCHEDULE_STEPS, result.lr))
        path, constant = result.path, result.constant
        steps = np.arange(SCHEDULE_STEPS + 1)
        self.loss_line.set_data(steps, shown_losses(path.losses))
        self.constant_loss.set_data(steps, shown_losses(constant.losses))
        plots.show_point(self.diverged_mark, path.diverged_at, DIVERGED_Y)
        plots.show_point(self.constant_diverged, constant.diverged_at, DIVERGED_Y)
        both = path.diverged and constant.diverged
        self.show_message(
            f"Both runs diverged (✕): base lr {result.lr:.3g} stays above 2/λ_max = "
            f"{result.threshold:.3g} for too long."
            if both
            else None
        )

    def moving_artists(self) -> list:
        return [
            self.rate_line,
            self.constant_rate,
            self.loss_line,
            self.constant_loss,
            self.diverged_mark,
            self.constant_diverged,
        ]

    def describe(self, result: SchedulesResult) -> str:
        path, constant = result.path, result.constant

        def outcome(run: Path) -> str:
            if run.diverged:
                return f"diverged at step {run.diverged_at}"
            return f"final loss {run.losses[-1]:.3g} after {SCHEDULE_STEPS} steps"

        if result.schedule == "constant":
            above = "above" if result.lr > result.threshold else "below"
            return (
                f"constant lr {result.lr:.3g} ({above} 2/λ_max = {result.threshold:.3g} at "
                f"every step): {outcome(path)}."
            )
        text = (
            f"{result.schedule} schedule from lr {result.lr:.3g} (above 2/λ_max = "
            f"{result.threshold:.3g} for {result.steps_above} of {SCHEDULE_STEPS} steps): "
            f"{outcome(path)}; constant lr {result.lr:.3g}: {outcome(constant)}"
        )
        if path.diverged or constant.diverged:
            return text + "."
        better = "schedule" if path.losses[-1] < constant.losses[-1] else "constant lr"
        return text + f"; the {better} ends lower."
