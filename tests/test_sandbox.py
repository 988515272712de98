"""The kernel runner: every cell runs whatever the ones before did, within its limits."""

from __future__ import annotations

import asyncio
import time

import nbformat

from course_lib import sandbox

LIMITS = sandbox.Limits(cell_seconds=2, notebook_seconds=60, memory_mb=1024, output_kb=16)


def run(sources: list[str], limits: sandbox.Limits = LIMITS, tmp_path=None, last_cell=None):
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(s) for s in sources])
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3"}
    deadline = time.monotonic() + limits.notebook_seconds
    return asyncio.run(sandbox.run_cells(notebook, limits, str(tmp_path), deadline, last_cell))


def test_each_limit_stops_its_cell_and_the_next_cells_still_run(tmp_path):
    runs, stop = run(
        [
            "1 / 0",
            "import resource; resource.getrlimit(resource.RLIMIT_AS)[0] // 2**20",
            "hog = []\nwhile True:\n    hog.append(bytearray(10**8))",
            "while True:\n    pass",
            "while True:\n    print('spam ' * 100)",
            "import os; os.getcwd()",
            "'still here'",
        ],
        tmp_path=tmp_path,
    )
    assert stop is None
    assert (runs[0].status, runs[0].ename) == (sandbox.ERROR, "ZeroDivisionError")
    assert runs[1].result == "1024", "the memory limit is set on the kernel"
    assert (runs[2].status, runs[2].ename) == (sandbox.ERROR, "MemoryError")
    assert runs[3].status == sandbox.TIMED_OUT
    assert runs[4].status == sandbox.OUTPUT_LIMIT
    assert runs[5].result == repr(str(tmp_path)), "the kernel runs in the scratch folder"
    assert runs[6].result == "'still here'"


def test_a_dead_kernel_ends_the_run_and_says_where(tmp_path):
    runs, stop = run(["x = 1", "import os; os._exit(3)", "x"], tmp_path=tmp_path)
    assert stop == 1
    assert runs[1].status == sandbox.KERNEL_DIED
    assert 2 not in runs


def test_a_cell_that_ignores_the_interrupt_is_stopped_with_its_kernel(tmp_path):
    limits = sandbox.Limits(cell_seconds=1, notebook_seconds=60)
    ignore = "import signal, time\nsignal.signal(signal.SIGINT, signal.SIG_IGN)\ntime.sleep(60)"
    runs, stop = run(["1", ignore, "2"], limits, tmp_path)
    assert stop == 1
    assert runs[1].status == sandbox.TIMED_OUT and "could not be interrupted" in runs[1].evalue


def test_no_cell_starts_after_the_notebooks_time_limit_and_none_after_the_last_asked(tmp_path):
    limits = sandbox.Limits(cell_seconds=10, notebook_seconds=3)
    runs, stop = run(["import time; time.sleep(6)", "1", "2"], limits, tmp_path, last_cell=1)
    assert stop is None
    assert runs[1].status == sandbox.NOT_RUN and "time limit" in runs[1].evalue
    assert 2 not in runs
