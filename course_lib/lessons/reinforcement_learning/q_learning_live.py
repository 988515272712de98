"""QLearningLive: an agent learning the maze by trial, its Q-table drawn as it learns.

Its Q(s, a) is an expected *return* for a state and an action, to be made large by
acting well; lesson 01's Q(a, X) was an average *loss* of a model, to be made small.
"""

from __future__ import annotations

from dataclasses import dataclass

import ipywidgets as widgets
import numpy as np
from matplotlib.figure import Figure

from course_lib.lessons.reinforcement_learning.common import (
    GRID_MAX_STEPS,
    RETURN,
    ValueMap,
    lesson_grid,
    play_and_scrub,
)
from course_lib.live import Experiment, slider
from course_lib.rl.planning import tabular_model, value_iteration
from course_lib.rl.td import TDRun, q_learning, run_greedy_episode
from course_lib.style import COLORS

EPISODES = 150
PLAY_INTERVAL_MS = 700  # one frame a while: each is a whole picture to look at
SNAPSHOT_EVERY = 5
#: The challenge: the greedy policy must walk an optimal path within this many episodes.
BUDGET = 15


@dataclass(frozen=True)
class QLearningResult:
    lr: float
    gamma: float
    epsilon: float
    episode: int  # the episode shown (a multiple of SNAPSHOT_EVERY)
    run: TDRun
    greedy_returns: np.ndarray  # the greedy policy's return after each snapshot
    optimal_return: float

    @property
    def index(self) -> int:
        return self.episode // SNAPSHOT_EVERY

    @property
    def q(self) -> np.ndarray:
        return self.run.snapshots[self.index]

    @property
    def first_optimal(self) -> int | None:
        """The first episode after which the greedy policy walks an optimal path, if any."""
        optimal = np.flatnonzero(self.greedy_returns >= self.optimal_return - 1e-9)
        return int(self.run.snapshot_episodes[optimal[0]]) if len(optimal) else None


class QLearningLive(Experiment):
    """Q-learning on the maze: press play to watch the value map and the arrows learn."""

    call_name = "reinforcement_learning.QLearningLive"
    figsize = (9.6, 3.8)

    def setup(self) -> None:
        self.env = lesson_grid()
        best = value_iteration(tabular_model(self.env), 1.0, tol=1e-8)
        walk = run_greedy_episode(self.env, np.eye(4)[best.policy], max_steps=GRID_MAX_STEPS)
        self.optimal_return = walk.total_reward

    def make_controls(self):
        episode, self.scrubber = play_and_scrub(
            "episodes",
            "episodes learned",
            EPISODES,
            SNAPSHOT_EVERY,
            play_step=2 * SNAPSHOT_EVERY,
            interval_ms=PLAY_INTERVAL_MS,
        )
        return {
            "lr": slider("step size α (lr)", 0.2, 0.1, 1.0, 0.1, continuous=False),
            "gamma": slider("discount γ", 0.9, 0.5, 1.0, 0.05, continuous=False),
            "epsilon": slider("exploration ε", 0.3, 0.0, 0.5, 0.05, continuous=False),
            "episode": episode,
        }

    def extra_widgets(self) -> list[widgets.Widget]:
        return [self.scrubber]

    def _learn(self, lr: float, gamma: float, epsilon: float) -> tuple[TDRun, np.ndarray]:
        run = q_learning(
            self.env,
            EPISODES,
            lr=lr,
            gamma=gamma,
            epsilon=epsilon,
            seed=0,
            max_steps=GRID_MAX_STEPS,
            snapshot_every=SNAPSHOT_EVERY,
        )
        greedy = np.array(
            [
                run_greedy_episode(self.env, q, max_steps=GRID_MAX_STEPS).total_reward
                for q in run.snapshots
            ]
        )
        return run, greedy

    def compute(self, lr: float, gamma: float, epsilon: float, episode: int) -> QLearningResult:
        run, greedy = self.memo((lr, gamma, epsilon), lambda: self._learn(lr, gamma, epsilon))
        episode = int(episode) // SNAPSHOT_EVERY * SNAPSHOT_EVERY
        return QLearningResult(
            float(lr), float(gamma), float(epsilon), episode, run, greedy, self.optimal_return
        )

    def build(self, fig: Figure) -> None:
        ax_map, ax_returns = fig.subplots(1, 2, width_ratios=(1.4, 1))
        self.map = ValueMap(ax_map, self.env, vlim=10, label="max over a of Q(s, a)")
        self.map_title = ax_map.set_title("Q-table after 0 episodes")
        (self.learning,) = ax_returns.plot(
            [], [], color=COLORS["sky"], lw=1, label="each episode (exploring)"
        )
        (self.greedy,) = ax_returns.plot(
            [], [], "o-", ms=3, color=COLORS["blue"], label="greedy policy so far"
        )
        ax_returns.axhline(
            self.optimal_return,
            color=COLORS["black"],
            ls=":",
            lw=1,
            label=f"optimal ({self.optimal_return:+.0f})",
        )
        ax_returns.axvline(
            BUDGET, color=COLORS["orange"], ls="--", lw=1, label=f"challenge budget ({BUDGET})"
        )
        ax_returns.set(
            xlim=(0, EPISODES),
            ylim=(-105, 15),
            xlabel="episode",
            ylabel=RETURN,
            title="Returns while learning",
        )
        ax_returns.legend(loc="lower right", fontsize=7.5)

    def update(self, result: QLearningResult) -> None:
        q = result.q
        unvisited = np.all(q == q[:, :1], axis=1)  # every action still at its start value
        self.map.show(q.max(axis=1), np.where(unvisited, -1, q.argmax(axis=1)))
        self.map_title.set_text(f"Q-table after {result.episode} episodes")
        shown = np.arange(1, result.episode + 1)
        self.learning.set_data(shown, result.run.returns[: result.episode])
        self.greedy.set_data(
            result.run.snapshot_episodes[: result.index + 1],
            result.greedy_returns[: result.index + 1],
        )

    def moving_artists(self) -> list:
        return [*self.map.artists(), self.map_title, self.learning, self.greedy]

    def describe(self, result: QLearningResult) -> str:
        first = result.first_optimal
        when = f"after episode {first}" if first is not None else f"not within {EPISODES}"
        return (
            f"α = {result.lr:.1f}, γ = {result.gamma:.2f}, ε = {result.epsilon:.2f}: after "
            f"{result.episode} episodes the greedy policy's return is "
            f"{result.greedy_returns[result.index]:+.0f} (optimal {result.optimal_return:+.0f}); "
            f"it first walks an optimal path {when}."
        )

    def challenge_status(self, result: QLearningResult) -> tuple[bool, str]:
        first = result.first_optimal
        reached = first is not None and first <= BUDGET
        return reached, (
            f"tune α, γ and ε so that the greedy policy walks an optimal path (return "
            f"{result.optimal_return:+.0f}) within {BUDGET} episodes"
            + (f": done after {first}." if reached else ".")
        )
