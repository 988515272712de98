"""LearningRateRace: lesson 00's sigmoid neuron at the learning rate you choose, against 0.1."""

from __future__ import annotations

from dataclasses import dataclass

from matplotlib.figure import Figure

from course_lib import datasets, neuron, plots
from course_lib.lessons.training_loop.common import (
    EPOCHS,
    LR_RANGE,
    SIGMOID_SHOWN,
    epoch_loss_axis,
    legend_beside,
    loss_curve,
    outcome,
)
from course_lib.live import Experiment, log_slider
from course_lib.style import COLORS


@dataclass(frozen=True)
class RaceResult:
    """Your run and the baseline's (lr 0.1), 100 epochs each, sigmoid neuron."""

    run: neuron.TrainingRun
    baseline: neuron.TrainingRun


class LearningRateRace(Experiment):
    """Train the sigmoid neuron with the learning rate you choose, beside the baseline lr 0.1."""

    call_name = "training_loop.LearningRateRace"
    figsize = (8.0, 3.6)

    def setup(self) -> None:
        self.devices = datasets.devices()

    def make_controls(self):
        return {"lr": log_slider("learning rate", neuron.BASELINE_LR, *LR_RANGE)}

    def _train(self, lr: float) -> neuron.TrainingRun:
        d = self.devices
        return self.memo(("run", lr), lambda: neuron.train(d.X, d.y, lr, neuron.EPOCHS))

    def compute(self, lr: float) -> RaceResult:
        return RaceResult(self._train(lr), self._train(neuron.BASELINE_LR))

    def build(self, fig: Figure) -> None:
        ax = fig.subplots()
        baseline = f"lr = {neuron.BASELINE_LR}"
        self.base_line = loss_curve(ax, EPOCHS, baseline, color=COLORS["grey"], ls="--")
        self.run_line = loss_curve(ax, EPOCHS, "your lr", color=COLORS["blue"], lw=2)
        epoch_loss_axis(ax, f"Sigmoid neuron: your lr against {baseline}")
        legend_beside(ax)

    def update(self, result: RaceResult) -> None:
        self.run_line.set_ydata(plots.clip_for_log(result.run.losses, SIGMOID_SHOWN))
        self.base_line.set_ydata(plots.clip_for_log(result.baseline.losses, SIGMOID_SHOWN))
        self.show_message(stalled(result.run))

    def moving_artists(self) -> list:
        return [self.run_line, self.base_line]

    def describe(self, result: RaceResult) -> str:
        run, baseline = result.run, result.baseline
        return (
            f"sigmoid neuron, lr = {run.lr:.3g}: {outcome(run)}; "
            f"baseline lr = {baseline.lr:g}: {outcome(baseline)}."
        )


def stalled(run: neuron.TrainingRun) -> str | None:
    """A readable message when the sigmoid run ends no better than it started."""
    if run.losses[-1] < run.losses[0]:
        return None
    return (
        f"lr = {run.lr:.3g}: after {run.epochs} epochs the loss ({run.losses[-1]:.3f}) is "
        f"no lower than at the start ({run.losses[0]:.3f}).\nThe first steps threw the "
        "neuron so far that its sigmoid is flat (saturated) and learning stalls."
    )
