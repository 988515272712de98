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


def test_the_progress_map_lists_each_lesson_and_the_next_to_open(tmp_path, capsys):
    from course_lib import editions
    from course_lib.__main__ import main

    editions.refresh_working_copy(tmp_path, self_study=True)
    first = sorted(p.stem for p in tmp_path.glob("0*.ipynb"))[0]
    exercises = progress.exercises_of(tmp_path / f"{first}.ipynb")
    for exercise in exercises:
        progress.record_pass(first, exercise, tmp_path)
    rows = progress.lesson_progress(tmp_path)
    assert rows[0].lesson == first and rows[0].done and not rows[1].done
    assert progress.next_lesson(rows) == rows[1].lesson
    html = progress.ProgressMap(tmp_path)._repr_html_()
    assert f"{len(exercises)} / {len(exercises)} ✔" in html
    assert f"Next: <a href='{rows[1].lesson}" in html
    assert main(["progress", "--dir", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "all passed ✔" in out and f"Next: open {rows[1].lesson}.ipynb" in out


def test_progress_in_an_empty_folder_says_what_to_do(tmp_path):
    assert "python -m course_lib start" in progress.progress_text(tmp_path)
