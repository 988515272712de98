"""Small datasets the course ships in data/ or makes with a fixed seed (never downloaded)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

DATA_DIR = Path(__file__).resolve().parents[1] / "data"


def data_path(name: str) -> Path:
    """The path of a file the course ships in data/, with a clear error if it is missing."""
    path = DATA_DIR / name
    if not path.is_file():
        raise FileNotFoundError(f"the course data file {name!r} is missing from {DATA_DIR}")
    return path


@dataclass(frozen=True)
class Digits:
    """scikit-learn's bundled 8×8 handwritten digits (1797 images, UCI; no download)."""

    images: np.ndarray  # (n, 8, 8), pixel values scaled to [0, 1]
    X: np.ndarray  # (n, 64): the images flattened row by row
    y: np.ndarray  # (n,): the digit 0..9


def load_digits() -> Digits:
    """The 8×8 digits with pixels scaled from 0..16 to [0, 1]."""
    from sklearn.datasets import load_digits as sklearn_load_digits

    bunch = sklearn_load_digits()
    images = bunch.images / 16.0
    return Digits(images, images.reshape(len(images), -1), bunch.target.astype(np.int64))
