"""Tokens: text as a sequence of integer ids (lesson 07: transformers).

A model reads numbers, not letters. The simplest tokenizer gives every
distinct character an id (:func:`char_vocabulary`). Byte-pair encoding
(Sennrich et al. 2016; GPT-2 uses it on bytes) then learns longer tokens from
the text itself, merge by merge:

1. count every pair of neighbouring tokens;
2. the most frequent pair becomes one new token, appended to the vocabulary;
3. replace each occurrence of the pair (left to right) by the new token; repeat.

Every merge adds one entry to the vocabulary and shortens the text: the
trade-off :attr:`BPE.lengths` records. Encoding new text applies the merges
in the order they were learned; decoding joins the tokens' strings, so
``decode(encode(text)) == text`` for any text made of known characters.

    bpe = learn_bpe("aaabdaaabac", n_merges=3)
    bpe.merges          # (('a', 'a'), ('a', 'b'), ('aa', 'ab'))
    bpe.encode("aaabdaaabac")   # [6, 3, 6, 0, 2]: "aaab" "d" "aaab" "a" "c"

Pure numpy: no plotting, no widgets.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from course_lib.validation import check_count


def char_vocabulary(text: str) -> tuple[str, ...]:
    """The distinct characters of ``text``, sorted: character ``vocabulary[i]`` has id i."""
    _check_text(text, "text")
    return tuple(sorted(set(text)))


@dataclass(frozen=True)
class BPE:
    """A byte-pair-encoding tokenizer: characters first, then one token per merge.

    Attributes
    ----------
    vocabulary : tuple of str
        Token id -> its string; the characters, then the merged tokens in order.
    merges : tuple of (str, str)
        The pairs merged, in the order they were learned.
    lengths : np.ndarray
        lengths[i]: the length of the training text in tokens after i merges
        (lengths[0] is its number of characters); the vocabulary then has
        len(characters) + i tokens.
    """

    vocabulary: tuple[str, ...]
    merges: tuple[tuple[str, str], ...]
    lengths: np.ndarray

    @property
    def n_chars(self) -> int:
        return len(self.vocabulary) - len(self.merges)

    @property
    def vocab_sizes(self) -> np.ndarray:
        """The vocabulary size after 0, 1, ... merges, beside :attr:`lengths`."""
        return self.n_chars + np.arange(len(self.lengths))

    def encode(self, text: str) -> np.ndarray:
        """``text`` as token ids: its characters' ids, then every merge in the order learned."""
        ids = _char_ids(text, self.vocabulary[: self.n_chars])
        index = {token: i for i, token in enumerate(self.vocabulary)}
        for k, (left, right) in enumerate(self.merges):
            ids = merge_pair(ids, (index[left], index[right]), self.n_chars + k)
        return ids

    def decode(self, ids: Sequence[int] | np.ndarray) -> str:
        """The text of token ``ids``: their strings joined."""
        ids = np.asarray(ids)
        if ids.size and (
            not np.issubdtype(ids.dtype, np.integer)
            or ids.min() < 0
            or ids.max() >= len(self.vocabulary)
        ):
            raise ValueError(f"ids must be token ids in [0, {len(self.vocabulary) - 1}]")
        return "".join(self.vocabulary[i] for i in ids.reshape(-1))


def learn_bpe(text: str, n_merges: int) -> BPE:
    """Learn up to ``n_merges`` merges from ``text``, the most frequent pair first.

    Pairs are counted at every position (in "aaa" the pair (a, a) counts twice)
    and a tie goes to the pair of smaller ids. Learning stops early once no
    pair occurs twice: a merge would no longer shorten the text by more than one.
    """
    chars = char_vocabulary(text)
    n_merges = check_count(n_merges, "n_merges", 0)
    vocabulary, merges = list(chars), []
    ids = _char_ids(text, chars)
    lengths = [len(ids)]
    for _ in range(n_merges):
        pair, count = most_frequent_pair(ids, len(vocabulary))
        if count < 2:
            break
        ids = merge_pair(ids, pair, len(vocabulary))
        merges.append((vocabulary[pair[0]], vocabulary[pair[1]]))
        vocabulary.append(vocabulary[pair[0]] + vocabulary[pair[1]])
        lengths.append(len(ids))
    return BPE(tuple(vocabulary), tuple(merges), np.array(lengths))


def most_frequent_pair(ids: np.ndarray, vocab_size: int) -> tuple[tuple[int, int], int]:
    """The most frequent pair of neighbouring ids and how often it occurs (ties: smaller ids)."""
    if len(ids) < 2:
        return (0, 0), 0
    counts = np.bincount(ids[:-1] * vocab_size + ids[1:], minlength=vocab_size * vocab_size)
    code = int(counts.argmax())
    return (code // vocab_size, code % vocab_size), int(counts[code])


def merge_pair(ids: np.ndarray, pair: tuple[int, int], new_id: int) -> np.ndarray:
    """``ids`` with each occurrence of ``pair`` replaced by ``new_id``, left to right.

    For a pair of equal ids, overlapping occurrences are taken greedily: with
    pair (a, a), "a a a" becomes "new a", not "new new".
    """
    ids = np.asarray(ids)
    starts = np.flatnonzero((ids[:-1] == pair[0]) & (ids[1:] == pair[1]))
    if pair[0] == pair[1] and len(starts):
        # in a run of consecutive starts keep every other one, from the run's first
        run_begins = np.r_[True, np.diff(starts) != 1]
        run_first = np.maximum.accumulate(np.where(run_begins, np.arange(len(starts)), 0))
        starts = starts[(np.arange(len(starts)) - run_first) % 2 == 0]
    merged = ids.copy()
    merged[starts] = new_id
    keep = np.ones(len(ids), dtype=bool)
    keep[starts + 1] = False
    return merged[keep]


def _char_ids(text: str, chars: Sequence[str]) -> np.ndarray:
    """The id of each character of ``text`` in ``chars`` (sorted), or a clear error."""
    _check_text(text, "text", allow_empty=True)
    codes = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)
    table = np.array([ord(c) for c in chars], dtype=np.uint32)
    ids = np.searchsorted(table, codes)
    unknown = (ids >= len(table)) | (table[np.minimum(ids, len(table) - 1)] != codes)
    if np.any(unknown):
        missing = sorted({chr(c) for c in codes[unknown]})[:5]
        raise ValueError(f"text has characters the vocabulary lacks: {missing}")
    return ids.astype(np.int64)


def _check_text(text: object, name: str, allow_empty: bool = False) -> None:
    if not isinstance(text, str) or not (text or allow_empty):
        raise ValueError(f"{name} must be a non-empty string, got {text!r:.40}")
