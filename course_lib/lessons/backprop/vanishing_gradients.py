"""VanishingGradients: how the gradient shrinks (or not) from the last layer of a deep narrow
network to the first, for sigmoid, tanh and relu."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from matplotlib.figure import Figure

from course_lib import plots
from course_lib.live import Experiment, dropdown, slider
from course_lib.nn import ACTIVATIONS
from course_lib.style import COLORS
from course_lib.vanishing_gradients import WIDTH, layer_gradients, per_layer_factor

DEPTHS = (2, 20)
GRAD_RANGE = (1e-16, 1e2)
#: How each activation's line looks: (marker, colour).
LOOKS = {"sigmoid": ("s", "vermillion"), "tanh": ("^", "green"), "relu": ("o", "blue")}


@dataclass(frozen=True)
class VanishingResult:
    """Gradient sizes per layer for every activation, one of them in focus."""

    activation: str  # the one in focus
    depth: int
    grads: dict[str, np.ndarray]  # mean |gradient| per layer, first to last, per activation

    @property
    def chosen(self) -> np.ndarray:
        """The gradient sizes of the activation in focus."""
        return self.grads[self.activation]


class VanishingGradients(Experiment):
    """Gradient size per layer of a deep narrow network: sigmoid vs tanh vs relu."""

    call_name = "backprop.VanishingGradients"
    figsize = (9.0, 3.8)

    def make_controls(self):
        return {
            "activation": dropdown("activation", list(ACTIVATIONS), "sigmoid"),
            "depth": slider("hidden layers", 10, *DEPTHS, 1, integer=True),
        }

    def compute(self, activation, depth):
        depth = int(depth)
        grads = {
            name: self.memo(("grads", name, depth), lambda name=name: layer_gradients(name, depth))
            for name in ACTIVATIONS
        }
        return VanishingResult(activation, depth, grads)

    def build(self, fig: Figure) -> None:
        ax = self.ax = fig.add_subplot()
        (self.quarter_line,) = ax.plot(
            [], [], color=COLORS["grey"], ls=":", lw=1.5, label="×1/4 per layer (σ′ ≤ 1/4)"
        )
        self.lines = {
            name: ax.plot([], [], marker=marker, ms=6, color=COLORS[colour], label=name)[0]
            for name, (marker, colour) in LOOKS.items()
        }
        self.ratio_text = ax.text(
            0.99, 0.97, "", transform=ax.transAxes, ha="right", va="top", fontsize=9
        )
        most = DEPTHS[1] + 1
        ax.set_xticks(np.arange(1, most + 1, 2))
        plots.log_axis(
            ax,
            GRAD_RANGE,
            xlim=(0.5, most + 0.5),
            xlabel="layer (1 = next to the input; the last one makes the output)",
            ylabel="mean |∂loss/∂weight| (log scale)",
            title=f"Gradient size per layer, hidden layers {WIDTH} wide",
        )
        ax.legend(loc="upper left", fontsize=8, ncols=4)

    def update(self, result: VanishingResult) -> None:
        layers = np.arange(1, result.depth + 2)
        for name, line in self.lines.items():
            line.set_data(layers, plots.clip_for_log(result.grads[name], GRAD_RANGE))
            line.set_alpha(1.0 if name == result.activation else 0.35)
            line.set_linewidth(2.5 if name == result.activation else 1.0)
        last = result.chosen[-1]
        quarter = last * 0.25 ** (layers[-1] - layers)
        self.quarter_line.set_data(layers, plots.clip_for_log(quarter, GRAD_RANGE))
        self.ratio_text.set_text(
            f"{result.activation}: first layer / last layer = {result.chosen[0] / last:.2g}\n"
            f"(×{per_layer_factor(result.chosen):.2f} per layer on average)"
        )

    def moving_artists(self) -> list:
        return [self.quarter_line, *self.lines.values(), self.ratio_text]

    def describe(self, result: VanishingResult) -> str:
        g = result.chosen
        others = "; ".join(
            f"{name} {grads[0] / grads[-1]:.2g}"
            for name, grads in result.grads.items()
            if name != result.activation
        )
        return (
            f"{result.activation}, {result.depth} hidden layers of {WIDTH}: mean |gradient| "
            f"{g[-1]:.2g} at the last layer, {g[0]:.2g} at the first; first / last = "
            f"{g[0] / g[-1]:.2g}, ×{per_layer_factor(g):.2f} per layer (same net with {others})."
        )
