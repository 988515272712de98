"""Train, save, load, score and sample the small GPT of lesson 07 (transformers).

- :func:`train_gpt`: the four-step loop of lesson 00 on :class:`course_lib.gpt.GPT`:
  draw a batch of windows, predict every next character, the mean cross-entropy,
  backpropagate, one AdamW step (learning rate warmed up, then a cosine decay).
- :func:`save_weights` / :func:`load_weights`: the weights and the configuration
  in one ``.npz`` file (float16 on disk, float32 in memory).
- :func:`token_losses`: -ln p(next token) at every position of a text cut into
  blocks of the model's context: the numbers cross-entropy and perplexity average.
- :class:`FastSampler`: the same model's forward pass in plain numpy for one
  sequence at a time, keeping every layer's keys and values (a "KV cache") so
  that each new token costs one position's work, not the whole context's. It
  gives the same probabilities as the engine's model (tested); the lesson uses
  it so that a slider move samples a paragraph in milliseconds.

Pure numpy: no plotting, no widgets.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, fields
from pathlib import Path

import numpy as np

from course_lib.autograd import no_grad
from course_lib.gpt import GPT, GPTConfig, decay_groups, get_batch, sample
from course_lib.optimizers import AdamW, clip_grad_norm
from course_lib.schedules import cosine_decay
from course_lib.validation import check_array, check_count, check_positive

#: Gradient clipping, AdamW's beta2 and weight decay: nanoGPT's values for this text.
GRAD_CLIP, BETA2, WEIGHT_DECAY = 1.0, 0.99, 0.1


@dataclass(frozen=True)
class TrainingRun:
    """What :func:`train_gpt` returns: the losses along the way and the trained model."""

    config: GPTConfig
    lr: float
    train_losses: np.ndarray  # the loss of every step's batch
    eval_steps: np.ndarray  # the steps at which the validation loss was measured
    val_losses: np.ndarray  # the mean loss on held-out batches at those steps
    model: GPT

    @property
    def val_loss(self) -> float:
        """The validation loss at the end of training."""
        return float(self.val_losses[-1])


def evaluate(model: GPT, ids: np.ndarray, batch_size: int, n_batches: int, seed: int) -> float:
    """Mean loss of ``model`` on ``n_batches`` random batches of ``ids`` (the same for a seed)."""
    rng = np.random.default_rng(seed)
    block = model.config.block_size
    with no_grad():
        losses = [
            model(*get_batch(ids, block, batch_size, rng))[1].item() for _ in range(n_batches)
        ]
    return float(np.mean(losses))


def train_gpt(
    config: GPTConfig,
    train_ids: np.ndarray,
    val_ids: np.ndarray,
    steps: int,
    lr: float = 1e-3,
    batch_size: int = 16,
    seed: int = 0,
    eval_every: int = 100,
    eval_batches: int = 10,
    callback: Callable[[int, float], None] | None = None,
) -> TrainingRun:
    """Train a new float32 GPT for ``steps`` steps of AdamW on windows of ``train_ids``.

    The learning rate warms up over the first tenth of the steps (at most 100),
    then decays along half a cosine to lr / 10, as nanoGPT. Gradients are clipped
    to norm 1. ``callback(step, loss)`` is called after every step (for a
    progress bar). The validation loss is measured every ``eval_every`` steps and
    at the end, on the same ``eval_batches`` batches each time.
    """
    steps, batch_size = check_count(steps, "steps"), check_count(batch_size, "batch_size")
    lr = check_positive(lr, "lr")
    eval_every = check_count(eval_every, "eval_every")
    model = GPT(config, rng=seed).to(np.float32)
    params = model.parameters()
    decay, no_decay = decay_groups(model)
    groups = [
        (AdamW(lr, 0.9, BETA2, weight_decay=WEIGHT_DECAY), decay),
        (AdamW(lr, 0.9, BETA2, weight_decay=0.0), no_decay),
    ]
    warmup = min(100, steps // 10)
    rng = np.random.default_rng(seed)
    train_losses, eval_steps, val_losses = [], [], []
    for step in range(steps + 1):
        if step % eval_every == 0 or step == steps:
            eval_steps.append(step)
            val_losses.append(evaluate(model, val_ids, batch_size, eval_batches, seed + 1))
        if step == steps:
            break
        x, y = get_batch(train_ids, config.block_size, batch_size, rng)
        model.zero_grad()
        _, loss = model(x, y)
        loss.backward()
        clip_grad_norm([p.grad for p in params], GRAD_CLIP)
        step_lr = float(cosine_decay(step, lr, steps, lr / 10, warmup))
        for optimizer, group in groups:
            optimizer.lr = step_lr
            optimizer.step([p.data for p in group], [p.grad for p in group])
        train_losses.append(loss.item())
        if callback is not None:
            callback(step + 1, train_losses[-1])
    return TrainingRun(
        config,
        lr,
        np.array(train_losses),
        np.array(eval_steps),
        np.array(val_losses),
        model,
    )


# -- saving and loading ------------------------------------------------------------------------
def save_weights(model: GPT, path: str | Path, **extra: np.ndarray) -> None:
    """Write the model's configuration and weights (float16) to ``path`` (.npz), with ``extra``
    arrays (a training curve) beside them."""
    config = {
        f"config.{f.name}": np.array(getattr(model.config, f.name)) for f in fields(GPTConfig)
    }
    weights = {
        f"weight.{name}": p.data.astype(np.float16) for name, p in model.named_parameters().items()
    }
    with open(path, "wb") as file:  # np.savez would append .npz to a name without it
        np.savez(
            file, **config, **weights, **{f"extra.{k}": np.asarray(v) for k, v in extra.items()}
        )


def load_weights(path: str | Path) -> tuple[GPT, dict[str, np.ndarray]]:
    """The float32 GPT saved at ``path`` and the extra arrays saved with it."""
    with np.load(path) as saved:
        config = GPTConfig(**{f.name: saved[f"config.{f.name}"].item() for f in fields(GPTConfig)})
        model = GPT(config, rng=0).to(np.float32)
        for name, p in model.named_parameters().items():
            stored = saved[f"weight.{name}"]
            if stored.shape != p.shape:
                raise ValueError(f"{path}: {name} has shape {stored.shape}, expected {p.shape}")
            p.data = stored.astype(np.float32)
        extra = {k[len("extra.") :]: saved[k] for k in saved.files if k.startswith("extra.")}
    return model, extra


def token_losses(model: GPT, ids: np.ndarray) -> np.ndarray:
    """-ln p(ids[i + 1] | the tokens before it in its block), for ids cut into blocks.

    The text is cut into consecutive blocks of block_size + 1 tokens; within each the
    model predicts tokens 1..block_size from the ones before, so the first positions
    of a block have a short context (as an n-gram model's first characters do).
    """
    ids = np.asarray(ids)
    block = model.config.block_size
    n_blocks = (len(ids) - 1) // block
    if n_blocks < 1:
        raise ValueError(f"ids must hold more than block_size = {block} tokens, got {len(ids)}")
    windows = ids[: n_blocks * block + 1]
    x = windows[:-1].reshape(n_blocks, block)
    y = windows[1:].reshape(n_blocks, block)
    with no_grad():
        logits, _ = model(x)
    z = logits.data.astype(np.float64)
    z = z - z.max(axis=-1, keepdims=True)
    log_probs = z - np.log(np.exp(z).sum(axis=-1, keepdims=True))
    return -np.take_along_axis(log_probs, y[..., None], axis=-1)[..., 0].reshape(-1)


def sampling_probabilities(logits: np.ndarray, temperature: float, top_k: int | None) -> np.ndarray:
    """The probabilities :func:`course_lib.gpt.sample` draws the next token from, for one row
    of logits: softmax(logits / temperature) over the ``top_k`` likeliest (others 0);
    temperature 0 or top_k 1 puts everything on the likeliest."""
    logits = check_array(logits, "logits", ndim=1)
    if temperature == 0 or top_k == 1:
        probs = np.zeros(len(logits))
        probs[np.argmax(logits)] = 1.0
        return probs
    scaled = logits / check_positive(temperature, "temperature")
    if top_k is not None and top_k < len(scaled):
        scaled = np.where(scaled < np.sort(scaled)[-top_k], -np.inf, scaled)
    probs = np.exp(scaled - scaled.max())
    return probs / probs.sum()


# -- fast sampling -----------------------------------------------------------------------------
def _layer_norm(x: np.ndarray, weight: np.ndarray) -> np.ndarray:
    """Layer norm of one vector (no bias), with dot products: fewer numpy calls per token."""
    centered = x - x.sum() / len(x)
    return centered * (weight / math.sqrt(centered @ centered / len(x) + 1e-5))


def _gelu(x: np.ndarray) -> np.ndarray:
    """GELU (tanh form) as functional.gelu computes it; x * x * x, since a float32 x**3 is
    numpy's general power, several times slower."""
    return 0.5 * x * (1 + np.tanh(math.sqrt(2 / math.pi) * (x + 0.044715 * (x * x * x))))


class FastSampler:
    """The forward pass of a trained :class:`GPT` (without biases) for one sequence, in numpy,
    with a cache of every layer's keys and values."""

    def __init__(self, model: GPT):
        if model.config.bias:
            raise ValueError("FastSampler handles GPTs without biases (bias=False)")
        self.config = model.config
        self.w = {name: p.data for name, p in model.named_parameters().items()}

    def next_logits(self, ids: np.ndarray) -> list[np.ndarray]:
        """The logits after each prefix ids[:1], ids[:2], ...: one position at a time, cached."""
        self._reset()
        return [self._step(int(token)) for token in ids]

    def _reset(self) -> None:
        c, heads = self.config, self.config.n_head
        shape = (c.n_layer, heads, c.block_size, c.n_embd // heads)
        self.keys, self.values = np.zeros(shape, np.float32), np.zeros(shape, np.float32)
        self.length = 0

    def _step(self, token: int) -> np.ndarray:
        w, c, heads = self.w, self.config.n_embd, self.config.n_head
        t = self.length
        self.length += 1
        x = w["wte.weight"][token] + w["wpe.weight"][t]
        for i in range(self.config.n_layer):
            p = f"h.{i}."
            qkv = _layer_norm(x, w[p + "ln_1.weight"]) @ w[p + "attn.c_attn.weight"]
            q, k, v = qkv.reshape(3, heads, c // heads)
            self.keys[i, :, t], self.values[i, :, t] = k, v
            keys, values = self.keys[i, :, : t + 1], self.values[i, :, : t + 1]  # (h, t, d)
            scores = (keys @ q[:, :, None])[:, :, 0] / math.sqrt(c // heads)
            weights = np.exp(scores - scores.max(-1, keepdims=True))
            weights /= weights.sum(-1, keepdims=True)
            attended = (weights[:, None, :] @ values).reshape(c)
            x = x + attended @ w[p + "attn.c_proj.weight"]
            hidden = _gelu(_layer_norm(x, w[p + "ln_2.weight"]) @ w[p + "mlp.c_fc.weight"])
            x = x + hidden @ w[p + "mlp.c_proj.weight"]
        return _layer_norm(x, w["ln_f.weight"]) @ self.w["wte.weight"].T

    def generate(
        self,
        prompt: np.ndarray,
        n_new: int,
        temperature: float = 1.0,
        top_k: int | None = None,
        seed: int = 0,
    ) -> np.ndarray:
        """``prompt`` followed by ``n_new`` tokens drawn as :func:`course_lib.gpt.generate` draws
        them (the same draws for the same seed), the context kept to block_size tokens."""
        n_new = check_count(n_new, "n_new", 0)
        rng = np.random.default_rng(seed)
        ids = [int(t) for t in np.asarray(prompt).reshape(-1)]
        if not ids:
            raise ValueError("prompt must hold at least one token")
        block = self.config.block_size
        logits = self.next_logits(np.array(ids[-block:]))[-1]
        for _ in range(n_new):
            token = int(sample(logits[None, :], temperature, top_k, rng)[0])
            ids.append(token)
            if self.length >= block:  # the window is full: slide it (recompute)
                logits = self.next_logits(np.array(ids[-block:]))[-1]
            else:
                logits = self._step(token)
        return np.array(ids)
