"""Baselines: the majority class, a linear model and a small tree against a boosted ensemble,
on the same split. The simple models are shockingly competitive."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from matplotlib.figure import Figure

from course_lib import curves, metrics, metrics_data
from course_lib.lessons.metrics.common import MODEL_COLORS, cancer_scores, moving_title
from course_lib.live import Experiment, dropdown

#: The metrics a learner can compare the models on (threshold 0.5 where one is needed).
METRICS = ("accuracy", "F1", "recall", "ROC AUC", "average precision")


def metric_value(name: str, y_true: np.ndarray, y_score: np.ndarray) -> float:
    """``name`` of the scores (predictions at 0.5 for the threshold metrics)."""
    if name == "ROC AUC":
        return curves.roc_auc_score(y_true, y_score)
    if name == "average precision":
        return curves.average_precision_score(y_true, y_score)
    counts = metrics.confusion_at_threshold(y_true, y_score, 0.5)
    if name == "accuracy":
        return counts.accuracy()
    if name == "recall":
        return counts.recall()
    return counts.fbeta(1.0, zero_division=0.0)


@dataclass(frozen=True)
class BaselineResult:
    metric: str
    values: dict[str, float]  # model name -> metric on the held-out tumours


class Baselines(Experiment):
    """Four models, one metric chosen from a list, bars side by side."""

    call_name = "metrics.Baselines"
    figsize = (8.0, 3.0)

    def setup(self) -> None:
        self.held = cancer_scores()

    def make_controls(self):
        return {"metric": dropdown("metric", list(METRICS), "accuracy")}

    def compute(self, metric: str) -> BaselineResult:
        y = self.held.y_true
        values = {name: metric_value(metric, y, s) for name, s in self.held.scores.items()}
        return BaselineResult(metric, values)

    def build(self, fig: Figure) -> None:
        ax = fig.subplots()
        names = metrics_data.MODEL_NAMES
        self.bars = ax.barh(
            range(len(names)), np.zeros(len(names)), color=[MODEL_COLORS[n] for n in names]
        )
        self.labels = [ax.text(0, i, "", va="center", fontsize=9) for i in range(len(names))]
        ax.set_yticks(range(len(names)), names)
        ax.invert_yaxis()
        ax.set(xlim=(0, 1.12), xlabel="score on 171 held-out tumours (1 = perfect)")
        self.title = moving_title(ax)

    def update(self, result: BaselineResult) -> None:
        for bar, label, value in zip(self.bars, self.labels, result.values.values(), strict=True):
            bar.set_width(value)
            label.set_position((value + 0.01, bar.get_y() + bar.get_height() / 2))
            label.set_text(f"{value:.3f}")
        self.title.set_text(f"{result.metric}, the same split for every model")

    def moving_artists(self) -> list:
        return [*self.bars, *self.labels, self.title]

    def describe(self, result: BaselineResult) -> str:
        ranked = sorted(result.values.items(), key=lambda item: -item[1])
        best, second = ranked[0], ranked[1]
        floor = result.values["majority class"]
        return (
            f"{result.metric}: best {best[0]} {best[1]:.3f}, then {second[0]} {second[1]:.3f} "
            f"({100 * (best[1] - second[1]):.1f} points apart); the majority-class baseline "
            f"scores {floor:.3f}{'' if not math.isclose(floor, 0) else ' (it finds nothing)'}."
        )
