"""Lesson 00's live experiments, driven through their controls with the Agg backend."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from course_lib import datasets, neuron
from course_lib.lessons import training_loop as tl
from course_lib.lessons.training_loop import common

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
    experiments = (
        tl.EpochReplay(),
        tl.LearningRateRace(),
        tl.LearningRateSweep(),
        tl.LearningRateChallenge(),
        tl.PublishedRun(),
    )
    for experiment in experiments:
        for title, xlabel, ylabel in _labels(experiment.figure):
            assert title and xlabel and ylabel


def test_epoch_replay_keeps_its_markers_whole_and_its_legend_to_what_is_drawn():
    replay = tl.EpochReplay(epoch=0)
    assert not replay.marker.get_clip_on()
    labels = [t.get_text() for t in replay.figure.axes[0].get_legend().get_texts()]
    assert labels == ["glasses", "ring"]


def test_learning_rate_race_plots_the_chosen_run_against_the_baseline():
    race = tl.LearningRateRace(lr=0.9)
    run = neuron.train(DEVICES.X, DEVICES.y, 0.9, neuron.EPOCHS)
    np.testing.assert_allclose(race.run_line.get_ydata(), run.losses)
    assert race.base_line.get_ydata()[-1] == pytest.approx(race.last_result.baseline.losses[-1])
    assert not race._message.get_visible()
    assert "lr = 0.9" in race.summary.value


def test_learning_rate_race_explains_a_stalled_sigmoid():
    race = tl.LearningRateRace(lr=1000.0)
    assert "saturated" in race._message.get_text()


def test_the_sweep_shows_both_neurons_and_keeps_your_lr_inside_the_axis():
    sweep = tl.LearningRateSweep(lr=1000.0)
    finals = neuron.final_losses(DEVICES.X, DEVICES.y, common.SWEEP_LRS, 100, "linear")
    shown = np.asarray(sweep.linear_line.get_ydata())
    kept = np.isfinite(finals) & (finals < common.LOSS_CEILING)
    np.testing.assert_allclose(shown[kept], np.maximum(finals[kept], common.LOSS_FLOOR))
    assert np.all(shown[~kept] == common.LOSS_CEILING)
    low, high = sweep.figure.axes[0].get_xlim()
    assert low < 1e-3 and 1e3 < high
    assert "blows up between" in sweep.summary.value


def test_challenge_is_reached_with_a_good_rate_and_not_with_the_baseline():
    challenge = tl.LearningRateChallenge(lr=0.1)
    assert "Challenge:" in challenge.challenge.value
    challenge.set(lr=3.0)
    assert "Challenge reached" in challenge.challenge.value
    assert challenge.hit.get_xdata()[0] == neuron.reached_target(challenge.last_result.run)


def test_published_run_replays_the_published_code():
    published = datasets.published_devices()
    experiment = tl.PublishedRun(lr=0.9)
    run = neuron.delta_rule_train(published.X, published.y, 0.9)
    np.testing.assert_allclose(
        experiment.run_line.get_ydata(), np.clip(run.losses, 1e-6, 3.0), rtol=1e-12
    )
    assert "rising in 2 of 99 epochs" in experiment.summary.value


def test_reproduce_line_rebuilds_the_same_settings():
    race = tl.LearningRateRace(lr=2.0)
    assert race.code() == "training_loop.LearningRateRace(lr=2.0)"


@pytest.mark.parametrize(
    "kind", [tl.LearningRateRace, tl.LearningRateSweep, tl.LearningRateChallenge]
)
def test_extreme_learning_rates_never_raise_and_keep_the_plot_finite(kind):
    experiment = kind()
    for lr in (1e-3, 0.1769, 0.18, 1e3):
        experiment.set(lr=lr)
        for line in experiment.figure.axes[0].get_lines():
            assert np.all(np.isfinite(np.asarray(line.get_ydata(), dtype=float)))
        experiment.figure.canvas.draw()


# -- the lesson's text states what its numbers show ------------------------------------------
NOTEBOOK = Path(__file__).resolve().parents[1] / "notebooks" / "00_training_loop.py"


def test_the_text_says_lr_0_9_converges_because_the_published_code_converges():
    published = datasets.published_devices()
    fast = neuron.delta_rule_train(published.X, published.y, 0.9)
    text = NOTEBOOK.read_text(encoding="utf-8")
    assert fast.losses[-1] < 1e-6  # the computed run converges...
    assert "So lr = 0.9 does not bounce forever here" in text  # ...and the text says so
    assert 'bounces forever" is true' not in text


def test_the_text_says_lr_0_001_needs_about_100_times_more_epochs_not_10():
    published = datasets.published_devices()
    base = neuron.delta_rule_train(published.X, published.y, 0.1)
    slow = neuron.delta_rule_train(published.X, published.y, 0.001, 20_000)
    needed = neuron.epochs_to_reach(slow, base.losses[-1]) + 1
    assert 50 <= needed / 100 <= 200
    assert "more, not 10×" in NOTEBOOK.read_text(encoding="utf-8")


def test_the_text_says_the_linear_neuron_diverges_at_0_9_and_leaves_the_theory_to_02():
    run = neuron.train(DEVICES.X, DEVICES.y, 0.9, activation="linear")
    text = NOTEBOOK.read_text(encoding="utf-8")
    assert run.diverged_at is not None and "it **diverges**" in text
    assert "λ_max" not in text and "lesson 02" in text


def test_the_coin_toss_is_exact_only_in_expectation():
    accuracies = neuron.random_start_accuracies(DEVICES.X, DEVICES.y, 10_000, seed=0)
    text = NOTEBOOK.read_text(encoding="utf-8")
    assert accuracies.mean() != 0.5 and "exact is the\n# *expectation*" in text


def test_the_text_says_the_sigmoid_at_0_9_never_goes_up_and_ends_lower():
    fast = neuron.train(DEVICES.X, DEVICES.y, 0.9)
    base = neuron.train(DEVICES.X, DEVICES.y, 0.1)
    assert np.all(np.diff(fast.losses) < 0) and fast.losses[-1] < base.losses[-1]
    assert "0.9 does not bounce at all: the loss falls at every epoch" in NOTEBOOK.read_text(
        encoding="utf-8"
    )


def test_the_text_says_the_article_and_the_code_agree_on_the_story_not_the_numbers():
    published = datasets.published_devices()
    run = neuron.delta_rule_train(published.X, published.y)
    (e0, loss0, w0), (e1, loss1, w1) = neuron.ARTICLE_ROWS
    assert run.losses[e0] > run.losses[e1] and loss0 > loss1  # both fall
    assert np.all(run.weights[e1] > run.weights[e0])  # both weights grow
    assert np.all(np.array(w1) > np.array(w0))
    for epoch, loss, weights in neuron.ARTICLE_ROWS:  # and no printed number matches
        assert abs(run.losses[epoch] - loss) > 5e-5
        assert np.all(np.abs(run.weights[epoch] - weights) > 5e-4)
    text = NOTEBOOK.read_text(encoding="utf-8")
    assert "agree on the story (the loss falls and both weights grow)" in text
