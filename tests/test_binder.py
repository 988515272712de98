"""The Binder recipe, as far as this machine can run it: repo2docker's steps by hand.

repo2docker with a binder/ folder installs binder/requirements.txt, then runs
binder/postBuild from the repository root. We do the same in a brand-new
virtual environment on a copy of the repository, then execute the course
index the badge opens, with course_lib importable.
"""

from __future__ import annotations

import shutil
import subprocess
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def copy_tracked_files(target: Path) -> None:
    files = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    for name in files:
        if (ROOT / name).is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, target / name)


def run(command: list[str], cwd: Path, env_bin: Path) -> str:
    env = {"PATH": f"{env_bin}:/usr/bin:/bin", "HOME": str(cwd)}
    done = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, f"{' '.join(command)} failed:\n{done.stdout}\n{done.stderr}"
    return done.stdout


def test_binder_recipe_builds_and_runs_the_course_index(tmp_path):
    repo, env = tmp_path / "repo", tmp_path / "env"
    copy_tracked_files(repo)
    venv.create(env, with_pip=True)
    python = env / "bin" / "python"
    pip = [str(python), "-m", "pip", "install", "-q"]
    run([*pip, "-r", "binder/requirements.txt"], repo, env / "bin")
    run(["bash", "binder/postBuild"], repo, env / "bin")
    index = repo / "my_notebooks" / "index.ipynb"
    assert index.is_file(), "postBuild builds the working copy the badge opens"
    config = (repo / ".jupyter" / "jupyter_server_config.py").read_text()
    assert "course_lib.saving.keep_pictures_not_widgets" in config
    run(
        [str(python), "-m", "jupyter", "nbconvert", "--to", "notebook", "--execute", str(index)],
        repo,
        env / "bin",
    )
    executed = (repo / "my_notebooks" / "index.nbconvert.ipynb").read_text()
    assert "is ready." in executed
