"""One divergence rule, and 2 / λ_max checked against a run of gradient descent."""

import math

import numpy as np
import pytest

from course_lib import stability


def test_a_loss_is_diverged_when_not_finite_or_past_the_threshold():
    assert not stability.diverged(stability.DIVERGED_LOSS)
    assert stability.diverged(stability.DIVERGED_LOSS * 1.01)
    assert stability.diverged(math.nan) and stability.diverged(math.inf)


def test_diverged_at_gives_the_first_index_or_none():
    assert stability.diverged_at([3.0, 2.0, 1.0]) is None
    assert stability.diverged_at([3.0, 1e9, math.nan]) == 1
    assert stability.diverged_at([1.0, math.inf]) == 1


def test_max_stable_lr_is_2_over_the_largest_eigenvalue():
    assert stability.max_stable_lr([[4.0, 0.0], [0.0, 1.0]]) == pytest.approx(0.5)


@pytest.mark.parametrize(("factor", "grows"), [(0.98, False), (1.02, True)])
def test_gradient_descent_on_a_linear_mse_diverges_just_above_the_threshold(factor, grows):
    rng = np.random.default_rng(0)
    X = rng.normal(size=(30, 2))
    y = X @ [1.5, -2.0] + 0.3
    lr = factor * stability.max_stable_lr(stability.linear_mse_hessian(X))
    w, b = np.zeros(2), 0.0
    losses = []
    for _ in range(400):
        residual = X @ w + b - y
        losses.append(np.mean(residual**2))
        w, b = w - lr * 2 * X.T @ residual / len(y), b - lr * 2 * residual.mean()
    assert (losses[-1] > losses[0]) == grows


def test_the_linear_mse_hessian_matches_finite_differences():
    rng = np.random.default_rng(1)
    X, y = rng.normal(size=(10, 2)), rng.normal(size=10)

    def loss(theta):
        return np.mean((X @ theta[:2] + theta[2] - y) ** 2)

    h, theta = 1e-4, rng.normal(size=3)
    numeric = np.empty((3, 3))
    for i in range(3):
        for j in range(3):
            e_i, e_j = np.eye(3)[i] * h, np.eye(3)[j] * h
            numeric[i, j] = (
                loss(theta + e_i + e_j)
                - loss(theta + e_i - e_j)
                - loss(theta - e_i + e_j)
                + loss(theta - e_i - e_j)
            ) / (4 * h * h)
    np.testing.assert_allclose(stability.linear_mse_hessian(X), numeric, rtol=1e-5, atol=1e-6)


def test_a_hessian_that_is_not_square_is_refused():
    with pytest.raises(ValueError, match="hessian must be square"):
        stability.max_stable_lr(np.ones((2, 3)))
