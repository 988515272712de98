"""The grader on generated submissions: every pathology reported, the rest still graded.

One class of submissions (tests/grading_cases.py: correct, blank, partly wrong and
each pathology, made from lesson 00's source) is graded once for the module, then
again to check that nothing is regraded and the files come out byte-identical.
"""

from __future__ import annotations

import csv
import hashlib
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import nbformat
import pytest

from course_lib import editions, grading, submissions
from course_lib.__main__ import main

sys.path.insert(0, str(Path(__file__).parent))
import grading_cases as cases  # noqa: E402

# Short limits: the lesson's slowest cell takes ~1.5 s on a loaded machine. The memory
# limit is ~0.5 GB above what lesson 00's kernel takes, so that the hog fails fast.
LIMITS = grading.Limits(cell_seconds=10, notebook_seconds=120, memory_mb=1536, output_kb=256)
P, U, ITER, M = (
    "predict_check",
    "update_check",
    "iterations_per_epoch_check",
    "my_learning_rate_check",
)
#: Every graded exercise of lesson 00, in the lesson's order, with its points.
MAX = {
    cell.metadata["nbgrader"]["grade_id"]: cell.metadata["nbgrader"]["points"]
    for cell in editions.read_source(cases.SOURCE).cells
    if cell.metadata.get("nbgrader", {}).get("grade")
}
PASSED = dict.fromkeys(MAX, "passed")
#: The exercises that call the learner's own predict (gradient, train) or update (train):
#: when those break, they fail the same way.
G, T = "gradient_check", "train_check"


def broken(*exercises: str, status: str) -> dict[str, str]:
    return {**PASSED, **dict.fromkeys(exercises, status)}


#: student (= kind of submission) -> the status of each exercise.
EXPECTED = {
    "correct": PASSED,
    "blank": dict.fromkeys(MAX, "not attempted"),
    "partly_wrong": broken(U, ITER, T, status="incorrect"),
    "deleted_cell": broken(P, G, T, status="not attempted"),
    "duplicated_cell": PASSED,
    "reordered_cells": PASSED,
    "retyped_cell": PASSED,
    "tampered_checks": broken(P, G, T, status="incorrect"),
    "infinite_loop": broken(P, G, T, status="timed out"),
    "kernel_crash": {**broken(T, status="not attempted"), U: "kernel died"},
    "output_flood": broken(ITER, status="output limit"),
    "memory_hog": broken(P, G, T, status="out of memory"),
    "empty_file": dict.fromkeys(MAX, "not a notebook"),
    "invalid_json": dict.fromkeys(MAX, "not a notebook"),
    "renamed_py": dict.fromkeys(MAX, "not a notebook"),
}

#: student -> (exercise, or "" for any row) -> words the notes must hold.
EXPECTED_NOTES = {
    "deleted_cell": (P, "solution cell 'predict' is missing"),
    "duplicated_cell": (U, "appears 2 times: the last one was graded"),
    "reordered_cells": ("", "cells were moved"),
    "retyped_cell": (U, "had become a markdown cell"),
    "tampered_checks": (P, "the check cell was edited: the course's check was used"),
    "empty_file": ("", "an empty file (0 bytes)"),
    "invalid_json": ("", "not valid JSON"),
    "renamed_py": ("", "Python source, not a notebook"),
}


def digest(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def results(folder: Path) -> dict[str, bytes]:
    """The grader's visible output (the table and the feedback), file by file."""
    files = [folder / "grades.csv", *sorted((folder / "feedback").glob("*.md"))]
    return {p.name: p.read_bytes() for p in files}


@dataclass
class Graded:
    submissions: Path
    out: Path
    before: dict[str, str]
    first: grading.GradeRun
    first_results: dict[str, bytes]
    second: grading.GradeRun
    rows: list[dict[str, str]]


@pytest.fixture(scope="module")
def graded(tmp_path_factory) -> Graded:
    root = tmp_path_factory.mktemp("grading")
    lesson = editions.read_source(cases.SOURCE)
    folder, out = root / "submissions", root / "results"
    cases.write_class(folder, {kind: kind for kind in EXPECTED}, lesson)
    stray = folder / "stray" / "99_homework.ipynb"
    stray.parent.mkdir()
    stray.write_bytes(cases.make("correct", lesson))
    before = digest(folder)
    first = grading.grade(folder, out, limits=LIMITS, workers=2, progress=False)
    first_results = results(out)
    second = grading.grade(folder, out, limits=LIMITS, workers=2, progress=False)
    with (out / "grades.csv").open(encoding="utf-8") as file:
        rows = list(csv.DictReader(file))
    return Graded(folder, out, before, first, first_results, second, rows)


def test_the_table_has_a_row_per_student_and_exercise_with_the_columns_asked_for(graded):
    assert list(graded.rows[0]) == grading.CSV_COLUMNS
    students = {row["student"] for row in graded.rows}
    assert students == {*EXPECTED, "stray"}, "every submission is accounted for"
    for student in EXPECTED:
        mine = [row for row in graded.rows if row["student"] == student]
        assert [row["exercise"] for row in mine] == list(MAX)
        assert {row["lesson"] for row in mine} == {cases.LESSON}
        assert [float(row["max_points"]) for row in mine] == list(MAX.values())


@pytest.mark.parametrize("student", EXPECTED)
def test_each_submission_gets_the_status_and_points_its_answers_earn(graded, student):
    mine = {row["exercise"]: row for row in graded.rows if row["student"] == student}
    assert {e: row["status"] for e, row in mine.items()} == EXPECTED[student]
    for exercise, row in mine.items():
        earned = MAX[exercise] if row["status"] == "passed" else 0
        assert float(row["points"]) == earned, f"{student}, {exercise}"


@pytest.mark.parametrize("student", EXPECTED_NOTES)
def test_what_was_done_to_the_notebook_is_reported(graded, student):
    exercise, words = EXPECTED_NOTES[student]
    mine = [row for row in graded.rows if row["student"] == student]
    rows = [row for row in mine if row["exercise"] == exercise] if exercise else mine
    assert all(words in row["notes"] for row in rows), [row["notes"] for row in rows]


def test_a_file_named_after_no_lesson_is_reported_not_lost(graded):
    (row,) = [row for row in graded.rows if row["student"] == "stray"]
    assert row["status"] == "unknown lesson"
    assert "99_homework.ipynb" in row["notes"]


def test_the_feedback_gives_each_checks_message_and_the_score(graded):
    correct = (graded.out / "feedback" / "correct.md").read_text(encoding="utf-8")
    total = sum(MAX.values())
    assert f"## {cases.LESSON}: {total} / {total} points" in correct
    assert "✔ Exercise 1 (predict): correct" in correct
    partly = (graded.out / "feedback" / "partly_wrong.md").read_text(encoding="utf-8")
    assert "### update_check: incorrect, 0 / 2" in partly
    assert "You stepped uphill" in partly, "the check's targeted hint reaches the student"
    crash = (graded.out / "feedback" / "kernel_crash.md").read_text(encoding="utf-8")
    assert "the kernel died while this ran" in crash


def test_the_feedback_never_shows_a_hidden_test(graded):
    hidden = submissions.hidden_lines(editions.read_source(cases.SOURCE))
    assert hidden
    for page in (graded.out / "feedback").glob("*.md"):
        text = page.read_text(encoding="utf-8")
        assert not [line for line in hidden if line in text], page.name
        assert editions.BEGIN_HIDDEN not in text and ".require()" not in text, page.name


def test_no_submission_is_ever_changed(graded):
    assert digest(graded.submissions) == graded.before


def test_a_rerun_grades_nothing_and_writes_identical_files(graded):
    assert graded.first.graded == len(EXPECTED)
    assert graded.second.graded == 0
    assert graded.second.cached == len(EXPECTED)
    assert results(graded.out) == graded.first_results


def test_only_a_changed_submission_is_graded_again(graded, tmp_path):
    folder, out = tmp_path / "submissions", tmp_path / "results"
    shutil.copytree(graded.submissions, folder)
    shutil.copytree(graded.out, out)
    empty, invalid = (
        folder / name / f"{cases.LESSON}.ipynb" for name in ("empty_file", "invalid_json")
    )
    empty.write_bytes(invalid.read_bytes())
    run = grading.grade(folder, out, limits=LIMITS, workers=1, progress=False)
    assert (run.graded, run.cached) == (0, len(EXPECTED)), "the same bytes as another: cached"
    empty.write_bytes(b"not even JSON")
    run = grading.grade(folder, out, limits=LIMITS, workers=1, progress=False)
    assert (run.graded, run.cached) == (1, len(EXPECTED) - 1)
    with (out / "grades.csv").open(encoding="utf-8") as file:
        rows = [row for row in csv.DictReader(file) if row["student"] == "empty_file"]
    assert all("not valid JSON" in row["notes"] for row in rows)


# --- without a kernel: the graded notebook, the layouts, the command line --------------


def test_the_graded_notebook_takes_only_the_solution_cells_from_the_submission():
    lesson = editions.read_source(cases.SOURCE)
    tampered = cases.tampered_checks(lesson)
    graded = submissions.assemble(lesson, tampered).notebook
    assert [c.source for c in graded.cells if submissions.is_check(c)] == [
        c.source for c in lesson.cells if submissions.is_check(c)
    ], "the checks, hidden tests included, are the course's"
    (predict,) = [c for c in graded.cells if cases.grade_id(c) == "predict"]
    assert predict.source == cases.WRONG["predict"]
    assert len(graded.cells) == len(lesson.cells)


def test_a_solution_that_killed_the_kernel_is_graded_as_the_stub():
    lesson = editions.read_source(cases.SOURCE)
    graded = submissions.assemble(lesson, cases.correct(lesson), frozenset({"update"}))
    (update,) = [c for c in graded.notebook.cells if cases.grade_id(c) == "update"]
    assert "raise NotImplementedError()" in update.source


def test_a_notebook_with_its_metadata_stripped_is_reported():
    lesson = editions.read_source(cases.SOURCE)
    stripped = cases.correct(lesson)
    for cell in stripped.cells:
        cell.metadata = {}
    notes = submissions.assemble(lesson, stripped).notes[""]
    assert any("none of the lesson's exercise cells were found" in n for n in notes)


def write(path: Path, data: bytes = b"{}") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def test_nbgraders_submitted_layout_is_recognised_from_the_course_folder(tmp_path):
    write(tmp_path / "submitted" / "ada" / cases.LESSON / f"{cases.LESSON}.ipynb")
    write(tmp_path / "submitted" / "ada" / cases.LESSON / "timestamp.txt", b"2026-01-01")
    write(tmp_path / "submitted" / "bob" / cases.LESSON / ".ipynb_checkpoints" / "x.ipynb")
    layout, found = submissions.find_submissions(tmp_path, [cases.LESSON])
    assert layout == submissions.NBGRADER
    assert [(s.student, s.lesson) for s in found] == [("ada", cases.LESSON)]


def test_the_per_student_layout_matches_a_renamed_copy_by_its_number(tmp_path):
    write(tmp_path / "ada" / "00_training_loop-Copy1.ipynb")
    write(tmp_path / "bob" / "notes.txt")
    layout, found = submissions.find_submissions(tmp_path, [cases.LESSON, "01_loss"])
    assert layout == submissions.PER_STUDENT
    (ada,) = found
    assert (ada.student, ada.lesson, ada.known_lesson) == ("ada", cases.LESSON, True)
    assert "graded as lesson 00_training_loop" in ada.note


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (b"", "empty file"),
        (b"\xff\xfe\x00", "binary file"),
        (b"[1, 2]", "not a notebook (it has no list of cells)"),
        (b'{"cells": [1]}', "nbformat cannot read"),
    ],
)
def test_a_file_that_is_not_a_notebook_says_what_it_is(data, words):
    with pytest.raises(
        submissions.NotANotebook, match=words.replace("(", r"\(").replace(")", r"\)")
    ):
        submissions.read_submission(data)


def test_an_older_notebook_format_is_read():
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("x = 1")])
    v3 = nbformat.writes(nbformat.convert(notebook, 3)).encode()
    assert submissions.read_submission(v3).cells[0].source == "x = 1"


def test_cli_grade_says_the_layout_and_writes_the_table(tmp_path, capsys):
    write(tmp_path / "in" / "ada" / f"{cases.LESSON}.ipynb", b"")
    assert main(["grade", str(tmp_path / "in"), "--out", str(tmp_path / "out")]) == 0
    out = capsys.readouterr().out
    assert "Layout: per-student" in out and "1 submissions: 1 graded" in out
    assert "not a notebook" in (tmp_path / "out" / "grades.csv").read_text(encoding="utf-8")


def test_the_instructor_tools_import_no_lesson_module():
    code = (
        "import sys, course_lib.__main__, course_lib.grading, course_lib.hub; "
        "print(sorted(m for m in sys.modules if m.startswith(('course_lib.lessons', "
        "'course_lib.checks'))))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


def test_cli_grade_refuses_a_missing_folder(tmp_path, capsys):
    assert main(["grade", str(tmp_path / "nowhere"), "--out", str(tmp_path / "out")]) == 2
    assert "no submissions folder" in capsys.readouterr().err
