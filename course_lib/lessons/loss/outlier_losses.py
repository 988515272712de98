"""OutlierLosses: move one patient's value; three losses react, and the best lines move (or not)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from course_lib import datasets, losses, regression
from course_lib.lessons.loss.common import BMI, PROGRESSION
from course_lib.live import Experiment, slider
from course_lib.style import COLORS

#: The loss names shown, as the share bars label them.
LOSS_NAMES = ("MSE", "MAE", "cross-entropy")


@dataclass(frozen=True)
class OutlierResult:
    moved_y: float  # the moved patient's progression
    y: np.ndarray  # the progressions, with the moved patient's value
    lines: dict  # loss name -> (w, b) of the best line on these 12 patients
    constants: dict  # loss name -> best constant
    values: dict  # loss name -> the fixed model's loss on these patients
    shares: dict  # loss name -> the moved patient's share (%) of the total loss


class OutlierLosses(Experiment):
    """Move one patient's progression: three losses of a fixed model, and the best lines."""

    call_name = "loss.OutlierLosses"
    figsize = (10.0, 3.8)

    def setup(self) -> None:
        self.patients = datasets.diabetes(12, seed=1)
        everyone = datasets.diabetes()
        self.n_everyone = len(everyone.bmi)
        # The fixed model: the least-squares line of all 442 patients.
        self.model = w, b = losses.best_line(everyone.bmi, everyone.progression, "mse")
        sigma = float(np.std(everyone.progression - (w * everyone.bmi + b)))
        # For cross-entropy the question is "above the median?", with the line's errors
        # taken as normal to turn its prediction into a probability.
        self.threshold = float(np.median(everyone.progression))
        self.prediction = w * self.patients.bmi + b
        self.probabilities = regression.probability_above(self.prediction, self.threshold, sigma)
        # The moved patient: the one whose BMI is closest to the median BMI (little leverage).
        self.moved = int(np.argmin(np.abs(self.patients.bmi - np.median(self.patients.bmi))))

    def make_controls(self):
        value = 5 * round(float(self.patients.progression[self.moved]) / 5)
        return {"moved_y": slider("moved patient's progression", value, 0, 800, 5)}

    def compute(self, moved_y: float) -> OutlierResult:
        y = self.patients.progression.copy()
        y[self.moved] = moved_y
        labels = (y > self.threshold).astype(float)
        per_example = {
            "MSE": losses.squared_errors(y, self.prediction),
            "MAE": losses.absolute_errors(y, self.prediction),
            "cross-entropy": losses.cross_entropies(labels, self.probabilities),
        }
        return OutlierResult(
            moved_y=float(moved_y),
            y=y,
            lines={k: losses.best_line(self.patients.bmi, y, k) for k in ("mse", "mae")},
            constants={k: losses.best_constant(y, k) for k in ("mse", "mae")},
            values={k: float(v.mean()) for k, v in per_example.items()},
            shares={k: float(100 * v[self.moved] / v.sum()) for k, v in per_example.items()},
        )

    def build(self, fig: Figure) -> None:
        ax_data, ax_share = fig.subplots(1, 2, width_ratios=(1.4, 1))
        self._build_patients(ax_data)
        self._build_shares(ax_share)

    def _build_patients(self, ax: Axes) -> None:
        x = self.patients.bmi
        self.points = ax.scatter(
            x, self.patients.progression, color=COLORS["blue"], edgecolor="black", label="patients"
        )
        (self.moved_point,) = ax.plot(
            [],
            [],
            "o",
            ms=11,
            color=COLORS["vermillion"],
            mec="black",
            label="the patient you move",
        )
        self._xs = np.array([x.min() - 1, x.max() + 1])
        (self.mse_line,) = ax.plot([], [], color=COLORS["blue"], label="best line under MSE")
        (self.mae_line,) = ax.plot(
            [], [], color=COLORS["orange"], ls="--", label="best line under MAE"
        )
        ax.set(xlim=self._xs, ylim=(-20, 830), xlabel=BMI, ylabel=PROGRESSION)
        ax.set_title(f"{len(x)} patients and the best lines")
        ax.legend(loc="upper left", fontsize=8)

    def _build_shares(self, ax: Axes) -> None:
        colours = [COLORS["blue"], COLORS["orange"], COLORS["green"]]
        self.bars = ax.bar(LOSS_NAMES, np.zeros(len(LOSS_NAMES)), color=colours)
        self.bar_labels = [
            ax.text(i, 0, "", ha="center", va="bottom", fontsize=9) for i in range(len(LOSS_NAMES))
        ]
        n = len(self.patients.bmi)
        ax.axhline(100 / n, color=COLORS["grey"], ls=":", lw=1.2, label=f"fair share 1/{n}")
        ax.set(
            ylim=(0, 105),
            ylabel="share of the total loss (%)",
            xlabel=f"loss of the line fitted to all {self.n_everyone} patients",
            title="How much the moved patient counts",
        )
        ax.legend(loc="upper left")

    def update(self, result: OutlierResult) -> None:
        self.points.set_offsets(np.column_stack([self.patients.bmi, result.y]))
        self.moved_point.set_data([self.patients.bmi[self.moved]], [result.moved_y])
        for line, key in ((self.mse_line, "mse"), (self.mae_line, "mae")):
            w, b = result.lines[key]
            line.set_data(self._xs, w * self._xs + b)
        for i, (bar, label, name) in enumerate(
            zip(self.bars, self.bar_labels, LOSS_NAMES, strict=True)
        ):
            share = result.shares[name]
            bar.set_height(share)
            label.set_position((i, share + 1))
            label.set_text(f"{share:.0f}%")

    def moving_artists(self) -> list:
        lines = [self.points, self.moved_point, self.mse_line, self.mae_line]
        return [*lines, *self.bars, *self.bar_labels]

    def describe(self, result: OutlierResult) -> str:
        (wm, bm), (wa, ba) = result.lines["mse"], result.lines["mae"]
        s, v = result.shares, result.values
        return (
            f"Moved patient at progression {result.moved_y:.0f}: its share of the loss is "
            f"{s['MSE']:.0f}% (MSE), {s['MAE']:.0f}% (MAE), "
            f"{s['cross-entropy']:.0f}% (cross-entropy); "
            f"MSE {v['MSE']:.0f}, MAE {v['MAE']:.1f}, cross-entropy {v['cross-entropy']:.2f}. "
            f"Best line under MSE: {wm:.1f}·BMI {bm:+.0f}; under MAE: {wa:.1f}·BMI {ba:+.0f}. "
            f"Best constant: mean {result.constants['mse']:.1f} (MSE), "
            f"median {result.constants['mae']:.1f} (MAE)."
        )
