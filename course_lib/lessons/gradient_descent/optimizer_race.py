"""OptimizerRace: gradient descent, momentum, RMSProp and Adam from the same start."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from matplotlib.figure import Figure
from matplotlib.ticker import FormatStrFormatter

from course_lib import plots
from course_lib.landscapes import Bounds, Landscape, excess_loss, shared_landscape
from course_lib.lessons.gradient_descent.common import (
    DIVERGED_Y,
    LOSS_RANGE,
    OPTIMIZER_STYLES,
    landscape_layers,
    loss_text,
    shown_losses,
)
from course_lib.live import Experiment, dropdown, log_slider, slider
from course_lib.optimizers import Path, make_optimizer, optimize_path
from course_lib.style import COLORS

#: The most steps of the race, and the default: the step axis runs to it, so the default
#: race fills the panel (fewer steps end early on it; the axis never moves, so no move
#: repaints the axes).
RACE_MAX_STEPS = 100
#: The optimizers in the race, in the order of their legend entries.
RACERS = tuple(OPTIMIZER_STYLES)
#: The landscapes of the dropdown.
LANDSCAPES = ("ravine", "Rosenbrock", "bowl", "wells")


def race_view() -> Bounds:
    """The map's view: the bounds of every landscape of the race together. It never moves,
    so a change of landscape repaints the moving artists only, never the axes."""
    bounds = np.array([shared_landscape(name).bounds for name in LANDSCAPES])
    return (
        (float(bounds[:, 0, 0].min()), float(bounds[:, 0, 1].max())),
        (float(bounds[:, 1, 0].min()), float(bounds[:, 1, 1].max())),
    )


@dataclass(frozen=True)
class RaceResult:
    landscape: Landscape
    lr: float
    beta: float
    steps: int
    paths: dict[str, Path]  # RACE_MAX_STEPS of each racer; the figure shows the first steps
    excess_losses: dict[str, np.ndarray]  # each racer's loss above the minimum, steps 0..steps
    final: dict[str, float]  # each racer's loss above the minimum after steps (inf: diverged)
    ranking: list[str]  # the racers, lowest final loss first

    def diverged_within(self, name: str) -> bool:
        """True if the racer called ``name`` diverged within the steps shown."""
        path = self.paths[name]
        return path.diverged and path.diverged_at <= self.steps


class OptimizerRace(Experiment):
    """Gradient descent, momentum, RMSProp and Adam from the same start with the same lr."""

    call_name = "gradient_descent.OptimizerRace"
    figsize = (9.5, 4.2)  # the map's legend sits below it

    def setup(self) -> None:
        self.view = race_view()

    def make_controls(self):
        return {
            "landscape": dropdown("landscape", list(LANDSCAPES), "ravine"),
            "lr": log_slider("learning rate (all four)", 0.03, 1e-4, 1.0),
            "beta": slider("momentum β", 0.9, 0.0, 0.99, 0.01),
            "steps": slider("steps", RACE_MAX_STEPS, 10, RACE_MAX_STEPS, 10, integer=True),
        }

    def _path(self, landscape: Landscape, optimizer: str, lr: float, beta: float) -> Path:
        """RACE_MAX_STEPS of one optimizer, computed once; the steps slider only cuts it."""
        key = (landscape.name, optimizer, lr, beta if optimizer == "momentum" else None)
        return self.memo(
            key,
            lambda: optimize_path(
                landscape, make_optimizer(optimizer, lr, beta), landscape.start, RACE_MAX_STEPS
            ),
        )

    def compute(self, landscape, lr, beta, steps):
        surface = shared_landscape(landscape)
        paths = {name: self._path(surface, name, float(lr), beta) for name in RACERS}
        excess = {name: excess_loss(surface, p.losses[: steps + 1]) for name, p in paths.items()}
        final = {
            name: float(losses[-1]) if np.isfinite(losses[-1]) else np.inf
            for name, losses in excess.items()
        }
        return RaceResult(
            landscape=surface,
            lr=float(lr),
            beta=float(beta),
            steps=steps,
            paths=paths,
            excess_losses=excess,
            final=final,
            ranking=sorted(final, key=lambda name: final[name]),
        )

    def build(self, fig: Figure) -> None:
        self.ax_map, self.ax_loss = fig.subplots(1, 2, width_ratios=(1.1, 1))
        self.contours = landscape_layers(self.ax_map, LANDSCAPES, lambda surface: self.view)
        self.path_lines, self.end_marks, self.loss_lines, self.diverged_marks = {}, {}, {}, {}
        for name, (colour, marker) in OPTIMIZER_STYLES.items():
            (self.path_lines[name],) = self.ax_map.plot(
                [], [], "-", color=colour, lw=1.6, alpha=0.9, label=name
            )
            (self.end_marks[name],) = self.ax_map.plot(
                [], [], marker, color=colour, mec="black", ms=8, clip_on=False, in_layout=False
            )
            (self.loss_lines[name],) = self.ax_loss.plot(
                [], [], "-", marker=marker, markevery=0.1, ms=5, color=colour, lw=1.6, label=name
            )
            self.diverged_marks[name] = plots.divergence_mark(self.ax_loss, "", color=colour)
        (self.start_dot,) = self.ax_map.plot(
            [], [], "o", color=COLORS["black"], ms=7, label="start"
        )
        (self.global_star,) = self.ax_map.plot(
            [], [], "*", color=COLORS["yellow"], mec="black", ms=15, zorder=5, label="minimum"
        )
        (x0, x1), (y0, y1) = self.view
        self.ax_map.set(xlim=(x0, x1), ylim=(y0, y1), xlabel="parameter x", ylabel="parameter y")
        # One tick format for every landscape: the layout made for one fits them all.
        self.ax_map.xaxis.set_major_formatter(FormatStrFormatter("%.1f"))
        self.ax_map.yaxis.set_major_formatter(FormatStrFormatter("%.1f"))
        # Below the map: the contour lines are repainted with the landscape, over whatever
        # lies inside the axes, and would run through a legend there.
        self.ax_map.legend(loc="upper center", bbox_to_anchor=(0.5, -0.16), fontsize=7, ncols=3)
        plots.log_axis(
            self.ax_loss,
            LOSS_RANGE,
            xlim=(0, RACE_MAX_STEPS),
            ylabel="loss above the minimum (log)",
            title="Loss at each step",
        )
        self.ax_loss.legend(loc="lower left", fontsize=7)

    def update(self, result: RaceResult) -> None:
        landscape, steps = result.landscape, result.steps
        plots.show_layer(self.contours, landscape.name)
        self.ax_map.title.set_text(f"{landscape.name}: four optimizers, one start")
        self.start_dot.set_data([landscape.start[0]], [landscape.start[1]])
        self.global_star.set_data([landscape.minimum[0]], [landscape.minimum[1]])
        for name, path in result.paths.items():
            points, _ = plots.path_in_view(path.path[: steps + 1], self.view)
            plots.set_path(self.path_lines[name], points)
            end = points[-1] if len(points) else landscape.start
            self.end_marks[name].set_data([end[0]], [end[1]])
            losses = shown_losses(result.excess_losses[name])
            self.loss_lines[name].set_data(np.arange(steps + 1), losses)
            diverged_at = path.diverged_at if result.diverged_within(name) else None
            plots.show_point(self.diverged_marks[name], diverged_at, DIVERGED_Y)
        diverged = [
            f"{name} (step {path.diverged_at})"
            for name, path in result.paths.items()
            if result.diverged_within(name)
        ]
        self.show_message(
            f"Diverged (✕): {', '.join(diverged)}.\nThis lr is too large for them here."
            if len(diverged) == len(RACERS)
            else None
        )

    def moving_artists(self) -> list:
        # What belongs to the landscape moves too: a change of landscape repaints these over
        # the same background instead of drawing the whole figure again.
        return [
            *self.contours.values(),
            self.ax_map.title,
            *self.path_lines.values(),
            *self.end_marks.values(),
            self.start_dot,
            self.global_star,
            *self.loss_lines.values(),
            *self.diverged_marks.values(),
        ]

    def describe(self, result: RaceResult) -> str:
        parts = []
        for place, name in enumerate(result.ranking, start=1):
            if result.diverged_within(name):
                parts.append(f"{place}. {name} diverged at step {result.paths[name].diverged_at}")
            else:
                parts.append(f"{place}. {name} {loss_text(result.final[name])}")
        return (
            f"Loss above the minimum after {result.steps} steps on "
            f"{result.landscape.name} (lr = {result.lr:.3g} for all four, momentum "
            f"β = {result.beta:.2f}): " + "; ".join(parts) + "."
        )
