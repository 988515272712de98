"""A small reverse-mode autograd engine on numpy arrays (lesson 03: backpropagation).

A :class:`Tensor` wraps a float64 numpy array. Every operation on tensors
returns a new tensor that remembers its inputs (its *parents*) and a small
``backward`` function: given the gradient of the final result with respect to
this output, it hands each parent its share, by the chain rule. The local
derivative is written right next to the forward computation, so each
operation reads in a few lines (the shape of Karpathy's micrograd, on arrays).

    x = Tensor([[1.0, 2.0]], requires_grad=True)
    w = Tensor([[0.5], [-1.0]], requires_grad=True)
    loss = ((x @ w).tanh() ** 2).mean()
    loss.backward()          # fills x.grad and w.grad

The module reads in the order the engine works:

1. the core: :func:`_result` makes a tensor that remembers its parents and its
   backward function; :meth:`Tensor.backward` visits the graph in reverse
   topological order (an iterative sort: a chain of a million operations is
   fine) and *adds* into each tensor's ``.grad``, so a tensor used twice
   (``x * x``) gets both shares; :func:`_unbroadcast` sums a gradient back to
   the shape of an input that broadcasting stretched;
2. the operations, each a forward computation with its local derivative beside it;
3. the numerics the operations share (their argument checks, which turn numpy
   errors into readable ones, are in :mod:`course_lib.autograd_checks`).

Gradients of leaves (tensors you made, e.g. weights) accumulate across calls
until you zero them; gradients of intermediate results are recomputed. Functions
of tensors that are not methods (cross-entropy, dropout, the transformer's layer
norm and attention) live in :mod:`course_lib.functional`.

float64 by default: gradient checks against finite differences need it; float32
(``dtype=np.float32``) roughly halves the time of a transformer's matrix products.

Pure numpy: no plotting, no widgets.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager

import numpy as np

from course_lib import autograd_checks as checks

_grad_enabled = True


@contextmanager
def no_grad() -> Iterator[None]:
    """Evaluate without recording a graph (faster, less memory), e.g. for validation.

    Inside ``with no_grad():`` results have ``requires_grad=False`` and no parents.
    """
    global _grad_enabled
    previous, _grad_enabled = _grad_enabled, False
    try:
        yield
    finally:
        _grad_enabled = previous


def is_grad_enabled() -> bool:
    """False inside :func:`no_grad`."""
    return _grad_enabled


# == 1. The core ================================================================================
def _result(data: np.ndarray, parents: tuple[Tensor, ...], backward: Callable, op: str) -> Tensor:
    """A new tensor (float32 stays float32); it keeps its parents and backward only if a
    gradient can flow to them."""
    out = Tensor(data, dtype=np.float32 if data.dtype.type is np.float32 else None)
    if _grad_enabled and any(parent.requires_grad for parent in parents):
        out.requires_grad = True
        out._parents = parents
        out._backward = backward
        out._op = op
    return out


def _topological_order(root: Tensor) -> list[Tensor]:
    """Every tensor ``root`` depends on (that needs a gradient), each after its parents.

    Depth-first search with an explicit stack: deep graphs never hit the recursion limit.
    """
    order, visited = [], set()
    stack = [(root, False)]
    while stack:
        node, parents_done = stack.pop()
        if parents_done:
            order.append(node)
            continue
        if node in visited:
            continue
        visited.add(node)
        stack.append((node, True))  # comes back here once all its parents are placed
        for parent in node._parents:
            if parent.requires_grad and parent not in visited:
                stack.append((parent, False))
    return order


def _unbroadcast(grad: np.ndarray, shape: tuple[int, ...]) -> np.ndarray:
    """Sum ``grad`` over the axes that broadcasting added or stretched, back to ``shape``.

    An input used for many output elements gets the sum of their gradients.
    """
    if grad.shape == shape:
        return grad
    added = grad.ndim - len(shape)
    if added > 0:
        grad = grad.sum(axis=tuple(range(added)))
    stretched = tuple(i for i, size in enumerate(shape) if size == 1 and grad.shape[i] != 1)
    if stretched:
        grad = grad.sum(axis=stretched, keepdims=True)
    return grad


class Tensor:
    """A float64 numpy array that remembers how it was computed, to backpropagate through it.

    Parameters
    ----------
    data : array-like of numbers
        Converted with ``np.asarray(data, dtype)``: an array of that dtype is
        shared, not copied (like ``torch.from_numpy``).
    requires_grad : bool
        True for the tensors whose gradient you want (weights, inputs under
        study). Their ``.grad`` starts as zeros of the same shape.
    dtype : np.float64 (default) or np.float32
        float32 results stay float32; numbers and arrays mixed in take the tensor's dtype.

    Attributes
    ----------
    data : np.ndarray
        The values.
    grad : np.ndarray or None
        d(result)/d(this tensor) after ``result.backward()``; same shape as ``data``.
    """

    # numpy defers to Tensor: np_array + tensor calls Tensor.__radd__.
    __array_ufunc__ = None

    def __init__(self, data: object, requires_grad: bool = False, dtype: object = None):
        if isinstance(data, Tensor):
            raise TypeError(
                "data is already a Tensor; use tensor.detach() for a copy without history"
            )
        dtype = np.float64 if dtype is None else checks.float_dtype(dtype)
        try:
            self.data = np.asarray(data, dtype=dtype)
        except (TypeError, ValueError):
            raise TypeError(
                f"Tensor data must be numbers or an array of numbers, got {type(data).__name__}"
            ) from None
        self.requires_grad = bool(requires_grad)
        self.grad = np.zeros_like(self.data) if self.requires_grad else None
        self._parents: tuple[Tensor, ...] = ()
        self._backward: Callable[[np.ndarray], None] | None = None
        self._op = ""

    def backward(self, grad: object = None) -> None:
        """Backpropagate from this tensor: fill ``.grad`` of everything it was computed from.

        Without ``grad`` this tensor must hold one number (a loss): d(loss)/d(loss) = 1.
        """
        grad = checks.backward_start(self, grad)
        order = _topological_order(self)
        for node in order:
            if node._parents:  # intermediate gradients start afresh; leaves accumulate
                node.grad = None
        self._add_grad(grad)
        for node in reversed(order):  # every node after all the nodes that use it
            if node._backward is not None and node.grad is not None:
                node._backward(node.grad)

    def _add_grad(self, grad: np.ndarray) -> None:
        """Add ``grad`` (summed back to this tensor's shape) into ``self.grad``."""
        if not self.requires_grad:
            return
        grad = _unbroadcast(np.asarray(grad, dtype=self.data.dtype), self.shape)
        if self.grad is None:
            # An intermediate result may share the array (the engine never changes one in
            # place); a leaf keeps its own copy, since optimizers and learners may.
            self.grad = grad if self._parents else grad.copy()
        else:
            self.grad = self.grad + grad

    # -- plumbing -------------------------------------------------------------------------------
    @property
    def shape(self) -> tuple[int, ...]:
        return self.data.shape

    @property
    def dtype(self) -> np.dtype:
        return self.data.dtype

    @property
    def ndim(self) -> int:
        return self.data.ndim

    @property
    def size(self) -> int:
        return self.data.size

    @property
    def is_leaf(self) -> bool:
        """True for a tensor you made (not the result of an operation)."""
        return not self._parents

    def __len__(self) -> int:
        return len(self.data)

    def __repr__(self) -> str:
        values = np.array2string(self.data, precision=4, separator=", ", prefix="Tensor(")
        if self._op:
            return f"Tensor({values}, op={self._op!r})"
        return f"Tensor({values}" + (", requires_grad=True)" if self.requires_grad else ")")

    def item(self) -> float:
        """The value of a one-element tensor as a Python float."""
        if self.size != 1:
            raise ValueError(f"item() needs a tensor with one element, got shape {self.shape}")
        return float(self.data.reshape(()))

    def detach(self) -> Tensor:
        """The same values (shared array) without history: no gradient flows through it."""
        return Tensor(self.data)

    # == 2. The operations ======================================================================
    # -- elementwise arithmetic (broadcasting like numpy) ---------------------------------------
    def __add__(self, other: object) -> Tensor:
        other = as_tensor(other, self.dtype)
        data = checks.broadcast_values(np.add, self, other, "+")

        def backward(grad):  # d(a + b)/da = 1, d(a + b)/db = 1
            self._add_grad(grad)
            other._add_grad(grad)

        return _result(data, (self, other), backward, "+")

    def __sub__(self, other: object) -> Tensor:
        other = as_tensor(other, self.dtype)
        data = checks.broadcast_values(np.subtract, self, other, "-")

        def backward(grad):  # d(a - b)/da = 1, d(a - b)/db = -1
            self._add_grad(grad)
            other._add_grad(-grad)

        return _result(data, (self, other), backward, "-")

    def __mul__(self, other: object) -> Tensor:
        other = as_tensor(other, self.dtype)
        data = checks.broadcast_values(np.multiply, self, other, "*")

        def backward(grad):  # d(a * b)/da = b, d(a * b)/db = a
            self._add_grad(grad * other.data)
            other._add_grad(grad * self.data)

        return _result(data, (self, other), backward, "*")

    def __truediv__(self, other: object) -> Tensor:
        other = as_tensor(other, self.dtype)
        data = checks.broadcast_values(np.divide, self, other, "/")

        def backward(grad):  # d(a / b)/da = 1 / b, d(a / b)/db = -a / b^2
            self._add_grad(grad / other.data)
            other._add_grad(-grad * self.data / other.data**2)

        return _result(data, (self, other), backward, "/")

    def __neg__(self) -> Tensor:
        def backward(grad):  # d(-a)/da = -1
            self._add_grad(-grad)

        return _result(-self.data, (self,), backward, "neg")

    def __pow__(self, exponent: float) -> Tensor:
        k = checks.check_exponent(exponent)

        def backward(grad):  # d(a^k)/da = k a^(k-1)
            self._add_grad(grad * k * self.data ** (k - 1))

        return _result(self.data**k, (self,), backward, f"**{k:g}")

    # A number or an array on the left: make it a constant tensor, then as above.
    def __radd__(self, other: object) -> Tensor:
        return as_tensor(other, self.dtype) + self

    def __rsub__(self, other: object) -> Tensor:
        return as_tensor(other, self.dtype) - self

    def __rmul__(self, other: object) -> Tensor:
        return as_tensor(other, self.dtype) * self

    def __rtruediv__(self, other: object) -> Tensor:
        return as_tensor(other, self.dtype) / self

    def __rmatmul__(self, other: object) -> Tensor:
        return as_tensor(other, self.dtype) @ self

    # -- matrix product -------------------------------------------------------------------------
    def __matmul__(self, other: object) -> Tensor:
        other = as_tensor(other, self.dtype)
        checks.check_matmul(self, other)
        if self.ndim == 1 or other.ndim == 1:  # a vector is a row (left) or a column (right)
            return _vector_matmul(self, other)

        def backward(grad):  # d(A @ B)/dA = grad @ B^T, d(A @ B)/dB = A^T @ grad
            if self.requires_grad:
                self._add_grad(_times(grad, np.swapaxes(other.data, -1, -2)))
            if other.requires_grad:
                other._add_grad(_transpose_times(self.data, grad, other.ndim))

        return _result(_times(self.data, other.data), (self, other), backward, "@")

    # -- reductions -----------------------------------------------------------------------------
    def sum(self, axis: int | tuple[int, ...] | None = None, keepdims: bool = False) -> Tensor:
        """Sum over ``axis`` (all axes if None), like ``np.sum``."""
        axes = checks.normalize_axes(axis, self.ndim)

        def backward(grad):  # d(sum)/d(each element) = 1: copy grad back along the axes
            self._add_grad(_expand(grad, axes, keepdims, self.shape))

        return _result(self.data.sum(axis=axes, keepdims=keepdims), (self,), backward, "sum")

    def mean(self, axis: int | tuple[int, ...] | None = None, keepdims: bool = False) -> Tensor:
        """Mean over ``axis`` (all axes if None), like ``np.mean``."""
        axes = checks.normalize_axes(axis, self.ndim)
        count = int(np.prod([self.shape[a] for a in axes]))

        def backward(grad):  # d(mean)/d(each element) = 1 / count
            self._add_grad(_expand(grad, axes, keepdims, self.shape) / count)

        return _result(self.data.mean(axis=axes, keepdims=keepdims), (self,), backward, "mean")

    # -- shape ----------------------------------------------------------------------------------
    def reshape(self, *shape: int | Sequence[int]) -> Tensor:
        """The same values in a new shape: ``t.reshape(2, 3)`` or ``t.reshape((2, 3))``."""
        data = checks.reshaped_values(self, checks.axes_argument(shape))

        def backward(grad):  # reshaping moves no values: reshape the gradient back
            self._add_grad(grad.reshape(self.shape))

        return _result(data, (self,), backward, "reshape")

    def transpose(self, *axes: int) -> Tensor:
        """Permute the axes, like ``np.transpose`` (no axes: reverse them)."""
        axes = checks.check_permutation(self, checks.axes_argument(axes))
        inverse = np.argsort([a % self.ndim for a in axes])

        def backward(grad):  # undo the permutation
            self._add_grad(grad.transpose(inverse))

        return _result(self.data.transpose(axes), (self,), backward, "transpose")

    @property
    def T(self) -> Tensor:
        """All axes reversed (a matrix transposed)."""
        return self.transpose()

    def swapaxes(self, axis1: int, axis2: int) -> Tensor:
        """Swap two axes, e.g. ``k.swapaxes(-1, -2)`` in attention."""
        axes = list(range(self.ndim))
        axes[axis1], axes[axis2] = axes[axis2], axes[axis1]
        return self.transpose(axes)

    def __getitem__(self, index: object) -> Tensor:
        """Indexing as in numpy: ints, slices, integer arrays (``table[ids]`` gathers rows)."""
        basic = checks.check_index(index, Tensor)  # ints, slices: each element at most once
        data = checks.indexed_values(self, index)

        def backward(grad):  # each picked element gets its gradient; repeats add up
            full = np.zeros_like(self.data)
            if basic:
                full[index] = grad
            else:  # index arrays may pick an element (an embedding row) many times
                np.add.at(full, index, grad)
            self._add_grad(full)

        return _result(data, (self,), backward, "index")

    # -- elementwise functions ------------------------------------------------------------------
    def exp(self) -> Tensor:
        data = np.exp(self.data)

        def backward(grad):  # d(e^a)/da = e^a
            self._add_grad(grad * data)

        return _result(data, (self,), backward, "exp")

    def log(self) -> Tensor:
        """Natural logarithm (NaN or -inf where the values are not positive, like numpy)."""

        def backward(grad):  # d(log a)/da = 1 / a
            self._add_grad(grad / self.data)

        return _result(np.log(self.data), (self,), backward, "log")

    def tanh(self) -> Tensor:
        data = np.tanh(self.data)

        def backward(grad):  # d(tanh a)/da = 1 - tanh(a)^2
            self._add_grad(grad * (1 - data**2))

        return _result(data, (self,), backward, "tanh")

    def relu(self) -> Tensor:
        def backward(grad):  # d(max(a, 0))/da = 1 where a > 0, else 0
            self._add_grad(grad * (self.data > 0))

        return _result(np.maximum(self.data, 0), (self,), backward, "relu")

    def sigmoid(self) -> Tensor:
        small = np.exp(-np.abs(self.data))  # 1 / (1 + e^-a) from e^-|a|: nothing overflows
        data = np.where(self.data >= 0, 1 / (1 + small), small / (1 + small))

        def backward(grad):  # d(sigmoid a)/da = sigmoid(a) (1 - sigmoid(a))
            self._add_grad(grad * data * (1 - data))

        return _result(data, (self,), backward, "sigmoid")

    # -- softmax family -------------------------------------------------------------------------
    def softmax(self, axis: int = -1) -> Tensor:
        """exp(a) / sum(exp(a)) along ``axis``: positive numbers that add up to 1."""
        data = np.exp(_log_softmax(self.data, axis))

        def backward(grad):  # ds_i/da_j = s_i (delta_ij - s_j)
            self._add_grad(data * (grad - (grad * data).sum(axis=axis, keepdims=True)))

        return _result(data, (self,), backward, "softmax")

    def log_softmax(self, axis: int = -1) -> Tensor:
        """a - log(sum(exp(a))) along ``axis``: the log of the softmax, computed stably."""
        data = _log_softmax(self.data, axis)

        def backward(grad):  # dy_i/da_j = delta_ij - softmax_j
            self._add_grad(grad - np.exp(data) * grad.sum(axis=axis, keepdims=True))

        return _result(data, (self,), backward, "log_softmax")


def as_tensor(value: object, dtype: object = None) -> Tensor:
    """``value`` itself if it is a Tensor, else a constant Tensor (no gradient) holding it."""
    return value if isinstance(value, Tensor) else Tensor(value, dtype=dtype)


# == 3. The numerics the operations share (their argument checks: course_lib.autograd_checks) ==
def _log_softmax(data: np.ndarray, axis: int) -> np.ndarray:
    """log(softmax(data)) along ``axis``; subtracting the max first keeps exp from overflowing."""
    shifted = data - data.max(axis=axis, keepdims=True)
    return shifted - np.log(np.exp(shifted).sum(axis=axis, keepdims=True))


def _expand(grad: np.ndarray, axes: tuple[int, ...], keepdims: bool, shape) -> np.ndarray:
    """Spread the gradient of a reduction back over the reduced ``axes``."""
    if not keepdims:
        grad = np.expand_dims(grad, axes)
    return np.broadcast_to(grad, shape)


def _vector_matmul(a: Tensor, b: Tensor) -> Tensor:
    """``a @ b`` with a vector as a row (left) or a column (right), that axis dropped after."""
    if b.ndim == 1:
        out = a @ b.reshape(-1, 1)
        return out.reshape(out.shape[:-1])
    out = a.reshape(1, -1) @ b
    return out.reshape(out.shape[:-2] + out.shape[-1:])


def _times(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """a @ b; a batch of rows times one matrix is folded into one large product (faster)."""
    if b.ndim == 2 and a.ndim > 2:
        return (a.reshape(-1, a.shape[-1]) @ b).reshape(a.shape[:-1] + b.shape[-1:])
    return a @ b


def _transpose_times(a: np.ndarray, grad: np.ndarray, b_ndim: int) -> np.ndarray:
    """A^T @ grad: the gradient of B in A @ B (summed over A's batch axes by _add_grad)."""
    if b_ndim == 2:
        # a batch of rows times one matrix: fold the batch into the rows (one product)
        return a.reshape(-1, a.shape[-1]).T @ grad.reshape(-1, grad.shape[-1])
    return np.swapaxes(a, -1, -2) @ grad
