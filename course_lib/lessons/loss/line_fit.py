"""LineFit: weight and bias sliders over 20 patients; the residuals and the MSE, live."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from matplotlib.axes import Axes
from matplotlib.collections import LineCollection
from matplotlib.figure import Figure

from course_lib import datasets, losses, plots, regression
from course_lib.lessons.loss.common import BMI, PROGRESSION
from course_lib.live import Experiment, slider
from course_lib.style import COLORS

#: The challenge: an MSE within this factor of the least-squares optimum.
CHALLENGE_FACTOR = 1.10
#: The top of the MSE axis (log scale): a worse line's bar stops there.
MSE_TOP = 1e6
_YLIM = (-50, 450)


@dataclass(frozen=True)
class LineFitResult:
    w: float
    b: float
    prediction: np.ndarray  # w·BMI + b for each patient
    mse: float


class LineFit(Experiment):
    """Weight and bias sliders: the line, its residuals and its MSE, live."""

    call_name = "loss.LineFit"
    figsize = (9.0, 3.8)

    def setup(self) -> None:
        self.patients = datasets.diabetes(20, seed=0)
        w, b = regression.least_squares(self.patients.bmi, self.patients.progression)
        self.best = (float(w[0]), b)
        self.best_mse = losses.mse(self.patients.progression, w[0] * self.patients.bmi + b)
        self.target = CHALLENGE_FACTOR * self.best_mse

    def make_controls(self):
        return {
            "w": slider("weight w (score per kg/m²)", 2.0, -10.0, 30.0, 0.1),
            "b": slider("bias b (score)", 100.0, -600.0, 400.0, 1.0),
        }

    def compute(self, w: float, b: float) -> LineFitResult:
        prediction = w * self.patients.bmi + b
        return LineFitResult(w, b, prediction, losses.mse(self.patients.progression, prediction))

    def build(self, fig: Figure) -> None:
        ax, ax_mse = fig.subplots(1, 2, width_ratios=(2.2, 1))
        self._build_line(ax)
        self._build_mse(ax_mse)

    def _build_line(self, ax: Axes) -> None:
        x, y = self.patients.bmi, self.patients.progression
        self._xs = np.array([x.min() - 2, x.max() + 2])
        self.residuals = LineCollection([], colors=COLORS["vermillion"], lw=1.5, label="residuals")
        ax.add_collection(self.residuals)
        ax.scatter(x, y, color=COLORS["blue"], edgecolor="black", zorder=3, label="patients")
        (self.line,) = ax.plot([], [], color=COLORS["black"], label="your line w·BMI + b")
        ax.set(xlim=self._xs, ylim=_YLIM, xlabel=BMI, ylabel=PROGRESSION)
        ax.set_title(f"Your line and its residuals ({len(x)} patients)")
        ax.legend(loc="upper left", fontsize=8)

    def _build_mse(self, ax: Axes) -> None:
        (self.bar,) = ax.bar(["your MSE"], [0.0], color=COLORS["blue"])
        ax.axhline(self.target, color=COLORS["green"], ls="--", label="target")
        ax.axhline(self.best_mse, color=COLORS["grey"], ls=":", label="best possible")
        plots.log_axis(
            ax, (0.5 * self.best_mse, MSE_TOP), xlabel="", ylabel="MSE (score², log scale)"
        )
        ax.set_title("MSE")
        ax.legend(loc="upper right")

    def update(self, result: LineFitResult) -> None:
        ends = result.w * self._xs + result.b
        self.line.set_data(self._xs, ends)
        x, y = self.patients.bmi, self.patients.progression
        segments = np.stack([np.column_stack([x, y]), np.column_stack([x, result.prediction])], 1)
        self.residuals.set_segments(segments)
        self.bar.set_height(min(result.mse, MSE_TOP))
        if ends.max() < _YLIM[0] or ends.min() > _YLIM[1]:
            self.show_message(
                f"Your line is off the plot (MSE {result.mse:,.0f}).\n"
                "Move w or b back until the line crosses the points."
            )

    def moving_artists(self) -> list:
        return [self.line, self.residuals, self.bar]

    def describe(self, result: LineFitResult) -> str:
        return (
            f"Line {result.w:.1f}·BMI {result.b:+.0f}: MSE {result.mse:,.0f} "
            f"({result.mse / self.best_mse:.2f} × the best possible {self.best_mse:,.0f}, "
            f"reached by {self.best[0]:.2f}·BMI {self.best[1]:+.1f})."
        )

    def challenge_status(self, result: LineFitResult) -> tuple[bool, str]:
        percent = f"{100 * (CHALLENGE_FACTOR - 1):.0f}%"
        if result.mse <= self.target:
            return True, (
                f"MSE {result.mse:,.0f} is below the target {self.target:,.0f} — within "
                f"{percent} of the best line. Well done!"
            )
        return False, (
            f"get the MSE below {self.target:,.0f} ({percent} above the best possible); "
            f"now {result.mse:,.0f}."
        )
