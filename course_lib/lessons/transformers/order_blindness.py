"""OrderBlindness: without positional encodings, attention cannot tell the order of its input."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from matplotlib.figure import Figure

from course_lib.attention import attention_steps, sinusoidal_positions
from course_lib.live import Experiment, dropdown, slider
from course_lib.style import COLORS, DIVERGING

N_TOKENS, D_MODEL = 8, 16
#: How the positional-encoding picture is drawn: this many positions of D_MODEL features.
SHOWN_POSITIONS = 64
ENCODINGS = {"none": False, "sinusoidal, added": True}


@dataclass(frozen=True)
class OrderResult:
    positions: bool
    seed: int
    order: np.ndarray  # the shuffle: token order[i] moves to place i
    mismatch: np.ndarray  # per place: |attention(shuffled)[i] - attention(original)[order[i]]|


def shuffle_mismatch(positions: bool, seed: int) -> OrderResult:
    """Attention on 8 tokens and on the same tokens shuffled: does the output just shuffle too?"""
    rng = np.random.default_rng(100)
    x = rng.normal(size=(N_TOKENS, D_MODEL))
    w = [rng.normal(size=(D_MODEL, D_MODEL)) / np.sqrt(D_MODEL) for _ in range(3)]
    order = np.random.default_rng(seed).permutation(N_TOKENS)
    pe = sinusoidal_positions(N_TOKENS, D_MODEL) if positions else 0.0
    original = attention_steps(x + pe, *w).output
    shuffled = attention_steps(x[order] + pe, *w).output
    mismatch = np.linalg.norm(shuffled - original[order], axis=1)
    return OrderResult(positions, seed, order, mismatch)


class OrderBlindness(Experiment):
    """Shuffle the tokens; without positions, each token's output is unchanged, only moved."""

    call_name = "transformers.OrderBlindness"
    figsize = (8.4, 3.6)

    def make_controls(self):
        return {
            "encoding": dropdown("positional encoding", list(ENCODINGS), "none"),
            "seed": slider("shuffle", 1, 1, 20, 1, integer=True),
        }

    def compute(self, encoding: str, seed: int) -> OrderResult:
        return shuffle_mismatch(ENCODINGS[encoding], seed)

    def build(self, fig: Figure) -> None:
        pe_ax, bars = fig.subplots(1, 2)
        image = pe_ax.imshow(
            sinusoidal_positions(SHOWN_POSITIONS, D_MODEL).T,
            cmap=DIVERGING,
            vmin=-1,
            vmax=1,
            aspect="auto",
        )
        fig.colorbar(image, ax=pe_ax, label="value", shrink=0.85)
        pe_ax.set(
            title="Sinusoidal positional encodings",
            xlabel="position",
            ylabel="feature (sin even, cos odd)",
        )
        pe_ax.grid(False)
        self.bars = bars.bar(np.arange(N_TOKENS), np.zeros(N_TOKENS), color=COLORS["blue"])
        bars.set(
            title="Shuffle the input: do outputs change?",
            xlabel="place in the shuffled input",
            ylabel="|difference| of output vectors",
            ylim=(0, 3),
        )
        self.order_text = bars.text(0.02, 0.95, "", transform=bars.transAxes, va="top", fontsize=8)

    def update(self, result: OrderResult) -> None:
        for bar, m in zip(self.bars, result.mismatch, strict=True):
            bar.set_height(m)
        self.order_text.set_text("order: " + " ".join(str(i) for i in result.order))

    def moving_artists(self) -> list:
        return [*self.bars, self.order_text]

    def describe(self, result: OrderResult) -> str:
        largest = float(result.mismatch.max())
        if result.positions:
            return (
                f"With positional encodings, shuffling changes the outputs themselves: the largest "
                f"difference is {largest:.2f}."
            )
        return (
            f"Without positional encodings the outputs are the original outputs in the shuffled "
            f"order: the largest difference is {largest:.1e}, rounding error."
        )
