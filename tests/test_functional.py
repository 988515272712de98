"""Functions of tensors beyond the Tensor methods: the transformer's pieces against finite
differences (gradcheck), torch.autograd in float64, and torch-free closed forms."""

from __future__ import annotations

import math

import numpy as np
import pytest

from course_lib.autograd import Tensor, no_grad
from course_lib.functional import (
    attention_weights,
    causal_mask,
    embedding,
    gelu,
    layer_norm,
    masked_fill,
    scaled_dot_product_attention,
)
from course_lib.gradcheck import gradcheck

IDS = np.array([[0, 3, 3, 1], [4, 0, 3, 3]])  # repeated ids: their gradients must add up
MASK = np.array([[False, True, False, True], [True, False, False, False], [False] * 4])


def weighted(out, weights):
    """sum(out * fixed weights): a scalar in which every output element matters."""
    return (out * weights).sum()


def fixed_weights(shape, seed=1):
    return np.random.default_rng(seed).normal(size=shape)


# name, input shapes, f(torch_or_none, *tensors) -> tensor, in our engine and in torch
def ours_cases():
    return {
        "embedding": ([(5, 3)], lambda w: embedding(IDS, w)),
        "layer-norm-weight-bias": (
            [(2, 3, 4), (4,), (4,)],
            lambda x, w, b: layer_norm(x * 3 + 1, w, b),
        ),
        "layer-norm-no-bias": ([(3, 5), (5,)], lambda x, w: layer_norm(x, w, None)),
        "layer-norm-plain": ([(3, 5)], lambda x: layer_norm(x)),
        "gelu": ([(3, 4)], lambda x: gelu(x * 2)),
        "masked-fill": ([(3, 4)], lambda x: masked_fill(x, MASK, -2.5)),
        "attention": ([(2, 3, 4), (2, 5, 4), (2, 5, 3)], scaled_dot_product_attention),
        "attention-causal-4d": (
            [(2, 2, 5, 3)] * 3,
            lambda q, k, v: scaled_dot_product_attention(q, k, v, is_causal=True),
        ),
    }


def torch_cases():
    torch = pytest.importorskip("torch")
    F = torch.nn.functional
    return {
        "embedding": lambda w: F.embedding(torch.tensor(IDS), w),
        "layer-norm-weight-bias": lambda x, w, b: F.layer_norm(x * 3 + 1, (4,), w, b),
        "layer-norm-no-bias": lambda x, w: F.layer_norm(x, (5,), w, None),
        "layer-norm-plain": lambda x: F.layer_norm(x, (5,)),
        "gelu": lambda x: F.gelu(x * 2, approximate="tanh"),
        "masked-fill": lambda x: x.masked_fill(torch.tensor(MASK), -2.5),
        "attention": F.scaled_dot_product_attention,
        "attention-causal-4d": lambda q, k, v: F.scaled_dot_product_attention(
            q, k, v, is_causal=True
        ),
    }


CASE_NAMES = list(ours_cases())


def inputs(shapes, seed=0):
    rng = np.random.default_rng(seed)
    return [rng.normal(size=shape) for shape in shapes]


@pytest.mark.parametrize("name", CASE_NAMES)
def test_gradient_matches_finite_differences(name):
    shapes, f = ours_cases()[name]
    arrays = inputs(shapes)
    with no_grad():
        weights = fixed_weights(f(*[Tensor(a) for a in arrays]).shape)
    result = gradcheck(lambda *xs: weighted(f(*xs), weights), arrays)
    assert result.ok, str(result)
    for grad in result.analytic:
        assert np.abs(grad).max() > 1e-3  # every input really gets a gradient


@pytest.mark.parametrize("name", CASE_NAMES)
def test_forward_and_gradient_match_torch_in_float64(name):
    torch = pytest.importorskip("torch")
    shapes, f = ours_cases()[name]
    arrays = inputs(shapes, seed=2)
    ours = [Tensor(a.copy(), requires_grad=True) for a in arrays]
    out = f(*ours)
    weights = fixed_weights(out.shape)
    weighted(out, weights).backward()
    theirs = [torch.tensor(a, requires_grad=True) for a in arrays]
    expected = torch_cases()[name](*theirs)
    (expected * torch.tensor(weights)).sum().backward()
    np.testing.assert_allclose(out.data, expected.detach().numpy(), rtol=1e-10, atol=1e-12)
    for mine, reference in zip(ours, theirs, strict=True):
        np.testing.assert_allclose(mine.grad, reference.grad.numpy(), rtol=1e-9, atol=1e-12)


# -- torch-free twins: closed forms ------------------------------------------------------------
def test_embedding_picks_rows_and_a_row_picked_k_times_gets_k_gradients():
    table = Tensor(np.arange(15.0).reshape(5, 3), requires_grad=True)
    out = embedding(IDS, table)
    np.testing.assert_array_equal(out.data, table.data[IDS])
    out.sum().backward()
    counts = np.bincount(IDS.ravel(), minlength=5)  # id 3 four times, id 2 never
    np.testing.assert_array_equal(table.grad, np.repeat(counts[:, None], 3, axis=1))


def test_layer_norm_gives_each_vector_mean_zero_and_variance_one_then_scales_and_shifts():
    x = np.random.default_rng(0).normal(3.0, 5.0, size=(4, 6))
    plain = layer_norm(Tensor(x), eps=0.0).data
    np.testing.assert_allclose(plain.mean(axis=-1), 0.0, atol=1e-12)
    np.testing.assert_allclose(plain.var(axis=-1), 1.0, rtol=1e-12)
    w, b = np.linspace(0.5, 2, 6), np.linspace(-1, 1, 6)
    np.testing.assert_allclose(layer_norm(Tensor(x), w, b, eps=0.0).data, plain * w + b)


def test_layer_norm_gradient_of_a_plain_sum_is_zero_since_the_mean_is_removed():
    x = Tensor(np.random.default_rng(1).normal(size=(3, 5)), requires_grad=True)
    layer_norm(x).sum().backward()  # each row of the output sums to 0 whatever x is
    np.testing.assert_allclose(x.grad, 0.0, atol=1e-12)


def test_gelu_is_the_tanh_approximation_within_5e4_of_the_exact_x_phi_x():
    x = np.linspace(-6, 6, 241)
    ours = gelu(Tensor(x)).data
    exact = np.array([0.5 * v * (1 + math.erf(v / math.sqrt(2))) for v in x])
    tanh_form = 0.5 * x * (1 + np.tanh(math.sqrt(2 / math.pi) * (x + 0.044715 * x**3)))
    np.testing.assert_allclose(ours, tanh_form, rtol=1e-14, atol=1e-15)
    assert np.abs(ours - exact).max() < 5e-4
    assert np.abs(ours - exact).max() > 1e-4  # an approximation, not the exact form


def test_masked_fill_puts_the_value_where_the_mask_is_true_and_stops_the_gradient_there():
    x = Tensor(np.ones((3, 4)), requires_grad=True)
    out = masked_fill(x, MASK, -np.inf)
    assert np.all(np.isneginf(out.data[MASK])) and np.all(out.data[~MASK] == 1)
    masked_fill(x, MASK, 7.0).sum().backward()
    np.testing.assert_array_equal(x.grad, (~MASK).astype(float))


def numpy_attention(q, k, v, causal):
    """Attention written out query by query, key by key: the loops the engine vectorizes."""
    *batch, t, d = q.shape
    out = np.zeros(q.shape[:-1] + v.shape[-1:])
    for idx in np.ndindex(*batch):
        for i in range(t):
            keys = range(i + 1) if causal else range(k.shape[-2])
            scores = np.array([q[idx][i] @ k[idx][j] / math.sqrt(d) for j in keys])
            weights = np.exp(scores - scores.max())
            weights /= weights.sum()
            out[idx][i] = sum(w * v[idx][j] for w, j in zip(weights, keys, strict=True))
    return out


@pytest.mark.parametrize("causal", [False, True])
def test_attention_matches_attention_written_out_with_loops(causal):
    q, k, v = inputs([(2, 3, 4, 5)] * 3, seed=4)
    ours = scaled_dot_product_attention(Tensor(q), Tensor(k), Tensor(v), is_causal=causal)
    np.testing.assert_allclose(ours.data, numpy_attention(q, k, v, causal), rtol=1e-12)


def test_causal_attention_weights_are_zero_above_the_diagonal_and_rows_sum_to_one():
    q, k = inputs([(2, 6, 3), (2, 6, 3)])
    weights = attention_weights(Tensor(q), Tensor(k), is_causal=True).data
    assert np.all(weights[:, causal_mask(6)] == 0)
    np.testing.assert_allclose(weights.sum(axis=-1), 1.0)
    np.testing.assert_allclose(weights[:, 0, 0], 1.0)  # the first position sees only itself


def test_causal_output_at_a_position_ignores_every_later_position():
    q, k, v = inputs([(1, 5, 4)] * 3, seed=6)
    before = scaled_dot_product_attention(Tensor(q), Tensor(k), Tensor(v), is_causal=True).data
    k[:, 3:], v[:, 3:] = 100.0, -100.0  # change the future
    after = scaled_dot_product_attention(Tensor(q), Tensor(k), Tensor(v), is_causal=True).data
    np.testing.assert_allclose(after[:, :3], before[:, :3])
    assert not np.allclose(after[:, 3:], before[:, 3:])


# -- clear errors -------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "make, error, message",
    [
        (lambda: embedding([0, 5], np.ones((5, 2))), ValueError, r"in \[0, 4\].*0 to 5"),
        (lambda: embedding([0.5], np.ones((5, 2))), TypeError, "integers"),
        (lambda: embedding([0], np.ones(5)), ValueError, "table"),
        (lambda: layer_norm(np.ones((2, 3)), np.ones(4)), ValueError, r"weight has shape \(4,\)"),
        (lambda: layer_norm(np.ones((2, 3)), None, np.ones(2)), ValueError, "bias"),
        (lambda: masked_fill(np.ones((2, 3)), np.ones((2, 3)), 0.0), TypeError, "boolean"),
        (lambda: masked_fill(np.ones((2, 3)), np.ones(4, bool), 0.0), ValueError, r"\(4,\)"),
        (lambda: attention_weights(np.ones((2, 3)), np.ones((2, 4))), ValueError, "same d"),
        (
            lambda: scaled_dot_product_attention(np.ones((2, 3)), np.ones((4, 3)), np.ones((2, 3))),
            ValueError,
            "positions",
        ),
    ],
)
def test_bad_input_gives_a_clear_error(make, error, message):
    with pytest.raises(error, match=message):
        make()
