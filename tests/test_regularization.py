"""One-pixel shifts are exact; augmentation keeps labels; remedies measured on the digits task."""

from __future__ import annotations

import numpy as np
import pytest
from scipy.ndimage import shift as ndimage_shift

from course_lib.regularization import (
    SHIFTS,
    Remedy,
    augment_digits,
    compare_remedies,
    digits_task,
    shift_images,
    train_with_remedy,
)


@pytest.mark.parametrize("rows, columns", [*SHIFTS, (2, -3), (0, 0)])
def test_shift_images_matches_scipy_with_a_blank_edge(rows, columns):
    images = np.random.default_rng(0).random((3, 8, 8))
    theirs = np.stack([ndimage_shift(im, (rows, columns), order=0, cval=0.0) for im in images])
    np.testing.assert_array_equal(shift_images(images, rows, columns), theirs)


def test_shift_images_refuses_a_shift_that_empties_the_image():
    with pytest.raises(ValueError, match="out"):
        shift_images(np.zeros((1, 8, 8)), 8, 0)


def test_augment_digits_puts_originals_first_and_keeps_every_label():
    task = digits_task(20, seed=0)
    X, y = augment_digits(task.train_images, task.y_train, shifts=True, noise=0.1, noise_copies=2)
    assert X.shape == (20 * 7, 64)
    np.testing.assert_array_equal(X[:20], task.X_train)
    np.testing.assert_array_equal(y, np.tile(task.y_train, 7))
    assert X.min() >= 0 and X.max() <= 1
    np.testing.assert_array_equal(
        X, augment_digits(task.train_images, task.y_train, True, 0.1, 2)[0]
    )


def test_digits_task_splits_disjointly_with_the_sizes_asked_for():
    task = digits_task(50, 300, seed=1)
    assert len(task.y_train) == 50 and len(task.y_val) == 300 and len(task.y_test) == 1797 - 350
    np.testing.assert_array_equal(task.y_train, digits_task(50, 300, seed=1).y_train)


def test_train_with_remedy_is_reproducible():
    task = digits_task(30, seed=0)
    remedy = Remedy("dropout", dropout=0.3)
    assert train_with_remedy(task, remedy, epochs=20) == train_with_remedy(task, remedy, epochs=20)


def test_shifted_copies_raise_test_accuracy_over_no_remedy_on_the_lessons_seeds():
    none, shifted = compare_remedies(
        (Remedy("none"), Remedy("shifted copies", shifts=True)), seeds=(0, 1, 2)
    )
    assert np.all(none.train_accuracy == 1.0)  # the network memorises the few digits
    assert shifted.mean_test_accuracy > none.mean_test_accuracy + 0.01


def test_early_stopping_stops_before_the_last_epoch():
    (result,) = compare_remedies((Remedy("early stopping", patience=5),), seeds=(0,))
    assert result.epochs[0] < 150
