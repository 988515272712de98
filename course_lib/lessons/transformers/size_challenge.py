"""SizeChallenge: pick width, depth and learning rate; reach a validation loss in a step budget."""

from __future__ import annotations

from dataclasses import dataclass

import ipywidgets as widgets
import numpy as np
from matplotlib.figure import Figure

from course_lib.gpt import GPTConfig
from course_lib.lessons.transformers.common import one_thread, shakespeare_ids
from course_lib.live import Experiment, log_slider, memo_key, slider
from course_lib.style import COLORS
from course_lib.tiny_gpt import train_gpt

#: The budget of every trial: this many steps of this many windows of this many characters.
STEPS, BATCH_SIZE, CONTEXT, N_HEAD = 300, 16, 32, 4
#: Reach a validation loss at or below this (nats per character) within STEPS steps.
TARGET_LOSS = 2.4
EVAL_EVERY, EVAL_BATCHES = 50, 10


@dataclass(frozen=True)
class TrialResult:
    width: int
    depth: int
    lr: float
    trained: bool  # False until the Train button has run these settings
    eval_steps: np.ndarray
    val_losses: np.ndarray
    n_params: int

    @property
    def val_loss(self) -> float | None:
        return float(self.val_losses[-1]) if self.trained else None


class SizeChallenge(Experiment):
    """Each trial trains a small GPT for 300 steps on the course's engine (a few seconds);
    trials are kept, so moving back to tried settings shows them at once."""

    call_name = "transformers.SizeChallenge"
    figsize = (8.0, 3.6)

    def setup(self) -> None:
        self.train_ids, self.val_ids, _ = shakespeare_ids()
        self.trials: dict = {}

    def make_controls(self):
        return {
            "width": slider("width (n_embd)", 32, 16, 64, 16, integer=True),
            "depth": slider("layers", 1, 1, 3, 1, integer=True),
            "lr": log_slider("learning rate", 1e-4, 1e-4, 3e-2),
        }

    def extra_widgets(self) -> list[widgets.Widget]:
        self.button = widgets.Button(description="Train these settings", button_style="primary")
        self.button.on_click(lambda _: self.train())
        self.bar = widgets.IntProgress(value=0, min=0, max=STEPS, description="steps")
        return [self.button, self.bar]

    def train(self) -> TrialResult:
        """Train the current settings (once; a progress bar counts the steps), then show them."""
        settings = self.settings
        key = memo_key((settings["width"], settings["depth"], settings["lr"]))
        if key not in self.trials:
            config = GPTConfig(CONTEXT, 65, settings["depth"], N_HEAD, settings["width"])

            def progress(step: int, loss: float) -> None:
                if hasattr(self, "bar") and step % 10 == 0:
                    self.bar.value = step

            with one_thread():
                self.trials[key] = train_gpt(
                    config,
                    self.train_ids,
                    self.val_ids,
                    STEPS,
                    settings["lr"],
                    BATCH_SIZE,
                    seed=0,
                    eval_every=EVAL_EVERY,
                    eval_batches=EVAL_BATCHES,
                    callback=progress,
                )
        self.refresh()
        return self.last_result

    def compute(self, width: int, depth: int, lr: float) -> TrialResult:
        run = self.trials.get(memo_key((width, depth, lr)))
        if run is None:
            return TrialResult(width, depth, lr, False, np.array([]), np.array([]), 0)
        return TrialResult(
            width, depth, lr, True, run.eval_steps, run.val_losses, run.model.n_params()
        )

    def build(self, fig: Figure) -> None:
        ax = fig.subplots()
        (self.curve,) = ax.plot([], [], "o-", color=COLORS["blue"], label="validation loss")
        ax.axhline(TARGET_LOSS, color=COLORS["vermillion"], linestyle="--", label="target")
        ax.set(
            title=f"A small GPT, {STEPS} steps of {BATCH_SIZE} windows of {CONTEXT} characters",
            xlabel="training step",
            ylabel="validation loss (nats per character)",
            xlim=(0, STEPS),
            ylim=(1.8, 4.4),
        )
        ax.legend(loc="upper right")
        self.note = ax.text(0.02, 0.05, "", transform=ax.transAxes, fontsize=9)

    def update(self, result: TrialResult) -> None:
        self.curve.set_data(result.eval_steps, result.val_losses)
        self.note.set_text(
            "" if result.trained else "Not trained yet: press 'Train these settings'."
        )

    def moving_artists(self) -> list:
        return [self.curve, self.note]

    def describe(self, result: TrialResult) -> str:
        name = f"width {result.width}, {result.depth} layer(s), lr {result.lr:.3g}"
        if not result.trained:
            return f"{name}: not trained yet ({len(self.trials)} trial(s) so far)."
        return (
            f"{name} ({result.n_params:,} parameters): validation loss {result.val_loss:.3f} "
            f"after {STEPS} steps."
        )

    def challenge_status(self, result: TrialResult) -> tuple[bool, str]:
        reached = result.trained and result.val_loss <= TARGET_LOSS
        return reached, (
            f"reach a validation loss of {TARGET_LOSS} or less within {STEPS} steps by choosing "
            "the width, the depth and the learning rate"
        )
