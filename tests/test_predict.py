"""Predict first: the first committed answer counts, reveal compares it with the computed one."""

import pytest

from course_lib import predict, progress


@pytest.fixture(autouse=True)
def in_a_fresh_folder(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)


def test_a_committed_choice_is_locked_and_kept_across_reruns():
    guess = predict.choice("Will it bounce?", ["bounce", "diverge"], key="q1")
    guess.commit("bounce")
    guess.commit("diverge")  # no silent retry
    assert guess.committed == "bounce" and guess.input.disabled and guess.button.disabled
    again = predict.choice("Will it bounce?", ["bounce", "diverge"], key="q1")
    assert again.committed == "bounce"  # re-running the cell keeps the first answer


def test_the_commit_button_commits_the_selected_option():
    guess = predict.choice("Which?", ["a", "b"], key="q2")
    guess.input.value = "b"
    guess.button.click()
    assert guess.committed == "b" and progress.prediction("q2") == "b"


def test_reveal_says_right_or_wrong_and_why():
    guess = predict.choice("Which?", ["a", "b"], key="q3")
    guess.commit("a")
    assert guess.reveal("a", why="Because.").right is True
    wrong = guess.reveal("b", why="The loss grew.")
    assert wrong.right is False and "you predicted a, the answer is b" in wrong.text
    assert "The loss grew." in wrong._repr_html_()


def test_a_number_is_right_within_its_relative_tolerance():
    guess = predict.number("How many steps?", key="q4", unit="steps", tolerance=0.1)
    guess.commit(105)
    assert guess.reveal(100).right is True
    assert guess.reveal(200).right is False
    assert "105 steps" in guess.reveal(200).text


def test_without_a_commitment_reveal_gives_the_answer_plainly():
    reveal = predict.number("How many?", key="q5").reveal(3.0, why="Computed.")
    assert reveal.right is None and "did not commit" in reveal.text and "3" in reveal.text


def test_headless_display_shows_the_question_as_text():
    bundle = predict.choice("Which?", ["a", "b"], key="q6")._repr_mimebundle_()
    assert bundle["text/plain"] == "Predict first: Which? (a / b)"


def test_a_choice_needs_two_options():
    with pytest.raises(ValueError, match="at least two options"):
        predict.choice("Which?", ["a"], key="q7")
