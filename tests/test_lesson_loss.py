"""Lesson 01's experiments: computed from real data and models, updated in place."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from sklearn.linear_model import LinearRegression

from course_lib import datasets, images, losses, regression, stability
from course_lib.lessons import loss
from course_lib.lessons.loss import line_fit, loss_replay


def test_the_experiments_use_the_course_data_sets():
    for name in ("RobustLines", "LossShares", "ThresholdCrossEntropy"):
        bmi = getattr(loss, name)().patients.bmi
        np.testing.assert_array_equal(bmi, datasets.diabetes(12, 1).bmi)
    np.testing.assert_array_equal(loss.LineFit().patients.bmi, datasets.diabetes(20, 0).bmi)
    image = loss.ImageError(digit=5).last_result.target
    np.testing.assert_array_equal(image, datasets.digit_image(5))


def test_the_cross_entropy_probabilities_come_from_the_fixed_line_with_normal_errors():
    e = loss.ThresholdCrossEntropy()
    everyone = datasets.diabetes()
    w, b = e.line
    sigma = np.std(everyone.progression - (w * everyone.bmi + b))
    expected = regression.normal_cdf(
        (w * e.patients.bmi + b - np.median(everyone.progression)) / sigma
    )
    np.testing.assert_allclose(e.probabilities, expected, rtol=1e-12)


def test_cross_entropy_changes_once_when_the_patient_crosses_the_threshold_then_stays():
    e = loss.ThresholdCrossEntropy()
    below = e.set(moved_y=5 * (e.threshold // 5)).last_result.moved_loss
    just_above = e.set(moved_y=5 * (e.threshold // 5) + 10).last_result.moved_loss
    far_above = e.set(moved_y=800).last_result.moved_loss
    p = e.probabilities[e.moved]
    assert below == pytest.approx(-np.log(1 - p))
    assert just_above == far_above == pytest.approx(-np.log(p))
    assert e.dot.get_ydata()[0] == pytest.approx(far_above)


def test_loss_shares_follow_the_fixed_models_losses():
    e = loss.LossShares(moved_y=800)
    r = e.last_result
    w, b = e.model
    errors = r.y - (w * e.patients.bmi + b)
    assert r.shares["MSE"] == pytest.approx(100 * errors[e.moved] ** 2 / np.sum(errors**2))
    assert r.shares["MAE"] == pytest.approx(100 * abs(errors[e.moved]) / np.sum(np.abs(errors)))
    assert r.shares["MSE"] > r.shares["MAE"] > 100 / 12
    assert [bar.get_height() for bar in e.bars] == pytest.approx([r.shares["MSE"], r.shares["MAE"]])


def test_moving_the_outlier_further_moves_the_mse_line_but_not_the_mae_line():
    e = loss.RobustLines(moved_y=600)
    at_600 = e.last_result
    at_800 = e.set(moved_y=800).last_result
    assert at_600.mae_line == at_800.mae_line
    assert at_600.median == at_800.median
    assert at_800.mean - at_600.mean == pytest.approx(200 / 12)
    assert at_600.mse_line != pytest.approx(at_800.mse_line)
    assert at_800.mse_line == pytest.approx(losses.best_line(e.patients.bmi, at_800.y, "mse"))
    assert at_800.mae_line == pytest.approx(losses.best_line(e.patients.bmi, at_800.y, "mae"))


def test_line_fit_target_is_ten_percent_above_least_squares_and_the_challenge_reports_it():
    e = loss.LineFit()
    p = e.patients
    model = LinearRegression().fit(p.bmi[:, None], p.progression)
    best = losses.mse(p.progression, model.predict(p.bmi[:, None]))
    assert e.target == pytest.approx(1.1 * best)
    assert "Challenge:" in e.challenge.value and "reached" not in e.challenge.value
    e.set(w=round(model.coef_[0], 1), b=round(model.intercept_))
    assert "Challenge reached" in e.challenge.value
    assert e.last_result.mse <= e.target


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
    np.testing.assert_allclose(e.images[2].get_array(), (r.output - r.target) ** 2)
    assert r.mse == pytest.approx(losses.mse(r.target.ravel(), r.output.ravel()))
    assert e.set(quality=1.0).last_result.mse == 0
    np.testing.assert_array_equal(images.model_output(r.target, 0.4, 7), r.output)


def test_loss_replay_indexes_one_memoised_real_training_run():
    e = loss.LossReplay(epoch=0)
    run = e.run(0.05)
    e.set(epoch=30)
    assert e.run(0.05) is run
    np.testing.assert_allclose([b.get_height() for b in e.bars], run.per_example_losses[30])
    expected = regression.train(e.x, e.patients.progression, 0.05, loss_replay.REPLAY_EPOCHS)
    np.testing.assert_allclose(run.per_example_losses, expected.per_example_losses)
    assert run.risk[-1] == pytest.approx(e.best_q, rel=1e-3)


def test_loss_replay_names_the_largest_stable_learning_rate_of_its_data():
    e = loss.LossReplay()
    hessian = stability.linear_mse_hessian(e.x)
    assert e.stable_lr == pytest.approx(2 / np.linalg.eigvalsh(hessian).max(), rel=1e-12)
    assert loss.LossReplay(lr=0.95 * e.stable_lr, epoch=60).last_result.run.diverged_at is None


def test_a_diverging_learning_rate_shows_a_message_and_clips_the_bars():
    e = loss.LossReplay(lr=2.0, epoch=60)
    assert e._message.get_visible() and "too big" in e._message.get_text()
    assert max(b.get_height() for b in e.bars) <= e.ceiling < e.bars[0].axes.get_ylim()[1]
    assert np.all(np.asarray(e.q_curve.get_ydata()) <= e.q_range[1])


def test_the_image_errors_mse_is_a_text_inside_the_error_map_not_a_changing_title():
    e = loss.ImageError(quality=0.5)
    assert e.mse_text.get_text() == f"MSE = {e.last_result.mse:.4f}"
    assert e.mse_text.axes is e.images[2].axes
    x, y = e.mse_text.get_position()
    assert 0 <= x <= 1 and 0 <= y <= 1  # axes coordinates: inside the map
    assert e.images[2].axes.get_title() == "squared error per pixel"


def test_markers_at_the_axis_edges_are_drawn_whole():
    assert not loss.LogLossCurve().dot_1.get_clip_on()
    assert not loss.LossReplay().q_dot.get_clip_on()


def test_single_sliders_have_long_tracks():
    for experiment in (loss.LogLossCurve(), loss.RobustLines(), loss.LineFit()):
        for control in experiment.controls.values():
            if control.description != "digit":
                assert control.layout.width == "520px"


# -- the lesson's text states what its numbers show ------------------------------------------
def _lesson_text() -> str:
    import jupytext

    path = Path(__file__).resolve().parents[1] / "notebooks" / "01_loss.py"
    cells = jupytext.read(path).cells
    return " ".join(c.source for c in cells if c.cell_type == "markdown").replace("\n", " ")


def test_the_text_says_the_mae_line_stops_once_past_and_moves_more_than_the_mse_line():
    text = _lesson_text()
    e = loss.RobustLines()
    start, above, far = (e.set(moved_y=m).last_result for m in (130, 200, 800))
    assert above.mae_line == far.mae_line and above.median == far.median
    assert above.mse_line != pytest.approx(far.mse_line)
    mae_turn = abs(start.mae_line[0] - far.mae_line[0])
    mse_turn = abs(start.mse_line[0] - far.mse_line[0])
    assert mae_turn > mse_turn
    assert "barely move" not in text
    assert "stops moving" in text and "changes by more than the MSE line's" in text


def test_the_best_constant_under_mae_is_the_median_and_cross_entropy_ignores_distance():
    y = loss.RobustLines(moved_y=800).last_result.y
    candidates = [np.mean(y), np.median(y), (y.min() + y.max()) / 2]
    maes = [losses.mae(y, np.full(len(y), c)) for c in candidates]
    assert int(np.argmin(maes)) == 1
    e = loss.ThresholdCrossEntropy()
    assert e.set(moved_y=200).last_result.moved_loss == e.set(moved_y=800).last_result.moved_loss


def test_the_three_class_example_and_the_stalled_neuron_match_the_text():
    from course_lib import neuron

    text = _lesson_text()
    p = np.array([0.60, 0.25, 0.15])
    assert (1 - p[0]) ** 2 == pytest.approx(0.16)
    assert losses.mse([1.0, 0.0, 0.0], p) == pytest.approx(0.0817, abs=5e-5)
    assert losses.categorical_log_loss([0], [p]) == pytest.approx(0.5108, abs=5e-5)
    devices = datasets.devices()
    stalled = neuron.train(devices.X, devices.y, lr=100)
    z = devices.X @ stalled.weights[1] + stalled.biases[1]
    wrong = devices.y == 1  # the glasses, predicted with probability almost 0
    assert np.all(np.abs(losses.sigmoid_squared_error_gradient(devices.y, z)[wrong]) <= 1e-14)
    assert np.allclose(np.abs(losses.sigmoid_cross_entropy_gradient(devices.y, z)[wrong]), 1)
    np.testing.assert_allclose(stalled.weights[1], stalled.weights[-1])
    assert "10⁻¹⁴ and less" in text and "remaining 99 epochs" in text
    assert len(stalled.weights) - 2 == 99


def test_the_text_promises_exactly_what_lesson_02_shows_about_standardising():
    text = _lesson_text()
    assert "explains why" not in text
    assert "condition number" in text and "largest learning rate" in text


def test_line_fits_legend_is_opaque_and_repainted_above_the_residuals():
    e = loss.LineFit(w=-10.0, b=400.0)
    assert e.line_legend in e.moving_artists()
    assert e.line_legend.get_frame().get_alpha() == 1
    assert e.line_legend.get_zorder() > e.residuals.get_zorder()
    ax_mse = e.bar.axes
    assert [t.get_text() for t in ax_mse.get_xticklabels()] == ["your MSE"]


@pytest.mark.parametrize(("w", "b"), [(2.0, 100.0), (2.0, 300.0), (-5.0, 0.0), (25.0, -400.0)])
def test_following_line_fits_advice_lowers_the_mse(w, b):
    e = loss.LineFit(w=w, b=b)
    x, y = e.patients.bmi, e.patients.progression
    before = e.last_result.mse
    advice = e.advice(e.last_result)
    assert advice in e.challenge.value
    if advice.startswith("for w"):
        step = 1.0 if "raise b" in advice else -1.0
        after = e.set(b=b + step).last_result.mse
    else:
        new_w = w + (line_fit.W_STEP if "raise w" in advice else -line_fit.W_STEP)
        after = losses.mse(y, new_w * x + regression.best_bias(x, y, new_w))
    assert after < before
    # and once b is at its best for w, the advice turns to w
    best_b = round(regression.best_bias(x, y, w))
    assert "w a little" in e.set(b=float(best_b)).advice(e.last_result)


def test_the_far_patient_takes_most_of_the_mse_and_less_of_the_mae_as_the_text_says():
    text = _lesson_text()
    e = loss.LossShares()
    at_400, at_800 = (e.set(moved_y=m).last_result.shares for m in (400, 800))
    assert at_400["MSE"] > 50 and at_800["MSE"] > 50
    assert at_400["MAE"] < at_400["MSE"] and at_800["MAE"] < at_800["MSE"]
    assert "takes most of the MSE" in text
