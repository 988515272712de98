"""Lesson 01's experiments: computed from real data and models, updated in place."""

from __future__ import annotations

import numpy as np
import pytest
from sklearn.linear_model import LinearRegression

from course_lib import datasets, images, losses, regression, stability
from course_lib.lessons import loss
from course_lib.lessons.loss import loss_replay


def test_the_experiments_use_the_course_data_sets():
    np.testing.assert_array_equal(loss.OutlierLosses().patients.bmi, datasets.diabetes(12, 1).bmi)
    np.testing.assert_array_equal(loss.LineFit().patients.bmi, datasets.diabetes(20, 0).bmi)
    image = loss.ImageError(digit=5).last_result.target
    np.testing.assert_array_equal(image, datasets.digit_image(5))


def test_the_cross_entropy_probabilities_come_from_the_fixed_line_with_normal_errors():
    e = loss.OutlierLosses()
    everyone = datasets.diabetes()
    w, b = e.model
    sigma = np.std(everyone.progression - (w * everyone.bmi + b))
    expected = regression.normal_cdf(
        (w * e.patients.bmi + b - np.median(everyone.progression)) / sigma
    )
    np.testing.assert_allclose(e.probabilities, expected, rtol=1e-12)


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
    assert max(b.get_height() for b in e.bars) <= e.ceiling
    assert np.all(np.asarray(e.q_curve.get_ydata()) <= e.q_range[1])
