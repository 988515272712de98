"""AnnotatorAgreement: two people label the same examples; raw agreement flatters them when
one label is rare, Cohen's kappa does not, and no model can score above what the labels
themselves agree on."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from matplotlib.figure import Figure

from course_lib import agreement, metrics, metrics_data
from course_lib.lessons.metrics.common import SEED, moving_title
from course_lib.live import Experiment, slider
from course_lib.style import COLORS

N_EXAMPLES = 400
PARTS = (
    "raw agreement",
    "chance agreement",
    "Cohen's κ",
    "a perfect copy of A:\nrecall by B's labels",
)


@dataclass(frozen=True)
class AgreementResult:
    agreement_share: float
    positive_rate: float
    result: agreement.Agreement
    ceiling_accuracy: float  # a model that reproduces annotator A perfectly, scored against B
    ceiling_recall: float


class AnnotatorAgreement(Experiment):
    """Two annotators' 0/1 labels with a chosen raw agreement and share of 1s."""

    call_name = "metrics.AnnotatorAgreement"
    figsize = (8.0, 3.0)

    def make_controls(self):
        return {
            "agreement_share": slider("raw agreement", 0.9, 0.5, 1.0, 0.01),
            "positive_rate": slider("share labelled 1 by A", 0.05, 0.02, 0.5, 0.01),
        }

    def compute(self, agreement_share: float, positive_rate: float) -> AgreementResult:
        labels = metrics_data.two_annotators(N_EXAMPLES, agreement_share, positive_rate, SEED)
        # a model that learned annotator A perfectly, judged by annotator B's labels
        perfect_a = labels.a
        return AgreementResult(
            agreement_share,
            positive_rate,
            agreement.agreement(labels.a, labels.b),
            metrics.accuracy_score(labels.b, perfect_a),
            metrics.recall_score(labels.b, perfect_a, zero_division=0.0),
        )

    def build(self, fig: Figure) -> None:
        ax = fig.subplots()
        colours = [COLORS["sky"], COLORS["grey"], COLORS["orange"], COLORS["purple"]]
        self.bars = ax.bar(range(len(PARTS)), np.zeros(len(PARTS)), color=colours)
        self.texts = [
            ax.text(i, 0, "", ha="center", va="bottom", fontsize=9) for i in range(len(PARTS))
        ]
        ax.axhline(0, color=COLORS["black"], lw=0.8)
        ax.set_xticks(range(len(PARTS)), PARTS, fontsize=9)
        ax.set(ylim=(-0.3, 1.12), ylabel="share of examples / kappa", xlabel="measure")
        self.title = moving_title(ax)

    def update(self, result: AgreementResult) -> None:
        r = result.result
        values = [r.observed, r.chance, r.kappa, result.ceiling_recall]
        for bar, text, value in zip(self.bars, self.texts, values, strict=True):
            bar.set_height(value)
            text.set_position((bar.get_x() + bar.get_width() / 2, max(value, 0) + 0.01))
            text.set_text(f"{value:.2f}")
        self.title.set_text(
            f"{N_EXAMPLES} examples, annotator A says 1 on {100 * result.positive_rate:.0f} %"
        )

    def moving_artists(self) -> list:
        return [*self.bars, *self.texts, self.title]

    def describe(self, result: AgreementResult) -> str:
        r = result.result
        return (
            f"They agree on {100 * r.observed:.0f} % of examples, chance alone gives "
            f"{100 * r.chance:.0f} %, so κ = {r.kappa:.2f}. A model that copies A perfectly "
            f"scores accuracy {result.ceiling_accuracy:.2f} and recall "
            f"{result.ceiling_recall:.2f} against B's labels."
        )
