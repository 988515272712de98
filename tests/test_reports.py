"""The grade table and the feedback pages, from outcomes alone (no kernel)."""

from __future__ import annotations

import csv
import io
from dataclasses import asdict
from pathlib import Path

from course_lib.reports import (
    CSV_COLUMNS,
    ExerciseResult,
    Outcome,
    feedback_files,
    grade_table,
    outcome_from,
)
from course_lib.submissions import Submission

ADA = Submission("ada", "01_loss", Path("ada/01_loss-Copy1.ipynb"), note="renamed")
STRAY = Submission("ada", "notes", Path("ada/notes.ipynb"), known_lesson=False)
OUTCOME = Outcome(
    [
        ExerciseResult("mse_check", 2, 2, "passed", "✔ Exercise 1 (mse): correct"),
        ExerciseResult("mae_check", 0, 2, "incorrect", "✘ Exercise 2 (mae): not yet", ["moved"]),
    ],
    ["cells were moved"],
)


def test_the_table_has_a_row_per_exercise_and_one_for_an_unknown_lesson():
    rows = list(csv.DictReader(io.StringIO(grade_table([ADA, STRAY], {ADA.path: OUTCOME}))))
    assert list(rows[0]) == CSV_COLUMNS
    assert [(r["exercise"], r["points"], r["status"]) for r in rows] == [
        ("mse_check", "2", "passed"),
        ("mae_check", "0", "incorrect"),
        ("", "0", "unknown lesson"),
    ]
    assert rows[1]["notes"] == "moved; renamed; cells were moved"


def test_a_feedback_page_per_student_with_the_score_and_each_checks_message():
    (page,) = feedback_files([ADA, STRAY], {ADA.path: OUTCOME}).values()
    assert page.startswith("# Feedback for ada\n\n## 01_loss: 2 / 4 points\n")
    assert "### mae_check: incorrect, 0 / 2\n\n    ✘ Exercise 2 (mae): not yet\n" in page
    assert "No lesson of this course has that name." in page
    assert "\n\n\n" not in page


def test_an_outcome_survives_its_json_form():
    assert outcome_from(asdict(OUTCOME)) == OUTCOME
