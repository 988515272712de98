"""course_lib.images: the box blur against scipy, the pretend model's output by its formula."""

from __future__ import annotations

import numpy as np
import pytest
from scipy.ndimage import uniform_filter

from course_lib import datasets, images


def test_blur_is_a_three_by_three_mean():
    image = np.arange(25.0).reshape(5, 5)
    assert images.blur(image)[2, 2] == pytest.approx(image[1:4, 1:4].mean())


def test_blur_matches_scipys_uniform_filter_with_edges_repeated():
    image = np.random.default_rng(0).uniform(size=(8, 8))
    np.testing.assert_allclose(
        images.blur(image), uniform_filter(image, size=3, mode="nearest"), rtol=1e-12
    )


def test_model_output_mixes_the_target_with_a_blurred_noisy_copy():
    target = datasets.digit_image(3)
    np.testing.assert_array_equal(images.model_output(target, 1.0), target)
    noise = np.random.default_rng(5).uniform(0, 1, size=(8, 8))
    worst = images.model_output(target, 0.0, seed=5)
    np.testing.assert_allclose(worst, 0.5 * (images.blur(target) + noise), rtol=1e-12)
    half = images.model_output(target, 0.5, seed=5)
    np.testing.assert_allclose(half, 0.5 * target + 0.5 * worst, rtol=1e-12)


def test_model_output_is_seeded():
    target = datasets.digit_image(7)
    np.testing.assert_array_equal(
        images.model_output(target, 0.3, seed=1), images.model_output(target, 0.3, seed=1)
    )
    assert not np.array_equal(
        images.model_output(target, 0.3, seed=1), images.model_output(target, 0.3, seed=2)
    )


@pytest.mark.parametrize(("quality", "message"), [(1.5, "quality must be"), (-0.1, "got -0.1")])
def test_a_quality_outside_0_to_1_is_refused_by_name(quality, message):
    with pytest.raises(ValueError, match=message):
        images.model_output(np.zeros((8, 8)), quality)


def test_a_flat_list_is_not_an_image():
    with pytest.raises(ValueError, match="image must have 2 dimensions"):
        images.blur([1.0, 2.0, 3.0])
