"""ShakespeareSampler: the tiny GPT writes; temperature and top-k decide how it draws."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from matplotlib.figure import Figure
from threadpoolctl import ThreadpoolController

from course_lib import datasets
from course_lib.lessons.transformers.common import one_thread
from course_lib.live import Experiment, dropdown, slider
from course_lib.plots import moving_tick_labels
from course_lib.style import COLORS
from course_lib.tiny_gpt import FastSampler, sampling_probabilities
from course_lib.tokens import learn_bpe

PROMPTS = ["ROMEO:\n", "KING HENRY:\n", "First Citizen:\n", "\n"]
N_NEW, SHOWN = 90, 12  # characters written (prompt + N_NEW fit the context); bars drawn
#: Characters per line of the sample as shown.
LINE = 46


@dataclass(frozen=True)
class SampleResult:
    prompt: str
    temperature: float
    top_k: int
    seed: int
    text: str  # what the model wrote after the prompt
    candidates: tuple[str, ...]  # the likeliest next characters after the prompt
    probabilities: np.ndarray  # their probabilities at this temperature and top-k


class ShakespeareSampler(Experiment):
    """The tiny GPT stored in data/ (trained by data/make_tiny_gpt.py), sampled live."""

    call_name = "transformers.ShakespeareSampler"
    figsize = (8.4, 3.9)

    def setup(self) -> None:
        model, self.saved = datasets.tiny_gpt()
        self.sampler = FastSampler(model)
        self.chars = learn_bpe(datasets.tiny_shakespeare(), 0)
        self.blas = ThreadpoolController()

    def make_controls(self):
        return {
            "prompt": dropdown("prompt", PROMPTS, "ROMEO:\n"),
            "temperature": slider("temperature", 0.8, 0.0, 2.0, 0.1),
            "top_k": slider("top-k (65 = all)", 65, 1, 65, 1, integer=True),
            "seed": slider("seed", 0, 0, 9, 1, integer=True),
        }

    def compute(self, prompt: str, temperature: float, top_k: int, seed: int) -> SampleResult:
        def write() -> SampleResult:
            ids = self.chars.encode(prompt)
            with one_thread(self.blas):
                logits = self.sampler.next_logits(ids)[-1]
                out = self.sampler.generate(ids, N_NEW, temperature, top_k, seed)
            probs = sampling_probabilities(logits, temperature, top_k)
            order = np.argsort(-logits, kind="stable")[:SHOWN]
            return SampleResult(
                prompt,
                temperature,
                top_k,
                seed,
                self.chars.decode(out[len(ids) :]),
                tuple(self.chars.vocabulary[i] for i in order),
                probs[order],
            )

        return self.memo((prompt, temperature, top_k, seed), write)

    def build(self, fig: Figure) -> None:
        bars_ax, text_ax = fig.subplots(1, 2, width_ratios=(1, 1.6))
        self.bars = bars_ax.bar(np.arange(SHOWN), np.zeros(SHOWN), color=COLORS["blue"])
        bars_ax.set(
            title="Next character after the prompt",
            xlabel="candidate (likeliest first)",
            ylabel="probability of being drawn",
            ylim=(0, 1),
        )
        self.candidates = moving_tick_labels(bars_ax, "x", np.arange(SHOWN), room=["\\n"] * SHOWN)
        text_ax.axis("off")
        text_ax.set_title("What the model wrote")
        self.sample = text_ax.text(0, 1, "", va="top", ha="left", family="monospace", fontsize=8.5)

    def update(self, result: SampleResult) -> None:
        for bar, p in zip(self.bars, result.probabilities, strict=True):
            bar.set_height(p)
        for label, c in zip(self.candidates, result.candidates, strict=True):
            label.set_text(repr(c)[1:-1] if c.isspace() else c)
        text = result.prompt + result.text
        lines = []
        for paragraph in text.split("\n"):
            lines.extend([paragraph[i : i + LINE] for i in range(0, len(paragraph), LINE)] or [""])
        self.sample.set_text("\n".join(lines[:16]))

    def moving_artists(self) -> list:
        return [*self.bars, *self.candidates, self.sample]

    def describe(self, result: SampleResult) -> str:
        top = result.candidates[int(np.argmax(result.probabilities))]
        return (
            f"Temperature {result.temperature:g}, top-k {result.top_k}, seed {result.seed}: the "
            f"likeliest next character {top!r} gets {result.probabilities.max():.0%} of the draws; "
            f"the model wrote {len(result.text)} characters."
        )
