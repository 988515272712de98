"""Standard nbgrader, unchanged, and our grader agree on the same three submissions.

Real nbgrader releases lesson 00 (``generate_assignment``) and autogrades a fully
correct, a blank and a partly wrong submission in its ``submitted/`` layout; then
``grade`` grades the same folder. Both must give each exercise the same points.
"""

from __future__ import annotations

import csv
import os
import subprocess
import sys
from pathlib import Path

import nbformat
from nbgrader.api import Gradebook

from course_lib import editions, grading, submissions

sys.path.insert(0, str(Path(__file__).parent))
import grading_cases as cases  # noqa: E402

#: Lesson 00's graded exercises in order, with their points.
POINTS = {
    cell.metadata["nbgrader"]["grade_id"]: cell.metadata["nbgrader"]["points"]
    for cell in editions.read_source(cases.SOURCE).cells
    if cell.metadata.get("nbgrader", {}).get("grade")
}
EXERCISES = list(POINTS)
#: The partly wrong answers break update and iterations_per_epoch, and so train (it calls update).
WRONG = {"update_check", "iterations_per_epoch_check", "train_check"}
#: student -> the answers put in nbgrader's own release of the lesson, and the points expected.
STUDENTS = {
    "ada": ("correct", list(POINTS.values())),
    "bob": ("blank", [0] * len(POINTS)),
    "cy": ("partly_wrong", [0 if e in WRONG else p for e, p in POINTS.items()]),
}


def nbgrader(*args: str, cwd: Path) -> None:
    """Run nbgrader's own command line (it needs the environment's bin/ on PATH for alembic)."""
    env = dict(os.environ, PATH=f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}")
    command = [sys.executable, "-m", "nbgrader", *args, f"--CourseDirectory.root={cwd}"]
    done = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr


def answers(kind: str, lesson: nbformat.NotebookNode) -> dict[str, str]:
    if kind == "correct":
        return cases.solutions(lesson)
    if kind == "partly_wrong":
        return {**cases.solutions(lesson), **cases.PARTLY_WRONG}
    return {}


def test_real_nbgrader_and_grade_give_the_same_points(tmp_path):
    lesson_name = cases.LESSON
    lesson = editions.read_source(cases.SOURCE)
    (tmp_path / "source" / lesson_name).mkdir(parents=True)
    editions.write_notebook(lesson, tmp_path / "source" / lesson_name / f"{lesson_name}.ipynb")
    nbgrader("generate_assignment", lesson_name, "--force", cwd=tmp_path)
    released = nbformat.read(tmp_path / "release" / lesson_name / f"{lesson_name}.ipynb", 4)
    for student, (kind, _) in STUDENTS.items():
        folder = tmp_path / "submitted" / student / lesson_name
        folder.mkdir(parents=True)
        nbformat.write(cases.fill(released, answers(kind, lesson)), folder / f"{lesson_name}.ipynb")
        (folder / "timestamp.txt").write_text("2026-11-30 09:00:00.000000 UTC")

    nbgrader("autograde", lesson_name, "--force", cwd=tmp_path)
    theirs = {}
    with Gradebook(f"sqlite:///{tmp_path / 'gradebook.db'}") as gradebook:
        for student in STUDENTS:
            notebook = gradebook.find_submission_notebook(lesson_name, lesson_name, student)
            theirs[student] = {g.name: g.score for g in notebook.grades}

    run = grading.grade(tmp_path, tmp_path / "results", workers=2, progress=False)
    assert run.layout == submissions.NBGRADER
    ours: dict[str, dict[str, float]] = {}
    with (tmp_path / "results" / "grades.csv").open(encoding="utf-8") as file:
        for row in csv.DictReader(file):
            ours.setdefault(row["student"], {})[row["exercise"]] = float(row["points"])

    for student, (_, points) in STUDENTS.items():
        expected = dict(zip(EXERCISES, points, strict=True))
        assert theirs[student] == expected, f"nbgrader, {student}"
        assert ours[student] == expected, f"grade, {student}"
