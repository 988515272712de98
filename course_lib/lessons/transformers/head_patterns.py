"""HeadPatterns: a small transformer learns copy, reverse or sort; where does each head look?"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from matplotlib.figure import Figure

from course_lib.autograd import no_grad
from course_lib.lessons.transformers.common import one_thread
from course_lib.live import Experiment, dropdown, slider
from course_lib.sequence_tasks import TASKS, head_patterns, make_examples, train_task_model
from course_lib.style import SEQUENTIAL

LENGTH, N_DIGITS, N_HEAD, STEPS, N_EXAMPLES = 5, 8, 2, 200, 20


@dataclass(frozen=True)
class HeadsResult:
    task: str
    example: int
    tokens: tuple[str, ...]  # the sequence read (its last token is only predicted)
    patterns: np.ndarray  # (n_head, T, T) attention weights of the one layer
    answer: str  # what the model wrote (greedy), after the separator
    truth: str
    accuracy: float  # on 200 new sequences


class HeadPatterns(Experiment):
    """One-layer, two-head GPTs trained in setup (about a second each); pick a task, a sequence."""

    call_name = "transformers.HeadPatterns"
    figsize = (8.4, 3.9)

    def setup(self) -> None:
        with one_thread():
            self.models = {
                task: train_task_model(task, LENGTH, N_DIGITS, n_head=N_HEAD, steps=STEPS)
                for task in TASKS
            }

    def make_controls(self):
        return {
            "task": dropdown("task", list(TASKS), "reverse"),
            "example": slider("sequence", 0, 0, N_EXAMPLES - 1, 1, integer=True),
        }

    def compute(self, task: str, example: int) -> HeadsResult:
        trained = self.models[task]
        seq = make_examples(task, N_EXAMPLES, LENGTH, N_DIGITS, np.random.default_rng(7))[example]
        read = seq[:-1]
        with one_thread(), no_grad():
            patterns = head_patterns(trained.model, read)[0]
            logits, _ = trained.model(read[None, :])
        guess = logits.data[0, LENGTH:].argmax(-1)
        names = [str(t) for t in range(N_DIGITS)] + ["|"]
        return HeadsResult(
            task,
            example,
            tuple(names[t] for t in read),
            patterns,
            " ".join(names[t] for t in guess),
            " ".join(names[t] for t in seq[LENGTH + 1 :]),
            trained.accuracy,
        )

    def build(self, fig: Figure) -> None:
        axes = fig.subplots(1, N_HEAD)
        t = 2 * LENGTH
        self.images = []
        for h, ax in enumerate(axes):
            image = ax.imshow(np.zeros((t, t)), cmap=SEQUENTIAL, vmin=0, vmax=1)
            ax.set(title=f"head {h + 1}", xlabel="position looked at", ylabel="position reading")
            ax.set_xticks(range(t))
            ax.set_yticks(range(t))
            ax.grid(False)
            self.images.append(image)
        fig.colorbar(self.images[-1], ax=axes, label="attention weight", shrink=0.85)
        self.sequence = fig.suptitle("positions 0-9 read:", fontsize=9, family="monospace")

    def update(self, result: HeadsResult) -> None:
        for image, pattern in zip(self.images, result.patterns, strict=True):
            image.set_data(pattern)
        self.sequence.set_text(
            "positions 0-9 read: "
            + " ".join(result.tokens)
            + f"   (the model wrote {result.answer})"
        )

    def moving_artists(self) -> list:
        return [*self.images, self.sequence]

    def describe(self, result: HeadsResult) -> str:
        return (
            f"Task {result.task}, sequence {' '.join(result.tokens[:LENGTH])}: the answer is "
            f"{result.truth}, the model wrote {result.answer}; on 200 new sequences it gets "
            f"{result.accuracy:.1%} of the answer digits right."
        )
