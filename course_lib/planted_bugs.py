"""Gradient checks with a planted bug: operations whose local derivative is wrong on purpose.

A wrong local derivative crashes nothing; training just goes quietly wrong.
:func:`course_lib.gradcheck.gradcheck` catches it. To show that, three classic
mistakes can be swapped into three small losses (``DERIVATIVES``):

- tanh′ = 1 − tanh (the square forgotten; right: 1 − tanh²);
- σ′ = σ (the factor 1 − σ forgotten; right: σ(1 − σ));
- (u²)′ = u (the factor 2 forgotten; right: 2u).

Each is built from the engine's public parts by :func:`custom_op`: a tensor
with the right forward value and any local derivative we like. A bug in an
operation that a loss does not use goes unnoticed; a finite-difference step ε
too small (rounding) or too large (truncation) breaks even the right gradient
(:func:`eps_sweep`; :func:`eps_sweeps` for every choice at once).

    check_gradients("two-layer net", DERIVATIVES[1], eps=1e-6).ok   # False

Pure numpy: no plotting, no widgets.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from course_lib.autograd import Tensor
from course_lib.gradcheck import GradcheckResult, gradcheck, numerical_gradient, relative_error


def custom_op(x: Tensor, value: np.ndarray, local_derivative: np.ndarray) -> Tensor:
    """A tensor holding ``value`` whose backward multiplies the gradient by ``local_derivative``.

    A new operation from the engine's public parts: ``x - x.data`` is exactly zero
    (the same numbers, one side a constant), so the result is ``value``; and its
    derivative with respect to ``x`` is ``local_derivative``, whatever that is.
    """
    return (x - x.data) * local_derivative + value


#: The local derivatives you can swap in: the right ones, and three classic mistakes.
DERIVATIVES = (
    "correct",
    "tanh′ = 1 − tanh (square forgotten)",
    "sigmoid′ = σ (factor 1 − σ forgotten)",
    "(u²)′ = u (factor 2 forgotten)",
)


def tanh(x: Tensor, derivative: str) -> Tensor:
    """The engine's tanh, or with DERIVATIVES[1] a tanh whose backward is wrong."""
    if derivative != DERIVATIVES[1]:
        return x.tanh()
    t = np.tanh(x.data)
    return custom_op(x, t, 1 - t)  # wrong: the derivative is 1 - t^2


def sigmoid(x: Tensor, derivative: str) -> Tensor:
    """The engine's sigmoid, or with DERIVATIVES[2] a sigmoid whose backward is wrong."""
    if derivative != DERIVATIVES[2]:
        return x.sigmoid()
    s = x.detach().sigmoid().data
    return custom_op(x, s, s)  # wrong: the derivative is s (1 - s)


def square(x: Tensor, derivative: str) -> Tensor:
    """The engine's x ** 2, or with DERIVATIVES[3] a square whose backward is wrong."""
    if derivative != DERIVATIVES[3]:
        return x**2
    return custom_op(x, x.data**2, x.data)  # wrong: the derivative is 2 x


def _data() -> dict[str, np.ndarray]:
    rng = np.random.default_rng(3)
    return {
        "X": rng.normal(size=(4, 2)),
        "Y": rng.uniform(-0.8, 0.8, size=(4, 3)),
        "y": rng.integers(0, 2, size=4).astype(float),
        "W": rng.normal(size=(2, 3)),
        "w": rng.normal(size=2),
        "b": np.array(0.1),
        "W1": rng.normal(size=(2, 3)),
        "b1": rng.normal(0, 0.5, size=3),
        "w2": rng.normal(size=3),
        "b2": np.array(-0.2),
    }


#: The inputs X and targets Y, y of the losses, and the point (parameters) where they are checked.
DATA = _data()


@dataclass(frozen=True)
class CheckedFunction:
    """A loss to check: its formula, the names of its parameters and how to compute it."""

    formula: str
    parameters: tuple[str, ...]
    loss: Callable[..., Tensor]  # loss(derivative, *parameter tensors)


def _tanh_layer(derivative: str, W: Tensor) -> Tensor:
    return square(tanh(Tensor(DATA["X"]) @ W, derivative) - DATA["Y"], derivative).mean()


def _sigmoid_neuron(derivative: str, w: Tensor, b: Tensor) -> Tensor:
    return square(sigmoid(Tensor(DATA["X"]) @ w + b, derivative) - DATA["y"], derivative).mean()


def _two_layer_net(derivative: str, W1: Tensor, b1: Tensor, w2: Tensor, b2: Tensor) -> Tensor:
    h = tanh(Tensor(DATA["X"]) @ W1 + b1, derivative)
    return square(sigmoid(h @ w2 + b2, derivative) - DATA["y"], derivative).mean()


CHECKED_FUNCTIONS = {
    "two-layer net": CheckedFunction(
        "mean((σ(tanh(X·W1 + b1)·w2 + b2) − y)²)", ("W1", "b1", "w2", "b2"), _two_layer_net
    ),
    "tanh layer": CheckedFunction("mean((tanh(X·W) − Y)²)", ("W",), _tanh_layer),
    "sigmoid neuron": CheckedFunction("mean((σ(X·w + b) − y)²)", ("w", "b"), _sigmoid_neuron),
}
#: The check passes where |backprop - finite difference| <= ATOL + RTOL × |finite difference|.
RTOL, ATOL = 1e-5, 1e-7
#: The finite-difference steps ε tried by a sweep: from rounding-dominated to truncation-dominated.
EPS_SWEEP = np.geomspace(1e-12, 1e-1, 23)


def _checked(function: str) -> CheckedFunction:
    if function not in CHECKED_FUNCTIONS:
        raise ValueError(f"function must be one of {list(CHECKED_FUNCTIONS)}, got {function!r}")
    return CHECKED_FUNCTIONS[function]


def check_gradients(function: str, derivative: str, eps: float) -> GradcheckResult:
    """The engine's gradcheck of one function, with one choice of local derivatives."""
    checked = _checked(function)
    if derivative not in DERIVATIVES:
        raise ValueError(f"derivative must be one of {list(DERIVATIVES)}, got {derivative!r}")
    inputs = [DATA[name] for name in checked.parameters]
    return gradcheck(
        lambda *params: checked.loss(derivative, *params),
        inputs,
        eps=eps,
        rtol=RTOL,
        atol=ATOL,
        names=checked.parameters,
    )


def eps_sweep(
    function: str, derivative: str, eps_values: Sequence[float] = tuple(EPS_SWEEP)
) -> np.ndarray:
    """The largest relative error of the check for each finite-difference step in ``eps_values``."""
    return np.array(
        [check_gradients(function, derivative, eps).max_rel_error for eps in eps_values]
    )


def eps_sweeps(
    function: str, eps_values: Sequence[float] = tuple(EPS_SWEEP)
) -> dict[str, np.ndarray]:
    """:func:`eps_sweep` for every choice of DERIVATIVES at once, at the cost of about one.

    A planted bug changes a local derivative, never a value computed going forward, so the
    finite differences (two forward passes per parameter and ε: nearly all of the work) are
    the same whatever the choice. They are computed once, and compared with each choice's
    backprop gradient as :func:`check_gradients` compares them.
    """
    checked = _checked(function)
    inputs = [DATA[name] for name in checked.parameters]

    def loss(*params: Tensor) -> Tensor:
        return checked.loss(DERIVATIVES[0], *params)

    numeric = [numerical_gradient(loss, inputs, eps) for eps in eps_values]
    sweeps = {}
    for derivative in DERIVATIVES:
        params = [Tensor(np.array(x, dtype=np.float64), requires_grad=True) for x in inputs]
        checked.loss(derivative, *params).backward()
        sweeps[derivative] = np.array(
            [
                max(
                    float(relative_error(p.grad, n, ATOL).max(initial=0.0))
                    for p, n in zip(params, grads, strict=True)
                )
                for grads in numeric
            ]
        )
    return sweeps
