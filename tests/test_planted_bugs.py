"""Planted bugs: the right local derivatives pass the gradient check, each classic mistake fails
it exactly as stated, and too small or too large an ε breaks even the right gradient."""

from __future__ import annotations

import numpy as np
import pytest

from course_lib import planted_bugs as pb
from course_lib.autograd import Tensor
from course_lib.gradcheck import numerical_gradient


def sigmoid(z):
    return 1 / (1 + np.exp(-z))


@pytest.mark.parametrize("function", list(pb.CHECKED_FUNCTIONS))
def test_the_correct_derivatives_pass_the_check(function):
    result = pb.check_gradients(function, "correct", 1e-6)
    assert result.ok
    assert result.relative_errors().max() < 1e-6


@pytest.mark.parametrize("derivative", pb.DERIVATIVES[1:])
def test_every_wrong_derivative_fails_the_check_on_the_two_layer_net(derivative):
    result = pb.check_gradients("two-layer net", derivative, 1e-6)
    assert not result.ok
    assert result.relative_errors().max() > 0.1


def test_a_bug_in_an_operation_the_function_does_not_use_goes_unnoticed():
    assert pb.check_gradients("tanh layer", pb.DERIVATIVES[2], 1e-6).ok  # a sigmoid bug
    assert not pb.check_gradients("tanh layer", pb.DERIVATIVES[1], 1e-6).ok  # a tanh bug


def test_forgetting_the_factor_two_halves_every_gradient():
    result = pb.check_gradients("sigmoid neuron", pb.DERIVATIVES[3], 1e-6)
    for analytic, numeric in zip(result.analytic, result.numeric, strict=True):
        np.testing.assert_allclose(analytic, numeric / 2, rtol=1e-6)


def test_the_wrong_tanh_derivative_is_exactly_the_stated_formula():
    x = np.array([[-1.5, 0.2, 0.7]])
    t = Tensor(x, requires_grad=True)
    pb.tanh(t, pb.DERIVATIVES[1]).sum().backward()
    np.testing.assert_allclose(t.grad, 1 - np.tanh(x))
    np.testing.assert_array_equal(pb.tanh(Tensor(x), pb.DERIVATIVES[1]).data, np.tanh(x))


def test_the_wrong_sigmoid_and_square_derivatives_are_the_stated_formulas():
    x = np.array([-1.5, 0.2, 0.7])
    t = Tensor(x, requires_grad=True)
    pb.sigmoid(t, pb.DERIVATIVES[2]).sum().backward()
    np.testing.assert_allclose(t.grad, sigmoid(x))  # right: sigmoid(x) (1 - sigmoid(x))
    t = Tensor(x, requires_grad=True)
    pb.square(t, pb.DERIVATIVES[3]).sum().backward()
    np.testing.assert_allclose(t.grad, x)  # right: 2 x
    np.testing.assert_allclose(pb.square(Tensor(x), pb.DERIVATIVES[3]).data, x**2)


def test_a_custom_op_with_the_right_derivative_agrees_with_the_engine():
    x = np.array([-2.0, -0.1, 0.4, 3.0])
    ours, engine = Tensor(x, requires_grad=True), Tensor(x, requires_grad=True)
    s = sigmoid(x)
    out = pb.custom_op(ours, s, s * (1 - s))
    np.testing.assert_array_equal(out.data, s)
    (out * [1.0, 2.0, 3.0, 4.0]).sum().backward()
    (engine.sigmoid() * [1.0, 2.0, 3.0, 4.0]).sum().backward()
    np.testing.assert_allclose(ours.grad, engine.grad, rtol=1e-12)
    numeric = numerical_gradient(lambda v: (pb.custom_op(v, sigmoid(v.data), 0.0)).sum(), [x])
    np.testing.assert_allclose(numeric[0], s * (1 - s), rtol=1e-6)  # the forward is right


def test_too_small_or_too_large_a_step_breaks_even_the_correct_gradient():
    sweep = pb.eps_sweep("two-layer net", pb.DERIVATIVES[0])
    assert sweep.shape == pb.EPS_SWEEP.shape
    best = sweep.min()
    assert best < 1e-7
    assert sweep[0] > 1e3 * best and sweep[-1] > 1e3 * best  # rounding vs truncation error
    for eps in (pb.EPS_SWEEP[0], pb.EPS_SWEEP[-1]):
        assert not pb.check_gradients("two-layer net", pb.DERIVATIVES[0], eps).ok
    assert sweep[5] == pb.check_gradients("two-layer net", "correct", pb.EPS_SWEEP[5]).max_rel_error


@pytest.mark.parametrize("function", list(pb.CHECKED_FUNCTIONS))
def test_the_sweeps_of_every_derivative_at_once_equal_the_sweeps_one_by_one(function):
    # eps_sweeps reuses one set of finite differences for every choice of derivative: right
    # only because a planted bug leaves every forward value as it is, to the last bit.
    sweeps = pb.eps_sweeps(function)
    assert list(sweeps) == list(pb.DERIVATIVES)
    for derivative, sweep in sweeps.items():
        np.testing.assert_array_equal(sweep, pb.eps_sweep(function, derivative))


@pytest.mark.parametrize(
    ("function", "derivative", "message"),
    [
        ("three-layer net", "correct", "function must be one of"),
        ("tanh layer", "relu′ = 1", "derivative must be one of"),
    ],
)
def test_unknown_names_are_refused_with_the_choices(function, derivative, message):
    with pytest.raises(ValueError, match=message):
        pb.check_gradients(function, derivative, 1e-6)
