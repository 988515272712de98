"""Landscapes: gradients agree with finite differences, minima are where they say."""

from __future__ import annotations

import numpy as np
import pytest

from course_lib import landscapes
from course_lib.landscapes import GaussianWells, Quadratic, Rosenbrock, divergence_threshold

ALL = [
    landscapes.bowl(),
    landscapes.ravine(),
    landscapes.ravine(condition_number=25.0, angle_degrees=30.0),
    Rosenbrock(),
    landscapes.wells(),
]
IDS = ["bowl", "ravine", "turned-ravine", "Rosenbrock", "wells"]


def random_points(landscape, n, seed=0):
    rng = np.random.default_rng(seed)
    (x0, x1), (y0, y1) = landscape.bounds
    return np.column_stack([rng.uniform(x0, x1, n), rng.uniform(y0, y1, n)])


def central_difference(landscape, point, h=1e-6):
    grad = np.zeros(2)
    for i in range(2):
        step = np.zeros(2)
        step[i] = h
        grad[i] = (landscape.value(point + step) - landscape.value(point - step)) / (2 * h)
    return grad


@pytest.mark.parametrize("landscape", ALL, ids=IDS)
def test_gradient_matches_central_finite_differences(landscape):
    for point in random_points(landscape, 20):
        expected = central_difference(landscape, point)
        scale = max(1.0, np.abs(expected).max())
        np.testing.assert_allclose(
            landscape.gradient(point), expected, rtol=1e-6, atol=1e-6 * scale
        )


@pytest.mark.parametrize("landscape", ALL, ids=IDS)
def test_value_and_gradient_work_on_a_grid_point_by_point(landscape):
    grid = random_points(landscape, 12, seed=1).reshape(3, 4, 2)
    values, grads = landscape.value(grid), landscape.gradient(grid)
    assert values.shape == (3, 4) and grads.shape == (3, 4, 2)
    for index in np.ndindex(3, 4):
        assert values[index] == pytest.approx(landscape.value(grid[index]), rel=1e-12)
        np.testing.assert_allclose(grads[index], landscape.gradient(grid[index]), rtol=1e-12)


@pytest.mark.parametrize("landscape", ALL, ids=IDS)
def test_the_minimum_is_stationary_and_lowest_on_a_dense_grid(landscape):
    assert np.linalg.norm(landscape.gradient(landscape.minimum)) < 1e-8
    assert landscape.value(landscape.minimum) == pytest.approx(landscape.minimum_value, abs=1e-12)
    (x0, x1), (y0, y1) = landscape.bounds
    xs, ys = np.meshgrid(np.linspace(x0, x1, 401), np.linspace(y0, y1, 401))
    grid = np.stack([xs, ys], axis=-1)
    assert landscape.value(grid).min() >= landscape.minimum_value - 1e-12


def test_quadratic_hessian_is_the_finite_difference_of_its_gradient():
    ravine = landscapes.ravine(condition_number=30.0, angle_degrees=20.0)
    point, h = np.array([0.3, -1.2]), 1e-5
    columns = [
        (ravine.gradient(point + h * e) - ravine.gradient(point - h * e)) / (2 * h)
        for e in np.eye(2)
    ]
    np.testing.assert_allclose(np.column_stack(columns), ravine.hessian, rtol=1e-7)
    assert ravine.condition_number == pytest.approx(30.0)


def test_ravine_is_ill_conditioned_and_bowl_is_not():
    assert 25 <= landscapes.ravine().condition_number <= 50
    assert landscapes.bowl().condition_number <= 2


def test_divergence_threshold_is_two_over_the_largest_eigenvalue():
    hessian = np.array([[3.0, 1.0], [1.0, 3.0]])  # eigenvalues 2 and 4
    assert divergence_threshold(hessian) == pytest.approx(0.5)
    assert divergence_threshold(landscapes.ravine(40.0, 45.0).hessian) == pytest.approx(0.05)


def test_rosenbrock_minimum_is_at_a_and_a_squared():
    surface = Rosenbrock(a=2.0, b=10.0)
    np.testing.assert_array_equal(surface.minimum, [2.0, 4.0])
    assert surface.value(surface.minimum) == 0.0
    assert surface.value([0.0, 0.0]) == pytest.approx(4.0)


def test_wells_have_several_minima_and_the_deepest_well_holds_the_global_one():
    surface = landscapes.wells()
    assert len(surface.local_minima) == 4
    values = surface.value(surface.local_minima)
    assert np.all(np.diff(values) > 0)
    deepest = surface.centres[np.argmax(surface.depths)]
    assert np.linalg.norm(surface.minimum - deepest) < 0.3
    for point in surface.local_minima:
        assert np.linalg.norm(surface.gradient(point)) < 1e-9
        assert np.all(np.linalg.eigvalsh(surface._hessian(point)) > 0)


def test_wells_hessian_is_the_finite_difference_of_its_gradient():
    surface = landscapes.wells()
    h = 1e-5
    for point in random_points(surface, 5, seed=3):
        columns = [
            (surface.gradient(point + h * e) - surface.gradient(point - h * e)) / (2 * h)
            for e in np.eye(2)
        ]
        np.testing.assert_allclose(
            surface._hessian(point), np.column_stack(columns), rtol=1e-6, atol=1e-8
        )


def test_gradient_descent_from_the_suggested_start_can_stop_in_a_local_minimum():
    surface = landscapes.wells()
    theta = surface.start.copy()
    for _ in range(3000):
        theta -= 0.1 * surface.gradient(theta)
    nearest = np.linalg.norm(surface.local_minima - theta, axis=1)
    assert nearest.min() < 1e-3
    assert np.argmin(nearest) != 0  # not the global minimum: the lesson's point


@pytest.mark.parametrize("name", list(landscapes.LANDSCAPES))
def test_make_landscape_builds_each_by_name(name):
    assert landscapes.make_landscape(name).name == name


@pytest.mark.parametrize(
    "make, argument",
    [
        (lambda: landscapes.make_landscape("cliff"), "name"),
        (lambda: landscapes.ravine(condition_number=0.5), "condition_number"),
        (lambda: landscapes.ravine(condition_number="big"), "condition_number"),
        (lambda: landscapes.ravine(angle_degrees=np.nan), "angle_degrees"),
        (lambda: Quadratic(np.eye(3)), "hessian"),
        (lambda: Quadratic([[1.0, 2.0], [0.0, 1.0]]), "hessian"),
        (lambda: Quadratic([[1.0, 0.0], [0.0, -1.0]]), "hessian"),
        (lambda: Rosenbrock(b=-1.0), "b"),
        (lambda: GaussianWells(wells=[(0.0, 0.0, -1.0, 1.0)]), "depth"),
        (lambda: GaussianWells(bowl_curvature=0.0), "bowl_curvature"),
        (lambda: divergence_threshold(np.ones(3)), "hessian"),
        (lambda: divergence_threshold(-np.eye(2)), "hessian"),
        (lambda: landscapes.bowl().value(np.zeros(3)), "theta"),
        (lambda: landscapes.bowl().gradient(np.zeros((4, 3))), "theta"),
    ],
)
def test_bad_arguments_raise_value_error_naming_the_argument(make, argument):
    with pytest.raises(ValueError, match=argument):
        make()
