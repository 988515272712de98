"""Learning curves: training and validation error against the size of the training set,
grown with new examples or with copies of the same ones."""

from __future__ import annotations

from dataclasses import dataclass

from matplotlib.figure import Figure

from course_lib import generalization, plots
from course_lib.lessons.overfitting.common import MSE_RANGE, TRAIN, TRUTH, VALIDATION
from course_lib.live import Experiment, dropdown, slider

SIZES = (10, 20, 40, 80, 160, 320)
N_UNIQUE = SIZES[0]
DEGREES = range(1, 10)
GROWTH = ["new examples", f"copies of the first {N_UNIQUE}"]


@dataclass(frozen=True)
class LearningCurveResult:
    degree: int
    growth: str
    curve: generalization.LearningCurve
    other: generalization.LearningCurve  # the other way of growing, for comparison


class LearningCurves(Experiment):
    """Train and validation MSE of one polynomial degree as the training set grows."""

    call_name = "overfitting.LearningCurves"
    figsize = (8.4, 3.4)

    def make_controls(self):
        return {
            "degree": slider("degree", 3, DEGREES[0], DEGREES[-1], 1, integer=True),
            "growth": dropdown("grow the training set with", GROWTH, GROWTH[0]),
        }

    def setup(self) -> None:
        seeds = tuple(range(10))
        self.all_curves = {
            degree: {
                GROWTH[0]: generalization.learning_curve(degree, SIZES, seeds),
                GROWTH[1]: generalization.copies_learning_curve(degree, SIZES, N_UNIQUE, seeds),
            }
            for degree in DEGREES
        }

    def compute(self, degree, growth):
        curves = self.all_curves[int(degree)]
        other = GROWTH[1 - GROWTH.index(growth)]
        return LearningCurveResult(int(degree), growth, curves[growth], curves[other])

    def build(self, fig: Figure) -> None:
        ax = fig.subplots()
        (self.train_line,) = ax.plot([], [], "o-", color=TRAIN, label="training MSE")
        (self.val_line,) = ax.plot([], [], "s-", color=VALIDATION, label="validation MSE")
        (self.other_line,) = ax.plot(
            [],
            [],
            ":",
            color=VALIDATION,
            lw=1.5,
            alpha=0.8,
            label="validation, grown the other way",
        )
        self.gap = ax.fill_between([], [], [], color=VALIDATION, alpha=0.15, label="the gap")
        self.noise_line = ax.axhline(1, color=TRUTH, ls="--", lw=1, label="noise variance σ²")
        plots.log_axis(
            ax,
            MSE_RANGE,
            xlim=(SIZES[0] * 0.8, SIZES[-1] * 1.25),
            xlabel="training examples (log scale)",
            ylabel="mean squared error (log scale)",
            title="Learning curves (mean over 10 data sets)",
            xscale="log",
        )
        ax.set_xticks(SIZES, [str(n) for n in SIZES])
        ax.legend(loc="upper right", fontsize=8, ncols=2)
        self.ax = ax

    def update(self, result: LearningCurveResult) -> None:
        curve = result.curve
        train = plots.clip_for_log(curve.train_mse, MSE_RANGE)
        val = plots.clip_for_log(curve.validation_mse, MSE_RANGE)
        self.train_line.set_data(curve.sizes, train)
        self.val_line.set_data(curve.sizes, val)
        other = plots.clip_for_log(result.other.validation_mse, MSE_RANGE)
        self.other_line.set_data(result.other.sizes, other)
        self.gap.set_data(curve.sizes, train, val)
        self.noise_line.set_ydata([curve.noise, curve.noise])

    def moving_artists(self) -> list:
        return [self.gap, self.train_line, self.val_line, self.other_line, self.noise_line]

    def describe(self, result: LearningCurveResult) -> str:
        c = result.curve
        return (
            f"Degree {result.degree}, grown with {result.growth}: from {c.sizes[0]} to "
            f"{c.sizes[-1]} examples the validation MSE goes {c.validation_mse[0]:.3g} → "
            f"{c.validation_mse[-1]:.3g} and the training MSE {c.train_mse[0]:.3g} → "
            f"{c.train_mse[-1]:.3g} (noise variance {c.noise:.3g}: no model does better on "
            "new data)."
        )
