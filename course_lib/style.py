"""The course's house style: a colour-blind-safe palette and readable figures.

The palette is Okabe & Ito's (2008), designed to stay distinguishable for the
common forms of colour blindness. Sequential maps use viridis/cividis, which
are perceptually uniform and colour-blind safe.
"""

from __future__ import annotations

from contextlib import contextmanager

import matplotlib as mpl
from cycler import cycler

#: Okabe–Ito colours by name; use these rather than matplotlib's defaults.
COLORS = {
    "blue": "#0072B2",
    "orange": "#E69F00",
    "green": "#009E73",
    "vermillion": "#D55E00",
    "sky": "#56B4E9",
    "purple": "#CC79A7",
    "yellow": "#F0E442",
    "black": "#000000",
    "grey": "#7F7F7F",
}

#: The order lines take when a figure has several.
CYCLE = [COLORS[name] for name in ("blue", "orange", "green", "vermillion", "sky", "purple")]

#: Colour maps: sequential (magnitude), error (how wrong), diverging (sign).
SEQUENTIAL = "viridis"
ERROR = "cividis"
DIVERGING = "PuOr"

RC = {
    "axes.prop_cycle": cycler(color=CYCLE),
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": True,
    "grid.alpha": 0.3,
    "axes.titlesize": 11,
    "axes.titleweight": "bold",
    "axes.labelsize": 10,
    "xtick.labelsize": 9,
    "ytick.labelsize": 9,
    "legend.fontsize": 9,
    "legend.frameon": False,
    "lines.linewidth": 2.0,
    "lines.markersize": 7,
    "image.cmap": SEQUENTIAL,
    "font.size": 10,
}


@contextmanager
def house_style():
    """Apply the house style to the figures and artists made inside the block."""
    with mpl.rc_context(RC):
        yield
