"""The contract every exercise check keeps, for every exercise of every lesson.

Read from the lesson sources themselves: each solution cell, with the check cell after it.
The reference solution passes; a missing answer, nbgrader's stub and a function returning
None are "not attempted"; an answer of the wrong type and an answer that raises are
"incorrect" with a message that says so. No check ever raises.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

import jupytext
import pytest

from course_lib import feedback

NOTEBOOKS = Path(__file__).resolve().parents[1] / "notebooks"
LESSONS = sorted(NOTEBOOKS.glob("[0-9][0-9]_*.py"))


@dataclass(frozen=True)
class Exercise:
    lesson: str
    grade_id: str
    imports: str  # every import statement of the lesson, and how it gets its checks
    context: str  # the earlier cells that define a name the solution uses
    solution: str  # the solution cell's code
    check_call: ast.Call  # check.<name>(answer, ...)

    def __str__(self) -> str:
        return f"{self.lesson}:{self.grade_id}"


def _first_check_call(source: str) -> ast.Call | None:
    for node in ast.walk(ast.parse(source)):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and isinstance(node.func.value, ast.Name)
            and node.func.value.id == "check"
        ):
            return node
    return None


def _binds_check(node: ast.stmt) -> bool:
    """``check = checks.for_lesson(...)``: how a lesson gets its checks."""
    return isinstance(node, ast.Assign) and any(
        isinstance(t, ast.Name) and t.id == "check" for t in node.targets
    )


def _free_names(source: str) -> set[str]:
    """Names the code reads but never binds: values it takes from an earlier cell."""
    nodes = list(ast.walk(ast.parse(source)))
    bound = {n.id for n in nodes if isinstance(n, ast.Name) and not isinstance(n.ctx, ast.Load)}
    bound |= {n.arg for n in nodes if isinstance(n, ast.arg)}
    bound |= {n.name for n in nodes if isinstance(n, ast.FunctionDef | ast.ClassDef)}
    read = {n.id for n in nodes if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load)}
    return read - bound


def _defining_cells(cells: list, names: set[str]) -> str:
    """The earlier cells that assign one of ``names`` at top level, in order: ungraded
    cells, and earlier solution cells whose function a later exercise calls (lesson 00's
    train() uses the learner's own predict, mse, gradient and update)."""
    chosen = []
    for cell in cells:
        grading = cell.metadata.get("nbgrader")
        if grading and not grading.get("solution"):
            continue
        body = ast.parse(cell.source).body
        if grading:
            assigned = {node.name for node in body if isinstance(node, ast.FunctionDef)}
        else:
            assigned = {
                target.id
                for node in body
                if isinstance(node, ast.Assign)
                for target in node.targets
                if isinstance(target, ast.Name)
            }
        if assigned & names:
            chosen.append(cell.source)
    return "\n".join(chosen)


def exercises() -> list[Exercise]:
    found = []
    for path in LESSONS:
        cells = [c for c in jupytext.read(path).cells if c.cell_type == "code"]
        imports = "\n".join(
            ast.unparse(node)
            for cell in cells
            for node in ast.parse(cell.source).body
            if isinstance(node, ast.Import | ast.ImportFrom) or _binds_check(node)
        )
        for i, cell in enumerate(cells):
            grading = cell.metadata.get("nbgrader", {})
            if not grading.get("solution") or grading.get("grade"):
                continue
            call = next(
                (
                    _first_check_call(c.source)
                    for c in cells[i + 1 :]
                    if _first_check_call(c.source)
                ),
                None,
            )
            assert call is not None, f"{path.name}: {grading['grade_id']} has no check after it"
            context = _defining_cells(cells[:i], _free_names(cell.source))
            found.append(
                Exercise(path.stem, grading["grade_id"], imports, context, cell.source, call)
            )
    return found


EXERCISES = exercises()


def run_check(exercise: Exercise, answer: object | None = None, *, reference: bool = False):
    """Call the exercise's check with the reference answer, or with ``answer`` in its place."""
    namespace: dict = {}
    exec(exercise.imports, namespace)  # noqa: S102 - the course's own lesson source
    exec(exercise.context, namespace)  # noqa: S102
    exec(exercise.solution, namespace)  # noqa: S102
    args = [eval(ast.unparse(a), namespace) for a in exercise.check_call.args]  # noqa: S307
    kwargs = {k.arg: eval(ast.unparse(k.value), namespace) for k in exercise.check_call.keywords}  # noqa: S307
    if not reference:
        args[0] = answer
    check = getattr(namespace["check"], exercise.check_call.func.attr)
    return check(*args, **kwargs)


def stub(*args, **kwargs):
    raise NotImplementedError()


def raises(*args, **kwargs):
    raise ZeroDivisionError("oops")


def test_every_lesson_has_exercises():
    lessons = {e.lesson for e in EXERCISES}
    assert lessons == {p.stem for p in LESSONS}
    assert len(EXERCISES) >= 4 * len(LESSONS)


@pytest.mark.parametrize("exercise", EXERCISES, ids=str)
def test_the_reference_solution_passes(exercise):
    result = run_check(exercise, reference=True)
    assert isinstance(result, feedback.Feedback) and result.passed, result


@pytest.mark.parametrize("exercise", EXERCISES, ids=str)
@pytest.mark.parametrize(
    "answer",
    [None, ..., stub, lambda *a, **k: None],
    ids=["None", "Ellipsis", "stub", "returns-None"],
)
def test_no_answer_yet_is_not_attempted(exercise, answer):
    assert run_check(exercise, answer).status == feedback.NOT_ATTEMPTED


@pytest.mark.parametrize("exercise", EXERCISES, ids=str)
def test_an_answer_that_raises_is_reported_not_raised(exercise):
    result = run_check(exercise, raises)
    assert result.status == feedback.INCORRECT
    assert "raised ZeroDivisionError: oops" in result.text()


@pytest.mark.parametrize("exercise", EXERCISES, ids=str)
@pytest.mark.parametrize("answer", ["text", [1, 2, 3], object()], ids=["text", "list", "object"])
def test_an_answer_of_the_wrong_type_is_incorrect_and_says_what_came(exercise, answer):
    result = run_check(exercise, answer)
    assert result.status == feedback.INCORRECT
    assert result.message and "Traceback" not in result.text()
