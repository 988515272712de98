"""RobustLines: move one patient; the best line and constant under MSE follow it, under MAE not."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from course_lib import losses
from course_lib.lessons.loss.common import BMI, MOVED_RANGE, PROGRESSION, MovedPatient
from course_lib.live import Experiment
from course_lib.style import COLORS

_YLIM = (MOVED_RANGE[0] - 30, MOVED_RANGE[1] + 30)


@dataclass(frozen=True)
class RobustLinesResult:
    moved_y: float  # the moved patient's progression
    y: np.ndarray  # the 12 progressions, with the moved patient's value
    mse_line: tuple[float, float]  # (w, b) of the best line under MSE
    mae_line: tuple[float, float]  # (w, b) of the best line under MAE
    mean: float  # the best constant under MSE
    median: float  # the best constant under MAE


class RobustLines(MovedPatient, Experiment):
    """Move one patient: the best line and the best constant under MSE and under MAE."""

    call_name = "loss.RobustLines"
    figsize = (9.0, 3.8)

    def compute(self, moved_y: float) -> RobustLinesResult:
        y = self.progressions(moved_y)
        x = self.patients.bmi
        return RobustLinesResult(
            moved_y=float(moved_y),
            y=y,
            mse_line=losses.best_line(x, y, "mse"),
            mae_line=losses.best_line(x, y, "mae"),
            mean=losses.best_constant(y, "mse"),
            median=losses.best_constant(y, "mae"),
        )

    def build(self, fig: Figure) -> None:
        ax_lines, ax_constant = fig.subplots(1, 2, width_ratios=(2.4, 1), sharey=True)
        self._build_lines(ax_lines)
        self._build_constants(ax_constant)

    def _build_lines(self, ax: Axes) -> None:
        x = self.patients.bmi
        self.scatter_others(ax)
        self.moved_point = self.moved_marker(ax)
        self._xs = np.array([x.min() - 1, x.max() + 1])
        (self.mse_line,) = ax.plot([], [], color=COLORS["blue"], lw=2, label="best line, MSE")
        (self.mae_line,) = ax.plot(
            [], [], color=COLORS["orange"], lw=2, ls="--", label="best line, MAE"
        )
        ax.set(xlim=self._xs, ylim=_YLIM, xlabel=BMI, ylabel=PROGRESSION)
        ax.set_title(f"{len(x)} patients and the best lines")
        ax.legend(loc="upper left", fontsize=8)

    def _build_constants(self, ax: Axes) -> None:
        others = np.arange(len(self.patients.bmi)) != self.moved
        ax.scatter(
            np.zeros(others.sum()),
            self.patients.progression[others],
            color=COLORS["sky"],
            ec="black",
            zorder=3,
        )
        (self.moved_constant_point,) = ax.plot(
            [], [], "o", ms=10, color=COLORS["vermillion"], mec="black"
        )
        self.mean_line = ax.axhline(0, color=COLORS["blue"], lw=2, label="mean")
        self.median_line = ax.axhline(0, color=COLORS["orange"], lw=2, ls="--", label="median")
        # Named in the x label, not a legend: the moved patient would cross a legend.
        ax.set(xlim=(-1, 1), xticks=[], xlabel="solid: mean (MSE)\ndashed: median (MAE)")
        ax.set_title("Best constant")

    def update(self, result: RobustLinesResult) -> None:
        self.moved_point.set_data([self.patients.bmi[self.moved]], [result.moved_y])
        self.moved_constant_point.set_data([0.0], [result.moved_y])
        for line, (w, b) in ((self.mse_line, result.mse_line), (self.mae_line, result.mae_line)):
            line.set_data(self._xs, w * self._xs + b)
        self.mean_line.set_ydata([result.mean] * 2)
        self.median_line.set_ydata([result.median] * 2)

    def moving_artists(self) -> list:
        return [
            self.mse_line,
            self.mae_line,
            self.mean_line,
            self.median_line,
            self.moved_point,
            self.moved_constant_point,
        ]

    def describe(self, result: RobustLinesResult) -> str:
        (wm, bm), (wa, ba) = result.mse_line, result.mae_line
        return (
            f"Moved patient at progression {result.moved_y:.0f}: best line under MSE "
            f"{wm:.1f}·BMI {bm:+.0f}, under MAE {wa:.1f}·BMI {ba:+.0f}; best constant: "
            f"mean {result.mean:.1f} (MSE), median {result.median:.1f} (MAE)."
        )
