"""Weight decay measured: an L2 penalty shrinks a degree-12 polynomial's coefficients."""

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
from course_lib.live import Experiment, log_slider
from course_lib.style import COLORS

DEGREE = capacity.MAX_DEGREE
LAM_RANGE = (1e-6, 100.0)
LAMS = np.logspace(np.log10(LAM_RANGE[0]), np.log10(LAM_RANGE[1]), 81)
GRID = np.linspace(*X_RANGE, 300)
COEF_RANGE = 1e3  # the coefficient axis: symmetric log scale up to ±COEF_RANGE


@dataclass(frozen=True)
class RidgeResult:
    lam: float
    model: capacity.PolynomialModel
    fit: np.ndarray  # on GRID
    train_mse: float
    validation_mse: float
    path: capacity.RidgePath  # over LAMS, for the curve


class RidgeShrink(Experiment):
    """Ridge (L2) on a degree-12 polynomial: the penalty λ shrinks every coefficient."""

    call_name = "overfitting.RidgeShrink"
    figsize = (8.4, 3.5)

    def setup(self) -> None:
        rng = np.random.default_rng(0)
        self.train = capacity.noisy_samples(capacity.N_TRAIN, capacity.NOISE, rng)
        self.validation = capacity.noisy_samples(200, capacity.NOISE, rng)
        self.path = capacity.ridge_path(self.train, self.validation, DEGREE, LAMS)

    def make_controls(self):
        return {"lam": log_slider("L2 penalty λ", 1e-5, *LAM_RANGE)}

    def compute(self, lam):
        model = capacity.fit_polynomial(self.train.x, self.train.y, DEGREE, float(lam))
        return RidgeResult(
            float(lam),
            model,
            model.predict(GRID),
            capacity.mse(self.train.y, model.predict(self.train.x)),
            capacity.mse(self.validation.y, model.predict(self.validation.x)),
            self.path,
        )

    def build(self, fig: Figure) -> None:
        self.ax_fit, self.ax_coef, self.ax_mse = fig.subplots(1, 3, width_ratios=(1.1, 1, 1))
        ax = self.ax_fit
        ax.plot(GRID, capacity.true_function(GRID), "--", color=TRUTH, lw=1.2, label="truth")
        ax.scatter(self.train.x, self.train.y, s=18, color=TRAIN, edgecolor="black", lw=0.4,
                   label="training")  # fmt: skip
        (self.fit_line,) = ax.plot([], [], color=COLORS["vermillion"], label="ridge fit")
        ax.set(xlim=X_RANGE, ylim=Y_RANGE, xlabel="x", ylabel="y", title=f"Degree {DEGREE} fit")
        ax.legend(loc="lower left", fontsize=7.5)

        ax = self.ax_coef
        powers = np.arange(1, DEGREE + 1)
        self.bars = ax.bar(powers, np.zeros(DEGREE), color=COLORS["purple"], label="coefficient")
        ax.set_yscale("symlog", linthresh=1.0)
        ax.set(
            xlim=(0.3, DEGREE + 0.7),
            ylim=(-COEF_RANGE, COEF_RANGE),
            xlabel="power of x",
            ylabel="coefficient (symmetric log)",
            title="The weights",
        )
        ax.set_xticks(powers[::2])
        ax.set_yticks([-1000, -10, 0, 10, 1000], ["−10³", "−10", "0", "10", "10³"])
        ax.minorticks_off()
        self.norm_text = ax.text(0.03, 0.95, "", transform=ax.transAxes, fontsize=8, va="top")

        ax = self.ax_mse
        ax.plot(LAMS, plots.clip_for_log(self.path.train_mse, MSE_RANGE), color=TRAIN,
                label="training MSE")  # fmt: skip
        ax.plot(LAMS, plots.clip_for_log(self.path.validation_mse, MSE_RANGE), color=VALIDATION,
                label="validation MSE")  # fmt: skip
        (self.now,) = ax.plot([], [], "o", ms=9, mfc="none", mec="black", mew=1.5, label="now")
        plots.log_axis(
            ax,
            MSE_RANGE,
            xlim=LAM_RANGE,
            xscale="log",
            xlabel="L2 penalty λ (log scale)",
            ylabel="MSE (log scale)",
            title="Error against λ",
        )
        ax.legend(loc="upper left", fontsize=7.5)

    def update(self, result: RidgeResult) -> None:
        self.fit_line.set_data(GRID, np.clip(result.fit, Y_RANGE[0] - 1, Y_RANGE[1] + 1))
        for bar, value in zip(self.bars, result.model.coef, strict=True):
            bar.set_height(float(np.clip(value, -COEF_RANGE, COEF_RANGE)))
        self.norm_text.set_text(f"‖w‖ = {np.linalg.norm(result.model.coef):.3g}")
        plots.show_point(self.now, result.lam, plots.clip_for_log(result.validation_mse, MSE_RANGE))

    def moving_artists(self) -> list:
        return [self.fit_line, *self.bars, self.norm_text, self.now]

    def describe(self, result: RidgeResult) -> str:
        best = float(LAMS[np.argmin(result.path.validation_mse)])
        return (
            f"λ = {result.lam:.3g}: weights' size ‖w‖ = {np.linalg.norm(result.model.coef):.3g}, "
            f"training MSE {result.train_mse:.3g}, validation MSE {result.validation_mse:.3g} "
            f"(lowest near λ = {best:.2g}: {result.path.validation_mse.min():.3g})."
        )
