"""Wrong labels: what they do to the training loss and to generalisation.

- :func:`flip_labels`: give exactly round(fraction * n) examples, chosen at
  random (seeded), a different class, drawn uniformly from the other classes.
- :func:`fit_with_contradiction`: the delta-rule neuron of the course's first
  lesson, trained on a data set with and without one extra example that
  contradicts it. One example whose label disagrees with the rest puts a floor
  under the training loss that no amount of training removes: the model cannot
  be right about both. The training loss stops at that floor; the loss on
  held-out examples shows whether the extra example also hurt the rule learned.

The neuron (the published glasses-vs-ring example): prediction
p = clip(x . w + b, 0, 1), starting at w = (0.5, 0.5), b = 0, trained with
per-example updates in data order, w <- w + lr (y - p) x and b <- b + lr (y - p),
lr = 0.1. The loss is the mean squared error over the training set after each
epoch.

Pure numpy: no plotting, no widgets.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from course_lib.validation import (
    check_array,
    check_count,
    check_fraction,
    check_positive,
    check_same_length,
)

#: The published neuron's start and learning rate.
START_WEIGHTS = (0.5, 0.5)
START_BIAS = 0.0
LR = 0.1


def flip_labels(
    y: object, fraction: float, seed: int | np.random.Generator = 0, n_classes: int | None = None
) -> np.ndarray:
    """A copy of the integer labels ``y`` with exactly round(fraction * n) of them changed.

    Each changed label becomes one of the other classes, uniformly
    (``n_classes`` defaults to max(y) + 1, at least 2).
    """
    labels = np.asarray(y)
    if labels.ndim != 1 or labels.size == 0 or not np.issubdtype(labels.dtype, np.integer):
        raise ValueError(
            f"y must be a non-empty 1-D array of integer classes, got {labels.dtype} "
            f"of shape {labels.shape}"
        )
    fraction = check_fraction(fraction, "fraction")
    if labels.min() < 0:
        raise ValueError(f"y must hold classes 0, 1, ..., got {labels.min()}")
    n_classes = max(int(labels.max()) + 1, 2) if n_classes is None else n_classes
    n_classes = check_count(n_classes, "n_classes", minimum=2)
    if labels.max() >= n_classes:
        raise ValueError(f"y holds class {labels.max()} but n_classes is {n_classes}")
    rng = np.random.default_rng(seed)
    chosen = rng.choice(len(labels), size=round(fraction * len(labels)), replace=False)
    shift = rng.integers(1, n_classes, size=len(chosen))  # 1..n_classes-1: never the same class
    noisy = labels.copy()
    noisy[chosen] = (labels[chosen] + shift) % n_classes
    return noisy


def delta_rule_predict(X: np.ndarray, w: np.ndarray, b: float) -> np.ndarray:
    """The neuron's predictions clip(X @ w + b, 0, 1)."""
    return np.clip(X @ w + b, 0.0, 1.0)


@dataclass(frozen=True)
class DeltaRuleRun:
    """Training loss after each epoch 0..epochs, the final weights and the held-out loss."""

    losses: np.ndarray
    w: np.ndarray
    b: float
    heldout_loss: float | None

    @property
    def floor(self) -> float:
        """The training loss where training ended up (after the last epoch)."""
        return float(self.losses[-1])


def train_delta_rule(
    X: object,
    y: object,
    epochs: int = 200,
    lr: float = LR,
    w0: object = START_WEIGHTS,
    b0: float = START_BIAS,
    X_heldout: object = None,
    y_heldout: object = None,
) -> DeltaRuleRun:
    """Per-example delta-rule training of the clipped linear neuron, in data order."""
    X = check_array(X, "X", ndim=2)
    y = check_array(y, "y", ndim=1)
    check_same_length(X, y, ("X", "y"))
    epochs = check_count(epochs, "epochs", minimum=0)
    lr = check_positive(lr, "lr")
    w = check_array(w0, "w0", ndim=1).copy()
    if w.shape != (X.shape[1],):
        raise ValueError(f"w0 has {len(w)} weights but X has {X.shape[1]} features")
    b = float(b0)
    losses = [np.mean((delta_rule_predict(X, w, b) - y) ** 2)]
    for _ in range(epochs):
        for x_i, y_i in zip(X, y, strict=True):
            error = y_i - delta_rule_predict(x_i, w, b)
            w += lr * error * x_i
            b += lr * error
        losses.append(np.mean((delta_rule_predict(X, w, b) - y) ** 2))
    heldout = None
    if X_heldout is not None or y_heldout is not None:
        if X_heldout is None or y_heldout is None:
            raise ValueError("give both X_heldout and y_heldout, or neither")
        X_h = check_array(X_heldout, "X_heldout", ndim=2)
        y_h = check_array(y_heldout, "y_heldout", ndim=1)
        check_same_length(X_h, y_h, ("X_heldout", "y_heldout"))
        if X_h.shape[1] != X.shape[1]:
            raise ValueError(f"X_heldout has {X_h.shape[1]} features but X has {X.shape[1]}")
        heldout = float(np.mean((delta_rule_predict(X_h, w, b) - y_h) ** 2))
    return DeltaRuleRun(np.array(losses), w, b, heldout)


@dataclass(frozen=True)
class Contradiction:
    """The same neuron trained without and with the contradicting example."""

    without: DeltaRuleRun
    with_contradiction: DeltaRuleRun

    @property
    def floor_without(self) -> float:
        return self.without.floor

    @property
    def floor_with(self) -> float:
        return self.with_contradiction.floor


def fit_with_contradiction(
    X: object,
    y: object,
    x_new: object,
    y_new: float,
    X_heldout: object = None,
    y_heldout: object = None,
    epochs: int = 200,
    lr: float = LR,
) -> Contradiction:
    """Train on (X, y), then on (X, y) plus (x_new, y_new) appended last; compare the two.

    Each run reports its training-loss floor (MSE over its own training set
    after ``epochs`` epochs) and, given held-out data, its held-out loss.
    """
    X = check_array(X, "X", ndim=2)
    x_new = check_array(x_new, "x_new", ndim=1)
    if x_new.shape != (X.shape[1],):
        raise ValueError(f"x_new has {len(x_new)} features but X has {X.shape[1]}")
    y = check_array(y, "y", ndim=1)
    y_new = check_array([y_new], "y_new", ndim=1)
    common = dict(epochs=epochs, lr=lr, X_heldout=X_heldout, y_heldout=y_heldout)
    return Contradiction(
        without=train_delta_rule(X, y, **common),
        with_contradiction=train_delta_rule(
            np.vstack([X, x_new]), np.concatenate([y, y_new]), **common
        ),
    )
