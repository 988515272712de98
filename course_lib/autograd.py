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
    x.grad, w.grad

:meth:`Tensor.backward` visits the graph in reverse topological order (an
iterative sort: a chain of a million operations is fine) and *adds* into each
tensor's ``.grad``, so a tensor used twice (``x * x``) gets both shares.
Gradients of leaves (tensors you made, e.g. weights) accumulate across calls
until you zero them; gradients of intermediate results are recomputed.

Why float64: the gradient check (:mod:`course_lib.gradcheck`) compares with
finite differences, which need double precision to agree to many digits, and
the course's networks are small enough that Python overhead, not arithmetic,
sets the speed.

Pure numpy: no plotting, no widgets.
"""

from __future__ import annotations

import numbers
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager

import numpy as np

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


class Tensor:
    """A float64 numpy array that remembers how it was computed, to backpropagate through it.

    Parameters
    ----------
    data : array-like of numbers
        Converted with ``np.asarray(data, dtype=float64)``: a float64 array is
        shared, not copied (like ``torch.from_numpy``).
    requires_grad : bool
        True for the tensors whose gradient you want (weights, inputs under
        study). Their ``.grad`` starts as zeros of the same shape.

    Attributes
    ----------
    data : np.ndarray
        The values.
    grad : np.ndarray or None
        d(result)/d(this tensor) after ``result.backward()``; same shape as ``data``.
    """

    # numpy defers to Tensor: np_array + tensor calls Tensor.__radd__.
    __array_ufunc__ = None

    def __init__(self, data: object, requires_grad: bool = False):
        if isinstance(data, Tensor):
            raise TypeError(
                "data is already a Tensor; use tensor.detach() for a copy without history"
            )
        try:
            self.data = np.asarray(data, dtype=np.float64)
        except (TypeError, ValueError):
            raise TypeError(
                f"Tensor data must be numbers or an array of numbers, got {type(data).__name__}"
            ) from None
        self.requires_grad = bool(requires_grad)
        self.grad = np.zeros_like(self.data) if self.requires_grad else None
        self._parents: tuple[Tensor, ...] = ()
        self._backward: Callable[[np.ndarray], None] | None = None
        self._op = ""

    # -- plumbing -----------------------------------------------------------------------
    @property
    def shape(self) -> tuple[int, ...]:
        return self.data.shape

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

    def _add_grad(self, grad: np.ndarray) -> None:
        """Add ``grad`` (summed back to this tensor's shape) into ``self.grad``."""
        if not self.requires_grad:
            return
        grad = _unbroadcast(np.asarray(grad, dtype=np.float64), self.shape)
        if self.grad is None:
            # An intermediate result may share the array (the engine never changes one in
            # place); a leaf keeps its own copy, since optimizers and learners may.
            self.grad = grad if self._parents else grad.copy()
        else:
            self.grad = self.grad + grad

    def backward(self, grad: object = None) -> None:
        """Backpropagate from this tensor: fill ``.grad`` of everything it was computed from.

        Without ``grad`` this tensor must hold one number (a loss): d(loss)/d(loss) = 1.
        """
        if not self.requires_grad:
            raise RuntimeError(
                "backward() needs a tensor that depends on one with requires_grad=True "
                "(and was not computed inside no_grad())"
            )
        if grad is None:
            if self.size != 1:
                raise ValueError(
                    f"backward() without a gradient needs a single number such as a loss, but "
                    f"this tensor has shape {self.shape}; call .sum() first or pass grad="
                )
            grad = np.ones_like(self.data)
        grad = np.asarray(grad, dtype=np.float64)
        if grad.shape != self.shape:
            raise ValueError(f"grad has shape {grad.shape} but the tensor has shape {self.shape}")
        order = _topological_order(self)
        for node in order:
            if node._parents:  # intermediate gradients start afresh; leaves accumulate
                node.grad = None
        self._add_grad(grad)
        for node in reversed(order):  # every node after all the nodes that use it
            if node._backward is not None and node.grad is not None:
                node._backward(node.grad)

    # -- elementwise arithmetic (broadcasting like numpy) -----------------------------------
    def __add__(self, other: object) -> Tensor:
        other = as_tensor(other)
        data = _elementwise(np.add, self, other, "+")

        def backward(grad):  # d(a + b)/da = 1, d(a + b)/db = 1
            self._add_grad(grad)
            other._add_grad(grad)

        return _result(data, (self, other), backward, "+")

    def __radd__(self, other: object) -> Tensor:
        return as_tensor(other) + self

    def __sub__(self, other: object) -> Tensor:
        other = as_tensor(other)
        data = _elementwise(np.subtract, self, other, "-")

        def backward(grad):  # d(a - b)/da = 1, d(a - b)/db = -1
            self._add_grad(grad)
            other._add_grad(-grad)

        return _result(data, (self, other), backward, "-")

    def __rsub__(self, other: object) -> Tensor:
        return as_tensor(other) - self

    def __mul__(self, other: object) -> Tensor:
        other = as_tensor(other)
        data = _elementwise(np.multiply, self, other, "*")

        def backward(grad):  # d(a * b)/da = b, d(a * b)/db = a
            self._add_grad(grad * other.data)
            other._add_grad(grad * self.data)

        return _result(data, (self, other), backward, "*")

    def __rmul__(self, other: object) -> Tensor:
        return as_tensor(other) * self

    def __truediv__(self, other: object) -> Tensor:
        other = as_tensor(other)
        data = _elementwise(np.divide, self, other, "/")

        def backward(grad):  # d(a / b)/da = 1 / b, d(a / b)/db = -a / b^2
            self._add_grad(grad / other.data)
            other._add_grad(-grad * self.data / other.data**2)

        return _result(data, (self, other), backward, "/")

    def __rtruediv__(self, other: object) -> Tensor:
        return as_tensor(other) / self

    def __neg__(self) -> Tensor:
        def backward(grad):  # d(-a)/da = -1
            self._add_grad(-grad)

        return _result(-self.data, (self,), backward, "neg")

    def __pow__(self, exponent: float) -> Tensor:
        if not isinstance(exponent, numbers.Real) or isinstance(exponent, bool):
            raise TypeError(
                f"tensor ** exponent needs a number as exponent, got {type(exponent).__name__}"
            )
        exponent = float(exponent)

        def backward(grad):  # d(a^k)/da = k a^(k-1)
            self._add_grad(grad * exponent * self.data ** (exponent - 1))

        return _result(self.data**exponent, (self,), backward, f"**{exponent:g}")

    # -- matrix product -----------------------------------------------------------------
    def __matmul__(self, other: object) -> Tensor:
        other = as_tensor(other)
        if self.ndim == 0 or other.ndim == 0:
            raise ValueError(
                f"matmul needs arrays, not single numbers: got shapes {self.shape} and "
                f"{other.shape}; use * to scale"
            )
        inner_right = other.shape[0] if other.ndim == 1 else other.shape[-2]
        if self.shape[-1] != inner_right:
            raise ValueError(
                f"matmul shapes {self.shape} and {other.shape} do not fit: the last axis of "
                f"the left ({self.shape[-1]}) must equal the "
                f"{'first' if other.ndim == 1 else 'second-to-last'} axis of the right "
                f"({inner_right})"
            )
        if other.ndim == 1:  # a vector on the right is a column (n, 1); drop that axis after
            out = self @ other.reshape(-1, 1)
            return out.reshape(out.shape[:-1])
        if self.ndim == 1:  # a vector on the left is a row (1, n); drop that axis after
            out = self.reshape(1, -1) @ other
            return out.reshape(out.shape[:-2] + out.shape[-1:])
        try:
            data = self.data @ other.data
        except ValueError:
            raise ValueError(
                f"matmul shapes {self.shape} and {other.shape} do not fit: their leading "
                "(batch) axes do not broadcast"
            ) from None

        def backward(grad):  # d(A @ B)/dA = grad @ B^T, d(A @ B)/dB = A^T @ grad
            if self.requires_grad:
                self._add_grad(grad @ np.swapaxes(other.data, -1, -2))
            if other.requires_grad and other.ndim == 2:
                # A batch of rows times one matrix: fold the batch into the rows (one
                # large product instead of many small ones that are then summed).
                rows = self.data.reshape(-1, self.shape[-1])
                other._add_grad(rows.T @ grad.reshape(-1, grad.shape[-1]))
            elif other.requires_grad:
                other._add_grad(np.swapaxes(self.data, -1, -2) @ grad)

        return _result(data, (self, other), backward, "@")

    def __rmatmul__(self, other: object) -> Tensor:
        return as_tensor(other) @ self

    # -- reductions -----------------------------------------------------------------------
    def sum(self, axis: int | tuple[int, ...] | None = None, keepdims: bool = False) -> Tensor:
        """Sum over ``axis`` (all axes if None), like ``np.sum``."""
        axes = _normalize_axes(axis, self.ndim)

        def backward(grad):  # d(sum)/d(each element) = 1: copy grad back along the axes
            self._add_grad(_expand(grad, axes, keepdims, self.shape))

        return _result(self.data.sum(axis=axes, keepdims=keepdims), (self,), backward, "sum")

    def mean(self, axis: int | tuple[int, ...] | None = None, keepdims: bool = False) -> Tensor:
        """Mean over ``axis`` (all axes if None), like ``np.mean``."""
        axes = _normalize_axes(axis, self.ndim)
        count = int(np.prod([self.shape[a] for a in axes]))

        def backward(grad):  # d(mean)/d(each element) = 1 / count
            self._add_grad(_expand(grad, axes, keepdims, self.shape) / count)

        return _result(self.data.mean(axis=axes, keepdims=keepdims), (self,), backward, "mean")

    # -- shape ----------------------------------------------------------------------------
    def reshape(self, *shape: int | Sequence[int]) -> Tensor:
        """The same values in a new shape: ``t.reshape(2, 3)`` or ``t.reshape((2, 3))``."""
        if len(shape) == 1 and not isinstance(shape[0], numbers.Integral):
            shape = tuple(shape[0])
        try:
            data = self.data.reshape(shape)
        except ValueError:
            raise ValueError(
                f"cannot reshape a tensor of shape {self.shape} ({self.size} values) "
                f"into shape {shape}"
            ) from None

        def backward(grad):  # reshaping moves no values: reshape the gradient back
            self._add_grad(grad.reshape(self.shape))

        return _result(data, (self,), backward, "reshape")

    def transpose(self, *axes: int) -> Tensor:
        """Permute the axes, like ``np.transpose`` (no axes: reverse them)."""
        if len(axes) == 1 and not isinstance(axes[0], numbers.Integral):
            axes = tuple(axes[0])
        axes = axes or tuple(reversed(range(self.ndim)))
        if sorted(a % self.ndim if self.ndim else a for a in axes) != list(range(self.ndim)):
            raise ValueError(
                f"transpose axes {axes} are not a permutation of the {self.ndim} axes of a "
                f"tensor of shape {self.shape}"
            )
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
        parts = index if isinstance(index, tuple) else (index,)
        if any(isinstance(part, Tensor) for part in parts):
            raise TypeError(
                "index a Tensor with ints, slices or integer numpy arrays, not a Tensor "
                "(use tensor.data.astype(int) if it holds indices)"
            )
        try:
            data = self.data[index]
        except IndexError as error:
            raise IndexError(f"{error} (tensor shape {self.shape})") from None

        basic = all(
            isinstance(part, numbers.Integral | slice) or part is None or part is Ellipsis
            for part in parts
        )

        def backward(grad):  # each picked element gets its gradient; repeats add up
            full = np.zeros(self.shape)
            if basic:  # ints and slices pick each element at most once
                full[index] = grad
            else:  # index arrays may pick an element (an embedding row) many times
                np.add.at(full, index, grad)
            self._add_grad(full)

        return _result(data, (self,), backward, "index")

    # -- elementwise functions ------------------------------------------------------------
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
        # 1 / (1 + e^-a), computed from e^-|a| so that nothing overflows
        small = np.exp(-np.abs(self.data))
        data = np.where(self.data >= 0, 1 / (1 + small), small / (1 + small))

        def backward(grad):  # d(sigmoid a)/da = sigmoid(a) (1 - sigmoid(a))
            self._add_grad(grad * data * (1 - data))

        return _result(data, (self,), backward, "sigmoid")

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


# -- functions of several tensors -------------------------------------------------------------
def cross_entropy(logits: Tensor, targets: object) -> Tensor:
    """Mean cross-entropy of integer class ``targets`` under softmax(``logits``).

    ``logits`` has shape (..., classes) and ``targets`` the shape (...), each an
    integer in [0, classes). Loss = mean over examples of -log softmax(logits)[target],
    computed from log-softmax, so large logits never overflow.
    """
    logits = as_tensor(logits)
    targets = _check_targets(logits, targets)
    classes = logits.shape[-1]
    log_probs = _log_softmax(logits.data, -1).reshape(-1, classes)
    rows = np.arange(len(log_probs))
    picked = targets.reshape(-1)
    loss = -log_probs[rows, picked].mean()

    def backward(grad):  # d(loss)/d(logits) = (softmax - one_hot(target)) / examples
        dlogits = np.exp(log_probs)
        dlogits[rows, picked] -= 1
        logits._add_grad((grad / len(rows)) * dlogits.reshape(logits.shape))

    return _result(loss, (logits,), backward, "cross_entropy")


def concatenate(tensors: Sequence[Tensor], axis: int = 0) -> Tensor:
    """Join tensors along ``axis``, like ``np.concatenate``."""
    if isinstance(tensors, Tensor | np.ndarray) or len(tensors) == 0:
        raise ValueError("concatenate needs a non-empty list of tensors, e.g. [a, b]")
    tensors = tuple(as_tensor(t) for t in tensors)
    try:
        data = np.concatenate([t.data for t in tensors], axis=axis)
    except (ValueError, np.exceptions.AxisError):
        shapes = ", ".join(str(t.shape) for t in tensors)
        raise ValueError(
            f"cannot concatenate shapes {shapes} along axis {axis}: all other axes must match"
        ) from None
    ends = np.cumsum([t.shape[axis] for t in tensors])[:-1]

    def backward(grad):  # each input gets back its own slice of the gradient
        for tensor, part in zip(tensors, np.split(grad, ends, axis=axis), strict=True):
            tensor._add_grad(part)

    return _result(data, tensors, backward, "concatenate")


def dropout(x: Tensor, p: float, rng: np.random.Generator, train: bool = True) -> Tensor:
    """Zero each value with probability ``p`` during training; scale the rest by 1 / (1 - p).

    The scaling keeps the expected value of each output equal to its input, so at
    evaluation time (``train=False``) dropout simply does nothing. ``rng`` draws
    the mask (pass a seeded Generator for reproducible runs).
    """
    if not isinstance(p, numbers.Real) or isinstance(p, bool) or not 0 <= p < 1:
        raise ValueError(f"dropout probability p must be a number with 0 <= p < 1, got {p!r}")
    if not isinstance(rng, np.random.Generator):
        raise TypeError(
            f"rng must be a numpy Generator (np.random.default_rng(seed)), got {type(rng).__name__}"
        )
    x = as_tensor(x)
    if not train or p == 0:
        return x
    keep = rng.random(x.shape) >= p
    return x * (keep / (1 - p))  # the gradient flows through the kept values, scaled


def as_tensor(value: object) -> Tensor:
    """``value`` itself if it is a Tensor, else a constant Tensor (no gradient) holding it."""
    return value if isinstance(value, Tensor) else Tensor(value)


# -- helpers ---------------------------------------------------------------------------------
def _result(data: np.ndarray, parents: tuple[Tensor, ...], backward: Callable, op: str) -> Tensor:
    """A new tensor; it keeps its parents and backward only if a gradient can flow to them."""
    out = Tensor(data)
    if _grad_enabled and any(parent.requires_grad for parent in parents):
        out.requires_grad = True
        out._parents = parents
        out._backward = backward
        out._op = op
    return out


def _topological_order(root: Tensor) -> list[Tensor]:
    """Every tensor ``root`` depends on (that needs a gradient), each after its parents.

    Depth-first search with an explicit stack instead of recursion, so that deep
    graphs (long chains of operations) never hit Python's recursion limit.
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


def _elementwise(ufunc: np.ufunc, a: Tensor, b: Tensor, symbol: str) -> np.ndarray:
    try:
        return ufunc(a.data, b.data)
    except ValueError:
        raise ValueError(
            f"cannot broadcast shapes {a.shape} and {b.shape} for {symbol}: compare them from "
            "the right, each pair of sizes must be equal or one of them 1"
        ) from None


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


def _normalize_axes(axis: int | tuple[int, ...] | None, ndim: int) -> tuple[int, ...]:
    """``axis`` as a tuple of non-negative axes (all axes for None)."""
    if axis is None:
        return tuple(range(ndim))
    axes = (axis,) if isinstance(axis, numbers.Integral) else tuple(axis)
    for a in axes:
        if not -ndim <= a < ndim:
            raise ValueError(f"axis {a} is out of range for a tensor with {ndim} axes")
    return tuple(sorted(a % ndim for a in axes))


def _expand(grad: np.ndarray, axes: tuple[int, ...], keepdims: bool, shape) -> np.ndarray:
    """Spread the gradient of a reduction back over the reduced ``axes``."""
    if not keepdims:
        grad = np.expand_dims(grad, axes)
    return np.broadcast_to(grad, shape)


def _log_softmax(data: np.ndarray, axis: int) -> np.ndarray:
    """log(softmax(data)) along ``axis``; subtracting the max first keeps exp from overflowing."""
    shifted = data - data.max(axis=axis, keepdims=True)
    return shifted - np.log(np.exp(shifted).sum(axis=axis, keepdims=True))


def _check_targets(logits: Tensor, targets: object) -> np.ndarray:
    """``targets`` as an integer array of shape logits.shape[:-1] with valid classes."""
    if isinstance(targets, Tensor):
        targets = targets.data
    targets = np.asarray(targets)
    if logits.ndim == 0:
        raise ValueError("logits must have a last axis of classes, got a single number")
    if targets.size and not np.issubdtype(targets.dtype, np.integer):
        if not (np.issubdtype(targets.dtype, np.number) and np.all(targets == np.round(targets))):
            raise TypeError(f"targets must be integer class indices, got dtype {targets.dtype}")
    targets = targets.astype(np.int64)
    if targets.shape != logits.shape[:-1]:
        raise ValueError(
            f"targets has shape {targets.shape} but logits has shape {logits.shape}; "
            f"give one class index per row of logits, i.e. shape {logits.shape[:-1]}"
        )
    if targets.size == 0:
        raise ValueError("cross_entropy needs at least one example, got none")
    classes = logits.shape[-1]
    if targets.min() < 0 or targets.max() >= classes:
        raise ValueError(
            f"targets must be class indices in [0, {classes - 1}], "
            f"got values from {targets.min()} to {targets.max()}"
        )
    return targets
