"""LogLossCurve: the log-loss of one example as the predicted probability p moves."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from matplotlib.figure import Figure

from course_lib import losses
from course_lib.live import Experiment, slider
from course_lib.style import COLORS

#: The top of the loss axis; a loss above it is marked at the top and explained.
YMAX = 7.0


@dataclass(frozen=True)
class LogLossResult:
    p: float  # the predicted probability of class 1
    if_1: float  # the log-loss if the true label is 1: −log p
    if_0: float  # the log-loss if the true label is 0: −log(1 − p)


class LogLossCurve(Experiment):
    """Slide the predicted probability p: the log-loss if the true label is 1 and if it is 0."""

    call_name = "loss.LogLossCurve"
    figsize = (7.0, 3.6)

    def make_controls(self):
        return {"p": slider("predicted probability p of class 1", 0.7, 0.0, 1.0, 0.01)}

    def compute(self, p: float) -> LogLossResult:
        return LogLossResult(p, losses.log_loss([1.0], [p]), losses.log_loss([0.0], [p]))

    def build(self, fig: Figure) -> None:
        self.ax = ax = fig.add_subplot()
        grid = np.linspace(0.001, 0.999, 400)
        ax.plot(grid, -np.log(grid), color=COLORS["blue"], label="true label y = 1: −log p")
        ax.plot(
            grid,
            -np.log(1 - grid),
            color=COLORS["orange"],
            ls="--",
            label="true label y = 0: −log(1 − p)",
        )
        (self.dot_1,) = ax.plot([], [], "o", color=COLORS["blue"], mec="black")
        (self.dot_0,) = ax.plot([], [], "s", color=COLORS["orange"], mec="black")
        self.cursor = ax.axvline(0.5, color=COLORS["grey"], lw=1)
        ax.set(
            xlim=(0, 1),
            ylim=(0, YMAX),
            xlabel="predicted probability p of class 1",
            ylabel="log-loss (nats)",
            title="Log-loss of one example",
        )
        ax.legend(loc="upper center")

    def update(self, result: LogLossResult) -> None:
        p = result.p
        self.cursor.set_xdata([p, p])
        self.dot_1.set_data([p], [min(result.if_1, YMAX)])
        self.dot_0.set_data([p], [min(result.if_0, YMAX)])
        worst = max(result.if_1, result.if_0)
        if worst > YMAX:
            label = 1 if result.if_1 > result.if_0 else 0
            self.show_message(
                f"p = {p:g} is certain, and if the true label is {label} it is certainly wrong:\n"
                f"−log(0) is infinite. We clip p to [{losses.EPS:g}, 1 − {losses.EPS:g}],\n"
                f"so the loss is {worst:.1f} (far above this plot)."
            )

    def moving_artists(self) -> list:
        return [self.cursor, self.dot_1, self.dot_0]

    def describe(self, result: LogLossResult) -> str:
        return (
            f"At p = {result.p:.2f}: log-loss {result.if_1:.3f} if the true label is 1, "
            f"{result.if_0:.3f} if it is 0."
        )
