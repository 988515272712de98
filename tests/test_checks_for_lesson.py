"""A lesson's checks name their exercise, record passes, and reveal a solution after an attempt."""

import json

import numpy as np
import pytest

from course_lib import checks, editions, feedback, losses, progress


@pytest.fixture
def self_study_copy(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    editions.write_solutions(tmp_path)
    return tmp_path


def test_a_passing_check_is_recorded_under_its_lesson_and_exercise(self_study_copy):
    check = checks.for_lesson("01_loss")
    result = check.mse(losses.mse)
    assert result.passed and (result.lesson, result.exercise_id) == ("01_loss", "mse")
    assert progress.passed(self_study_copy) == {"01_loss": ["mse"]}


def test_a_failing_check_records_nothing(self_study_copy):
    checks.for_lesson("01_loss").mse(lambda y, p: 0.0)
    assert progress.passed(self_study_copy) == {}


def test_the_reference_solution_opens_only_after_an_attempt(self_study_copy):
    check = checks.for_lesson("01_loss")
    assert "Try the exercise first" in check.mse(None).solution()
    wrong = check.mse(lambda y, p: np.sum((y - p) ** 2))
    assert "mean" in wrong.solution()
    assert "Show the reference solution" in wrong._repr_html_()
    assert "Show the reference solution" not in check.mse(None)._repr_html_()


def test_a_class_edition_holds_no_solution_to_reveal(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # no .solutions here
    wrong = checks.for_lesson("01_loss").mse(lambda y, p: 0.0)
    assert "holds no reference solutions" in wrong.solution()
    assert "reference solution" not in wrong._repr_html_()


def test_every_exercise_of_every_lesson_has_a_reference_solution(tmp_path):
    for path in editions.write_solutions(tmp_path):
        solutions = json.loads(path.read_text())
        assert solutions and all(code.strip() for code in solutions.values()), path.name


def test_feedback_without_a_lesson_has_no_solution():
    assert feedback.reference_solution("", "mse") is None
