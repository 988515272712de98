"""Descent1D: one parameter θ, one step at a time; the tangent's slope is the gradient."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from matplotlib.figure import Figure

from course_lib import plots, stability
from course_lib.landscapes import CURVE_STEPS, curve_gradient, curve_loss, descent_1d
from course_lib.lessons.gradient_descent.common import (
    DIVERGED,
    DIVERGED_Y,
    LOSS_RANGE,
    shown_losses,
)
from course_lib.live import Experiment, log_slider, slider
from course_lib.style import COLORS

CURVE_XLIM, CURVE_YLIM = (-3.2, 4.7), (-2.5, 22.0)
#: Heights (in loss units, below the curve) of the step arrow and its label.
ARROW_Y, ARROW_TEXT_Y = -1.3, -2.3


@dataclass(frozen=True)
class Descent1DResult:
    lr: float
    step: int  # the step asked for
    shown: int  # the step shown: the last one before a divergence, if it came earlier
    thetas: np.ndarray  # θ after 0, 1, ..., CURVE_STEPS steps (NaN from a divergence on)
    losses: np.ndarray  # L(θ) at each of them
    theta: float
    loss: float
    gradient: float
    next_theta: float  # θ − lr · gradient
    next_loss: float
    diverged_at: int | None


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
        lr = float(lr)
        thetas = self.memo(("path", lr), lambda: descent_1d(lr))
        losses = curve_loss(thetas)
        diverged_at = stability.diverged_at(losses)
        shown = step if diverged_at is None else min(step, diverged_at - 1)
        theta = float(thetas[shown])
        gradient = curve_gradient(theta)
        after = theta - lr * gradient
        return Descent1DResult(
            lr=lr,
            step=step,
            shown=shown,
            thetas=thetas,
            losses=losses,
            theta=theta,
            loss=curve_loss(theta),
            gradient=gradient,
            next_theta=after,
            next_loss=curve_loss(after),
            diverged_at=diverged_at,
        )

    def build(self, fig: Figure) -> None:
        self.ax_curve, self.ax_loss = fig.subplots(1, 2, width_ratios=(1.5, 1))
        self._build_curve(self.ax_curve)
        ax = self.ax_loss
        (self.loss_all,) = ax.plot(
            [], [], color=COLORS["grey"], lw=1, ls=":", label="the steps to come"
        )
        (self.loss_done,) = ax.plot([], [], "o-", color=COLORS["sky"], lw=1.5, ms=3, label="so far")
        (self.loss_now,) = ax.plot([], [], "o", color=COLORS["blue"], ms=8, label="now")
        self.diverged_mark = plots.divergence_mark(ax)
        plots.log_axis(
            ax,
            LOSS_RANGE,
            xlim=(-0.5, CURVE_STEPS + 0.5),
            ylabel="loss L(θ) (log scale)",
            title="Loss at each step",
        )
        ax.legend(loc="upper right", fontsize=8)

    def _build_curve(self, ax) -> None:
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
            xy=(0, ARROW_Y),
            xytext=(0, ARROW_Y),
            arrowprops={"arrowstyle": "->", "color": COLORS["blue"], "lw": 1.5},
            in_layout=False,
        )
        self.step_text = ax.text(
            0, ARROW_TEXT_Y, "", ha="center", fontsize=8, color=COLORS["blue"], in_layout=False
        )
        ax.set(
            xlim=CURVE_XLIM,
            ylim=CURVE_YLIM,
            xlabel="parameter θ",
            ylabel="loss L(θ)",
            title="θ ← θ − lr · dL/dθ",
        )
        ax.legend(loc="upper center", fontsize=8, ncols=2)

    def update(self, result: Descent1DResult) -> None:
        done = slice(0, result.shown + 1)
        self.visited.set_data(result.thetas[done], result.losses[done])
        self.current.set_data([result.theta], [result.loss])
        half_width = 1.2 / np.sqrt(1 + result.gradient**2) + 0.3
        xs = np.array([result.theta - half_width, result.theta + half_width])
        self.tangent.set_data(xs, result.loss + result.gradient * (xs - result.theta))
        self.next_point.set_data([result.next_theta], [result.next_loss])
        # The arrow from θ to the next θ, cut to the plot when a step overshoots it.
        shown_theta, shown_next = np.clip([result.theta, result.next_theta], *CURVE_XLIM)
        self.arrow.xy = (shown_next, ARROW_Y)
        self.arrow.set_position((shown_theta, ARROW_Y))
        self.step_text.set_position(((shown_theta + shown_next) / 2, ARROW_TEXT_Y))
        self.step_text.set_text(f"−lr·gradient = {-result.lr * result.gradient:+.3g}")
        steps = np.arange(len(result.thetas))
        losses = shown_losses(result.losses)
        self.loss_all.set_data(steps, losses)
        self.loss_done.set_data(steps[done], losses[done])
        self.loss_now.set_data([result.shown], [losses[result.shown]])
        # The ✕ appears when the learner steps to the divergence, not before.
        reached = result.diverged_at is not None and result.step >= result.diverged_at
        plots.show_point(self.diverged_mark, result.diverged_at if reached else None, DIVERGED_Y)
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
            self.diverged_mark,
        ]

    def _trouble(self, result: Descent1DResult) -> str | None:
        if result.diverged_at is not None and result.step >= result.diverged_at:
            return (
                f"lr = {result.lr:.3g} is too large: every step overshoots further,\n"
                f"and at step {result.diverged_at} the loss passed {DIVERGED}. "
                f"Shown: step {result.shown}, the last before it diverged."
            )
        if not CURVE_XLIM[0] <= result.theta <= CURVE_XLIM[1]:
            return f"θ = {result.theta:.3g} is off the plot: lr = {result.lr:.3g} overshoots."
        return None

    def describe(self, result: Descent1DResult) -> str:
        lr, gradient, theta = result.lr, result.gradient, result.theta
        return (
            f"Step {result.shown} (lr = {lr:.3g}): θ = {theta:.4g}, "
            f"L(θ) = {result.loss:.4g}, gradient dL/dθ = {gradient:.4g}; "
            f"next θ = θ − lr·gradient = {theta:.4g} − {lr:.3g} × ({gradient:.4g}) "
            f"= {result.next_theta:.4g}."
        )
