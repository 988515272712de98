"""Regularisation, measured on one task: few handwritten digits, a network too big for them.

The task (:func:`digits_task`): N_TRAIN of scikit-learn's 8×8 digits to learn
from, N_VALIDATION to choose with, the rest (about 1400) to test on. An MLP
[64, WIDTH, 10] memorises N_TRAIN examples easily; each remedy below is
measured by the test accuracy it buys, averaged over seeds:

- weight decay: add weight_decay * w to every weight's gradient (an L2
  penalty; for a linear model the same idea is ridge, see
  :func:`course_lib.capacity.ridge_path`);
- dropout: zero each hidden value with probability p while training, scale
  the rest by 1 / (1 - p) (:func:`course_lib.functional.dropout`);
- early stopping: keep the epoch with the lowest validation loss, stop after
  ``patience`` epochs without improvement (:func:`course_lib.training.early_stopping_epoch`);
- data augmentation: add copies of every training image shifted by one pixel
  (up, down, left, right; the uncovered edge is blank) and/or copies with
  Gaussian pixel noise (:func:`augment_digits`).

Pure numpy: no plotting, no widgets.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from course_lib import datasets
from course_lib.nn import MLP
from course_lib.training import evaluate, train_mlp
from course_lib.validation import check_array, check_count, check_scalar

N_TRAIN = 50
N_VALIDATION = 300
WIDTH = 128
LR = 0.01
EPOCHS = 150
#: The four one-pixel shifts (rows, columns) of the augmentation.
SHIFTS = ((-1, 0), (1, 0), (0, -1), (0, 1))


@dataclass(frozen=True)
class DigitsTask:
    """Few digits to train on, some to validate with, the rest to test on (images 8×8 in [0, 1])."""

    train_images: np.ndarray
    y_train: np.ndarray
    X_val: np.ndarray
    y_val: np.ndarray
    X_test: np.ndarray
    y_test: np.ndarray

    @property
    def X_train(self) -> np.ndarray:
        return self.train_images.reshape(len(self.train_images), -1)


def digits_task(
    n_train: int = N_TRAIN, n_validation: int = N_VALIDATION, seed: int = 0
) -> DigitsTask:
    """Shuffle the 1797 digits (seeded) and cut off n_train, then n_validation; the rest tests."""
    digits = datasets.digits()
    n_train = check_count(n_train, "n_train")
    n_validation = check_count(n_validation, "n_validation")
    if n_train + n_validation >= len(digits.y):
        raise ValueError(
            f"n_train + n_validation must leave digits to test on: at most {len(digits.y) - 1}"
        )
    order = np.random.default_rng(seed).permutation(len(digits.y))
    train, rest = order[:n_train], order[n_train:]
    val, test = rest[:n_validation], rest[n_validation:]
    return DigitsTask(
        digits.images[train],
        digits.y[train],
        digits.X[val],
        digits.y[val],
        digits.X[test],
        digits.y[test],
    )


def shift_images(images: object, rows: int, columns: int) -> np.ndarray:
    """Every image moved ``rows`` down and ``columns`` right; pixels moved in from outside are 0."""
    images = check_array(images, "images", ndim=3)
    height, width = images.shape[1:]
    if abs(rows) >= height or abs(columns) >= width:
        raise ValueError(f"a shift of ({rows}, {columns}) moves an {height}×{width} image out")
    out = np.zeros_like(images)
    source_rows = slice(max(0, -rows), height - max(0, rows))
    target_rows = slice(max(0, rows), height - max(0, -rows))
    source_cols = slice(max(0, -columns), width - max(0, columns))
    target_cols = slice(max(0, columns), width - max(0, -columns))
    out[:, target_rows, target_cols] = images[:, source_rows, source_cols]
    return out


def augment_digits(
    images: object,
    y: object,
    shifts: bool = True,
    noise: float = 0.0,
    noise_copies: int = 1,
    seed: int | np.random.Generator = 0,
) -> tuple[np.ndarray, np.ndarray]:
    """The images (n, 8, 8) and labels plus their augmented copies, flattened to (m, 64).

    With ``shifts``, four copies moved by one pixel (:data:`SHIFTS`); with
    ``noise`` > 0, ``noise_copies`` copies with Gaussian noise of that standard
    deviation added, clipped to [0, 1]. The originals come first.
    """
    images = check_array(images, "images", ndim=3)
    labels = np.asarray(y)
    if labels.shape != (len(images),):
        raise ValueError(f"y must hold one label per image ({len(images)}), got {labels.shape}")
    noise = check_scalar(noise, "noise", minimum=0)
    noise_copies = check_count(noise_copies, "noise_copies", minimum=0)
    rng = np.random.default_rng(seed)
    copies = [images]
    if shifts:
        copies += [shift_images(images, r, c) for r, c in SHIFTS]
    if noise > 0:
        copies += [
            np.clip(images + rng.normal(0, noise, images.shape), 0, 1) for _ in range(noise_copies)
        ]
    stacked = np.concatenate(copies)
    return stacked.reshape(len(stacked), -1), np.tile(labels, len(copies))


@dataclass(frozen=True)
class Remedy:
    """One way of training: its settings for train_mlp and for augmentation."""

    name: str
    weight_decay: float = 0.0
    dropout: float = 0.0
    patience: int | None = None
    shifts: bool = False
    noise: float = 0.0


#: The remedies the lesson compares, each alone, on the same task.
REMEDIES = (
    Remedy("none"),
    Remedy("weight decay", weight_decay=0.001),
    Remedy("dropout", dropout=0.3),
    Remedy("early stopping", patience=10),
    Remedy("shifted copies", shifts=True),
    Remedy("noisy copies", noise=0.2),
    Remedy("shifted and noisy copies", shifts=True, noise=0.2),
)


@dataclass(frozen=True)
class RemedyResult:
    """A remedy's accuracies, one per seed, and the epochs it trained."""

    remedy: Remedy
    train_accuracy: np.ndarray
    test_accuracy: np.ndarray
    epochs: np.ndarray = field(default_factory=lambda: np.zeros(0))

    @property
    def mean_test_accuracy(self) -> float:
        return float(self.test_accuracy.mean())


def train_with_remedy(
    task: DigitsTask,
    remedy: Remedy,
    seed: int = 0,
    width: int = WIDTH,
    lr: float = LR,
    epochs: int = EPOCHS,
) -> tuple[float, float, int]:
    """Train one MLP on ``task`` with ``remedy``: (train accuracy, test accuracy, epochs run).

    Train accuracy is on the original training digits (not their copies). With
    early stopping the weights of the best validation epoch are kept.
    """
    X, y = task.X_train, task.y_train
    if remedy.shifts or remedy.noise:
        X, y = augment_digits(
            task.train_images, task.y_train, remedy.shifts, remedy.noise, seed=seed
        )
    model = MLP([64, width, 10], "relu", rng=seed, dropout=remedy.dropout)
    history = train_mlp(
        model,
        X,
        y,
        epochs=epochs,
        lr=lr,
        batch_size=32,
        weight_decay=remedy.weight_decay,
        X_val=task.X_val,
        y_val=task.y_val,
        patience=remedy.patience,
        restore_best=remedy.patience is not None,
        seed=seed,
    )
    train_accuracy = evaluate(model, task.X_train, task.y_train)[1]
    test_accuracy = evaluate(model, task.X_test, task.y_test)[1]
    return train_accuracy, test_accuracy, history.epochs_run


def compare_remedies(
    remedies: Sequence[Remedy] = REMEDIES,
    seeds: Sequence[int] = (0, 1, 2),
    n_train: int = N_TRAIN,
    **kwargs,
) -> list[RemedyResult]:
    """Every remedy on the same tasks (one per seed): train and test accuracy per seed."""
    tasks = {seed: digits_task(n_train, seed=seed) for seed in seeds}
    results = []
    for remedy in remedies:
        runs = np.array([train_with_remedy(tasks[s], remedy, seed=s, **kwargs) for s in seeds])
        results.append(RemedyResult(remedy, runs[:, 0], runs[:, 1], runs[:, 2].astype(int)))
    return results
