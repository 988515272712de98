"""View pieces shared by lesson 02's experiments: axis ranges, colours, contour layers."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np
from matplotlib.axes import Axes
from matplotlib.colors import LinearSegmentedColormap
from matplotlib.contour import ContourSet

from course_lib import plots
from course_lib.landscapes import GaussianWells, Landscape, shared_landscape
from course_lib.stability import DIVERGED_LOSS
from course_lib.style import COLORS

#: The range of the loss axes (log scale). It is fixed, so that a change of settings
#: repaints only the lines, never the axes.
LOSS_RANGE = (1e-12, 1e9)
#: Where a diverged run's ✕ sits on a loss axis.
DIVERGED_Y = LOSS_RANGE[1] / 3
#: The four optimizers' colours (Okabe-Ito) and markers, so they differ in more than colour.
OPTIMIZER_STYLES = {
    "gradient descent": (COLORS["blue"], "o"),
    "momentum": (COLORS["orange"], "s"),
    "RMSProp": (COLORS["green"], "^"),
    "Adam": (COLORS["purple"], "D"),
}


#: Contour lines in greys, dark near the minimum: no path colour (blue, orange, green, purple)
#: is mistaken for a contour.
CONTOUR_GREYS = LinearSegmentedColormap.from_list("contour_greys", ["#4d4d4d", "#c8c8c8"])


def power_of_ten(value: float) -> str:
    """A round number as the prose writes it: 1e8, not 1e+08."""
    mantissa, exponent = f"{value:.0e}".split("e")
    return f"{mantissa}e{int(exponent)}"


#: The divergence threshold, as the figures and summaries write it.
DIVERGED = power_of_ten(DIVERGED_LOSS)


def shown_losses(losses: object) -> np.ndarray:
    """Losses ready for a loss axis: clipped to just beyond LOSS_RANGE (an optimizer can
    reach exactly 0, a diverging one overflows); NaN (after a divergence) stays NaN."""
    return plots.clip_for_log(losses, LOSS_RANGE, margin=10)


def loss_text(value: float) -> str:
    """A loss in 3 significant digits, or "diverged" if it is not finite."""
    return f"{value:.3g}" if np.isfinite(value) else "diverged"


def contour_levels(landscape: Landscape, values: np.ndarray, count: int = 18) -> np.ndarray:
    """Contour levels: evenly spaced on the bumpy wells, geometric on the rest (rings near the
    minimum stay visible)."""
    if isinstance(landscape, GaussianWells):
        return np.linspace(values.min(), values.max(), count + 6)
    top = float(values.max() - landscape.minimum_value)
    return landscape.minimum_value + np.geomspace(top * 1e-6, top, count)


def landscape_layers(
    ax: Axes,
    names: Sequence[str],
    bounds_of: Callable[[Landscape], Sequence[tuple[float, float]]],
    n: int = 160,
) -> dict[str, ContourSet]:
    """Contour lines of each named landscape over ``bounds_of(landscape)``, drawn once;
    ``plots.show_layer`` shows the one in use."""
    surfaces = {}
    for name in names:
        landscape = shared_landscape(name)
        (x0, x1), (y0, y1) = bounds_of(landscape)
        xs, ys = np.meshgrid(np.linspace(x0, x1, n), np.linspace(y0, y1, n))
        values = landscape.value(np.stack([xs, ys], axis=-1))
        surfaces[name] = (xs, ys, values, contour_levels(landscape, values))
    return plots.contour_layers(ax, surfaces, cmap=CONTOUR_GREYS)
