"""Why backpropagation matters: the cost of a gradient by finite differences and by one sweep.

Finite differences need one extra forward pass per weight: nudge the weight by ε, run
the network, see how much the loss moved. A network with n weights costs n + 1 forward
passes for one gradient. Backpropagation gets all n derivatives from one forward pass
and one backward sweep, which costs about as much as a forward pass or two, whatever n is.
So the ratio of the two costs grows with the number of weights.

- :func:`finite_difference_gradient`: the gradient of a loss by forward differences,
  one forward pass per weight (and one for the loss itself);
- :func:`gradient_cost`: both ways for one network size, timed, with their agreement;
- :func:`cost_table`: the same for growing sizes.

Pure numpy (the course's autograd engine): no plotting, no widgets.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from course_lib.autograd import Tensor, no_grad
from course_lib.datasets2d import make_dataset
from course_lib.functional import cross_entropy
from course_lib.nn import MLP
from course_lib.validation import check_count, check_positive

#: The batch the loss is measured on (moons points), and the forward-difference step.
BATCH = 64
EPS = 1e-6


def finite_difference_gradient(
    loss: Callable[[], float], params: Sequence[np.ndarray], eps: float = EPS
) -> tuple[list[np.ndarray], int]:
    """(the gradient of ``loss()`` with respect to every entry of ``params``, forward passes).

    ``loss`` reads the arrays in ``params`` (changed in place, one entry at a time, and put
    back): (loss(w + ε) − loss(w)) / ε for each entry, one forward pass per entry plus one
    for loss(w).
    """
    eps = check_positive(eps, "eps")
    base = loss()
    passes = 1
    grads = []
    for values in params:
        grad = np.zeros_like(values)
        flat, flat_grad = values.reshape(-1), grad.reshape(-1)  # views into the arrays
        for i in range(flat.size):
            original = flat[i]
            flat[i] = original + eps
            flat_grad[i] = (loss() - base) / eps
            flat[i] = original
            passes += 1
        grads.append(grad)
    return grads, passes


@dataclass(frozen=True)
class GradientCost:
    """One network's gradient, both ways: how many passes, how long, how close."""

    sizes: tuple[int, ...]  # the MLP's widths, input to output
    weights: int  # the number of parameters (weights and biases)
    forward_passes: int  # what finite differences needed: weights + 1
    finite_seconds: float  # the time finite differences took
    backprop_seconds: float  # the time one forward pass and one backward sweep took (best of a few)
    max_difference: float  # largest |finite difference − backprop| over all parameters

    @property
    def ratio(self) -> float:
        """How many times longer finite differences took than backpropagation."""
        return self.finite_seconds / self.backprop_seconds

    @property
    def forward_seconds(self) -> float:
        """The time of one forward pass, as finite differences measured it."""
        return self.finite_seconds / self.forward_passes

    @property
    def backprop_in_passes(self) -> float:
        """Backpropagation's time (forward and backward) in forward passes' time."""
        return self.backprop_seconds / self.forward_seconds


def gradient_cost(width: int, depth: int = 2, seed: int = 0, repeats: int = 5) -> GradientCost:
    """Time the gradient of a tanh MLP (``depth`` hidden layers of ``width``) both ways.

    The loss is the cross-entropy on BATCH moons points. Backpropagation is timed as the
    best of ``repeats`` runs (one forward pass and one backward sweep each); finite
    differences once (it is the slow one).
    """
    width, depth = check_count(width, "width"), check_count(depth, "depth")
    repeats = check_count(repeats, "repeats")
    data = make_dataset("moons", BATCH, noise=0.1, seed=seed)
    model = MLP([2] + [width] * depth + [2], "tanh", rng=seed)
    params = model.parameters()
    inputs = Tensor(data.X)

    best = np.inf
    for _ in range(repeats + 1):  # the first run warms up
        model.zero_grad()
        start = time.perf_counter()
        cross_entropy(model(inputs), data.y).backward()
        best = min(best, time.perf_counter() - start)
    backprop = [p.grad.copy() for p in params]

    def loss() -> float:
        with no_grad():
            return cross_entropy(model(inputs), data.y).item()

    loss()  # once untimed: the first pass pays for warming up, not for the method
    start = time.perf_counter()
    numeric, passes = finite_difference_gradient(loss, [p.data for p in params])
    finite = time.perf_counter() - start
    difference = max(float(np.max(np.abs(n - b))) for n, b in zip(numeric, backprop, strict=True))
    return GradientCost(
        sizes=tuple(model.sizes),
        weights=sum(p.data.size for p in params),
        forward_passes=passes,
        finite_seconds=finite,
        backprop_seconds=best,
        max_difference=difference,
    )


def cost_table(widths: Sequence[int], depth: int = 2, seed: int = 0) -> list[GradientCost]:
    """:func:`gradient_cost` for each width, smallest first."""
    return [gradient_cost(width, depth, seed) for width in sorted(widths)]
