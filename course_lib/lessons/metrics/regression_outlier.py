"""RegressionOutlier: drag one patient's value and watch MSE, MAE and R² react; a model
worse than predicting the mean scores R² below 0."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from matplotlib.collections import LineCollection
from matplotlib.figure import Figure

from course_lib import datasets, metrics, regression
from course_lib.lessons.metrics.common import moving_title
from course_lib.live import Experiment, dropdown, slider
from course_lib.style import COLORS

#: The models: a line fitted to these patients, their mean, and a constant another clinic
#: reported (it knows nothing about these patients).
MODELS = ("least-squares line", "the mean", "another clinic's 250")
OTHER_CLINIC = 250.0
MOVED = 2  # the patient the slider moves (BMI 38, the heaviest)
R2_RANGE = (-3.0, 1.0)


@dataclass(frozen=True)
class RegressionResult:
    model: str
    bmi: np.ndarray
    progression: np.ndarray  # with the moved patient's value
    predicted: np.ndarray  # the chosen model's prediction for each patient
    line: tuple[np.ndarray, np.ndarray]  # the chosen model drawn across the BMI range
    mse: float
    mae: float
    r2: dict[str, float]  # every model's R² on these patients


class RegressionOutlier(Experiment):
    """Twenty diabetes patients (BMI → disease progression), one of them movable."""

    call_name = "metrics.RegressionOutlier"
    figsize = (8.4, 3.3)

    def setup(self) -> None:
        self.patients = datasets.diabetes(n=20, seed=0)

    def make_controls(self):
        true = int(self.patients.progression[MOVED])
        return {
            "moved_value": slider("moved patient's progression", true, 0, 700, 1, integer=True),
            "model": dropdown("model", list(MODELS), MODELS[0]),
        }

    def predictions(self, y: np.ndarray) -> dict[str, np.ndarray]:
        x = self.patients.bmi
        w, b = regression.least_squares(x, y)
        return {
            MODELS[0]: regression.predict(x[:, None], w, b),
            MODELS[1]: np.full(len(y), y.mean()),
            MODELS[2]: np.full(len(y), OTHER_CLINIC),
        }

    def compute(self, moved_value: int, model: str) -> RegressionResult:
        x = self.patients.bmi
        y = self.patients.progression.copy()
        y[MOVED] = moved_value
        predicted = self.predictions(y)
        r2 = {name: metrics.r2_score(y, p) for name, p in predicted.items()}
        chosen = predicted[model]
        ends = np.argsort(x)[[0, -1]]
        return RegressionResult(
            model,
            x,
            y,
            chosen,
            (x[ends], chosen[ends]),
            metrics.mse(y, chosen),
            metrics.mae(y, chosen),
            r2,
        )

    def build(self, fig: Figure) -> None:
        ax, ax_r2 = fig.subplots(1, 2, gridspec_kw={"width_ratios": [1.5, 1]})
        x, y = self.patients.bmi, self.patients.progression
        self.residuals = LineCollection([], colors=COLORS["vermillion"], lw=1, label="residual")
        ax.add_collection(self.residuals)
        others = np.arange(len(x)) != MOVED
        ax.scatter(x[others], y[others], color=COLORS["blue"], s=20, label="patients", zorder=3)
        (self.moved,) = ax.plot([], [], "o", color=COLORS["orange"], ms=8, label="moved patient")
        (self.line,) = ax.plot([], [], color=COLORS["black"], lw=1.5, label="model")
        ax.set(
            xlim=(x.min() - 1, x.max() + 1),
            ylim=(-20, 720),
            xlabel="BMI (kg/m²)",
            ylabel="disease progression (score)",
        )
        ax.legend(loc="upper left", fontsize=8)
        self.title = moving_title(ax)
        self.r2_bars = ax_r2.barh(range(len(MODELS)), np.zeros(len(MODELS)), color=COLORS["sky"])
        self.r2_text = [ax_r2.text(0, i, "", va="center", fontsize=9) for i in range(len(MODELS))]
        ax_r2.axvline(0, color=COLORS["black"], lw=1)
        ax_r2.set_yticks(range(len(MODELS)), [m.replace("another", "another\n") for m in MODELS])
        ax_r2.invert_yaxis()
        ax_r2.set(xlim=R2_RANGE, xlabel="R² (1 perfect, 0 = the mean)", title="R² of each model")

    def update(self, result: RegressionResult) -> None:
        x, y = result.bmi, result.progression
        self.residuals.set_segments(
            [[(xi, yi), (xi, pi)] for xi, yi, pi in zip(x, y, result.predicted, strict=True)]
        )
        self.moved.set_data([x[MOVED]], [y[MOVED]])
        self.line.set_data(*result.line)
        self.title.set_text(
            f"{result.model}: MSE {result.mse:,.0f}, MAE {result.mae:.0f}, "
            f"R² {result.r2[result.model]:.2f}"
        )
        low = R2_RANGE[0]
        for i, (bar, text) in enumerate(zip(self.r2_bars, self.r2_text, strict=True)):
            value = result.r2[MODELS[i]]
            shown = max(value, low)
            bar.set_width(shown)
            bar.set_color(COLORS["orange"] if MODELS[i] == result.model else COLORS["sky"])
            text.set_position((max(shown, 0) + 0.05, i))
            text.set_text(f"{value:.2f}")

    def moving_artists(self) -> list:
        return [
            self.residuals,
            self.moved,
            self.line,
            self.title,
            *self.r2_bars,
            *self.r2_text,
        ]

    def describe(self, result: RegressionResult) -> str:
        r2 = result.r2[result.model]
        verdict = (
            "worse than always predicting the mean"
            if r2 < 0
            else "better than the mean"
            if r2 > 0
            else "exactly as good as the mean"
        )
        return (
            f"Moved patient at {result.progression[MOVED]:.0f}: {result.model} has MSE "
            f"{result.mse:,.0f} (score²), MAE {result.mae:.1f} (score) and R² {r2:.3f}, "
            f"{verdict}."
        )
