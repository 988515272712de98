"""Time an experiment's own work for one control move: compute() and update(), no drawing.

    python benchmarks/compute_update.py [--lesson loss] [--target-ms 50]

For every experiment in ``course_lib.lessons`` (or in one lesson), every control is
swept across its range (the values of benchmarks/run.py: ~20 across a slider, every
option of a choice), and each move is timed from the call of ``compute`` to the end of
``update``, cold caches included. Drawing and encoding are left out: they depend on
the figure and the machine, and ``run.py`` times the whole move with them. Prints the
median and the slowest move per experiment with PASS/MISS against the target (median)
and writes benchmarks/results/compute_update.json. Exit status 1 if any median misses.
"""

from __future__ import annotations

import argparse
import json
import platform
import statistics
import sys
import time
from pathlib import Path

from run import control_values, experiment_classes

from course_lib.live import Experiment

RESULTS = Path(__file__).resolve().parent / "results" / "compute_update.json"


def time_moves(cls: type[Experiment]) -> list[float]:
    """Milliseconds of compute + update for every value of every control, one move each."""
    experiment = cls()
    times = []
    for control in experiment.controls.values():
        default = control.value
        for value in control_values(control):
            with experiment.hold():  # set the value without the experiment's own refresh
                control.value = value
            start = time.perf_counter()
            result = experiment.compute(**experiment.settings)
            experiment.update(result)
            times.append((time.perf_counter() - start) * 1000)
            experiment.describe(result)  # the summary must still read the result
        with experiment.hold():
            control.value = default
    return times


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--lesson", help="only this lesson's experiments, e.g. loss")
    parser.add_argument("--target-ms", type=float, default=50.0, help="median per experiment")
    args = parser.parse_args(argv)

    results: dict = {
        "machine": {"python": platform.python_version(), "platform": platform.platform()},
        "target_median_ms": args.target_ms,
        "experiments": {},
    }
    ok = True
    for cls in experiment_classes():
        lesson = cls.__module__.split(".")[2]
        if args.lesson and lesson != args.lesson:
            continue
        times = time_moves(cls)
        median = statistics.median(times)
        passed = median <= args.target_ms
        ok &= passed
        results["experiments"][cls.call_name] = {
            "n": len(times),
            "median_ms": median,
            "max_ms": max(times),
        }
        print(
            f"{cls.call_name:<40} median {median:6.1f} ms, slowest {max(times):6.1f} ms "
            f"(n={len(times)})  {'PASS' if passed else 'MISS'}",
            flush=True,
        )
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(results, indent=1), encoding="utf-8")
    print(f"Written to {RESULTS}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
