"""Training, saving, scoring and fast sampling of the lesson's GPT, against the engine's GPT."""

from __future__ import annotations

import hashlib

import numpy as np
import pytest

from course_lib import datasets, tiny_gpt
from course_lib.autograd import no_grad
from course_lib.gpt import GPT, GPTConfig, generate, sample

CONFIG = GPTConfig(block_size=16, vocab_size=11, n_layer=2, n_head=2, n_embd=8)
#: The checksum of data/tiny_gpt.npz as data/make_tiny_gpt.py wrote it.
TINY_GPT_SHA256 = "237ce394a798edb108cefcbb199ab7f6eb2895e7aef4c3516682da876ce3d3dc"


def noisy_model(seed=0):
    model = GPT(CONFIG, rng=seed).to(np.float32)
    rng = np.random.default_rng(seed)
    for p in model.parameters():
        p.data = p.data + (0.3 * rng.normal(size=p.shape)).astype(np.float32)
    return model


def test_the_fast_sampler_gives_the_engines_logits_at_every_position():
    model = noisy_model()
    ids = np.array([3, 1, 4, 1, 5, 9, 2, 6])
    fast = np.array(tiny_gpt.FastSampler(model).next_logits(ids))
    with no_grad():
        logits, _ = model(ids[None])
    np.testing.assert_allclose(fast, logits.data[0], rtol=1e-4, atol=1e-5)


@pytest.mark.parametrize(("temperature", "top_k"), [(1.0, None), (0.7, 3), (0.0, None)])
def test_the_fast_sampler_draws_what_generate_draws_also_past_the_context(temperature, top_k):
    model = noisy_model(1)
    prompt = np.array([2, 7])
    expected = generate(model, prompt[None], 30, temperature, top_k, seed=4)[0]
    got = tiny_gpt.FastSampler(model).generate(prompt, 30, temperature, top_k, seed=4)
    np.testing.assert_array_equal(got, expected)


def test_sampling_probabilities_are_what_sample_draws_from():
    logits = np.array([2.0, 1.0, 0.5, -1.0, 0.0])
    probs = tiny_gpt.sampling_probabilities(logits, 0.8, 3)
    z = logits[:3] / 0.8
    np.testing.assert_allclose(probs[:3], np.exp(z) / np.exp(z).sum())
    assert np.all(probs[3:] == 0)
    draws = sample(np.tile(logits, (40_000, 1)), 0.8, 3, np.random.default_rng(0))
    frequencies = np.bincount(draws, minlength=5) / len(draws)
    np.testing.assert_allclose(frequencies, probs, atol=0.01)
    np.testing.assert_array_equal(tiny_gpt.sampling_probabilities(logits, 0, None), [1, 0, 0, 0, 0])


def test_token_losses_average_to_the_models_loss_on_the_same_blocks():
    model = noisy_model(2)
    ids = np.random.default_rng(0).integers(0, 11, size=3 * 16 + 5)
    losses = tiny_gpt.token_losses(model, ids)
    assert losses.shape == (48,)
    x = ids[:48].reshape(3, 16)
    y = ids[1:49].reshape(3, 16)
    with no_grad():
        _, loss = model(x, y)
    assert losses.mean() == pytest.approx(loss.item(), rel=1e-5)


def test_saving_and_loading_keeps_the_model_to_half_precision(tmp_path):
    model = noisy_model(3)
    path = tmp_path / "model.npz"
    tiny_gpt.save_weights(model, path, curve=np.array([3.0, 2.0]))
    loaded, extra = tiny_gpt.load_weights(path)
    assert loaded.config == CONFIG
    np.testing.assert_array_equal(extra["curve"], [3.0, 2.0])
    for name, p in model.named_parameters().items():
        np.testing.assert_allclose(
            loaded.named_parameters()[name].data, p.data, rtol=1e-3, atol=1e-4
        )


def test_a_short_training_run_lowers_the_loss():
    ids = np.tile(np.arange(11), 60)  # a repeating pattern: easy to learn
    run = tiny_gpt.train_gpt(CONFIG, ids, ids, steps=60, lr=1e-2, batch_size=8, eval_every=30)
    np.testing.assert_array_equal(run.eval_steps, [0, 30, 60])
    assert run.val_loss < 0.5 * run.val_losses[0]
    assert len(run.train_losses) == 60


def test_the_shipped_model_is_the_file_its_script_wrote():
    data = datasets.tiny_gpt_path().read_bytes()
    assert hashlib.sha256(data).hexdigest() == TINY_GPT_SHA256
    assert len(data) < 400_000


def test_the_shipped_model_learned_shakespeare():
    model, saved = datasets.tiny_gpt()
    assert model.config == GPTConfig(block_size=128, vocab_size=65, n_layer=2, n_head=4, n_embd=64)
    assert saved["val_losses"][-1] < 2.1 < saved["val_losses"][0]
