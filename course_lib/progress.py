"""A learner's progress, kept in their working folder: exercises passed, predictions made.

The file ``.course-progress.json`` sits beside the lessons (a kernel starts in
the notebook's folder). Checks record an exercise when it passes; predictions
record the first committed answer. The course index and
``python -m course_lib progress`` read it back, without running any notebook.
Writing never fails a lesson: a read-only folder simply keeps no record.
"""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

FILE_NAME = ".course-progress.json"


def progress_path(folder: Path | None = None) -> Path:
    """The progress file of ``folder`` (by default the current one)."""
    return (folder or Path.cwd()) / FILE_NAME


def load(folder: Path | None = None) -> dict[str, Any]:
    """Everything recorded so far ({} when nothing is, or the file is unreadable)."""
    try:
        data = json.loads(progress_path(folder).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _save(data: dict[str, Any], folder: Path | None = None) -> None:
    path = progress_path(folder)
    try:
        with tempfile.NamedTemporaryFile(
            "w", dir=path.parent, prefix=".progress-", suffix=".tmp", delete=False
        ) as file:
            json.dump(data, file, indent=1, sort_keys=True)
        os.replace(file.name, path)
    except OSError:  # a read-only folder: no record, never an error in a lesson
        return


def record_pass(lesson: str, exercise: str, folder: Path | None = None) -> None:
    """Note that ``exercise`` of ``lesson`` passed its check."""
    data = load(folder)
    passed = data.setdefault("passed", {}).setdefault(lesson, [])
    if exercise not in passed:
        passed.append(exercise)
        _save(data, folder)


def passed(folder: Path | None = None) -> dict[str, list[str]]:
    """The exercises passed so far, by lesson."""
    return {lesson: list(ids) for lesson, ids in load(folder).get("passed", {}).items()}


def prediction(key: str, folder: Path | None = None) -> Any:
    """The prediction committed under ``key``, or None."""
    return load(folder).get("predictions", {}).get(key)


def record_prediction(key: str, value: Any, folder: Path | None = None) -> None:
    """Keep the first prediction committed under ``key``."""
    data = load(folder)
    predictions = data.setdefault("predictions", {})
    if key not in predictions:
        predictions[key] = value
        _save(data, folder)


# -- the progress map ---------------------------------------------------------------------------
@dataclass(frozen=True)
class LessonProgress:
    """One lesson of a working copy: its exercises and those passed so far."""

    lesson: str
    exercises: tuple[str, ...]
    passed: tuple[str, ...]

    @property
    def done(self) -> bool:
        return bool(self.exercises) and len(self.passed) == len(self.exercises)


def exercises_of(notebook_path: Path) -> tuple[str, ...]:
    """A lesson notebook's exercise ids (its solution cells' grade_ids), read without running."""
    try:
        cells = json.loads(notebook_path.read_text(encoding="utf-8")).get("cells", [])
    except (OSError, ValueError):
        return ()
    ids = []
    for cell in cells:
        meta = cell.get("metadata", {}).get("nbgrader", {})
        if meta.get("solution") and not meta.get("grade") and meta.get("grade_id"):
            ids.append(meta["grade_id"])
    return tuple(ids)


def lesson_progress(folder: Path | None = None) -> list[LessonProgress]:
    """Every lesson notebook in ``folder`` (NN_topic.ipynb) with the exercises passed."""
    folder = folder or Path.cwd()
    done = passed(folder)
    rows = []
    for path in sorted(folder.glob("[0-9][0-9]_*.ipynb")):
        if " " in path.stem:  # "NN_topic (new version)"
            continue
        exercises = exercises_of(path)
        ticked = tuple(e for e in exercises if e in done.get(path.stem, []))
        rows.append(LessonProgress(path.stem, exercises, ticked))
    return rows


def next_lesson(rows: list[LessonProgress]) -> str | None:
    """The first lesson not yet done, or None when every exercise has passed."""
    return next((row.lesson for row in rows if not row.done), None)


def progress_text(folder: Path | None = None) -> str:
    """The progress map as a plain-text table (what ``python -m course_lib progress`` prints)."""
    rows = lesson_progress(folder)
    if not rows:
        return "No lessons here: run `python -m course_lib start` first (or give --dir)."
    return _table(rows)


def _table(rows: list[LessonProgress]) -> str:
    width = max(len(row.lesson) for row in rows)
    lines = [f"{'lesson':<{width}}  passed  exercises still to do"]
    for row in rows:
        todo = ", ".join(e for e in row.exercises if e not in row.passed) or "all passed ✔"
        lines.append(f"{row.lesson:<{width}}  {len(row.passed):>2}/{len(row.exercises):<3}  {todo}")
    upcoming = next_lesson(rows)
    lines.append(f"Next: open {upcoming}.ipynb" if upcoming else "Every exercise passed. Bravo!")
    return "\n".join(lines)


class ProgressMap:
    """The progress map of the working folder, shown in the course index."""

    def __init__(self, folder: Path | None = None) -> None:
        self.rows = lesson_progress(folder)

    def __repr__(self) -> str:
        return _table(self.rows)

    def _repr_html_(self) -> str:
        cells = []
        for row in self.rows:
            mark = "✔" if row.done else ""
            cells.append(
                f"<tr><td><a href='{row.lesson}.ipynb'>{row.lesson}</a></td>"
                f"<td>{len(row.passed)} / {len(row.exercises)} {mark}</td>"
                f"<td>{', '.join(e for e in row.exercises if e not in row.passed)}</td></tr>"
            )
        upcoming = next_lesson(self.rows)
        advice = f"Next: <a href='{upcoming}.ipynb'>{upcoming}</a>" if upcoming else "All done!"
        return (
            "<table><tr><th>lesson</th><th>exercises passed</th><th>still to do</th></tr>"
            f"{''.join(cells)}</table><p><b>{advice}</b></p>"
        )
