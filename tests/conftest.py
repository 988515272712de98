"""Test-suite set-up: generate every lesson notebook before collection.

nbval (``--nbval-lax`` in pyproject.toml) then executes each generated
notebook cell by cell: the source edition (solutions in, every check must
pass) and the student edition (solutions out, every cell must still run).
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from course_lib import editions, progress

GENERATED = Path(__file__).parent / "_generated"


def pytest_configure(config):
    # Checks record passes in a progress file: the suite's go to a scratch file, never into
    # the repository (notebook kernels inherit the variable).
    os.environ.setdefault(
        progress.FILE_VARIABLE, str(Path(tempfile.gettempdir()) / "course-test-progress.json")
    )
    if hasattr(config, "workerinput"):  # an xdist worker: the controller has generated them
        return
    shutil.rmtree(GENERATED, ignore_errors=True)
    editions.build_source_notebooks(GENERATED / "source")
    editions.build_student_notebooks(GENERATED / "student")
