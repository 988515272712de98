"""What lesson 01's experiments on the diabetes patients share: axis labels, the 12
patients with one you can move, the slider that moves it, and how both are drawn."""

from __future__ import annotations

import numpy as np
from matplotlib.axes import Axes
from matplotlib.lines import Line2D

from course_lib import datasets
from course_lib.live import slider
from course_lib.style import COLORS

BMI = "body-mass index, BMI (kg/m²)"
PROGRESSION = "disease progression (score)"
#: The moved patient's progression runs over this range (score).
MOVED_RANGE = (0, 800)
#: A single slider gets a long track: one step of 5 is about 2 pixels.
WIDE_SLIDER = "520px"


class MovedPatient:
    """Twelve patients, one of whom the learner moves up and down (``moved_y``).

    A mixin for an experiment's ``setup`` and ``make_controls``, and for drawing the
    patients (:meth:`scatter_others`, :meth:`moved_marker`): list it before
    ``Experiment`` (``class RobustLines(MovedPatient, Experiment)``).

    The moved patient is the one whose BMI is closest to the median BMI: moving it
    changes its error, not the slope a line needs (it has little leverage).
    """

    def setup(self) -> None:
        self.patients = datasets.diabetes(12, seed=1)
        bmi = self.patients.bmi
        self.moved = int(np.argmin(np.abs(bmi - np.median(bmi))))

    def make_controls(self):
        value = 5 * round(float(self.patients.progression[self.moved]) / 5)
        control = slider("moved patient's progression", value, *MOVED_RANGE, 5)
        control.layout.width = WIDE_SLIDER
        return {"moved_y": control}

    def progressions(self, moved_y: float) -> np.ndarray:
        """The 12 progressions, with the moved patient's set to ``moved_y``."""
        y = self.patients.progression.copy()
        y[self.moved] = moved_y
        return y

    def scatter_others(self, ax: Axes) -> None:
        """The patients the learner does not move, as dots (BMI, progression)."""
        x = self.patients.bmi
        others = np.arange(len(x)) != self.moved
        ax.scatter(
            x[others],
            self.patients.progression[others],
            color=COLORS["sky"],
            ec="black",
            label="patients",
            zorder=3,
        )

    def moved_marker(self, ax: Axes) -> Line2D:
        """The moved patient's marker, empty until ``update`` places it."""
        (marker,) = ax.plot(
            [], [], "o", ms=10, color=COLORS["vermillion"], mec="black", label="the one you move"
        )
        return marker
