"""ErrorCosts: put a price on a false alarm and on a missed cancer; the cheapest threshold
moves, and it is rarely 0.5."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from matplotlib.figure import Figure

from course_lib import curves, metrics, plots
from course_lib.lessons.metrics.common import MAIN_MODEL, MODEL_COLORS, THRESHOLD, cancer_scores
from course_lib.live import Experiment, slider
from course_lib.style import COLORS

#: The cost axis (log scale): from a near-perfect threshold's cost to every tumour
#: misjudged at the highest prices.
COST_RANGE = (0.01, 40.0)


@dataclass(frozen=True)
class CostResult:
    fp_cost: float
    fn_cost: float
    thresholds: np.ndarray  # the distinct scores, decreasing (+inf left out)
    costs: np.ndarray  # expected cost per tumour at each threshold
    cheapest: curves.ThresholdChoice
    cheapest_cost: float
    bayes: float  # fp_cost / (fp_cost + fn_cost)
    at_half: metrics.ConfusionCounts
    half_cost: float


class ErrorCosts(Experiment):
    """Prices for a false positive and a false negative; the expected cost at every threshold."""

    call_name = "metrics.ErrorCosts"
    figsize = (8.4, 3.2)

    def setup(self) -> None:
        held = cancer_scores()
        self.y_true, self.y_score = held.y_true, held.scores[MAIN_MODEL]

    def make_controls(self):
        return {
            "fp_cost": slider("cost of a false alarm (FP)", 1, 1, 50, 1, integer=True),
            "fn_cost": slider("cost of a missed cancer (FN)", 10, 1, 50, 1, integer=True),
        }

    def compute(self, fp_cost: int, fn_cost: int) -> CostResult:
        curve = curves.cost_curve(self.y_true, self.y_score, fp_cost, fn_cost)
        cheapest = curves.cheapest_threshold(self.y_true, self.y_score, fp_cost, fn_cost)
        half = metrics.confusion_at_threshold(self.y_true, self.y_score, 0.5)
        return CostResult(
            fp_cost,
            fn_cost,
            curve.thresholds[1:],
            curve.costs[1:],
            cheapest,
            cheapest.counts.expected_cost(fp_cost, fn_cost),
            curves.bayes_threshold(fp_cost, fn_cost),
            half,
            half.expected_cost(fp_cost, fn_cost),
        )

    def build(self, fig: Figure) -> None:
        ax, ax_bar = fig.subplots(1, 2, gridspec_kw={"width_ratios": [1.7, 1]})
        (self.curve,) = ax.plot(
            [], [], drawstyle="steps-post", color=MODEL_COLORS[MAIN_MODEL], label="expected cost"
        )
        self.bayes_line = ax.axvline(
            0.5, ls="--", color=COLORS["grey"], lw=1, label="FP cost / (FP + FN cost)"
        )
        (self.half_point,) = ax.plot([], [], "s", color=COLORS["black"], label="threshold 0.5")
        (self.best_point,) = ax.plot([], [], "o", color=COLORS["vermillion"], label="cheapest")
        plots.log_axis(
            ax,
            COST_RANGE,
            xlim=(0, 1),
            xlabel=THRESHOLD,
            ylabel="expected cost per tumour (log)",
            title="What each threshold costs",
        )
        ax.legend(loc="upper center", fontsize=8)
        self.bars = ax_bar.bar(
            [0, 1, 3, 4], np.zeros(4), color=[COLORS["orange"], COLORS["purple"]] * 2
        )
        self.bar_text = [
            ax_bar.text(x, 0, "", ha="center", va="bottom", fontsize=9) for x in (0, 1, 3, 4)
        ]
        ax_bar.set_xticks([0, 1, 3, 4], ["FP", "FN", "FP", "FN"])
        ax_bar.set(
            ylim=(0, 30),
            ylabel="tumours (of 171)",
            xlabel="at 0.5        at the cheapest",
            title="Mistakes made",
        )

    def update(self, result: CostResult) -> None:
        self.curve.set_data(result.thresholds, plots.clip_for_log(result.costs, COST_RANGE))
        self.bayes_line.set_xdata([result.bayes, result.bayes])
        self.half_point.set_data([0.5], [result.half_cost])
        best = result.cheapest.threshold
        self.best_point.set_data(
            [min(best, 1.0)], plots.clip_for_log([result.cheapest_cost], COST_RANGE)
        )
        counts = result.at_half, result.cheapest.counts
        values = [counts[0].fp, counts[0].fn, counts[1].fp, counts[1].fn]
        for bar, text, value in zip(self.bars, self.bar_text, values, strict=True):
            bar.set_height(value)
            text.set_position((bar.get_x() + bar.get_width() / 2, value + 0.3))
            text.set_text(str(value))

    def moving_artists(self) -> list:
        return [
            self.curve,
            self.bayes_line,
            self.half_point,
            self.best_point,
            *self.bars,
            *self.bar_text,
        ]

    def describe(self, result: CostResult) -> str:
        best = result.cheapest
        where = (
            "nothing is called malignant"
            if math.isinf(best.threshold)
            else (f"threshold {best.threshold:.3f}")
        )
        return (
            f"A miss costs {result.fn_cost / result.fp_cost:.3g} × a false alarm: the cheapest is "
            f"{where} ({best.counts.fp} FP, {best.counts.fn} FN, {result.cheapest_cost:.3f} per "
            f"tumour) against {result.half_cost:.3f} at 0.5; for calibrated probabilities "
            f"theory says {result.bayes:.3f}."
        )
