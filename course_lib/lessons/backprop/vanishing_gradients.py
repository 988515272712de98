"""VanishingGradients: how the gradient shrinks (or not) from the last layer of a deep narrow
network to the first, for sigmoid, tanh and relu, and for three ways to start the weights."""

from __future__ import annotations

from dataclasses import dataclass

import matplotlib as mpl
import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties
from matplotlib.markers import TICKDOWN
from matplotlib.textpath import TextPath
from matplotlib.ticker import MaxNLocator
from matplotlib.transforms import ScaledTranslation

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


#: The table's columns: heading, and how each activation's numbers are written in it.
COLUMNS = {
    "first layer": lambda s: f"{s.first:.2g}",
    "last layer": lambda s: f"{s.last:.2g}",
    "first / last": lambda s: f"{s.ratio:.2g}",
    "per layer": lambda s: f"×{s.factor:.2f}",
}
#: Where the table sits under the plot (axes fraction): the row names' left edge, each
#: column's right edge, and the heading's and the rows' top.
TABLE_LEFT = 0.29
TABLE_RIGHTS = (0.44, 0.55, 0.66, 0.75)
HEADING_TOP, ROWS_TOP = 0.78, 0.59


def layer_ticks(depth: int) -> np.ndarray:
    """The layers numbered on the layer axis: about six, on whole steps of 1, 2 or 5."""
    locator = MaxNLocator(nbins=6, steps=[1, 2, 5, 10], integer=True)
    ticks = locator.tick_values(0.5, depth + 1.5)
    return ticks[(ticks >= 1) & (ticks <= depth + 1)].astype(int)


def _ink_size(text: str, size: float) -> tuple[float, float]:
    """Width and height, in points, of the ink of ``text`` at font size ``size``."""
    extents = TextPath((0, 0), text, size=size).get_extents()
    return extents.width, extents.height


def table_columns(summaries: dict[str, GradientSummary]) -> dict[str, str]:
    """Each column of the table: one line per activation, in the order of ``summaries``."""
    return {
        heading: "\n".join(number(s) for s in summaries.values())
        for heading, number in COLUMNS.items()
    }


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
        frame, table_ax = fig.subplots(2, 1, height_ratios=(3.2, 1.0))
        # The layer axis follows the depth. It lives on an axes of its own, laid over the
        # frame (title, gradient axis, legend) and repainted with the lines, so that a new
        # depth redraws only the lines and the layer axis, not the whole figure.
        self.ax = ax = frame.twiny()
        ax.spines[:].set_visible(False)
        frame.tick_params(axis="x", bottom=False, labelbottom=False)
        frame.grid(False, axis="x")
        self._build_layer_axis(ax)
        (self.quarter_line,) = ax.plot(
            [], [], color=COLORS["grey"], ls=(0, (1, 3)), lw=1.5, label="×1/4 per layer (σ′ ≤ 1/4)"
        )
        self.lines = {
            name: ax.plot(
                [], [], marker=marker, ls=style, ms=6, lw=2.0, color=COLORS[colour], label=name
            )[0]
            for name, (marker, style, colour) in LOOKS.items()
        }
        plots.log_axis(
            frame,
            GRAD_RANGE,
            xlabel="",  # on the layer axis
            ylabel="mean |∂loss/∂weight| (log scale)",
            title=f"Gradient size per layer, hidden layers {WIDTH} wide",
        )
        ax.set(xlim=(0.5, DEPTHS[0] + 1.5))  # set per depth in update
        # The layer axis's label never moves: the frame draws it, below the layer numbers
        # (tick, pad and a line of numbers lower than its usual place); the layer axes keeps
        # the same words, unseen, so that it says what it shows too.
        label = "layer (1 = next to the input; the last one makes the output)"
        ax.set_xlabel(label)
        below_numbers = (
            mpl.rcParams["xtick.major.size"] + mpl.rcParams["xtick.major.pad"]
            + 1.17 * FontProperties(size=mpl.rcParams["xtick.labelsize"]).get_size_in_points()
        )  # fmt: skip
        frame.set_xlabel(label, labelpad=mpl.rcParams["axes.labelpad"] + below_numbers)
        frame.legend(
            handles=[self.quarter_line, *self.lines.values()], loc="upper left", fontsize=8,
            ncols=4,
        )  # fmt: skip
        self._build_table(table_ax)

    def _build_layer_axis(self, ax: Axes) -> None:
        """The layer axis, drawn as the axis would draw it (grid lines, ticks, numbers), with
        each number as a marker (its glyphs' outline): a repaint draws these in a tenth of
        the time the axis's own tick labels and their layout take."""
        rc = mpl.rcParams
        ax.xaxis.set_visible(False)
        along = ax.get_xaxis_transform()  # x in layers, y in axes units
        (self.layer_grid,) = ax.plot(
            [], [], color=rc["grid.color"], lw=rc["grid.linewidth"], ls=rc["grid.linestyle"],
            alpha=rc["grid.alpha"], transform=along, zorder=0.5,
        )  # fmt: skip
        (self.layer_ticks,) = ax.plot(
            [], [], ls="none", marker=TICKDOWN, ms=rc["xtick.major.size"],
            mew=rc["xtick.major.width"], color=rc["xtick.color"], transform=along,
            clip_on=False,
        )  # fmt: skip
        size = FontProperties(size=rc["xtick.labelsize"]).get_size_in_points()
        digit_height = _ink_size("0", size)[1]
        below = ScaledTranslation(
            0, -(rc["xtick.major.size"] + rc["xtick.major.pad"] + digit_height / 2) / 72,
            ax.figure.dpi_scale_trans,
        )  # fmt: skip
        self.layer_numbers = [
            ax.plot(
                [layer], [0], ls="none", marker=f"${layer}$", ms=max(_ink_size(str(layer), size)),
                mew=0, color=rc["xtick.color"], transform=along + below, clip_on=False,
                visible=False,
            )[0]
            for layer in range(1, DEPTHS[1] + 2)
        ]  # fmt: skip

    def _build_table(self, ax: Axes) -> None:
        """The table under the plot: headings and row names stay, the numbers move."""
        ax.set_axis_off()
        ax.set_title("Mean |gradient|: the same numbers for each activation", fontsize=9)
        cell = {"transform": ax.transAxes, "fontsize": 8.5, "va": "top"}
        self.init_text = ax.text(0.5, 0.97, "", ha="center", **cell)
        names = [name for name in LOOKS if name in ACTIVATIONS]
        ax.text(TABLE_LEFT, ROWS_TOP, "\n".join(names), ha="left", **cell)
        self.table_texts = {}
        for heading, right in zip(COLUMNS, TABLE_RIGHTS, strict=True):
            ax.text(right, HEADING_TOP, heading, ha="right", **cell)
            self.table_texts[heading] = ax.text(
                right, ROWS_TOP, "", ha="right", multialignment="right", **cell
            )

    def update(self, result: VanishingResult) -> None:
        layers = np.arange(1, result.depth + 2)
        self.ax.set_xlim(0.5, result.depth + 1.5)
        ticks = layer_ticks(result.depth)
        self.layer_grid.set_data(np.repeat(ticks, 3), np.tile([0.0, 1.0, np.nan], len(ticks)))
        self.layer_ticks.set_data(ticks, np.zeros(len(ticks)))
        for layer, number in enumerate(self.layer_numbers, start=1):
            number.set_visible(layer in ticks)
        for name, line in self.lines.items():
            line.set_data(layers, plots.clip_for_log(result.grads[name], GRAD_RANGE))
            line.set_linewidth(3.0 if name == result.activation else 1.5)
            line.set_markersize(7 if name == result.activation else 5)
        last = result.chosen[-1]
        quarter = last * 0.25 ** (layers[-1] - layers)
        self.quarter_line.set_data(layers, plots.clip_for_log(quarter, GRAD_RANGE))
        self.init_text.set_text(f"weights start {result.init}")
        for heading, text in table_columns(result.summaries).items():
            self.table_texts[heading].set_text(text)

    def moving_artists(self) -> list:
        # the layer axes (its lines, grid lines, ticks and numbers) and the table's numbers
        return [self.ax, self.init_text, *self.table_texts.values()]

    def describe(self, result: VanishingResult) -> str:
        lines = "; ".join(summary_line(s) for s in result.summaries.values())
        return (
            f"{result.depth} hidden layers of {WIDTH}, weights start {result.init}, "
            f"{result.activation} in focus. Mean |gradient| per layer: {lines}."
        )
