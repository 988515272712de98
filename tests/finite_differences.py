"""An independent reference for derivatives in tests: central differences in plain numpy."""

from __future__ import annotations

import numpy as np


def central_difference(f, x: np.ndarray, eps: float = 1e-6) -> np.ndarray:
    """d f / d x by central differences, in plain numpy (no engine): f takes an array like x
    and returns a number."""
    x = np.array(x, dtype=float)
    grad = np.zeros_like(x)
    for i in range(x.size):
        step = np.zeros_like(x)
        step.flat[i] = eps
        grad.flat[i] = (f(x + step) - f(x - step)) / (2 * eps)
    return grad
