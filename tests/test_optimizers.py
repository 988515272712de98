"""Optimizers follow torch.optim step for step; optimize_path marks divergence cleanly."""

from __future__ import annotations

import functools
import warnings

import numpy as np
import pytest

from course_lib import landscapes, schedules, stability
from course_lib.optimizers import (
    OPTIMIZERS,
    Adam,
    GradientDescent,
    Momentum,
    RMSProp,
    make_optimizer,
    optimize_path,
)


def random_quadratic(seed=0, dim=5):
    """A random SPD matrix A and vector b for L(w) = 1/2 w^T A w - b^T w."""
    rng = np.random.default_rng(seed)
    m = rng.normal(size=(dim, dim))
    return m @ m.T / dim + 0.1 * np.eye(dim), rng.normal(size=dim)


# (ours, torch class name, torch keyword arguments)
PAIRS = [
    (lambda: GradientDescent(lr=0.05), "SGD", {"lr": 0.05}),
    (lambda: Momentum(lr=0.02, beta=0.9), "SGD", {"lr": 0.02, "momentum": 0.9}),
    (
        lambda: RMSProp(lr=0.01, alpha=0.9, eps=1e-3),
        "RMSprop",
        {"lr": 0.01, "alpha": 0.9, "eps": 1e-3},
    ),
    (lambda: RMSProp(lr=0.01), "RMSprop", {"lr": 0.01}),
    (
        lambda: Adam(lr=0.05, beta1=0.8, beta2=0.99, eps=1e-3),
        "Adam",
        {"lr": 0.05, "betas": (0.8, 0.99), "eps": 1e-3},
    ),
    (lambda: Adam(lr=0.05), "Adam", {"lr": 0.05}),
]
PAIR_IDS = ["sgd", "momentum", "rmsprop", "rmsprop-defaults", "adam", "adam-defaults"]


@pytest.mark.parametrize("make, torch_name, torch_kwargs", PAIRS, ids=PAIR_IDS)
def test_matches_torch_for_100_steps_on_a_random_quadratic_with_two_parameters(
    make, torch_name, torch_kwargs
):
    torch = pytest.importorskip("torch")
    A, b = random_quadratic()
    w, c = np.array([1.0, -2.0, 0.5]), np.array([[0.3, 1.5]])  # two parameter arrays
    tw = torch.tensor(w.copy(), requires_grad=True)
    tc = torch.tensor(c.copy(), requires_grad=True)
    At, bt = torch.tensor(A), torch.tensor(b)
    theirs = getattr(torch.optim, torch_name)([tw, tc], **torch_kwargs)
    ours = make()
    for _ in range(100):
        theta = np.concatenate([w, c.ravel()])
        grad = A @ theta - b
        ours.step([w, c], [grad[:3], grad[3:].reshape(1, 2)])
        theirs.zero_grad()
        t = torch.cat([tw, tc.reshape(-1)])
        (0.5 * t @ At @ t - bt @ t).backward()
        theirs.step()
        np.testing.assert_allclose(w, tw.detach().numpy(), rtol=1e-6, atol=1e-12)
        np.testing.assert_allclose(c, tc.detach().numpy(), rtol=1e-6, atol=1e-12)


ROSENBROCK_PAIRS = [
    (lambda: GradientDescent(lr=1e-3), "SGD", {"lr": 1e-3}),
    (lambda: Momentum(lr=5e-4, beta=0.9), "SGD", {"lr": 5e-4, "momentum": 0.9}),
    (lambda: RMSProp(lr=0.01), "RMSprop", {"lr": 0.01}),
    (lambda: Adam(lr=0.05), "Adam", {"lr": 0.05}),
]


@pytest.mark.parametrize(
    "make, torch_name, torch_kwargs", ROSENBROCK_PAIRS, ids=["sgd", "momentum", "rmsprop", "adam"]
)
def test_matches_torch_for_100_steps_on_rosenbrock(make, torch_name, torch_kwargs):
    torch = pytest.importorskip("torch")
    surface = landscapes.Rosenbrock()
    theta = surface.start.copy()
    t = torch.tensor(theta.copy(), requires_grad=True)
    theirs = getattr(torch.optim, torch_name)([t], **torch_kwargs)
    ours = make()
    for _ in range(100):
        ours.step([theta], [surface.gradient(theta)])
        theirs.zero_grad()
        ((1 - t[0]) ** 2 + 100 * (t[1] - t[0] ** 2) ** 2).backward()
        theirs.step()
        np.testing.assert_allclose(theta, t.detach().numpy(), rtol=1e-6, atol=1e-12)
    assert surface.value(theta) < surface.value(surface.start)  # it really moved downhill


def test_gradient_descent_on_a_quadratic_follows_the_closed_form():
    surface = landscapes.ravine(condition_number=30.0, angle_degrees=25.0)
    lr, steps = 0.04, 60
    result = optimize_path(surface, GradientDescent(lr=lr), surface.start, steps)
    contraction = np.eye(2) - lr * surface.hessian
    for t in (0, 1, 7, 60):
        expected = np.linalg.matrix_power(contraction, t) @ (surface.start - surface.center)
        np.testing.assert_allclose(
            result.path[t], expected + surface.center, rtol=1e-10, atol=1e-13
        )


@pytest.mark.parametrize("angle", [0.0, 35.0])
def test_gradient_descent_diverges_just_above_two_over_lambda_max_and_not_just_below(angle):
    surface = landscapes.ravine(condition_number=40.0, angle_degrees=angle)
    threshold = stability.max_stable_lr(surface.hessian)
    below = optimize_path(surface, GradientDescent(lr=0.98 * threshold), surface.start, 500)
    above = optimize_path(surface, GradientDescent(lr=1.02 * threshold), surface.start, 500)
    assert not below.diverged and below.diverged_at is None
    assert below.losses[-1] < 1e-6 * below.losses[0]
    assert above.diverged and 0 < above.diverged_at <= 500


def test_a_diverged_path_is_nan_from_the_divergence_on_and_no_warning_escapes():
    surface = landscapes.Rosenbrock()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        result = optimize_path(surface, GradientDescent(lr=0.1), surface.start, 100)
    k = result.diverged_at
    assert result.diverged and k is not None
    assert np.all(np.isfinite(result.path[:k])) and np.all(np.isfinite(result.losses[:k]))
    assert np.all(np.isnan(result.path[k:])) and np.all(np.isnan(result.losses[k:]))
    np.testing.assert_array_equal(result.last, result.path[k - 1])
    assert result.path.shape == (101, 2) and result.losses.shape == (101,)


def test_overflow_to_infinity_is_caught_without_warnings():
    surface = landscapes.Rosenbrock()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        result = optimize_path(surface, Momentum(lr=1e3, beta=0.99), [3.0, -3.0], 50)
    assert result.diverged and result.diverged_at == 1


def test_optimize_path_leaves_the_optimizer_untouched_and_repeats_exactly():
    surface = landscapes.wells()
    adam = Adam(lr=0.1)
    first = optimize_path(surface, adam, surface.start, 50)
    assert adam.state == {} and adam.lr == 0.1
    second = optimize_path(surface, adam, surface.start, 50)
    np.testing.assert_array_equal(first.path, second.path)
    assert first.losses[0] == surface.value(surface.start)
    np.testing.assert_allclose(first.losses, surface.value(first.path))


def test_optimize_path_with_a_schedule_uses_lr_of_t_at_step_t():
    surface = landscapes.bowl()
    schedule = functools.partial(schedules.step_decay, lr=0.5, step_size=2, gamma=0.5)
    result = optimize_path(surface, GradientDescent(lr=1.0), surface.start, 5, schedule=schedule)
    theta = surface.start.copy()
    for t in range(5):
        theta = theta - schedule(t) * surface.gradient(theta)
        np.testing.assert_allclose(result.path[t + 1], theta, rtol=1e-14)


def test_momentum_with_beta_zero_is_gradient_descent():
    surface = landscapes.ravine()
    plain = optimize_path(surface, GradientDescent(lr=0.03), surface.start, 40)
    heavy = optimize_path(surface, Momentum(lr=0.03, beta=0.0), surface.start, 40)
    np.testing.assert_allclose(plain.path, heavy.path, rtol=1e-14)


def test_momentum_reaches_the_ravine_minimum_faster_than_gradient_descent():
    surface = landscapes.ravine()
    lr = 0.9 * stability.max_stable_lr(surface.hessian) / 2
    plain = optimize_path(surface, GradientDescent(lr=lr), surface.start, 100)
    heavy = optimize_path(surface, Momentum(lr=lr, beta=0.7), surface.start, 100)
    assert heavy.losses[-1] < 1e-3 * plain.losses[-1]


def test_a_diverged_path_stops_at_the_first_loss_past_the_one_threshold():
    surface = landscapes.ravine()
    run = optimize_path(surface, GradientDescent(lr=0.06), surface.start, 300)
    assert run.diverged
    # the step it stopped at: one more step from the last point it kept
    theta = run.last - 0.06 * surface.gradient(run.last)
    assert stability.diverged(surface.value(theta))
    assert not np.any([stability.diverged(loss) for loss in run.losses[: run.diverged_at]])


@pytest.mark.parametrize("name", list(OPTIMIZERS))
def test_make_optimizer_gives_the_named_optimizer_with_that_lr(name):
    optimizer = make_optimizer(name, 0.25, beta=0.5)
    assert type(optimizer) is OPTIMIZERS[name] and optimizer.lr == 0.25
    if name == "momentum":
        assert optimizer.beta == 0.5
    with pytest.raises(ValueError, match="name must be one of"):
        make_optimizer("Adagrad", 0.1)


def test_reset_forgets_the_state():
    w = np.array([1.0, 2.0])
    adam = Adam(lr=0.1)
    adam.step([w], [np.array([1.0, -1.0])])
    assert adam.state[0]["t"] == 1
    adam.reset()
    assert adam.state == {}
    adam.step([w], [np.array([1.0, -1.0])])
    np.testing.assert_allclose(w, [0.8, 2.2])  # Adam's first step is lr * sign(g)


@pytest.mark.parametrize("name", list(OPTIMIZERS))
def test_repr_names_the_optimizer_and_its_settings(name):
    text = repr(OPTIMIZERS[name](lr=0.25))
    assert "lr=0.25" in text and text.startswith(OPTIMIZERS[name].__name__)


@pytest.mark.parametrize(
    "make, argument",
    [
        (lambda: GradientDescent(lr=0), "lr"),
        (lambda: GradientDescent(lr=-0.1), "lr"),
        (lambda: Adam(lr=float("nan")), "lr"),
        (lambda: Adam(lr="fast"), "lr"),
        (lambda: Momentum(beta=1.0), "beta"),
        (lambda: Momentum(beta=-0.1), "beta"),
        (lambda: RMSProp(alpha=1.5), "alpha"),
        (lambda: RMSProp(eps=0.0), "eps"),
        (lambda: Adam(beta1=1.0), "beta1"),
        (lambda: Adam(beta2=2), "beta2"),
        (lambda: Adam(eps=-1e-8), "eps"),
        (lambda: Adam().step([np.zeros(2)], [np.zeros(3)]), r"grads\[0\] has shape \(3,\)"),
        (lambda: Adam().step([np.zeros(2)], [np.zeros(2), np.zeros(2)]), "grads"),
        (lambda: optimize_path(landscapes.bowl(), Adam(), [0.0], 5), "start"),
        (lambda: optimize_path(landscapes.bowl(), Adam(), [0.0, np.inf], 5), "start"),
        (lambda: optimize_path(landscapes.bowl(), Adam(), [0.0, 1.0], -1), "steps"),
        (lambda: optimize_path(landscapes.bowl(), Adam(), [0.0, 1.0], 2.5), "steps"),
        (
            lambda: optimize_path(landscapes.bowl(), Adam(), [0.0, 1.0], 3, lambda t: -1.0),
            "schedule",
        ),
    ],
)
def test_bad_arguments_raise_value_error_naming_the_argument(make, argument):
    with pytest.raises(ValueError, match=argument):
        make()


@pytest.mark.parametrize(
    "call, argument",
    [
        (lambda: GradientDescent().step([np.array([1, 2])], [np.zeros(2)]), r"params\[0\]"),
        (lambda: GradientDescent().step([[1.0, 2.0]], [np.zeros(2)]), r"params\[0\]"),
        (lambda: GradientDescent().step(np.zeros(2), np.zeros(2)), "lists"),
        (lambda: optimize_path("bowl", Adam(), [0.0, 1.0], 3), "landscape"),
        (lambda: optimize_path(landscapes.bowl(), "Adam", [0.0, 1.0], 3), "optimizer"),
    ],
)
def test_wrong_types_raise_type_error_naming_the_argument(call, argument):
    with pytest.raises(TypeError, match=argument):
        call()


# -- torch-free references: RMSProp and Adam against closed forms and steps worked by hand -------
# The parity tests above skip without torch; these pin every factor of the two update rules
# without it (dropping RMSProp's (1 - alpha), or Adam's (1 - beta1) or (1 - beta2), fails them).


def test_rmsprop_first_step_is_lr_times_the_sign_over_the_root_of_one_minus_alpha():
    # s1 = (1 - alpha) g², so the first step is lr g / (sqrt(1 - alpha) |g| + eps):
    # 10 lr sign(g) for alpha = 0.99, whatever the size of g.
    g = np.array([0.3, -4.0, 0.05])
    theta = np.array([1.0, -2.0, 0.5])
    RMSProp(lr=0.01, alpha=0.99).step([theta], [g])
    np.testing.assert_allclose(theta, [1.0 - 0.1, -2.0 + 0.1, 0.5 - 0.1], rtol=1e-5)


def test_rmsprop_two_steps_worked_by_hand():
    # lr 0.1, alpha 0.9, from 1 with gradients 2 then -1:
    # s1 = 0.1 * 2² = 0.4,               theta1 = 1 - 0.1 * 2 / sqrt(0.4)      = 0.683772
    # s2 = 0.9 * 0.4 + 0.1 * 1² = 0.46,  theta2 = theta1 + 0.1 * 1 / sqrt(0.46) = 0.831214
    theta = np.array([1.0])
    optimizer = RMSProp(lr=0.1, alpha=0.9)
    optimizer.step([theta], [np.array([2.0])])
    assert theta[0] == pytest.approx(0.683772, abs=1e-6)
    optimizer.step([theta], [np.array([-1.0])])
    assert theta[0] == pytest.approx(0.831214, abs=1e-6)
    assert optimizer.state[0]["square_avg"][0] == pytest.approx(0.46, rel=1e-12)


@pytest.mark.parametrize("alpha", [0.9, 0.99])
def test_rmsprop_with_a_constant_gradient_follows_its_closed_form(alpha):
    # With g fixed, s_k = (1 - alpha^k) g², so theta_t = theta_0 - lr sum_k g / (sqrt(s_k) + eps).
    g, lr, eps, steps = np.array([0.5, -3.0]), 0.02, 1e-8, 40
    theta = np.zeros(2)
    optimizer = RMSProp(lr=lr, alpha=alpha, eps=eps)
    for _ in range(steps):
        optimizer.step([theta], [g])
    k = np.arange(1, steps + 1)[:, None]
    expected = -lr * np.sum(g / (np.sqrt(1 - alpha**k) * np.abs(g) + eps), axis=0)
    np.testing.assert_allclose(theta, expected, rtol=1e-12)


def test_adam_two_steps_worked_by_hand():
    # lr 0.1, betas 0.9 and 0.999, from 1 with gradients 2 then -1:
    # m1 = 0.2, v1 = 0.004; m_hat = 0.2 / 0.1 = 2, v_hat = 0.004 / 0.001 = 4: theta1 = 1 - 0.1 = 0.9
    # m2 = 0.9 * 0.2 - 0.1 = 0.08, v2 = 0.999 * 0.004 + 0.001 = 0.004996;
    # m_hat = 0.08 / 0.19 = 0.421053, v_hat = 0.004996 / 0.001999 = 2.499250:
    # theta2 = 0.9 - 0.1 * 0.421053 / sqrt(2.499250) = 0.873366
    theta = np.array([1.0])
    optimizer = Adam(lr=0.1)
    optimizer.step([theta], [np.array([2.0])])
    assert theta[0] == pytest.approx(0.9, abs=1e-6)
    optimizer.step([theta], [np.array([-1.0])])
    assert theta[0] == pytest.approx(0.873366, abs=1e-6)


@pytest.mark.parametrize(("beta1", "beta2"), [(0.9, 0.999), (0.5, 0.9)])
def test_adam_with_a_constant_gradient_steps_lr_times_the_sign_every_time(beta1, beta2):
    # With g fixed, m_t = (1 - beta1^t) g and v_t = (1 - beta2^t) g², so the bias corrections
    # give m_hat = g and v_hat = g² exactly: every step is lr g / (|g| + eps).
    g, lr, eps, steps = np.array([0.5, -3.0, 1e-3]), 0.05, 1e-8, 25
    theta = np.zeros(3)
    optimizer = Adam(lr=lr, beta1=beta1, beta2=beta2, eps=eps)
    for _ in range(steps):
        optimizer.step([theta], [g])
    np.testing.assert_allclose(theta, -steps * lr * g / (np.abs(g) + eps), rtol=1e-9)


# -- AdamW and gradient clipping (what a transformer trains with) ------------------------------
def test_adamw_matches_torch_for_100_steps_on_a_random_quadratic():
    from course_lib.optimizers import AdamW

    torch = pytest.importorskip("torch")
    A, b = random_quadratic(dim=3)
    w = np.array([1.0, -2.0, 0.5])
    tw = torch.tensor(w.copy(), requires_grad=True)
    theirs = torch.optim.AdamW([tw], lr=0.05, betas=(0.9, 0.99), eps=1e-8, weight_decay=0.3)
    ours = AdamW(lr=0.05, beta1=0.9, beta2=0.99, eps=1e-8, weight_decay=0.3)
    At, bt = torch.tensor(A), torch.tensor(b)
    for _ in range(100):
        ours.step([w], [A @ w - b])
        theirs.zero_grad()
        (0.5 * tw @ At @ tw - bt @ tw).backward()
        theirs.step()
        np.testing.assert_allclose(w, tw.detach().numpy(), rtol=1e-6, atol=1e-12)


def test_adamw_first_step_is_the_decay_then_lr_times_the_sign_of_the_gradient():
    from course_lib.optimizers import AdamW

    w = np.array([2.0, -1.0, 0.5])
    g = np.array([0.3, -4.0, 1e-3])
    AdamW(lr=0.1, weight_decay=0.5, eps=1e-12).step([w], [g])
    # m_hat = g and v_hat = g^2 on the first step, so Adam moves lr * sign(g)
    np.testing.assert_allclose(w, np.array([2.0, -1.0, 0.5]) * (1 - 0.1 * 0.5) - 0.1 * np.sign(g))


def test_adamw_with_zero_weight_decay_is_adam():
    from course_lib.optimizers import AdamW

    A, b = random_quadratic(dim=3)
    w1, w2 = np.ones(3), np.ones(3)
    adam, adamw = Adam(lr=0.05), AdamW(lr=0.05, weight_decay=0.0)
    for _ in range(20):
        adam.step([w1], [A @ w1 - b])
        adamw.step([w2], [A @ w2 - b])
    np.testing.assert_array_equal(w1, w2)
    assert repr(AdamW(lr=0.1, weight_decay=0.2)).endswith("weight_decay=0.2)")


@pytest.mark.parametrize("max_norm", [0.5, 100.0])
def test_clip_grad_norm_matches_torch(max_norm):
    from course_lib.optimizers import clip_grad_norm

    torch = pytest.importorskip("torch")
    rng = np.random.default_rng(0)
    grads = [rng.normal(size=(3, 4)), rng.normal(size=5)]
    params = [torch.zeros(g.shape, dtype=torch.float64, requires_grad=True) for g in grads]
    for p, g in zip(params, grads, strict=True):
        p.grad = torch.tensor(g)
    expected = torch.nn.utils.clip_grad_norm_(params, max_norm)
    total = clip_grad_norm(grads, max_norm)
    assert total == pytest.approx(expected.item(), rel=1e-12)
    for p, g in zip(params, grads, strict=True):
        np.testing.assert_allclose(g, p.grad.numpy(), rtol=1e-12)


def test_clip_grad_norm_scales_all_gradients_together_to_the_limit_and_keeps_small_ones():
    from course_lib.optimizers import clip_grad_norm

    grads = [np.array([3.0, 0.0]), np.array([[4.0]])]  # joint norm 5
    assert clip_grad_norm(grads, 1.0) == pytest.approx(5.0)
    np.testing.assert_allclose(grads[0], [0.6, 0.0], rtol=1e-6)  # direction kept: 3:4
    np.testing.assert_allclose(grads[1], [[0.8]], rtol=1e-6)
    small = [np.array([0.3, 0.4])]
    assert clip_grad_norm(small, 1.0) == pytest.approx(0.5)
    np.testing.assert_array_equal(small[0], [0.3, 0.4])  # under the limit: untouched
    with pytest.raises(ValueError, match="max_norm"):
        clip_grad_norm(small, 0.0)
    with pytest.raises(TypeError, match="list of arrays"):
        clip_grad_norm(np.ones(3), 1.0)
