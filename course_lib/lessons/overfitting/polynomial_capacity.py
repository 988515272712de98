"""Polynomial capacity: the degree slider moves a model from underfitting to overfitting."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from matplotlib.figure import Figure

from course_lib import capacity, plots
from course_lib.lessons.overfitting.common import (
    MSE_RANGE,
    TRAIN,
    TRUTH,
    VALIDATION,
    X_RANGE,
    Y_RANGE,
)
from course_lib.live import Experiment, slider
from course_lib.style import COLORS

N_VALIDATION = 200
GRID = np.linspace(*X_RANGE, 300)


def student(degree: int, best_degree: int) -> str:
    """Which of the three students a polynomial of ``degree`` is, given the best degree."""
    if degree < best_degree - 1:
        return "the student who did not study (underfits: too simple to catch the pattern)"
    if degree > best_degree + 2:
        return "the student who memorised last year's answers (overfits: learns the noise too)"
    return "the student who understood (fits the pattern, not the noise)"


@dataclass(frozen=True)
class CapacityResult:
    degree: int
    train: capacity.Samples
    validation: capacity.Samples
    curve: capacity.ValidationCurve
    fit: np.ndarray  # the fitted polynomial on GRID

    @property
    def train_mse(self) -> float:
        return float(self.curve.train_mse[self.degree])

    @property
    def validation_mse(self) -> float:
        return float(self.curve.validation_mse[self.degree])


class PolynomialCapacity(Experiment):
    """Fit polynomials of growing degree; watch training and validation error part ways."""

    call_name = "overfitting.PolynomialCapacity"
    figsize = (8.4, 3.6)

    def make_controls(self):
        return {
            "degree": slider("degree", 3, 0, capacity.MAX_DEGREE, 1, integer=True),
            "noise": slider("noise (std)", capacity.NOISE, 0.0, 0.6, 0.05),
            "n": slider("training points", capacity.N_TRAIN, 10, 60, 5, integer=True),
        }

    def data(self, noise: float, n: int):
        """The training and validation sets and the curve over every degree (cached)."""

        def make():
            rng = np.random.default_rng(0)
            train = capacity.noisy_samples(int(n), float(noise), rng)
            validation = capacity.noisy_samples(N_VALIDATION, float(noise), rng)
            return train, validation, capacity.validation_curve(train, validation)

        return self.memo(("data", noise, n), make)

    def compute(self, degree, noise, n):
        train, validation, curve = self.data(noise, n)
        model = capacity.fit_polynomial(train.x, train.y, int(degree))
        return CapacityResult(int(degree), train, validation, curve, model.predict(GRID))

    def build(self, fig: Figure) -> None:
        self.ax_fit, self.ax_mse = fig.subplots(1, 2)
        ax = self.ax_fit
        ax.plot(
            GRID, capacity.true_function(GRID), "--", color=TRUTH, lw=1.2, label="truth sin(πx)"
        )
        self.val_points = ax.scatter(
            [], [], s=10, facecolor="none", edgecolor=VALIDATION, lw=0.7, label="validation"
        )
        self.train_points = ax.scatter(
            [], [], s=22, color=TRAIN, edgecolor="black", lw=0.4, label="training"
        )
        (self.fit_line,) = ax.plot([], [], color=COLORS["vermillion"], label="fitted polynomial")
        ax.set(xlim=X_RANGE, ylim=Y_RANGE, xlabel="x", ylabel="y", title="The fit")
        ax.legend(loc="lower left", fontsize=7.5, ncols=2)

        ax = self.ax_mse
        (self.train_curve,) = ax.plot([], [], "o-", ms=3, color=TRAIN, label="training MSE")
        (self.val_curve,) = ax.plot([], [], "s-", ms=3, color=VALIDATION, label="validation MSE")
        (self.now,) = ax.plot([], [], "o", ms=10, mfc="none", mec="black", mew=1.5, label="now")
        self.noise_line = ax.axhline(1, color=TRUTH, lw=1, ls=":", label="noise variance σ²")
        self.labels = [
            ax.text(0, 0, "", ha=ha, va="bottom", fontsize=7.5)
            for ha in ("left", "center", "right")
        ]
        plots.log_axis(
            ax,
            MSE_RANGE,
            xlim=(-0.5, capacity.MAX_DEGREE + 0.5),
            xlabel="polynomial degree (capacity)",
            ylabel="mean squared error (log scale)",
            title="Error against capacity",
        )
        ax.legend(loc="upper center", fontsize=7.5, ncols=2)

    def update(self, result: CapacityResult) -> None:
        self.train_points.set_offsets(np.column_stack([result.train.x, result.train.y]))
        self.val_points.set_offsets(np.column_stack([result.validation.x, result.validation.y]))
        self.fit_line.set_data(GRID, np.clip(result.fit, Y_RANGE[0] - 1, Y_RANGE[1] + 1))
        curve = result.curve
        train = plots.clip_for_log(curve.train_mse, MSE_RANGE)
        val = plots.clip_for_log(curve.validation_mse, MSE_RANGE)
        self.train_curve.set_data(curve.degrees, train)
        self.val_curve.set_data(curve.degrees, val)
        plots.show_point(self.now, result.degree, val[result.degree])
        noise = max(result.train.noise**2, MSE_RANGE[0])
        self.noise_line.set_ydata([noise, noise])
        best = curve.best_degree
        places = ((0, "did not study"), (best, "understood"), (capacity.MAX_DEGREE, "memorised"))
        for text, (degree, words) in zip(self.labels, places, strict=True):
            text.set_position((degree, val[degree] * 1.3))
            text.set_text(words)

    def moving_artists(self) -> list:
        return [
            self.train_points,
            self.val_points,
            self.fit_line,
            self.train_curve,
            self.val_curve,
            self.now,
            self.noise_line,
            *self.labels,
        ]

    def describe(self, result: CapacityResult) -> str:
        best = result.curve.best_degree
        return (
            f"Degree {result.degree} on {len(result.train)} points: training MSE "
            f"{result.train_mse:.3g}, validation MSE {result.validation_mse:.3g} (lowest at "
            f"degree {best}: {result.curve.validation_mse[best]:.3g}). This is "
            f"{student(result.degree, best)}."
        )
