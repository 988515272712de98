"""Measure the course against its performance targets.

    python benchmarks/run.py [--skip-install] [--skip-browser] [--passes N] [--lessons 00 02 ...]

1. headless execution time of each lesson (source edition, nbclient) and of the course;
2. kernel-side latency of one update, for every control of every experiment
   (set the control's value on an ipympl canvas, until the new image is encoded);
3. in a real browser, every control of every experiment (the browser test's sweep):
   time from each move to changed canvas pixels;
4. a fresh learner install: wall time and size on disk of a new virtualenv.

Prints a table with PASS/MISS per row and writes benchmarks/results/latest.json.
"""

from __future__ import annotations

import argparse
import importlib
import inspect
import json
import pkgutil
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import ipywidgets as widgets
import nbformat
import numpy as np
from nbclient import NotebookClient

REPO_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO_ROOT / "tests"))

from browser import browser_unavailable, chromium, course_server, lesson_names  # noqa: E402

import course_lib.lessons  # noqa: E402
from course_lib import editions, plots  # noqa: E402
from course_lib.live import Experiment  # noqa: E402

RESULTS = REPO_ROOT / "benchmarks" / "results" / "latest.json"
TARGETS = {
    "course_s": 120.0,
    "lesson_s": 30.0,
    "update_median_ms": 50.0,
    "update_p95_ms": 100.0,
    "browser_ms": 250.0,
    "install_mb": 657.0,  # 5% above the 626 MB floor of a bare venv with the same libraries
}
SLIDER_POINTS = 20
_SUBCLASS_HOOKS = ("make_controls", "compute", "build", "update", "describe")


# -- 1. headless execution -----------------------------------------------------------
def time_lessons(lessons: list[str]) -> dict[str, dict]:
    """Execute each lesson's source edition in a fresh kernel; wall time per lesson."""
    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        for path in editions.build_source_notebooks(Path(tmp)):
            if path.stem not in lessons:
                continue
            notebook = nbformat.read(path, as_version=4)
            client = NotebookClient(
                notebook,
                timeout=600,
                kernel_name="python3",
                resources={"metadata": {"path": tmp}},
            )
            start = time.perf_counter()
            try:
                client.execute()
                error = None
            except Exception as failure:  # report it, keep measuring the others
                error = f"{type(failure).__name__}: {str(failure).strip().splitlines()[-1]}"
            results[path.stem] = {"seconds": time.perf_counter() - start, "error": error}
    return results


# -- 2. kernel-side update latency ------------------------------------------------------
def experiment_classes() -> list[type[Experiment]]:
    """Every concrete Experiment subclass defined in a course_lib.lessons module."""
    for module in pkgutil.walk_packages(course_lib.lessons.__path__, "course_lib.lessons."):
        importlib.import_module(module.name)
    found, stack = [], list(Experiment.__subclasses__())
    while stack:
        cls = stack.pop()
        stack.extend(cls.__subclasses__())
        concrete = all(
            getattr(cls, hook) is not getattr(Experiment, hook) for hook in _SUBCLASS_HOOKS
        )
        if (
            cls.__module__.startswith("course_lib.lessons.")
            and not cls.__name__.startswith("_")
            and concrete
            and not inspect.isabstract(cls)
        ):
            found.append(cls)
    return sorted(set(found), key=lambda c: (c.__module__, c.__name__))


def control_values(control: widgets.ValueWidget) -> list:
    """The values a sweep sets: ~20 across a slider's range, every option of a choice."""
    if isinstance(control, widgets.FloatLogSlider):
        exponents = np.linspace(control.min, control.max, SLIDER_POINTS)
        return [float(control.base**e) for e in exponents]
    if isinstance(control, widgets.IntSlider | widgets.IntRangeSlider):
        return sorted({int(round(v)) for v in np.linspace(control.min, control.max, SLIDER_POINTS)})
    if hasattr(control, "min") and hasattr(control, "max"):
        return [float(v) for v in np.linspace(control.min, control.max, SLIDER_POINTS)]
    if hasattr(control, "options"):
        return [value for _, value in control._options_full]  # (label, value) pairs
    if isinstance(control, widgets.Checkbox | widgets.ToggleButton):
        return [not control.value, control.value]
    return []


def live_experiment(cls: type[Experiment]) -> tuple[Experiment, list]:
    """The experiment on a real ipympl canvas, as in a kernel whose browser view is connected.

    Nothing is sent anywhere: the canvas's messages (the PNG images it would push to
    the browser) are collected in the returned list instead.
    """
    real_in_kernel = plots.in_kernel
    plots.in_kernel = lambda: True
    try:
        experiment = cls()
    finally:
        plots.in_kernel = real_in_kernel
    canvas = experiment.figure.canvas
    sent: list = []
    canvas.send = lambda content, buffers=None: sent.append(buffers)
    canvas.syncing_data_url = False  # what ipympl sets when the browser view says hello
    canvas.draw()  # the full image a newly connected view asks for
    return experiment, sent


def time_updates(cls: type[Experiment]) -> dict:
    """Time set-value → new image ready to send, for every value of every control.

    This is the whole kernel-side work of one move: compute, update the artists,
    redraw (or repaint the moving artists) and encode the changed pixels as PNG.
    Cold caches are included.
    """
    experiment, sent = live_experiment(cls)
    canvas = experiment.figure.canvas
    draws = []
    for _ in range(5):  # the cost of a full draw and push, nothing changed
        start = time.perf_counter()
        canvas.draw()
        draws.append((time.perf_counter() - start) * 1000)
    samples, per_control = [], {}
    for name, control in experiment.controls.items():
        default = control.value
        times = []
        for value in control_values(control):
            if value == control.value:
                continue
            images = len(sent)
            start = time.perf_counter()
            control.value = value
            times.append((time.perf_counter() - start) * 1000)
            if len(sent) == images:
                raise RuntimeError(f"moving {name} to {value!r} sent no new image")
        with experiment.hold():
            control.value = default
        experiment.refresh()
        per_control[name] = {
            "n": len(times),
            "median_ms": statistics.median(times) if times else None,
            "p95_ms": float(np.percentile(times, 95)) if times else None,
            "max_ms": max(times) if times else None,
        }
        samples.extend(times)
    return {
        "n": len(samples),
        "median_ms": statistics.median(samples) if samples else None,
        "p95_ms": float(np.percentile(samples, 95)) if samples else None,
        "full_draw_ms": statistics.median(draws),
        "controls": per_control,
    }


def time_all_updates(lessons: list[str]) -> dict[str, dict]:
    topics = {lesson.split("_", 1)[1] for lesson in lessons}
    results = {}
    for cls in experiment_classes():
        if cls.__module__.split(".")[2] not in topics:
            continue
        key = f"{cls.__module__.removeprefix('course_lib.lessons.')}.{cls.__name__}"
        try:
            results[key] = time_updates(cls)
        except Exception as failure:  # report it, keep measuring the others
            results[key] = {"error": f"{type(failure).__name__}: {failure}"}
    return results


# -- 3. browser: control move to pixels ---------------------------------------------------
def time_browser(lessons: list[str], passes: int) -> dict[str, dict]:
    """Every control of every experiment in a real browser: move to changed canvas pixels.

    The browser test's sweep (sliders to both ends, every dropdown option, play and
    stop), ``passes`` times per experiment; after each move it waits until the canvas
    equals the kernel's own drawing, so no move is timed against a stale picture.
    """
    from browser import SweepingPage

    results = {}
    with tempfile.TemporaryDirectory() as tmp, course_server(Path(tmp)) as server:
        with chromium() as browser:
            for lesson in lessons:
                context = browser.new_context(viewport={"width": 1280, "height": 1000})
                notebook = SweepingPage(context.new_page(), server, lesson)
                try:
                    notebook.open()
                    notebook.run_all()
                    notebook.check_no_errors()
                    boxes, model_ids = notebook.experiments(), notebook.model_ids()
                    for index, (box, model_id) in enumerate(zip(boxes, model_ids, strict=True)):
                        moves: dict[str, list[float]] = {}
                        for _ in range(passes):
                            sweep = notebook.sweep(index, box, model_id)
                            for control, ms in sweep.by_control.items():
                                moves.setdefault(control, []).extend(ms)
                        for control, ms in moves.items():
                            results[f"{lesson} #{index} {control}"] = {
                                "median_ms": statistics.median(ms),
                                "all_ms": [round(m, 1) for m in ms],
                            }
                except AssertionError as failure:
                    results[lesson] = {"error": str(failure).splitlines()[0]}
                finally:
                    context.close()
    return results


# -- 4. a fresh learner install ---------------------------------------------------------------
def time_install() -> dict:
    """Create a venv, install requirements.txt and the course; wall time and size on disk."""
    with tempfile.TemporaryDirectory() as tmp:
        venv = Path(tmp) / "venv"
        python = venv / "bin" / "python"
        start = time.perf_counter()
        steps = [
            [sys.executable, "-m", "venv", str(venv)],
            [str(python), "-m", "pip", "install", "-q", "-r", str(REPO_ROOT / "requirements.txt")],
            [str(python), "-m", "pip", "install", "-q", "--no-deps", "-e", str(REPO_ROOT)],
        ]
        for step in steps:
            subprocess.run(step, check=True, cwd=tmp)
        seconds = time.perf_counter() - start
        du = subprocess.run(["du", "-sm", str(venv)], check=True, capture_output=True, text=True)
        return {"seconds": seconds, "mb": float(du.stdout.split()[0])}


# -- report -----------------------------------------------------------------------------------
def verdict(ok: bool | None) -> str:
    return "-" if ok is None else ("PASS" if ok else "MISS")


def table(results: dict) -> list[tuple[str, str, str, str]]:
    rows = []
    lessons = results.get("lessons", {})
    for name, r in lessons.items():
        ok = r["error"] is None and r["seconds"] <= TARGETS["lesson_s"]
        shown = f"{r['seconds']:.1f} s" + (f" ({r['error']})" if r["error"] else "")
        rows.append((f"headless {name}", shown, f"<= {TARGETS['lesson_s']:.0f} s", verdict(ok)))
    if len(lessons) == len(lesson_names()):
        total = sum(r["seconds"] for r in lessons.values())
        ok = total <= TARGETS["course_s"] and all(r["error"] is None for r in lessons.values())
        rows.append(("headless whole course", f"{total:.1f} s", "<= 120 s", verdict(ok)))
    for name, r in results.get("updates", {}).items():
        if "error" in r or r["median_ms"] is None:
            rows.append((f"update {name}", r.get("error", "no controls"), "", "MISS"))
            continue
        for control, c in r["controls"].items():  # every control is held to the targets
            if c["median_ms"] is None:
                continue
            ok = (
                c["median_ms"] <= TARGETS["update_median_ms"]
                and c["p95_ms"] <= TARGETS["update_p95_ms"]
            )
            shown = (
                f"median {c['median_ms']:.0f} ms, p95 {c['p95_ms']:.0f} ms, "
                f"max {c['max_ms']:.0f} ms (n={c['n']}; full draw {r['full_draw_ms']:.0f} ms)"
            )
            rows.append((f"update {name} {control}", shown, "<= 50 / 100 ms", verdict(ok)))
    for name, r in results.get("browser", {}).items():
        if "error" in r:
            rows.append((f"browser {name}", r["error"][:90], "", "MISS"))
            continue
        ok = r["median_ms"] <= TARGETS["browser_ms"]
        shown = f"{r['median_ms']:.0f} ms (median of {len(r['all_ms'])} moves)"
        rows.append((f"browser {name}", shown, "<= 250 ms", verdict(ok)))
    if "install" in results:
        r = results["install"]
        ok = r["mb"] <= TARGETS["install_mb"]
        shown = f"{r['mb']:.0f} MB in {r['seconds']:.0f} s"
        rows.append(("fresh install (venv)", shown, "<= 657 MB", verdict(ok)))
    return rows


def print_table(rows: list[tuple[str, str, str, str]]) -> None:
    widths = [max(len(row[i]) for row in rows) for i in range(4)]
    for row in [("measure", "result", "target", ""), *rows]:
        print(
            "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--skip-install", action="store_true", help="no fresh-venv install")
    parser.add_argument("--skip-browser", action="store_true", help="no real-browser timing")
    parser.add_argument("--passes", type=int, default=2, help="browser sweeps per experiment")
    parser.add_argument(
        "--lessons", nargs="*", default=None, help="lessons to time (default: all), e.g. 00 02"
    )
    args = parser.parse_args(argv)
    chosen = [
        lesson
        for lesson in lesson_names()
        if args.lessons is None or lesson.split("_")[0] in args.lessons
    ]

    results: dict = {
        "machine": {"python": platform.python_version(), "platform": platform.platform()},
        "targets": TARGETS,
    }
    print("Executing every lesson headless ...", flush=True)
    results["lessons"] = time_lessons(chosen)
    print("Timing every control of every experiment ...", flush=True)
    results["updates"] = time_all_updates(chosen)
    if not args.skip_browser:
        reason = browser_unavailable()
        if reason:
            print(f"Browser timing skipped: {reason}")
        else:
            print("Timing control moves in a real browser ...", flush=True)
            results["browser"] = time_browser(chosen, args.passes)
    if not args.skip_install:
        print("Installing into a fresh virtualenv ...", flush=True)
        results["install"] = time_install()

    rows = table(results)
    print()
    print_table(rows)
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(results, indent=1, default=str), encoding="utf-8")
    print(f"\nWritten to {RESULTS.relative_to(REPO_ROOT)}")
    return 0 if all(row[3] != "MISS" for row in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
