"""BLEU: scoring generated text by counting the word sequences it shares with a reference.

Machine translation is scored against human reference translations. BLEU
(Papineni et al., 2002) counts n-grams, runs of n words:

    p_n = (candidate n-grams also in a reference, each counted at most as often
           as in the reference that has it most: "clipped") / (candidate n-grams)
    BP  = 1 if the candidate is longer than the reference, else exp(1 - r / c)
          (a brevity penalty: c candidate words, r words in the reference whose
          length is closest to c, the shorter one on a tie)
    BLEU = BP * exp(mean over n = 1..4 of ln p_n)

One sentence rarely shares a 4-gram with its reference, and ln 0 would zero
the score, so a zero count is smoothed: p_n = epsilon / (candidate n-grams)
with epsilon = 0.1 (Chen & Cherry's "method 1", the definition of nltk's
``sentence_bleu`` with ``SmoothingFunction().method1``). A candidate sharing no single word
scores 0.

What BLEU cannot see: meaning. A paraphrase with other words scores low, a
sentence that flips the meaning with one inserted word scores high
(``PARAPHRASE_EXAMPLE``). Words are what whitespace separates; lower-case
and split off punctuation first if those should not count. Pure Python.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from course_lib.validation import check_count, check_positive

#: A reference, a paraphrase of it, and a near copy that says the opposite.
PARAPHRASE_EXAMPLE = {
    "reference": "the cat is on the mat",
    "paraphrase": "a kitten sits on the rug",
    "opposite": "the cat is not on the mat",
}


def words(sentence: str, name: str = "candidate") -> list[str]:
    """The words of ``sentence``, split at whitespace."""
    if not isinstance(sentence, str):
        raise TypeError(f"{name} must be a str (a sentence), got {type(sentence).__name__}")
    return sentence.split()


def ngrams(tokens: Sequence[str], n: int) -> Counter:
    """How often each run of ``n`` consecutive tokens occurs."""
    return Counter(tuple(tokens[i : i + n]) for i in range(len(tokens) - n + 1))


def clipped_matches(
    references: Sequence[Sequence[str]], candidate: Sequence[str], n: int
) -> tuple[int, int]:
    """(clipped n-gram matches, candidate n-grams): the numerator and denominator of p_n."""
    counts = ngrams(candidate, n)
    most = Counter()
    for reference in references:
        most |= ngrams(reference, n)  # |: the larger count of each n-gram
    matches = sum(min(count, most[gram]) for gram, count in counts.items())
    return matches, sum(counts.values())


def brevity_penalty(reference_length: int, candidate_length: int) -> float:
    """1 for a candidate longer than the reference, else exp(1 - r / c) (0 for c = 0)."""
    if candidate_length > reference_length:
        return 1.0
    if candidate_length == 0:
        return 0.0
    return math.exp(1 - reference_length / candidate_length)


@dataclass(frozen=True)
class BleuScore:
    """The score and its parts: the (smoothed) precisions p_1..p_N and the brevity penalty."""

    score: float
    precisions: tuple[float, ...]
    brevity_penalty: float
    candidate_length: int
    reference_length: int


def sentence_bleu(
    references: str | Sequence[str], candidate: str, max_n: int = 4, epsilon: float = 0.1
) -> BleuScore:
    """BLEU of one candidate sentence against one or more reference sentences.

    ``references`` is a sentence or a list of sentences; n-grams up to
    ``max_n`` words count with equal weights; a zero count becomes
    ``epsilon`` matches (smoothing).
    """
    if isinstance(references, str):
        references = [references]
    refs = [words(r, "each reference") for r in references]
    if not refs:
        raise ValueError("references is empty; give at least one reference sentence")
    cand = words(candidate)
    max_n = check_count(max_n, "max_n")
    epsilon = check_positive(epsilon, "epsilon")
    c = len(cand)
    r = min((len(ref) for ref in refs), key=lambda length: (abs(length - c), length))
    parts = [clipped_matches(refs, cand, n) for n in range(1, max_n + 1)]
    # max(total, 1): a candidate shorter than n words has no n-gram at all
    precisions = tuple((m if m > 0 else epsilon) / max(total, 1) for m, total in parts)
    penalty = brevity_penalty(r, c)
    if parts[0][0] == 0:  # not a single word in common
        return BleuScore(0.0, precisions, penalty, c, r)
    score = penalty * math.exp(sum(math.log(p) for p in precisions) / max_n)
    return BleuScore(score, precisions, penalty, c, r)
