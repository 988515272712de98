"""Generalisation: what more data does, what copies do not, and what a shifted world does.

All on the polynomial task of :mod:`course_lib.capacity` (noisy samples of
sin(pi x) on [-1, 1], least-squares or ridge fits):

- :func:`learning_curve`: train and validation MSE against the training-set
  size, averaged over seeds. The training sets of one seed are nested (the
  first n of one shuffled pool, as scikit-learn's ``learning_curve``), the
  validation set is fixed per seed. Train error rises towards the noise level,
  validation error falls towards it; the gap between them is the overfitting.
- :func:`copies_learning_curve`: the same curve when the training set grows by
  copying its first n_unique examples instead of adding new ones: past
  n_unique nothing changes (the fit of equal copies is the fit of the originals).
- :func:`variety_vs_volume`: at the same size, n_unique examples each copied
  ``copies`` times against n_unique * copies different examples. For least
  squares, copying every example the same number of times changes nothing at
  all: the fit is that of the n_unique originals (each squared error is just
  counted ``copies`` times).
- :func:`drift_curve`: a model fitted on x in [-1, 1] and measured on inputs
  from [-1 + shift, 1 + shift]: its error grows as the world moves away from
  the data it learned from.

Pure numpy: no plotting, no widgets.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from course_lib.capacity import NOISE, Samples, fit_polynomial, mse, noisy_samples, true_function
from course_lib.validation import check_array, check_count

#: Held-out points for every validation error in this module.
N_VALIDATION = 500


@dataclass(frozen=True)
class LearningCurve:
    """Mean (and spread over seeds) of train and validation MSE per training-set size."""

    sizes: np.ndarray
    train_mse: np.ndarray  # (len(sizes),) mean over seeds
    validation_mse: np.ndarray
    train_std: np.ndarray
    validation_std: np.ndarray
    noise: float  # the noise variance: the best any model can do on fresh data


def _subset(samples: Samples, n: int) -> Samples:
    return Samples(samples.x[:n], samples.y[:n], samples.noise)


def learning_curve(
    degree: int = 3,
    sizes: Sequence[int] = (5, 10, 20, 40, 80, 160),
    seeds: Sequence[int] = tuple(range(20)),
    noise: float = NOISE,
    lam: float = 0.0,
) -> LearningCurve:
    """Train and validation MSE of a degree-``degree`` fit against the training-set size."""
    sizes = np.array([check_count(n, "every size") for n in sizes])
    if sizes.size == 0 or len(seeds) == 0:
        raise ValueError("learning_curve needs at least one size and one seed")
    train, validation = np.zeros((len(seeds), len(sizes))), np.zeros((len(seeds), len(sizes)))
    for i, seed in enumerate(seeds):
        rng = np.random.default_rng(seed)
        pool = noisy_samples(int(sizes.max()), noise, rng)
        held_out = noisy_samples(N_VALIDATION, noise, rng)
        for j, n in enumerate(sizes):
            part = _subset(pool, int(n))
            model = fit_polynomial(part.x, part.y, degree, lam)
            train[i, j] = mse(part.y, model.predict(part.x))
            validation[i, j] = mse(held_out.y, model.predict(held_out.x))
    return LearningCurve(
        sizes,
        train.mean(axis=0),
        validation.mean(axis=0),
        train.std(axis=0),
        validation.std(axis=0),
        noise**2,
    )


def copies_learning_curve(
    degree: int = 3,
    sizes: Sequence[int] = (10, 20, 40, 80, 160),
    n_unique: int = 10,
    seeds: Sequence[int] = tuple(range(20)),
    noise: float = NOISE,
    lam: float = 0.0,
) -> LearningCurve:
    """Like :func:`learning_curve`, but a training set of size n is the first ``n_unique``
    examples of the pool, each copied n / n_unique times (every size a multiple of n_unique).

    The pool and the validation set of each seed are those of :func:`learning_curve`,
    so the two curves start at the same point (n = n_unique) and can be compared.
    """
    n_unique = check_count(n_unique, "n_unique")
    sizes = np.array([check_count(n, "every size") for n in sizes])
    if sizes.size == 0 or len(seeds) == 0:
        raise ValueError("copies_learning_curve needs at least one size and one seed")
    if np.any(sizes % n_unique):
        raise ValueError(f"every size must be a multiple of n_unique = {n_unique}, got {sizes}")
    train, validation = np.zeros((len(seeds), len(sizes))), np.zeros((len(seeds), len(sizes)))
    for i, seed in enumerate(seeds):
        rng = np.random.default_rng(seed)
        pool = noisy_samples(max(int(sizes.max()), n_unique), noise, rng)
        held_out = noisy_samples(N_VALIDATION, noise, rng)
        originals = _subset(pool, n_unique)
        for j, n in enumerate(sizes):
            part = duplicate(originals, int(n) // n_unique)
            model = fit_polynomial(part.x, part.y, degree, lam)
            train[i, j] = mse(part.y, model.predict(part.x))
            validation[i, j] = mse(held_out.y, model.predict(held_out.x))
    return LearningCurve(
        sizes,
        train.mean(axis=0),
        validation.mean(axis=0),
        train.std(axis=0),
        validation.std(axis=0),
        noise**2,
    )


def duplicate(samples: Samples, copies: int) -> Samples:
    """Every example repeated ``copies`` times (the dataset grows, the information does not)."""
    copies = check_count(copies, "copies")
    return Samples(np.tile(samples.x, copies), np.tile(samples.y, copies), samples.noise)


@dataclass(frozen=True)
class VarietyVsVolume:
    """Validation MSE (mean over seeds) of three training sets."""

    n_unique: int
    copies: int
    unique: float  # the n_unique originals
    duplicated: float  # the originals, each copied: n_unique * copies examples
    new: float  # n_unique * copies different examples


def variety_vs_volume(
    n_unique: int = 10,
    copies: int = 5,
    degree: int = 3,
    seeds: Sequence[int] = tuple(range(20)),
    noise: float = NOISE,
    lam: float = 0.0,
) -> VarietyVsVolume:
    """Copies of the same examples against as many new ones, at the same dataset size."""
    n_unique, copies = check_count(n_unique, "n_unique"), check_count(copies, "copies")
    results = []
    for seed in seeds:
        rng = np.random.default_rng(seed)
        pool = noisy_samples(n_unique * copies, noise, rng)
        held_out = noisy_samples(N_VALIDATION, noise, rng)
        originals = _subset(pool, n_unique)
        row = []
        for train in (originals, duplicate(originals, copies), pool):
            model = fit_polynomial(train.x, train.y, degree, lam)
            row.append(mse(held_out.y, model.predict(held_out.x)))
        results.append(row)
    unique, duplicated, new = np.mean(results, axis=0)
    return VarietyVsVolume(n_unique, copies, float(unique), float(duplicated), float(new))


@dataclass(frozen=True)
class DriftCurve:
    """A fixed model's MSE on inputs shifted by each amount (mean over seeds)."""

    shifts: np.ndarray
    mse: np.ndarray
    noise: float


def drift_curve(
    shifts: object = (0.0, 0.1, 0.2, 0.3, 0.4, 0.5),
    degree: int = 3,
    n_train: int = 100,
    seeds: Sequence[int] = tuple(range(10)),
    noise: float = NOISE,
) -> DriftCurve:
    """Fit once on x in [-1, 1]; measure on x uniform in [-1 + shift, 1 + shift] for each shift.

    The relation y = sin(pi x) + noise stays the same; only the inputs move
    (covariate shift), so the error that grows is the model's, not the noise.
    """
    shifts = check_array(shifts, "shifts", ndim=1)
    errors = np.zeros((len(seeds), len(shifts)))
    for i, seed in enumerate(seeds):
        rng = np.random.default_rng(seed)
        train = noisy_samples(n_train, noise, rng)
        model = fit_polynomial(train.x, train.y, degree)
        base = rng.uniform(-1.0, 1.0, size=N_VALIDATION)
        noise_draw = rng.normal(0.0, noise, size=N_VALIDATION)
        for j, shift in enumerate(shifts):
            x = base + shift
            errors[i, j] = mse(true_function(x) + noise_draw, model.predict(x))
    return DriftCurve(shifts, errors.mean(axis=0), noise**2)
