"""Submissions made from a lesson's source: correct, blank, wrong, and every pathology.

Used by tests/test_grading.py and benchmarks/grading.py. Each maker takes the
lesson's source notebook and returns the bytes of a submitted file.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from pathlib import Path

import nbformat
from nbformat import NotebookNode

from course_lib import editions

LESSON = "00_training_loop"  # the fastest lesson to run
SOURCE = editions.SOURCE_DIR / f"{LESSON}.py"


def body(code: str) -> str:
    return "\n".join(f"    {line}" for line in code.strip().split("\n"))


#: A wrong answer per solution cell of lesson 00 (a whole function, as a learner writes it).
WRONG = {
    "predict": "def predict(X, w, b):\n    return X @ w + b",
    "update": "def update(w, lr, grad):\n    return w + lr * grad",
    "iterations_per_epoch": "def iterations_per_epoch(n_examples, batch_size):\n"
    "    return n_examples // batch_size",
    "my_learning_rate": "def my_learning_rate():\n    return 0.001",
}


def solution_without_markers(source: str) -> str:
    marks = (editions.BEGIN_SOLUTION, editions.END_SOLUTION)
    return "\n".join(line for line in source.split("\n") if not any(m in line for m in marks))


def grade_id(cell: NotebookNode) -> str | None:
    return cell.get("metadata", {}).get("nbgrader", {}).get("grade_id")


def solutions(lesson: NotebookNode) -> dict[str, str]:
    """The course's solution of each solution cell, by grade_id, as a learner would write it."""
    return {
        grade_id(c): solution_without_markers(c.source)
        for c in lesson.cells
        if c.get("metadata", {}).get("nbgrader", {}).get("solution")
    }


def fill(notebook: NotebookNode, answers: dict[str, str]) -> NotebookNode:
    """A copy of ``notebook`` with the solution cells named in ``answers`` filled in."""
    notebook = copy.deepcopy(notebook)
    for cell in notebook.cells:
        if grade_id(cell) in answers:
            cell.source = answers[grade_id(cell)]
    return notebook


def blank(lesson: NotebookNode) -> NotebookNode:
    """The student edition, exactly as released."""
    return editions.student_edition(lesson)


def correct(lesson: NotebookNode) -> NotebookNode:
    """The student edition with every solution cell filled in as the course's solution."""
    return fill(blank(lesson), solutions(lesson))


def with_answer(notebook: NotebookNode, solution_id: str, source: str) -> NotebookNode:
    return fill(notebook, {solution_id: source})


def index_of(notebook: NotebookNode, cell_id: str) -> int:
    return next(i for i, c in enumerate(notebook.cells) if grade_id(c) == cell_id)


#: The answers of a partly wrong submission: two of the four exercises wrong.
PARTLY_WRONG = {k: WRONG[k] for k in ("update", "iterations_per_epoch")}


def partly_wrong(lesson: NotebookNode) -> NotebookNode:
    return fill(correct(lesson), PARTLY_WRONG)


def deleted_cell(lesson: NotebookNode) -> NotebookNode:
    notebook = correct(lesson)
    del notebook.cells[index_of(notebook, "predict")]
    return notebook


def duplicated_cell(lesson: NotebookNode) -> NotebookNode:
    """The update cell twice: a wrong first try, then the right answer below it."""
    notebook = correct(lesson)
    index = index_of(notebook, "update")
    first_try = copy.deepcopy(notebook.cells[index])
    first_try.source = WRONG["update"]
    first_try.id = "first-try"  # Jupyter gives a copied cell an id of its own
    notebook.cells.insert(index, first_try)
    return notebook


def reordered_cells(lesson: NotebookNode) -> NotebookNode:
    notebook = correct(lesson)
    notebook.cells.append(notebook.cells.pop(index_of(notebook, "iterations_per_epoch")))
    return notebook


def retyped_cell(lesson: NotebookNode) -> NotebookNode:
    notebook = correct(lesson)
    cell = notebook.cells[index_of(notebook, "update")]
    notebook.cells[index_of(notebook, "update")] = nbformat.v4.new_markdown_cell(
        cell.source, metadata=cell.metadata
    )
    return notebook


def tampered_checks(lesson: NotebookNode) -> NotebookNode:
    """A wrong predict whose check was emptied, and update's check deleted."""
    notebook = with_answer(correct(lesson), "predict", WRONG["predict"])
    notebook.cells[index_of(notebook, "predict_check")].source = "pass  # all good!"
    del notebook.cells[index_of(notebook, "update_check")]
    return notebook


def infinite_loop(lesson: NotebookNode) -> NotebookNode:
    return with_answer(
        correct(lesson), "predict", "def predict(X, w, b):\n    while True:\n        pass"
    )


def kernel_crash(lesson: NotebookNode) -> NotebookNode:
    return with_answer(
        correct(lesson), "update", "import os\n\n\ndef update(w, lr, grad):\n    os._exit(1)"
    )


def output_flood(lesson: NotebookNode) -> NotebookNode:
    return with_answer(
        correct(lesson),
        "iterations_per_epoch",
        "def iterations_per_epoch(n_examples, batch_size):\n"
        "    while True:\n        print('spam ' * 200)",
    )


def memory_hog(lesson: NotebookNode) -> NotebookNode:
    return with_answer(
        correct(lesson),
        "predict",
        "def predict(X, w, b):\n    hog = []\n    while True:\n"
        "        hog.append(bytearray(50_000_000))",
    )


def as_bytes(notebook: NotebookNode) -> bytes:
    return nbformat.writes(notebook).encode("utf-8")


NOTEBOOKS: dict[str, Callable[[NotebookNode], NotebookNode]] = {
    "correct": correct,
    "blank": blank,
    "partly_wrong": partly_wrong,
    "deleted_cell": deleted_cell,
    "duplicated_cell": duplicated_cell,
    "reordered_cells": reordered_cells,
    "retyped_cell": retyped_cell,
    "tampered_checks": tampered_checks,
    "infinite_loop": infinite_loop,
    "kernel_crash": kernel_crash,
    "output_flood": output_flood,
    "memory_hog": memory_hog,
}

NOT_NOTEBOOKS: dict[str, Callable[[NotebookNode], bytes]] = {
    "empty_file": lambda lesson: b"",
    "invalid_json": lambda lesson: b'{"cells": [{"cell_type": "code", "source": "1 +',
    "renamed_py": lambda lesson: SOURCE.read_bytes(),
}


def make(kind: str, lesson: NotebookNode) -> bytes:
    """The bytes of one generated submission of ``kind``."""
    if kind in NOTEBOOKS:
        return as_bytes(NOTEBOOKS[kind](lesson))
    return NOT_NOTEBOOKS[kind](lesson)


def write_class(folder: Path, kinds: dict[str, str], lesson: NotebookNode) -> dict[str, Path]:
    """SUBMISSIONS/<student>/<LESSON>.ipynb for each student: kind; the paths written."""
    paths = {}
    for student, kind in kinds.items():
        path = folder / student / f"{LESSON}.ipynb"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(make(kind, lesson))
        paths[student] = path
    return paths
