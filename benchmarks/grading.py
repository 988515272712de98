"""How fast ``grade`` gets through a class: submissions graded per minute.

    python benchmarks/grading.py [--students 44] [--workers N] [--keep DIR]

Generates a realistic class of lesson-00 submissions (most correct or partly
wrong, some blank, some pathological: endless loops, a kernel crash, an
output flood, a memory hog, deleted and retyped cells, files that are not
notebooks), every one different, grades them from scratch on all cores,
then checks that every submission has its rows in the table and that a
re-run grades nothing. Target: >= 30 submissions per minute on 2 cores.
Writes benchmarks/results/grading.json.
"""

from __future__ import annotations

import argparse
import collections
import csv
import json
import os
import platform
import resource
import sys
import tempfile
import time
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO_ROOT))
sys.path.insert(0, str(REPO_ROOT / "tests"))

import grading_cases as cases  # noqa: E402
import nbformat  # noqa: E402

from course_lib import editions, grading  # noqa: E402

TARGET_PER_MINUTE = 30.0
RESULTS = REPO_ROOT / "benchmarks" / "results" / "grading.json"
# The limits an instructor would use for lesson 00 (its slowest cell takes ~1.5 s).
LIMITS = grading.Limits(cell_seconds=10, notebook_seconds=120, memory_mb=2048, output_kb=1024)

#: How a class of 44 splits: kind -> share of the class.
MIX = {
    "correct": 14,
    "partly_wrong": 10,
    "blank": 6,
    "deleted_cell": 2,
    "retyped_cell": 1,
    "duplicated_cell": 1,
    "tampered_checks": 1,
    "infinite_loop": 2,
    "kernel_crash": 1,
    "output_flood": 1,
    "memory_hog": 1,
    "empty_file": 1,
    "invalid_json": 1,
    "renamed_py": 2,
}


def signed(kind: str, lesson: nbformat.NotebookNode, student: str) -> bytes:
    """A submission of ``kind`` that differs from every other student's (as real ones do)."""
    if kind in cases.NOT_NOTEBOOKS:
        data = cases.make(kind, lesson)
        return data + f"\n# {student}\n".encode() if data else data
    notebook = cases.NOTEBOOKS[kind](lesson)
    notebook.cells.insert(0, nbformat.v4.new_markdown_cell(f"Submitted by {student}"))
    return cases.as_bytes(notebook)


def make_class(folder: Path, students: int) -> dict[str, str]:
    lesson = editions.read_source(cases.SOURCE)
    total = sum(MIX.values())
    kinds = [k for k, n in MIX.items() for _ in range(max(1, round(n * students / total)))]
    roster = {f"student{i:03d}": kind for i, kind in enumerate(kinds)}
    for student, kind in roster.items():
        path = folder / student / f"{cases.LESSON}.ipynb"
        path.parent.mkdir(parents=True)
        path.write_bytes(signed(kind, lesson, student))
    return roster


def _cpu_seconds() -> float:
    """CPU time of this process and of every finished descendant (workers, kernels)."""
    mine, theirs = (
        resource.getrusage(who) for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)
    )
    return mine.ru_utime + mine.ru_stime + theirs.ru_utime + theirs.ru_stime


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--students", type=int, default=44)
    parser.add_argument("--workers", type=int, default=None)
    parser.add_argument("--keep", type=Path, default=None, help="keep the class and results here")
    args = parser.parse_args()
    root = args.keep or Path(tempfile.mkdtemp(prefix="grading-benchmark-"))
    roster = make_class(root / "submissions", args.students)
    workers = args.workers or os.cpu_count()
    print(f"{len(roster)} submissions, {workers} workers, limits {LIMITS}", file=sys.stderr)

    started, cpu_before = time.monotonic(), _cpu_seconds()
    run = grading.grade(root / "submissions", root / "results", limits=LIMITS, workers=workers)
    seconds, cpu = time.monotonic() - started, _cpu_seconds() - cpu_before
    rerun = grading.grade(root / "submissions", root / "results", limits=LIMITS, progress=False)

    with (root / "results" / "grades.csv").open(encoding="utf-8") as file:
        rows = list(csv.DictReader(file))
    per_student = collections.Counter(row["student"] for row in rows)
    exercises = sum(
        1
        for cell in editions.read_source(cases.SOURCE).cells
        if cell.metadata.get("nbgrader", {}).get("grade")
    )
    missing = [s for s in roster if per_student[s] != exercises]
    statuses = collections.Counter(row["status"] for row in rows)
    per_minute = 60 * len(roster) / seconds
    result = {
        "submissions": len(roster),
        "workers": workers,
        "cores": os.cpu_count(),
        "load_average_1min": os.getloadavg()[0],
        "seconds": round(seconds, 1),
        "per_minute": round(per_minute, 1),
        # CPU of the grader, its workers and every kernel: what the class costs on an idle
        # machine, where per_minute could reach cores * 60 / cpu_seconds_per_submission
        "cpu_seconds": round(cpu, 1),
        "cpu_seconds_per_submission": round(cpu / len(roster), 2),
        "per_minute_if_idle": round(60 * workers * len(roster) / max(cpu, seconds / 100), 1),
        "target_per_minute": TARGET_PER_MINUTE,
        "all_accounted_for": not missing and run.submissions == len(roster),
        "rerun_graded": rerun.graded,
        "statuses": dict(sorted(statuses.items())),
        "mix": dict(collections.Counter(roster.values())),
        "limits": LIMITS.__dict__,
        "machine": platform.platform(),
    }
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(result, indent=1), encoding="utf-8")
    verdict = "PASS" if per_minute >= TARGET_PER_MINUTE else "MISS"
    print(json.dumps(result, indent=1))
    print(
        f"{verdict}: {per_minute:.1f} submissions/minute (target >= {TARGET_PER_MINUTE:g}; "
        f"load average {result['load_average_1min']:.1f} on {os.cpu_count()} cores; "
        f"{result['per_minute_if_idle']:.0f}/minute from CPU time alone); "
        f"{len(roster) - len(missing)}/{len(roster)} accounted for; re-run graded {rerun.graded}"
    )
    return 0 if verdict == "PASS" and not missing and rerun.graded == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
