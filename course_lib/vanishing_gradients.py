"""Vanishing gradients: how the gradient shrinks from the last layer of a deep network to the first.

Backpropagation multiplies one local derivative per layer. The sigmoid's
derivative is at most 1/4, so in a deep sigmoid network the gradient that
reaches the first layers is a product of many small factors; tanh's derivative
reaches 1 (at 0), ReLU's is exactly 1 wherever a unit is active. How the weights
start matters as much: too small and every layer shrinks the signal (and its
gradient), too large and tanh and sigmoid units saturate.

- :func:`layer_gradients`: mean |∂loss/∂weight| of each layer of a fresh deep narrow MLP
  (``WIDTH`` neurons per hidden layer) on a fixed batch of moons points, for one of
  :data:`INITS` (how the weights start);
- :func:`gradient_summary`: the same numbers for every activation, so they compare alike:
  last and first layer, their ratio and the average factor per layer;
- :func:`per_layer_factor`: the first/last ratio as an average factor per layer.

Pure numpy: no plotting, no widgets.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from course_lib.autograd import Tensor
from course_lib.datasets2d import make_dataset
from course_lib.functional import cross_entropy
from course_lib.nn import ACTIVATIONS, MLP
from course_lib.validation import check_count

#: Neurons per hidden layer, and the number of moons points in the batch.
WIDTH = 16
BATCH = 64
#: How the weights start: the standard deviation of every layer's normal weights (None: the
#: network's own start, scaled by the fan-in: 1/√fan-in for sigmoid and tanh, which for the
#: square hidden layers equals Xavier/Glorot's √(2 / (fan-in + fan-out)), and He's √2/√fan-in
#: for relu).
SCALED = "scaled (1/√fan-in)"
INITS: dict[str, float | None] = {
    SCALED: None,
    "small (std 0.1)": 0.1,
    "large (std 1)": 1.0,
}


def layer_gradients(activation: str, depth: int, seed: int = 0, init: str = SCALED) -> np.ndarray:
    """Mean |∂loss/∂weight| of each Linear layer (first to last) of a fresh deep narrow MLP.

    The network has ``depth`` hidden layers of WIDTH neurons, its weights start as ``init``
    says (one of :data:`INITS`); the loss is the cross-entropy on a fixed batch of BATCH
    moons points.
    """
    depth = check_count(depth, "depth")
    if init not in INITS:
        raise ValueError(f"init must be one of {list(INITS)}, got {init!r}")
    data = make_dataset("moons", BATCH, noise=0.1, seed=seed)
    model = MLP([2] + [WIDTH] * depth + [2], activation, rng=seed)
    std = INITS[init]
    if std is not None:
        rng = np.random.default_rng(seed)
        for layer in model.layers:
            layer.weight.data[...] = rng.normal(0.0, std, size=layer.weight.shape)
    cross_entropy(model(Tensor(data.X)), data.y).backward()
    return np.array([np.mean(np.abs(layer.weight.grad)) for layer in model.layers])


def per_layer_factor(grads: np.ndarray) -> float:
    """The average factor the gradient is multiplied by per layer, going from last to first."""
    return float((grads[0] / grads[-1]) ** (1 / (len(grads) - 1)))


@dataclass(frozen=True)
class GradientSummary:
    """One activation's gradient sizes, summarised the same way for every activation."""

    activation: str
    init: str
    last: float  # mean |gradient| of the last layer (the one that makes the output)
    first: float  # mean |gradient| of the first layer (next to the input)
    ratio: float  # first / last
    factor: float  # the average factor per layer, ratio ** (1 / layers between)


def gradient_summary(depth: int, init: str = SCALED, seed: int = 0) -> dict[str, GradientSummary]:
    """Every activation's :class:`GradientSummary` for the same network shape and start."""
    summaries = {}
    for activation in ACTIVATIONS:
        grads = layer_gradients(activation, depth, seed, init)
        summaries[activation] = summarise(activation, init, grads)
    return summaries


def summarise(activation: str, init: str, grads: np.ndarray) -> GradientSummary:
    """The :class:`GradientSummary` of per-layer gradient sizes ``grads`` (first to last)."""
    return GradientSummary(
        activation,
        init,
        last=float(grads[-1]),
        first=float(grads[0]),
        ratio=float(grads[0] / grads[-1]),
        factor=per_layer_factor(grads),
    )
