"""Memorisation: an MLP learns digits whose labels are random, to 100 % on the training set,
while its test accuracy stays at chance (Zhang et al., 2017). Every run is trained up front."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from matplotlib.figure import Figure

from course_lib import memorization
from course_lib.lessons.overfitting.common import TEST, TRAIN, one_blas_thread
from course_lib.live import Experiment, dropdown
from course_lib.style import COLORS

SIZES = [32, 64, 128, 256]
LABELS = ["random", "true"]


@dataclass(frozen=True)
class MemorizationResult:
    run: memorization.Memorization
    epochs: dict  # (labels, n) -> epochs to reach 100 % training accuracy


class RandomLabels(Experiment):
    """Train until every training digit is right: with true labels, then random ones."""

    call_name = "overfitting.RandomLabels"
    figsize = (8.4, 3.5)

    def setup(self) -> None:
        with one_blas_thread():
            self.runs = {
                (labels, n): memorization.memorize(n, random=labels == "random", seed=0)
                for labels in LABELS
                for n in SIZES
            }
        self.epochs = {key: run.epochs for key, run in self.runs.items()}
        self.max_epochs = max(len(run.train_curve) for run in self.runs.values())

    def make_controls(self):
        return {
            "labels": dropdown("labels", LABELS, "random"),
            "n": dropdown("training digits", SIZES, 128),
        }

    def compute(self, labels, n):
        return MemorizationResult(self.runs[labels, int(n)], self.epochs)

    def build(self, fig: Figure) -> None:
        self.ax_curve, self.ax_epochs = fig.subplots(1, 2, width_ratios=(1.3, 1))
        ax = self.ax_curve
        (self.train_line,) = ax.plot([], [], color=TRAIN, label="training accuracy")
        (self.test_line,) = ax.plot([], [], color=TEST, label="test accuracy (true labels)")
        ax.axhline(memorization.CHANCE, color=COLORS["grey"], ls=":", lw=1,
                   label="chance (1 in 10)")  # fmt: skip
        ax.set(xlim=(0, self.max_epochs), ylim=(0, 1.05), xlabel="epoch", ylabel="accuracy",
               title="Until every training digit is right")  # fmt: skip
        ax.legend(loc="center right", fontsize=7.5)

        ax = self.ax_epochs
        for labels, colour, marker in (("random", COLORS["vermillion"], "o"),
                                       ("true", COLORS["blue"], "s")):  # fmt: skip
            ax.plot(SIZES, [self.epochs[labels, n] for n in SIZES], marker=marker, color=colour,
                    label=f"{labels} labels")  # fmt: skip
        (self.now,) = ax.plot([], [], "o", ms=11, mfc="none", mec="black", mew=1.5, label="now")
        ax.set_xscale("log", base=2)
        ax.set_xticks(SIZES, [str(n) for n in SIZES])
        ax.minorticks_off()
        ax.set(xlabel="training digits n (log scale)", ylabel="epochs to 100 % training accuracy",
               title="More data: harder, not impossible")  # fmt: skip
        ax.legend(loc="upper left", fontsize=7.5)

    def update(self, result: MemorizationResult) -> None:
        run = result.run
        epochs = np.arange(len(run.train_curve))
        self.train_line.set_data(epochs, run.train_curve)
        self.test_line.set_data(epochs, run.test_curve)
        self.now.set_data([run.n], [run.epochs])

    def moving_artists(self) -> list:
        return [self.train_line, self.test_line, self.now]

    def describe(self, result: MemorizationResult) -> str:
        run = result.run
        return (
            f"{run.n} digits with {run.labels} labels: 100 % of the training digits right after "
            f"{run.epochs} epochs; test accuracy {run.test_accuracy:.1%} (chance "
            f"{memorization.CHANCE:.0%})."
        )
