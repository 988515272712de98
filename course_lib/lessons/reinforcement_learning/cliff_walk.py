"""CliffWalk: Q-learning beside SARSA on the cliff, the optimal path and the safe one."""

from __future__ import annotations

from dataclasses import dataclass

import ipywidgets as widgets
import numpy as np
from matplotlib.colors import ListedColormap
from matplotlib.figure import Figure

from course_lib.lessons.reinforcement_learning.common import RETURN, play_and_scrub
from course_lib.live import Experiment, slider
from course_lib.rl.envs import CliffWalk as CliffWalkEnv
from course_lib.rl.td import Episode, TDRun, moving_average, q_learning, run_greedy_episode, sarsa
from course_lib.style import COLORS

EPISODES = 500
PLAY_INTERVAL_MS = 700  # one frame a while: each is a whole picture to look at
SNAPSHOT_EVERY = 25
WINDOW = 25
LR = 0.5
RULES = {"Q-learning": q_learning, "SARSA": sarsa}
RULE_COLOURS = {"Q-learning": COLORS["vermillion"], "SARSA": COLORS["blue"]}
PATH_SHIFT = {"Q-learning": -0.12, "SARSA": 0.12}


@dataclass(frozen=True)
class CliffResult:
    epsilon: float
    episode: int  # the snapshot shown (a multiple of SNAPSHOT_EVERY)
    runs: dict[str, TDRun]
    walks: dict[str, Episode]  # the greedy walk after the snapshot shown, per rule
    smoothed: dict[str, np.ndarray]  # the returns while learning, moving average of WINDOW

    def walk(self, rule: str) -> Episode:
        return self.walks[rule]


class CliffWalk(Experiment):
    """The cliff: both agents explore with the same ε; which path does each learn?"""

    call_name = "reinforcement_learning.CliffWalk"
    figsize = (9.0, 4.6)

    def setup(self) -> None:
        self.env = CliffWalkEnv()

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
            "epsilon": slider("exploration ε", 0.1, 0.0, 0.3, 0.05, continuous=False),
            "episode": episode,
        }

    def extra_widgets(self) -> list[widgets.Widget]:
        return [self.scrubber]

    def _learn(self, epsilon: float) -> tuple[dict, dict]:
        runs, smoothed = {}, {}
        for name, learn in RULES.items():
            run = learn(
                self.env,
                EPISODES,
                lr=LR,
                gamma=1.0,
                epsilon=epsilon,
                seed=0,
                max_steps=500,
                snapshot_every=SNAPSHOT_EVERY,
            )
            runs[name] = run
            smoothed[name] = moving_average(run.returns, WINDOW)
        return runs, smoothed

    def _walk(self, run: TDRun, episode: int) -> Episode:
        """The greedy walk by the table learned after ``episode`` episodes."""
        return run_greedy_episode(self.env, run.snapshots[episode // SNAPSHOT_EVERY], max_steps=60)

    def compute(self, epsilon: float, episode: int) -> CliffResult:
        runs, smoothed = self.memo(epsilon, lambda: self._learn(epsilon))
        episode = int(episode) // SNAPSHOT_EVERY * SNAPSHOT_EVERY
        walks = {
            name: self.memo((epsilon, episode, name), lambda run=run: self._walk(run, episode))
            for name, run in runs.items()
        }
        return CliffResult(float(epsilon), episode, runs, walks, smoothed)

    def build(self, fig: Figure) -> None:
        ax_map, ax_returns = fig.subplots(2, 1, height_ratios=(1, 1.25))
        rows, cols = self.env.shape
        cliff = (self.env.grid() == "C").astype(float)
        ax_map.imshow(cliff, cmap=ListedColormap(["#F4F4F4", COLORS["grey"]]), vmin=0, vmax=1)
        for letter in "SG":
            r, c = np.argwhere(self.env.grid() == letter)[0]
            ax_map.text(c, r, letter, ha="center", va="center", fontweight="bold")
        ax_map.text(
            cols / 2 - 0.5,
            rows - 1,
            "the cliff: −100 and back to S",
            ha="center",
            va="center",
            color="white",
            fontsize=8,
        )
        self.paths = {}
        for name, colour in RULE_COLOURS.items():
            (self.paths[name],) = ax_map.plot(
                [], [], color=colour, lw=2.5, label=f"{name}'s greedy path"
            )
        ax_map.set(
            xticks=[],
            yticks=[],
            xlabel=f"{cols} columns",
            ylabel=f"{rows} rows",
            title="Where each agent walks when it stops exploring",
        )
        ax_map.grid(False)
        ax_map.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0), fontsize=8)
        self.curves = {}
        for name, colour in RULE_COLOURS.items():
            (self.curves[name],) = ax_returns.plot([], [], color=colour, label=name)
        ax_returns.axhline(-13, color=COLORS["black"], ls=":", lw=1, label="shortest path (−13)")
        ax_returns.axhline(-17, color=COLORS["grey"], ls="--", lw=1, label="safe path (−17)")
        ax_returns.set(
            xlim=(0, EPISODES),
            ylim=(-120, 0),
            xlabel="episode",
            ylabel=f"{RETURN},\nmean of {WINDOW}",
            title="Returns while learning (exploring with ε)",
        )
        ax_returns.legend(loc="lower right", fontsize=8, ncols=2)

    def update(self, result: CliffResult) -> None:
        cols = self.env.shape[1]
        for name, line in self.paths.items():
            rows_, cols_ = np.divmod(result.walk(name).states, cols)
            shift = PATH_SHIFT[name]  # so that where both paths agree, both show
            line.set_data(cols_ + shift, rows_ + shift)
        shown = np.arange(1, result.episode + 1)
        for name, curve in self.curves.items():
            curve.set_data(shown, result.smoothed[name][: result.episode])

    def moving_artists(self) -> list:
        return [*self.paths.values(), *self.curves.values()]

    def describe(self, result: CliffResult) -> str:
        parts = []
        for name in RULES:
            walk = result.walk(name)
            learning = result.runs[name].returns[max(0, result.episode - 100) : result.episode]
            online = (
                f", {learning.mean():+.0f} per episode while exploring" if len(learning) else ""
            )
            end = f"{walk.total_reward:+.0f}" if walk.terminated else "loops, never reaching G"
            parts.append(f"{name}: greedy path {end}{online}")
        return f"ε = {result.epsilon:.2f}, after {result.episode} episodes — " + "; ".join(parts)
