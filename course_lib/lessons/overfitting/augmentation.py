"""Data augmentation on few digits: shifted and noisy copies of the 50 training images.
Each way of augmenting is trained once, up front, so that a move only changes the view."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from matplotlib.figure import Figure

from course_lib import regularization
from course_lib.lessons.overfitting.common import TEST, TRAIN, one_blas_thread
from course_lib.live import Experiment, dropdown, slider

AUGMENTATIONS = {
    "none": regularization.Remedy("none"),
    "shifted copies": regularization.Remedy("shifted copies", shifts=True),
    "noisy copies": regularization.Remedy("noisy copies", noise=0.2),
    "shifted and noisy copies": regularization.Remedy("both", shifts=True, noise=0.2),
}
EPOCHS = 60
#: Images shown in a row: the original and up to five copies.
SHOWN = 6


@dataclass(frozen=True)
class AugmentationResult:
    augmentation: str
    index: int
    images: np.ndarray  # (SHOWN, 8, 8): the training digit and its copies (blank where none)
    label: int
    copies: int  # how many training images the augmentation makes from each one
    train_accuracy: dict  # by augmentation name, on the 50 original digits
    test_accuracy: dict  # by augmentation name, on the held-out digits


class Augmentation(Experiment):
    """Copies of each training digit (shifted by a pixel, or noisy) and the test accuracy
    each way of augmenting buys."""

    call_name = "overfitting.Augmentation"
    figsize = (8.4, 3.4)

    def setup(self) -> None:
        self.task = regularization.digits_task(seed=0)
        with one_blas_thread():
            runs = {
                name: regularization.train_with_remedy(self.task, remedy, seed=0, epochs=EPOCHS)
                for name, remedy in AUGMENTATIONS.items()
            }
        self.train_accuracy = {name: run[0] for name, run in runs.items()}
        self.test_accuracy = {name: run[1] for name, run in runs.items()}

    def make_controls(self):
        return {
            "index": slider("training digit", 0, 0, len(self.task.y_train) - 1, 1, integer=True),
            "augmentation": dropdown("augmentation", list(AUGMENTATIONS), "shifted copies"),
        }

    def compute(self, index, augmentation):
        remedy = AUGMENTATIONS[augmentation]
        one = self.task.train_images[int(index)][None]
        X, _ = regularization.augment_digits(
            one, self.task.y_train[[int(index)]], remedy.shifts, remedy.noise, seed=int(index)
        )
        images = np.zeros((SHOWN, 8, 8))
        images[: len(X)] = X[:SHOWN].reshape(-1, 8, 8)
        return AugmentationResult(
            augmentation, int(index), images, int(self.task.y_train[int(index)]), len(X),
            self.train_accuracy, self.test_accuracy,
        )  # fmt: skip

    def build(self, fig: Figure) -> None:
        grid = fig.add_gridspec(2, SHOWN, height_ratios=(1, 1.7))
        self.image_axes = [fig.add_subplot(grid[0, i]) for i in range(SHOWN)]
        self.images = []
        for i, ax in enumerate(self.image_axes):
            self.images.append(ax.imshow(np.zeros((8, 8)), cmap="gray_r", vmin=0, vmax=1))
            ax.set_xticks([])
            ax.set_yticks([])
            ax.set_title("original" if i == 0 else f"copy {i}", fontsize=8)
        self.caption = fig.suptitle(" ", fontsize=9)
        ax = fig.add_subplot(grid[1, :])
        names = list(AUGMENTATIONS)
        y = np.arange(len(names))
        self.test_bars = ax.barh(y, [self.test_accuracy[n] for n in names], color=TEST,
                                 height=0.6, label="test accuracy (held-out digits)")  # fmt: skip
        for i, name in enumerate(names):
            ax.text(self.test_accuracy[name] + 0.005, i, f"{self.test_accuracy[name]:.1%}",
                    va="center", fontsize=8)  # fmt: skip
        ax.axvline(
            self.train_accuracy["none"],
            color=TRAIN,
            ls="--",
            lw=1,
            label=f"training accuracy (none): {self.train_accuracy['none']:.0%}",
        )
        (self.marker,) = ax.plot([], [], ">", ms=10, color="black", label="chosen")
        ax.set_yticks(y, names, fontsize=8)
        low = min(self.test_accuracy.values())
        ax.set(
            xlim=(max(0.0, low - 0.1), 1.05),
            xlabel="accuracy",
            title=f"An MLP trained {EPOCHS} epochs on {len(self.task.y_train)} digits",
        )
        ax.invert_yaxis()
        ax.legend(loc="lower right", fontsize=7.5)
        self.bar_ax = ax

    def update(self, result: AugmentationResult) -> None:
        for image, data in zip(self.images, result.images, strict=True):
            image.set_data(data)
        self.caption.set_text(
            f"Training digit {result.index} (a {result.label}): {result.copies} training "
            f"image{'s' if result.copies > 1 else ''} made from it"
        )
        row = list(AUGMENTATIONS).index(result.augmentation)
        self.marker.set_data([self.bar_ax.get_xlim()[0] + 0.01], [row])

    def moving_artists(self) -> list:
        return [*self.images, self.caption, self.marker]

    def describe(self, result: AugmentationResult) -> str:
        acc = result.test_accuracy
        return (
            f"{result.augmentation}: {result.copies} image(s) per training digit; test accuracy "
            f"{acc[result.augmentation]:.1%} against {acc['none']:.1%} without augmentation "
            f"(one network each, seed 0; training accuracy "
            f"{result.train_accuracy[result.augmentation]:.0%})."
        )
