"""Training an MLP classifier on the course's engine: 2-D points, two classes, Adam.

The whole loop, full batch, as in the TensorFlow Playground:

    data = make_dataset(dataset, POINTS, noise, seed); train, test = half and half
    model = MLP([2, width, ..., width, 2], activation, rng=seed)
    repeat: logits = model(train.X)
            loss = cross_entropy(logits, train.y) + l2 · Σ (weights²)   (biases excluded)
            loss.backward(); Adam(lr).step(parameters, gradients)

:func:`train_classifier` trains a fresh network for some steps and returns what
it has learned (a :class:`TrainingState`: losses so far, accuracies, P(class 1)
over a grid of the plane). :class:`TrainingRun` does the same on demand, step
by step, and can go back in time: it keeps a copy of the weights every
SNAPSHOT_EVERY steps (training is deterministic, so any other step is
recomputed from the seed). A run whose loss diverges (see
:mod:`course_lib.stability`) stops with a FloatingPointError.

    state = train_classifier(TrainingConfig(dataset="xor"), steps=200)
    state.test_accuracy

Pure numpy: no plotting, no widgets.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from course_lib.autograd import Tensor, cross_entropy, no_grad
from course_lib.datasets2d import LIMIT, NAMES, Dataset2D, make_dataset, train_test_split
from course_lib.nn import ACTIVATIONS, MLP
from course_lib.optimizers import Adam
from course_lib.stability import diverged
from course_lib.validation import check_count, check_positive, check_scalar

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
    l2: float = 0.0

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
    Loss = mean cross-entropy + l2 × (sum of the squared weights, biases excluded).
    """

    def __init__(self, config: TrainingConfig, seed: int = 0):
        self.config, self.seed = config, seed
        data = make_dataset(config.dataset, POINTS, config.noise, seed)
        self.train, self.test = train_test_split(data, test_fraction=0.5, seed=seed)
        self.model = MLP(config.sizes, config.activation, rng=seed)
        self.params = self.model.parameters()
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
        data_loss = cross_entropy(logits[:n], self.train.y)
        self._record(data_loss.item(), logits.data[n:])
        loss = data_loss
        if self.config.l2:
            penalty = sum((layer.weight**2).sum() for layer in self.model.layers)
            loss = loss + self.config.l2 * penalty
        if diverged(loss.item()):
            raise FloatingPointError(
                f"the loss diverged at step {self.step} (lr = {self.config.lr:.3g})"
            )
        loss.backward()
        self.optimizer.step([p.data for p in self.params], [p.grad for p in self.params])
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
        accuracy = {
            name: float(np.mean((class_one_probability(self._view, data.X) > 0.5) == (data.y == 1)))
            for name, data in (("train", self.train), ("test", self.test))
        }
        return TrainingState(
            config=self.config,
            step=step,
            train=self.train,
            test=self.test,
            probabilities=grid,
            train_losses=np.array(self.train_losses[: step + 1]),
            test_losses=np.array(self.test_losses[: step + 1]),
            train_accuracy=accuracy["train"],
            test_accuracy=accuracy["test"],
        )


def train_classifier(config: TrainingConfig, steps: int, seed: int = 0) -> TrainingState:
    """Train a fresh network for ``steps`` steps and return what it has learned."""
    return TrainingRun(config, seed).state_at(steps)
