"""Every loader: the data the lessons describe, seeded where sampled, clear errors."""

import hashlib

import numpy as np
import pytest
from sklearn.datasets import load_diabetes, load_digits

from course_lib import datasets


def test_devices_are_two_glasses_and_two_rings_scaled_by_ten():
    data = datasets.devices()
    assert data.names[0] == "reading glasses" and list(data.y) == [1, 1, 0, 0]
    np.testing.assert_allclose(data.X[0], [2.5, 1.4])


def test_a_missing_data_file_is_named():
    with pytest.raises(FileNotFoundError, match="no_such.csv"):
        datasets.data_path("no_such.csv")


def test_diabetes_gives_bmi_and_progression_in_real_units():
    raw = load_diabetes(scaled=False)
    patients = datasets.diabetes()
    np.testing.assert_array_equal(patients.bmi, raw.data[:, 2])
    np.testing.assert_array_equal(patients.progression, raw.target)


def test_a_diabetes_sample_is_seeded_and_without_repeats():
    a, b = datasets.diabetes(12, seed=1), datasets.diabetes(12, seed=1)
    np.testing.assert_array_equal(a.bmi, b.bmi)
    assert len(set(zip(a.bmi, a.progression, strict=True))) == 12
    with pytest.raises(ValueError, match="n must be at most 442"):
        datasets.diabetes(500)


def test_a_sample_cannot_change_the_cached_data():
    datasets.diabetes().bmi[:] = 0
    assert datasets.diabetes().bmi.max() > 0


def test_digit_image_is_the_first_of_its_digit_scaled_to_0_1():
    raw = load_digits()
    first_three = raw.images[np.flatnonzero(raw.target == 3)[0]] / 16
    np.testing.assert_array_equal(datasets.digit_image(3), first_three)
    with pytest.raises(ValueError, match="digit must be from 0 to 9"):
        datasets.digit_image(10)


def test_tiny_shakespeare_is_karpathys_input_txt_byte_for_byte():
    text = datasets.tiny_shakespeare()
    assert isinstance(text, str) and len(text) == 1_115_394
    assert len(set(text)) == 65 and text.isascii()
    digest = hashlib.md5(datasets.data_path("tinyshakespeare.txt").read_bytes()).hexdigest()
    assert digest == "6fb458f1232090904fb40fe944165e91"  # char-rnn's input.txt, unchanged


def test_published_devices_split_the_unlabelled_row_off_as_the_test_device():
    data = datasets.published_devices()
    assert data.names == ["glasses A", "glasses B", "ring A", "ring B"]
    assert data.X.shape == (4, 2) and data.test.shape == (2,)
