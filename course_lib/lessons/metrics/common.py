"""Data and view constants shared by lesson 05's experiments.

The breast-cancer models and the character n-gram models take seconds to fit,
so each is fitted once per kernel (``functools.cache``) and shared, read-only,
by every experiment that shows them.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import numpy as np
from matplotlib.axes import Axes
from matplotlib.text import Text

from course_lib import datasets, language_models, metrics_data
from course_lib.style import COLORS

SEED = 0
#: The model the single-model experiments show, and the models a learner can pick.
MAIN_MODEL = "logistic regression"
TRAINED_MODELS = ("logistic regression", "decision tree", "gradient boosting")
MODEL_COLORS = {
    "majority class": COLORS["grey"],
    "logistic regression": COLORS["blue"],
    "decision tree": COLORS["green"],
    "gradient boosting": COLORS["orange"],
}
POSITIVE = "malignant"
NEGATIVE = "benign"
THRESHOLD = "threshold (predict malignant when score ≥ it)"


@functools.cache
def cancer() -> datasets.LabelledData:
    """The breast-cancer data (1 = malignant)."""
    return datasets.breast_cancer()


@functools.cache
def cancer_scores() -> metrics_data.HeldOutScores:
    """The four models' held-out probabilities of malignancy (171 tumours, seed 0)."""
    data = cancer()
    held = metrics_data.held_out_scores(data.X, data.y, test_fraction=0.3, seed=SEED)
    for array in (held.y_true, held.test_index, held.train_index, *held.scores.values()):
        array.setflags(write=False)
    return held


#: The character models of the language experiment, by name, and their order n.
CHAR_MODELS = {"uniform": 0, "unigram": 1, "bigram": 2, "trigram": 3}


@dataclass(frozen=True)
class CharModels:
    """Character n-gram models fitted on 90 % of tiny Shakespeare, scored on the rest."""

    train: str
    test: str
    models: dict[str, language_models.CharNGramModel]
    cross_entropy: dict[str, float]  # nats per character on the held-out text


@functools.cache
def char_models() -> CharModels:
    """Fit the uniform, unigram, bigram and trigram models once (about 2 s)."""
    text = datasets.tiny_shakespeare()
    train, test = language_models.train_test_text(text, 0.9)
    models = {
        name: language_models.fit_char_ngram(train, n, k=1.0, vocabulary=text)
        for name, n in CHAR_MODELS.items()
    }
    entropy = {name: language_models.cross_entropy(m, test) for name, m in models.items()}
    return CharModels(train, test, models, entropy)


def fixed_order(n: int, seed: int = SEED) -> np.ndarray:
    """A seeded shuffle of 0..n-1 (which examples a smaller test set keeps)."""
    return np.random.default_rng(seed).permutation(n)


#: One search query's ten results, in the order a search engine returned them, with a
#: person's relevance grade for each (0 useless, 1 related, 2 relevant, 3 exactly right).
RESULT_GRADES = np.array([3, 0, 2, 3, 0, 1, 0, 2, 0, 1])
#: A result counts as relevant (for precision@K, recall@K and AP) from this grade up.
RELEVANT_FROM = 2
#: Ways to reorder the list: each gives the results in the order shown, top first.
ORDERINGS = {
    "the engine's order": np.arange(10),
    "best first (ideal)": np.argsort(-RESULT_GRADES, kind="stable"),
    "reversed": np.arange(10)[::-1],
    "top result moved to the bottom": np.r_[np.arange(1, 10), 0],
    "a useless result on top": np.r_[4, np.delete(np.arange(10), 4)],
}


#: Sentences scored against bleu.PARAPHRASE_EXAMPLE's reference, "the cat is on the mat",
#: and whether a reader would say each means the same (a human judgement, made here once).
BLEU_CANDIDATES = {
    "exact copy": ("the cat is on the mat", True),
    "paraphrase": ("a kitten sits on the rug", True),
    "paraphrase, same words": ("on the mat is the cat", True),
    "negation": ("the cat is not on the mat", False),
    "roles swapped": ("the mat is on the cat", False),
    "too short": ("the cat", False),
}


def moving_title(ax: Axes, fontsize: float = 11) -> Text:
    """A title that an experiment's ``update`` rewrites: a text just above the axes.

    (The axes' own title is re-placed by every full draw of the axes, and a repaint that
    draws only the moving artists can leave it off the figure.)
    """
    return ax.text(
        0.5,
        1.02,
        "",
        transform=ax.transAxes,
        ha="center",
        va="bottom",
        fontsize=fontsize,
        fontweight="bold",
    )
