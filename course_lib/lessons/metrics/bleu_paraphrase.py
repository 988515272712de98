"""BleuParaphrase: BLEU counts shared word sequences, not meaning; a paraphrase scores low
and a sentence saying the opposite scores high."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from matplotlib.figure import Figure

from course_lib import bleu
from course_lib.lessons.metrics.common import BLEU_CANDIDATES, moving_title
from course_lib.live import Experiment, dropdown
from course_lib.style import COLORS

REFERENCE = bleu.PARAPHRASE_EXAMPLE["reference"]
PARTS = ("1-word", "2-word", "3-word", "4-word", "brevity", "BLEU")


@dataclass(frozen=True)
class BleuResult:
    candidate: str
    sentence: str
    same_meaning: bool
    score: bleu.BleuScore
    all_scores: dict[str, float]  # BLEU of every candidate


class BleuParaphrase(Experiment):
    """One reference sentence, candidates to choose, BLEU's parts as bars."""

    call_name = "metrics.BleuParaphrase"
    figsize = (8.4, 3.0)

    def setup(self) -> None:
        self.all_scores = {
            name: bleu.sentence_bleu(REFERENCE, sentence).score
            for name, (sentence, _) in BLEU_CANDIDATES.items()
        }

    def make_controls(self):
        return {"candidate": dropdown("candidate", list(BLEU_CANDIDATES), "paraphrase")}

    def compute(self, candidate: str) -> BleuResult:
        sentence, same = BLEU_CANDIDATES[candidate]
        score = bleu.sentence_bleu(REFERENCE, sentence)
        return BleuResult(candidate, sentence, same, score, self.all_scores)

    def build(self, fig: Figure) -> None:
        ax, ax_all = fig.subplots(1, 2, gridspec_kw={"width_ratios": [1.1, 1]})
        self.bars = ax.bar(
            range(len(PARTS)),
            np.zeros(len(PARTS)),
            color=[COLORS["sky"]] * 4 + [COLORS["grey"], COLORS["orange"]],
        )
        self.texts = [
            ax.text(i, 0, "", ha="center", va="bottom", fontsize=8) for i in range(len(PARTS))
        ]
        ax.set_xticks(range(len(PARTS)), PARTS, fontsize=8)
        ax.set(
            ylim=(0, 1.15),
            ylabel="share of n-grams matched / score",
            xlabel="n-gram precisions, brevity penalty, BLEU",
        )
        self.title = moving_title(ax, fontsize=9)
        names = list(BLEU_CANDIDATES)
        colours = [
            COLORS["green"] if BLEU_CANDIDATES[n][1] else COLORS["vermillion"] for n in names
        ]
        ax_all.barh(range(len(names)), list(self.all_scores.values()), color=colours)
        ax_all.set_yticks(range(len(names)), names, fontsize=8)
        ax_all.invert_yaxis()
        ax_all.set(
            xlim=(0, 1), xlabel="BLEU against the reference", title="green: same meaning; red: not"
        )
        (self.mark,) = ax_all.plot([], [], "<", color=COLORS["black"], label="chosen")
        ax_all.legend(loc="lower right", fontsize=8)

    def update(self, result: BleuResult) -> None:
        s = result.score
        values = [*s.precisions, s.brevity_penalty, s.score]
        for bar, text, value in zip(self.bars, self.texts, values, strict=True):
            bar.set_height(value)
            text.set_position((bar.get_x() + bar.get_width() / 2, value + 0.01))
            text.set_text(f"{value:.2f}")
        self.title.set_text(f"reference: “{REFERENCE}”\ncandidate: “{result.sentence}”")
        row = list(BLEU_CANDIDATES).index(result.candidate)
        self.mark.set_data([result.score.score + 0.03], [row])

    def moving_artists(self) -> list:
        return [*self.bars, *self.texts, self.title, self.mark]

    def describe(self, result: BleuResult) -> str:
        meaning = "means the same" if result.same_meaning else "does not mean the same"
        return (
            f"“{result.sentence}” {meaning} as “{REFERENCE}” and scores BLEU "
            f"{result.score.score:.3f} ({result.score.precisions[0]:.2f} of its words match)."
        )
