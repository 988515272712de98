"""Lesson 03's live experiments: what they show agrees with independent computations."""

from __future__ import annotations

import re

import numpy as np
import pytest

from course_lib.autograd import Tensor
from course_lib.gradcheck import numerical_gradient
from course_lib.lessons import backprop as bp
from course_lib.nn import MLP


def central_difference(f, x: np.ndarray, eps: float = 1e-6) -> np.ndarray:
    """d f / d x by central differences, in plain numpy (no engine)."""
    x = np.array(x, dtype=float)
    grad = np.zeros_like(x)
    for i in range(x.size):
        step = np.zeros_like(x)
        step.flat[i] = eps
        grad.flat[i] = (f(x + step) - f(x - step)) / (2 * eps)
    return grad


def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def _texts(texts) -> list[str]:
    return [t.get_text() for t in texts]


# -- 1. NeuronGraph ------------------------------------------------------------------------------
def neuron_loss(v: np.ndarray) -> float:
    x1, w1, x2, w2, b = v
    return (sigmoid(w1 * x1 + w2 * x2 + b) - bp.NEURON_START["y"]) ** 2


@pytest.mark.parametrize("w1", [-0.5, 2.3, -3.0])
def test_neuron_graph_gradients_match_the_chain_rule_by_hand_and_finite_differences(w1):
    s = {**bp.NEURON_START, "w1": w1}
    result = bp.neuron_graph(**s)
    # by hand, the chain rule in numpy
    z = s["w1"] * s["x1"] + s["w2"] * s["x2"] + s["b"]
    a = sigmoid(z)
    dL_da = 2 * (a - s["y"])
    dL_dz = dL_da * a * (1 - a)
    hand = {
        "L": 1.0, "a": dL_da, "z": dL_dz, "p1": dL_dz, "p2": dL_dz, "b": dL_dz,
        "w1": dL_dz * s["x1"], "x1": dL_dz * s["w1"], "w2": dL_dz * s["x2"], "x2": dL_dz * s["w2"],
    }  # fmt: skip
    for name, value in hand.items():
        assert result.grads[name] == pytest.approx(value, rel=1e-12, abs=1e-15), name
    assert result.values["L"] == pytest.approx((a - s["y"]) ** 2)
    leaves = ("x1", "w1", "x2", "w2", "b")
    numeric = central_difference(neuron_loss, np.array([s[n] for n in leaves]))
    for name, value in zip(leaves, numeric, strict=True):
        assert result.grads[name] == pytest.approx(value, rel=1e-6, abs=1e-9), name


def test_each_chain_rule_line_ends_in_the_engines_gradient():
    result = bp.neuron_graph(**bp.NEURON_START)
    for name in bp.BACKWARD_ORDER[1:]:
        line = result.explanations[name]
        shown = float(re.findall(r"= ([-+−]?\d+\.\d+)", line)[-1].replace("−", "-"))
        assert shown == pytest.approx(result.grads[name], abs=5e-4), line


def test_the_backward_order_reaches_each_node_after_every_node_that_uses_it():
    position = {name: i for i, name in enumerate(bp.BACKWARD_ORDER)}
    for child, parents in bp.GRAPH_PARENTS.items():
        for parent in parents:
            if parent != "y":  # the target is a constant: no gradient
                assert position[parent] > position[child], (parent, child)
    assert set(bp.BACKWARD_ORDER) == set(bp.GRAPH_POSITIONS) - {"y"}


def test_the_backward_step_slider_reveals_the_gradients_one_node_at_a_time():
    e = bp.NeuronGraph()
    grads = e.last_result.grads
    assert all(text == "" for text in _texts(e.grad_texts.values()))
    assert "no gradient computed yet" in e.summary.value
    before = e.png()
    for step in range(1, len(bp.BACKWARD_ORDER) + 1):
        e.controls["backward_step"].value = step
        shown = {n for n, t in e.grad_texts.items() if t.get_text()}
        assert shown == set(bp.BACKWARD_ORDER[:step])
        current = bp.BACKWARD_ORDER[step - 1]
        assert e.grad_texts[current].get_text() == f"∂L/∂{current} = {grads[current]:+.3f}"
        assert e.highlight.get_visible()
        assert e.highlight.get_x() == pytest.approx(bp.GRAPH_POSITIONS[current][0] - 0.8)
    assert "backward pass complete" in e.summary.value
    assert e.png() != before


def test_moving_w1_recomputes_the_forward_values():
    e = bp.NeuronGraph(backward_step=10)
    e.controls["w1"].value = 1.0
    expected = bp.neuron_graph(**{**bp.NEURON_START, "w1": 1.0})
    assert e.value_texts["p1"].get_text() == f"{expected.values['p1']:.3f}" == "2.000"
    assert e.grad_texts["w1"].get_text() == f"∂L/∂w1 = {expected.grads['w1']:+.3f}"
    assert f"L = (a − 1)² = {expected.values['L']:.3f}" in e.summary.value


# -- 2. Blame ------------------------------------------------------------------------------------
def blame_numpy_loss(flat: np.ndarray, x, y) -> float:
    W1, b1, w2, b2 = flat[:4].reshape(2, 2), flat[4:6], flat[6:8], flat[8]
    return float((np.tanh(np.array(x) @ W1 + b1) @ w2 + b2 - y) ** 2)


START = np.concatenate([p.ravel() for p in bp.BLAME_START.values()])


@pytest.mark.parametrize("example", list(bp.BLAME_EXAMPLES))
def test_blame_gradients_match_finite_differences_of_an_independent_numpy_network(example):
    x, y = bp.BLAME_EXAMPLES[example]
    output, loss, gradient = bp.blame_gradient(example)
    assert loss == pytest.approx(blame_numpy_loss(START, x, y), rel=1e-12)
    numeric = central_difference(lambda v: blame_numpy_loss(v, x, y), START)
    np.testing.assert_allclose(gradient, numeric, rtol=1e-6, atol=1e-9)
    # weights that carry an input of 0 get no blame at all
    for i, name in enumerate(bp.BLAME_NAMES[:4]):
        source = int(name[1]) - 1
        assert (gradient[i] == 0) == (x[source] == 0)


@pytest.mark.parametrize("example", list(bp.BLAME_EXAMPLES))
def test_one_small_step_lowers_the_loss_and_a_huge_one_raises_it(example):
    x, y = bp.BLAME_EXAMPLES[example]
    _, loss, gradient = bp.blame_gradient(example)
    small = bp.loss_after_step(example, 0.01, gradient)
    assert small == pytest.approx(blame_numpy_loss(START - 0.01 * gradient, x, y), rel=1e-12)
    assert small < loss
    # first order: the drop is lr * |g|^2, up to terms in lr^2
    assert loss - small == pytest.approx(0.01 * np.sum(gradient**2), rel=0.1)
    assert bp.loss_after_step(example, 10.0, gradient) > loss


def test_blame_shows_the_gradients_shares_and_the_step_for_the_chosen_lr():
    e = bp.Blame(example="(0, 1) → 1", lr=0.01)
    r = e.last_result
    np.testing.assert_allclose([bar.get_height() for bar in e.bars], r.gradient)
    assert r.shares.sum() == pytest.approx(1.0)
    assert _texts(e.share_texts) == [f"{100 * s:.0f}%" for s in r.shares]
    assert "down" in e.verdict.get_text() and "none on x1→h1, x1→h2" in e.summary.value
    x, y = e.now_marker.get_data()
    assert x[0] == 0.01 and y[0] == pytest.approx(r.loss_after)
    before = e.png()
    e.controls["lr"].value = 5.0
    assert "UP" in e.verdict.get_text() and "overshoots" in e.summary.value
    assert e.last_result.loss_after > e.last_result.loss_before
    assert e.png() != before


def test_blame_names_the_learning_rate_where_the_step_starts_to_hurt():
    r = bp.Blame(example="(1, 1) → 0").last_result
    first_up = r.first_lr_up
    assert first_up is not None and r.best_lr < first_up
    gradient = r.gradient
    just_below = bp.BLAME_LRS[np.searchsorted(bp.BLAME_LRS, first_up) - 1]
    assert bp.loss_after_step(r.example, just_below, gradient) <= r.loss_before
    assert bp.loss_after_step(r.example, first_up, gradient) > r.loss_before
    assert f"the loss goes up from lr ≈ {first_up:.2g}" in bp.Blame().summary.value


# -- 3. GradCheck --------------------------------------------------------------------------------
@pytest.mark.parametrize("function", list(bp.CHECKED_FUNCTIONS))
def test_the_correct_derivatives_pass_the_check(function):
    result = bp.check_gradients(function, "correct", 1e-6)
    assert result.ok
    assert bp.relative_errors(result).max() < 1e-6


@pytest.mark.parametrize("derivative", bp.DERIVATIVES[1:])
def test_every_wrong_derivative_fails_the_check_on_the_two_layer_net(derivative):
    result = bp.check_gradients("two-layer net", derivative, 1e-6)
    assert not result.ok
    assert bp.relative_errors(result).max() > 0.1
    e = bp.GradCheck(derivative=derivative)
    assert "FAILED" in e.summary.value and e.verdict.get_text() == "FAIL"


def test_a_bug_in_an_operation_the_function_does_not_use_goes_unnoticed():
    e = bp.GradCheck(function="tanh layer", derivative=bp.DERIVATIVES[2])  # a sigmoid bug
    assert e.last_result.check.ok
    assert "does not use the operation with the bug" in e.summary.value
    e.set(derivative=bp.DERIVATIVES[1])  # a tanh bug
    assert not e.last_result.check.ok


def test_forgetting_the_factor_two_halves_every_gradient():
    result = bp.check_gradients("sigmoid neuron", bp.DERIVATIVES[3], 1e-6)
    for analytic, numeric in zip(result.analytic, result.numeric, strict=True):
        np.testing.assert_allclose(analytic, numeric / 2, rtol=1e-6)


def test_the_wrong_tanh_derivative_is_exactly_the_stated_formula():
    x = np.array([[-1.5, 0.2, 0.7]])
    t = Tensor(x, requires_grad=True)
    bp.tanh(t, bp.DERIVATIVES[1]).sum().backward()
    np.testing.assert_allclose(t.grad, 1 - np.tanh(x))
    np.testing.assert_array_equal(bp.tanh(Tensor(x), bp.DERIVATIVES[1]).data, np.tanh(x))


def test_a_custom_op_with_the_right_derivative_agrees_with_the_engine():
    x = np.array([-2.0, -0.1, 0.4, 3.0])
    ours, engine = Tensor(x, requires_grad=True), Tensor(x, requires_grad=True)
    s = sigmoid(x)
    out = bp.custom_op(ours, s, s * (1 - s))
    np.testing.assert_array_equal(out.data, s)
    (out * [1.0, 2.0, 3.0, 4.0]).sum().backward()
    (engine.sigmoid() * [1.0, 2.0, 3.0, 4.0]).sum().backward()
    np.testing.assert_allclose(ours.grad, engine.grad, rtol=1e-12)
    numeric = numerical_gradient(lambda v: (bp.custom_op(v, sigmoid(v.data), 0.0)).sum(), [x])
    np.testing.assert_allclose(numeric[0], s * (1 - s), rtol=1e-6)  # the forward is right


def test_the_check_shows_both_gradients_per_parameter_and_the_relative_errors():
    e = bp.GradCheck(derivative=bp.DERIVATIVES[1])
    r = e.last_result
    assert len(r.analytic) == 13  # W1 2x3, b1 3, w2 3, b2 1
    np.testing.assert_array_equal(e.analytic_marks.get_ydata(), r.analytic)
    np.testing.assert_array_equal(e.numeric_marks.get_ydata(), r.numeric)
    by_hand = np.abs(r.analytic - r.numeric) / np.maximum(np.abs(r.analytic), np.abs(r.numeric))
    np.testing.assert_allclose(r.errors, by_hand)
    # the parameters after W1 and b1 (w2, b2) come before any tanh: they still agree
    assert np.all(r.errors[9:] < 1e-6) and np.all(r.errors[:6] > 1e-3)
    assert f"max relative error {r.max_error:.2g}" in e.summary.value


def test_too_small_or_too_large_a_step_breaks_even_the_correct_gradient():
    e = bp.GradCheck()
    sweep = e.last_result.sweep_correct
    best = sweep.min()
    assert best < 1e-7
    assert sweep[0] > 1e3 * best and sweep[-1] > 1e3 * best  # rounding vs truncation error
    for eps in (1e-12, 1e-1):
        e.controls["eps"].value = eps
        assert "FAILED" in e.summary.value
        assert e.eps_line.get_xdata()[0] == pytest.approx(eps)


# -- 4. Playground -------------------------------------------------------------------------------
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
    result = bp.train_playground(bp.PlaygroundConfig(dataset=dataset, **settings), steps)
    assert result.test_accuracy >= target
    assert result.train_losses[-1] < 0.2 * result.train_losses[0]


def test_a_network_too_small_for_the_spirals_does_not_learn_them():
    small = bp.train_playground(bp.PlaygroundConfig(dataset="spirals", width=4, depth=1), 500)
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
    config = bp.PlaygroundConfig(dataset="xor", activation="tanh")
    run = bp.PlaygroundRun(config)
    view = MLP(config.sizes, config.activation, rng=bp.SEED)
    result = bp.playground_result(run, 60, view)
    for step in (0, 20, 40, 60):
        weights = run.weights_at(step)
        train = numpy_cross_entropy(numpy_forward(weights, run.train.X, np.tanh), run.train.y)
        test = numpy_cross_entropy(numpy_forward(weights, run.test.X, np.tanh), run.test.y)
        assert result.train_losses[step] == pytest.approx(train, rel=1e-9)
        assert result.test_losses[step] == pytest.approx(test, rel=1e-9)
    logits = numpy_forward(run.weights_at(60), bp._grid_points(), np.tanh)
    p = np.exp(logits[:, 1]) / np.exp(logits).sum(axis=1)
    np.testing.assert_allclose(result.probabilities.ravel(), p, rtol=1e-9)
    accuracy = np.mean(
        (numpy_forward(run.weights_at(60), run.test.X, np.tanh).argmax(1)) == run.test.y
    )
    assert result.test_accuracy == accuracy


def test_training_tick_by_tick_equals_training_in_one_go_and_going_back_is_exact():
    e = bp.Playground(dataset="circles")
    for step in range(0, 201, bp.PLAY_STEP):
        e.controls["step"].value = step
    ticked = e.last_result
    fresh = bp.train_playground(ticked.config, 200)
    np.testing.assert_array_equal(ticked.train_losses, fresh.train_losses)
    np.testing.assert_array_equal(ticked.probabilities, fresh.probabilities)
    e.set(step=100)  # back, to a step it stopped at
    np.testing.assert_array_equal(
        e.last_result.probabilities, bp.train_playground(ticked.config, 100).probabilities
    )
    e.set(step=130)  # back, to a step it only passed through
    np.testing.assert_array_equal(
        e.last_result.probabilities, bp.train_playground(ticked.config, 130).probabilities
    )
    np.testing.assert_array_equal(e.last_result.train_losses, fresh.train_losses[:131])


def test_the_playground_draws_the_split_points_curves_and_step():
    e = bp.Playground(dataset="moons", step=100)
    r = e.last_result
    assert len(r.train) == len(r.test) == bp.PLAYGROUND_POINTS // 2
    for (split, label), points in e.points.items():
        data = r.train if split == "train" else r.test
        np.testing.assert_array_equal(points.get_offsets(), data.X[data.y == label])
    np.testing.assert_allclose(e.train_line.get_ydata(), np.clip(r.train_losses, *bp.LOSS_RANGE))
    assert len(e.test_line.get_xdata()) == 101 and e.step_line.get_xdata()[0] == 100
    assert f"step 100: test accuracy {r.test_accuracy:.1%}" == e.status.get_text()
    assert e.test_end.get_xdata()[0] == 100
    assert e.test_end.get_ydata()[0] == pytest.approx(r.test_losses[100])
    assert "untrained: press ▶" in bp.Playground().status.get_text()
    summary = e.summary.value
    assert "moons (noise 0.05), MLP 2-8-8-2 tanh, Adam lr 0.03, L2 0: step 100" in summary
    assert f"test {r.test_accuracy:.1%}" in summary


def test_settings_change_the_network_and_the_reproduce_line_records_them():
    e = bp.Playground(step=40)
    before = e.png()
    e.set(width=3, depth=1, activation="relu", l2=0.01)
    assert e.last_result.config.sizes == [2, 3, 2]
    assert e.png() != before
    assert e.code() == (
        "backprop.Playground(dataset='moons', noise=0.05, width=3, depth=1, activation='relu', "
        "lr=0.03, l2=0.01, step=40)"
    )
    with pytest.raises(ValueError, match="step must be between 0 and 1000, got 5000"):
        bp.Playground(step=5000)


def test_l2_regularisation_keeps_the_weights_smaller():
    plain = bp.PlaygroundRun(bp.PlaygroundConfig())
    decayed = bp.PlaygroundRun(bp.PlaygroundConfig(l2=0.01))
    size = [sum(float(np.sum(w**2)) for w in run.weights_at(300)[::2]) for run in (plain, decayed)]
    assert size[1] < 0.5 * size[0]


def test_the_play_control_has_a_step_slider_beside_it():
    e = bp.Playground()
    controls = e.widget.children[0].children
    assert controls[-2] is e.controls["step"] and controls[-1] is e.scrubber
    assert (e.scrubber.min, e.scrubber.max, e.scrubber.step) == (0, bp.MAX_STEPS, bp.PLAY_STEP)
    assert e.widget.children[0].children == controls  # built once, not appended again


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
        return bp.PlaygroundResult(
            bp.PlaygroundConfig(lr=0.5), len(losses) - 1, None, None, None, losses, losses, 0, 0
        )

    assert bp.playground_trouble(result(np.linspace(0.7, 0.01, 301))) is None
    assert bp.playground_trouble(result(np.linspace(0.7, 0.01, 50))) is None  # too early to say
    assert "went UP" in bp.playground_trouble(result(np.linspace(0.7, 0.9, 301)))
    jumpy = 0.3 + 0.1 * (np.arange(301) % 2)
    assert "rose in 50% of the last 80 steps" in bp.playground_trouble(result(jumpy))
    flat = np.full(301, np.log(2))
    flat[0] = 0.8
    assert "50/50 everywhere" in bp.playground_trouble(result(flat))


# -- 5. VanishingGradients -----------------------------------------------------------------------
@pytest.mark.parametrize("activation", ["sigmoid", "tanh", "relu"])
def test_layer_gradients_match_torch(activation):
    torch = pytest.importorskip("torch")
    depth = 6
    data = bp.make_dataset("moons", bp.VANISHING_BATCH, noise=0.1, seed=bp.SEED)
    ours = MLP([2] + [bp.VANISHING_WIDTH] * depth + [2], activation, rng=bp.SEED)
    layers = []
    for i, layer in enumerate(ours.layers):
        linear = torch.nn.Linear(layer.n_in, layer.n_out).double()
        with torch.no_grad():
            linear.weight.copy_(torch.from_numpy(layer.weight.data.T))
            linear.bias.copy_(torch.from_numpy(layer.bias.data))
        layers.append(linear)
        if i < depth:
            layers.append(
                {"sigmoid": torch.nn.Sigmoid, "tanh": torch.nn.Tanh, "relu": torch.nn.ReLU}[
                    activation
                ]()
            )
    net = torch.nn.Sequential(*layers)
    loss = torch.nn.functional.cross_entropy(
        net(torch.from_numpy(data.X)), torch.from_numpy(data.y)
    )
    loss.backward()
    expected = [m.weight.grad.abs().mean().item() for m in net if isinstance(m, torch.nn.Linear)]
    np.testing.assert_allclose(bp.layer_gradients(activation, depth), expected, rtol=1e-9)


def test_sigmoid_gradients_vanish_where_relu_gradients_do_not():
    e = bp.VanishingGradients(activation="sigmoid", depth=10)
    sig = e.last_result["grads"]["sigmoid"]
    relu = e.last_result["grads"]["relu"]
    assert len(sig) == 11
    assert sig[0] / sig[-1] < 1e-5 and relu[0] / relu[-1] > 0.1
    assert np.all(np.diff(np.log(sig)) > 0)  # smaller at every layer further from the output
    assert 0.15 < bp.per_layer_factor(sig) < 0.3  # the sigmoid's slope is at most 1/4
    assert f"first / last = {sig[0] / sig[-1]:.2g}" in e.summary.value
    assert "first layer / last layer" in e.ratio_text.get_text()


def test_the_depth_and_activation_controls_move_the_lines():
    e = bp.VanishingGradients()
    before = e.png()
    e.controls["depth"].value = 4
    x, y = e.lines["sigmoid"].get_data()
    assert list(x) == [1, 2, 3, 4, 5]
    np.testing.assert_allclose(y, bp.layer_gradients("sigmoid", 4))
    e.controls["activation"].value = "relu"
    assert e.lines["relu"].get_linewidth() > e.lines["sigmoid"].get_linewidth()
    assert e.summary.value.split("</b> ")[1].startswith("relu, 4 hidden layers")
    assert e.png() != before


def test_the_deepest_sigmoid_net_stays_on_the_plot():
    e = bp.VanishingGradients(activation="sigmoid", depth=20)
    y = e.lines["sigmoid"].get_ydata()
    assert np.all(np.isfinite(y)) and y.min() >= bp.GRAD_RANGE[0]
    assert e.last_result["grads"]["sigmoid"][0] > 0  # small, but not rounded to zero
    e.figure.canvas.draw()
