"""ThresholdExplorer: one model's scores become a classifier at a threshold; the confusion
counts, the metrics and the point on the ROC and precision-recall curves move together."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from matplotlib.figure import Figure

from course_lib import curves, metrics
from course_lib.lessons.metrics.common import (
    MAIN_MODEL,
    MODEL_COLORS,
    NEGATIVE,
    POSITIVE,
    TRAINED_MODELS,
    cancer_scores,
    moving_title,
)
from course_lib.live import Experiment, dropdown, slider
from course_lib.style import COLORS, SEQUENTIAL


@dataclass(frozen=True)
class ThresholdResult:
    model: str
    threshold: float
    counts: metrics.ConfusionCounts
    accuracy: float
    precision: float  # NaN when nothing is predicted positive
    recall: float
    f1: float
    fpr: float
    roc: curves.RocCurve
    pr: curves.PrecisionRecallCurve
    roc_auc: float
    average_precision: float


class ThresholdExplorer(Experiment):
    """A threshold slider over a real model's held-out scores on the breast-cancer data."""

    call_name = "metrics.ThresholdExplorer"
    figsize = (8.4, 3.3)

    def setup(self) -> None:
        self.held = cancer_scores()

    def make_controls(self):
        return {
            "threshold": slider("threshold", 0.5, 0.0, 1.0, 0.01),
            "model": dropdown("model", list(TRAINED_MODELS), MAIN_MODEL),
        }

    def compute(self, threshold: float, model: str) -> ThresholdResult:
        y_true, y_score = self.held.y_true, self.held.scores[model]
        counts = metrics.confusion_at_threshold(y_true, y_score, threshold)
        curve = self.memo(model, lambda: self._curves(y_true, y_score))
        return ThresholdResult(
            model,
            threshold,
            counts,
            counts.accuracy(),
            counts.precision(zero_division=math.nan),
            counts.recall(),
            counts.fbeta(1.0, zero_division=0.0),
            counts.false_positive_rate(),
            *curve,
        )

    @staticmethod
    def _curves(y_true, y_score) -> tuple:
        return (
            curves.roc_curve(y_true, y_score),
            curves.precision_recall_curve(y_true, y_score),
            curves.roc_auc_score(y_true, y_score),
            curves.average_precision_score(y_true, y_score),
        )

    def build(self, fig: Figure) -> None:
        ax_cm, ax_roc, ax_pr = fig.subplots(1, 3, gridspec_kw={"width_ratios": [1, 1.15, 1.15]})
        n = len(self.held.y_true)
        self.matrix = ax_cm.imshow(np.zeros((2, 2)), cmap=SEQUENTIAL, vmin=0, vmax=n, alpha=0.6)
        self.cells = [
            [ax_cm.text(j, i + 0.08, "", ha="center", va="center", fontsize=12) for j in range(2)]
            for i in range(2)
        ]
        for i, row in enumerate((("TN", "FP"), ("FN", "TP"))):
            for j, name in enumerate(row):
                ax_cm.text(j, i - 0.28, name, ha="center", va="center", fontsize=8)
        ax_cm.set(
            xticks=[0, 1],
            yticks=[0, 1],
            xticklabels=[f"said {NEGATIVE}", f"said {POSITIVE}"],
            yticklabels=[f"is {NEGATIVE}", f"is {POSITIVE}"],
            xlabel="prediction",
        )
        ax_cm.tick_params(axis="y", labelrotation=90)
        ax_cm.grid(False)
        self.cm_title = moving_title(ax_cm)
        self.cm_title.set_fontsize(9)
        # the curves: one line each, redrawn when the model changes; the current point moves
        (self.roc_line,) = ax_roc.plot([], [], label="ROC curve")
        ax_roc.plot([0, 1], [0, 1], ls=":", color=COLORS["grey"], lw=1, label="chance")
        (self.roc_point,) = ax_roc.plot([], [], "o", color=COLORS["vermillion"], label="threshold")
        ax_roc.set(
            xlim=(-0.02, 1.02),
            ylim=(-0.02, 1.02),
            xlabel="false-positive rate (of benign)",
            ylabel="recall (of malignant)",
        )
        ax_roc.legend(loc="lower right")
        self.roc_title = moving_title(ax_roc)
        (self.pr_line,) = ax_pr.plot([], [], drawstyle="steps-post", label="PR curve")
        base = self.held.y_true.mean()
        ax_pr.axhline(base, ls=":", color=COLORS["grey"], lw=1, label="chance")
        (self.pr_point,) = ax_pr.plot([], [], "o", color=COLORS["vermillion"], label="threshold")
        ax_pr.set(xlim=(-0.02, 1.02), ylim=(0.0, 1.03), xlabel="recall", ylabel="precision")
        ax_pr.legend(loc="lower left")
        self.pr_title = moving_title(ax_pr)

    def update(self, result: ThresholdResult) -> None:
        c = result.counts
        grid = [[c.tn, c.fp], [c.fn, c.tp]]
        self.matrix.set_data(np.array(grid))
        for i in range(2):
            for j in range(2):
                self.cells[i][j].set_text(str(grid[i][j]))
        precision = "n/a" if math.isnan(result.precision) else f"{result.precision:.3f}"
        self.cm_title.set_text(
            f"acc. {result.accuracy:.3f}  F1 {result.f1:.3f}\n"
            f"prec. {precision}  rec. {result.recall:.3f}"
        )
        colour = MODEL_COLORS[result.model]
        self.roc_line.set_data(result.roc.fpr, result.roc.tpr)
        self.roc_line.set_color(colour)
        self.pr_line.set_data(result.pr.recall, result.pr.precision)
        self.pr_line.set_color(colour)
        self.roc_point.set_data([result.fpr], [result.recall])
        if math.isnan(result.precision):
            self.pr_point.set_data([], [])
        else:
            self.pr_point.set_data([result.recall], [result.precision])
        self.roc_title.set_text(f"ROC curve, AUC = {result.roc_auc:.3f}")
        self.pr_title.set_text(f"precision–recall, AP = {result.average_precision:.3f}")

    def moving_artists(self) -> list:
        return [
            self.matrix,
            *[t for row in self.cells for t in row],
            self.cm_title,
            self.roc_line,
            self.pr_line,
            self.roc_title,
            self.pr_title,
            self.roc_point,
            self.pr_point,
        ]

    def describe(self, result: ThresholdResult) -> str:
        c = result.counts
        precision = (
            "precision is undefined (nothing is called malignant)"
            if math.isnan(result.precision)
            else f"precision {result.precision:.3f}"
        )
        return (
            f"{result.model} at threshold {result.threshold:.2f}: {c.tp} of {c.positives} "
            f"malignant tumours found (recall {result.recall:.3f}), {c.fp} of {c.negatives} "
            f"benign ones flagged; {precision}, accuracy {result.accuracy:.3f}."
        )
