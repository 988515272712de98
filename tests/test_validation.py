"""Shared argument checks: accept positive finite numbers, name the argument otherwise."""

import math

import numpy as np
import pytest

from course_lib.validation import (
    check_array,
    check_count,
    check_fraction,
    check_positive,
    check_same_length,
    check_scalar,
)


@pytest.mark.parametrize("value", [1e-12, 0.5, 3, np.float32(2.0)])
def test_positive_finite_numbers_come_back_as_floats(value):
    assert check_positive(value, "lr") == pytest.approx(float(value))
    assert isinstance(check_positive(value, "lr"), float)


@pytest.mark.parametrize("value", [0, -1.0, math.nan, math.inf, True, "0.1", None])
def test_anything_else_is_refused_naming_the_argument(value):
    with pytest.raises(ValueError, match=r"lr must be a positive finite number, got "):
        check_positive(value, "lr")


@pytest.mark.parametrize(("value", "minimum"), [(0, 0), (1, 1), (np.int64(7), 1)])
def test_whole_numbers_at_or_above_the_minimum_come_back_as_ints(value, minimum):
    assert check_count(value, "steps", minimum) == int(value)
    assert type(check_count(value, "steps", minimum)) is int


@pytest.mark.parametrize("value", [0, -3, 2.5, 2.0, True, "4", None])
def test_other_counts_are_refused_naming_the_argument(value):
    with pytest.raises(ValueError, match=r"steps must be a whole number >= 1, got "):
        check_count(value, "steps")


@pytest.mark.parametrize(
    ("value", "bounds", "message"),
    [
        (-1, {"minimum": 0, "include_minimum": False}, r"lr must be a finite number > 0, got -1"),
        (0, {"minimum": 0, "include_minimum": False}, r"lr must be a finite number > 0, got 0"),
        (2.0, {"maximum": 1}, r"lr must be a finite number <= 1, got 2.0"),
        ([1], {}, r"lr must be a finite number, got a list"),
    ],
)
def test_check_scalar_says_the_bounds_and_what_came(value, bounds, message):
    with pytest.raises(ValueError, match=message):
        check_scalar(value, "lr", **bounds)


def test_check_scalar_accepts_the_bounds_themselves_when_included():
    assert check_scalar(0, "x", minimum=0, maximum=0) == 0.0


@pytest.mark.parametrize("value", [0, 0.25, 1])
def test_fractions_from_0_to_1_pass(value):
    assert check_fraction(value, "p") == value


@pytest.mark.parametrize("value", [-0.1, 1.5, math.nan])
def test_other_fractions_are_refused(value):
    with pytest.raises(ValueError, match=r"p must be a number from 0 to 1"):
        check_fraction(value, "p")


def test_open_fractions_refuse_the_ends():
    with pytest.raises(ValueError, match=r"strictly between 0 and 1"):
        check_fraction(1, "p", include_ends=False)


def test_check_array_returns_floats_and_names_the_argument():
    assert check_array([1, 2], "y").dtype == float
    with pytest.raises(TypeError, match=r"y must be an array of numbers, got 'ab'"):
        check_array("ab", "y")
    with pytest.raises(ValueError, match=r"y must have 1 dimension, got shape \(1, 2\)"):
        check_array([[1, 2]], "y", ndim=1)
    with pytest.raises(ValueError, match=r"y is empty"):
        check_array([], "y")
    with pytest.raises(ValueError, match=r"y holds NaN"):
        check_array([1, math.nan], "y")
    assert check_array([], "y", allow_empty=True).size == 0


def test_check_same_length_names_both_arguments():
    check_same_length(np.zeros(3), np.zeros(3), ("y_true", "y_pred"))
    with pytest.raises(ValueError, match=r"y_pred has 2 entries but y_true has 3"):
        check_same_length(np.zeros(3), np.zeros(2), ("y_true", "y_pred"))
