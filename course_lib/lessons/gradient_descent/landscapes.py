"""Landscapes: four landscapes, a start point and an optimizer: which minimum does it end in?"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from matplotlib.figure import Figure
from matplotlib.ticker import FormatStrFormatter

from course_lib import plots
from course_lib.landscapes import (
    Bounds,
    Landscape,
    excess_loss,
    minima_of,
    nearest_minimum,
    shared_landscape,
)
from course_lib.lessons.gradient_descent.common import (
    DIVERGED,
    DIVERGED_Y,
    LOSS_RANGE,
    landscape_layers,
    shown_losses,
)
from course_lib.live import Experiment, dropdown, log_slider, slider
from course_lib.optimizers import OPTIMIZERS, Path, make_optimizer, optimize_path
from course_lib.style import COLORS

LANDSCAPE_STEPS = 200
START_RANGE = (-4.0, 4.0)
#: A run "ended in" a minimum when its last point is this close to it.
MINIMUM_RADIUS = 0.05
#: Room around a start point on the map's edge, so its dot is drawn whole.
START_MARGIN = 0.3
#: How many minima can be labelled on the map.
MAX_LABELS = 6
#: The walk (path, start, end, exit) is drawn above the minima and their labels.
WALK_ZORDER = 6


@dataclass(frozen=True)
class LandscapesResult:
    landscape: Landscape
    start: np.ndarray
    optimizer: str
    lr: float
    path: Path
    excess_losses: np.ndarray  # the loss above the global minimum at each step
    minima: np.ndarray  # every known minimum, the global one first
    minimum_losses: np.ndarray  # the loss at each of them
    nearest: int  # the minimum nearest to the end of the path (an index into minima)
    distance: float  # and how far the end is from it


def map_view(landscape: Landscape) -> Bounds:
    """The landscape's bounds, stretched to show every start the sliders can pick (with
    START_MARGIN around it): the view never moves with the start, so a start move
    repaints only the path, never the axes."""
    (x0, x1), (y0, y1) = landscape.bounds
    low, high = START_RANGE[0] - START_MARGIN, START_RANGE[1] + START_MARGIN
    return (min(x0, low), max(x1, high)), (min(y0, low), max(y1, high))


class Landscapes(Experiment):
    """Roll an optimizer over a landscape from a start point you choose: where does it end?"""

    call_name = "gradient_descent.Landscapes"
    figsize = (9.5, 4.2)  # the map's legend sits below it

    def make_controls(self):
        return {
            "landscape": dropdown("landscape", ["wells", "bowl", "ravine", "Rosenbrock"], "wells"),
            "start_x": slider("start x", -3.5, *START_RANGE, 0.1),
            "start_y": slider("start y", 3.5, *START_RANGE, 0.1),
            "lr": log_slider("learning rate", 0.1, 1e-4, 1.0),
            "optimizer": dropdown("optimizer", list(OPTIMIZERS), "gradient descent"),
        }

    def compute(self, landscape, start_x, start_y, lr, optimizer):
        surface = shared_landscape(landscape)
        start = np.array([start_x, start_y], dtype=float)
        path = self.memo(
            ("path", landscape, start_x, start_y, lr, optimizer),
            lambda: optimize_path(
                surface, make_optimizer(optimizer, float(lr)), start, LANDSCAPE_STEPS
            ),
        )
        minima = minima_of(surface)
        nearest, distance = nearest_minimum(surface, path.last)
        return LandscapesResult(
            landscape=surface,
            start=start,
            optimizer=optimizer,
            lr=float(lr),
            path=path,
            excess_losses=excess_loss(surface, path.losses),
            minima=minima,
            minimum_losses=np.array([surface.value(point) for point in minima]),
            nearest=nearest,
            distance=distance,
        )

    def build(self, fig: Figure) -> None:
        self.ax_map, self.ax_loss = fig.subplots(1, 2, width_ratios=(1.15, 1))
        self._build_map(self.ax_map)
        ax = self.ax_loss
        (self.loss_line,) = ax.plot([], [], color=COLORS["blue"], label="loss − global minimum")
        self.diverged_mark = plots.divergence_mark(ax, f"diverged (loss > {DIVERGED})")
        plots.log_axis(
            ax,
            LOSS_RANGE,
            xlim=(0, LANDSCAPE_STEPS),
            ylabel="loss above the global minimum (log)",
            title="How far above the best loss",
        )
        ax.legend(loc="upper right", fontsize=8)

    def _build_map(self, ax) -> None:
        self.contours = landscape_layers(ax, self.controls["landscape"].options, map_view, n=260)
        self.local_dots = ax.scatter(
            [],
            [],
            s=60,
            facecolor="white",
            edgecolor=COLORS["black"],
            zorder=4,
            label="local minima",
        )
        self.minimum_labels = [ax.text(0, 0, "", fontsize=8, zorder=5) for _ in range(MAX_LABELS)]
        walk = {"zorder": WALK_ZORDER}
        (self.path_line,) = ax.plot(
            [], [], ".-", color=COLORS["blue"], lw=1.2, ms=3, label="path", **walk
        )
        (self.start_dot,) = ax.plot(
            [], [], "o", color=COLORS["black"], ms=7, clip_on=False, label="start", **walk
        )
        (self.end_dot,) = ax.plot(
            [], [], "o", color=COLORS["blue"], mec="black", ms=8, label="end", **walk
        )
        (self.global_star,) = ax.plot(
            [],
            [],
            "*",
            color=COLORS["orange"],
            mec="black",
            ms=15,
            zorder=5,
            label="global minimum",
        )
        self.exit_mark = plots.exit_mark(ax)
        # drawn whole on the frame where the path leaves (and left out of the layout)
        self.exit_mark.set_clip_on(False)
        self.exit_mark.set_in_layout(False)
        self.exit_mark.set_zorder(WALK_ZORDER)
        ax.set(xlabel="parameter x", ylabel="parameter y")
        # One tick format for every landscape: the layout made for one fits them all.
        ax.xaxis.set_major_formatter(FormatStrFormatter("%.1f"))
        ax.yaxis.set_major_formatter(FormatStrFormatter("%.1f"))
        # Below the map: the contour lines are repainted with the landscape, over whatever
        # lies inside the axes, and would run through a legend there.
        ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.16), fontsize=7, ncols=3)

    def update(self, result: LandscapesResult) -> None:
        landscape, path, start = result.landscape, result.path, result.start
        plots.show_layer(self.contours, landscape.name)
        view = map_view(landscape)
        self.ax_map.set(xlim=view[0], ylim=view[1])
        self.ax_map.title.set_text(f"Rolling down the {landscape.name}")
        self._show_minima(result)
        points, left_at = plots.path_in_view(path.path, view)
        plots.set_path(self.path_line, points)
        self.start_dot.set_data([start[0]], [start[1]])
        end = (None, None) if left_at is not None else path.last
        plots.show_point(self.end_dot, *end)
        plots.show_point(self.exit_mark, *(points[-1] if left_at is not None else (None, None)))
        losses = shown_losses(result.excess_losses)
        self.loss_line.set_data(np.arange(len(losses)), losses)
        plots.show_point(self.diverged_mark, path.diverged_at, DIVERGED_Y)
        if path.diverged:
            self.show_message(
                f"lr = {result.lr:.3g} is too large here: the loss passed {DIVERGED} at step "
                f"{path.diverged_at}.\nTry a smaller learning rate."
            )
        elif left_at is not None:
            self.show_message(
                f"The path left the plot at step {left_at} (✕): lr = {result.lr:.3g} overshoots."
            )
        else:
            self.show_message(None)

    def _show_minima(self, result: LandscapesResult) -> None:
        """The global minimum as a star, the local ones as rings, each labelled with its loss."""
        minima = result.minima
        self.global_star.set_data([minima[0, 0]], [minima[0, 1]])
        self.local_dots.set_offsets(minima[1:] if len(minima) > 1 else np.empty((0, 2)))
        for k, text in enumerate(self.minimum_labels):
            text.set_visible(k < len(minima))
            if k < len(minima):
                label = "global" if k == 0 else f"local {k + 1}"
                text.set_position((minima[k, 0] + 0.12, minima[k, 1] + 0.12))
                text.set_text(f"{label}\n{result.minimum_losses[k]:.3g}")

    def moving_artists(self) -> list:
        # The landscape's own artists move too: a change of landscape repaints them over
        # the same background instead of drawing the whole figure again.
        return [
            *self.contours.values(),
            self.local_dots,
            *self.minimum_labels,
            self.global_star,
            self.ax_map.title,
            self.path_line,
            self.start_dot,
            self.end_dot,
            self.exit_mark,
            self.loss_line,
            self.diverged_mark,
        ]

    def background_key(self):
        return self.ax_map.get_xlim(), self.ax_map.get_ylim()

    def describe(self, result: LandscapesResult) -> str:
        landscape, path = result.landscape, result.path
        head = (
            f"{result.optimizer}, lr = {result.lr:.3g}, from "
            f"({result.start[0]:.1f}, {result.start[1]:.1f}) on {landscape.name}"
        )
        if path.diverged:
            return f"{head}: diverged (the loss passed {DIVERGED} at step {path.diverged_at})."
        end, final = path.last, float(path.losses[-1])
        index, distance = result.nearest, result.distance
        best = f"global minimum (loss {landscape.minimum_value:.3g})"
        if distance > MINIMUM_RADIUS:
            where = f"still on its way, {distance:.2f} from the nearest minimum"
            where += "" if index == 0 else f" (local {index + 1}; the {best})"
        elif index == 0:
            where = f"ended in the {best}"
        else:
            where = (
                f"ended in local minimum {index + 1} of {len(result.minima)} "
                f"(loss {result.minimum_losses[index]:.3g}), not the {best}"
            )
        return (
            f"{head}: after {LANDSCAPE_STEPS} steps at ({end[0]:.2f}, {end[1]:.2f}), "
            f"final loss {final:.4g}; {where}."
        )
