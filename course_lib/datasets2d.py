"""Two-class toy datasets in the plane (moons, circles, XOR, spirals), made with a fixed seed.

Each dataset puts its noise-free points inside the square [-1, 1] x [-1, 1]
and then adds Gaussian noise of standard deviation ``noise`` (in the same
units) to both coordinates, so one noise setting means the same thing for
every dataset. Labels are 0 and 1, half the points each (one more for class 0
when n is odd).

    data = make_dataset("moons", n=400, noise=0.1, seed=0)
    train, test = train_test_split(data, test_fraction=0.5, seed=0)

Pure numpy: no plotting, no widgets.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from course_lib.validation import check_count, check_fraction, check_scalar

#: The datasets by name.
NAMES = ("moons", "circles", "xor", "spirals")
#: Where the points of every dataset lie (before noise): the square [-LIMIT, LIMIT]^2.
LIMIT = 1.0
#: The inner circle's radius, relative to the outer circle (radius 1).
CIRCLES_FACTOR = 0.5
#: How many turns each arm of the spirals makes, and the radius it starts at.
SPIRAL_TURNS = 1.5
SPIRAL_START = 0.1
#: In XOR, noise-free points keep this distance from the axes (the class borders).
XOR_GAP = 0.1


@dataclass(frozen=True)
class Dataset2D:
    """Points ``X`` (n, 2) and their classes ``y`` (n,) of 0 and 1."""

    name: str
    X: np.ndarray
    y: np.ndarray

    def __len__(self) -> int:
        return len(self.y)


def _class_sizes(n: int) -> tuple[int, int]:
    return n - n // 2, n // 2


def moons(n: int, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """Two interleaved half circles: scikit-learn's make_moons, moved and scaled into the square."""
    n0, n1 = _class_sizes(n)
    t0, t1 = np.linspace(0, np.pi, n0), np.linspace(0, np.pi, n1)
    upper = np.column_stack([np.cos(t0), np.sin(t0)])
    lower = np.column_stack([1 - np.cos(t1), 0.5 - np.sin(t1)])
    X = (np.vstack([upper, lower]) - [0.5, 0.25]) / 1.5  # x from -1 to 2 becomes -1 to 1
    return X, np.repeat([0, 1], [n0, n1])


def circles(n: int, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """A ring (class 0, radius 1) around a smaller circle (class 1, radius CIRCLES_FACTOR)."""
    n0, n1 = _class_sizes(n)
    t0 = np.linspace(0, 2 * np.pi, n0, endpoint=False)
    t1 = np.linspace(0, 2 * np.pi, n1, endpoint=False)
    outer = np.column_stack([np.cos(t0), np.sin(t0)])
    inner = CIRCLES_FACTOR * np.column_stack([np.cos(t1), np.sin(t1)])
    return np.vstack([outer, inner]), np.repeat([0, 1], [n0, n1])


def xor(n: int, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """Points spread over the square; class 1 where x1 and x2 have the same sign."""
    X = rng.uniform(XOR_GAP, LIMIT, size=(n, 2)) * rng.choice([-1.0, 1.0], size=(n, 2))
    return X, (X[:, 0] * X[:, 1] > 0).astype(int)


def spirals(n: int, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """Two spiral arms winding out from near the centre, one per class (class 1 turned by 180°).

    Each arm makes SPIRAL_TURNS turns while its radius grows from SPIRAL_START to 1.
    """
    n0, n1 = _class_sizes(n)
    arms = []
    for count, turn in ((n0, 0.0), (n1, np.pi)):
        t = np.linspace(0, 1, count)
        r = SPIRAL_START + (LIMIT - SPIRAL_START) * t
        angle = 2 * np.pi * SPIRAL_TURNS * t + turn
        arms.append(np.column_stack([r * np.cos(angle), r * np.sin(angle)]))
    return np.vstack(arms), np.repeat([0, 1], [n0, n1])


_MAKERS = {"moons": moons, "circles": circles, "xor": xor, "spirals": spirals}


def make_dataset(name: str, n: int = 400, noise: float = 0.1, seed: int = 0) -> Dataset2D:
    """``n`` points of the dataset ``name`` (one of :data:`NAMES`) with Gaussian ``noise``.

    The same arguments always give the same points.
    """
    if name not in _MAKERS:
        raise ValueError(f"name must be one of {list(NAMES)}, got {name!r}")
    n = check_count(n, "n", minimum=2)  # one point per class at least
    noise = check_scalar(noise, "noise", minimum=0, expected="a number >= 0 (a standard deviation)")
    rng = np.random.default_rng(seed)
    X, y = _MAKERS[name](n, rng)
    X = X + rng.normal(0.0, noise, size=X.shape)
    return Dataset2D(name, X, y)


def train_test_split(
    data: Dataset2D, test_fraction: float = 0.5, seed: int = 0
) -> tuple[Dataset2D, Dataset2D]:
    """Shuffle the points with a fixed seed and split off ``test_fraction`` of them for testing."""
    test_fraction = check_fraction(test_fraction, "test_fraction", include_ends=False)
    n_test = int(round(test_fraction * len(data)))
    if not 0 < n_test < len(data):
        raise ValueError(
            f"test_fraction {test_fraction} of {len(data)} points leaves an empty train or test set"
        )
    order = np.random.default_rng(seed).permutation(len(data))
    test, train = order[:n_test], order[n_test:]
    return (
        Dataset2D(data.name, data.X[train], data.y[train]),
        Dataset2D(data.name, data.X[test], data.y[test]),
    )
