"""Memorisation: a network big enough can learn labels that mean nothing.

Zhang et al. (2017), "Understanding deep learning requires rethinking
generalization": networks reach 100 % training accuracy on images whose labels
were replaced by random ones, while their test accuracy stays at chance. A low
training error alone therefore says nothing about generalisation, and the
time needed to fit random labels grows with the number of examples.

Here on the course's engine: an MLP learns n of scikit-learn's 8×8 digits,
with their true labels or with random ones, until it gets every training
example right; the test accuracy is measured on held-out digits and their
true labels, where guessing scores 1 / 10.

Two test accuracies, because they are at chance in different ways. Against
fresh random labels, the model's answers are independent of the labels, so the
accuracy is a binomial share of N_TEST guesses: 0.1 +- 0.013. Against the true
labels it is also 0.1 on average over seeds, but it varies more from seed to
seed: digits of one class look alike, so the network tends to give a whole
class the same (random) answer, and the 500 test digits behave more like 10
groups than 500 independent guesses.

- :func:`random_labels`: n labels drawn uniformly from the classes (seeded).
- :func:`memorize`: train until 100 % training accuracy; the epochs it took, the
  test accuracy, and both accuracies after every epoch.
- :func:`memorization_sweep`: the same for several n.

Pure numpy: no plotting, no widgets.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from course_lib import datasets
from course_lib.nn import MLP
from course_lib.training import evaluate, train_mlp
from course_lib.validation import check_count

#: The classes of the digits, and the accuracy of guessing.
N_CLASSES = 10
CHANCE = 1 / N_CLASSES
#: Held-out digits to measure test accuracy on.
N_TEST = 500
#: The lesson's network and optimizer.
WIDTH = 128
LR = 0.01
MAX_EPOCHS = 2000


def random_labels(n: int, n_classes: int = N_CLASSES, seed: int | np.random.Generator = 0):
    """``n`` labels drawn uniformly from 0..n_classes-1, independent of any input."""
    n = check_count(n, "n")
    n_classes = check_count(n_classes, "n_classes", minimum=2)
    return np.random.default_rng(seed).integers(0, n_classes, size=n)


@dataclass(frozen=True)
class Memorization:
    """One run: n training digits with ``labels`` ("random" or "true")."""

    n: int
    labels: str
    epochs: int | None  # epochs until every training example was right (None: not in time)
    train_accuracy: float
    test_accuracy: float  # on N_TEST held-out digits with their true labels
    random_test_accuracy: float  # the same digits with fresh random labels
    #: Accuracy after each epoch 0..epochs run: on the training digits (with the labels
    #: learned) and on the held-out digits (true labels).
    train_curve: np.ndarray = field(default_factory=lambda: np.zeros(0), compare=False)
    test_curve: np.ndarray = field(default_factory=lambda: np.zeros(0), compare=False)


def memorize(
    n: int,
    random: bool = True,
    seed: int = 0,
    width: int = WIDTH,
    lr: float = LR,
    max_epochs: int = MAX_EPOCHS,
) -> Memorization:
    """Train an MLP [64, width, 10] full-batch on n digits until 100 % training accuracy.

    ``seed`` fixes the held-out split, the random labels and the initial weights.
    """
    n = check_count(n, "n")
    digits = datasets.digits()
    if n > len(digits.y) - N_TEST:
        raise ValueError(f"n must be at most {len(digits.y) - N_TEST} (the digits not held out)")
    split_seed, label_seed, model_seed, test_seed = np.random.SeedSequence(seed).spawn(4)
    order = np.random.default_rng(split_seed).permutation(len(digits.y))
    test, train = order[:N_TEST], order[N_TEST : N_TEST + n]
    y_train = random_labels(n, N_CLASSES, np.random.default_rng(label_seed)) if random else None
    if y_train is None:
        y_train = digits.y[train]
    model = MLP(
        [digits.X.shape[1], width, N_CLASSES], "relu", rng=np.random.default_rng(model_seed)
    )
    history = train_mlp(
        model,
        digits.X[train],
        y_train,
        epochs=max_epochs,
        lr=lr,
        stop_at_accuracy=1.0,
        X_val=digits.X[test],  # measured after every epoch, never used to train or stop
        y_val=digits.y[test],
    )
    _, test_accuracy = evaluate(model, digits.X[test], digits.y[test])
    fresh_labels = random_labels(N_TEST, N_CLASSES, np.random.default_rng(test_seed))
    _, random_test_accuracy = evaluate(model, digits.X[test], fresh_labels)
    reached = history.train_accuracy[-1] >= 1.0
    return Memorization(
        n=n,
        labels="random" if random else "true",
        epochs=history.epochs_run if reached else None,
        train_accuracy=float(history.train_accuracy[-1]),
        test_accuracy=test_accuracy,
        random_test_accuracy=random_test_accuracy,
        train_curve=history.train_accuracy,
        test_curve=history.val_accuracy,
    )


def memorization_sweep(
    sizes: Sequence[int] = (32, 64, 128, 256),
    random: bool = True,
    seed: int = 0,
    **kwargs,
) -> list[Memorization]:
    """:func:`memorize` for every n in ``sizes`` (the same seed each time)."""
    return [memorize(int(n), random=random, seed=seed, **kwargs) for n in sizes]
