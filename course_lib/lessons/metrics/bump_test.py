"""BumpTest: one model beats another by a point or two of accuracy; is the bump real, or
would another test set reverse it? A paired bootstrap and McNemar's test answer."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle

from course_lib import comparison, metrics
from course_lib.lessons.metrics.common import (
    MAIN_MODEL,
    MODEL_COLORS,
    cancer_scores,
    fixed_order,
    moving_title,
)
from course_lib.live import Experiment, dropdown, slider
from course_lib.style import COLORS

#: The models compared with logistic regression.
RIVALS = ("gradient boosting", "decision tree")
#: Histogram bins of the bootstrap differences, in accuracy points (fixed, so bars only move).
EDGES = np.arange(-20.5, 30.6, 1.0)
RESAMPLES = 2000


@dataclass(frozen=True)
class BumpResult:
    rival: str
    n_test: int
    accuracy_a: float
    accuracy_b: float
    interval: comparison.BootstrapInterval
    mcnemar: comparison.McNemarResult
    counts: np.ndarray  # the histogram of the bootstrap differences (tallest bin = 1)


class BumpTest(Experiment):
    """Logistic regression against a rival on the first n held-out tumours."""

    call_name = "metrics.BumpTest"
    figsize = (8.4, 3.2)

    def setup(self) -> None:
        held = cancer_scores()
        order = fixed_order(len(held.y_true))
        self.y_true = held.y_true[order]
        self.predicted = {
            name: metrics.predict_at_threshold(score[order], 0.5)
            for name, score in held.scores.items()
        }

    def make_controls(self):
        n = len(self.y_true)
        return {
            "rival": dropdown("rival model", list(RIVALS), RIVALS[0]),
            "n_test": slider("held-out tumours used", n, 20, n, 1, integer=True),
        }

    def compute(self, rival: str, n_test: int) -> BumpResult:
        y = self.y_true[:n_test]
        a, b = self.predicted[MAIN_MODEL][:n_test], self.predicted[rival][:n_test]
        interval = comparison.bootstrap_accuracy_difference(y, a, b, RESAMPLES, seed=0)
        counts, _ = np.histogram(100 * interval.differences, EDGES)
        return BumpResult(
            rival,
            n_test,
            metrics.accuracy_score(y, a),
            metrics.accuracy_score(y, b),
            interval,
            comparison.mcnemar_test(y, a, b),
            counts / counts.max(),
        )

    def build(self, fig: Figure) -> None:
        ax = fig.subplots()
        self.bars = ax.stairs(
            np.zeros(len(EDGES) - 1),
            EDGES,
            fill=True,
            color=COLORS["sky"],
            label=f"{RESAMPLES} bootstrap resamples",
        )
        self.band = Rectangle(
            (0, 0),
            0,
            1,
            transform=ax.get_xaxis_transform(),
            color=COLORS["orange"],
            alpha=0.25,
            label="95 % interval",
        )
        ax.add_patch(self.band)
        ax.axvline(0, color=COLORS["black"], lw=1, ls=":", label="no difference")
        self.observed = ax.axvline(
            0, color=MODEL_COLORS[MAIN_MODEL], lw=2, label="difference on the test set"
        )
        ax.set(
            xlim=(EDGES[0], EDGES[-1]),
            ylim=(0, 1.1),
            xlabel="accuracy(logistic regression) − accuracy(rival), in points",
            ylabel="resamples (tallest bin = 1)",
        )
        self.title = moving_title(ax)
        ax.legend(loc="upper right", fontsize=8)

    def update(self, result: BumpResult) -> None:
        self.bars.set_data(result.counts)
        low, high = 100 * result.interval.low, 100 * result.interval.high
        self.band.set_x(low)
        self.band.set_width(high - low)
        observed = 100 * result.interval.difference
        self.observed.set_xdata([observed, observed])
        self.title.set_text(
            f"{result.n_test} tumours: logistic regression {100 * result.accuracy_a:.1f} %, "
            f"{result.rival} {100 * result.accuracy_b:.1f} %"
        )

    def moving_artists(self) -> list:
        return [self.bars, self.band, self.observed, self.title]

    def describe(self, result: BumpResult) -> str:
        i, m = result.interval, result.mcnemar
        verdict = "includes 0: the bump may not be real" if i.low <= 0 <= i.high else ("excludes 0")
        return (
            f"Difference {100 * i.difference:+.1f} points; 95 % bootstrap interval "
            f"[{100 * i.low:+.1f}, {100 * i.high:+.1f}] {verdict}. McNemar: only logistic "
            f"regression right on {m.only_a_right}, only {result.rival} on {m.only_b_right}, "
            f"p = {m.p_value:.2f}."
        )
