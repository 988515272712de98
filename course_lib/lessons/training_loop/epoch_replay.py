"""EpochReplay: one training run of lesson 00's neuron, replayed epoch by epoch."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from course_lib import datasets, neuron, plots
from course_lib.live import Experiment, slider
from course_lib.style import COLORS

#: The feature plot's fixed ranges (mass, width) and the grid its shading is computed on.
XLIM, YLIM = (0.0, 3.5), (0.0, 1.6)
GRID_SHAPE = (60, 80)  # rows (width) × columns (mass)
#: Where each device's name sits (points from its marker): the two rings are close, so
#: one name goes above and one below.
LABEL_OFFSETS = {"silver ring": (-6, 9), "signet ring": (6, -14)}


@dataclass(frozen=True)
class ReplayResult:
    """The run at one epoch: the neuron, its loss and what it says."""

    epoch: int
    w: np.ndarray
    b: float
    loss: float
    p: np.ndarray  # its output for each device
    right: int  # how many devices it calls right
    p_grid: np.ndarray  # its output over the feature plot, shape GRID_SHAPE
    boundary: tuple[np.ndarray, np.ndarray]  # points on the p = 0.5 line


class EpochReplay(Experiment):
    """One training run (lr 0.1, 100 epochs), replayed: move the epoch slider."""

    call_name = "training_loop.EpochReplay"
    figsize = (9.0, 3.8)

    def setup(self) -> None:
        self.devices = datasets.devices()
        self.run = neuron.train(self.devices.X, self.devices.y, neuron.BASELINE_LR, neuron.EPOCHS)
        mass, width = np.meshgrid(
            np.linspace(*XLIM, GRID_SHAPE[1]), np.linspace(*YLIM, GRID_SHAPE[0])
        )
        self.grid = np.column_stack([mass.ravel(), width.ravel()])

    def make_controls(self):
        return {"epoch": slider("epoch", 0, 0, neuron.EPOCHS, 1, integer=True)}

    def compute(self, epoch: int) -> ReplayResult:
        """The run is trained once (in setup); the slider only indexes into it."""
        w, b, p = (
            self.run.weights[epoch],
            float(self.run.biases[epoch]),
            self.run.predictions[epoch],
        )
        return ReplayResult(
            epoch=epoch,
            w=w,
            b=b,
            loss=float(self.run.losses[epoch]),
            p=p,
            right=int(np.sum((p > 0.5) == (self.devices.y == 1))),
            p_grid=neuron.predict(self.grid, w, b).reshape(GRID_SHAPE),
            boundary=neuron.boundary_points(w, b, XLIM, YLIM),
        )

    def build(self, fig: Figure) -> None:
        ax_space, ax_loss = fig.subplots(1, 2, width_ratios=(1.1, 1))
        self._build_devices(ax_space)
        self._build_loss(ax_loss)

    def _build_devices(self, ax: Axes) -> None:
        X, y, names = self.devices.X, self.devices.y, self.devices.names
        self.image = plots.probability_map(
            ax, GRID_SHAPE, (*XLIM, *YLIM), label="neuron's output p (1 = glasses)"
        )
        for label, name, marker, colour in (
            (1, "glasses", "o", "blue"),
            (0, "ring", "D", "orange"),
        ):
            rows = y == label
            ax.scatter(
                *X[rows].T,
                marker=marker,
                s=70,
                color=COLORS[colour],
                edgecolor="black",
                label=name,
                zorder=3,
            )
        for (x1, x2), name in zip(X, names, strict=True):
            offset = LABEL_OFFSETS.get(name, (4, 6))
            ax.annotate(name, (x1, x2), xytext=offset, textcoords="offset points", fontsize=8)
        # The boundary is often out of view (at the start p > 0.5 everywhere), so it is
        # named in the title, not in the legend, which lists only what is always drawn.
        (self.boundary,) = ax.plot([], [], color=COLORS["black"], ls="--")
        ax.set(
            xlim=XLIM,
            ylim=YLIM,
            xlabel=self.devices.feature_names[0],
            ylabel=self.devices.feature_names[1],
            title="What the neuron calls glasses (dashed: p = 0.5)",
        )
        ax.legend(loc="upper left")

    def _build_loss(self, ax: Axes) -> None:
        run = self.run
        ax.plot(
            np.arange(run.epochs + 1),
            run.losses,
            color=COLORS["blue"],
            label=f"loss, lr = {neuron.BASELINE_LR}",
        )
        self.marker_line = ax.axvline(0, color=COLORS["vermillion"], lw=1.2)
        # clip_on=False: the "now" dot stays whole at epochs 0 and 100, on the frame.
        (self.marker,) = ax.plot(
            [], [], "o", color=COLORS["vermillion"], label="now", clip_on=False, zorder=4
        )
        ax.set(
            xlim=(0, run.epochs),
            ylim=(0, 1.1 * np.nanmax(run.losses)),
            xlabel=f"epoch (one pass over the {len(self.devices.y)} devices)",
            ylabel="loss (MSE, no unit)",
            title="Loss while training",
        )
        ax.legend(loc="upper right")

    def update(self, result: ReplayResult) -> None:
        self.image.set_data(result.p_grid)
        self.boundary.set_data(*result.boundary)
        self.marker_line.set_xdata([result.epoch, result.epoch])
        plots.show_point(self.marker, result.epoch, result.loss)

    def moving_artists(self) -> list:
        return [self.image, self.boundary, self.marker_line, self.marker]

    def describe(self, result: ReplayResult) -> str:
        guesses = ", ".join(
            f"{name} {value:.2f} ({neuron.verdict(value)})"
            for name, value in zip(self.devices.names, result.p, strict=True)
        )
        return (
            f"Epoch {result.epoch}: loss {result.loss:.4f}; "
            f"w = ({result.w[0]:.3f}, {result.w[1]:.3f}), b = {result.b:.3f}; "
            f"outputs: {guesses}; {result.right} of {len(result.p)} right."
        )
