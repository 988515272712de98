"""Training an MLP classifier on the course's engine, and when to stop.

- :func:`train_mlp`: the one training loop the course uses for an
  :class:`~course_lib.nn.MLP` classifier: mini-batches (or the full batch),
  mean cross-entropy, Adam, optional weight decay, dropout when the model has
  it, train and validation loss and accuracy after every epoch, optional
  early stopping. Every number is measured in evaluation mode (no dropout).
- :func:`best_epoch`: the epoch with the lowest validation loss.
- :func:`early_stopping_epoch`: from a history of validation losses and a
  patience, the epoch to keep (the best) and the epoch training stops.
- :func:`softmax_twice`: what a model that ends in a softmax does to a cross-entropy
  that applies the softmax itself (PyTorch's ``CrossEntropyLoss``, the course's
  ``cross_entropy``): the loss and its gradient with one softmax and with two;
  :func:`double_softmax_floor` is the least loss the second softmax allows.
- :class:`TrainingRun` and :func:`train_classifier`: the same training, full
  batch on a 2-D dataset of :mod:`course_lib.datasets2d` (as in the TensorFlow
  Playground), advanced on demand one step at a time and able to go back in time
  (see "A run, step by step" below).

The rules:

- epoch t's numbers are measured after t passes over the training data
  (epoch 0 = the untrained model);
- an epoch *improves* when its validation loss is strictly below every earlier
  one (a tie is not an improvement);
- training stops at the first epoch that is ``patience + 1`` epochs after the
  last improvement (patience 0: at the first epoch that does not improve), or
  at the first loss that diverged (NaN, infinite or above
  :data:`course_lib.stability.DIVERGED_LOSS`);
- weight decay adds ``weight_decay * w`` to the gradient of every weight
  matrix (biases are not decayed) before the optimizer step: the gradient of
  the penalty weight_decay / 2 * ||w||^2, as ``torch.optim.Adam(weight_decay=)``.

Pure numpy: no plotting, no widgets.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from course_lib.autograd import Tensor, no_grad
from course_lib.datasets2d import LIMIT, NAMES, Dataset2D, make_dataset, train_test_split
from course_lib.functional import cross_entropy
from course_lib.nn import ACTIVATIONS, MLP
from course_lib.optimizers import Adam
from course_lib.stability import diverged
from course_lib.validation import (
    check_array,
    check_count,
    check_positive,
    check_same_length,
    check_scalar,
)


@dataclass(frozen=True)
class EarlyStop:
    """Where early stopping keeps the model and where it stops training.

    ``best_epoch`` is the epoch with the lowest loss before the stop (None if no
    loss was finite); ``stop_epoch`` the epoch at which training stops (None if
    the history ends first).
    """

    best_epoch: int | None
    stop_epoch: int | None


def early_stopping_epoch(val_losses: object, patience: int) -> EarlyStop:
    """The epoch to keep and the epoch to stop, from validation losses and a patience."""
    losses = check_array(val_losses, "val_losses", ndim=1, allow_empty=True, finite=False)
    patience = check_count(patience, "patience", minimum=0)
    best_epoch, best_loss = None, np.inf
    for epoch, loss in enumerate(losses):
        if diverged(float(loss)):
            return EarlyStop(best_epoch, epoch)
        if loss < best_loss:
            best_epoch, best_loss = epoch, loss
        elif epoch - best_epoch > patience:
            return EarlyStop(best_epoch, epoch)
    return EarlyStop(best_epoch, None)


def best_epoch(val_losses: object) -> int | None:
    """The epoch of the lowest loss (the first on ties), looking no further than a divergence."""
    losses = check_array(val_losses, "val_losses", ndim=1, allow_empty=True, finite=False)
    return early_stopping_epoch(losses, patience=len(losses)).best_epoch


@dataclass(frozen=True)
class TrainingHistory:
    """Loss and accuracy after each epoch 0..epochs_run (validation ones empty without data)."""

    train_loss: np.ndarray
    train_accuracy: np.ndarray
    val_loss: np.ndarray
    val_accuracy: np.ndarray
    best_epoch: int | None  # lowest validation loss (None without validation data)
    stop_epoch: int | None  # where early stopping or divergence ended training, else None
    restored_best: bool  # the model holds the weights of best_epoch, not of the last epoch

    @property
    def epochs_run(self) -> int:
        return len(self.train_loss) - 1


def accuracy(logits: np.ndarray, y: np.ndarray) -> float:
    """The share of rows whose largest logit is at the true class."""
    return float(np.mean(np.argmax(logits, axis=1) == y))


def evaluate(model: MLP, X: np.ndarray, y: np.ndarray) -> tuple[float, float]:
    """(mean cross-entropy, accuracy) of ``model`` on (X, y), in evaluation mode."""
    with no_grad():
        logits = model(Tensor(X))
        return cross_entropy(logits, y).item(), accuracy(logits.data, y)


def _check_classes(model: MLP, X: object, y: object, names: tuple[str, str]) -> tuple:
    X = check_array(X, names[0], ndim=2)
    y = np.asarray(y)
    if y.ndim != 1 or not np.issubdtype(y.dtype, np.integer):
        raise ValueError(
            f"{names[1]} must be a 1-D array of integer classes, got {y.dtype} {y.shape}"
        )
    check_same_length(X, y, names)
    if X.shape[1] != model.sizes[0]:
        raise ValueError(
            f"{names[0]} has {X.shape[1]} features but the model expects {model.sizes[0]}"
        )
    if y.min() < 0 or y.max() >= model.sizes[-1]:
        raise ValueError(
            f"{names[1]} must hold classes 0..{model.sizes[-1] - 1} (the model's outputs), "
            f"got {y.min()}..{y.max()}"
        )
    return X, y


def train_mlp(
    model: MLP,
    X: object,
    y: object,
    *,
    epochs: int,
    lr: float = 0.01,
    batch_size: int | None = None,
    weight_decay: float = 0.0,
    X_val: object = None,
    y_val: object = None,
    patience: int | None = None,
    restore_best: bool = False,
    stop_at_accuracy: float | None = None,
    seed: int | np.random.Generator = 0,
) -> TrainingHistory:
    """Train ``model`` (in place) to classify ``X`` as ``y`` with Adam on mean cross-entropy.

    ``model``'s last width is the number of classes (with ``dropout`` > 0 it drops hidden
    values during training steps only); ``X`` is (n, features), ``y`` (n,) integer classes.
    At most ``epochs`` passes over the data, ``batch_size`` examples per step (None: all, one
    step per epoch), Adam's learning rate ``lr``, the L2 ``weight_decay`` (see the module
    docstring), the mini-batch order drawn from ``seed``. Optional validation data
    ``X_val, y_val`` is measured after every epoch: ``patience`` stops early by
    :func:`early_stopping_epoch` on its loss, ``restore_best`` puts back at the end the weights
    of the epoch with the lowest validation loss. ``stop_at_accuracy`` stops as soon as the
    training accuracy reaches it (e.g. 1.0 to time memorisation).
    """
    if not isinstance(model, MLP):
        raise TypeError(f"model must be a course_lib.nn.MLP, got {type(model).__name__}")
    X, y = _check_classes(model, X, y, ("X", "y"))
    validation = _checked_validation(model, X_val, y_val, patience, restore_best)
    epochs = check_count(epochs, "epochs", minimum=0)
    batch_size = len(X) if batch_size is None else check_count(batch_size, "batch_size")
    weight_decay = check_scalar(weight_decay, "weight_decay", minimum=0)
    if patience is not None:
        patience = check_count(patience, "patience", minimum=0)
    if stop_at_accuracy is not None:
        stop_at_accuracy = check_scalar(stop_at_accuracy, "stop_at_accuracy", minimum=0, maximum=1)

    rng = np.random.default_rng(seed)
    optimizer = Adam(lr=lr)
    recorder = _Recorder(model, (X, y), validation, patience, restore_best, stop_at_accuracy)
    with np.errstate(over="ignore", invalid="ignore"):
        stop_epoch = 0 if recorder.measure(0) else None
        for epoch in range(1, epochs + 1):
            if stop_epoch is not None:
                break
            order = rng.permutation(len(X))
            _train_epoch(model, X, y, order, batch_size, optimizer, weight_decay)
            if recorder.measure(epoch):
                stop_epoch = epoch
    return recorder.finish(stop_epoch)


def _checked_validation(
    model: MLP, X_val: object, y_val: object, patience: int | None, restore_best: bool
) -> tuple[np.ndarray, np.ndarray] | None:
    """(X_val, y_val) checked, or None without validation data (then no early stopping)."""
    if X_val is None and y_val is None:
        if patience is not None or restore_best:
            raise ValueError("early stopping (patience, restore_best) needs X_val and y_val")
        return None
    if X_val is None or y_val is None:
        raise ValueError("give both X_val and y_val, or neither")
    return _check_classes(model, X_val, y_val, ("X_val", "y_val"))


def _train_epoch(
    model: MLP,
    X: np.ndarray,
    y: np.ndarray,
    order: np.ndarray,
    batch_size: int,
    optimizer: Adam,
    weight_decay: float,
) -> None:
    """One pass over (X, y) in ``order``: an Adam step on each batch's mean cross-entropy,
    with weight decay added to the gradient of every weight matrix."""
    params = model.parameters()
    weights = {id(layer.weight) for layer in model.layers}
    for start in range(0, len(X), batch_size):
        batch = order[start : start + batch_size]
        model.zero_grad()
        loss = cross_entropy(model(Tensor(X[batch]), train=True), y[batch])
        loss.backward()
        optimizer.step([p.data for p in params], _decayed(params, weights, weight_decay))


def _decayed(params: list[Tensor], weight_ids: set[int], decay: float) -> list[np.ndarray]:
    """The gradients, with ``decay * w`` added for each weight matrix w (biases as they are)."""
    return [p.grad + decay * p.data if decay and id(p) in weight_ids else p.grad for p in params]


_HISTORY_KEYS = ("train_loss", "train_accuracy", "val_loss", "val_accuracy")


@dataclass
class _Recorder:
    """train_mlp's numbers after each epoch, the best weights kept, and when to stop."""

    model: MLP
    train: tuple[np.ndarray, np.ndarray]
    validation: tuple[np.ndarray, np.ndarray] | None
    patience: int | None
    restore_best: bool
    stop_at_accuracy: float | None
    history: dict = field(default_factory=lambda: {key: [] for key in _HISTORY_KEYS})
    best_weights: list[np.ndarray] | None = None

    def measure(self, epoch: int) -> bool:
        """Record epoch's numbers; True when training should stop here."""
        history = self.history
        loss, acc = evaluate(self.model, *self.train)
        history["train_loss"].append(loss)
        history["train_accuracy"].append(acc)
        if self.validation is not None:
            val_loss, val_acc = evaluate(self.model, *self.validation)
            history["val_loss"].append(val_loss)
            history["val_accuracy"].append(val_acc)
            if self.restore_best and best_epoch(history["val_loss"]) == epoch:
                self.best_weights = [p.data.copy() for p in self.model.parameters()]
        if diverged(loss):
            return True
        if self.patience is not None:
            if early_stopping_epoch(history["val_loss"], self.patience).stop_epoch is not None:
                return True
        return self.stop_at_accuracy is not None and acc >= self.stop_at_accuracy

    def finish(self, stop_epoch: int | None) -> TrainingHistory:
        """Put back the best weights if asked, and the history of the run."""
        best = best_epoch(self.history["val_loss"]) if self.validation is not None else None
        restored = self.restore_best and self.best_weights is not None
        if restored:
            for p, w in zip(self.model.parameters(), self.best_weights, strict=True):
                p.data[...] = w
        return TrainingHistory(
            **{key: np.array(values) for key, values in self.history.items()},
            best_epoch=best,
            stop_epoch=stop_epoch,
            restored_best=restored,
        )


@dataclass(frozen=True)
class SoftmaxTwice:
    """Cross-entropy of one example on its logits, and on softmax(logits) taken as logits."""

    loss_once: float
    loss_twice: float
    gradient_once: np.ndarray  # d loss / d logits
    gradient_twice: np.ndarray


def softmax_twice(logits: object, target: int) -> SoftmaxTwice:
    """The loss and its gradient with respect to ``logits`` (one example), without and
    with an extra softmax before the cross-entropy, by the course's engine."""
    scores = check_array(logits, "logits", ndim=1)
    target = check_count(target, "target", minimum=0)
    if target >= len(scores):
        raise ValueError(f"target must be a class 0..{len(scores) - 1}, got {target}")
    results = []
    for extra_softmax in (False, True):
        x = Tensor(scores[None, :], requires_grad=True)
        loss = cross_entropy(x.softmax() if extra_softmax else x, [target])
        loss.backward()
        results.append((loss.item(), x.grad[0].copy()))
    (once, grad_once), (twice, grad_twice) = results
    return SoftmaxTwice(once, twice, grad_once, grad_twice)


def double_softmax_floor(n_classes: int) -> float:
    """The least cross-entropy after a second softmax: probabilities in [0, 1] taken as
    logits give at best (1, 0, ..., 0), whose softmax puts e / (e + n - 1) on the target."""
    n_classes = check_count(n_classes, "n_classes", minimum=2)
    return float(-np.log(np.e / (np.e + n_classes - 1)))


# -- A run, step by step ----------------------------------------------------------------------
# The playground's training: one network, full batch, Adam, trained a step at a time on demand.
# Every step's train and test loss come from the forward pass of that step (so they cost no
# extra pass), and the weights are copied every SNAPSHOT_EVERY steps, so that going back in
# time costs nothing. Its L2 setting is the penalty l2 · Σ w² (weight matrices only): weight
# decay 2 · l2 in train_mlp's terms, added to the gradient the same way.

#: Points per dataset: half train the network, half test it.
POINTS = 400
#: A run keeps a copy of the weights every this many steps.
SNAPSHOT_EVERY = 20
#: P(class 1) is computed on GRID_N x GRID_N points over [-VIEW, VIEW]^2.
VIEW = 1.4 * LIMIT
GRID_N = 64
#: The cross-entropy of answering 50/50 for every point: ln 2.
COIN_FLIP_LOSS = float(np.log(2))


@dataclass(frozen=True)
class TrainingConfig:
    """What is trained on what: the dataset and its noise, the network, the optimizer."""

    dataset: str = "moons"
    noise: float = 0.05
    width: int = 8
    depth: int = 2
    activation: str = "tanh"
    lr: float = 0.03
    l2: float = 0.0  # the penalty l2 · Σ w² on the weight matrices (weight decay 2 · l2)

    def __post_init__(self) -> None:
        if self.dataset not in NAMES:
            raise ValueError(f"dataset must be one of {list(NAMES)}, got {self.dataset!r}")
        if self.activation not in ACTIVATIONS:
            raise ValueError(
                f"activation must be one of {list(ACTIVATIONS)}, got {self.activation!r}"
            )
        check_scalar(self.noise, "noise", minimum=0)
        check_count(self.width, "width")
        check_count(self.depth, "depth")
        check_positive(self.lr, "lr")
        check_scalar(self.l2, "l2", minimum=0)

    @property
    def sizes(self) -> list[int]:
        """The layer sizes of the MLP: 2 inputs, ``depth`` hidden layers, 2 logits."""
        return [2] + [self.width] * self.depth + [2]


@dataclass(frozen=True)
class TrainingState:
    """What a network has learned after ``step`` steps."""

    config: TrainingConfig
    step: int
    train: Dataset2D
    test: Dataset2D
    probabilities: np.ndarray  # (GRID_N, GRID_N): P(class 1) over grid_points()
    train_losses: np.ndarray  # cross-entropy after each step 0..step
    test_losses: np.ndarray
    train_accuracy: float
    test_accuracy: float


def grid_points() -> np.ndarray:
    """The (GRID_N², 2) points of the grid over [-VIEW, VIEW]², row by row from the bottom."""
    g1, g2 = np.meshgrid(np.linspace(-VIEW, VIEW, GRID_N), np.linspace(-VIEW, VIEW, GRID_N))
    return np.column_stack([g1.ravel(), g2.ravel()])


def class_one_probability(model: MLP, X: np.ndarray) -> np.ndarray:
    """P(class 1 | x) for each row of X under the model (softmax of its two logits)."""
    with no_grad():
        return model(Tensor(X)).softmax(axis=-1).data[:, 1]


class TrainingRun:
    """One MLP trained full-batch with Adam on one dataset, advanced on demand.

    Keeps the loss after every step so far and a copy of the weights every
    SNAPSHOT_EVERY steps (and wherever it was asked to stop), so that going back
    in time costs nothing; a step before the furthest one reached and not copied
    is recomputed from the seed (training is deterministic).
    Loss = mean cross-entropy + l2 × (sum of the squared weights, biases excluded): its
    gradient is the cross-entropy's plus 2 · l2 · w for each weight matrix w.
    """

    def __init__(self, config: TrainingConfig, seed: int = 0):
        self.config, self.seed = config, seed
        data = make_dataset(config.dataset, POINTS, config.noise, seed)
        self.train, self.test = train_test_split(data, test_fraction=0.5, seed=seed)
        self.model = MLP(config.sizes, config.activation, rng=seed)
        self.params = self.model.parameters()
        self._weight_ids = {id(layer.weight) for layer in self.model.layers}
        self.optimizer = Adam(lr=config.lr)
        self._inputs = Tensor(np.vstack([self.train.X, self.test.X]))  # train rows first
        self._view: MLP | None = None  # holds the weights of the step asked for
        self.step = 0
        self.train_losses: list[float] = []  # cross-entropy after 0, 1, ... steps
        self.test_losses: list[float] = []
        self._measure()
        self.snapshots = {0: self._weights()}

    def _weights(self) -> list[np.ndarray]:
        return [p.data.copy() for p in self.params]

    def _record(self, train_loss: float, test_logits: np.ndarray) -> None:
        """Keep the losses of the weights as they are now, after ``self.step`` steps."""
        test_loss = cross_entropy(Tensor(test_logits), self.test.y).item()
        for losses, value in ((self.train_losses, train_loss), (self.test_losses, test_loss)):
            del losses[self.step :]  # measured again at the start of a step: the same number
            losses.append(value)

    def _measure(self) -> None:
        with no_grad():
            logits = self.model(self._inputs)
            n = len(self.train)
            self._record(cross_entropy(logits[:n], self.train.y).item(), logits.data[n:])

    def _train_step(self) -> None:
        """One step of Adam; the same forward pass also measures train and test loss."""
        self.model.zero_grad()
        n = len(self.train)
        logits = self.model(self._inputs)
        loss = cross_entropy(logits[:n], self.train.y)
        self._record(loss.item(), logits.data[n:])
        if diverged(loss.item()):
            raise FloatingPointError(
                f"the loss diverged at step {self.step} (lr = {self.config.lr:.3g})"
            )
        loss.backward()
        grads = _decayed(self.params, self._weight_ids, 2 * self.config.l2)
        self.optimizer.step([p.data for p in self.params], grads)
        self.step += 1
        if self.step % SNAPSHOT_EVERY == 0:
            self.snapshots[self.step] = self._weights()

    def weights_at(self, step: int) -> list[np.ndarray]:
        """The weights after ``step`` steps, training further if needed."""
        step = check_count(step, "step", minimum=0)
        if step not in self.snapshots:
            if step > self.step:
                while self.step < step:
                    self._train_step()
                self._measure()
                self.snapshots[step] = self._weights()
            else:
                again = TrainingRun(self.config, self.seed)
                self.snapshots[step] = again.weights_at(step)
        return self.snapshots[step]

    def state_at(self, step: int) -> TrainingState:
        """What the network has learned after ``step`` steps (training further if needed)."""
        weights = self.weights_at(step)
        if self._view is None:
            self._view = MLP(self.config.sizes, self.config.activation, rng=self.seed)
        for param, values in zip(self._view.parameters(), weights, strict=True):
            param.data = values
        grid = class_one_probability(self._view, grid_points()).reshape(GRID_N, GRID_N)
        with no_grad():
            train_logits, test_logits = (
                self._view(Tensor(d.X)).data for d in (self.train, self.test)
            )
        return TrainingState(
            config=self.config,
            step=step,
            train=self.train,
            test=self.test,
            probabilities=grid,
            train_losses=np.array(self.train_losses[: step + 1]),
            test_losses=np.array(self.test_losses[: step + 1]),
            train_accuracy=accuracy(train_logits, self.train.y),
            test_accuracy=accuracy(test_logits, self.test.y),
        )


def train_classifier(config: TrainingConfig, steps: int, seed: int = 0) -> TrainingState:
    """Train a fresh network for ``steps`` steps and return what it has learned."""
    return TrainingRun(config, seed).state_at(steps)
