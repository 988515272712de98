"""Shared argument checks: accept positive finite numbers, name the argument otherwise."""

import math

import numpy as np
import pytest

from course_lib.validation import check_count, check_positive


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
