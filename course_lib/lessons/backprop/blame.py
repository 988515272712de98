"""Blame: each weight's gradient for one example ("who is responsible"), and one step with it."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from course_lib import plots
from course_lib.blame import EXAMPLES, STEP_LRS, WEIGHT_NAMES, ExampleBlame, example_blame
from course_lib.live import Experiment, dropdown, log_slider
from course_lib.style import COLORS

#: The bars show each gradient divided by the largest |gradient|, on one range for every
#: example (room above for the legend); the step panel shows loss after ÷ loss before, on
#: one log range that holds every example's sweep (its steepest falls reach about 4e-6).
BAR_RANGE = (-1.35, 2.0)
RATIO_RANGE = (3e-7, 3e4)


@dataclass(frozen=True)
class BlameResult:
    """One example's blame, and one step of gradient descent with ``lr``."""

    blamed: ExampleBlame
    lr: float
    loss_after: float  # the loss after one step with lr

    @property
    def went_up(self) -> bool:
        return self.loss_after > self.blamed.loss


def step_verdict(result: BlameResult) -> str:
    """One step with lr: the loss before → after, and whether it fell or overshot."""
    before, after = result.blamed.loss, result.loss_after
    text = f"One step with lr = {result.lr:.3g}: loss {before:.4f} → {after:.4g}"
    if result.went_up:
        return text + f", UP {after / before:.3g}×: the step overshoots"
    return text + f", down {100 * (before - after) / before:.0f}%"


class Blame(Experiment):
    """Each weight's gradient for one example, and the loss before and after one step."""

    call_name = "backprop.Blame"
    figsize = (9.5, 3.8)

    def make_controls(self):
        return {
            "example": dropdown("example", list(EXAMPLES), "(1, 1) → 0"),
            "lr": log_slider("learning rate", 0.03, STEP_LRS[0], STEP_LRS[-1]),
        }

    def compute(self, example, lr):
        blamed = self.memo(("example", example), lambda: example_blame(example))
        return BlameResult(blamed, float(lr), blamed.loss_after(float(lr)))

    def build(self, fig: Figure) -> None:
        self.ax_bars, self.ax_step = fig.subplots(1, 2, width_ratios=(1.2, 1))
        self._build_bars(self.ax_bars)
        self._build_step(self.ax_step)

    def _build_bars(self, ax: Axes) -> None:
        positions = np.arange(len(WEIGHT_NAMES))
        self.bars = list(ax.bar(positions, np.zeros(len(WEIGHT_NAMES)), color=COLORS["blue"]))
        self.share_texts = [ax.text(i, 0, "", ha="center", fontsize=7.5) for i in positions]
        self.scale_text = ax.text(
            0.98, 0.97, "", transform=ax.transAxes, ha="right", va="top", fontsize=7.5
        )
        ax.axhline(0, color=COLORS["black"], lw=0.8)
        ax.set_xticks(positions, WEIGHT_NAMES, rotation=40, ha="right", fontsize=8)
        ax.set_ylim(*BAR_RANGE)  # the same for every example: a change repaints only the bars
        ax.set(
            ylabel="gradient ÷ the largest |gradient|",
            title="Who is to blame: each weight's gradient",
        )
        ax.bar([0], [0], color=COLORS["blue"], label="+: lower this weight")
        ax.bar([0], [0], color=COLORS["vermillion"], label="−: raise this weight")
        ax.legend(loc="upper left", fontsize=7.5, title="% = share of the first-order decrease",
                  title_fontsize=7.5)  # fmt: skip

    def _build_step(self, ax: Axes) -> None:
        ones = np.ones_like(STEP_LRS)
        (self.sweep_line,) = ax.plot(
            STEP_LRS, ones, color=COLORS["blue"], label="loss after one step"
        )
        (self.linear_line,) = ax.plot(
            STEP_LRS, ones, color=COLORS["grey"], ls=":", label="first-order guess: loss − lr·|g|²"
        )
        ax.axhline(1, color=COLORS["black"], ls="--", lw=1.2, label="loss before the step")
        (self.now_marker,) = ax.plot(
            [], [], "o", color=COLORS["vermillion"], label="your lr", clip_on=False
        )
        self.verdict = ax.text(0.97, 0.04, "", transform=ax.transAxes, ha="right", fontsize=8)
        plots.log_axis(
            ax,
            RATIO_RANGE,  # the same for every example: a change repaints only the lines
            xlim=(STEP_LRS[0], STEP_LRS[-1]),
            xscale="log",
            xlabel="learning rate (log scale)",
            ylabel="loss after ÷ loss before (log scale)",
            title="One step of gradient descent",
        )
        ax.legend(loc="upper left", fontsize=7.5)

    def update(self, result: BlameResult) -> None:
        self._update_bars(result.blamed)
        blamed = result.blamed
        self.sweep_line.set_ydata(plots.clip_for_log(blamed.sweep / blamed.loss, RATIO_RANGE))
        guess = 1 - STEP_LRS * float(np.sum(blamed.gradient**2)) / blamed.loss
        self.linear_line.set_ydata(np.where(guess > 0, guess, np.nan))
        ratio = result.loss_after / blamed.loss
        plots.show_point(self.now_marker, result.lr, float(np.clip(ratio, *RATIO_RANGE)))
        self.verdict.set_text(step_verdict(result).replace(": loss", ":\nloss"))
        self.verdict.set_color(COLORS["vermillion"] if result.went_up else COLORS["green"])

    def _update_bars(self, blamed: ExampleBlame) -> None:
        largest = int(np.argmax(np.abs(blamed.gradient)))
        scale = max(abs(float(blamed.gradient[largest])), 1e-12)
        self.scale_text.set_text(f"largest |gradient|: {scale:.3g} ({WEIGHT_NAMES[largest]})")
        pad = 0.03 * BAR_RANGE[1]
        for bar, text, g, share in zip(
            self.bars, self.share_texts, blamed.gradient / scale, blamed.shares, strict=True
        ):
            bar.set_height(g)
            bar.set_color(COLORS["blue"] if g >= 0 else COLORS["vermillion"])
            text.set_position((bar.get_x() + bar.get_width() / 2, g + (pad if g >= 0 else -pad)))
            text.set_va("bottom" if g >= 0 else "top")
            text.set_text(f"{100 * share:.0f}%")

    def moving_artists(self) -> list:
        return [
            *self.bars,
            *self.share_texts,
            self.scale_text,
            self.sweep_line,
            self.linear_line,
            self.now_marker,
            self.verdict,
        ]

    def describe(self, result: BlameResult) -> str:
        blamed = result.blamed
        x, y = EXAMPLES[blamed.example]
        top = int(np.argmax(blamed.shares))
        blame = (
            f"most blame on {WEIGHT_NAMES[top]} (gradient {blamed.gradient[top]:+.3f}, "
            f"{100 * blamed.shares[top]:.0f}% of the first-order decrease)"
        )
        zero = [n for n, g in zip(WEIGHT_NAMES, blamed.gradient, strict=True) if g == 0]
        if zero:
            blame += f"; none on {', '.join(zero)} (their input is 0)"
        first_up = blamed.first_lr_up
        limits = f"best lr ≈ {blamed.best_lr:.2g}" + (
            f", the loss goes up from lr ≈ {first_up:.2g}" if first_up is not None else ""
        )
        return (
            f"Example x = ({x[0]:g}, {x[1]:g}), target {y:g}: the network says "
            f"{blamed.output:.3f}, loss {blamed.loss:.4f}; {blame}. "
            f"{step_verdict(result)} ({limits})."
        )
