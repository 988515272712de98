"""The argument checks of the autograd engine (:mod:`course_lib.autograd`).

Each takes the tensors (anything with ``.data`` and ``.shape``) or arguments of
one operation and either returns the clean values or raises an error a learner
can read: it names the shapes involved and says what would fit, instead of the
numpy broadcasting error from deep inside. They live apart from the engine so
that each operation there reads as forward computation plus local derivative.

Pure numpy: no plotting, no widgets.
"""

from __future__ import annotations

import numbers

import numpy as np


def broadcast_values(ufunc: np.ufunc, a, b, symbol: str) -> np.ndarray:
    """``ufunc(a.data, b.data)``; shapes that do not broadcast give a readable error."""
    try:
        return ufunc(a.data, b.data)
    except ValueError:
        raise ValueError(
            f"cannot broadcast shapes {a.shape} and {b.shape} for {symbol}: compare them from "
            "the right, each pair of sizes must be equal or one of them 1"
        ) from None


def check_exponent(exponent: object) -> float:
    """``exponent`` as a float; a TypeError unless it is a (non-boolean) real number."""
    if not isinstance(exponent, numbers.Real) or isinstance(exponent, bool):
        raise TypeError(
            f"tensor ** exponent needs a number as exponent, got {type(exponent).__name__}"
        )
    return float(exponent)


def check_matmul(a, b) -> None:
    """A readable error unless the last axis of ``a`` meets the inner axis of ``b`` and
    their leading (batch) axes broadcast."""
    if a.ndim == 0 or b.ndim == 0:
        raise ValueError(
            f"matmul needs arrays, not single numbers: got shapes {a.shape} and "
            f"{b.shape}; use * to scale"
        )
    inner = b.shape[0] if b.ndim == 1 else b.shape[-2]
    if a.shape[-1] != inner:
        raise ValueError(
            f"matmul shapes {a.shape} and {b.shape} do not fit: the last axis of "
            f"the left ({a.shape[-1]}) must equal the "
            f"{'first' if b.ndim == 1 else 'second-to-last'} axis of the right ({inner})"
        )
    try:
        if a.ndim > 2 and b.ndim > 2:
            np.broadcast_shapes(a.shape[:-2], b.shape[:-2])
    except ValueError:
        raise ValueError(
            f"matmul shapes {a.shape} and {b.shape} do not fit: their leading "
            "(batch) axes do not broadcast"
        ) from None


def normalize_axes(axis: int | tuple[int, ...] | None, ndim: int) -> tuple[int, ...]:
    """``axis`` as a sorted tuple of non-negative axes (all axes for None)."""
    if axis is None:
        return tuple(range(ndim))
    axes = (axis,) if isinstance(axis, numbers.Integral) else tuple(axis)
    for a in axes:
        if not -ndim <= a < ndim:
            raise ValueError(f"axis {a} is out of range for a tensor with {ndim} axes")
    return tuple(sorted(a % ndim for a in axes))


def axes_argument(values: tuple) -> tuple:
    """``f(2, 3)`` and ``f((2, 3))`` alike: the sizes or axes as one tuple."""
    if len(values) == 1 and not isinstance(values[0], numbers.Integral):
        return tuple(values[0])
    return values


def reshaped_values(t, shape: tuple[int, ...]) -> np.ndarray:
    """``t.data`` in ``shape``, or an error that names both shapes and the number of values."""
    try:
        return t.data.reshape(shape)
    except ValueError:
        raise ValueError(
            f"cannot reshape a tensor of shape {t.shape} ({t.size} values) into shape {shape}"
        ) from None


def check_permutation(t, axes: tuple[int, ...]) -> tuple[int, ...]:
    """``axes`` (all reversed if empty), or an error unless they permute ``t``'s axes."""
    axes = axes or tuple(reversed(range(t.ndim)))
    if sorted(a % t.ndim if t.ndim else a for a in axes) != list(range(t.ndim)):
        raise ValueError(
            f"transpose axes {axes} are not a permutation of the {t.ndim} axes of a "
            f"tensor of shape {t.shape}"
        )
    return axes


def check_index(index: object, tensor_type: type) -> bool:
    """True for a basic index (ints, slices, None, ...), False for integer or boolean arrays.

    An index holding a tensor (of ``tensor_type``) is refused: indices are plain
    numbers, and a gradient cannot flow into them.
    """
    parts = index if isinstance(index, tuple) else (index,)
    if any(isinstance(part, tensor_type) for part in parts):
        raise TypeError(
            "index a Tensor with ints, slices or integer numpy arrays, not a Tensor "
            "(use tensor.data.astype(int) if it holds indices)"
        )
    return all(
        isinstance(part, numbers.Integral | slice) or part is None or part is Ellipsis
        for part in parts
    )


def indexed_values(t, index: object) -> np.ndarray:
    """``t.data[index]``; an index out of range gives an error that names the shape."""
    try:
        return t.data[index]
    except IndexError as error:
        raise IndexError(f"{error} (tensor shape {t.shape})") from None


def backward_start(t, grad: object) -> np.ndarray:
    """The gradient backward() starts from: ``grad``, or 1 for a one-number tensor (a loss)."""
    if not t.requires_grad:
        raise RuntimeError(
            "backward() needs a tensor that depends on one with requires_grad=True "
            "(and was not computed inside no_grad())"
        )
    if grad is None:
        if t.size != 1:
            raise ValueError(
                f"backward() without a gradient needs a single number such as a loss, but "
                f"this tensor has shape {t.shape}; call .sum() first or pass grad="
            )
        grad = np.ones_like(t.data)
    grad = np.asarray(grad, dtype=t.data.dtype)
    if grad.shape != t.shape:
        raise ValueError(f"grad has shape {grad.shape} but the tensor has shape {t.shape}")
    return grad


def float_dtype(dtype: object) -> type:
    """np.float64 for None; np.float64 or np.float32 as asked; a ValueError for anything else."""
    if dtype is None:
        return np.float64
    try:
        kind = np.dtype(dtype).type
    except TypeError:
        kind = None
    if kind is np.float64 or kind is np.float32:
        return kind
    raise ValueError(f"dtype must be np.float64 or np.float32, got {dtype!r}")
