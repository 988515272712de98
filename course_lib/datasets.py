"""Every data set the course loads, one loader each (never downloaded).

- ``devices()``: lesson 00's four devices, from data/devices.csv;
- ``published_devices()``: the published example's four devices and its test device;
- ``diabetes()``: scikit-learn's bundled diabetes data (442 patients): BMI and progression;
- ``digits()``: scikit-learn's bundled 8×8 images of handwritten digits (images, X, y);
- ``breast_cancer()``: scikit-learn's bundled breast-cancer data, 1 = malignant;
- ``tiny_shakespeare()``: 1,115,394 characters of Shakespeare, from data/tinyshakespeare.txt.

Files the course ships live in data/ (data/README.md says where each comes from);
scikit-learn's bundled sets ship with scikit-learn itself.
"""

from __future__ import annotations

import csv
import functools
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from course_lib.gpt import GPT
from course_lib.tiny_gpt import load_weights
from course_lib.validation import check_count

DATA_DIR = Path(__file__).resolve().parents[1] / "data"


def data_path(name: str) -> Path:
    """The path of a file the course ships in data/, with a clear error if it is missing."""
    path = DATA_DIR / name
    if not path.is_file():
        raise FileNotFoundError(f"the course data file {name!r} is missing from {DATA_DIR}")
    return path


# -- lesson 00: glasses and rings -----------------------------------------------------------
@dataclass(frozen=True)
class Devices:
    """Four devices, two features each, labelled glasses (1) or ring (0)."""

    names: list[str]
    X: np.ndarray  # (n, 2): mass in tens of grams, width in tens of centimetres
    y: np.ndarray  # (n,): 1.0 for glasses, 0.0 for a ring
    feature_names: tuple[str, str] = ("mass (×10 g)", "width (×10 cm)")


def devices(name: str = "devices.csv") -> Devices:
    """Read the devices from data/: mass and width scaled by 10 so both are near 1."""
    with open(data_path(name), newline="", encoding="utf-8") as file:
        rows = list(csv.DictReader(file))
    X = np.array([[float(r["mass_g"]) / 10, float(r["width_cm"]) / 10] for r in rows])
    y = np.array([1.0 if r["kind"] == "glasses" else 0.0 for r in rows])
    return Devices([r["device"] for r in rows], X, y)


@dataclass(frozen=True)
class PublishedDevices:
    """The published example's data: four devices (normalised price and weight, labels
    1 1 0 0) and the one new device it asks the trained neuron about."""

    names: list[str]
    X: np.ndarray  # (4, 2): normalised price and weight, each between 0 and 1
    y: np.ndarray  # (4,): 1.0 for glasses, 0.0 for a ring
    test: np.ndarray  # (2,): the test device's price and weight
    feature_names: tuple[str, str] = ("price (normalised)", "weight (normalised)")


def published_devices(name: str = "published_devices.csv") -> PublishedDevices:
    """Read the published example's devices from data/; the row without a label is the test."""
    with open(data_path(name), newline="", encoding="utf-8") as file:
        rows = list(csv.DictReader(file))
    labelled = [r for r in rows if r["label"].strip()]
    tests = [r for r in rows if not r["label"].strip()]
    if len(tests) != 1:
        raise ValueError(f"{name} must hold exactly one unlabelled (test) row, got {len(tests)}")
    X = np.array([[float(r["price"]), float(r["weight"])] for r in labelled])
    y = np.array([float(r["label"]) for r in labelled])
    test = np.array([float(tests[0]["price"]), float(tests[0]["weight"])])
    return PublishedDevices([r["device"] for r in labelled], X, y, test)


# -- scikit-learn's bundled data sets --------------------------------------------------------
@dataclass(frozen=True)
class Patients:
    """Body-mass index (BMI, kg/m²) and disease progression one year later (a score)."""

    bmi: np.ndarray
    progression: np.ndarray


@functools.cache
def _diabetes_columns() -> tuple[np.ndarray, np.ndarray]:
    from sklearn.datasets import load_diabetes  # here: importing sklearn takes ~0.8 s

    data = load_diabetes(scaled=False)
    return data.data[:, 2].astype(float), data.target.astype(float)


def diabetes(n: int | None = None, seed: int = 0) -> Patients:
    """All 442 patients, or ``n`` of them drawn without replacement with a fixed seed."""
    bmi, progression = _diabetes_columns()
    if n is not None:
        check_count(n, "n")
        if n > len(bmi):
            raise ValueError(f"n must be at most {len(bmi)} (the number of patients), got {n}")
        rows = np.sort(np.random.default_rng(seed).choice(len(bmi), size=n, replace=False))
        bmi, progression = bmi[rows], progression[rows]
    return Patients(bmi.copy(), progression.copy())


@dataclass(frozen=True)
class Digits:
    """scikit-learn's bundled 8×8 handwritten digits (1,797 images, from UCI)."""

    images: np.ndarray  # (n, 8, 8), pixel values scaled to [0, 1]
    X: np.ndarray  # (n, 64): the images flattened row by row
    y: np.ndarray  # (n,): the digit 0..9


@functools.cache
def _digits() -> Digits:
    from sklearn.datasets import load_digits

    bunch = load_digits()
    images = bunch.images / 16.0
    images.setflags(write=False)
    flat = images.reshape(len(images), -1)
    labels = bunch.target.astype(np.int64)
    labels.setflags(write=False)
    return Digits(images, flat, labels)


def digits() -> Digits:
    """The 8×8 digits with pixels scaled from 0..16 to [0, 1] (read-only arrays, shared)."""
    return _digits()


def digit_image(digit: int) -> np.ndarray:
    """The first 8×8 image of ``digit`` in the digits data, scaled to [0, 1]."""
    check_count(digit, "digit", minimum=0)
    if digit > 9:
        raise ValueError(f"digit must be from 0 to 9, got {digit}")
    data = digits()
    return data.images[np.flatnonzero(data.y == digit)[0]].copy()


@dataclass(frozen=True)
class LabelledData:
    """A table of examples ``X`` (n, d) with binary labels ``y`` (n,) of 0 and 1."""

    X: np.ndarray
    y: np.ndarray
    feature_names: tuple[str, ...]
    class_names: tuple[str, str]  # class_names[label]: what 0 and 1 mean


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


# -- text -----------------------------------------------------------------------------------
def tiny_shakespeare() -> str:
    """Karpathy's tiny Shakespeare: 1,115,394 characters of Shakespeare's plays, as one str."""
    return data_path("tinyshakespeare.txt").read_text(encoding="utf-8")


def tiny_gpt_path() -> Path:
    """Where the small GPT of lesson 07 is stored: ``data/tiny_gpt.npz``, made by
    ``data/make_tiny_gpt.py`` (weights in float16, with the training curve)."""
    return data_path("tiny_gpt.npz")


def tiny_gpt() -> tuple[GPT, dict[str, np.ndarray]]:
    """The small GPT of lesson 07 (float32) and what was saved with it (its training curve)."""
    return load_weights(tiny_gpt_path())
