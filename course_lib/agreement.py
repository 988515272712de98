"""Agreement: do two annotators (or two models) agree more than chance would?

Raw agreement p_o, the share of examples both label alike, flatters
annotators when one label is common: two people who say "no" 95 % of the
time at random agree on about 90 % of examples. Cohen's kappa subtracts the
agreement chance alone would give:

    p_e   = sum over labels L of (share A gives L) * (share B gives L)
    kappa = (p_o - p_e) / (1 - p_e)

1 is perfect agreement, 0 is no better than chance, below 0 is worse than
chance. The weighted kappa (``weights="linear"`` or ``"quadratic"``, for
ordered labels) counts a near miss as a partial disagreement:
kappa = 1 - sum(w * observed) / sum(w * expected), with w the distance
|i - j| (or its square) between label positions.

kappa is undefined when chance agreement is already perfect (both
annotators use one and the same label): an ``UndefinedMetricError`` (where
scikit-learn's ``cohen_kappa_score`` warns and returns NaN). Values match
scikit-learn (tested). Pure numpy.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from course_lib.metrics import UndefinedMetricError, class_labels, confusion_matrix
from course_lib.validation import check_same_length

WEIGHTS = (None, "linear", "quadratic")


@dataclass(frozen=True)
class Agreement:
    """Raw agreement, the agreement chance would give, and Cohen's kappa."""

    observed: float  # p_o
    chance: float  # p_e
    kappa: float


def _table(y1: object, y2: object, labels: object) -> np.ndarray:
    a = class_labels(y1, "y1")
    b = class_labels(y2, "y2")
    check_same_length(a, b, ("y1", "y2"))
    table = confusion_matrix(a, b, labels).astype(float)
    if table.sum() == 0:
        raise UndefinedMetricError("kappa is undefined: no example has a label in labels")
    return table / table.sum()


def agreement(y1: object, y2: object) -> Agreement:
    """p_o, p_e and kappa = (p_o - p_e) / (1 - p_e) for two annotators' labels."""
    table = _table(y1, y2, None)
    observed = float(np.trace(table))
    chance = float(table.sum(axis=1) @ table.sum(axis=0))
    if chance == 1:
        raise UndefinedMetricError(
            "kappa is undefined: both annotators give every example the same single label, "
            "so chance agreement is already 1"
        )
    return Agreement(observed, chance, (observed - chance) / (1 - chance))


def cohen_kappa_score(
    y1: object, y2: object, labels: object = None, weights: str | None = None
) -> float:
    """Cohen's kappa, optionally weighted ("linear", "quadratic") for ordered labels.

    ``labels`` (default: every label seen, sorted) fixes the labels and their
    order, which the weights use as positions.
    """
    if weights not in WEIGHTS:
        raise ValueError(f"weights must be one of {WEIGHTS}, got {weights!r}")
    table = _table(y1, y2, labels)
    expected = np.outer(table.sum(axis=1), table.sum(axis=0))
    positions = np.arange(len(table))
    distance = np.abs(positions[:, None] - positions[None, :]).astype(float)
    w = {None: (distance > 0).astype(float), "linear": distance, "quadratic": distance**2}
    disagreement_expected = float(np.sum(w[weights] * expected))
    if disagreement_expected == 0:
        raise UndefinedMetricError(
            "kappa is undefined: the annotators share only one label, so chance agreement is "
            "already perfect"
        )
    return 1 - float(np.sum(w[weights] * table)) / disagreement_expected
