"""Character n-gram models give the add-k probabilities a plain dictionary count gives,
every next-character distribution sums to 1, and on Shakespeare more context means
lower held-out perplexity."""

from __future__ import annotations

import math
from collections import Counter

import numpy as np
import pytest

from course_lib import datasets
from course_lib.language_models import (
    char_log_probs,
    cross_entropy,
    fit_char_ngram,
    next_char_probabilities,
    perplexity,
    sample,
    train_test_text,
)


def log_probs_by_counting(train, test, n, k, vocabulary):
    """The same model written as plain dictionary counts, one character at a time."""
    size = len(vocabulary)
    out = []
    for i, char in enumerate(test):
        if n == 0:
            out.append(-math.log(size))
            continue
        m = min(n, i + 1)
        context = test[i - m + 1 : i]
        grams = Counter(train[j : j + m] for j in range(len(train) - m + 1))
        followed = sum(count for gram, count in grams.items() if gram[:-1] == context)
        out.append(math.log((grams[context + char] + k) / (followed + k * size)))
    return np.array(out)


@pytest.mark.parametrize("n", [0, 1, 2, 3, 4])
def test_log_probs_match_plain_dictionary_counting(n):
    rng = np.random.default_rng(n)
    for k in (1.0, 0.05):
        train = "".join(rng.choice(list("abcd "), size=200, p=[0.4, 0.3, 0.1, 0.1, 0.1]))
        test = "".join(rng.choice(list("abcde "), size=30))
        vocabulary = "abcde "
        model = fit_char_ngram(train, n, k=k, vocabulary=vocabulary)
        expected = log_probs_by_counting(train, test, n, k, "".join(sorted(vocabulary)))
        np.testing.assert_allclose(char_log_probs(model, test), expected, rtol=0, atol=1e-12)


def test_bigram_on_a_hand_worked_text():
    model = fit_char_ngram("abab", 2, k=1.0)
    # first character by the unigram: (2 + 1) / (4 + 2); then p(b | a) = (2 + 1) / (2 + 2)
    np.testing.assert_allclose(np.exp(char_log_probs(model, "ab")), [1 / 2, 3 / 4])
    np.testing.assert_allclose(next_char_probabilities(model, "b"), [2 / 3, 1 / 3])


@pytest.mark.parametrize("n", [0, 1, 2, 3])
def test_every_next_character_distribution_sums_to_one(n):
    model = fit_char_ngram("to be or not to be, that is the question", n, k=0.3)
    for context in ["", "t", "to", "qu", "the"]:
        assert next_char_probabilities(model, context).sum() == pytest.approx(1, abs=1e-12)


def test_uniform_model_has_perplexity_equal_to_the_vocabulary_size():
    model = fit_char_ngram("abcdefgh", 0)
    assert perplexity(cross_entropy(model, "hgfedcba")) == pytest.approx(8.0, rel=1e-12)
    assert perplexity(0.0) == 1.0


def test_characters_outside_the_vocabulary_are_an_error_not_a_zero():
    model = fit_char_ngram("abc", 2)
    with pytest.raises(ValueError, match="outside the model's vocabulary: \\['z'\\]"):
        cross_entropy(model, "abz")
    assert cross_entropy(fit_char_ngram("abc", 2, vocabulary="abcz"), "abz") > 0


def test_short_texts_use_only_the_context_they_have():
    model = fit_char_ngram("abcabcabc", 3)
    assert len(char_log_probs(model, "a")) == 1
    assert len(char_log_probs(model, "ab")) == 2
    with pytest.raises(ValueError, match="text is empty"):
        cross_entropy(model, "")


def test_sampling_is_reproducible_and_stays_in_the_vocabulary():
    model = fit_char_ngram("the cat sat on the mat. the dog sat on the log.", 3, k=0.01)
    first = sample(model, 60, seed=1, prompt="the ")
    assert first == sample(model, 60, seed=1, prompt="the ")
    assert first != sample(model, 60, seed=2, prompt="the ")
    assert first.startswith("the ") and len(first) == 64
    assert set(first) <= set(model.vocabulary)


def test_arguments_are_checked():
    with pytest.raises(ValueError, match="k must be a positive finite number"):
        fit_char_ngram("abc", 2, k=0)
    with pytest.raises(ValueError, match="n must be a whole number >= 0"):
        fit_char_ngram("abc", -1)
    with pytest.raises(ValueError, match="train_fraction"):
        train_test_text("abc", 1.0)
    with pytest.raises(TypeError, match="text must be a str"):
        cross_entropy(fit_char_ngram("abc", 1), ["a"])


def test_tiny_shakespeare_is_the_char_rnn_text():
    text = datasets.tiny_shakespeare()
    assert len(text) == 1_115_394 and len(set(text)) == 65
    assert text.startswith("First Citizen:\nBefore we proceed any further, hear me speak.")


def test_on_shakespeare_more_context_means_lower_held_out_perplexity():
    text = datasets.tiny_shakespeare()
    train, held_out = train_test_text(text, 0.9)
    assert (len(train), len(held_out)) == (1_003_854, 111_540)
    vocabulary = "".join(sorted(set(text)))
    measured = [
        perplexity(cross_entropy(fit_char_ngram(train, n, k=k, vocabulary=vocabulary), held_out))
        for n, k in [(0, 1.0), (1, 1.0), (2, 1.0), (3, 0.1)]
    ]
    assert measured[0] == pytest.approx(65.0, rel=1e-12)
    # the numbers lesson 07's tiny GPT is compared against (measured with this code)
    assert measured[1:] == pytest.approx([28.43, 11.96, 7.74], abs=0.01)
