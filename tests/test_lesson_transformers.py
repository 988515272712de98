"""Lesson 07's experiments against the concept functions, and the claims of its notebook."""

from __future__ import annotations

import numpy as np
import pytest

from course_lib import attention, datasets, language_models, tiny_gpt
from course_lib.lessons import transformers
from course_lib.lessons.transformers import head_patterns, order_blindness, size_challenge
from course_lib.tokens import learn_bpe


def test_token_merges_cut_the_passage_into_tokens_that_join_back():
    merges = transformers.TokenMerges(n_merges=100)
    result = merges.last_result
    assert "".join(result.tokens) == merges.passage
    assert result.vocab_size == merges.bpe.n_chars + 100
    assert result.n_tokens == merges.bpe.lengths[100] < merges.bpe.lengths[0]
    assert len(merges.set(n_merges=0).last_result.tokens) == len(merges.passage)


def test_contrastive_geometry_replays_the_run_and_ends_with_groups_apart():
    geometry = transformers.ContrastiveGeometry(step=0)
    start = geometry.last_result
    end = geometry.set(step=150).last_result
    assert start.within > end.within and end.between > 5 * end.within
    np.testing.assert_allclose(start.losses, end.losses)  # one run, replayed


def test_attention_step_by_step_shows_the_concepts_weights_and_the_mask():
    probe = transformers.AttentionStepByStep(d=16, mask="causal (only earlier tokens)")
    steps = attention.attention_steps(
        *transformers.attention_step_by_step.sentence_inputs(16), causal=True
    )
    np.testing.assert_allclose(probe.last_result.weights, steps.weights)
    assert np.all(np.triu(probe.last_result.weights, k=1) == 0)


def test_the_notebooks_saturation_claim_holds():
    probe = transformers.AttentionStepByStep(d=256, scaling="no scaling")
    raw = probe.last_result.weights.max(axis=1).mean()
    scaled = probe.set(scaling="divide by √d").last_result.weights.max(axis=1).mean()
    assert raw > max(0.5, 2 * scaled)  # the notebook's reveal: much larger, most of it


def test_the_notebooks_order_claims_hold():
    for seed in range(1, 21):
        assert order_blindness.shuffle_mismatch(False, seed).mismatch.max() < 1e-9
        assert order_blindness.shuffle_mismatch(True, seed).mismatch.max() > 0.1


def test_trained_heads_solve_their_tasks_and_a_reverse_head_looks_at_the_mirror():
    heads = transformers.HeadPatterns(task="reverse")
    assert all(m.accuracy > 0.9 for m in heads.models.values())
    patterns = heads.last_result.patterns  # (heads, T, T)
    n = head_patterns.LENGTH
    # the separator's position predicts the first answer digit: the last input digit
    assert any(p[n].argmax() == n - 1 for p in patterns)


def test_the_sampler_writes_what_the_fast_sampler_writes_and_shows_its_probabilities():
    sampler = transformers.ShakespeareSampler(temperature=0.0)
    result = sampler.last_result
    assert result.probabilities.max() == 1.0
    sampler.set(temperature=0.8, top_k=5, seed=3)
    result = sampler.last_result
    ids = sampler.chars.encode(result.prompt)
    expected = sampler.sampler.generate(ids, len(result.text), 0.8, 5, 3)
    assert sampler.chars.decode(expected[len(ids) :]) == result.text
    assert np.count_nonzero(result.probabilities) <= 5
    assert result.probabilities.sum() <= 1 + 1e-9


def test_the_challenge_waits_for_training_and_can_be_reached():
    challenge = transformers.SizeChallenge()
    assert not challenge.last_result.trained
    assert not challenge.challenge_status(challenge.last_result)[0]
    assert "Not trained yet" in challenge.note.get_text()
    start = challenge.train()  # the notebook: the start, with its tiny lr, will not get there
    assert start.trained and start.val_loss > size_challenge.TARGET_LOSS
    challenge.set(width=64, depth=2, lr=3e-3)
    result = challenge.train()
    assert result.trained and len(result.val_losses) == 7
    assert result.val_loss <= size_challenge.TARGET_LOSS
    assert "Challenge reached" in challenge.challenge.value


def test_the_tiny_gpt_beats_every_ngram_model_on_held_out_text():
    text = datasets.tiny_shakespeare()
    model, _ = datasets.tiny_gpt()
    train_text, held_out = language_models.train_test_text(text, 0.9)
    span = 200 * model.config.block_size + 1
    gpt = tiny_gpt.token_losses(model, learn_bpe(text, 0).encode(held_out[:span])).mean()
    trigram = language_models.fit_char_ngram(train_text, 3, k=0.1, vocabulary=text)
    assert gpt < language_models.cross_entropy(trigram, held_out[1:span])


@pytest.mark.parametrize("name", transformers.__all__)
def test_every_experiment_describes_itself(name):
    experiment = getattr(transformers, name)()
    assert experiment.describe(experiment.last_result)
