"""Live experiments: the compute → view → wiring pattern every lesson uses.

An experiment is a small class in its own file, ``course_lib/lessons/<lesson>/<name>.py``.
It says five things, and the base class does the rest:

- ``setup()``: optional; load data and fixed models once (never in ``__init__``,
  never in ``build``), so that ``compute`` needs nothing the view made;
- ``make_controls()``: the ipywidgets controls, by setting name;
- ``compute(**settings)``: a pure function of the settings, usually a call into
  a concept module, returning a frozen dataclass (the *result*);
- ``build(fig)`` once, then ``update(result)`` on every change: the view,
  updated in place (``set_data``, ``set_height``, ...) from the result alone;
  ``moving_artists()`` lists what ``update`` changes, so a redraw repaints
  only those over a cached background;
- ``describe(result)``: the one-line text summary shown under the figure.

The smallest complete experiment::

    @dataclass(frozen=True)
    class SquareResult:
        x: np.ndarray
        y: np.ndarray

    class Square(Experiment):
        call_name = "demo.Square"

        def make_controls(self):
            return {"a": slider("a", 1.0, 0.0, 2.0, 0.1)}

        def compute(self, a):
            x = np.linspace(-1, 1, 50)
            return SquareResult(x, a * x**2)

        def build(self, fig):
            ax = fig.subplots()
            (self.line,) = ax.plot([], [])
            ax.set(xlim=(-1, 1), ylim=(0, 2), xlabel="x", ylabel="a·x²", title="A parabola")

        def update(self, result):
            self.line.set_data(result.x, result.y)

        def moving_artists(self):
            return [self.line]

        def describe(self, result):
            return f"The parabola reaches {result.y.max():.2f} at x = ±1."

The base class builds the figure, observes the controls, refreshes on every
change, shows a readable message on the figure when a setting makes the
computation fail (a ValueError or ArithmeticError from a concept module), and
keeps the one line of code that reproduces the current settings. Expensive
work is cached per experiment with ``memo(key, compute)``, whose float keys are
normalised. ``extra_widgets()`` adds widgets beside the controls (a scrubbing
slider next to a ``lessons.player.Player``) without reaching into the layout.

In a Jupyter kernel the figure is a live ipympl canvas; anywhere else
(plain Python, pytest) it is an Agg canvas, so the same experiment can be
driven and tested without a browser. Displayed, an experiment also carries a
static PNG, so a notebook executed headless still shows a meaningful figure.
tests/test_live.py holds the contract every experiment passes automatically.
"""

from __future__ import annotations

import base64
import html
import io
import math
from collections.abc import Callable, Hashable, Iterator
from contextlib import contextmanager
from typing import Any

import ipywidgets as widgets
from matplotlib.artist import Artist
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from course_lib.plots import DRAW_LOCK, new_figure
from course_lib.style import COLORS, house_style

#: The step of a log slider, in powers of ten (20 steps a decade).
LOG_STEP = 0.05
#: Added to the z-order of moving artists (see Experiment.moving_artists).
_MOVING_ABOVE = 10
#: Cached backgrounds per experiment (one per background key, ~2 MB each).
BACKGROUNDS_KEPT = 4


#: The shortest slider track, in pixels: long enough to pick any of a few hundred steps.
MIN_TRACK_PX = 240


def _slider_layout(description: str) -> widgets.Layout:
    """As wide as the label (about 7 px a character) plus a track of MIN_TRACK_PX and a readout."""
    return widgets.Layout(width=f"{max(340, 7 * len(description) + MIN_TRACK_PX + 80)}px")


def slider(
    description: str,
    value: float,
    min: float,  # noqa: A002 - ipywidgets' own argument names
    max: float,  # noqa: A002
    step: float,
    *,
    integer: bool = False,
    continuous: bool = True,
    readout_format: str | None = None,
) -> widgets.ValueWidget:
    """A labelled, keyboard-operable slider (arrow keys move it once focused)."""
    kind = widgets.IntSlider if integer else widgets.FloatSlider
    options = {"readout_format": readout_format} if readout_format else {}
    return kind(
        value=value,
        min=min,
        max=max,
        step=step,
        description=description,
        continuous_update=continuous,
        style={"description_width": "initial"},
        layout=_slider_layout(description),
        **options,
    )


def log_slider(
    description: str, value: float, min: float, max: float, *, continuous: bool = True
) -> widgets.FloatLogSlider:
    """A slider over a quantity that spans orders of magnitude (a learning rate).

    The browser snaps a slider to its grid of steps as soon as it shows it, so the
    grid (about 20 steps a decade) is laid to pass through ``value`` itself: the
    default the lesson talks about is the value the slider shows and reports.
    """
    low, high, at = math.log10(min), math.log10(max), math.log10(value)
    steps_below = round((at - low) / LOG_STEP)
    step = (at - low) / steps_below if steps_below else LOG_STEP
    return widgets.FloatLogSlider(
        value=value,
        base=10,
        min=low,
        max=high,
        step=step,
        description=description,
        continuous_update=continuous,
        readout_format=".3g",
        style={"description_width": "initial"},
        layout=_slider_layout(description),
    )


def dropdown(description: str, options: list[str], value: str) -> widgets.Dropdown:
    """A labelled choice between named options."""
    return widgets.Dropdown(
        options=options,
        value=value,
        description=description,
        style={"description_width": "initial"},
    )


def memo_key(key: Hashable) -> Hashable:
    """``key`` with every float (also inside tuples) rounded to 12 significant digits."""
    if isinstance(key, tuple):
        return tuple(memo_key(part) for part in key)
    if isinstance(key, float):
        return float(f"{key:.12g}")
    return key


def _format_value(value: Any) -> str:
    if isinstance(value, float):
        return repr(float(f"{value:.6g}"))
    return repr(value)


class Experiment:
    """Base class of every live experiment (see the module docstring)."""

    #: Figure size in inches (width, height).
    figsize: tuple[float, float] = (8.0, 3.6)
    #: How the reproduce line names the experiment, e.g. "training_loop.EpochReplay".
    call_name: str = ""

    def __init__(self, **settings: Any) -> None:
        self._holding = 0
        self.setup()
        self.controls: dict[str, widgets.ValueWidget] = self.make_controls()
        self._apply_settings(settings)
        self._memo: dict[Hashable, Any] = {}
        self.figure = new_figure(self.figsize)
        with DRAW_LOCK, house_style():  # house_style sets matplotlib's global rcParams
            self.build(self.figure)
        self._message = self.figure.text(
            0.5,
            0.5,
            "",
            ha="center",
            va="center",
            fontsize=12,
            color=COLORS["black"],
            wrap=True,
            bbox={"boxstyle": "round", "facecolor": "#FFF4D6", "edgecolor": COLORS["orange"]},
            zorder=10,
            visible=False,
        )
        self.summary = widgets.HTML(layout=widgets.Layout(margin="2px 0 0 4px"))
        self.code_line = widgets.HTML(layout=widgets.Layout(margin="0 0 0 4px"))
        self.challenge = widgets.HTML(layout=widgets.Layout(margin="0 0 0 4px"))
        self.last_result: Any = None
        for control in self.controls.values():
            control.observe(self._on_change, names="value")
        self._moving: list[Artist] = []
        self._backgrounds: dict[Hashable, Any] = {}  # by background key, newest last
        self.refresh()
        self._freeze_layout()
        moving = self.moving_artists()
        self._moving = [*moving, self._message] if moving else []
        for artist in self._moving:  # above everything static, in a full draw as in a repaint
            artist.set_zorder(artist.get_zorder() + _MOVING_ABOVE)
        self._moving.sort(key=self._drawing_order)
        if self._moving and hasattr(self.figure.canvas, "render_whole"):  # a live canvas
            self.figure.canvas.render_whole = self._render_whole

    # -- what a subclass provides -------------------------------------------
    def setup(self) -> None:
        """Optional: load data and fixed models once, before the controls are made."""

    def make_controls(self) -> dict[str, widgets.ValueWidget]:
        """The controls, keyed by the setting name they set."""
        raise NotImplementedError

    def compute(self, **settings: Any) -> Any:
        """The pure computation behind the figure."""
        raise NotImplementedError

    def build(self, fig: Figure) -> None:
        """Create the axes and artists once."""
        raise NotImplementedError

    def update(self, result: Any) -> None:
        """Update the artists in place from a compute result."""
        raise NotImplementedError

    def describe(self, result: Any) -> str:
        """One line of plain text saying what the figure shows now."""
        raise NotImplementedError

    def extra_widgets(self) -> list[widgets.Widget]:
        """Optional: widgets shown after the controls that set no setting of their own."""
        return []

    def challenge_status(self, result: Any) -> tuple[bool, str] | None:
        """Optional: (reached?, text) for a challenge built into the experiment."""
        return None

    def moving_artists(self) -> list[Artist]:
        """Optional: every artist that ``update`` changes.

        When given, a redraw repaints only these over a cached picture of the
        rest of the figure (axes, ticks, labels, legends), which is most of the
        drawing time. They are drawn above every static artist, so list also
        any static artist that must stay on top of them (data points over a
        colour map). Anything ``update`` changes but this list leaves out would
        stay stale: tests/test_live.py compares every experiment's repainted
        frame with a full redraw for every control.
        """
        return []

    def background_key(self) -> Hashable:
        """Optional: what the cached background depends on, when ``update``
        changes more than the moving artists for some settings (an axis range)."""
        return None

    # -- the wiring -----------------------------------------------------------
    @property
    def settings(self) -> dict[str, Any]:
        """The current value of every control, by setting name."""
        return {name: control.value for name, control in self.controls.items()}

    def set(self, **settings: Any) -> Experiment:
        """Change several settings at once, with one refresh; returns self."""
        with self.hold():
            self._apply_settings(settings)
        self.refresh()
        return self

    def code(self) -> str:
        """The one line of code that reproduces the current settings."""
        args = ", ".join(f"{name}={_format_value(v)}" for name, v in self.settings.items())
        return f"{self.call_name or type(self).__name__}({args})"

    def memo(self, key: Hashable, compute: Callable[[], Any]) -> Any:
        """Compute once per key for this experiment (e.g. a training run per learning rate).

        Floats in the key are rounded to 12 significant digits, so that a slider's
        0.1 and an arithmetic 0.30000000000000004 / 3 find the same entry.
        """
        key = memo_key(key)
        if key not in self._memo:
            self._memo[key] = compute()
        return self._memo[key]

    def show_message(self, text: str | None) -> None:
        """Show a readable message over the figure (None hides it)."""
        self._message.set_text(text or "")
        self._message.set_visible(bool(text))

    def refresh(self) -> None:
        """Recompute and redraw from the current settings.

        All of it holds ``plots.DRAW_LOCK``: a control's change arrives on a widget
        thread, and a draw from another thread (a cell saving the figure, the browser
        asking for a frame) must see the figure before or after a refresh, never during.
        """
        with DRAW_LOCK:
            self.show_message(None)
            try:
                result = self.compute(**self.settings)
            except (ValueError, ArithmeticError) as error:
                self.show_message(f"These settings cannot be computed:\n{error}")
                self.summary.value = f"<b>Summary:</b> {html.escape(str(error))}"
            else:
                self.last_result = result
                self.update(result)
                self.summary.value = f"<b>Summary:</b> {html.escape(self.describe(result))}"
                self._show_challenge(result)
            self.code_line.value = (
                "<span style='color:#555'>Reproduce:</span> "
                f"<code>{html.escape(self.code())}</code>"
            )
            self._redraw()

    def _redraw(self) -> None:
        """Send the new picture to wherever the figure is shown.

        A live canvas whose browser view is connected is drawn at once and the
        new image pushed with it. ``draw_idle`` would instead ask the browser to
        request a draw, and ipympl's browser side drops that request while an
        earlier image is still on its way, so the figure could keep showing the
        old settings (matplotlib issue 19116). Before the view connects,
        ``draw_idle`` is right: the view asks for a full image when it connects.
        """
        canvas = self.figure.canvas
        live = hasattr(canvas, "syncing_data_url")  # an ipympl canvas
        if live and canvas.syncing_data_url:
            canvas.draw_idle()
        elif not self._moving:
            canvas.draw()
        else:
            self._paint_moving_artists()
            if live:
                canvas.blit()  # sends the changed pixels to the browser

    def _render_whole(self) -> None:
        """A full draw of a live canvas (the browser's first image, a resize): the background
        rendered anew and kept, the moving artists painted over it. The picture is a full
        drawing's, and the first move after it finds its background ready."""
        self._paint_moving_artists(new_background=True)

    def _paint_moving_artists(self, *, new_background: bool = False) -> None:
        """Repaint the moving artists over the cached background (blitting)."""
        canvas = self.figure.canvas
        key = (self.background_key(), tuple(self.figure.bbox.bounds))
        background = self._backgrounds.pop(key, None)
        if background is None or new_background:
            # Left out of the background as animated, not hidden: a full draw skips an
            # animated artist but still lays it out, and a hidden axes title would be
            # measured as empty and pushed off the figure (matplotlib places titles
            # above the top of the axes when it draws them).
            animated = [artist.get_animated() for artist in self._moving]
            for artist in self._moving:
                artist.set_animated(True)
            FigureCanvasAgg.draw(canvas)  # render only; pushes nothing to a browser
            for artist, was in zip(self._moving, animated, strict=True):
                artist.set_animated(was)
            background = canvas.copy_from_bbox(self.figure.bbox)
        else:
            canvas.restore_region(background)
        # a few backgrounds are kept, so going back to a dropdown's option redraws nothing
        self._backgrounds[key] = background
        while len(self._backgrounds) > BACKGROUNDS_KEPT:
            del self._backgrounds[next(iter(self._backgrounds))]
        for artist in self._moving:
            self.figure.draw_artist(artist)

    def _drawing_order(self, artist: Artist) -> tuple[float, int]:
        """Where a full draw paints ``artist``: by z-order, ties in the order added."""
        parent = self.figure if artist.axes in (None, artist) else artist.axes  # an Axes moves
        return artist.get_zorder(), parent.get_children().index(artist)

    def _show_challenge(self, result: Any) -> None:
        status = self.challenge_status(result)
        if status is None:
            return
        reached, text = status
        mark, colour = (
            ("✔ Challenge reached:", COLORS["green"]) if reached else ("Challenge:", "#555")
        )
        self.challenge.value = (
            f"<span style='color:{colour};font-weight:bold'>{mark}</span> {html.escape(text)}"
        )

    def _on_change(self, change: dict) -> None:
        if not self._holding:
            self.refresh()

    @contextmanager
    def hold(self) -> Iterator[None]:
        """Change several controls without a refresh per change (nests)."""
        self._holding += 1
        try:
            yield
        finally:
            self._holding -= 1

    def _apply_settings(self, settings: dict[str, Any]) -> None:
        unknown = sorted(set(settings) - set(self.controls))
        if unknown:
            raise TypeError(
                f"{type(self).__name__} has no setting {', '.join(unknown)}; "
                f"its settings are {', '.join(self.controls)}"
            )
        for name, value in settings.items():
            control = self.controls[name]
            low, high = getattr(control, "min", None), getattr(control, "max", None)
            if isinstance(control, widgets.FloatLogSlider):
                low, high = control.base**low, control.base**high
            if low is not None and not (low <= value <= high):
                raise ValueError(f"{name} must be between {low:g} and {high:g}, got {value!r}")
            options = getattr(control, "options", None)
            if options is not None and value not in options:
                raise ValueError(f"{name} must be one of {list(options)}, got {value!r}")
            control.value = value

    def _freeze_layout(self) -> None:
        """Lay the figure out once: a slider moves artists, not the layout, and a
        constrained-layout pass on every redraw would double the cost of an update."""
        engine = self.figure.get_layout_engine()
        if engine is not None:
            engine.execute(self.figure)
            self.figure.set_layout_engine("none")

    # -- display --------------------------------------------------------------
    @property
    def widget(self) -> widgets.VBox:
        """The whole experiment as one widget: controls, figure, summary, code."""
        if not hasattr(self, "_widget"):
            canvas = self.figure.canvas
            figure_view = canvas if isinstance(canvas, widgets.DOMWidget) else widgets.HTML()
            controls = widgets.HBox(
                [*self.controls.values(), *self.extra_widgets()],
                layout=widgets.Layout(flex_flow="row wrap"),
            )
            parts = [controls, figure_view, self.summary, self.challenge, self.code_line]
            self._widget = widgets.VBox(parts)
            self._widget.add_class("course-experiment")
        return self._widget

    def png(self) -> bytes:
        """The figure as it is now, as PNG bytes."""
        buffer = io.BytesIO()
        with DRAW_LOCK:
            self.figure.savefig(buffer, format="png")
        return buffer.getvalue()

    def _repr_mimebundle_(self, **kwargs: Any) -> dict[str, Any]:
        bundle = dict(self.widget._repr_mimebundle_(**kwargs) or {})
        picture = base64.b64encode(self.png()).decode("ascii")
        summary = html.unescape(self.summary.value.replace("<b>", "").replace("</b>", ""))
        bundle["image/png"] = picture
        bundle["text/html"] = (  # what a saved notebook shows once the widget is gone
            f"<div class='course-experiment-static'><img src='data:image/png;base64,{picture}' "
            f"alt='{html.escape(summary, quote=True)}'><p>{html.escape(summary)}</p>"
            "<p><i>A picture of the experiment as it was. Run this cell to bring it back to "
            "life.</i></p></div>"
        )
        bundle["text/plain"] = summary
        return bundle
