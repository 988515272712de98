"""CharPerplexity: how surprised is each character model by Shakespeare it has not read?
Perplexity = exp(cross-entropy), the average surprise per character."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from matplotlib.figure import Figure

from course_lib import language_models
from course_lib.lessons.metrics.common import CHAR_MODELS, char_models, moving_title
from course_lib.live import Experiment, dropdown, slider
from course_lib.style import COLORS

PASSAGE = 60  # characters shown
PASSAGES = 20  # passages of the held-out text to choose from
SURPRISE_TOP = 9.0  # nats: the surprise axis (ln of 1/p; 9 nats is p ≈ 1/8000)


@dataclass(frozen=True)
class PerplexityResult:
    model: str
    passage: str
    surprise: np.ndarray  # -ln p of each character of the passage, in nats
    cross_entropy: dict[str, float]  # every model's on the whole held-out text
    perplexity: dict[str, float]


class CharPerplexity(Experiment):
    """Character models from uniform to trigram, scored on held-out tiny Shakespeare."""

    call_name = "metrics.CharPerplexity"
    figsize = (8.4, 3.3)

    def setup(self) -> None:
        self.fitted = char_models()
        step = (len(self.fitted.test) - PASSAGE) // PASSAGES
        self.starts = [i * step for i in range(PASSAGES)]

    def make_controls(self):
        return {
            "model": dropdown("model", list(CHAR_MODELS), "bigram"),
            "passage": slider("held-out passage", 0, 0, PASSAGES - 1, 1, integer=True),
        }

    def compute(self, model: str, passage: int) -> PerplexityResult:
        start = self.starts[passage]
        text = self.fitted.test[start : start + PASSAGE]
        # the passage's context is the text before it, as when scoring the whole held-out part
        context = self.fitted.test[max(0, start - 2) : start]
        logp = language_models.char_log_probs(self.fitted.models[model], context + text)
        entropy = self.fitted.cross_entropy
        return PerplexityResult(
            model,
            text,
            -logp[len(context) :],
            entropy,
            {name: language_models.perplexity(h) for name, h in entropy.items()},
        )

    def build(self, fig: Figure) -> None:
        # The passage is one monospaced text (one artist, not one per character); the
        # surprise axes is made exactly as wide as that text, so each bar sits over its letter.
        fig.set_layout_engine("none")  # the axes are placed by hand, below
        probe = fig.text(0, 0, "x" * PASSAGE, fontsize=11, family="monospace")
        text_px = probe.get_window_extent(fig.canvas.get_renderer()).width
        probe.remove()
        width = text_px / fig.bbox.width
        left = 0.09
        ax = fig.add_axes((left, 0.53, width, 0.36))
        self.bars = ax.stairs(
            np.zeros(PASSAGE),
            np.arange(PASSAGE + 1),
            fill=True,
            color=COLORS["blue"],
            label="surprise at each character",
        )
        self.chars = ax.text(
            0,
            -0.12,
            "",
            transform=ax.get_yaxis_transform(),
            ha="left",
            va="top",
            fontsize=11,
            family="monospace",
        )
        self.mean_line = ax.axhline(
            0,
            color=COLORS["vermillion"],
            lw=1.5,
            ls="--",
            label="cross-entropy on all held-out text",
        )
        ax.set(xlim=(0, PASSAGE), ylim=(0, SURPRISE_TOP), xticks=[], ylabel="−ln p (nats)")
        ax.set_xlabel("the held-out passage (↵ a new line, · a space)", labelpad=18)
        fig.legend(
            handles=[self.bars, self.mean_line],
            loc="lower left",
            fontsize=8,
            bbox_to_anchor=(0.7, 0.12),
        )
        self.title = moving_title(ax)
        names = list(CHAR_MODELS)
        ax_p = fig.add_axes((left + 0.05, 0.16, 0.52, 0.2))
        self.p_bars = ax_p.barh(range(len(names)), np.ones(len(names)), color=COLORS["sky"])
        self.p_text = [ax_p.text(1, i, "", va="center", fontsize=9) for i in range(len(names))]
        ax_p.set_yticks(range(len(names)), names, fontsize=8)
        ax_p.invert_yaxis()
        ax_p.set(xscale="log", xlim=(1, 300), xlabel="perplexity on held-out text (log scale)")
        ax_p.minorticks_off()

    def update(self, result: PerplexityResult) -> None:
        self.bars.set_data(np.minimum(result.surprise, SURPRISE_TOP))
        self.chars.set_text(result.passage.replace("\n", "↵").replace(" ", "·"))
        self.title.set_text(f"{result.model}: mean surprise here {result.surprise.mean():.2f} nats")
        h = result.cross_entropy[result.model]
        self.mean_line.set_ydata([h, h])
        for i, (bar, text) in enumerate(zip(self.p_bars, self.p_text, strict=True)):
            name = list(CHAR_MODELS)[i]
            value = result.perplexity[name]
            bar.set_width(value)
            bar.set_color(COLORS["orange"] if name == result.model else COLORS["sky"])
            text.set_position((value * 1.05, i))
            text.set_text(f"{value:.1f}")

    def moving_artists(self) -> list:
        return [self.bars, self.chars, self.title, self.mean_line, *self.p_bars, *self.p_text]

    def describe(self, result: PerplexityResult) -> str:
        h = result.cross_entropy[result.model]
        return (
            f"{result.model}: cross-entropy {h:.3f} nats per character on the held-out text, "
            f"perplexity exp({h:.3f}) = {math.exp(h):.2f}, as unsure as a pick among "
            f"{math.exp(h):.0f} equally likely characters."
        )
