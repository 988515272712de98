"""ImageError: an image is a matrix, so its error is pixel-by-pixel arithmetic."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from matplotlib.figure import Figure

from course_lib import datasets, images, losses
from course_lib.live import Experiment, slider
from course_lib.style import ERROR, SEQUENTIAL


@dataclass(frozen=True)
class ImageResult:
    digit: int
    quality: float
    target: np.ndarray  # the 8×8 digit, ink from 0 to 1
    output: np.ndarray  # the pretend model's 8×8 output
    error: np.ndarray  # (output − target)² per pixel
    mse: float  # the mean of the error over the 64 pixels


class ImageError(Experiment):
    """A target digit, a model's output and the per-pixel squared error, with the MSE."""

    call_name = "loss.ImageError"
    figsize = (10.0, 3.4)

    def make_controls(self):
        return {
            "quality": slider("model quality", 0.3, 0.0, 1.0, 0.05),
            "digit": slider("digit", 3, 0, 9, 1, integer=True),
        }

    def compute(self, quality: float, digit: int) -> ImageResult:
        target = datasets.digit_image(digit)
        output = images.model_output(target, quality, seed=digit)
        error = losses.squared_errors(target, output)
        return ImageResult(digit, quality, target, output, error, float(error.mean()))

    def build(self, fig: Figure) -> None:
        axes = fig.subplots(1, 3)
        blank = np.zeros((8, 8))
        titles = ("target image", "model output", "squared error per pixel")
        maps = (SEQUENTIAL, SEQUENTIAL, ERROR)
        labels = ("ink (0 = blank, 1 = full)", "ink (0 = blank, 1 = full)", "(output − target)²")
        self.images = []
        for ax, title, cmap, label in zip(axes, titles, maps, labels, strict=True):
            image = ax.imshow(blank, cmap=cmap, vmin=0, vmax=1)
            fig.colorbar(image, ax=ax, label=label, shrink=0.85)
            ax.set(title=title, xlabel="pixel column", ylabel="pixel row")
            ax.grid(False)
            self.images.append(image)
        self.error_title = axes[2].title

    def update(self, result: ImageResult) -> None:
        for image, shown in zip(
            self.images, (result.target, result.output, result.error), strict=True
        ):
            image.set_data(shown)
        self.error_title.set_text(f"squared error, MSE = {result.mse:.4f}")

    def moving_artists(self) -> list:
        return [*self.images, self.error_title]

    def describe(self, result: ImageResult) -> str:
        worst = np.unravel_index(int(np.argmax(result.error)), result.error.shape)
        return (
            f"Digit {result.digit} at quality {result.quality:.2f}: "
            f"MSE over the {result.error.size} pixels {result.mse:.4f}; the worst pixel "
            f"(row {worst[0]}, column {worst[1]}) has squared error {result.error[worst]:.3f}."
        )
