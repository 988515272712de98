"""Every lesson's student edition: no leaks, runs clean, agrees with real nbgrader."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

from course_lib import editions

LESSONS = [p for p in editions.lesson_sources() if p.stem != "index"]
MARKERS = ("BEGIN SOLUTION", "END SOLUTION", "BEGIN HIDDEN TESTS", "END HIDDEN TESTS")


def protected_lines(notebook: nbformat.NotebookNode) -> set[str]:
    """The non-trivial lines inside solution and hidden-test regions of a source notebook."""
    lines, inside = set(), False
    for cell in notebook.cells:
        for line in cell.source.split("\n"):
            if "BEGIN SOLUTION" in line or "BEGIN HIDDEN TESTS" in line:
                inside = True
            elif "END SOLUTION" in line or "END HIDDEN TESTS" in line:
                inside = False
            elif inside and len(line.strip()) > 12:
                lines.add(line.strip())
    return lines


def test_there_are_lessons_and_the_index_links_every_one():
    assert [p.stem[:2] for p in LESSONS] == [f"{i:02d}" for i in range(len(LESSONS))]
    index = (editions.SOURCE_DIR / "index.py").read_text(encoding="utf-8")
    for lesson in LESSONS:
        assert f"({lesson.stem}.ipynb)" in index, f"the index does not link {lesson.stem}"


@pytest.mark.parametrize("lesson", LESSONS, ids=lambda p: p.stem)
def test_lesson_has_graded_exercises_with_unique_ids(lesson):
    notebook = editions.read_source(lesson)
    meta = [c.metadata["nbgrader"] for c in notebook.cells if "nbgrader" in c.metadata]
    ids = [m["grade_id"] for m in meta]
    assert len(ids) == len(set(ids)), "grade_id values must be unique in a notebook"
    assert all(re.fullmatch(r"[A-Za-z0-9_-]+", i) for i in ids)
    assert all(m.get("schema_version") == 3 for m in meta)
    graded = [m for m in meta if m.get("grade")]
    assert len(graded) >= 4, "each lesson has at least four checked exercises"
    assert all(m.get("points", 0) > 0 for m in graded)


@pytest.mark.parametrize("lesson", LESSONS, ids=lambda p: p.stem)
def test_student_edition_leaks_no_solution_or_hidden_test(lesson):
    source = editions.read_source(lesson)
    student = editions.student_edition(source, lesson.name)
    text = "\n".join(cell.source for cell in student.cells)
    for marker in MARKERS:
        assert marker not in text
    secret = protected_lines(source)
    assert secret, "a lesson with exercises has solution lines"
    leaked = [line for line in secret if line in text]
    assert not leaked, f"solution or hidden-test lines in the student edition: {leaked}"


@pytest.mark.parametrize("lesson", LESSONS, ids=lambda p: p.stem)
def test_student_edition_runs_and_every_check_says_not_attempted(lesson, tmp_path):
    student = editions.student_edition(editions.read_source(lesson), lesson.name)
    NotebookClient(student, timeout=120, resources={"metadata": {"path": str(tmp_path)}}).execute()
    for cell in student.cells:
        if not cell.metadata.get("nbgrader", {}).get("grade"):
            continue
        shown = " ".join(
            str(output.get("data", {}).get("text/plain", output.get("text", "")))
            for output in cell.outputs
        )
        grade_id = cell.metadata["nbgrader"]["grade_id"]
        assert "not attempted yet" in shown, f"{grade_id} shows: {shown[:200]!r}"


def nbgrader(*args: str, cwd: Path) -> None:
    """Run nbgrader's own command line (it needs the environment's bin/ on PATH)."""
    env = dict(os.environ, PATH=f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}")
    command = [sys.executable, "-m", "nbgrader", *args, f"--CourseDirectory.root={cwd}"]
    done = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr


def test_real_nbgrader_makes_the_same_student_edition(tmp_path):
    lesson = LESSONS[0]
    editions.build_nbgrader_course(tmp_path)
    nbgrader("generate_assignment", lesson.stem, "--force", cwd=tmp_path)
    theirs = nbformat.read(tmp_path / "release" / lesson.stem / f"{lesson.stem}.ipynb", 4)
    ours = editions.student_edition(editions.read_source(lesson), lesson.name)
    assert [(c.cell_type, c.source) for c in ours.cells] == [
        (c.cell_type, c.source) for c in theirs.cells
    ]
    assert all(not c.get("outputs") for c in theirs.cells)


def test_a_class_edition_folder_holds_no_solution_anywhere(tmp_path):
    # The leak check over every file the instructor's edition writes, the solutions store too.
    editions.refresh_working_copy(tmp_path)
    secret = set().union(*(protected_lines(editions.read_source(p)) for p in LESSONS))
    written = [p for p in tmp_path.rglob("*") if p.is_file()]
    assert not any(editions.SOLUTIONS_DIR in p.parts for p in written)
    for path in written:
        text = path.read_text(encoding="utf-8", errors="replace")
        leaked = [line for line in secret if line in text]
        assert not leaked, f"{path.name} holds solution lines: {leaked[:3]}"
