"""A small GPT on the course's own autograd engine (lesson 07: transformers).

The structure and names are nanoGPT's (Karpathy), which are GPT-2's:

- :class:`CausalSelfAttention`: every position mixes the values of itself and
  the positions before it, weighted by softmax(q k^T / sqrt(d)), in ``n_head``
  heads side by side.
- :class:`MLP`: per position, widen 4x, GELU, narrow back.
- :class:`Block`: x + attn(ln_1(x)), then x + mlp(ln_2(x)) (pre-norm residual).
- :class:`GPT`: token + position embeddings, ``n_layer`` blocks, a final layer
  norm and the language-model head (the token embedding reused: weight tying).

:func:`get_batch` draws training windows from a sequence of token ids and
:func:`generate` samples a continuation (temperature, top-k, a seed).

Initialisation as nanoGPT: every weight normal with std 0.02, the residual
projections (``c_proj``) 0.02 / sqrt(2 n_layer), biases zero, layer norms one.

Pure numpy: no plotting, no widgets.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from course_lib.autograd import Tensor, no_grad
from course_lib.functional import cross_entropy, gelu, scaled_dot_product_attention
from course_lib.nn import Embedding, LayerNorm, Linear, Module, _as_generator
from course_lib.validation import check_count, check_scalar

#: The standard deviation of every initial weight (GPT-2's).
INIT_STD = 0.02


@dataclass(frozen=True)
class GPTConfig:
    """The sizes of a GPT; the defaults are nanoGPT's shakespeare_char run on a CPU."""

    block_size: int = 64  # the longest context, in tokens
    vocab_size: int = 65  # the number of distinct tokens
    n_layer: int = 4
    n_head: int = 4
    n_embd: int = 128  # the width of every position's vector
    bias: bool = False  # biases in the Linear and LayerNorm layers (GPT-2: True)

    def __post_init__(self):
        for name in ("block_size", "vocab_size", "n_layer", "n_head", "n_embd"):
            check_count(getattr(self, name), name)
        if self.n_embd % self.n_head:
            raise ValueError(
                f"n_embd ({self.n_embd}) must be a multiple of n_head ({self.n_head}): "
                "each head gets n_embd / n_head features"
            )


def _linear(n_in: int, n_out: int, rng: np.random.Generator, bias: bool, std: float) -> Linear:
    """A Linear layer whose weights start normal with standard deviation ``std``."""
    return Linear(n_in, n_out, rng, bias=bias, gain=std * math.sqrt(n_in))


class CausalSelfAttention(Module):
    """Multi-head self-attention in which no position sees a later one.

    One matrix ``c_attn`` makes queries, keys and values for every head at
    once; each head attends over its own n_embd / n_head features; ``c_proj``
    mixes the heads' outputs back together.
    """

    def __init__(self, config: GPTConfig, rng: np.random.Generator):
        c, bias = config.n_embd, config.bias
        self.n_head, self.n_embd = config.n_head, c
        self.c_attn = _linear(c, 3 * c, rng, bias, INIT_STD)
        self.c_proj = _linear(c, c, rng, bias, INIT_STD / math.sqrt(2 * config.n_layer))

    def forward(self, x: Tensor) -> Tensor:
        b, t, c = x.shape
        qkv = self.c_attn(x)
        q, k, v = (self._heads(qkv[..., i * c : (i + 1) * c]) for i in range(3))
        y = scaled_dot_product_attention(q, k, v, is_causal=True)  # (b, n_head, t, head size)
        return self.c_proj(y.swapaxes(1, 2).reshape(b, t, c))  # heads side by side again

    def _heads(self, x: Tensor) -> Tensor:
        """(b, t, c) -> (b, n_head, t, c / n_head): each head's features as its own batch."""
        b, t, c = x.shape
        return x.reshape(b, t, self.n_head, c // self.n_head).swapaxes(1, 2)


class MLP(Module):
    """Per position: widen to 4 n_embd, GELU, narrow back to n_embd."""

    def __init__(self, config: GPTConfig, rng: np.random.Generator):
        c, bias = config.n_embd, config.bias
        self.c_fc = _linear(c, 4 * c, rng, bias, INIT_STD)
        self.c_proj = _linear(4 * c, c, rng, bias, INIT_STD / math.sqrt(2 * config.n_layer))

    def forward(self, x: Tensor) -> Tensor:
        return self.c_proj(gelu(self.c_fc(x)))


class Block(Module):
    """A transformer block: attention, then the MLP, each added to the residual stream."""

    def __init__(self, config: GPTConfig, rng: np.random.Generator):
        self.ln_1 = LayerNorm(config.n_embd, bias=config.bias)
        self.attn = CausalSelfAttention(config, rng)
        self.ln_2 = LayerNorm(config.n_embd, bias=config.bias)
        self.mlp = MLP(config, rng)

    def forward(self, x: Tensor) -> Tensor:
        x = x + self.attn(self.ln_1(x))
        return x + self.mlp(self.ln_2(x))


class GPT(Module):
    """A GPT language model: token ids (batch, time) in, next-token logits (batch, time, vocab) out.

    ``model(idx, targets)`` returns ``(logits, loss)`` as nanoGPT; ``loss`` is the
    mean cross-entropy of ``targets`` (None without targets).
    """

    def __init__(self, config: GPTConfig, rng: int | np.random.Generator):
        if not isinstance(config, GPTConfig):
            raise TypeError(f"config must be a GPTConfig, got {type(config).__name__}")
        rng = _as_generator(rng, "GPT")
        self.config = config
        self.wte = Embedding(config.vocab_size, config.n_embd, rng, std=INIT_STD)
        self.wpe = Embedding(config.block_size, config.n_embd, rng, std=INIT_STD)
        self.h = [Block(config, rng) for _ in range(config.n_layer)]
        self.ln_f = LayerNorm(config.n_embd, bias=config.bias)

    def forward(self, idx: object, targets: object = None) -> tuple[Tensor, Tensor | None]:
        idx = self._check_idx(idx)
        x = self.wte(idx) + self.wpe(np.arange(idx.shape[1]))
        for block in self.h:
            x = block(x)
        logits = self.lm_head(self.ln_f(x))
        return logits, None if targets is None else cross_entropy(logits, targets)

    def lm_head(self, x: Tensor) -> Tensor:
        """Logits x @ wte.weight^T: the token embedding, reused as the output layer."""
        return x @ self.wte.weight.T

    def n_params(self, non_embedding: bool = True) -> int:
        """How many numbers the model learns (without the position table, as nanoGPT counts)."""
        n = sum(p.size for p in self.parameters())
        return n - self.wpe.weight.size if non_embedding else n

    def _check_idx(self, idx: object) -> np.ndarray:
        idx = np.asarray(idx)
        if idx.ndim != 2 or not np.issubdtype(idx.dtype, np.integer):
            raise ValueError(
                f"idx must be token ids of shape (batch, time), got {idx.dtype} of shape "
                f"{idx.shape}"
            )
        if idx.shape[1] > self.config.block_size:
            raise ValueError(
                f"a sequence of {idx.shape[1]} tokens is longer than block_size "
                f"{self.config.block_size}"
            )
        return idx


def decay_groups(model: Module) -> tuple[list[Tensor], list[Tensor]]:
    """The parameters to weight-decay (matrices, embeddings) and the rest (biases, norms).

    As nanoGPT: every parameter with two or more axes is decayed, the others not.
    """
    params = model.parameters()
    return [p for p in params if p.ndim >= 2], [p for p in params if p.ndim < 2]


def get_batch(
    data: np.ndarray, block_size: int, batch_size: int, rng: np.random.Generator
) -> tuple[np.ndarray, np.ndarray]:
    """``batch_size`` random windows of ``block_size`` tokens from ``data``, and the next tokens.

    Row i of y is row i of x shifted by one: at every position the target is
    the token that comes next.
    """
    data = np.asarray(data)
    block_size, batch_size = (
        check_count(block_size, "block_size"),
        check_count(batch_size, "batch_size"),
    )
    if data.ndim != 1 or len(data) <= block_size:
        raise ValueError(f"data must be a 1-D sequence longer than block_size, got {data.shape}")
    starts = rng.integers(0, len(data) - block_size, size=batch_size)
    windows = starts[:, None] + np.arange(block_size)
    return data[windows], data[windows + 1]


def generate(
    model: GPT,
    idx: object,
    n_new: int,
    temperature: float = 1.0,
    top_k: int | None = None,
    seed: int | np.random.Generator | None = None,
) -> np.ndarray:
    """``idx`` (batch, time) followed by ``n_new`` sampled tokens.

    Each new token is drawn from softmax(last logits / ``temperature``), only
    among the ``top_k`` most likely if given. Temperature 0 (or top_k 1) always
    takes the most likely token (greedy); a fixed ``seed`` repeats the sample.
    The context is cut to the model's last block_size tokens.
    """
    n_new = check_count(n_new, "n_new", 0)
    temperature = check_scalar(temperature, "temperature", minimum=0)
    if top_k is not None:
        top_k = check_count(top_k, "top_k")
    rng = np.random.default_rng(seed)
    idx = np.array(idx, dtype=np.int64, ndmin=2)
    with no_grad():
        for _ in range(n_new):
            logits, _ = model(idx[:, -model.config.block_size :])
            token = sample(logits.data[:, -1, :], temperature, top_k, rng)
            idx = np.concatenate([idx, token[:, None]], axis=1)
    return idx


def sample(
    logits: np.ndarray, temperature: float, top_k: int | None, rng: np.random.Generator
) -> np.ndarray:
    """One token per row of ``logits`` (batch, vocab): greedy, or drawn as in :func:`generate`."""
    logits = np.asarray(logits, dtype=np.float64)
    if temperature == 0 or top_k == 1:
        return logits.argmax(axis=-1)
    scaled = logits / temperature
    if top_k is not None and top_k < scaled.shape[-1]:
        kth = np.sort(scaled, axis=-1)[:, -top_k][:, None]
        scaled = np.where(scaled < kth, -np.inf, scaled)
    probs = np.exp(scaled - scaled.max(axis=-1, keepdims=True))
    cumulative = probs.cumsum(axis=-1)
    u = rng.random(len(probs))[:, None] * cumulative[:, -1:]
    return np.minimum((cumulative <= u).sum(axis=-1), probs.shape[-1] - 1)
