"""Player: labelled Play / Pause and Stop buttons that step an integer through a range.

It replaces ipywidgets' ``Play``, whose three icon-only buttons have no text, no title
and no accessible name (a screen reader announces "button", nothing more), and which
Python cannot label. Here the buttons are real ipywidgets buttons: each says what it
does ("▶ Play", then "❚❚ Pause" while playing; "■ Stop"), carries a tooltip, and is reached
with Tab and pressed with Enter or Space. A "loop" checkbox starts again at the end.

Like ``Play`` it has an integer ``value`` between ``min`` and ``max`` that advances by
``step`` every ``interval`` milliseconds; link it to a slider with ``widgets.link``
(its value lives in the kernel, so ``widgets.jslink`` cannot reach it). The ticking
happens in the kernel: a press arrives on whatever thread delivers widget messages
(JupyterLab sends them to a kernel subshell, a thread of its own), so each tick is
scheduled on the event loop that was running when the player was made (the kernel's
own, when a cell makes it) with ``call_soon_threadsafe`` and ``call_later``. Where no
loop runs (plain Python, pytest) nothing ticks by itself and nothing fails: call
``tick()`` to advance one step, as the timer would.
"""

from __future__ import annotations

import asyncio
import threading
from typing import Any

import ipywidgets as widgets
import traitlets

#: The buttons' text, which is also their accessible name. The symbols are drawn from text
#: fonts (DejaVu has them; font-awesome icons would add an unnamed private-use character to the
#: name, and ⏸ and ⏹ are missing from common Linux fonts).
PLAY, PAUSE, STOP = "▶ Play", "❚❚ Pause", "■ Stop"
#: Wide enough for "❚❚ Pause", so the buttons do not move when the label changes.
BUTTON_WIDTH = "96px"


class Player(widgets.HBox, widgets.ValueWidget):
    """Play / Pause and Stop buttons over an integer ``value`` in ``min``..``max``.

    Parameters
    ----------
    value, min, max, step
        Where it starts, its range, and how far one tick moves it.
    interval
        Milliseconds between two ticks (after the previous tick's work is done).
    description
        What is played, as a plural noun ("training steps", "episodes"): the buttons'
        tooltips name it.
    repeat
        Start again at ``min`` after ``max`` instead of stopping there.

    Pausing keeps the value; Stop pauses and goes back to ``min``; Play at ``max`` starts
    again from ``min``. The last tick lands on ``max`` even when ``step`` does not divide
    the range.
    """

    value = traitlets.CInt(0, help="The current position, between min and max.")
    min = traitlets.CInt(0, help="The first position; Stop goes back here.")
    max = traitlets.CInt(100, help="The last position; playing stops here.")
    step = traitlets.CInt(1, help="How far one tick moves the value.")
    interval = traitlets.CInt(100, help="Milliseconds between two ticks.")
    playing = traitlets.Bool(False, help="Whether the value is advancing.")
    repeat = traitlets.Bool(False, help="Start again at min after max.")
    description = traitlets.Unicode("", help="What is played, as a plural noun.")

    def __init__(
        self,
        value: int = 0,
        min: int = 0,  # noqa: A002 - the names of ipywidgets' Play
        max: int = 100,  # noqa: A002
        step: int = 1,
        interval: int = 100,
        *,
        description: str = "",
        repeat: bool = False,
        **kwargs: Any,
    ) -> None:
        self._lock = threading.RLock()  # a press (widget thread) against a tick (loop thread)
        self._ticks = 0  # which run of ticks is current: a stale scheduled tick does nothing
        if not min <= max:
            raise ValueError(f"min must not exceed max, got min={min} and max={max}")
        if step < 1:
            raise ValueError(f"step must be a positive number of positions, got {step}")
        if interval < 1:
            raise ValueError(f"interval must be a positive number of milliseconds, got {interval}")
        self.play_button = widgets.Button(layout=widgets.Layout(width=BUTTON_WIDTH))
        self.stop_button = widgets.Button(
            description=STOP, layout=widgets.Layout(width=BUTTON_WIDTH)
        )
        self.loop_box = widgets.Checkbox(
            description="loop", indent=False, layout=widgets.Layout(width="auto", margin="0 4px")
        )
        super().__init__(
            [self.play_button, self.stop_button, self.loop_box],
            min=min,
            max=max,
            value=value,
            step=step,
            interval=interval,
            description=description,
            repeat=repeat,
            **{"layout": widgets.Layout(align_items="center"), **kwargs},
        )
        self.add_class("course-player")
        self._loop = _running_loop()
        widgets.link((self.loop_box, "value"), (self, "repeat"))
        self.play_button.on_click(lambda _: self.pause() if self.playing else self.play())
        self.stop_button.on_click(lambda _: self.stop())
        self.observe(self._label_buttons, names=["playing", "description", "step", "min"])
        self._label_buttons()

    @traitlets.validate("value")
    def _clamp(self, proposal: dict) -> int:
        return max(self.min, min(self.max, proposal["value"]))

    # -- what the buttons do -----------------------------------------------------------
    def play(self) -> None:
        """Start advancing: the first tick comes at once, or, from ``max``, back at ``min``
        for one interval first."""
        with self._lock:
            if self.playing:
                return
            restart = self.value >= self.max
            if restart:
                self.value = self.min
            self._ticks += 1
            self.playing = True
            self._schedule(self._ticks, delay=self.interval / 1000 if restart else 0.0)

    def pause(self) -> None:
        """Stop advancing; the value stays where it is."""
        with self._lock:
            self._ticks += 1
            self.playing = False

    def stop(self) -> None:
        """Stop advancing and go back to ``min``."""
        with self._lock:
            self.pause()
            self.value = self.min

    def tick(self) -> None:
        """One step, as the timer makes it: on to ``value + step`` (at most ``max``).

        At ``max`` it goes back to ``min`` with ``repeat``, else it pauses there.
        """
        with self._lock:
            if self.value >= self.max:
                if not self.repeat:
                    self.pause()
                    return
                self.value = self.min
            else:
                self.value = min(self.value + self.step, self.max)
            if self.value >= self.max and not self.repeat:
                self.pause()

    def close(self) -> None:
        """Stop ticking, then close the widget and its buttons."""
        self.pause()
        for child in self.children:
            child.close()
        super().close()

    # -- the timer ---------------------------------------------------------------------
    def _schedule(self, ticks: int, delay: float) -> None:
        """Ask the event loop (from any thread) to tick after ``delay`` seconds."""
        loop = self._loop or _running_loop()
        if loop is None:
            return  # no loop runs here: nothing ticks by itself (call tick())
        self._loop = loop

        def later() -> None:
            loop.call_later(delay, self._timer_fired, ticks)

        try:
            loop.call_soon_threadsafe(later)
        except RuntimeError:  # the loop was closed (the kernel is shutting down)
            self.pause()

    def _timer_fired(self, ticks: int) -> None:
        with self._lock:
            if ticks != self._ticks or not self.playing:
                return  # paused or stopped since this tick was scheduled
            self.tick()
            if self.playing:  # the next tick waits for this one's drawing to be done
                self._schedule(ticks, delay=self.interval / 1000)

    def _label_buttons(self, change: dict | None = None) -> None:
        what = self.description or "positions"
        if self.playing:
            self.play_button.description = PAUSE
            self.play_button.tooltip = "Pause: hold still where it is"
        else:
            self.play_button.description = PLAY
            self.play_button.tooltip = f"Play: move on through the {what}, {self.step} at a time"
        self.stop_button.tooltip = f"Stop: back to {self.min} {what}"


def _running_loop() -> asyncio.AbstractEventLoop | None:
    """The event loop running on this thread (a kernel's, in a cell), or None."""
    try:
        return asyncio.get_running_loop()
    except RuntimeError:
        return None
