"""Functions of tensors on the autograd engine that are not Tensor methods.

Each is written as the engine's operations are (:mod:`course_lib.autograd`):
the forward computation on numpy arrays, the local derivative right beside it.

- :func:`cross_entropy`: mean -log softmax(logits)[target], the classifier's loss
  (also over (batch, time, vocabulary) logits of a language model).
- :func:`concatenate`: join tensors along an axis.
- :func:`dropout`: zero values at random while training.

The pieces of a transformer (lesson 07), each checked against torch:

- :func:`embedding`: look up one row of a table per integer id (a token's vector);
  a row picked several times gets the sum of their gradients.
- :func:`layer_norm`: standardize each vector over its last axis, then scale and shift.
- :func:`gelu`: the GELU activation, in the tanh approximation of GPT-2.
- :func:`masked_fill`: put a value (e.g. -inf) where a mask is True.
- :func:`attention_weights` and :func:`scaled_dot_product_attention`:
  softmax(q k^T / sqrt(d)) v, optionally causal (no position sees a later one).

Pure numpy: no plotting, no widgets.
"""

from __future__ import annotations

import math
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


# -- the pieces of a transformer ----------------------------------------------------------------
def embedding(ids: object, weight: Tensor) -> Tensor:
    """``weight[ids]``: the row of the table ``weight`` (vocabulary, width) for each id.

    ``ids`` is an integer array of any shape; the result has shape ids.shape + (width,).
    Looking up a row is multiplying a one-hot vector by the table, so a row's gradient
    is the sum of the gradients of every place it was picked (repeated ids add up).
    """
    weight = as_tensor(weight)
    ids = _check_ids(ids, weight)

    def backward(grad):  # scatter-add: d(weight[ids])/d(weight[r]) = 1 where ids == r
        table = np.zeros_like(weight.data)
        np.add.at(table, ids.reshape(-1), grad.reshape(-1, weight.shape[1]))
        weight._add_grad(table)

    return _result(weight.data[ids], (weight,), backward, "embedding")


def layer_norm(
    x: Tensor, weight: Tensor | None = None, bias: Tensor | None = None, eps: float = 1e-5
) -> Tensor:
    """(x - mean) / sqrt(var + eps) * weight + bias, mean and variance over the last axis.

    Each vector (a token's features) is standardized on its own, then scaled and
    shifted per feature by ``weight`` and ``bias`` (either may be None), as
    ``torch.nn.functional.layer_norm(x, x.shape[-1:], weight, bias, eps)``.
    """
    x, weight, bias = _check_layer_norm(x, weight, bias)
    xhat, rstd = _standardize(x.data, eps)
    scaled = xhat if weight is None else xhat * weight.data

    def backward(grad):  # through y = xhat * w + b, then xhat = (x - mean) * rstd
        dxhat = grad if weight is None else grad * weight.data
        mean_d, mean_dx = dxhat.mean(-1, keepdims=True), (dxhat * xhat).mean(-1, keepdims=True)
        x._add_grad(rstd * (dxhat - mean_d - xhat * mean_dx))
        if weight is not None and weight.requires_grad:
            weight._add_grad(grad * xhat)
        if bias is not None:
            bias._add_grad(grad)

    out = scaled if bias is None else scaled + bias.data
    return _result(
        out, tuple(t for t in (x, weight, bias) if t is not None), backward, "layer_norm"
    )


#: sqrt(2 / pi) and the cubic coefficient of GELU's tanh approximation.
_GELU_SCALE, _GELU_CUBIC = math.sqrt(2.0 / math.pi), 0.044715


def gelu(x: Tensor) -> Tensor:
    """GELU in its tanh approximation: 0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3))).

    The form of GPT-2 and of nanoGPT's first ``new_gelu``; today's nanoGPT uses the
    exact x * Phi(x) (``nn.GELU()``), which differs by less than 0.0005 everywhere.
    This is ``torch.nn.functional.gelu(x, approximate="tanh")``.
    """
    x = as_tensor(x)
    a = x.data
    t = np.tanh(_GELU_SCALE * (a + _GELU_CUBIC * a * a * a))

    def backward(grad):  # 0.5 (1 + t) + 0.5 x (1 - t^2) sqrt(2/pi) (1 + 3 * 0.044715 x^2)
        slope = _GELU_SCALE * (1 + 3 * _GELU_CUBIC * a * a)
        x._add_grad(grad * (0.5 * (1 + t) + 0.5 * a * (1 - t * t) * slope))

    return _result(0.5 * a * (1 + t), (x,), backward, "gelu")


def masked_fill(x: Tensor, mask: object, value: float) -> Tensor:
    """``x`` with ``value`` wherever ``mask`` (a boolean array that broadcasts to x) is True.

    Filling the scores above the diagonal with -inf before a softmax gives those
    places weight 0: the causal mask of a language model.
    """
    x = as_tensor(x)
    mask = _check_mask(mask, x.shape)

    def backward(grad):  # a filled place is a constant: no gradient flows back there
        x._add_grad(np.where(mask, 0, grad))

    return _result(np.where(mask, value, x.data), (x,), backward, "masked_fill")


def causal_mask(t_query: int, t_key: int | None = None) -> np.ndarray:
    """True above the diagonal: position i may attend to positions 0..i only (as torch's
    ``is_causal``, aligned at the top left)."""
    return np.triu(np.ones((t_query, t_query if t_key is None else t_key), dtype=bool), k=1)


def attention_weights(q: Tensor, k: Tensor, is_causal: bool = False) -> Tensor:
    """softmax(q @ k^T / sqrt(d)) over the keys: how much each query attends to each key.

    ``q`` has shape (..., T, d) and ``k`` (..., S, d); the result (..., T, S) sums
    to 1 over its last axis. The 1 / sqrt(d) keeps the scores' spread independent
    of the width d, so the softmax does not saturate as heads get wider.
    """
    q, k = _check_attention(q, k)
    scores = (q @ k.swapaxes(-1, -2)) * (1.0 / math.sqrt(q.shape[-1]))
    if is_causal:
        scores = masked_fill(scores, causal_mask(q.shape[-2], k.shape[-2]), -np.inf)
    return scores.softmax(-1)


def scaled_dot_product_attention(
    q: Tensor, k: Tensor, v: Tensor, is_causal: bool = False
) -> Tensor:
    """softmax(q k^T / sqrt(d)) v: each query's weighted mean of the values.

    As ``torch.nn.functional.scaled_dot_product_attention(q, k, v, is_causal=...)``;
    the gradient flows through the engine's matmul, mask and softmax.
    """
    v = as_tensor(v)
    weights = attention_weights(q, k, is_causal)
    if v.shape[-2] != weights.shape[-1]:
        raise ValueError(f"v has shape {v.shape} but k has {weights.shape[-1]} positions")
    return weights @ v


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


def _check_ids(ids: object, weight: Tensor) -> np.ndarray:
    """``ids`` as an integer array of valid rows of ``weight`` (a 2-D table)."""
    if weight.ndim != 2:
        raise ValueError(f"weight must be a table (vocabulary, width), got shape {weight.shape}")
    if isinstance(ids, Tensor):
        ids = ids.data
    ids = np.asarray(ids)
    if ids.size and not np.issubdtype(ids.dtype, np.integer):
        raise TypeError(f"ids must be integers (token ids), got dtype {ids.dtype}")
    if ids.size and (ids.min() < 0 or ids.max() >= len(weight)):
        raise ValueError(
            f"ids must be in [0, {len(weight) - 1}] (rows of weight), "
            f"got values from {ids.min()} to {ids.max()}"
        )
    return ids.astype(np.intp, copy=False)


def _check_layer_norm(x, weight, bias) -> tuple[Tensor, Tensor | None, Tensor | None]:
    x = as_tensor(x)
    if x.ndim == 0:
        raise ValueError("layer_norm needs a last axis of features, got a single number")
    params = []
    for name, p in (("weight", weight), ("bias", bias)):
        p = None if p is None else as_tensor(p, x.dtype)
        if p is not None and p.shape != x.shape[-1:]:
            raise ValueError(
                f"{name} has shape {p.shape} but x has {x.shape[-1]} features "
                f"(last axis of shape {x.shape}); give one {name} per feature"
            )
        params.append(p)
    return x, *params


def _standardize(data: np.ndarray, eps: float) -> tuple[np.ndarray, np.ndarray]:
    """(data - mean) * rstd and rstd = 1 / sqrt(var + eps), over the last axis."""
    centered = data - data.mean(-1, keepdims=True)
    rstd = 1.0 / np.sqrt((centered * centered).mean(-1, keepdims=True) + eps)
    return centered * rstd, rstd


def _check_mask(mask: object, shape: tuple[int, ...]) -> np.ndarray:
    mask = np.asarray(mask.data if isinstance(mask, Tensor) else mask)
    if mask.dtype != np.bool_:
        raise TypeError(f"mask must be a boolean array, got dtype {mask.dtype}")
    try:
        fits = np.broadcast_shapes(mask.shape, shape) == shape
    except ValueError:
        fits = False
    if not fits:
        raise ValueError(f"mask of shape {mask.shape} does not broadcast to x's shape {shape}")
    return mask


def _check_attention(q, k) -> tuple[Tensor, Tensor]:
    q, k = as_tensor(q), as_tensor(k)
    if q.ndim < 2 or k.ndim < 2 or q.shape[-1] != k.shape[-1]:
        raise ValueError(
            f"q and k need shapes (..., positions, d) with the same d, got {q.shape} and {k.shape}"
        )
    return q, k
