"""LearningRate: too small crawls, right converges, too big diverges, around 2/λ_max."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from matplotlib.colors import ListedColormap
from matplotlib.figure import Figure
from matplotlib.legend import Legend
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from course_lib import plots
from course_lib.convergence import REGIMES, regime, regime_sweep, slowest_factor
from course_lib.landscapes import Quadratic, excess_loss, shared_landscape
from course_lib.lessons.gradient_descent.common import (
    DIVERGED,
    DIVERGED_Y,
    LOSS_RANGE,
    landscape_layers,
    shown_losses,
)
from course_lib.live import Experiment, dropdown, log_slider
from course_lib.optimizers import GradientDescent, Path, optimize_path
from course_lib.stability import max_stable_lr
from course_lib.style import COLORS

#: The landscapes of the dropdown (both quadratics over the same bounds).
LANDSCAPES = ("ravine", "bowl")
LR_STEPS = 100
LR_RANGE = (1e-4, 10.0)
#: The learning rates of the regime strip.
LR_SWEEP = np.geomspace(*LR_RANGE, 301)
#: The regime strip's x axis runs this factor past LR_RANGE at both ends.
STRIP_PAD = 1.25
#: The colour of each of convergence.REGIMES on the strip.
REGIME_COLOURS = (COLORS["sky"], COLORS["green"], COLORS["yellow"], COLORS["vermillion"])


@dataclass(frozen=True)
class LearningRateResult:
    landscape: Quadratic
    lr: float
    path: Path
    excess_losses: np.ndarray  # the loss above the minimum at each step
    threshold: float  # 2 / λ_max
    regime: str
    #: The factor (1 − lr·λ) of largest size: what one step does to the distance to the
    #: minimum along the slowest direction (negative: it jumps to the other side).
    slowest_factor: float
    sweep_regimes: np.ndarray  # the regime (index into REGIMES) of each lr of LR_SWEEP


class LearningRate(Experiment):
    """Plain gradient descent with your learning rate on a quadratic bowl or ravine."""

    call_name = "gradient_descent.LearningRate"
    figsize = (9.5, 4.4)

    def setup(self) -> None:
        # The regime strip of each landscape (a few ms each), so that the figure can hold a
        # strip legend for each from the start.
        self.sweeps = {
            name: regime_sweep(shared_landscape(name), LR_SWEEP, LR_STEPS) for name in LANDSCAPES
        }

    def make_controls(self):
        return {
            "landscape": dropdown("landscape", list(LANDSCAPES), "ravine"),
            "lr": log_slider("learning rate", 0.03, *LR_RANGE),
        }

    def compute(self, landscape, lr):
        name, surface, lr = landscape, shared_landscape(landscape), float(lr)
        path = self.memo(
            ("path", name, lr),
            lambda: optimize_path(surface, GradientDescent(lr=lr), surface.start, LR_STEPS),
        )
        ratio = path.losses[-1] / path.losses[0] if not path.diverged else np.inf
        return LearningRateResult(
            landscape=surface,
            lr=lr,
            path=path,
            excess_losses=excess_loss(surface, path.losses),
            threshold=max_stable_lr(surface.hessian),
            regime=regime(lr, surface.hessian, ratio),
            slowest_factor=slowest_factor(lr, surface.eigenvalues),
            sweep_regimes=self.sweeps[name],
        )

    def build(self, fig: Figure) -> None:
        grid = fig.add_gridspec(2, 2, height_ratios=(1, 0.16), width_ratios=(1.1, 1))
        self.ax_path = fig.add_subplot(grid[0, 0])
        self.ax_loss = fig.add_subplot(grid[0, 1])
        self.ax_strip = fig.add_subplot(grid[1, :])
        ax = self.ax_path
        self.contours = landscape_layers(
            ax, self.controls["landscape"].options, lambda surface: surface.bounds
        )
        (self.path_line,) = ax.plot([], [], ".-", color=COLORS["blue"], lw=1.2, ms=4, label="path")
        (self.start_dot,) = ax.plot([], [], "o", color=COLORS["black"], ms=7, label="start")
        (self.minimum_star,) = ax.plot(
            [0], [0], "*", color=COLORS["orange"], ms=14, mec="black", label="minimum"
        )
        self.exit_mark = plots.exit_mark(ax)
        # drawn whole on the frame where the path leaves (and left out of the layout)
        self.exit_mark.set_clip_on(False)
        self.exit_mark.set_in_layout(False)
        ax.set(xlabel="parameter x", ylabel="parameter y", title="Gradient descent")
        ax.legend(loc="upper right", fontsize=8)
        ax = self.ax_loss
        (self.loss_line,) = ax.plot([], [], color=COLORS["blue"], label="loss")
        self.diverged_mark = plots.divergence_mark(ax, f"diverged (loss > {DIVERGED})")
        plots.log_axis(ax, LOSS_RANGE, xlim=(0, LR_STEPS), title="Loss at each step")
        ax.legend(loc="upper right", fontsize=8)
        self._build_strip(self.ax_strip)

    def _build_strip(self, ax) -> None:
        """The regime of every learning rate, your lr and the threshold 2/λ_max on it."""
        self.strip = ax.pcolormesh(
            np.geomspace(*LR_RANGE, len(LR_SWEEP) + 1),
            [0, 1],
            np.zeros((1, len(LR_SWEEP))),
            cmap=ListedColormap(REGIME_COLOURS),
            vmin=-0.5,
            vmax=len(REGIMES) - 0.5,
        )
        self.threshold_line = ax.axvline(1, color=COLORS["black"], ls="--", lw=1.5)
        self.lr_mark = ax.axvline(1, color=COLORS["blue"], lw=3)
        self.threshold_text = ax.text(1, 1.15, "", ha="center", va="bottom", fontsize=8)
        self.strip_legends = {name: self._strip_legend(self.sweeps[name]) for name in LANDSCAPES}
        ax.set(
            xscale="log",
            # a little room past the ends, so "your lr" at an extreme is drawn whole
            xlim=(LR_RANGE[0] / STRIP_PAD, LR_RANGE[1] * STRIP_PAD),
            ylim=(0, 1),
            yticks=[],
            xlabel=f"learning rate (log scale): what {LR_STEPS} steps do",
        )
        ax.grid(False)

    def _strip_legend(self, regimes: np.ndarray) -> Legend:
        """A legend for the strip of one landscape: only the regimes it draws (they change
        with the landscape); ``update`` shows the one of the landscape in use."""
        present = [int(r) for r in np.unique(regimes)]
        handles = [Patch(color=REGIME_COLOURS[r], label=REGIMES[r]) for r in present] + [
            Line2D([], [], color=COLORS["blue"], lw=3, label="your lr")
        ]
        legend = Legend(
            self.ax_strip,
            handles,
            [handle.get_label() for handle in handles],
            loc="upper left",
            bbox_to_anchor=(0, -0.9),
            ncols=5,
            fontsize=8,
        )
        self.ax_strip.add_artist(legend)
        legend.set_clip_on(False)  # below the axes: drawn whole, and laid out like ax.legend
        return legend

    def update(self, result: LearningRateResult) -> None:
        landscape, path = result.landscape, result.path
        plots.show_layer(self.contours, landscape.name)
        (x0, x1), (y0, y1) = landscape.bounds
        self.ax_path.set(xlim=(x0, x1), ylim=(y0, y1))
        points, left_at = plots.path_in_view(path.path, landscape.bounds)
        plots.set_path(self.path_line, points)
        self.start_dot.set_data([landscape.start[0]], [landscape.start[1]])
        plots.show_point(self.exit_mark, *(points[-1] if left_at is not None else (None, None)))
        self.ax_path.title.set_text(f"Gradient descent on the {landscape.name}")
        losses = shown_losses(result.excess_losses)
        self.loss_line.set_data(np.arange(len(losses)), losses)
        plots.show_point(self.diverged_mark, path.diverged_at, DIVERGED_Y)
        self.strip.set_array(result.sweep_regimes.reshape(1, -1))
        for name, legend in self.strip_legends.items():
            legend.set_visible(name == landscape.name)
        self.threshold_line.set_xdata([result.threshold] * 2)
        self.lr_mark.set_xdata([result.lr] * 2)
        self.threshold_text.set_x(result.threshold)
        self.threshold_text.set_text(f"2/λ_max = {result.threshold:.3g}")
        self.show_message(self._trouble(result, left_at))

    def moving_artists(self) -> list:
        # What belongs to the landscape moves too: a change of landscape repaints these over
        # the same background instead of drawing the whole figure again.
        return [
            *self.contours.values(),
            self.minimum_star,  # above the contour lines
            self.ax_path.title,
            self.strip,
            self.threshold_line,
            self.threshold_text,
            *self.strip_legends.values(),
            self.path_line,
            self.start_dot,
            self.exit_mark,
            self.loss_line,
            self.diverged_mark,
            self.lr_mark,
        ]

    def background_key(self):
        return self.ax_path.get_xlim(), self.ax_path.get_ylim()

    def _trouble(self, result: LearningRateResult, left_at: int | None) -> str | None:
        if result.regime != "diverges":
            return None
        path = result.path
        if path.diverged:
            what = f"the loss passed {DIVERGED} at step {path.diverged_at}"
        else:
            what = (
                f"the loss grew from {path.losses[0]:.3g} to {path.losses[-1]:.3g} "
                f"in {LR_STEPS} steps"
            )
        where = f"; the path left the plot at step {left_at} (✕)" if left_at is not None else ""
        return (
            f"lr = {result.lr:.3g} is above 2/λ_max = {result.threshold:.3g}: it diverges.\n"
            f"Every step overshoots the steep direction by more than it corrects:\n{what}{where}."
        )

    def describe(self, result: LearningRateResult) -> str:
        path, lam = result.path, float(result.landscape.eigenvalues[-1])
        end = (
            f"the loss passed {DIVERGED} at step {path.diverged_at}"
            if path.diverged
            else f"loss {path.losses[0]:.3g} → {path.losses[-1]:.3g} after {LR_STEPS} steps"
        )
        factor = result.slowest_factor
        change = " (it grows)" if abs(factor) > 1 else " (it jumps across)" if factor < 0 else ""
        if result.lr == result.threshold:
            side, verdict = "exactly at it", "bounces forever"
        else:
            side = "above it" if result.lr > result.threshold else "below it"
            verdict = result.regime
        return (
            f"lr = {result.lr:.3g} {verdict} on the {result.landscape.name}: it is "
            f"{result.lr / result.threshold:.2f} × the threshold 2/λ_max = 2/{lam:.3g} = "
            f"{result.threshold:.3g} ({side}); {end}; each step multiplies the "
            f"distance to the minimum along the worst direction by {factor:.3g}{change}."
        )
