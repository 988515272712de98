"""The cost of a gradient: finite differences need one forward pass per weight and agree with
backpropagation; the timing table has one row per size, smallest first. No timed assertions:
the claim's shape (passes grow with the number of weights) is what is tested."""

from __future__ import annotations

import numpy as np
import pytest

from course_lib import gradient_cost as gc
from course_lib.autograd import Tensor
from course_lib.datasets2d import make_dataset
from course_lib.functional import cross_entropy
from course_lib.gradcheck import numerical_gradient
from course_lib.nn import MLP


def test_forward_differences_of_a_quadratic_take_one_pass_per_entry_and_one_more():
    a = np.array([1.0, -2.0, 0.5])
    b = np.array([[3.0], [4.0]])
    grads, passes = gc.finite_difference_gradient(
        lambda: float(np.sum(a**2) + 3 * np.sum(b)), [a, b], eps=1e-7
    )
    np.testing.assert_allclose(grads[0], 2 * a, atol=1e-6)
    np.testing.assert_allclose(grads[1], np.full((2, 1), 3.0), atol=1e-6)
    assert passes == a.size + b.size + 1
    np.testing.assert_array_equal(a, [1.0, -2.0, 0.5])  # every entry put back


def test_forward_differences_of_a_network_match_central_differences():
    data = make_dataset("moons", gc.BATCH, noise=0.1, seed=0)
    model = MLP([2, 3, 2], "tanh", rng=0)
    params = model.parameters()

    def loss() -> float:
        return cross_entropy(model(Tensor(data.X)), data.y).item()

    ours, _ = gc.finite_difference_gradient(loss, [p.data for p in params])
    data_x = data.X

    def f(*tensors):
        w1, b1, w2, b2 = tensors
        return cross_entropy((Tensor(data_x) @ w1 + b1).tanh() @ w2 + b2, data.y)

    central = numerical_gradient(f, [p.data for p in params])
    for mine, theirs in zip(ours, central, strict=True):
        np.testing.assert_allclose(mine, theirs, atol=1e-5)


def test_both_ways_give_the_same_gradient_and_finite_differences_count_every_weight():
    row = gc.gradient_cost(4, repeats=1)
    assert row.sizes == (2, 4, 4, 2)
    assert row.weights == 2 * 4 + 4 + 4 * 4 + 4 + 4 * 2 + 2
    assert row.forward_passes == row.weights + 1
    assert row.max_difference < 1e-5
    assert row.finite_seconds > 0 and row.backprop_seconds > 0
    assert row.ratio == pytest.approx(row.finite_seconds / row.backprop_seconds)
    assert row.backprop_in_passes == pytest.approx(row.backprop_seconds / row.forward_seconds)


def test_the_passes_finite_differences_need_grow_with_the_number_of_weights():
    table = gc.cost_table([8, 2, 4])
    assert [row.sizes[1] for row in table] == [2, 4, 8]
    weights = [row.weights for row in table]
    assert weights == sorted(weights) and len(set(weights)) == 3
    assert [row.forward_passes for row in table] == [w + 1 for w in weights]


def test_a_width_that_is_not_a_whole_number_is_refused():
    with pytest.raises(ValueError, match="width"):
        gc.gradient_cost(0)
