"""convergence: closed forms of gradient descent on a quadratic, checked against real runs."""

from __future__ import annotations

import numpy as np
import pytest

from course_lib import convergence, landscapes, optimizers, stability


def test_the_closed_form_losses_match_running_gradient_descent():
    surface = landscapes.ravine(condition_number=40.0, angle_degrees=30.0)
    lrs = np.array([0.001, 0.02, 0.049, 0.051])
    closed = convergence.quadratic_gd_losses(surface, lrs, 60)
    assert closed.shape == (4, 61)
    for lr, row in zip(lrs, closed, strict=True):
        run = optimizers.optimize_path(surface, optimizers.GradientDescent(lr), surface.start, 60)
        np.testing.assert_allclose(row, run.losses, rtol=1e-9, atol=1e-14)


def test_regime_diverges_just_above_the_threshold_and_converges_just_below():
    hessian = landscapes.ravine().hessian
    threshold = stability.max_stable_lr(hessian)
    assert convergence.regime(1.001 * threshold, hessian, 1e-6) == "diverges"
    assert convergence.regime(threshold, hessian, 1e-6) == "converges"
    assert convergence.regime(1e-4, hessian, 0.9) == "crawls"  # 1 - lr·λ_min is the largest
    assert convergence.regime(0.049, hessian, 0.9) == "zig-zags slowly"  # |1 - lr·λ_max|


def test_the_regime_sweep_on_the_ravine_crawls_converges_then_diverges():
    surface = landscapes.ravine()
    lrs = np.geomspace(1e-4, 10.0, 301)
    regimes = [convergence.REGIMES[i] for i in convergence.regime_sweep(surface, lrs, 100)]
    assert regimes[0] == "crawls" and regimes[-1] == "diverges"
    first_diverging = regimes.index("diverges")
    assert lrs[first_diverging - 1] <= 0.05 < lrs[first_diverging]
    # in 100 steps every stable lr above about 0.027 converges: one stretch per regime
    changes = [r for k, r in enumerate(regimes) if k == 0 or r != regimes[k - 1]]
    assert changes == ["crawls", "converges", "diverges"]


def test_the_slowest_factor_is_the_largest_one_minus_lr_lambda_with_its_sign():
    assert convergence.slowest_factor(0.03, [1.0, 40.0]) == pytest.approx(1 - 0.03)
    assert convergence.slowest_factor(0.049, [1.0, 40.0]) == pytest.approx(1 - 0.049 * 40)


def heavy_ball_rate(lr, beta, eigenvalues):
    """The spectral radius of momentum's two-step iteration, worst over the curvatures."""
    radii = []
    for lam in eigenvalues:
        iteration = np.array([[1 + beta - lr * lam, -beta], [1.0, 0.0]])
        radii.append(np.max(np.abs(np.linalg.eigvals(iteration))))
    return max(radii)


def test_the_heavy_ball_optimum_is_the_fastest_rate_on_a_grid():
    surface = landscapes.ravine()
    lr, beta, rate = convergence.heavy_ball_optimum(surface)
    assert lr == pytest.approx((2 / (np.sqrt(40) + 1)) ** 2)
    assert beta == pytest.approx(((np.sqrt(40) - 1) / (np.sqrt(40) + 1)) ** 2)
    assert rate == pytest.approx(heavy_ball_rate(lr, beta, [1.0, 40.0]), rel=1e-6)
    grid = [
        heavy_ball_rate(a, b, [1.0, 40.0])
        for a in np.linspace(0.01, 0.12, 45)
        for b in np.linspace(0.0, 0.95, 39)
    ]
    assert rate <= min(grid) + 1e-9
    # in a run, the distance to the minimum shrinks by about `rate` per step in the long run
    run = optimizers.optimize_path(surface, optimizers.Momentum(lr, beta), surface.start, 200)
    distances = np.linalg.norm(run.path, axis=1)
    assert (distances[150] / distances[100]) ** (1 / 50) == pytest.approx(rate, rel=0.02)
    assert convergence.steps_to_target(run.losses) <= 2 * convergence.TARGET_STEPS


def test_steps_to_target_is_the_first_step_at_or_below_it():
    losses = np.array([5.0, 1.0, 1e-4, 1e-6, np.nan])
    assert convergence.steps_to_target(losses) == 2
    assert convergence.steps_to_target(losses, target=1e-5) == 3
    assert convergence.steps_to_target(losses, target=1e-9) is None
    with pytest.raises(ValueError, match="target"):
        convergence.steps_to_target(losses, target=0.0)


def test_no_stable_learning_rate_beats_the_gradient_descent_floor():
    surface = landscapes.ravine()
    floor = convergence.gradient_descent_floor(surface, 30)
    assert floor.max_lr == pytest.approx(0.05) and floor.kept == pytest.approx(0.95)
    lowest = min(
        np.nanmin(
            optimizers.optimize_path(
                surface, optimizers.GradientDescent(lr), surface.start, 30
            ).losses
        )
        for lr in np.linspace(0.001, floor.max_lr, 60)
    )
    assert floor.loss <= lowest < 3 * floor.loss  # true, and close
    # a round bowl has no floor: lr = 1/λ_min lands on the minimum along the flat direction
    assert convergence.gradient_descent_floor(landscapes.bowl(), 30).loss == 0.0


def test_steps_to_shrink_is_when_a_real_run_first_gets_within_the_fraction():
    surface = landscapes.ravine(angle_degrees=30)
    lr, fraction = 0.04, 1e-3
    steps = convergence.steps_to_shrink(lr, surface.eigenvalues, fraction)
    # the distance along each eigenvector of a run from the start, step by step
    _, vectors = np.linalg.eigh(surface.hessian)
    start = np.array([1.0, 1.0]) @ vectors.T + surface.minimum  # 1 along each eigenvector
    run = optimizers.optimize_path(surface, optimizers.GradientDescent(lr=lr), start, steps + 1)
    along = np.abs((run.path - surface.minimum) @ vectors)
    within = np.all(along <= fraction * (1 + 1e-9), axis=1)
    assert within[steps] and not within[steps - 1]
    assert np.flatnonzero(within)[0] == steps


@pytest.mark.parametrize("beta", [0.0, 0.5, 0.9])
def test_momentum_converges_just_below_its_limit_and_diverges_just_above(beta):
    surface = landscapes.ravine()
    limit = convergence.momentum_max_stable_lr(surface.hessian, beta)
    assert limit == pytest.approx(2 * (1 + beta) / 40)
    below = optimizers.Momentum(lr=0.98 * limit, beta=beta)
    above = optimizers.Momentum(lr=1.02 * limit, beta=beta)
    run_below = optimizers.optimize_path(surface, below, surface.start, 3000)
    assert run_below.losses[-1] < run_below.losses[0] * 1e-3
    assert optimizers.optimize_path(surface, above, surface.start, 3000).diverged


def test_steps_to_shrink_at_the_edges():
    assert convergence.steps_to_shrink(0.5, [2.0, 2.0], 1e-3) == 1  # lands at once
    assert convergence.steps_to_shrink(1.0, [2.0], 1e-3) == np.inf  # bounces forever
    assert convergence.steps_to_shrink(0.1, [1.0], 1.0) == 0
    assert convergence.steps_to_shrink(0.1, [1.0], 0.9**3) == 3


@pytest.mark.parametrize(
    ("call", "argument"),
    [
        (lambda: convergence.quadratic_gd_losses(landscapes.bowl(), [[0.1]], 5), "lrs"),
        (lambda: convergence.quadratic_gd_losses(landscapes.bowl(), [0.1], -1), "steps"),
        (lambda: convergence.slowest_factor(0.1, []), "eigenvalues"),
        (lambda: convergence.steps_to_shrink(0.1, [1.0], 0.0), "fraction"),
        (lambda: convergence.momentum_max_stable_lr(np.eye(2), 1.0), "beta"),
        (lambda: convergence.steps_to_shrink(-0.1, [1.0], 0.5), "lr"),
        (lambda: convergence.regime(0.1, np.ones(3), 0.5), "hessian"),
        (lambda: convergence.gradient_descent_floor(landscapes.ravine(), 2.5), "steps"),
    ],
)
def test_bad_arguments_raise_value_error_naming_the_argument(call, argument):
    with pytest.raises(ValueError, match=argument):
        call()
