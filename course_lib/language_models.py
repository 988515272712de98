"""Character n-gram language models, and perplexity: how surprised a model is by new text.

A language model gives every next character a probability. Its cross-entropy
on a held-out text of N characters is the average surprise, in nats:

    H = -1/N * sum_i ln p(c_i | the characters before it)
    perplexity = exp(H)

Perplexity reads as "the model hesitates as if between this many equally
likely characters": a model that knows nothing (uniform over V characters)
has perplexity exactly V; a perfect one, 1.

The n-gram models here look at the n - 1 previous characters only and count
how often each character followed them in a training text, with add-k
smoothing so that an unseen pair is unlikely but not impossible:

    p(c | context) = (count(context, c) + k) / (count(context) + k * V)

    n = 0  uniform   p(c) = 1 / V
    n = 1  unigram   character frequencies, no context
    n = 2  bigram    the previous character
    n = 3  trigram   the two previous characters

The first n - 1 characters of a text have a shorter context; they are scored
by the same model's lower orders (the first character by its unigram). The
vocabulary is fixed when the model is fitted (by default the training text's
characters); a held-out character outside it is an error, not a silent zero.
Pure numpy.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from course_lib.validation import check_count, check_fraction, check_positive, check_scalar


@dataclass(frozen=True)
class CharNGramModel:
    """Counts of every order 1..n of a character n-gram model, and its smoothing."""

    n: int  # 0 = uniform, 1 = unigram, 2 = bigram, ...
    vocabulary: str  # the characters, sorted
    k: float  # add-k smoothing
    codes: tuple[np.ndarray, ...]  # per order m = 1..n: the seen m-grams' codes, sorted
    counts: tuple[np.ndarray, ...]  # per order m: how often each seen m-gram occurred
    context_codes: tuple[np.ndarray, ...]  # per order m: the seen contexts, sorted
    context_counts: tuple[np.ndarray, ...]  # per order m: how often each context was followed

    @property
    def size(self) -> int:
        """V: how many characters the model can predict."""
        return len(self.vocabulary)


def encode(text: str, vocabulary: str) -> np.ndarray:
    """Each character of ``text`` as its position in the sorted ``vocabulary``."""
    if not isinstance(text, str):
        raise TypeError(f"text must be a str, got {type(text).__name__}")
    points = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)
    table = np.frombuffer(vocabulary.encode("utf-32-le"), dtype=np.uint32)
    index = np.searchsorted(table, points)
    known = (index < len(table)) & (table[np.minimum(index, len(table) - 1)] == points)
    if not np.all(known):
        unknown = sorted({text[i] for i in np.flatnonzero(~known)[:100]})
        raise ValueError(f"text holds characters outside the model's vocabulary: {unknown!r}")
    return index.astype(np.int64)


def _gram_codes(ids: np.ndarray, m: int, size: int) -> np.ndarray:
    """The code sum_j ids[i + j] * size**(m - 1 - j) of every m-gram starting at i."""
    codes = np.zeros(len(ids) - m + 1, dtype=np.int64)
    for j in range(m):
        codes = codes * size + ids[j : len(ids) - m + 1 + j]
    return codes


def fit_char_ngram(
    text: str, n: int, k: float = 1.0, vocabulary: str | None = None
) -> CharNGramModel:
    """Count the 1..n-grams of ``text`` for an n-gram model with add-``k`` smoothing.

    ``vocabulary`` (default: the characters of ``text``) is every character
    the model can predict; pass the whole corpus's characters so that the
    held-out part cannot hold a character the model has never heard of.
    """
    n = check_count(n, "n", minimum=0)
    k = check_positive(k, "k")
    vocab = "".join(sorted(set(text if vocabulary is None else vocabulary)))
    if not vocab:
        raise ValueError("the vocabulary is empty: fit on a non-empty text")
    if len(vocab) ** max(n, 1) >= 2**62:
        raise ValueError(f"n = {n} is too large for {len(vocab)} characters (codes overflow)")
    ids = encode(text, vocab)
    if len(ids) < n:
        raise ValueError(f"text has {len(ids)} characters; an n = {n} model needs at least {n}")
    codes, counts, contexts, context_counts = [], [], [], []
    for m in range(1, n + 1):
        grams, times = np.unique(_gram_codes(ids, m, len(vocab)), return_counts=True)
        context, which = np.unique(grams // len(vocab), return_inverse=True)
        codes.append(grams)
        counts.append(times)
        contexts.append(context)
        context_counts.append(np.bincount(which, weights=times).astype(np.int64))
    return CharNGramModel(
        n, vocab, k, tuple(codes), tuple(counts), tuple(contexts), tuple(context_counts)
    )


def _lookup(keys: np.ndarray, values: np.ndarray, queries: np.ndarray) -> np.ndarray:
    """values[keys == q] for each query q, 0 where q was never seen (keys sorted)."""
    if len(keys) == 0:
        return np.zeros(len(queries), dtype=np.int64)
    index = np.minimum(np.searchsorted(keys, queries), len(keys) - 1)
    return np.where(keys[index] == queries, values[index], 0)


def _log_probs_of_order(model: CharNGramModel, ids: np.ndarray, m: int) -> np.ndarray:
    """ln p(c_i | the m - 1 characters before) for every i >= m - 1."""
    size = model.size
    if m == 0:
        return np.full(len(ids), -math.log(size))
    codes = _gram_codes(ids, m, size)
    counts = _lookup(model.codes[m - 1], model.counts[m - 1], codes)
    context = _lookup(model.context_codes[m - 1], model.context_counts[m - 1], codes // size)
    return np.log(counts + model.k) - np.log(context + model.k * size)


def char_log_probs(model: CharNGramModel, text: str) -> np.ndarray:
    """ln p of each character of ``text`` given the characters before it (natural log)."""
    ids = encode(text, model.vocabulary)
    if model.n == 0:
        return _log_probs_of_order(model, ids, 0)
    # the first n - 1 characters: a context as long as the text so far (lower orders)
    head = [_log_probs_of_order(model, ids[: i + 1], i + 1) for i in range(model.n - 1)]
    tail = [_log_probs_of_order(model, ids, model.n)] if len(ids) >= model.n else []
    return np.concatenate([*head[: len(ids)], *tail])


def cross_entropy(model: CharNGramModel, text: str) -> float:
    """H = the mean of -ln p(character | context) over ``text``: nats per character."""
    if len(text) == 0:
        raise ValueError("text is empty; cross-entropy needs at least one character")
    return float(-np.mean(char_log_probs(model, text)))


def perplexity(cross_entropy_nats: float) -> float:
    """exp(H): the number of equally likely choices that would be as surprising as H nats."""
    return math.exp(check_scalar(cross_entropy_nats, "cross_entropy_nats", minimum=0))


def next_char_probabilities(model: CharNGramModel, context: str) -> np.ndarray:
    """p(c | context) for every character c of the vocabulary (uses the last n - 1 characters)."""
    ids = encode(context, model.vocabulary)
    m = min(model.n, len(ids) + 1)
    if m == 0:
        return np.full(model.size, 1 / model.size)
    context_code = 0
    for i in ids[len(ids) - (m - 1) :]:
        context_code = context_code * model.size + int(i)
    codes = context_code * model.size + np.arange(model.size, dtype=np.int64)
    counts = _lookup(model.codes[m - 1], model.counts[m - 1], codes)
    seen = _lookup(model.context_codes[m - 1], model.context_counts[m - 1], codes[:1] // model.size)
    return (counts + model.k) / (seen[0] + model.k * model.size)


def sample(
    model: CharNGramModel, length: int, seed: int | np.random.Generator = 0, prompt: str = ""
) -> str:
    """``prompt`` followed by ``length`` characters drawn one at a time from the model."""
    length = check_count(length, "length", minimum=0)
    rng = np.random.default_rng(seed)
    text = prompt
    for _ in range(length):
        context = text[len(text) - model.n + 1 :] if model.n > 1 else ""
        p = next_char_probabilities(model, context)
        text += model.vocabulary[rng.choice(model.size, p=p / p.sum())]
    return text


def train_test_text(text: str, train_fraction: float = 0.9) -> tuple[str, str]:
    """The first ``train_fraction`` of ``text`` for training, the rest held out (as nanoGPT)."""
    fraction = check_fraction(train_fraction, "train_fraction", include_ends=False)
    cut = int(len(text) * fraction)
    return text[:cut], text[cut:]
