"""Playground: an MLP learning a 2-D dataset, step by step (in the spirit of the TensorFlow
Playground). Press play to train; drag the step slider to go back and forth."""

from __future__ import annotations

import ipywidgets as widgets
import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from course_lib import plots
from course_lib.datasets2d import NAMES
from course_lib.lessons.player import Player
from course_lib.live import Experiment, dropdown, log_slider, memo_key, slider
from course_lib.nn import ACTIVATIONS
from course_lib.style import COLORS
from course_lib.training import (
    COIN_FLIP_LOSS,
    GRID_N,
    POINTS,
    SNAPSHOT_EVERY,
    VIEW,
    TrainingConfig,
    TrainingRun,
    TrainingState,
)

MAX_STEPS = 1000
#: Play advances this many steps per tick: a step the run keeps a copy of, so going back is free.
PLAY_STEP = SNAPSHOT_EVERY
#: A new network is trained from step 0 up to the step shown. From this many steps on,
#: the figure says so first (over the previous picture); fewer train (in about 0.3 ms a
#: step) in less time than that message takes to draw and send.
TRAINING_SHOWN_FROM = 4 * PLAY_STEP
L2_OPTIONS = [0.0, 1e-4, 1e-3, 1e-2, 1e-1]
LOSS_RANGE = (1e-4, 10.0)


def playground_trouble(result: TrainingState) -> str | None:
    """A readable message when training goes wrong: the loss rises, jumps, or nothing is learned."""
    losses = result.train_losses
    window = 4 * PLAY_STEP
    if result.step < window:
        return None
    start, now = losses[0], losses[-1]
    lr = f"lr = {result.config.lr:.3g}"
    l2 = result.config.l2
    if l2 > 0 and now > 0.95 * COIN_FLIP_LOSS and (now > start or result.step >= 3 * window):
        return (
            f"The loss sits at {now:.3f}, near ln 2 = {COIN_FLIP_LOSS:.3f} (a 50/50 guess):\n"
            f"L2 = {l2:g} is too strong, its penalty pulls every weight to 0.\n"
            "Make L2 smaller (changing lr does not help)."
        )
    if now > start:
        return (
            f"The training loss went UP, from {start:.3f} to {now:.3f}:\n"
            f"{lr} is too large, the steps overshoot."
        )
    rising = float(np.mean(np.diff(losses[-window - 1 :]) > 0))
    if rising > 0.3 and now > 0.05:
        return (
            f"The training loss rose in {rising:.0%} of the last {window} steps (now {now:.3f}):\n"
            f"{lr} is too large to settle into a minimum."
        )
    if result.step >= 3 * window and now > 0.98 * COIN_FLIP_LOSS:
        return (
            f"After {result.step} steps the network still answers about 50/50 everywhere\n"
            f"(loss {now:.3f}, ln 2 = {COIN_FLIP_LOSS:.3f}): nothing learned. Too large an lr\n"
            "kills units (saturated or dead), too small an lr is slow."
        )
    return None


class Playground(Experiment):
    """An MLP learning a 2-D dataset: press play to train, step by step."""

    call_name = "backprop.Playground"
    figsize = (9.5, 4.0)

    def make_controls(self):
        step = Player(
            value=0,
            min=0,
            max=MAX_STEPS,
            step=PLAY_STEP,
            interval=200,
            description="training steps",
        )
        self.scrubber = slider("training step", 0, 0, MAX_STEPS, PLAY_STEP, integer=True)
        widgets.link((step, "value"), (self.scrubber, "value"))
        return {
            "dataset": dropdown("dataset", list(NAMES), "moons"),
            "noise": slider("noise", 0.05, 0.0, 0.5, 0.05, continuous=False),
            "width": slider("neurons per layer", 8, 1, 16, 1, integer=True, continuous=False),
            "depth": slider("hidden layers", 2, 1, 4, 1, integer=True, continuous=False),
            "activation": dropdown("activation", list(ACTIVATIONS), "tanh"),
            "lr": log_slider("learning rate (Adam)", 0.03, 1e-3, 1.0, continuous=False),
            "l2": dropdown("L2 regularisation", L2_OPTIONS, 0.0),
            "step": step,
        }

    def extra_widgets(self) -> list[widgets.Widget]:
        """A slider after the player that shows and sets the step."""
        return [self.scrubber]

    def compute(self, dataset, noise, width, depth, activation, lr, l2, step):
        key = ("run", dataset, noise, width, depth, activation, lr, l2)
        config = TrainingConfig(
            dataset, float(noise), int(width), int(depth), activation, float(lr), float(l2)
        )
        if memo_key(key) not in self._memo and self.last_result is not None:
            if int(step) >= TRAINING_SHOWN_FROM:
                self._show_training(int(step))
        run = self.memo(key, lambda: TrainingRun(config))
        return run.state_at(int(step))

    def _show_training(self, steps: int) -> None:
        """Say at once that a new network is training, over the previous picture."""
        self.show_message(f"Training the new network ({steps} steps)…")
        self.summary.value = "<b>Summary:</b> training the new network…"
        self._redraw()

    def build(self, fig: Figure) -> None:
        self.ax_map, self.ax_loss = fig.subplots(1, 2, width_ratios=(1.0, 1.1))
        self._build_map(self.ax_map)
        self._build_losses(self.ax_loss)

    def _build_map(self, ax: Axes) -> None:
        self.image = plots.probability_map(
            ax, (GRID_N, GRID_N), (-VIEW, VIEW, -VIEW, VIEW), aspect="equal",
            interpolation="bilinear",
        )  # fmt: skip
        self.points = {}
        for split, filled in (("train", True), ("test", False)):
            for label, marker, colour in ((0, "D", "yellow"), (1, "o", "sky")):
                self.points[split, label] = ax.scatter(
                    [], [], marker=marker, s=22 if filled else 26,
                    facecolor=COLORS[colour] if filled else "white",
                    edgecolor="black" if filled else COLORS[colour],
                    linewidth=0.6 if filled else 1.3,
                    label=f"{split}, class {label}",
                )  # fmt: skip
        ax.set(
            xlim=(-VIEW, VIEW), ylim=(-VIEW, VIEW), xlabel="x1", ylabel="x2",
            title="What the network says",
        )  # fmt: skip
        ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.16), ncols=2, fontsize=7.5)

    def _build_losses(self, ax: Axes) -> None:
        (self.train_line,) = ax.plot([], [], color=COLORS["blue"], label="train loss")
        (self.test_line,) = ax.plot([], [], color=COLORS["orange"], ls="--", label="test loss")
        (self.train_end,) = ax.plot([], [], "o", ms=5, color=COLORS["blue"])
        (self.test_end,) = ax.plot([], [], "o", ms=5, color=COLORS["orange"])
        self.step_line = ax.axvline(0, color=COLORS["grey"], lw=1.0)
        self.status = ax.text(
            0.98, 0.88, "", transform=ax.transAxes, ha="right", va="top", fontsize=8.5
        )
        plots.log_axis(
            ax,
            LOSS_RANGE,
            xlim=(0, MAX_STEPS),
            xlabel=f"training step (full batch of {POINTS // 2} points)",
            ylabel="cross-entropy (log scale)",
            title="Loss while training",
        )
        ax.legend(loc="upper left", fontsize=8, ncols=2)

    def update(self, result: TrainingState) -> None:
        self.image.set_data(result.probabilities)
        for (split, label), points in self.points.items():
            data = result.train if split == "train" else result.test
            points.set_offsets(data.X[data.y == label])
        steps = np.arange(result.step + 1)
        train = plots.clip_for_log(result.train_losses, LOSS_RANGE)
        test = plots.clip_for_log(result.test_losses, LOSS_RANGE)
        self.train_line.set_data(steps, train)
        self.test_line.set_data(steps, test)
        plots.show_point(self.train_end, result.step, train[-1])
        plots.show_point(self.test_end, result.step, test[-1])
        self.step_line.set_xdata([result.step] * 2)
        untrained = " (untrained: press Play)" if result.step == 0 else ""
        self.status.set_text(
            f"step {result.step}{untrained}: test accuracy {result.test_accuracy:.1%}"
        )
        self.show_message(playground_trouble(result))

    def moving_artists(self) -> list:
        return [
            self.image,
            *self.points.values(),
            self.train_line,
            self.test_line,
            self.train_end,
            self.test_end,
            self.step_line,
            self.status,
        ]

    def describe(self, result: TrainingState) -> str:
        c = result.config
        head = (
            f"{c.dataset} (noise {c.noise:g}), MLP {'-'.join(map(str, c.sizes))} {c.activation}, "
            f"Adam lr {c.lr:.3g}, L2 {c.l2:g}: step {result.step}"
        )
        if result.step == 0:
            head += " (untrained: press Play)"
        return (
            f"{head}; train loss {result.train_losses[-1]:.3f}, test loss "
            f"{result.test_losses[-1]:.3f}; accuracy train {result.train_accuracy:.1%}, "
            f"test {result.test_accuracy:.1%} ({round(result.test_accuracy * len(result.test))} "
            f"of {len(result.test)} test points)."
        )
