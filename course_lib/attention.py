"""Self-attention step by step, positional encodings, and what attention costs (lesson 07).

The engine's :func:`course_lib.functional.scaled_dot_product_attention` does all of it
in one line; here the steps are kept apart so that a lesson can show each:

1. queries, keys and values: three linear maps of the same token vectors,
   q = x W_q, k = x W_k, v = x W_v;
2. scores: how well each query matches each key, q k^T, divided by sqrt(d)
   (without the division the scores grow like sqrt(d) and the softmax saturates);
3. the causal mask: a language model's position i may not look at positions after i
   (their scores become -inf);
4. weights: softmax over the keys, each row sums to 1;
5. output: each position's weighted mean of the values, weights @ v.

- :func:`sinusoidal_positions`: the fixed positional encodings of "Attention is all you
  need": PE[p, 2i] = sin(p / 10000^(2i/d)), PE[p, 2i + 1] = cos(p / 10000^(2i/d)).
- :func:`attention_flops` and :func:`training_flops`: the arithmetic of a forward pass
  of attention (it grows with the square of the sequence length) and the 6 N D rule
  for training a model of N parameters on D tokens.

Pure numpy: no plotting, no widgets.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from course_lib.validation import check_array, check_count, check_positive


def softmax(scores: np.ndarray, axis: int = -1) -> np.ndarray:
    """exp(scores) normalised to sum to 1 along ``axis`` (-inf gives weight 0)."""
    scores = np.asarray(scores, dtype=float)
    shifted = scores - np.max(scores, axis=axis, keepdims=True)
    e = np.exp(shifted)
    return e / e.sum(axis=axis, keepdims=True)


@dataclass(frozen=True)
class AttentionSteps:
    """Every intermediate of one head of self-attention on T token vectors."""

    q: np.ndarray  # (T, d) queries
    k: np.ndarray  # (T, d) keys
    v: np.ndarray  # (T, d_v) values
    scores: np.ndarray  # (T, T) q k^T, divided by sqrt(d) if scaled, -inf where masked
    weights: np.ndarray  # (T, T) softmax of the scores over the keys (rows sum to 1)
    output: np.ndarray  # (T, d_v) weights @ v


def attention_steps(
    x: np.ndarray,
    w_q: np.ndarray,
    w_k: np.ndarray,
    w_v: np.ndarray,
    scaled: bool = True,
    causal: bool = False,
) -> AttentionSteps:
    """One attention head on token vectors ``x`` (T, d_model), step by step.

    ``scaled=False`` leaves out the division by sqrt(d); ``causal=True`` masks the
    positions after each query.
    """
    x = check_array(x, "x", ndim=2)
    w_q, w_k, w_v = (
        check_array(w, name, ndim=2) for w, name in ((w_q, "w_q"), (w_k, "w_k"), (w_v, "w_v"))
    )
    for w, name in ((w_q, "w_q"), (w_k, "w_k"), (w_v, "w_v")):
        if w.shape[0] != x.shape[1]:
            raise ValueError(
                f"{name} has shape {w.shape} but x has {x.shape[1]} features per token; "
                f"{name} needs {x.shape[1]} rows"
            )
    if w_q.shape[1] != w_k.shape[1]:
        raise ValueError(
            f"w_q and w_k must give vectors of the same width, got {w_q.shape} and {w_k.shape}"
        )
    q, k, v = x @ w_q, x @ w_k, x @ w_v
    scores = q @ k.T
    if scaled:
        scores = scores / math.sqrt(q.shape[1])
    if causal:
        scores = np.where(np.triu(np.ones(scores.shape, dtype=bool), k=1), -np.inf, scores)
    weights = softmax(scores)
    return AttentionSteps(q, k, v, scores, weights, weights @ v)


def sinusoidal_positions(n_positions: int, d_model: int, base: float = 10000.0) -> np.ndarray:
    """(n_positions, d_model): sin on even features, cos on odd ones, wavelengths growing
    geometrically from 2 pi to about 2 pi * base across the features."""
    n_positions = check_count(n_positions, "n_positions")
    d_model = check_count(d_model, "d_model")
    base = check_positive(base, "base")
    positions = np.arange(n_positions)[:, None]
    rates = base ** (-(np.arange(d_model) // 2 * 2) / d_model)  # the pair 2i, 2i+1 shares one
    angles = positions * rates[None, :]
    return np.where(np.arange(d_model) % 2 == 0, np.sin(angles), np.cos(angles))


def attention_flops(seq_len: int, d: int) -> int:
    """Multiply-adds x 2 of the scores q k^T and the weighted sum weights @ v: 4 T^2 d."""
    seq_len, d = check_count(seq_len, "seq_len"), check_count(d, "d")
    return 4 * seq_len * seq_len * d


def training_flops(n_params: float, n_tokens: float) -> float:
    """About 6 N D operations to train N parameters on D tokens: 2 N per token forward,
    4 N backward (Kaplan et al. 2020)."""
    return 6.0 * check_positive(n_params, "n_params") * check_positive(n_tokens, "n_tokens")
