"""Lesson 01's experiments: computed from real data and models, updated in place, fast."""

from __future__ import annotations

import time

import numpy as np
import pytest
from sklearn.linear_model import LinearRegression

from course_lib import losses, regression
from course_lib.lessons import loss


def test_diabetes_subset_is_seeded_and_in_real_units():
    a, b = loss.diabetes(12, seed=1), loss.diabetes(12, seed=1)
    np.testing.assert_array_equal(a.bmi, b.bmi)
    assert 15 < a.bmi.min() and a.bmi.max() < 50  # kg/m²
    assert len(loss.diabetes().bmi) == 442


def test_normal_cdf_matches_known_values():
    np.testing.assert_allclose(loss.normal_cdf([0.0, 1.959964]), [0.5, 0.975], atol=1e-6)


def test_outlier_shares_follow_the_fixed_models_losses():
    e = loss.OutlierLosses(moved_y=800)
    r = e.last_result
    w, b = e.model
    errors = (r.y - (w * e.patients.bmi + b)) ** 2
    assert r.shares["MSE"] == pytest.approx(100 * errors[e.moved] / errors.sum())
    assert r.shares["MSE"] > r.shares["MAE"] > r.shares["cross-entropy"]
    assert r.lines["mse"] == pytest.approx(losses.best_line(e.patients.bmi, r.y, "mse"))


def test_moving_the_outlier_further_moves_the_mse_line_but_not_the_mae_line():
    e = loss.OutlierLosses(moved_y=600)
    at_600 = e.last_result
    at_800 = e.set(moved_y=800).last_result
    assert at_600.lines["mae"] == at_800.lines["mae"]
    assert at_600.constants["mae"] == at_800.constants["mae"]
    assert at_800.constants["mse"] - at_600.constants["mse"] == pytest.approx(200 / 12)
    assert at_600.lines["mse"] != pytest.approx(at_800.lines["mse"])


def test_line_fit_target_is_ten_percent_above_least_squares_and_the_challenge_reports_it():
    e = loss.LineFit()
    p = e.patients
    model = LinearRegression().fit(p.bmi[:, None], p.progression)
    best = losses.mse(p.progression, model.predict(p.bmi[:, None]))
    assert e.target == pytest.approx(1.1 * best)
    assert "Challenge:" in e.challenge.value and e.solved_with is None
    e.set(w=round(model.coef_[0], 1), b=round(model.intercept_))
    assert "Challenge reached" in e.challenge.value
    assert e.last_result["mse"] <= e.target


def test_line_fit_residual_segments_join_each_point_to_the_line():
    e = loss.LineFit(w=10.0, b=-100.0)
    segments = np.array(e.residuals.get_segments())
    assert len(segments) == 20
    for (x0, y0), (x1, y1), x, y in zip(
        segments[:, 0], segments[:, 1], e.patients.bmi, e.patients.progression, strict=True
    ):
        assert x0 == x1 == x and y0 == y and y1 == pytest.approx(10 * x - 100)


def test_a_line_off_the_plot_shows_a_message():
    e = loss.LineFit(w=30.0, b=400.0)
    assert e._message.get_visible() and "off the plot" in e._message.get_text()
    e.set(w=10.0, b=-100.0)
    assert not e._message.get_visible()


def test_log_loss_curve_marks_both_labels_and_explains_certain_predictions():
    e = loss.LogLossCurve(p=0.8)
    assert e.dot_1.get_ydata()[0] == pytest.approx(-np.log(0.8))
    assert e.dot_0.get_ydata()[0] == pytest.approx(-np.log(0.2))
    e.set(p=0.0)
    assert e._message.get_visible() and "infinite" in e._message.get_text()


def test_image_error_map_is_the_pixelwise_squared_error():
    e = loss.ImageError(quality=0.4, digit=7)
    r = e.last_result
    np.testing.assert_allclose(e.images[2].get_array(), (r["output"] - r["target"]) ** 2)
    assert r["mse"] == pytest.approx(losses.mse(r["target"].ravel(), r["output"].ravel()))
    assert e.set(quality=1.0).last_result["mse"] == 0
    np.testing.assert_array_equal(loss.model_output(r["target"], 0.4, 7), r["output"])


def test_blur_is_a_three_by_three_mean():
    image = np.arange(25.0).reshape(5, 5)
    assert loss.blur(image)[2, 2] == pytest.approx(image[1:4, 1:4].mean())


def test_loss_replay_indexes_one_memoised_real_training_run():
    e = loss.LossReplay(epoch=0)
    run = e.run(0.05)
    e.set(epoch=30)
    assert e.run(0.05) is run
    np.testing.assert_allclose([b.get_height() for b in e.bars], run.per_example_losses[30])
    expected = regression.train(e.x, e.patients.progression, 0.05, loss.REPLAY_EPOCHS)
    np.testing.assert_allclose(run.per_example_losses, expected.per_example_losses)
    assert run.risk[-1] == pytest.approx(e.best_q, rel=1e-3)


def test_a_diverging_learning_rate_shows_a_message_and_clips_the_bars():
    e = loss.LossReplay(lr=2.0, epoch=60)
    assert e._message.get_visible() and "too big" in e._message.get_text()
    assert max(b.get_height() for b in e.bars) <= e._ceiling


SWEEPS = [
    (loss.OutlierLosses, "moved_y", np.linspace(0, 800, 21)),
    (loss.LineFit, "w", np.linspace(-10, 30, 21)),
    (loss.LogLossCurve, "p", np.linspace(0, 1, 21)),
    (loss.ImageError, "quality", np.linspace(0, 1, 21)),
    (loss.LossReplay, "epoch", np.arange(0, 61, 3)),
]


@pytest.mark.parametrize(("cls", "name", "values"), SWEEPS)
def test_a_slider_update_computes_and_updates_in_under_50_ms_median(cls, name, values):
    """Compute + update only (drawing is timed in the report: it depends on the machine)."""
    e = cls()
    e.figure.canvas.draw_idle = lambda: None  # keep Agg from drawing inside refresh
    times = []
    for value in values:
        start = time.perf_counter()
        e.controls[name].value = type(e.controls[name].value)(value)
        times.append(time.perf_counter() - start)
        assert e.describe(e.last_result)
    assert np.median(times) < 0.05
