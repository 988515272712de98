"""SubgroupGap: the same accuracy for small and large tumours, yet small malignant tumours
are missed far more often. An average can hide the group a model fails."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from matplotlib.figure import Figure

from course_lib import comparison, metrics, metrics_data
from course_lib.lessons.metrics.common import (
    MAIN_MODEL,
    THRESHOLD,
    cancer,
    cancer_scores,
    moving_title,
)
from course_lib.live import Experiment, slider
from course_lib.style import COLORS

GROUPS = ("smaller", "larger")  # tumours below / above the median mean radius
SHOWN = ("accuracy", "recall", "precision")


@dataclass(frozen=True)
class SubgroupResult:
    threshold: float
    values: dict[str, comparison.GroupMetric]  # metric name -> per group and overall
    missed: dict[str, int]  # group -> malignant tumours missed


class SubgroupGap(Experiment):
    """Accuracy, recall and precision for everyone and per tumour-size group, at a threshold."""

    call_name = "metrics.SubgroupGap"
    figsize = (8.4, 3.1)

    def setup(self) -> None:
        held, data = cancer_scores(), cancer()
        radius = data.X[held.test_index, data.feature_names.index("mean radius")]
        self.groups = metrics_data.median_groups(radius, GROUPS)
        self.y_true, self.y_score = held.y_true, held.scores[MAIN_MODEL]

    def make_controls(self):
        return {"threshold": slider("threshold", 0.5, 0.05, 0.95, 0.01)}

    def compute(self, threshold: float) -> SubgroupResult:
        y_pred = metrics.predict_at_threshold(self.y_score, threshold)

        def precision(y_true, y_pred):
            return metrics.precision_score(y_true, y_pred, zero_division=math.nan)

        functions = {
            "accuracy": metrics.accuracy_score,
            "recall": metrics.recall_score,
            "precision": precision,
        }
        values = {
            name: comparison.metric_by_group(self.y_true, y_pred, self.groups, function)
            for name, function in functions.items()
        }
        missed = {
            g: int(np.sum((self.groups == g) & (self.y_true == 1) & (y_pred == 0))) for g in GROUPS
        }
        return SubgroupResult(threshold, values, missed)

    def build(self, fig: Figure) -> None:
        ax = fig.subplots()
        self.bars = {}
        self.texts = []
        colours = {
            "everyone": COLORS["grey"],
            "smaller": COLORS["orange"],
            "larger": COLORS["blue"],
        }
        for j, who in enumerate(("everyone", *GROUPS)):
            x = np.arange(len(SHOWN)) + (j - 1) * 0.27
            members = self.groups == who if who != "everyone" else np.ones_like(self.y_true) > 0
            label = (
                f"{'all' if who == 'everyone' else who} tumours: {members.sum()}, "
                f"{self.y_true[members].sum()} malignant"
            )
            self.bars[who] = ax.bar(
                x, np.zeros(len(SHOWN)), width=0.25, color=colours[who], label=label
            )
            self.texts += [ax.text(xi, 0, "", ha="center", va="bottom", fontsize=8) for xi in x]
        ax.set_xticks(range(len(SHOWN)), SHOWN)
        ax.set(ylim=(0, 1.15), ylabel="score on held-out tumours", xlabel="metric")
        ax.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0), fontsize=8)
        self.title = moving_title(ax)

    def update(self, result: SubgroupResult) -> None:
        texts = iter(self.texts)
        for who, bars in self.bars.items():
            for bar, metric in zip(bars, SHOWN, strict=True):
                group = result.values[metric]
                value = (
                    group.overall if who == "everyone" else group.values[group.groups.index(who)]
                )
                shown = 0.0 if math.isnan(value) else value
                bar.set_height(shown)
                text = next(texts)
                text.set_position((bar.get_x() + bar.get_width() / 2, shown + 0.01))
                text.set_text("n/a" if math.isnan(value) else f"{value:.2f}")
        self.title.set_text(f"threshold {result.threshold:.2f} ({THRESHOLD.split('(')[1][:-1]})")

    def moving_artists(self) -> list:
        return [*(bar for bars in self.bars.values() for bar in bars), *self.texts, self.title]

    def describe(self, result: SubgroupResult) -> str:
        acc, rec = result.values["accuracy"], result.values["recall"]
        return (
            f"Accuracy gap between the groups {acc.gap:.3f}, recall gap {rec.gap:.3f}: "
            f"{result.missed['smaller']} smaller and {result.missed['larger']} larger "
            f"malignant tumours missed."
        )
