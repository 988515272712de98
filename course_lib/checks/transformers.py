"""Checks for lesson 07, transformers. Each returns a Feedback and never raises.

The expected answers come from the tested concept modules: functional.
scaled_dot_product_attention and causal_mask (the engine's attention), attention.
sinusoidal_positions, tiny_gpt.sampling_probabilities, language_models.perplexity and
tokens.merge_pair, each on several seeded random cases.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from course_lib import attention, language_models, tokens
from course_lib.autograd import Tensor
from course_lib.feedback import INCORRECT, Case, Feedback, check_function, first_hint
from course_lib.functional import causal_mask, scaled_dot_product_attention
from course_lib.tiny_gpt import sampling_probabilities

_RNG = np.random.default_rng(7)


def _attention_reference(q: np.ndarray, k: np.ndarray, v: np.ndarray) -> np.ndarray:
    return scaled_dot_product_attention(Tensor(q), Tensor(k), Tensor(v)).data


def _qkv(t: int, d: int, seed: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    return rng.normal(size=(t, d)), rng.normal(size=(t, d)), rng.normal(size=(t, d))


def _unscaled(q, k, v):
    return attention.softmax(q @ k.T) @ v


def _softmax_over_queries(q, k, v):
    return attention.softmax(q @ k.T / np.sqrt(q.shape[1]), axis=0) @ v


def attention_forward(function: Any) -> Feedback:
    """Exercise 2: attention(q, k, v) = softmax(q k^T / sqrt(d)) v."""
    cases = [_qkv(3, 2, 0), _qkv(5, 4, 1), _qkv(4, 8, 2), _qkv(6, 16, 3)]
    feedback = check_function(
        "Exercise 2 (attention)",
        function,
        [Case(c, _attention_reference(*c)) for c in cases],
        name="attention",
        hint="Scores compare every query with every key; scale them, turn each row into "
        "weights that sum to 1, and use the weights to mix the values.",
        more="scores = q @ k.T / sqrt(d) with d = q.shape[1]; softmax along each row "
        "(axis=-1); output = weights @ v.",
        fix="w = np.exp(s - s.max(axis=1, keepdims=True)); w /= w.sum(axis=1, keepdims=True); "
        "return w @ v, where s = q @ k.T / np.sqrt(q.shape[1]).",
    )
    if feedback.status == INCORRECT:
        wrong = [
            (_unscaled(*cases[3]), "You left out the scaling: divide the scores by √d."),
            (
                _softmax_over_queries(*cases[3]),
                "Your weights sum to 1 down each column: the softmax must run over the keys, "
                "along each row (axis=-1).",
            ),
        ]
        feedback.hint = first_hint(function, cases[3], wrong, feedback.hint)
    return feedback


def _masked_weights(scores: np.ndarray) -> np.ndarray:
    return attention.softmax(np.where(causal_mask(len(scores)), -np.inf, scores))


def causal_weights(function: Any) -> Feedback:
    """Exercise 3: causal_weights(scores): softmax over each row with later positions masked."""
    cases = [np.zeros((3, 3)), _RNG.normal(size=(4, 4)), _RNG.normal(size=(6, 6)) * 3]
    feedback = check_function(
        "Exercise 3 (causal mask)",
        function,
        [Case((s,), _masked_weights(s)) for s in cases],
        name="causal_weights",
        hint="Query i may look at keys 0..i only: hide the keys after it before the softmax.",
        more="Set every score above the diagonal (column j > row i) to -inf, then softmax each "
        "row: exp(-inf) = 0, and the rest still sums to 1.",
        fix="masked = np.where(np.triu(np.ones(scores.shape, bool), k=1), -np.inf, scores), "
        "then a softmax along axis=1.",
    )
    if feedback.status == INCORRECT:
        s = cases[2]
        below = attention.softmax(np.where(np.tril(np.ones_like(s, bool), k=-1), -np.inf, s))
        after = attention.softmax(s) * ~causal_mask(len(s))
        diagonal = np.where(np.triu(np.ones_like(s, bool)), -np.inf, s)
        with np.errstate(invalid="ignore"):  # its first row is all -inf: NaN weights
            hidden_diagonal = np.nan_to_num(attention.softmax(diagonal))
        wrong = [
            (
                below,
                "You hid the earlier positions: a query may see the keys before it, not after.",
            ),
            (
                after,
                "You zeroed the later weights after the softmax, so the rows no longer sum to 1: "
                "mask the scores before the softmax.",
            ),
            (
                hidden_diagonal,
                "You hid the diagonal too: every token may look at itself.",
            ),
        ]
        feedback.hint = first_hint(function, (s,), wrong, feedback.hint)
    return feedback


def positional_encoding(function: Any) -> Feedback:
    """Exercise 4: positional_encoding(n_positions, d_model): sinusoidal encodings."""
    cases = [(1, 2), (4, 4), (10, 8), (50, 16)]
    feedback = check_function(
        "Exercise 4 (positional encodings)",
        function,
        [Case(c, attention.sinusoidal_positions(*c)) for c in cases],
        name="positional_encoding",
        hint="Each pair of features (2i, 2i + 1) is one wave: a sine and a cosine of the "
        "position at the same frequency; the frequency falls from one pair to the next.",
        more="PE[p, 2i] = sin(p / 10000**(2i / d_model)), PE[p, 2i + 1] = cos(p / 10000**(2i / "
        "d_model)): both features of a pair use the even index 2i in the exponent.",
        fix="angles = np.arange(n)[:, None] / 10000 ** ((np.arange(d) // 2 * 2) / d); "
        "pe = np.where(np.arange(d) % 2 == 0, np.sin(angles), np.cos(angles)).",
    )
    if feedback.status == INCORRECT:
        n, d = cases[2]
        p, j = np.arange(n)[:, None], np.arange(d)
        by_index = p / 10000 ** (j / d)
        even = p / 10000 ** ((j // 2 * 2) / d)
        wrong = [
            (
                np.where(j % 2 == 0, np.sin(by_index), np.cos(by_index)),
                "Each feature got its own frequency: the pair 2i and 2i + 1 share 10000**(2i/d).",
            ),
            (
                np.where(j % 2 == 0, np.cos(even), np.sin(even)),
                "Sine and cosine are swapped: sine on the even features, cosine on the odd.",
            ),
        ]
        feedback.hint = first_hint(function, cases[2], wrong, feedback.hint)
    return feedback


def temperature_probabilities(function: Any) -> Feedback:
    """Exercise 5: temperature_probabilities(logits, temperature) = softmax(logits / T)."""
    cases = [
        (np.array([2.0, 1.0, 0.0]), 1.0),
        (np.array([2.0, 1.0, 0.0]), 0.5),
        (np.array([1.0, 3.0, -1.0, 0.5]), 2.0),
        (_RNG.normal(size=65) * 3, 0.8),
        (np.array([1000.0, 999.0, 0.0]), 1.0),  # a naive exp overflows
    ]
    feedback = check_function(
        "Exercise 5 (temperature)",
        function,
        [Case(c, sampling_probabilities(c[0], c[1], None)) for c in cases],
        name="temperature_probabilities",
        hint="Temperature rescales the logits before the softmax: low temperature sharpens, "
        "high temperature flattens.",
        more="Divide the logits by the temperature, subtract the largest (so exp cannot "
        "overflow), exponentiate and normalise to sum 1.",
        fix="z = logits / temperature; p = np.exp(z - z.max()); return p / p.sum()",
    )
    if feedback.status == INCORRECT:
        logits, t = cases[2]
        wrong = [
            (
                sampling_probabilities(logits * t, 1.0, None),
                "You multiplied by the temperature: divide, so that a temperature below 1 "
                "sharpens.",
            ),
            (
                sampling_probabilities(logits, 1.0, None),
                "The temperature has no effect in your answer: divide the logits by it first.",
            ),
        ]
        feedback.hint = first_hint(function, cases[2], wrong, feedback.hint)
    return feedback


def perplexity(function: Any) -> Feedback:
    """Exercise 6: perplexity(losses) = exp(mean of the per-token losses in nats)."""
    cases = [
        np.array([np.log(4.0)] * 3),
        np.array([0.5, 1.0, 2.0]),
        _RNG.uniform(0.5, 3.0, size=100),
    ]
    feedback = check_function(
        "Exercise 6 (perplexity)",
        function,
        [Case((c,), language_models.perplexity(float(np.mean(c)))) for c in cases],
        name="perplexity",
        hint="Perplexity undoes the log of the average loss: average first, then undo the log.",
        more="The losses are -ln p in nats: take their mean (the cross-entropy), then exp.",
        fix="return np.exp(np.mean(losses))",
    )
    if feedback.status == INCORRECT:
        c = cases[1]
        wrong = [
            (np.mean(np.exp(c)), "You averaged exp(loss): take the mean of the losses first."),
            (np.exp(np.sum(c)), "You summed the losses: use their mean."),
            (2 ** np.mean(c), "The losses are in nats (natural log): undo them with exp, not 2**."),
        ]
        feedback.hint = first_hint(function, (c,), wrong, feedback.hint)
    return feedback


def _merge_reference(ids: list[int], pair: tuple[int, int], new_id: int) -> np.ndarray:
    return tokens.merge_pair(np.array(ids), pair, new_id)


def bpe_merge(function: Any) -> Feedback:
    """Exercise 1: bpe_merge(ids, pair, new_id): replace each pair, left to right."""
    cases = [
        ([0, 1, 2, 0, 1], (0, 1), 3),
        ([0, 0, 0, 1], (0, 0), 2),
        ([1, 2, 3], (3, 1), 4),
        (list(_RNG.integers(0, 3, size=30)), (1, 2), 3),
    ]
    feedback = check_function(
        "Exercise 1 (one BPE merge)",
        function,
        [Case((list(c[0]), c[1], c[2]), _merge_reference(*c)) for c in cases],
        name="bpe_merge",
        hint="Walk along the ids: where the pair starts, write the new id and jump past both "
        "tokens; elsewhere copy one token and move on.",
        more="Use a while loop with an index i: if (ids[i], ids[i + 1]) == pair, append new_id "
        "and add 2 to i, else append ids[i] and add 1. In 0 0 0 the pair (0, 0) merges once.",
        fix="out, i = [], 0; while i < len(ids): if i + 1 < len(ids) and (ids[i], ids[i + 1]) "
        "== pair: out.append(new_id); i += 2  else: out.append(ids[i]); i += 1; return out",
    )
    if feedback.status == INCORRECT:
        wrong = [
            (
                np.array([2, 2, 1]),
                "You merged overlapping pairs: in 0 0 0 the middle 0 can belong to one merge only.",
            ),
            (np.array([2, 2, 0, 1]), "A merge replaces both tokens of the pair: drop the second."),
        ]
        feedback.hint = first_hint(
            function, (list(cases[1][0]), *cases[1][1:]), wrong, feedback.hint
        )
    return feedback
