"""TokenMerges: characters against byte-pair encoding, merge by merge."""

from __future__ import annotations

from dataclasses import dataclass

from matplotlib.figure import Figure

from course_lib import datasets
from course_lib.live import Experiment, slider
from course_lib.style import COLORS
from course_lib.tokens import BPE, learn_bpe

#: How much of the text the merges are learned on, and how many.
LEARN_CHARS, MAX_MERGES = 100_000, 400
#: The passage shown cut into tokens.
PASSAGE = slice(0, 120)


@dataclass(frozen=True)
class TokenResult:
    n_merges: int
    vocab_size: int
    n_tokens: int  # the learning text's length in tokens after n_merges
    n_chars: int  # its length in characters
    tokens: tuple[str, ...]  # the passage cut into tokens
    newest: tuple[str, ...]  # the last few tokens the merges made


class TokenMerges(Experiment):
    """Vocabulary size against sequence length, as byte-pair encoding merges pair after pair."""

    call_name = "transformers.TokenMerges"
    figsize = (8.4, 3.8)

    def setup(self) -> None:
        text = datasets.tiny_shakespeare()
        self.bpe = learn_bpe(text[:LEARN_CHARS], MAX_MERGES)
        self.passage = text[PASSAGE]

    def make_controls(self):
        return {"n_merges": slider("merges", 50, 0, len(self.bpe.merges), 1, integer=True)}

    def compute(self, n_merges: int) -> TokenResult:
        bpe = self.bpe
        partial = BPE(
            bpe.vocabulary[: bpe.n_chars + n_merges],
            bpe.merges[:n_merges],
            bpe.lengths[: n_merges + 1],
        )
        tokens = tuple(partial.vocabulary[i] for i in partial.encode(self.passage))
        newest = partial.vocabulary[max(partial.n_chars, len(partial.vocabulary) - 4) :]
        return TokenResult(
            n_merges,
            len(partial.vocabulary),
            int(bpe.lengths[n_merges]),
            int(bpe.lengths[0]),
            tokens,
            tuple(newest),
        )

    def build(self, fig: Figure) -> None:
        curve, text = fig.subplots(1, 2, width_ratios=(1, 1.25))
        sizes = self.bpe.vocab_sizes
        curve.plot(sizes, self.bpe.lengths / 1000, color=COLORS["blue"], label="BPE text length")
        (self.marker,) = curve.plot([], [], "o", color=COLORS["vermillion"], label="now")
        curve.set(
            title="Longer tokens, shorter text",
            xlabel="vocabulary size (tokens)",
            ylabel="text length (thousand tokens)",
            ylim=(0, self.bpe.lengths[0] / 1000 * 1.05),
        )
        curve.legend(loc="upper right")
        text.axis("off")
        text.set_title("The opening lines, cut into tokens")
        self.passage_text = text.text(
            0.0, 1.0, "", va="top", ha="left", family="monospace", fontsize=8.5, wrap=True
        )
        self.newest_text = text.text(0.0, 0.02, "", va="bottom", ha="left", fontsize=9)

    def update(self, result: TokenResult) -> None:
        self.marker.set_data([result.vocab_size], [result.n_tokens / 1000])
        shown = "|".join(t.replace("\n", "↵") for t in result.tokens)
        lines = [shown[i : i + 42] for i in range(0, len(shown), 42)]
        self.passage_text.set_text("\n".join(lines[:11]))
        newest = ", ".join(repr(t) for t in result.newest) if result.n_merges else "none yet"
        self.newest_text.set_text(f"newest tokens: {newest}")

    def moving_artists(self) -> list:
        return [self.marker, self.passage_text, self.newest_text]

    def describe(self, result: TokenResult) -> str:
        return (
            f"After {result.n_merges} merges the vocabulary has {result.vocab_size} tokens and "
            f"the {result.n_chars:,} characters take {result.n_tokens:,} tokens "
            f"({result.n_chars / result.n_tokens:.2f} characters per token); the passage "
            f"has {len(result.tokens)} tokens."
        )
