"""Check for lesson 03's optional exercise 6 (in "Going further"): un-broadcasting, summing a
gradient down to the shape of an input that numpy broadcast. Returns a Feedback, never raises.

The expected answers come from the course's autograd engine: the ``.grad`` that
``backward()`` leaves on an input of a broadcasting addition.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from course_lib.checks.backprop.by_hand import _leaf
from course_lib.feedback import (
    INCORRECT,
    Case,
    Feedback,
    check_function,
    gives,
    matches,
    quiet_result,
)

_RNG = np.random.default_rng(6)


# -- Exercise 6: unbroadcast ---------------------------------------------------------------------


def _unbroadcast_reference(grad: np.ndarray, shape: tuple[int, ...]) -> np.ndarray:
    """The gradient the engine hands to an input of ``shape`` broadcast up to grad.shape."""
    small = _leaf(np.zeros(shape))
    (small + np.zeros(grad.shape)).backward(grad)
    return small.grad


_UNBROADCAST_CASES = [
    (_RNG.normal(size=(2, 3)), (2, 3)),
    (_RNG.normal(size=(3, 4)), (4,)),
    (_RNG.normal(size=(3, 4)), (1, 4)),
    (_RNG.normal(size=(3, 4)), (3, 1)),
    (_RNG.normal(size=(4, 4)), (4,)),
    (_RNG.normal(size=(2, 3, 4)), (3, 1)),
    (_RNG.normal(size=(2, 3, 4)), (2, 1, 4)),
    (_RNG.normal(size=(3, 4)), ()),
]


def unbroadcast(function: Any) -> Feedback:
    """Exercise 6: unbroadcast(grad, shape) sums grad down to the shape of a broadcast input."""
    feedback = check_function(
        "Exercise 6 (unbroadcast)",
        function,
        [
            Case((g, s), _unbroadcast_reference(g, s), f"grad of shape {g.shape}, {s}")
            for g, s in _UNBROADCAST_CASES
        ],
        name="unbroadcast",
        hint="An input used for many output elements gets the sum of their gradients: sum "
        "grad over the axes that broadcasting added or stretched.",
        more="Broadcasting lines shapes up from the right. First sum grad over the leading "
        "axes it has beyond len(shape); then, with keepdims=True, over every axis where "
        "shape has a 1 and grad does not.",
        fix="while grad.ndim > len(shape): grad = grad.sum(axis=0); then for axis, size in "
        "enumerate(shape): if size == 1 and grad.shape[axis] != 1: grad = "
        "grad.sum(axis=axis, keepdims=True); return grad",
    )
    if feedback.status != INCORRECT:
        return feedback
    feedback.hint = _unbroadcast_hint(function) or feedback.hint
    return feedback


_GRAD = _UNBROADCAST_CASES[1][0]  # shape (3, 4)
_LEADING = (_GRAD, (4,))  # (3, 4) -> (4,): one leading axis added
_STRETCHED = (_GRAD, (1, 4))  # (3, 4) -> (1, 4): one axis of size 1 stretched
_COLUMN = (_GRAD, (3, 1))
_SQUARE = (_UNBROADCAST_CASES[4][0], (4,))  # (4, 4) -> (4,): which axis is the added one?
#: Known wrong answers, (arguments, answer, hint), tried in order.
_UNBROADCAST_MISTAKES = [
    (
        _STRETCHED,
        _GRAD.sum(axis=0),
        "Keep the axes of size 1: the input has shape (1, 4), so sum with keepdims=True "
        "(the result must have exactly the input's shape).",
    ),
    (
        _COLUMN,
        _GRAD.sum(axis=1),
        "Keep the axes of size 1: the input has shape (3, 1), so sum with keepdims=True "
        "(the result must have exactly the input's shape).",
    ),
    (
        _SQUARE,
        _SQUARE[0].sum(axis=1),
        "Broadcasting lines shapes up from the right: the axes it adds are the leading "
        "ones. Sum over the first axes of grad, not the last.",
    ),
    (
        _LEADING,
        _GRAD.sum(),
        "Sum only over the broadcast axes, not over everything: the result must have "
        "the input's shape.",
    ),
    (
        _LEADING,
        _GRAD.mean(axis=0),
        "Sum, don't average: each copy of the input contributes its full gradient.",
    ),
]


def _unbroadcast_hint(function: Any) -> str:
    """The hint for the typical mistake the learner's unbroadcast makes, if any."""
    same = _UNBROADCAST_CASES[0]  # (2, 3) -> (2, 3): nothing was broadcast
    got = quiet_result(function, same)
    if got is not None and not matches(got, same[0]):
        return (
            "When shape equals grad.shape nothing was broadcast: return grad as it is. "
            "Choose the axes to sum from the two shapes, not always the same axis."
        )
    unchanged_leading = gives(function, _LEADING, _GRAD)
    unchanged_stretched = gives(function, _STRETCHED, _GRAD)
    if unchanged_leading and unchanged_stretched:
        return (
            "You returned grad unchanged: an input used for many output elements gets the "
            "sum of their gradients. Sum over the axes that broadcasting added or stretched."
        )
    if unchanged_leading:
        return (
            "Broadcasting also adds leading axes: a (4,) input used in a (3, 4) result "
            "becomes (1, 4) and then (3, 4). Sum grad over its first grad.ndim - len(shape) "
            "axes too."
        )
    if unchanged_stretched:
        return (
            "Also sum over the axes where the input had size 1 and grad does not "
            "(keepdims=True): a (1, 4) input used in a (3, 4) result gets the sum over axis 0."
        )
    for args, answer, hint in _UNBROADCAST_MISTAKES:
        if gives(function, args, answer):
            return hint
    return ""
