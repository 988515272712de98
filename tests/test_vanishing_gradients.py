"""Vanishing gradients: the engine's per-layer gradient sizes match torch and, without torch,
finite differences of a numpy network; sigmoid's shrink by about 1/4 per layer, relu's do not."""

from __future__ import annotations

import numpy as np
import pytest
from finite_differences import central_difference

from course_lib import vanishing_gradients as vg
from course_lib.datasets2d import make_dataset
from course_lib.nn import MLP

NUMPY_ACTIVATIONS = {
    "sigmoid": lambda z: 1 / (1 + np.exp(-z)),
    "tanh": np.tanh,
    "relu": lambda z: np.maximum(z, 0),
}


def batch():
    return make_dataset("moons", vg.BATCH, noise=0.1, seed=0)


@pytest.mark.parametrize("activation", ["sigmoid", "tanh", "relu"])
def test_layer_gradients_match_torch(activation):
    torch = pytest.importorskip("torch")
    depth = 6
    data = batch()
    ours = MLP([2] + [vg.WIDTH] * depth + [2], activation, rng=0)
    layers = []
    for i, layer in enumerate(ours.layers):
        linear = torch.nn.Linear(layer.n_in, layer.n_out).double()
        with torch.no_grad():
            linear.weight.copy_(torch.from_numpy(layer.weight.data.T))
            linear.bias.copy_(torch.from_numpy(layer.bias.data))
        layers.append(linear)
        if i < depth:
            layers.append(
                {"sigmoid": torch.nn.Sigmoid, "tanh": torch.nn.Tanh, "relu": torch.nn.ReLU}[
                    activation
                ]()
            )
    net = torch.nn.Sequential(*layers)
    loss = torch.nn.functional.cross_entropy(
        net(torch.from_numpy(data.X)), torch.from_numpy(data.y)
    )
    loss.backward()
    expected = [m.weight.grad.abs().mean().item() for m in net if isinstance(m, torch.nn.Linear)]
    np.testing.assert_allclose(vg.layer_gradients(activation, depth), expected, rtol=1e-9)


def numpy_loss(weights: list[np.ndarray], biases: list[np.ndarray], activation, X, y) -> float:
    for W, b in zip(weights[:-1], biases[:-1], strict=True):
        X = activation(X @ W + b)
    logits = X @ weights[-1] + biases[-1]
    shifted = logits - logits.max(axis=1, keepdims=True)
    log_p = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    return float(-log_p[np.arange(len(y)), y].mean())


@pytest.mark.parametrize("activation", ["sigmoid", "tanh", "relu"])
def test_layer_gradients_match_finite_differences_of_a_numpy_network(activation):
    depth = 3
    data = batch()
    model = MLP([2] + [vg.WIDTH] * depth + [2], activation, rng=0)
    weights = [layer.weight.data.copy() for layer in model.layers]
    biases = [layer.bias.data.copy() for layer in model.layers]
    expected = []
    for k in range(len(weights)):

        def loss(W, k=k):
            return numpy_loss(
                [*weights[:k], W, *weights[k + 1 :]],
                biases,
                NUMPY_ACTIVATIONS[activation],
                data.X,
                data.y,
            )

        expected.append(np.mean(np.abs(central_difference(loss, weights[k]))))
    np.testing.assert_allclose(vg.layer_gradients(activation, depth), expected, rtol=1e-5)


def test_sigmoid_gradients_vanish_where_relu_gradients_do_not():
    sig = vg.layer_gradients("sigmoid", 10)
    relu = vg.layer_gradients("relu", 10)
    assert len(sig) == 11
    assert sig[0] / sig[-1] < 1e-5 and relu[0] / relu[-1] > 0.1
    assert np.all(np.diff(np.log(sig)) > 0)  # smaller at every layer further from the output
    assert 0.15 < vg.per_layer_factor(sig) < 0.3  # the sigmoid's slope is at most 1/4


def test_the_deepest_sigmoid_net_still_has_a_nonzero_first_layer_gradient():
    assert vg.layer_gradients("sigmoid", 20)[0] > 0  # small, but not rounded to zero


def test_per_layer_factor_is_the_geometric_mean_ratio():
    assert vg.per_layer_factor(np.array([1e-4, 1e-3, 1e-2, 1e-1, 1.0])) == pytest.approx(0.1)
    assert vg.per_layer_factor(np.array([2.0, 2.0])) == 1.0


def test_a_depth_that_is_not_a_whole_number_is_refused():
    with pytest.raises(ValueError, match="depth must be a whole number >= 1, got 0"):
        vg.layer_gradients("relu", 0)


def test_a_small_start_leaves_tanh_no_gradient_where_the_scaled_start_keeps_it_alive():
    scaled = vg.layer_gradients("tanh", 10, init=vg.SCALED)
    small = vg.layer_gradients("tanh", 10, init="small (std 0.1)")
    assert scaled[0] > 1e-3  # alive at the first layer
    assert small[0] < 1e-3 * scaled[0]  # the signal shrinks in every layer, and its gradient


def test_a_given_start_draws_every_weight_with_that_standard_deviation():
    data = batch()
    std = vg.INITS["large (std 1)"]
    model = MLP([2] + [vg.WIDTH] * 3 + [2], "tanh", rng=0)
    rng = np.random.default_rng(0)
    for layer in model.layers:
        layer.weight.data[...] = rng.normal(0.0, std, size=layer.weight.shape)
    expected = []
    for k, layer in enumerate(model.layers):
        weights = [m.weight.data.copy() for m in model.layers]
        biases = [m.bias.data.copy() for m in model.layers]

        def loss(W, k=k, weights=weights, biases=biases):
            return numpy_loss([*weights[:k], W, *weights[k + 1 :]], biases, np.tanh, data.X, data.y)

        expected.append(np.mean(np.abs(central_difference(loss, layer.weight.data.copy()))))
    got = vg.layer_gradients("tanh", 3, init="large (std 1)")
    np.testing.assert_allclose(got, expected, rtol=1e-5)


def test_the_summary_gives_every_activation_the_same_quantities():
    summary = vg.gradient_summary(10)
    assert set(summary) == {"sigmoid", "tanh", "relu"}
    for name, s in summary.items():
        grads = vg.layer_gradients(name, 10)
        assert s.first == grads[0] and s.last == grads[-1]
        assert s.ratio == pytest.approx(grads[0] / grads[-1])
        assert s.factor == pytest.approx(s.ratio ** (1 / 10))


def test_an_unknown_start_is_refused_with_the_choices():
    with pytest.raises(ValueError, match="init must be one of"):
        vg.layer_gradients("tanh", 3, init="zeros")
