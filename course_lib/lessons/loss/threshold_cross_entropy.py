"""ThresholdCrossEntropy: a regression turned into a yes/no question; cross-entropy sees only
the side of the threshold, so moving a patient further changes nothing once it has crossed."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from course_lib import datasets, losses, regression
from course_lib.lessons.loss.common import BMI, MOVED_RANGE, PROGRESSION, MovedPatient
from course_lib.live import Experiment
from course_lib.style import COLORS

_YLIM = (MOVED_RANGE[0] - 30, MOVED_RANGE[1] + 30)


@dataclass(frozen=True)
class ThresholdResult:
    moved_y: float  # the moved patient's progression
    labels: np.ndarray  # 1 if a patient's progression is above the threshold, else 0
    moved_loss: float  # the moved patient's cross-entropy
    mean_loss: float  # the mean cross-entropy over the 12 patients


class ThresholdCrossEntropy(MovedPatient, Experiment):
    """Move one patient: its cross-entropy for "above the median?" as it crosses the median."""

    call_name = "loss.ThresholdCrossEntropy"
    figsize = (9.0, 3.8)

    def setup(self) -> None:
        super().setup()
        everyone = datasets.diabetes()
        self.n_everyone = len(everyone.bmi)
        w, b = losses.best_line(everyone.bmi, everyone.progression, "mse")
        self.line = (w, b)
        # The question: is the progression above the median? The line's errors, taken as
        # normal, turn its prediction into a probability of "yes".
        sigma = float(np.std(everyone.progression - (w * everyone.bmi + b)))
        self.threshold = float(np.median(everyone.progression))
        self.probabilities = regression.probability_above(
            w * self.patients.bmi + b, self.threshold, sigma
        )
        p = self.probabilities[self.moved]
        self.grid = np.linspace(*MOVED_RANGE, 321)
        self.grid_losses = losses.cross_entropies(
            (self.grid > self.threshold).astype(float), np.full(self.grid.size, p)
        )

    def compute(self, moved_y: float) -> ThresholdResult:
        labels = (self.progressions(moved_y) > self.threshold).astype(float)
        per_example = losses.cross_entropies(labels, self.probabilities)
        return ThresholdResult(
            float(moved_y), labels, float(per_example[self.moved]), float(per_example.mean())
        )

    def build(self, fig: Figure) -> None:
        ax_data, ax_loss = fig.subplots(1, 2, width_ratios=(1.3, 1))
        self._build_patients(ax_data)
        self._build_loss(ax_loss)

    def _build_patients(self, ax: Axes) -> None:
        x = self.patients.bmi
        self.scatter_others(ax)
        ax.axhline(
            self.threshold,
            color=COLORS["green"],
            ls="--",
            label=f"median of all {self.n_everyone}: {self.threshold:.0f}",
        )
        self.moved_point = self.moved_marker(ax)
        ax.set(xlim=(x.min() - 1, x.max() + 1), ylim=_YLIM, xlabel=BMI, ylabel=PROGRESSION)
        ax.set_title('The question: "above the median?"')
        ax.legend(loc="upper left", fontsize=8)

    def _build_loss(self, ax: Axes) -> None:
        p = self.probabilities[self.moved]
        ax.plot(
            self.grid,
            self.grid_losses,
            color=COLORS["blue"],
            label=f"its cross-entropy (line says p = {p:.2f})",
        )
        ax.axvline(self.threshold, color=COLORS["green"], ls="--", lw=1)
        (self.dot,) = ax.plot([], [], "o", color=COLORS["vermillion"], mec="black", clip_on=False)
        top = 1.25 * float(self.grid_losses.max())
        ax.set(
            xlim=MOVED_RANGE,
            ylim=(0, top),
            xlabel="the moved patient's progression (score)",
            ylabel="cross-entropy (nats)",
            title="The moved patient's loss",
        )
        ax.legend(loc="upper right", fontsize=8)

    def update(self, result: ThresholdResult) -> None:
        self.moved_point.set_data([self.patients.bmi[self.moved]], [result.moved_y])
        self.dot.set_data([result.moved_y], [result.moved_loss])

    def moving_artists(self) -> list:
        return [self.moved_point, self.dot]

    def describe(self, result: ThresholdResult) -> str:
        side = "above" if result.labels[self.moved] else "not above"
        return (
            f"Moved patient at progression {result.moved_y:.0f}, {side} the median "
            f"{self.threshold:.0f}: its cross-entropy is {result.moved_loss:.3f} "
            f"(the line gave it p = {self.probabilities[self.moved]:.2f} of being above); "
            f"mean over the {result.labels.size} patients {result.mean_loss:.3f}."
        )
