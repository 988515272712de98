"""Shared view helpers: the pieces of figure that every lesson draws the same way.

``new_figure`` makes an experiment's figure: a live ipympl canvas in a kernel
(sending every frame whole), an Agg canvas anywhere else, never wider than the
notebook's output area. An experiment's ``build`` calls the helpers below once
and keeps what they return; its ``update`` moves the artists with the ``show_*``
/ ``set_*`` helpers.

- loss curves on a log axis: ``log_axis`` sets a fixed range (so a change of
  settings repaints lines, never the axes), ``clip_for_log`` keeps values on it;
- a run that diverged: ``divergence_mark`` (a ✕ with a legend entry) and
  ``show_point`` to place or hide it;
- paths on a map: ``path_in_view`` cuts a path where it leaves the view,
  ``exit_mark`` marks where, ``set_path`` draws it;
- landscapes: ``contour_layers`` draws one set of contour lines per landscape
  once, ``show_layer`` shows the one in use;
- classifiers: ``probability_map`` shades P(class 1) over a grid with a colour bar;
- tick labels that change with the settings: ``moving_tick_labels``.
"""

from __future__ import annotations

import functools
import io
import itertools
import sys
import threading
from collections.abc import Mapping, Sequence

import numpy as np
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.contour import ContourSet
from matplotlib.figure import Figure
from matplotlib.image import AxesImage
from matplotlib.lines import Line2D
from matplotlib.text import Text

from course_lib.style import COLORS, DIVERGING, SEQUENTIAL

Range = tuple[float, float]


# -- the figure itself ----------------------------------------------------------------------
#: Held by whatever draws or changes a course figure. JupyterLab sends widget messages to a
#: kernel subshell, a thread of its own: a slider's refresh then runs beside the cell being
#: executed, and two unguarded draws into one canvas's pixels (one clearing them, one copying
#: or encoding them) sent the browser a frame cut off half-way or mixed from both. Matplotlib
#: itself is not thread-safe either (shared font caches, rcParams), hence one lock for all.
DRAW_LOCK = threading.RLock()
_figure_numbers = itertools.count(1000)
#: The widest figure, in pixels, that JupyterLab shows whole beside its file browser in a
#: 1280-pixel-wide window; and the resolution of figures narrower than that.
MAX_WIDTH_PX = 840
MAX_DPI = 100


def in_kernel() -> bool:
    """True inside a running Jupyter kernel (where widgets can render)."""
    shell = sys.modules.get("IPython") and sys.modules["IPython"].get_ipython()
    return bool(shell) and hasattr(shell, "kernel")


def new_figure(figsize: tuple[float, float]) -> Figure:
    """A figure outside pyplot's registry: live (ipympl) in a kernel, Agg elsewhere.

    A wide figure gets a lower resolution, so that it fits the output area of a
    notebook on a laptop screen (a canvas wider than that is cut off, not shrunk).
    """
    dpi = min(MAX_DPI, MAX_WIDTH_PX / figsize[0])
    fig = Figure(figsize=figsize, dpi=dpi, layout="constrained")
    if in_kernel():
        from ipympl.backend_nbagg import FigureManager

        canvas = full_frame_canvas_class()(fig)
        FigureManager(canvas, next(_figure_numbers))
        canvas.header_visible = False
        canvas.footer_visible = False
        canvas.resizable = False
        canvas.toolbar_visible = "fade-in-fade-out"
    else:
        FigureCanvasAgg(fig)
    return fig


def encoded_png(pixels: np.ndarray) -> bytes:
    """RGBA pixels as PNG, at zlib's fastest level: a frame for the browser in about half
    the time of the default level, and no larger for figures of flat colours."""
    from PIL import Image

    with io.BytesIO() as png:
        Image.fromarray(pixels).save(png, format="png", compress_level=1)
        return png.getvalue()


@functools.cache
def full_frame_canvas_class() -> type:
    """ipympl's canvas, sending every frame to the browser whole.

    ipympl normally sends a frame as the difference from the last one, and the
    browser paints it over the image it holds. But the browser drops a frame
    that arrives while the previous one is still loading, and reads whether a
    frame is whole or a difference only once it has loaded: after a quick series
    of moves, differences landed on the wrong base (stale fragments of earlier
    frames), or a difference was painted as a whole frame (moving lines on a
    blank figure, no axes). A whole frame each time is always right on its own.

    Every draw, save and frame it makes holds ``DRAW_LOCK``: the browser's own requests
    (draw, refresh, resize) arrive on a widget thread (see ``DRAW_LOCK``).
    """
    from ipympl.backend_nbagg import Canvas

    class FullFrameCanvas(Canvas):
        def get_diff_image(self):
            """The whole frame as a PNG, quickly compressed (the frame is new: not sent yet)."""
            with DRAW_LOCK:
                if not self._png_is_old:
                    return None
                self._png_is_old = False
                self.set_image_mode("full")
                return encoded_png(np.asarray(self.get_renderer().buffer_rgba()))

        #: When set, what renders the whole figure into the canvas's pixels on a full draw,
        #: in place of matplotlib's own rendering: an experiment renders its background and
        #: keeps it, then paints its moving artists over it (the same picture), so the first
        #: move after the browser's first image need not render the background again.
        render_whole = None

        def draw(self):
            with DRAW_LOCK:
                if self.render_whole is None:
                    super().draw()
                    return
                self._png_is_old = True  # as matplotlib's web canvas does around its rendering
                try:
                    self.render_whole()
                finally:
                    self.manager.refresh_all()

        def blit(self, bbox=None):
            with DRAW_LOCK:
                super().blit(bbox)

        def print_figure(self, *args, **kwargs):
            with DRAW_LOCK:
                return super().print_figure(*args, **kwargs)

        def handle_event(self, event):
            with DRAW_LOCK:  # a resize changes the figure; a mouse event may draw
                return super().handle_event(event)

    return FullFrameCanvas


# -- loss axes -------------------------------------------------------------------------------
def log_axis(
    ax: Axes,
    ylim: Range,
    *,
    xlim: Range | None = None,
    xlabel: str = "step",
    ylabel: str = "loss (log scale)",
    title: str | None = None,
    xscale: str = "linear",
) -> None:
    """A log-scale y axis over a fixed range, labelled; minor ticks off (they cost more to
    draw than the rest of the axes)."""
    ax.set(yscale="log", ylim=ylim, xscale=xscale, xlabel=xlabel, ylabel=ylabel)
    if xlim is not None:
        ax.set_xlim(xlim)
    if title is not None:
        ax.set_title(title)
    ax.minorticks_off()


def clip_for_log(
    values: object, ylim: Range, *, margin: float = 1.0, nan: float | None = None
) -> np.ndarray:
    """``values`` clipped to ``ylim`` widened by ``margin`` (a factor), so that a loss of
    exactly 0 or an overflowing one still lands on a log axis; NaN stays NaN (a gap in the
    line) unless ``nan`` gives a value to show instead."""
    array = np.asarray(values, dtype=float)
    if nan is not None:
        array = np.where(np.isnan(array), nan, array)
    low, high = ylim
    return np.clip(array, low / margin, high * margin)


# -- tick labels -------------------------------------------------------------------------------
def moving_tick_labels(
    ax: Axes, axis: str, positions: Sequence[float], room: Sequence[str]
) -> list[Text]:
    """Texts standing in for the tick labels of ``axis`` ("x" or "y") at ``positions``:
    placed, aligned and styled as the axis's own labels. Set them with ``set_text``.

    An axis's own labels are drawn with the axes, into an experiment's cached background, so
    changing them (``set_xticklabels``) means drawing the whole figure again; these texts
    can be moving artists. The axis keeps ``room`` as its labels, drawn invisible, so that
    the layout and the axis label leave room for them: give the widest the texts will show.
    """
    if axis not in ("x", "y"):
        raise ValueError(f"axis must be 'x' or 'y', got {axis!r}")
    if len(room) != len(positions):
        raise ValueError(f"room has {len(room)} labels but there are {len(positions)} positions")
    owner = ax.xaxis if axis == "x" else ax.yaxis
    owner.set_ticks(positions, room)
    label = owner.get_major_ticks()[0].label1  # every major tick's label is placed alike
    style = {
        "transform": label.get_transform(),
        "ha": label.get_horizontalalignment(),
        "va": label.get_verticalalignment(),
        "rotation": label.get_rotation(),
        "fontproperties": label.get_fontproperties(),
        "color": label.get_color(),
    }
    ax.tick_params(axis=axis, labelcolor="none")
    return [ax.text(*((at, 0) if axis == "x" else (0, at)), "", **style) for at in positions]


# -- markers ---------------------------------------------------------------------------------
def divergence_mark(ax: Axes, label: str = "diverged", **style: object) -> Line2D:
    """An empty ✕ marker for where a run blew up; place it with ``show_point``."""
    options = {"color": COLORS["vermillion"], "ms": 11, "mec": "black", "mew": 0.6}
    (mark,) = ax.plot([], [], "X", label=label, **{**options, **style})
    return mark


def exit_mark(ax: Axes, label: str = "left the plot") -> Line2D:
    """An empty ✕ marker for where a path leaves the view; place it with ``show_point``."""
    return divergence_mark(ax, label, ms=12)


def show_point(marker: Line2D, x: float | None, y: float | None = None) -> None:
    """Put a one-point marker at (x, y), or hide it when ``x`` is None."""
    if x is None or y is None:
        marker.set_data([], [])
    else:
        marker.set_data([x], [y])


# -- paths on a map ----------------------------------------------------------------------------
def path_in_view(path: object, bounds: Sequence[Range]) -> tuple[np.ndarray, int | None]:
    """The finite part of a path of (x, y) points, cut where it first leaves ``bounds``.

    Returns the points to draw (the last one moved onto the frame, so a diverging path
    ends at the edge of the plot) and the step at which it left, or None if it stayed in.
    """
    points = np.asarray(path, dtype=float)
    points = points[np.all(np.isfinite(points), axis=1)]
    (x0, x1), (y0, y1) = bounds
    low, high = np.array([x0, y0]), np.array([x1, y1])
    outside = np.flatnonzero(np.any((points < low) | (points > high), axis=1))
    if len(outside) == 0:
        return points, None
    k = int(outside[0])
    if k == 0:  # it starts outside: show just the start
        return points[:1], 0
    inside, beyond = points[k - 1], points[k]
    step = beyond - inside
    fraction = 1.0
    for axis in range(2):
        if step[axis] > 0:
            fraction = min(fraction, (high[axis] - inside[axis]) / step[axis])
        elif step[axis] < 0:
            fraction = min(fraction, (low[axis] - inside[axis]) / step[axis])
    return np.vstack([points[:k], inside + fraction * step]), k


def set_path(line: Line2D, points: np.ndarray) -> None:
    """Draw an (n, 2) array of points as ``line``."""
    line.set_data(points[:, 0], points[:, 1])


# -- landscapes --------------------------------------------------------------------------------
def contour_layers(
    ax: Axes,
    surfaces: Mapping[str, tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]],
    **style: object,
) -> dict[str, ContourSet]:
    """One set of contour lines per named surface ``(xs, ys, values, levels)``, drawn once
    and all hidden but the first; ``show_layer`` switches between them without recomputing."""
    options = {"cmap": SEQUENTIAL, "linewidths": 0.8, "alpha": 0.8}
    layers = {
        name: ax.contour(xs, ys, values, levels=levels, **{**options, **style})
        for name, (xs, ys, values, levels) in surfaces.items()
    }
    show_layer(layers, next(iter(layers)))
    return layers


def show_layer(layers: Mapping[str, ContourSet], name: str) -> None:
    """Show the contour layer called ``name`` and hide the others."""
    for key, layer in layers.items():
        layer.set_visible(key == name)


# -- classifiers -------------------------------------------------------------------------------
def probability_map(
    ax: Axes,
    shape: tuple[int, int],
    extent: tuple[float, float, float, float],
    *,
    label: str = "P(class 1)",
    **style: object,
) -> AxesImage:
    """A shaded map of a probability over a grid of ``shape`` (rows, columns) covering
    ``extent``, from 0 to 1 on a diverging colour map, with a labelled colour bar. Update it
    with ``image.set_data(probabilities)``."""
    options = {
        "origin": "lower",
        "aspect": "auto",
        "cmap": DIVERGING,
        "vmin": 0,
        "vmax": 1,
        "alpha": 0.45,
    }
    image = ax.imshow(np.full(shape, 0.5), extent=extent, **{**options, **style})
    ax.figure.colorbar(image, ax=ax, label=label, pad=0.01)
    return image
