"""Gradient check: compare backpropagation with finite differences.

For a function f of some tensors that returns one number, the central
difference

    df/dx_i ~ (f(x + eps e_i) - f(x - eps e_i)) / (2 eps)

estimates each partial derivative from two evaluations of f, with an error of
order eps^2. It is slow (two evaluations per input number) but needs no
calculus, so it is the independent reference for every derivative in
:mod:`course_lib.autograd`:

    result = gradcheck(lambda x, w: (x @ w).tanh().sum(), [x, w])
    result.ok        # True if every gradient agrees
    print(result)    # a table: max absolute and relative error per input

Two numbers a (backprop) and n (finite differences) *agree* when
``|a - n| <= atol + rtol * |n|``; their *relative error* is
``|a - n| / max(|a|, |n|)``, counted as 0 where both are below atol (there is
nothing to compare). :func:`agrees` and :func:`relative_error` say it once,
for the verdict, the report and anyone who plots the errors element by element
(``result.relative_errors()``).

Pure numpy: no plotting, no widgets.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from course_lib.autograd import Tensor, no_grad


@dataclass(frozen=True)
class InputCheck:
    """How well backpropagation agrees with finite differences for one input."""

    name: str
    shape: tuple[int, ...]
    max_abs_error: float
    max_rel_error: float  # |a - n| / max(|a|, |n|) over elements where that is above atol
    ok: bool


@dataclass(frozen=True)
class GradcheckResult:
    """The outcome of :func:`gradcheck`: ``ok`` and one :class:`InputCheck` per input."""

    ok: bool
    inputs: tuple[InputCheck, ...]
    analytic: tuple[np.ndarray, ...]  # the gradients from backward()
    numeric: tuple[np.ndarray, ...]  # the gradients from central differences
    rtol: float
    atol: float

    @property
    def max_rel_error(self) -> float:
        """The largest relative error over every element of every input."""
        return max((check.max_rel_error for check in self.inputs), default=0.0)

    def flat_analytic(self) -> np.ndarray:
        """Every backprop gradient element, input after input, in one flat array."""
        return np.concatenate([g.ravel() for g in self.analytic])

    def flat_numeric(self) -> np.ndarray:
        """Every finite-difference estimate, in the order of :meth:`flat_analytic`."""
        return np.concatenate([g.ravel() for g in self.numeric])

    def relative_errors(self) -> np.ndarray:
        """:func:`relative_error` of every element, in the order of :meth:`flat_analytic`."""
        return relative_error(self.flat_analytic(), self.flat_numeric(), self.atol)

    def disagreements(self) -> np.ndarray:
        """True for every element (flat, as above) where the two gradients do not agree."""
        return ~agrees(self.flat_analytic(), self.flat_numeric(), self.rtol, self.atol)

    def __str__(self) -> str:
        width = max(len("input"), *(len(check.name) for check in self.inputs))
        lines = [
            f"gradient check {'passed' if self.ok else 'FAILED'} "
            f"(rtol={self.rtol:g}, atol={self.atol:g})",
            f"{'input':<{width}}  {'shape':<12}  {'max abs error':>13}  {'max rel error':>13}",
        ]
        for check in self.inputs:
            lines.append(
                f"{check.name:<{width}}  {str(check.shape):<12}  {check.max_abs_error:>13.2e}  "
                f"{check.max_rel_error:>13.2e}  {'ok' if check.ok else 'MISMATCH'}"
            )
        return "\n".join(lines)


def relative_error(analytic: np.ndarray, numeric: np.ndarray, atol: float) -> np.ndarray:
    """``|a - n| / max(|a|, |n|)`` element by element; 0 where both are at most ``atol``."""
    error = np.abs(analytic - numeric)
    scale = np.maximum(np.abs(analytic), np.abs(numeric))
    above = scale > atol
    relative = np.zeros_like(error)
    relative[above] = error[above] / scale[above]
    return relative


def agrees(analytic: np.ndarray, numeric: np.ndarray, rtol: float, atol: float) -> np.ndarray:
    """True where ``|a - n| <= atol + rtol * |n|``: backprop and finite differences agree."""
    return np.abs(analytic - numeric) <= atol + rtol * np.abs(numeric)


def numerical_gradient(
    f: Callable[..., Tensor], inputs: Sequence[object], eps: float = 1e-6
) -> list[np.ndarray]:
    """d f(*inputs) / d input for each input, by central differences (no backprop).

    ``f`` takes the inputs as tensors and returns a one-element tensor.
    """
    tensors = _fresh_tensors(inputs, requires_grad=False)
    grads = []
    with no_grad():
        for tensor in tensors:
            grad = np.zeros_like(tensor.data)
            values = tensor.data.reshape(-1)  # a view: changing it changes the input
            for i in range(values.size):
                original = values[i]
                values[i] = original + eps
                above = _scalar(f(*tensors))
                values[i] = original - eps
                below = _scalar(f(*tensors))
                values[i] = original
                grad.reshape(-1)[i] = (above - below) / (2 * eps)
            grads.append(grad)
    return grads


def gradcheck(
    f: Callable[..., Tensor],
    inputs: Sequence[object],
    eps: float = 1e-6,
    rtol: float = 1e-5,
    atol: float = 1e-7,
    names: Sequence[str] | None = None,
) -> GradcheckResult:
    """Compare the gradients of ``f(*inputs)`` from backward() with finite differences.

    Parameters
    ----------
    f : callable
        Takes one Tensor per input and returns a one-element Tensor.
    inputs : list of arrays or Tensors
        The point where the gradients are compared. They are copied, never changed.
    eps : float
        The finite-difference step.
    rtol, atol : float
        An element agrees if ``|analytic - numeric| <= atol + rtol * |numeric|``.
    names : list of str, optional
        Names for the report (default ``x0, x1, ...``).

    Returns
    -------
    GradcheckResult
        ``.ok`` and, per input, the largest absolute and relative error; ``print``
        it for a readable table.
    """
    if isinstance(inputs, Tensor | np.ndarray):
        raise TypeError("inputs must be a list of arrays or tensors, e.g. [x] or [x, w]")
    names = list(names) if names is not None else [f"x{i}" for i in range(len(inputs))]
    if len(names) != len(inputs):
        raise ValueError(f"got {len(names)} names for {len(inputs)} inputs")
    tensors = _fresh_tensors(inputs, requires_grad=True)
    out = f(*tensors)
    _scalar(out)
    out.backward()
    analytic = tuple(t.grad for t in tensors)
    numeric = tuple(numerical_gradient(f, inputs, eps))
    checks = []
    for name, a, n in zip(names, analytic, numeric, strict=True):
        checks.append(
            InputCheck(
                name=name,
                shape=a.shape,
                max_abs_error=float(np.abs(a - n).max(initial=0.0)),
                max_rel_error=float(relative_error(a, n, atol).max(initial=0.0)),
                ok=bool(np.all(agrees(a, n, rtol, atol))),
            )
        )
    return GradcheckResult(
        ok=all(check.ok for check in checks),
        inputs=tuple(checks),
        analytic=analytic,
        numeric=numeric,
        rtol=rtol,
        atol=atol,
    )


def _fresh_tensors(inputs: Sequence[object], requires_grad: bool) -> list[Tensor]:
    """Leaf copies of the inputs, so that a check never changes what it was given."""
    fresh = []
    for value in inputs:
        data = value.data if isinstance(value, Tensor) else value
        fresh.append(Tensor(np.array(data, dtype=np.float64), requires_grad=requires_grad))
    return fresh


def _scalar(out: object) -> float:
    if not isinstance(out, Tensor) or out.size != 1:
        shown = f"shape {out.shape}" if isinstance(out, Tensor) else type(out).__name__
        raise ValueError(
            f"f must return a one-element Tensor (e.g. a loss, or .sum() of a result), got {shown}"
        )
    return out.item()
