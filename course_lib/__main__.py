"""The course's command line: ``python -m course_lib COMMAND``.

Commands
--------
start            refresh your working copy (my_notebooks/, with the reference solutions a
                 check reveals after you try) and open it in JupyterLab; other options
                 (--port 8890, --no-browser) go to jupyter lab; --prepare-only just refreshes
progress         the exercises you have passed in each lesson, and the lesson to open next
release          write the student edition (for a class: no solutions) of chosen lessons
                 (all by default) into a folder, never overwriting a learner's changes
grade            grade a folder of filled notebooks: a grade table and feedback per student
notebooks        write the lessons as .ipynb with solutions (maintainers, instructors)
nbgrader-course  lay the lessons out as an nbgrader course folder (source/<lesson>/)

INSTRUCTORS.md is the instructor's guide to release and grade.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

from course_lib import editions, progress, saving


def _print_report(work_dir: Path, report: list[editions.Refresh]) -> None:
    print(f"Student edition in {work_dir}:")
    for line in report:
        print(f"  {line}")


def start(args: argparse.Namespace) -> int:
    work_dir = Path(args.dir).resolve()
    _print_report(work_dir, editions.refresh_working_copy(work_dir, self_study=True))
    if args.prepare_only:
        return 0
    command = [
        sys.executable,
        "-m",
        "jupyterlab",
        f"--ServerApp.root_dir={work_dir}",
        "--LabApp.default_url=/lab/tree/index.ipynb",
        f"--ContentsManager.pre_save_hook={saving.HOOK}",
        *args.jupyter_args,
    ]
    if hasattr(os, "geteuid") and os.geteuid() == 0 and "--allow-root" not in command:
        command.append("--allow-root")
        print("You are root (as in many containers): starting JupyterLab anyway.")
    print("Opening JupyterLab on the course index (stop it with Ctrl+C).")
    return _run_until_stopped(command)


def _run_until_stopped(command: list[str]) -> int:
    """Run JupyterLab; Ctrl+C is its to answer (it may ask to confirm), and ends quietly."""
    server = subprocess.Popen(command)
    interrupted = False
    while True:
        try:
            code = server.wait()
            break
        except KeyboardInterrupt:  # the same Ctrl+C reaches JupyterLab, which shuts down
            interrupted = True
    if interrupted:
        print("JupyterLab stopped. Start it again with: python -m course_lib start")
        return 0
    return code


def show_progress(args: argparse.Namespace) -> int:
    print(progress.progress_text(Path(args.dir).resolve()))
    return 0


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
    p.add_argument(
        "--prepare-only", action="store_true", help="refresh the working copy, do not open it"
    )
    p.set_defaults(run=start)

    p = commands.add_parser("progress", help="the exercises you have passed, lesson by lesson")
    p.add_argument("--dir", default=editions.WORKING_DIR, help="working folder (my_notebooks)")
    p.set_defaults(run=show_progress)

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
