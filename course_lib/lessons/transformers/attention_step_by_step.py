"""AttentionStepByStep: queries, keys, scaled dot products, softmax, for one chosen token."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from matplotlib.figure import Figure

from course_lib.attention import attention_steps
from course_lib.live import Experiment, dropdown, slider
from course_lib.style import COLORS, SEQUENTIAL

SENTENCE = ("the", "cat", "sat", "on", "the", "mat", "because", "it", "was", "tired")
WIDTHS = [4, 16, 64, 256]
SCALING = {"divide by √d": True, "no scaling": False}
MASKS = {"off (see every token)": False, "causal (only earlier tokens)": True}


def sentence_inputs(d: int, seed: int = 0):
    """Token vectors (one random vector per distinct word, each entry unit variance) and three
    random projections that keep unit variance: an untrained head of width d."""
    rng = np.random.default_rng(seed)
    words = sorted(set(SENTENCE))
    table = rng.normal(size=(len(words), d))
    x = table[[words.index(w) for w in SENTENCE]]
    w_q, w_k, w_v = (rng.normal(size=(d, d)) / math.sqrt(d) for _ in range(3))
    return x, w_q, w_k, w_v


@dataclass(frozen=True)
class StepsResult:
    token: int
    d: int
    scaled: bool
    causal: bool
    scores: np.ndarray  # (T, T)
    weights: np.ndarray  # (T, T)

    @property
    def top_weight(self) -> float:
        return float(self.weights[self.token].max())


class AttentionStepByStep(Experiment):
    """An untrained attention head on one sentence: pick a token, see its scores and weights."""

    call_name = "transformers.AttentionStepByStep"
    figsize = (8.4, 4.0)

    def make_controls(self):
        return {
            "token": slider("query token", 7, 0, len(SENTENCE) - 1, 1, integer=True),
            "d": dropdown("width d", WIDTHS, 64),
            "scaling": dropdown("scores", list(SCALING), "divide by √d"),
            "mask": dropdown("mask", list(MASKS), "off (see every token)"),
        }

    def compute(self, token: int, d: int, scaling: str, mask: str) -> StepsResult:
        steps = attention_steps(*sentence_inputs(d), scaled=SCALING[scaling], causal=MASKS[mask])
        return StepsResult(token, d, SCALING[scaling], MASKS[mask], steps.scores, steps.weights)

    def build(self, fig: Figure) -> None:
        heat, scores, weights = fig.subplots(
            1, 3, width_ratios=(1.2, 1, 1), gridspec_kw={"wspace": 0.1}
        )
        n = len(SENTENCE)
        self.heat = heat.imshow(np.zeros((n, n)), cmap=SEQUENTIAL, vmin=0, vmax=1)
        heat.set_xticks(range(n), SENTENCE, rotation=90, fontsize=7)
        heat.set_yticks(range(n), SENTENCE, fontsize=7)
        heat.set(title="attention weights", xlabel="key (looked at)", ylabel="query (looking)")
        heat.grid(False)
        fig.colorbar(self.heat, ax=heat, label="weight (each row sums to 1)", shrink=0.8)
        (self.row,) = heat.plot([], [], color=COLORS["vermillion"], linewidth=2)
        y = np.arange(n)
        self.score_bars = scores.barh(y, np.zeros(n), color=COLORS["blue"])
        scores.set_yticks(y, SENTENCE, fontsize=7)
        scores.invert_yaxis()
        scores.axvline(0, color="black", linewidth=0.6)
        scores.set_xscale("symlog", linthresh=1)  # small scaled and large unscaled scores both show
        scores.set(title="1. scores q·k", xlabel="score (symmetric log scale)", xlim=(-64, 64))
        scores.set_xticks([-50, -5, 0, 5, 50], ["−50", "−5", "0", "5", "50"])
        self.weight_bars = weights.barh(y, np.zeros(n), color=COLORS["green"])
        weights.set_yticks(y, [])
        weights.invert_yaxis()
        weights.set(title="2. softmax → weights", xlabel="weight", xlim=(0, 1))

    def update(self, result: StepsResult) -> None:
        self.heat.set_data(result.weights)
        t = result.token
        self.row.set_data(
            [-0.5, len(SENTENCE) - 0.5, len(SENTENCE) - 0.5, -0.5, -0.5],
            [t - 0.5, t - 0.5, t + 0.5, t + 0.5, t - 0.5],
        )
        scores = np.where(np.isfinite(result.scores[t]), result.scores[t], 0.0)
        for bar, s in zip(self.score_bars, np.clip(scores, -64, 64), strict=True):
            bar.set_width(s)
        for bar, w in zip(self.weight_bars, result.weights[t], strict=True):
            bar.set_width(w)

    def moving_artists(self) -> list:
        return [self.heat, self.row, *self.score_bars, *self.weight_bars]

    def describe(self, result: StepsResult) -> str:
        t = result.token
        row = result.scores[t][np.isfinite(result.scores[t])]
        top = int(result.weights[t].argmax())
        return (
            f"'{SENTENCE[t]}' (token {t}) at width {result.d}, "
            f"{'scaled' if result.scaled else 'unscaled'}: its scores spread with standard "
            f"deviation {row.std():.1f}; {result.top_weight:.0%} of its attention goes to "
            f"'{SENTENCE[top]}' (token {top})."
        )
