"""Functions of tensors beyond the Tensor methods (course_lib.functional)."""

from __future__ import annotations

import subprocess
import sys

from course_lib import autograd, functional


def test_lesson_03_functions_are_the_same_objects_from_autograd_and_functional():
    for name in ("cross_entropy", "concatenate", "dropout"):
        assert getattr(autograd, name) is getattr(functional, name)


def test_functional_can_be_imported_before_autograd_in_a_fresh_interpreter():
    code = (
        "import course_lib.functional as f; from course_lib.autograd import cross_entropy, Tensor;"
        "assert cross_entropy is f.cross_entropy; print(cross_entropy(Tensor([[0.0, 0.0]]), [1]))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
