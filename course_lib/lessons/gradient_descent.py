"""Lesson 02, gradient descent: live experiments on how a step against the gradient learns.

- :class:`Descent1D`: one parameter, step by step: the tangent's slope is the gradient.
- :class:`LearningRate`: too small crawls, right converges, too big diverges, with
  the threshold 2/λ_max computed from the landscape's Hessian.
- :class:`Landscapes`: four loss landscapes, a start point and an optimizer: which
  minimum does it end in?
- :class:`MiniBatch`: stochastic, mini-batch and full-batch gradient descent on real data.
- :class:`OptimizerRace`: gradient descent, momentum, RMSProp and Adam from the same start.
- :class:`Schedules`: a learning rate that changes over the steps, against a constant one.
- :class:`RavineChallenge`: tune lr and momentum to cross the ravine in as few steps as you can.

The landscapes are :mod:`course_lib.landscapes`, the optimizers
:mod:`course_lib.optimizers`, the schedules :mod:`course_lib.schedules`, the
mini-batch training :mod:`course_lib.minibatch`; this module only binds them
to figures and controls.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import numpy as np
from matplotlib.colors import ListedColormap
from matplotlib.figure import Figure
from sklearn.datasets import load_diabetes

from course_lib import minibatch, regression, schedules
from course_lib.landscapes import (
    GaussianWells,
    Landscape,
    Quadratic,
    divergence_threshold,
    make_landscape,
)
from course_lib.live import Experiment, dropdown, log_slider, slider
from course_lib.optimizers import OPTIMIZERS, Momentum, Path, optimize_path
from course_lib.style import COLORS

#: The range of the loss axes (log scale). It is fixed, so that a change of settings
#: repaints only the lines, never the axes.
LOSS_RANGE = (1e-12, 1e9)
#: Where a diverged run's ✕ sits on a loss axis.
BLOWUP_Y = LOSS_RANGE[1] / 3
#: The four optimizers' colours (Okabe-Ito) and markers, so they differ in more than colour.
OPTIMIZER_STYLES = {
    "gradient descent": (COLORS["blue"], "o"),
    "momentum": (COLORS["orange"], "s"),
    "RMSProp": (COLORS["green"], "^"),
    "Adam": (COLORS["purple"], "D"),
}


# -- shared helpers ---------------------------------------------------------------------
@functools.cache
def shared_landscape(name: str) -> Landscape:
    """The landscape called ``name``, made once per process (finding the wells' minima takes
    a moment) and shared by every experiment; landscapes are never changed after they are made."""
    return make_landscape(name)


def excess_loss(landscape: Landscape, losses: np.ndarray) -> np.ndarray:
    """How far above the global minimum each loss is (>= 0, so it fits a log axis)."""
    return np.asarray(losses, dtype=float) - landscape.minimum_value


def path_in_view(path: Path | np.ndarray, bounds) -> tuple[np.ndarray, int | None]:
    """The finite part of a path cut where it first leaves the view.

    Returns the points to draw (the last one moved onto the frame, so a
    diverging path ends at the edge of the plot) and the step at which it left
    the view, or None if it stayed inside.
    """
    points = np.asarray(path.path if isinstance(path, Path) else path, dtype=float)
    points = points[np.all(np.isfinite(points), axis=1)]
    (x0, x1), (y0, y1) = bounds
    low, high = np.array([x0, y0]), np.array([x1, y1])
    outside = np.nonzero(np.any((points < low) | (points > high), axis=1))[0]
    if len(outside) == 0:
        return points, None
    k = int(outside[0])
    if k == 0:  # it starts outside: show just the start
        return points[:1], 0
    inside, beyond = points[k - 1], points[k]
    step = beyond - inside
    fraction = 1.0
    for axis in range(2):
        if step[axis] > 0:
            fraction = min(fraction, (high[axis] - inside[axis]) / step[axis])
        elif step[axis] < 0:
            fraction = min(fraction, (low[axis] - inside[axis]) / step[axis])
    return np.vstack([points[:k], inside + fraction * step]), k


def shown_losses(losses: np.ndarray) -> np.ndarray:
    """Losses ready for a loss axis: clipped to just beyond LOSS_RANGE (an optimizer can
    reach exactly 0, a diverging one overflows); NaN (after a blow-up) stays NaN."""
    low, high = LOSS_RANGE
    return np.clip(np.asarray(losses, dtype=float), low / 10, high * 10)


def contour_levels(landscape: Landscape, values: np.ndarray, count: int = 18) -> np.ndarray:
    """Contour levels: evenly spaced on the bumpy wells, geometric on the rest (rings near the
    minimum stay visible)."""
    if isinstance(landscape, GaussianWells):
        return np.linspace(values.min(), values.max(), count + 6)
    top = float(values.max() - landscape.minimum_value)
    return landscape.minimum_value + np.geomspace(top * 1e-6, top, count)


def draw_contours(ax, landscape: Landscape, bounds, n: int = 160):
    """Contour lines of a landscape over bounds (a ContourSet, built once)."""
    (x0, x1), (y0, y1) = bounds
    xs, ys = np.meshgrid(np.linspace(x0, x1, n), np.linspace(y0, y1, n))
    values = landscape.value(np.stack([xs, ys], axis=-1))
    return ax.contour(
        xs,
        ys,
        values,
        levels=contour_levels(landscape, values),
        cmap="viridis",
        linewidths=0.8,
        alpha=0.8,
    )


def set_path_line(line, points: np.ndarray) -> None:
    line.set_data(points[:, 0], points[:, 1])


def _fmt(value: float) -> str:
    """A loss in 3 significant digits, or "diverged" if it is not finite."""
    if not np.isfinite(value):
        return "diverged"
    return f"{value:.3g}"


# -- 1. one parameter, one step at a time -----------------------------------------------
CURVE_START = -2.5
CURVE_STEPS = 30
CURVE_XLIM, CURVE_YLIM = (-3.2, 4.7), (-2.5, 22.0)
#: |theta| beyond this counts as diverged (the curve's loss is then astronomically large).
CURVE_BLOWUP = 1e6


def curve_loss(theta: np.ndarray | float) -> np.ndarray | float:
    """The lesson's one-parameter loss: L(θ) = (θ − 1)²/2 + (θ − 1)⁴/20, lowest (0) at θ = 1."""
    d = np.asarray(theta, dtype=float) - 1.0
    out = 0.5 * d**2 + 0.05 * d**4
    return float(out) if out.ndim == 0 else out


def curve_gradient(theta: np.ndarray | float) -> np.ndarray | float:
    """dL/dθ = (θ − 1) + (θ − 1)³/5."""
    d = np.asarray(theta, dtype=float) - 1.0
    out = d + 0.2 * d**3
    return float(out) if out.ndim == 0 else out


def descent_1d(lr: float, steps: int = CURVE_STEPS, start: float = CURVE_START) -> np.ndarray:
    """θ after 0, 1, ..., steps steps of θ ← θ − lr·dL/dθ; NaN once |θ| passed CURVE_BLOWUP."""
    thetas = np.full(steps + 1, np.nan)
    theta = float(start)
    thetas[0] = theta
    for t in range(steps):
        theta = theta - lr * curve_gradient(theta)
        if not abs(theta) <= CURVE_BLOWUP:
            break
        thetas[t + 1] = theta
    return thetas


class Descent1D(Experiment):
    """One parameter θ: the tangent at the current point, its slope, and where the step lands."""

    call_name = "gradient_descent.Descent1D"
    figsize = (9.5, 3.7)

    def make_controls(self):
        return {
            "step": slider("step", 2, 0, CURVE_STEPS, 1, integer=True),
            "lr": log_slider("learning rate", 0.1, 0.01, 1.5),
        }

    def compute(self, step, lr):
        thetas = self.memo(("path", round(float(lr), 12)), lambda: descent_1d(lr))
        finite = np.isfinite(thetas)
        blew_up_at = None if finite.all() else int(np.argmin(finite))
        shown = step if blew_up_at is None else min(step, blew_up_at - 1)
        theta = float(thetas[shown])
        gradient = curve_gradient(theta)
        return {
            "lr": float(lr),
            "step": step,
            "shown": shown,
            "thetas": thetas,
            "theta": theta,
            "loss": curve_loss(theta),
            "gradient": gradient,
            "next": theta - lr * gradient,
            "blew_up_at": blew_up_at,
        }

    def build(self, fig: Figure) -> None:
        self.ax_curve, self.ax_loss = fig.subplots(1, 2, width_ratios=(1.5, 1))
        ax = self.ax_curve
        grid = np.linspace(*CURVE_XLIM, 300)
        ax.plot(grid, curve_loss(grid), color=COLORS["black"], lw=1.5, label="loss L(θ)")
        (self.visited,) = ax.plot(
            [], [], "o-", color=COLORS["sky"], lw=1, ms=5, label="points visited"
        )
        (self.tangent,) = ax.plot(
            [], [], color=COLORS["vermillion"], lw=1.5, ls="--", label="tangent (slope = gradient)"
        )
        (self.current,) = ax.plot([], [], "o", color=COLORS["blue"], ms=9, label="now")
        (self.next_point,) = ax.plot(
            [], [], "o", mfc="white", mec=COLORS["blue"], mew=2, ms=9, label="next point"
        )
        self.arrow = ax.annotate(
            "",
            xy=(0, -1.3),
            xytext=(0, -1.3),
            arrowprops={"arrowstyle": "->", "color": COLORS["blue"], "lw": 1.5},
            in_layout=False,
        )
        self.step_text = ax.text(
            0, -2.3, "", ha="center", fontsize=8, color=COLORS["blue"], in_layout=False
        )
        ax.set(
            xlim=CURVE_XLIM,
            ylim=CURVE_YLIM,
            xlabel="parameter θ",
            ylabel="loss L(θ)",
            title="θ ← θ − lr · dL/dθ",
        )
        ax.legend(loc="upper center", fontsize=8, ncols=2)
        ax = self.ax_loss
        (self.loss_all,) = ax.plot(
            [], [], color=COLORS["grey"], lw=1, ls=":", label="the steps to come"
        )
        (self.loss_done,) = ax.plot([], [], "o-", color=COLORS["sky"], lw=1.5, ms=3, label="so far")
        (self.loss_now,) = ax.plot([], [], "o", color=COLORS["blue"], ms=8, label="now")
        (self.blowup,) = ax.plot([], [], "X", ms=11, color=COLORS["vermillion"], label="blew up")
        ax.set(
            yscale="log",
            ylim=LOSS_RANGE,
            xlim=(-0.5, CURVE_STEPS + 0.5),
            xlabel="step",
            ylabel="loss L(θ) (log scale)",
            title="Loss at each step",
        )
        ax.minorticks_off()
        ax.legend(loc="upper right", fontsize=8)

    def update(self, result) -> None:
        thetas, shown = result["thetas"], result["shown"]
        theta, loss, gradient, after = (
            result["theta"],
            result["loss"],
            result["gradient"],
            result["next"],
        )
        done = thetas[: shown + 1]
        self.visited.set_data(done, curve_loss(done))
        self.current.set_data([theta], [loss])
        half_width = 1.2 / np.sqrt(1 + gradient**2) + 0.3
        xs = np.array([theta - half_width, theta + half_width])
        self.tangent.set_data(xs, loss + gradient * (xs - theta))
        self.next_point.set_data([after], [curve_loss(after)])
        # The arrow from θ to the next θ, cut to the plot when a step overshoots it.
        shown_theta, shown_next = np.clip([theta, after], *CURVE_XLIM)
        self.arrow.xy = (shown_next, -1.3)
        self.arrow.set_position((shown_theta, -1.3))
        self.step_text.set_position(((shown_theta + shown_next) / 2, -2.3))
        self.step_text.set_text(f"−lr·gradient = {-result['lr'] * gradient:+.3g}")
        steps = np.arange(len(thetas))
        losses = shown_losses(curve_loss(thetas))
        self.loss_all.set_data(steps, losses)
        self.loss_done.set_data(steps[: shown + 1], losses[: shown + 1])
        self.loss_now.set_data([shown], [losses[shown]])
        blew_up_at = result["blew_up_at"]
        if blew_up_at is None:
            self.blowup.set_data([], [])
        else:
            self.blowup.set_data([blew_up_at], [BLOWUP_Y])
        self.show_message(self._trouble(result))

    def moving_artists(self) -> list:
        return [
            self.visited,
            self.tangent,
            self.current,
            self.next_point,
            self.arrow,
            self.step_text,
            self.loss_all,
            self.loss_done,
            self.loss_now,
            self.blowup,
        ]

    def _trouble(self, result) -> str | None:
        if result["blew_up_at"] is not None and result["step"] >= result["blew_up_at"]:
            return (
                f"lr = {result['lr']:.3g} is too large: every step overshoots further,\n"
                f"and at step {result['blew_up_at']} θ passed {CURVE_BLOWUP:.0e}. "
                f"Shown: step {result['shown']}, the last before it blew up."
            )
        if not CURVE_XLIM[0] <= result["theta"] <= CURVE_XLIM[1]:
            return f"θ = {result['theta']:.3g} is off the plot: lr = {result['lr']:.3g} overshoots."
        return None

    def describe(self, result) -> str:
        lr, gradient = result["lr"], result["gradient"]
        return (
            f"Step {result['shown']} (lr = {lr:.3g}): θ = {result['theta']:.4g}, "
            f"L(θ) = {result['loss']:.4g}, gradient dL/dθ = {gradient:.4g}; "
            f"next θ = θ − lr·gradient = {result['theta']:.4g} − {lr:.3g} × ({gradient:.4g}) "
            f"= {result['next']:.4g}."
        )


# -- 2. the learning rate: crawl, converge, diverge -------------------------------------
LR_STEPS = 100
#: A run "converges" when its loss falls below this fraction of where it started.
CONVERGED_FRACTION = 1e-3
LR_RANGE = (1e-4, 10.0)
#: The regimes, in the order of their colour codes on the strip.
REGIMES = ("crawls", "converges", "zig-zags slowly", "diverges")
REGIME_COLOURS = (COLORS["sky"], COLORS["green"], COLORS["yellow"], COLORS["vermillion"])


def quadratic_gd_losses(landscape: Quadratic, lrs: np.ndarray, steps: int) -> np.ndarray:
    """The loss of plain gradient descent on a quadratic, in closed form, for many lrs at once.

    Along each eigenvector of H (curvature λ) the distance z to the minimum is
    multiplied by (1 − lr·λ) every step, so after t steps the loss is
    Σ λ z² (1 − lr·λ)^(2t) / 2. Shape (len(lrs), steps + 1).
    """
    eigenvalues, vectors = np.linalg.eigh(landscape.hessian)
    z = vectors.T @ (landscape.start - landscape.center)
    factors = 1.0 - np.asarray(lrs, dtype=float)[:, None] * eigenvalues  # (lrs, 2)
    t = np.arange(steps + 1)[None, :, None]
    with np.errstate(over="ignore"):
        return 0.5 * np.sum(eigenvalues * z**2 * factors[:, None, :] ** (2 * t), axis=-1)


def regime(lr: float, eigenvalues: np.ndarray, loss_ratio: float) -> str:
    """Which of REGIMES a gradient-descent run on a quadratic is in.

    ``eigenvalues`` are the Hessian's (smallest first), ``loss_ratio`` is
    loss(end) / loss(start). Above the threshold 2/λ_max it diverges; below it,
    it converges if the loss fell below CONVERGED_FRACTION of its start;
    otherwise it is slow, and the slowest direction says why: the flat one
    (|1 − lr·λ_min| largest: the steps are too small, it crawls) or the steep
    one (|1 − lr·λ_max| largest: every step overshoots, it zig-zags slowly).
    """
    low, high = float(eigenvalues[0]), float(eigenvalues[-1])
    if lr > 2.0 / high:
        return "diverges"
    if loss_ratio <= CONVERGED_FRACTION:
        return "converges"
    return "zig-zags slowly" if abs(1 - lr * high) > abs(1 - lr * low) else "crawls"


def slowest_factor(lr: float, eigenvalues: np.ndarray) -> float:
    """The factor 1 − lr·λ of largest size over the Hessian's eigenvalues (signed)."""
    factors = 1.0 - lr * np.asarray(eigenvalues, dtype=float)
    return float(factors[np.argmax(np.abs(factors))])


@dataclass(frozen=True)
class LearningRateResult:
    landscape: Quadratic
    lr: float
    path: Path
    threshold: float
    regime: str
    #: The factor (1 − lr·λ) of largest size: what one step does to the distance to the
    #: minimum along the slowest direction (negative: it jumps to the other side).
    slowest_factor: float
    sweep_regimes: np.ndarray  # the regime (index into REGIMES) of each lr of SWEEP


LR_SWEEP = np.geomspace(*LR_RANGE, 301)


class LearningRate(Experiment):
    """Plain gradient descent with your learning rate on a quadratic bowl or ravine."""

    call_name = "gradient_descent.LearningRate"
    figsize = (9.5, 4.4)

    def make_controls(self):
        return {
            "landscape": dropdown("landscape", ["ravine", "bowl"], "ravine"),
            "lr": log_slider("learning rate", 0.03, *LR_RANGE),
        }

    def _sweep(self, name: str) -> np.ndarray:
        def regimes():
            landscape = shared_landscape(name)
            losses = quadratic_gd_losses(landscape, LR_SWEEP, LR_STEPS)
            ratios = losses[:, -1] / losses[:, 0]
            return np.array(
                [
                    REGIMES.index(regime(lr, landscape.eigenvalues, ratio))
                    for lr, ratio in zip(LR_SWEEP, ratios, strict=True)
                ]
            )

        return self.memo(("sweep", name), regimes)

    def compute(self, landscape, lr):
        name = landscape
        landscape = shared_landscape(name)
        lr = float(lr)
        path = self.memo(
            ("path", name, round(lr, 12)),
            lambda: optimize_path(
                landscape, OPTIMIZERS["gradient descent"](lr=lr), landscape.start, LR_STEPS
            ),
        )
        threshold = divergence_threshold(landscape.hessian)
        eigenvalues = landscape.eigenvalues
        ratio = path.losses[-1] / path.losses[0] if not path.diverged else np.inf
        return LearningRateResult(
            landscape=landscape,
            lr=lr,
            path=path,
            threshold=threshold,
            regime=regime(lr, eigenvalues, ratio),
            slowest_factor=slowest_factor(lr, eigenvalues),
            sweep_regimes=self._sweep(name),
        )

    def build(self, fig: Figure) -> None:
        grid = fig.add_gridspec(2, 2, height_ratios=(1, 0.16), width_ratios=(1.1, 1))
        self.ax_path = fig.add_subplot(grid[0, 0])
        self.ax_loss = fig.add_subplot(grid[0, 1])
        self.ax_strip = fig.add_subplot(grid[1, :])
        ax = self.ax_path
        self.contours = {}
        for name in self.controls["landscape"].options:
            landscape = shared_landscape(name)
            self.contours[name] = draw_contours(ax, landscape, landscape.bounds)
        (self.path_line,) = ax.plot([], [], ".-", color=COLORS["blue"], lw=1.2, ms=4, label="path")
        (self.start_dot,) = ax.plot([], [], "o", color=COLORS["black"], ms=7, label="start")
        ax.plot([0], [0], "*", color=COLORS["orange"], ms=14, mec="black", label="minimum")
        (self.exit_mark,) = ax.plot(
            [], [], "X", color=COLORS["vermillion"], ms=12, label="left the plot"
        )
        ax.set(xlabel="parameter x", ylabel="parameter y", title="Gradient descent")
        ax.legend(loc="upper right", fontsize=8)
        ax = self.ax_loss
        (self.loss_line,) = ax.plot([], [], color=COLORS["blue"], label="loss")
        (self.blowup,) = ax.plot(
            [], [], "X", color=COLORS["vermillion"], ms=11, label="blew up (loss > 1e8)"
        )
        ax.set(
            yscale="log",
            ylim=LOSS_RANGE,
            xlim=(0, LR_STEPS),
            xlabel="step",
            ylabel="loss (log scale)",
            title="Loss at each step",
        )
        ax.minorticks_off()
        ax.legend(loc="upper right", fontsize=8)
        ax = self.ax_strip
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
        for name, colour in zip(REGIMES, REGIME_COLOURS, strict=True):
            ax.fill_between([], [], color=colour, label=name)
        ax.plot([], [], color=COLORS["blue"], lw=3, label="your lr")
        ax.set(
            xscale="log",
            xlim=LR_RANGE,
            ylim=(0, 1),
            yticks=[],
            xlabel=f"learning rate (log scale): what {LR_STEPS} steps do",
        )
        ax.grid(False)
        ax.legend(loc="upper left", bbox_to_anchor=(0, -0.9), ncols=5, fontsize=8)

    def update(self, result: LearningRateResult) -> None:
        landscape, path = result.landscape, result.path
        for name, contours in self.contours.items():
            contours.set_visible(name == landscape.name)
        (x0, x1), (y0, y1) = landscape.bounds
        self.ax_path.set(xlim=(x0, x1), ylim=(y0, y1))
        points, left_at = path_in_view(path, landscape.bounds)
        set_path_line(self.path_line, points)
        self.start_dot.set_data([landscape.start[0]], [landscape.start[1]])
        if left_at is None:
            self.exit_mark.set_data([], [])
        else:
            self.exit_mark.set_data([points[-1, 0]], [points[-1, 1]])
        self.ax_path.title.set_text(f"Gradient descent on the {landscape.name}")
        losses = shown_losses(excess_loss(landscape, path.losses))
        self.loss_line.set_data(np.arange(len(losses)), losses)
        if path.diverged:
            self.blowup.set_data([path.diverged_at], [BLOWUP_Y])
        else:
            self.blowup.set_data([], [])
        self.strip.set_array(result.sweep_regimes.reshape(1, -1))
        self.threshold_line.set_xdata([result.threshold] * 2)
        self.lr_mark.set_xdata([result.lr] * 2)
        self.threshold_text.set_x(result.threshold)
        self.threshold_text.set_text(f"2/λ_max = {result.threshold:.3g}")
        self.show_message(self._trouble(result, left_at))

    def moving_artists(self) -> list:
        return [
            self.path_line,
            self.start_dot,
            self.exit_mark,
            self.loss_line,
            self.blowup,
            self.lr_mark,
        ]

    def background_key(self):
        return self.settings["landscape"]

    def _trouble(self, result: LearningRateResult, left_at: int | None) -> str | None:
        if result.regime != "diverges":
            return None
        path = result.path
        if path.diverged:
            what = f"the loss passed 1e8 at step {path.diverged_at}"
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
            f"the loss passed 1e8 at step {path.diverged_at}"
            if path.diverged
            else f"loss {path.losses[0]:.3g} → {path.losses[-1]:.3g} after {LR_STEPS} steps"
        )
        if result.lr == result.threshold:
            side, verdict = "exactly at it", "bounces forever"
        else:
            side = "above it" if result.lr > result.threshold else "below it"
            verdict = result.regime
        return (
            f"lr = {result.lr:.3g} {verdict} on the {result.landscape.name}: it is "
            f"{result.lr / result.threshold:.2f} × the threshold 2/λ_max = 2/{lam:.3g} = "
            f"{result.threshold:.3g} ({side}); {end}; each step multiplies the distance to the "
            f"minimum along the worst direction by {result.slowest_factor:.3f}."
        )


# -- 3. landscapes, start points and minima ---------------------------------------------
LANDSCAPE_STEPS = 200
START_RANGE = (-4.0, 4.0)
#: A run "ended in" a minimum when its last point is this close to it.
MINIMUM_RADIUS = 0.05


def minima_of(landscape: Landscape) -> np.ndarray:
    """Every minimum known for the landscape, lowest loss first (the global one first)."""
    return getattr(landscape, "local_minima", landscape.minimum[None, :])


def nearest_minimum(landscape: Landscape, point: np.ndarray) -> tuple[int, float]:
    """(index into minima_of(landscape), distance) of the minimum nearest to point."""
    distances = np.linalg.norm(minima_of(landscape) - np.asarray(point, dtype=float), axis=1)
    index = int(np.argmin(distances))
    return index, float(distances[index])


def view_around(landscape: Landscape, start: np.ndarray, margin: float = 0.0):
    """The landscape's bounds, stretched to show the start point too."""
    (x0, x1), (y0, y1) = landscape.bounds
    return (
        (min(x0, start[0] - margin), max(x1, start[0] + margin)),
        (min(y0, start[1] - margin), max(y1, start[1] + margin)),
    )


def make_optimizer(name: str, lr: float, beta: float = 0.9):
    """One of OPTIMIZERS by name, with lr (and beta for momentum)."""
    if name == "momentum":
        return Momentum(lr=lr, beta=beta)
    return OPTIMIZERS[name](lr=lr)


class Landscapes(Experiment):
    """Roll an optimizer over a landscape from a start point you choose: where does it end?"""

    call_name = "gradient_descent.Landscapes"
    figsize = (9.5, 3.9)

    def make_controls(self):
        return {
            "landscape": dropdown("landscape", ["wells", "bowl", "ravine", "Rosenbrock"], "wells"),
            "start_x": slider("start x", -3.5, *START_RANGE, 0.1),
            "start_y": slider("start y", 3.5, *START_RANGE, 0.1),
            "lr": log_slider("learning rate", 0.1, 1e-4, 1.0),
            "optimizer": dropdown("optimizer", list(OPTIMIZERS), "gradient descent"),
        }

    def compute(self, landscape, start_x, start_y, lr, optimizer):
        name = landscape
        landscape = shared_landscape(name)
        start = np.array([start_x, start_y], dtype=float)
        key = ("path", name, round(start_x, 9), round(start_y, 9), round(float(lr), 12), optimizer)
        path = self.memo(
            key,
            lambda: optimize_path(
                landscape, make_optimizer(optimizer, float(lr)), start, LANDSCAPE_STEPS
            ),
        )
        index, distance = nearest_minimum(landscape, path.last)
        return {
            "landscape": landscape,
            "start": start,
            "path": path,
            "optimizer": optimizer,
            "lr": float(lr),
            "nearest": index,
            "distance": distance,
        }

    def build(self, fig: Figure) -> None:
        self.ax_map, self.ax_loss = fig.subplots(1, 2, width_ratios=(1.15, 1))
        ax = self.ax_map
        reach = (START_RANGE[0] - 0.5, START_RANGE[1] + 0.5)
        self.contours = {}
        for name in self.controls["landscape"].options:
            landscape = shared_landscape(name)
            (x0, x1), (y0, y1) = landscape.bounds
            whole = ((min(x0, reach[0]), max(x1, reach[1])), (min(y0, reach[0]), max(y1, reach[1])))
            self.contours[name] = draw_contours(ax, landscape, whole, n=260)
        self.local_dots = ax.scatter(
            [],
            [],
            s=60,
            facecolor="white",
            edgecolor=COLORS["black"],
            zorder=4,
            label="local minima",
        )
        self.minimum_labels = [ax.text(0, 0, "", fontsize=8, zorder=5) for _ in range(6)]
        (self.path_line,) = ax.plot([], [], ".-", color=COLORS["blue"], lw=1.2, ms=3, label="path")
        (self.start_dot,) = ax.plot(
            [], [], "o", color=COLORS["black"], ms=7, clip_on=False, label="start"
        )
        (self.end_dot,) = ax.plot([], [], "o", color=COLORS["blue"], mec="black", ms=8, label="end")
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
        (self.exit_mark,) = ax.plot(
            [], [], "X", color=COLORS["vermillion"], ms=12, label="left the plot"
        )
        ax.set(xlabel="parameter x", ylabel="parameter y")
        ax.legend(loc="lower left", fontsize=7, ncols=2)
        ax = self.ax_loss
        (self.loss_line,) = ax.plot([], [], color=COLORS["blue"], label="loss − global minimum")
        (self.blowup,) = ax.plot(
            [], [], "X", color=COLORS["vermillion"], ms=11, label="blew up (loss > 1e8)"
        )
        ax.set(
            yscale="log",
            ylim=LOSS_RANGE,
            xlim=(0, LANDSCAPE_STEPS),
            xlabel="step",
            ylabel="loss above the global minimum (log)",
            title="How far above the best loss",
        )
        ax.minorticks_off()
        ax.legend(loc="upper right", fontsize=8)

    def update(self, result) -> None:
        landscape, path, start = result["landscape"], result["path"], result["start"]
        for name, contours in self.contours.items():
            contours.set_visible(name == landscape.name)
        view = view_around(landscape, start)
        self.ax_map.set(xlim=view[0], ylim=view[1])
        minima = minima_of(landscape)
        self.global_star.set_data([minima[0, 0]], [minima[0, 1]])
        self.local_dots.set_offsets(minima[1:] if len(minima) > 1 else np.empty((0, 2)))
        for k, text in enumerate(self.minimum_labels):
            text.set_visible(k < len(minima))
            if k < len(minima):
                loss = landscape.value(minima[k])
                label = "global" if k == 0 else f"local {k + 1}"
                text.set_position((minima[k, 0] + 0.12, minima[k, 1] + 0.12))
                text.set_text(f"{label}\n{loss:.3g}")
        points, left_at = path_in_view(path, view)
        set_path_line(self.path_line, points)
        self.start_dot.set_data([start[0]], [start[1]])
        if left_at is None:
            self.exit_mark.set_data([], [])
            self.end_dot.set_data([path.last[0]], [path.last[1]])
        else:
            self.exit_mark.set_data([points[-1, 0]], [points[-1, 1]])
            self.end_dot.set_data([], [])
        self.ax_map.title.set_text(f"Rolling down the {landscape.name}")
        losses = shown_losses(excess_loss(landscape, path.losses))
        self.loss_line.set_data(np.arange(len(losses)), losses)
        if path.diverged:
            self.blowup.set_data([path.diverged_at], [BLOWUP_Y])
            self.show_message(
                f"lr = {result['lr']:.3g} is too large here: the loss passed 1e8 at step "
                f"{path.diverged_at}.\nTry a smaller learning rate."
            )
        else:
            self.blowup.set_data([], [])
            self.show_message(
                None
                if left_at is None
                else f"The path left the plot at step {left_at} (✕): lr = {result['lr']:.3g} "
                "overshoots."
            )

    def moving_artists(self) -> list:
        return [
            self.path_line,
            self.start_dot,
            self.end_dot,
            self.exit_mark,
            self.loss_line,
            self.blowup,
        ]

    def background_key(self):
        settings = self.settings
        return settings["landscape"], self.ax_map.get_xlim(), self.ax_map.get_ylim()

    def describe(self, result) -> str:
        landscape, path = result["landscape"], result["path"]
        head = (
            f"{result['optimizer']}, lr = {result['lr']:.3g}, from "
            f"({result['start'][0]:.1f}, {result['start'][1]:.1f}) on {landscape.name}"
        )
        if path.diverged:
            return f"{head}: diverged (the loss passed 1e8 at step {path.diverged_at})."
        end = path.last
        final = float(path.losses[-1])
        minima = minima_of(landscape)
        index, distance = result["nearest"], result["distance"]
        best = f"global minimum (loss {landscape.minimum_value:.3g})"
        if distance > MINIMUM_RADIUS:
            where = f"still on its way, {distance:.2f} from the nearest minimum"
            where += "" if index == 0 else f" (local {index + 1}; the {best})"
        elif index == 0:
            where = f"ended in the {best}"
        else:
            where = (
                f"ended in local minimum {index + 1} of {len(minima)} "
                f"(loss {landscape.value(minima[index]):.3g}), not the {best}"
            )
        return (
            f"{head}: after {LANDSCAPE_STEPS} steps at ({end[0]:.2f}, {end[1]:.2f}), "
            f"final loss {final:.4g}; {where}."
        )


# -- 4. stochastic, mini-batch, full batch ----------------------------------------------
BATCH_OPTIONS = ["1", "8", "32", "full"]
MAX_EPOCHS = 10
#: The MSE axis (score², log scale): fixed, like LOSS_RANGE.
MSE_RANGE = (10.0, 1e6)
MINIBATCH_SEED = 0
_W_VIEW, _B_VIEW = (-55.0, 145.0), (-25.0, 175.0)


@dataclass(frozen=True)
class Diabetes:
    """The 442 patients: body-mass index standardized (mean 0, std 1) and disease progression."""

    x: np.ndarray  # standardized BMI
    y: np.ndarray  # progression score one year later
    bmi_mean: float
    bmi_std: float


def diabetes_bmi() -> Diabetes:
    """scikit-learn's bundled diabetes data (no download): standardized BMI and progression."""
    data = load_diabetes(scaled=False)
    x, mean, std = regression.standardize(data.data[:, 2])
    return Diabetes(x=x, y=data.target.astype(float), bmi_mean=mean, bmi_std=std)


def batch_size_of(option: str, n: int) -> int:
    """The batch size a BATCH_OPTIONS entry means ("full" is all n examples)."""
    return n if option == "full" else int(option)


class MiniBatch(Experiment):
    """Fit progression ≈ w·BMI + b with mini-batches of 1, 8, 32 or all 442 patients."""

    call_name = "gradient_descent.MiniBatch"
    figsize = (9.5, 3.9)

    def __init__(self, **settings) -> None:
        self.data = diabetes_bmi()
        w, b = regression.least_squares(self.data.x, self.data.y)
        self.best = (float(w[0]), b)
        self.best_loss = float(np.mean((w[0] * self.data.x + b - self.data.y) ** 2))
        super().__init__(**settings)

    def make_controls(self):
        return {
            "batch_size": dropdown("batch size", BATCH_OPTIONS, "8"),
            "lr": log_slider("learning rate", 0.03, 1e-3, 1.0),
            "epochs": slider("epochs", 5, 1, MAX_EPOCHS, 1, integer=True),
        }

    def run(self, batch_size: str, lr: float) -> minibatch.MiniBatchRun:
        """MAX_EPOCHS of training, computed once per batch size and lr; epochs only cut it."""
        size = batch_size_of(batch_size, len(self.data.y))
        key = (size, round(float(lr), 12))
        return self.memo(
            key,
            lambda: minibatch.train(
                self.data.x, self.data.y, float(lr), size, MAX_EPOCHS, seed=MINIBATCH_SEED
            ),
        )

    def compute(self, batch_size, lr, epochs):
        run = self.run(batch_size, lr)
        end = epochs * run.iterations_per_epoch
        return {"run": run, "epochs": epochs, "end": end}

    def build(self, fig: Figure) -> None:
        self.ax_path, self.ax_loss = fig.subplots(1, 2, width_ratios=(1, 1.1))
        ax = self.ax_path
        ws, bs = np.meshgrid(np.linspace(*_W_VIEW, 120), np.linspace(*_B_VIEW, 120))
        design = np.column_stack([self.data.x, np.ones(len(self.data.x))])
        gram = design.T @ design / len(self.data.x)
        moment = design.T @ self.data.y / len(self.data.x)
        theta = np.stack([ws, bs], axis=-1)
        mse = (
            np.einsum("...i,ij,...j->...", theta, gram, theta)
            - 2 * theta @ moment
            + np.mean(self.data.y**2)
        )
        ax.contour(
            ws,
            bs,
            mse,
            levels=self.best_loss + np.geomspace(30, mse.max() - self.best_loss, 12),
            cmap="viridis",
            linewidths=0.8,
            alpha=0.8,
        )
        (self.path_line,) = ax.plot(
            [], [], "-", color=COLORS["blue"], lw=0.8, alpha=0.8, label="every iteration"
        )
        (self.epoch_dots,) = ax.plot(
            [], [], "o", color=COLORS["blue"], mec="black", ms=5, label="end of each epoch"
        )
        ax.plot([0], [0], "o", color=COLORS["black"], ms=7, label="start (0, 0)")
        ax.plot(*self.best, "*", color=COLORS["orange"], mec="black", ms=14, label="least squares")
        (self.exit_mark,) = ax.plot(
            [], [], "X", color=COLORS["vermillion"], ms=12, label="left the plot"
        )
        ax.set(
            xlim=_W_VIEW,
            ylim=_B_VIEW,
            xlabel="weight w (score per std of BMI)",
            ylabel="bias b (score)",
            title="The path of (w, b) on the MSE",
        )
        ax.set_aspect("equal", adjustable="box")
        ax.legend(loc="lower right", fontsize=7)
        ax = self.ax_loss
        (self.batch_line,) = ax.plot(
            [], [], color=COLORS["sky"], lw=0.6, alpha=0.8, label="loss on each mini-batch"
        )
        (self.epoch_line,) = ax.plot(
            [], [], "o-", color=COLORS["blue"], lw=2.5, ms=5, label="loss on all 442, per epoch"
        )
        ax.axhline(
            self.best_loss, color=COLORS["orange"], ls=":", lw=1.5, label="least-squares minimum"
        )
        (self.blowup,) = ax.plot([], [], "X", color=COLORS["vermillion"], ms=11, label="blew up")
        ax.set(
            yscale="log",
            ylim=MSE_RANGE,
            xlim=(0, MAX_EPOCHS),
            xlabel="epoch (passes over the 442 patients)",
            ylabel="MSE (score², log scale)",
            title="Loss per iteration and per epoch",
        )
        ax.minorticks_off()
        ax.legend(loc="upper right", fontsize=7)

    def update(self, result) -> None:
        run, epochs, end = result["run"], result["epochs"], result["end"]
        per_epoch = run.iterations_per_epoch
        points = np.column_stack([run.weights[: end + 1, 0], run.biases[: end + 1]])
        shown, left_at = path_in_view(points, (_W_VIEW, _B_VIEW))
        set_path_line(self.path_line, shown)
        ends = points[::per_epoch]
        ends = ends[: (len(shown) - 1) // per_epoch + 1] if left_at is not None else ends
        set_path_line(self.epoch_dots, ends)
        if left_at is None:
            self.exit_mark.set_data([], [])
        else:
            self.exit_mark.set_data([shown[-1, 0]], [shown[-1, 1]])
        iterations = np.arange(1, end + 1) / per_epoch
        batch_losses = run.batch_losses[:end]
        low, high = MSE_RANGE
        self.batch_line.set_data(
            iterations - 1 / per_epoch, np.clip(batch_losses, low / 10, high * 10)
        )
        epoch_losses = np.clip(run.epoch_losses[: epochs + 1], low / 10, high * 10)
        self.epoch_line.set_data(np.arange(epochs + 1), epoch_losses)
        diverged = run.diverged_at is not None and run.diverged_at <= end
        if diverged:
            self.blowup.set_data([run.diverged_at / per_epoch], [high / 3])
            self.show_message(
                f"lr = {run.learning_rate:.3g} is too large for batches of {run.batch_size}: "
                f"the loss passed {minibatch.DIVERGENCE_LIMIT:.0e}\nat iteration "
                f"{run.diverged_at} and training stopped."
            )
        else:
            self.blowup.set_data([], [])
            self.show_message(None)

    def moving_artists(self) -> list:
        return [
            self.path_line,
            self.epoch_dots,
            self.exit_mark,
            self.batch_line,
            self.epoch_line,
            self.blowup,
        ]

    def describe(self, result) -> str:
        run, epochs, end = result["run"], result["epochs"], result["end"]
        n = len(self.data.y)
        final = float(run.losses[end])
        text = (
            f"{n} examples, batch size {run.batch_size}: {run.iterations_per_epoch} iterations "
            f"per epoch, {end} iterations in {epochs} epochs at lr {run.learning_rate:.3g}; "
        )
        if run.diverged_at is not None and run.diverged_at <= end:
            return text + f"diverged at iteration {run.diverged_at}."
        return text + (
            f"final MSE {final:,.0f} ({final / self.best_loss:.3f} × the least-squares minimum "
            f"{self.best_loss:,.0f}), w = {run.weights[end, 0]:.1f}, b = {run.biases[end]:.1f}."
        )


# -- 5. four optimizers race -------------------------------------------------------------
RACE_MAX_STEPS = 200


class OptimizerRace(Experiment):
    """Gradient descent, momentum, RMSProp and Adam from the same start with the same lr."""

    call_name = "gradient_descent.OptimizerRace"
    figsize = (9.5, 3.9)

    def make_controls(self):
        return {
            "landscape": dropdown("landscape", ["ravine", "Rosenbrock", "bowl", "wells"], "ravine"),
            "lr": log_slider("learning rate (all four)", 0.03, 1e-4, 1.0),
            "beta": slider("momentum β", 0.9, 0.0, 0.99, 0.01),
            "steps": slider("steps", 100, 10, RACE_MAX_STEPS, 10, integer=True),
        }

    def _path(self, name: str, optimizer: str, lr: float, beta: float) -> Path:
        """RACE_MAX_STEPS of one optimizer, computed once; the steps slider only cuts it."""
        landscape = shared_landscape(name)
        key = (
            name,
            optimizer,
            round(float(lr), 12),
            round(beta, 6) if optimizer == "momentum" else None,
        )
        return self.memo(
            key,
            lambda: optimize_path(
                landscape,
                make_optimizer(optimizer, float(lr), beta),
                landscape.start,
                RACE_MAX_STEPS,
            ),
        )

    def compute(self, landscape, lr, beta, steps):
        paths = {name: self._path(landscape, name, lr, beta) for name in OPTIMIZERS}
        surface = shared_landscape(landscape)
        final = {}
        for name, path in paths.items():
            loss = path.losses[steps]
            final[name] = float(loss - surface.minimum_value) if np.isfinite(loss) else np.inf
        ranking = sorted(final, key=lambda name: final[name])
        return {
            "landscape": surface,
            "paths": paths,
            "lr": float(lr),
            "beta": float(beta),
            "steps": steps,
            "final": final,
            "ranking": ranking,
        }

    def build(self, fig: Figure) -> None:
        self.ax_map, self.ax_loss = fig.subplots(1, 2, width_ratios=(1.1, 1))
        self.contours = {}
        for name in self.controls["landscape"].options:
            landscape = shared_landscape(name)
            self.contours[name] = draw_contours(self.ax_map, landscape, landscape.bounds)
        self.path_lines, self.end_marks, self.loss_lines, self.blowups = {}, {}, {}, {}
        for name, (colour, marker) in OPTIMIZER_STYLES.items():
            (self.path_lines[name],) = self.ax_map.plot(
                [], [], "-", color=colour, lw=1.6, alpha=0.9, label=name
            )
            (self.end_marks[name],) = self.ax_map.plot(
                [], [], marker, color=colour, mec="black", ms=8
            )
            (self.loss_lines[name],) = self.ax_loss.plot(
                [], [], "-", marker=marker, markevery=0.1, ms=5, color=colour, lw=1.6, label=name
            )
            (self.blowups[name],) = self.ax_loss.plot([], [], "X", color=colour, ms=11, mec="black")
        (self.start_dot,) = self.ax_map.plot(
            [], [], "o", color=COLORS["black"], ms=7, label="start"
        )
        (self.global_star,) = self.ax_map.plot(
            [], [], "*", color=COLORS["yellow"], mec="black", ms=15, zorder=5, label="minimum"
        )
        self.ax_map.set(xlabel="parameter x", ylabel="parameter y")
        self.ax_map.legend(loc="lower left", fontsize=7, ncols=2)
        self.ax_loss.set(
            yscale="log",
            ylim=LOSS_RANGE,
            xlim=(0, RACE_MAX_STEPS),
            xlabel="step",
            ylabel="loss above the minimum (log)",
            title="Loss at each step",
        )
        self.ax_loss.minorticks_off()
        self.ax_loss.legend(loc="lower left", fontsize=7)

    def update(self, result) -> None:
        landscape, steps = result["landscape"], result["steps"]
        for name, contours in self.contours.items():
            contours.set_visible(name == landscape.name)
        (x0, x1), (y0, y1) = landscape.bounds
        self.ax_map.set(xlim=(x0, x1), ylim=(y0, y1))
        self.ax_map.title.set_text(f"{landscape.name}: four optimizers, one start")
        self.start_dot.set_data([landscape.start[0]], [landscape.start[1]])
        self.global_star.set_data([landscape.minimum[0]], [landscape.minimum[1]])
        for name, path in result["paths"].items():
            points, _ = path_in_view(path.path[: steps + 1], landscape.bounds)
            set_path_line(self.path_lines[name], points)
            end = points[-1] if len(points) else landscape.start
            self.end_marks[name].set_data([end[0]], [end[1]])
            losses = shown_losses(excess_loss(landscape, path.losses[: steps + 1]))
            self.loss_lines[name].set_data(np.arange(steps + 1), losses)
        blown = []
        for name, path in result["paths"].items():
            if path.diverged and path.diverged_at <= steps:
                self.blowups[name].set_data([path.diverged_at], [BLOWUP_Y])
                blown.append(f"{name} (step {path.diverged_at})")
            else:
                self.blowups[name].set_data([], [])
        self.show_message(
            f"Diverged (✕): {', '.join(blown)}.\nThis lr is too large for them here."
            if len(blown) == len(OPTIMIZERS)
            else None
        )

    def moving_artists(self) -> list:
        return [
            *self.path_lines.values(),
            *self.end_marks.values(),
            *self.loss_lines.values(),
            *self.blowups.values(),
        ]

    def background_key(self):
        return self.settings["landscape"]

    def describe(self, result) -> str:
        parts = []
        for place, name in enumerate(result["ranking"], start=1):
            path = result["paths"][name]
            if path.diverged and path.diverged_at <= result["steps"]:
                parts.append(f"{place}. {name} diverged at step {path.diverged_at}")
            else:
                parts.append(f"{place}. {name} {_fmt(result['final'][name])}")
        return (
            f"Loss above the minimum after {result['steps']} steps on "
            f"{result['landscape'].name} (lr = {result['lr']:.3g} for all four, momentum "
            f"β = {result['beta']:.2f}): " + "; ".join(parts) + "."
        )


# -- 6. learning-rate schedules ---------------------------------------------------------
SCHEDULE_STEPS = 200
SCHEDULE_NAMES = ["constant", "step", "cosine", "one_cycle"]
#: step_decay: halve the learning rate every STEP_SIZE steps.
STEP_SIZE, STEP_GAMMA = SCHEDULE_STEPS // 5, 0.5


def make_schedule(name: str, lr: float, steps: int = SCHEDULE_STEPS):
    """The schedule ``name`` with base (peak) learning rate lr, as a function of the step t."""
    if name == "constant":
        return functools.partial(schedules.constant, lr=lr)
    if name == "step":
        return functools.partial(schedules.step_decay, lr=lr, step_size=STEP_SIZE, gamma=STEP_GAMMA)
    if name == "cosine":
        return functools.partial(schedules.cosine_decay, lr_max=lr, total_steps=steps)
    if name == "one_cycle":
        return functools.partial(schedules.one_cycle, lr_max=lr, total_steps=steps)
    raise ValueError(f"schedule must be one of {SCHEDULE_NAMES}, got {name!r}")


class Schedules(Experiment):
    """Gradient descent on the ravine with a learning-rate schedule, against a constant lr."""

    call_name = "gradient_descent.Schedules"
    figsize = (9.5, 3.8)

    def __init__(self, **settings) -> None:
        self.landscape = shared_landscape("ravine")
        self.threshold = divergence_threshold(self.landscape.hessian)
        super().__init__(**settings)

    def make_controls(self):
        return {
            "schedule": dropdown("schedule", SCHEDULE_NAMES, "cosine"),
            "lr": slider("base learning rate", 0.055, 0.005, 0.1, 0.005, readout_format=".3f"),
        }

    def _run(self, name: str, lr: float) -> Path:
        key = (name, round(float(lr), 12))
        return self.memo(
            key,
            lambda: optimize_path(
                self.landscape,
                OPTIMIZERS["gradient descent"](lr=lr),
                self.landscape.start,
                SCHEDULE_STEPS,
                schedule=make_schedule(name, lr),
            ),
        )

    def compute(self, schedule, lr):
        t = np.arange(SCHEDULE_STEPS)
        rates = make_schedule(schedule, lr)(t)
        return {
            "schedule": schedule,
            "lr": float(lr),
            "rates": rates,
            "path": self._run(schedule, lr),
            "constant": self._run("constant", lr),
            "steps_above": int(np.sum(rates > self.threshold)),
        }

    def build(self, fig: Figure) -> None:
        self.ax_lr, self.ax_loss = fig.subplots(1, 2)
        ax = self.ax_lr
        t = np.arange(SCHEDULE_STEPS)
        (self.constant_rate,) = ax.plot(
            t, np.zeros(SCHEDULE_STEPS), color=COLORS["grey"], ls="--", label="constant"
        )
        (self.rate_line,) = ax.plot(
            t, np.zeros(SCHEDULE_STEPS), color=COLORS["blue"], label="the schedule"
        )
        ax.axhline(
            self.threshold,
            color=COLORS["vermillion"],
            ls=":",
            lw=1.5,
            label=f"2/λ_max = {self.threshold:.3g} (above: unstable)",
        )
        ax.set(
            xlim=(0, SCHEDULE_STEPS),
            ylim=(0, 0.105),
            xlabel="step",
            ylabel="learning rate",
            title="The learning rate at each step",
        )
        ax.legend(loc="upper right", fontsize=8)
        ax = self.ax_loss
        (self.constant_loss,) = ax.plot([], [], color=COLORS["grey"], ls="--", label="constant lr")
        (self.loss_line,) = ax.plot([], [], color=COLORS["blue"], label="the schedule")
        (self.blowup,) = ax.plot(
            [], [], "X", color=COLORS["blue"], mec="black", ms=11, label="blew up (loss > 1e8)"
        )
        (self.constant_blowup,) = ax.plot([], [], "X", color=COLORS["grey"], mec="black", ms=11)
        ax.set(
            yscale="log",
            ylim=LOSS_RANGE,
            xlim=(0, SCHEDULE_STEPS),
            xlabel="step",
            ylabel="loss (log scale)",
            title="Gradient descent on the ravine",
        )
        ax.minorticks_off()
        ax.legend(loc="lower left", fontsize=8)

    def update(self, result) -> None:
        self.rate_line.set_ydata(result["rates"])
        self.constant_rate.set_ydata(np.full(SCHEDULE_STEPS, result["lr"]))
        path, constant = result["path"], result["constant"]
        steps = np.arange(SCHEDULE_STEPS + 1)
        self.loss_line.set_data(steps, shown_losses(path.losses))
        self.constant_loss.set_data(steps, shown_losses(constant.losses))
        for mark, run in ((self.blowup, path), (self.constant_blowup, constant)):
            mark.set_data(*(([run.diverged_at], [BLOWUP_Y]) if run.diverged else ([], [])))
        both = path.diverged and constant.diverged
        self.show_message(
            f"Both runs diverged (✕): base lr {result['lr']:.3g} stays above 2/λ_max = "
            f"{self.threshold:.3g} for too long."
            if both
            else None
        )

    def moving_artists(self) -> list:
        return [
            self.rate_line,
            self.constant_rate,
            self.loss_line,
            self.constant_loss,
            self.blowup,
            self.constant_blowup,
        ]

    def describe(self, result) -> str:
        path, constant = result["path"], result["constant"]

        def outcome(run: Path) -> str:
            if run.diverged:
                return f"diverged at step {run.diverged_at}"
            return f"final loss {run.losses[-1]:.3g} after {SCHEDULE_STEPS} steps"

        text = (
            f"{result['schedule']} schedule from lr {result['lr']:.3g} (above 2/λ_max = "
            f"{self.threshold:.3g} for {result['steps_above']} of {SCHEDULE_STEPS} steps): "
            f"{outcome(path)}; constant lr {result['lr']:.3g}: {outcome(constant)}"
        )
        if result["schedule"] == "constant" or path.diverged or constant.diverged:
            return text + "."
        better = "schedule" if path.losses[-1] < constant.losses[-1] else "constant lr"
        return text + f"; the {better} ends lower."


# -- 7. the ravine challenge -------------------------------------------------------------
CHALLENGE_STEPS = 200
TARGET_LOSS = 1e-4
TARGET_STEPS = 30


def steps_to_target(path: Path, target: float = TARGET_LOSS) -> int | None:
    """The first step at which the loss is at or below target, or None."""
    below = np.nonzero(path.losses <= target)[0]
    return int(below[0]) if len(below) else None


def heavy_ball_optimum(landscape: Quadratic) -> tuple[float, float, float]:
    """(lr, β, rate) of the fastest momentum on a quadratic in the long run (Polyak 1964;
    Goh, "Why Momentum Really Works", 2017).

    With curvatures λ_min and λ_max: lr = (2 / (√λ_max + √λ_min))², β = ((√κ − 1) / (√κ + 1))²
    with κ = λ_max / λ_min; the distance to the minimum then shrinks by about rate = √β per
    step. Over a few dozen steps other settings can get to a given loss sooner.
    """
    low, high = np.sqrt(landscape.eigenvalues)
    kappa_root = high / low
    beta = ((kappa_root - 1) / (kappa_root + 1)) ** 2
    return float((2 / (high + low)) ** 2), float(beta), float(np.sqrt(beta))


class RavineChallenge(Experiment):
    """Challenge: tune lr and momentum to reach a low loss on the ravine in few steps."""

    call_name = "gradient_descent.RavineChallenge"
    figsize = (9.5, 3.8)

    def __init__(self, **settings) -> None:
        self.landscape = shared_landscape("ravine")
        super().__init__(**settings)

    def make_controls(self):
        return {
            "lr": log_slider("learning rate", 0.01, 1e-3, 1.0),
            "beta": slider("momentum β", 0.0, 0.0, 0.99, 0.01),
        }

    def compute(self, lr, beta):
        key = (round(float(lr), 12), round(float(beta), 6))
        path = self.memo(
            key,
            lambda: optimize_path(
                self.landscape,
                Momentum(lr=float(lr), beta=float(beta)),
                self.landscape.start,
                CHALLENGE_STEPS,
            ),
        )
        return {
            "lr": float(lr),
            "beta": float(beta),
            "path": path,
            "reached": steps_to_target(path),
        }

    def build(self, fig: Figure) -> None:
        self.ax_map, self.ax_loss = fig.subplots(1, 2, width_ratios=(1.1, 1))
        ax = self.ax_map
        draw_contours(ax, self.landscape, self.landscape.bounds)
        (self.path_line,) = ax.plot([], [], ".-", color=COLORS["blue"], lw=1.2, ms=4, label="path")
        ax.plot(*self.landscape.start, "o", color=COLORS["black"], ms=7, label="start")
        ax.plot(0, 0, "*", color=COLORS["orange"], mec="black", ms=15, label="minimum")
        (self.exit_mark,) = ax.plot(
            [], [], "X", color=COLORS["vermillion"], ms=12, label="left the plot"
        )
        (x0, x1), (y0, y1) = self.landscape.bounds
        ax.set(
            xlim=(x0, x1),
            ylim=(y0, y1),
            xlabel="parameter x",
            ylabel="parameter y",
            title="Momentum on the ravine",
        )
        ax.legend(loc="upper right", fontsize=8)
        ax = self.ax_loss
        (self.loss_line,) = ax.plot([], [], color=COLORS["blue"], label="loss")
        ax.plot(
            [0, TARGET_STEPS, TARGET_STEPS],
            [TARGET_LOSS, TARGET_LOSS, LOSS_RANGE[0]],
            color=COLORS["green"],
            ls=":",
            lw=1.5,
            label=f"target: ≤ {TARGET_LOSS:g} within {TARGET_STEPS} steps",
        )
        (self.reached_dot,) = ax.plot(
            [], [], "o", color=COLORS["green"], mec="black", ms=9, label="first below the target"
        )
        (self.blowup,) = ax.plot(
            [], [], "X", color=COLORS["vermillion"], ms=11, label="blew up (loss > 1e8)"
        )
        ax.set(
            yscale="log",
            ylim=LOSS_RANGE,
            xlim=(0, CHALLENGE_STEPS),
            xlabel="step",
            ylabel="loss (log scale)",
            title="Loss at each step",
        )
        ax.minorticks_off()
        ax.legend(loc="upper right", fontsize=8)

    def update(self, result) -> None:
        path = result["path"]
        points, left_at = path_in_view(path, self.landscape.bounds)
        set_path_line(self.path_line, points)
        if left_at is None:
            self.exit_mark.set_data([], [])
        else:
            self.exit_mark.set_data([points[-1, 0]], [points[-1, 1]])
        losses = shown_losses(path.losses)
        self.loss_line.set_data(np.arange(len(losses)), losses)
        reached = result["reached"]
        if reached is None:
            self.reached_dot.set_data([], [])
        else:
            self.reached_dot.set_data([reached], [losses[reached]])
        if path.diverged:
            self.blowup.set_data([path.diverged_at], [BLOWUP_Y])
            self.show_message(
                f"lr = {result['lr']:.3g} with β = {result['beta']:.2f} diverges: the loss "
                f"passed 1e8 at step {path.diverged_at}.\nMomentum adds up past steps, so it "
                "needs a smaller lr than plain gradient descent."
            )
        else:
            self.blowup.set_data([], [])
            self.show_message(None)

    def moving_artists(self) -> list:
        return [self.path_line, self.exit_mark, self.loss_line, self.reached_dot, self.blowup]

    def describe(self, result) -> str:
        path, reached = result["path"], result["reached"]
        head = f"Momentum with lr = {result['lr']:.3g}, β = {result['beta']:.2f}"
        if path.diverged:
            return f"{head}: diverged (the loss passed 1e8 at step {path.diverged_at})."
        when = (
            f"below {TARGET_LOSS:g} at step {reached}"
            if reached is not None
            else f"not below {TARGET_LOSS:g} within {CHALLENGE_STEPS} steps"
        )
        return (
            f"{head}: loss {path.losses[0]:.3g} → {_fmt(path.losses[-1])} after "
            f"{CHALLENGE_STEPS} steps; {when}."
        )

    def challenge_status(self, result) -> tuple[bool, str]:
        goal = f"get the loss to {TARGET_LOSS:g} or below within {TARGET_STEPS} steps"
        reached = result["reached"]
        if reached is not None and reached <= TARGET_STEPS:
            return True, f"{goal}: you took {reached} steps. Can you go faster?"
        if reached is None:
            return False, f"{goal} (now: not even within {CHALLENGE_STEPS} steps)."
        return False, f"{goal} (now: {reached} steps)."
