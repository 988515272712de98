"""Submissions: where they are, whether they are notebooks, and what to grade in them.

The grader never trusts a student's notebook beyond its answers. A lesson's
exercises are its nbgrader cells: *solution* cells the learner fills, and
*check* cells (``grade: true``, with points) that hold the visible check and
the hidden tests. :func:`assemble` builds the notebook that is graded from
the course's own lesson, taking from the submission only the solution cells,
matched by ``grade_id``; everything the learner did to the rest (a deleted,
duplicated, reordered, retyped or edited cell) is noted, never obeyed.

Two folder layouts are recognised (:func:`find_submissions`):

- one folder per student, ``SUBMISSIONS/<student>/<lesson>.ipynb``;
- nbgrader's, ``submitted/<student>/<assignment>/<notebook>.ipynb`` (given the
  course folder or its ``submitted/`` folder).
"""

from __future__ import annotations

import copy
import json
import warnings
from dataclasses import dataclass, field
from pathlib import Path

import nbformat
from nbformat import NotebookNode

from course_lib import editions

PER_STUDENT = "per-student (SUBMISSIONS/<student>/<lesson>.ipynb)"
NBGRADER = "nbgrader (submitted/<student>/<assignment>/<notebook>.ipynb)"


class NotANotebook(ValueError):
    """A submitted file that cannot be read as a notebook; the message says why."""


@dataclass(frozen=True)
class Submission:
    """One submitted notebook file, and whose and which lesson it is."""

    student: str
    lesson: str  # the lesson's stem, or the file's own when no lesson matches
    path: Path
    known_lesson: bool = True
    note: str = ""


def _is_visible(path: Path) -> bool:
    return not path.name.startswith((".", "_")) and path.name != "__pycache__"


def _lesson_for(names: list[str], lessons: list[str]) -> str | None:
    """The lesson named by the first of ``names`` that names one (exactly, else by its number)."""
    for name in names:
        if name in lessons:
            return name
    for name in names:
        number = name.split("_")[0]
        matches = [lesson for lesson in lessons if lesson.split("_")[0] == number]
        if number.isdigit() and len(matches) == 1:
            return matches[0]
    return None


def find_submissions(folder: Path, lessons: list[str]) -> tuple[str, list[Submission]]:
    """The layout found and every ``.ipynb`` submitted under ``folder``, sorted.

    ``lessons`` are the course's lesson names; a file whose name (or, in
    nbgrader's layout, whose assignment) matches none is still returned, with
    ``known_lesson=False``, so that it is reported rather than lost.
    """
    if not folder.is_dir():
        raise FileNotFoundError(f"no submissions folder {folder}")
    root = folder / "submitted" if (folder / "submitted").is_dir() else folder
    found: list[Submission] = []
    layouts = set()
    for student_dir in sorted(p for p in root.iterdir() if p.is_dir() and _is_visible(p)):
        for path in sorted(p for p in student_dir.glob("*.ipynb") if _is_visible(p)):
            layouts.add(PER_STUDENT)
            found.append(_submission(student_dir.name, path, [path.stem], lessons))
        for assignment in sorted(p for p in student_dir.iterdir() if p.is_dir()):
            if not _is_visible(assignment):
                continue
            for path in sorted(p for p in assignment.glob("*.ipynb") if _is_visible(p)):
                layouts.add(NBGRADER)
                names = [assignment.name, path.stem]
                found.append(_submission(student_dir.name, path, names, lessons))
    layout = " and ".join(sorted(layouts)) if layouts else "empty (no .ipynb found)"
    return layout, found


def _submission(student: str, path: Path, names: list[str], lessons: list[str]) -> Submission:
    lesson = _lesson_for(names, lessons)
    if lesson is None:
        return Submission(student, path.stem, path, known_lesson=False)
    note = "" if lesson in names else f"the file {path.name} was graded as lesson {lesson}"
    return Submission(student, lesson, path, note=note)


def read_submission(data: bytes) -> NotebookNode:
    """The notebook in ``data``, or :class:`NotANotebook` saying what the file is instead."""
    if not data.strip():
        raise NotANotebook(f"an empty file ({len(data)} bytes), not a notebook")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise NotANotebook("a binary file, not a notebook") from None
    try:
        content = json.loads(text)
    except ValueError as error:
        looks_like_python = any(
            line.startswith(("# %%", "import ", "from ", "def ", "print("))
            for line in text.splitlines()
        )
        if looks_like_python:
            raise NotANotebook(
                "Python source, not a notebook (a .py file renamed to .ipynb?)"
            ) from None
        raise NotANotebook(f"not valid JSON ({error}), so not a notebook") from None
    has_cells = isinstance(content, dict) and any(
        isinstance(content.get(key), list)
        for key in ("cells", "worksheets")  # v4, v3
    )
    if not has_cells:
        raise NotANotebook("JSON, but not a notebook (it has no list of cells)")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            notebook = nbformat.reads(text, as_version=4)
        for cell in notebook.cells:
            cell.cell_type, cell.source = str(cell.cell_type), str(cell.source)
    except Exception as error:
        raise NotANotebook(f"a notebook nbformat cannot read ({error})") from None
    return notebook


def _meta(cell: NotebookNode) -> dict:
    meta = cell.get("metadata", {}).get("nbgrader", {})
    return meta if isinstance(meta, dict) else {}


def _grade_id(cell: NotebookNode) -> str | None:
    grade_id = _meta(cell).get("grade_id")
    return grade_id if isinstance(grade_id, str) else None


def is_check(cell: NotebookNode) -> bool:
    """A check cell: it has points and holds the tests (not an answer to grade by hand)."""
    meta = _meta(cell)
    return bool(meta.get("grade")) and not meta.get("solution") and cell.cell_type == "code"


def is_solution(cell: NotebookNode) -> bool:
    return bool(_meta(cell).get("solution"))


@dataclass(frozen=True)
class Exercise:
    """One graded exercise: its check cell and the solution cells it checks."""

    grade_id: str  # the check cell's id, as nbgrader's gradebook names it
    points: float
    check_index: int
    solutions: tuple[str, ...]


def exercises(lesson: NotebookNode) -> list[Exercise]:
    """The lesson's exercises in order; a check covers the solutions since the previous one."""
    found, pending = [], []
    for index, cell in enumerate(lesson.cells):
        if is_solution(cell) and _grade_id(cell):
            pending.append(_grade_id(cell))
        elif is_check(cell) and _grade_id(cell):
            points = float(_meta(cell).get("points", 0))
            found.append(Exercise(_grade_id(cell), points, index, tuple(pending)))
            pending = []
    return found


def hidden_lines(lesson: NotebookNode) -> list[str]:
    """The non-blank lines of the lesson's hidden tests (never to be shown to a student)."""
    lines, inside = [], False
    for cell in lesson.cells:
        for line in cell.source.split("\n"):
            if editions.BEGIN_HIDDEN in line:
                inside = True
            elif editions.END_HIDDEN in line:
                inside = False
            elif inside and line.strip():
                lines.append(line.strip())
    return lines


@dataclass
class Assembly:
    """The notebook to grade, with what was noticed along the way."""

    notebook: NotebookNode
    notes: dict[str, list[str]] = field(default_factory=dict)  # by exercise; "" = whole notebook

    def note(self, exercise: str, text: str) -> None:
        self.notes.setdefault(exercise, []).append(text)


def assemble(
    lesson: NotebookNode,
    submitted: NotebookNode,
    stubbed: frozenset[str] = frozenset(),
) -> Assembly:
    """The lesson's own cells, with the submission's solution cells put in by ``grade_id``.

    A missing solution is graded as nbgrader's stub (not attempted). A
    duplicated one: its last copy (the one that runs last in the learner's
    notebook). A solution cell turned into Markdown: its text, run as code.
    Check cells and every other cell always come from the lesson. Solutions
    whose id is in ``stubbed`` are replaced by the stub (used after one of
    them crashed the kernel).
    """
    student_edition = editions.student_edition(lesson)
    graded = copy.deepcopy(lesson)
    assembly = Assembly(graded)
    owner = {s: e.grade_id for e in exercises(lesson) for s in e.solutions}
    theirs: dict[str, list[NotebookNode]] = {}
    for cell in submitted.cells:
        if _grade_id(cell):
            theirs.setdefault(_grade_id(cell), []).append(cell)

    for index, cell in enumerate(graded.cells):
        grade_id = _grade_id(cell)
        if grade_id is None:
            continue
        copies = theirs.get(grade_id, [])
        if is_solution(cell):
            exercise = owner.get(grade_id, grade_id)
            cell.source = _solution_source(
                grade_id, copies, student_edition.cells[index], assembly, exercise
            )
            if grade_id in stubbed:
                cell.source = student_edition.cells[index].source
        elif is_check(cell):
            _note_check(grade_id, copies, student_edition.cells[index], assembly)
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None

    _note_notebook(lesson, submitted, theirs, assembly)
    return assembly


def _solution_source(
    grade_id: str,
    copies: list[NotebookNode],
    stub: NotebookNode,
    assembly: Assembly,
    exercise: str,
) -> str:
    if not copies:
        assembly.note(
            exercise,
            f"your solution cell '{grade_id}' is missing (deleted?): graded as not attempted",
        )
        return stub.source
    if len(copies) > 1:
        assembly.note(
            exercise,
            f"your solution cell '{grade_id}' appears {len(copies)} times: the last one was graded",
        )
    chosen = copies[-1]
    if chosen.cell_type != stub.cell_type:
        assembly.note(
            exercise,
            f"your solution cell '{grade_id}' had become a {chosen.cell_type} cell: its text was "
            f"run as {stub.cell_type} (change the cell back to {stub.cell_type.title()})",
        )
    return chosen.source


def _note_check(
    grade_id: str, copies: list[NotebookNode], original: NotebookNode, assembly: Assembly
) -> None:
    if not copies:
        assembly.note(grade_id, "the check cell was deleted: the course's check was used")
    elif len(copies) > 1:
        assembly.note(
            grade_id,
            f"the check cell appears {len(copies)} times: the course's check was used once",
        )
    if any(c.source.strip() != original.source.strip() for c in copies):
        assembly.note(grade_id, "the check cell was edited: the course's check was used")
    if any(c.cell_type != "code" for c in copies):
        assembly.note(grade_id, "the check cell's type was changed: the course's check was used")


def _note_notebook(
    lesson: NotebookNode,
    submitted: NotebookNode,
    theirs: dict[str, list[NotebookNode]],
    assembly: Assembly,
) -> None:
    ours = [_grade_id(c) for c in lesson.cells if _grade_id(c)]
    if not any(grade_id in theirs for grade_id in ours):
        assembly.note(
            "",
            "none of the lesson's exercise cells were found: is this the right lesson, or was "
            "the cells' nbgrader metadata removed? Every exercise was graded as not attempted",
        )
        return
    order = [g for g in dict.fromkeys(_grade_id(c) for c in submitted.cells) if g in ours]
    if order != [g for g in ours if g in order]:
        assembly.note("", "cells were moved: the exercises were graded in the lesson's order")
    strangers = sorted(set(theirs) - set(ours))
    if strangers:
        assembly.note("", f"cells with exercise ids this lesson does not have: {strangers}")
    lesson_code = {c.source.strip() for c in lesson.cells if c.cell_type == "code"}
    added = [
        c
        for c in submitted.cells
        if c.cell_type == "code"
        and not _grade_id(c)
        and c.source.strip()
        and c.source.strip() not in lesson_code
    ]
    if added:
        assembly.note(
            "",
            f"{len(added)} code cell(s) outside the exercise cells are not the lesson's; they "
            "were not run (code an exercise needs belongs in its solution cell)",
        )
