"""PublishedRun: the published example's code, run as written, at the learning rate you choose."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from matplotlib.figure import Figure

from course_lib import datasets, neuron, plots
from course_lib.lessons.training_loop.common import loss_curve
from course_lib.live import Experiment, log_slider
from course_lib.style import COLORS

#: Total losses are drawn clipped to this range (log axis): a loss of exactly 0 sits on the floor.
LOSS_FLOOR, LOSS_CEILING = 1e-6, 3.0
_EPOCHS = np.arange(neuron.EPOCHS)


@dataclass(frozen=True)
class PublishedResult:
    """The published code's run at your lr, the run at its own lr 0.1, and the test device."""

    run: neuron.DeltaRuleRun
    baseline: neuron.DeltaRuleRun
    test_prediction: float  # the trained neuron's output for the test device
    rises: int  # epochs whose total loss is above the epoch before


class PublishedRun(Experiment):
    """The published example (clipped neuron, delta rule, one update per example)."""

    call_name = "training_loop.PublishedRun"
    figsize = (6.0, 3.8)

    def setup(self) -> None:
        self.devices = datasets.published_devices()

    def make_controls(self):
        return {"lr": log_slider("learning rate", neuron.PUBLISHED_LR, 1e-3, 1.0)}

    def _run(self, lr: float) -> neuron.DeltaRuleRun:
        d = self.devices
        return self.memo(("run", lr), lambda: neuron.delta_rule_train(d.X, d.y, lr))

    def compute(self, lr: float) -> PublishedResult:
        run = self._run(lr)
        test = neuron.clipped_predict(self.devices.test[None, :], run.weights[-1], run.biases[-1])
        return PublishedResult(
            run=run,
            baseline=self._run(neuron.PUBLISHED_LR),
            test_prediction=float(test[0]),
            rises=int(np.sum(np.diff(run.losses) > 0)),
        )

    def build(self, fig: Figure) -> None:
        ax = fig.subplots()
        baseline = f"lr = {neuron.PUBLISHED_LR} (as published)"
        self.base_line = loss_curve(ax, _EPOCHS, baseline, color=COLORS["grey"], ls="--")
        self.run_line = loss_curve(ax, _EPOCHS, "your lr", color=COLORS["blue"], lw=2)
        plots.log_axis(
            ax,
            (LOSS_FLOOR / 2, LOSS_CEILING),
            xlim=(0, neuron.EPOCHS - 1),
            xlabel="epoch",
            ylabel="total loss, 4 devices (log; 0 at the floor)",
            title="The published code, run as written",
        )
        ax.legend(loc="upper right", fontsize=8)

    def update(self, result: PublishedResult) -> None:
        shown = (LOSS_FLOOR, LOSS_CEILING)
        self.run_line.set_ydata(plots.clip_for_log(result.run.losses, shown))
        self.base_line.set_ydata(plots.clip_for_log(result.baseline.losses, shown))

    def moving_artists(self) -> list:
        return [self.run_line, self.base_line]

    def describe(self, result: PublishedResult) -> str:
        run = result.run
        w = ", ".join(f"{v:.3f}" for v in run.weights[-1])
        return (
            f"lr = {run.lr:.3g}: total loss {run.losses[0]:.4f} (epoch 0) → "
            f"{run.losses[-1]:.4g} (epoch {run.epochs - 1}), rising in {result.rises} of "
            f"{run.epochs - 1} epochs; weights [{w}]; test device p = {result.test_prediction:.3f}."
        )
