"""Lesson 02's text states what its numbers show (the notebook's claims, recomputed here)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from course_lib import convergence, datasets, landscapes, neuron, optimizers, regression, stability

NOTEBOOK = Path(__file__).resolve().parents[1] / "notebooks" / "02_gradient_descent.py"
TEXT = NOTEBOOK.read_text(encoding="utf-8")


def _between(start: str, end: str) -> str:
    return TEXT[TEXT.index(start) : TEXT.index(end, TEXT.index(start))]


def test_no_answer_above_exercise_1():
    above = _between("## 2. The learning rate", "### Exercise 1")
    for answer in ("2 / λ", "2/λ", "2 / lambda", "η < 2"):
        assert answer not in above


def test_the_lesson_asks_for_at_least_two_predictions_and_reveals_them():
    assert TEXT.count("predict.choice(") + TEXT.count("predict.number(") >= 2
    assert TEXT.count(".reveal(") >= 2


def test_schedules_are_going_further_after_the_summary():
    summary = TEXT.index("## Summary")
    going_further = TEXT.index("## Going further")
    assert summary < going_further < TEXT.index("gradient_descent.Schedules()")
    assert TEXT.index("def cosine_schedule") > going_further
    main = TEXT[:summary]
    assert main.count("gradient_descent.") - main.count("from course_lib.lessons") <= 6


def test_two_over_lambda_max_predicts_where_lesson_00s_linear_neuron_blows_up():
    devices = datasets.devices()
    limit = stability.max_stable_lr(stability.linear_mse_hessian(devices.X))
    below = neuron.train(devices.X, devices.y, 0.98 * limit, activation="linear")
    above = neuron.train(devices.X, devices.y, 1.02 * limit, activation="linear")
    assert below.losses[-1] < below.losses[0] / 100
    assert above.losses[-1] > above.losses[0] * 100
    assert "stability.linear_mse_hessian(devices.X)" in TEXT
    # lesson 00's sweep: the limit lies between its two rates, just below the finite one
    lrs = np.logspace(-3, 3, 49)
    finals = neuron.final_losses(devices.X, devices.y, lrs, activation="linear")
    low, high = neuron.divergence_bracket(lrs, finals)
    assert limit < low < high and low < 1.01 * limit
    assert "it is just *below* the sweep's last finite rate" in TEXT
    # "100 epochs showed a larger but finite loss, and the blow-up came hundreds of epochs later"
    edge = neuron.train(devices.X, devices.y, low, 2000, activation="linear")
    assert edge.losses[0] < edge.losses[100] < stability.DIVERGED_LOSS
    assert 100 < edge.diverged_at < 1000
    assert "the blow-up came hundreds of epochs later" in TEXT


def _conditioning(bmi):
    low, high = np.linalg.eigvalsh(stability.linear_mse_hessian(bmi))
    best_lr = 2 / (low + high)
    return high / low, best_lr, convergence.steps_to_shrink(best_lr, [low, high], 1e-3)


def test_standardising_turns_the_bmi_bowl_round_as_the_text_says():
    patients = datasets.diabetes()
    standardised, _, _ = regression.standardize(patients.bmi)
    raw_kappa, raw_lr, raw_steps = _conditioning(patients.bmi)
    std_kappa, std_lr, std_steps = _conditioning(standardised)
    assert 20_000 < raw_kappa < 30_000  # the summary: "about 26,000"
    assert std_kappa == pytest.approx(1)
    assert 10_000 <= raw_steps < 100_000 and std_steps == 1  # "tens of thousands", "one"
    assert "raw BMI's condition number of about 26,000" in TEXT
    assert "counts tens of thousands of steps" in TEXT
    # "a thousand steps leave almost all of the way still to go", "a single step ... lands"
    best_w, best_b = regression.least_squares(patients.bmi, patients.progression)
    run = regression.train(patients.bmi, patients.progression, raw_lr, epochs=1000)
    left = np.hypot(run.weights[-1][0] - best_w[0], run.biases[-1] - best_b)
    assert left / np.hypot(best_w[0], best_b) > 0.9
    best_w, best_b = regression.least_squares(standardised, patients.progression)
    run = regression.train(standardised, patients.progression, std_lr, epochs=1)
    np.testing.assert_allclose([run.weights[-1][0], run.biases[-1]], [best_w[0], best_b])


def test_turning_the_ravine_and_its_start_changes_only_rmsprop_and_adam():
    aligned, turned = landscapes.ravine(), landscapes.ravine(angle_degrees=45)
    grid = np.geomspace(1e-3, 1.0, 31)
    changed = []
    for name, make in optimizers.OPTIMIZERS.items():
        best = [
            min(
                optimizers.optimize_path(s, make(lr=float(lr)), s.start, 100).losses[-1]
                for lr in grid
            )
            for s in (aligned, turned)
        ]
        if not np.isclose(*best):
            changed.append(name)
    assert changed == ["RMSProp", "Adam"]
    assert "only RMSProp's and Adam's" in TEXT
