"""VanishingGradients: how the gradient shrinks (or not) from the last layer of a deep narrow
network to the first, for sigmoid, tanh and relu, and for three ways to start the weights."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from course_lib import plots
from course_lib.live import Experiment, dropdown, slider
from course_lib.nn import ACTIVATIONS
from course_lib.style import COLORS
from course_lib.vanishing_gradients import (
    INITS,
    SCALED,
    WIDTH,
    GradientSummary,
    layer_gradients,
    summarise,
)

DEPTHS = (2, 20)
GRAD_RANGE = (1e-16, 1e4)
#: How each activation's line looks: (marker, line style, colour); drawn in this order.
LOOKS = {
    "sigmoid": ("s", "-", "vermillion"),
    "tanh": ("^", "--", "blue"),
    "relu": ("o", ":", "green"),
}


@dataclass(frozen=True)
class VanishingResult:
    """Gradient sizes per layer for every activation, one of them in focus."""

    activation: str  # the one in focus
    depth: int
    init: str
    grads: dict[str, np.ndarray]  # mean |gradient| per layer, first to last, per activation

    @property
    def chosen(self) -> np.ndarray:
        """The gradient sizes of the activation in focus."""
        return self.grads[self.activation]

    @property
    def summaries(self) -> dict[str, GradientSummary]:
        """The same quantities for every activation (first, last, ratio, factor per layer)."""
        return {name: summarise(name, self.init, g) for name, g in self.grads.items()}


def table(summaries: dict[str, GradientSummary]) -> str:
    """The same four numbers for every activation, as a small fixed-width table."""
    rows = [
        f"{'':8s}{'first layer':>12s}{'last layer':>12s}{'first / last':>14s}{'per layer':>11s}"
    ]
    rows += [
        f"{s.activation:8s}{s.first:12.2g}{s.last:12.2g}{s.ratio:14.2g}{f'×{s.factor:.2f}':>11s}"
        for s in summaries.values()
    ]
    return "\n".join(rows)


def summary_line(s: GradientSummary) -> str:
    """One activation's numbers, said the same way for every activation."""
    return (
        f"{s.activation}: first layer {s.first:.2g}, last {s.last:.2g}, "
        f"first / last = {s.ratio:.2g} (×{s.factor:.2f} per layer)"
    )


class VanishingGradients(Experiment):
    """Gradient size per layer of a deep narrow network: sigmoid vs tanh vs relu."""

    call_name = "backprop.VanishingGradients"
    figsize = (9.0, 4.8)

    def make_controls(self):
        return {
            "activation": dropdown("activation in focus", list(LOOKS), "sigmoid"),
            "depth": slider("hidden layers", 10, *DEPTHS, 1, integer=True),
            "init": dropdown("weights start", list(INITS), SCALED),
        }

    def compute(self, activation, depth, init):
        depth = int(depth)
        grads = {
            name: self.memo(
                ("grads", name, depth, init),
                lambda name=name: layer_gradients(name, depth, init=init),
            )
            for name in LOOKS
            if name in ACTIVATIONS
        }
        return VanishingResult(activation, depth, init, grads)

    def build(self, fig: Figure) -> None:
        ax, table_ax = fig.subplots(2, 1, height_ratios=(3.2, 1.0))
        self.ax = ax
        table_ax.set_axis_off()
        self.table_title = table_ax.set_title(
            "Mean |gradient|: the same numbers for each activation", fontsize=9
        )
        (self.quarter_line,) = ax.plot(
            [], [], color=COLORS["grey"], ls=(0, (1, 3)), lw=1.5, label="×1/4 per layer (σ′ ≤ 1/4)"
        )
        self.lines = {
            name: ax.plot(
                [], [], marker=marker, ls=style, ms=6, lw=2.0, color=COLORS[colour], label=name
            )[0]
            for name, (marker, style, colour) in LOOKS.items()
        }
        self.ratio_text = table_ax.text(
            0.5, 0.5, "", transform=table_ax.transAxes, ha="center", va="center", fontsize=8.5,
            family="monospace",
        )  # fmt: skip
        plots.log_axis(
            ax,
            GRAD_RANGE,
            xlim=(0.5, DEPTHS[0] + 1.5),  # set per depth in update
            xlabel="layer (1 = next to the input; the last one makes the output)",
            ylabel="mean |∂loss/∂weight| (log scale)",
            title=f"Gradient size per layer, hidden layers {WIDTH} wide",
        )
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        ax.legend(loc="upper left", fontsize=8, ncols=4)

    def update(self, result: VanishingResult) -> None:
        layers = np.arange(1, result.depth + 2)
        self.ax.set_xlim(0.5, result.depth + 1.5)
        for name, line in self.lines.items():
            line.set_data(layers, plots.clip_for_log(result.grads[name], GRAD_RANGE))
            line.set_linewidth(3.0 if name == result.activation else 1.5)
            line.set_markersize(7 if name == result.activation else 5)
        last = result.chosen[-1]
        quarter = last * 0.25 ** (layers[-1] - layers)
        self.quarter_line.set_data(layers, plots.clip_for_log(quarter, GRAD_RANGE))
        self.ratio_text.set_text(f"weights start {result.init}\n{table(result.summaries)}")

    def moving_artists(self) -> list:
        return [self.quarter_line, *self.lines.values(), self.ratio_text]

    def background_key(self):
        return self.last_result.depth  # the layer axis: set once per depth

    def describe(self, result: VanishingResult) -> str:
        lines = "; ".join(summary_line(s) for s in result.summaries.values())
        return (
            f"{result.depth} hidden layers of {WIDTH}, weights start {result.init}, "
            f"{result.activation} in focus. Mean |gradient| per layer: {lines}."
        )
