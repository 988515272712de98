"""RecallChallenge: a screening test must find at least 95 % of malignant tumours. Choose the
threshold on one half of the held-out tumours; the other half, unseen, judges the choice."""

from __future__ import annotations

import math
from dataclasses import dataclass

from matplotlib.figure import Figure

from course_lib import curves, metrics, metrics_data
from course_lib.lessons.metrics.common import (
    MAIN_MODEL,
    SEED,
    THRESHOLD,
    cancer_scores,
    moving_title,
)
from course_lib.live import Experiment, slider
from course_lib.style import COLORS

MIN_RECALL = 0.95
#: How far below the best reachable precision (on the judging half) still counts as a win.
PRECISION_SLACK = 0.05


@dataclass(frozen=True)
class ChallengeResult:
    threshold: float
    choose: metrics.ConfusionCounts  # on the half the learner sees
    judge: metrics.ConfusionCounts  # on the half that judges
    target_precision: float


class RecallChallenge(Experiment):
    """Recall ≥ 95 % with the best precision, chosen on one half and judged on the other."""

    call_name = "metrics.RecallChallenge"
    figsize = (8.0, 3.2)

    def setup(self) -> None:
        held = cancer_scores()
        choose, judge = metrics_data.stratified_halves(held.y_true, seed=SEED)
        score = held.scores[MAIN_MODEL]
        self.choose = held.y_true[choose], score[choose]
        self.judge = held.y_true[judge], score[judge]
        best = curves.threshold_for_recall(*self.judge, MIN_RECALL)
        self.best_judge_precision = best.counts.precision()
        self.curves = curves.counts_at_thresholds(*self.choose)

    def make_controls(self):
        return {"threshold": slider("threshold", 0.5, 0.0, 1.0, 0.005, readout_format=".3f")}

    def compute(self, threshold: float) -> ChallengeResult:
        return ChallengeResult(
            threshold,
            metrics.confusion_at_threshold(*self.choose, threshold),
            metrics.confusion_at_threshold(*self.judge, threshold),
            self.best_judge_precision - PRECISION_SLACK,
        )

    def build(self, fig: Figure) -> None:
        ax = fig.subplots()
        c = self.curves
        recall = c.tp / c.positives
        precision = c.tp / (c.tp + c.fp)
        ax.plot(
            c.thresholds,
            recall,
            drawstyle="steps-post",
            color=COLORS["blue"],
            label="recall (choosing half)",
        )
        ax.plot(
            c.thresholds,
            precision,
            drawstyle="steps-post",
            color=COLORS["orange"],
            label="precision (choosing half)",
        )
        ax.axhline(MIN_RECALL, color=COLORS["grey"], ls=":", lw=1, label="recall required")
        self.now = ax.axvline(0.5, color=COLORS["vermillion"], lw=1.5, label="your threshold")
        ax.set(xlim=(0, 1), ylim=(0, 1.03), xlabel=THRESHOLD, ylabel="share")
        ax.legend(loc="lower left", fontsize=8)
        self.title = moving_title(ax)

    def update(self, result: ChallengeResult) -> None:
        self.now.set_xdata([result.threshold, result.threshold])
        c = result.choose
        precision = c.precision(zero_division=math.nan)
        self.title.set_text(
            f"choosing half ({c.positives} malignant): recall {c.recall():.3f}, "
            f"precision {precision:.3f}"
        )

    def moving_artists(self) -> list:
        return [self.now, self.title]

    def challenge_status(self, result: ChallengeResult) -> tuple[bool, str]:
        j = result.judge
        recall, precision = j.recall(), j.precision(zero_division=0.0)
        reached = recall >= MIN_RECALL and precision >= result.target_precision
        return reached, (
            f"find at least {100 * MIN_RECALL:.0f} % of the malignant tumours of the judging "
            f"half with precision ≥ {result.target_precision:.3f}. The judging half says: "
            f"recall {recall:.3f} ({j.tp} of {j.positives}), precision {precision:.3f}."
        )

    def describe(self, result: ChallengeResult) -> str:
        c = result.choose
        return (
            f"Threshold {result.threshold:.3f} on the choosing half: {c.tp} of {c.positives} "
            f"malignant found, {c.fp} of {c.negatives} benign flagged."
        )
