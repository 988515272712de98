"""What lesson 02's checks share: fixed random arrays for the cases, a call shown as a
learner would type it, and the learner's function run safely to classify what it did.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

_RNG = np.random.default_rng(2)
_THETA = _RNG.normal(size=(3, 2))
_GRAD = _RNG.normal(size=(3, 2))
_VELOCITY = _RNG.normal(size=(3, 2))


def _plain_call(args: tuple) -> str:
    """A call's arguments as a learner would type them: np.array([1.0, -2.0]), not numpy's
    repr with its spacing; a large array by its shape."""

    def plain(value: Any) -> str:
        if isinstance(value, np.ndarray):
            if value.size > 4:
                return f"(an array of shape {value.shape})"
            return f"np.array([{', '.join(repr(float(v)) for v in value.ravel())}])"
        return f"{value:g}" if isinstance(value, float) else repr(value)

    return ", ".join(plain(a) for a in args)


def _outcome(function: Any, args: tuple) -> tuple[Any, Exception | None]:
    """(result, None) or (None, the error) of the learner's function on copies of ``args``
    (unlike feedback.quiet_result, it tells an error apart from a result of None)."""
    try:
        with np.errstate(all="ignore"):
            return function(*(a.copy() if isinstance(a, np.ndarray) else a for a in args)), None
    except Exception as error:  # the learner's code: any error is an answer to classify
        return None, error


def _raises(function: Any, args: tuple) -> bool:
    """True if the learner's function raises (anything) for ``args``."""
    return _outcome(function, args)[1] is not None


def _breaks_at_first_step(function: Any, args: tuple) -> bool:
    """True if the function raises ZeroDivisionError or returns inf / NaN for ``args``."""
    got, error = _outcome(function, args)
    if error is not None:
        return isinstance(error, ZeroDivisionError)
    try:
        return not bool(np.all(np.isfinite(np.asarray(got, dtype=float))))
    except Exception:  # garbage, not numbers
        return False


def _is_close(value: Any, number: float) -> bool:
    """True if value is one number close to ``number``."""
    try:
        array = np.asarray(value, dtype=float)
        return array.size == 1 and math.isclose(float(array.ravel()[0]), number, rel_tol=1e-3)
    except Exception:  # not a number
        return False


def _holds(value: Any, number: float) -> bool:
    """True if value is several numbers, one of them close to ``number``."""
    try:
        array = np.asarray(value, dtype=float)
        return array.size > 1 and bool(np.any(np.isclose(array, number, rtol=1e-3)))
    except Exception:  # not numbers
        return False
