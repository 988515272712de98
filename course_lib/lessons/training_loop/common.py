"""View constants and pieces shared by lesson 00's learning-rate experiments."""

from __future__ import annotations

import numpy as np
from matplotlib.axes import Axes
from matplotlib.lines import Line2D

from course_lib import neuron, plots

#: Losses are drawn clipped to this range (log axis), so a divergence stays on the plot.
LOSS_FLOOR, LOSS_CEILING = 1e-4, 1e3
SHOWN = (LOSS_FLOOR, LOSS_CEILING)
YLIM = (LOSS_FLOOR, LOSS_CEILING * 3)
#: A sigmoid neuron's MSE stays below 1: its loss-per-epoch axes stop there.
SIGMOID_SHOWN = (LOSS_FLOOR, 1.0)
SIGMOID_YLIM = (LOSS_FLOOR, 1.5)
#: The learning-rate slider's range (a log scale).
LR_RANGE = (1e-3, 1e3)
#: Learning rates tried for the "loss after training vs learning rate" panel.
SWEEP_LRS = np.logspace(-3, 3, 49)
EPOCHS = np.arange(neuron.EPOCHS + 1)


def outcome(run: neuron.TrainingRun) -> str:
    """One run in words: where it diverged, or its loss from start to end."""
    if run.diverged_at is not None:
        return f"diverged at epoch {run.diverged_at}"
    return f"loss {run.losses[0]:.4f} → {run.losses[-1]:.4f} in {run.epochs} epochs"


def legend_beside(ax: Axes) -> None:
    """The legend to the right of the axes: the moving lines are painted over whatever
    lies inside the axes, a legend there would be crossed by them at some setting."""
    ax.legend(loc="upper left", bbox_to_anchor=(1.02, 1.0), fontsize=8, frameon=False)


def loss_curve(ax: Axes, epochs: np.ndarray, label: str, **style: object) -> Line2D:
    """A run's loss over ``epochs``, flat at 1 until ``update`` gives it the run's losses."""
    (line,) = ax.plot(epochs, epochs * 0 + 1.0, **style)
    line.set_label(label)
    return line


def epoch_loss_axis(ax: Axes, title: str) -> None:
    """The sigmoid neuron's MSE over its training epochs, on a log axis."""
    plots.log_axis(
        ax,
        SIGMOID_YLIM,
        xlim=(0, neuron.EPOCHS),
        xlabel="epoch",
        ylabel="loss (MSE, log scale)",
        title=title,
    )
