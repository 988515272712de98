"""Repository hygiene: ruff-clean code and lessons, dependency files that agree."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def ruff(*args: str) -> subprocess.CompletedProcess:
    executable = shutil.which("ruff") or str(Path(sys.executable).parent / "ruff")
    return subprocess.run([executable, *args], cwd=ROOT, capture_output=True, text=True)


@pytest.mark.parametrize("command", [("check", "."), ("format", "--check", ".")])
def test_code_and_lesson_sources_are_ruff_clean(command):
    done = ruff(*command)
    assert done.returncode == 0, done.stdout + done.stderr


def test_binder_installs_what_a_learner_installs():
    binder = (ROOT / "binder" / "requirements.txt").read_text().split()
    assert "-r" in binder and "../requirements.txt" in binder


def test_requirements_have_lower_bounds_not_pins():
    for line in (ROOT / "requirements.txt").read_text().splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            assert ">=" in line and "==" not in line, f"{line}: use a tested lower bound"
    assert "torch" not in (ROOT / "requirements.txt").read_text()


def test_ci_runs_the_readme_test_command_exactly():
    readme = (ROOT / "README.md").read_text()
    command = 'pip install -e ".[test]" && python -m pytest'
    assert f"```bash\n{command}\n```" in readme
    last_line = (ROOT / ".ci" / "run").read_text().strip().splitlines()[-1]
    assert last_line == command
