"""Test-suite set-up: generate every lesson notebook before collection.

nbval (``--nbval-lax`` in pyproject.toml) then executes each generated
notebook cell by cell: the source edition (solutions in, every check must
pass) and the student edition (solutions out, every cell must still run).
"""

from __future__ import annotations

import shutil
from pathlib import Path

from course_lib import editions

GENERATED = Path(__file__).parent / "_generated"


def pytest_configure(config):
    if hasattr(config, "workerinput"):  # an xdist worker: the controller has generated them
        return
    shutil.rmtree(GENERATED, ignore_errors=True)
    editions.build_source_notebooks(GENERATED / "source")
    editions.build_student_notebooks(GENERATED / "student")
