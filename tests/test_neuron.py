"""The single neuron of lesson 00 against independent references."""

from __future__ import annotations

import math

import numpy as np
import pytest

from course_lib import datasets, neuron, stability

DEVICES = datasets.devices()
X, Y = DEVICES.X, DEVICES.y


def test_devices_load_two_glasses_and_two_rings_with_scaled_features():
    assert X.shape == (4, 2)
    assert sorted(Y.tolist()) == [0.0, 0.0, 1.0, 1.0]
    assert np.all((X > 0) & (X < 5))


def test_sigmoid_matches_the_formula_and_stays_finite_for_huge_inputs():
    z = np.linspace(-30, 30, 61)
    np.testing.assert_allclose(neuron.sigmoid(z), 1 / (1 + np.exp(-z)), rtol=1e-12)
    assert np.all(np.isfinite(neuron.sigmoid(np.array([-1e4, 1e4]))))


def test_predict_is_the_sigmoid_of_the_weighted_sum_row_by_row():
    w, b = np.array([0.3, -0.7]), 0.2
    expected = [1 / (1 + math.exp(-(x1 * w[0] + x2 * w[1] + b))) for x1, x2 in X]
    np.testing.assert_allclose(neuron.predict(X, w, b), expected, rtol=1e-12)


def test_predict_rejects_mismatched_shapes_with_a_clear_message():
    with pytest.raises(ValueError, match="X must be"):
        neuron.predict(X, np.array([1.0, 2.0, 3.0]), 0.0)


@pytest.mark.parametrize("activation", neuron.ACTIVATIONS)
@pytest.mark.parametrize("seed", [0, 1, 2])
def test_gradient_matches_central_finite_differences(activation, seed):
    rng = np.random.default_rng(seed)
    w, b = rng.normal(size=2), float(rng.normal())
    grad_w, grad_b = neuron.gradient(X, Y, w, b, activation)
    eps = 1e-6

    def loss(w_, b_):
        return neuron.mse(Y, neuron.predict(X, w_, b_, activation))

    numeric_w = [(loss(w + eps * e, b) - loss(w - eps * e, b)) / (2 * eps) for e in np.eye(2)]
    numeric_b = (loss(w, b + eps) - loss(w, b - eps)) / (2 * eps)
    np.testing.assert_allclose(grad_w, numeric_w, rtol=1e-6, atol=1e-9)
    assert grad_b == pytest.approx(numeric_b, rel=1e-6, abs=1e-9)


def _hand_unrolled(lr, epochs, activation="sigmoid"):
    """An independent re-implementation: plain Python floats, one example at a time."""
    w1, w2, b = 0.5, 0.5, 0.5
    losses = []
    for _ in range(epochs + 1):
        g1 = g2 = gb = total = 0.0
        for (x1, x2), t in zip(X.tolist(), Y.tolist(), strict=True):
            z = w1 * x1 + w2 * x2 + b
            p = 1 / (1 + math.exp(-z)) if activation == "sigmoid" else z
            total += (p - t) ** 2
            d = 2 * (p - t) / 4 * (p * (1 - p) if activation == "sigmoid" else 1.0)
            g1, g2, gb = g1 + d * x1, g2 + d * x2, gb + d
        losses.append(total / 4)
        w1, w2, b = w1 - lr * g1, w2 - lr * g2, b - lr * gb
    return losses, (w1 + lr * g1, w2 + lr * g2, b + lr * gb)


@pytest.mark.parametrize(
    ("lr", "activation"), [(0.1, "sigmoid"), (0.9, "sigmoid"), (0.05, "linear")]
)
def test_training_matches_a_hand_unrolled_loop(lr, activation):
    run = neuron.train(X, Y, lr, 100, activation=activation)
    losses, (w1, w2, b) = _hand_unrolled(lr, 100, activation)
    np.testing.assert_allclose(run.losses, losses, rtol=1e-10)
    np.testing.assert_allclose(run.weights[-1], [w1, w2], rtol=1e-10)
    assert run.biases[-1] == pytest.approx(b, rel=1e-10)


def test_training_matches_torch_autograd_and_sgd():
    torch = pytest.importorskip("torch")
    Xt, Yt = torch.tensor(X), torch.tensor(Y)
    w = torch.tensor([0.5, 0.5], dtype=torch.float64, requires_grad=True)
    b = torch.tensor(0.5, dtype=torch.float64, requires_grad=True)
    optimizer = torch.optim.SGD([w, b], lr=0.9)
    for _ in range(100):
        optimizer.zero_grad()
        loss = torch.mean((torch.sigmoid(Xt @ w + b) - Yt) ** 2)
        loss.backward()
        optimizer.step()
    run = neuron.train(X, Y, 0.9, 100)
    np.testing.assert_allclose(run.weights[-1], w.detach().numpy(), rtol=1e-10)


def test_linear_neuron_converges_to_the_least_squares_solution():
    run = neuron.train(X, Y, 0.15, 5000, activation="linear")
    A = np.column_stack([X, np.ones(4)])
    solution, *_ = np.linalg.lstsq(A, Y, rcond=None)
    np.testing.assert_allclose(run.weights[-1], solution[:2], atol=1e-6)
    assert run.biases[-1] == pytest.approx(solution[2], abs=1e-6)


def test_linear_hessian_matches_finite_differences_of_the_gradient():
    eps = 1e-5
    theta = np.array([0.2, -0.1, 0.3])
    columns = []
    for e in np.eye(3):
        gw_up, gb_up = neuron.gradient(X, Y, (theta + eps * e)[:2], (theta + eps * e)[2], "linear")
        gw_dn, gb_dn = neuron.gradient(X, Y, (theta - eps * e)[:2], (theta - eps * e)[2], "linear")
        up = np.array([*gw_up, gb_up])
        columns.append((up - np.array([*gw_dn, gb_dn])) / (2 * eps))
    np.testing.assert_allclose(stability.linear_mse_hessian(X), np.array(columns).T, rtol=1e-6)


def test_max_stable_lr_is_2_over_lambda_max_for_the_linear_neuron_and_none_for_the_sigmoid():
    lambda_max = np.linalg.eigvalsh(stability.linear_mse_hessian(X)).max()
    assert neuron.max_stable_lr(X, "linear") == pytest.approx(2 / lambda_max, rel=1e-12)
    assert neuron.max_stable_lr(X, "sigmoid") is None


def test_linear_neuron_converges_just_below_the_threshold_and_diverges_just_above():
    threshold = neuron.max_stable_lr(X, "linear")
    below = neuron.train(X, Y, 0.98 * threshold, 400, activation="linear")
    above = neuron.train(X, Y, 1.02 * threshold, 400, activation="linear")
    assert below.diverged_at is None and below.losses[-1] < 0.01 * below.losses[0]
    assert above.diverged_at is not None
    assert np.all(np.diff(above.losses[: above.diverged_at][20:]) > 0)


def test_lr_09_converges_for_the_sigmoid_neuron_with_a_falling_loss():
    run = neuron.train(X, Y, 0.9, 100)
    assert run.diverged_at is None
    assert np.all(np.diff(run.losses) < 0)
    assert run.losses[-1] < 0.1 * run.losses[0]


def test_huge_learning_rate_saturates_the_sigmoid_without_warnings_or_nans():
    with np.errstate(all="raise"):
        run = neuron.train(X, Y, 1000.0, 50)
    assert run.losses[-1] == pytest.approx(0.5, abs=1e-3)


def test_divergence_stops_training_at_the_shared_threshold_and_fills_the_rest_with_nan():
    run = neuron.train(X, Y, 100.0, 50, activation="linear")
    assert run.diverged_at is not None
    assert np.all(np.isnan(run.losses[run.diverged_at :]))
    assert np.all(np.isfinite(run.losses[: run.diverged_at]))
    unstopped = _hand_unrolled(100.0, run.diverged_at, "linear")[0]
    assert stability.diverged_at(unstopped) == run.diverged_at
    assert unstopped[run.diverged_at - 1] <= stability.DIVERGED_LOSS < unstopped[-1]


@pytest.mark.parametrize("lr", [0, -1.0, float("nan"), float("inf"), True, "0.1", None])
def test_train_rejects_a_bad_learning_rate(lr):
    with pytest.raises(ValueError, match="lr must be a positive finite number"):
        neuron.train(X, Y, lr)


def test_final_losses_are_the_last_loss_of_each_run_and_nan_where_it_diverged():
    lrs = np.array([0.1, 3.0, 100.0])
    for activation in neuron.ACTIVATIONS:
        finals = neuron.final_losses(X, Y, lrs, 30, activation)
        expected = [neuron.train(X, Y, lr, 30, activation=activation).losses[-1] for lr in lrs]
        np.testing.assert_array_equal(finals, expected)
    assert np.isnan(neuron.final_losses(X, Y, [100.0], 30, "linear")[0])


def test_reached_target_needs_the_target_loss_within_the_epoch_budget():
    fast = neuron.train(X, Y, 3.0)
    epoch = fast.first_epoch_below(neuron.TARGET_LOSS)
    assert epoch <= neuron.TARGET_EPOCHS and neuron.reached_target(fast) == epoch
    assert neuron.reached_target(neuron.train(X, Y, 0.1)) is None
    slow = neuron.train(X, Y, 0.9, 200)  # gets below the target, but after the budget
    assert slow.first_epoch_below(neuron.TARGET_LOSS) > neuron.TARGET_EPOCHS
    assert neuron.reached_target(slow) is None


def test_verdict_reads_an_output_above_one_half_as_glasses():
    assert [neuron.verdict(p) for p in (0.51, 0.5, 0.2)] == ["glasses", "ring", "ring"]


def test_boundary_points_lie_on_the_line_and_handle_a_zero_weight_vector():
    for w in (np.array([2.0, 0.1]), np.array([0.1, 2.0])):
        x, y = neuron.boundary_points(w, -1.0, (0.0, 3.5), (0.0, 1.6))
        assert len(x) == 50
        np.testing.assert_allclose(w[0] * x + w[1] * y - 1.0, 0, atol=1e-12)
    x, y = neuron.boundary_points(np.array([0.0, 0.0]), 1.0, (0.0, 3.5), (0.0, 1.6))
    assert x.size == y.size == 0


def test_loss_table_lists_each_run_at_each_epoch_and_marks_a_divergence():
    runs = {
        "a": neuron.train(X, Y, 0.1, 10),
        "b": neuron.train(X, Y, 100.0, 10, activation="linear"),
    }
    table = neuron.loss_table(runs, (0, 10)).splitlines()
    assert table[0].split() == ["epoch", "a", "b"]
    assert float(table[2].split()[1]) == pytest.approx(runs["a"].losses[10], rel=1e-3)
    assert table[2].split()[2] == "diverged"


def test_first_epoch_below_finds_the_first_crossing():
    run = neuron.train(X, Y, 3.0, 50)
    epoch = run.first_epoch_below(0.02)
    assert run.losses[epoch] < 0.02 <= run.losses[epoch - 1]
    assert run.first_epoch_below(0.0) is None


def test_random_starts_are_right_half_the_time_on_average():
    accuracies = neuron.random_start_accuracies(X, Y, 20_000, seed=3)
    assert accuracies.mean() == pytest.approx(0.5, abs=0.01)
    one = neuron.random_start_accuracies(X, Y, 1, seed=3)
    rng = np.random.default_rng(3)
    w, b = rng.standard_normal((1, 2)), rng.standard_normal(1)
    p = neuron.predict(X, w[0], b[0])
    assert one[0] == np.mean((p > 0.5) == (Y == 1))


# -- the published example, run as written ---------------------------------------------------
PUBLISHED = datasets.published_devices()


def _published_code(X, y, lr, epochs):
    """The published loop in plain Python (lists, no numpy): the independent reference."""
    w, b, rows = [0.5, 0.5], 0.0, []
    for _ in range(epochs):
        total = 0.0
        for (x1, x2), target in zip(X.tolist(), y.tolist(), strict=True):
            p = min(max(x1 * w[0] + x2 * w[1] + b, 0.0), 1.0)
            error = target - p
            total += error**2
            w = [w[0] + lr * error * x1, w[1] + lr * error * x2]
            b += lr * error
        rows.append((total, w, b))
    return rows


def test_published_devices_are_four_labelled_1_1_0_0_and_one_test_device():
    assert PUBLISHED.X.shape == (4, 2)
    assert PUBLISHED.y.tolist() == [1.0, 1.0, 0.0, 0.0]
    np.testing.assert_array_equal(PUBLISHED.test, [0.50, 0.55])
    assert np.all((PUBLISHED.X >= 0) & (PUBLISHED.X <= 1))


@pytest.mark.parametrize("lr", [0.1, 0.9, 0.001])
def test_delta_rule_train_runs_the_published_code(lr):
    run = neuron.delta_rule_train(PUBLISHED.X, PUBLISHED.y, lr, 100)
    reference = _published_code(PUBLISHED.X, PUBLISHED.y, lr, 100)
    np.testing.assert_allclose(run.losses, [r[0] for r in reference], rtol=1e-12, atol=1e-15)
    np.testing.assert_allclose(run.weights, [r[1] for r in reference], rtol=1e-12)
    np.testing.assert_allclose(run.biases, [r[2] for r in reference], rtol=1e-12, atol=1e-15)


def test_the_published_examples_computed_table_and_test_prediction():
    run = neuron.delta_rule_train(PUBLISHED.X, PUBLISHED.y)
    shown = neuron.PUBLISHED_EPOCHS_SHOWN
    np.testing.assert_allclose(
        run.losses[list(shown)], [0.2014, 0.0538, 0.0237, 0.0109, 0.0051], atol=5e-5
    )
    np.testing.assert_allclose(run.weights[0], [0.513, 0.513], atol=5e-4)
    np.testing.assert_allclose(run.weights[99], [0.970, 0.938], atol=5e-4)
    test = neuron.clipped_predict(PUBLISHED.test[None, :], run.weights[-1], run.biases[-1])
    assert test[0] == pytest.approx(0.5271, abs=5e-5)
    assert "   99      0.0051   [0.970, 0.938]" in run.table()


def test_the_exact_gradient_of_the_clipped_error_matches_finite_differences():
    rng = np.random.default_rng(0)
    for _ in range(20):
        x, w, b, y = rng.uniform(0, 1, 2), rng.uniform(-1, 1, 2), rng.uniform(-0.5, 0.5), 1.0

        def loss(w, b, x=x, y=y):
            return (y - min(max(float(x @ w + b), 0.0), 1.0)) ** 2

        grad_w, grad_b = neuron.clipped_squared_error_gradient(x, y, w, b)
        eps = 1e-7
        numeric = [(loss(w + eps * e, b) - loss(w - eps * e, b)) / (2 * eps) for e in np.eye(2)]
        np.testing.assert_allclose(grad_w, numeric, atol=1e-6)
        assert grad_b == pytest.approx((loss(w, b + eps) - loss(w, b - eps)) / (2 * eps), abs=1e-6)


def test_the_delta_rule_is_minus_half_the_gradient_inside_the_clip_and_not_outside():
    x, w = np.array([0.3, 0.2]), np.array([0.5, 0.5])
    step_w, step_b = neuron.delta_rule_step(x, 1.0, w, 0.0)  # z = 0.25: inside
    grad_w, grad_b = neuron.clipped_squared_error_gradient(x, 1.0, w, 0.0)
    np.testing.assert_allclose(step_w, -0.5 * grad_w)
    assert step_b == pytest.approx(-0.5 * grad_b)
    step_w, _ = neuron.delta_rule_step(x, 1.0, w, -1.0)  # z < 0: the clip is flat
    grad_w, _ = neuron.clipped_squared_error_gradient(x, 1.0, w, -1.0)
    assert np.all(step_w > 0) and np.all(grad_w == 0)


def test_epochs_to_reach_finds_the_first_epoch_at_or_below_a_loss():
    run = neuron.delta_rule_train(PUBLISHED.X, PUBLISHED.y, 0.1)
    epoch = neuron.epochs_to_reach(run, 0.0537)
    assert run.losses[epoch] <= 0.0537 < run.losses[epoch - 1]
    assert neuron.epochs_to_reach(run, 0.0) is None
