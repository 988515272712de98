"""Leakage: a validation score that looks brilliant because the answer slipped in, and what
the same model scores on clean, fresh data."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from matplotlib.figure import Figure

from course_lib import leakage
from course_lib.lessons.overfitting.common import TEST, VALIDATION
from course_lib.live import Experiment, dropdown, slider
from course_lib.style import COLORS

#: Fresh rows to re-score the best of many models on (enough to pin 50 % within ±2 %).
N_FRESH = 2000
KINDS = [
    "copies on both sides of the split",
    "a column that encodes the label",
    "the best of 1000 models by test score",
]


@dataclass(frozen=True)
class LeakResult:
    kind: str
    seed: int
    reported: float  # the score the leaky procedure reports
    clean: float  # the same model on clean, fresh data
    honest: float  # what an honest procedure reports
    labels: tuple[str, str, str]
    note: str


def leak(kind: str, seed: int) -> LeakResult:
    """One of the three leaks, measured (a view of the functions in course_lib.leakage)."""
    if kind == KINDS[0]:
        r = leakage.duplicate_leakage(seed=seed)
        return LeakResult(
            kind, seed, r.random_split_accuracy, r.fresh_accuracy, r.group_split_accuracy,
            ("validation\n(random split)", "fresh data", "validation\n(split by example)"),
            "most validation rows had a copy in training, and a 1-nearest-neighbour model "
            "recognised them",
        )  # fmt: skip
    if kind == KINDS[1]:
        r = leakage.label_leak(seed=seed)
        return LeakResult(
            kind, seed, r.validation_accuracy, r.clean_test_accuracy, r.honest_test_accuracy,
            ("validation\n(column present)", "clean test\n(column is noise)",
             "clean test\n(trained without it)"),
            "the column was recorded after the outcome was known",
        )  # fmt: skip
    r = leakage.best_of_random_models(seed=seed, n_fresh=N_FRESH)
    return LeakResult(
        kind, seed, r.best_test_score, r.best_fresh_score, float(np.median(r.test_scores)),
        ("test score of\nthe winner", f"the winner on\n{N_FRESH} fresh rows",
         "a typical model's\ntest score"),
        "every model guesses: the labels are coin flips; the winner was lucky on 50 test rows",
    )  # fmt: skip


class Leakage(Experiment):
    """Three ways a score lies: the reported score, the same model on clean data, the honest one."""

    call_name = "overfitting.Leakage"
    figsize = (8.4, 3.4)

    def make_controls(self):
        return {
            "seed": slider("data set (seed)", 0, 0, 9, 1, integer=True),
            "kind": dropdown("leak", KINDS, KINDS[0]),
        }

    def compute(self, seed, kind):
        return self.memo((kind, int(seed)), lambda: leak(kind, int(seed)))

    def build(self, fig: Figure) -> None:
        ax = fig.subplots()
        self.bars = ax.bar(
            [0, 1, 2],
            np.zeros(3),
            width=0.6,
            color=[VALIDATION, TEST, COLORS["sky"]],
            edgecolor="black",
            lw=0.5,
        )
        self.values = [ax.text(i, 0, "", ha="center", va="bottom", fontsize=9) for i in range(3)]
        self.ticks = [ax.text(i, -0.03, "", ha="center", va="top", fontsize=8) for i in range(3)]
        ax.axhline(0.5, color=COLORS["grey"], ls=":", lw=1, label="guessing (50 %)")
        self.note = ax.text(0.5, 1.02, "", transform=ax.transAxes, ha="center", fontsize=8)
        ax.set(xlim=(-0.6, 2.6), ylim=(0, 1.12), ylabel="accuracy", xticks=[])
        ax.set_title("Reported score, the same model on clean data, an honest score", pad=16)
        ax.set_xlabel(" \n ", labelpad=14)
        ax.legend(loc="upper right", fontsize=8)

    def update(self, result: LeakResult) -> None:
        values = (result.reported, result.clean, result.honest)
        for bar, text, tick, value, label in zip(
            self.bars, self.values, self.ticks, values, result.labels, strict=True
        ):
            bar.set_height(value)
            text.set_position((bar.get_x() + bar.get_width() / 2, value + 0.01))
            text.set_text(f"{value:.1%}")
            tick.set_text(label)
        self.note.set_text(result.note)

    def moving_artists(self) -> list:
        return [*self.bars, *self.values, *self.ticks, self.note]

    def describe(self, result: LeakResult) -> str:
        return (
            f"{result.kind} (seed {result.seed}): reported {result.reported:.1%}, the same model "
            f"on clean data {result.clean:.1%}, honest {result.honest:.1%}."
        )
