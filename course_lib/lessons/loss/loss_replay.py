"""LossReplay: each patient's loss and their average Q, epoch by epoch of a real training run."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from course_lib import datasets, losses, plots, regression, stability
from course_lib.live import Experiment, log_slider, slider
from course_lib.style import COLORS

REPLAY_EPOCHS = 60


@dataclass(frozen=True)
class ReplayResult:
    run: regression.TrainingRun  # the whole run at this learning rate
    epoch: int
    losses: np.ndarray  # each patient's squared error at this epoch
    q: float  # their average, Q, at this epoch


class LossReplay(Experiment):
    """A real gradient-descent run on 12 patients: each one's loss and their average Q, by epoch."""

    call_name = "loss.LossReplay"
    figsize = (10.0, 3.8)

    def setup(self) -> None:
        self.patients = datasets.diabetes(12, seed=1)
        self.x, self.bmi_mean, self.bmi_std = regression.standardize(self.patients.bmi)
        w, b = regression.least_squares(self.x, self.patients.progression)
        self.best_q = losses.mse(self.patients.progression, regression.predict(self.x, w, b))
        self.stable_lr = stability.max_stable_lr(stability.linear_mse_hessian(self.x))
        start = self.patients.progression**2  # the loss at epoch 0: w = 0, b = 0 predicts 0
        self.ceiling = 1.1 * float(start.max())  # the bars' fixed range
        self.q_range = (0.5 * self.best_q, 10 * float(start.mean()))  # Q's, on a log axis

    def make_controls(self):
        return {
            "epoch": slider("epoch", 0, 0, REPLAY_EPOCHS, 1, integer=True),
            "lr": log_slider("learning rate", 0.05, 1e-3, 3.0, continuous=False),
        }

    def run(self, lr: float) -> regression.TrainingRun:
        """The training run for this learning rate, computed once; the epoch slider indexes it."""
        y = self.patients.progression
        return self.memo(lr, lambda: regression.train(self.x, y, lr, REPLAY_EPOCHS))

    def compute(self, epoch: int, lr: float) -> ReplayResult:
        run = self.run(lr)
        return ReplayResult(run, epoch, run.per_example_losses[epoch], float(run.risk[epoch]))

    def build(self, fig: Figure) -> None:
        ax_bars, ax_q = fig.subplots(1, 2, width_ratios=(1.4, 1))
        self._build_bars(ax_bars)
        self._build_q(ax_q)

    def _build_bars(self, ax: Axes) -> None:
        n = len(self.x)
        self.bars = ax.bar(
            np.arange(1, n + 1),
            np.zeros(n),
            color=COLORS["sky"],
            edgecolor=COLORS["blue"],
            label="one patient's squared error",
        )
        self.q_line = ax.axhline(0, color=COLORS["vermillion"], lw=2, label="their average Q")
        ax.set(
            xlim=(0.4, n + 0.6),
            ylim=(0, self.ceiling),
            xticks=np.arange(1, n + 1),
            xlabel="patient (training example)",
            ylabel="squared error (score²)",
            title="Each example's loss",
        )
        ax.legend(loc="upper right")

    def _build_q(self, ax: Axes) -> None:
        epochs = np.arange(REPLAY_EPOCHS + 1)
        (self.q_curve,) = ax.plot(
            epochs, np.ones_like(epochs, float), color=COLORS["blue"], label="Q during training"
        )
        ax.axhline(self.best_q, color=COLORS["grey"], ls=":", label="least-squares minimum")
        (self.q_dot,) = ax.plot([], [], "o", color=COLORS["vermillion"], label="now")
        plots.log_axis(
            ax,
            self.q_range,
            xlim=(0, REPLAY_EPOCHS),
            xlabel=f"epoch (one gradient step on all {len(self.x)})",
            ylabel="Q = mean squared error (score², log)",
            title="The average Q",
        )
        ax.legend(loc="upper right", fontsize=8)

    def update(self, result: ReplayResult) -> None:
        run = result.run
        for bar, height in zip(self.bars, result.losses, strict=True):
            bar.set_height(min(height, self.ceiling))
        self.q_line.set_ydata([min(result.q, self.ceiling)] * 2)
        plots.show_point(
            self.q_dot, result.epoch, float(plots.clip_for_log(result.q, self.q_range))
        )
        self.q_curve.set_ydata(plots.clip_for_log(run.risk, self.q_range))
        if run.diverged_at is not None or run.risk[-1] > run.risk[0]:
            self.show_message(
                f"Learning rate {run.lr:.3g} is too big: each step overshoots and\n"
                f"Q grows to {float(run.risk.max()):.3g}. Bars and Q above the plots are cut off.\n"
                f"On these data every learning rate below {self.stable_lr:.3g} converges."
            )

    def moving_artists(self) -> list:
        return [*self.bars, self.q_line, self.q_dot, self.q_curve]

    def describe(self, result: ReplayResult) -> str:
        worst = int(np.argmax(result.losses))
        return (
            f"Epoch {result.epoch} (learning rate {result.run.lr:.3g}): Q = {result.q:,.0f} "
            f"({result.q / self.best_q:.2f} × the least-squares minimum {self.best_q:,.0f}); "
            f"largest loss: patient {worst + 1}, {result.losses[worst]:,.0f}."
        )
