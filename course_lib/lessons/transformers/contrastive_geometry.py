"""ContrastiveGeometry: a contrastive loss places words in 2-D so that distance means difference."""

from __future__ import annotations

from dataclasses import dataclass

import ipywidgets as widgets
import numpy as np
from matplotlib.figure import Figure

from course_lib.embeddings import train_contrastive
from course_lib.lessons.player import Player
from course_lib.live import Experiment, dropdown, slider
from course_lib.style import CYCLE

#: Twelve words in four groups; words of a group are each other's positives.
WORDS = (
    "cat",
    "dog",
    "horse",
    "red",
    "green",
    "blue",
    "one",
    "two",
    "three",
    "apple",
    "pear",
    "plum",
)
GROUPS = np.repeat(np.arange(4), 3)
GROUP_NAMES = ("animals", "colours", "numbers", "fruit")
STEPS, LR = 150, 0.05
TEMPERATURES = [0.1, 0.5, 1.0, 2.0]


@dataclass(frozen=True)
class GeometryResult:
    step: int
    temperature: float
    positions: np.ndarray  # (12, 2) at this step
    losses: np.ndarray  # the whole run's losses
    within: float  # mean distance between words of the same group
    between: float  # mean distance between words of different groups


class ContrastiveGeometry(Experiment):
    """Twelve words start at random points; the loss pulls groups together, pushes the rest away."""

    call_name = "transformers.ContrastiveGeometry"
    figsize = (8.4, 3.8)

    def setup(self) -> None:
        """Every temperature's run, trained once (a fraction of a second in all)."""
        self.runs = {t: train_contrastive(GROUPS, STEPS, LR, t) for t in TEMPERATURES}

    def make_controls(self):
        step = Player(
            value=STEPS, min=0, max=STEPS, step=5, interval=150, description="training steps"
        )
        self.scrubber = slider("training step", STEPS, 0, STEPS, 1, integer=True)
        widgets.link((step, "value"), (self.scrubber, "value"))
        return {"temperature": dropdown("temperature", TEMPERATURES, 1.0), "step": step}

    def extra_widgets(self) -> list[widgets.Widget]:
        return [self.scrubber]

    def compute(self, temperature: float, step: int) -> GeometryResult:
        run = self.runs[temperature]
        points = run.positions[step]
        distance = np.linalg.norm(points[:, None] - points[None, :], axis=-1)
        same = (GROUPS[:, None] == GROUPS[None, :]) & ~np.eye(len(GROUPS), dtype=bool)
        different = GROUPS[:, None] != GROUPS[None, :]
        return GeometryResult(
            step,
            temperature,
            points,
            run.losses,
            float(distance[same].mean()),
            float(distance[different].mean()),
        )

    def build(self, fig: Figure) -> None:
        self.ax, curve = fig.subplots(1, 2, width_ratios=(1.3, 1))
        self.dots = []
        for g, name in enumerate(GROUP_NAMES):
            (dots,) = self.ax.plot([], [], "o", color=CYCLE[g], label=name, markersize=8)
            self.dots.append(dots)
        self.labels = [self.ax.text(0, 0, w, fontsize=8, ha="left", va="bottom") for w in WORDS]
        self.ax.set(
            title="Words in a 2-D embedding",
            xlabel="embedding dimension 1",
            ylabel="embedding dimension 2",
            xlim=(-4, 4),
            ylim=(-4, 4),
            aspect="equal",
        )
        self.ax.legend(loc="lower left", fontsize=8, ncols=2)
        (self.curve,) = curve.plot([], [], color=CYCLE[0], label="contrastive loss")
        (self.now,) = curve.plot([], [], "o", color=CYCLE[3], label="this step")
        curve.set(
            title="The loss while training",
            xlabel="training step",
            ylabel="loss (nats)",
            xlim=(0, STEPS),
            ylim=(0, 5.5),
        )
        curve.legend(loc="upper right")

    def update(self, result: GeometryResult) -> None:
        for g, dots in enumerate(self.dots):
            dots.set_data(*result.positions[GROUPS == g].T)
        for label, (x, y) in zip(self.labels, result.positions, strict=True):
            label.set_position((x + 0.08, y + 0.08))
        self.curve.set_data(np.arange(1, STEPS + 1), result.losses)
        shown = result.losses[max(result.step - 1, 0)]
        self.now.set_data([max(result.step, 1)], [shown])

    def moving_artists(self) -> list:
        return [*self.dots, *self.labels, self.curve, self.now]

    def describe(self, result: GeometryResult) -> str:
        return (
            f"Step {result.step} at temperature {result.temperature}: words of the same group are "
            f"{result.within:.2f} apart on average, words of different groups {result.between:.2f} "
            f"({result.between / result.within:.1f} times as far)."
        )
