"""Vanishing gradients: how the gradient shrinks from the last layer of a deep network to the first.

Backpropagation multiplies one local derivative per layer. The sigmoid's
derivative is at most 1/4, so in a deep sigmoid network the gradient that
reaches the first layers is a product of many small factors; tanh's derivative
reaches 1 (at 0), ReLU's is exactly 1 wherever a unit is active.

:func:`layer_gradients` measures it on a fresh deep narrow MLP (``WIDTH``
neurons per hidden layer) and a fixed batch of moons points; :func:`per_layer_factor`
turns the first/last ratio into the average factor per layer.

Pure numpy: no plotting, no widgets.
"""

from __future__ import annotations

import numpy as np

from course_lib.autograd import Tensor, cross_entropy
from course_lib.datasets2d import make_dataset
from course_lib.nn import MLP
from course_lib.validation import check_count

#: Neurons per hidden layer, and the number of moons points in the batch.
WIDTH = 16
BATCH = 64


def layer_gradients(activation: str, depth: int, seed: int = 0) -> np.ndarray:
    """Mean |∂loss/∂weight| of each Linear layer (first to last) of a fresh deep narrow MLP.

    The network has ``depth`` hidden layers of WIDTH neurons; the loss is the
    cross-entropy on a fixed batch of BATCH moons points.
    """
    depth = check_count(depth, "depth")
    data = make_dataset("moons", BATCH, noise=0.1, seed=seed)
    model = MLP([2] + [WIDTH] * depth + [2], activation, rng=seed)
    cross_entropy(model(Tensor(data.X)), data.y).backward()
    return np.array([np.mean(np.abs(layer.weight.grad)) for layer in model.layers])


def per_layer_factor(grads: np.ndarray) -> float:
    """The average factor the gradient is multiplied by per layer, going from last to first."""
    return float((grads[0] / grads[-1]) ** (1 / (len(grads) - 1)))
