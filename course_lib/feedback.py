"""Exercise checks that answer a learner with feedback, never a traceback.

A check returns a :class:`Feedback`. In a notebook it shows as a short
coloured box: correct, not attempted yet, or not yet right with what was
expected, what came back and a hint. A check never raises, whatever it is
given; :meth:`Feedback.require` raises ``AssertionError`` on purpose, for
the autograder's hidden tests.
"""

from __future__ import annotations

import html
import json
import math
import numbers
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

#: Where a self-study copy keeps reference solutions (written by editions.write_solutions).
SOLUTIONS_DIR = ".solutions"

CORRECT = "correct"
NOT_ATTEMPTED = "not attempted"
INCORRECT = "incorrect"

_STYLE = {
    CORRECT: ("✔", "#009E73", "#E6F5EF"),
    NOT_ATTEMPTED: ("…", "#0072B2", "#E8F1F8"),
    INCORRECT: ("✘", "#D55E00", "#FBEDE6"),
}


@dataclass
class Feedback:
    """The outcome of one check.

    A wrong answer carries help in steps: ``hint`` is a nudge that names the idea
    (shown at once), ``more`` a stronger hint, ``fix`` what to change. The learner
    asks for each in turn: in the notebook by opening "Need more help?" and then
    "Show me the fix" under the feedback; in code with ``.more_help()`` and ``.show_fix()``.
    """

    exercise: str
    status: str
    message: str
    details: list[str] = field(default_factory=list)
    hint: str = ""
    more: str = ""
    fix: str = ""
    lesson: str = ""  # set by checks.for_lesson: which exercise this is, for progress and
    exercise_id: str = ""  # the reference solution of a self-study copy

    @property
    def passed(self) -> bool:
        return self.status == CORRECT

    def text(self) -> str:
        """The feedback as plain text: the message, the details and the nudge."""
        mark = _STYLE[self.status][0]
        lines = [f"{mark} {self.exercise}: {self.message}", *self.details]
        if self.hint and not self.passed:
            lines.append(f"Hint: {self.hint}")
        if (self.more or self.fix) and not self.passed:
            lines.append("(More help: .more_help(); the fix: .show_fix())")
        return "\n".join(lines)

    def more_help(self) -> str:
        """The stronger hint (asked for after the nudge)."""
        if self.passed:
            return "Nothing to help with: this answer is correct."
        return self.more or self.hint or "No further hint for this answer."

    def show_fix(self) -> str:
        """What to change (asked for explicitly, after the hints)."""
        if self.passed:
            return "Nothing to fix: this answer is correct."
        return self.fix or self.more_help()

    def solution(self) -> str:
        """The reference solution, in a self-study copy and once the exercise was tried."""
        if self.status == NOT_ATTEMPTED:
            return "Try the exercise first: the reference solution opens after an attempt."
        code = reference_solution(self.lesson, self.exercise_id)
        if code is None:
            return "This copy of the course holds no reference solutions (a class edition)."
        return code

    def require(self) -> Feedback:
        """Raise AssertionError unless correct (used by the autograder's hidden tests)."""
        if not self.passed:
            raise AssertionError(self.text())
        return self

    def __repr__(self) -> str:
        return self.text()

    def _repr_html_(self) -> str:
        mark, colour, background = _STYLE[self.status]
        details = "".join(f"<li>{html.escape(d)}</li>" for d in self.details)
        help_ = ""
        if not self.passed and self.hint:
            help_ = f"<div><i>Hint:</i> {html.escape(self.hint)}</div>"
        if not self.passed and self.more:
            fix = (
                f"<details style='margin-left:1em'><summary>Show me the fix</summary>"
                f"<div>{html.escape(self.fix)}</div></details>"
                if self.fix
                else ""
            )
            help_ += (
                f"<details><summary>Need more help?</summary><div>{html.escape(self.more)}</div>"
                f"{fix}</details>"
            )
        code = reference_solution(self.lesson, self.exercise_id)
        if code is not None and self.status != NOT_ATTEMPTED:
            help_ += (
                "<details><summary>Show the reference solution</summary>"
                f"<pre>{html.escape(code)}</pre></details>"
            )
        return (
            f"<div role='status' style='border-left:4px solid {colour};background:{background};"
            f"padding:6px 10px;margin:4px 0;color:#222'>"
            f"<b style='color:{colour}'>{mark} {html.escape(self.exercise)}</b>: "
            f"{html.escape(self.message)}"
            f"{f'<ul style=margin:2px>{details}</ul>' if details else ''}{help_}</div>"
        )


def reference_solution(lesson: str, exercise_id: str, folder: Path | None = None) -> str | None:
    """The reference solution of an exercise from a self-study copy's .solutions/, or None."""
    if not lesson or not exercise_id:
        return None
    path = (folder or Path.cwd()) / SOLUTIONS_DIR / f"{lesson}.json"
    try:
        return json.loads(path.read_text(encoding="utf-8")).get(exercise_id)
    except (OSError, ValueError, AttributeError):
        return None


def correct(exercise: str, message: str = "correct, well done!") -> Feedback:
    return Feedback(exercise, CORRECT, message)


def not_attempted(exercise: str, what: str) -> Feedback:
    return Feedback(exercise, NOT_ATTEMPTED, f"not attempted yet. {what}")


def incorrect(
    exercise: str, message: str, *details: str, hint: str = "", more: str = "", fix: str = ""
) -> Feedback:
    """A wrong answer: what was wrong, then help in steps (nudge, stronger hint, fix)."""
    return Feedback(exercise, INCORRECT, message, list(details), hint, more, fix)


def describe(value: Any) -> str:
    """A short, safe description of any value: its type, shape and a glimpse of it."""
    try:
        if value is None:
            return "None"
        if value is Ellipsis:
            return "... (the placeholder)"
        if isinstance(value, bool | np.bool_):
            return f"the boolean {bool(value)}"
        if isinstance(value, numbers.Number):
            return f"the {type(value).__name__} {_short(value)}"
        if isinstance(value, np.ndarray):
            if value.ndim == 0:
                return f"a 0-d array holding {_short(value.item())}"
            return f"an array of shape {value.shape} ({_glimpse(value)})"
        if isinstance(value, str):
            return f"the text {_short(value)}"
        if isinstance(value, list | tuple):
            kind = type(value).__name__
            return f"a {kind} of {len(value)} item{'s' if len(value) != 1 else ''}"
        if callable(value):
            return f"a function ({getattr(value, '__name__', type(value).__name__)})"
        kind = type(value).__name__
        return f"{'an' if kind[:1].lower() in 'aeiou' else 'a'} {kind}"
    except Exception:  # a learner's object whose repr or len fails
        return f"an object of type {type(value).__name__}"


def _glimpse(array: np.ndarray) -> str:
    """The first four values, plainly (no numpy spacing or type names); "…" only if more."""
    values = ", ".join(_short(v.item() if hasattr(v, "item") else v) for v in array.ravel()[:4])
    return values + (", …" if array.size > 4 else "")


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _short(value: Any, limit: int = 40) -> str:
    try:
        text = repr(value)
        if isinstance(value, float) and len(text) > 12:
            text = f"{value:.6g}"
    except Exception:
        text = f"<{type(value).__name__}>"
    return _clip(text, limit)


def compare(got: Any, expected: Any, *, rtol: float = 1e-6, atol: float = 1e-9) -> str | None:
    """Why ``got`` does not match ``expected`` (None if it does).

    ``expected`` is a number, a numpy array, or any other value compared with ``==``.
    """
    try:
        if isinstance(expected, numbers.Number) and not isinstance(expected, bool):
            return _compare_number(got, float(expected), rtol, atol)
        if isinstance(expected, np.ndarray):
            return _compare_array(got, expected, rtol, atol)
        return None if got == expected else f"expected {describe(expected)}"
    except Exception:
        return f"expected {describe(expected)}, but the answer could not be compared"


def _compare_number(got: Any, expected: float, rtol: float, atol: float) -> str | None:
    if isinstance(got, np.ndarray) and got.size == 1:
        got = got.item()
    if isinstance(got, bool) or not isinstance(got, numbers.Real):
        return f"expected a single number like {expected:.6g}"
    got = float(got)
    if not math.isfinite(got):
        return (
            f"expected a finite number like {expected:.6g}; check for a division by zero or log(0)"
        )
    if not math.isclose(got, expected, rel_tol=rtol, abs_tol=atol):
        return f"expected {expected:.6g}"
    return None


def _compare_array(got: Any, expected: np.ndarray, rtol: float, atol: float) -> str | None:
    if not isinstance(got, np.ndarray | list | tuple | numbers.Number):
        return f"expected an array of shape {expected.shape}"
    try:
        array = np.asarray(got, dtype=float)
    except (TypeError, ValueError):
        return f"expected an array of numbers of shape {expected.shape}"
    if array.shape != expected.shape:
        return f"expected an array of shape {expected.shape}, got shape {array.shape}"
    if not np.all(np.isfinite(array)):
        return "expected finite numbers, but the answer holds NaN or infinity"
    if not np.allclose(array, expected, rtol=rtol, atol=atol):
        worst = int(np.argmax(np.abs(array - expected)))
        position = tuple(int(i) for i in np.unravel_index(worst, expected.shape))
        return f"expected ({_glimpse(expected)}); the largest difference is at position {position}"
    return None


def _got_line(got: str, problem: str) -> str:
    """ "Got: …" after an "Expected: …" line, without saying the expected value again."""
    plain = re.fullmatch(r"expected [^;,]+", problem)
    after_glimpse = re.fullmatch(r"expected \(.*\); (.*)", problem)
    if plain and not problem.startswith(("expected a ", "expected an ")):
        return f"Got: {got}."
    if after_glimpse:
        return f"Got: {got} — {after_glimpse.group(1)}."
    return f"Got: {got} — {problem}."


@dataclass
class Case:
    """One call to try a learner's function on, with the answer it must give."""

    args: tuple
    expected: Any
    shown_as: str = ""

    def call_text(self, name: str) -> str:
        if self.shown_as:
            return f"{name}({self.shown_as})"
        return f"{name}({', '.join(_short(a, 30) for a in self.args)})"


def _is_placeholder(value: Any) -> bool:
    return value is None or value is Ellipsis


def _copy(arg: Any) -> Any:
    return arg.copy() if isinstance(arg, np.ndarray) else arg


def check_function(
    exercise: str,
    function: Any,
    cases: Sequence[Case],
    *,
    name: str,
    hint: str = "",
    more: str = "",
    fix: str = "",
    rtol: float = 1e-6,
    atol: float = 1e-9,
) -> Feedback:
    """Call a learner's ``function`` on each case and compare with the expected answers."""
    if _is_placeholder(function):
        return not_attempted(exercise, f"Write the function {name} in the cell above, then run it.")
    if not callable(function):
        return incorrect(
            exercise,
            f"expected the function {name}, got {describe(function)}.",
            hint=f"Pass the function itself: {name}, not {name}(...).",
        )
    for case in cases:
        call = case.call_text(name)
        args = tuple(_copy(a) for a in case.args)
        got, problem = call_safely(exercise, function, args, name=name, call=call)
        if problem is not None:
            if problem.status == INCORRECT:
                problem.hint, problem.more, problem.fix = hint, more, fix
            return problem
        problem = compare(got, case.expected, rtol=rtol, atol=atol)
        if problem:
            return incorrect(
                exercise,
                f"not yet right for {call}.",
                f"Expected: {describe(case.expected)}",
                _got_line(describe(got), problem),
                hint=hint,
                more=more,
                fix=fix,
            )
    return correct(exercise, f"correct on all {len(cases)} test cases. Well done!")


def check_pairs(
    exercise: str,
    function: Any,
    cases: Sequence[Case],
    *,
    name: str,
    parts: tuple[str, str],
    hint: str,
    more: str = "",
    fix: str = "",
) -> Feedback:
    """Like check_function, for a function that returns two things, named ``parts``."""
    for case in cases:
        call = case.call_text(name)
        got, problem = call_safely(
            exercise, function, tuple(_copy(a) for a in case.args), name=name
        )
        if problem is not None:
            if problem.status == INCORRECT and callable(function):
                problem.details.append(f"The call was {call}.")
                problem.hint, problem.more, problem.fix = hint, more, fix
            elif problem.status == INCORRECT:
                problem.hint = f"Pass the function itself: {name}, not {name}(...)."
            return problem
        if not isinstance(got, tuple | list) or len(got) != 2:
            return incorrect(
                exercise,
                f"{call} should return two things, ({parts[0]}, {parts[1]}).",
                f"Got: {describe(got)}.",
                hint=f"End the function with: return {parts[0]}, {parts[1]}",
            )
        if all(_is_placeholder(part) for part in got):
            return not_attempted(
                exercise, f"{call} returned ({describe(got[0])}, {describe(got[1])}): finish it."
            )
        problems = [compare(g, e) for g, e in zip(got, case.expected, strict=True)]
        if any(problems):
            expected = ", ".join(
                f"{part} = {describe(e)}" for part, e in zip(parts, case.expected, strict=True)
            )
            details = [f"Expected: {expected}"]
            for part, g, p in zip(parts, got, problems, strict=True):
                if p:
                    details.append(_got_line(f"{part} = {describe(g)}", p))
            return incorrect(
                exercise, f"not yet right for {call}.", *details, hint=hint, more=more, fix=fix
            )
    return correct(exercise, f"correct on all {len(cases)} test cases. Well done!")


def check_value(
    exercise: str,
    value: Any,
    expected: Any,
    *,
    name: str,
    hint: str = "",
    more: str = "",
    fix: str = "",
    rtol: float = 1e-6,
    atol: float = 1e-9,
) -> Feedback:
    """Compare a value the learner computed (or a function returning it) with the expected one."""
    if _is_placeholder(value):
        return not_attempted(exercise, f"Give {name} a value in the cell above, then run it.")
    value, trouble = answer_of(exercise, value, name=name)
    if trouble is not None:
        return trouble
    problem = compare(value, expected, rtol=rtol, atol=atol)
    if problem:
        return incorrect(
            exercise,
            f"{name} is not yet right.",
            f"Got: {describe(value)} — {problem}.",
            hint=hint,
            more=more,
            fix=fix,
        )
    return correct(exercise)


def answer_of(exercise: str, answer: Any, *, name: str) -> tuple[Any, Feedback | None]:
    """(value, None) for an answer given as a value or as a function of no arguments.

    Lessons ask for one-value answers as functions (``def name(): return ...``), so
    that nbgrader's stub, ``raise NotImplementedError()``, cannot stop the notebook.
    When calling it fails, the value is None and the feedback says why.
    """
    if callable(answer):
        return call_safely(exercise, answer, (), name=name)
    return answer, None


def call_safely(
    exercise: str, function: Any, args: tuple, *, name: str, call: str | None = None
) -> tuple[Any, Feedback | None]:
    """Call a learner's function once: (result, None), or (None, feedback saying why not).

    ``call`` is how the feedback shows the call (``mse([1, 2], [1, 3])``); by default the name.
    """
    call = call or name
    if _is_placeholder(function):
        return None, not_attempted(exercise, f"Write the function {name} in the cell above.")
    if not callable(function):
        return None, incorrect(exercise, f"expected the function {name}, got {describe(function)}.")
    try:
        result = function(*args)
    except NotImplementedError:
        return None, not_attempted(exercise, f"Replace `raise NotImplementedError()` in {name}.")
    except Exception as error:
        return None, incorrect(
            exercise, f"{call} raised {type(error).__name__}: {_clip(str(error), 120)}"
        )
    if _is_placeholder(result):
        return None, not_attempted(
            exercise, f"{call} returned {describe(result)}: finish it and return your answer."
        )
    return result, None


# -- known mistakes: recognise an anticipated wrong answer and name it ------------------------
def quiet_result(function: Any, args: tuple) -> Any:
    """The learner's function on copies of ``args``, numpy warnings silenced; None if it
    fails or is not a function. For recognising mistakes, never for feedback itself."""
    if not callable(function):
        return None
    try:
        with np.errstate(all="ignore"):
            return function(*(_copy(a) for a in args))
    except Exception:  # the learner's function failed: no special hint
        return None


def matches(got: Any, wrong: Any) -> bool:
    """True if ``got`` equals the known answer ``wrong`` (a value, or a tuple of them)."""
    try:
        if isinstance(wrong, tuple):
            return (
                isinstance(got, tuple | list)
                and len(got) == len(wrong)
                and all(matches(g, w) for g, w in zip(got, wrong, strict=True))
            )
        got_array = np.asarray(got, dtype=float)
        wrong_array = np.asarray(wrong, dtype=float)
        return got_array.shape == wrong_array.shape and bool(np.allclose(got_array, wrong_array))
    except Exception:  # garbage, not numbers
        return False


def gives(function: Any, args: tuple, wrong: Any) -> bool:
    """True if the learner's function returns the known wrong answer for ``args``."""
    return matches(quiet_result(function, args), wrong)


def first_hint(function: Any, args: tuple, wrong: Sequence[tuple[Any, str]], default: str) -> str:
    """The hint of the first known wrong answer the learner's function gives, else default."""
    got = quiet_result(function, args)
    for answer, hint in wrong:
        if matches(got, answer):
            return hint
    return default
