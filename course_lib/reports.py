"""The grader's outputs: the grade table (CSV) and a feedback page per student (Markdown).

Both are built from the outcomes alone, so the same outcomes always give the
same bytes. A feedback page shows each exercise's status and the check's own
message; the grader has already blanked any hidden-test line out of both.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field

from course_lib import submissions

CSV_COLUMNS = ["student", "lesson", "exercise", "points", "max_points", "status", "notes"]
UNKNOWN_LESSON = "unknown lesson"
ERROR = "error"


@dataclass
class ExerciseResult:
    """One exercise of one submission: its points, status, the check's message, notes."""

    exercise: str
    points: float
    max_points: float
    status: str
    message: str = ""
    notes: list[str] = field(default_factory=list)


@dataclass
class Outcome:
    """One submission graded: a result per exercise, and notes on the whole notebook."""

    exercises: list[ExerciseResult]
    notes: list[str] = field(default_factory=list)


def outcome_from(raw: dict) -> Outcome:
    """An Outcome from its JSON form (as cached)."""
    return Outcome([ExerciseResult(**e) for e in raw["exercises"]], raw["notes"])


def _points(value: float) -> str:
    return f"{value:g}"


def grade_table(found: list[submissions.Submission], outcomes: dict) -> str:
    """The CSV: one row per student, lesson and exercise (one row for an unknown lesson)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for item in found:
        if not item.known_lesson:
            note = f"{item.path.name}: no lesson of this course has that name"
            writer.writerow([item.student, item.lesson, "", 0, 0, UNKNOWN_LESSON, note])
            continue
        outcome = outcomes[item.path]
        general = [n for n in [item.note, *outcome.notes] if n]
        if not outcome.exercises:
            writer.writerow([item.student, item.lesson, "", 0, 0, ERROR, "; ".join(general)])
        for result in outcome.exercises:
            notes = "; ".join(result.notes + general)
            writer.writerow(
                [
                    item.student,
                    item.lesson,
                    result.exercise,
                    _points(result.points),
                    _points(result.max_points),
                    result.status,
                    notes,
                ]
            )
    return out.getvalue()


def _block(text: str) -> list[str]:
    return ["", *(f"    {line}" for line in text.split("\n")), ""] if text else []


def feedback_files(found: list[submissions.Submission], outcomes: dict) -> dict[str, str]:
    """One Markdown page per student: per lesson, each exercise's result and the check's words."""
    pages: dict[str, list[str]] = {}
    for item in found:
        page = pages.setdefault(item.student, [f"# Feedback for {item.student}", ""])
        if not item.known_lesson:
            page += [f"## {item.path.name}", "", "No lesson of this course has that name.", ""]
            continue
        outcome = outcomes[item.path]
        total = sum(r.points for r in outcome.exercises)
        most = sum(r.max_points for r in outcome.exercises)
        page += [f"## {item.lesson}: {_points(total)} / {_points(most)} points", ""]
        page += [f"- {n}" for n in [item.note, *outcome.notes] if n]
        for result in outcome.exercises:
            page += [
                "",
                f"### {result.exercise}: {result.status}, "
                f"{_points(result.points)} / {_points(result.max_points)}",
                *_block(result.message),
                *(f"- {n}" for n in result.notes),
            ]
        page.append("")
    return {
        student: re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).rstrip() + "\n"
        for student, lines in pages.items()
    }
