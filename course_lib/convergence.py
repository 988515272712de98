"""How fast gradient descent gets to the minimum of a quadratic, and why it sometimes never does.

On a quadratic with Hessian H (curvatures λ, its eigenvalues), one step of
plain gradient descent multiplies the distance to the minimum along each
eigenvector by (1 − lr·λ). Everything here follows from that factor:

- :func:`quadratic_gd_losses`: the loss after t steps in closed form, for many
  learning rates at once (no run needed);
- :func:`regime`: crawls, converges, zig-zags slowly or diverges, and
  :func:`regime_sweep` over a range of learning rates;
- :func:`slowest_factor`: the factor (1 − lr·λ) of largest size, the direction
  that holds the walk back, and :func:`steps_to_shrink`, how many steps it takes to
  shrink every direction's distance to a given fraction;
- :func:`gradient_descent_floor`: the lowest loss plain gradient descent can
  reach in a given number of steps, whatever its learning rate;
- :func:`heavy_ball_optimum`: the best lr and β of momentum in the long run
  (Polyak 1964), and :func:`momentum_max_stable_lr`, its limit 2(1 + β)/λ_max;
- :func:`steps_to_target`: the first step at which a run's loss is low enough,
  and the lesson's ravine challenge, ``TARGET_LOSS`` within ``TARGET_STEPS`` steps.

Pure numpy: no plotting, no widgets.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from course_lib.landscapes import Quadratic
from course_lib.stability import max_stable_lr
from course_lib.validation import check_array, check_count, check_positive

#: A run "converges" when its loss falls below this fraction of where it started.
CONVERGED_FRACTION = 1e-3
#: The regimes, in the order :func:`regime_sweep` numbers them.
REGIMES = ("crawls", "converges", "zig-zags slowly", "diverges")
#: The ravine challenge: get the loss of ``landscapes.ravine()``, from its start, to
#: TARGET_LOSS or below within TARGET_STEPS steps (plain gradient descent cannot).
TARGET_LOSS = 1e-4
TARGET_STEPS = 30


def quadratic_gd_losses(landscape: Quadratic, lrs: object, steps: int) -> np.ndarray:
    """The loss of plain gradient descent on a quadratic, in closed form, for many lrs at once.

    Along each eigenvector of H (curvature λ) the distance z to the minimum is
    multiplied by (1 − lr·λ) every step, so after t steps the loss is
    Σ λ z² (1 − lr·λ)^(2t) / 2. Shape (len(lrs), steps + 1).
    """
    rates = check_array(lrs, "lrs", ndim=1)
    steps = check_count(steps, "steps", minimum=0)
    eigenvalues, vectors = np.linalg.eigh(landscape.hessian)
    z = vectors.T @ (landscape.start - landscape.center)
    factors = 1.0 - rates[:, None] * eigenvalues  # (lrs, 2)
    t = np.arange(steps + 1)[None, :, None]
    with np.errstate(over="ignore"):
        return 0.5 * np.sum(eigenvalues * z**2 * factors[:, None, :] ** (2 * t), axis=-1)


def regime(lr: float, hessian: object, loss_ratio: float) -> str:
    """Which of REGIMES a gradient-descent run on a quadratic with this Hessian is in.

    ``loss_ratio`` is loss(end) / loss(start). Above the threshold 2/λ_max it
    diverges; below it, it converges if the loss fell below CONVERGED_FRACTION of
    its start; otherwise it is slow, and the slowest direction says why: the flat
    one (|1 − lr·λ_min| largest: the steps are too small, it crawls) or the steep
    one (|1 − lr·λ_max| largest: every step overshoots, it zig-zags slowly).
    """
    if lr > max_stable_lr(hessian):
        return "diverges"
    if loss_ratio <= CONVERGED_FRACTION:
        return "converges"
    eigenvalues = np.linalg.eigvalsh(np.asarray(hessian, dtype=float))
    low, high = float(eigenvalues[0]), float(eigenvalues[-1])
    return "zig-zags slowly" if abs(1 - lr * high) > abs(1 - lr * low) else "crawls"


def regime_sweep(landscape: Quadratic, lrs: object, steps: int) -> np.ndarray:
    """The regime of ``steps`` steps at each of ``lrs``, as indices into REGIMES."""
    losses = quadratic_gd_losses(landscape, lrs, steps)
    with np.errstate(invalid="ignore"):
        ratios = losses[:, -1] / losses[:, 0]
    return np.array(
        [
            REGIMES.index(regime(float(lr), landscape.hessian, ratio))
            for lr, ratio in zip(np.asarray(lrs, dtype=float), ratios, strict=True)
        ]
    )


def slowest_factor(lr: float, eigenvalues: object) -> float:
    """The factor 1 − lr·λ of largest size over the Hessian's eigenvalues (signed).

    What one step does to the distance to the minimum along the slowest
    direction; negative means it jumps to the other side.
    """
    factors = 1.0 - lr * check_array(eigenvalues, "eigenvalues", ndim=1)
    return float(factors[np.argmax(np.abs(factors))])


def steps_to_shrink(lr: float, eigenvalues: object, fraction: float) -> float:
    """The fewest steps after which every direction's distance to the minimum is at most
    ``fraction`` of where it started: the smallest t with |1 − lr·λ|^t ≤ fraction for all λ.

    0 when fraction ≥ 1; inf when some direction never shrinks (|1 − lr·λ| ≥ 1).
    """
    lr = check_positive(lr, "lr")
    fraction = check_positive(fraction, "fraction")
    if fraction >= 1:
        return 0
    size = abs(slowest_factor(lr, eigenvalues))
    if size >= 1:
        return math.inf
    if size == 0:
        return 1
    return math.ceil(math.log(fraction) / math.log(size) - 1e-12)


@dataclass(frozen=True)
class GradientDescentFloor:
    """What stops plain gradient descent on a quadratic from getting low in a few steps."""

    max_lr: float  # 2 / λ_max: any larger lr diverges
    kept: float  # 1 − max_lr · λ_min: the least of the flat direction's distance a step keeps
    distance: float  # the start's distance to the minimum along the flat direction
    left: float  # distance · kept^steps: at least this much is left after the steps
    loss: float  # λ_min · left² / 2: so the loss is at least this


def gradient_descent_floor(landscape: Quadratic, steps: int) -> GradientDescentFloor:
    """A lower bound on the loss of ``steps`` steps of plain gradient descent at any stable lr.

    Along the flattest eigenvector (curvature λ_min) each step keeps a fraction
    |1 − lr·λ_min| of the distance z, at least 1 − (2/λ_max)·λ_min for any lr that does not
    diverge (0 when the bowl is so round that one lr can land on the minimum); that direction
    alone holds a loss of λ_min·z²/2.
    """
    steps = check_count(steps, "steps", minimum=0)
    low = float(landscape.eigenvalues[0])
    max_lr = max_stable_lr(landscape.hessian)
    _, vectors = np.linalg.eigh(landscape.hessian)
    distance = abs(float(vectors[:, 0] @ (landscape.start - landscape.minimum)))
    kept = max(0.0, 1 - max_lr * low)
    left = distance * kept**steps
    return GradientDescentFloor(max_lr, kept, distance, left, 0.5 * low * left**2)


def heavy_ball_optimum(landscape: Quadratic) -> tuple[float, float, float]:
    """(lr, β, rate) of the fastest momentum on a quadratic in the long run (Polyak 1964;
    Goh, "Why Momentum Really Works", 2017).

    With curvatures λ_min and λ_max: lr = (2 / (√λ_max + √λ_min))², β = ((√κ − 1) / (√κ + 1))²
    with κ = λ_max / λ_min; the distance to the minimum then shrinks by about rate = √β per
    step. Over a few dozen steps other settings can get to a given loss sooner.
    """
    low, high = np.sqrt(landscape.eigenvalues)
    kappa_root = high / low
    beta = ((kappa_root - 1) / (kappa_root + 1)) ** 2
    return float((2 / (high + low)) ** 2), float(beta), float(np.sqrt(beta))


def momentum_max_stable_lr(hessian: object, beta: float) -> float:
    """2(1 + β) / λ_max: momentum (v ← βv + g, θ ← θ − lr·v) on a quadratic diverges above it.

    Along an eigenvector of curvature λ the walk is a two-term recurrence whose roots stay
    inside the unit circle exactly while 0 < lr·λ < 2(1 + β) (for 0 ≤ β < 1): momentum
    tolerates a LARGER lr than plain gradient descent (β = 0 gives back 2/λ_max).
    """
    if not 0 <= beta < 1:
        raise ValueError(f"beta must be in [0, 1), got {beta!r}")
    return (1 + float(beta)) * max_stable_lr(hessian)


def steps_to_target(losses: object, target: float = TARGET_LOSS) -> int | None:
    """The first step at which the loss is at or below ``target``, or None if it never is."""
    target = check_positive(target, "target")
    values = check_array(losses, "losses", ndim=1, finite=False)
    with np.errstate(invalid="ignore"):
        below = np.flatnonzero(values <= target)
    return int(below[0]) if len(below) else None
