"""ClassImbalance: make malignant tumours rare and watch accuracy flatter a model that finds
none of them, ROC AUC stay high, and average precision tell the truth."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from matplotlib.figure import Figure

from course_lib import curves, metrics, metrics_data
from course_lib.lessons.metrics.common import MODEL_COLORS, SEED, cancer
from course_lib.live import Experiment, slider
from course_lib.style import COLORS

#: The baseline and the model compared at every share of positives (a small tree: its
#: mistakes show; logistic regression is nearly perfect on these data).
MODEL = "decision tree"
MODELS = ("majority class", MODEL)


@dataclass(frozen=True)
class ImbalanceResult:
    positive_rate: float
    n_test: int
    positives: int  # malignant tumours in the held-out part
    majority_accuracy: float
    model_accuracy: float
    model_recall: float
    roc: curves.RocCurve
    pr: curves.PrecisionRecallCurve
    roc_auc: float
    average_precision: float


class ClassImbalance(Experiment):
    """A positive-rate slider: subsample the data, retrain, score the held-out half."""

    call_name = "metrics.ClassImbalance"
    figsize = (8.4, 3.2)

    def setup(self) -> None:
        self.data = cancer()

    def make_controls(self):
        return {"positive_rate": slider("share malignant", 0.37, 0.01, 0.5, 0.01)}

    def compute(self, positive_rate: float) -> ImbalanceResult:
        return self.memo(positive_rate, lambda: self._at_rate(positive_rate))

    def _at_rate(self, rate: float) -> ImbalanceResult:
        # subsample the FULL data first, then split and train: the models see the same share
        rows = metrics_data.imbalanced_indices(self.data.y, rate, seed=SEED)
        held = metrics_data.held_out_scores(
            self.data.X[rows], self.data.y[rows], test_fraction=0.5, seed=SEED, models=MODELS
        )
        y, score = held.y_true, held.scores[MODEL]
        majority = metrics.predict_at_threshold(held.scores["majority class"], 0.5)
        predicted = metrics.predict_at_threshold(score, 0.5)
        return ImbalanceResult(
            rate,
            len(y),
            int(y.sum()),
            metrics.accuracy_score(y, majority),
            metrics.accuracy_score(y, predicted),
            metrics.recall_score(y, predicted),
            curves.roc_curve(y, score),
            curves.precision_recall_curve(y, score),
            curves.roc_auc_score(y, score),
            curves.average_precision_score(y, score),
        )

    def build(self, fig: Figure) -> None:
        ax_bar, ax_roc, ax_pr = fig.subplots(1, 3, gridspec_kw={"width_ratios": [0.9, 1, 1]})
        labels = ["accuracy\nall benign", "accuracy\ntree", "ROC\nAUC", "AP"]
        colours = [MODEL_COLORS["majority class"], *[MODEL_COLORS[MODEL]] * 3]
        self.bars = ax_bar.bar(range(4), np.zeros(4), color=colours)
        self.bar_text = [
            ax_bar.text(i, 0, "", ha="center", va="bottom", fontsize=8) for i in range(4)
        ]
        ax_bar.set_xticks(range(4), labels, fontsize=8)
        ax_bar.set(ylim=(0, 1.12), ylabel="score (1 = perfect)", title="held-out scores")
        (self.roc_line,) = ax_roc.plot([], [], color=MODEL_COLORS[MODEL], label=MODEL)
        ax_roc.plot([0, 1], [0, 1], ls=":", color=COLORS["grey"], lw=1, label="chance")
        ax_roc.set(
            xlim=(-0.02, 1.02),
            ylim=(-0.02, 1.02),
            xlabel="false-positive rate",
            ylabel="recall",
            title="ROC curve",
        )
        ax_roc.legend(loc="lower right")
        (self.pr_line,) = ax_pr.plot(
            [], [], drawstyle="steps-post", color=MODEL_COLORS[MODEL], label=MODEL
        )
        (self.pr_chance,) = ax_pr.plot(
            [0, 1], [0, 0], ls=":", color=COLORS["grey"], lw=1, label="chance (share malignant)"
        )
        ax_pr.set(
            xlim=(-0.02, 1.02),
            ylim=(0, 1.03),
            xlabel="recall",
            ylabel="precision",
            title="precision–recall curve",
        )
        ax_pr.legend(loc="center left")

    def update(self, result: ImbalanceResult) -> None:
        values = [
            result.majority_accuracy,
            result.model_accuracy,
            result.roc_auc,
            result.average_precision,
        ]
        for bar, text, value in zip(self.bars, self.bar_text, values, strict=True):
            bar.set_height(value)
            text.set_position((bar.get_x() + bar.get_width() / 2, value + 0.01))
            text.set_text(f"{value:.2f}")
        self.roc_line.set_data(result.roc.fpr, result.roc.tpr)
        self.pr_line.set_data(result.pr.recall, result.pr.precision)
        share = result.positives / result.n_test
        self.pr_chance.set_ydata([share, share])

    def moving_artists(self) -> list:
        return [*self.bars, *self.bar_text, self.roc_line, self.pr_line, self.pr_chance]

    def describe(self, result: ImbalanceResult) -> str:
        return (
            f"{result.positives} malignant among {result.n_test} held-out tumours: "
            f"always saying benign scores accuracy {result.majority_accuracy:.3f}; "
            f"the depth-3 tree {result.model_accuracy:.3f} (recall "
            f"{result.model_recall:.2f}), ROC AUC {result.roc_auc:.3f}, "
            f"average precision {result.average_precision:.3f}."
        )
