"""Checks for lesson 03's exercises on gradients by hand: the backward of one operation
(exercises 1, 2, 4 and 6: a product, tanh, softmax, un-broadcasting) and the gradients of a
whole neuron (exercise 3). Each returns a Feedback and never raises.

The expected answers come from the course's tested autograd engine
(:mod:`course_lib.autograd`): each is the ``.grad`` that ``backward()`` leaves on the
inputs of one operation, given the upstream gradient. The tests compare them with
finite differences (:func:`course_lib.gradcheck.numerical_gradient`). Known wrong
answers are recognised with :mod:`course_lib.feedback`'s matcher and named in the hint.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from course_lib.autograd import Tensor
from course_lib.feedback import (
    INCORRECT,
    Case,
    Feedback,
    check_function,
    check_pairs,
    first_hint,
    matches,
    quiet_result,
)

_RNG = np.random.default_rng(3)


def _like(grad: np.ndarray, value: Any) -> Any:
    """``grad`` as a float when ``value`` is a single number, else the array."""
    return float(grad) if np.ndim(value) == 0 else grad


def _leaf(value: Any) -> Tensor:
    """A fresh tensor (its own copy of the values) whose gradient we want."""
    return Tensor(np.array(value, dtype=float), requires_grad=True)


# -- Exercise 1: the local derivatives of a product ------------------------------------------


def _mul_reference(a: Any, b: Any, upstream: Any) -> tuple:
    """(grad_a, grad_b) that the engine's backward of a * b hands to a and b."""
    ta, tb = _leaf(a), _leaf(b)
    (ta * tb).backward(upstream)
    return _like(ta.grad, a), _like(tb.grad, b)


_MUL_CASES = [
    (2.0, -3.0, 1.0),
    (2.0, -3.0, 0.5),
    (np.array([1.0, -2.0, 0.5]), np.array([4.0, 0.5, -1.0]), np.array([0.3, 2.0, -1.5])),
    (_RNG.normal(size=(2, 3)), _RNG.normal(size=(2, 3)), _RNG.normal(size=(2, 3))),
]


def mul_backward(function: Any) -> Feedback:
    """Exercise 1: mul_backward(a, b, upstream) = (upstream * b, upstream * a)."""
    feedback = check_pairs(
        "Exercise 1 (mul_backward)",
        function,
        [Case(c, _mul_reference(*c)) for c in _MUL_CASES],
        name="mul_backward",
        parts=("grad_a", "grad_b"),
        hint="Chain rule: each input's gradient is its local derivative times the upstream "
        "gradient. How much does a * b move when a moves a little?",
        more="Nudge a by a small h: a * b changes by b * h, so the local derivative for a is "
        "b (and for b it is a). Multiply each by upstream.",
        fix="return upstream * b, upstream * a",
    )
    if feedback.status != INCORRECT:
        return feedback
    a, b, upstream = _MUL_CASES[2]
    wrong = [
        (
            (upstream * a, upstream * b),
            "Swapped: nudging a changes a * b by b times the nudge, so a's gradient involves "
            "the other input, not itself.",
        ),
        (
            (b, a),
            "You forgot the upstream gradient. The local derivative says how a * b moves; "
            "the chain rule multiplies it by how the loss moves with a * b.",
        ),
        (
            (a, b),
            "Each input's local derivative is the other input, not itself, and the upstream "
            "gradient is missing too.",
        ),
        (
            (upstream, upstream),
            "That is the backward of a + b, which passes upstream through unchanged. A "
            "product scales it by the local derivative.",
        ),
    ]
    feedback.hint = first_hint(function, _MUL_CASES[2], wrong, feedback.hint)
    return feedback


# -- Exercise 2: the backward of tanh ------------------------------------------------------------


def _tanh_reference(x: Any, upstream: Any) -> Any:
    """The gradient the engine's backward of tanh(x) hands to x."""
    tx = _leaf(x)
    tx.tanh().backward(upstream)
    return _like(tx.grad, x)


_TANH_CASES = [
    (0.5, 1.0),
    (0.5, 2.0),
    (np.array([-1.5, -0.2, 0.0, 0.7, 2.0]), np.array([1.0, -2.0, 0.5, 3.0, -0.4])),
    (_RNG.normal(size=(3, 2)), _RNG.normal(size=(3, 2))),
]


def tanh_backward(function: Any) -> Feedback:
    """Exercise 2: tanh_backward(x, upstream) = upstream * (1 - tanh(x)**2)."""
    feedback = check_function(
        "Exercise 2 (tanh_backward)",
        function,
        [Case(c, _tanh_reference(*c)) for c in _TANH_CASES],
        name="tanh_backward",
        hint="Chain rule: tanh's local derivative times the upstream gradient. Like the "
        "sigmoid's, tanh's derivative can be written with its own output.",
        more="The derivative of tanh(x) is 1 - tanh(x)**2: 1 at x = 0, near 0 for large |x|. "
        "Multiply it by upstream, element by element.",
        fix="return upstream * (1 - np.tanh(x) ** 2)",
    )
    if feedback.status != INCORRECT:
        return feedback
    x, upstream = _TANH_CASES[2]
    t = np.tanh(x)
    wrong = [
        (
            upstream * (1 - t),
            "The square is missing: the derivative of tanh is 1 - tanh(x)**2, not 1 - tanh(x).",
        ),
        (
            upstream * (1 - x**2),
            "You used x where tanh(x) belongs: the derivative is 1 - tanh(x)**2, "
            "written with the output of tanh, not 1 - x**2.",
        ),
        (
            1 - t**2,
            "You forgot the upstream gradient: the chain rule multiplies the local "
            "derivative by it.",
        ),
        (
            upstream * (1 - t) ** 2,
            "Square tanh(x) alone, not the difference: 1 - tanh(x)**2, not (1 - tanh(x))**2.",
        ),
        (
            upstream * (t**2 - 1),
            "The sign is flipped: tanh rises everywhere, so its derivative 1 - tanh(x)**2 "
            "is positive.",
        ),
    ]
    feedback.hint = first_hint(function, _TANH_CASES[2], wrong, feedback.hint)
    return feedback


# -- Exercise 3: the gradients of one sigmoid neuron ------------------------------------------


def _neuron_reference(x: Any, w: Any, b: float, y: float) -> tuple:
    """(grad_w, grad_b) of (sigmoid(w . x + b) - y)**2, by the engine's backward."""
    tw, tb = _leaf(w), _leaf(b)
    p = (Tensor(np.array(x, dtype=float)) @ tw + tb).sigmoid()
    ((p - y) ** 2).backward()
    return tw.grad, float(tb.grad)


_NEURON_CASES = [
    (np.array([0.5, -1.2]), np.array([0.8, 0.3]), 0.1, 1.0),
    (np.array([1.0, 2.0, -0.5]), np.array([-0.4, 0.6, 1.5]), -0.3, 0.0),
    (_RNG.normal(size=5), _RNG.normal(size=5) / 2, 0.25, 0.3),
]


def _neuron_call_text(x: np.ndarray, w: np.ndarray, b: float, y: float) -> str:
    if x.size > 3:
        return f"x and w of shape {x.shape}, b={b}, y={y}"
    return f"x={x.tolist()}, w={w.tolist()}, b={b}, y={y}"


def neuron_gradients(function: Any) -> Feedback:
    """Exercise 3: the gradients of (p - y)**2 with p = sigmoid(w . x + b), by hand.

    grad_b = 2 (p - y) * p (1 - p) and grad_w = grad_b * x.
    """
    feedback = check_pairs(
        "Exercise 3 (neuron_gradients)",
        function,
        [Case(c, _neuron_reference(*c), _neuron_call_text(*c)) for c in _NEURON_CASES],
        name="neuron_gradients",
        parts=("grad_w", "grad_b"),
        hint="Walk back from the loss to w and b, one local derivative per node of the graph "
        "(loss → p → z → w, b), and multiply them.",
        more="The factors: dloss/dp = 2 (p - y), dp/dz = p (1 - p) for the sigmoid, "
        "dz/db = 1 and dz/dw = x. Their product gives grad_b first; grad_w takes one more "
        "factor.",
        fix="p = 1 / (1 + np.exp(-(w @ x + b))); dz = 2 * (p - y) * p * (1 - p); return dz * x, dz",
    )
    if feedback.status != INCORRECT:
        return feedback
    wrong = _neuron_mistakes(*_NEURON_CASES[1])
    feedback.hint = first_hint(function, _NEURON_CASES[1], wrong, feedback.hint)
    return feedback


def _neuron_mistakes(x: np.ndarray, w: np.ndarray, b: float, y: float) -> list[tuple[Any, str]]:
    """The anticipated wrong answers for this case, each with the hint that names it."""
    z = float(w @ x + b)
    p = 1 / (1 + np.exp(-z))
    delta = 2 * (p - y) * p * (1 - p)
    return [
        (
            (2 * (p - y) * x, 2 * (p - y)),
            "You left out the sigmoid's derivative: between the loss and z stands "
            "p = sigmoid(z), whose derivative is p * (1 - p). Multiply by it.",
        ),
        (
            (delta / 2 * x, delta / 2),
            "The factor 2 is missing: the derivative of (p - y)**2 with respect to p is "
            "2 * (p - y).",
        ),
        (
            (-delta * x, -delta),
            "The sign is flipped: the derivative of (p - y)**2 is 2 * (p - y), not 2 * (y - p). "
            "If p is above y, raising p makes the loss bigger.",
        ),
        (
            (2 * (p - y) * z * (1 - z) * x, 2 * (p - y) * z * (1 - z)),
            "The sigmoid's derivative is p * (1 - p) with p = sigmoid(z), the output, "
            "not z * (1 - z).",
        ),
        (
            (delta, delta),
            "grad_w needs x: z = w . x + b changes by x_i when w_i grows by 1 (one number "
            "per weight).",
        ),
        (
            (delta * w, delta),
            "dz/dw is x, not w: z = w . x + b changes by x_i when w_i grows by 1.",
        ),
        (
            (delta, delta * x),
            "Right numbers, wrong order: return grad_w first, then grad_b.",
        ),
    ]


# -- Exercise 4: the backward of softmax ---------------------------------------------------------


def _softmax_case(z: np.ndarray, upstream: np.ndarray) -> tuple[tuple, np.ndarray]:
    """((s, upstream), the gradient the engine's backward of softmax(z) hands to z)."""
    tz = _leaf(z)
    s = tz.softmax(axis=-1)
    s.backward(upstream)
    return (s.data.copy(), np.array(upstream, dtype=float)), tz.grad


_SOFTMAX_CASES = [
    _softmax_case(np.array([1.0, 2.0, 0.5]), np.array([1.0, -0.5, 2.0])),
    _softmax_case(_RNG.normal(size=4), _RNG.normal(size=4)),
    _softmax_case(_RNG.normal(size=(3, 3)), _RNG.normal(size=(3, 3))),
    _softmax_case(_RNG.normal(size=(2, 4)), _RNG.normal(size=(2, 4))),
]


def softmax_backward(function: Any) -> Feedback:
    """Exercise 4: softmax_backward(s, upstream) = s * (upstream - sum(upstream * s)).

    The sum runs along the last axis with keepdims=True, so that a batch of rows
    (shape (n, k)) works as well as one row (shape (k,)).
    """
    cases = [
        Case(args, expected, f"s of shape {args[0].shape}, upstream of shape {args[1].shape}")
        for args, expected in _SOFTMAX_CASES
    ]
    feedback = check_function(
        "Exercise 4 (softmax_backward)",
        function,
        cases,
        name="softmax_backward",
        hint="Every s_i depends on every z_j (they share the sum below the line): the "
        "gradient for z_j sums upstream_i * ds_i/dz_j over all i, not only i = j.",
        more="With ds_i/dz_j = s_i (delta_ij - s_j) the sum over i splits in two: "
        "s_j * upstream_j minus s_j times one number per row, the sum of upstream * s "
        "along the last axis (keep it as a column for a batch).",
        fix="return s * (upstream - np.sum(upstream * s, axis=-1, keepdims=True))",
    )
    if feedback.status != INCORRECT:
        return feedback
    feedback.hint = _softmax_hint(function) or feedback.hint
    return feedback


_ONE_ROW, _ROWS = _SOFTMAX_CASES[0][0], _SOFTMAX_CASES[2][0]


def _softmax_one_row_mistakes() -> list[tuple[np.ndarray, str]]:
    """Known wrong answers for one row (s, upstream) = _ONE_ROW, with their hints."""
    s, upstream = _ONE_ROW
    again = np.exp(s) / np.exp(s).sum()
    return [
        (
            s * (1 - s) * upstream,
            "That is only the diagonal of the Jacobian, ds_i/dz_i = s_i (1 - s_i). Every "
            "s_i also depends on the other z_j (ds_i/dz_j = -s_i s_j), because they share "
            "the sum in the denominator.",
        ),
        (
            s * (np.sum(upstream * s) - upstream),
            "The sign is flipped: the diagonal term s_i * upstream_i comes with a plus.",
        ),
        (
            again * (upstream - np.sum(upstream * again)),
            "s is already the softmax output: use it as it is, don't apply softmax again.",
        ),
    ]


def _softmax_rows_mistakes() -> list[tuple[np.ndarray, str]]:
    """Known wrong answers for a batch of rows (s, upstream) = _ROWS, with their hints."""
    rs, ru = _ROWS
    return [
        (
            rs * (ru - np.sum(ru * rs)),
            "Your function works for one row but sums over the whole batch. Each row is "
            "its own softmax: sum along the last axis only, one sum per row.",
        ),
        (
            rs * (ru - np.sum(ru * rs, axis=0, keepdims=True)),
            "The softmax runs along the last axis (each row sums to 1): sum with axis=-1, "
            "not axis=0.",
        ),
        (
            rs * (ru - np.sum(ru * rs, axis=-1)),
            "keepdims=True is missing: the row sums have shape (n,) and numpy lines them up "
            "with the columns, not the rows. Keep them as a column of shape (n, 1).",
        ),
    ]


_SOFTMAX_ONE_ROW_MISTAKES = _softmax_one_row_mistakes()
_SOFTMAX_ROWS_MISTAKES = _softmax_rows_mistakes()


def _softmax_hint(function: Any) -> str:
    """The hint for the typical mistake the learner's softmax_backward makes, if any."""
    hint = first_hint(function, _ONE_ROW, _SOFTMAX_ONE_ROW_MISTAKES, "")
    if hint:
        return hint
    got = quiet_result(function, _ONE_ROW)
    size = len(_ONE_ROW[0])
    if isinstance(got, np.ndarray) and got.shape == (size, size):
        return (
            "You returned the Jacobian matrix. Return the gradient for z, one number per "
            "input: the Jacobian applied to upstream."
        )
    hint = first_hint(function, _ROWS, _SOFTMAX_ROWS_MISTAKES, "")
    if hint:
        return hint
    if matches(got, _SOFTMAX_CASES[0][1]):
        return (
            "Right for one row (shape (k,)), not for a batch of rows (shape (n, k)): "
            "np.outer and np.diag only work on 1-D arrays. Work the sum over i out on paper: "
            "the result needs no matrix, and works for both."
        )
    return ""
