"""Lesson 01's checks: right answers pass, wrong ones are explained in steps, nothing raises."""

from __future__ import annotations

from pathlib import Path

import jupytext
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from course_lib import feedback, losses
from course_lib.checks import loss as check

NOTEBOOK = Path(__file__).resolve().parents[1] / "notebooks" / "01_loss.py"


def empirical_risk(model, X, y, loss):
    return sum(loss(y[i], model(X[i])) for i in range(len(X))) / len(X)


def cross_entropy(y_true, p_pred):
    p = np.clip(p_pred, 1e-15, 1 - 1e-15)
    return np.mean(-(y_true * np.log(p) + (1 - y_true) * np.log(1 - p)))


def categorical_cross_entropy(y_true, p_pred):
    p_true = p_pred[np.arange(len(y_true)), y_true]
    return np.mean(-np.log(np.clip(p_true, 1e-15, 1 - 1e-15)))


RIGHT = {
    check.mse: losses.mse,
    check.mae: losses.mae,
    check.cross_entropy: cross_entropy,
    check.categorical_cross_entropy: categorical_cross_entropy,
    check.empirical_risk: empirical_risk,
}
CHECKS = list(RIGHT)


def _unclipped_binary(y, p):
    return np.mean(-(y * np.log(p) + (1 - y) * np.log(1 - p)))


def _unclipped_categorical(y, p):
    return np.mean(-np.log(p[np.arange(len(y)), y]))


#: (check, a wrong answer, a phrase its targeted hint must contain)
MISTAKES = [
    (check.mse, lambda t, p: np.sum((p - t) ** 2), "average"),
    (check.mse, lambda t, p: np.mean(p - t), "opposite sign"),
    (check.mse, lambda t, p: np.mean(np.abs(p - t)), "mean absolute error"),
    (check.mse, lambda t, p: np.sqrt(np.mean((p - t) ** 2)), "RMSE"),
    (check.mse, lambda t, p: np.sum((p - t) ** 2) / (len(t) - 1), "n - 1"),
    (check.mae, lambda t, p: np.mean(p - t), "opposite sign"),
    (check.mae, lambda t, p: np.sum(np.abs(p - t)), "average"),
    (check.mae, lambda t, p: np.mean((p - t) ** 2), "That is MSE"),
    (check.mae, lambda t, p: np.median(np.abs(p - t)), "median"),
    (check.cross_entropy, lambda y, p: -cross_entropy(y, p), "minus sign"),
    (check.cross_entropy, lambda y, p: len(y) * cross_entropy(y, p), "average them"),
    (
        check.cross_entropy,
        lambda y, p: np.mean(-(y * np.log10(p) + (1 - y) * np.log10(1 - p))),
        "base 10",
    ),
    (check.cross_entropy, lambda y, p: np.mean(-y * np.log(np.clip(p, 1e-15, 1))), "y = 0"),
    (check.cross_entropy, lambda y, p: np.mean(-np.log(np.clip(p, 1e-15, 1))), "y = 0"),
    (check.cross_entropy, _unclipped_binary, "log of 0"),
    (check.categorical_cross_entropy, lambda y, p: -categorical_cross_entropy(y, p), "minus"),
    (
        check.categorical_cross_entropy,
        lambda y, p: len(y) * categorical_cross_entropy(y, p),
        "average them",
    ),
    (
        check.categorical_cross_entropy,
        lambda y, p: np.mean(-np.log(p).sum(axis=1)),
        "every class",
    ),
    (check.categorical_cross_entropy, lambda y, p: np.mean(-np.log(p)), "every class"),
    (check.categorical_cross_entropy, lambda y, p: np.mean(-np.log(p[:, y])), "one entry per row"),
    (
        check.categorical_cross_entropy,
        lambda y, p: np.mean(-np.log(p.max(axis=1))),
        "most likely class",
    ),
    (
        check.categorical_cross_entropy,
        lambda y, p: np.mean((p - np.eye(p.shape[1])[y]) ** 2),
        "one-hot",
    ),
    (check.categorical_cross_entropy, _unclipped_categorical, "log of 0"),
    (
        check.empirical_risk,
        lambda m, X, y, loss: float(np.mean([(y[i] - m(X[i])) ** 2 for i in range(len(X))])),
        "loss you are given",
    ),
    (
        check.empirical_risk,
        lambda m, X, y, loss: sum(loss(y[i], m(X[i])) for i in range(len(X))),
        "divide by n",
    ),
    (
        check.empirical_risk,
        lambda m, X, y, loss: sum(loss(y[i], m(X[i])) for i in range(len(X))) / (len(X) - 1),
        "n - 1",
    ),
]


@pytest.mark.parametrize("check_", CHECKS)
def test_the_reference_answers_pass(check_):
    assert check_(RIGHT[check_]).passed


@pytest.mark.parametrize(("check_", "wrong", "says"), MISTAKES)
def test_every_anticipated_mistake_gets_its_targeted_hint(check_, wrong, says):
    with np.errstate(all="ignore"):
        result = check_(wrong)
    assert not result.passed
    assert says in result.hint, result.hint


def _solution_lines() -> dict[str, list[str]]:
    """grade_id -> the code lines of the notebook's solution (no comments, no def line)."""
    found = {}
    for cell in jupytext.read(NOTEBOOK).cells:
        grading = cell.metadata.get("nbgrader", {})
        if grading.get("solution") and not grading.get("grade"):
            body = cell.source.split("### BEGIN SOLUTION")[1].split("### END SOLUTION")[0]
            lines = [line.strip() for line in body.splitlines()]
            found[grading["grade_id"]] = [
                line.split("#")[0].strip() for line in lines if line and not line.startswith("#")
            ]
    return found


SOLUTIONS = _solution_lines()


def test_every_check_has_a_solution_in_the_notebook():
    assert set(SOLUTIONS) == {c.__name__ for c in CHECKS}


@pytest.mark.parametrize(("check_", "wrong", "says"), MISTAKES)
def test_help_comes_in_steps_and_the_first_message_never_holds_the_solutions_code(
    check_, wrong, says
):
    with np.errstate(all="ignore"):
        result = check_(wrong)
    first = result.text()
    for line in SOLUTIONS[check_.__name__]:
        assert line not in first, line
        assert line.replace("return ", "") not in first, line
    nudge, more, fix = result.hint, result.more_help(), result.show_fix()
    assert nudge and more and fix
    assert len({nudge, more, fix}) == 3
    assert nudge in first and more not in first and fix not in first
    html = result._repr_html_()
    assert "Need more help?" in html and "Show me the fix" in html


@pytest.mark.parametrize("check_", CHECKS)
def test_an_unanticipated_wrong_answer_gets_a_nudge_without_code(check_):
    result = check_(lambda *args: 12345.0)
    assert not result.passed and result.hint and result.more and result.fix
    assert "np." not in result.hint and "return" not in result.hint


def test_the_cross_entropy_fix_when_followed_passes():
    """The fix says what to write; written out, it passes."""
    with np.errstate(all="ignore"):
        fix = check.cross_entropy(_unclipped_binary).show_fix()
    assert "np.clip(p_pred, 1e-15, 1 - 1e-15)" in fix
    assert check.cross_entropy(cross_entropy).passed


@settings(max_examples=30, deadline=None)
@given(st.integers(1, 8), st.integers(2, 6), st.integers(0, 2**31))
def test_the_categorical_reference_agrees_with_the_concept_on_fuzzed_cases(n, k, seed):
    rng = np.random.default_rng(seed)
    p = losses.softmax(rng.normal(size=(n, k)))
    y = rng.integers(0, k, size=n)
    assert categorical_cross_entropy(y, p) == pytest.approx(losses.categorical_log_loss(y, p))


@pytest.mark.parametrize("check_", CHECKS)
@pytest.mark.parametrize(
    ("answer", "says"),
    [
        (lambda *a: np.nan, "finite number"),
        (lambda *a: np.inf, "finite number"),
        (lambda *a: np.zeros(3), "single number"),
        (lambda *a: "0.5", "single number"),
    ],
)
def test_wrong_shape_nan_and_text_results_get_a_short_friendly_message(check_, answer, says):
    result = check_(answer)
    assert result.status == feedback.INCORRECT
    assert says in result.text()
    assert len(result.text()) < 700


values = st.one_of(
    st.none(),
    st.just(...),
    st.integers(),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=5),
    st.lists(st.floats(), max_size=4),
)


@settings(max_examples=60, deadline=None)
@given(st.sampled_from(CHECKS), values)
def test_checks_never_raise_whatever_value_they_are_given(check_, value):
    assert isinstance(check_(value), feedback.Feedback)


@settings(max_examples=60, deadline=None)
@given(st.sampled_from(CHECKS), values)
def test_checks_never_raise_whatever_a_function_returns(check_, value):
    assert isinstance(check_(lambda *args: value), feedback.Feedback)
