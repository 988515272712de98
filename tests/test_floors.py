"""The three floors: concept and check modules import without a plotting or widget library,
and no concept or check module imports a lesson."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "course_lib"
#: The machinery that may use matplotlib or ipywidgets (everything else must not).
VIEW_MACHINERY = {"live", "style", "plots", "predict", "__main__"}


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def concept_and_check_modules() -> list[str]:
    names = []
    for path in sorted(PACKAGE.rglob("*.py")):
        relative = path.relative_to(PACKAGE)
        if relative.parts[0] == "lessons" or path.stem in VIEW_MACHINERY:
            continue
        names.append(module_name(path))
    return names


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text())
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
    return found


BLOCK_VIEW_LIBRARIES = """
import importlib, sys
class Refuse:
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in {"matplotlib", "ipywidgets", "ipympl", "IPython"}:
            raise ImportError(f"{name} is not allowed below the lesson floor")
sys.meta_path.insert(0, Refuse())
for name in sys.argv[1:]:
    importlib.import_module(name)
"""


def test_every_concept_and_check_module_imports_without_matplotlib_or_ipywidgets():
    modules = concept_and_check_modules()
    assert "course_lib.losses" in modules and "course_lib.checks.loss" in modules
    done = subprocess.run(
        [sys.executable, "-c", BLOCK_VIEW_LIBRARIES, *modules], capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr[-2000:]


@pytest.mark.parametrize(
    "path",
    [p for p in sorted(PACKAGE.rglob("*.py")) if p.relative_to(PACKAGE).parts[0] != "lessons"],
    ids=lambda p: str(p.relative_to(PACKAGE)),
)
def test_no_module_outside_the_lessons_imports_a_lesson(path):
    if path.stem == "__main__":
        pytest.skip("the command line may list lessons")
    lessons = sorted(m for m in imported_modules(path) if m.startswith("course_lib.lessons"))
    assert not lessons, f"{path.name} imports {lessons}"
