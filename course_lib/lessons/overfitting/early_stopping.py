"""Early stopping on few digits: watch both losses, stop when validation stops improving.
With or without dropout or weight decay in the network (the runs are trained once, up front)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from matplotlib.figure import Figure

from course_lib import plots, regularization
from course_lib.lessons.overfitting.common import TRAIN, VALIDATION, one_blas_thread
from course_lib.live import Experiment, dropdown, slider
from course_lib.nn import MLP
from course_lib.style import COLORS
from course_lib.training import EarlyStop, TrainingHistory, early_stopping_epoch, train_mlp

EPOCHS = 100
#: The networks trained (each once, with the same data, start and batch order).
REGULARISERS = {
    "none": regularization.Remedy("none"),
    "dropout 0.3": regularization.Remedy("dropout", dropout=0.3),
    "weight decay 0.01": regularization.Remedy("weight decay", weight_decay=0.01),
}
LOSS_RANGE = (1e-4, 10.0)


def train_run(task: regularization.DigitsTask, remedy: regularization.Remedy) -> TrainingHistory:
    """The whole run, every epoch measured on training and validation digits (no stopping)."""
    model = MLP([64, regularization.WIDTH, 10], "relu", rng=0, dropout=remedy.dropout)
    return train_mlp(
        model, task.X_train, task.y_train, epochs=EPOCHS, lr=regularization.LR, batch_size=32,
        weight_decay=remedy.weight_decay, X_val=task.X_val, y_val=task.y_val, seed=0,
    )  # fmt: skip


@dataclass(frozen=True)
class EarlyStoppingResult:
    regulariser: str
    patience: int
    history: TrainingHistory
    stop: EarlyStop  # what early stopping with this patience does to this run

    @property
    def kept_epoch(self) -> int:
        return self.stop.best_epoch if self.stop.best_epoch is not None else 0

    @property
    def stop_epoch(self) -> int:
        return self.stop.stop_epoch if self.stop.stop_epoch is not None else EPOCHS


class EarlyStopping(Experiment):
    """Training and validation loss of an MLP on 50 digits; the patience decides where to stop."""

    call_name = "overfitting.EarlyStopping"
    figsize = (8.4, 3.6)

    def setup(self) -> None:
        task = regularization.digits_task(seed=0)
        with one_blas_thread():
            self.runs = {name: train_run(task, remedy) for name, remedy in REGULARISERS.items()}

    def make_controls(self):
        return {
            "patience": slider("patience (epochs)", 10, 0, 60, 1, integer=True),
            "regulariser": dropdown("regulariser", list(REGULARISERS), "none"),
        }

    def compute(self, patience, regulariser):
        history = self.runs[regulariser]
        stop = early_stopping_epoch(history.val_loss, int(patience))
        return EarlyStoppingResult(regulariser, int(patience), history, stop)

    def build(self, fig: Figure) -> None:
        self.ax_loss, self.ax_acc = fig.subplots(1, 2, width_ratios=(1.4, 1))
        ax = self.ax_loss
        (self.train_line,) = ax.plot([], [], color=TRAIN, label="training loss")
        (self.val_line,) = ax.plot([], [], color=VALIDATION, label="validation loss")
        (self.after_line,) = ax.plot([], [], color=VALIDATION, alpha=0.3, lw=1.5,
                                     label="validation, after the stop")  # fmt: skip
        (self.kept,) = ax.plot([], [], "*", ms=14, color=COLORS["green"], mec="black", mew=0.6,
                               label="kept (lowest validation)")  # fmt: skip
        self.stop_line = ax.axvline(0, color=COLORS["vermillion"], lw=1.5, ls="--",
                                    label="training stops")  # fmt: skip
        plots.log_axis(
            ax,
            LOSS_RANGE,
            xlim=(0, EPOCHS),
            xlabel="epoch",
            ylabel="cross-entropy (log scale)",
            title="Watch both losses",
        )
        ax.legend(loc="lower left", fontsize=7.5, ncols=2)

        ax = self.ax_acc
        self.bars = ax.bar(
            [0, 1, 2, 3],
            np.zeros(4),
            color=[TRAIN, VALIDATION, TRAIN, VALIDATION],
            edgecolor="black",
            lw=0.5,
        )
        for bar in self.bars[2:]:
            bar.set_hatch("//")
        self.bar_text = [ax.text(i, 0, "", ha="center", va="bottom", fontsize=8) for i in range(4)]
        ax.set_xticks([0, 1, 2, 3], ["train", "validation", "train", "validation"], fontsize=8)
        ax.set(ylim=(0, 1.12), ylabel="accuracy", title="Kept epoch (plain) vs last (hatched)")

    def update(self, result: EarlyStoppingResult) -> None:
        h = result.history
        epochs = np.arange(len(h.train_loss))
        stop = result.stop_epoch
        self.train_line.set_data(
            epochs[: stop + 1], plots.clip_for_log(h.train_loss[: stop + 1], LOSS_RANGE)
        )
        self.val_line.set_data(
            epochs[: stop + 1], plots.clip_for_log(h.val_loss[: stop + 1], LOSS_RANGE)
        )
        self.after_line.set_data(epochs[stop:], plots.clip_for_log(h.val_loss[stop:], LOSS_RANGE))
        k = result.kept_epoch
        plots.show_point(self.kept, k, h.val_loss[k])
        self.stop_line.set_xdata([stop, stop])
        values = [h.train_accuracy[k], h.val_accuracy[k], h.train_accuracy[-1], h.val_accuracy[-1]]
        for bar, text, value in zip(self.bars, self.bar_text, values, strict=True):
            bar.set_height(value)
            text.set_position((bar.get_x() + bar.get_width() / 2, value + 0.01))
            text.set_text(f"{value:.0%}")

    def moving_artists(self) -> list:
        return [
            self.train_line, self.val_line, self.after_line, self.kept, self.stop_line,
            *self.bars, *self.bar_text,
        ]  # fmt: skip

    def describe(self, result: EarlyStoppingResult) -> str:
        h, k = result.history, result.kept_epoch
        stopped = (
            f"stops at epoch {result.stop.stop_epoch}"
            if result.stop.stop_epoch is not None
            else f"never stops before epoch {EPOCHS}"
        )
        return (
            f"Regulariser {result.regulariser}, patience {result.patience}: training {stopped} "
            f"and keeps epoch {k} (validation loss {h.val_loss[k]:.3f}, accuracy "
            f"{h.val_accuracy[k]:.1%}); the last epoch {EPOCHS} has validation loss "
            f"{h.val_loss[-1]:.3f}, accuracy {h.val_accuracy[-1]:.1%}."
        )
