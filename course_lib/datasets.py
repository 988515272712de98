"""Small datasets the course ships in data/ or makes with a fixed seed (never downloaded).

One loader per data set: ``tiny_shakespeare()`` (data/tinyshakespeare.txt) and
``breast_cancer()`` (bundled with scikit-learn). data/README.md says where each
file comes from.
"""

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
class LabelledData:
    """A table of examples ``X`` (n, d) with binary labels ``y`` (n,) of 0 and 1."""

    X: np.ndarray
    y: np.ndarray
    feature_names: tuple[str, ...]
    class_names: tuple[str, str]  # class_names[label]: what 0 and 1 mean


def tiny_shakespeare() -> str:
    """Karpathy's tiny Shakespeare: 1,115,394 characters of Shakespeare's plays, as one str."""
    return data_path("tinyshakespeare.txt").read_text(encoding="utf-8")


def breast_cancer() -> LabelledData:
    """The Wisconsin breast-cancer data bundled with scikit-learn: 569 tumours, 30 features.

    The label is 1 for a malignant tumour (212 of 569) and 0 for a benign one,
    so that "positive" means what a screening test means by it. (scikit-learn
    codes it the other way round: its target is 1 for benign.)
    """
    from sklearn.datasets import load_breast_cancer

    data = load_breast_cancer()
    malignant = int(np.flatnonzero(data.target_names == "malignant")[0])
    return LabelledData(
        X=np.asarray(data.data, dtype=float),
        y=(data.target == malignant).astype(int),
        feature_names=tuple(str(name) for name in data.feature_names),
        class_names=("benign", "malignant"),
    )
