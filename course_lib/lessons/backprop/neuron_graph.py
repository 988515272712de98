"""NeuronGraph: the computational graph of one sigmoid neuron, revealed backward node by node."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.patches import FancyBboxPatch

from course_lib.chain_rule import (
    BACKWARD_ORDER,
    GRAPH_PARENTS,
    NEURON_START,
    NeuronGraphResult,
    neuron_graph,
)
from course_lib.live import Experiment, slider
from course_lib.style import COLORS

#: What each node's box says above its value.
GRAPH_LABELS = {
    "x1": "x1 (input)",
    "w1": "w1 (weight)",
    "x2": "x2 (input)",
    "w2": "w2 (weight)",
    "b": "b (bias)",
    "y": "y (target)",
    "p1": "p1 = x1·w1",
    "p2": "p2 = x2·w2",
    "z": "z = p1 + p2 + b",
    "a": "a = σ(z)",
    "L": "L = (a − y)²",
}
#: Where each box sits (axes coordinates 0..10 by 0..6).
GRAPH_POSITIONS = {
    "x1": (0.9, 5.2),
    "w1": (0.9, 3.9),
    "x2": (0.9, 2.4),
    "w2": (0.9, 1.1),
    "p1": (3.2, 4.55),
    "p2": (3.2, 1.75),
    "b": (3.2, 0.35),
    "z": (5.4, 3.15),
    "a": (7.2, 3.15),
    "y": (9.05, 5.2),
    "L": (9.05, 3.15),
}
BOX_W, BOX_H = 1.6, 0.72
LEAVES = ("x1", "w1", "x2", "w2", "b", "y")


def _downstream(node: str) -> tuple[str, ...]:
    """``node`` and every node computed from it: the values that change when it moves."""
    found = [node]
    for child, parents in GRAPH_PARENTS.items():  # in forward order: parents come first
        if any(parent in found for parent in parents):
            found.append(child)
    return tuple(found)


#: The values the w1 slider changes; the others are drawn once with the background.
MOVED_BY_W1 = _downstream("w1")


@dataclass(frozen=True)
class GraphStep:
    """The neuron's graph, and how far the backward pass has been revealed."""

    graph: NeuronGraphResult
    backward_step: int  # how many nodes of BACKWARD_ORDER have their gradient shown


def _edge(name: str, towards: str, into: bool) -> tuple[float, float]:
    """Where an arrow between two boxes leaves or enters ``name``'s box."""
    (x, y), (tx, ty) = GRAPH_POSITIONS[name], GRAPH_POSITIONS[towards]
    if abs(tx - x) < 1e-9:  # one above the other
        return x, y + np.sign(ty - y) * BOX_H / 2
    return x + np.sign(tx - x) * (BOX_W / 2 + (0.05 if into else 0.0)), y


def _draw_edges(ax: Axes) -> None:
    for child, parents in GRAPH_PARENTS.items():
        for parent in parents:
            ax.annotate(
                "",
                xy=_edge(child, parent, into=True),
                xytext=_edge(parent, child, into=False),
                arrowprops={"arrowstyle": "-|>", "color": COLORS["grey"], "lw": 1.2},
            )


def _box(x: float, y: float, **style: object) -> FancyBboxPatch:
    return FancyBboxPatch((x - BOX_W / 2, y - BOX_H / 2), BOX_W, BOX_H, **style)


class NeuronGraph(Experiment):
    """The graph of one neuron and its loss; the slider walks the backward pass node by node."""

    call_name = "backprop.NeuronGraph"
    figsize = (9.0, 4.2)

    def make_controls(self):
        return {
            "backward_step": slider("backward step", 0, 0, len(BACKWARD_ORDER), 1, integer=True),
            "w1": slider("weight w1", NEURON_START["w1"], -3.0, 3.0, 0.1),
        }

    def compute(self, backward_step, w1):
        start = {**NEURON_START, "w1": float(w1)}
        graph = self.memo(("graph", w1), lambda: neuron_graph(**start))
        return GraphStep(graph, int(backward_step))

    def build(self, fig: Figure) -> None:
        ax = self.ax = fig.add_subplot()
        ax.set(xlim=(0, 10), ylim=(-0.6, 6.0), title="One neuron as a computational graph")
        ax.axis("off")
        _draw_edges(ax)
        self.value_texts, self.grad_texts = {}, {}
        for name, (x, y) in GRAPH_POSITIONS.items():
            facecolor = "#EAF3FA" if name in LEAVES else "#F3F3F3"
            ax.add_patch(
                _box(x, y, boxstyle="round,pad=0.04", fc=facecolor, ec=COLORS["black"], lw=1.0)
            )
            ax.text(x, y + 0.15, GRAPH_LABELS[name], ha="center", va="center", fontsize=8)
            self.value_texts[name] = ax.text(
                x, y - 0.17, "", ha="center", va="center", fontsize=9, fontweight="bold"
            )
            if name != "y":
                self.grad_texts[name] = ax.text(
                    x, y - BOX_H / 2 - 0.2, "", ha="center", va="center", fontsize=8.5,
                    color=COLORS["vermillion"],
                )  # fmt: skip
        self.highlight = _box(
            0, 0, boxstyle="round,pad=0.05", fc="none", ec=COLORS["vermillion"], lw=2.0,
            visible=False,
        )  # fmt: skip
        ax.add_patch(self.highlight)
        ax.text(
            10.0, -0.45, "forward values in black, gradients ∂L/∂(node) in orange",
            ha="right", fontsize=8, color=COLORS["grey"],
        )  # fmt: skip
        self.explanation = ax.text(5.0, 5.85, "", ha="center", va="center", fontsize=9)

    def update(self, result: GraphStep) -> None:
        values, grads = result.graph.values, result.graph.grads
        for name, text in self.value_texts.items():
            text.set_text(f"{values[name]:.3f}")
        reached = BACKWARD_ORDER[: result.backward_step]
        for name, text in self.grad_texts.items():
            text.set_text(f"∂L/∂{name} = {grads[name]:+.3f}" if name in reached else "")
        if reached:
            current = reached[-1]
            x, y = GRAPH_POSITIONS[current]
            self.highlight.set_bounds(x - BOX_W / 2, y - BOX_H / 2, BOX_W, BOX_H)
            self.highlight.set_visible(True)
            explanation = result.graph.explanations[current]
            self.explanation.set_text(f"Step {len(reached)}: {explanation}")
        else:
            self.highlight.set_visible(False)
            self.explanation.set_text(
                f"Forward pass done: L = {values['L']:.3f}. "
                "Move 'backward step' to send the gradient back."
            )

    def moving_artists(self) -> list:
        # Only the values downstream of w1 move: moving w1 repaints five numbers, not the graph.
        moved = [self.value_texts[name] for name in MOVED_BY_W1]
        return [*moved, *self.grad_texts.values(), self.highlight, self.explanation]

    def describe(self, result: GraphStep) -> str:
        v, g = result.graph.values, result.graph.grads
        head = (
            f"Forward: z = {v['z']:.3f}, a = σ(z) = {v['a']:.3f}, "
            f"L = (a − {v['y']:g})² = {v['L']:.3f}"
        )
        step = result.backward_step
        if step == 0:
            return head + "; no gradient computed yet."
        current = BACKWARD_ORDER[step - 1]
        done = " (backward pass complete)" if step == len(BACKWARD_ORDER) else ""
        return (
            f"{head}; backward step {step} of {len(BACKWARD_ORDER)}{done}: "
            f"∂L/∂{current} = {g[current]:+.3f}; so far "
            + ", ".join(f"∂L/∂{n} = {g[n]:+.3f}" for n in BACKWARD_ORDER[:step])
            + "."
        )
