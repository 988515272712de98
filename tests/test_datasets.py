"""Data loaders: each returns what data/README.md promises."""

from __future__ import annotations

import hashlib

from course_lib.datasets import data_path, tiny_shakespeare


def test_tiny_shakespeare_is_the_whole_char_rnn_text_as_one_string():
    text = tiny_shakespeare()
    assert isinstance(text, str)
    assert len(text) == 1_115_394
    assert len(set(text)) == 65 and text.isascii()
    assert text.startswith("First Citizen:\nBefore we proceed any further, hear me speak.")
    digest = hashlib.md5(data_path("tinyshakespeare.txt").read_bytes()).hexdigest()
    assert digest == "6fb458f1232090904fb40fe944165e91"  # Karpathy's input.txt, unchanged
