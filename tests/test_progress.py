"""The progress file: passes and predictions kept, written atomically, never failing a lesson."""

import json
import os

from course_lib import progress


def test_passes_are_recorded_once_per_exercise_by_lesson(tmp_path):
    progress.record_pass("01_loss", "mse", tmp_path)
    progress.record_pass("01_loss", "mse", tmp_path)
    progress.record_pass("01_loss", "mae", tmp_path)
    assert progress.passed(tmp_path) == {"01_loss": ["mse", "mae"]}


def test_the_first_prediction_is_kept(tmp_path):
    progress.record_prediction("k", "a", tmp_path)
    progress.record_prediction("k", "b", tmp_path)
    assert progress.prediction("k", tmp_path) == "a"


def test_an_unreadable_file_reads_as_no_progress(tmp_path):
    progress.progress_path(tmp_path).write_text("{not json")
    assert progress.load(tmp_path) == {}
    progress.record_pass("00", "x", tmp_path)
    assert json.loads(progress.progress_path(tmp_path).read_text())["passed"] == {"00": ["x"]}


def test_a_read_only_folder_keeps_no_record_and_raises_nothing(tmp_path):
    os.chmod(tmp_path, 0o500)
    try:
        progress.record_pass("00", "x", tmp_path)
    finally:
        os.chmod(tmp_path, 0o700)
    if os.geteuid() != 0:  # root may write anyway
        assert progress.passed(tmp_path) == {}
