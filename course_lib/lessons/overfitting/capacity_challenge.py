"""The challenge: choose a degree and an L2 penalty that bring the validation error under a
target; a test set the learner never sees then judges whether the choice generalises."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from matplotlib.figure import Figure

from course_lib import capacity
from course_lib.lessons.overfitting.common import (
    TEST,
    TRAIN,
    TRUTH,
    VALIDATION,
    X_RANGE,
    Y_RANGE,
)
from course_lib.live import Experiment, log_slider, slider
from course_lib.style import COLORS

#: The validation MSE to reach, and the test MSE the hidden judge accepts.
TARGET = 0.15
GRID = np.linspace(*X_RANGE, 300)
MSE_TOP = 0.8


def challenge_data(seed: int = 2026) -> tuple[capacity.Samples, capacity.Samples, capacity.Samples]:
    """20 training points, 30 validation points and 2000 hidden test points (noise 0.3)."""
    rng = np.random.default_rng(seed)
    return (
        capacity.noisy_samples(20, capacity.NOISE, rng),
        capacity.noisy_samples(30, capacity.NOISE, rng),
        capacity.noisy_samples(2000, capacity.NOISE, rng),
    )


def _mse(value: float) -> str:
    """An MSE with three decimals (0.150 is not 0.1502), or in short where it is huge."""
    return f"{value:.3f}" if value < 100 else f"{value:.3g}"


@dataclass(frozen=True)
class ChallengeResult:
    degree: int
    lam: float
    fit: np.ndarray  # on GRID
    train_mse: float
    validation_mse: float
    test_mse: float  # the hidden judge: shown only once the validation target is reached

    @property
    def validation_reached(self) -> bool:
        return self.validation_mse <= TARGET

    @property
    def passed(self) -> bool:
        return self.validation_reached and self.test_mse <= TARGET


class CapacityChallenge(Experiment):
    """Reach a validation MSE of at most 0.15 with a polynomial; the hidden test set judges."""

    call_name = "overfitting.CapacityChallenge"
    figsize = (8.4, 3.4)

    def setup(self) -> None:
        self.train, self.validation, self._test = challenge_data()

    def make_controls(self):
        return {
            "degree": slider("degree", 12, 0, capacity.MAX_DEGREE, 1, integer=True),
            "lam": log_slider("L2 penalty λ", 1e-6, 1e-6, 10.0),
        }

    def compute(self, degree, lam):
        model = capacity.fit_polynomial(self.train.x, self.train.y, int(degree), float(lam))
        return ChallengeResult(
            int(degree), float(lam), model.predict(GRID),
            capacity.mse(self.train.y, model.predict(self.train.x)),
            capacity.mse(self.validation.y, model.predict(self.validation.x)),
            capacity.mse(self._test.y, model.predict(self._test.x)),
        )  # fmt: skip

    def build(self, fig: Figure) -> None:
        self.ax_fit, self.ax_bar = fig.subplots(1, 2, width_ratios=(1.5, 1))
        ax = self.ax_fit
        ax.plot(GRID, capacity.true_function(GRID), "--", color=TRUTH, lw=1.2, label="truth")
        ax.scatter(self.validation.x, self.validation.y, s=16, facecolor="none",
                   edgecolor=VALIDATION, label="validation")  # fmt: skip
        ax.scatter(self.train.x, self.train.y, s=20, color=TRAIN, edgecolor="black", lw=0.4,
                   label="training")  # fmt: skip
        (self.fit_line,) = ax.plot([], [], color=COLORS["vermillion"], label="your model")
        ax.set(xlim=X_RANGE, ylim=Y_RANGE, xlabel="x", ylabel="y", title="Your model")
        ax.legend(loc="lower left", fontsize=7.5, ncols=2)

        ax = self.ax_bar
        self.bars = ax.bar([0, 1, 2], np.zeros(3), color=[TRAIN, VALIDATION, TEST],
                           edgecolor="black", lw=0.5)  # fmt: skip
        self.values = [ax.text(i, 0, "", ha="center", va="bottom", fontsize=8) for i in range(3)]
        ax.axhline(TARGET, color="black", ls="--", lw=1, label=f"target {TARGET}")
        ax.set_xticks([0, 1, 2], ["training", "validation", "hidden test"], fontsize=8)
        ax.set(ylim=(0, MSE_TOP), ylabel="mean squared error", title="Errors")
        ax.legend(loc="upper right", fontsize=7.5)

    def update(self, result: ChallengeResult) -> None:
        self.fit_line.set_data(GRID, np.clip(result.fit, Y_RANGE[0] - 1, Y_RANGE[1] + 1))
        test = result.test_mse if result.validation_reached else 0.0
        shown = (result.train_mse, result.validation_mse, test)
        for i, (bar, text, value) in enumerate(zip(self.bars, self.values, shown, strict=True)):
            bar.set_height(min(value, MSE_TOP))
            label = f"{value:.3f}" if value <= MSE_TOP else f"{value:.3g} ↑"
            if i == 2 and not result.validation_reached:
                label = "hidden"
            text.set_position((i, min(value, MSE_TOP * 0.92) + 0.01))
            text.set_text(label)

    def moving_artists(self) -> list:
        return [self.fit_line, *self.bars, *self.values]

    def describe(self, result: ChallengeResult) -> str:
        return (
            f"Degree {result.degree}, λ = {result.lam:.3g}: training MSE {_mse(result.train_mse)}, "
            f"validation MSE {_mse(result.validation_mse)} (target {TARGET})."
        )

    def challenge_status(self, result: ChallengeResult) -> tuple[bool, str]:
        if not result.validation_reached:
            return False, (
                f"bring the validation MSE to {TARGET} or less (now "
                f"{_mse(result.validation_mse)}); then the hidden test set judges your model."
            )
        if not result.passed:
            return False, (
                f"validation MSE {_mse(result.validation_mse)} reaches the target, but on the "
                f"hidden test set your model scores {_mse(result.test_mse)}: it suits these 30 "
                "validation points more than new data. Try a simpler or more regularised model."
            )
        return True, (
            f"validation MSE {_mse(result.validation_mse)} and, on 2000 hidden test points, "
            f"{_mse(result.test_mse)}: degree {result.degree} with λ = {result.lam:.3g} "
            "generalises."
        )
