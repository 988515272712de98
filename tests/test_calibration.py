"""Reliability bins match scikit-learn's calibration_curve (uniform and quantile, values on
bin edges included); the Brier score matches scikit-learn; ECE matches a plain loop."""

from __future__ import annotations

import numpy as np
import pytest
from sklearn import calibration as sk_calibration
from sklearn import metrics as sk

from course_lib.calibration import (
    brier_score_loss,
    calibration_curve,
    expected_calibration_error,
    reliability_bins,
)
from course_lib.curves import roc_auc_score


def labelled_probabilities(seed=0, count=150):
    """0/1 labels with probabilities: continuous, on a 0.1 grid (on the bin edges), or one class."""
    rng = np.random.default_rng(seed)
    for _ in range(count):
        n = int(rng.integers(1, 60))
        p = rng.random(n)
        if rng.random() < 0.5:
            p = np.round(p, 1)  # lands on uniform bin edges and makes quantile ties
        y_true = (rng.random(n) < p).astype(int)
        if rng.random() < 0.1:
            y_true[:] = rng.integers(0, 2)
        yield y_true, p


@pytest.mark.parametrize("strategy", ["uniform", "quantile"])
@pytest.mark.parametrize("n_bins", [1, 5, 10])
def test_calibration_curve_matches_sklearn(strategy, n_bins):
    for y_true, p in labelled_probabilities():
        expected_true, expected_pred = sk_calibration.calibration_curve(
            y_true, p, n_bins=n_bins, strategy=strategy
        )
        got_true, got_pred = calibration_curve(y_true, p, n_bins=n_bins, strategy=strategy)
        np.testing.assert_allclose(got_true, expected_true, rtol=0, atol=1e-12)
        np.testing.assert_allclose(got_pred, expected_pred, rtol=0, atol=1e-12)


def test_a_probability_on_an_inner_edge_goes_to_the_bin_below():
    bins = reliability_bins([1, 0, 1], [0.5, 0.5, 1.0], n_bins=2)
    np.testing.assert_array_equal(bins.edges, [0, 0.5, 1])
    np.testing.assert_array_equal(bins.counts, [2, 1])
    np.testing.assert_allclose(bins.fraction_positive, [0.5, 1.0])


def test_empty_bins_have_count_zero_and_nan_summaries():
    bins = reliability_bins([0, 1], [0.05, 0.95], n_bins=4)
    np.testing.assert_array_equal(bins.counts, [1, 0, 0, 1])
    assert np.isnan(bins.mean_predicted[1]) and np.isnan(bins.fraction_positive[2])
    np.testing.assert_array_equal(bins.nonempty, [True, False, False, True])


def test_brier_score_matches_sklearn():
    for y_true, p in labelled_probabilities(seed=1):
        assert brier_score_loss(y_true, p) == pytest.approx(
            sk.brier_score_loss(y_true, p, labels=[0, 1]), abs=1e-12
        )
    assert brier_score_loss([0, 1, 1, 0], [0.5] * 4) == 0.25


def ece_by_loop(y_true, p, edges):
    """A plain loop: an example goes to the first bin whose upper edge it does not pass."""
    n_bins = len(edges) - 1
    members = [[] for _ in range(n_bins)]
    for j, value in enumerate(p):
        i = 0
        while i < n_bins - 1 and value > edges[i + 1]:
            i += 1
        members[i].append(j)
    total = 0.0
    for inside in members:
        if inside:
            gap = abs(np.mean(y_true[inside]) - np.mean(p[inside]))
            total += len(inside) / len(p) * gap
    return total


@pytest.mark.parametrize("strategy", ["uniform", "quantile"])
def test_expected_calibration_error_matches_a_plain_loop(strategy):
    for y_true, p in labelled_probabilities(seed=2, count=60):
        edges = reliability_bins(y_true, p, n_bins=5, strategy=strategy).edges
        assert expected_calibration_error(y_true, p, n_bins=5, strategy=strategy) == (
            pytest.approx(ece_by_loop(y_true, p, edges), abs=1e-12)
        )


def test_squeezing_probabilities_keeps_the_auc_and_ruins_the_calibration():
    rng = np.random.default_rng(3)
    p = rng.random(5000)
    y_true = (rng.random(5000) < p).astype(int)  # calibrated by construction
    squeezed = 0.5 + (p - 0.5) * 0.3
    assert roc_auc_score(y_true, squeezed) == pytest.approx(roc_auc_score(y_true, p), abs=1e-12)
    assert expected_calibration_error(y_true, p) < 0.03
    assert expected_calibration_error(y_true, squeezed) > 0.15
    assert brier_score_loss(y_true, squeezed) > brier_score_loss(y_true, p)


def test_calibration_validates_its_arguments():
    with pytest.raises(ValueError, match="y_prob must hold probabilities from 0 to 1"):
        brier_score_loss([0, 1], [0.5, 1.2])
    with pytest.raises(ValueError, match="strategy must be one of"):
        reliability_bins([0, 1], [0.5, 0.5], strategy="equal")
    with pytest.raises(ValueError, match="n_bins must be a whole number >= 1"):
        calibration_curve([0, 1], [0.5, 0.5], n_bins=0)
    with pytest.raises(ValueError, match="y_prob has 1 entries but y_true has 2"):
        expected_calibration_error([0, 1], [0.5])
