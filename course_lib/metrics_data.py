"""Data for measuring: held-out scores of four models, imbalance, annotators and subgroups.

Metrics need something to measure. This module makes it, seeded:

- ``held_out_scores``: four classifiers trained on one stratified split of a
  table (by default the breast-cancer data, 1 = malignant) and their
  predicted probability of class 1 on the held-out part. From a baseline
  that knows only the class frequencies to a boosted ensemble:

      majority class       predicts the training share of positives for everyone
      logistic regression  standardised features, a linear model (scikit-learn)
      decision tree        depth 3: a small, readable model
      gradient boosting    100 depth-3 trees, each fixing the last ones' errors

- ``imbalanced_indices``: a subsample with a chosen share of positives (to
  show which metrics move when positives get rare).
- ``two_annotators``: two label columns agreeing on a chosen share of examples
  (to show raw agreement against Cohen's kappa).
- ``median_groups``: a subgroup column cut from a feature at its median (to
  show a per-group gap the average hides).

Pure functions of their arguments and a seed; scikit-learn trains the models.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from course_lib.metrics import binary_labels
from course_lib.validation import (
    check_array,
    check_count,
    check_fraction,
    check_same_length,
)

MODEL_NAMES = ("majority class", "logistic regression", "decision tree", "gradient boosting")


def make_models(seed: int = 0) -> dict[str, object]:
    """The four unfitted scikit-learn classifiers, by name, seeded."""
    from sklearn.dummy import DummyClassifier
    from sklearn.ensemble import GradientBoostingClassifier
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler
    from sklearn.tree import DecisionTreeClassifier

    return {
        "majority class": DummyClassifier(strategy="prior"),
        "logistic regression": make_pipeline(StandardScaler(), LogisticRegression(max_iter=1000)),
        "decision tree": DecisionTreeClassifier(max_depth=3, random_state=seed),
        "gradient boosting": GradientBoostingClassifier(random_state=seed),
    }


@dataclass(frozen=True)
class HeldOutScores:
    """Held-out labels and each model's predicted probability of class 1 for them."""

    y_true: np.ndarray  # (n_test,) labels 0/1
    scores: dict[str, np.ndarray]  # model name -> (n_test,) probabilities of class 1
    test_index: np.ndarray  # the rows of X that were held out, increasing
    train_index: np.ndarray  # the rows the models were trained on, increasing


def held_out_scores(
    X: object,
    y: object,
    test_fraction: float = 0.3,
    seed: int = 0,
    models: tuple[str, ...] = MODEL_NAMES,
) -> HeldOutScores:
    """Train the four models on a stratified split of (X, y); score the held-out rows.

    ``models`` names the ones to train (a subset of ``MODEL_NAMES``): gradient
    boosting takes about a second, the others a few milliseconds.
    """
    from sklearn.model_selection import train_test_split

    inputs = check_array(X, "X", ndim=2)
    labels = binary_labels(y, "y")
    check_same_length(inputs, labels, ("X", "y"))
    test_fraction = check_fraction(test_fraction, "test_fraction", include_ends=False)
    seed = check_count(seed, "seed", minimum=0)
    unknown = [name for name in models if name not in MODEL_NAMES]
    if unknown or not models:
        raise ValueError(f"models must name some of {MODEL_NAMES}, got {tuple(models)!r}")
    if min(labels.sum(), len(labels) - labels.sum()) < 2:
        raise ValueError("y needs at least 2 examples of each class for a stratified split")
    train, test = train_test_split(
        np.arange(len(labels)), test_size=test_fraction, stratify=labels, random_state=seed
    )
    train, test = np.sort(train), np.sort(test)
    scores = {}
    for name, model in make_models(seed).items():
        if name not in models:
            continue
        model.fit(inputs[train], labels[train])
        scores[name] = model.predict_proba(inputs[test])[:, 1]
    return HeldOutScores(labels[test], scores, test, train)


def stratified_halves(y: object, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Two disjoint halves of the rows of ``y`` with the same share of positives (as near as
    the counts allow): one to choose a threshold on, one to judge the choice."""
    from sklearn.model_selection import train_test_split

    labels = binary_labels(y, "y")
    seed = check_count(seed, "seed", minimum=0)
    if min(labels.sum(), len(labels) - labels.sum()) < 2:
        raise ValueError("y needs at least 2 examples of each class to split it in halves")
    first, second = train_test_split(
        np.arange(len(labels)), test_size=0.5, stratify=labels, random_state=seed
    )
    return np.sort(first), np.sort(second)


def imbalanced_indices(
    y: object, positive_rate: float, seed: int | np.random.Generator = 0
) -> np.ndarray:
    """Rows of a subsample whose share of positives is ``positive_rate``, as large as possible.

    To lower the share, every negative is kept and positives are dropped at
    random (to raise it, the other way round). At least one example of each
    class stays. The rows come back in increasing order.
    """
    labels = binary_labels(y, "y")
    rate = check_fraction(positive_rate, "positive_rate", include_ends=False)
    rng = np.random.default_rng(seed)
    positives, negatives = np.flatnonzero(labels == 1), np.flatnonzero(labels == 0)
    if len(positives) == 0 or len(negatives) == 0:
        raise ValueError("y needs both classes to change the share of positives")
    if rate <= len(positives) / len(labels):
        keep_pos = max(1, round(rate / (1 - rate) * len(negatives)))
        positives = rng.choice(positives, size=min(keep_pos, len(positives)), replace=False)
    else:
        keep_neg = max(1, round((1 - rate) / rate * len(positives)))
        negatives = rng.choice(negatives, size=min(keep_neg, len(negatives)), replace=False)
    return np.sort(np.concatenate([positives, negatives]))


@dataclass(frozen=True)
class Annotations:
    """Two annotators' 0/1 labels for the same examples."""

    a: np.ndarray
    b: np.ndarray


def two_annotators(
    n: int, agreement: float, positive_rate: float = 0.5, seed: int | np.random.Generator = 0
) -> Annotations:
    """Two label columns that agree on exactly round(agreement * n) examples.

    Annotator A says 1 on round(positive_rate * n) examples; B copies A except
    on the disagreements (chosen at random), where B flips A's label. With a
    rare label, high raw agreement can hide a kappa near 0.
    """
    n = check_count(n, "n")
    agreement = check_fraction(agreement, "agreement")
    positive_rate = check_fraction(positive_rate, "positive_rate")
    rng = np.random.default_rng(seed)
    a = np.zeros(n, dtype=int)
    a[rng.choice(n, size=round(positive_rate * n), replace=False)] = 1
    b = a.copy()
    flips = rng.choice(n, size=n - round(agreement * n), replace=False)
    b[flips] = 1 - b[flips]
    return Annotations(a, b)


def median_groups(
    values: object, names: tuple[str, str] = ("below median", "above median")
) -> np.ndarray:
    """``names[0]`` where a value is below the median of ``values``, else ``names[1]``."""
    array = check_array(values, "values", ndim=1)
    if len(names) != 2 or names[0] == names[1]:
        raise ValueError(f"names must be two different group names, got {names!r}")
    return np.where(array < np.median(array), names[0], names[1])
