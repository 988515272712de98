"""When training blows up: one divergence threshold, and where gradient descent starts to.

Every course experiment that trains something calls a run *diverged* at the
first loss that is not finite or is larger than ``DIVERGED_LOSS``; it stops
there and marks the point on its plot.

On a quadratic loss with Hessian H (an exact bowl, like the MSE of a linear
model), one gradient step multiplies the distance to the minimum along the
eigenvector of curvature λ by (1 − lr·λ). That factor has size above 1 once
lr > 2 / λ_max, so plain gradient descent diverges for any larger lr:
``max_stable_lr(H)``.
"""

from __future__ import annotations

import math

import numpy as np

from course_lib.validation import check_array

#: A loss above this (or one that is not finite) means the run has diverged.
DIVERGED_LOSS = 1e8


def diverged(loss: float) -> bool:
    """True when ``loss`` is not finite or is above DIVERGED_LOSS."""
    return not math.isfinite(loss) or loss > DIVERGED_LOSS


def diverged_at(losses: object) -> int | None:
    """The index of the first diverged loss in ``losses``, or None if none diverged."""
    values = np.asarray(losses, dtype=float)
    with np.errstate(invalid="ignore"):
        blown = np.flatnonzero(~np.isfinite(values) | (values > DIVERGED_LOSS))
    return int(blown[0]) if blown.size else None


def max_stable_lr(hessian: object) -> float:
    """2 / λ_max: plain gradient descent on a quadratic with this Hessian diverges above it."""
    matrix = check_array(hessian, "hessian", ndim=2)
    if matrix.shape[0] != matrix.shape[1]:
        raise ValueError(f"hessian must be square, got shape {matrix.shape}")
    lambda_max = float(np.linalg.eigvalsh(matrix)[-1])
    if lambda_max <= 0:
        raise ValueError(f"hessian must have a positive eigenvalue, the largest is {lambda_max:g}")
    return 2.0 / lambda_max


def linear_mse_hessian(X: object) -> np.ndarray:
    """The Hessian of the MSE of a linear model in (w, b): 2/n · Aᵀ A with A = [X, 1].

    It depends on neither the weights nor the targets: the loss is an exact bowl.
    """
    inputs = check_array(X, "X")
    if inputs.ndim == 1:
        inputs = inputs[:, None]
    design = np.column_stack([inputs, np.ones(len(inputs))])
    return 2 / len(inputs) * design.T @ design
