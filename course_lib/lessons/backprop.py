"""Lesson 03, backpropagation: live experiments on the course's own autograd engine.

- :class:`NeuronGraph`: the computational graph of one sigmoid neuron with a
  squared-error loss; a slider walks the backward pass node by node.
- :class:`Blame`: each weight's gradient in a 2-2-1 network for one example
  ("who is responsible"), and what one step of gradient descent does to the loss.
- :class:`GradCheck`: backpropagation against finite differences, with a
  deliberately wrong local derivative to swap in.
- :class:`Playground`: an MLP learning a 2-D dataset, step by step (in the
  spirit of the TensorFlow Playground).
- :class:`VanishingGradients`: how the gradient shrinks (or not) from the last
  layer of a deep narrow network to the first.

Every number comes from :mod:`course_lib.autograd` (``backward()`` and ``.grad``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import ipywidgets as widgets
import numpy as np
from matplotlib.figure import Figure
from matplotlib.patches import FancyBboxPatch

from course_lib.autograd import Tensor, cross_entropy, no_grad
from course_lib.datasets2d import LIMIT, NAMES, Dataset2D, make_dataset, train_test_split
from course_lib.gradcheck import GradcheckResult, gradcheck
from course_lib.live import Experiment, dropdown, log_slider, slider
from course_lib.nn import ACTIVATIONS, MLP
from course_lib.optimizers import Adam
from course_lib.style import COLORS, DIVERGING


def _signed(value: float) -> str:
    return f"{value:+.3f}"


# -- 1. the computational graph of one neuron --------------------------------------------------
#: The neuron's inputs, weights, bias and target: p = sigmoid(w1 x1 + w2 x2 + b), L = (p - y)^2.
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
_BOX_W, _BOX_H = 1.6, 0.72


@dataclass(frozen=True)
class NeuronGraphResult:
    """Forward values and backpropagated gradients of every node of the neuron's graph."""

    values: dict[str, float]
    grads: dict[str, float]  # dL/d(node), for every node but the target y
    explanations: dict[str, str]  # the chain-rule line that gives each node its gradient
    backward_step: int  # how many nodes of BACKWARD_ORDER have their gradient shown


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
    return NeuronGraphResult(values, grads, chain_rule_lines(values, grads), len(BACKWARD_ORDER))


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
        result = self.memo(("graph", round(float(w1), 12)), lambda: neuron_graph(**start))
        return NeuronGraphResult(result.values, result.grads, result.explanations, backward_step)

    def build(self, fig: Figure) -> None:
        ax = self.ax = fig.add_subplot()
        ax.set(xlim=(0, 10), ylim=(-0.6, 6.0), title="One neuron as a computational graph")
        ax.axis("off")
        for child, parents in GRAPH_PARENTS.items():
            for parent in parents:
                ax.annotate(
                    "",
                    xy=self._edge(child, parent, into=True),
                    xytext=self._edge(parent, child, into=False),
                    arrowprops={"arrowstyle": "-|>", "color": COLORS["grey"], "lw": 1.2},
                )
        self.value_texts, self.grad_texts = {}, {}
        for name, (x, y) in GRAPH_POSITIONS.items():
            leaf = name in ("x1", "w1", "x2", "w2", "b", "y")
            ax.add_patch(
                FancyBboxPatch(
                    (x - _BOX_W / 2, y - _BOX_H / 2),
                    _BOX_W,
                    _BOX_H,
                    boxstyle="round,pad=0.04",
                    facecolor="#EAF3FA" if leaf else "#F3F3F3",
                    edgecolor=COLORS["black"],
                    lw=1.0,
                )
            )
            ax.text(x, y + 0.15, GRAPH_LABELS[name], ha="center", va="center", fontsize=8)
            self.value_texts[name] = ax.text(
                x, y - 0.17, "", ha="center", va="center", fontsize=9, fontweight="bold"
            )
            if name != "y":
                self.grad_texts[name] = ax.text(
                    x,
                    y - _BOX_H / 2 - 0.2,
                    "",
                    ha="center",
                    va="center",
                    fontsize=8.5,
                    color=COLORS["vermillion"],
                )
        self.highlight = FancyBboxPatch(
            (0, 0),
            _BOX_W,
            _BOX_H,
            boxstyle="round,pad=0.05",
            facecolor="none",
            edgecolor=COLORS["vermillion"],
            lw=2.0,
            visible=False,
        )
        ax.add_patch(self.highlight)
        ax.text(
            10.0,
            -0.45,
            "forward values in black, gradients ∂L/∂(node) in red",
            ha="right",
            fontsize=8,
            color=COLORS["grey"],
        )
        self.explanation = ax.text(5.0, 5.85, "", ha="center", va="center", fontsize=9)

    @staticmethod
    def _edge(name: str, towards: str, into: bool) -> tuple[float, float]:
        """Where an arrow between two boxes leaves or enters ``name``'s box."""
        (x, y), (tx, ty) = GRAPH_POSITIONS[name], GRAPH_POSITIONS[towards]
        if abs(tx - x) < 1e-9:  # one above the other
            return x, y + np.sign(ty - y) * _BOX_H / 2
        return x + np.sign(tx - x) * (_BOX_W / 2 + (0.05 if into else 0.0)), y

    def update(self, result: NeuronGraphResult) -> None:
        for name, text in self.value_texts.items():
            text.set_text(f"{result.values[name]:.3f}")
        reached = BACKWARD_ORDER[: result.backward_step]
        for name, text in self.grad_texts.items():
            text.set_text(f"∂L/∂{name} = {result.grads[name]:+.3f}" if name in reached else "")
        if reached:
            current = reached[-1]
            x, y = GRAPH_POSITIONS[current]
            self.highlight.set_bounds(x - _BOX_W / 2, y - _BOX_H / 2, _BOX_W, _BOX_H)
            self.highlight.set_visible(True)
            self.explanation.set_text(f"Step {len(reached)}: {result.explanations[current]}")
        else:
            self.highlight.set_visible(False)
            self.explanation.set_text(
                f"Forward pass done: L = {result.values['L']:.3f}. "
                "Move 'backward step' to send the gradient back."
            )

    def moving_artists(self) -> list:
        return [*self.grad_texts.values(), self.highlight, self.explanation]

    def background_key(self):
        return self.settings["w1"]  # the forward values: drawn once per w1

    def describe(self, result: NeuronGraphResult) -> str:
        v, g = result.values, result.grads
        head = (
            f"Forward: z = {v['z']:.3f}, a = σ(z) = {v['a']:.3f}, "
            f"L = (a − {v['y']:g})² = {v['L']:.3f}"
        )
        if result.backward_step == 0:
            return head + "; no gradient computed yet."
        current = BACKWARD_ORDER[result.backward_step - 1]
        done = " (backward pass complete)" if result.backward_step == len(BACKWARD_ORDER) else ""
        return (
            f"{head}; backward step {result.backward_step} of {len(BACKWARD_ORDER)}{done}: "
            f"∂L/∂{current} = {g[current]:+.3f}; so far "
            + ", ".join(f"∂L/∂{n} = {g[n]:+.3f}" for n in BACKWARD_ORDER[: result.backward_step])
            + "."
        )


# -- 2. who is to blame: each weight's gradient for one example --------------------------------
#: The 2-2-1 network: h = tanh(x @ W1 + b1), output = h @ w2 + b2, loss (output - y)^2.
BLAME_START = {
    "W1": np.array([[0.6, -0.4], [-0.3, 0.8]]),
    "b1": np.array([0.1, -0.1]),
    "w2": np.array([0.9, -0.7]),
    "b2": np.array(0.2),
}
#: A name for each weight, in the order of BLAME_START flattened (W1[i, j]: input i to h j).
BLAME_NAMES = (
    "x1→h1", "x1→h2", "x2→h1", "x2→h2", "bias h1", "bias h2", "h1→out", "h2→out", "bias out",
)  # fmt: skip
#: The four examples of XOR: (inputs, target).
BLAME_EXAMPLES = {
    "(0, 0) → 0": ((0.0, 0.0), 0.0),
    "(0, 1) → 1": ((0.0, 1.0), 1.0),
    "(1, 0) → 1": ((1.0, 0.0), 1.0),
    "(1, 1) → 0": ((1.0, 1.0), 0.0),
}
BLAME_LRS = np.geomspace(1e-3, 10.0, 161)


def blame_output(params: dict[str, Tensor], x: np.ndarray) -> Tensor:
    """The 2-2-1 network's output for one example."""
    h = (Tensor(x) @ params["W1"] + params["b1"]).tanh()
    return h @ params["w2"] + params["b2"]


def _blame_tensors(flat: np.ndarray | None = None) -> dict[str, Tensor]:
    """The network's parameters as tensors, from BLAME_START or from a flat vector."""
    tensors, at = {}, 0
    for name, start in BLAME_START.items():
        value = start if flat is None else flat[at : at + start.size].reshape(start.shape)
        tensors[name] = Tensor(np.array(value, dtype=float), requires_grad=True)
        at += start.size
    return tensors


def blame_gradient(example: str) -> tuple[float, float, np.ndarray]:
    """Output, loss and the flat gradient (backpropagated by the engine) for one example."""
    x, y = BLAME_EXAMPLES[example]
    params = _blame_tensors()
    output = blame_output(params, np.array(x))
    loss = (output - y) ** 2
    loss.backward()
    gradient = np.concatenate([p.grad.ravel() for p in params.values()])
    return output.item(), loss.item(), gradient


def loss_after_step(example: str, lr: float, gradient: np.ndarray) -> float:
    """The loss on the example after one step: every weight moves by -lr × its gradient."""
    x, y = BLAME_EXAMPLES[example]
    start = np.concatenate([p.ravel() for p in BLAME_START.values()])
    with no_grad():
        output = blame_output(_blame_tensors(start - lr * gradient), np.array(x))
    return (output.item() - y) ** 2


@dataclass(frozen=True)
class BlameResult:
    example: str
    lr: float
    output: float
    loss_before: float
    loss_after: float  # after one step of gradient descent with lr
    gradient: np.ndarray  # d loss / d weight, in the order of BLAME_NAMES
    shares: np.ndarray  # g_i^2 / sum g^2: each weight's part of the first-order loss decrease
    sweep_after: np.ndarray  # loss after one step, for every lr of BLAME_LRS

    @property
    def best_lr(self) -> float:
        """The learning rate of BLAME_LRS whose step lowers the loss most."""
        return float(BLAME_LRS[np.argmin(self.sweep_after)])

    @property
    def first_lr_up(self) -> float | None:
        """The smallest learning rate of BLAME_LRS whose step makes the loss worse."""
        up = self.sweep_after > self.loss_before
        return float(BLAME_LRS[np.argmax(up)]) if up.any() else None


class Blame(Experiment):
    """Each weight's gradient for one example, and the loss before and after one step."""

    call_name = "backprop.Blame"
    figsize = (9.5, 3.8)

    def make_controls(self):
        return {
            "example": dropdown("example", list(BLAME_EXAMPLES), "(1, 1) → 0"),
            "lr": log_slider("learning rate", 0.03, BLAME_LRS[0], BLAME_LRS[-1]),
        }

    def _example(self, example: str):
        def compute():
            output, loss, gradient = blame_gradient(example)
            sweep = np.array([loss_after_step(example, lr, gradient) for lr in BLAME_LRS])
            return output, loss, gradient, sweep

        return self.memo(("example", example), compute)

    def compute(self, example, lr):
        output, loss, gradient, sweep = self._example(example)
        total = float(np.sum(gradient**2))
        shares = gradient**2 / total if total > 0 else np.zeros_like(gradient)
        return BlameResult(
            example=example,
            lr=float(lr),
            output=output,
            loss_before=loss,
            loss_after=loss_after_step(example, float(lr), gradient),
            gradient=gradient,
            shares=shares,
            sweep_after=sweep,
        )

    def build(self, fig: Figure) -> None:
        self.ax_bars, self.ax_step = fig.subplots(1, 2, width_ratios=(1.2, 1))
        ax = self.ax_bars
        positions = np.arange(len(BLAME_NAMES))
        self.bars = list(ax.bar(positions, np.zeros(len(BLAME_NAMES)), color=COLORS["blue"]))
        self.share_texts = [ax.text(i, 0, "", ha="center", fontsize=7.5) for i in positions]
        ax.axhline(0, color=COLORS["black"], lw=0.8)
        ax.set_xticks(positions, BLAME_NAMES, rotation=40, ha="right", fontsize=8)
        ax.set(ylabel="gradient ∂loss/∂weight", title="Who is to blame: each weight's gradient")
        ax.bar([0], [0], color=COLORS["blue"], label="+: lower this weight")
        ax.bar([0], [0], color=COLORS["vermillion"], label="−: raise this weight")
        ax.legend(loc="upper left", fontsize=7.5, title="% = share of the first-order decrease",
                  title_fontsize=7.5)  # fmt: skip
        ax = self.ax_step
        (self.sweep_line,) = ax.plot(
            BLAME_LRS, np.ones_like(BLAME_LRS), color=COLORS["blue"], label="loss after one step"
        )
        (self.linear_line,) = ax.plot(
            BLAME_LRS,
            np.ones_like(BLAME_LRS),
            color=COLORS["grey"],
            ls=":",
            label="first-order guess: loss − lr·|g|²",
        )
        self.before_line = ax.axhline(
            1, color=COLORS["black"], ls="--", lw=1.2, label="loss before the step"
        )
        (self.now_marker,) = ax.plot([], [], "o", color=COLORS["vermillion"], label="your lr")
        self.verdict = ax.text(0.97, 0.04, "", transform=ax.transAxes, ha="right", fontsize=8)
        ax.set(
            xscale="log",
            yscale="log",
            xlim=(BLAME_LRS[0], BLAME_LRS[-1]),
            xlabel="learning rate (log scale)",
            ylabel="squared error (log scale)",
            title="One step of gradient descent",
        )
        ax.minorticks_off()
        ax.legend(loc="upper left", fontsize=7.5)

    def update(self, result: BlameResult) -> None:
        top = 1.35 * max(float(np.max(np.abs(result.gradient))), 1e-12)
        self.ax_bars.set_ylim(-top, 1.5 * top)  # room at the top for the legend
        for bar, text, g, share in zip(
            self.bars, self.share_texts, result.gradient, result.shares, strict=True
        ):
            bar.set_height(g)
            bar.set_color(COLORS["blue"] if g >= 0 else COLORS["vermillion"])
            text.set_position(
                (bar.get_x() + bar.get_width() / 2, g + (0.03 if g >= 0 else -0.03) * top)
            )
            text.set_va("bottom" if g >= 0 else "top")
            text.set_text(f"{100 * share:.0f}%")
        sweep = result.sweep_after
        low = max(float(sweep.min()), 1e-6 * result.loss_before)
        self.ax_step.set_ylim(low / 3, 30 * max(float(sweep.max()), result.loss_before))
        self.sweep_line.set_ydata(np.maximum(sweep, low / 3))
        squared = float(np.sum(result.gradient**2))
        guess = result.loss_before - BLAME_LRS * squared
        self.linear_line.set_ydata(np.where(guess > 0, guess, np.nan))
        self.before_line.set_ydata([result.loss_before] * 2)
        self.now_marker.set_data([result.lr], [max(result.loss_after, low / 3)])
        went_up = result.loss_after > result.loss_before
        self.verdict.set_text(_step_verdict(result).replace(": loss", ":\nloss"))
        self.verdict.set_color(COLORS["vermillion"] if went_up else COLORS["green"])

    def moving_artists(self) -> list:
        return [
            *self.bars,
            *self.share_texts,
            self.sweep_line,
            self.linear_line,
            self.before_line,
            self.now_marker,
            self.verdict,
        ]

    def background_key(self):
        return self.settings["example"]

    def describe(self, result: BlameResult) -> str:
        x, y = BLAME_EXAMPLES[result.example]
        top = int(np.argmax(result.shares))
        blame = (
            f"most blame on {BLAME_NAMES[top]} (gradient {result.gradient[top]:+.3f}, "
            f"{100 * result.shares[top]:.0f}% of the first-order decrease)"
        )
        zero = [n for n, g in zip(BLAME_NAMES, result.gradient, strict=True) if g == 0]
        if zero:
            blame += f"; none on {', '.join(zero)} (their input is 0)"
        first_up = result.first_lr_up
        limits = f"best lr ≈ {result.best_lr:.2g}" + (
            f", the loss goes up from lr ≈ {first_up:.2g}" if first_up is not None else ""
        )
        return (
            f"Example x = ({x[0]:g}, {x[1]:g}), target {y:g}: the network says "
            f"{result.output:.3f}, loss {result.loss_before:.4f}; {blame}. "
            f"{_step_verdict(result)} ({limits})."
        )


def _step_verdict(result: BlameResult) -> str:
    change = result.loss_after - result.loss_before
    text = (
        f"One step with lr = {result.lr:.3g}: loss {result.loss_before:.4f} → "
        f"{result.loss_after:.4g}"
    )
    if change > 0:
        return text + f", UP {result.loss_after / result.loss_before:.3g}×: the step overshoots"
    return text + f", down {100 * -change / result.loss_before:.0f}%"


# -- 3. the gradient check, with a bug to swap in -------------------------------------------------
def custom_op(x: Tensor, value: np.ndarray, local_derivative: np.ndarray) -> Tensor:
    """A tensor holding ``value`` whose backward multiplies the gradient by ``local_derivative``.

    A new operation from the engine's public parts: ``x - x.data`` is exactly zero
    (the same numbers, one side a constant), so the result is ``value``; and its
    derivative with respect to ``x`` is ``local_derivative``, whatever that is.
    """
    return (x - x.data) * local_derivative + value


#: The local derivatives you can swap in: the right ones, and three classic mistakes.
DERIVATIVES = (
    "correct",
    "tanh′ = 1 − tanh (square forgotten)",
    "sigmoid′ = σ (factor 1 − σ forgotten)",
    "(u²)′ = u (factor 2 forgotten)",
)


def tanh(x: Tensor, derivative: str) -> Tensor:
    """The engine's tanh, or with DERIVATIVES[1] a tanh whose backward is wrong."""
    if derivative != DERIVATIVES[1]:
        return x.tanh()
    t = np.tanh(x.data)
    return custom_op(x, t, 1 - t)  # wrong: the derivative is 1 - t^2


def sigmoid(x: Tensor, derivative: str) -> Tensor:
    """The engine's sigmoid, or with DERIVATIVES[2] a sigmoid whose backward is wrong."""
    if derivative != DERIVATIVES[2]:
        return x.sigmoid()
    s = x.detach().sigmoid().data
    return custom_op(x, s, s)  # wrong: the derivative is s (1 - s)


def square(x: Tensor, derivative: str) -> Tensor:
    """The engine's x ** 2, or with DERIVATIVES[3] a square whose backward is wrong."""
    if derivative != DERIVATIVES[3]:
        return x**2
    return custom_op(x, x.data**2, x.data)  # wrong: the derivative is 2 x


def _gradcheck_data() -> dict[str, np.ndarray]:
    rng = np.random.default_rng(3)
    return {
        "X": rng.normal(size=(4, 2)),
        "Y": rng.uniform(-0.8, 0.8, size=(4, 3)),
        "y": rng.integers(0, 2, size=4).astype(float),
        "W": rng.normal(size=(2, 3)),
        "w": rng.normal(size=2),
        "b": np.array(0.1),
        "W1": rng.normal(size=(2, 3)),
        "b1": rng.normal(0, 0.5, size=3),
        "w2": rng.normal(size=3),
        "b2": np.array(-0.2),
    }


GRADCHECK_DATA = _gradcheck_data()


@dataclass(frozen=True)
class CheckedFunction:
    """A loss to check: its formula, the names of its parameters and how to compute it."""

    formula: str
    parameters: tuple[str, ...]
    loss: Callable[..., Tensor]  # loss(derivative, *parameter tensors)


def _tanh_layer(derivative: str, W: Tensor) -> Tensor:
    d = GRADCHECK_DATA
    return square(tanh(Tensor(d["X"]) @ W, derivative) - d["Y"], derivative).mean()


def _sigmoid_neuron(derivative: str, w: Tensor, b: Tensor) -> Tensor:
    d = GRADCHECK_DATA
    return square(sigmoid(Tensor(d["X"]) @ w + b, derivative) - d["y"], derivative).mean()


def _two_layer_net(derivative: str, W1: Tensor, b1: Tensor, w2: Tensor, b2: Tensor) -> Tensor:
    d = GRADCHECK_DATA
    h = tanh(Tensor(d["X"]) @ W1 + b1, derivative)
    return square(sigmoid(h @ w2 + b2, derivative) - d["y"], derivative).mean()


CHECKED_FUNCTIONS = {
    "two-layer net": CheckedFunction(
        "mean((σ(tanh(X·W1 + b1)·w2 + b2) − y)²)", ("W1", "b1", "w2", "b2"), _two_layer_net
    ),
    "tanh layer": CheckedFunction("mean((tanh(X·W) − Y)²)", ("W",), _tanh_layer),
    "sigmoid neuron": CheckedFunction("mean((σ(X·w + b) − y)²)", ("w", "b"), _sigmoid_neuron),
}
#: The check passes where |backprop - finite difference| <= ATOL + RTOL × |finite difference|.
RTOL, ATOL = 1e-5, 1e-7
EPS_RANGE = (1e-12, 1e-1)
EPS_SWEEP = np.geomspace(*EPS_RANGE, 23)
#: Relative errors are drawn no lower than this (an exact match would be log 0).
REL_FLOOR = 1e-16


def check_gradients(function: str, derivative: str, eps: float) -> GradcheckResult:
    """The engine's gradcheck of one function, with one choice of local derivatives."""
    checked = CHECKED_FUNCTIONS[function]
    inputs = [GRADCHECK_DATA[name] for name in checked.parameters]
    return gradcheck(
        lambda *params: checked.loss(derivative, *params),
        inputs,
        eps=eps,
        rtol=RTOL,
        atol=ATOL,
        names=checked.parameters,
    )


def relative_errors(result: GradcheckResult) -> np.ndarray:
    """|analytic − numeric| / max(|analytic|, |numeric|) per parameter (0 where both are ~0)."""
    a = np.concatenate([g.ravel() for g in result.analytic])
    n = np.concatenate([g.ravel() for g in result.numeric])
    scale = np.maximum(np.abs(a), np.abs(n))
    above = scale > result.atol
    errors = np.zeros_like(a)
    errors[above] = np.abs(a - n)[above] / scale[above]
    return errors


@dataclass(frozen=True)
class GradCheckOutcome:
    function: str
    derivative: str
    eps: float
    check: GradcheckResult
    analytic: np.ndarray  # flat, every parameter
    numeric: np.ndarray
    errors: np.ndarray  # relative error per parameter
    disagree: np.ndarray  # True where the check fails: |a − n| > ATOL + RTOL |n|
    sweep: np.ndarray  # max relative error for each eps of EPS_SWEEP (this derivative)
    sweep_correct: np.ndarray  # the same with the correct derivatives

    @property
    def max_error(self) -> float:
        return float(self.errors.max())


class GradCheck(Experiment):
    """Backpropagation vs finite differences; swap in a wrong local derivative and watch it fail."""

    call_name = "backprop.GradCheck"
    figsize = (10.0, 3.8)

    def make_controls(self):
        return {
            "function": dropdown("function", list(CHECKED_FUNCTIONS), "two-layer net"),
            "derivative": dropdown("local derivative", list(DERIVATIVES), "correct"),
            "eps": log_slider("finite-difference step ε", 1e-6, *EPS_RANGE),
        }

    def _check(self, function: str, derivative: str, eps: float) -> GradcheckResult:
        key = ("check", function, derivative, round(float(eps), 20))
        return self.memo(key, lambda: check_gradients(function, derivative, eps))

    def _sweep(self, function: str, derivative: str) -> np.ndarray:
        def sweep():
            checks = [self._check(function, derivative, eps) for eps in EPS_SWEEP]
            return np.array([relative_errors(c).max() for c in checks])

        return self.memo(("sweep", function, derivative), sweep)

    def compute(self, function, derivative, eps):
        check = self._check(function, derivative, float(eps))
        analytic = np.concatenate([g.ravel() for g in check.analytic])
        numeric = np.concatenate([g.ravel() for g in check.numeric])
        return GradCheckOutcome(
            function=function,
            derivative=derivative,
            eps=float(eps),
            check=check,
            analytic=analytic,
            numeric=numeric,
            errors=relative_errors(check),
            disagree=np.abs(analytic - numeric) > ATOL + RTOL * np.abs(numeric),
            sweep=self._sweep(function, derivative),
            sweep_correct=self._sweep(function, DERIVATIVES[0]),
        )

    def build(self, fig: Figure) -> None:
        self.ax_values, self.ax_errors, self.ax_eps = fig.subplots(
            1, 3, width_ratios=(1.25, 1.0, 1.0)
        )
        fig.suptitle(" ")  # the function's formula, once known (see update)
        ax = self.ax_values
        (self.numeric_marks,) = ax.plot(
            [],
            [],
            "o",
            mfc="none",
            mec=COLORS["blue"],
            ms=9,
            mew=1.8,
            label="finite differences",
        )
        (self.analytic_marks,) = ax.plot(
            [], [], "x", color=COLORS["vermillion"], ms=7, mew=2, label="backprop"
        )
        ax.axhline(0, color=COLORS["black"], lw=0.8)
        ax.set(ylabel="∂loss/∂parameter", title="Two ways to the gradient")
        ax.legend(loc="upper left", fontsize=7.5)
        ax = self.ax_errors
        (self.error_marks,) = ax.plot([], [], "o", color=COLORS["vermillion"], ms=5)
        ax.axhline(RTOL, color=COLORS["green"], ls="--", lw=1.2, label=f"tolerance {RTOL:g}")
        ax.set(
            yscale="log", ylim=(REL_FLOOR / 3, 3.0), ylabel="relative error", title="Do they agree?"
        )
        ax.minorticks_off()
        ax.legend(loc="lower left", fontsize=7.5)
        self.verdict = ax.text(
            0.97, 0.04, "", transform=ax.transAxes, ha="right", fontsize=10, fontweight="bold"
        )
        ax = self.ax_eps
        (self.sweep_correct,) = ax.plot(
            EPS_SWEEP,
            np.ones_like(EPS_SWEEP),
            color=COLORS["grey"],
            ls="--",
            lw=1.5,
            label="correct derivatives",
        )
        (self.sweep_line,) = ax.plot(
            EPS_SWEEP,
            np.ones_like(EPS_SWEEP),
            color=COLORS["blue"],
            marker=".",
            ms=4,
            label="your choice",
        )
        ax.axhline(RTOL, color=COLORS["green"], ls="--", lw=1.2)
        self.eps_line = ax.axvline(1e-6, color=COLORS["vermillion"], lw=1.2, label="your ε")
        ax.set(
            xscale="log",
            yscale="log",
            xlim=EPS_RANGE,
            ylim=(REL_FLOOR / 3, 3.0),
            xlabel="finite-difference step ε (log scale)",
            ylabel="largest relative error",
            title="Which ε to trust",
        )
        ax.minorticks_off()
        ax.legend(loc="lower left", fontsize=7.5)

    def update(self, result: GradCheckOutcome) -> None:
        count = len(result.analytic)
        index = np.arange(1, count + 1)
        checked = CHECKED_FUNCTIONS[result.function]
        self.numeric_marks.set_data(index, result.numeric)
        self.analytic_marks.set_data(index, result.analytic)
        shown = np.maximum(result.errors, REL_FLOOR)
        self.error_marks.set_data(index, shown)
        ok = result.check.ok
        self.verdict.set_text("PASS" if ok else "FAIL")
        self.verdict.set_color(COLORS["green"] if ok else COLORS["vermillion"])
        self.sweep_line.set_ydata(np.maximum(result.sweep, REL_FLOOR))
        self.sweep_correct.set_ydata(np.maximum(result.sweep_correct, REL_FLOOR))
        self.eps_line.set_xdata([result.eps] * 2)
        # What the function changes (drawn once per function, see background_key)
        groups = ", ".join(
            f"{name} {'×'.join(map(str, GRADCHECK_DATA[name].shape)) or 'scalar'}"
            for name in checked.parameters
        )
        high = self._value_limit(result.function)
        for ax in (self.ax_values, self.ax_errors):
            ax.set_xlim(0.3, count + 0.7)
            ax.set_xticks(index if count <= 13 else index[::2])
            ax.tick_params(axis="x", labelsize=7.5)
        self.ax_values.set_xlabel(f"parameter ({groups})", fontsize=8.5)
        self.ax_errors.set_xlabel("parameter (same numbers)", fontsize=8.5)
        self.figure.suptitle(f"Gradient check of the {result.function}: loss = {checked.formula}")
        self.ax_values.set_ylim(-high, high)

    def _value_limit(self, function: str) -> float:
        def limit():
            biggest = 0.0
            for derivative in DERIVATIVES:
                check = self._check(function, derivative, 1e-6)
                for grads in (*check.analytic, *check.numeric):
                    biggest = max(biggest, float(np.max(np.abs(grads))))
            return 1.3 * biggest

        return self.memo(("limit", function), limit)

    def moving_artists(self) -> list:
        return [
            self.numeric_marks,
            self.analytic_marks,
            self.error_marks,
            self.verdict,
            self.sweep_line,
            self.sweep_correct,
            self.eps_line,
        ]

    def background_key(self):
        return self.settings["function"]

    def describe(self, result: GradCheckOutcome) -> str:
        verdict = "passed" if result.check.ok else "FAILED"
        text = (
            f"{result.function} {CHECKED_FUNCTIONS[result.function].formula}, local derivatives: "
            f"{result.derivative}, ε = {result.eps:.2g}: gradient check {verdict}, "
            f"max relative error {result.max_error:.2g} (tolerance {RTOL:g}); "
            f"{int(result.disagree.sum())} of {len(result.errors)} parameters disagree"
        )
        if result.derivative != DERIVATIVES[0] and result.check.ok:
            text += "; this function does not use the operation with the bug, so nothing shows"
        return text + "."


# -- 4. the playground: an MLP learning a 2-D dataset --------------------------------------------
PLAYGROUND_POINTS = 400  # half for training, half for testing
MAX_STEPS = 1000
PLAY_STEP = 20
#: The probability map: GRID_N x GRID_N points over [-VIEW, VIEW]^2.
VIEW = 1.4 * LIMIT
GRID_N = 64
L2_OPTIONS = [0.0, 1e-4, 1e-3, 1e-2, 1e-1]
LOSS_RANGE = (1e-4, 10.0)
SEED = 0


@dataclass(frozen=True)
class PlaygroundConfig:
    dataset: str = "moons"
    noise: float = 0.05
    width: int = 8
    depth: int = 2
    activation: str = "tanh"
    lr: float = 0.03
    l2: float = 0.0

    @property
    def sizes(self) -> list[int]:
        return [2] + [self.width] * self.depth + [2]


class PlaygroundRun:
    """One MLP trained full-batch with Adam on one dataset, advanced on demand.

    Keeps the loss after every step so far and a copy of the weights every
    PLAY_STEP steps (and wherever it was asked to stop), so that going back in
    time costs nothing; a step before the furthest one reached and not copied is
    recomputed from the seed (training is deterministic).
    Loss = mean cross-entropy + l2 × (sum of the squared weights, biases excluded).
    """

    def __init__(self, config: PlaygroundConfig, seed: int = SEED):
        self.config, self.seed = config, seed
        data = make_dataset(config.dataset, PLAYGROUND_POINTS, config.noise, seed)
        self.train, self.test = train_test_split(data, test_fraction=0.5, seed=seed)
        self.model = MLP(config.sizes, config.activation, rng=seed)
        self.params = self.model.parameters()
        self.optimizer = Adam(lr=config.lr)
        self._inputs = Tensor(np.vstack([self.train.X, self.test.X]))  # train rows first
        self.step = 0
        self.train_losses: list[float] = []  # cross-entropy after 0, 1, ... steps
        self.test_losses: list[float] = []
        self._measure()
        self.snapshots = {0: self._weights()}

    def _weights(self) -> list[np.ndarray]:
        return [p.data.copy() for p in self.params]

    def _record(self, train_loss: float, test_logits: np.ndarray) -> None:
        """Keep the losses of the weights as they are now, after ``self.step`` steps."""
        test_loss = cross_entropy(Tensor(test_logits), self.test.y).item()
        for losses, value in ((self.train_losses, train_loss), (self.test_losses, test_loss)):
            del losses[self.step :]  # measured again at the start of a step: the same number
            losses.append(value)

    def _measure(self) -> None:
        with no_grad():
            logits = self.model(self._inputs)
            n = len(self.train)
            self._record(cross_entropy(logits[:n], self.train.y).item(), logits.data[n:])

    def _train_step(self) -> None:
        """One step of Adam; the same forward pass also measures train and test loss."""
        self.model.zero_grad()
        n = len(self.train)
        logits = self.model(self._inputs)
        data_loss = cross_entropy(logits[:n], self.train.y)
        self._record(data_loss.item(), logits.data[n:])
        loss = data_loss
        if self.config.l2:
            penalty = sum((layer.weight**2).sum() for layer in self.model.layers)
            loss = loss + self.config.l2 * penalty
        if not np.isfinite(loss.item()):
            raise FloatingPointError(f"the loss is no longer a finite number at step {self.step}")
        loss.backward()
        self.optimizer.step([p.data for p in self.params], [p.grad for p in self.params])
        self.step += 1
        if self.step % PLAY_STEP == 0:
            self.snapshots[self.step] = self._weights()

    def weights_at(self, step: int) -> list[np.ndarray]:
        """The weights after ``step`` steps, training further if needed."""
        if step not in self.snapshots:
            if step > self.step:
                while self.step < step:
                    self._train_step()
                self._measure()
                self.snapshots[step] = self._weights()
            else:
                again = PlaygroundRun(self.config, self.seed)
                self.snapshots[step] = again.weights_at(step)
        return self.snapshots[step]


@dataclass(frozen=True)
class PlaygroundResult:
    config: PlaygroundConfig
    step: int
    train: Dataset2D
    test: Dataset2D
    probabilities: np.ndarray  # (GRID_N, GRID_N): P(class 1) over the view
    train_losses: np.ndarray  # cross-entropy after each step 0..step
    test_losses: np.ndarray
    train_accuracy: float
    test_accuracy: float


def _grid_points() -> np.ndarray:
    g1, g2 = np.meshgrid(np.linspace(-VIEW, VIEW, GRID_N), np.linspace(-VIEW, VIEW, GRID_N))
    return np.column_stack([g1.ravel(), g2.ravel()])


def class_one_probability(model: MLP, X: np.ndarray) -> np.ndarray:
    """P(class 1 | x) for each row of X under the model (softmax of its two logits)."""
    with no_grad():
        return model(Tensor(X)).softmax(axis=-1).data[:, 1]


def playground_result(run: PlaygroundRun, step: int, view: MLP) -> PlaygroundResult:
    """What the playground shows after ``step`` steps of ``run`` (``view`` holds the weights)."""
    for param, weights in zip(view.parameters(), run.weights_at(step), strict=True):
        param.data = weights
    grid = class_one_probability(view, _grid_points()).reshape(GRID_N, GRID_N)
    accuracy = {
        name: float(np.mean((class_one_probability(view, data.X) > 0.5) == (data.y == 1)))
        for name, data in (("train", run.train), ("test", run.test))
    }
    return PlaygroundResult(
        config=run.config,
        step=step,
        train=run.train,
        test=run.test,
        probabilities=grid,
        train_losses=np.array(run.train_losses[: step + 1]),
        test_losses=np.array(run.test_losses[: step + 1]),
        train_accuracy=accuracy["train"],
        test_accuracy=accuracy["test"],
    )


def train_playground(config: PlaygroundConfig, steps: int) -> PlaygroundResult:
    """Train a fresh run for ``steps`` steps and return what the playground would show."""
    run = PlaygroundRun(config)
    return playground_result(run, steps, MLP(config.sizes, config.activation, rng=SEED))


class Playground(Experiment):
    """An MLP learning a 2-D dataset: press play to train, step by step."""

    call_name = "backprop.Playground"
    figsize = (9.5, 4.0)

    def make_controls(self):
        step = widgets.Play(
            value=0,
            min=0,
            max=MAX_STEPS,
            step=PLAY_STEP,
            interval=200,
            description="train",
            tooltip="play / pause / back to step 0",
        )
        self.scrubber = slider("training step", 0, 0, MAX_STEPS, PLAY_STEP, integer=True)
        widgets.jslink((step, "value"), (self.scrubber, "value"))
        return {
            "dataset": dropdown("dataset", list(NAMES), "moons"),
            "noise": slider("noise", 0.05, 0.0, 0.5, 0.05, continuous=False),
            "width": slider("neurons per layer", 8, 1, 16, 1, integer=True, continuous=False),
            "depth": slider("hidden layers", 2, 1, 4, 1, integer=True, continuous=False),
            "activation": dropdown("activation", list(ACTIVATIONS), "tanh"),
            "lr": log_slider("learning rate (Adam)", 0.03, 1e-3, 1.0, continuous=False),
            "l2": dropdown("L2 regularisation", L2_OPTIONS, 0.0),
            "step": step,
        }

    @property
    def widget(self) -> widgets.VBox:
        """The usual layout, with a slider after the play button that shows and sets the step."""
        box = super().widget
        controls = box.children[0]
        if self.scrubber not in controls.children:
            controls.children = (*controls.children, self.scrubber)
        return box

    def _run(self, config: PlaygroundConfig) -> PlaygroundRun:
        return self.memo(("run", config), lambda: PlaygroundRun(config))

    def compute(self, dataset, noise, width, depth, activation, lr, l2, step):
        config = PlaygroundConfig(
            dataset, round(float(noise), 6), int(width), int(depth), activation,
            round(float(lr), 12), float(l2),
        )  # fmt: skip
        run = self._run(config)
        view = self.memo(
            ("view", tuple(config.sizes), activation),
            lambda: MLP(config.sizes, activation, rng=SEED),
        )
        return playground_result(run, int(step), view)

    def build(self, fig: Figure) -> None:
        self.ax_map, self.ax_loss = fig.subplots(1, 2, width_ratios=(1.0, 1.1))
        ax = self.ax_map
        self.image = ax.imshow(
            np.full((GRID_N, GRID_N), 0.5),
            extent=(-VIEW, VIEW, -VIEW, VIEW),
            origin="lower",
            cmap=DIVERGING,
            vmin=0,
            vmax=1,
            alpha=0.45,
            interpolation="bilinear",
        )
        fig.colorbar(self.image, ax=ax, label="P(class 1)", pad=0.01, shrink=0.9)
        self.points = {}
        for split, filled in (("train", True), ("test", False)):
            for label, marker, colour in ((0, "D", "orange"), (1, "o", "blue")):
                self.points[split, label] = ax.scatter(
                    [], [], marker=marker, s=22 if filled else 26,
                    facecolor=COLORS[colour] if filled else "white",
                    edgecolor="black" if filled else COLORS[colour],
                    linewidth=0.6 if filled else 1.3,
                    label=f"{split}, class {label}",
                )  # fmt: skip
        ax.set(
            xlim=(-VIEW, VIEW),
            ylim=(-VIEW, VIEW),
            xlabel="x1",
            ylabel="x2",
            title="What the network says",
        )
        ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.16), ncols=2, fontsize=7.5)
        ax = self.ax_loss
        (self.train_line,) = ax.plot([], [], color=COLORS["blue"], label="train loss")
        (self.test_line,) = ax.plot([], [], color=COLORS["orange"], ls="--", label="test loss")
        (self.train_end,) = ax.plot([], [], "o", ms=5, color=COLORS["blue"])
        (self.test_end,) = ax.plot([], [], "o", ms=5, color=COLORS["orange"])
        self.step_line = ax.axvline(0, color=COLORS["grey"], lw=1.0)
        self.status = ax.text(
            0.98, 0.88, "", transform=ax.transAxes, ha="right", va="top", fontsize=8.5
        )
        ax.set(
            yscale="log",
            xlim=(0, MAX_STEPS),
            ylim=LOSS_RANGE,
            xlabel="training step (full batch of 200 points)",
            ylabel="cross-entropy (log scale)",
            title="Loss while training",
        )
        ax.minorticks_off()
        ax.legend(loc="upper left", fontsize=8, ncols=2)

    def update(self, result: PlaygroundResult) -> None:
        self.image.set_data(result.probabilities)
        for (split, label), points in self.points.items():
            data = result.train if split == "train" else result.test
            points.set_offsets(data.X[data.y == label])
        steps = np.arange(result.step + 1)
        self.train_line.set_data(steps, np.clip(result.train_losses, *LOSS_RANGE))
        self.test_line.set_data(steps, np.clip(result.test_losses, *LOSS_RANGE))
        self.train_end.set_data([result.step], np.clip(result.train_losses[-1:], *LOSS_RANGE))
        self.test_end.set_data([result.step], np.clip(result.test_losses[-1:], *LOSS_RANGE))
        self.step_line.set_xdata([result.step] * 2)
        untrained = " (untrained: press ▶)" if result.step == 0 else ""
        self.status.set_text(
            f"step {result.step}{untrained}: test accuracy {result.test_accuracy:.1%}"
        )
        self.show_message(playground_trouble(result))

    def moving_artists(self) -> list:
        return [
            self.image,
            *self.points.values(),
            self.train_line,
            self.test_line,
            self.train_end,
            self.test_end,
            self.step_line,
            self.status,
        ]

    def describe(self, result: PlaygroundResult) -> str:
        c = result.config
        head = (
            f"{c.dataset} (noise {c.noise:g}), MLP {'-'.join(map(str, c.sizes))} {c.activation}, "
            f"Adam lr {c.lr:.3g}, L2 {c.l2:g}: step {result.step}"
        )
        if result.step == 0:
            head += " (untrained: press play)"
        return (
            f"{head}; train loss {result.train_losses[-1]:.3f}, test loss "
            f"{result.test_losses[-1]:.3f}; accuracy train {result.train_accuracy:.1%}, "
            f"test {result.test_accuracy:.1%} ({round(result.test_accuracy * len(result.test))} "
            f"of {len(result.test)} test points)."
        )


#: The cross-entropy of answering 50/50 for every point: ln 2.
COIN_FLIP_LOSS = float(np.log(2))


def playground_trouble(result: PlaygroundResult) -> str | None:
    """A readable message when training goes wrong: the loss rises, jumps, or nothing is learned."""
    losses = result.train_losses
    window = 4 * PLAY_STEP
    if result.step < window:
        return None
    start, now = losses[0], losses[-1]
    lr = f"lr = {result.config.lr:.3g}"
    if now > start:
        return (
            f"The training loss went UP, from {start:.3f} to {now:.3f}:\n"
            f"{lr} is too large, the steps overshoot."
        )
    rising = float(np.mean(np.diff(losses[-window - 1 :]) > 0))
    if rising > 0.3 and now > 0.05:
        return (
            f"The training loss rose in {rising:.0%} of the last {window} steps (now {now:.3f}):\n"
            f"{lr} is too large to settle into a minimum."
        )
    if result.step >= 3 * window and now > 0.98 * COIN_FLIP_LOSS:
        return (
            f"After {result.step} steps the network still answers about 50/50 everywhere\n"
            f"(loss {now:.3f}, ln 2 = {COIN_FLIP_LOSS:.3f}): nothing learned. Too large an lr\n"
            "kills units (saturated or dead), too small an lr is slow."
        )
    return None


# -- 5. vanishing gradients ------------------------------------------------------------------------
VANISHING_WIDTH = 16
VANISHING_DEPTHS = (2, 20)
VANISHING_BATCH = 64
GRAD_RANGE = (1e-16, 1e2)


def layer_gradients(activation: str, depth: int, seed: int = SEED) -> np.ndarray:
    """Mean |∂loss/∂weight| of each Linear layer (first to last) of a fresh deep narrow MLP.

    The network has ``depth`` hidden layers of VANISHING_WIDTH neurons; the loss is the
    cross-entropy on a fixed batch of VANISHING_BATCH moons points.
    """
    data = make_dataset("moons", VANISHING_BATCH, noise=0.1, seed=seed)
    model = MLP([2] + [VANISHING_WIDTH] * depth + [2], activation, rng=seed)
    cross_entropy(model(Tensor(data.X)), data.y).backward()
    return np.array([np.mean(np.abs(layer.weight.grad)) for layer in model.layers])


def per_layer_factor(grads: np.ndarray) -> float:
    """The average factor the gradient is multiplied by per layer, going from last to first."""
    return float((grads[0] / grads[-1]) ** (1 / (len(grads) - 1)))


class VanishingGradients(Experiment):
    """Gradient size per layer of a deep narrow network: sigmoid vs tanh vs relu."""

    call_name = "backprop.VanishingGradients"
    figsize = (9.0, 3.8)

    def make_controls(self):
        return {
            "activation": dropdown("activation", list(ACTIVATIONS), "sigmoid"),
            "depth": slider("hidden layers", 10, *VANISHING_DEPTHS, 1, integer=True),
        }

    def _gradients(self, activation: str, depth: int) -> np.ndarray:
        return self.memo(("grads", activation, depth), lambda: layer_gradients(activation, depth))

    def compute(self, activation, depth):
        return {
            "activation": activation,
            "depth": int(depth),
            "grads": {name: self._gradients(name, int(depth)) for name in ACTIVATIONS},
        }

    def build(self, fig: Figure) -> None:
        ax = self.ax = fig.add_subplot()
        (self.quarter_line,) = ax.plot(
            [], [], color=COLORS["grey"], ls=":", lw=1.5, label="×1/4 per layer (σ′ ≤ 1/4)"
        )
        self.lines = {
            name: ax.plot([], [], marker=marker, ms=6, color=COLORS[colour], label=name)[0]
            for name, marker, colour in (
                ("sigmoid", "s", "vermillion"), ("tanh", "^", "green"), ("relu", "o", "blue"),
            )
        }  # fmt: skip
        self.ratio_text = ax.text(
            0.99, 0.97, "", transform=ax.transAxes, ha="right", va="top", fontsize=9
        )
        most = VANISHING_DEPTHS[1] + 1
        ax.set_xticks(np.arange(1, most + 1, 2))
        ax.set(
            yscale="log",
            ylim=GRAD_RANGE,
            xlim=(0.5, most + 0.5),
            xlabel="layer (1 = next to the input; the last one makes the output)",
            ylabel="mean |∂loss/∂weight| (log scale)",
            title=f"Gradient size per layer, hidden layers {VANISHING_WIDTH} wide",
        )
        ax.minorticks_off()
        ax.legend(loc="upper left", fontsize=8, ncols=4)

    def update(self, result) -> None:
        depth, chosen = result["depth"], result["activation"]
        grads = result["grads"]
        layers = np.arange(1, depth + 2)
        for name, line in self.lines.items():
            line.set_data(layers, np.clip(grads[name], *GRAD_RANGE))
            line.set_alpha(1.0 if name == chosen else 0.35)
            line.set_linewidth(2.5 if name == chosen else 1.0)
        last = grads[chosen][-1]
        self.quarter_line.set_data(
            layers, np.clip(last * 0.25 ** (layers[-1] - layers), *GRAD_RANGE)
        )
        ratio = grads[chosen][0] / last
        self.ratio_text.set_text(
            f"{chosen}: first layer / last layer = {ratio:.2g}\n"
            f"(×{per_layer_factor(grads[chosen]):.2f} per layer on average)"
        )

    def moving_artists(self) -> list:
        return [self.quarter_line, *self.lines.values(), self.ratio_text]

    def describe(self, result) -> str:
        chosen, depth = result["activation"], result["depth"]
        grads = result["grads"]
        g = grads[chosen]
        others = "; ".join(
            f"{name} {grads[name][0] / grads[name][-1]:.2g}"
            for name in ACTIVATIONS
            if name != chosen
        )
        return (
            f"{chosen}, {depth} hidden layers of {VANISHING_WIDTH}: mean |gradient| "
            f"{g[-1]:.2g} at the last layer, {g[0]:.2g} at the first; first / last = "
            f"{g[0] / g[-1]:.2g}, ×{per_layer_factor(g):.2f} per layer (same net with {others})."
        )
