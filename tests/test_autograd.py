"""The autograd engine: every operation's gradient against finite differences and torch.

One table of cases (``CASES``) drives both checks. Each case is a function of a
small adapter (``Ours`` or ``Torch``) and some input tensors; the operators
(+ - * / @ ** and indexing) are spelled the same in both libraries, the rest goes
through the adapter. The scalar that is differentiated is sum(output * fixed random
weights), so every output element matters (a plain sum of a softmax would be 1).
"""

from __future__ import annotations

import sys
import warnings
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pytest

from course_lib.autograd import Tensor, as_tensor, is_grad_enabled, no_grad
from course_lib.functional import concatenate, cross_entropy, dropout
from course_lib.gradcheck import gradcheck


class Ours:
    """Our engine behind the adapter interface the cases use."""

    @staticmethod
    def const(array):
        return array  # plain numpy constants must mix with tensors

    exp = staticmethod(Tensor.exp)
    log = staticmethod(Tensor.log)
    tanh = staticmethod(Tensor.tanh)
    relu = staticmethod(Tensor.relu)
    sigmoid = staticmethod(Tensor.sigmoid)

    @staticmethod
    def softmax(x, axis):
        return x.softmax(axis)

    @staticmethod
    def log_softmax(x, axis):
        return x.log_softmax(axis)

    @staticmethod
    def cross_entropy(logits, targets):
        return cross_entropy(logits, targets)

    @staticmethod
    def concatenate(tensors, axis):
        return concatenate(tensors, axis)

    @staticmethod
    def sum(x, axis=None, keepdims=False):
        return x.sum(axis=axis, keepdims=keepdims)

    @staticmethod
    def mean(x, axis=None, keepdims=False):
        return x.mean(axis=axis, keepdims=keepdims)

    @staticmethod
    def reshape(x, shape):
        return x.reshape(shape)

    @staticmethod
    def transpose(x, axes=None):
        return x.transpose() if axes is None else x.transpose(*axes)

    @staticmethod
    def swapaxes(x, a, b):
        return x.swapaxes(a, b)

    @staticmethod
    def index(x, index):
        return x[index]


class Torch:
    """torch behind the same interface (float64, so both compute the same numbers)."""

    @staticmethod
    def const(array):
        import torch

        return torch.tensor(array)

    @staticmethod
    def _torch():
        import torch

        return torch

    exp = staticmethod(lambda x: Torch._torch().exp(x))
    log = staticmethod(lambda x: Torch._torch().log(x))
    tanh = staticmethod(lambda x: Torch._torch().tanh(x))
    relu = staticmethod(lambda x: Torch._torch().relu(x))
    sigmoid = staticmethod(lambda x: Torch._torch().sigmoid(x))

    @staticmethod
    def softmax(x, axis):
        return Torch._torch().softmax(x, dim=axis)

    @staticmethod
    def log_softmax(x, axis):
        return Torch._torch().log_softmax(x, dim=axis)

    @staticmethod
    def cross_entropy(logits, targets):
        torch = Torch._torch()
        flat = logits.reshape(-1, logits.shape[-1])
        return torch.nn.functional.cross_entropy(flat, torch.tensor(targets).reshape(-1))

    @staticmethod
    def concatenate(tensors, axis):
        return Torch._torch().cat(list(tensors), dim=axis)

    @staticmethod
    def sum(x, axis=None, keepdims=False):
        return x.sum() if axis is None else x.sum(dim=axis, keepdim=keepdims)

    @staticmethod
    def mean(x, axis=None, keepdims=False):
        return x.mean() if axis is None else x.mean(dim=axis, keepdim=keepdims)

    @staticmethod
    def reshape(x, shape):
        return x.reshape(shape)

    @staticmethod
    def transpose(x, axes=None):
        return x.permute(*(axes or reversed(range(x.ndim))))

    @staticmethod
    def swapaxes(x, a, b):
        return x.swapaxes(a, b)

    @staticmethod
    def index(x, index):
        torch = Torch._torch()
        parts = index if isinstance(index, tuple) else (index,)
        parts = tuple(torch.tensor(p) if isinstance(p, np.ndarray | list) else p for p in parts)
        return x[parts if isinstance(index, tuple) else parts[0]]


@dataclass(frozen=True)
class Case:
    name: str
    shapes: tuple[tuple[int, ...], ...]
    f: Callable
    domain: str = "any"  # "any": normal; "positive": in [0.5, 2]; "nonzero": |x| >= 0.2
    torch: bool = True  # False where torch cannot compute the same thing (random masks)


IDS = np.array([[0, 3, 3, 1], [4, 0, 2, 2]])  # repeated rows: their gradients must add up
TARGETS_2D = np.array([0, 3, 1, 1, 2])
TARGETS_3D = np.array([[0, 1, 3], [2, 2, 0]])
MATRIX = np.linspace(-1, 1, 12).reshape(4, 3)
MASK = np.array([[True, False, True, True], [False, False, True, False], [True, True, False, True]])

CASES = [
    # elementwise, with and without broadcasting
    Case("add", ((3, 4), (3, 4)), lambda L, a, b: a + b),
    Case("add-row-broadcast", ((3, 4), (4,)), lambda L, a, b: a + b),
    Case("add-outer-broadcast", ((3, 1), (1, 4)), lambda L, a, b: a + b),
    Case("add-scalar-both-sides", ((3, 4),), lambda L, a: (a + 2.5) * (1.5 + a)),
    Case("sub-broadcast", ((2, 3, 4), (3, 1)), lambda L, a, b: a - b),
    Case("rsub", ((3, 4),), lambda L, a: 1.5 - a),
    Case("mul-broadcast", ((2, 3, 4), (4,)), lambda L, a, b: a * b),
    Case("mul-0d-with-matrix", ((), (3, 4)), lambda L, a, b: a * b),
    Case("mul-reused-tensor", ((3, 4),), lambda L, a: a * a * a),
    Case("rmul-numpy-left", ((3, 4),), lambda L, a: L.const(MATRIX.T) * a),
    Case("div-broadcast", ((3, 4), (3, 1)), lambda L, a, b: a / b, "positive"),
    Case("rtruediv", ((3, 4),), lambda L, a: 2.0 / a, "positive"),
    Case("neg", ((3, 4),), lambda L, a: -a),
    Case("pow-2", ((3, 4),), lambda L, a: a**2),
    Case("pow-3", ((3, 4),), lambda L, a: a**3),
    Case("pow-half", ((3, 4),), lambda L, a: a**0.5, "positive"),
    Case("pow-minus-1.5", ((3, 4),), lambda L, a: a**-1.5, "positive"),
    # matrix products
    Case("matmul-2d", ((3, 4), (4, 5)), lambda L, a, b: a @ b),
    Case("matmul-batched", ((2, 3, 4), (2, 4, 5)), lambda L, a, b: a @ b),
    Case("matmul-batch-times-matrix", ((2, 3, 4), (4, 5)), lambda L, a, b: a @ b),
    Case("matmul-batch-broadcast", ((2, 1, 3, 4), (3, 4, 5)), lambda L, a, b: a @ b),
    Case("matmul-matrix-times-batch", ((3, 4), (2, 4, 5)), lambda L, a, b: a @ b),
    Case("matmul-vector-left", ((4,), (4, 5)), lambda L, a, b: a @ b),
    Case("matmul-vector-right", ((3, 4), (4,)), lambda L, a, b: a @ b),
    Case("matmul-vector-vector", ((4,), (4,)), lambda L, a, b: a @ b),
    Case("matmul-vector-batch", ((4,), (2, 4, 3)), lambda L, a, b: a @ b),
    Case("matmul-numpy-left", ((3, 5),), lambda L, a: L.const(MATRIX) @ a),
    # reductions
    Case("sum-all", ((3, 4),), lambda L, a: L.sum(a)),
    Case("sum-axis0", ((3, 4),), lambda L, a: L.sum(a, axis=0)),
    Case("sum-last-keepdims", ((2, 3, 4),), lambda L, a: L.sum(a, axis=-1, keepdims=True)),
    Case("sum-two-axes", ((2, 3, 4),), lambda L, a: L.sum(a, axis=(0, 2))),
    Case("mean-all", ((3, 4),), lambda L, a: L.mean(a)),
    Case("mean-axis1", ((2, 3, 4),), lambda L, a: L.mean(a, axis=1)),
    Case("mean-keepdims-broadcast", ((3, 4),), lambda L, a: a - L.mean(a, 0, keepdims=True)),
    # shapes and indexing
    Case("reshape", ((2, 3, 4),), lambda L, a: L.reshape(a, (4, 6)) @ L.const(np.ones((6, 2)))),
    Case("transpose-reverse", ((2, 3, 4),), lambda L, a: L.transpose(a)),
    Case("transpose-axes", ((2, 3, 4),), lambda L, a: L.transpose(a, (1, 2, 0))),
    Case("swapaxes", ((2, 3, 4),), lambda L, a: L.swapaxes(a, -1, -2)),
    Case("index-int", ((3, 4),), lambda L, a: L.index(a, 1)),
    Case("index-negative-int", ((3, 4),), lambda L, a: L.index(a, -1)),
    Case(
        "index-slices", ((4, 5),), lambda L, a: L.index(a, (slice(1, None), slice(None, None, 2)))
    ),
    Case("index-int-array-repeats", ((4, 3),), lambda L, a: L.index(a, np.array([0, 2, 0, 0]))),
    Case(
        "index-rows-and-cols",
        ((4, 3),),
        lambda L, a: L.index(a, (np.array([0, 3, 0]), np.array([2, 1, 2]))),
    ),
    Case(
        "index-slice-then-array",
        ((4, 5),),
        lambda L, a: L.index(a, (slice(None), np.array([1, 1, 4]))),
    ),
    Case("index-boolean-mask", ((3, 4),), lambda L, a: L.index(a, MASK)),
    Case(
        "index-newaxis-ellipsis", ((3, 4),), lambda L, a: L.index(a, (None, slice(1, None), ..., 2))
    ),
    Case("gather-embedding-rows", ((5, 3),), lambda L, table: L.index(table, IDS)),
    # elementwise functions
    Case("exp", ((3, 4),), lambda L, a: L.exp(a)),
    Case("log", ((3, 4),), lambda L, a: L.log(a), "positive"),
    Case("tanh", ((3, 4),), lambda L, a: L.tanh(a)),
    Case("relu", ((3, 4),), lambda L, a: L.relu(a), "nonzero"),
    Case("sigmoid", ((3, 4),), lambda L, a: L.sigmoid(a * 4)),
    # softmax family
    Case("softmax-last", ((3, 5),), lambda L, a: L.softmax(a, -1)),
    Case("softmax-axis0-3d", ((3, 2, 4),), lambda L, a: L.softmax(a, 0)),
    Case("log-softmax-last", ((3, 5),), lambda L, a: L.log_softmax(a, -1)),
    Case("log-softmax-axis1", ((2, 4, 3),), lambda L, a: L.log_softmax(a, 1)),
    Case("cross-entropy", ((5, 4),), lambda L, a: L.cross_entropy(a * 3, TARGETS_2D)),
    Case("cross-entropy-sequences", ((2, 3, 4),), lambda L, a: L.cross_entropy(a, TARGETS_3D)),
    # joining
    Case(
        "concatenate-axis0",
        ((2, 3), (1, 3), (3, 3)),
        lambda L, a, b, c: L.concatenate([a, b, c], 0),
    ),
    Case("concatenate-last-reuse", ((2, 3), (2, 2)), lambda L, a, b: L.concatenate([a, b, a], -1)),
    # a small network: every piece together
    Case(
        "two-layer-network",
        ((5, 3), (3, 4), (4,), (4, 2)),
        lambda L, x, w1, b1, w2: L.log_softmax(L.tanh(x @ w1 + b1) @ w2, -1),
    ),
    Case(
        "dropout-fixed-mask",
        ((4, 6),),
        lambda L, a: dropout(a.tanh(), 0.4, np.random.default_rng(7)),
        torch=False,
    ),
]


def make_inputs(case: Case, seed: int = 0) -> list[np.ndarray]:
    rng = np.random.default_rng(seed)
    arrays = []
    for shape in case.shapes:
        if case.domain == "positive":
            arrays.append(rng.uniform(0.5, 2.0, size=shape))
        elif case.domain == "nonzero":
            arrays.append(rng.choice([-1, 1], size=shape) * rng.uniform(0.2, 2.0, size=shape))
        else:
            arrays.append(rng.normal(size=shape))
    return arrays


def output_weights(case: Case, arrays: list[np.ndarray]) -> np.ndarray:
    """Fixed random weights of the output's shape (the output computed once, without grad)."""
    with no_grad():
        shape = case.f(Ours, *[Tensor(a) for a in arrays]).shape
    return np.random.default_rng(1).normal(size=shape)


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_gradient_matches_finite_differences(case):
    arrays = make_inputs(case)
    weights = output_weights(case, arrays)
    result = gradcheck(lambda *xs: (case.f(Ours, *xs) * weights).sum(), arrays)
    assert result.ok, str(result)
    for grad in result.analytic:
        assert np.abs(grad).max() > 1e-3  # every input really gets a gradient


@pytest.mark.parametrize(
    "case", [c for c in CASES if c.torch], ids=[c.name for c in CASES if c.torch]
)
def test_forward_and_gradient_match_torch(case):
    torch = pytest.importorskip("torch")
    arrays = make_inputs(case, seed=2)
    weights = output_weights(case, arrays)

    ours = [Tensor(a.copy(), requires_grad=True) for a in arrays]
    out = case.f(Ours, *ours)
    (out * weights).sum().backward()

    theirs = [torch.tensor(a, requires_grad=True) for a in arrays]
    expected = case.f(Torch, *theirs)
    (expected * torch.tensor(weights)).sum().backward()

    np.testing.assert_allclose(out.data, expected.detach().numpy(), rtol=1e-12, atol=1e-12)
    for mine, reference in zip(ours, theirs, strict=True):
        assert mine.grad.shape == mine.shape
        np.testing.assert_allclose(mine.grad, reference.grad.numpy(), rtol=1e-10, atol=1e-12)


# -- the graph machinery -----------------------------------------------------------------------
def test_a_chain_of_20000_operations_backpropagates_without_recursion_errors():
    x = Tensor(0.5, requires_grad=True)
    y = x
    for _ in range(10_000):  # two operations per turn
        y = y * 1.0001 + 0.001
    y.backward()
    assert 20_000 > 10 * sys.getrecursionlimit()
    np.testing.assert_allclose(x.grad, 1.0001**10_000, rtol=1e-10)


def test_a_tensor_used_twice_gets_both_shares_of_the_gradient():
    x = Tensor([1.0, -2.0, 3.0], requires_grad=True)
    (x * x).sum().backward()
    np.testing.assert_allclose(x.grad, 2 * x.data)


def test_a_diamond_graph_adds_the_gradients_of_both_paths():
    x = Tensor(2.0, requires_grad=True)
    h = x * 3.0  # used by two branches
    (h.exp() + h**2).backward()
    np.testing.assert_allclose(x.grad, 3.0 * (np.exp(6.0) + 2 * 6.0))
    np.testing.assert_allclose(h.grad, np.exp(6.0) + 2 * 6.0)  # intermediate gradients kept


def test_leaf_gradients_accumulate_over_backward_calls_intermediates_do_not():
    x = Tensor([1.0, 2.0], requires_grad=True)
    h = x * x
    loss = h.sum()
    loss.backward()
    loss.backward()
    np.testing.assert_allclose(x.grad, 2 * (2 * x.data))  # two calls: twice the gradient
    np.testing.assert_allclose(h.grad, [1.0, 1.0])  # recomputed, not doubled


def test_leaf_gradients_start_at_zero_and_constants_have_none():
    w = Tensor(np.ones((2, 3)), requires_grad=True)
    c = Tensor(np.ones((2, 3)))
    np.testing.assert_array_equal(w.grad, np.zeros((2, 3)))
    assert c.grad is None
    (w * c).sum().backward()
    assert c.grad is None and not c.requires_grad


def test_leaves_never_share_a_gradient_array():
    a, b = Tensor([1.0, 2.0]), Tensor([3.0, 4.0])
    a.requires_grad = b.requires_grad = True  # switched on later: grad starts as None
    (a + b).sum().backward()
    a.grad *= 10  # an in-place change (e.g. clipping) of one leaf's gradient...
    np.testing.assert_array_equal(b.grad, [1.0, 1.0])  # ...leaves the other alone


def test_no_grad_records_no_graph_and_restores_the_mode_even_after_an_error():
    w = Tensor([1.0, 2.0], requires_grad=True)
    with no_grad():
        assert not is_grad_enabled()
        y = (w * 3).sum()
    assert is_grad_enabled()
    assert not y.requires_grad and y.is_leaf
    with pytest.raises(RuntimeError, match="requires_grad"):
        y.backward()
    with pytest.raises(RuntimeError, match="inside"), no_grad():
        raise RuntimeError("an error inside no_grad")
    assert is_grad_enabled()


def test_detach_shares_values_but_stops_the_gradient():
    x = Tensor([1.0, 2.0], requires_grad=True)
    (x * x.detach()).sum().backward()
    np.testing.assert_allclose(x.grad, x.data)  # only the first factor's share


def test_values_are_float64_and_float64_arrays_are_shared_not_copied():
    array = np.arange(3.0)
    t = Tensor(array)
    assert t.data is array
    assert Tensor([1, 2]).data.dtype == np.float64
    assert (Tensor([1, 2], requires_grad=True) * 2).data.dtype == np.float64


def test_numbers_and_numpy_arrays_mix_on_either_side():
    x = Tensor([[1.0, 2.0], [3.0, 4.0]], requires_grad=True)
    m = np.array([[0.5, -1.0], [2.0, 1.0]])
    results = [1 + x, x + 1, 5 - x, x - 5, 2 * x, x * 2, 1 / x, x / 2, m + x, m - x, m * x, m / x]
    results += [m @ x, x @ m, np.float64(2.0) * x, sum([x, x])]
    assert all(isinstance(r, Tensor) for r in results)
    np.testing.assert_allclose((m - x).data, m - x.data)
    np.testing.assert_allclose((m @ x).data, m @ x.data)
    (m / x).sum().backward()
    np.testing.assert_allclose(x.grad, -m / x.data**2)


def test_as_tensor_keeps_a_tensor_and_wraps_anything_else():
    t = Tensor([1.0])
    assert as_tensor(t) is t
    assert isinstance(as_tensor([1, 2]), Tensor) and not as_tensor([1, 2]).requires_grad


def test_item_and_repr_are_readable():
    loss = (Tensor([1.0, 2.0], requires_grad=True) ** 2).sum()
    assert loss.item() == 5.0
    assert "op='sum'" in repr(loss)
    assert repr(Tensor([1.0], requires_grad=True)) == "Tensor([1.], requires_grad=True)"


# -- numerically stable forms ------------------------------------------------------------------
def test_softmax_family_and_sigmoid_are_stable_for_huge_inputs():
    logits = Tensor([[1000.0, 0.0, -1000.0], [-800.0, -800.0, -800.0]], requires_grad=True)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no overflow warnings either
        probs = logits.softmax(-1).data
        log_probs = logits.log_softmax(-1).data
        loss = cross_entropy(logits, [2, 0])
        loss.backward()
        sig = Tensor([-1000.0, 0.0, 1000.0]).sigmoid().data
    np.testing.assert_allclose(probs, [[1, 0, 0], [1 / 3, 1 / 3, 1 / 3]], atol=1e-300)
    np.testing.assert_allclose(log_probs[0], [0.0, -1000.0, -2000.0])
    np.testing.assert_allclose(loss.item(), (2000.0 + np.log(3)) / 2)
    assert np.all(np.isfinite(logits.grad))
    np.testing.assert_allclose(sig, [0.0, 0.5, 1.0])


def test_cross_entropy_is_minus_the_mean_log_probability_of_the_targets():
    rng = np.random.default_rng(3)
    logits = rng.normal(size=(6, 4))
    targets = rng.integers(0, 4, size=6)
    probs = np.exp(logits) / np.exp(logits).sum(axis=1, keepdims=True)
    expected = -np.mean(np.log(probs[np.arange(6), targets]))
    assert cross_entropy(Tensor(logits), targets).item() == pytest.approx(expected, rel=1e-12)
    assert cross_entropy(Tensor(np.zeros((3, 5))), [0, 1, 4]).item() == pytest.approx(np.log(5))


# -- dropout -----------------------------------------------------------------------------------
def test_dropout_zeroes_about_p_and_keeps_the_mean():
    x = Tensor(np.ones((200, 500)), requires_grad=True)
    y = dropout(x, 0.3, np.random.default_rng(0))
    dropped = np.mean(y.data == 0)
    assert dropped == pytest.approx(0.3, abs=0.01)
    np.testing.assert_allclose(y.data[y.data != 0], 1 / 0.7)
    assert y.data.mean() == pytest.approx(1.0, abs=0.02)
    y.sum().backward()
    np.testing.assert_array_equal(x.grad, y.data)  # gradient flows only where kept


def test_dropout_does_nothing_when_not_training_or_p_is_zero_and_repeats_with_a_seed():
    x = Tensor(np.arange(12.0).reshape(3, 4))
    assert dropout(x, 0.5, np.random.default_rng(0), train=False) is x
    assert dropout(x, 0.0, np.random.default_rng(0)) is x
    a = dropout(x, 0.5, np.random.default_rng(4)).data
    b = dropout(x, 0.5, np.random.default_rng(4)).data
    np.testing.assert_array_equal(a, b)


# -- clear errors ------------------------------------------------------------------------------
def test_matmul_shape_mismatch_names_both_shapes():
    a, b = Tensor(np.ones((3, 4))), Tensor(np.ones((5, 2)))
    with pytest.raises(ValueError, match=r"\(3, 4\) and \(5, 2\).*\(4\).*\(5\)"):
        a @ b
    with pytest.raises(ValueError, match=r"\(2, 3, 4\) and \(3, 4, 5\).*batch"):
        Tensor(np.ones((2, 3, 4))) @ Tensor(np.ones((3, 4, 5)))
    with pytest.raises(ValueError, match="single numbers"):
        Tensor(2.0) @ a


def test_elementwise_broadcast_mismatch_names_both_shapes():
    with pytest.raises(ValueError, match=r"\(3, 4\) and \(3,\) for \+"):
        Tensor(np.ones((3, 4))) + Tensor(np.ones(3))
    with pytest.raises(ValueError, match=r"\(2,\) and \(3,\) for \*"):
        Tensor([1.0, 2.0]) * np.ones(3)


def test_backward_needs_a_single_number_or_a_gradient_of_the_right_shape():
    y = Tensor([1.0, 2.0], requires_grad=True) * 2
    with pytest.raises(ValueError, match=r"single number.*shape \(2,\)"):
        y.backward()
    with pytest.raises(ValueError, match=r"grad has shape \(3,\) but the tensor has shape"):
        y.backward(np.ones(3))
    y.backward(np.array([1.0, 0.0]))  # an explicit gradient works


@pytest.mark.parametrize(
    "make, error, message",
    [
        (lambda: Tensor("abc"), TypeError, "numbers"),
        (lambda: Tensor(Tensor(1.0)), TypeError, "detach"),
        (lambda: Tensor([1.0]) ** Tensor(2.0), TypeError, "exponent"),
        (lambda: Tensor(np.ones(6)).reshape(4, 2), ValueError, r"shape \(6,\).*\(4, 2\)"),
        (lambda: Tensor(np.ones((2, 3))).transpose(0, 0), ValueError, "permutation"),
        (lambda: Tensor(np.ones((2, 3))).sum(axis=2), ValueError, "out of range"),
        (lambda: Tensor(np.ones((2, 3)))[Tensor([0.0])], TypeError, "not a Tensor"),
        (lambda: Tensor(np.ones((2, 3)))[5], IndexError, r"shape \(2, 3\)"),
        (lambda: Tensor([1.0, 2.0]).item(), ValueError, "one element"),
        (lambda: concatenate([], 0), ValueError, "non-empty"),
        (
            lambda: concatenate([np.ones((2, 3)), np.ones((2, 2))], 0),
            ValueError,
            r"\(2, 3\), \(2, 2\)",
        ),
        (lambda: dropout(Tensor([1.0]), 1.0, np.random.default_rng(0)), ValueError, "0 <= p < 1"),
        (lambda: dropout(Tensor([1.0]), 0.5, 0), TypeError, "Generator"),
    ],
)
def test_bad_input_gives_a_clear_error(make, error, message):
    with pytest.raises(error, match=message):
        make()


@pytest.mark.parametrize(
    "targets, error, message",
    [
        ([0.5, 1.0, 2.0], TypeError, "integer class indices"),
        ([0, 1], ValueError, r"targets has shape \(2,\) but logits has shape \(3, 4\)"),
        ([0, 1, 4], ValueError, r"in \[0, 3\], got values from 0 to 4"),
        ([-1, 1, 2], ValueError, r"in \[0, 3\]"),
    ],
)
def test_cross_entropy_rejects_bad_targets_clearly(targets, error, message):
    with pytest.raises(error, match=message):
        cross_entropy(Tensor(np.zeros((3, 4))), targets)
