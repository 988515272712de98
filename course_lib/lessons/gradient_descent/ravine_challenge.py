"""RavineChallenge: tune lr and momentum to cross the ravine in as few steps as you can."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from matplotlib.figure import Figure

from course_lib import plots
from course_lib.convergence import (
    TARGET_LOSS,
    TARGET_STEPS,
    momentum_max_stable_lr,
    steps_to_target,
)
from course_lib.landscapes import shared_landscape
from course_lib.lessons.gradient_descent.common import (
    DIVERGED,
    DIVERGED_Y,
    LOSS_RANGE,
    landscape_layers,
    loss_text,
    shown_losses,
)
from course_lib.live import Experiment, log_slider, slider
from course_lib.optimizers import Momentum, Path, optimize_path
from course_lib.style import COLORS

CHALLENGE_STEPS = 200


@dataclass(frozen=True)
class ChallengeResult:
    lr: float
    beta: float
    path: Path
    reached: int | None  # the first step at or below TARGET_LOSS, or None


class RavineChallenge(Experiment):
    """Challenge: tune lr and momentum to reach a low loss on the ravine in few steps."""

    call_name = "gradient_descent.RavineChallenge"
    figsize = (9.5, 3.8)

    def setup(self) -> None:
        self.landscape = shared_landscape("ravine")

    def make_controls(self):
        return {
            "lr": log_slider("learning rate", 0.01, 1e-3, 1.0),
            "beta": slider("momentum β", 0.0, 0.0, 0.99, 0.01),
        }

    def compute(self, lr, beta):
        lr, beta = float(lr), float(beta)
        path = self.memo(
            (lr, beta),
            lambda: optimize_path(
                self.landscape, Momentum(lr=lr, beta=beta), self.landscape.start, CHALLENGE_STEPS
            ),
        )
        return ChallengeResult(lr=lr, beta=beta, path=path, reached=steps_to_target(path.losses))

    def build(self, fig: Figure) -> None:
        self.ax_map, self.ax_loss = fig.subplots(1, 2, width_ratios=(1.1, 1))
        ax = self.ax_map
        landscape_layers(ax, ["ravine"], lambda surface: surface.bounds)
        (self.path_line,) = ax.plot([], [], ".-", color=COLORS["blue"], lw=1.2, ms=4, label="path")
        ax.plot(*self.landscape.start, "o", color=COLORS["black"], ms=7, label="start")
        ax.plot(0, 0, "*", color=COLORS["orange"], mec="black", ms=15, label="minimum")
        self.exit_mark = plots.exit_mark(ax)
        # drawn whole on the frame where the path leaves (and left out of the layout)
        self.exit_mark.set_clip_on(False)
        self.exit_mark.set_in_layout(False)
        (x0, x1), (y0, y1) = self.landscape.bounds
        ax.set(
            xlim=(x0, x1),
            ylim=(y0, y1),
            xlabel="parameter x",
            ylabel="parameter y",
            title="Momentum on the ravine",
        )
        ax.legend(loc="upper right", fontsize=8, frameon=True, framealpha=0.95)
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
        self.diverged_mark = plots.divergence_mark(ax, f"diverged (loss > {DIVERGED})")
        plots.log_axis(ax, LOSS_RANGE, xlim=(0, CHALLENGE_STEPS), title="Loss at each step")
        ax.legend(loc="upper right", fontsize=8)

    def update(self, result: ChallengeResult) -> None:
        path = result.path
        points, left_at = plots.path_in_view(path.path, self.landscape.bounds)
        plots.set_path(self.path_line, points)
        plots.show_point(self.exit_mark, *(points[-1] if left_at is not None else (None, None)))
        losses = shown_losses(path.losses)
        self.loss_line.set_data(np.arange(len(losses)), losses)
        reached = result.reached
        plots.show_point(self.reached_dot, reached, None if reached is None else losses[reached])
        plots.show_point(self.diverged_mark, path.diverged_at, DIVERGED_Y)
        self.show_message(
            f"lr = {result.lr:.3g} with β = {result.beta:.2f} diverges: the loss passed "
            f"{DIVERGED} at step {path.diverged_at}.\nWith this β, momentum is stable only "
            f"for lr < 2(1 + β)/λ_max = {self._limit(result.beta):.3g}: make lr smaller."
            if path.diverged
            else None
        )

    def _limit(self, beta: float) -> float:
        """The largest lr at which momentum with this β does not diverge on the ravine."""
        return momentum_max_stable_lr(self.landscape.hessian, beta)

    def moving_artists(self) -> list:
        return [
            self.path_line,
            self.exit_mark,
            self.loss_line,
            self.reached_dot,
            self.diverged_mark,
        ]

    def describe(self, result: ChallengeResult) -> str:
        path, reached = result.path, result.reached
        head = f"Momentum with lr = {result.lr:.3g}, β = {result.beta:.2f}"
        if path.diverged:
            return f"{head}: diverged (the loss passed {DIVERGED} at step {path.diverged_at})."
        when = (
            f"below {TARGET_LOSS:g} at step {reached}"
            if reached is not None
            else f"not below {TARGET_LOSS:g} within {CHALLENGE_STEPS} steps"
        )
        return (
            f"{head}: loss {path.losses[0]:.3g} → {loss_text(path.losses[-1])} after "
            f"{CHALLENGE_STEPS} steps; {when}."
        )

    def challenge_status(self, result: ChallengeResult) -> tuple[bool, str]:
        goal = f"get the loss to {TARGET_LOSS:g} or below within {TARGET_STEPS} steps"
        reached = result.reached
        if reached is not None and reached <= TARGET_STEPS:
            return True, f"{goal}: you took {reached} steps. Can you go faster?"
        if reached is None:
            return False, f"{goal} (now: not even within {CHALLENGE_STEPS} steps)."
        return False, f"{goal} (now: {reached} steps)."
