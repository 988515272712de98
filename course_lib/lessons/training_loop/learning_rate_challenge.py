"""LearningRateChallenge: find a learning rate that gets the sigmoid neuron to the target."""

from __future__ import annotations

from dataclasses import dataclass

from matplotlib.figure import Figure

from course_lib import datasets, neuron, plots
from course_lib.lessons.training_loop.common import (
    EPOCHS,
    LOSS_FLOOR,
    LR_RANGE,
    SIGMOID_SHOWN,
    epoch_loss_axis,
    legend_beside,
    loss_curve,
)
from course_lib.live import Experiment, log_slider
from course_lib.style import COLORS


@dataclass(frozen=True)
class ChallengeResult:
    """Your run (sigmoid neuron, 100 epochs) and the epoch it reached the target, if it did."""

    run: neuron.TrainingRun
    reached: int | None


class LearningRateChallenge(Experiment):
    """The challenge: a loss below TARGET_LOSS within TARGET_EPOCHS epochs (sigmoid neuron)."""

    call_name = "training_loop.LearningRateChallenge"
    figsize = (8.0, 3.6)

    def setup(self) -> None:
        self.devices = datasets.devices()

    def make_controls(self):
        return {"lr": log_slider("learning rate", neuron.BASELINE_LR, *LR_RANGE)}

    def compute(self, lr: float) -> ChallengeResult:
        d = self.devices
        run = self.memo(("run", lr), lambda: neuron.train(d.X, d.y, lr, neuron.EPOCHS))
        return ChallengeResult(run, neuron.reached_target(run))

    def build(self, fig: Figure) -> None:
        ax = fig.subplots()
        target, budget = neuron.TARGET_LOSS, neuron.TARGET_EPOCHS
        ax.fill_between([0, budget], LOSS_FLOOR, target, color=COLORS["green"], alpha=0.15, lw=0)
        ax.plot(
            [0, budget, budget],
            [target, target, LOSS_FLOOR],
            color=COLORS["green"],
            ls=":",
            lw=1.5,
            label=f"target: < {target} by epoch {budget}",
        )
        self.run_line = loss_curve(ax, EPOCHS, "your lr", color=COLORS["blue"], lw=2)
        (self.hit,) = ax.plot(
            [], [], "*", ms=14, color=COLORS["yellow"], mec="black", clip_on=False, zorder=4
        )
        self.hit.set_label("target reached")
        epoch_loss_axis(ax, "Challenge: reach the green box")
        legend_beside(ax)

    def update(self, result: ChallengeResult) -> None:
        run = result.run
        self.run_line.set_ydata(plots.clip_for_log(run.losses, SIGMOID_SHOWN))
        at = result.reached
        plots.show_point(self.hit, at, None if at is None else run.losses[at])

    def moving_artists(self) -> list:
        return [self.run_line, self.hit]

    def describe(self, result: ChallengeResult) -> str:
        run = result.run
        return (
            f"lr = {run.lr:.3g}: loss {run.losses[0]:.4f} at the start, "
            f"{neuron.loss_text(run, neuron.TARGET_EPOCHS)} at epoch {neuron.TARGET_EPOCHS}, "
            f"{neuron.loss_text(run, run.epochs)} at epoch {run.epochs}."
        )

    def challenge_status(self, result: ChallengeResult) -> tuple[bool, str]:
        run = result.run
        goal = f"get the loss below {neuron.TARGET_LOSS} within {neuron.TARGET_EPOCHS} epochs"
        if result.reached is not None:
            return True, f"{goal}: lr = {run.lr:.3g} gets there at epoch {result.reached}."
        at = neuron.loss_text(run, neuron.TARGET_EPOCHS)
        return False, f"{goal} (lr = {run.lr:.3g} is at {at} at epoch {neuron.TARGET_EPOCHS})."
