# ---
# jupyter:
#   kernelspec:
#     display_name: Python 3 (ipykernel)
#     language: python
#     name: python3
# ---

# %% [markdown]
# # Lesson 07 — Transformers: attention, and a tiny language model on our own engine
#
# A language model predicts the next token. A transformer does it with *self-attention*:
# every token weighs the others by how relevant they look in this context. This lesson
# takes the pieces apart and puts them back together, on the autograd engine of
# [lesson 03](03_backprop.ipynb) and the optimizers of [lesson 02](02_gradient_descent.ipynb).
#
# **What you will learn**
#
# - what a token is, and the trade-off byte-pair encoding makes (vocabulary size against
#   sequence length);
# - that an embedding is geometry: a contrastive loss pulls similar things together;
# - self-attention step by step: queries, keys, values, scaled scores, softmax, weighted sum;
#   why the scores are divided by √d, and what the causal mask hides;
# - why attention needs positional encodings to know the order of its input;
# - what several heads of a small trained model look at;
# - how a tiny GPT writes Shakespeare, what temperature and top-k do, and how its
#   perplexity compares with lesson 05's n-gram models;
# - what the training of GPT-3 really costs, by arithmetic you run yourself.
#
# **Time:** about 60 minutes. Six exercises: one BPE merge, attention, the causal mask,
# positional encodings, temperature, perplexity. Two predictions before experiments.

# %% [markdown]
# ## Setup
#
# Run this cell first. It imports the course's concept modules (attention, tokens, the GPT),
# the lesson's experiments and the checks for the exercises.

# %%
import time

import numpy as np

from course_lib import (
    attention,
    checks,
    datasets,
    embeddings,
    language_models,
    predict,
    tiny_gpt,
    tokens,
)
from course_lib.autograd import Tensor, no_grad
from course_lib.functional import scaled_dot_product_attention
from course_lib.lessons import transformers

check = checks.for_lesson("07_transformers")
text = datasets.tiny_shakespeare()
print(f"tiny Shakespeare: {len(text):,} characters, {len(set(text))} distinct")

# %% [markdown]
# ## 1. Tokens: what the model reads
#
# A model reads numbers, not letters. The simplest tokenizer gives every distinct character
# an id: 65 ids for this text. *Byte-pair encoding* (BPE, what GPT-2 uses) then learns longer
# tokens from the text itself: count every pair of neighbouring tokens, make the most frequent
# pair a new token, replace it everywhere, repeat. Each merge adds one word to the vocabulary
# and makes the text shorter. Move the slider: watch `e `, `th`, ` the `, `you` and `and ` appear.

# %%
transformers.TokenMerges()

# %%
bpe = learn = tokens.learn_bpe(text[:100_000], 400)
for n in (0, 50, 100, 200, len(bpe.merges)):
    print(
        f"{n:3d} merges: vocabulary {bpe.vocab_sizes[n]:3d} tokens, text {bpe.lengths[n]:,} "
        f"tokens ({bpe.lengths[0] / bpe.lengths[n]:.2f} characters per token)"
    )
print("the first ten merges:", [a + b for a, b in bpe.merges[:10]])

# %% [markdown]
# A bigger vocabulary means shorter sequences (less work for attention, which grows with the
# square of the length, section 8) but more rows in the embedding table and rarer tokens to
# learn. GPT-2's vocabulary has 50,257 tokens; our tiny model below reads characters.
#
# ### Exercise 1: one BPE merge
#
# Write `bpe_merge(ids, pair, new_id)`: the list `ids` with every occurrence of `pair` (two
# neighbouring ids) replaced by `new_id`, scanning left to right. In `[0, 0, 0]` the pair
# `(0, 0)` occurs once: the first two merge, the third 0 stays.


# %% nbgrader={"grade": false, "grade_id": "bpe_merge", "locked": false, "schema_version": 3, "solution": true, "task": false}
def bpe_merge(ids, pair, new_id):
    ### BEGIN SOLUTION
    merged, i = [], 0
    while i < len(ids):
        if i + 1 < len(ids) and (ids[i], ids[i + 1]) == tuple(pair):
            merged.append(new_id)
            i += 2
        else:
            merged.append(ids[i])
            i += 1
    return merged
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "bpe_merge_check", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
check.bpe_merge(bpe_merge)
### BEGIN HIDDEN TESTS
check.bpe_merge(bpe_merge).require()
### END HIDDEN TESTS

# %% [markdown]
# ## 2. Embeddings: meaning as geometry
#
# Each token id looks up a row of a table: its *embedding*, a vector the model learns.
# Sentence-embedding models learn such vectors with a *contrastive loss*: for each item and
# an item that belongs with it, the loss is small when that partner is nearer than every
# other item. It pulls pairs together and pushes the rest apart. Below, twelve words in four
# groups start at random points in 2-D and are trained with that loss, on the course's engine
# with Adam. Press **▶ Play**, or drag the step slider; then try a low temperature.

# %%
transformers.ContrastiveGeometry()

# %% [markdown]
# Our tiny GPT of section 6 learned a 64-number embedding for each of its 65 characters, only
# from predicting the next character. Which characters ended up pointing the same way
# (cosine similarity)?

# %%
model, saved = datasets.tiny_gpt()
chars = tokens.learn_bpe(text, 0)
table = model.wte.weight.data
for c in ("a", "e", "T", "t", ".", "\n"):
    near, similarity = embeddings.nearest_neighbours(table, chars.vocabulary.index(c), k=4)
    shown = ", ".join(
        f"{chars.vocabulary[i]!r} {s:.2f}" for i, s in zip(near, similarity, strict=True)
    )
    print(f"{c!r:>5}: {shown}")

# %% [markdown]
# ## 3. Self-attention, step by step
#
# Each token's vector x is mapped three ways: a **query** q = x W_q (what am I looking for?),
# a **key** k = x W_k (what do I offer?) and a **value** v = x W_v (what do I pass on?).
#
# 1. **scores**: every query against every key, q·k, divided by √d (d = the width of q);
# 2. **weights**: a softmax over each query's scores, so they are positive and sum to 1;
# 3. **output**: each token's weighted mean of the values.
#
# The experiment is an untrained head (random W's) on one sentence: pick a token and read
# its scores and weights. Training would make these weights mean something; the mechanics
# are the same.

# %%
saturation_guess = predict.choice(
    "Width d = 256, scores NOT divided by √d. What happens to a token's largest attention weight?",
    [
        "about the same as with the division",
        "much larger: one token takes most of it",
        "smaller: attention spreads more evenly",
    ],
    key="07-saturation",
)
saturation_guess

# %%
transformers.AttentionStepByStep()

# %%
probe = transformers.AttentionStepByStep()
for d in (4, 16, 64, 256):
    scaled = probe.set(d=d, scaling="divide by √d").last_result.weights.max(axis=1).mean()
    raw = probe.set(d=d, scaling="no scaling").last_result.weights.max(axis=1).mean()
    print(f"d = {d:3d}: mean largest weight {scaled:.2f} divided by √d, {raw:.2f} without")

# %%
wide_raw = probe.set(d=256, scaling="no scaling").last_result.weights.max(axis=1).mean()
wide_scaled = probe.set(d=256, scaling="divide by √d").last_result.weights.max(axis=1).mean()
saturation_guess.reveal(
    "much larger: one token takes most of it"
    if wide_raw > max(0.5, 2 * wide_scaled)
    else "about the same as with the division",
    why=f"Without the division the scores spread like √d, and the softmax of widely spread "
    f"scores puts most of the weight on the top one: the mean largest weight is {wide_raw:.2f} "
    f"at d = 256, against {wide_scaled:.2f} with the division. A saturated softmax also has "
    "gradients near zero, so such a head would barely learn.",
)

# %% [markdown]
# ### Exercise 2: attention
#
# Write `attention(q, k, v)` for one head: `q`, `k`, `v` are arrays of shape (T, d). Return
# softmax(q kᵀ / √d) v, the softmax taken along each row (over the keys).


# %% nbgrader={"grade": false, "grade_id": "attention_forward", "locked": false, "schema_version": 3, "solution": true, "task": false}
def attention_forward(q, k, v):
    ### BEGIN SOLUTION
    scores = q @ k.T / np.sqrt(q.shape[1])
    weights = np.exp(scores - scores.max(axis=1, keepdims=True))
    weights /= weights.sum(axis=1, keepdims=True)
    return weights @ v
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "attention_forward_check", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
check.attention_forward(attention_forward)
### BEGIN HIDDEN TESTS
check.attention_forward(attention_forward).require()
### END HIDDEN TESTS

# %% [markdown]
# **The causal mask.** A language model predicts token t + 1 from tokens 0..t. If token t
# could attend to token t + 1 while training, it would simply copy the answer. So its scores
# for later tokens are set to −∞ before the softmax: their weights become exactly 0. Switch
# the mask on in the experiment above: the heatmap becomes lower-triangular, and the first
# token can only look at itself.
#
# ### Exercise 3: the causal mask
#
# Write `causal_weights(scores)`: `scores` is a (T, T) array (row = query, column = key).
# Return the attention weights with every key after its query masked out.


# %% nbgrader={"grade": false, "grade_id": "causal_weights", "locked": false, "schema_version": 3, "solution": true, "task": false}
def causal_weights(scores):
    ### BEGIN SOLUTION
    later = np.triu(np.ones(scores.shape, dtype=bool), k=1)
    masked = np.where(later, -np.inf, scores)
    weights = np.exp(masked - masked.max(axis=1, keepdims=True))
    return weights / weights.sum(axis=1, keepdims=True)
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "causal_weights_check", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
check.causal_weights(causal_weights)
### BEGIN HIDDEN TESTS
check.causal_weights(causal_weights).require()
### END HIDDEN TESTS

# %% [markdown]
# ## 4. Order: positional encodings
#
# Look again at the three steps: nothing in them depends on *where* a token stands. Scores
# compare vectors, the softmax and the weighted mean do not care about order.

# %%
order_guess = predict.choice(
    "Attention without positional encodings reads 8 tokens, then the same 8 tokens shuffled. "
    "The outputs for the shuffled input are…",
    [
        "completely different",
        "the same outputs, shuffled the same way",
        "the same, in the original order",
    ],
    key="07-shuffle",
)
order_guess

# %% [markdown]
# The left picture is the fix of "Attention is all you need": add to each token's vector a
# pattern of sines and cosines of its position, a different wavelength for each pair of
# features, like the hands of a clock running at different speeds. The right picture
# shuffles the input and compares each output with the original output of the same token.

# %%
transformers.OrderBlindness()

# %%
blind = [transformers.order_blindness.shuffle_mismatch(False, s) for s in range(1, 21)]
seeing = [transformers.order_blindness.shuffle_mismatch(True, s) for s in range(1, 21)]
largest_blind = max(r.mismatch.max() for r in blind)
smallest_seeing = min(r.mismatch.max() for r in seeing)
print(f"without positions, over 20 shuffles: largest difference {largest_blind:.1e}")
print(f"with positions: every shuffle changes some output by at least {smallest_seeing:.2f}")
order_guess.reveal(
    "the same outputs, shuffled the same way" if largest_blind < 1e-9 else "completely different",
    why=f"Each token's output is a function of its own vector and the *set* of all vectors: "
    f"shuffle the input and the outputs move with it (largest difference {largest_blind:.1e}, "
    f"rounding). Adding positional encodings makes the outputs depend on the order "
    f"(differences of at least {smallest_seeing:.2f}).",
)

# %% [markdown]
# ### Exercise 4: sinusoidal positional encodings
#
# Write `positional_encoding(n_positions, d_model)`: an array of shape (n_positions, d_model)
# with PE[p, 2i] = sin(p / 10000^(2i / d_model)) and PE[p, 2i + 1] = cos(p / 10000^(2i /
# d_model)). (`d_model` is even.)


# %% nbgrader={"grade": false, "grade_id": "positional_encoding", "locked": false, "schema_version": 3, "solution": true, "task": false}
def positional_encoding(n_positions, d_model):
    ### BEGIN SOLUTION
    pe = np.zeros((n_positions, d_model))
    positions = np.arange(n_positions)[:, None]
    rates = 10000 ** (-np.arange(0, d_model, 2) / d_model)
    pe[:, 0::2] = np.sin(positions * rates)
    pe[:, 1::2] = np.cos(positions * rates)
    return pe
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "positional_encoding_check", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
check.positional_encoding(positional_encoding)
### BEGIN HIDDEN TESTS
check.positional_encoding(positional_encoding).require()
### END HIDDEN TESTS

# %% [markdown]
# GPT-2 and our GPT *learn* their position vectors instead (a second embedding table,
# `wpe`); the idea is the same: the position is added to the token's vector.
#
# ## 5. Several heads, a task with a known answer
#
# Does a trained head look where it should? Three tiny GPTs (one layer, two heads, 32 wide)
# were trained in this lesson's setup on tasks with a known answer: after 5 digits and a
# separator `|`, write the digits again (**copy**), backwards (**reverse**) or **sorted**.
# Each map shows where each position looks when it predicts the next token. For reverse,
# look for an anti-diagonal: the first answer position looks at the last digit.

# %%
heads = transformers.HeadPatterns()
heads

# %%
for task, trained in heads.models.items():
    print(f"{task:8s}: {trained.accuracy:.1%} of answer digits right on 200 new sequences")

# %% [markdown]
# Two heads can split the work: one may track a position while the other tracks a value.
# Read the maps for the three tasks: copying and reversing look by *position*, sorting must
# look by *value* (the smallest digit not yet written), wherever it stands.
#
# ## 6. A tiny GPT writes Shakespeare
#
# The model is nanoGPT's shape (lesson 03's engine grew embedding, layer norm, GELU and
# attention for it): 2 layers, 4 heads, 64 numbers per position, a context of 128
# characters. It was trained by `data/make_tiny_gpt.py`, on the first 90% of tiny
# Shakespeare with the course's AdamW, and its weights ship in `data/tiny_gpt.npz` (a test
# checks the file's checksum). **Why load it rather than train it here?** Training it took
# 3,000 steps, several minutes of CPU; a lesson must run in under 30 seconds, and a model
# trained for a few seconds writes barely more than letter soup. You train small models
# yourself in the challenge of section 7.

# %%
curve_steps, curve_losses = saved["eval_steps"], saved["val_losses"]
print(f"{model.n_params():,} parameters; {int(curve_steps[-1]):,} training steps")
for i in sorted({*range(0, len(curve_steps), 3), len(curve_steps) - 1}):
    print(f"  step {int(curve_steps[i]):5d}: validation loss {curve_losses[i]:.3f}")

# %% [markdown]
# To write, the model turns its last logits into probabilities and *draws* the next
# character. **Temperature** divides the logits first: below 1 it sharpens the distribution
# (safer, more repetitive), above 1 it flattens it (more surprising, more misspelt); at 0 it
# always takes the likeliest. **Top-k** draws only among the k likeliest characters.

# %%
transformers.ShakespeareSampler()

# %%
writer = transformers.ShakespeareSampler()
for temperature in (0.0, 0.8, 1.5):
    print(f"--- temperature {temperature}:")
    print(writer.set(temperature=temperature).last_result.text)

# %% [markdown]
# ### Exercise 5: temperature
#
# Write `temperature_probabilities(logits, temperature)`: the probabilities softmax(logits /
# temperature) for a 1-D array of logits (temperature > 0). Subtract the largest value before
# `np.exp`, so that large logits cannot overflow.


# %% nbgrader={"grade": false, "grade_id": "temperature_probabilities", "locked": false, "schema_version": 3, "solution": true, "task": false}
def temperature_probabilities(logits, temperature):
    ### BEGIN SOLUTION
    z = np.asarray(logits, dtype=float) / temperature
    p = np.exp(z - z.max())
    return p / p.sum()
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "temperature_probabilities_check", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
check.temperature_probabilities(temperature_probabilities)
### BEGIN HIDDEN TESTS
check.temperature_probabilities(temperature_probabilities).require()
### END HIDDEN TESTS

# %% [markdown]
# **How good is it?** Lesson 05 measured language models by *perplexity*: exp of the mean
# loss per character on text the model never saw. A model that hesitates between k equally
# likely characters has perplexity k. Here are the n-gram models of lesson 05, fitted on the
# same 90%, against the GPT, all on the same held-out characters.

# %%
train_text, held_out = language_models.train_test_text(text, 0.9)
span = 200 * model.config.block_size + 1
gpt_losses = tiny_gpt.token_losses(model, chars.encode(held_out[:span]))
rows = {}
for n, name in ((0, "uniform"), (1, "unigram"), (2, "bigram"), (3, "trigram")):
    ngram = language_models.fit_char_ngram(train_text, n, k=0.1, vocabulary=text)
    rows[name] = language_models.cross_entropy(ngram, held_out[1:span])
rows["tiny GPT"] = float(gpt_losses.mean())
for name, h in rows.items():
    print(f"{name:>9}: {h:.3f} nats per character, perplexity {language_models.perplexity(h):5.2f}")
best_ngram = min((h, name) for name, h in rows.items() if name != "tiny GPT")
print(
    f"the GPT's perplexity is {language_models.perplexity(rows['tiny GPT']):.2f}, the best "
    f"n-gram's ({best_ngram[1]}) {language_models.perplexity(best_ngram[0]):.2f}"
)

# %% [markdown]
# The GPT looks up to 128 characters back and learned which of them matter; the trigram sees
# two. (Our 128-character blocks restart the GPT's context every 128 characters, which only
# handicaps it.)
#
# ### Exercise 6: perplexity from losses
#
# Write `perplexity(losses)`: `losses` holds −ln p of each token (in nats). Return the
# perplexity.


# %% nbgrader={"grade": false, "grade_id": "perplexity", "locked": false, "schema_version": 3, "solution": true, "task": false}
def perplexity(losses):
    ### BEGIN SOLUTION
    return float(np.exp(np.mean(losses)))
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "perplexity_check", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
check.perplexity(perplexity)
### BEGIN HIDDEN TESTS
check.perplexity(perplexity).require()
### END HIDDEN TESTS

# %% [markdown]
# ## 7. Challenge: a small model, a fixed budget
#
# Each trial trains a fresh GPT for 300 steps of 16 windows of 32 characters on the course's
# engine (a few seconds; a bar counts the steps). Choose the width, the number of layers and
# the learning rate, press **Train these settings**, and reach the target validation loss.
# Trials are kept: moving back to settings you tried shows them at once. The start, with its
# tiny learning rate, will not get there.

# %%
transformers.SizeChallenge()

# %% [markdown]
# ## 8. The scale arithmetic, honestly
#
# Articles about large language models quote big numbers. Here we compute them. Training
# costs about **6·N·D** floating-point operations for N parameters and D training tokens (2 N
# per token forward, 4 N backward). GPT-3 has N = 175 billion parameters and saw D = 300
# billion tokens. First: how fast is this machine? Time a matrix multiplication.

# %%
n = 1024
a_mat = np.random.default_rng(0).normal(size=(n, n)).astype(np.float32)
times = []
for _ in range(5):
    started = time.perf_counter()
    a_mat @ a_mat
    times.append(time.perf_counter() - started)
flops_per_second = 2 * n**3 / min(times)
print(f"a {n}x{n} matmul: {min(times) * 1000:.1f} ms, {flops_per_second / 1e9:.1f} GFLOP/s")

# %%
N, D = 175e9, 300e9
gpt3_flops = attention.training_flops(N, D)
seconds_per_year = 365.25 * 24 * 3600
here_years = gpt3_flops / flops_per_second / seconds_per_year
v100 = 28e12  # FLOP/s a V100 sustains in that estimate (Lambda Labs, 2020)
v100_years = gpt3_flops / v100 / seconds_per_year
print(f"6·N·D = {gpt3_flops:.3g} floating-point operations")
print(f"on this machine: {here_years:,.0f} years")
print(f"on one V100 at {v100 / 1e12:.0f} TFLOP/s: {v100_years:.0f} years")
print(f"300 billion tokens x 0.75 words per token = {D * 0.75 / 1e9:.0f} billion words")
print(f"175 billion parameters x 2 bytes (16-bit) = {N * 2 / 1e9:.0f} GB; an RTX 4090 has 24 GB")
print(
    f"{v100_years:.0f} V100-years at $1.50 per GPU-hour: ${v100_years * 365.25 * 24 * 1.5 / 1e6:.1f} million"
)

# %% [markdown]
# So, against common claims:
#
# - "300 billion tokens, about 500 billion words — most of the internet": a token is about
#   0.75 of an English word, so 300 billion tokens is about 225 billion words (printed above);
#   and the data were filtered web text plus books and Wikipedia, not "most of the internet".
# - "355 years on an RTX 4090": the figure is the estimate for a single **V100** (the
#   arithmetic above reproduces it). And no single 24 GB card can even hold 175 billion
#   16-bit parameters (350 GB), before any gradient or optimizer state.
# - "over $100 million": the public estimate for one GPT-3 training run is a few million
#   dollars of cloud GPU time (the last line above, at the estimate's price per GPU-hour);
#   larger sums count research, failed runs and staff.
#
# **Attention grows with the square of the length.** Every token compares itself with every
# other: T² scores. Doubling T multiplies the arithmetic by 4 (a linear cost would double).
# Time it on this machine; the ratios are printed (on a CPU the T × T array of weights also
# outgrows the caches, and timings on a busy machine wobble).

# %%
rng = np.random.default_rng(0)
previous = None
for T in (512, 1024, 2048):
    q = Tensor(rng.normal(size=(T, 64)).astype(np.float32))
    best = []
    for _ in range(3):
        started = time.perf_counter()
        with no_grad():
            scaled_dot_product_attention(q, q, q)
        best.append(time.perf_counter() - started)
    took = min(best)
    ratio = f", x{took / previous:.1f} for twice the length" if previous else ""
    print(
        f"T = {T:4d}: {attention.attention_flops(T, 64) / 1e6:7.0f} MFLOP, {took * 1000:6.1f} ms{ratio}"
    )
    previous = took

# %% [markdown]
# ## Summary
#
# - A language model predicts the next token; tokens are characters or BPE merges, a
#   trade-off between vocabulary size and sequence length.
# - An embedding is a point in space; a contrastive loss makes distance mean difference.
# - Self-attention: scores q·k/√d, a softmax over the keys, a weighted mean of the values;
#   without the √d the softmax saturates; the causal mask hides the future.
# - Attention alone ignores order: positional encodings add it.
# - Heads of a trained model look where the task needs them to.
# - The tiny GPT, trained with the same four-step loop as lesson 00, beats the n-gram models
#   of lesson 05; temperature and top-k trade safety for surprise when it writes.
# - At scale, the same loop costs about 6·N·D operations: for GPT-3 a few hundred V100-years,
#   a few million dollars, far more memory than one graphics card holds.
#
# **What's next:** this was the last lesson of the sequence. Go back to the
# [course index](index.ipynb) to see your progress.
