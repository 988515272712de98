"""The chain rule on a neuron's graph: the engine's gradients agree with the chain rule by hand
and with finite differences, and every written-out line ends in the engine's number."""

from __future__ import annotations

import re

import numpy as np
import pytest
from finite_differences import central_difference

from course_lib import chain_rule as cr


def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def neuron_loss(v: np.ndarray) -> float:
    x1, w1, x2, w2, b = v
    return (sigmoid(w1 * x1 + w2 * x2 + b) - cr.NEURON_START["y"]) ** 2


@pytest.mark.parametrize("w1", [-0.5, 2.3, -3.0])
def test_neuron_graph_gradients_match_the_chain_rule_by_hand_and_finite_differences(w1):
    s = {**cr.NEURON_START, "w1": w1}
    result = cr.neuron_graph(**s)
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
    result = cr.neuron_graph(**cr.NEURON_START)
    for name in cr.BACKWARD_ORDER[1:]:
        line = result.explanations[name]
        shown = float(re.findall(r"= ([-+−]?\d+\.\d+)", line)[-1].replace("−", "-"))
        assert shown == pytest.approx(result.grads[name], abs=5e-4), line


def test_the_backward_order_reaches_each_node_after_every_node_that_uses_it():
    position = {name: i for i, name in enumerate(cr.BACKWARD_ORDER)}
    for child, parents in cr.GRAPH_PARENTS.items():
        for parent in parents:
            if parent != "y":  # the target is a constant: no gradient
                assert position[parent] > position[child], (parent, child)
    nodes = set(cr.GRAPH_PARENTS).union(*cr.GRAPH_PARENTS.values())
    assert set(cr.BACKWARD_ORDER) == nodes - {"y"}
    assert set(cr.NEURON_START) == nodes - set(cr.GRAPH_PARENTS)  # every leaf has a value
