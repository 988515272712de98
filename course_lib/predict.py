"""Predict first: commit to a prediction before an experiment, then see whether you were right.

A lesson asks before its experiment::

    guess = predict.choice("What will lr = 0.9 do?", ["bounce", "converge", "diverge"],
                           key="00-lr-0.9")
    guess

and, after the experiment, with the answer the notebook computed::

    guess.reveal(outcome, why=f"The loss went from {first:.3g} to {last:.3g}.")

The learner commits once: the first committed answer is kept (in the working
folder's progress file, so re-running the cell does not offer a silent retry).
Executed headless, the question shows as text and ``reveal`` gives the answer.
Predictions are never graded.
"""

from __future__ import annotations

import html
import math
from dataclasses import dataclass

import ipywidgets as widgets

from course_lib import progress
from course_lib.style import COLORS


@dataclass(frozen=True)
class Reveal:
    """What ``Prediction.reveal`` shows: the answer, the learner's guess and why."""

    text: str
    right: bool | None  # None when no prediction was committed

    def _repr_html_(self) -> str:
        colour = {True: COLORS["green"], False: COLORS["vermillion"], None: COLORS["blue"]}
        return (
            f"<div role='status' style='border-left:4px solid {colour[self.right]};"
            f"padding:6px 10px;margin:4px 0'>{html.escape(self.text)}</div>"
        )

    def __repr__(self) -> str:
        return self.text


class Prediction:
    """A question the learner answers before an experiment (a choice or a number)."""

    def __init__(
        self,
        question: str,
        key: str,
        options: list[str] | None = None,
        *,
        unit: str = "",
        tolerance: float = 0.1,
    ) -> None:
        self.question, self.key, self.options = question, key, options
        self.unit, self.tolerance = unit, tolerance
        self.committed = progress.prediction(key)
        if options is not None:
            self.input = widgets.RadioButtons(options=options, value=None, description="")
        else:
            self.input = widgets.FloatText(value=0.0, description=f"your guess {unit}".strip())
        self.button = widgets.Button(
            description="Commit my prediction", tooltip="Lock in your answer before you look"
        )
        self.button.on_click(lambda _: self.commit(self.input.value))
        self.status = widgets.HTML()
        self._show_state()

    def commit(self, value: str | float | None) -> None:
        """Lock in ``value`` as the prediction (the first commit is the one that counts)."""
        if self.committed is not None or value is None:
            self._show_state()
            return
        self.committed = value if self.options is not None else float(value)
        progress.record_prediction(self.key, self.committed)
        self._show_state()

    def _show_state(self) -> None:
        locked = self.committed is not None
        self.input.disabled = self.button.disabled = locked
        if locked:
            self.status.value = (
                f"<b>Your prediction:</b> {html.escape(self._shown(self.committed))} "
                "(committed). Now run the experiment."
            )
        else:
            self.status.value = "<i>Choose, then commit: you cannot change it afterwards.</i>"

    def _shown(self, value: str | float) -> str:
        return value if isinstance(value, str) else f"{value:g} {self.unit}".strip()

    def reveal(self, answer: str | float, why: str = "") -> Reveal:
        """Compare the committed prediction with ``answer`` (computed by the notebook)."""
        shown = self._shown(answer)
        if self.committed is None:
            return Reveal(f"You did not commit a prediction. The answer: {shown}. {why}", None)
        if isinstance(answer, str):
            right = self.committed == answer
        else:
            right = math.isclose(self.committed, answer, rel_tol=self.tolerance)
        verdict = "You were right" if right else "Not this time"
        return Reveal(
            f"{verdict}: you predicted {self._shown(self.committed)}, the answer is {shown}. {why}",
            right,
        )

    @property
    def widget(self) -> widgets.VBox:
        parts = [widgets.HTML(f"<b>Predict first:</b> {html.escape(self.question)}"), self.input]
        return widgets.VBox([*parts, self.button, self.status])

    def _repr_mimebundle_(self, **kwargs) -> dict:
        bundle = dict(self.widget._repr_mimebundle_(**kwargs) or {})
        choices = f" ({' / '.join(self.options)})" if self.options else ""
        bundle["text/plain"] = f"Predict first: {self.question}{choices}"
        return bundle


def choice(question: str, options: list[str], *, key: str) -> Prediction:
    """A prediction that picks one of ``options``."""
    if len(options) < 2:
        raise ValueError(f"a choice needs at least two options, got {options!r}")
    return Prediction(question, key, list(options))


def number(question: str, *, key: str, unit: str = "", tolerance: float = 0.1) -> Prediction:
    """A prediction that is a number, right within ``tolerance`` (relative) of the answer."""
    return Prediction(question, key, unit=unit, tolerance=tolerance)
