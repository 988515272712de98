"""The chain rule on the computational graph of one sigmoid neuron.

The neuron and its loss, one operation per node:

    p1 = x1 · w1,   p2 = x2 · w2,   z = p1 + p2 + b,   a = σ(z),   L = (a − y)²

The forward pass fills in every node's value from the inputs to the loss; the
backward pass fills in every node's gradient ∂L/∂(node) from the loss back to
the inputs, each node after every node that uses it (``BACKWARD_ORDER``). Each
gradient is the upstream gradient times a local derivative:

- a sum passes its gradient on unchanged (∂z/∂p1 = 1);
- a product sends each input the other one (∂p1/∂w1 = x1);
- σ multiplies by σ(z)(1 − σ(z)); the square by 2(a − y).

:func:`neuron_graph` runs the graph on the course's engine and reads every
node's value and ``.grad``; :func:`chain_rule_lines` writes each gradient out as
"upstream × local", computed from the forward values alone, so every line is a
check on the engine.

Pure numpy: no plotting, no widgets.
"""

from __future__ import annotations

from dataclasses import dataclass

from course_lib.autograd import Tensor

#: The neuron's inputs, weights, bias and target.
NEURON_START = {"x1": 2.0, "w1": -0.5, "x2": -1.0, "w2": 0.8, "b": 0.3, "y": 1.0}
#: Each computed node and the nodes it is computed from.
GRAPH_PARENTS = {
    "p1": ("x1", "w1"),
    "p2": ("x2", "w2"),
    "z": ("p1", "p2", "b"),
    "a": ("z",),
    "L": ("a", "y"),
}
#: The order in which the backward pass reaches the nodes: the loss first, each node after
#: every node that uses it. The target y is a constant: it needs no gradient.
BACKWARD_ORDER = ("L", "a", "z", "p1", "p2", "b", "w1", "x1", "w2", "x2")


@dataclass(frozen=True)
class NeuronGraphResult:
    """Forward values and backpropagated gradients of every node of the neuron's graph."""

    values: dict[str, float]
    grads: dict[str, float]  # dL/d(node), for every node but the target y
    explanations: dict[str, str]  # the chain-rule line that gives each node its gradient


def neuron_graph(
    x1: float, w1: float, x2: float, w2: float, b: float, y: float
) -> NeuronGraphResult:
    """Run the neuron forward and backward on the engine; read every node's value and gradient."""
    leaves = {
        name: Tensor(value, requires_grad=True)
        for name, value in (("x1", x1), ("w1", w1), ("x2", x2), ("w2", w2), ("b", b))
    }
    nodes = dict(leaves)
    nodes["p1"] = leaves["x1"] * leaves["w1"]
    nodes["p2"] = leaves["x2"] * leaves["w2"]
    nodes["z"] = nodes["p1"] + nodes["p2"] + leaves["b"]
    nodes["a"] = nodes["z"].sigmoid()
    nodes["L"] = (nodes["a"] - y) ** 2
    nodes["L"].backward()
    values = {name: node.item() for name, node in nodes.items()}
    values["y"] = float(y)
    grads = {name: float(nodes[name].grad) for name in BACKWARD_ORDER}
    return NeuronGraphResult(values, grads, chain_rule_lines(values, grads))


def _signed(value: float) -> str:
    return f"{value:+.3f}"


def chain_rule_lines(values: dict[str, float], grads: dict[str, float]) -> dict[str, str]:
    """For each node, the chain rule written out: upstream gradient × local derivative.

    The local derivatives are computed here from the forward values, so each line
    is a check on the engine: its right-hand side must equal the engine's gradient.
    """
    v, g = values, grads
    slope = v["a"] * (1 - v["a"])
    lines = {
        "L": "∂L/∂L = 1: the backward pass starts at the loss.",
        "a": (
            f"∂L/∂a = 2(a − y) = 2 × ({v['a']:.3f} − {v['y']:.3f}) = {2 * (v['a'] - v['y']):+.3f}"
        ),
        "z": (
            f"∂L/∂z = ∂L/∂a · σ(z)(1 − σ(z)) = {_signed(g['a'])} × {slope:.3f} "
            f"= {g['a'] * slope:+.3f}"
        ),
    }
    for name in ("p1", "p2", "b"):
        lines[name] = (
            f"∂L/∂{name} = ∂L/∂z · 1 = {_signed(g['z'])}: a sum passes its gradient on unchanged."
        )
    for product, (x, w) in (("p1", ("x1", "w1")), ("p2", ("x2", "w2"))):
        for own, other in ((w, x), (x, w)):
            lines[own] = (
                f"∂L/∂{own} = ∂L/∂{product} · {other} = {_signed(g[product])} × "
                f"{v[other]:.3f} = {g[product] * v[other]:+.3f}: a product sends each input "
                "the other one."
            )
    return lines
