"""Argument checks shared by the concept modules: clear messages at the public boundary."""

from __future__ import annotations

import numbers

import numpy as np


def check_positive(value: float, name: str) -> float:
    """``value`` as a float; a ValueError naming ``name`` unless positive and finite."""
    if (
        not isinstance(value, numbers.Real)
        or isinstance(value, bool)
        or not np.isfinite(value)
        or value <= 0
    ):
        raise ValueError(f"{name} must be a positive finite number, got {value!r}")
    return float(value)


def check_count(value: int, name: str, minimum: int = 1) -> int:
    """``value`` as an int; a ValueError naming ``name`` unless a whole number >= ``minimum``."""
    if not isinstance(value, numbers.Integral) or isinstance(value, bool) or value < minimum:
        raise ValueError(f"{name} must be a whole number >= {minimum}, got {value!r}")
    return int(value)
