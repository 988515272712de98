"""Notebooks from their text sources, and the student edition.

The lessons are jupytext ``py:percent`` files in ``notebooks/``. From them we
generate:

- the *source* notebooks (``.ipynb`` with solutions and hidden tests), for
  maintainers, CI and an instructor's nbgrader ``source/`` folder;
- the *student edition*: solutions replaced by nbgrader's stub, hidden
  tests removed, outputs cleared — exactly what ``nbgrader
  generate_assignment`` does to the cell sources.

A learner's working copy is refreshed with :func:`refresh_working_copy`,
which never overwrites a notebook the learner has changed; :func:`release`
does the same for chosen lessons, and refuses a folder that holds notebooks
with solutions (a student edition is never written beside them).
"""

from __future__ import annotations

import copy
import hashlib
import json
import re
from dataclasses import dataclass
from pathlib import Path

import jupytext
import nbformat
from nbformat import NotebookNode

from course_lib import feedback

COURSE_ROOT = Path(__file__).resolve().parents[1]
SOURCE_DIR = COURSE_ROOT / "notebooks"
WORKING_DIR = COURSE_ROOT / "my_notebooks"

#: nbgrader's default stubs, so that our edition and nbgrader's agree.
CODE_STUB = "# YOUR CODE HERE\nraise NotImplementedError()"
TEXT_STUB = "YOUR ANSWER HERE"
BEGIN_SOLUTION, END_SOLUTION = "BEGIN SOLUTION", "END SOLUTION"
BEGIN_HIDDEN, END_HIDDEN = "BEGIN HIDDEN TESTS", "END HIDDEN TESTS"

KERNELSPEC = {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"}
MANIFEST = ".course-edition.json"
#: Where a learner's self-study copy keeps the reference solutions (never in a class edition).
SOLUTIONS_DIR = feedback.SOLUTIONS_DIR
_LESSON_NAME = re.compile(r"^(index|\d\d_[a-z0-9_]+)$")


class EditionError(ValueError):
    """A lesson source that cannot be turned into a student edition."""


def lesson_sources(source_dir: Path = SOURCE_DIR) -> list[Path]:
    """The course's notebook sources: index.py and NN_topic.py, in order."""
    return sorted(p for p in source_dir.glob("*.py") if _LESSON_NAME.match(p.stem))


def select_lessons(names: list[str] | None, source_dir: Path = SOURCE_DIR) -> list[Path]:
    """The sources named by ``names`` (``01_loss``, ``01``, ``01_loss.ipynb``, ``index``).

    No names: every lesson. An unknown name raises :class:`EditionError` listing them.
    """
    sources = lesson_sources(source_dir)
    if not names:
        return sources
    chosen = []
    for name in names:
        stem = Path(name).stem if name.endswith((".py", ".ipynb")) else name
        found = [s for s in sources if s.stem == stem or s.stem.split("_")[0] == stem]
        if len(found) != 1:
            known = ", ".join(s.stem for s in sources)
            raise EditionError(f"no lesson called '{name}'; the lessons are: {known}")
        if found[0] not in chosen:
            chosen.append(found[0])
    return chosen


def read_source(path: Path) -> NotebookNode:
    """A lesson source as a notebook with no outputs and a Python kernel chosen."""
    notebook = jupytext.read(path)
    notebook.metadata.pop("jupytext", None)
    notebook.metadata["kernelspec"] = dict(KERNELSPEC)
    for cell in notebook.cells:
        if cell.cell_type == "code":
            cell.outputs = []
            cell.execution_count = None
    return notebook


def _replace_regions(
    source: str, begin: str, end: str, stub: list[str] | None, where: str
) -> tuple[str, bool]:
    """Replace each begin…end region by ``stub`` (indented like the begin line) or drop it."""
    kept: list[str] = []
    inside = found = False
    for line in source.split("\n"):
        if begin in line:
            if inside:
                raise EditionError(f"{where}: '{begin}' inside another '{begin}' region")
            inside = found = True
            indent = line[: len(line) - len(line.lstrip())]
            kept.extend(indent + s for s in stub or [])
        elif end in line:
            if not inside:
                raise EditionError(f"{where}: '{end}' without '{begin}'")
            inside = False
        elif not inside:
            kept.append(line)
    if inside:
        raise EditionError(f"{where}: '{begin}' without '{end}'")
    return "\n".join(kept), found


def _nbgrader(cell: NotebookNode) -> dict:
    return cell.get("metadata", {}).get("nbgrader", {})


def student_edition(notebook: NotebookNode, name: str = "notebook") -> NotebookNode:
    """The notebook with solutions stubbed, hidden tests removed and outputs cleared."""
    student = copy.deepcopy(notebook)
    for index, cell in enumerate(student.cells):
        where = f"{name}, cell {index + 1}"
        meta = _nbgrader(cell)
        stub = CODE_STUB if cell.cell_type == "code" else TEXT_STUB
        cell.source, had_solution = _replace_regions(
            cell.source, BEGIN_SOLUTION, END_SOLUTION, stub.split("\n"), where
        )
        if had_solution and not meta.get("solution"):
            raise EditionError(f"{where}: a solution region in a cell not marked as a solution")
        if meta.get("solution") and not had_solution:
            cell.source = stub
        cell.source, had_hidden = _replace_regions(
            cell.source, BEGIN_HIDDEN, END_HIDDEN, None, where
        )
        if had_hidden and not meta.get("grade"):
            raise EditionError(f"{where}: hidden tests in a cell not marked as graded")
        if cell.cell_type == "code":
            cell.outputs = []
            cell.execution_count = None
    student.metadata.pop("celltoolbar", None)
    return student


def reference_solutions(notebook: NotebookNode) -> dict[str, str]:
    """Each solution cell's solution, by its grade_id (what a self-learner may reveal)."""
    found = {}
    for cell in notebook.cells:
        meta = _nbgrader(cell)
        if cell.cell_type == "code" and meta.get("solution") and not meta.get("grade"):
            lines, inside = [], False
            for line in cell.source.split("\n"):
                if BEGIN_SOLUTION in line:
                    inside = True
                elif END_SOLUTION in line:
                    inside = False
                elif inside:
                    lines.append(line)
            indent = min((len(x) - len(x.lstrip()) for x in lines if x.strip()), default=0)
            found[meta["grade_id"]] = "\n".join(x[indent:] for x in lines).strip("\n")
    return found


def write_solutions(work_dir: Path, source_dir: Path = SOURCE_DIR) -> list[Path]:
    """The reference solutions of every lesson, for a self-study copy: .solutions/<lesson>.json."""
    written = []
    for source in lesson_sources(source_dir):
        solutions = reference_solutions(read_source(source))
        if solutions:
            path = work_dir / SOLUTIONS_DIR / f"{source.stem}.json"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(json.dumps(solutions, indent=1, sort_keys=True), encoding="utf-8")
            written.append(path)
    return written


def write_notebook(notebook: NotebookNode, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.validate(notebook)
    path.write_text(nbformat.writes(notebook) + "\n", encoding="utf-8")


def build_source_notebooks(out_dir: Path, source_dir: Path = SOURCE_DIR) -> list[Path]:
    """Write every lesson as an .ipynb with its solutions (for CI and instructors)."""
    written = []
    for source in lesson_sources(source_dir):
        target = out_dir / f"{source.stem}.ipynb"
        write_notebook(read_source(source), target)
        written.append(target)
    return written


def build_student_notebooks(out_dir: Path, source_dir: Path = SOURCE_DIR) -> list[Path]:
    """Write every lesson's student edition into ``out_dir``, replacing what is there."""
    written = []
    for source in lesson_sources(source_dir):
        target = out_dir / f"{source.stem}.ipynb"
        write_notebook(student_edition(read_source(source), source.name), target)
        written.append(target)
    return written


def build_nbgrader_course(course_dir: Path, source_dir: Path = SOURCE_DIR) -> list[Path]:
    """Lay the lessons out as an nbgrader course: source/<lesson>/<lesson>.ipynb."""
    written = []
    for source in lesson_sources(source_dir):
        if source.stem == "index":
            continue
        target = course_dir / "source" / source.stem / f"{source.stem}.ipynb"
        write_notebook(read_source(source), target)
        written.append(target)
    return written


def fingerprint(notebook: NotebookNode) -> str:
    """A hash of what a learner can change: the cells' types and sources."""
    cells = [[cell.cell_type, cell.source] for cell in notebook.cells]
    return hashlib.sha256(json.dumps(cells).encode()).hexdigest()


@dataclass
class Refresh:
    """What refreshing one notebook of a working copy did."""

    name: str
    action: str  # "created", "updated", "unchanged", "kept yours", "kept yours; new version beside"
    detail: str = ""

    def __str__(self) -> str:
        return f"{self.name}: {self.action}{f' ({self.detail})' if self.detail else ''}"


def _read_fingerprint(path: Path) -> str | None:
    try:
        return fingerprint(nbformat.read(path, as_version=4))
    except Exception:  # unreadable: treat it as the learner's own work
        return None


def refresh_working_copy(
    work_dir: Path = WORKING_DIR,
    source_dir: Path = SOURCE_DIR,
    lessons: list[str] | None = None,
    *,
    self_study: bool = False,
) -> list[Refresh]:
    """Bring a learner's working copy up to date without losing their work.

    A notebook is (re)written only if it is missing or still exactly as we
    last wrote it. A notebook the learner changed is kept; if the lesson has
    changed since, the new edition is written beside it as
    ``NN_topic (new version).ipynb`` and the report says so. ``lessons``
    chooses which (see :func:`select_lessons`); by default, every one. A
    ``self_study`` copy also holds the reference solutions (.solutions/), which a
    check reveals after an attempt; a class edition never does, and refuses a
    folder that has them.
    """
    if not self_study and (work_dir / SOLUTIONS_DIR).exists():
        raise EditionError(
            f"{work_dir} holds reference solutions ({SOLUTIONS_DIR}/): it is a self-study copy. "
            "Write the student edition for a class into a new folder."
        )
    work_dir.mkdir(parents=True, exist_ok=True)
    manifest_path = work_dir / MANIFEST
    try:
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        manifest = {}
    report = [
        _refresh_one(source, work_dir, manifest) for source in select_lessons(lessons, source_dir)
    ]
    manifest_path.write_text(json.dumps(manifest, indent=1, sort_keys=True), encoding="utf-8")
    if self_study:
        write_solutions(work_dir, source_dir)
    return report


def _ours(path: Path, manifest: dict[str, str]) -> bool:
    """Missing, or still exactly as we last wrote it."""
    return not path.exists() or _read_fingerprint(path) == manifest.get(path.name)


def _write(path: Path, notebook: NotebookNode, print_: str, manifest: dict[str, str]) -> None:
    """Write ``notebook`` and note in ``manifest`` the fingerprint we wrote."""
    write_notebook(notebook, path)
    manifest[path.name] = print_


def _refresh_one(source: Path, work_dir: Path, manifest: dict[str, str]) -> Refresh:
    """Refresh one lesson's notebook in ``work_dir``, noting what we wrote in ``manifest``."""
    fresh = student_edition(read_source(source), source.name)
    fresh_print = fingerprint(fresh)
    target = work_dir / f"{source.stem}.ipynb"
    beside = work_dir / f"{source.stem} (new version).ipynb"
    if not target.exists():
        _write(target, fresh, fresh_print, manifest)
        return Refresh(target.name, "created")
    if _read_fingerprint(target) == fresh_print:
        manifest[target.name] = fresh_print
        return Refresh(target.name, "unchanged")
    if _ours(target, manifest):
        _write(target, fresh, fresh_print, manifest)
        return Refresh(target.name, "updated", "the lesson changed; you had not")
    if manifest.get(target.name) == fresh_print:
        return Refresh(target.name, "kept yours", "you have changed it")
    if _ours(beside, manifest):
        _write(beside, fresh, fresh_print, manifest)
        return Refresh(
            target.name,
            "kept yours; new version beside",
            f"you have changed it and the lesson changed too: see '{beside.name}'",
        )
    return Refresh(
        target.name,
        "kept yours",
        f"the lesson changed, but you have edited both it and '{beside.name}'; "
        "rename one to get the newest edition",
    )


def holds_solutions(notebook_path: Path) -> bool:
    """Whether a notebook file holds solution or hidden-test regions (unreadable: no)."""
    try:
        cells = json.loads(notebook_path.read_text(encoding="utf-8")).get("cells", [])
        sources = ["".join(c.get("source", "")) for c in cells]
    except (OSError, ValueError, AttributeError, TypeError):
        return False
    return any(BEGIN_SOLUTION in s or BEGIN_HIDDEN in s for s in sources)


def release(
    lessons: list[str] | None, out_dir: Path, source_dir: Path = SOURCE_DIR
) -> list[Refresh]:
    """Write the student edition of ``lessons`` into ``out_dir``, never over a learner's work.

    Refuses (:class:`EditionError`) a folder that already holds notebooks with
    solutions: a student-edition folder never holds one, so such a folder is
    the wrong one (a copy of the course's source, or an nbgrader ``source/``).
    """
    chosen = select_lessons(lessons, source_dir)
    with_solutions = sorted(p.name for p in out_dir.glob("*.ipynb") if holds_solutions(p))
    if with_solutions:
        raise EditionError(
            f"{out_dir} holds notebooks with solutions ({', '.join(with_solutions)}); "
            "a student edition is never written beside them: choose another folder"
        )
    return refresh_working_copy(out_dir, source_dir, [s.stem for s in chosen])
