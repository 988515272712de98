"""The instructor's grader: ``python -m course_lib grade SUBMISSIONS --out RESULTS``.

Rules, in the order a submission meets them:

- A submission is read once, from a scratch copy, and never written to.
- What runs is the course's lesson with the student's solution cells put in
  by ``grade_id`` (:func:`course_lib.submissions.assemble`): the checks and
  their hidden tests come from the course, never from the student's copy.
- Each submission runs in its own kernel process (:mod:`course_lib.sandbox`),
  in a pool of worker processes, one per core, with a time limit per cell
  (the kernel is interrupted, and the next cells still run) and per notebook,
  a cap on each cell's output, and a memory limit (``RLIMIT_AS``) on the kernel.
- Only the cells a grade can depend on run (:mod:`course_lib.pruning`): the
  solution and check cells, and every cell that binds a name one of them
  reads, found by reading the code; the lesson's live experiments,
  predict-first widgets and numbers for the prose are skipped, and so are the
  imports nothing that runs reads (the lesson's experiments and widgets).
  Student code can read a skipped name where reading cannot see it
  (``globals()``, ``eval``): when a cell that ran fails with ``NameError`` (or
  a check reports one) on a name only what was skipped binds, the submission
  is graded again with every cell.
- Every cell runs whatever the ones before it raised (nbclient's
  ``allow_errors``); an exercise scores its points when its check cell raised
  nothing, and 0 otherwise, as nbgrader scores a test cell (nbgrader also
  gives 0 to a cell that wrote to stderr; this grader does not).
- A solution that kills the kernel is replaced by nbgrader's stub and the
  notebook is run again, so the other exercises are still graded.
- A file that is not a notebook is reported, with what it is instead.
- Results are cached by the submission's hash, the course's version and the
  limits, so a re-run grades only what changed and writes identical files.

The points come from the check functions in ``course_lib.checks``, the same
ones that give a learner feedback in the lesson. This module imports no
lesson module.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import os
import re
import sys
import tempfile
import threading
import time
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import asdict, dataclass
from multiprocessing import get_context
from pathlib import Path

from nbformat import NotebookNode

from course_lib import editions, pruning, submissions
from course_lib.feedback import _STYLE, INCORRECT, NOT_ATTEMPTED
from course_lib.reports import (
    CSV_COLUMNS,
    ExerciseResult,
    Outcome,
    feedback_files,
    grade_table,
    outcome_from,
)
from course_lib.sandbox import (
    ERROR,
    KERNEL_DIED,
    NOT_RUN,
    OK,
    OUTPUT_LIMIT,
    TIMED_OUT,
    CellRun,
    Limits,
    run_cells,
)

__all__ = ["CSV_COLUMNS", "Limits", "grade", "grade_file", "run_submission"]

PASSED = "passed"
OUT_OF_MEMORY = "out of memory"
NOT_A_NOTEBOOK = "not a notebook"


class GradingError(ValueError):
    """The grader cannot start (no such folder, say); a bad submission is never one."""


# --- grading one notebook ------------------------------------------------------------


def run_submission(
    lesson: NotebookNode, submitted: NotebookNode, limits: Limits, *, prune: bool = True
) -> Outcome:
    """Grade one notebook: build it from the lesson, run it, score each exercise.

    With ``prune``, only the cells a grade can depend on run (:mod:`course_lib.pruning`).
    """
    exercises = submissions.exercises(lesson)
    # the cells after the last check cannot change a grade: they are not run
    last = max(e.check_index for e in exercises) if exercises else -1
    aborted: dict[str, CellRun] = {}  # exercises whose solution killed or hung the kernel
    deadline = time.monotonic() + limits.notebook_seconds
    while True:
        assembly = submissions.assemble(lesson, submitted, frozenset(_solutions(aborted, lesson)))
        plan = pruning.cells_to_run(assembly.notebook, last) if prune else None
        for index, source in plan.sources.items() if plan else ():
            assembly.notebook.cells[index].source = source  # the lesson's, less unused imports
        with tempfile.TemporaryDirectory(prefix="grading-") as folder:
            only = plan.cells if plan else None
            runs, stop = asyncio.run(
                run_cells(assembly.notebook, limits, folder, deadline, last_cell=last, only=only)
            )
        culprit = _exercise_at(stop, exercises, lesson) if stop is not None else None
        if culprit is not None and culprit.grade_id not in aborted:
            aborted[culprit.grade_id] = runs[stop]  # run again with its solution stubbed
        elif plan is not None and _needed_a_skipped_cell(runs, plan):
            prune = False  # run again with every cell
        else:
            break
    return _score(exercises, assembly, runs, aborted, limits, submissions.hidden_lines(lesson))


_UNDEFINED = re.compile(r"name '(\w+)' is not defined")


def _needed_a_skipped_cell(runs: dict[int, CellRun], plan: pruning.Plan) -> bool:
    """True if a cell failed (or a check reported) NameError on a name only skipped code binds."""
    return any(
        name in plan.skipped_names
        for run in runs.values()
        if run.status == ERROR
        for name in _UNDEFINED.findall(run.evalue)
    )


def _solutions(aborted: dict[str, CellRun], lesson: NotebookNode) -> list[str]:
    return [s for e in submissions.exercises(lesson) if e.grade_id in aborted for s in e.solutions]


def _exercise_at(
    index: int, exercises: list[submissions.Exercise], lesson: NotebookNode
) -> submissions.Exercise | None:
    """The exercise whose check or solution cell is cell ``index``."""
    grade_id = lesson.cells[index].get("metadata", {}).get("nbgrader", {}).get("grade_id")
    for exercise in exercises:
        if grade_id == exercise.grade_id or grade_id in exercise.solutions:
            return exercise
    return None


def _status_of_failure(run: CellRun, limits: Limits) -> tuple[str, str]:
    if run.status == KERNEL_DIED:
        return KERNEL_DIED, (
            "the kernel died while this ran (os._exit, a crash, or more memory than the "
            f"{limits.memory_mb} MB limit); the exercise was graded as not attempted"
        )
    if run.status == TIMED_OUT:
        how = f" and {run.evalue}" if run.evalue else ""
        return TIMED_OUT, f"still running after {limits.cell_seconds:g} s{how}: stopped"
    if run.status == OUTPUT_LIMIT:
        return OUTPUT_LIMIT, f"printed more than {limits.output_kb} KB: stopped"
    if run.status == NOT_RUN:
        return NOT_RUN, run.evalue
    if run.ename == "MemoryError" or "raised MemoryError" in run.evalue:
        return OUT_OF_MEMORY, f"ran out of memory (the limit is {limits.memory_mb} MB)"
    if run.ename == "AssertionError" and run.evalue:
        mark = run.evalue[:1]
        status = NOT_ATTEMPTED if mark == _STYLE[NOT_ATTEMPTED][0] else INCORRECT
        return status, run.evalue
    return ERROR, f"{run.ename}: {run.evalue}".strip(": ")


def _score(
    exercises: list[submissions.Exercise],
    assembly: submissions.Assembly,
    runs: dict[int, CellRun],
    aborted: dict[str, CellRun],
    limits: Limits,
    hidden: list[str],
) -> Outcome:
    notebook = assembly.notebook
    ids = {
        c.get("metadata", {}).get("nbgrader", {}).get("grade_id"): i
        for i, c in enumerate(notebook.cells)
    }
    stopped = [i for i, r in runs.items() if r.status in (KERNEL_DIED, TIMED_OUT)]
    why = (
        f"cell {stopped[-1] + 1} of the lesson {_what_happened(runs[stopped[-1]])}"
        if stopped
        else ""
    )
    not_run = CellRun(NOT_RUN, evalue=f"not run: {why}; no cell after it ran")
    results = []
    for exercise in exercises:
        run = aborted.get(exercise.grade_id) or runs.get(exercise.check_index, not_run)
        notes = list(assembly.notes.get(exercise.grade_id, []))
        for solution in exercise.solutions:
            solution_run = runs.get(ids.get(solution, -1))
            if solution_run and solution_run.status not in (OK, NOT_RUN):
                notes.append(f"your solution cell '{solution}' {_what_happened(solution_run)}")
        if run.status == OK:
            status, message, points = PASSED, run.result, exercise.points
        else:
            (status, message), points = _status_of_failure(run, limits), 0.0
        results.append(
            ExerciseResult(
                exercise.grade_id,
                points,
                exercise.points,
                status,
                _without(hidden, message),
                [_without(hidden, n) for n in notes],
            )
        )
    return Outcome(results, assembly.notes.get("", []))


def _what_happened(run: CellRun) -> str:
    if run.status == KERNEL_DIED:
        return "killed the kernel"
    if run.status == TIMED_OUT:
        return f"ran past its time limit{' and ' + run.evalue if run.evalue else ''}"
    if run.status == OUTPUT_LIMIT:
        return "printed past the output limit"
    return f"raised {run.ename}{': ' + run.evalue if run.evalue else ''}"


def _without(hidden: list[str], text: str) -> str:
    """The text with any line of a hidden test blanked out (a check never shows one)."""
    for line in hidden:
        text = text.replace(line, "[hidden test]")
    return text


# --- one job, in a worker process -----------------------------------------------------


def grade_file(data: bytes, lesson_source: Path, limits: Limits) -> Outcome:
    """Grade the bytes of one submitted file against a lesson source (``notebooks/NN_x.py``)."""
    lesson = editions.read_source(lesson_source)
    try:
        with tempfile.TemporaryDirectory(prefix="submission-") as scratch:
            copy = Path(scratch) / "submission.ipynb"
            copy.write_bytes(data)
            submitted = submissions.read_submission(copy.read_bytes())
    except submissions.NotANotebook as problem:
        return Outcome(
            [
                ExerciseResult(e.grade_id, 0.0, e.points, NOT_A_NOTEBOOK, str(problem))
                for e in submissions.exercises(lesson)
            ],
            [f"this file is {problem}"],
        )
    return run_submission(lesson, submitted, limits)


def _grade_job(job: tuple[bytes, str, Limits]) -> dict:
    data, lesson_source, limits = job
    return asdict(grade_file(data, Path(lesson_source), limits))


# --- a whole folder ----------------------------------------------------------------------


def course_version(lesson_source: Path) -> str:
    """A hash of what decides a grade: the lesson, every course_lib module and data file."""
    digest = hashlib.sha256(lesson_source.read_bytes())
    package = Path(__file__).resolve().parent
    files = [*package.rglob("*.py"), *(editions.COURSE_ROOT / "data").rglob("*")]
    for path in sorted(p for p in files if p.is_file()):
        name = str(path.relative_to(editions.COURSE_ROOT))
        digest.update(name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def _cache_key(data: bytes, version: str, limits: Limits) -> str:
    parts = [hashlib.sha256(data).hexdigest(), version, json.dumps(asdict(limits))]
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


def write_atomic(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` so that a reader sees the old file or the new, never half."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as file:
            file.write(text)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


@dataclass
class GradeRun:
    """What one ``grade`` did."""

    layout: str
    submissions: int
    graded: int
    cached: int
    table: Path
    feedback: Path
    seconds: float

    def __str__(self) -> str:
        return (
            f"Layout: {self.layout}\n"
            f"{self.submissions} submissions: {self.graded} graded, {self.cached} unchanged "
            f"(cached) in {self.seconds:.1f} s\n"
            f"Grade table: {self.table}\nFeedback: {self.feedback}/"
        )


def grade(
    submissions_dir: Path,
    out_dir: Path,
    *,
    limits: Limits | None = None,
    workers: int | None = None,
    source_dir: Path = editions.SOURCE_DIR,
    progress: bool = True,
) -> GradeRun:
    """Grade every submission under ``submissions_dir``; write the table and feedback."""
    started, limits = time.monotonic(), limits or Limits()
    sources = {p.stem: p for p in editions.lesson_sources(source_dir) if p.stem != "index"}
    try:
        layout, found = submissions.find_submissions(submissions_dir, sorted(sources))
    except FileNotFoundError as error:
        raise GradingError(str(error)) from None
    versions = {name: course_version(path) for name, path in sources.items()}
    cache = out_dir / ".cache"
    keys: dict[Path, str] = {}
    jobs: dict[str, tuple[bytes, str, Limits]] = {}
    fresh = set()
    for item in found:
        if not item.known_lesson:
            continue
        data = item.path.read_bytes()
        key = keys[item.path] = _cache_key(data, versions[item.lesson], limits)
        if (cache / f"{key}.json").is_file() or key in fresh:
            continue
        fresh.add(key)
        try:
            submissions.read_submission(data)
        except submissions.NotANotebook:  # no kernel needed: grade it here
            outcome = grade_file(data, sources[item.lesson], limits)
            write_atomic(cache / f"{key}.json", json.dumps(asdict(outcome), sort_keys=True))
            continue
        jobs[key] = (data, str(sources[item.lesson]), limits)
    _run_jobs(jobs, cache, workers, progress)

    outcomes = {}
    for item in found:
        if item.known_lesson:
            stored = cache / f"{keys[item.path]}.json"
            if not stored.is_file():
                stored = cache / "failed" / f"{keys[item.path]}.json"
            outcomes[item.path] = outcome_from(json.loads(stored.read_text(encoding="utf-8")))
    table = out_dir / "grades.csv"
    write_atomic(table, grade_table(found, outcomes))
    for student, text in feedback_files(found, outcomes).items():
        write_atomic(out_dir / "feedback" / f"{student}.md", text)
    graded = sum(1 for item in found if keys.get(item.path) in fresh)
    return GradeRun(
        layout,
        len(found),
        graded,
        len(keys) - graded,
        table,
        out_dir / "feedback",
        time.monotonic() - started,
    )


def _run_jobs(jobs: dict, cache: Path, workers: int | None, progress: bool) -> None:
    if not jobs:
        return
    bar = _Progress(len(jobs), progress)
    failed = _run_pool(jobs, cache, workers, bar)
    if failed:  # a worker process died (not a kernel: the grader itself); once more, alone
        failed = _run_pool({key: jobs[key] for key in failed}, cache, 1, bar, retry=True)
    for key, error in failed.items():  # reported, never cached: a re-run tries again
        outcome = Outcome([], [f"the grader's worker process failed: {error}"])
        write_atomic(cache / "failed" / f"{key}.json", json.dumps(asdict(outcome)))
    bar.close()


def _run_pool(
    jobs: dict, cache: Path, workers: int | None, bar: _Progress, retry: bool = False
) -> dict[str, str]:
    """Grade ``jobs`` in worker processes, caching each outcome; the jobs that failed."""
    workers = max(1, min(workers or os.cpu_count() or 1, len(jobs)))
    failed = {}
    pool = ProcessPoolExecutor(
        workers, get_context("spawn"), initializer=_watch_parent, initargs=(os.getpid(),)
    )
    try:
        futures = {pool.submit(_grade_job, job): key for key, job in jobs.items()}
        for future in as_completed(futures):
            key = futures[future]
            try:
                result = future.result()
            except Exception as error:
                failed[key] = repr(error)
                continue
            write_atomic(cache / f"{key}.json", json.dumps(result, sort_keys=True))
            (cache / "failed" / f"{key}.json").unlink(missing_ok=True)
            bar.step()
    except BaseException:  # Ctrl+C: stop now; what was graded is cached for the next run
        for process in list(getattr(pool, "_processes", {}).values()):
            process.kill()  # its kernel follows it (see sandbox's launcher)
        pool.shutdown(wait=False, cancel_futures=True)
        raise
    pool.shutdown()
    if retry:
        for _ in failed:
            bar.step()
    return failed


def _watch_parent(parent: int) -> None:
    """In a worker: exit as soon as the grader that started it is gone."""

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(1)
        os._exit(1)

    threading.Thread(target=watch, daemon=True).start()


class _Progress:
    """A plain-text progress bar on stderr."""

    def __init__(self, total: int, shown: bool) -> None:
        self.total, self.done, self.shown = total, 0, shown
        self.started = time.monotonic()

    def step(self) -> None:
        self.done += 1
        if not self.shown:
            return
        filled = int(30 * self.done / self.total)
        elapsed = time.monotonic() - self.started
        end = "\r" if sys.stderr.isatty() and self.done < self.total else "\n"
        sys.stderr.write(
            f"grading [{'#' * filled}{'.' * (30 - filled)}] {self.done}/{self.total} "
            f"({elapsed:.0f} s){end}"
        )
        sys.stderr.flush()

    def close(self) -> None:
        if self.shown and sys.stderr.isatty():
            sys.stderr.write("\n")
