"""The contrastive loss and nearest neighbours, against numpy, finite differences and sklearn."""

from __future__ import annotations

import numpy as np
import pytest
from sklearn.metrics.pairwise import cosine_similarity

from course_lib import embeddings
from course_lib.autograd import Tensor
from tests.finite_differences import central_difference

GROUPS = [0, 0, 1, 1, 1, 2, 2]


def numpy_loss(points, groups, temperature):
    d2 = ((points[:, None] - points[None, :]) ** 2).sum(-1)
    logits = -d2 / temperature
    np.fill_diagonal(logits, -np.inf)
    log_p = logits - np.log(np.exp(logits).sum(axis=1, keepdims=True))
    anchors, positives = embeddings.positive_pairs(groups)
    return -log_p[anchors, positives].mean()


def test_positive_pairs_are_every_ordered_pair_within_a_group():
    anchors, positives = embeddings.positive_pairs([0, 0, 1, 1, 1])
    pairs = set(zip(anchors.tolist(), positives.tolist(), strict=True))
    assert pairs == {(0, 1), (1, 0), (2, 3), (2, 4), (3, 2), (3, 4), (4, 2), (4, 3)}


def test_the_loss_and_its_gradient_match_numpy_and_finite_differences():
    points = np.random.default_rng(0).normal(size=(7, 2))
    tensor = Tensor(points.copy(), requires_grad=True)
    loss = embeddings.contrastive_loss(tensor, GROUPS, 0.7)
    assert loss.item() == pytest.approx(numpy_loss(points, GROUPS, 0.7), rel=1e-12)
    loss.backward()
    numeric = central_difference(lambda p: numpy_loss(p, GROUPS, 0.7), points)
    np.testing.assert_allclose(tensor.grad, numeric, rtol=1e-5, atol=1e-8)


def test_training_pulls_groups_together_and_pushes_groups_apart():
    run = embeddings.train_contrastive(GROUPS, steps=150, seed=1)
    assert run.positions.shape == (151, 7, 2)
    assert run.losses[-1] < 0.5 * run.losses[0]
    end = run.positions[-1]
    distance = np.linalg.norm(end[:, None] - end[None, :], axis=-1)
    g = np.array(GROUPS)
    same = (g[:, None] == g[None, :]) & ~np.eye(7, dtype=bool)
    assert distance[same].max() < distance[g[:, None] != g[None, :]].min()


def test_nearest_neighbours_rank_by_cosine_similarity_as_sklearn():
    table = np.random.default_rng(2).normal(size=(20, 5))
    near, similarity = embeddings.nearest_neighbours(table, 3, k=4)
    expected = cosine_similarity(table)[3]
    expected[3] = -np.inf
    np.testing.assert_array_equal(near, np.argsort(-expected)[:4])
    np.testing.assert_allclose(similarity, expected[near])


def test_bad_input_is_refused_clearly():
    with pytest.raises(ValueError, match="at least two items in the same group"):
        embeddings.train_contrastive([0, 1, 2])
    with pytest.raises(ValueError, match="index must be a row"):
        embeddings.nearest_neighbours(np.ones((3, 2)), 5)
