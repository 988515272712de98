"""Lesson 07's checks: right answers pass, anticipated mistakes get their own hint."""

from __future__ import annotations

import numpy as np
import pytest

from course_lib import attention, feedback
from course_lib.checks import transformers as check


def attention_forward(q, k, v):
    return attention.softmax(q @ k.T / np.sqrt(q.shape[1])) @ v


def causal_weights(scores):
    return attention.softmax(np.where(np.triu(np.ones(scores.shape, bool), k=1), -np.inf, scores))


def positional_encoding(n, d):
    pe = np.zeros((n, d))
    rates = 10000 ** (-np.arange(0, d, 2) / d)
    pe[:, 0::2] = np.sin(np.arange(n)[:, None] * rates)
    pe[:, 1::2] = np.cos(np.arange(n)[:, None] * rates)
    return pe


def temperature_probabilities(logits, t):
    z = np.asarray(logits) / t
    p = np.exp(z - z.max())
    return p / p.sum()


def perplexity(losses):
    return np.exp(np.mean(losses))


def bpe_merge(ids, pair, new_id):
    out, i = [], 0
    while i < len(ids):
        if i + 1 < len(ids) and (ids[i], ids[i + 1]) == tuple(pair):
            out.append(new_id)
            i += 2
        else:
            out.append(ids[i])
            i += 1
    return out


RIGHT = {
    check.attention_forward: attention_forward,
    check.causal_weights: causal_weights,
    check.positional_encoding: positional_encoding,
    check.temperature_probabilities: temperature_probabilities,
    check.perplexity: perplexity,
    check.bpe_merge: bpe_merge,
}


@pytest.mark.parametrize("check_", list(RIGHT))
def test_the_reference_answers_pass(check_):
    assert check_(RIGHT[check_]).passed


@pytest.mark.parametrize("check_", list(RIGHT))
def test_nothing_and_a_stub_are_not_attempted_and_garbage_is_incorrect(check_):
    def stub(*args):
        raise NotImplementedError()

    assert check_(None).status == feedback.NOT_ATTEMPTED
    assert check_(stub).status == feedback.NOT_ATTEMPTED
    assert check_(lambda *a: "nonsense").status == feedback.INCORRECT


def _row_softmax_unscaled(q, k, v):
    return attention.softmax(q @ k.T) @ v


def _column_softmax(q, k, v):
    return attention.softmax(q @ k.T / np.sqrt(q.shape[1]), axis=0) @ v


def _mask_below(scores):
    return attention.softmax(np.where(np.tril(np.ones(scores.shape, bool), k=-1), -np.inf, scores))


def _zero_after_softmax(scores):
    return attention.softmax(scores) * ~np.triu(np.ones(scores.shape, bool), k=1)


def _mask_diagonal(scores):
    masked = np.where(np.triu(np.ones(scores.shape, bool)), -np.inf, scores)
    with np.errstate(invalid="ignore"):  # the first row is all -inf
        return np.nan_to_num(attention.softmax(masked))


def _frequency_per_feature(n, d):
    angles = np.arange(n)[:, None] / 10000 ** (np.arange(d) / d)
    return np.where(np.arange(d) % 2 == 0, np.sin(angles), np.cos(angles))


def _swapped(n, d):
    return positional_encoding(n, d)[:, [i + 1 if i % 2 == 0 else i - 1 for i in range(d)]]


def _times_temperature(logits, t):
    return temperature_probabilities(np.asarray(logits) * t * t, t)


def _no_temperature(logits, t):
    return temperature_probabilities(logits, 1.0)


def _keep_second(ids, pair, new_id):
    out = list(ids)
    for i in range(len(out) - 1):
        if (out[i], out[i + 1]) == tuple(pair):
            out[i] = new_id
    return out


@pytest.mark.parametrize(
    ("check_", "answer", "says"),
    [
        (check.attention_forward, _row_softmax_unscaled, "left out the scaling"),
        (check.attention_forward, _column_softmax, "down each column"),
        (check.causal_weights, _mask_below, "hid the earlier positions"),
        (check.causal_weights, _zero_after_softmax, "after the softmax"),
        (check.causal_weights, _mask_diagonal, "diagonal"),
        (check.positional_encoding, _frequency_per_feature, "share"),
        (check.positional_encoding, _swapped, "swapped"),
        (check.temperature_probabilities, _times_temperature, "multiplied"),
        (check.temperature_probabilities, _no_temperature, "no effect"),
        (check.perplexity, lambda c: np.mean(np.exp(c)), "averaged exp"),
        (check.perplexity, lambda c: np.exp(np.sum(c)), "summed"),
        (check.perplexity, lambda c: 2 ** np.mean(c), "nats"),
        (check.bpe_merge, _keep_second, "both tokens"),
    ],
)
def test_anticipated_mistakes_get_their_own_hint(check_, answer, says):
    result = check_(answer)
    assert result.status == feedback.INCORRECT
    assert says in result.hint


@pytest.mark.parametrize("seed", range(5))
def test_right_answers_pass_on_fuzzed_inputs_as_the_concepts_compute_them(seed):
    rng = np.random.default_rng(seed)
    t, d = rng.integers(2, 9), 2 * rng.integers(1, 6)
    q, k, v = rng.normal(size=(3, t, d))
    np.testing.assert_allclose(attention_forward(q, k, v), check._attention_reference(q, k, v))
    s = rng.normal(size=(t, t)) * 5
    np.testing.assert_allclose(causal_weights(s), check._masked_weights(s))
    np.testing.assert_allclose(positional_encoding(t, d), attention.sinusoidal_positions(t, d))
