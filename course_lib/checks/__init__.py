"""One module per lesson: the checks behind its exercises (see course_lib.feedback).

A lesson gets its checks with ``check = checks.for_lesson("01_loss")``: the
functions of ``course_lib.checks.loss``, each one naming the exercise it checks
on its feedback (so a self-study copy can reveal the reference solution after
an attempt) and recording a pass in the learner's progress file (the course
index and ``python -m course_lib progress`` show it). A check function is named
after the exercise's ``grade_id``.
"""

from __future__ import annotations

import functools
import importlib
from collections.abc import Callable
from types import ModuleType
from typing import Any

from course_lib import progress
from course_lib.feedback import Feedback


class LessonChecks:
    """The checks of one lesson, recording what passes."""

    def __init__(self, lesson: str, module: ModuleType) -> None:
        self.lesson, self.module = lesson, module

    def __getattr__(self, name: str) -> Any:
        check = getattr(self.module, name)
        if name.startswith("_") or not callable(check):
            return check
        return self._recording(name, check)

    def _recording(self, name: str, check: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(check)
        def run(*args: Any, **kwargs: Any) -> Any:
            result = check(*args, **kwargs)
            if isinstance(result, Feedback):
                result.lesson, result.exercise_id = self.lesson, name
                if result.passed:
                    progress.record_pass(self.lesson, name)
            return result

        return run

    def __dir__(self) -> list[str]:
        return [n for n in dir(self.module) if not n.startswith("_")]


def for_lesson(lesson: str) -> LessonChecks:
    """The checks of ``lesson`` ("01_loss" → course_lib.checks.loss)."""
    topic = lesson.split("_", 1)[1] if lesson[:2].isdigit() else lesson
    return LessonChecks(lesson, importlib.import_module(f"course_lib.checks.{topic}"))
