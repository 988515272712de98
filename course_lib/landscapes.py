"""Loss landscapes to roll an optimizer over: one curve of one parameter, and surfaces of two.

- :func:`curve_loss`, :func:`curve_gradient`: the lesson's first loss,
  L(θ) = (θ − 1)²/2 + (θ − 1)⁴/20, and :func:`descent_1d`, plain gradient descent on it.

A two-parameter landscape is a loss L(theta) of theta = (x, y). Each one has
``value(theta)`` and ``gradient(theta)``; both accept one point of shape (2,)
or a whole grid of shape (..., 2), so the same call draws a contour plot.
Each landscape also knows its global ``minimum``, a suggested ``start`` and
the ``bounds`` worth looking at.

- :func:`bowl`: a round-ish quadratic, where plain gradient descent just works.
- :func:`ravine`: a long thin quadratic (condition number 40 by default),
  where plain gradient descent zig-zags and momentum helps.
- :class:`Rosenbrock`: the classic curved banana-shaped valley.
- :func:`wells`: a gentle bowl dotted with Gaussian wells, so several local
  minima; the global one is found by computation, not typed in.

For a quadratic L = 1/2 (theta - c)^T H (theta - c), gradient descent with
learning rate lr multiplies the distance along each eigenvector of H by
(1 - lr * lambda) per step, so it diverges once lr > 2 / lambda_max:
``stability.max_stable_lr(landscape.hessian)``.

:func:`shared_landscape` gives one landscape per name for the whole process
(the wells' minima are found once); :func:`nearest_minimum` says which
minimum a point is in, :func:`excess_loss` how far above the global one a loss is.

Pure numpy: no plotting, no widgets.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence

import numpy as np

from course_lib import stability
from course_lib.validation import check_count, check_positive, check_scalar

Bounds = tuple[tuple[float, float], tuple[float, float]]


# -- one parameter: the lesson's first loss curve ----------------------------------------------
#: Where :func:`descent_1d` starts, and how many steps it takes unless told.
CURVE_START = -2.5
CURVE_STEPS = 30


def curve_loss(theta: np.ndarray | float) -> np.ndarray | float:
    """The lesson's one-parameter loss: L(θ) = (θ − 1)²/2 + (θ − 1)⁴/20, lowest (0) at θ = 1."""
    d = np.asarray(theta, dtype=float) - 1.0
    out = 0.5 * d**2 + 0.05 * d**4
    return float(out) if out.ndim == 0 else out


def curve_gradient(theta: np.ndarray | float) -> np.ndarray | float:
    """dL/dθ of :func:`curve_loss`: (θ − 1) + (θ − 1)³/5."""
    d = np.asarray(theta, dtype=float) - 1.0
    out = d + 0.2 * d**3
    return float(out) if out.ndim == 0 else out


def descent_1d(lr: float, steps: int = CURVE_STEPS, start: float = CURVE_START) -> np.ndarray:
    """θ after 0, 1, ..., steps steps of θ ← θ − lr·dL/dθ on :func:`curve_loss`.

    A run that diverges (its loss passes ``stability.DIVERGED_LOSS``) stops there:
    θ is NaN from that step on.
    """
    lr = check_positive(lr, "lr")
    steps = check_count(steps, "steps", minimum=0)
    theta = check_scalar(start, "start")
    thetas = np.full(steps + 1, np.nan)
    thetas[0] = theta
    with np.errstate(over="ignore", invalid="ignore"):
        for t in range(steps):
            theta = theta - lr * curve_gradient(theta)
            if stability.diverged(curve_loss(theta)):
                break
            thetas[t + 1] = theta
    return thetas


# -- two parameters ----------------------------------------------------------------------------


def _as_points(theta: np.ndarray, name: str = "theta") -> np.ndarray:
    """theta as a float array whose last axis holds (x, y)."""
    theta = np.asarray(theta, dtype=float)
    if theta.ndim == 0 or theta.shape[-1] != 2:
        raise ValueError(f"{name} must have shape (2,) or (..., 2), got shape {theta.shape}")
    return theta


class Landscape:
    """A loss surface over two parameters (the base class; subclasses fill in the maths)."""

    name: str = "landscape"
    #: Where the global minimum is, shape (2,), and the loss there.
    minimum: np.ndarray
    minimum_value: float
    #: A suggested starting point, shape (2,).
    start: np.ndarray
    #: ((x_min, x_max), (y_min, y_max)): the region worth plotting.
    bounds: Bounds

    def value(self, theta: np.ndarray) -> np.ndarray | float:
        """The loss at theta; shape (...,) for theta of shape (..., 2), a float for one point."""
        theta = _as_points(theta)
        out = self._value(theta[..., 0], theta[..., 1])
        return float(out) if out.ndim == 0 else out

    def gradient(self, theta: np.ndarray) -> np.ndarray:
        """dL/dtheta, the same shape as theta."""
        theta = _as_points(theta)
        dx, dy = self._gradient(theta[..., 0], theta[..., 1])
        return np.stack([dx, dy], axis=-1)

    def _value(self, x: np.ndarray, y: np.ndarray) -> np.ndarray:
        raise NotImplementedError

    def _gradient(self, x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        raise NotImplementedError

    def __repr__(self) -> str:
        return f"{type(self).__name__}(name={self.name!r})"


class Quadratic(Landscape):
    """L(theta) = 1/2 (theta - c)^T H (theta - c): a bowl whose shape is the Hessian H.

    H must be symmetric positive definite, so the centre c is the one minimum
    (with loss 0). The eigenvalues of H are the curvatures along its
    eigenvectors; their ratio, the condition number, says how stretched the bowl is.
    """

    def __init__(
        self,
        hessian: np.ndarray,
        center: Sequence[float] = (0.0, 0.0),
        *,
        name: str = "quadratic",
        start: Sequence[float] = (-3.0, 2.0),
        bounds: Bounds = ((-4.0, 4.0), (-4.0, 4.0)),
    ):
        hessian = np.asarray(hessian, dtype=float)
        if hessian.shape != (2, 2):
            raise ValueError(f"hessian must have shape (2, 2), got shape {hessian.shape}")
        if not np.all(np.isfinite(hessian)) or not np.allclose(hessian, hessian.T):
            raise ValueError(f"hessian must be symmetric and finite, got {hessian.tolist()}")
        if np.linalg.eigvalsh(hessian)[0] <= 0:
            raise ValueError(
                f"hessian must be positive definite (both eigenvalues > 0), got eigenvalues "
                f"{np.linalg.eigvalsh(hessian).tolist()}"
            )
        self.hessian = hessian
        self.center = _as_points(center, "center").reshape(2)
        self.name = name
        self.minimum = self.center.copy()
        self.minimum_value = 0.0
        self.start = _as_points(start, "start").reshape(2)
        self.bounds = bounds

    @property
    def eigenvalues(self) -> np.ndarray:
        """The curvatures of the bowl, smallest first."""
        return np.linalg.eigvalsh(self.hessian)

    @property
    def condition_number(self) -> float:
        """lambda_max / lambda_min: 1 for a round bowl, large for a ravine."""
        low, high = self.eigenvalues
        return float(high / low)

    def _value(self, x, y):
        dx, dy = x - self.center[0], y - self.center[1]
        (a, b), (_, c) = self.hessian
        return 0.5 * (a * dx * dx + 2 * b * dx * dy + c * dy * dy)

    def _gradient(self, x, y):
        dx, dy = x - self.center[0], y - self.center[1]
        (a, b), (_, c) = self.hessian
        return a * dx + b * dy, b * dx + c * dy


def rotation(angle_degrees: float) -> np.ndarray:
    """The 2 × 2 matrix that turns a point anticlockwise by ``angle_degrees`` about the origin."""
    angle = np.deg2rad(check_scalar(angle_degrees, "angle_degrees"))
    return np.array([[np.cos(angle), -np.sin(angle)], [np.sin(angle), np.cos(angle)]])


def _rotated_diagonal(eigenvalues: tuple[float, float], angle_degrees: float) -> np.ndarray:
    """The symmetric matrix with these eigenvalues, its first eigenvector at this angle."""
    turn = rotation(angle_degrees)
    return turn @ np.diag(eigenvalues) @ turn.T


def bowl() -> Quadratic:
    """A well-conditioned bowl: curvatures 1 and 2 (condition number 2)."""
    return Quadratic(np.diag([1.0, 2.0]), name="bowl", start=(-3.0, 2.5))


def ravine(condition_number: float = 40.0, angle_degrees: float = 0.0) -> Quadratic:
    """A long thin valley: curvature 1 along it and ``condition_number`` across it.

    With ``angle_degrees=0`` the valley runs along the x axis. Turning it turns its start
    with it, so the only thing that changes is the direction of the axes: optimizers that
    do not care about the axes (gradient descent, momentum) walk the same path, turned;
    those that scale each coordinate on its own (RMSProp, Adam) do not.
    """
    condition_number = check_scalar(condition_number, "condition_number", minimum=1)
    angle_degrees = check_scalar(angle_degrees, "angle_degrees")
    hessian = _rotated_diagonal((1.0, condition_number), angle_degrees)
    start = rotation(angle_degrees) @ np.array(RAVINE_START)
    return Quadratic(hessian, name="ravine", start=tuple(start))


#: Where the (unturned) ravine's walks start.
RAVINE_START = (-3.5, 1.0)


class Rosenbrock(Landscape):
    """L(x, y) = (a - x)^2 + b (y - x^2)^2: a curved valley with its minimum at (a, a^2).

    Finding the valley is easy, following its bend to the minimum is slow: the
    classic test of an optimizer since Rosenbrock (1960).
    """

    def __init__(self, a: float = 1.0, b: float = 100.0):
        self.a = check_scalar(a, "a")
        self.b = check_positive(b, "b")
        self.name = "Rosenbrock"
        self.minimum = np.array([self.a, self.a**2])
        self.minimum_value = 0.0
        self.start = np.array([-1.5, 2.0])
        self.bounds = ((-2.0, 2.0), (-1.0, 3.0))

    def _value(self, x, y):
        return (self.a - x) ** 2 + self.b * (y - x * x) ** 2

    def _gradient(self, x, y):
        inner = y - x * x
        return -2 * (self.a - x) - 4 * self.b * x * inner, 2 * self.b * inner


#: The wells of :func:`wells`: (centre x, centre y, depth, width).
WELLS = (
    (-2.0, 1.5, 1.0, 0.8),
    (2.0, -1.0, 1.4, 0.7),
    (1.0, 2.5, 0.8, 0.6),
    (-1.5, -2.2, 1.1, 0.9),
)


class GaussianWells(Landscape):
    """A gentle bowl with Gaussian wells: several local minima, one global.

    L(theta) = k/2 |theta|^2 - sum_i depth_i * exp(-|theta - centre_i|^2 / (2 width_i^2))

    The minima are not exactly at the well centres (the bowl and the other
    wells pull on them), so they are found by computation when the landscape
    is made: gradient descent from a 15 x 15 grid of starts over ``bounds``,
    polished with a few Newton steps, kept where the Hessian is positive
    definite, merged when closer than 1e-4. ``local_minima`` holds them all,
    lowest loss first; ``minimum`` is the first.
    """

    def __init__(
        self,
        wells: Sequence[tuple[float, float, float, float]] = WELLS,
        bowl_curvature: float = 0.12,
        *,
        start: Sequence[float] = (-3.5, 3.5),
        bounds: Bounds = ((-4.0, 4.0), (-4.0, 4.0)),
    ):
        wells = np.asarray(wells, dtype=float)
        if wells.ndim != 2 or wells.shape[1] != 4 or len(wells) == 0:
            raise ValueError(f"wells must be rows of (x, y, depth, width), got shape {wells.shape}")
        if not np.all(np.isfinite(wells)) or np.any(wells[:, 2:] <= 0):
            raise ValueError("every well needs a finite centre and a positive depth and width")
        self.centres = wells[:, :2]
        self.depths = wells[:, 2]
        self.widths = wells[:, 3]
        self.bowl_curvature = check_positive(bowl_curvature, "bowl_curvature")
        self.name = "wells"
        self.start = _as_points(start, "start").reshape(2)
        self.bounds = bounds
        self.local_minima = self._find_local_minima()
        self.minimum = self.local_minima[0].copy()
        self.minimum_value = float(self.value(self.minimum))

    def _well_terms(self, x, y):
        """For each well: offsets from its centre and depth * Gaussian, last axis = well."""
        dx = x[..., None] - self.centres[:, 0]
        dy = y[..., None] - self.centres[:, 1]
        bumps = self.depths * np.exp(-(dx * dx + dy * dy) / (2 * self.widths**2))
        return dx, dy, bumps

    def _value(self, x, y):
        _, _, bumps = self._well_terms(x, y)
        return 0.5 * self.bowl_curvature * (x * x + y * y) - bumps.sum(axis=-1)

    def _gradient(self, x, y):
        dx, dy, bumps = self._well_terms(x, y)
        pull = bumps / self.widths**2
        k = self.bowl_curvature
        return k * x + (pull * dx).sum(axis=-1), k * y + (pull * dy).sum(axis=-1)

    def _hessian(self, theta: np.ndarray) -> np.ndarray:
        """The 2 x 2 Hessian at each point of theta (..., 2), shape (..., 2, 2)."""
        dx, dy, bumps = self._well_terms(theta[..., 0], theta[..., 1])
        pull = bumps / self.widths**2
        w2 = self.widths**2
        hxx = self.bowl_curvature + (pull * (1 - dx * dx / w2)).sum(axis=-1)
        hyy = self.bowl_curvature + (pull * (1 - dy * dy / w2)).sum(axis=-1)
        hxy = -(pull * dx * dy / w2).sum(axis=-1)
        return np.stack([np.stack([hxx, hxy], -1), np.stack([hxy, hyy], -1)], -2)

    def _find_local_minima(self) -> np.ndarray:
        (x0, x1), (y0, y1) = self.bounds
        xs, ys = np.meshgrid(np.linspace(x0, x1, 15), np.linspace(y0, y1, 15))
        theta = np.stack([xs.ravel(), ys.ravel()], axis=-1)
        # A step below 1 / (the largest curvature anywhere) cannot overshoot.
        lr = 1.0 / (self.bowl_curvature + np.sum(self.depths / self.widths**2))
        for _ in range(800):
            theta = theta - lr * self.gradient(theta)
        for _ in range(20):
            step = np.linalg.solve(self._hessian(theta), self.gradient(theta)[..., None])
            theta = theta - step[..., 0]
        converged = np.linalg.norm(self.gradient(theta), axis=-1) < 1e-9
        positive = np.linalg.eigvalsh(self._hessian(theta))[..., 0] > 0
        candidates = theta[converged & positive]
        candidates = candidates[np.argsort(self.value(candidates))]
        minima: list[np.ndarray] = []
        for point in candidates:
            if all(np.linalg.norm(point - m) > 1e-4 for m in minima):
                minima.append(point)
        return np.array(minima)


def wells() -> GaussianWells:
    """The lesson's bumpy landscape: four Gaussian wells of different depths on a gentle bowl."""
    return GaussianWells()


#: Every landscape of the lesson by name, for a dropdown.
LANDSCAPES = {"bowl": bowl, "ravine": ravine, "Rosenbrock": Rosenbrock, "wells": wells}


def make_landscape(name: str) -> Landscape:
    """A fresh landscape by its name in :data:`LANDSCAPES`."""
    if name not in LANDSCAPES:
        raise ValueError(f"name must be one of {list(LANDSCAPES)}, got {name!r}")
    return LANDSCAPES[name]()


@functools.cache
def shared_landscape(name: str) -> Landscape:
    """The landscape called ``name``, made once per process and shared by every caller.

    Finding the wells' minima takes a moment, so experiments share one copy; a
    landscape is never changed after it is made (use :func:`make_landscape` for your own).
    """
    return make_landscape(name)


def minima_of(landscape: Landscape) -> np.ndarray:
    """Every minimum known for the landscape, shape (k, 2), lowest loss first (the global one)."""
    return getattr(landscape, "local_minima", landscape.minimum[None, :])


def nearest_minimum(landscape: Landscape, point: Sequence[float]) -> tuple[int, float]:
    """(index into :func:`minima_of`, distance) of the minimum nearest to ``point``."""
    point = _as_points(point, "point").reshape(2)
    distances = np.linalg.norm(minima_of(landscape) - point, axis=1)
    index = int(np.argmin(distances))
    return index, float(distances[index])


def excess_loss(landscape: Landscape, losses: object) -> np.ndarray:
    """How far above the global minimum each loss is (>= 0, so it fits a log axis)."""
    return np.asarray(losses, dtype=float) - landscape.minimum_value
