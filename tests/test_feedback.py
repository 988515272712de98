"""Checks answer every input with feedback and never raise."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from course_lib import feedback
from course_lib.feedback import Case, check_function, check_value, describe


def reference_mean(values):
    return float(np.mean(values))


CASES = [Case((np.array([1.0, 2.0, 3.0]),), 2.0), Case((np.array([-1.0, 1.0]),), 0.0)]


def raising(error):
    def answer(*args):
        raise error

    return answer


def test_a_correct_function_passes():
    result = check_function("Mean", reference_mean, CASES, name="mean")
    assert result.passed
    assert "2 test cases" in result.text()


@pytest.mark.parametrize("answer", [None, ..., raising(NotImplementedError()), lambda x: None])
def test_placeholders_are_not_attempted_yet(answer):
    result = check_function("Mean", answer, CASES, name="mean")
    assert result.status == feedback.NOT_ATTEMPTED
    assert "not attempted yet" in result.text()


def test_a_wrong_answer_says_what_was_expected_and_what_came():
    result = check_function("Mean", lambda x: float(np.sum(x)), CASES, name="mean")
    assert result.status == feedback.INCORRECT
    text = result.text()
    assert "Expected: the float 2" in text and "Got: the float 6" in text


def test_an_error_in_the_learners_code_is_reported_not_raised():
    result = check_function(
        "Mean", raising(ZeroDivisionError("division by zero")), CASES, name="mean"
    )
    assert result.status == feedback.INCORRECT
    assert "raised ZeroDivisionError: division by zero" in result.text()


def test_a_wrong_shape_is_named():
    expected = np.zeros((2, 3))
    result = check_value("Grid", np.zeros(6), expected, name="grid")
    assert "shape (2, 3), got shape (6,)" in result.text()


def test_nan_is_called_out():
    result = check_value("Loss", math.nan, 0.5, name="loss")
    assert "finite number" in result.text()


def test_not_a_function_gets_a_hint():
    result = check_function("Mean", 3.0, CASES, name="mean")
    assert "expected the function mean, got the float 3.0" in result.text()
    assert "not mean(...)" in result.hint


def test_require_raises_only_when_not_correct():
    assert check_value("Loss", 0.5, 0.5, name="loss").require().passed
    with pytest.raises(AssertionError, match="not attempted yet"):
        check_value("Loss", None, 0.5, name="loss").require()


def test_feedback_renders_as_html_with_escaped_text():
    html = check_value("<Loss>", "<script>", 0.5, name="loss")._repr_html_()
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "role='status'" in html


class Nasty:
    """An object whose every dunder fails, as a learner's half-written class might."""

    def __repr__(self):
        raise RuntimeError("repr fails")

    def __len__(self):
        raise RuntimeError("len fails")

    def __eq__(self, other):
        raise RuntimeError("eq fails")

    __hash__ = None


anything = st.one_of(
    st.none(),
    st.just(...),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=True, allow_infinity=True),
    st.complex_numbers(),
    st.text(max_size=30),
    st.lists(st.floats(allow_nan=True), max_size=5),
    hnp.arrays(
        dtype=st.sampled_from([np.float64, np.int64, np.bool_]),
        shape=hnp.array_shapes(min_dims=0, max_dims=3, max_side=4),
    ),
    st.builds(Nasty),
    st.just(np.array(["a", "b"])),
)


@given(value=anything)
def test_any_value_is_described_without_raising(value):
    assert isinstance(describe(value), str)


@given(value=anything)
def test_check_value_answers_any_input(value):
    for expected in (0.25, np.array([1.0, 2.0]), "adam"):
        result = check_value("Fuzz", value, expected, name="answer")
        assert result.status in (feedback.CORRECT, feedback.INCORRECT, feedback.NOT_ATTEMPTED)
        assert result.text()


@given(returned=anything)
def test_check_function_answers_any_return_value(returned):
    result = check_function("Fuzz", lambda *args: returned, CASES, name="mean")
    assert result.status in (feedback.INCORRECT, feedback.NOT_ATTEMPTED, feedback.CORRECT)
    assert result._repr_html_()


@given(error=st.sampled_from([ValueError, TypeError, KeyError, IndexError, RuntimeError]))
def test_check_function_answers_any_exception(error):
    result = check_function("Fuzz", raising(error("boom")), CASES, name="mean")
    assert result.status == feedback.INCORRECT
    assert error.__name__ in result.text()


def test_help_comes_in_steps_nudge_first_then_more_then_the_fix():
    result = feedback.incorrect(
        "Exercise 9", "not yet right.", hint="Think of the mean.", more="Average the squares.",
        fix="return np.mean((y_true - y_pred) ** 2)",
    )  # fmt: skip
    assert "Think of the mean." in result.text()
    assert "np.mean" not in result.text()  # the first message never hands over the fix
    assert result.more_help() == "Average the squares."
    assert result.show_fix() == "return np.mean((y_true - y_pred) ** 2)"
    page = result._repr_html_()
    assert page.index("Think of the mean.") < page.index("Need more help?")
    assert page.index("Need more help?") < page.index("Show me the fix")


def test_a_correct_answer_offers_no_help():
    result = feedback.correct("Exercise 9")
    assert "correct" in result.more_help() and "correct" in result.show_fix()


def test_check_value_accepts_a_value_or_a_function_returning_it():
    assert feedback.check_value("E", 3.0, 3.0, name="x").passed
    assert feedback.check_value("E", lambda: 3.0, 3.0, name="x").passed
    assert feedback.check_value("E", lambda: 2.0, 3.0, name="x", more="m").more == "m"


def test_arrays_are_shown_plainly_with_an_ellipsis_only_when_values_are_left_out():
    from course_lib.feedback import compare

    two = describe(np.array([0.934, 1.5]))
    assert two == "an array of shape (2,) (0.934, 1.5)"
    assert "…" in describe(np.arange(5.0)) and "float64" not in describe(np.array([2.0, 4.0]))
    message = compare(np.array([0.0, 0.0]), np.array([0.934, 1.5]))
    assert "0.934, 1.5" in message and "…" not in message and " ," not in message


def test_a_wrong_answer_shows_the_expected_value_once():
    result = check_function("ex", lambda x: x + 1, [Case((1.0,), 5.0)], name="f")
    text = result.text()
    assert text.count("5") == 1 and "Got: the float 2.0." in text
