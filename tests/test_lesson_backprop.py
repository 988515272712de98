"""Lesson 03's live experiments: what they show is what the concept modules compute.

The concepts themselves are tested beside them (test_chain_rule, test_blame,
test_planted_bugs, test_training, test_vanishing_gradients); the contract every
experiment keeps (each control moves the figure, repaint equals redraw) in test_live.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from course_lib import (
    blame,
    chain_rule,
    gradient_cost,
    neuron,
    planted_bugs,
    training,
    vanishing_gradients,
)
from course_lib.lessons import backprop as bp
from course_lib.lessons.backprop import grad_check, neuron_graph, playground
from course_lib.lessons.backprop import vanishing_gradients as vanishing
from course_lib.lessons.backprop.blame import BAR_RANGE, RATIO_RANGE
from course_lib.lessons.backprop.vanishing_gradients import GRAD_RANGE
from course_lib.lessons.player import Player
from course_lib.nn import MLP


def _texts(texts) -> list[str]:
    return [t.get_text() for t in texts]


# -- 1. NeuronGraph ------------------------------------------------------------------------------
def test_every_node_of_the_graph_has_a_box_and_a_label():
    nodes = set(chain_rule.GRAPH_PARENTS).union(*chain_rule.GRAPH_PARENTS.values())
    assert set(neuron_graph.GRAPH_POSITIONS) == set(neuron_graph.GRAPH_LABELS) == nodes


def test_the_backward_step_slider_reveals_the_gradients_one_node_at_a_time():
    e = bp.NeuronGraph()
    order = chain_rule.BACKWARD_ORDER
    grads = e.last_result.graph.grads
    assert all(text == "" for text in _texts(e.grad_texts.values()))
    assert "no gradient computed yet" in e.summary.value
    for step in range(1, len(order) + 1):
        e.controls["backward_step"].value = step
        shown = {n for n, t in e.grad_texts.items() if t.get_text()}
        assert shown == set(order[:step])
        current = order[step - 1]
        assert e.grad_texts[current].get_text() == f"∂L/∂{current} = {grads[current]:+.3f}"
        assert e.highlight.get_visible()
        x = neuron_graph.GRAPH_POSITIONS[current][0] - neuron_graph.BOX_W / 2
        assert e.highlight.get_x() == pytest.approx(x)
        assert e.explanation.get_text().endswith(e.last_result.graph.explanations[current])
    assert "backward pass complete" in e.summary.value


def test_moving_w1_recomputes_the_forward_values():
    e = bp.NeuronGraph(backward_step=10)
    e.controls["w1"].value = 1.0
    expected = chain_rule.neuron_graph(**{**chain_rule.NEURON_START, "w1": 1.0})
    assert e.value_texts["p1"].get_text() == f"{expected.values['p1']:.3f}" == "2.000"
    assert e.grad_texts["w1"].get_text() == f"∂L/∂w1 = {expected.grads['w1']:+.3f}"
    assert f"L = (a − 1)² = {expected.values['L']:.3f}" in e.summary.value


# -- 2. Blame ------------------------------------------------------------------------------------
def test_blame_shows_the_gradients_shares_and_the_step_for_the_chosen_lr():
    e = bp.Blame(example="(0, 1) → 1", lr=0.01)
    r = e.last_result
    largest = np.max(np.abs(r.blamed.gradient))  # the bars are scaled to it, and say so
    heights = [bar.get_height() for bar in e.bars]
    np.testing.assert_allclose(np.multiply(heights, largest), r.blamed.gradient)
    assert e.scale_text.get_text() == f"largest |gradient|: {largest:.3g} (bias out)"
    assert _texts(e.share_texts) == [f"{100 * s:.0f}%" for s in r.blamed.shares]
    assert "down" in e.verdict.get_text() and "none on x1→h1, x1→h2" in e.summary.value
    x, y = e.now_marker.get_data()  # loss after ÷ loss before
    assert x[0] == 0.01 and y[0] == pytest.approx(r.loss_after / r.blamed.loss)
    assert r.loss_after == blame.example_blame("(0, 1) → 1").loss_after(0.01)
    e.controls["lr"].value = 5.0
    assert "UP" in e.verdict.get_text() and "overshoots" in e.summary.value
    assert e.last_result.loss_after > e.last_result.blamed.loss


def test_every_example_fits_the_fixed_ranges_so_a_change_repaints_only_what_moves():
    e = bp.Blame()
    for example in blame.EXAMPLES:
        e.set(example=example)
        assert e.background_key() is None  # no axis range depends on the example
        ratios = e.last_result.blamed.sweep / e.last_result.blamed.loss
        assert RATIO_RANGE[0] < ratios.min() and ratios.max() < RATIO_RANGE[1]
        low, high = BAR_RANGE
        assert all(low < bar.get_height() <= 1 < high for bar in e.bars)


def test_blame_names_the_learning_rate_where_the_step_starts_to_hurt():
    first_up = blame.example_blame("(1, 1) → 0").first_lr_up
    assert f"the loss goes up from lr ≈ {first_up:.2g}" in bp.Blame().summary.value


# -- 3. GradCheck --------------------------------------------------------------------------------
@pytest.mark.parametrize("derivative", planted_bugs.DERIVATIVES[1:])
def test_every_wrong_derivative_shows_a_failed_check(derivative):
    e = bp.GradCheck(derivative=derivative)
    assert "FAILED" in e.summary.value and e.verdict.get_text() == "FAIL"


def test_a_bug_in_an_operation_the_function_does_not_use_is_said_to_go_unnoticed():
    e = bp.GradCheck(function="tanh layer", derivative=planted_bugs.DERIVATIVES[2])
    assert e.last_result.check.ok
    assert "does not use the operation with the bug" in e.summary.value
    e.set(derivative=planted_bugs.DERIVATIVES[1])  # a tanh bug
    assert not e.last_result.check.ok


def test_the_check_shows_both_gradients_per_parameter_and_the_relative_errors():
    e = bp.GradCheck(derivative=planted_bugs.DERIVATIVES[1])
    r = e.last_result
    assert len(r.analytic) == 13  # W1 2x3, b1 3, w2 3, b2 1
    np.testing.assert_array_equal(e.analytic_marks.get_ydata(), r.analytic)
    np.testing.assert_array_equal(e.numeric_marks.get_ydata(), r.numeric)
    by_hand = np.abs(r.analytic - r.numeric) / np.maximum(np.abs(r.analytic), np.abs(r.numeric))
    np.testing.assert_allclose(r.errors, by_hand)
    # the parameters after W1 and b1 (w2, b2) come before any tanh: they still agree
    assert np.all(r.errors[9:] < 1e-6) and np.all(r.errors[:6] > 1e-3)
    assert f"max relative error {r.max_error:.2g}" in e.summary.value
    assert e.parameter_label.get_text() == "parameter (W1 2×3, b1 3, w2 3, b2 scalar)"


def test_every_function_fits_the_fixed_axes_so_a_change_repaints_only_what_moves():
    e = bp.GradCheck()
    assert e.ax_values.get_ylim() == grad_check.VALUE_RANGE and e.background_key() is None
    for function in planted_bugs.CHECKED_FUNCTIONS:
        for derivative in planted_bugs.DERIVATIVES:
            e.set(function=function, derivative=derivative)
            r = e.last_result
            for values in (r.analytic, r.numeric):  # inside the axis, below the legend
                assert np.all(np.abs(values) < 1) and np.all(values != 0)
        n = len(e.last_result.analytic)
        at = grad_check.parameter_positions(n)
        np.testing.assert_array_equal(e.numeric_marks.get_xdata(), at)
        for numbers in e.parameter_numbers:  # one number under each point, no more
            shown = [
                (mark.get_marker(), *mark.get_xdata()) for mark in numbers if mark.get_visible()
            ]
            assert shown == [(f"${i + 1}$", x) for i, x in enumerate(at)]
        assert e.title.get_text().endswith(planted_bugs.CHECKED_FUNCTIONS[function].formula)


def test_the_eps_sweep_is_shown_and_a_step_at_either_end_fails():
    e = bp.GradCheck()
    np.testing.assert_array_equal(
        e.last_result.sweep_correct, planted_bugs.eps_sweep("two-layer net", "correct")
    )
    for eps in (1e-12, 1e-1):
        e.controls["eps"].value = eps
        assert "FAILED" in e.summary.value
        assert e.eps_line.get_xdata()[0] == pytest.approx(eps)


# -- 4. Playground -------------------------------------------------------------------------------
def test_training_tick_by_tick_equals_training_in_one_go_and_going_back_is_exact():
    e = bp.Playground(dataset="circles")
    for step in range(0, 201, playground.PLAY_STEP):
        e.controls["step"].value = step
    ticked = e.last_result
    fresh = training.train_classifier(ticked.config, 200)
    np.testing.assert_array_equal(ticked.train_losses, fresh.train_losses)
    np.testing.assert_array_equal(ticked.probabilities, fresh.probabilities)
    e.set(step=100)  # back, to a step it stopped at
    np.testing.assert_array_equal(
        e.last_result.probabilities, training.train_classifier(ticked.config, 100).probabilities
    )
    e.set(step=130)  # back, to a step it only passed through
    np.testing.assert_array_equal(
        e.last_result.probabilities, training.train_classifier(ticked.config, 130).probabilities
    )
    np.testing.assert_array_equal(e.last_result.train_losses, fresh.train_losses[:131])


def test_the_playground_draws_the_split_points_curves_and_step():
    e = bp.Playground(dataset="moons", step=100)
    r = e.last_result
    assert len(r.train) == len(r.test) == training.POINTS // 2
    for (split, label), points in e.points.items():
        data = r.train if split == "train" else r.test
        np.testing.assert_array_equal(points.get_offsets(), data.X[data.y == label])
    loss_range = playground.LOSS_RANGE
    np.testing.assert_allclose(e.train_line.get_ydata(), np.clip(r.train_losses, *loss_range))
    assert len(e.test_line.get_xdata()) == 101 and e.step_line.get_xdata()[0] == 100
    assert f"step 100: test accuracy {r.test_accuracy:.1%}" == e.status.get_text()
    assert e.test_end.get_xdata()[0] == 100
    assert e.test_end.get_ydata()[0] == pytest.approx(r.test_losses[100])
    np.testing.assert_array_equal(e.image.get_array(), r.probabilities)
    assert "untrained: press Play" in bp.Playground().status.get_text()
    summary = e.summary.value
    assert "moons (noise 0.05), MLP 2-8-8-2 tanh, Adam lr 0.03, L2 0: step 100" in summary
    assert f"test {r.test_accuracy:.1%}" in summary


def test_settings_change_the_network_and_the_reproduce_line_records_them():
    e = bp.Playground(step=40)
    e.set(width=3, depth=1, activation="relu", l2=0.01)
    assert e.last_result.config.sizes == [2, 3, 2]
    assert e.code() == (
        "backprop.Playground(dataset='moons', noise=0.05, width=3, depth=1, activation='relu', "
        "lr=0.03, l2=0.01, step=40)"
    )
    with pytest.raises(ValueError, match="step must be between 0 and 1000, got 5000"):
        bp.Playground(step=5000)


def test_the_player_has_a_step_slider_beside_it_and_moves_it():
    e = bp.Playground()
    controls = e.widget.children[0].children
    assert controls[-2] is e.controls["step"] and controls[-1] is e.scrubber
    player = e.controls["step"]
    assert isinstance(player, Player)
    assert [player.play_button.description, player.stop_button.description] == ["▶ Play", "■ Stop"]
    assert (e.scrubber.min, e.scrubber.max, e.scrubber.step) == (
        0,
        playground.MAX_STEPS,
        playground.PLAY_STEP,
    )
    assert (player.min, player.max, player.step) == (0, playground.MAX_STEPS, playground.PLAY_STEP)
    player.tick()  # what the timer does while playing
    assert e.scrubber.value == e.last_result.step == playground.PLAY_STEP
    e.scrubber.value = 300  # and the slider moves the player
    assert player.value == e.last_result.step == 300
    assert e.widget.children[0].children == controls  # built once, not appended again
    assert playground.PLAY_STEP == training.SNAPSHOT_EVERY  # every tick lands on a kept copy


@pytest.mark.parametrize(
    "settings",
    [
        {"dataset": "circles", "activation": "relu", "lr": 1.0},
        {"dataset": "spirals", "activation": "relu", "lr": 0.3},
    ],
)
def test_a_learning_rate_far_too_large_shows_a_message_instead_of_raising(settings):
    e = bp.Playground(step=400, **settings)
    assert e._message.get_visible()
    assert "lr = " in e._message.get_text()
    e.figure.canvas.draw()
    e.set(lr=0.03)
    assert not e._message.get_visible()


def test_trouble_messages_say_what_went_wrong():
    def result(losses):
        losses = np.asarray(losses, dtype=float)
        return training.TrainingState(
            training.TrainingConfig(lr=0.5), len(losses) - 1, None, None, None, losses, losses, 0, 0
        )

    trouble = playground.playground_trouble
    assert trouble(result(np.linspace(0.7, 0.01, 301))) is None
    assert trouble(result(np.linspace(0.7, 0.01, 50))) is None  # too early to say
    assert "went UP" in trouble(result(np.linspace(0.7, 0.9, 301)))
    jumpy = 0.3 + 0.1 * (np.arange(301) % 2)
    assert "rose in 50% of the last 80 steps" in trouble(result(jumpy))
    flat = np.full(301, np.log(2))
    flat[0] = 0.8
    assert "50/50 everywhere" in trouble(result(flat))


def test_too_strong_l2_is_named_and_making_it_smaller_helps_where_lr_does_not():
    e = bp.Playground(step=300, l2=0.1)
    message = e._message.get_text()
    assert "L2 = 0.1 is too strong" in message and "lr = 0.03 is too large" not in message
    stuck = e.last_result.test_accuracy
    assert e.set(lr=0.3).last_result.test_accuracy < stuck + 0.05  # lr does not help
    assert e.set(lr=0.03, l2=0.01).last_result.test_accuracy > stuck + 0.2  # smaller L2 does


def test_retraining_says_so_at_once_over_the_previous_picture(monkeypatch):
    e = bp.Playground(step=100)
    shown = []
    monkeypatch.setattr(e, "_redraw", lambda: shown.append(e._message.get_text()))
    e.controls["width"].value = 4
    assert shown[0].startswith("Training the new network (100 steps)")
    assert not e._message.get_visible()  # gone once the new picture is drawn
    shown.clear()
    e.controls["step"].value = 60  # the same network: nothing to train again
    assert not any("Training" in text for text in shown)
    e.set(step=playground.TRAINING_SHOWN_FROM - playground.PLAY_STEP)
    shown.clear()
    e.controls["width"].value = 5  # a few steps train faster than the message is drawn
    assert not any("Training" in text for text in shown) and len(shown) == 1


# -- 5. VanishingGradients -----------------------------------------------------------------------
def test_every_activation_is_summarised_with_the_same_quantities():
    e = bp.VanishingGradients(activation="sigmoid", depth=10)
    for name in ("sigmoid", "tanh", "relu"):
        g = e.last_result.grads[name]
        np.testing.assert_array_equal(g, vanishing_gradients.layer_gradients(name, 10))
        said = (
            f"{name}: first layer {g[0]:.2g}, last {g[-1]:.2g}, first / last = {g[0] / g[-1]:.2g}"
        )
        assert said in e.summary.value
        row = list(vanishing.LOOKS).index(name)
        assert e.table_texts["first / last"].get_text().split("\n")[row] == f"{g[0] / g[-1]:.2g}"
        assert f"(×{vanishing_gradients.per_layer_factor(g):.2f} per layer)" in e.summary.value


def test_the_depth_and_activation_controls_move_the_lines_and_the_layer_axis():
    e = bp.VanishingGradients()
    e.controls["depth"].value = 4
    x, y = e.lines["sigmoid"].get_data()
    assert list(x) == [1, 2, 3, 4, 5]
    assert e.ax.get_xlim() == (0.5, 5.5)  # no empty layers past the last one
    numbered = [k for k, number in enumerate(e.layer_numbers, 1) if number.get_visible()]
    assert numbered == [1, 2, 3, 4, 5] and list(e.layer_ticks.get_xdata()) == numbered
    e.controls["depth"].value = 20
    numbered = [k for k, number in enumerate(e.layer_numbers, 1) if number.get_visible()]
    assert numbered == [5, 10, 15, 20]
    e.controls["depth"].value = 4
    np.testing.assert_allclose(y, vanishing_gradients.layer_gradients("sigmoid", 4))
    e.controls["activation"].value = "relu"
    assert e.lines["relu"].get_linewidth() > e.lines["sigmoid"].get_linewidth()
    assert all(line.get_alpha() in (None, 1.0) for line in e.lines.values())  # none pale
    assert e.summary.value.split("</b> ")[1].startswith("4 hidden layers")


def test_a_small_start_kills_tanh_gradients_that_the_scaled_start_keeps_alive():
    e = bp.VanishingGradients(activation="tanh", depth=10)
    alive = e.last_result.grads["tanh"][0]
    e.controls["init"].value = "small (std 0.1)"
    assert e.last_result.grads["tanh"][0] < 1e-3 * alive
    assert e.init_text.get_text() == "weights start small (std 0.1)"


def test_the_deepest_sigmoid_net_stays_on_the_plot():
    e = bp.VanishingGradients(activation="sigmoid", depth=20)
    y = e.lines["sigmoid"].get_ydata()
    assert np.all(np.isfinite(y)) and y.min() >= GRAD_RANGE[0]
    e.figure.canvas.draw()


# -- the text says what the numbers show ------------------------------------------------------
NOTEBOOK = Path(__file__).resolve().parents[1] / "notebooks" / "03_backprop.py"


def _prose() -> str:
    """The lesson's markdown and strings, on one line each sentence (comment marks gone)."""
    lines = [line.removeprefix("#").strip() for line in NOTEBOOK.read_text("utf-8").splitlines()]
    return " ".join(lines)


def test_the_text_says_sigmoid_shrinks_the_gradient_by_about_a_quarter_per_layer():
    z = np.linspace(-10, 10, 20001)
    assert np.max(neuron.sigmoid(z) * (1 - neuron.sigmoid(z))) == pytest.approx(0.25)
    sigmoid = vanishing_gradients.gradient_summary(10)["sigmoid"]
    assert 0.2 < sigmoid.factor < 0.3 and sigmoid.ratio < 1e-5
    text = _prose()
    assert "The sigmoid's derivative is at most 0.25" in text
    assert "Sigmoid's gradient shrinks by about its largest slope, 1/4, in every layer" in text
    assert "(10 hidden layers of 16)" in text and vanishing_gradients.WIDTH == 16
    assert bp.VanishingGradients().settings["depth"] == 10


def test_the_text_says_the_scaled_start_keeps_tanh_alive_and_a_small_start_kills_it():
    scaled = vanishing_gradients.gradient_summary(10)
    small = vanishing_gradients.gradient_summary(10, "small (std 0.1)")
    assert 0.5 < scaled["tanh"].ratio < 2  # keeps its size from the last layer to the first
    for activation in ("tanh", "relu"):  # healthy ratio, dead gradients
        assert 0.5 < small[activation].ratio < 2
        assert small[activation].first < 1e-3 * scaled[activation].first
        assert small[activation].last < 1e-3 * scaled[activation].last
    assert small["sigmoid"].factor < scaled["sigmoid"].factor  # vanishes faster still
    text = _prose()
    assert "with the scaled start its gradient keeps its size from the last layer" in text
    assert "the ratio first / last looks healthy, the gradients are dead" in text
    assert "(sigmoid's vanish faster still)" in text


def test_the_text_says_what_a_large_start_does_to_each_activation():
    large = vanishing_gradients.gradient_summary(10, "large (std 1)")
    scaled = vanishing_gradients.gradient_summary(10)
    assert large["tanh"].factor > 1  # grows going back
    assert large["sigmoid"].ratio < 1e-2  # still vanishes
    assert large["relu"].first > 1e3 * scaled["relu"].first  # huge in every layer
    assert large["relu"].last > 1e3 * scaled["relu"].last
    text = _prose()
    assert "tanh's gradient grows layer after layer going back" in text
    assert "sigmoid's units saturate and its gradient still vanishes" in text
    assert "relu's gradients are huge in every layer" in text


def test_the_text_says_finite_differences_take_one_forward_pass_per_weight():
    for row in gradient_cost.cost_table([2, 4]):
        assert row.forward_passes == row.weights + 1  # one per weight, and one at the start
    largest = MLP([2, 32, 32, 2], "tanh", rng=0)  # the table's largest network, not timed
    weights = sum(p.data.size for p in largest.parameters())
    assert round(weights, -2) == 1200
    text = _prose()
    assert "That is one forward pass per weight" in text
    assert "A network with about 1,200 weights" in text
    assert "table = cost_table([2, 4, 8, 16, 32])" in NOTEBOOK.read_text("utf-8")


def test_the_text_says_a_small_step_lowers_the_loss_and_a_large_one_does_not():
    for example in blame.EXAMPLES:
        blamed = blame.example_blame(example)
        assert blamed.sweep[0] < blamed.loss and blamed.first_lr_up is not None
    assert "the loss falls — if the step is small enough" in _prose()
