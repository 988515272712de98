"""`python -m course_lib start` as a newcomer meets it: as root, and stopped with Ctrl+C."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until_serving(port: int, process: subprocess.Popen, timeout: float = 90.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert process.poll() is None, "start exited before JupyterLab served anything"
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/api/status", timeout=2)
            return
        except urllib.error.HTTPError:  # 403 without a token: it is serving
            return
        except OSError:
            time.sleep(0.3)
    raise AssertionError(f"JupyterLab did not answer on port {port} in {timeout:.0f} s")


@pytest.fixture
def started(tmp_path):
    port = free_port()
    env = dict(os.environ, JUPYTER_RUNTIME_DIR=str(tmp_path / "runtime"), PYTHONUNBUFFERED="1")
    process = subprocess.Popen(
        [sys.executable, "-m", "course_lib", "start", "--dir", str(tmp_path / "course"),
         "--no-browser", "--ServerApp.ip=127.0.0.1", f"--ServerApp.port={port}",
         "--ServerApp.port_retries=0"],
        cwd=ROOT, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
        stderr=subprocess.PIPE, text=True, start_new_session=True,
    )  # fmt: skip
    try:
        wait_until_serving(port, process)
        yield process
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)


def test_ctrl_c_stops_jupyterlab_in_one_line_without_a_traceback(started):
    os.killpg(started.pid, signal.SIGINT)  # what Ctrl+C in a terminal does to its processes
    out, err = started.communicate(timeout=60)
    assert started.returncode == 0, err[-2000:]
    assert "JupyterLab stopped" in out
    assert "Traceback" not in out + err and "KeyboardInterrupt" not in out + err


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="needs root")
def test_start_works_as_root_and_says_so(started):
    os.killpg(started.pid, signal.SIGINT)
    out, err = started.communicate(timeout=60)
    assert "You are root" in out
    assert "Running as root is not recommended" not in err
