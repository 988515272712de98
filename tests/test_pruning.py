"""The grader runs only the cells a grade can depend on, and grades as if it ran them all.

Reading the code (course_lib.pruning) is tested on small notebooks; then lesson 00 is
graded pruned and in full, which must give the same outcome, also for a solution that
reads a skipped cell's name where reading cannot see it.
"""

from __future__ import annotations

import sys
from dataclasses import asdict
from pathlib import Path

import nbformat
import pytest

from course_lib import editions, grading, pruning, submissions
from course_lib.sandbox import ERROR, CellRun

sys.path.insert(0, str(Path(__file__).parent))
import grading_cases as cases  # noqa: E402

LIMITS = grading.Limits(cell_seconds=10, notebook_seconds=120, memory_mb=1536, output_kb=256)


def notebook(*cells: str | tuple[str, str]) -> nbformat.NotebookNode:
    """Code cells; ("solution", source) or ("check", source) makes an nbgrader cell."""
    made = []
    for number, cell in enumerate(cells):
        kind, source = cell if isinstance(cell, tuple) else ("", cell)
        meta = {}
        if kind:
            meta = {"nbgrader": {"grade_id": f"{kind}{number}", "solution": kind == "solution"}}
            meta["nbgrader"].update({"grade": True, "points": 1} if kind == "check" else {})
        made.append(nbformat.v4.new_code_cell(source, metadata=meta))
    return nbformat.v4.new_notebook(cells=made)


def run(nb: nbformat.NotebookNode) -> tuple[int, ...]:
    return pruning.cells_to_run(nb, len(nb.cells) - 1).cells


def test_lesson_00_runs_its_exercises_and_setup_but_no_experiment_or_widget():
    lesson = editions.read_source(cases.SOURCE)
    graded = submissions.assemble(lesson, cases.correct(lesson)).notebook
    last = max(e.check_index for e in submissions.exercises(lesson))
    kept = pruning.cells_to_run(graded, last).cells
    exercise_cells = [
        i
        for i, c in enumerate(graded.cells)
        if submissions.is_solution(c) or submissions.is_check(c)
    ]
    setup = next(i for i, c in enumerate(graded.cells) if "check = checks.for_lesson" in c.source)
    assert set(kept) >= {setup, *exercise_cells}
    setup_run = pruning.cells_to_run(graded, last).sources[setup]
    assert "check = checks.for_lesson" in setup_run and "course_lib.lessons" not in setup_run
    assert "import predict" not in setup_run, "the predict-first widgets are not imported"
    shows = [
        i
        for i, c in enumerate(graded.cells)
        if c.cell_type == "code" and ("training_loop." in c.source or "predict_first." in c.source)
    ]
    assert len(shows) >= 8, "the lesson's experiments and predict-first widgets"
    assert not set(kept) & set(shows)


def test_a_cell_is_run_when_a_run_cell_reads_a_name_it_binds_even_inside_a_function():
    nb = notebook(
        "base = 2",  # read by `scale`, which the solution reads
        "scale = base * 3",
        "shown = 99",  # read by nobody
        ("solution", "def f(x):\n    return x * scale"),
        ("check", "assert f(1) == 6"),
    )
    assert run(nb) == (0, 1, 3, 4)


def test_a_functions_own_names_pull_in_no_cell():
    nb = notebook(
        "x = 1",
        "total = 0",
        ("solution", "def f(x):\n    total = x\n    return [total for _ in range(x)]"),
        ("check", "f(2)"),
    )
    assert run(nb) == (2, 3)


def test_a_cell_that_binds_a_name_after_the_function_that_reads_it_still_runs():
    nb = notebook(("solution", "def f():\n    return later"), "later = 1", ("check", "f()"))
    assert run(nb) == (0, 1, 2)


@pytest.mark.parametrize(
    "changer", ["rows += [1]", "rows[0] = 2", "rows.first = 2", "global_rows = rows\ndel rows"]
)
def test_changing_a_read_object_counts_as_binding_it(changer):
    nb = notebook("rows = [0]", changer, ("check", "print(rows)"))
    assert run(nb) == (0, 1, 2)


def test_imports_that_nothing_run_reads_are_left_out():
    nb = notebook(
        "import os\nimport math, json\nfrom pathlib import Path as P; import sys\nx = 1",
        "import shutil",
        ("check", "print(math.pi, sys.argv)"),
    )
    plan = pruning.cells_to_run(nb, 2)
    assert plan.cells == (0, 2)
    assert plan.sources == {
        0: "import math, json\nfrom pathlib import Path as P; import sys\nx = 1"
    }
    assert plan.skipped_names == {"os", "shutil"}


def test_a_cell_that_imports_star_cannot_be_read_so_every_cell_runs():
    nb = notebook("from math import *", "x = 1", ("check", "print(pi)"))
    assert run(nb) == (0, 1, 2)


def test_a_cell_in_ipython_syntax_cannot_be_read_so_every_cell_runs():
    nb = notebook("x = 1", "%time y = 2", ("check", "pass"))
    assert run(nb) == (0, 1, 2)


def test_a_solution_with_a_syntax_error_runs_and_pulls_in_nothing():
    nb = notebook("x = 1", ("solution", "def f(:\n    return x"), ("check", "f()"))
    assert run(nb) == (1, 2)


def test_the_names_only_skipped_cells_bind_are_the_ones_that_call_for_a_full_run():
    nb = notebook("x = 1", "y = 2", ("solution", "def f():\n    return x"), ("check", "f()"))
    plan = pruning.cells_to_run(nb, 3)
    assert plan.skipped_names == {"y"}
    failed = CellRun(ERROR, "AssertionError", "f() raised NameError: name 'y' is not defined")
    assert grading._needed_a_skipped_cell({3: failed}, plan)
    typo = CellRun(ERROR, "NameError", "name 'yy' is not defined")
    assert not grading._needed_a_skipped_cell({3: typo}, plan), "no cell binds it: no use"


# --- with a kernel: lesson 00 graded pruned and in full ------------------------------


@pytest.mark.parametrize("kind", ["correct", "blank", "partly_wrong"])
def test_pruned_and_full_runs_give_the_same_grades(kind):
    lesson = editions.read_source(cases.SOURCE)
    submitted = cases.NOTEBOOKS[kind](lesson)
    pruned = grading.run_submission(lesson, submitted, LIMITS)
    full = grading.run_submission(lesson, submitted, LIMITS, prune=False)
    assert asdict(pruned) == asdict(full)
    assert {e.status for e in pruned.exercises} == (
        {"passed"}
        if kind == "correct"
        else {"not attempted"}
        if kind == "blank"
        else {"passed", "incorrect"}
    )


def test_a_solution_reading_a_skipped_cells_name_unseen_is_graded_with_every_cell():
    lesson = editions.read_source(cases.SOURCE)
    # `devices` is bound only by a cell that pruning skips; eval hides the read
    answer = "def my_learning_rate():\n    return 3.0 * len(eval('devices').y) / 4"
    submitted = cases.with_answer(cases.correct(lesson), "my_learning_rate", answer)
    graded = submissions.assemble(lesson, submitted).notebook
    plan = pruning.cells_to_run(graded, len(graded.cells) - 1)
    assert "devices" in plan.skipped_names
    outcome = grading.run_submission(lesson, submitted, LIMITS)
    (challenge,) = [e for e in outcome.exercises if e.exercise == "my_learning_rate_check"]
    assert challenge.status == "passed", challenge.message
    assert asdict(outcome) == asdict(grading.run_submission(lesson, submitted, LIMITS, prune=False))
