"""A single neuron and the four-step training loop: predict, loss, gradient, step.

The neuron computes ``p = f(X @ w + b)`` with ``f`` the sigmoid (a soft yes/no
between 0 and 1) or the identity (a linear neuron). Its loss is the mean
squared error ``L = mean((p - y) ** 2)`` (``losses.mse``). Training is
full-batch gradient descent: every epoch uses all examples once, in one
iteration.

- ``predict``, ``mse``, ``gradient``, ``step``: the four steps, one function each;
- ``train``: the loop, recorded epoch by epoch (``TrainingRun``); a run stops
  where it diverges (``stability.diverged``);
- ``max_stable_lr``: where a linear neuron starts to diverge, 2 / λ_max;
- ``final_losses``: where each of many learning rates ends up, and
  ``divergence_bracket`` the two neighbouring rates between which a sweep blows up;
- ``better_direction``: larger or smaller, which way the challenge's lr should move;
- lesson 00's baseline (``BASELINE_LR``, ``EPOCHS``) and its challenge: a loss
  below ``TARGET_LOSS`` within ``TARGET_EPOCHS`` epochs (``reached_target``).

The published example lesson 00 starts from is different, and ``delta_rule_train``
runs its code as written: a clipped linear neuron ``p = clip(x·w + b, 0, 1)``, one
update per example with the delta rule (``w += lr · error · x``, ``b += lr · error``,
``error = y - p``), the total squared error of each epoch summed while it trains.
``delta_rule_step`` is that update's direction for one example and
``clipped_squared_error_gradient`` the exact gradient it approximates.

- ``random_start_accuracies``: how often an untrained neuron is right (expected: half).

Pure numpy: no plotting, no widgets.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from course_lib import stability
from course_lib.losses import mse
from course_lib.validation import check_array, check_count, check_positive

ACTIVATIONS = ("sigmoid", "linear")
#: Where the lesson's neuron starts: every weight and the bias at 0.5.
START_WEIGHTS = (0.5, 0.5)
START_BIAS = 0.5
#: Lesson 00's baseline run: this learning rate, this many epochs.
BASELINE_LR = 0.1
EPOCHS = 100
#: Lesson 00's challenge: a loss below TARGET_LOSS within TARGET_EPOCHS epochs (sigmoid neuron).
TARGET_LOSS = 0.02
TARGET_EPOCHS = 50


def sigmoid(z: np.ndarray) -> np.ndarray:
    """1 / (1 + exp(-z)), computed without overflow for large |z|."""
    z = np.asarray(z, dtype=float)
    ez = np.exp(-np.abs(z))
    return np.where(z >= 0, 1 / (1 + ez), ez / (1 + ez))


def _check_activation(activation: str) -> None:
    if activation not in ACTIVATIONS:
        raise ValueError(f"activation must be one of {ACTIVATIONS}, got {activation!r}")


def predict(X: np.ndarray, w: np.ndarray, b: float, activation: str = "sigmoid") -> np.ndarray:
    """Step 1, the forward pass: p = f(X @ w + b), one prediction per row of X."""
    _check_activation(activation)
    X = check_array(X, "X")
    w = check_array(w, "w", finite=False)  # a diverging run's weights may overflow
    if X.ndim != 2 or w.shape != (X.shape[1],):
        raise ValueError(f"X must be (n, d) and w (d,), got X {X.shape} and w {w.shape}")
    return _forward(X, w, b, activation)


def gradient(
    X: np.ndarray, y: np.ndarray, w: np.ndarray, b: float, activation: str = "sigmoid"
) -> tuple[np.ndarray, float]:
    """Step 3, the gradient of the MSE with respect to (w, b), by the chain rule.

    dL/dp = 2 (p - y) / n;  dp/dz = p (1 - p) for the sigmoid, 1 for a linear neuron;
    dz/dw = x, dz/db = 1.
    """
    p = predict(X, w, b, activation)
    return _backward(np.asarray(X, dtype=float), np.asarray(y, dtype=float), p, activation)


def _forward(X: np.ndarray, w: np.ndarray, b: float, activation: str) -> np.ndarray:
    z = X @ w + b
    return sigmoid(z) if activation == "sigmoid" else z


def _backward(
    X: np.ndarray, y: np.ndarray, p: np.ndarray, activation: str
) -> tuple[np.ndarray, float]:
    dz = 2 * (p - y) / len(p)
    if activation == "sigmoid":
        dz = dz * p * (1 - p)
    return X.T @ dz, float(dz.sum())


def step(
    w: np.ndarray, b: float, grad_w: np.ndarray, grad_b: float, lr: float
) -> tuple[np.ndarray, float]:
    """Step 4, the update: move every parameter a small step against its gradient."""
    return np.asarray(w, dtype=float) - lr * np.asarray(grad_w, dtype=float), b - lr * grad_b


@dataclass(frozen=True)
class TrainingRun:
    """Everything a training run went through, one row per epoch (row 0 = the start).

    After a divergence (``stability.diverged``: a loss above DIVERGED_LOSS or not
    finite) training stops and the remaining rows hold NaN.
    """

    lr: float
    activation: str
    weights: np.ndarray  # (epochs + 1, d)
    biases: np.ndarray  # (epochs + 1,)
    losses: np.ndarray  # (epochs + 1,)
    predictions: np.ndarray  # (epochs + 1, n)
    diverged_at: int | None  # the first epoch whose loss diverged, or None

    @property
    def epochs(self) -> int:
        return len(self.losses) - 1

    def first_epoch_below(self, target: float) -> int | None:
        """The first epoch whose loss is below ``target``, or None if it never gets there."""
        hits = np.flatnonzero(self.losses < target)
        return int(hits[0]) if hits.size else None


def train(
    X: np.ndarray,
    y: np.ndarray,
    lr: float = BASELINE_LR,
    epochs: int = EPOCHS,
    *,
    w0: tuple[float, ...] = START_WEIGHTS,
    b0: float = START_BIAS,
    activation: str = "sigmoid",
) -> TrainingRun:
    """Run the four-step loop ``epochs`` times (full batch) and record every epoch."""
    _check_activation(activation)
    lr = check_positive(lr, "lr")
    epochs = check_count(epochs, "epochs", minimum=0)
    X, y = check_array(X, "X", ndim=2), check_array(y, "y", ndim=1)
    w, b = check_array(w0, "w0", ndim=1), float(b0)
    if w.shape != (X.shape[1],) or len(y) != len(X):
        raise ValueError(
            f"X must be (n, d), y (n,) and w0 (d,), got X {X.shape}, y {y.shape} and w0 {w.shape}"
        )
    weights = np.full((epochs + 1, X.shape[1]), np.nan)
    biases = np.full(epochs + 1, np.nan)
    losses = np.full(epochs + 1, np.nan)
    predictions = np.full((epochs + 1, len(y)), np.nan)
    diverged_at = None
    with np.errstate(over="ignore", invalid="ignore"):
        for epoch in range(epochs + 1):
            p = _forward(X, w, b, activation)  # step 1 (X and w checked above)
            loss = mse(y, p) if np.all(np.isfinite(p)) else math.inf  # step 2
            if stability.diverged(loss):
                diverged_at = epoch
                break
            weights[epoch], biases[epoch], losses[epoch], predictions[epoch] = w, b, loss, p
            if epoch < epochs:
                w, b = step(w, b, *_backward(X, y, p, activation), lr)  # steps 3 and 4
    return TrainingRun(lr, activation, weights, biases, losses, predictions, diverged_at)


def max_stable_lr(X: np.ndarray, activation: str = "linear") -> float | None:
    """The learning rate above which gradient descent on the neuron's MSE diverges.

    For a linear neuron the MSE is an exact bowl and the limit is 2 / λ_max of its
    Hessian (``stability.max_stable_lr``); for the sigmoid its curvature changes
    from place to place, so there is no single limit: None.
    """
    _check_activation(activation)
    if activation != "linear":
        return None
    return stability.max_stable_lr(stability.linear_mse_hessian(X))


def final_losses(
    X: np.ndarray,
    y: np.ndarray,
    lrs: np.ndarray,
    epochs: int = EPOCHS,
    activation: str = "sigmoid",
) -> np.ndarray:
    """The loss after ``epochs`` epochs for each learning rate in ``lrs`` (NaN if it diverged)."""
    lrs = check_array(lrs, "lrs", ndim=1)
    return np.array([train(X, y, lr, epochs, activation=activation).losses[-1] for lr in lrs])


def reached_target(run: TrainingRun) -> int | None:
    """The epoch (≤ TARGET_EPOCHS) at which the run first gets below TARGET_LOSS, or None."""
    epoch = run.first_epoch_below(TARGET_LOSS)
    return epoch if epoch is not None and epoch <= TARGET_EPOCHS else None


def divergence_bracket(lrs: np.ndarray, finals: np.ndarray) -> tuple[float, float] | None:
    """The two neighbouring rates of a sweep between which training starts to diverge.

    ``finals`` are the final losses for the increasing ``lrs`` (NaN where a run
    diverged): returns (the largest rate below the first divergence, that first
    diverging rate), or None when no rate in the sweep diverged (or the first did).
    """
    lrs, finals = check_array(lrs, "lrs", ndim=1), check_array(finals, "finals", finite=False)
    bad = np.flatnonzero(~np.isfinite(finals))
    if bad.size == 0 or bad[0] == 0:
        return None
    return float(lrs[bad[0] - 1]), float(lrs[bad[0]])


def better_direction(X: np.ndarray, y: np.ndarray, lr: float) -> tuple[str, float]:
    """Which way to move ``lr`` for the challenge, found by trying its neighbours.

    Trains at ``lr * f`` and ``lr / f`` for TARGET_EPOCHS epochs, for f = 2, 10, 100
    in turn until one neighbour ends lower than the other (on a flat stretch, where a
    saturated neuron's loss does not move, both tie); returns ("larger" or "smaller", f).
    """
    lr = check_positive(lr, "lr")
    for factor in (2.0, 10.0, 100.0):
        up, down = (train(X, y, r, TARGET_EPOCHS).losses[-1] for r in (lr * factor, lr / factor))
        up, down = (math.inf if np.isnan(v) else v for v in (up, down))
        if not math.isclose(up, down, rel_tol=1e-9):
            return ("larger" if up < down else "smaller"), factor
    return ("smaller" if lr > BASELINE_LR else "larger"), 100.0


def verdict(p: float) -> str:
    """What the neuron calls a device: glasses when its output is above 0.5, else a ring."""
    return "glasses" if p > 0.5 else "ring"


def boundary_points(
    w: np.ndarray, b: float, xlim: tuple[float, float], ylim: tuple[float, float], n: int = 50
) -> tuple[np.ndarray, np.ndarray]:
    """Points on the line w·x + b = 0 (where the sigmoid says 0.5) across a rectangle.

    The line is sampled along whichever axis it is steeper against, so it is never
    a few points far apart; with both weights 0 there is no line (empty arrays).
    """
    w1, w2 = float(w[0]), float(w[1])
    if abs(w2) >= abs(w1) and w2 != 0:
        x = np.linspace(*xlim, n)
        return x, -(w1 * x + b) / w2
    if w1 != 0:
        y = np.linspace(*ylim, n)
        return -(w2 * y + b) / w1, y
    return np.array([]), np.array([])


def loss_text(run: TrainingRun, epoch: int) -> str:
    """The loss at ``epoch`` in four significant digits, or "diverged" once it has."""
    loss = run.losses[epoch]
    return "diverged" if np.isnan(loss) else f"{loss:.4g}"


def loss_table(runs: dict[str, TrainingRun], epochs: tuple[int, ...]) -> str:
    """A plain-text table of the loss at some epochs, one column per run."""
    width = max(12, *(len(label) + 2 for label in runs))
    lines = ["epoch" + "".join(f"{label:>{width}}" for label in runs)]
    for epoch in epochs:
        cells = "".join(f"{loss_text(run, epoch):>{width}}" for run in runs.values())
        lines.append(f"{epoch:>5}{cells}")
    return "\n".join(lines)


def random_start_accuracies(
    X: np.ndarray, y: np.ndarray, n_starts: int = 10_000, seed: int = 0
) -> np.ndarray:
    """Accuracy of ``n_starts`` untrained sigmoid neurons with weights and bias ~ N(0, 1)."""
    n_starts = check_count(n_starts, "n_starts")
    rng = np.random.default_rng(seed)
    X, y = check_array(X, "X", ndim=2), check_array(y, "y", ndim=1)
    w = rng.standard_normal((n_starts, X.shape[1]))
    b = rng.standard_normal(n_starts)
    guesses = (X @ w.T + b) > 0  # sigmoid(z) > 0.5 exactly when z > 0
    return np.mean(guesses == (y[:, None] == 1), axis=0)


# -- the published example, run as written ---------------------------------------------------
#: The published example's start (weights 0.5 and 0.5, bias 0) and its settings.
PUBLISHED_WEIGHTS = (0.5, 0.5)
PUBLISHED_BIAS = 0.0
PUBLISHED_LR = 0.1
#: The epochs at which the published code prints the total loss (every 25, and the last).
PUBLISHED_EPOCHS_SHOWN = (0, 25, 50, 75, 99)
#: What the article printed: (epoch, total loss, weights) for its first and last rows.
ARTICLE_ROWS = ((0, 0.4823, (0.618, 0.523)), (99, 0.0021, (0.891, 0.752)))


def clipped_predict(X: np.ndarray, w: np.ndarray, b: float) -> np.ndarray:
    """The published example's neuron: p = clip(X @ w + b, 0, 1), one value per row."""
    X = check_array(X, "X", ndim=2)
    w = check_array(w, "w", ndim=1)
    if w.shape != (X.shape[1],):
        raise ValueError(f"X must be (n, d) and w (d,), got X {X.shape} and w {w.shape}")
    return np.clip(X @ w + b, 0.0, 1.0)


def delta_rule_step(x: np.ndarray, y: float, w: np.ndarray, b: float) -> tuple[np.ndarray, float]:
    """The published update's direction for one example: (error · x, error), error = y - p.

    The update adds ``lr`` times this. It is not the gradient of the squared error:
    see ``clipped_squared_error_gradient``.
    """
    x = check_array(x, "x", ndim=1)
    error = float(y) - float(clipped_predict(x[None, :], w, b)[0])
    return error * x, error


def clipped_squared_error_gradient(
    x: np.ndarray, y: float, w: np.ndarray, b: float
) -> tuple[np.ndarray, float]:
    """The exact gradient of (y - clip(x·w + b, 0, 1))² with respect to (w, b).

    d/dz of the squared error is -2 (y - p) where 0 < z < 1, and 0 where the clip
    is flat (z ≤ 0 or z ≥ 1): the delta rule drops the factor 2 and ignores the clip.
    """
    x = check_array(x, "x", ndim=1)
    z = float(x @ check_array(w, "w", ndim=1) + b)
    p = min(max(z, 0.0), 1.0)
    dz = -2.0 * (float(y) - p) if 0.0 < z < 1.0 else 0.0
    return dz * x, dz


@dataclass(frozen=True)
class DeltaRuleRun:
    """The published code's run: one row per epoch (row e = after epoch e).

    ``losses[e]`` is the total squared error summed over the examples while
    epoch e trains, each taken just before that example's update, as the
    published code prints it.
    """

    lr: float
    weights: np.ndarray  # (epochs, d): after each epoch
    biases: np.ndarray  # (epochs,)
    losses: np.ndarray  # (epochs,): total loss during each epoch

    @property
    def epochs(self) -> int:
        return len(self.losses)

    def table(self, epochs: tuple[int, ...] = PUBLISHED_EPOCHS_SHOWN) -> str:
        """The table the published code prints: epoch, total loss, weights."""
        lines = [f"{'epoch':>5}{'total loss':>12}   weights"]
        for e in epochs:
            w = ", ".join(f"{v:.3f}" for v in self.weights[e])
            lines.append(f"{e:>5}{self.losses[e]:>12.4f}   [{w}]")
        return "\n".join(lines)


def delta_rule_train(
    X: np.ndarray,
    y: np.ndarray,
    lr: float = PUBLISHED_LR,
    epochs: int = EPOCHS,
    *,
    w0: tuple[float, ...] = PUBLISHED_WEIGHTS,
    b0: float = PUBLISHED_BIAS,
) -> DeltaRuleRun:
    """Run the published example's code: per-example delta-rule updates on a clipped neuron."""
    lr = check_positive(lr, "lr")
    epochs = check_count(epochs, "epochs")
    X, y = check_array(X, "X", ndim=2), check_array(y, "y", ndim=1)
    w, b = check_array(w0, "w0", ndim=1).copy(), float(b0)
    if w.shape != (X.shape[1],) or len(y) != len(X):
        raise ValueError(
            f"X must be (n, d), y (n,) and w0 (d,), got X {X.shape}, y {y.shape} and w0 {w.shape}"
        )
    weights, biases, losses = np.empty((epochs, len(w))), np.empty(epochs), np.empty(epochs)
    for epoch in range(epochs):
        total = 0.0
        for x, target in zip(X, y, strict=True):
            error = target - min(max(float(x @ w + b), 0.0), 1.0)
            total += error**2
            w = w + lr * error * x
            b = b + lr * error
        weights[epoch], biases[epoch], losses[epoch] = w, b, total
    return DeltaRuleRun(lr, weights, biases, losses)


def epochs_to_reach(run: DeltaRuleRun, loss: float) -> int | None:
    """The first epoch whose total loss is at most ``loss``, or None within the run."""
    hits = np.flatnonzero(run.losses <= loss)
    return int(hits[0]) if hits.size else None
