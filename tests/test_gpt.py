"""The GPT on our engine: the same numbers as a torch twin with the same weights (float64),
finite differences without torch, causality, nanoGPT's initialisation, batches and sampling."""

from __future__ import annotations

import math

import numpy as np
import pytest

from course_lib.autograd import Tensor
from course_lib.gpt import (
    GPT,
    CausalSelfAttention,
    GPTConfig,
    decay_groups,
    generate,
    get_batch,
    sample,
)
from course_lib.optimizers import AdamW

TINY = GPTConfig(block_size=6, vocab_size=7, n_layer=2, n_head=2, n_embd=8, bias=True)


def tiny_model(config=TINY, seed=0, noisy=True) -> GPT:
    """A tiny GPT; ``noisy`` moves the layer norms and biases off their 1 / 0 start,
    so that a mistake in their gradients cannot hide behind a one or a zero."""
    model = GPT(config, rng=seed)
    rng = np.random.default_rng(seed + 100)
    if noisy:
        for p in model.parameters():
            if p.ndim == 1:
                p.data += rng.normal(0, 0.3, size=p.shape)
            else:
                p.data *= 10  # std 0.2: attention and GELU far from linear
    return model


def tokens(shape, vocab=TINY.vocab_size, seed=1):
    return np.random.default_rng(seed).integers(0, vocab, size=shape)


# -- a torch twin written from the equations, fed our weights --------------------------------
def torch_gpt_loss(model: GPT, idx, targets):
    """Our forward pass in torch (float64) on copies of our weights: (logits, loss, params)."""
    torch = pytest.importorskip("torch")
    F = torch.nn.functional
    cfg = model.config
    p = {
        name: torch.tensor(t.data, requires_grad=True)
        for name, t in model.named_parameters().items()
    }

    def linear(x, name):
        out = x @ p[f"{name}.weight"]
        return out + p[f"{name}.bias"] if f"{name}.bias" in p else out

    def norm(x, name):
        return F.layer_norm(x, (cfg.n_embd,), p[f"{name}.weight"], p.get(f"{name}.bias"))

    idx_t = torch.tensor(idx)
    b, t = idx.shape
    x = p["wte.weight"][idx_t] + p["wpe.weight"][:t]
    for i in range(cfg.n_layer):
        q, k, v = linear(norm(x, f"h.{i}.ln_1"), f"h.{i}.attn.c_attn").split(cfg.n_embd, dim=-1)
        heads = [z.view(b, t, cfg.n_head, -1).transpose(1, 2) for z in (q, k, v)]
        y = F.scaled_dot_product_attention(*heads, is_causal=True)
        x = x + linear(y.transpose(1, 2).reshape(b, t, cfg.n_embd), f"h.{i}.attn.c_proj")
        hidden = F.gelu(linear(norm(x, f"h.{i}.ln_2"), f"h.{i}.mlp.c_fc"), approximate="tanh")
        x = x + linear(hidden, f"h.{i}.mlp.c_proj")
    logits = norm(x, "ln_f") @ p["wte.weight"].T
    loss = F.cross_entropy(logits.reshape(-1, cfg.vocab_size), torch.tensor(targets).reshape(-1))
    return logits, loss, p


@pytest.mark.parametrize("bias", [True, False])
def test_gpt_logits_loss_and_every_gradient_match_a_torch_twin_in_float64(bias):
    config = GPTConfig(block_size=6, vocab_size=7, n_layer=2, n_head=2, n_embd=8, bias=bias)
    model = tiny_model(config)
    idx, targets = tokens((3, 5)), tokens((3, 5), seed=2)
    model.zero_grad()
    logits, loss = model(idx, targets)
    loss.backward()
    their_logits, their_loss, params = torch_gpt_loss(model, idx, targets)
    their_loss.backward()
    np.testing.assert_allclose(logits.data, their_logits.detach().numpy(), rtol=1e-10, atol=1e-12)
    assert loss.item() == pytest.approx(their_loss.item(), rel=1e-12)
    for name, tensor in model.named_parameters().items():
        np.testing.assert_allclose(
            tensor.grad, params[name].grad.numpy(), rtol=1e-8, atol=1e-12, err_msg=name
        )


def test_attention_module_matches_torch_multi_head_attention_with_a_causal_mask():
    torch = pytest.importorskip("torch")
    attn = CausalSelfAttention(TINY, np.random.default_rng(0))
    x = np.random.default_rng(1).normal(size=(2, 5, 8))
    ours = attn(Tensor(x))
    mha = torch.nn.MultiheadAttention(8, 2, bias=True, batch_first=True, dtype=torch.float64)
    with torch.no_grad():
        mha.in_proj_weight.copy_(torch.tensor(attn.c_attn.weight.data.T))
        mha.in_proj_bias.copy_(torch.tensor(attn.c_attn.bias.data))
        mha.out_proj.weight.copy_(torch.tensor(attn.c_proj.weight.data.T))
        mha.out_proj.bias.copy_(torch.tensor(attn.c_proj.bias.data))
    xt = torch.tensor(x)
    mask = torch.triu(torch.ones(5, 5, dtype=torch.bool), diagonal=1)
    theirs, _ = mha(xt, xt, xt, attn_mask=mask, need_weights=False)
    np.testing.assert_allclose(ours.data, theirs.detach().numpy(), rtol=1e-10, atol=1e-12)


# -- torch-free twins ------------------------------------------------------------------------
def test_gpt_gradients_match_finite_differences_on_a_sample_of_every_parameter():
    model = tiny_model()
    idx, targets = tokens((2, 5)), tokens((2, 5), seed=2)
    model.zero_grad()
    model(idx, targets)[1].backward()
    rng = np.random.default_rng(3)
    eps = 1e-6
    for name, p in model.named_parameters().items():
        flat, grad = p.data.reshape(-1), p.grad.reshape(-1)
        for i in rng.choice(flat.size, size=min(4, flat.size), replace=False):
            original = flat[i]
            flat[i] = original + eps
            above = model(idx, targets)[1].item()
            flat[i] = original - eps
            below = model(idx, targets)[1].item()
            flat[i] = original
            numeric = (above - below) / (2 * eps)
            assert grad[i] == pytest.approx(numeric, rel=1e-5, abs=1e-8), (name, i)


def test_changing_a_later_token_never_changes_the_logits_of_earlier_positions():
    model = tiny_model()
    idx = tokens((1, 6))
    before = model(idx)[0].data
    changed = idx.copy()
    changed[0, 4] = (changed[0, 4] + 1) % TINY.vocab_size
    after = model(changed)[0].data
    np.testing.assert_allclose(after[:, :4], before[:, :4], rtol=1e-12)
    assert not np.allclose(after[:, 4:], before[:, 4:])


def test_the_lm_head_is_the_token_embedding_and_gets_gradient_from_both_uses():
    model = tiny_model()
    x = Tensor(np.random.default_rng(0).normal(size=(2, 8)))
    np.testing.assert_allclose(model.lm_head(x).data, x.data @ model.wte.weight.data.T)
    assert sum(p is model.wte.weight for p in model.parameters()) == 1


def test_initialisation_follows_nanogpt_and_the_first_loss_is_near_log_vocab():
    config = GPTConfig(n_layer=4, n_embd=128)  # the shakespeare_char sizes
    model = GPT(config, rng=0)
    stds = {name: t.data.std() for name, t in model.named_parameters().items() if t.ndim == 2}
    for name, std in stds.items():
        expected = 0.02 / math.sqrt(2 * 4) if name.endswith("c_proj.weight") else 0.02
        assert std == pytest.approx(expected, rel=0.05), name
    assert model.ln_f.weight.data.tolist() == [1.0] * 128 and model.ln_f.bias is None
    assert model.n_params() == 4 * 12 * 128 * 128 + 65 * 128 + 9 * 128
    loss = model(tokens((4, 64), vocab=65), tokens((4, 64), vocab=65, seed=5))[1].item()
    assert loss == pytest.approx(math.log(65), abs=0.05)


def test_decay_groups_put_matrices_and_embeddings_apart_from_biases_and_norms():
    model = tiny_model()
    decay, no_decay = decay_groups(model)
    assert all(p.ndim == 2 for p in decay) and all(p.ndim == 1 for p in no_decay)
    assert len(decay) + len(no_decay) == len(model.parameters())
    assert model.wte.weight in decay and model.ln_f.weight in no_decay


def test_a_tiny_gpt_learns_to_continue_a_repeating_pattern():
    pattern = np.array([0, 1, 2, 3, 4, 5, 6] * 40)
    config = GPTConfig(block_size=6, vocab_size=7, n_layer=1, n_head=2, n_embd=16)
    model = GPT(config, rng=0)
    params = model.parameters()
    opt = AdamW(lr=1e-2, weight_decay=0.0)
    rng = np.random.default_rng(0)
    for _ in range(60):
        x, y = get_batch(pattern, 6, 8, rng)
        model.zero_grad()
        loss = model(x, y)[1]
        loss.backward()
        opt.step([p.data for p in params], [p.grad for p in params])
    assert loss.item() < 0.1
    np.testing.assert_array_equal(
        generate(model, [[3, 4]], 5, temperature=0)[0], [3, 4, 5, 6, 0, 1, 2]
    )


# -- batches ---------------------------------------------------------------------------------
def test_get_batch_targets_are_the_inputs_shifted_by_one_and_repeat_with_the_seed():
    data = np.arange(100)
    x, y = get_batch(data, 8, 5, np.random.default_rng(0))
    assert x.shape == y.shape == (5, 8)
    np.testing.assert_array_equal(y, x + 1)
    np.testing.assert_array_equal(np.diff(x, axis=1), 1)
    assert x.min() >= 0 and y.max() <= 99
    x2, _ = get_batch(data, 8, 5, np.random.default_rng(0))
    np.testing.assert_array_equal(x, x2)


# -- sampling --------------------------------------------------------------------------------
def greedy(model, idx, n_new):
    """Greedy decoding written out: append the argmax of the last logits, n_new times."""
    idx = np.array(idx)
    for _ in range(n_new):
        logits = model(idx[:, -model.config.block_size :])[0].data
        idx = np.concatenate([idx, logits[:, -1].argmax(-1)[:, None]], axis=1)
    return idx


def test_temperature_zero_and_near_zero_and_top_k_one_are_all_greedy():
    model = tiny_model()
    start = tokens((2, 3))
    expected = greedy(model, start, 8)  # longer than block_size: the context is cut
    assert expected.shape == (2, 11)
    np.testing.assert_array_equal(generate(model, start, 8, temperature=0.0), expected)
    np.testing.assert_array_equal(generate(model, start, 8, temperature=1e-6, seed=4), expected)
    np.testing.assert_array_equal(generate(model, start, 8, top_k=1, seed=5), expected)


def test_a_fixed_seed_repeats_the_sample_and_another_seed_differs():
    model = tiny_model()
    first = generate(model, [[1, 2]], 20, temperature=1.5, seed=0)
    np.testing.assert_array_equal(first, generate(model, [[1, 2]], 20, temperature=1.5, seed=0))
    assert not np.array_equal(first, generate(model, [[1, 2]], 20, temperature=1.5, seed=1))
    np.testing.assert_array_equal(first[:, :2], [[1, 2]])


def test_sample_draws_tokens_with_the_softmax_probabilities_and_top_k_keeps_only_the_k_best():
    logits = np.log(np.array([[0.1, 0.2, 0.3, 0.4]])).repeat(20000, axis=0)
    drawn = sample(logits, 1.0, None, np.random.default_rng(0))
    np.testing.assert_allclose(
        np.bincount(drawn, minlength=4) / 20000, [0.1, 0.2, 0.3, 0.4], atol=0.01
    )
    hot = sample(logits, 0.5, None, np.random.default_rng(0))  # p^2, renormalised
    np.testing.assert_allclose(
        np.bincount(hot, minlength=4) / 20000, [1, 4, 9, 16] / np.float64(30), atol=0.01
    )
    top2 = sample(logits, 1.0, 2, np.random.default_rng(0))
    assert set(top2) == {2, 3}
    assert np.mean(top2 == 3) == pytest.approx(4 / 7, abs=0.01)


# -- clear errors ----------------------------------------------------------------------------
@pytest.mark.parametrize(
    "make, error, message",
    [
        (lambda: GPTConfig(n_embd=10, n_head=4), ValueError, "multiple of n_head"),
        (lambda: GPTConfig(n_layer=0), ValueError, "n_layer"),
        (lambda: GPT({"n_layer": 1}, rng=0), TypeError, "GPTConfig"),
        (lambda: GPT(TINY, rng=None), TypeError, "seed"),
        (lambda: tiny_model()(tokens((1, 7))), ValueError, "longer than block_size"),
        (lambda: tiny_model()(np.ones((1, 3))), ValueError, r"token ids of shape \(batch, time\)"),
        (lambda: tiny_model()(tokens(4)), ValueError, "batch, time"),
        (lambda: generate(tiny_model(), [[1]], 2, temperature=-1), ValueError, "temperature"),
        (lambda: generate(tiny_model(), [[1]], 2, top_k=0), ValueError, "top_k"),
        (lambda: get_batch(np.arange(5), 5, 2, np.random.default_rng(0)), ValueError, "longer"),
    ],
)
def test_bad_input_gives_a_clear_error(make, error, message):
    with pytest.raises(error, match=message):
        make()


def test_a_float32_gpt_computes_the_float64_loss_and_gradients_to_single_precision():
    idx, targets = tokens((3, 6)), tokens((3, 6), seed=2)
    grads = {}
    for dtype in (np.float64, np.float32):
        model = tiny_model().to(dtype)
        logits, loss = model(idx, targets)
        loss.backward()
        assert logits.dtype == dtype and loss.dtype == dtype
        grads[dtype] = (loss.item(), [p.grad for p in model.parameters()])
    assert grads[np.float32][0] == pytest.approx(grads[np.float64][0], rel=1e-6)
    for g32, g64 in zip(grads[np.float32][1], grads[np.float64][1], strict=True):
        assert g32.dtype == np.float32
        np.testing.assert_allclose(g32, g64, rtol=2e-3, atol=2e-5)
