"""Cohen's kappa matches scikit-learn (unweighted, linear, quadratic, chosen labels, strings)
and says when it is undefined (where scikit-learn returns NaN)."""

from __future__ import annotations

import warnings

import numpy as np
import pytest
from sklearn import metrics as sk

from course_lib.agreement import agreement, cohen_kappa_score
from course_lib.metrics import UndefinedMetricError


def annotations(seed=0, count=200):
    rng = np.random.default_rng(seed)
    for _ in range(count):
        n = int(rng.integers(1, 30))
        n_labels = int(rng.integers(1, 5))
        a = rng.integers(0, n_labels, n)
        b = np.where(rng.random(n) < rng.random(), a, rng.integers(0, n_labels, n))
        yield a, b


@pytest.mark.parametrize("weights", [None, "linear", "quadratic"])
def test_kappa_matches_sklearn_or_is_undefined_where_sklearn_gives_nan(weights):
    undefined = 0
    for a, b in annotations():
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            expected = sk.cohen_kappa_score(a, b, weights=weights)
        if np.isnan(expected):
            undefined += 1
            with pytest.raises(UndefinedMetricError, match="kappa is undefined"):
                cohen_kappa_score(a, b, weights=weights)
        else:
            assert cohen_kappa_score(a, b, weights=weights) == pytest.approx(expected, abs=1e-12)
    assert undefined > 5  # the degenerate case (one shared label) was exercised


def test_kappa_with_chosen_labels_and_string_labels_matches_sklearn():
    a, b = [0, 1, 2, 2, 3, 1], [0, 2, 2, 1, 3, 1]
    for labels in ([3, 2, 1, 0], [0, 1, 2, 3, 4], [1, 2]):
        assert cohen_kappa_score(a, b, labels=labels, weights="linear") == pytest.approx(
            sk.cohen_kappa_score(a, b, labels=labels, weights="linear"), abs=1e-12
        )
    words_a, words_b = ["yes", "no", "no", "yes", "no"], ["yes", "no", "yes", "yes", "no"]
    assert cohen_kappa_score(words_a, words_b) == pytest.approx(
        sk.cohen_kappa_score(words_a, words_b), abs=1e-12
    )


def test_agreement_breakdown_on_a_hand_example():
    # A says yes 6/10, B says yes 5/10; they agree on 4 yes + 3 no = 7 of 10
    a = [1, 1, 1, 1, 1, 1, 0, 0, 0, 0]
    b = [1, 1, 1, 1, 0, 0, 1, 0, 0, 0]
    result = agreement(a, b)
    assert result.observed == pytest.approx(0.7)
    assert result.chance == pytest.approx(0.6 * 0.5 + 0.4 * 0.5)
    assert result.kappa == pytest.approx((0.7 - 0.5) / (1 - 0.5))
    assert result.kappa == pytest.approx(cohen_kappa_score(a, b))


def test_rare_labels_make_high_raw_agreement_and_low_kappa():
    a = np.zeros(100, dtype=int)
    b = np.zeros(100, dtype=int)
    a[:5], b[5:10] = 1, 1  # each says yes 5 times, never on the same example
    result = agreement(a, b)
    assert result.observed == 0.9 and result.kappa < 0


def test_kappa_refuses_unequal_lengths_and_unknown_weights():
    with pytest.raises(ValueError, match="y2 has 2 entries but y1 has 3"):
        cohen_kappa_score([0, 1, 1], [0, 1])
    with pytest.raises(ValueError, match="weights must be one of"):
        cohen_kappa_score([0, 1], [0, 1], weights="cubic")
    with pytest.raises(UndefinedMetricError, match="same single label"):
        agreement([1, 1], [1, 1])
