"""The live-experiment machinery, and the contract every lesson experiment keeps."""

from __future__ import annotations

import importlib
import io
import pkgutil

import ipywidgets as widgets
import numpy as np
import pytest
from matplotlib.spines import Spine

import course_lib.lessons
from course_lib.live import Experiment, dropdown, log_slider, slider
from course_lib.plots import MAX_WIDTH_PX


class Line(Experiment):
    """y = slope * x, with a challenge and a setting that cannot be computed."""

    call_name = "demo.Line"

    def make_controls(self):
        return {
            "slope": slider("slope", 1.0, -3.0, 3.0, 0.5),
            "shape": dropdown("shape", ["line", "broken"], "line"),
        }

    def compute(self, slope, shape):
        if shape == "broken":
            raise ValueError("the broken shape has no values")
        return self.memo(slope, lambda: np.linspace(0, 1, 5) * slope)

    def build(self, fig):
        self.ax = fig.add_subplot()
        (self.line,) = self.ax.plot(np.linspace(0, 1, 5), np.zeros(5))
        self.ax.set(xlabel="x (m)", ylabel="y (m)", title="A line", ylim=(-3, 3))

    def update(self, result):
        self.line.set_ydata(result)

    def describe(self, result):
        return f"The line ends at y = {result[-1]:.1f} m."

    def challenge_status(self, result):
        return result[-1] >= 2.0, "make the line end at y = 2 m or higher"


def test_moving_a_control_updates_figure_summary_and_code():
    line = Line()
    before = line.png()
    line.controls["slope"].value = 2.5
    assert line.png() != before
    assert "y = 2.5 m" in line.summary.value
    assert line.code() == "demo.Line(slope=2.5, shape='line')"


def test_the_reproduce_line_reproduces_the_figure():
    line = Line(slope=-1.5)
    again = eval(line.code(), {"demo": type("demo", (), {"Line": Line})})
    assert again.settings == line.settings
    assert again.png() == line.png()


def test_unknown_or_out_of_range_settings_are_refused_clearly():
    with pytest.raises(TypeError, match="has no setting slop; its settings are slope, shape"):
        Line(slop=1.0)
    with pytest.raises(ValueError, match="slope must be between -3 and 3, got 7"):
        Line(slope=7)
    with pytest.raises(ValueError, match=r"shape must be one of \['line', 'broken'\]"):
        Line(shape="circle")


def test_a_setting_that_cannot_be_computed_shows_a_message_on_the_figure():
    line = Line()
    line.controls["shape"].value = "broken"
    assert line._message.get_visible()
    assert "no values" in line._message.get_text()
    assert "no values" in line.summary.value
    line.controls["shape"].value = "line"
    assert not line._message.get_visible()


def test_the_challenge_says_when_it_is_reached():
    line = Line()
    assert "Challenge:" in line.challenge.value
    line.controls["slope"].value = 2.0
    assert "Challenge reached" in line.challenge.value
    assert not hasattr(line, "solved_with")  # nothing hands a later learner the settings


def test_set_changes_several_settings_with_one_refresh():
    line = Line()
    calls = []
    line.update = lambda result: calls.append(result)
    line.set(slope=0.5, shape="line")
    assert len(calls) == 1


class _LiveCanvas:
    """Stands in for ipympl's canvas: records how the experiment asked for a redraw."""

    def __init__(self, view_connected):
        self.syncing_data_url = not view_connected  # what ipympl sets once its view says hello
        self.calls = []

    def draw(self):
        self.calls.append("draw")

    def draw_idle(self):
        self.calls.append("draw_idle")


@pytest.mark.parametrize(("view_connected", "expected"), [(True, "draw"), (False, "draw_idle")])
def test_a_live_figure_is_drawn_at_once_when_its_view_is_connected(view_connected, expected):
    # draw_idle would ask the browser to request an image, and ipympl's browser side drops
    # that request while another image is in flight: the figure kept the old settings.
    line = Line()
    line.figure.canvas = canvas = _LiveCanvas(view_connected)
    line.controls["slope"].value = 2.0
    assert canvas.calls == [expected]


def test_memo_computes_once_per_key():
    line = Line()
    first = line.compute(slope=1.0, shape="line")
    assert line.compute(slope=1.0, shape="line") is first


def test_display_carries_a_static_png_and_the_summary():
    bundle = Line()._repr_mimebundle_()
    assert bundle["image/png"]
    assert bundle["text/plain"].startswith("Summary: The line ends")
    assert "application/vnd.jupyter.widget-view+json" in bundle


def test_controls_are_labelled_widgets():
    for control in Line().controls.values():
        assert isinstance(control, widgets.ValueWidget)
        assert control.description


def lesson_experiments() -> list[type[Experiment]]:
    for module in pkgutil.iter_modules(course_lib.lessons.__path__):
        importlib.import_module(f"course_lib.lessons.{module.name}")
    found, todo = [], list(Experiment.__subclasses__())
    while todo:
        cls = todo.pop()
        todo.extend(cls.__subclasses__())
        if cls.__module__.startswith("course_lib.lessons."):
            found.append(cls)
    return sorted(found, key=lambda cls: cls.call_name)


def next_value(control):
    if isinstance(control, widgets.Dropdown):
        options = list(control.options)
        return options[(options.index(control.value) + 1) % len(options)]
    if isinstance(control, widgets.FloatLogSlider):
        return control.base ** ((control.min + control.max) / 2)
    return control.max if control.value != control.max else control.min


@pytest.mark.parametrize("cls", lesson_experiments(), ids=lambda cls: cls.call_name)
def test_every_lesson_experiment_keeps_the_contract(cls):
    experiment = cls()
    assert experiment.call_name, "the reproduce line needs a call_name"
    width = experiment.figure.bbox.width
    assert width <= MAX_WIDTH_PX + 0.5, f"{cls.call_name}: {width:.0f} px wide would be cut off"
    for ax in experiment.figure.axes:
        if ax.get_label() == "<colorbar>":
            continue
        assert ax.get_title() or ax.get_xlabel(), f"{cls.call_name}: an axes has no title or label"
    for name, control in experiment.controls.items():
        before_png, before_summary = experiment.png(), experiment.summary.value
        control.value = next_value(control)
        assert experiment.summary.value.startswith("<b>Summary:</b>")
        changed = experiment.png() != before_png or experiment.summary.value != before_summary
        assert changed, f"{cls.call_name}: moving {name} changed neither the figure nor the summary"


def sweep_values(control, count=5):
    """A few values across a control's range (every option of a dropdown)."""
    if isinstance(control, widgets.Dropdown):
        return list(control.options)
    low, high = control.min, control.max
    values = np.linspace(low, high, count)
    if isinstance(control, widgets.FloatLogSlider):
        return list(control.base**values)
    if isinstance(control, widgets.IntSlider):
        return sorted({int(round(v)) for v in values})
    return list(values)


def frame(experiment):
    return np.asarray(experiment.figure.canvas.buffer_rgba()).copy()


@pytest.mark.parametrize(
    "cls",
    [cls for cls in lesson_experiments() if cls().moving_artists()],
    ids=lambda cls: cls.call_name,
)
def test_a_repainted_frame_shows_what_a_full_redraw_shows(cls):
    # Repainting only the moving artists must leave nothing stale: for every control across
    # its range, the frame differs from a full redraw only where a moving artist overlaps a
    # static one drawn above it (a spine, a legend), a few pixels, not a whole stale artist.
    experiment = cls()
    canvas = experiment.figure.canvas
    canvas.draw()
    for name, control in experiment.controls.items():
        for value in sweep_values(control):
            previous = frame(experiment)
            control.value = value
            repainted = frame(experiment)
            canvas.draw()
            full = frame(experiment)
            moved = np.any(previous != full, axis=2).sum()
            stale = np.any(repainted != full, axis=2).sum()
            assert stale <= max(40, 0.02 * moved), (
                f"{cls.call_name}: after {name}={value!r}, {stale} pixels differ from a full "
                f"redraw ({moved} changed): an artist that update() changes is missing from "
                "moving_artists()"
            )


_FINGERPRINT_GETTERS = (
    "get_visible",
    "get_xydata",
    "get_offsets",
    "get_array",
    "get_text",
    "get_position",
    "get_xy",
    "get_height",
    "get_width",
    "get_segments",
    "get_xlim",
    "get_ylim",
)


def fingerprint(artist) -> tuple:
    """What a change of settings could alter in how ``artist`` looks, as comparable values."""
    values = []
    for getter in _FINGERPRINT_GETTERS:
        method = getattr(artist, getter, None)
        if method is None:
            continue
        try:
            value = method()
        except Exception:  # a getter that needs a renderer or has nothing to give
            continue
        if isinstance(value, list):
            value = [np.asarray(v).tolist() for v in value]
        elif value is not None and not isinstance(value, str | bool):
            value = np.ma.filled(np.asarray(value, dtype=object), None).tolist()
        values.append((getter, value))
    return tuple(values)


def static_artists(experiment) -> list:
    """Every artist of the figure that is not a moving artist or part of one."""
    moving = {id(part) for artist in experiment._moving for part in artist.findobj()}
    return [
        a
        for a in experiment.figure.findobj()
        if id(a) not in moving and not isinstance(a, Spine)  # a spine's getters are lazy
    ]


@pytest.mark.parametrize(
    "cls",
    [cls for cls in lesson_experiments() if cls().moving_artists()],
    ids=lambda cls: cls.call_name,
)
def test_update_changes_no_artist_left_out_of_moving_artists(cls):
    # A repaint redraws only the moving artists over a cached background: an artist that
    # update() changes but moving_artists() leaves out stays stale on screen, however small.
    experiment = cls()
    experiment.refresh()  # the background is cached and every static artist laid out
    for name, control in experiment.controls.items():
        for value in sweep_values(control):
            key = experiment.background_key()
            before = {id(a): (a, fingerprint(a)) for a in static_artists(experiment)}
            control.value = value
            if experiment.background_key() != key:
                continue  # the background is drawn anew for these settings
            changed = [
                type(artist).__name__ + (f" {artist.get_label()!r}" if artist.get_label() else "")
                for artist, old in before.values()
                if fingerprint(artist) != old
            ]
            assert not changed, (
                f"{cls.call_name}: after {name}={value!r}, update() changed {changed}, "
                "which moving_artists() leaves out: they would stay stale on screen"
            )


def test_a_live_canvas_sends_every_frame_whole():
    # A difference frame painted on the wrong base left stale fragments in the browser.
    from ipympl.backend_nbagg import Canvas, FigureManager
    from matplotlib.figure import Figure

    from course_lib.plots import full_frame_canvas_class

    def modes_sent(canvas_class):
        figure = Figure(figsize=(3, 2))
        (line,) = figure.subplots().plot([0, 1], [0, 1])
        canvas = canvas_class(figure)
        FigureManager(canvas, 1)
        canvas.manager.web_sockets = [canvas]
        canvas.syncing_data_url = False  # the browser view is connected
        modes = []
        canvas.send_binary = lambda data: modes.append(canvas._current_image_mode)
        for y in ([0, 1], [1, 0], [0.5, 0.5]):
            line.set_ydata(y)
            canvas.draw()
        return modes

    assert modes_sent(Canvas) == ["full", "diff", "diff"]  # ipympl's own: differences
    assert modes_sent(full_frame_canvas_class()) == ["full", "full", "full"]


@pytest.mark.parametrize(("value", "low", "high"), [(0.03, 1e-3, 1.0), (0.1, 1e-4, 10.0)])
def test_a_log_slider_grid_passes_through_its_default(value, low, high):
    control = log_slider("lr", value, low, high)
    steps = (np.log10(value) - control.min) / control.step
    assert steps == pytest.approx(round(steps), abs=1e-9)
    assert control.base**control.min == pytest.approx(low)
    assert control.base**control.max == pytest.approx(high)
    assert 0.04 <= control.step <= 0.06


@pytest.mark.parametrize("description", ["w", "moved patient's progress", "learning rate (Adam)"])
def test_a_long_label_leaves_the_slider_track_its_minimum_width(description):
    from course_lib.live import MIN_TRACK_PX

    for control in (slider(description, 1, 0, 2, 0.1), log_slider(description, 0.1, 0.01, 1)):
        width = int(control.layout.width.removesuffix("px"))
        assert width - 7 * len(description) - 80 >= MIN_TRACK_PX


class TitledLine(Line):
    """A line whose axes title moves with the slope, and whose y range follows the shape."""

    def make_controls(self):
        return {
            "slope": slider("slope", 1.0, -3.0, 3.0, 0.5),
            "shape": dropdown("shape", ["line", "tall"], "line"),
        }

    def compute(self, slope, shape):
        return np.linspace(0, 1, 5) * slope * (3 if shape == "tall" else 1)

    def update(self, result):
        self.line.set_ydata(result)
        self.ax.set_title(f"A line ending at {result[-1]:.1f} m")
        self.ax.set_ylim((-9, 9) if self.settings["shape"] == "tall" else (-3, 3))

    def moving_artists(self):
        return [self.line, self.ax.title]

    def background_key(self):
        return self.settings["shape"]


def live_canvas(experiment) -> list[bytes]:
    """Give ``experiment`` an ipympl canvas with a connected browser view; return the list
    that collects every PNG frame the canvas sends to that view."""
    from ipympl.backend_nbagg import FigureManager

    from course_lib.plots import full_frame_canvas_class

    canvas = full_frame_canvas_class()(experiment.figure)
    FigureManager(canvas, 1)
    canvas.manager.web_sockets = [canvas]
    canvas.syncing_data_url = False  # the browser view said hello
    experiment._backgrounds.clear()  # they were cached on the Agg canvas this one replaces
    frames = []
    canvas.send_binary = frames.append
    return frames


def decoded(png: bytes) -> np.ndarray:
    from PIL import Image

    return np.asarray(Image.open(io.BytesIO(png)).convert("RGBA"))


def full_draw(experiment) -> np.ndarray:
    """The pixels of a full Agg draw of the figure (nothing sent to the browser)."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    FigureCanvasAgg.draw(experiment.figure.canvas)
    return frame(experiment)


def pixels_off(first: np.ndarray, second: np.ndarray) -> int:
    return int(np.any(np.abs(first.astype(int) - second.astype(int)) > 8, axis=2).sum())


def test_the_frame_sent_to_the_browser_is_the_full_drawing_also_with_a_moving_title():
    # The background is drawn without the moving artists; an axes title left out by hiding
    # it was measured as empty and placed far above the axes, so the repaint drew it off the
    # figure: the browser lost the title whenever the background was drawn anew.
    experiment = TitledLine()
    frames = live_canvas(experiment)
    for name, value in [("slope", 2.0), ("shape", "tall"), ("slope", -1.0), ("shape", "line")]:
        experiment.controls[name].value = value
        title = experiment.ax.title.get_window_extent()
        assert title.ymax <= experiment.figure.bbox.ymax, f"{name}={value!r}: title off the figure"
        off = pixels_off(decoded(frames[-1]), full_draw(experiment))
        assert off == 0, f"after {name}={value!r}, {off} pixels differ from a full drawing"


def test_going_back_to_a_background_seen_before_redraws_nothing_and_shows_it_right(monkeypatch):
    # A dropdown that changes the axes is a full draw the first time each option is seen;
    # going back to an option repaints only the moving artists over its kept background.
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    experiment = TitledLine()
    frames = live_canvas(experiment)
    for shape in ["tall", "line"]:
        experiment.controls["shape"].value = shape
    renders = []
    real_draw = FigureCanvasAgg.draw
    monkeypatch.setattr(FigureCanvasAgg, "draw", lambda c: renders.append(c) or real_draw(c))
    for name, value in [("shape", "tall"), ("slope", 2.5), ("shape", "line"), ("slope", -2.0)]:
        experiment.controls[name].value = value
        assert not renders, f"{name}={value!r} drew the whole figure again"
        monkeypatch.setattr(FigureCanvasAgg, "draw", real_draw)
        off = pixels_off(decoded(frames[-1]), full_draw(experiment))
        monkeypatch.setattr(FigureCanvasAgg, "draw", lambda c: renders.append(c) or real_draw(c))
        assert off == 0, f"after {name}={value!r}, {off} pixels differ from a full drawing"


def test_a_draw_from_another_thread_waits_for_a_refresh_in_progress():
    # JupyterLab sends widget messages to a kernel subshell (a thread): a slider's refresh
    # ran while the main thread drew the same canvas, and the browser got a frame cut off
    # half-way. A draw from another thread must see the figure before or after a refresh.
    import threading

    experiment = TitledLine()
    frames = live_canvas(experiment)
    updating, release = threading.Event(), threading.Event()
    update = experiment.update

    def slow_update(result):
        update(result)
        updating.set()
        release.wait(5)

    experiment.update = slow_update

    def move():  # what a widget thread does when the learner picks another shape
        experiment.controls["shape"].value = "tall"

    mover = threading.Thread(target=move)
    mover.start()
    assert updating.wait(5)
    saved = []
    saver = threading.Thread(target=lambda: saved.append(experiment.png()))
    saver.start()
    saver.join(0.5)
    assert saver.is_alive(), "a save drew the figure while a refresh was changing it"
    release.set()
    mover.join(5)
    saver.join(5)
    assert saved and len(frames) == 1
    assert pixels_off(decoded(frames[-1]), full_draw(experiment)) == 0


def test_the_browsers_first_image_leaves_the_background_ready_for_the_first_move(monkeypatch):
    # The first move after a full draw used to render the whole background again (a dropdown
    # visited once took a full draw); the live canvas's full draw now keeps it. Its frame is
    # still the full drawing.
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    from course_lib import plots

    monkeypatch.setattr(plots, "in_kernel", lambda: True)
    experiment = TitledLine()  # on a live canvas, as in a kernel
    canvas = experiment.figure.canvas
    canvas.manager.web_sockets = [canvas]
    canvas.syncing_data_url = False  # the browser view said hello
    frames = []
    canvas.send_binary = frames.append
    canvas.draw()  # the full image a newly connected view asks for
    assert pixels_off(decoded(frames[-1]), full_draw(experiment)) == 0
    renders = []
    real_draw = FigureCanvasAgg.draw
    monkeypatch.setattr(FigureCanvasAgg, "draw", lambda c: renders.append(c) or real_draw(c))
    experiment.controls["slope"].value = 2.5
    assert not renders, "the first move drew the whole figure again"
    monkeypatch.setattr(FigureCanvasAgg, "draw", real_draw)
    assert pixels_off(decoded(frames[-1]), full_draw(experiment)) == 0
