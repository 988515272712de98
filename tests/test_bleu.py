"""BLEU follows its definition on hand-worked sentences (and nltk where nltk is installed),
and shows what it misses: a paraphrase scores below a sentence that flips the meaning."""

from __future__ import annotations

import math

import pytest

from course_lib.bleu import (
    PARAPHRASE_EXAMPLE,
    brevity_penalty,
    clipped_matches,
    ngrams,
    sentence_bleu,
)


def test_hand_worked_example_the_cat_sat_on_the_mat():
    # reference 6 words; candidate 6 words: p1 = 5/6 (sat is not in the reference),
    # p2 = 3/5 (the cat, on the, the mat), p3 = 1/4 (on the mat), p4 = 0 -> 0.1 / 3
    result = sentence_bleu("the cat is on the mat", "the cat sat on the mat")
    assert result.precisions == pytest.approx((5 / 6, 3 / 5, 1 / 4, 0.1 / 3))
    assert result.brevity_penalty == 1.0
    expected = (5 / 6 * 3 / 5 * 1 / 4 * 0.1 / 3) ** (1 / 4)
    assert result.score == pytest.approx(expected, rel=1e-12)
    assert result.score == pytest.approx(0.2541, abs=1e-4)


def test_clipping_counts_a_repeated_word_at_most_as_often_as_the_reference_has_it():
    # Papineni et al.'s example: "the the the the the the the" against two references
    refs = [
        ["the", "cat", "is", "on", "the", "mat"],
        ["there", "is", "a", "cat", "on", "the", "mat"],
    ]
    assert clipped_matches(refs, ["the"] * 7, 1) == (2, 7)
    assert ngrams(["a", "b", "a", "b"], 2) == {("a", "b"): 2, ("b", "a"): 1}


def test_brevity_penalty_punishes_short_candidates_only():
    assert brevity_penalty(6, 7) == 1.0
    assert brevity_penalty(6, 6) == pytest.approx(1.0)
    assert brevity_penalty(6, 3) == pytest.approx(math.exp(1 - 2))
    assert brevity_penalty(6, 0) == 0.0


def test_the_closest_reference_length_counts_and_the_shorter_wins_a_tie():
    result = sentence_bleu(["a b c d e f g h", "a b c d"], "a b c d e f")  # 8 and 4: both 2 off
    assert result.reference_length == 4 and result.brevity_penalty == 1.0
    short = sentence_bleu(["a b c d e f g h", "a b c d e f g h i j"], "a b c d")
    assert short.reference_length == 8
    assert short.brevity_penalty == pytest.approx(math.exp(1 - 8 / 4))


def test_identical_sentences_score_one_and_no_shared_word_scores_zero():
    assert sentence_bleu("a b c d e", "a b c d e").score == pytest.approx(1.0)
    assert sentence_bleu("a b c d e", "v w x y z").score == 0.0


def test_a_paraphrase_scores_below_a_sentence_that_flips_the_meaning():
    paraphrase = sentence_bleu(PARAPHRASE_EXAMPLE["reference"], PARAPHRASE_EXAMPLE["paraphrase"])
    opposite = sentence_bleu(PARAPHRASE_EXAMPLE["reference"], PARAPHRASE_EXAMPLE["opposite"])
    # hand-worked: paraphrase p = 2/6, 1/5, 0.1/4, 0.1/3; opposite p = 6/7, 4/6, 2/5, 0.1/4
    assert paraphrase.score == pytest.approx((2 / 6 * 1 / 5 * 0.1 / 4 * 0.1 / 3) ** 0.25)
    assert opposite.score == pytest.approx((6 / 7 * 4 / 6 * 2 / 5 * 0.1 / 4) ** 0.25)
    assert opposite.score > 3 * paraphrase.score


def test_matches_nltk_sentence_bleu_with_method1_where_nltk_is_installed():
    nltk_bleu = pytest.importorskip("nltk.translate.bleu_score")
    smoothing = nltk_bleu.SmoothingFunction().method1
    cases = [
        ("the cat is on the mat", "the cat sat on the mat"),
        (PARAPHRASE_EXAMPLE["reference"], PARAPHRASE_EXAMPLE["paraphrase"]),
        (PARAPHRASE_EXAMPLE["reference"], PARAPHRASE_EXAMPLE["opposite"]),
        ("a b c d e f g h", "a b c"),
    ]
    for reference, candidate in cases:
        expected = nltk_bleu.sentence_bleu(
            [reference.split()], candidate.split(), smoothing_function=smoothing
        )
        assert sentence_bleu(reference, candidate).score == pytest.approx(expected, rel=1e-12)


def test_bleu_validates_its_arguments():
    with pytest.raises(TypeError, match="candidate must be a str"):
        sentence_bleu("a b", ["a", "b"])
    with pytest.raises(ValueError, match="references is empty"):
        sentence_bleu([], "a b")
    with pytest.raises(ValueError, match="max_n must be a whole number >= 1"):
        sentence_bleu("a b", "a b", max_n=0)
