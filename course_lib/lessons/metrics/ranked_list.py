"""RankedList: reorder a search engine's ten results and move the cut-off K; precision@K,
recall@K, average precision and NDCG@K say how much of what matters is near the top."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from matplotlib.figure import Figure

from course_lib import ranking
from course_lib.lessons.metrics.common import (
    ORDERINGS,
    RELEVANT_FROM,
    RESULT_GRADES,
    moving_title,
)
from course_lib.live import Experiment, dropdown, slider
from course_lib.plots import moving_tick_labels
from course_lib.style import COLORS

METRIC_NAMES = ("precision@K", "recall@K", "average precision", "NDCG@K")
GRADE_COLORS = (COLORS["grey"], COLORS["sky"], COLORS["blue"], COLORS["green"])


@dataclass(frozen=True)
class RankingResult:
    ordering: str
    k: int
    order: np.ndarray  # result numbers, top first
    grades: np.ndarray  # their grades in that order
    values: dict[str, float]


class RankedList(Experiment):
    """Ten results with graded relevance, an ordering to choose and a cut-off K."""

    call_name = "metrics.RankedList"
    figsize = (8.4, 3.3)

    def make_controls(self):
        return {
            "ordering": dropdown("order", list(ORDERINGS), "the engine's order"),
            "k": slider("K (results read)", 3, 1, len(RESULT_GRADES), 1, integer=True),
        }

    def compute(self, ordering: str, k: int) -> RankingResult:
        order = ORDERINGS[ordering]
        score = ranking.scores_for_order(order)
        relevant = (RESULT_GRADES >= RELEVANT_FROM).astype(int)
        values = {
            "precision@K": ranking.precision_at_k(relevant, score, k),
            "recall@K": ranking.recall_at_k(relevant, score, k),
            "average precision": ranking.mean_average_precision(relevant, score),
            "NDCG@K": ranking.ndcg_score(RESULT_GRADES, score, k),
        }
        return RankingResult(ordering, k, order, RESULT_GRADES[order], values)

    def build(self, fig: Figure) -> None:
        ax, ax_m = fig.subplots(1, 2, gridspec_kw={"width_ratios": [1.2, 1]})
        n = len(RESULT_GRADES)
        self.bars = ax.barh(range(n), np.zeros(n), color=COLORS["grey"])
        self.cut = ax.axhline(2.5, color=COLORS["vermillion"], lw=2, ls="--", label="cut-off K")
        widest = [f"#{rank + 1}: result {n}" for rank in range(n)]
        self.result_labels = moving_tick_labels(ax, "y", range(n), room=widest)
        self.left_spine = ax.spines["left"]
        ax.invert_yaxis()
        ax.set(
            xlim=(0, 3.6),
            xticks=range(4),
            xlabel="relevance grade (≥ 2 counts as relevant)",
            ylabel="rank: result shown",
            title="the ranked list",
        )
        self.legend = ax.legend(loc="lower right", fontsize=8)
        self.metric_bars = ax_m.bar(range(4), np.zeros(4), color=COLORS["orange"])
        self.metric_text = [
            ax_m.text(i, 0, "", ha="center", va="bottom", fontsize=9) for i in range(4)
        ]
        ax_m.set_xticks(range(4), ["P@K", "R@K", "AP", "NDCG@K"])
        ax_m.set(ylim=(0, 1.12), ylabel="score (1 = perfect)", xlabel="metric")
        self.metric_title = moving_title(ax_m)

    def update(self, result: RankingResult) -> None:
        for bar, grade in zip(self.bars, result.grades, strict=True):
            bar.set_width(grade)
            bar.set_color(GRADE_COLORS[grade])
        for rank, (label, r) in enumerate(zip(self.result_labels, result.order, strict=True)):
            label.set_text(f"#{rank + 1}: result {r + 1}")
        self.cut.set_ydata([result.k - 0.5] * 2)
        for bar, text, metric in zip(self.metric_bars, self.metric_text, METRIC_NAMES, strict=True):
            value = result.values[metric]
            bar.set_height(value)
            text.set_position((bar.get_x() + bar.get_width() / 2, value + 0.01))
            text.set_text(f"{value:.2f}")
        self.metric_title.set_text(f"metrics at K = {result.k}")

    def moving_artists(self) -> list:
        # the left spine and the legend stay drawn over the bars, as in a full draw
        return [
            *self.bars,
            *self.result_labels,
            self.left_spine,
            self.cut,
            self.legend,
            *self.metric_bars,
            *self.metric_text,
            self.metric_title,
        ]

    def describe(self, result: RankingResult) -> str:
        v = result.values
        relevant = int(np.sum(result.grades[: result.k] >= RELEVANT_FROM))
        return (
            f"{result.ordering}: {relevant} of the top {result.k} are relevant; "
            f"precision@{result.k} {v['precision@K']:.2f}, recall@{result.k} "
            f"{v['recall@K']:.2f}, AP {v['average precision']:.3f}, NDCG@{result.k} "
            f"{v['NDCG@K']:.3f}."
        )
