"""Calibration: when the model says 70 %, is it right 70 % of the time?

A model's probability p for class 1 is calibrated when, among the examples
it gives p, a share p is truly 1. Ranking metrics (ROC AUC) cannot see this:
squeezing every probability towards 0.5 keeps the order and ruins the
calibration. Three ways to measure it:

    Brier score   mean (p - y)²: the squared error of the probabilities
                  (0 is perfect; always saying 0.5 scores 0.25)
    reliability   sort the examples into bins by p; in each bin compare the mean p
    diagram       (what the model claimed) with the share of 1s (what happened);
                  a calibrated model's bins lie on the diagonal
    ECE           sum over bins of (bin size / n) * |share of 1s - mean p|:
                  the average gap, weighted by how many examples each bin holds

Bins are "uniform" (n_bins equal widths over [0, 1]) or "quantile" (edges at
the quantiles of p, so bins hold about equally many examples). An example
on an inner edge goes to the bin below it. Bins, their means and the shares
match scikit-learn's ``calibration_curve`` exactly, and ``brier_score_loss``
matches scikit-learn's (tested). Pure numpy.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from course_lib.metrics import binary_labels, scores
from course_lib.validation import check_count

STRATEGIES = ("uniform", "quantile")


def probabilities(values: object, like: np.ndarray, name: str = "y_prob") -> np.ndarray:
    """``values`` as probabilities in [0, 1], one per entry of ``like``."""
    p = scores(values, name, like=like)
    if np.any((p < 0) | (p > 1)):
        raise ValueError(
            f"{name} must hold probabilities from 0 to 1, got values from {p.min():g} "
            f"to {p.max():g}"
        )
    return p


def brier_score_loss(y_true: object, y_prob: object) -> float:
    """mean (y_prob - y_true)²: the mean squared error of predicted probabilities of class 1."""
    true = binary_labels(y_true, "y_true")
    return float(np.mean((probabilities(y_prob, true) - true) ** 2))


@dataclass(frozen=True)
class ReliabilityBins:
    """Per bin: its edges, how many examples, their mean probability and share of 1s.

    An empty bin has count 0 and NaN for its mean and share.
    """

    edges: np.ndarray  # (n_bins + 1,)
    counts: np.ndarray  # (n_bins,)
    mean_predicted: np.ndarray  # (n_bins,): what the model claimed
    fraction_positive: np.ndarray  # (n_bins,): what happened

    @property
    def nonempty(self) -> np.ndarray:
        return self.counts > 0


def reliability_bins(
    y_true: object, y_prob: object, n_bins: int = 10, strategy: str = "uniform"
) -> ReliabilityBins:
    """Sort the examples into ``n_bins`` bins by probability and summarise each bin."""
    true = binary_labels(y_true, "y_true")
    p = probabilities(y_prob, true)
    n_bins = check_count(n_bins, "n_bins")
    if strategy == "uniform":
        edges = np.linspace(0.0, 1.0, n_bins + 1)
    elif strategy == "quantile":
        edges = np.percentile(p, np.linspace(0, 1, n_bins + 1) * 100)
    else:
        raise ValueError(f"strategy must be one of {STRATEGIES}, got {strategy!r}")
    which = np.searchsorted(edges[1:-1], p)  # side="left": an inner edge belongs to the bin below
    counts = np.bincount(which, minlength=n_bins)
    with np.errstate(invalid="ignore", divide="ignore"):
        mean_predicted = np.bincount(which, weights=p, minlength=n_bins) / counts
        fraction_positive = np.bincount(which, weights=true, minlength=n_bins) / counts
    return ReliabilityBins(edges, counts, mean_predicted, fraction_positive)


def calibration_curve(
    y_true: object, y_prob: object, n_bins: int = 10, strategy: str = "uniform"
) -> tuple[np.ndarray, np.ndarray]:
    """(share of 1s, mean probability) in each non-empty bin, as scikit-learn returns them."""
    bins = reliability_bins(y_true, y_prob, n_bins, strategy)
    return bins.fraction_positive[bins.nonempty], bins.mean_predicted[bins.nonempty]


def expected_calibration_error(
    y_true: object, y_prob: object, n_bins: int = 10, strategy: str = "uniform"
) -> float:
    """ECE: |share of 1s - mean probability| per bin, averaged with the bins' sizes as weights."""
    bins = reliability_bins(y_true, y_prob, n_bins, strategy)
    kept = bins.nonempty
    gaps = np.abs(bins.fraction_positive[kept] - bins.mean_predicted[kept])
    return float(np.sum(bins.counts[kept] * gaps) / np.sum(bins.counts))
