"""ValueIterationSweeps: planning with a known model, one Bellman sweep at a time."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from matplotlib.figure import Figure

from course_lib import plots
from course_lib.lessons.reinforcement_learning.common import ValueMap, lesson_grid
from course_lib.live import Experiment, slider
from course_lib.rl.planning import Sweeps, tabular_model, value_iteration
from course_lib.style import COLORS

MAX_SWEEPS = 20
CHANGE_RANGE = (1e-4, 30.0)


@dataclass(frozen=True)
class SweepResult:
    gamma: float
    sweep: int  # the sweep shown (clipped to the sweeps value iteration needed)
    sweeps: Sweeps  # every sweep value iteration kept
    changes: np.ndarray  # (sweeps,) the largest change of a value in each sweep

    @property
    def values(self) -> np.ndarray:
        return self.sweeps.values[self.sweep]

    @property
    def policy(self) -> np.ndarray:
        return self.sweeps.policies[self.sweep]

    def settled(self, cells: np.ndarray) -> int:
        """How many of ``cells`` (states) already point as the converged values do."""
        return int(np.sum(self.policy[cells] == self.sweeps.policy[cells]))


class ValueIterationSweeps(Experiment):
    """The values after k sweeps of v(s) ← max_a [r + γ v(s')], and the greedy arrows."""

    call_name = "reinforcement_learning.ValueIterationSweeps"
    figsize = (9.6, 3.6)

    def setup(self) -> None:
        self.env = lesson_grid()
        self.model = tabular_model(self.env)
        kinds = [self.env.kind(s) for s in range(self.env.n_states)]
        self.cells = np.flatnonzero(np.isin(kinds, ["free", "start"]))  # where arrows show

    def make_controls(self):
        return {
            "sweep": slider("sweep", 1, 0, MAX_SWEEPS, 1, integer=True),
            "gamma": slider("discount γ", 0.9, 0.5, 1.0, 0.05),
        }

    def compute(self, sweep: int, gamma: float) -> SweepResult:
        sweeps = self.memo(gamma, lambda: value_iteration(self.model, gamma, tol=1e-8))
        changes = np.abs(np.diff(sweeps.values, axis=0)).max(axis=1)
        return SweepResult(float(gamma), min(int(sweep), sweeps.sweeps), sweeps, changes)

    def build(self, fig: Figure) -> None:
        ax_map, ax_change = fig.subplots(1, 2, width_ratios=(1.5, 1))
        self.map = ValueMap(ax_map, self.env, vlim=10, label="value after k sweeps")
        self.map_title = ax_map.set_title("Values after sweep 0")
        (self.change_line,) = ax_change.plot(
            [], [], "o-", ms=3, color=COLORS["blue"], label="largest change in a sweep"
        )
        (self.now,) = ax_change.plot(
            [], [], "o", ms=9, color=COLORS["vermillion"], label="this sweep"
        )
        plots.log_axis(
            ax_change,
            CHANGE_RANGE,
            xlim=(0, MAX_SWEEPS + 0.5),
            xlabel="sweep k",
            ylabel="max |v_k(s) − v_k−1(s)|",
            title="How much a sweep changes",
        )
        ax_change.legend(loc="upper right", fontsize=8)

    def update(self, result: SweepResult) -> None:
        self.map.show(result.values, result.policy)
        self.map_title.set_text(f"Values after sweep {result.sweep}")
        k = np.arange(1, len(result.changes) + 1)
        changes = plots.clip_for_log(result.changes, CHANGE_RANGE)
        self.change_line.set_data(k, changes)
        if result.sweep > 0:
            plots.show_point(self.now, result.sweep, changes[result.sweep - 1])
        else:
            plots.show_point(self.now, None)

    def moving_artists(self) -> list:
        return [*self.map.artists(), self.map_title, self.change_line, self.now]

    def describe(self, result: SweepResult) -> str:
        return (
            f"γ = {result.gamma:.2f}: after sweep {result.sweep} of {result.sweeps.sweeps}, "
            f"{result.settled(self.cells)} of {len(self.cells)} arrows point as they finally "
            f"will; the start is worth {result.values[0]:+.2f} "
            f"(finally {result.sweeps.final[0]:+.2f})."
        )
