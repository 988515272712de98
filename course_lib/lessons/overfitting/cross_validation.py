"""Cross-validation on a small, imbalanced data set: k scores and their spread, with plain
folds or stratified ones that keep the rare class's share in every fold."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from matplotlib.figure import Figure

from course_lib import leakage, splits
from course_lib.lessons.overfitting.common import VALIDATION
from course_lib.live import Experiment, dropdown, slider
from course_lib.style import COLORS

N = 60
MAX_K = 10
FOLDS = ["plain", "stratified"]


def fit_and_score(X_train, y_train, X_test, y_test) -> float:
    """A least-squares linear classifier, scored by accuracy on the held-out fold."""
    return float(np.mean(leakage.linear_classifier(X_train, y_train)(X_test) == y_test))


@dataclass(frozen=True)
class CrossValidationResult:
    k: int
    folds: str
    minority: float
    scores: np.ndarray  # one accuracy per fold
    rare_per_fold: np.ndarray  # how many rare-class examples each test fold holds
    fold_sizes: np.ndarray

    @property
    def mean(self) -> float:
        return float(self.scores.mean())

    @property
    def std(self) -> float:
        return float(self.scores.std())


class CrossValidation(Experiment):
    """k-fold cross-validation of a linear classifier on 60 examples, one class rare."""

    call_name = "overfitting.CrossValidation"
    figsize = (8.4, 3.4)

    def make_controls(self):
        return {
            "k": slider("folds k", 5, 2, MAX_K, 1, integer=True),
            "folds": dropdown("folds", FOLDS, "plain"),
            "minority": slider("rare class share", 0.1, 0.05, 0.5, 0.05),
            "shuffle": slider("shuffle (seed)", 1, 0, 9, 1, integer=True),
        }

    def compute(self, k, folds, minority, shuffle):
        X, y = splits.imbalanced_classes(N, float(minority), seed=0)
        stratified = folds == "stratified"
        if stratified:
            fold_list = splits.stratified_kfold_indices(y, int(k), shuffle=True, seed=int(shuffle))
        else:
            fold_list = splits.kfold_indices(N, int(k), shuffle=True, seed=int(shuffle))
        result = splits.cross_validate(
            fit_and_score, X, y, int(k), stratified, shuffle=True, seed=int(shuffle)
        )
        return CrossValidationResult(
            int(k), folds, float(minority), result.scores,
            np.array([y[test].sum() for _, test in fold_list]),
            np.array([len(test) for _, test in fold_list]),
        )  # fmt: skip

    def build(self, fig: Figure) -> None:
        self.ax_rare, self.ax_score = fig.subplots(1, 2)
        positions = np.arange(1, MAX_K + 1)
        ax = self.ax_rare
        self.rare_bars = ax.bar(positions, np.zeros(MAX_K), color=COLORS["purple"],
                                label="rare-class examples in the fold")  # fmt: skip
        self.expected = ax.axhline(0, color="black", ls="--", lw=1, label="its share of the fold")
        ax.set(xlim=(0.4, MAX_K + 0.6), ylim=(0, 12), xlabel="test fold", ylabel="examples",
               title="Where the rare class lands")  # fmt: skip
        ax.set_xticks(positions)
        ax.legend(loc="upper right", fontsize=7.5)

        ax = self.ax_score
        self.score_bars = ax.bar(positions, np.zeros(MAX_K), color=VALIDATION,
                                 label="accuracy on the fold")  # fmt: skip
        self.mean_line = ax.axhline(0, color="black", lw=1.5, label="mean")
        self.band = ax.axhspan(
            0, 0, color=COLORS["grey"], alpha=0.25, label="mean ± std", zorder=0.5
        )
        ax.set(xlim=(0.4, MAX_K + 0.6), ylim=(0, 1.05), xlabel="test fold", ylabel="accuracy",
               title="One score per fold")  # fmt: skip
        ax.set_xticks(positions)
        ax.legend(loc="lower right", fontsize=7.5)

    def update(self, result: CrossValidationResult) -> None:
        k = result.k
        for i, (rare, score) in enumerate(zip(self.rare_bars, self.score_bars, strict=True)):
            rare.set_height(result.rare_per_fold[i] if i < k else 0)
            score.set_height(result.scores[i] if i < k else 0)
        share = result.rare_per_fold.sum() / N * result.fold_sizes.mean()
        self.expected.set_ydata([share, share])
        self.mean_line.set_ydata([result.mean, result.mean])
        low, high = result.mean - result.std, result.mean + result.std
        self.band.set_y(low)
        self.band.set_height(high - low)

    def moving_artists(self) -> list:
        return [*self.rare_bars, self.expected, self.band, *self.score_bars, self.mean_line]

    def describe(self, result: CrossValidationResult) -> str:
        rare = result.rare_per_fold
        return (
            f"{result.k} {result.folds} folds of {N} examples ({rare.sum()} rare): each test fold "
            f"holds {rare.min()} to {rare.max()} rare examples; accuracy "
            f"{result.mean:.1%} ± {result.std:.1%} (from {result.scores.min():.0%} to "
            f"{result.scores.max():.0%})."
        )
