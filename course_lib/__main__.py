"""The course's command line: ``python -m course_lib COMMAND``.

Commands
--------
start            refresh your working copy (my_notebooks/) and open it in JupyterLab;
                 other options (--port 8890, --no-browser) go to jupyter lab
release          write the student edition of chosen lessons (all by default) into a
                 folder, never overwriting a learner's changes
grade            grade a folder of filled notebooks: a grade table and feedback per student
notebooks        write the lessons as .ipynb with solutions (maintainers, instructors)
nbgrader-course  lay the lessons out as an nbgrader course folder (source/<lesson>/)

INSTRUCTORS.md is the instructor's guide to release and grade.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

from course_lib import editions


def _print_report(work_dir: Path, report: list[editions.Refresh]) -> None:
    print(f"Student edition in {work_dir}:")
    for line in report:
        print(f"  {line}")


def start(args: argparse.Namespace) -> int:
    work_dir = Path(args.dir).resolve()
    _print_report(work_dir, editions.release(None, work_dir))
    command = [
        sys.executable,
        "-m",
        "jupyterlab",
        f"--ServerApp.root_dir={work_dir}",
        "--LabApp.default_url=/lab/tree/index.ipynb",
        *args.jupyter_args,
    ]
    print("Opening JupyterLab on the course index (stop it with Ctrl+C).")
    return subprocess.call(command)


def release(args: argparse.Namespace) -> int:
    work_dir = Path(args.dir).resolve()
    _print_report(work_dir, editions.release(args.lessons, work_dir))
    return 0


def grade(args: argparse.Namespace) -> int:
    from course_lib import grading  # only the instructor's command needs the grader

    limits = grading.Limits(
        cell_seconds=args.cell_timeout,
        notebook_seconds=args.notebook_timeout,
        memory_mb=args.memory_limit,
        output_kb=args.output_limit,
    )
    try:
        summary = grading.grade(
            Path(args.submissions), Path(args.out), limits=limits, workers=args.workers
        )
    except grading.GradingError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("\ninterrupted: what was graded is kept; run again to go on", file=sys.stderr)
        return 130
    print(summary)
    return 0


def notebooks(args: argparse.Namespace) -> int:
    for path in editions.build_source_notebooks(Path(args.dir)):
        print(path)
    return 0


def nbgrader_course(args: argparse.Namespace) -> int:
    for path in editions.build_nbgrader_course(Path(args.dir)):
        print(path)
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m course_lib", description=__doc__.split("\n")[0]
    )
    commands = parser.add_subparsers(dest="command", required=True)

    p = commands.add_parser("start", help="refresh your working copy and open JupyterLab")
    p.add_argument("--dir", default=editions.WORKING_DIR, help="working folder (my_notebooks)")
    p.set_defaults(run=start)

    p = commands.add_parser("release", help="write the student edition of chosen lessons")
    p.add_argument("lessons", nargs="*", help="lessons (01_loss or 01; index); all if none")
    p.add_argument("--dir", default=editions.WORKING_DIR, help="target folder (my_notebooks)")
    p.set_defaults(run=release)

    p = commands.add_parser("grade", help="grade a folder of filled notebooks")
    p.add_argument("submissions", help="SUBMISSIONS/<student>/<lesson>.ipynb or nbgrader's")
    p.add_argument("--out", required=True, help="folder for grades.csv and feedback/")
    p.add_argument("--workers", type=int, default=None, help="parallel kernels (all cores)")
    p.add_argument("--cell-timeout", type=float, default=30.0, help="seconds per cell (30)")
    p.add_argument(
        "--notebook-timeout", type=float, default=300.0, help="seconds per notebook (300)"
    )
    p.add_argument("--memory-limit", type=int, default=4096, help="MB per kernel (4096)")
    p.add_argument("--output-limit", type=int, default=1024, help="KB of output per cell (1024)")
    p.set_defaults(run=grade)

    p = commands.add_parser("notebooks", help="write the lessons with solutions as .ipynb")
    p.add_argument("dir", help="target folder")
    p.set_defaults(run=notebooks)

    p = commands.add_parser("nbgrader-course", help="write an nbgrader source/ folder")
    p.add_argument("dir", help="the nbgrader course folder")
    p.set_defaults(run=nbgrader_course)

    args, extra = parser.parse_known_args(argv)
    if extra and args.command != "start":
        parser.error(f"unrecognized arguments: {' '.join(extra)}")
    args.jupyter_args = extra  # start passes what it does not know on to jupyter lab
    try:
        return args.run(args)
    except editions.EditionError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
