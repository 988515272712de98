"""Learning-rate schedules: the learning rate as a function of the step t.

Each schedule is a pure function ``schedule(t, ...) -> lr``. ``t`` counts
steps from 0 and may be one number (you get a float back) or an array (you
get an array of the same shape, handy for plotting the schedule).

- :func:`constant`: the same lr at every step.
- :func:`step_decay`: multiply by ``gamma`` every ``step_size`` steps
  (torch.optim.lr_scheduler.StepLR).
- :func:`cosine_decay`: an optional linear warm-up, then half a cosine from
  ``lr_max`` down to ``lr_min`` (as in nanoGPT; without warm-up it is
  torch.optim.lr_scheduler.CosineAnnealingLR).
- :func:`one_cycle`: up from ``lr_max / div_factor`` to ``lr_max``, then down
  far below the start (torch.optim.lr_scheduler.OneCycleLR).

To give a schedule to :func:`course_lib.optimizers.optimize_path`, fix its
settings with ``functools.partial(cosine_decay, lr_max=0.1, total_steps=200)``,
or let :func:`make_schedule` do it for one of :data:`SCHEDULES` by name.

Pure numpy: no plotting, no widgets.
"""

from __future__ import annotations

import functools
from collections.abc import Callable

import numpy as np

from course_lib.validation import check_count, check_fraction, check_positive, check_scalar

ANNEAL_STRATEGIES = ("cos", "linear")


def _check_steps(t: np.ndarray | int) -> np.ndarray:
    steps = np.asarray(t, dtype=float)
    if not np.all(np.isfinite(steps)) or np.any(steps < 0):
        raise ValueError(f"t must be a step number >= 0 (or an array of them), got {t!r}")
    return steps


def _result(lr: np.ndarray) -> np.ndarray | float:
    return float(lr) if lr.ndim == 0 else lr


def constant(t: np.ndarray | int, lr: float) -> np.ndarray | float:
    """lr at every step."""
    steps = _check_steps(t)
    return _result(np.full(steps.shape, check_positive(lr, "lr")))


def step_decay(
    t: np.ndarray | int, lr: float, step_size: int, gamma: float = 0.1
) -> np.ndarray | float:
    """lr * gamma ** floor(t / step_size): drop by the factor gamma every step_size steps."""
    steps = _check_steps(t)
    lr = check_positive(lr, "lr")
    step_size = check_count(step_size, "step_size", 1)
    gamma = check_positive(gamma, "gamma")
    return _result(lr * gamma ** np.floor(steps / step_size))


def cosine_decay(
    t: np.ndarray | int,
    lr_max: float,
    total_steps: int,
    lr_min: float = 0.0,
    warmup_steps: int = 0,
) -> np.ndarray | float:
    """Warm up linearly for warmup_steps, then follow half a cosine from lr_max to lr_min.

    During warm-up lr = lr_max * (t + 1) / (warmup_steps + 1); afterwards
    lr = lr_min + (lr_max - lr_min) * (1 + cos(pi * p)) / 2 with p going from 0
    to 1 between warmup_steps and total_steps; after total_steps lr stays at lr_min.
    """
    steps = _check_steps(t)
    lr_max = check_positive(lr_max, "lr_max")
    total_steps = check_count(total_steps, "total_steps", 1)
    warmup_steps = check_count(warmup_steps, "warmup_steps", 0)
    if warmup_steps >= total_steps:
        raise ValueError(
            f"warmup_steps must be smaller than total_steps ({total_steps}), got {warmup_steps}"
        )
    lr_min = check_scalar(
        lr_min, "lr_min", minimum=0, maximum=lr_max, expected="a number with 0 <= lr_min <= lr_max"
    )
    progress = np.clip((steps - warmup_steps) / (total_steps - warmup_steps), 0.0, 1.0)
    decayed = lr_min + (lr_max - lr_min) * 0.5 * (1 + np.cos(np.pi * progress))
    warming = lr_max * (steps + 1) / (warmup_steps + 1)
    return _result(np.where(steps < warmup_steps, warming, decayed))


def one_cycle(
    t: np.ndarray | int,
    lr_max: float,
    total_steps: int,
    pct_start: float = 0.3,
    div_factor: float = 25.0,
    final_div_factor: float = 1e4,
    anneal_strategy: str = "cos",
) -> np.ndarray | float:
    """The one-cycle policy (Smith, 2018): up to lr_max, then down far below the start.

    lr rises from lr_max / div_factor to lr_max over the first pct_start of
    the steps, then falls to lr_max / div_factor / final_div_factor at step
    total_steps - 1, each along half a cosine (or a straight line). Defined
    for 0 <= t <= total_steps - 1; matches torch.optim.lr_scheduler.OneCycleLR.
    """
    steps = _check_steps(t)
    lr_max = check_positive(lr_max, "lr_max")
    total_steps = check_count(total_steps, "total_steps", 2)
    if np.any(steps > total_steps - 1):
        raise ValueError(f"t must be at most total_steps - 1 = {total_steps - 1}, got {t!r}")
    pct_start = check_fraction(pct_start, "pct_start", include_ends=False)
    div_factor = check_positive(div_factor, "div_factor")
    final_div_factor = check_positive(final_div_factor, "final_div_factor")
    if anneal_strategy not in ANNEAL_STRATEGIES:
        raise ValueError(
            f"anneal_strategy must be one of {ANNEAL_STRATEGIES}, got {anneal_strategy!r}"
        )
    peak = float(pct_start * total_steps) - 1
    if not 0 < peak < total_steps - 1:
        raise ValueError(
            f"pct_start * total_steps must lie between 1 and total_steps - 1 so both phases "
            f"have a step, got pct_start={pct_start} with total_steps={total_steps}"
        )
    lr_start = lr_max / div_factor
    lr_end = lr_start / final_div_factor

    def anneal(begin: float, end: float, fraction: np.ndarray) -> np.ndarray:
        if anneal_strategy == "cos":
            return end + (begin - end) / 2 * (np.cos(np.pi * fraction) + 1)
        return begin + (end - begin) * fraction

    rising = anneal(lr_start, lr_max, steps / peak)
    falling = anneal(lr_max, lr_end, (steps - peak) / (total_steps - 1 - peak))
    return _result(np.where(steps <= peak, rising, falling))


#: The schedules :func:`make_schedule` knows, by name.
SCHEDULES = ("constant", "step", "cosine", "one_cycle")
#: make_schedule's step decay: multiply by STEP_GAMMA, STEP_DROPS times over the run.
STEP_GAMMA = 0.5
STEP_DROPS = 5


def step_size_for(total_steps: int) -> int:
    """How many steps make_schedule's step decay waits between drops: total_steps // STEP_DROPS."""
    return max(1, check_count(total_steps, "total_steps") // STEP_DROPS)


def make_schedule(name: str, lr: float, total_steps: int) -> Callable[[object], object]:
    """The schedule ``name`` for a run of ``total_steps``, peaking at ``lr``, as a function of t.

    "constant" keeps lr; "step" multiplies it by STEP_GAMMA every
    ``step_size_for(total_steps)`` steps; "cosine" and "one_cycle" run over the whole run.
    """
    if name not in SCHEDULES:
        raise ValueError(f"name must be one of {list(SCHEDULES)}, got {name!r}")
    if name == "constant":
        return functools.partial(constant, lr=lr)
    if name == "step":
        return functools.partial(
            step_decay, lr=lr, step_size=step_size_for(total_steps), gamma=STEP_GAMMA
        )
    if name == "cosine":
        return functools.partial(cosine_decay, lr_max=lr, total_steps=total_steps)
    return functools.partial(one_cycle, lr_max=lr, total_steps=total_steps)
