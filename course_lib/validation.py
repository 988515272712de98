"""Argument checks shared by every concept module: clear messages at the public boundary.

Each check takes the value and the argument's name, and returns the value in
its clean form (a float, an int, a float array) or raises an error that names
the argument, says what was expected and what came:

    check_scalar(0.1, "lr", minimum=0, include_minimum=False)  ->  0.1
    check_scalar(-1, "lr", minimum=0, include_minimum=False)
        ValueError: lr must be a finite number > 0, got -1

The model is scikit-learn's ``check_scalar``: a name, a type, bounds. Every
refusal is a ValueError, so a live experiment shows it as a message.
"""

from __future__ import annotations

import numbers

import numpy as np


def _describe(value: object) -> str:
    if isinstance(value, (bool, numbers.Number, str)) or value is None:
        return repr(value)
    return f"a {type(value).__name__}"


def check_scalar(
    value: object,
    name: str,
    *,
    minimum: float | None = None,
    maximum: float | None = None,
    include_minimum: bool = True,
    include_maximum: bool = True,
    integer: bool = False,
    expected: str | None = None,
) -> float | int:
    """``value`` as a finite float (an int if ``integer``), within the bounds given.

    Anything else (not a number, a boolean, NaN, infinity, out of bounds) is a
    ValueError that names ``name``, says what was expected (``expected``, or a
    phrase made from the bounds) and what came.
    """
    kind = numbers.Integral if integer else numbers.Real
    ok = isinstance(value, kind) and not isinstance(value, bool) and bool(np.isfinite(value))
    if ok and minimum is not None:
        ok = value >= minimum if include_minimum else value > minimum
    if ok and maximum is not None:
        ok = value <= maximum if include_maximum else value < maximum
    if not ok:
        if expected is None:
            bounds = [
                f"{'>=' if include_minimum else '>'} {minimum:g}" if minimum is not None else "",
                f"{'<=' if include_maximum else '<'} {maximum:g}" if maximum is not None else "",
            ]
            kind_text = "a whole number" if integer else "a finite number"
            expected = " ".join([kind_text, " and ".join(b for b in bounds if b)]).strip()
        raise ValueError(f"{name} must be {expected}, got {_describe(value)}")
    return int(value) if integer else float(value)


def check_positive(value: object, name: str) -> float:
    """``value`` as a float; an error naming ``name`` unless positive and finite."""
    return check_scalar(
        value, name, minimum=0, include_minimum=False, expected="a positive finite number"
    )


def check_fraction(value: object, name: str, *, include_ends: bool = True) -> float:
    """``value`` as a float in [0, 1] (in (0, 1) when ``include_ends`` is False)."""
    return check_scalar(
        value,
        name,
        minimum=0,
        maximum=1,
        include_minimum=include_ends,
        include_maximum=include_ends,
        expected=f"a number {'from 0 to 1' if include_ends else 'strictly between 0 and 1'}",
    )


def check_count(value: object, name: str, minimum: int = 1) -> int:
    """``value`` as an int; an error naming ``name`` unless a whole number >= ``minimum``."""
    return check_scalar(
        value, name, minimum=minimum, integer=True, expected=f"a whole number >= {minimum}"
    )


def check_array(
    values: object,
    name: str,
    *,
    ndim: int | None = None,
    allow_empty: bool = False,
    finite: bool = True,
) -> np.ndarray:
    """``values`` as a float array; an error naming ``name`` when it cannot be one.

    ``ndim`` asks for that many dimensions; an empty array or one holding NaN or
    infinity is refused unless ``allow_empty`` / ``finite=False`` say otherwise.
    """
    if values is None or values is Ellipsis or isinstance(values, (str, bytes, dict)):
        raise TypeError(f"{name} must be an array of numbers, got {_describe(values)}")
    try:
        array = np.asarray(values, dtype=float)
    except (TypeError, ValueError):
        raise TypeError(f"{name} must be an array of numbers, got {_describe(values)}") from None
    if ndim is not None and array.ndim != ndim:
        raise ValueError(
            f"{name} must have {ndim} dimension{'s' if ndim != 1 else ''}, got shape {array.shape}"
        )
    if array.size == 0 and not allow_empty:
        raise ValueError(f"{name} is empty; it needs at least one value")
    if finite and not np.all(np.isfinite(array)):
        raise ValueError(f"{name} holds NaN or infinity; it needs finite numbers")
    return array


def check_same_length(first: np.ndarray, second: np.ndarray, names: tuple[str, str]) -> None:
    """A ValueError naming both arguments unless they hold the same number of rows."""
    if len(first) != len(second):
        raise ValueError(
            f"{names[1]} has {len(second)} entries but {names[0]} has {len(first)}; "
            "give one per example"
        )
