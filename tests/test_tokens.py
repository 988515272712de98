"""Byte-pair encoding: a hand-worked example, round trips, and the length-vocabulary trade-off."""

from __future__ import annotations

import numpy as np
import pytest

from course_lib.datasets import tiny_shakespeare
from course_lib.tokens import (
    BPE,
    char_vocabulary,
    learn_bpe,
    merge_pair,
    most_frequent_pair,
)


def test_the_first_merges_of_a_hand_worked_example():
    # "aaabdaaabac": pairs aa 4 (overlapping), ab 2, bd da ba ac 1 -> merge a+a into Z;
    # "ZabdZabac": Za 2 and ab 2 tie, the smaller ids (a, b) win -> Y;
    # "ZYdZYac": ZY 2 -> X; "XdXac": no pair occurs twice, so learning stops.
    bpe = learn_bpe("aaabdaaabac", n_merges=10)
    assert bpe.vocabulary[:4] == ("a", "b", "c", "d")
    assert bpe.merges == (("a", "a"), ("a", "b"), ("aa", "ab"))
    assert bpe.vocabulary[4:] == ("aa", "ab", "aaab")
    assert bpe.lengths.tolist() == [11, 9, 7, 5]
    assert bpe.vocab_sizes.tolist() == [4, 5, 6, 7]
    assert bpe.encode("aaabdaaabac").tolist() == [6, 3, 6, 0, 2]


def test_pairs_are_counted_at_every_position_but_merged_left_to_right_without_overlap():
    ids = np.array([0, 0, 0, 0, 0, 1, 0, 0])
    assert most_frequent_pair(ids, 2) == ((0, 0), 5)
    assert merge_pair(ids, (0, 0), 2).tolist() == [2, 2, 0, 1, 2]
    assert merge_pair(np.array([0, 1, 0, 1, 1]), (0, 1), 2).tolist() == [2, 2, 1]


@pytest.mark.parametrize(
    "text",
    ["to be or not to be", "aaaaaaa", "the theme then thereafter", "x", "abcabcabcabd\nabc"],
)
def test_decode_of_encode_is_the_text_itself(text):
    bpe = learn_bpe(text, n_merges=20)
    ids = bpe.encode(text)
    assert bpe.decode(ids) == text
    assert len(ids) == bpe.lengths[-1]  # encoding replays the learning exactly


def test_encoding_new_text_applies_the_merges_in_order():
    bpe = learn_bpe("the cat the hat the bat", n_merges=4)
    ids = bpe.encode("the hat")
    assert bpe.decode(ids) == "the hat"
    assert len(ids) < len("the hat")
    assert bpe.encode("").tolist() == [] and bpe.decode([]) == ""


def test_on_shakespeare_each_merge_adds_a_token_and_shortens_the_text():
    text = tiny_shakespeare()[:50_000]
    bpe = learn_bpe(text, n_merges=40)
    assert len(char_vocabulary(text)) == bpe.n_chars
    assert len(bpe.merges) == 40 and len(bpe.vocabulary) == bpe.n_chars + 40
    gains = -np.diff(bpe.lengths)
    assert np.all(gains >= 2)  # every merge shortens the text
    assert np.all(np.diff(gains) <= 0)  # the most frequent pair first: gains never grow
    assert bpe.merges[0] == ("e", " ")  # the most common pair of neighbours in this text
    assert bpe.decode(bpe.encode(text)) == text


def test_bad_input_gives_a_clear_error():
    bpe = learn_bpe("abab", n_merges=1)
    with pytest.raises(ValueError, match=r"lacks: \['z'\]"):
        bpe.encode("abz")
    with pytest.raises(ValueError, match="token ids"):
        bpe.decode([0, 9])
    with pytest.raises(ValueError, match="non-empty string"):
        learn_bpe("", 3)
    with pytest.raises(ValueError, match="n_merges"):
        learn_bpe("abab", -1)
    assert isinstance(bpe, BPE) and bpe.merges == (("a", "b"),)


def naive_bpe(text: str, n_merges: int) -> list[tuple[str, str]]:
    """BPE on a list of strings with plain Python loops: the independent reference."""
    tokens, merges = list(text), []
    for _ in range(n_merges):
        counts: dict[tuple[str, str], int] = {}
        for pair in zip(tokens, tokens[1:], strict=False):
            counts[pair] = counts.get(pair, 0) + 1
        if not counts or max(counts.values()) < 2:
            break
        vocabulary = sorted(set(text)) + ["".join(m) for m in merges]
        best = max(counts.values())
        # ties: the pair of smaller ids (ids: characters sorted, then merges in order)
        pair = min(
            (p for p, c in counts.items() if c == best),
            key=lambda p: tuple(vocabulary.index(s) for s in p),
        )
        merges.append(pair)
        out, i = [], 0
        while i < len(tokens):
            if i + 1 < len(tokens) and (tokens[i], tokens[i + 1]) == pair:
                out.append(tokens[i] + tokens[i + 1])
                i += 2
            else:
                out.append(tokens[i])
                i += 1
        tokens = out
    return merges


@pytest.mark.parametrize("seed", range(8))
def test_merges_match_a_plain_python_implementation_on_random_texts(seed):
    rng = np.random.default_rng(seed)
    text = "".join(rng.choice(list("aab c"), size=200))
    assert list(learn_bpe(text, 15).merges) == naive_bpe(text, 15)
