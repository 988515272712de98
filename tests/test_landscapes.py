"""Landscapes: gradients agree with finite differences, minima are where they say."""

from __future__ import annotations

import numpy as np
import pytest

from course_lib import landscapes, optimizers, stability
from course_lib.landscapes import GaussianWells, Quadratic, Rosenbrock

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


def test_the_turned_ravine_turns_its_start_so_gradient_descent_walks_the_same_path_turned():
    aligned, turned = landscapes.ravine(), landscapes.ravine(angle_degrees=45)
    turn = landscapes.rotation(45)
    np.testing.assert_allclose(turned.start, turn @ aligned.start)
    for make in (lambda: optimizers.GradientDescent(lr=0.04), lambda: optimizers.Momentum(0.05)):
        one = optimizers.optimize_path(aligned, make(), aligned.start, 50)
        two = optimizers.optimize_path(turned, make(), turned.start, 50)
        np.testing.assert_allclose(two.path, one.path @ turn.T, atol=1e-9)
        np.testing.assert_allclose(two.losses, one.losses, rtol=1e-9, atol=1e-12)
    adam = [
        optimizers.optimize_path(s, optimizers.Adam(lr=0.1), s.start, 50).losses[-1]
        for s in (aligned, turned)
    ]
    assert not np.isclose(adam[0], adam[1], rtol=0.01)  # Adam scales each axis on its own


def test_the_turned_ravine_keeps_its_threshold_two_over_forty():
    hessian = landscapes.ravine(40.0, 45.0).hessian
    assert stability.max_stable_lr(hessian) == pytest.approx(0.05)


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
        (lambda: landscapes.descent_1d(lr=0.0), "lr"),
        (lambda: landscapes.descent_1d(lr=0.1, steps=-1), "steps"),
        (lambda: landscapes.descent_1d(lr=0.1, start=np.nan), "start"),
        (lambda: landscapes.nearest_minimum(landscapes.bowl(), [1.0, 2.0, 3.0]), "point"),
        (lambda: landscapes.bowl().value(np.zeros(3)), "theta"),
        (lambda: landscapes.bowl().gradient(np.zeros((4, 3))), "theta"),
    ],
)
def test_bad_arguments_raise_value_error_naming_the_argument(make, argument):
    with pytest.raises(ValueError, match=argument):
        make()


# -- one parameter: the lesson's first curve -----------------------------------------------------
def test_curve_gradient_matches_central_finite_differences():
    theta = np.linspace(-3, 4.5, 31)
    h = 1e-6
    numeric = (landscapes.curve_loss(theta + h) - landscapes.curve_loss(theta - h)) / (2 * h)
    np.testing.assert_allclose(landscapes.curve_gradient(theta), numeric, rtol=1e-6, atol=1e-8)
    assert landscapes.curve_loss(1.0) == 0.0 and landscapes.curve_gradient(1.0) == 0.0


def test_descent_1d_takes_the_steps_of_the_update_rule():
    lr, theta = 0.1, landscapes.CURVE_START
    expected = [theta]
    for _ in range(5):
        theta -= lr * ((theta - 1) + 0.2 * (theta - 1) ** 3)
        expected.append(theta)
    thetas = landscapes.descent_1d(lr, steps=5)
    np.testing.assert_allclose(thetas, expected, rtol=1e-14)
    assert len(landscapes.descent_1d(lr)) == landscapes.CURVE_STEPS + 1


def test_descent_1d_stops_where_the_loss_passes_the_divergence_threshold():
    thetas = landscapes.descent_1d(0.9)
    k = stability.diverged_at(landscapes.curve_loss(thetas))
    assert k is not None and np.all(np.isnan(thetas[k:])) and np.all(np.isfinite(thetas[:k]))
    assert landscapes.curve_loss(thetas[k - 1]) <= stability.DIVERGED_LOSS
    # the step it did not record really diverged
    theta = thetas[k - 1] - 0.9 * landscapes.curve_gradient(thetas[k - 1])
    assert stability.diverged(landscapes.curve_loss(theta))


# -- shared landscapes and their minima ------------------------------------------------------------
def test_shared_landscape_is_made_once_per_name_and_equals_a_fresh_one():
    first, again = landscapes.shared_landscape("wells"), landscapes.shared_landscape("wells")
    assert first is again
    fresh = landscapes.make_landscape("wells")
    np.testing.assert_array_equal(first.local_minima, fresh.local_minima)


def test_nearest_minimum_names_the_minimum_a_point_is_closest_to():
    wells = landscapes.wells()
    for index, point in enumerate(wells.local_minima):
        found, distance = landscapes.nearest_minimum(wells, point + 0.01)
        assert found == index and distance == pytest.approx(0.01 * np.sqrt(2))
    bowl = landscapes.bowl()
    assert landscapes.minima_of(bowl).shape == (1, 2)
    assert landscapes.nearest_minimum(bowl, [3.0, 4.0]) == (0, pytest.approx(5.0))


def test_excess_loss_is_the_loss_above_the_global_minimum():
    wells = landscapes.wells()
    excess = landscapes.excess_loss(wells, wells.value(wells.local_minima))
    assert excess[0] == pytest.approx(0.0, abs=1e-15) and np.all(excess[1:] > 0)
