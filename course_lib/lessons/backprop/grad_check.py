"""GradCheck: backpropagation against finite differences, with a wrong local derivative."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from course_lib import plots
from course_lib.gradcheck import GradcheckResult
from course_lib.live import Experiment, dropdown, log_slider
from course_lib.planted_bugs import (
    CHECKED_FUNCTIONS,
    DATA,
    DERIVATIVES,
    EPS_SWEEP,
    RTOL,
    check_gradients,
    eps_sweeps,
)
from course_lib.style import COLORS

#: The range of the ε slider: the range of the sweep.
EPS_RANGE = (float(EPS_SWEEP[0]), float(EPS_SWEEP[-1]))
#: Relative errors are drawn no lower than this (an exact match would be log 0), on an axis
#: that reaches a little below it.
REL_FLOOR = 1e-16
ERROR_RANGE = (REL_FLOOR / 3, 3.0)
#: The gradient axis, the same for every function (so that choosing another function
#: repaints only the points): symmetric-log, linear within ±LINEAR_WITHIN. It holds the
#: largest gradient of every function, derivative and ε (about 0.5) below 1 and shows the
#: smallest (about 0.002) apart from 0.
VALUE_RANGE = (-1.0, 10.0)  # the decade above 1 holds the legend
LINEAR_WITHIN = 1e-2
#: The most parameters a function has: one slot for each on the parameter axes.
MOST_PARAMETERS = max(
    sum(np.size(DATA[name]) for name in function.parameters)
    for function in CHECKED_FUNCTIONS.values()
)


def parameter_positions(count: int) -> np.ndarray:
    """Where ``count`` parameters sit on an axis from 0 to 1: spread evenly, centred."""
    return (np.arange(count) + 0.5) / count


def _shown(errors: np.ndarray) -> np.ndarray:
    return plots.clip_for_log(errors, (REL_FLOOR, ERROR_RANGE[1]))


@dataclass(frozen=True)
class GradCheckOutcome:
    """One gradient check as the experiment shows it, with the ε sweeps beside it."""

    function: str
    formula: str
    derivative: str
    eps: float
    check: GradcheckResult
    sweep: np.ndarray  # max relative error for each eps of EPS_SWEEP (this derivative)
    sweep_correct: np.ndarray  # the same with the correct derivatives

    @property
    def analytic(self) -> np.ndarray:
        return self.check.flat_analytic()

    @property
    def numeric(self) -> np.ndarray:
        return self.check.flat_numeric()

    @property
    def errors(self) -> np.ndarray:
        return self.check.relative_errors()

    @property
    def max_error(self) -> float:
        return self.check.max_rel_error


class GradCheck(Experiment):
    """Backpropagation vs finite differences; swap in a wrong local derivative and watch it fail."""

    call_name = "backprop.GradCheck"
    figsize = (10.0, 3.8)

    def make_controls(self):
        controls = {
            "function": dropdown("function", list(CHECKED_FUNCTIONS), "two-layer net"),
            "derivative": dropdown("local derivative", list(DERIVATIVES), "correct"),
            "eps": log_slider("finite-difference step ε", 1e-6, *EPS_RANGE),
        }
        # The longest derivative names need about 230 px beside the label; the readout
        # shows ε in scientific notation so that 0.00000100 is never cut.
        controls["derivative"].layout.width = "340px"
        controls["eps"].readout_format = ".1e"
        return controls

    def _sweep(self, function: str, derivative: str) -> np.ndarray:
        # every derivative's sweep at once, for the cost of about one: choosing another
        # derivative then costs one gradient check
        return self.memo(("sweeps", function), lambda: eps_sweeps(function))[derivative]

    def compute(self, function, derivative, eps):
        check = self.memo(
            ("check", function, derivative, eps),
            lambda: check_gradients(function, derivative, float(eps)),
        )
        return GradCheckOutcome(
            function=function,
            formula=CHECKED_FUNCTIONS[function].formula,
            derivative=derivative,
            eps=float(eps),
            check=check,
            sweep=self._sweep(function, derivative),
            sweep_correct=self._sweep(function, DERIVATIVES[0]),
        )

    def build(self, fig: Figure) -> None:
        self.ax_values, self.ax_errors, self.ax_eps = fig.subplots(
            1, 3, width_ratios=(1.25, 1.0, 1.0)
        )
        self.title = fig.suptitle(" ")  # the function's formula (see update)
        self._build_values(self.ax_values)
        self._build_errors(self.ax_errors)
        self._build_eps(self.ax_eps)
        # The parameter axes are the same for every function: the numbers under the points
        # and the label naming the parameters move with the function. Each number is drawn
        # as a marker (its glyphs' outline): a repaint draws 26 of them in a tenth of the
        # time 26 texts take.
        self.parameter_numbers = []
        for ax in (self.ax_values, self.ax_errors):
            ax.set_xlim(0, 1)
            ax.set_xticks([])
            ticks = ax.get_xaxis_transform()  # x in data, y in axes units
            self.parameter_numbers.append(
                [
                    ax.plot(
                        [0.5], [-0.04], ls="none", marker=f"${k}$", ms=5.5 if k < 10 else 9.5,
                        mew=0, color=COLORS["black"], transform=ticks, clip_on=False,
                    )[0]
                    for k in range(1, MOST_PARAMETERS + 1)
                ]
            )  # fmt: skip
        below = {"ha": "center", "va": "top", "fontsize": 8.5}  # under the numbers
        self.parameter_label = self.ax_values.text(
            0.5, -0.1, "", transform=self.ax_values.transAxes, **below
        )
        self.ax_errors.text(
            0.5, -0.1, "parameter (same numbers)", transform=self.ax_errors.transAxes, **below
        )

    def _build_values(self, ax: Axes) -> None:
        (self.numeric_marks,) = ax.plot(
            [], [], "o", mfc="none", mec=COLORS["blue"], ms=9, mew=1.8, label="finite differences"
        )
        (self.analytic_marks,) = ax.plot(
            [], [], "x", color=COLORS["vermillion"], ms=7, mew=2, label="backprop"
        )
        ax.axhline(0, color=COLORS["black"], lw=0.8)
        ax.set_yscale("symlog", linthresh=LINEAR_WITHIN)
        ax.set_ylim(*VALUE_RANGE)
        ax.minorticks_off()
        ax.set(ylabel="∂loss/∂parameter (symmetric log)", title="Two ways to the gradient")
        ax.legend(loc="upper center", ncol=2, fontsize=7.5)

    def _build_errors(self, ax: Axes) -> None:
        (self.error_marks,) = ax.plot([], [], "o", color=COLORS["vermillion"], ms=5)
        ax.axhline(RTOL, color=COLORS["green"], ls="--", lw=1.2, label=f"tolerance {RTOL:g}")
        plots.log_axis(ax, ERROR_RANGE, xlabel="", ylabel="relative error")
        ax.set_title("Do they agree?")
        ax.legend(loc="lower left", fontsize=7.5)
        self.verdict = ax.text(
            0.97, 0.04, "", transform=ax.transAxes, ha="right", fontsize=10, fontweight="bold"
        )

    def _build_eps(self, ax: Axes) -> None:
        ones = np.ones_like(EPS_SWEEP)
        (self.sweep_correct,) = ax.plot(
            EPS_SWEEP, ones, color=COLORS["grey"], ls="--", lw=1.5, label="correct derivatives"
        )
        (self.sweep_line,) = ax.plot(
            EPS_SWEEP, ones, color=COLORS["blue"], marker=".", ms=4, label="your choice"
        )
        ax.axhline(RTOL, color=COLORS["green"], ls="--", lw=1.2)
        self.eps_line = ax.axvline(1e-6, color=COLORS["vermillion"], lw=2.0, label="your ε")
        plots.log_axis(
            ax,
            ERROR_RANGE,
            xlim=(EPS_RANGE[0] / 2.5, EPS_RANGE[1] * 2.5),  # "your ε" stays inside at the ends
            xscale="log",
            xlabel="finite-difference step ε (log scale)",
            ylabel="largest relative error",
            title="Which ε to trust",
        )
        ax.legend(loc="lower left", fontsize=7.5)

    def update(self, result: GradCheckOutcome) -> None:
        at = parameter_positions(len(result.analytic))
        self.numeric_marks.set_data(at, result.numeric)
        self.analytic_marks.set_data(at, result.analytic)
        self.error_marks.set_data(at, _shown(result.errors))
        ok = result.check.ok
        self.verdict.set_text("PASS" if ok else "FAIL")
        self.verdict.set_color(COLORS["green"] if ok else COLORS["vermillion"])
        self.sweep_line.set_ydata(_shown(result.sweep))
        self.sweep_correct.set_ydata(_shown(result.sweep_correct))
        self.eps_line.set_xdata([result.eps] * 2)
        self._update_parameters(result, at)

    def _update_parameters(self, result: GradCheckOutcome, at: np.ndarray) -> None:
        """The texts the function changes: the formula, the parameters' numbers and names."""
        self.title.set_text(f"Gradient check of the {result.function}: loss = {result.formula}")
        groups = ", ".join(
            f"{check.name} {'×'.join(map(str, check.shape)) or 'scalar'}"
            for check in result.check.inputs
        )
        self.parameter_label.set_text(f"parameter ({groups})")
        for numbers in self.parameter_numbers:
            for i, number in enumerate(numbers):
                number.set_visible(i < len(at))  # hidden, not empty: no size for the layout
                number.set_data(at[i : i + 1], [-0.04])

    def moving_artists(self) -> list:
        return [
            self.numeric_marks,
            self.analytic_marks,
            self.error_marks,
            self.verdict,
            self.sweep_line,
            self.sweep_correct,
            self.eps_line,
            self.title,
            self.parameter_label,
            *(number for numbers in self.parameter_numbers for number in numbers),
        ]

    def describe(self, result: GradCheckOutcome) -> str:
        verdict = "passed" if result.check.ok else "FAILED"
        disagree = int(result.check.disagreements().sum())
        text = (
            f"{result.function} {result.formula}, local derivatives: "
            f"{result.derivative}, ε = {result.eps:.2g}: gradient check {verdict}, "
            f"max relative error {result.max_error:.2g} (tolerance {RTOL:g}); "
            f"{disagree} of {len(result.errors)} parameters disagree"
        )
        if result.derivative != DERIVATIVES[0] and result.check.ok:
            text += "; this function does not use the operation with the bug, so nothing shows"
        return text + "."
