"""LearningRateRace: lesson 00's neuron trained at the learning rate you choose, against lr 0.1."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from course_lib import datasets, neuron, plots, stability
from course_lib.live import Experiment, dropdown, log_slider
from course_lib.style import COLORS

#: Learning rates tried for the "loss after training vs learning rate" panel.
SWEEP_LRS = np.logspace(-3, 3, 49)
#: Losses are drawn clipped to this range (log axis), so a divergence stays on the plot.
LOSS_FLOOR, LOSS_CEILING = 1e-4, 1e3
_SHOWN = (LOSS_FLOOR, LOSS_CEILING)
_YLIM = (LOSS_FLOOR, LOSS_CEILING * 3)


@dataclass(frozen=True)
class RaceResult:
    """Your run, the baseline's, where every rate of SWEEP_LRS ends up, and 2/λ_max."""

    run: neuron.TrainingRun
    baseline: neuron.TrainingRun
    sweep: np.ndarray  # the loss after EPOCHS epochs for each of SWEEP_LRS (NaN: diverged)
    threshold: float | None  # 2/λ_max for the linear neuron; None for the sigmoid


class LearningRateRace(Experiment):
    """Train with the learning rate you choose and compare with the baseline lr 0.1."""

    call_name = "training_loop.LearningRateRace"
    figsize = (9.0, 3.8)

    def setup(self) -> None:
        self.devices = datasets.devices()

    def make_controls(self):
        return {
            "lr": log_slider("learning rate", neuron.BASELINE_LR, 1e-3, 1e3),
            "neuron": dropdown("neuron", list(neuron.ACTIVATIONS), "sigmoid"),
        }

    def _train(self, lr: float, activation: str) -> neuron.TrainingRun:
        d = self.devices
        return self.memo(
            ("run", lr, activation),
            lambda: neuron.train(d.X, d.y, lr, neuron.EPOCHS, activation=activation),
        )

    def compute(self, lr: float, neuron: str) -> RaceResult:
        """The setting ``neuron`` names the activation (and hides the module's name here)."""
        return self._race(lr, neuron)

    def _race(self, lr: float, activation: str) -> RaceResult:
        X, y = self.devices.X, self.devices.y
        return RaceResult(
            run=self._train(lr, activation),
            baseline=self._train(neuron.BASELINE_LR, activation),
            sweep=self.memo(
                ("sweep", activation),
                lambda: neuron.final_losses(X, y, SWEEP_LRS, neuron.EPOCHS, activation),
            ),
            threshold=neuron.max_stable_lr(X, activation),
        )

    def build(self, fig: Figure) -> None:
        ax_curve, ax_sweep = fig.subplots(1, 2)
        self._build_curves(ax_curve)
        self._build_sweep(ax_sweep)

    def _build_curves(self, ax: Axes) -> None:
        epochs = np.arange(neuron.EPOCHS + 1)
        baseline = f"lr = {neuron.BASELINE_LR}"
        (self.base_line,) = ax.plot(
            epochs, np.ones(len(epochs)), color=COLORS["grey"], ls="--", label=baseline
        )
        (self.run_line,) = ax.plot(
            epochs, np.ones(len(epochs)), color=COLORS["blue"], label="your lr"
        )
        self.blowup = plots.divergence_mark(ax, "diverged (clipped)")
        ax.plot(
            [0, neuron.TARGET_EPOCHS, neuron.TARGET_EPOCHS],
            [neuron.TARGET_LOSS, neuron.TARGET_LOSS, LOSS_FLOOR],
            color=COLORS["green"],
            ls=":",
            lw=1.5,
            label=f"challenge: < {neuron.TARGET_LOSS} by epoch {neuron.TARGET_EPOCHS}",
        )
        plots.log_axis(
            ax,
            _YLIM,
            xlim=(0, neuron.EPOCHS),
            xlabel="epoch",
            ylabel="loss (MSE, log scale)",
            title=f"Loss curves: your lr vs {baseline}",
        )
        ax.legend(loc="lower left", fontsize=8)

    def _build_sweep(self, ax: Axes) -> None:
        (self.sweep_line,) = ax.plot(
            SWEEP_LRS, np.ones_like(SWEEP_LRS), color=COLORS["green"], marker=".", ms=4
        )
        self.lr_line = ax.axvline(neuron.BASELINE_LR, color=COLORS["blue"], lw=1.2, label="your lr")
        self.threshold_line = ax.axvline(
            1.0, color=COLORS["vermillion"], ls="--", lw=1.2, label="2 / λ_max (linear neuron)"
        )
        plots.log_axis(
            ax,
            _YLIM,
            xlim=(SWEEP_LRS[0], SWEEP_LRS[-1]),
            xscale="log",
            xlabel="learning rate (log scale)",
            ylabel=f"loss after {neuron.EPOCHS} epochs",
            title="Where each learning rate ends up",
        )
        ax.legend(loc="upper left", fontsize=8)

    def update(self, result: RaceResult) -> None:
        run, threshold = result.run, result.threshold
        self.run_line.set_ydata(plots.clip_for_log(run.losses, _SHOWN, nan=LOSS_CEILING))
        self.base_line.set_ydata(
            plots.clip_for_log(result.baseline.losses, _SHOWN, nan=LOSS_CEILING)
        )
        plots.show_point(self.blowup, run.diverged_at, LOSS_CEILING)
        self.sweep_line.set_ydata(plots.clip_for_log(result.sweep, _SHOWN, nan=LOSS_CEILING))
        self.lr_line.set_xdata([run.lr, run.lr])
        self.threshold_line.set_visible(threshold is not None)
        if threshold is not None:
            self.threshold_line.set_xdata([threshold, threshold])
        self.show_message(trouble(run, threshold))

    def moving_artists(self) -> list:
        return [
            self.run_line,
            self.base_line,
            self.blowup,
            self.sweep_line,
            self.lr_line,
            self.threshold_line,
        ]

    def describe(self, result: RaceResult) -> str:
        run, baseline = result.run, result.baseline
        text = (
            f"{run.activation} neuron, lr = {run.lr:.3g}: {_outcome(run)}; "
            f"baseline lr = {baseline.lr:g}: {_outcome(baseline)}"
        )
        if result.threshold is not None:
            text += f"; divergence threshold 2/λ_max = {result.threshold:.3f}"
        return text + "."

    def challenge_status(self, result: RaceResult) -> tuple[bool, str]:
        run = result.run
        goal = (
            f"with the sigmoid neuron, get the loss below {neuron.TARGET_LOSS} "
            f"within {neuron.TARGET_EPOCHS} epochs"
        )
        if run.activation != "sigmoid":
            return False, goal + " (switch the neuron back to sigmoid)."
        reached = neuron.reached_target(run)
        if reached is not None:
            return True, f"{goal}: lr = {run.lr:.3g} gets there at epoch {reached}. Well done!"
        at = neuron.loss_text(run, neuron.TARGET_EPOCHS)
        return False, goal + f" (lr = {run.lr:.3g} is at {at} at epoch {neuron.TARGET_EPOCHS})."


def trouble(run: neuron.TrainingRun, threshold: float | None) -> str | None:
    """A readable message when the run diverges, or ends no better than it started."""
    above = threshold is not None and run.lr > threshold
    if run.diverged_at is not None or (above and run.losses[-1] > run.losses[0]):
        where = (
            f"the loss blew past {stability.DIVERGED_LOSS:.0e} at epoch {run.diverged_at} "
            "and training stopped"
            if run.diverged_at is not None
            else f"the loss grew from {run.losses[0]:.3g} to {run.losses[-1]:.3g}"
        )
        reason = (
            f"\nIt is above 2/λ_max = {threshold:.3f}: every step overshoots the minimum "
            "by more than it corrects."
            if above
            else ""
        )
        return f"lr = {run.lr:.3g} is too large: {where}.{reason}"
    if run.losses[-1] >= run.losses[0]:
        return (
            f"lr = {run.lr:.3g}: after {run.epochs} epochs the loss ({run.losses[-1]:.3f}) is "
            f"no lower than at the start ({run.losses[0]:.3f}).\nThe first steps threw the "
            "neuron so far that its sigmoid is flat (saturated) and learning stalls."
        )
    return None


def _outcome(run: neuron.TrainingRun) -> str:
    if run.diverged_at is not None:
        return f"diverged at epoch {run.diverged_at}"
    return f"loss {run.losses[0]:.4f} → {run.losses[-1]:.4f} in {run.epochs} epochs"
