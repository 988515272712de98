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
