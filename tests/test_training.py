"""Training an MLP classifier on the engine: each dataset is learned, the recorded losses and the
probability map are those of the weights at each step (checked against a numpy forward pass),
going back in time is exact, and a run that diverges stops with a clear error."""

from __future__ import annotations

import numpy as np
import pytest

from course_lib import training as tr
from course_lib.stability import DIVERGED_LOSS

#: What each dataset reaches with the default settings (2 hidden layers of 8, tanh, Adam lr 0.03,
#: noise 0.05), and spirals with a wider, deeper net: (settings, steps, lowest test accuracy).
ACCURACY_TARGETS = {
    "moons": ({}, 200, 0.95),
    "circles": ({}, 200, 0.95),
    "xor": ({}, 200, 0.95),
    "spirals": ({"width": 16, "depth": 3}, 300, 0.93),
}


@pytest.mark.parametrize("dataset", list(ACCURACY_TARGETS))
def test_each_dataset_is_learned_to_the_stated_test_accuracy(dataset):
    settings, steps, target = ACCURACY_TARGETS[dataset]
    result = tr.train_classifier(tr.TrainingConfig(dataset=dataset, **settings), steps)
    assert result.test_accuracy >= target
    assert result.train_losses[-1] < 0.2 * result.train_losses[0]


def test_a_network_too_small_for_the_spirals_does_not_learn_them():
    small = tr.train_classifier(tr.TrainingConfig(dataset="spirals", width=4, depth=1), 500)
    assert small.test_accuracy < 0.75


def numpy_forward(weights: list[np.ndarray], X: np.ndarray, activation) -> np.ndarray:
    *hidden, last = list(zip(weights[::2], weights[1::2], strict=True))
    for W, b in hidden:
        X = activation(X @ W + b)
    W, b = last
    return X @ W + b


def numpy_cross_entropy(logits: np.ndarray, y: np.ndarray) -> float:
    shifted = logits - logits.max(axis=1, keepdims=True)
    log_p = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    return float(-log_p[np.arange(len(y)), y].mean())


def test_the_recorded_losses_and_the_map_are_those_of_the_weights_at_each_step():
    run = tr.TrainingRun(tr.TrainingConfig(dataset="xor", activation="tanh"))
    result = run.state_at(60)
    for step in (0, 20, 40, 60):
        weights = run.weights_at(step)
        train = numpy_cross_entropy(numpy_forward(weights, run.train.X, np.tanh), run.train.y)
        test = numpy_cross_entropy(numpy_forward(weights, run.test.X, np.tanh), run.test.y)
        assert result.train_losses[step] == pytest.approx(train, rel=1e-9)
        assert result.test_losses[step] == pytest.approx(test, rel=1e-9)
    logits = numpy_forward(run.weights_at(60), tr.grid_points(), np.tanh)
    p = np.exp(logits[:, 1]) / np.exp(logits).sum(axis=1)
    np.testing.assert_allclose(result.probabilities.ravel(), p, rtol=1e-9)
    accuracy = np.mean(
        (numpy_forward(run.weights_at(60), run.test.X, np.tanh).argmax(1)) == run.test.y
    )
    assert result.test_accuracy == accuracy


def test_the_grid_covers_the_view_row_by_row_from_the_bottom():
    points = tr.grid_points()
    assert points.shape == (tr.GRID_N**2, 2)
    np.testing.assert_allclose(points[0], [-tr.VIEW, -tr.VIEW])
    np.testing.assert_allclose(points[tr.GRID_N - 1], [tr.VIEW, -tr.VIEW])  # x varies first
    np.testing.assert_allclose(points[-1], [tr.VIEW, tr.VIEW])


def test_going_back_in_time_is_exact_and_trains_nothing_twice():
    config = tr.TrainingConfig(dataset="circles")
    run = tr.TrainingRun(config)
    ahead = run.state_at(200)
    assert run.step == 200
    for step in (100, 130, 0):  # a kept copy, a step only passed through, the start
        again = tr.train_classifier(config, step)
        back = run.state_at(step)
        np.testing.assert_array_equal(back.probabilities, again.probabilities)
        np.testing.assert_array_equal(back.train_losses, ahead.train_losses[: step + 1])
    assert run.step == 200  # going back did not train this run further


def test_l2_regularisation_keeps_the_weights_smaller():
    plain = tr.TrainingRun(tr.TrainingConfig())
    decayed = tr.TrainingRun(tr.TrainingConfig(l2=0.01))
    size = [sum(float(np.sum(w**2)) for w in run.weights_at(300)[::2]) for run in (plain, decayed)]
    assert size[1] < 0.5 * size[0]


def test_a_run_whose_loss_diverges_stops_with_a_clear_error():
    run = tr.TrainingRun(tr.TrainingConfig(activation="relu", lr=0.5))
    run.weights_at(3)
    for param in run.params:
        param.data *= 1e4  # logits of about 1e16: a cross-entropy far above DIVERGED_LOSS
    with pytest.raises(FloatingPointError, match=r"diverged at step 3 \(lr = 0.5\)"):
        run.weights_at(10)
    with pytest.raises(ArithmeticError):  # what a live experiment turns into a message
        run.weights_at(10)
    assert DIVERGED_LOSS < 1e16


@pytest.mark.parametrize(
    ("settings", "message"),
    [
        ({"dataset": "swirl"}, "dataset must be one of"),
        ({"activation": "gelu"}, "activation must be one of"),
        ({"width": 0}, "width must be a whole number >= 1, got 0"),
        ({"depth": 1.5}, "depth must be a whole number >= 1, got 1.5"),
        ({"lr": 0.0}, "lr must be a positive finite number, got 0.0"),
        ({"l2": -0.1}, "l2 must be a finite number >= 0, got -0.1"),
        ({"noise": float("nan")}, "noise must be a finite number >= 0, got nan"),
    ],
)
def test_a_bad_setting_is_refused_with_a_message_that_names_it(settings, message):
    with pytest.raises(ValueError, match=message):
        tr.TrainingConfig(**settings)


def test_a_negative_step_is_refused():
    with pytest.raises(ValueError, match="step must be a whole number >= 0, got -20"):
        tr.TrainingRun(tr.TrainingConfig()).state_at(-20)
