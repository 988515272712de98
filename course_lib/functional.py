"""Functions of tensors on the autograd engine that are not Tensor methods.

Each is written as the engine's operations are (:mod:`course_lib.autograd`):
the forward computation on numpy arrays, the local derivative right beside it.

- :func:`cross_entropy`: mean -log softmax(logits)[target], the classifier's loss.
- :func:`concatenate`: join tensors along an axis.
- :func:`dropout`: zero values at random while training.

Pure numpy: no plotting, no widgets.
"""

from __future__ import annotations

import numbers
from collections.abc import Sequence

import numpy as np

from course_lib.autograd import Tensor, _log_softmax, _result, as_tensor


def cross_entropy(logits: Tensor, targets: object) -> Tensor:
    """Mean cross-entropy of integer class ``targets`` under softmax(``logits``).

    ``logits`` has shape (..., classes) and ``targets`` the shape (...), each an
    integer in [0, classes). Loss = mean over examples of -log softmax(logits)[target],
    computed from log-softmax, so large logits never overflow.
    """
    logits = as_tensor(logits)
    picked = _check_targets(logits, targets).reshape(-1)
    log_probs = _log_softmax(logits.data, -1).reshape(len(picked), -1)
    rows = np.arange(len(picked))

    def backward(grad):  # d(loss)/d(logits) = (softmax - one_hot(target)) / examples
        dlogits = np.exp(log_probs)
        dlogits[rows, picked] -= 1
        logits._add_grad((grad / len(rows)) * dlogits.reshape(logits.shape))

    return _result(-log_probs[rows, picked].mean(), (logits,), backward, "cross_entropy")


def concatenate(tensors: Sequence[Tensor], axis: int = 0) -> Tensor:
    """Join tensors along ``axis``, like ``np.concatenate``."""
    tensors, data = _concatenated(tensors, axis)
    ends = np.cumsum([t.shape[axis] for t in tensors])[:-1]

    def backward(grad):  # each input gets back its own slice of the gradient
        for tensor, part in zip(tensors, np.split(grad, ends, axis=axis), strict=True):
            tensor._add_grad(part)

    return _result(data, tensors, backward, "concatenate")


def dropout(x: Tensor, p: float, rng: np.random.Generator, train: bool = True) -> Tensor:
    """Zero each value with probability ``p`` during training; scale the rest by 1 / (1 - p).

    The scaling keeps the expected value of each output equal to its input, so at
    evaluation time (``train=False``) dropout simply does nothing. ``rng`` draws
    the mask (pass a seeded Generator for reproducible runs).
    """
    if not isinstance(p, numbers.Real) or isinstance(p, bool) or not 0 <= p < 1:
        raise ValueError(f"dropout probability p must be a number with 0 <= p < 1, got {p!r}")
    if not isinstance(rng, np.random.Generator):
        raise TypeError(
            f"rng must be a numpy Generator (np.random.default_rng(seed)), got {type(rng).__name__}"
        )
    x = as_tensor(x)
    if not train or p == 0:
        return x
    keep = rng.random(x.shape) >= p
    return x * (keep / (1 - p))  # the gradient flows through the kept values, scaled


# -- argument checks ---------------------------------------------------------------------------
def _check_targets(logits: Tensor, targets: object) -> np.ndarray:
    """``targets`` as an integer array of shape logits.shape[:-1] with valid classes."""
    if isinstance(targets, Tensor):
        targets = targets.data
    targets = np.asarray(targets)
    if logits.ndim == 0:
        raise ValueError("logits must have a last axis of classes, got a single number")
    if targets.size and not np.issubdtype(targets.dtype, np.integer):
        if not (np.issubdtype(targets.dtype, np.number) and np.all(targets == np.round(targets))):
            raise TypeError(f"targets must be integer class indices, got dtype {targets.dtype}")
    targets = targets.astype(np.int64)
    if targets.shape != logits.shape[:-1]:
        raise ValueError(
            f"targets has shape {targets.shape} but logits has shape {logits.shape}; "
            f"give one class index per row of logits, i.e. shape {logits.shape[:-1]}"
        )
    if targets.size == 0:
        raise ValueError("cross_entropy needs at least one example, got none")
    classes = logits.shape[-1]
    if targets.min() < 0 or targets.max() >= classes:
        raise ValueError(
            f"targets must be class indices in [0, {classes - 1}], "
            f"got values from {targets.min()} to {targets.max()}"
        )
    return targets


def _concatenated(tensors: Sequence[Tensor], axis: int) -> tuple[tuple[Tensor, ...], np.ndarray]:
    """The inputs as tensors and their values joined, or a readable error."""
    if isinstance(tensors, Tensor | np.ndarray) or len(tensors) == 0:
        raise ValueError("concatenate needs a non-empty list of tensors, e.g. [a, b]")
    tensors = tuple(as_tensor(t) for t in tensors)
    try:
        return tensors, np.concatenate([t.data for t in tensors], axis=axis)
    except (ValueError, np.exceptions.AxisError):
        shapes = ", ".join(str(t.shape) for t in tensors)
        raise ValueError(
            f"cannot concatenate shapes {shapes} along axis {axis}: all other axes must match"
        ) from None
