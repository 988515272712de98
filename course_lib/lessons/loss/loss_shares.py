"""LossShares: move one patient; its share of a fixed line's MSE races to 100%, of its MAE not."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from course_lib import datasets, losses
from course_lib.lessons.loss.common import BMI, MOVED_RANGE, PROGRESSION, MovedPatient
from course_lib.live import Experiment
from course_lib.style import COLORS

#: The losses compared, as the bars label them.
LOSS_NAMES = ("MSE", "MAE")


@dataclass(frozen=True)
class SharesResult:
    moved_y: float  # the moved patient's progression
    y: np.ndarray  # the 12 progressions, with the moved patient's value
    values: dict  # loss name -> the fixed line's loss on the 12 patients
    shares: dict  # loss name -> the moved patient's share (%) of the total loss


class LossShares(MovedPatient, Experiment):
    """Move one patient: how much of a fixed line's MSE and MAE this one patient causes."""

    call_name = "loss.LossShares"
    figsize = (9.0, 3.8)

    def setup(self) -> None:
        super().setup()
        everyone = datasets.diabetes()
        self.n_everyone = len(everyone.bmi)
        # The fixed model: the least-squares line of all 442 patients.
        self.model = w, b = losses.best_line(everyone.bmi, everyone.progression, "mse")
        self.prediction = w * self.patients.bmi + b

    def compute(self, moved_y: float) -> SharesResult:
        y = self.progressions(moved_y)
        per_example = {
            "MSE": losses.squared_errors(y, self.prediction),
            "MAE": losses.absolute_errors(y, self.prediction),
        }
        return SharesResult(
            moved_y=float(moved_y),
            y=y,
            values={k: float(v.mean()) for k, v in per_example.items()},
            shares={k: float(100 * v[self.moved] / v.sum()) for k, v in per_example.items()},
        )

    def build(self, fig: Figure) -> None:
        ax_data, ax_share = fig.subplots(1, 2, width_ratios=(1.5, 1))
        self._build_patients(ax_data)
        self._build_shares(ax_share)

    def _build_patients(self, ax: Axes) -> None:
        x = self.patients.bmi
        self.scatter_others(ax)
        xs = np.array([x.min() - 1, x.max() + 1])
        w, b = self.model
        ax.plot(xs, w * xs + b, color=COLORS["black"], label=f"fixed line (all {self.n_everyone})")
        (self.residual,) = ax.plot([], [], color=COLORS["vermillion"], lw=2, label="its error")
        self.moved_point = self.moved_marker(ax)
        ax.set(
            xlim=xs,
            ylim=(MOVED_RANGE[0] - 30, MOVED_RANGE[1] + 30),
            xlabel=BMI,
            ylabel=PROGRESSION,
        )
        ax.set_title("A fixed line and the moved patient's error")
        ax.legend(loc="upper left", fontsize=8)

    def _build_shares(self, ax: Axes) -> None:
        self.bars = ax.bar(
            LOSS_NAMES, np.zeros(len(LOSS_NAMES)), color=[COLORS["blue"], COLORS["orange"]]
        )
        self.bar_labels = [
            ax.text(i, 0, "", ha="center", va="bottom", fontsize=9) for i in range(len(LOSS_NAMES))
        ]
        n = len(self.patients.bmi)
        ax.axhline(100 / n, color=COLORS["grey"], ls=":", lw=1.2, label=f"fair share, 1/{n}")
        ax.set(
            xlim=(-0.6, 1.6),
            ylim=(0, 112),
            ylabel="share of the total loss (%)",
            xlabel="loss of the fixed line",
            title="How much the moved patient counts",
        )
        ax.legend(loc="upper right", fontsize=8)

    def update(self, result: SharesResult) -> None:
        x_moved = self.patients.bmi[self.moved]
        self.moved_point.set_data([x_moved], [result.moved_y])
        self.residual.set_data([x_moved, x_moved], [result.moved_y, self.prediction[self.moved]])
        for i, (bar, label, name) in enumerate(
            zip(self.bars, self.bar_labels, LOSS_NAMES, strict=True)
        ):
            share = result.shares[name]
            bar.set_height(share)
            label.set_position((i, share + 1))
            label.set_text(f"{share:.0f}%")

    def moving_artists(self) -> list:
        return [self.residual, self.moved_point, *self.bars, *self.bar_labels]

    def describe(self, result: SharesResult) -> str:
        s, v = result.shares, result.values
        return (
            f"Moved patient at progression {result.moved_y:.0f}: its share of the fixed line's "
            f"loss is {s['MSE']:.0f}% of the MSE ({v['MSE']:,.0f}) and {s['MAE']:.0f}% of the "
            f"MAE ({v['MAE']:.1f}); a fair share is {100 / len(result.y):.0f}%."
        )
