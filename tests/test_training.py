"""train_mlp follows torch step for step; early stopping obeys its rules; dropout is unbiased.
A step-by-step run learns each 2-D dataset, records the losses and the probability map of the
weights at each step (checked against a numpy forward pass), goes back in time exactly, and
stops with a clear error when it diverges."""

from __future__ import annotations

import numpy as np
import pytest

from course_lib import training as tr
from course_lib.autograd import Tensor
from course_lib.functional import dropout
from course_lib.nn import MLP
from course_lib.stability import DIVERGED_LOSS
from course_lib.training import (
    EarlyStop,
    best_epoch,
    early_stopping_epoch,
    evaluate,
    train_mlp,
)


def blobs(n=60, seed=0, classes=3, d=4):
    rng = np.random.default_rng(seed)
    y = np.arange(n) % classes
    centres = rng.normal(0, 2, size=(classes, d))
    return centres[y] + rng.normal(size=(n, d)), y


# -- early stopping on hand-made histories --------------------------------------------------
@pytest.mark.parametrize(
    "losses, patience, expected",
    [
        ([1.0, 0.8, 0.6, 0.7, 0.9, 1.0], 1, EarlyStop(2, 4)),
        ([1.0, 0.8, 0.6, 0.7, 0.9, 1.0], 0, EarlyStop(2, 3)),  # patience 0: first non-improvement
        ([1.0, 0.8, 0.6, 0.7, 0.5, 0.4], 1, EarlyStop(5, None)),  # recovered in time: no stop
        ([1.0, 0.8, 0.6, 0.7, 0.5, 0.4], 0, EarlyStop(2, 3)),
        ([0.5, 0.5, 0.5, 0.5], 2, EarlyStop(0, 3)),  # ties do not improve; the first is kept
        ([0.5, 0.6, 0.7, 0.8], 1, EarlyStop(0, 2)),  # never improving
        ([1.0, 0.9, np.nan, 0.1], 5, EarlyStop(1, 2)),  # NaN: stop there, keep the best before
        ([1.0, np.inf], 5, EarlyStop(0, 1)),
        ([1.0, 2e8], 5, EarlyStop(0, 1)),  # above the divergence threshold
        ([np.nan, 1.0], 3, EarlyStop(None, 0)),  # nothing finite to keep
        ([], 3, EarlyStop(None, None)),
        ([0.3, 0.2, 0.1], 0, EarlyStop(2, None)),
    ],
)
def test_early_stopping_on_hand_made_histories(losses, patience, expected):
    assert early_stopping_epoch(losses, patience) == expected


def test_best_epoch_looks_at_the_whole_history_up_to_a_divergence():
    assert best_epoch([1.0, 0.5, 0.9, 0.9, 0.9, 0.3]) == 5
    assert best_epoch([1.0, 0.5, np.nan, 0.1]) == 1


def test_early_stopping_names_a_bad_patience():
    with pytest.raises(ValueError, match="patience must be a whole number >= 0"):
        early_stopping_epoch([1.0], -1)


# -- dropout ----------------------------------------------------------------------------------
def test_dropout_output_has_its_input_as_expectation_and_is_the_identity_in_eval_mode():
    x = Tensor(np.linspace(-2, 3, 12).reshape(3, 4))
    rng = np.random.default_rng(0)
    draws = np.array([dropout(x, 0.3, rng).data for _ in range(20000)])
    # Each output is x / 0.7 with probability 0.7, else 0: mean x, std |x| sqrt(0.3 / 0.7).
    standard_error = np.abs(x.data) * np.sqrt(0.3 / 0.7) / np.sqrt(len(draws))
    assert np.all(np.abs(draws.mean(axis=0) - x.data) <= 5 * standard_error + 1e-12)
    kept = draws != 0
    assert abs(kept.mean() - 0.7) < 0.01
    np.testing.assert_allclose(draws[kept], np.broadcast_to(x.data / 0.7, draws.shape)[kept])
    assert dropout(x, 0.3, rng, train=False) is x


def test_an_mlp_with_dropout_is_deterministic_in_eval_mode_and_random_in_training():
    model = MLP([4, 32, 3], rng=0, dropout=0.5)
    X = np.random.default_rng(1).normal(size=(5, 4))
    np.testing.assert_array_equal(model(Tensor(X)).data, model(Tensor(X)).data)
    assert not np.array_equal(model(Tensor(X), train=True).data, model(Tensor(X), train=True).data)


# -- train_mlp ----------------------------------------------------------------------------------
def test_train_mlp_matches_torch_adam_with_weight_decay_on_weights_only():
    torch = pytest.importorskip("torch")
    X, y = blobs()
    model = MLP([4, 8, 3], "tanh", rng=0)
    start = [p.data.copy() for p in model.parameters()]
    history = train_mlp(model, X, y, epochs=15, lr=0.05, weight_decay=0.1)

    w1, b1, w2, b2 = (torch.tensor(a, requires_grad=True) for a in start)
    opt = torch.optim.Adam(
        [{"params": [w1, w2], "weight_decay": 0.1}, {"params": [b1, b2], "weight_decay": 0.0}],
        lr=0.05,
    )
    Xt, yt = torch.tensor(X), torch.tensor(y)
    losses = []
    for _ in range(15):
        opt.zero_grad()
        loss = torch.nn.functional.cross_entropy(torch.tanh(Xt @ w1 + b1) @ w2 + b2, yt)
        losses.append(loss.item())
        loss.backward()
        opt.step()
    for ours, theirs in zip(model.parameters(), (w1, b1, w2, b2), strict=True):
        np.testing.assert_allclose(ours.data, theirs.detach().numpy(), rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(history.train_loss[:-1], losses, rtol=1e-10)


def test_first_full_batch_adam_step_moves_every_parameter_by_lr_against_its_gradient_sign():
    """A torch-free twin: Adam's first step is lr * g / (|g| + eps) = lr * sign(g)."""
    X, y = blobs()
    model = MLP([4, 3], rng=0)  # one Linear layer: softmax regression
    W, b = (p.data.copy() for p in model.parameters())
    logits = X @ W + b
    p = np.exp(logits - logits.max(axis=1, keepdims=True))
    p /= p.sum(axis=1, keepdims=True)
    p[np.arange(len(y)), y] -= 1
    gW, gb = X.T @ p / len(y) + 0.2 * W, p.sum(axis=0) / len(y)  # weight decay 0.2 on W
    train_mlp(model, X, y, epochs=1, lr=0.01, weight_decay=0.2)
    np.testing.assert_allclose(model.parameters()[0].data, W - 0.01 * np.sign(gW), atol=1e-8)
    np.testing.assert_allclose(model.parameters()[1].data, b - 0.01 * np.sign(gb), atol=1e-8)


def test_train_mlp_records_every_epoch_and_learns_separable_blobs():
    X, y = blobs()
    history = train_mlp(MLP([4, 16, 3], rng=0), X, y, epochs=30, lr=0.05, batch_size=16)
    assert history.epochs_run == 30 and len(history.train_accuracy) == 31
    assert history.train_loss[-1] < 0.2 * history.train_loss[0]
    assert history.train_accuracy[-1] >= 0.95
    assert history.val_loss.size == 0 and history.best_epoch is None


def test_train_mlp_is_reproducible_with_its_seeds():
    X, y = blobs()

    def run():
        model = MLP([4, 16, 3], rng=3, dropout=0.2)
        return train_mlp(model, X, y, epochs=5, batch_size=8, seed=4).train_loss

    np.testing.assert_array_equal(run(), run())


def test_train_mlp_stops_with_patience_and_restores_the_best_weights():
    X, y = blobs(n=40, seed=1)
    X_val, y_val = blobs(n=200, seed=1)[0], blobs(n=200, seed=2)[1]  # labels unrelated
    model = MLP([4, 32, 3], rng=0)
    history = train_mlp(
        model, X, y, epochs=300, lr=0.05, X_val=X_val, y_val=y_val, patience=3, restore_best=True
    )
    assert history.stop_epoch is not None and history.epochs_run == history.stop_epoch
    assert history.stop_epoch == early_stopping_epoch(history.val_loss, 3).stop_epoch
    assert history.best_epoch == history.stop_epoch - 4
    assert history.restored_best
    assert evaluate(model, X_val, y_val)[0] == pytest.approx(history.val_loss.min(), rel=1e-12)


def test_train_mlp_can_stop_once_the_training_accuracy_is_reached():
    X, y = blobs()
    history = train_mlp(MLP([4, 16, 3], rng=0), X, y, epochs=500, stop_at_accuracy=1.0)
    assert history.train_accuracy[-1] == 1.0 and history.train_accuracy[-2] < 1.0


@pytest.mark.parametrize(
    "kwargs, error, match",
    [
        ({"y": np.array([0.5] * 60)}, ValueError, "integer classes"),
        ({"y": np.arange(60)}, ValueError, "classes 0..2"),
        ({"X": np.zeros((60, 5))}, ValueError, "5 features but the model expects 4"),
        ({"patience": 2}, ValueError, "needs X_val and y_val"),
        ({"X_val": np.zeros((3, 4))}, ValueError, "both X_val and y_val"),
        ({"model": "mlp"}, TypeError, "model must be"),
        ({"weight_decay": -1.0}, ValueError, "weight_decay"),
    ],
)
def test_train_mlp_names_bad_arguments(kwargs, error, match):
    X, y = blobs()
    arguments = {"model": MLP([4, 3], rng=0), "X": X, "y": y, "epochs": 1} | kwargs
    with pytest.raises(error, match=match):
        train_mlp(**arguments)


# -- a run, step by step (the playground) ----------------------------------------------------
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


def test_l2_regularisation_keeps_the_weights_of_a_run_smaller():
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


def test_a_runs_l2_is_train_mlps_weight_decay_of_twice_as_much():
    config = tr.TrainingConfig(dataset="xor", l2=0.05)
    run = tr.TrainingRun(config)
    model = MLP(config.sizes, config.activation, rng=0)
    train_mlp(model, run.train.X, run.train.y, epochs=5, lr=config.lr, weight_decay=2 * config.l2)
    for ours, theirs in zip(run.weights_at(5), model.parameters(), strict=True):
        np.testing.assert_allclose(ours, theirs.data, rtol=1e-9, atol=1e-12)  # row order only
    assert run.state_at(5).train_accuracy == tr.evaluate(model, run.train.X, run.train.y)[1]
