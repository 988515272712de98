"""Lesson 00, the training loop: live experiments on one neuron telling glasses from rings.

- :class:`EpochReplay` replays one training run epoch by epoch: the decision
  boundary over the four devices, and the loss curve with the epoch marked.
- :class:`LearningRateRace` trains with a learning rate you choose and races it
  against the lesson's baseline (lr 0.1), with a challenge to reach a low loss fast.
"""

from __future__ import annotations

import numpy as np
from matplotlib.figure import Figure

from course_lib import neuron
from course_lib.live import Experiment, dropdown, log_slider, slider
from course_lib.style import COLORS, DIVERGING

BASELINE_LR = 0.1
EPOCHS = 100
#: The challenge: a loss below TARGET_LOSS within TARGET_EPOCHS epochs (sigmoid neuron).
TARGET_LOSS = 0.02
TARGET_EPOCHS = 50
#: Learning rates tried for the "loss after training vs learning rate" panel.
SWEEP_LRS = np.logspace(-3, 3, 49)
#: Losses are drawn clipped to this range (log axis), so a blow-up stays on the plot.
LOSS_FLOOR, LOSS_CEILING = 1e-4, 1e3
_XLIM, _YLIM = (0.0, 3.5), (0.0, 1.6)


def boundary_points(w: np.ndarray, b: float, n: int = 50) -> tuple[np.ndarray, np.ndarray]:
    """Points on the line w·x + b = 0 (where the sigmoid says 0.5) across the feature plot."""
    w1, w2 = float(w[0]), float(w[1])
    if abs(w2) >= abs(w1) and w2 != 0:
        x = np.linspace(*_XLIM, n)
        return x, -(w1 * x + b) / w2
    if w1 != 0:
        y = np.linspace(*_YLIM, n)
        return -(w2 * y + b) / w1, y
    return np.array([]), np.array([])


def verdict(p: float) -> str:
    return "glasses" if p > 0.5 else "ring"


class EpochReplay(Experiment):
    """One training run (lr 0.1, 100 epochs), replayed: move the epoch slider."""

    call_name = "training_loop.EpochReplay"
    figsize = (9.0, 3.8)

    def make_controls(self):
        return {"epoch": slider("epoch", 0, 0, EPOCHS, 1, integer=True)}

    def run(self) -> neuron.TrainingRun:
        """The training run, computed once; the slider only indexes into it."""
        return self.memo("run", lambda: neuron.train(self.devices.X, self.devices.y, BASELINE_LR))

    def compute(self, epoch):
        run = self.run()
        return {
            "epoch": epoch,
            "w": run.weights[epoch],
            "b": run.biases[epoch],
            "loss": run.losses[epoch],
            "p": run.predictions[epoch],
        }

    def build(self, fig: Figure) -> None:
        self.devices = neuron.load_devices()
        X, y = self.devices.X, self.devices.y
        run = self.run()
        self.ax_space, self.ax_loss = fig.subplots(1, 2, width_ratios=(1.1, 1))
        ax = self.ax_space
        g1, g2 = np.meshgrid(np.linspace(*_XLIM, 80), np.linspace(*_YLIM, 60))
        self._grid = np.column_stack([g1.ravel(), g2.ravel()])
        self.image = ax.imshow(
            np.zeros(g1.shape),
            extent=(*_XLIM, *_YLIM),
            origin="lower",
            aspect="auto",
            cmap=DIVERGING,
            vmin=0,
            vmax=1,
            alpha=0.45,
        )
        fig.colorbar(self.image, ax=ax, label="neuron's output p (1 = glasses)", pad=0.01)
        for label, name, marker, colour in (
            (1, "glasses", "o", "blue"),
            (0, "ring", "D", "orange"),
        ):
            rows = y == label
            ax.scatter(
                *X[rows].T, marker=marker, s=70, color=COLORS[colour], edgecolor="black", label=name
            )
        for (x1, x2), name in zip(X, self.devices.names, strict=True):
            ax.annotate(name, (x1, x2), xytext=(4, 6), textcoords="offset points", fontsize=8)
        (self.boundary,) = ax.plot([], [], color=COLORS["black"], ls="--", label="p = 0.5 boundary")
        ax.set(
            xlim=_XLIM,
            ylim=_YLIM,
            xlabel=self.devices.feature_names[0],
            ylabel=self.devices.feature_names[1],
            title="What the neuron calls glasses",
        )
        ax.legend(loc="upper left")
        epochs = np.arange(run.epochs + 1)
        self.ax_loss.plot(
            epochs, run.losses, color=COLORS["blue"], label=f"loss, lr = {BASELINE_LR}"
        )
        self.marker_line = self.ax_loss.axvline(0, color=COLORS["vermillion"], lw=1.2)
        (self.marker,) = self.ax_loss.plot([], [], "o", color=COLORS["vermillion"], label="now")
        self.ax_loss.set(
            xlim=(0, run.epochs),
            ylim=(0, 1.1 * np.nanmax(run.losses)),
            xlabel="epoch (one pass over the 4 devices)",
            ylabel="loss (MSE, no unit)",
            title="Loss while training",
        )
        self.ax_loss.legend(loc="upper right")

    def update(self, result) -> None:
        w, b = result["w"], result["b"]
        p_grid = neuron.predict(self._grid, w, b)
        self.image.set_array(p_grid.reshape(self.image.get_array().shape))
        self.boundary.set_data(*boundary_points(w, b))
        self.marker_line.set_xdata([result["epoch"], result["epoch"]])
        self.marker.set_data([result["epoch"]], [result["loss"]])

    def moving_artists(self) -> list:
        return [self.image, self.boundary, self.marker_line, self.marker]

    def describe(self, result) -> str:
        p = result["p"]
        right = int(np.sum((p > 0.5) == (self.devices.y == 1)))
        guesses = ", ".join(
            f"{name} {value:.2f} ({verdict(value)})"
            for name, value in zip(self.devices.names, p, strict=True)
        )
        return (
            f"Epoch {result['epoch']}: loss {result['loss']:.4f}; "
            f"w = ({result['w'][0]:.3f}, {result['w'][1]:.3f}), b = {result['b']:.3f}; "
            f"outputs: {guesses}; {right} of {len(p)} right."
        )


class LearningRateRace(Experiment):
    """Train with the learning rate you choose and compare with the baseline lr 0.1."""

    call_name = "training_loop.LearningRateRace"
    figsize = (9.0, 3.8)

    def make_controls(self):
        return {
            "lr": log_slider("learning rate", BASELINE_LR, 1e-3, 1e3),
            "neuron": dropdown("neuron", list(neuron.ACTIVATIONS), "sigmoid"),
        }

    def _train(self, lr: float, activation: str) -> neuron.TrainingRun:
        key = ("run", round(float(lr), 12), activation)
        d = self.devices
        return self.memo(key, lambda: neuron.train(d.X, d.y, lr, EPOCHS, activation=activation))

    def _sweep(self, activation: str) -> np.ndarray:
        def final_losses():
            runs = [self._train(lr, activation) for lr in SWEEP_LRS]
            return np.array([_shown(r.losses)[-1] for r in runs])

        return self.memo(("sweep", activation), final_losses)

    def compute(self, lr, neuron):  # the setting "neuron" names the activation
        return {
            "run": self._train(lr, neuron),
            "baseline": self._train(BASELINE_LR, neuron),
            "sweep": self._sweep(neuron),
            "threshold": neuron_threshold(self.devices.X, neuron),
        }

    def build(self, fig: Figure) -> None:
        self.devices = neuron.load_devices()
        self.ax_curve, self.ax_sweep = fig.subplots(1, 2)
        epochs = np.arange(EPOCHS + 1)
        ax = self.ax_curve
        (self.base_line,) = ax.plot(
            epochs, np.ones(EPOCHS + 1), color=COLORS["grey"], ls="--", label=f"lr = {BASELINE_LR}"
        )
        (self.run_line,) = ax.plot(
            epochs, np.ones(EPOCHS + 1), color=COLORS["blue"], label="your lr"
        )
        (self.blowup,) = ax.plot(
            [], [], "X", ms=11, color=COLORS["vermillion"], label="diverged (clipped)"
        )
        ax.plot(
            [0, TARGET_EPOCHS, TARGET_EPOCHS],
            [TARGET_LOSS, TARGET_LOSS, LOSS_FLOOR],
            color=COLORS["green"],
            ls=":",
            lw=1.5,
            label=f"challenge: < {TARGET_LOSS} by epoch {TARGET_EPOCHS}",
        )
        ax.set(
            yscale="log",
            xlim=(0, EPOCHS),
            ylim=(LOSS_FLOOR, LOSS_CEILING * 3),
            xlabel="epoch",
            ylabel="loss (MSE, log scale)",
            title=f"Loss curves: your lr vs lr = {BASELINE_LR}",
        )
        ax.legend(loc="lower left", fontsize=8)
        ax = self.ax_sweep
        (self.sweep_line,) = ax.plot(
            SWEEP_LRS, np.ones_like(SWEEP_LRS), color=COLORS["green"], marker=".", ms=4
        )
        self.lr_line = ax.axvline(BASELINE_LR, color=COLORS["blue"], lw=1.2, label="your lr")
        self.threshold_line = ax.axvline(
            1.0, color=COLORS["vermillion"], ls="--", lw=1.2, label="2 / λ_max (linear neuron)"
        )
        ax.set(
            xscale="log",
            yscale="log",
            xlim=(SWEEP_LRS[0], SWEEP_LRS[-1]),
            ylim=(LOSS_FLOOR, LOSS_CEILING * 3),
            xlabel="learning rate (log scale)",
            ylabel=f"loss after {EPOCHS} epochs",
            title="Where each learning rate ends up",
        )
        ax.legend(loc="upper left", fontsize=8)
        for ax in (self.ax_curve, self.ax_sweep):
            ax.minorticks_off()  # log axes' minor ticks cost more to draw than all the rest

    def update(self, result) -> None:
        run, baseline = result["run"], result["baseline"]
        self.run_line.set_ydata(_shown(run.losses))
        self.base_line.set_ydata(_shown(baseline.losses))
        if run.diverged_at is None:
            self.blowup.set_data([], [])
        else:
            self.blowup.set_data([run.diverged_at], [LOSS_CEILING])
        self.sweep_line.set_ydata(result["sweep"])
        self.lr_line.set_xdata([run.lr, run.lr])
        threshold = result["threshold"]
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

    def describe(self, result) -> str:
        run, baseline = result["run"], result["baseline"]
        text = (
            f"{run.activation} neuron, lr = {run.lr:.3g}: "
            + _outcome(run)
            + f"; baseline lr = {BASELINE_LR}: {_outcome(baseline)}"
        )
        if result["threshold"] is not None:
            text += f"; divergence threshold 2/λ_max = {result['threshold']:.3f}"
        return text + "."

    def challenge_status(self, result) -> tuple[bool, str]:
        run = result["run"]
        goal = (
            f"with the sigmoid neuron, get the loss below {TARGET_LOSS} "
            f"within {TARGET_EPOCHS} epochs"
        )
        if run.activation != "sigmoid":
            return False, goal + " (switch the neuron back to sigmoid)."
        reached = reached_target(run)
        if reached is not None:
            return True, f"{goal}: lr = {run.lr:.3g} gets there at epoch {reached}. Well done!"
        return False, goal + f" (lr = {run.lr:.3g} is at {_at(run, TARGET_EPOCHS)} at epoch 50)."


def neuron_threshold(X: np.ndarray, activation: str) -> float | None:
    """2/λ_max for a linear neuron (exact); None for the sigmoid (its curvature varies)."""
    return neuron.divergence_threshold(X) if activation == "linear" else None


def reached_target(run: neuron.TrainingRun) -> int | None:
    """The epoch (≤ TARGET_EPOCHS) at which the run first gets below TARGET_LOSS, or None."""
    epoch = run.first_epoch_below(TARGET_LOSS)
    return epoch if epoch is not None and epoch <= TARGET_EPOCHS else None


def trouble(run: neuron.TrainingRun, threshold: float | None) -> str | None:
    """A readable message when the run diverges, or ends no better than it started."""
    above = threshold is not None and run.lr > threshold
    if run.diverged_at is not None or (above and run.losses[-1] > run.losses[0]):
        where = (
            f"the loss blew past {neuron.DIVERGED_LOSS:.0e} at epoch {run.diverged_at} "
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


def loss_table(runs: dict[str, neuron.TrainingRun], epochs: tuple[int, ...]) -> str:
    """A plain-text table of the loss at some epochs, one column per run."""
    width = max(12, *(len(label) + 2 for label in runs))
    lines = ["epoch" + "".join(f"{label:>{width}}" for label in runs)]
    for epoch in epochs:
        cells = "".join(f"{_at(run, epoch):>{width}}" for run in runs.values())
        lines.append(f"{epoch:>5}{cells}")
    return "\n".join(lines)


def _shown(losses: np.ndarray) -> np.ndarray:
    """Losses clipped to the plotted range; after a divergence they stay at the ceiling."""
    return np.clip(np.nan_to_num(losses, nan=LOSS_CEILING), LOSS_FLOOR, LOSS_CEILING)


def _at(run: neuron.TrainingRun, epoch: int) -> str:
    loss = run.losses[epoch]
    return "diverged" if np.isnan(loss) else f"{loss:.4g}"


def _outcome(run: neuron.TrainingRun) -> str:
    if run.diverged_at is not None:
        return f"diverged at epoch {run.diverged_at}"
    return f"loss {run.losses[0]:.4f} → {run.losses[-1]:.4f} in {run.epochs} epochs"
