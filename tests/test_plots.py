"""Shared view helpers: paths cut at the frame, clipping for log axes, markers and layers."""

import numpy as np
import pytest
from matplotlib.figure import Figure

from course_lib import plots

BOUNDS = ((-1.0, 1.0), (-1.0, 1.0))


def test_a_path_inside_the_view_is_drawn_whole():
    points, left_at = plots.path_in_view([[0, 0], [0.5, 0.5]], BOUNDS)
    assert left_at is None and points.shape == (2, 2)


def test_a_path_that_leaves_ends_on_the_frame_at_the_step_it_left():
    points, left_at = plots.path_in_view([[0, 0], [0.5, 0], [3.0, 0], [9, 9]], BOUNDS)
    assert left_at == 2
    np.testing.assert_allclose(points[-1], [1.0, 0.0])


def test_a_path_that_starts_outside_shows_only_its_start():
    points, left_at = plots.path_in_view([[5, 5], [0, 0]], BOUNDS)
    assert left_at == 0 and len(points) == 1


def test_non_finite_points_are_dropped():
    points, left_at = plots.path_in_view([[0, 0], [np.nan, np.nan]], BOUNDS)
    assert left_at is None and len(points) == 1


def test_clip_for_log_keeps_nan_unless_told_and_widens_by_the_margin():
    values = [0.0, 1.0, np.inf, np.nan]
    clipped = plots.clip_for_log(values, (1e-3, 1e3), margin=10)
    np.testing.assert_array_equal(clipped[:3], [1e-4, 1.0, 1e4])
    assert np.isnan(clipped[3])
    assert plots.clip_for_log(values, (1e-3, 1e3), nan=1e3)[3] == 1e3


def test_show_point_places_and_hides_a_marker():
    ax = Figure().subplots()
    mark = plots.divergence_mark(ax)
    plots.show_point(mark, 3, 4)
    assert list(mark.get_xdata()) == [3] and list(mark.get_ydata()) == [4]
    plots.show_point(mark, None)
    assert len(mark.get_xdata()) == 0


def test_show_layer_leaves_exactly_one_contour_layer_visible():
    ax = Figure().subplots()
    xs, ys = np.meshgrid(np.linspace(-1, 1, 20), np.linspace(-1, 1, 20))
    surfaces = {
        "bowl": (xs, ys, xs**2 + ys**2, np.linspace(0.1, 1, 5)),
        "saddle": (xs, ys, xs**2 - ys**2, np.linspace(-1, 1, 5)),
    }
    layers = plots.contour_layers(ax, surfaces)
    assert [layer.get_visible() for layer in layers.values()] == [True, False]
    plots.show_layer(layers, "saddle")
    assert [layer.get_visible() for layer in layers.values()] == [False, True]


def test_log_axis_fixes_the_range_and_labels_it():
    ax = Figure().subplots()
    plots.log_axis(ax, (1e-6, 1e2), xlim=(0, 10), title="Loss")
    assert ax.get_yscale() == "log" and ax.get_ylim() == pytest.approx((1e-6, 1e2))
    assert ax.get_ylabel() == "loss (log scale)" and ax.get_title() == "Loss"


def test_probability_map_spans_0_to_1_with_a_colour_bar():
    fig = Figure()
    ax = fig.subplots()
    image = plots.probability_map(ax, (4, 5), (0, 1, 0, 1))
    assert image.get_array().shape == (4, 5) and image.get_clim() == (0, 1)
    assert len(fig.axes) == 2  # the map and its colour bar


@pytest.mark.parametrize("axis", ["x", "y"])
def test_moving_tick_labels_look_like_the_axis_own_labels(axis):
    # The stand-ins must sit where the axis would draw its labels, in its style, and the
    # layout must leave them room: a repaint of them is then the picture of set_*ticks.
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    positions, labels = [0, 1, 2], ["first", "#2: second", "3"]

    def pixels(stand_ins):
        fig = Figure(figsize=(4, 3), dpi=80, layout="constrained")
        FigureCanvasAgg(fig)
        ax = fig.subplots()
        ax.set(xlim=(-1, 3), ylim=(-1, 3), xlabel="x", ylabel="y")
        if stand_ins:
            texts = plots.moving_tick_labels(ax, axis, positions, room=labels)
            for text, label in zip(texts, labels, strict=True):
                text.set_text(label)
        else:
            getattr(ax, f"set_{axis}ticks")(positions, labels)
        fig.canvas.draw()
        return np.asarray(fig.canvas.buffer_rgba()).copy()

    assert np.array_equal(pixels(True), pixels(False))


def test_moving_tick_labels_refuse_an_unknown_axis_or_a_room_of_another_length():
    ax = Figure().subplots()
    with pytest.raises(ValueError, match="axis must be 'x' or 'y'"):
        plots.moving_tick_labels(ax, "z", [0], room=["a"])
    with pytest.raises(ValueError, match="room has 1 labels but there are 2 positions"):
        plots.moving_tick_labels(ax, "x", [0, 1], room=["a"])
