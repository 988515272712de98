"""Shared argument checks: accept positive finite numbers, name the argument otherwise."""

import math

import numpy as np
import pytest

from course_lib.validation import check_positive


@pytest.mark.parametrize("value", [1e-12, 0.5, 3, np.float32(2.0)])
def test_positive_finite_numbers_come_back_as_floats(value):
    assert check_positive(value, "lr") == pytest.approx(float(value))
    assert isinstance(check_positive(value, "lr"), float)


@pytest.mark.parametrize("value", [0, -1.0, math.nan, math.inf, True, "0.1", None])
def test_anything_else_is_refused_naming_the_argument(value):
    with pytest.raises(ValueError, match=r"lr must be a positive finite number, got "):
        check_positive(value, "lr")
