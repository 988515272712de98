"""Meaning as geometry: embeddings trained with a contrastive loss, and nearest neighbours.

An embedding gives every item (a word, a sentence, a character) a vector. A
contrastive loss arranges the vectors so that distance means difference: for
each anchor item and each item that belongs with it (a positive), the loss is

    -ln softmax_j(-|e_anchor - e_j|^2 / temperature)[positive]

over every other item j: the positive must be the nearest of them all, so the
loss pulls the pair together and pushes every other item away. This is the
loss of sentence-embedding models (InfoNCE), here in 2-D so that it can be drawn,
trained with the course's engine and Adam.

- :func:`train_contrastive`: the positions of every item after each step.
- :func:`nearest_neighbours`: the items whose vectors point most nearly the same
  way as one item's (cosine similarity), as a search over embeddings does.

Pure numpy: no plotting, no widgets.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from course_lib.autograd import Tensor
from course_lib.functional import cross_entropy, masked_fill
from course_lib.optimizers import Adam
from course_lib.validation import check_array, check_count, check_positive


@dataclass(frozen=True)
class ContrastiveRun:
    """Positions of every item after each step of :func:`train_contrastive`."""

    groups: np.ndarray  # (n,) the group of each item
    positions: np.ndarray  # (steps + 1, n, 2): before training, then after each step
    losses: np.ndarray  # (steps,) the loss at each step


def positive_pairs(groups: Sequence[int]) -> tuple[np.ndarray, np.ndarray]:
    """(anchors, positives): every ordered pair of different items of the same group."""
    groups = np.asarray(groups)
    same = (groups[:, None] == groups[None, :]) & ~np.eye(len(groups), dtype=bool)
    anchors, positives = np.nonzero(same)
    return anchors, positives


def contrastive_loss(positions: Tensor, groups: Sequence[int], temperature: float) -> Tensor:
    """The mean over positive pairs of -ln softmax(-squared distance / temperature)[positive],
    the anchor itself left out of the softmax."""
    n = len(groups)
    diff = positions.reshape(n, 1, -1) - positions.reshape(1, n, -1)
    logits = (diff * diff).sum(-1) * (-1.0 / temperature)
    logits = masked_fill(logits, np.eye(n, dtype=bool), -np.inf)
    anchors, positives = positive_pairs(groups)
    return cross_entropy(logits[anchors], positives)


def train_contrastive(
    groups: Sequence[int],
    steps: int = 150,
    lr: float = 0.05,
    temperature: float = 1.0,
    seed: int = 0,
) -> ContrastiveRun:
    """Start every item at a random 2-D point, then take ``steps`` Adam steps on the
    contrastive loss; returns every position along the way."""
    groups = check_array(groups, "groups", ndim=1).astype(int)
    if len(positive_pairs(groups)[0]) == 0:
        raise ValueError("groups must put at least two items in the same group")
    steps = check_count(steps, "steps")
    temperature = check_positive(temperature, "temperature")
    rng = np.random.default_rng(seed)
    points = Tensor(rng.normal(scale=0.5, size=(len(groups), 2)), requires_grad=True)
    optimizer = Adam(lr=check_positive(lr, "lr"))
    positions, losses = [points.data.copy()], []
    for _ in range(steps):
        points.grad = np.zeros_like(points.data)
        loss = contrastive_loss(points, groups, temperature)
        loss.backward()
        optimizer.step([points.data], [points.grad])
        positions.append(points.data.copy())
        losses.append(loss.item())
    return ContrastiveRun(groups, np.array(positions), np.array(losses))


def nearest_neighbours(table: np.ndarray, index: int, k: int = 5) -> tuple[np.ndarray, np.ndarray]:
    """(indices, cosine similarities) of the ``k`` rows of ``table`` most similar to row
    ``index`` (itself excluded), most similar first."""
    table = check_array(table, "table", ndim=2)
    k = check_count(k, "k")
    if not 0 <= index < len(table):
        raise ValueError(f"index must be a row of table, in [0, {len(table) - 1}], got {index}")
    unit = table / np.maximum(np.linalg.norm(table, axis=1, keepdims=True), 1e-12)
    similarity = unit @ unit[index]
    similarity[index] = -np.inf
    order = np.argsort(-similarity, kind="stable")[: min(k, len(table) - 1)]
    return order, similarity[order]
