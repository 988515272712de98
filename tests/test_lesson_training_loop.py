"""Lesson 00's live experiments, driven through their controls with the Agg backend."""

from __future__ import annotations

import numpy as np
import pytest

from course_lib import datasets, neuron, stability
from course_lib.lessons import training_loop as tl
from course_lib.lessons.training_loop import learning_rate_race

DEVICES = datasets.devices()


def _labels(figure):
    return [(ax.get_title(), ax.get_xlabel(), ax.get_ylabel()) for ax in figure.axes[:2]]


def test_epoch_replay_trains_once_and_the_slider_only_indexes(monkeypatch):
    calls = []
    real_train = neuron.train
    monkeypatch.setattr(neuron, "train", lambda *a, **k: calls.append(1) or real_train(*a, **k))
    replay = tl.EpochReplay()
    for epoch in (10, 50, 100, 0):
        replay.controls["epoch"].value = epoch
    assert len(calls) == 1


def test_epoch_replay_shows_the_run_at_the_chosen_epoch():
    replay = tl.EpochReplay(epoch=37)
    run = neuron.train(DEVICES.X, DEVICES.y, neuron.BASELINE_LR, neuron.EPOCHS)
    x, y = replay.marker.get_data()
    assert x[0] == 37 and y[0] == pytest.approx(run.losses[37])
    bx, by = replay.boundary.get_data()
    w, b = run.weights[37], run.biases[37]
    np.testing.assert_allclose(w[0] * np.asarray(bx) + w[1] * np.asarray(by) + b, 0, atol=1e-9)
    assert f"Epoch 37: loss {run.losses[37]:.4f}" in replay.summary.value
    assert "2 of 4 right" in tl.EpochReplay(epoch=0).summary.value
    assert "4 of 4 right" in tl.EpochReplay(epoch=100).summary.value


def test_every_panel_has_a_title_and_labelled_axes():
    for experiment in (tl.EpochReplay(), tl.LearningRateRace()):
        for title, xlabel, ylabel in _labels(experiment.figure):
            assert title and xlabel and ylabel


def test_learning_rate_race_plots_the_chosen_run_against_the_baseline():
    race = tl.LearningRateRace(lr=0.9)
    run = neuron.train(DEVICES.X, DEVICES.y, 0.9, neuron.EPOCHS)
    np.testing.assert_allclose(race.run_line.get_ydata(), run.losses)
    assert race.base_line.get_ydata()[-1] == pytest.approx(race.last_result.baseline.losses[-1])
    assert not race._message.get_visible()
    assert "lr = 0.9" in race.summary.value


def test_learning_rate_race_shows_divergence_on_the_figure_with_the_threshold():
    race = tl.LearningRateRace(neuron="linear", lr=5.0)
    assert race._message.get_visible()
    text = race._message.get_text()
    assert "too large" in text and "2/λ_max" in text
    assert f"{stability.DIVERGED_LOSS:.0e}" in text
    ydata = np.asarray(race.run_line.get_ydata())
    assert np.all(np.isfinite(ydata)) and ydata.max() == learning_rate_race.LOSS_CEILING
    assert race.blowup.get_xdata()[0] == race.last_result.run.diverged_at
    race.set(lr=0.1)
    assert not race._message.get_visible()


def test_learning_rate_race_explains_a_stalled_sigmoid():
    race = tl.LearningRateRace(lr=1000.0)
    assert "saturated" in race._message.get_text()


def test_challenge_is_reached_with_a_good_rate_and_not_with_the_baseline():
    race = tl.LearningRateRace(lr=0.1)
    assert "Challenge:" in race.challenge.value
    race.set(lr=3.0)
    assert "Challenge reached" in race.challenge.value
    race.set(neuron="linear", lr=0.15)
    assert "switch the neuron back" in race.challenge.value


def test_reproduce_line_rebuilds_the_same_settings():
    race = tl.LearningRateRace(lr=2.0, neuron="linear")
    assert race.code() == "training_loop.LearningRateRace(lr=2.0, neuron='linear')"


@pytest.mark.parametrize("activation", neuron.ACTIVATIONS)
def test_extreme_learning_rates_never_raise_and_keep_the_plot_finite(activation):
    race = tl.LearningRateRace(neuron=activation)
    for lr in (1e-3, 0.1769, 0.18, 1e3):
        race.set(lr=lr)
        assert race.last_result.run.lr == lr
        assert np.all(np.isfinite(race.sweep_line.get_ydata()))
        assert np.all(np.isfinite(race.run_line.get_ydata()))
        race.figure.canvas.draw()


def test_the_sweep_panel_shows_each_rates_final_loss_clipped_to_the_plot():
    race = tl.LearningRateRace(neuron="linear")
    finals = neuron.final_losses(DEVICES.X, DEVICES.y, learning_rate_race.SWEEP_LRS, 100, "linear")
    shown = np.asarray(race.sweep_line.get_ydata())
    kept = np.isfinite(finals) & (finals < learning_rate_race.LOSS_CEILING)
    np.testing.assert_allclose(shown[kept], np.maximum(finals[kept], learning_rate_race.LOSS_FLOOR))
    assert np.all(shown[~kept] == learning_rate_race.LOSS_CEILING)
    assert race.threshold_line.get_xdata()[0] == pytest.approx(
        neuron.max_stable_lr(DEVICES.X, "linear")
    )
    assert not tl.LearningRateRace(neuron="sigmoid").threshold_line.get_visible()
