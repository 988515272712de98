"""Self-attention step by step, positional encodings and the cost arithmetic, against references."""

from __future__ import annotations

import math

import numpy as np
import pytest

from course_lib import attention
from course_lib.autograd import Tensor
from course_lib.functional import scaled_dot_product_attention


def inputs(t=5, d_model=6, d=4, seed=0):
    rng = np.random.default_rng(seed)
    return rng.normal(size=(t, d_model)), *(rng.normal(size=(d_model, d)) for _ in range(3))


@pytest.mark.parametrize("causal", [False, True])
def test_the_steps_end_where_the_engines_attention_ends(causal):
    x, w_q, w_k, w_v = inputs()
    steps = attention.attention_steps(x, w_q, w_k, w_v, causal=causal)
    engine = scaled_dot_product_attention(
        Tensor(x @ w_q), Tensor(x @ w_k), Tensor(x @ w_v), is_causal=causal
    )
    np.testing.assert_allclose(steps.output, engine.data, rtol=1e-12)
    np.testing.assert_allclose(steps.weights.sum(axis=1), 1.0)


@pytest.mark.parametrize("causal", [False, True])
def test_the_steps_match_torch_scaled_dot_product_attention(causal):
    torch = pytest.importorskip("torch")
    x, w_q, w_k, w_v = inputs(seed=3)
    steps = attention.attention_steps(x, w_q, w_k, w_v, causal=causal)
    q, k, v = (torch.from_numpy(x @ w) for w in (w_q, w_k, w_v))
    expected = torch.nn.functional.scaled_dot_product_attention(q, k, v, is_causal=causal)
    np.testing.assert_allclose(steps.output, expected.numpy(), rtol=1e-10)


def test_two_tokens_by_hand():
    # identity projections: q = k = v = x; scores x_i . x_j / sqrt(2)
    x = np.array([[1.0, 0.0], [1.0, 1.0]])
    eye = np.eye(2)
    steps = attention.attention_steps(x, eye, eye, eye)
    s = 1 / math.sqrt(2)
    first = np.exp([1 * s, 1 * s]) / np.exp([1 * s, 1 * s]).sum()
    second = np.exp([1 * s, 2 * s]) / np.exp([1 * s, 2 * s]).sum()
    np.testing.assert_allclose(steps.weights, [first, second])
    np.testing.assert_allclose(steps.output[1], second @ x)
    masked = attention.attention_steps(x, eye, eye, eye, causal=True)
    np.testing.assert_allclose(masked.weights[0], [1.0, 0.0])
    assert masked.scores[0, 1] == -np.inf


def test_without_scaling_the_scores_spread_like_sqrt_d_and_the_softmax_saturates():
    rng = np.random.default_rng(0)
    d = 256
    x = rng.normal(size=(10, d))
    w = [rng.normal(size=(d, d)) / math.sqrt(d) for _ in range(3)]
    raw = attention.attention_steps(x, *w, scaled=False)
    scaled = attention.attention_steps(x, *w, scaled=True)
    np.testing.assert_allclose(raw.scores / math.sqrt(d), scaled.scores)
    assert raw.weights.max(axis=1).mean() > 0.9 > scaled.weights.max(axis=1).mean()


def test_sinusoidal_positions_follow_the_formula():
    pe = attention.sinusoidal_positions(50, 8)
    p = np.arange(50)
    for i in range(4):
        rate = 10000 ** (-2 * i / 8)
        np.testing.assert_allclose(pe[:, 2 * i], np.sin(p * rate), atol=1e-12)
        np.testing.assert_allclose(pe[:, 2 * i + 1], np.cos(p * rate), atol=1e-12)
    np.testing.assert_allclose(pe[0], [0, 1] * 4)


def test_sinusoidal_positions_of_an_odd_width_end_with_a_sine():
    pe = attention.sinusoidal_positions(3, 5)
    np.testing.assert_allclose(pe[:, 4], np.sin(np.arange(3) * 10000 ** (-4 / 5)))


def test_softmax_sums_to_one_and_gives_minus_infinity_zero_weight():
    w = attention.softmax(np.array([[1000.0, 999.0, -np.inf]]))
    np.testing.assert_allclose(w.sum(), 1.0)
    assert w[0, 2] == 0 and np.all(np.isfinite(w))


def test_the_cost_arithmetic():
    assert attention.attention_flops(2, 3) == 4 * 4 * 3
    assert attention.attention_flops(1024, 64) == 4 * attention.attention_flops(512, 64)
    assert attention.training_flops(175e9, 300e9) == pytest.approx(3.15e23)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ((np.ones((3, 4)), np.ones((5, 2)), np.ones((4, 2)), np.ones((4, 2))), "w_q has shape"),
        ((np.ones((3, 4)), np.ones((4, 2)), np.ones((4, 3)), np.ones((4, 2))), "same width"),
        ((np.ones(4), np.ones((4, 2)), np.ones((4, 2)), np.ones((4, 2))), "x"),
    ],
)
def test_bad_shapes_are_refused_clearly(args, message):
    with pytest.raises(ValueError, match=message):
        attention.attention_steps(*args)
