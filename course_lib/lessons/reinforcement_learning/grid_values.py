"""GridValues: state, action, reward, policy and value on a small maze, and what γ does."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from matplotlib.figure import Figure

from course_lib.lessons.reinforcement_learning.common import ValueMap, lesson_grid
from course_lib.live import Experiment, slider
from course_lib.rl.planning import Sweeps, discounted_return, tabular_model, value_iteration
from course_lib.rl.td import Episode, run_greedy_episode
from course_lib.style import COLORS

HORIZON = 15


@dataclass(frozen=True)
class GridResult:
    gamma: float
    slip: float
    sweeps: Sweeps  # value iteration at this gamma: the optimal values and policy
    episode: Episode  # the greedy policy walked once from S
    discounted: float  # the episode's discounted return

    @property
    def start_value(self) -> float:
        return float(self.sweeps.final[0])


class GridValues(Experiment):
    """The optimal value of every cell and the policy's arrows, for a discount γ you choose."""

    call_name = "reinforcement_learning.GridValues"
    figsize = (9.6, 3.6)

    def make_controls(self):
        return {
            "gamma": slider("discount γ", 0.9, 0.0, 1.0, 0.05),
            "slip": slider("chance to slip sideways", 0.0, 0.0, 0.4, 0.1),
        }

    def compute(self, gamma: float, slip: float) -> GridResult:
        def solve() -> GridResult:
            env = lesson_grid(slip)
            sweeps = value_iteration(tabular_model(env), gamma, tol=1e-8, max_sweeps=2000)
            q = np.eye(env.n_actions)[sweeps.policy]  # act by the policy's arrows
            episode = run_greedy_episode(env, q, seed=0, max_steps=50)
            return GridResult(
                float(gamma),
                float(slip),
                sweeps,
                episode,
                discounted_return(episode.rewards, gamma),
            )

        return self.memo((gamma, slip), solve)

    def build(self, fig: Figure) -> None:
        ax_map, ax_weights = fig.subplots(1, 2, width_ratios=(1.5, 1))
        self.map = ValueMap(ax_map, lesson_grid(), vlim=10, label="value v(s) (expected return)")
        (self.path,) = ax_map.plot(
            [], [], color=COLORS["orange"], lw=2.5, alpha=0.8, label="one walk by the policy"
        )
        ax_map.set_title("Values and the policy's arrows")
        ax_map.legend(loc="upper center", bbox_to_anchor=(0.5, -0.17), fontsize=8)
        steps = np.arange(HORIZON + 1)
        self.weights = ax_weights.bar(steps, np.zeros(HORIZON + 1), color=COLORS["sky"], label="γᵗ")
        ax_weights.set(
            xlim=(-0.6, HORIZON + 0.6),
            ylim=(0, 1.05),
            xlabel="steps from now, t",
            ylabel="weight γᵗ of a reward",
            title="What a later reward is worth now",
        )

    def update(self, result: GridResult) -> None:
        self.map.show(result.sweeps.final, result.sweeps.policy)
        rows, cols = np.divmod(result.episode.states, lesson_grid().shape[1])
        self.path.set_data(cols, rows)
        for t, bar in enumerate(self.weights):
            bar.set_height(result.gamma**t)

    def moving_artists(self) -> list:
        return [*self.map.artists(), self.path, *self.weights]

    def describe(self, result: GridResult) -> str:
        e = result.episode
        end = {"goal": "reaches the goal", "pit": "falls into the pit"}.get(
            lesson_grid().kind(e.states[-1]), "is still wandering"
        )
        return (
            f"γ = {result.gamma:.2f}, slip {result.slip:.0%}: the start is worth "
            f"{result.start_value:+.2f}; one walk by the policy {end} in {len(e.actions)} steps, "
            f"return {e.total_reward:+.0f}, discounted {result.discounted:+.2f}; "
            f"a reward 10 steps away counts {result.gamma**10:.2f} of its size."
        )
