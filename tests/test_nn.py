"""Layers and models: Linear and MLP compute what torch computes, collect their
parameters for the optimizers, and an MLP learns a problem no line can solve (XOR)."""

from __future__ import annotations

import numpy as np
import pytest

from course_lib.autograd import Tensor, no_grad
from course_lib.functional import cross_entropy
from course_lib.nn import MLP, Linear, Module
from course_lib.optimizers import Adam


def xor_blobs(n: int = 200, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Four Gaussian blobs; opposite corners share a class (not linearly separable)."""
    rng = np.random.default_rng(seed)
    centers = np.array([[-1, -1], [1, 1], [-1, 1], [1, -1]])
    labels = np.array([0, 0, 1, 1])
    which = rng.integers(0, 4, size=n)
    return centers[which] + 0.35 * rng.normal(size=(n, 2)), labels[which]


def train(model: MLP, x, y, steps: int = 200, lr: float = 0.02) -> list[float]:
    params = model.parameters()
    opt = Adam(lr=lr)
    losses = []
    for _ in range(steps):
        model.zero_grad()
        loss = cross_entropy(model(x), y)
        loss.backward()
        opt.step([p.data for p in params], [p.grad for p in params])
        losses.append(loss.item())
    return losses


def accuracy(model: MLP, x, y) -> float:
    with no_grad():
        return float(np.mean(model(x).data.argmax(axis=1) == y))


# -- Linear ------------------------------------------------------------------------------------
def test_linear_computes_x_times_weight_plus_bias():
    layer = Linear(3, 2, rng=0)
    layer.bias.data[:] = [0.5, -1.0]
    x = np.random.default_rng(1).normal(size=(4, 3))
    out = layer(x)
    assert out.shape == (4, 2)
    np.testing.assert_allclose(out.data, x @ layer.weight.data + [0.5, -1.0])
    assert layer.parameters() == [layer.weight, layer.bias]
    assert Linear(3, 2, rng=0, bias=False).parameters()[0].shape == (3, 2)
    assert len(Linear(3, 2, rng=0, bias=False).parameters()) == 1


@pytest.mark.parametrize("gain", [1.0, np.sqrt(2.0)])
def test_linear_starts_with_std_gain_over_sqrt_fan_in_and_zero_bias(gain):
    layer = Linear(400, 300, rng=np.random.default_rng(5), gain=gain)
    assert layer.weight.data.std() == pytest.approx(gain / np.sqrt(400), rel=0.02)
    assert abs(layer.weight.data.mean()) < 0.01 * gain / np.sqrt(400) * 10
    np.testing.assert_array_equal(layer.bias.data, 0.0)


def test_linear_keeps_the_scale_of_its_inputs():
    x = np.random.default_rng(0).normal(size=(2000, 256))
    out = Linear(256, 256, rng=1)(x).data
    assert out.std() == pytest.approx(1.0, rel=0.05)


def test_same_seed_gives_same_weights_different_seed_different():
    a, b, c = Linear(4, 3, rng=7), Linear(4, 3, rng=7), Linear(4, 3, rng=8)
    np.testing.assert_array_equal(a.weight.data, b.weight.data)
    assert not np.allclose(a.weight.data, c.weight.data)


def test_linear_rejects_inputs_with_the_wrong_number_of_features_clearly():
    with pytest.raises(ValueError, match=r"Linear\(3, 2.*3 features, got shape \(4, 5\)"):
        Linear(3, 2, rng=0)(np.ones((4, 5)))


@pytest.mark.parametrize(
    "make, error, message",
    [
        (lambda: Linear(0, 2, rng=0), ValueError, "n_in must be a positive integer"),
        (lambda: Linear(2, 2.5, rng=0), ValueError, "n_out must be a positive integer"),
        (lambda: Linear(2, 2, rng=None), TypeError, "needs rng"),
        (lambda: MLP([2, 4, 1]), TypeError, "needs rng"),
        (lambda: MLP([2], rng=0), ValueError, "at least an input and an output"),
        (lambda: MLP("2,4", rng=0), ValueError, "at least an input and an output"),
        (lambda: MLP([2, 0, 1], rng=0), ValueError, "positive integer"),
        (lambda: MLP([2, 4, 1], "gelu", rng=0), ValueError, r"one of \['relu', 'sigmoid'"),
        (lambda: MLP([2, 4, 1], rng=0, dropout=1.0), ValueError, "0 <= dropout < 1"),
    ],
)
def test_bad_arguments_give_clear_errors(make, error, message):
    with pytest.raises(error, match=message):
        make()


# -- MLP ---------------------------------------------------------------------------------------
def test_mlp_has_one_linear_layer_per_pair_of_sizes_and_parameters_in_order():
    model = MLP([2, 8, 4, 3], "tanh", rng=0)
    assert [(layer.n_in, layer.n_out) for layer in model.layers] == [(2, 8), (8, 4), (4, 3)]
    expected = [p for layer in model.layers for p in (layer.weight, layer.bias)]
    assert model.parameters() == expected
    assert model.parameters() == model.parameters()  # same order every call
    assert repr(model) == "MLP([2, 8, 4, 3], activation='tanh')"
    assert MLP(np.array([2, 8, 3]), rng=0).sizes == [2, 8, 3]


def test_mlp_uses_he_init_for_relu_hidden_layers_and_gain_1_for_the_output():
    model = MLP([300, 300, 300], "relu", rng=0)
    hidden, last = model.layers
    assert hidden.weight.data.std() == pytest.approx(np.sqrt(2 / 300), rel=0.02)
    assert last.weight.data.std() == pytest.approx(np.sqrt(1 / 300), rel=0.02)


@pytest.mark.parametrize("activation", ["relu", "tanh", "sigmoid"])
def test_mlp_forward_and_gradients_match_torch(activation):
    torch = pytest.importorskip("torch")
    model = MLP([3, 5, 4, 2], activation, rng=0)
    x = np.random.default_rng(1).normal(size=(6, 3))
    y = np.array([0, 1, 1, 0, 1, 0])
    loss = cross_entropy(model(x), y)
    loss.backward()

    act = {"relu": torch.relu, "tanh": torch.tanh, "sigmoid": torch.sigmoid}[activation]
    params = [torch.tensor(p.data, requires_grad=True) for p in model.parameters()]
    h = torch.tensor(x)
    for i in range(0, len(params), 2):
        h = h @ params[i] + params[i + 1]
        if i < len(params) - 2:
            h = act(h)
    expected = torch.nn.functional.cross_entropy(h, torch.tensor(y))
    expected.backward()

    assert loss.item() == pytest.approx(expected.item(), rel=1e-12)
    for mine, theirs in zip(model.parameters(), params, strict=True):
        np.testing.assert_allclose(mine.grad, theirs.grad.numpy(), rtol=1e-10, atol=1e-14)


@pytest.mark.parametrize("activation", ["relu", "tanh", "sigmoid"])
def test_mlp_learns_xor_blobs_with_adam(activation):
    x, y = xor_blobs(200, seed=0)
    model = MLP([2, 16, 16, 2], activation, rng=0)
    assert accuracy(model, x, y) < 0.8  # no better than a line before training
    losses = train(model, x, y, steps=200)
    assert losses[0] > 0.6 and losses[-1] < 0.05
    assert accuracy(model, x, y) >= 0.97
    x_new, y_new = xor_blobs(200, seed=1)
    assert accuracy(model, x_new, y_new) >= 0.95  # learnt the pattern, not the points


def test_optimizer_updates_the_parameters_in_place():
    model = MLP([2, 4, 2], rng=0)
    arrays = [p.data for p in model.parameters()]
    before = [a.copy() for a in arrays]
    train(model, *xor_blobs(20), steps=1)
    for p, array, old in zip(model.parameters(), arrays, before, strict=True):
        assert p.data is array  # the same array object...
        assert not np.array_equal(array, old)  # ...with new values


def test_zero_grad_sets_every_gradient_to_zeros():
    model = MLP([2, 4, 2], rng=0)
    x, y = xor_blobs(20)
    cross_entropy(model(x), y).backward()
    assert all(np.abs(p.grad).sum() > 0 for p in model.parameters())
    model.zero_grad()
    for p in model.parameters():
        np.testing.assert_array_equal(p.grad, np.zeros(p.shape))


def test_gradients_accumulate_until_zero_grad():
    model = MLP([2, 4, 2], rng=0)
    x, y = xor_blobs(20)
    cross_entropy(model(x), y).backward()
    once = [p.grad.copy() for p in model.parameters()]
    cross_entropy(model(x), y).backward()
    for p, g in zip(model.parameters(), once, strict=True):
        np.testing.assert_allclose(p.grad, 2 * g)


def test_dropout_acts_only_in_training_and_repeats_with_the_seed():
    x = np.random.default_rng(0).normal(size=(8, 2))
    model, twin = MLP([2, 32, 2], rng=3, dropout=0.5), MLP([2, 32, 2], rng=3, dropout=0.5)
    evaluated = model(x).data
    np.testing.assert_array_equal(evaluated, model(x, train=False).data)
    trained = model(x, train=True).data
    assert not np.allclose(trained, evaluated)
    np.testing.assert_array_equal(trained, twin(x, train=True).data)  # same seed, same masks
    assert not np.allclose(trained, model(x, train=True).data)  # a new mask every call
    assert "dropout=0.5" in repr(model)


def test_parameters_are_found_in_nested_modules_lists_and_dicts_each_once():
    class Tied(Module):
        def __init__(self):
            self.encoder = Linear(3, 4, rng=0)
            self.blocks = [Linear(4, 4, rng=1), {"head": Linear(4, 2, rng=2)}]
            self.shared = self.encoder.weight  # the same tensor again: counted once
            self.frozen = Tensor(np.ones(3))  # no requires_grad: not a parameter
            self.note = "text"

    model = Tied()
    params = model.parameters()
    assert len(params) == 6
    assert params[0] is model.encoder.weight
    assert params[-1] is model.blocks[1]["head"].bias


def test_evaluating_under_no_grad_builds_no_graph():
    model = MLP([2, 4, 2], rng=0)
    with no_grad():
        out = model(np.ones((3, 2)))
    assert not out.requires_grad and out.is_leaf


# -- Embedding and LayerNorm (the transformer's layers) ---------------------------------------
def test_embedding_layer_looks_up_rows_and_starts_normal_with_its_std():
    from course_lib.nn import Embedding

    emb = Embedding(400, 300, rng=0, std=0.02)
    assert emb.weight.data.std() == pytest.approx(0.02, rel=0.02)
    ids = np.array([[3, 3, 0]])
    out = emb(ids)
    assert out.shape == (1, 3, 300)
    np.testing.assert_array_equal(out.data, emb.weight.data[ids])
    assert emb.parameters() == [emb.weight]


def test_layer_norm_layer_starts_as_plain_standardization_and_matches_torch():
    from course_lib.nn import LayerNorm

    x = np.random.default_rng(0).normal(2.0, 3.0, size=(2, 3, 8))
    norm = LayerNorm(8)
    norm.weight.data[:] = np.linspace(0.5, 1.5, 8)
    norm.bias.data[:] = np.linspace(-1, 1, 8)
    out = norm(Tensor(x))
    standardized = (x - x.mean(-1, keepdims=True)) / np.sqrt(x.var(-1, keepdims=True) + 1e-5)
    np.testing.assert_allclose(out.data, standardized * norm.weight.data + norm.bias.data)
    assert LayerNorm(8, bias=False).parameters()[0].shape == (8,)
    assert len(LayerNorm(8, bias=False).parameters()) == 1
    torch = pytest.importorskip("torch")
    reference = torch.nn.functional.layer_norm(
        torch.tensor(x), (8,), torch.tensor(norm.weight.data), torch.tensor(norm.bias.data)
    )
    np.testing.assert_allclose(out.data, reference.numpy(), rtol=1e-12, atol=1e-12)


def test_named_parameters_give_dotted_paths_in_the_order_of_parameters():
    class Net(Module):
        def __init__(self):
            self.blocks = [Linear(2, 3, rng=0), Linear(3, 1, rng=1, bias=False)]
            self.head = {"out": Linear(1, 1, rng=2)}
            self.shared = self.blocks[0]  # the same layer again: listed once

    net = Net()
    named = net.named_parameters()
    assert list(named) == [
        "blocks.0.weight",
        "blocks.0.bias",
        "blocks.1.weight",
        "head.out.weight",
        "head.out.bias",
    ]
    assert list(named.values()) == net.parameters()


def test_to_float32_converts_every_parameter_and_the_model_computes_in_float32():
    model = MLP([2, 4, 2], rng=0)
    weights64 = [p.data.copy() for p in model.parameters()]
    assert model.to(np.float32) is model
    assert all(
        p.data.dtype == np.float32 and p.grad.dtype == np.float32 for p in model.parameters()
    )
    for p, w in zip(model.parameters(), weights64, strict=True):
        np.testing.assert_allclose(p.data, w, rtol=1e-7)
    loss = cross_entropy(model(np.ones((3, 2))), [0, 1, 1])
    assert loss.data.dtype == np.float32
    loss.backward()
    assert all(p.grad.dtype == np.float32 for p in model.parameters())
    with pytest.raises(ValueError, match="float64 or np.float32"):
        model.to(np.int64)
