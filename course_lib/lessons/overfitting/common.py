"""View constants shared by lesson 04's experiments: one colour per part of the data."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from threadpoolctl import threadpool_limits

from course_lib.style import COLORS

#: The data a model learns from, the data it is tuned on, the data it is judged on.
TRAIN = COLORS["blue"]
VALIDATION = COLORS["orange"]
TEST = COLORS["green"]
#: The truth behind the data (the function the noisy points come from).
TRUTH = COLORS["grey"]
#: The x range of the polynomial task, and the y range its plots show.
X_RANGE = (-1.0, 1.0)
Y_RANGE = (-2.5, 2.5)
#: MSE axes (log scale) of the polynomial task.
MSE_RANGE = (3e-3, 30.0)


@contextmanager
def one_blas_thread() -> Iterator[None]:
    """Run numpy's matrix products on one thread: for the small networks of this lesson that
    is several times faster than sharing them out, on a busy machine more so."""
    with threadpool_limits(1):
        yield
