"""Synthetic sequence tasks with a known answer, for watching attention heads (lesson 07).

A sequence is ``n`` random digits, a separator, then the answer: the same digits
(``copy``), the digits backwards (``reverse``) or sorted (``sort``). A small GPT
reads it left to right and is scored only on the answer's tokens: to get them
right it must look back at the right digit, and its attention heads show where it
looks (copy: n + 1 positions back; reverse: a mirror; sort: by value, not position).

- :func:`make_examples`: sequences and their answers.
- :func:`train_task_model`: a small GPT trained on one task with the engine and AdamW.
- :func:`head_patterns`: every head's attention weights on one sequence.

Pure numpy: no plotting, no widgets.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from course_lib.autograd import no_grad
from course_lib.functional import attention_weights, cross_entropy
from course_lib.gpt import GPT, GPTConfig
from course_lib.optimizers import AdamW, clip_grad_norm
from course_lib.validation import check_count

TASKS = ("copy", "reverse", "sort")


def answer(task: str, digits: np.ndarray) -> np.ndarray:
    """The answer each task expects for ``digits`` (rows of a 2-D array)."""
    if task == "copy":
        return digits.copy()
    if task == "reverse":
        return digits[..., ::-1].copy()
    if task == "sort":
        return np.sort(digits, axis=-1)
    raise ValueError(f"task must be one of {TASKS}, got {task!r}")


def make_examples(
    task: str, n_examples: int, length: int, n_digits: int, rng: np.random.Generator
) -> np.ndarray:
    """(n_examples, 2 length + 1) token ids: digits (0..n_digits-1), the separator
    (id n_digits), then the task's answer."""
    digits = rng.integers(0, n_digits, size=(n_examples, length))
    sep = np.full((n_examples, 1), n_digits)
    return np.concatenate([digits, sep, answer(task, digits)], axis=1)


@dataclass(frozen=True)
class TaskModel:
    """A GPT trained on one task, and how it did."""

    task: str
    length: int
    n_digits: int
    model: GPT
    losses: np.ndarray  # the training loss at each step
    accuracy: float  # the share of answer tokens right (greedy) on new sequences


def _answer_logits(model: GPT, seqs: np.ndarray, length: int):
    logits, _ = model(seqs[:, :-1])
    return logits[:, length:]  # the positions whose next token is an answer token


def train_task_model(
    task: str,
    length: int = 5,
    n_digits: int = 8,
    n_layer: int = 1,
    n_head: int = 2,
    n_embd: int = 32,
    steps: int = 300,
    lr: float = 1e-2,
    batch_size: int = 32,
    seed: int = 0,
) -> TaskModel:
    """Train a small GPT on ``task`` (loss on the answer tokens only) and test it."""
    length, n_digits = check_count(length, "length"), check_count(n_digits, "n_digits", 2)
    answer(task, np.zeros((1, 1), dtype=int))  # refuses an unknown task
    config = GPTConfig(2 * length, n_digits + 1, n_layer, n_head, n_embd)
    rng = np.random.default_rng(seed)
    model = GPT(config, rng=seed).to(np.float32)
    params = model.parameters()
    optimizer = AdamW(lr, 0.9, 0.99, weight_decay=0.0)
    losses = []
    for _ in range(check_count(steps, "steps")):
        seqs = make_examples(task, batch_size, length, n_digits, rng)
        model.zero_grad()
        loss = cross_entropy(_answer_logits(model, seqs, length), seqs[:, length + 1 :])
        loss.backward()
        clip_grad_norm([p.grad for p in params], 1.0)
        optimizer.step([p.data for p in params], [p.grad for p in params])
        losses.append(loss.item())
    test = make_examples(task, 200, length, n_digits, np.random.default_rng(seed + 1))
    with no_grad():
        guess = _answer_logits(model, test, length).data.argmax(-1)
    accuracy = float(np.mean(guess == test[:, length + 1 :]))
    return TaskModel(task, length, n_digits, model, np.array(losses), accuracy)


def head_patterns(model: GPT, seq: np.ndarray) -> np.ndarray:
    """(n_layer, n_head, T, T): every head's attention weights as ``model`` reads ``seq``."""
    seq = np.asarray(seq)[None, :]
    patterns = []
    with no_grad():
        x = model.wte(seq) + model.wpe(np.arange(seq.shape[1]))
        for block in model.h:
            attn = block.attn
            qkv = attn.c_attn(block.ln_1(x))
            c = attn.n_embd
            q, k = (attn._heads(qkv[..., i * c : (i + 1) * c]) for i in range(2))
            patterns.append(attention_weights(q, k, is_causal=True).data[0])
            x = block(x)
    return np.array(patterns)
