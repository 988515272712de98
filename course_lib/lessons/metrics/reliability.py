"""Reliability: when a model says 80 %, is it right 80 % of the time? Bin the held-out
tumours by predicted probability and compare each bin's claim with what happened."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from matplotlib.figure import Figure

from course_lib import calibration
from course_lib.lessons.metrics.common import TRAINED_MODELS, cancer_scores, moving_title
from course_lib.live import Experiment, dropdown, slider
from course_lib.style import COLORS


@dataclass(frozen=True)
class ReliabilityResult:
    model: str
    bins: calibration.ReliabilityBins
    ece: float
    brier: float


class Reliability(Experiment):
    """A reliability diagram of one model's held-out probabilities, with ECE and Brier score."""

    call_name = "metrics.Reliability"
    figsize = (8.0, 3.4)

    def setup(self) -> None:
        self.held = cancer_scores()

    def make_controls(self):
        return {
            "model": dropdown("model", list(TRAINED_MODELS), "gradient boosting"),
            "n_bins": slider("bins", 5, 2, 15, 1, integer=True),
        }

    def compute(self, model: str, n_bins: int) -> ReliabilityResult:
        y, p = self.held.y_true, self.held.scores[model]
        return ReliabilityResult(
            model,
            calibration.reliability_bins(y, p, n_bins),
            calibration.expected_calibration_error(y, p, n_bins),
            calibration.brier_score_loss(y, p),
        )

    def build(self, fig: Figure) -> None:
        ax, ax_n = fig.subplots(1, 2, gridspec_kw={"width_ratios": [1.2, 1]})
        ax.plot([0, 1], [0, 1], ls=":", color=COLORS["grey"], lw=1, label="calibrated")
        (self.curve,) = ax.plot([], [], "o-", color=COLORS["vermillion"], label="model's bins")
        ax.set(
            xlim=(0, 1),
            ylim=(-0.02, 1.02),
            xlabel="mean predicted P(malignant) in a bin",
            ylabel="share malignant in the bin",
        )
        ax.legend(loc="upper left", fontsize=8)
        self.title = moving_title(ax)
        self.counts = ax_n.stairs(np.zeros(2), [0, 0.5, 1], fill=True, color=COLORS["sky"])
        ax_n.set(
            xlim=(0, 1),
            ylim=(0, 171),
            xlabel="predicted P(malignant)",
            ylabel="tumours in the bin",
            title="how many tumours each bin holds",
        )

    def update(self, result: ReliabilityResult) -> None:
        bins = result.bins
        kept = bins.nonempty
        self.curve.set_data(bins.mean_predicted[kept], bins.fraction_positive[kept])
        self.counts.set_data(bins.counts, bins.edges)
        self.title.set_text(f"ECE {result.ece:.3f}, Brier score {result.brier:.3f}")

    def moving_artists(self) -> list:
        return [self.curve, self.counts, self.title]

    def describe(self, result: ReliabilityResult) -> str:
        bins = result.bins
        kept = bins.nonempty
        claimed, happened = bins.mean_predicted[kept], bins.fraction_positive[kept]
        worst = int(np.argmax(np.abs(happened - claimed)))
        return (
            f"{result.model}, {len(bins.counts)} bins: the worst bin claims {claimed[worst]:.2f} "
            f"and holds {happened[worst]:.2f} malignant ({bins.counts[kept][worst]} tumours); "
            f"ECE {result.ece:.3f}, Brier {result.brier:.3f}."
        )
