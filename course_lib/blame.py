"""Who is to blame: each weight's gradient for one example, and what one step does with it.

A 2-2-1 network on one example of XOR (x, y):

    h = tanh(x · W1 + b1),   output = h · w2 + b2,   loss = (output − y)²

One backward pass gives every weight its gradient g_i = ∂loss/∂weight_i: the
sign says which way to move it, the size how much the loss cares. One step of
gradient descent moves every weight by −lr · g_i; to first order the loss then
falls by lr · Σ g_i², and weight i's *share* of that fall is g_i² / Σ g².
A larger lr eventually overshoots: the loss after the step goes up again.

    blamed = example_blame("(1, 1) → 0")
    blamed.gradient        # one number per weight, in the order of WEIGHT_NAMES
    blamed.loss_after(0.1) # the loss after one step with lr = 0.1

Pure numpy: no plotting, no widgets.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from course_lib.autograd import Tensor, no_grad

#: The network's starting weights (W1[i, j] connects input i to hidden unit j).
START = {
    "W1": np.array([[0.6, -0.4], [-0.3, 0.8]]),
    "b1": np.array([0.1, -0.1]),
    "w2": np.array([0.9, -0.7]),
    "b2": np.array(0.2),
}
#: A name for each weight, in the order of START flattened.
WEIGHT_NAMES = (
    "x1→h1", "x1→h2", "x2→h1", "x2→h2", "bias h1", "bias h2", "h1→out", "h2→out", "bias out",
)  # fmt: skip
#: The four examples of XOR: (inputs, target).
EXAMPLES = {
    "(0, 0) → 0": ((0.0, 0.0), 0.0),
    "(0, 1) → 1": ((0.0, 1.0), 1.0),
    "(1, 0) → 1": ((1.0, 0.0), 1.0),
    "(1, 1) → 0": ((1.0, 1.0), 0.0),
}
#: The learning rates at which one step is tried.
STEP_LRS = np.geomspace(1e-3, 10.0, 161)


def network_output(params: dict[str, Tensor], x: np.ndarray) -> Tensor:
    """The 2-2-1 network's output for one example."""
    h = (Tensor(x) @ params["W1"] + params["b1"]).tanh()
    return h @ params["w2"] + params["b2"]


def _tensors(flat: np.ndarray | None = None) -> dict[str, Tensor]:
    """The network's parameters as tensors, from START or from a flat vector."""
    tensors, at = {}, 0
    for name, start in START.items():
        value = start if flat is None else flat[at : at + start.size].reshape(start.shape)
        tensors[name] = Tensor(np.array(value, dtype=float), requires_grad=True)
        at += start.size
    return tensors


def _example(example: str) -> tuple[tuple[float, float], float]:
    if example not in EXAMPLES:
        raise ValueError(f"example must be one of {list(EXAMPLES)}, got {example!r}")
    return EXAMPLES[example]


def gradient_for(example: str) -> tuple[float, float, np.ndarray]:
    """Output, loss and the flat gradient (backpropagated by the engine) for one example."""
    x, y = _example(example)
    params = _tensors()
    output = network_output(params, np.array(x))
    loss = (output - y) ** 2
    loss.backward()
    gradient = np.concatenate([p.grad.ravel() for p in params.values()])
    return output.item(), loss.item(), gradient


def loss_after_step(example: str, lr: float, gradient: np.ndarray) -> float:
    """The loss on the example after one step: every weight moves by -lr × its gradient."""
    x, y = _example(example)
    start = np.concatenate([p.ravel() for p in START.values()])
    with no_grad():
        output = network_output(_tensors(start - lr * gradient), np.array(x))
    return (output.item() - y) ** 2


@dataclass(frozen=True)
class ExampleBlame:
    """What backpropagation says about one example, and one step at every lr of STEP_LRS."""

    example: str
    output: float
    loss: float
    gradient: np.ndarray  # d loss / d weight, in the order of WEIGHT_NAMES
    shares: np.ndarray  # g_i^2 / sum g^2: each weight's part of the first-order loss decrease
    sweep: np.ndarray  # the loss after one step, for every lr of STEP_LRS

    def loss_after(self, lr: float) -> float:
        """The loss after one step of gradient descent with ``lr``."""
        return loss_after_step(self.example, lr, self.gradient)

    @property
    def best_lr(self) -> float:
        """The learning rate of STEP_LRS whose step lowers the loss most."""
        return float(STEP_LRS[np.argmin(self.sweep)])

    @property
    def first_lr_up(self) -> float | None:
        """The smallest learning rate of STEP_LRS whose step makes the loss worse."""
        up = self.sweep > self.loss
        return float(STEP_LRS[np.argmax(up)]) if up.any() else None


def example_blame(example: str) -> ExampleBlame:
    """Each weight's gradient and share of the blame for ``example``, and the one-step sweep."""
    output, loss, gradient = gradient_for(example)
    total = float(np.sum(gradient**2))
    shares = gradient**2 / total if total > 0 else np.zeros_like(gradient)
    sweep = np.array([loss_after_step(example, lr, gradient) for lr in STEP_LRS])
    return ExampleBlame(example, output, loss, gradient, shares, sweep)
