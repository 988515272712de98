"""Check for lesson 02's exercise 6: the cosine learning-rate schedule, against
schedules.cosine_decay, for one step t and for an array of steps.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from course_lib import schedules
from course_lib.checks.gradient_descent.common import _raises
from course_lib.feedback import (
    INCORRECT,
    Case,
    Feedback,
    check_function,
    first_hint,
)


def cosine_schedule(function: Any) -> Feedback:
    """Exercise 6: cosine_schedule(t, lr_max, total_steps, lr_min=0.0), as schedules.cosine_decay.

    lr = lr_min + (lr_max - lr_min) * (1 + cos(pi * t / total_steps)) / 2 for 0 <= t <= total_steps.
    """
    scalar_cases = [
        (0, 0.1, 100),
        (50, 0.1, 100),
        (100, 0.1, 100),
        (25, 0.1, 100, 0.01),
        (30, 1.0, 40, 0.2),
    ]
    array_case = (np.arange(0, 101, 10), 0.1, 100, 0.001)
    cases = [Case(c, schedules.cosine_decay(*c)) for c in scalar_cases]
    cases.append(
        Case(
            array_case,
            schedules.cosine_decay(*array_case),
            "np.arange(0, 101, 10), 0.1, 100, 0.001",
        )
    )
    feedback = check_function(
        "Exercise 6 (cosine_schedule)",
        function,
        cases,
        name="cosine_schedule",
        hint="The schedule is half a cosine wave: lr_max at t = 0, lr_min at t = "
        "total_steps, and halfway between them at the middle.",
        more="cos runs from 1 to -1 as its angle goes from 0 to pi: turn t / total_steps into "
        "that angle, shift the wave up by 1 and halve it so it runs from 1 to 0, then stretch it "
        "to the height lr_max - lr_min above lr_min. Use numpy's cos so an array of t works.",
        fix="return lr_min + (lr_max - lr_min) * (1 + np.cos(np.pi * t / total_steps)) / 2",
    )
    if feedback.passed or feedback.status != INCORRECT:
        return feedback
    hint = first_hint(function, scalar_cases[3], _cosine_mistakes(*scalar_cases[3]), "")
    if not hint and _raises(function, scalar_cases[0]) and not _raises(function, scalar_cases[3]):
        hint = (
            "Give lr_min a default value of 0.0 in the function's first line: the "
            "schedule is also called with three arguments."
        )
    if not hint and _raises(function, array_case) and not _raises(function, scalar_cases[3]):
        hint = (
            "It fails for an array of steps t: math.cos takes one number only (numpy's "
            "np.cos takes arrays), and an if on t cannot decide for a whole array."
        )
    feedback.hint = hint or feedback.hint
    return feedback


def _cosine_mistakes(t: int, lr_max: float, total: int, lr_min: float) -> list[tuple[Any, str]]:
    """The known wrong cosine schedules at one step, each with its hint."""
    p = t / total
    span = lr_max - lr_min
    return [
        (
            lr_min + span * (1 + math.cos(math.pi * p)),
            "You forgot to halve: one plus the cosine goes from 2 to 0, so your schedule "
            "starts at twice the height.",
        ),
        (
            lr_min + span * (1 + math.cos(p)) / 2,
            "Your cosine's angle runs from 0 to 1 only: it must run from 0 to pi over the "
            "steps, half a wave.",
        ),
        (
            lr_min + span * (1 + math.cos(2 * math.pi * p)) / 2,
            "That is a whole wave, back up to lr_max at the end. The schedule is half a wave.",
        ),
        (
            lr_max * (1 + math.cos(math.pi * p)) / 2,
            "You left out lr_min: the schedule must end at lr_min, not at 0.",
        ),
        (
            lr_min + lr_max * (1 + math.cos(math.pi * p)) / 2,
            "The wave's height is lr_max - lr_min, not lr_max: otherwise it starts above lr_max.",
        ),
        (
            lr_min + span * (1 - math.cos(math.pi * p)) / 2,
            "Your schedule rises from lr_min to lr_max: the wave must fall, starting high.",
        ),
    ]
