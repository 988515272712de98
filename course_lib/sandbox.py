"""Run a notebook's cells in a kernel of its own, within limits on time, output and memory.

- The kernel is started through a launcher that caps its address space
  (``RLIMIT_AS``), then becomes the kernel: a memory hog gets ``MemoryError``.
- Each cell has a time limit; past it the kernel is interrupted and the next
  cells still run. The notebook has a time limit too: past it, no cell starts.
- Each cell's output is capped; a cell that prints past the cap is interrupted.
- Every cell runs whatever the ones before it raised (``allow_errors``).
- A cell that kills the kernel, or that even an interrupt cannot stop, ends
  the run; the caller learns which cell it was.
"""

from __future__ import annotations

import asyncio
import math
import os
import subprocess
import sys
import time
from collections.abc import Collection
from dataclasses import dataclass

from jupyter_client.manager import AsyncKernelManager
from nbclient import NotebookClient
from nbclient.exceptions import DeadKernelError
from nbformat import NotebookNode

OK = "ok"
ERROR = "error"
TIMED_OUT = "timed out"
OUTPUT_LIMIT = "output limit"
KERNEL_DIED = "kernel died"
NOT_RUN = "not run"
_MEMORY_ENV = "COURSE_GRADER_MEMORY_BYTES"
# The kernel's launcher: cap the memory, ask Linux to kill the kernel if the process that
# started it dies (PR_SET_PDEATHSIG = 1, SIGKILL), then become the kernel (same process id).
_LAUNCHER = f"""
import os, resource, sys
limit = int(os.environ.get("{_MEMORY_ENV}", "0"))
if limit:
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
try:
    import ctypes
    ctypes.CDLL(None).prctl(1, 9)
except (OSError, AttributeError):
    pass
os.execvp(sys.argv[1], sys.argv[1:])
"""


@dataclass(frozen=True)
class Limits:
    """How long and how much one submission may take."""

    cell_seconds: float = 30.0
    notebook_seconds: float = 300.0
    memory_mb: int = 4096
    output_kb: int = 1024


class _LimitedKernelManager(AsyncKernelManager):
    """A kernel started through a launcher that caps its address space first."""

    def format_kernel_cmd(self, extra_arguments: list[str] | None = None) -> list[str]:
        return [sys.executable, "-c", _LAUNCHER, *super().format_kernel_cmd(extra_arguments)]


class _Client(NotebookClient):
    """nbclient with a cap on each cell's output.

    Past the cap, output is dropped; a cell whose printing alone passes it (a
    print in an endless loop) is interrupted at once rather than at its time limit.
    """

    def __init__(self, notebook: NotebookNode, output_bytes: int, **kwargs) -> None:
        super().__init__(notebook, **kwargs)
        self.output_bytes = output_bytes
        self.sizes: dict[int, int] = {}
        self.printed: dict[int, int] = {}
        self.flooded: set[int] = set()
        self.interrupts: list[asyncio.Future] = []

    def output(self, outs, msg, display_id, cell_index):  # noqa: ANN001, ANN201 (nbclient's)
        content = msg.get("content", {})
        text = len(content.get("text", ""))
        size = text + sum(len(str(v)) for v in content.get("data", {}).values())
        self.sizes[cell_index] = self.sizes.get(cell_index, 0) + size
        self.printed[cell_index] = self.printed.get(cell_index, 0) + text
        if self.sizes[cell_index] <= self.output_bytes:
            return super().output(outs, msg, display_id, cell_index)
        if self.printed[cell_index] > self.output_bytes and cell_index not in self.flooded:
            self.flooded.add(cell_index)
            self.interrupts.append(asyncio.ensure_future(self.km.interrupt_kernel()))
        return None


@dataclass
class CellRun:
    """What happened when one cell ran."""

    status: str  # OK, ERROR, TIMED_OUT, OUTPUT_LIMIT, KERNEL_DIED, NOT_RUN
    ename: str = ""
    evalue: str = ""
    result: str = ""  # the text of the cell's value, if it had one


def _cell_run(cell: NotebookNode, seconds: float, limit: int, flooded: bool) -> CellRun:
    result, error = "", None
    for output in cell.outputs:
        if output.output_type == "error":
            error = output
        elif output.output_type == "execute_result":
            result = str(output.get("data", {}).get("text/plain", ""))
    if flooded:
        return CellRun(OUTPUT_LIMIT)
    if error is None:
        return CellRun(OK, result=result)
    if error.ename == "KeyboardInterrupt" and seconds >= limit - 0.5:
        return CellRun(TIMED_OUT)
    return CellRun(ERROR, error.ename, str(error.evalue))


async def run_cells(
    notebook: NotebookNode,
    limits: Limits,
    folder: str,
    deadline: float,
    last_cell: int | None = None,
    only: Collection[int] | None = None,
) -> tuple[dict[int, CellRun], int | None]:
    """Run every code cell up to ``last_cell``, whatever the ones before raised, in ``folder``.

    ``only``: run just these cells (by index), in order. Returns a CellRun per
    cell run, and the index of the cell that killed the kernel or could not be
    stopped (None if none did): no cell ran after it. ``deadline`` is a
    ``time.monotonic()`` time after which no cell starts.
    """
    client = _client(notebook, limits, folder)
    runs: dict[int, CellRun] = {}
    last = len(notebook.cells) if last_cell is None else last_cell + 1
    code = [
        i
        for i, c in enumerate(notebook.cells[:last])
        if c.cell_type == "code" and c.source.strip() and (only is None or i in only)
    ]
    quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL}  # the kernel's own logs
    async with client.async_setup_kernel(env=_kernel_env(limits), **quiet):
        for index in code:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                runs[index] = CellRun(NOT_RUN, evalue="the notebook's time limit was reached")
                continue
            runs[index], fatal = await _run_cell(client, notebook, index, limits, remaining)
            if fatal:
                return runs, index
    return runs, None


def _client(notebook: NotebookNode, limits: Limits, folder: str) -> _Client:
    """A client that runs ``notebook`` in ``folder`` under ``limits``, going on after errors."""
    return _Client(
        notebook,
        output_bytes=limits.output_kb * 1024,
        timeout=int(math.ceil(limits.cell_seconds)),
        allow_errors=True,
        interrupt_on_timeout=True,
        kernel_manager_class=_LimitedKernelManager,
        shutdown_kernel="immediate",
        startup_timeout=60,
        resources={"metadata": {"path": folder}},
    )


def _kernel_env(limits: Limits) -> dict[str, str]:
    """The kernel's environment: its memory limit, and one thread for the numeric libraries."""
    env = dict(os.environ, **{_MEMORY_ENV: str(limits.memory_mb * 1024 * 1024)})
    env.update(OMP_NUM_THREADS="1", OPENBLAS_NUM_THREADS="1", MKL_NUM_THREADS="1")
    return env


async def _run_cell(
    client: _Client, notebook: NotebookNode, index: int, limits: Limits, remaining: float
) -> tuple[CellRun, bool]:
    """Run one cell within its time limit: (its CellRun, True if no cell may run after it)."""
    limit = min(limits.cell_seconds, remaining)
    client.timeout = max(1, int(math.ceil(limit)))
    started = time.monotonic()
    task = asyncio.ensure_future(client.async_execute_cell(notebook.cells[index], index))
    done, _ = await asyncio.wait({task}, timeout=limit * 2 + 5)
    if not done:  # not even an interrupt stopped it: stop the kernel
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)
        return CellRun(TIMED_OUT, evalue="it could not be interrupted"), True
    try:
        task.result()
    except DeadKernelError:
        return CellRun(KERNEL_DIED), True
    cell = notebook.cells[index]
    run = _cell_run(cell, time.monotonic() - started, client.timeout, index in client.flooded)
    cell.outputs = []  # what counts is kept in runs; the outputs could be large
    if client.interrupts:  # a flood's interrupt lands before the next cell starts
        await asyncio.gather(*client.interrupts, return_exceptions=True)
        client.interrupts.clear()
        await asyncio.sleep(0.2)
    return run, False
