"""An image is a matrix: a grey-scale picture is a grid of numbers, one per pixel.

So everything a loss does to numbers it does to images, pixel by pixel. For
lesson 01's "image error" experiment this module makes a pretend model's output:

- ``blur``: a 3×3 box blur (each pixel becomes the mean of its neighbourhood);
- ``model_output``: a mix of the true image and a blurred, noisy copy of it,
  from perfect (quality 1) to half blur, half noise (quality 0).

The images themselves come from ``datasets.digit_image``. Pure numpy.
"""

from __future__ import annotations

import numpy as np

from course_lib.validation import check_array, check_fraction


def blur(image: object) -> np.ndarray:
    """A 3×3 box blur: each pixel becomes the mean of its 3×3 neighbourhood (edges padded)."""
    pixels = check_array(image, "image", ndim=2)
    padded = np.pad(pixels, 1, mode="edge")
    rows, cols = pixels.shape
    return sum(padded[i : i + rows, j : j + cols] for i in range(3) for j in range(3)) / 9.0


def model_output(target: object, quality: float, seed: int = 0) -> np.ndarray:
    """A pretend model's output: quality 1 is the target, quality 0 half blur, half noise.

    output = quality · target + (1 − quality) · (blur(target) + noise) / 2, with the
    noise uniform in [0, 1) and seeded, so the same arguments give the same image.
    """
    pixels = check_array(target, "target", ndim=2)
    quality = check_fraction(quality, "quality")
    noise = np.random.default_rng(seed).uniform(0, 1, size=pixels.shape)
    return quality * pixels + (1 - quality) * 0.5 * (blur(pixels) + noise)
