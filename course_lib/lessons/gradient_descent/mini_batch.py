"""MiniBatch: stochastic, mini-batch and full-batch gradient descent on 442 patients."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from matplotlib.figure import Figure

from course_lib import losses, minibatch, plots, regression
from course_lib.lessons.gradient_descent.common import CONTOUR_GREYS, DIVERGED
from course_lib.live import Experiment, dropdown, log_slider, slider
from course_lib.style import COLORS

BATCH_OPTIONS = ["1", "8", "32", "full"]
MAX_EPOCHS = 10
MINIBATCH_SEED = 0
#: The MSE axis (score², log scale): fixed, like the loss axes of the other experiments.
MSE_RANGE = (10.0, 1e6)
#: The part of the (w, b) plane on the map.
W_VIEW, B_VIEW = (-55.0, 145.0), (-25.0, 175.0)


@dataclass(frozen=True)
class MiniBatchResult:
    run: minibatch.MiniBatchRun  # MAX_EPOCHS of training; the figure shows the first epochs
    epochs: int
    end: int  # the iteration at the end of those epochs
    n: int  # how many examples
    best_loss: float  # the least-squares minimum of the MSE

    @property
    def diverged(self) -> bool:
        """True if the run diverged within the epochs shown."""
        return self.run.diverged_at is not None and self.run.diverged_at <= self.end


def batch_size_of(option: str, n: int) -> int:
    """The batch size a BATCH_OPTIONS entry means ("full" is all n examples)."""
    return n if option == "full" else int(option)


class MiniBatch(Experiment):
    """Fit progression ≈ w·BMI + b with mini-batches of 1, 8, 32 or all 442 patients."""

    call_name = "gradient_descent.MiniBatch"
    figsize = (9.5, 3.9)

    def setup(self) -> None:
        self.data = minibatch.diabetes_bmi()
        x, y = self.data.x, self.data.y
        w, b = regression.least_squares(x, y)
        self.best = (float(w[0]), b)
        self.best_loss = float(losses.mse(y, regression.predict(x, w, b)))
        ws, bs = np.meshgrid(np.linspace(*W_VIEW, 120), np.linspace(*B_VIEW, 120))
        self.surface = (ws, bs, minibatch.mse_at(x, y, ws[..., None], bs))

    def make_controls(self):
        return {
            "batch_size": dropdown("batch size", BATCH_OPTIONS, "8"),
            "lr": log_slider("learning rate", 0.03, 1e-3, 1.0),
            "epochs": slider("epochs", 5, 1, MAX_EPOCHS, 1, integer=True),
        }

    def compute(self, batch_size, lr, epochs):
        x, y = self.data.x, self.data.y
        size = batch_size_of(batch_size, len(y))
        run = self.memo(  # MAX_EPOCHS, once per batch size and lr: epochs only cut the run
            (size, lr),
            lambda: minibatch.train(x, y, float(lr), size, MAX_EPOCHS, seed=MINIBATCH_SEED),
        )
        end = epochs * run.iterations_per_epoch
        return MiniBatchResult(run=run, epochs=epochs, end=end, n=len(y), best_loss=self.best_loss)

    def build(self, fig: Figure) -> None:
        self.ax_path, self.ax_loss = fig.subplots(1, 2, width_ratios=(1, 1.1))
        self._build_map(self.ax_path)
        ax = self.ax_loss
        (self.batch_line,) = ax.plot(
            [], [], color=COLORS["sky"], lw=0.6, alpha=0.8, label="loss on each mini-batch"
        )
        (self.epoch_line,) = ax.plot(
            [], [], "o-", color=COLORS["blue"], lw=2.5, ms=5, label="loss on all 442, per epoch"
        )
        ax.axhline(
            self.best_loss, color=COLORS["orange"], ls=":", lw=1.5, label="least-squares minimum"
        )
        self.diverged_mark = plots.divergence_mark(ax)
        plots.log_axis(
            ax,
            MSE_RANGE,
            xlim=(0, MAX_EPOCHS),
            xlabel="epoch (passes over the 442 patients)",
            ylabel="MSE (score², log scale)",
            title="Loss per iteration and per epoch",
        )
        ax.legend(loc="upper right", fontsize=7, frameon=True, framealpha=0.95)

    def _build_map(self, ax) -> None:
        ws, bs, mse = self.surface
        ax.contour(
            ws,
            bs,
            mse,
            levels=self.best_loss + np.geomspace(30, mse.max() - self.best_loss, 12),
            cmap=CONTOUR_GREYS,
            linewidths=0.8,
            alpha=0.8,
        )
        (self.path_line,) = ax.plot(
            [], [], "-", color=COLORS["blue"], lw=0.8, alpha=0.8, label="every iteration"
        )
        (self.epoch_dots,) = ax.plot(
            [], [], "o", color=COLORS["blue"], mec="black", ms=5, label="end of each epoch"
        )
        ax.plot([0], [0], "o", color=COLORS["black"], ms=7, label="start (0, 0)")
        ax.plot(*self.best, "*", color=COLORS["orange"], mec="black", ms=14, label="least squares")
        self.exit_mark = plots.exit_mark(ax)
        # drawn whole on the frame where the path leaves (and left out of the layout)
        self.exit_mark.set_clip_on(False)
        self.exit_mark.set_in_layout(False)
        ax.set(
            xlim=W_VIEW,
            ylim=B_VIEW,
            xlabel="weight w (score per std of BMI)",
            ylabel="bias b (score)",
            title="The path of (w, b) on the MSE",
        )
        ax.set_aspect("equal", adjustable="box")
        ax.legend(loc="lower right", fontsize=7, frameon=True, framealpha=0.95)

    def update(self, result: MiniBatchResult) -> None:
        run, epochs, end = result.run, result.epochs, result.end
        per_epoch = run.iterations_per_epoch
        points = np.column_stack([run.weights[: end + 1, 0], run.biases[: end + 1]])
        shown, left_at = plots.path_in_view(points, (W_VIEW, B_VIEW))
        plots.set_path(self.path_line, shown)
        ends = points[::per_epoch]
        ends = ends[: (len(shown) - 1) // per_epoch + 1] if left_at is not None else ends
        plots.set_path(self.epoch_dots, ends)
        plots.show_point(self.exit_mark, *(shown[-1] if left_at is not None else (None, None)))
        iterations = np.arange(1, end + 1) / per_epoch
        batch_losses = plots.clip_for_log(run.batch_losses[:end], MSE_RANGE, margin=10)
        self.batch_line.set_data(iterations - 1 / per_epoch, batch_losses)
        epoch_losses = plots.clip_for_log(run.epoch_losses[: epochs + 1], MSE_RANGE, margin=10)
        self.epoch_line.set_data(np.arange(epochs + 1), epoch_losses)
        if result.diverged:
            plots.show_point(self.diverged_mark, run.diverged_at / per_epoch, MSE_RANGE[1] / 3)
            self.show_message(
                f"lr = {run.lr:.3g} is too large for batches of {run.batch_size}: "
                f"the loss passed {DIVERGED}\nat iteration {run.diverged_at} and training stopped."
            )
        else:
            plots.show_point(self.diverged_mark, None)
            self.show_message(None)

    def moving_artists(self) -> list:
        return [
            self.path_line,
            self.epoch_dots,
            self.exit_mark,
            self.batch_line,
            self.epoch_line,
            self.diverged_mark,
            # repainted last, so the noisy mini-batch losses pass under it, not through it
            self.ax_loss.get_legend(),
        ]

    def describe(self, result: MiniBatchResult) -> str:
        run, epochs, end = result.run, result.epochs, result.end
        text = (
            f"{result.n} examples, batch size {run.batch_size}: {run.iterations_per_epoch} "
            f"iterations per epoch, {end} iterations in {epochs} epochs at lr {run.lr:.3g}; "
        )
        if result.diverged:
            return text + f"diverged at iteration {run.diverged_at}."
        final = float(run.losses[end])
        return text + (
            f"final MSE {final:,.0f} ({final / result.best_loss:.3f} × the least-squares minimum "
            f"{result.best_loss:,.0f}), w = {run.weights[end, 0]:.1f}, b = {run.biases[end]:.1f}."
        )
