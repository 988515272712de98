"""LearningRateSweep: where every learning rate ends up after 100 epochs, for both neurons."""

from __future__ import annotations

import functools
from dataclasses import dataclass

import numpy as np
from matplotlib.figure import Figure

from course_lib import datasets, neuron, plots
from course_lib.lessons.training_loop.common import (
    LOSS_CEILING,
    LR_RANGE,
    SHOWN,
    SWEEP_LRS,
    YLIM,
    legend_beside,
    outcome,
)
from course_lib.live import Experiment, log_slider
from course_lib.style import COLORS

#: The x axis is padded past the sweep's ends so that "your lr" at 1e-3 or 1e3 stays inside.
XLIM = (LR_RANGE[0] / 1.6, LR_RANGE[1] * 1.6)


@functools.cache
def _final_losses(activation: str) -> np.ndarray:
    """The sweep is the same for every instance (fixed data, rates and epochs): once."""
    d = datasets.devices()
    losses = neuron.final_losses(d.X, d.y, SWEEP_LRS, neuron.EPOCHS, activation)
    losses.flags.writeable = False
    return losses


@dataclass(frozen=True)
class SweepResult:
    """Each neuron's final loss for every rate of SWEEP_LRS, and your rate's two runs."""

    lr: float
    sigmoid: np.ndarray  # the loss after EPOCHS epochs, NaN where the run diverged
    linear: np.ndarray
    bracket: tuple[float, float] | None  # where the linear neuron starts to diverge
    sigmoid_run: neuron.TrainingRun
    linear_run: neuron.TrainingRun


class LearningRateSweep(Experiment):
    """Where each learning rate ends up: a sigmoid and a linear neuron, 100 epochs each."""

    call_name = "training_loop.LearningRateSweep"
    figsize = (8.0, 3.6)

    def setup(self) -> None:
        self.devices = datasets.devices()

    def make_controls(self):
        return {"lr": log_slider("your learning rate", neuron.BASELINE_LR, *LR_RANGE)}

    def _sweep(self, activation: str) -> np.ndarray:
        return _final_losses(activation)

    def _run(self, lr: float, activation: str) -> neuron.TrainingRun:
        d = self.devices
        return self.memo(
            ("run", lr, activation),
            lambda: neuron.train(d.X, d.y, lr, neuron.EPOCHS, activation=activation),
        )

    def compute(self, lr: float) -> SweepResult:
        linear = self._sweep("linear")
        return SweepResult(
            lr=lr,
            sigmoid=self._sweep("sigmoid"),
            linear=linear,
            bracket=neuron.divergence_bracket(SWEEP_LRS, linear),
            sigmoid_run=self._run(lr, "sigmoid"),
            linear_run=self._run(lr, "linear"),
        )

    def build(self, fig: Figure) -> None:
        ax = fig.subplots()
        ones = np.ones_like(SWEEP_LRS)
        (self.sigmoid_line,) = ax.plot(SWEEP_LRS, ones, color=COLORS["blue"], marker=".", ms=4)
        self.sigmoid_line.set_label("sigmoid neuron")
        (self.linear_line,) = ax.plot(SWEEP_LRS, ones, color=COLORS["orange"], marker=".", ms=4)
        self.linear_line.set_label(f"linear neuron (at {LOSS_CEILING:g}: diverged)")
        self.lr_line = ax.axvline(neuron.BASELINE_LR, color=COLORS["black"], lw=1.2)
        self.lr_line.set_label("your lr")
        plots.log_axis(
            ax,
            YLIM,
            xlim=XLIM,
            xscale="log",
            xlabel="learning rate (log scale)",
            ylabel=f"loss after {neuron.EPOCHS} epochs",
            title="Where each learning rate ends up",
        )
        legend_beside(ax)

    def update(self, result: SweepResult) -> None:
        self.sigmoid_line.set_ydata(plots.clip_for_log(result.sigmoid, SHOWN, nan=LOSS_CEILING))
        self.linear_line.set_ydata(plots.clip_for_log(result.linear, SHOWN, nan=LOSS_CEILING))
        self.lr_line.set_xdata([result.lr, result.lr])

    def moving_artists(self) -> list:
        return [self.sigmoid_line, self.linear_line, self.lr_line]

    def describe(self, result: SweepResult) -> str:
        text = (
            f"lr = {result.lr:.3g}: sigmoid {outcome(result.sigmoid_run)}; "
            f"linear {outcome(result.linear_run)}"
        )
        if result.bracket is not None:
            low, high = result.bracket
            text += f"; the linear neuron blows up between lr = {low:.3g} and {high:.3g}"
        return text + "."
