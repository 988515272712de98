"""course_lib.minibatch: full batch is plain gradient descent; batches are seeded and fair."""

from __future__ import annotations

import warnings

import numpy as np
import pytest
from sklearn.linear_model import LinearRegression

from course_lib import datasets, losses, minibatch, regression, stability


def data(n=50, d=2, seed=0):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, d))
    y = X @ rng.normal(size=d) + 0.5 + rng.normal(0, 0.3, n)
    return X, y


def test_full_batch_is_the_same_run_as_regression_train():
    X, y = data()
    ours = minibatch.train(X, y, 0.1, batch_size=len(y), epochs=40)
    reference = regression.train(X, y, 0.1, epochs=40)
    assert ours.iterations_per_epoch == 1 and ours.iterations == 40
    np.testing.assert_allclose(ours.weights, reference.weights, rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(ours.biases, reference.biases, rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(ours.losses, reference.risk, rtol=1e-9)


def test_with_the_whole_data_as_one_batch_the_shuffle_does_not_matter():
    X, y = data()
    a = minibatch.train(X, y, 0.05, batch_size=len(y), epochs=10, seed=0)
    b = minibatch.train(X, y, 0.05, batch_size=len(y), epochs=10, seed=7)
    np.testing.assert_allclose(a.weights, b.weights, rtol=1e-12)


def test_each_step_follows_the_mse_gradient_of_its_batch():
    X, y = data()
    lr, size = 0.05, 8
    run = minibatch.train(X, y, lr, batch_size=size, epochs=2, seed=3)
    order = minibatch.batches(len(y), size, epochs=2, seed=3)
    assert len(order) == run.iterations
    for i in (0, 1, len(order) - 1):
        rows = order[i]
        w, b = run.weights[i], run.biases[i]
        grad_w, grad_b = regression.mse_gradient(X[rows], y[rows], w, b)
        np.testing.assert_allclose(run.weights[i + 1], w - lr * grad_w, rtol=1e-12)
        assert run.biases[i + 1] == pytest.approx(b - lr * grad_b, rel=1e-12)
        batch_mse = losses.mse(y[rows], regression.predict(X[rows], w, b))
        assert run.batch_losses[i] == pytest.approx(batch_mse, rel=1e-12)


def test_recorded_losses_are_the_mse_on_all_the_data():
    X, y = data()
    run = minibatch.train(X, y, 0.05, batch_size=4, epochs=3)
    for i in (0, 5, run.iterations):
        expected = losses.mse(y, regression.predict(X, run.weights[i], run.biases[i]))
        assert run.losses[i] == pytest.approx(expected, rel=1e-10)
    np.testing.assert_array_equal(run.epoch_losses, run.losses[:: run.iterations_per_epoch])
    assert len(run.epoch_losses) == run.epochs + 1 == 4


def test_batches_are_a_seeded_shuffle_that_covers_every_example_once_per_epoch():
    n, size = 23, 5
    first = minibatch.batches(n, size, epochs=3, seed=1)
    again = minibatch.batches(n, size, epochs=3, seed=1)
    other = minibatch.batches(n, size, epochs=3, seed=2)
    assert all(np.array_equal(a, b) for a, b in zip(first, again, strict=True))
    assert not all(np.array_equal(a, b) for a, b in zip(first, other, strict=True))
    per_epoch = minibatch.iterations_per_epoch(n, size)
    assert per_epoch == 5 and len(first) == 15
    for epoch in range(3):
        chunk = first[epoch * per_epoch : (epoch + 1) * per_epoch]
        assert [len(rows) for rows in chunk] == [5, 5, 5, 5, 3]
        assert sorted(np.concatenate(chunk).tolist()) == list(range(n))
    assert not np.array_equal(np.concatenate(first[:5]), np.concatenate(first[5:10]))
    shorter = minibatch.batches(n, size, epochs=2, seed=1)
    assert all(np.array_equal(a, b) for a, b in zip(shorter, first, strict=False))


def test_training_is_reproducible_and_a_longer_run_extends_a_shorter_one():
    X, y = data()
    a = minibatch.train(X, y, 0.05, batch_size=1, epochs=2, seed=4)
    b = minibatch.train(X, y, 0.05, batch_size=1, epochs=5, seed=4)
    np.testing.assert_array_equal(a.weights, b.weights[: a.iterations + 1])
    np.testing.assert_array_equal(
        a.weights, minibatch.train(X, y, 0.05, batch_size=1, epochs=2, seed=4).weights
    )


def test_stochastic_gradient_descent_ends_near_least_squares():
    X, y = data(n=200)
    run = minibatch.train(X, y, 0.005, batch_size=1, epochs=30)
    reference = LinearRegression().fit(X, y)
    best = losses.mse(y, reference.predict(X))
    assert run.losses[-1] == pytest.approx(best, rel=0.01)
    np.testing.assert_allclose(run.weights[-1], reference.coef_, atol=0.05)
    # but its last steps still jitter: SGD with a constant lr does not settle exactly
    assert np.std(run.losses[-50:]) > 0


def run_loss_at(X, y, run, i):
    """The full-data MSE at iteration i of a run, recomputed from the batches it took."""
    w, b = run.weights[i - 1], run.biases[i - 1]
    rows = minibatch.batches(len(y), run.batch_size, run.epochs, seed=0)[i - 1]
    grad_w, grad_b = regression.mse_gradient(X[rows], y[rows], w, b)
    with np.errstate(over="ignore", invalid="ignore"):
        return losses.mse(y, regression.predict(X, w - run.lr * grad_w, b - run.lr * grad_b))


def test_a_too_large_learning_rate_stops_cleanly_as_diverged():
    X, y = data()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        run = minibatch.train(X, y, 5.0, batch_size=len(y), epochs=60)
    assert run.diverged_at is not None and 1 <= run.diverged_at <= 60
    assert np.all(np.isfinite(run.weights)) and np.all(np.isfinite(run.losses))
    assert run.losses[run.diverged_at - 1] <= stability.DIVERGED_LOSS
    assert stability.diverged(run_loss_at(X, y, run, run.diverged_at))
    np.testing.assert_array_equal(run.weights[-1], run.weights[run.diverged_at - 1])
    assert np.all(np.isnan(run.batch_losses[run.diverged_at :]))
    assert minibatch.train(X, y, 0.05, batch_size=5, epochs=3).diverged_at is None


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"batch_size": 0}, "batch_size must be a whole number >= 1"),
        ({"batch_size": 51}, "batch_size must be at most the 50 examples"),
        ({"batch_size": 2.5}, "batch_size must be a whole number"),
        ({"lr": -0.1}, "lr must be a positive"),
        ({"epochs": -1}, "epochs must be a whole number >= 0"),
        ({"w0": [1.0, 2.0, 3.0]}, "w0 has shape"),
    ],
)
def test_bad_arguments_are_refused_with_a_clear_message(kwargs, message):
    X, y = data()
    arguments = {"lr": 0.1, "batch_size": 5, "epochs": 2, **kwargs}
    with pytest.raises(ValueError, match=message):
        minibatch.train(X, y, **arguments)


def test_mismatched_data_is_refused():
    X, y = data()
    with pytest.raises(ValueError, match="y has shape"):
        minibatch.train(X, y[:-1], 0.1, 5, 1)


def test_mse_at_many_weights_at_once_is_the_mse_of_each():
    X, y = data(d=2)
    rng = np.random.default_rng(5)
    weights, biases = rng.normal(size=(3, 4, 2)), rng.normal(size=(3, 4))
    grid = minibatch.mse_at(X, y, weights, biases)
    assert grid.shape == (3, 4)
    for index in np.ndindex(3, 4):
        expected = losses.mse(y, regression.predict(X, weights[index], biases[index]))
        assert grid[index] == pytest.approx(expected, rel=1e-10)
    with pytest.raises(ValueError, match="weights has shape"):
        minibatch.mse_at(X, y, weights[..., :1], biases)


def test_diabetes_bmi_is_every_patient_with_bmi_standardized():
    data, patients = minibatch.diabetes_bmi(), datasets.diabetes()
    assert len(data.x) == len(data.y) == 442
    assert abs(data.x.mean()) < 1e-12 and data.x.std() == pytest.approx(1.0)
    np.testing.assert_allclose(data.x * data.bmi_std + data.bmi_mean, patients.bmi, rtol=1e-12)
    np.testing.assert_array_equal(data.y, patients.progression)
