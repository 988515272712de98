"""The gradient check: right numbers by central differences, a clear report, a verdict
that catches a wrong gradient and passes a right one."""

from __future__ import annotations

import numpy as np
import pytest

from course_lib.autograd import Tensor
from course_lib.gradcheck import agrees, gradcheck, numerical_gradient, relative_error


def test_numerical_gradient_matches_known_derivatives():
    x = np.array([[0.5, -1.0, 2.0]])
    w = np.array([1.5, -0.5, 0.3])
    gx, gw = numerical_gradient(lambda x, w: (x**3 * w).sum(), [x, w])
    np.testing.assert_allclose(gx, 3 * x**2 * w, rtol=1e-8)  # d/dx x^3 w = 3 x^2 w
    np.testing.assert_allclose(gw, x[0] ** 3, rtol=1e-8)
    assert gx.shape == x.shape and gw.shape == w.shape


def test_central_differences_are_accurate_to_about_eps_squared():
    x = np.array([0.3, 1.0, 2.0])
    (grad,) = numerical_gradient(lambda x: x.exp().sum(), [x], eps=1e-4)
    assert np.max(np.abs(grad - np.exp(x)) / np.exp(x)) < 1e-8  # eps^2 / 6 ~ 2e-9


def test_a_correct_gradient_passes_with_a_readable_report():
    rng = np.random.default_rng(0)
    x, w = rng.normal(size=(4, 3)), rng.normal(size=(3, 2))
    result = gradcheck(lambda x, w: (x @ w).tanh().sum(), [x, w], names=["x", "w"])
    assert result.ok
    assert all(check.ok and check.max_rel_error < 1e-6 for check in result.inputs)
    report = str(result)
    assert "passed" in report and "MISMATCH" not in report
    assert "(4, 3)" in report and "(3, 2)" in report
    assert [check.name for check in result.inputs] == ["x", "w"]


def test_a_wrong_gradient_fails_and_the_report_names_the_input():
    # detach() hides one factor from backprop: autograd says d/dx (x * x) = x, truly 2x
    x = np.array([1.0, -2.0, 3.0])
    w = np.array([0.5, 0.5, 0.5])
    result = gradcheck(lambda x, w: (x * x.detach() * w).sum(), [x, w], names=["x", "w"])
    assert not result.ok
    bad, good = result.inputs
    assert not bad.ok and bad.max_rel_error == pytest.approx(0.5, rel=1e-6)
    assert good.ok
    report = str(result)
    assert "FAILED" in report
    assert [line.split()[0] for line in report.splitlines() if "MISMATCH" in line] == ["x"]
    np.testing.assert_allclose(result.numeric[0], 2 * x * w, rtol=1e-6)
    np.testing.assert_allclose(result.analytic[0], x * w)


def test_a_small_relative_mistake_is_caught_by_the_default_tolerance():
    x = np.array([0.7, -0.2, 1.3])
    result = gradcheck(lambda x: (x * x.detach() * 1e-4 + x**2).sum(), [x])
    assert not result.ok  # the missing share is 1e-4 of the gradient: above rtol=1e-5


def test_the_inputs_are_never_changed():
    x = np.array([1.0, 2.0])
    t = Tensor([3.0, 4.0], requires_grad=True)
    gradcheck(lambda a, b: (a * b).sum(), [x, t])
    np.testing.assert_array_equal(x, [1.0, 2.0])
    np.testing.assert_array_equal(t.data, [3.0, 4.0])
    np.testing.assert_array_equal(t.grad, [0.0, 0.0])


def test_gradients_near_zero_do_not_count_as_large_relative_errors():
    x = np.array([0.0, 1.0])  # d/dx x^3 = 0 at 0: the numeric estimate is about 1e-12
    result = gradcheck(lambda x: (x**3).sum(), [x])
    assert result.ok and result.inputs[0].max_rel_error < 1e-6


@pytest.mark.parametrize(
    "f, inputs, error, message",
    [
        (lambda x: x * 2, [np.ones(3)], ValueError, r"one-element Tensor.*shape \(3,\)"),
        (lambda x: 1.0, [np.ones(3)], ValueError, "one-element Tensor.*float"),
        (lambda x: x.sum(), np.ones(3), TypeError, "list of arrays"),
    ],
)
def test_misuse_gives_clear_errors(f, inputs, error, message):
    with pytest.raises(error, match=message):
        gradcheck(f, inputs)


def test_names_must_match_the_inputs():
    with pytest.raises(ValueError, match="2 names for 1 inputs"):
        gradcheck(lambda x: x.sum(), [np.ones(2)], names=["a", "b"])


def test_relative_errors_element_by_element_agree_with_the_report():
    # detach() hides one factor from backprop in x only: relative error 1/2 there, 0 in w
    x = np.array([[1.0, -2.0], [3.0, 0.0]])
    w = np.array([0.5, -1.5])
    result = gradcheck(lambda x, w: (x * x.detach() * w).sum(), [x, w], names=["x", "w"])
    a, n = result.flat_analytic(), result.flat_numeric()
    assert a.shape == n.shape == (6,)
    with np.errstate(invalid="ignore"):
        by_hand = np.abs(a - n) / np.maximum(np.abs(a), np.abs(n))
    by_hand[3] = 0.0  # x = 0: both gradients are 0, nothing to compare
    np.testing.assert_allclose(result.relative_errors(), by_hand, atol=1e-9)
    np.testing.assert_allclose(result.relative_errors()[:3], 0.5, rtol=1e-6)
    assert result.max_rel_error == max(check.max_rel_error for check in result.inputs)
    assert result.max_rel_error == pytest.approx(0.5, rel=1e-6)
    np.testing.assert_array_equal(result.disagreements(), [True, True, True, False, False, False])


def test_agreement_is_the_stated_tolerance_and_tiny_gradients_are_not_compared():
    analytic = np.array([1.0, 1.0, 1e-9, 0.0])
    numeric = np.array([1.0 + 0.9e-5, 1.0 + 2e-5, 2e-9, 0.0])
    np.testing.assert_array_equal(agrees(analytic, numeric, 1e-5, 1e-7), [True, False, True, True])
    errors = relative_error(analytic, numeric, atol=1e-7)
    assert errors[1] == pytest.approx(2e-5 / (1 + 2e-5))
    assert errors[2] == 0.0 and errors[3] == 0.0  # below atol: 0, not 0.5 or NaN
