"""View pieces shared by lesson 06's experiments: the gridworld, a map of its values, and a
player with its scrubber to replay learning."""

from __future__ import annotations

import ipywidgets as widgets
import numpy as np
from matplotlib import colormaps
from matplotlib.axes import Axes
from matplotlib.colors import Colormap

from course_lib.lessons.player import Player
from course_lib.live import slider
from course_lib.rl.envs import MOVES, GridWorld
from course_lib.style import COLORS, DIVERGING

#: The lesson's maze: start top left, goal bottom right, a pit and walls between.
GRID_LAYOUT = (
    "S...#.",
    ".##...",
    "...P#.",
    ".#...G",
)
#: Its rewards: every move costs 1, the goal pays 10, the pit costs 10.
GRID_REWARDS = {"step_reward": -1.0, "goal_reward": 10.0, "pit_reward": -10.0}
#: Where an episode is cut off while learning (a wandering agent stops here).
GRID_MAX_STEPS = 100
RETURN = "return (sum of rewards)"


def lesson_grid(slip: float = 0.0) -> GridWorld:
    """The lesson's gridworld (see GRID_LAYOUT), with a chance to slip sideways."""
    return GridWorld(GRID_LAYOUT, slip=slip, max_steps=GRID_MAX_STEPS, **GRID_REWARDS)


def _value_colours() -> Colormap:
    return colormaps[DIVERGING].with_extremes(bad="#555555")  # walls


class ValueMap:
    """A grid's state values as colours, with the policy's arrows on top.

    ``show(values, policy)`` updates it: values (states,), policy (states,) actions,
    -1 for no arrow. Walls are dark grey; goals, pits and cliff cells carry a letter.
    """

    def __init__(self, ax: Axes, env: GridWorld, vlim: float, label: str = "value") -> None:
        self.env = env
        rows, cols = env.shape
        kinds = np.array([env.kind(s) for s in range(env.n_states)])
        self.wall = (kinds == "wall").reshape(rows, cols)
        self.no_arrow = np.isin(kinds, ["wall", "goal", "pit", "cliff"])
        self.image = ax.imshow(
            np.ma.masked_array(np.zeros((rows, cols)), self.wall),
            cmap=_value_colours(),
            vmin=-vlim,
            vmax=vlim,
        )
        ax.figure.colorbar(self.image, ax=ax, label=label, shrink=0.8, pad=0.02)
        letters = {"goal": "G", "pit": "P", "start": "S", "cliff": "C"}
        self.letters = []  # drawn over the moving colours, so they move with them
        for s, kind in enumerate(kinds):
            if kind in letters:
                r, c = env.cell(s)
                text = ax.text(
                    c - 0.38,
                    r - 0.3,
                    letters[kind],
                    fontsize=8,
                    fontweight="bold",
                    color=COLORS["black"],
                    ha="left",
                    va="center",
                    zorder=30,
                )
                self.letters.append(text)
        cols_, rows_ = np.meshgrid(np.arange(cols), np.arange(rows))
        zeros = np.zeros(rows * cols)
        self.arrows = ax.quiver(
            cols_.ravel(),
            rows_.ravel(),
            zeros,
            zeros,
            angles="uv",
            pivot="middle",
            scale=2.2,
            scale_units="xy",
            width=0.012,
            color=COLORS["black"],
            edgecolor="white",
            linewidth=0.6,
        )
        ax.set(xticks=range(cols), yticks=range(rows), xlabel="column", ylabel="row")
        ax.grid(False)

    def show(self, values: np.ndarray, policy: np.ndarray) -> None:
        rows, cols = self.env.shape
        grid = np.ma.masked_array(np.asarray(values, float).reshape(rows, cols), self.wall)
        self.image.set_data(grid)
        u, v = np.zeros(len(policy)), np.zeros(len(policy))
        hidden = self.no_arrow | (np.asarray(policy) < 0)
        for s, action in enumerate(policy):
            if not hidden[s]:
                dr, dc = MOVES[int(action)]
                u[s], v[s] = dc, -dr  # screen up is row - 1
        self.arrows.set_UVC(np.ma.masked_array(u, hidden), np.ma.masked_array(v, hidden))

    def artists(self) -> list:
        return [self.image, self.arrows, *self.letters]


def play_and_scrub(
    description: str, scrub_label: str, end: int, step: int, *, play_step: int, interval_ms: int
) -> tuple[Player, widgets.IntSlider]:
    """A player over 0..end that starts at the end, and a slider linked to it.

    The player is the experiment's control; the slider (returned by
    ``extra_widgets``) lets the learner scrub to any ``step``.
    """
    play = Player(
        value=end, min=0, max=end, step=play_step, interval=interval_ms, description=description
    )
    scrubber = slider(scrub_label, end, 0, end, step, integer=True)
    widgets.link((play, "value"), (scrubber, "value"))
    return play, scrubber
