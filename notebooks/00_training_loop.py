# ---
# jupyter:
#   kernelspec:
#     display_name: Python 3 (ipykernel)
#     language: python
#     name: python3
# ---

# %% [markdown]
# # 00 · The training loop
#
# A model learns by repeating four small steps: **predict**, measure the mistake
# (**loss**), find which way each weight should move (**gradient**), and take a small
# **step**. You will run a published example exactly as its authors wrote it and check
# its claims, write the four steps and the loop yourself, watch one neuron learn to tell
# a pair of glasses from a ring, and then break its training on purpose.
#
# **What you will learn**
#
# - how to check a published training run by running its code;
# - why an untrained model is no better than a coin toss;
# - the four steps of the training loop and the loop itself, written by you;
# - what *epoch*, *batch* and *iteration* mean, with numbers;
# - what the learning rate does: too small is slow, too large diverges or stalls.
#
# **Time:** about 50 minutes.

# %% [markdown]
# ## Setup
#
# Run this cell first. It loads the course's neuron (`course_lib.neuron`, plain numpy
# you can read), the lesson's data, the live experiments of this lesson and the exercise
# checks.

# %%
import math

import numpy as np

from course_lib import checks, datasets, minibatch, neuron
from course_lib import predict as predict_first
from course_lib.lessons import training_loop

check = checks.for_lesson("00_training_loop")

# %% [markdown]
# ## 1 · A published example, run exactly as written
#
# This lesson starts from a published example: a single neuron that tells smart glasses
# from rings. Its data are four devices, each described by a normalised price and weight
# (both between 0 and 1), labelled 1 for glasses and 0 for a ring, and one new device to
# ask about at the end. The file is `data/published_devices.csv`.
#
# **One honest caveat.** The article's text that we have gives its labels (1 1 0 0), its
# test device [0.50, 0.55], its code and its settings, but not the values of its four
# feature rows. The four rows below are a stand-in made by the course (glasses priced and
# weighing more than rings), not the article's. So where our table and the article's
# disagree, different rows may be the reason, not the article's code. What the stand-in
# rows do let us check are the article's claims about its code's *behaviour* (what lr 0.9
# and 0.001 do), which the text below tests on these rows and says plainly.

# %%
published = datasets.published_devices()
print(f"{'device':<12}{'price':>8}{'weight':>8}{'label':>7}")
for name, (price, weight), label in zip(published.names, published.X, published.y, strict=True):
    print(f"{name:<12}{price:>8.2f}{weight:>8.2f}{label:>7.0f}")
print(f"{'test device':<12}{published.test[0]:>8.2f}{published.test[1]:>8.2f}{'?':>7}")

# %% [markdown]
# Here is its code, as published: the prediction is the weighted sum clipped to [0, 1],
# it starts with both weights at 0.5 and the bias at 0, and it updates after **every
# example** (`w += lr · error · x`), 100 passes over the data, printing the total loss of
# the four examples every 25 epochs and at the last one.


# %%
def published_code(X, y, lr=0.1, epochs=100):
    w, b = np.array([0.5, 0.5]), 0.0
    rows = []
    for epoch in range(epochs):
        total_loss = 0.0
        for x, target in zip(X, y, strict=True):
            prediction = np.clip(x @ w + b, 0, 1)
            error = target - prediction
            total_loss += error**2
            w = w + lr * error * x
            b = b + lr * error
        if epoch % 25 == 0 or epoch == epochs - 1:
            rows.append((epoch, total_loss, w.copy()))
    return rows, w, b


rows, w_pub, b_pub = published_code(published.X, published.y)
test_p = float(np.clip(published.test @ w_pub + b_pub, 0, 1))
# The course's neuron.delta_rule_train runs the same loop and keeps every epoch:
published_run = neuron.delta_rule_train(published.X, published.y, lr=0.1)
assert np.allclose([r[1] for r in rows], published_run.losses[list(neuron.PUBLISHED_EPOCHS_SHOWN)])

# %% [markdown]
# The article printed a table next to this code. Here are its rows beside what the code
# really prints, computed now:

# %%
article = dict((epoch, (loss, w)) for epoch, loss, w in neuron.ARTICLE_ROWS)
print(f"{'epoch':>5} | {'article: loss':>13}  {'weights':<15} | {'computed: loss':>14}  weights")
for epoch, loss, w in rows:
    said_loss, said_w = article.get(epoch, (None, None))
    said = (
        f"{said_loss:>13.4f}  [{said_w[0]:.3f}, {said_w[1]:.3f}]"
        if said_w
        else f"{'—':>13}  {'':15}"
    )
    print(f"{epoch:>5} | {said} | {loss:>14.4f}  [{w[0]:.3f}, {w[1]:.3f}]")
print(f"test device {published.test.tolist()}: the trained neuron says p = {test_p:.3f}")

# %%
first, last = rows[0], rows[-1]
article_first, article_last = neuron.ARTICLE_ROWS
agree_direction = (first[1] > last[1]) == (article_first[1] > article_last[1])
print(f"both tables: the loss falls over training: {agree_direction}")
print(f"loss at epoch 0: article {article_first[1]}, code {first[1]:.4f}")
print(f"loss at epoch 99: article {article_last[1]}, code {last[1]:.4f}")
gap = np.max(np.abs(np.array(article_last[2]) - last[2]))
print(f"final weights differ by up to {gap:.3f}")

# %% [markdown]
# The two tables agree on the story (the loss falls and both weights grow) and disagree
# on every number. With stand-in rows that is expected, and it proves nothing about the
# article's table; the code is what we can run, so from here on every number in this
# lesson is computed in front of you.
#
# ### The article's "try it yourself": lr = 0.9 and lr = 0.001
#
# The article invites you to change the learning rate. At 0.9, it says, "watch the loss
# bounce, it never converges". At 0.001 the neuron "would need 10× more epochs".
# Commit to a prediction before you run it:

# %%
guess_09 = predict_first.choice(
    "With lr = 0.9, what will the published code's loss do over 100 epochs?",
    ["bounce up and down forever", "settle to (almost) zero", "grow without end"],
    key="00-published-lr-0.9",
)
guess_09

# %% [markdown]
# Move the learning rate: 0.9, then 0.001. The dashed line is the published lr 0.1.

# %%
training_loop.PublishedRun(lr=0.9)

# %%
fast_pub = neuron.delta_rule_train(published.X, published.y, lr=0.9)
rises = int(np.sum(np.diff(fast_pub.losses) > 0))
settled = neuron.epochs_to_reach(fast_pub, 1e-6)
print(fast_pub.table())
print(f"epochs in which the total loss went up: {rises} of {fast_pub.epochs - 1}")
print(f"below 1e-6 from epoch {settled} on; at epoch 99: {fast_pub.losses[-1]:.1e}")
outcome_09 = (
    "settle to (almost) zero" if fast_pub.losses[-1] < 1e-6 else "bounce up and down forever"
)
guess_09.reveal(
    outcome_09,
    why=f"The loss rose in {rises} early epochs, then fell below 1e-6 by epoch {settled}: "
    "it converges, faster than at 0.1.",
)

# %% [markdown]
# So lr = 0.9 does not bounce forever here: after a couple of overshoots the clip stops
# every update (a prediction clipped at exactly 1 or 0 has no error left) and the loss
# reaches zero. Now the slow end. How many epochs will lr = 0.001 need to reach the loss
# that lr = 0.1 reaches in 100?

# %%
guess_001 = predict_first.number(
    "Epochs lr = 0.001 needs to reach lr = 0.1's loss after 100 epochs?",
    key="00-published-lr-0.001",
    unit="epochs",
    tolerance=0.25,
)
guess_001

# %%
slow_pub = neuron.delta_rule_train(published.X, published.y, lr=0.001, epochs=20_000)
goal = published_run.losses[-1]
needed = neuron.epochs_to_reach(slow_pub, goal) + 1  # epochs are counted from 0
print(f"lr = 0.1 after 100 epochs: total loss {goal:.4f}")
print(
    f"lr = 0.001 after 100 epochs: {slow_pub.losses[99]:.4f}; after 1,000: "
    f"{slow_pub.losses[999]:.4f}"
)
print(f"lr = 0.001 reaches {goal:.4f} after {needed:,} epochs: {needed / 100:.0f}× more, not 10×")
guess_001.reveal(
    needed,
    why=f"A step 100 times smaller needs about 100 times more of them: {needed:,} epochs.",
)

# %% [markdown]
# ### The update rule: the delta rule, not the gradient
#
# The published update `w += lr · error · x` is the **delta rule**. It is close to
# gradient descent on the squared error `(y - p)²`, but not equal to it: the exact
# gradient has a factor 2 (from the square), and where the clip is flat (the weighted sum
# below 0 or above 1) the exact gradient is zero, while the delta rule keeps pushing.
# For one device, here are both (the update moves *against* the gradient, so compare the
# delta rule with minus the gradient):

# %%
x_first, y_first = published.X[0], published.y[0]
for b_try in (0.0, -1.0):
    delta_w, _ = neuron.delta_rule_step(x_first, y_first, np.array([0.5, 0.5]), b_try)
    grad_w, _ = neuron.clipped_squared_error_gradient(x_first, y_first, np.array([0.5, 0.5]), b_try)
    z = float(x_first @ np.array([0.5, 0.5]) + b_try)
    print(
        f"b = {b_try:>4}: z = {z:.2f}; delta rule {np.round(delta_w, 4)}, "
        f"minus the exact gradient {np.round(-grad_w, 4) + 0.0}"
    )

# %% [markdown]
# Inside the clip, the delta rule is half the exact step (a factor 2 that the learning
# rate absorbs); outside, the exact gradient is zero and the delta rule is not.
#
# ## 2 · The course's neuron
#
# From here on we use the course's own neuron, built to show the four steps cleanly:
#
# - a **sigmoid** instead of a clip, so the output is a smooth number between 0 and 1
#   with a gradient everywhere;
# - the **mean** squared error (the average over the examples, not the total);
# - the **exact gradient**, by the chain rule;
# - **full-batch** updates: one update per epoch, from all four devices at once, so an
#   epoch and an iteration are the same thing (section 5 says more).
#
# Its four devices are described by mass and width. We divide both by 10 (mass in tens of
# grams, width in tens of centimetres) so that they are about the same size, near 1. The
# label `y` is 1 for glasses and 0 for a ring. The file is `data/devices.csv`.

# %%
devices = datasets.devices()
X, y = devices.X, devices.y
print(f"{'device':<16}{devices.feature_names[0]:>15}{devices.feature_names[1]:>16}{'y':>4}")
for name, (mass, width), label in zip(devices.names, X, y, strict=True):
    print(f"{name:<16}{mass:>15.2f}{width:>16.2f}{label:>4.0f}")

# %% [markdown]
# ## 3 · The model: one neuron
#
# The neuron multiplies each feature by a **weight**, adds a **bias**, and squashes the
# sum with the **sigmoid** so the answer lies between 0 and 1:
#
# `p = sigmoid(w1·mass + w2·width + b)`, with `sigmoid(z) = 1 / (1 + exp(-z))`.
#
# We read `p > 0.5` as "glasses". (We chose a sigmoid neuron because its output reads as
# a yes/no; later you will also meet a *linear* neuron, `p = z`, without the squashing.)
#
# ### A random start is a coin toss
#
# Before training, the weights are just numbers nobody chose for a reason. Try many
# random starts (weights and bias drawn from a normal distribution) and count how many of
# the four devices each one gets right:

# %%
accuracies = neuron.random_start_accuracies(X, y, n_starts=10_000, seed=0)
print(f"mean accuracy of 10,000 untrained neurons: {accuracies.mean():.1%}")
for k in range(5):
    print(f"  {k} of 4 right: {np.mean(accuracies == k / 4):6.1%} of the starts")

# %% [markdown]
# On average an untrained neuron is right half the time: chance. What is exact is the
# *expectation*: weights and bias are drawn symmetrically around 0, so every start is as
# likely as its opposite (all signs flipped), which makes the opposite guess on every
# device; averaged over all starts, the expected accuracy is exactly 50 %. The printed
# mean comes from 10,000 sampled starts, so it lands near 50 %, not on it.
#
# In this lesson the neuron always starts from the same place: both weights and the bias
# at 0.5. Here is what it says before any training:

# %%
w0, b0 = np.array(neuron.START_WEIGHTS), neuron.START_BIAS
p0 = neuron.predict(X, w0, b0)
for name, p in zip(devices.names, p0, strict=True):
    print(f"{name:<16} p = {p:.3f} -> {neuron.verdict(p)}")

# %% [markdown]
# It calls everything glasses, so it is right about the two glasses and wrong about both
# rings.
#
# ## 4 · The four steps
#
# ### Step 1: predict
#
# **Exercise 1.** Write the forward pass: for a matrix `X` (one row per example), weights
# `w` and bias `b`, return the neuron's output for every row at once (the model above,
# one number per example).


# %% nbgrader={"grade": false, "grade_id": "predict", "locked": false, "schema_version": 3, "solution": true, "task": false}
def predict(X, w, b):
    ### BEGIN SOLUTION
    z = X @ w + b
    return 1 / (1 + np.exp(-z))
    # X @ w + b gives one weighted sum per row; the sigmoid squashes each into (0, 1).
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "predict_check", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
check.predict(predict)
### BEGIN HIDDEN TESTS
check.predict(predict).require()
### END HIDDEN TESTS

# %% [markdown]
# ### Step 2: the loss
#
# One number says how wrong the neuron is: the **mean squared error**, the average of
# the squared differences between prediction and label over the four devices. Zero
# would be perfect.
#
# **Exercise 2.** Write `mse(y_true, y_pred)`: one number for a whole set of examples.


# %% nbgrader={"grade": false, "grade_id": "mse", "locked": false, "schema_version": 3, "solution": true, "task": false}
def mse(y_true, y_pred):
    ### BEGIN SOLUTION
    return np.mean((y_pred - y_true) ** 2)
    # The square makes every miss count as positive; the mean makes the loss
    # comparable between data sets of different sizes.
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "mse_check", "locked": true, "points": 1, "schema_version": 3, "solution": false, "task": false}
check.mse(mse)
### BEGIN HIDDEN TESTS
check.mse(mse).require()
### END HIDDEN TESTS

# %%
loss0 = neuron.mse(y, p0)
print(f"loss at the start: {loss0:.4f}")
print("squared error per device:", np.round((p0 - y) ** 2, 4))

# %% [markdown]
# ### Step 3: the gradient
#
# The gradient says, for each weight, how fast the loss grows when that weight grows a
# little. The course's `neuron.gradient` computes it by the chain rule (you will write
# it in a moment). You can check a gradient without any calculus: nudge one weight by a
# tiny amount and watch the loss.

# %%
grad_w, grad_b = neuron.gradient(X, y, w0, b0)
eps = 1e-6
nudged = neuron.mse(y, neuron.predict(X, w0 + [eps, 0], b0))
print(f"gradient: dL/dw = {np.round(grad_w, 5)}, dL/db = {grad_b:.5f}")
print(f"nudging w1 by {eps}: (L(w1 + eps) - L) / eps = {(nudged - loss0) / eps:.5f}")

# %% [markdown]
# All three are positive: making any of them bigger makes the loss bigger. So the step
# must go the other way.
#
# **Exercise 3.** Write `gradient(X, y, w, b)` for our sigmoid neuron and the MSE: return
# the gradient for the weights (one number per weight) and for the bias. Work backwards
# from the loss: how the loss changes with each prediction, how each prediction changes
# with its weighted sum (the sigmoid's slope, `p (1 - p)`), and how the weighted sum
# changes with each weight and the bias.


# %% nbgrader={"grade": false, "grade_id": "gradient", "locked": false, "schema_version": 3, "solution": true, "task": false}
def gradient(X, y, w, b):
    ### BEGIN SOLUTION
    p = predict(X, w, b)
    dz = 2 * (p - y) / len(y) * p * (1 - p)
    return X.T @ dz, dz.sum()
    # Chain rule: dL/dp = 2 (p - y) / n, dp/dz = p (1 - p), dz/dw = x and dz/db = 1;
    # X.T @ dz sums each example's contribution for every weight at once.
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "gradient_check", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
check.gradient(gradient)
### BEGIN HIDDEN TESTS
check.gradient(gradient).require()
### END HIDDEN TESTS

# %% [markdown]
# ### Step 4: the update
#
# **Exercise 4.** Write one gradient-descent step, `update(w, lr, grad)`: move the
# weights a small step so that the loss goes down. The learning rate `lr` sets the
# step's size.


# %% nbgrader={"grade": false, "grade_id": "update", "locked": false, "schema_version": 3, "solution": true, "task": false}
def update(w, lr, grad):
    ### BEGIN SOLUTION
    return w - lr * grad
    # The gradient points uphill, so a step against it lowers the loss.
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "update_check", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
check.update(update)
### BEGIN HIDDEN TESTS
check.update(update).require()
### END HIDDEN TESTS

# %% [markdown]
# One full round of the loop with `lr = 0.1`, using the course's own functions:

# %%
w1, b1 = neuron.step(w0, b0, grad_w, grad_b, lr=0.1)
loss1 = neuron.mse(y, neuron.predict(X, w1, b1))
print(f"w: {w0} -> {np.round(w1, 5)},  b: {b0} -> {b1:.5f}")
print(f"loss: {loss0:.5f} -> {loss1:.5f}")

# %% [markdown]
# ### Repeat
#
# **Exercise 5.** Now write the loop yourself. `train(X, y, lr, epochs)` starts from
# both weights and the bias at 0.5 (`neuron.START_WEIGHTS`, `neuron.START_BIAS`) and
# repeats, `epochs` times: predict, measure the loss, compute the gradient, update the
# weights *and* the bias. Use your own `predict`, `mse`, `gradient` and `update`. Return
# the final weights and bias, `w, b`.


# %% nbgrader={"grade": false, "grade_id": "train", "locked": false, "schema_version": 3, "solution": true, "task": false}
def train(X, y, lr, epochs):
    ### BEGIN SOLUTION
    w, b = np.array(neuron.START_WEIGHTS), neuron.START_BIAS
    for _ in range(epochs):
        p = predict(X, w, b)
        loss = mse(y, p)  # noqa: F841 - the loop measures it; print it to watch
        grad_w, grad_b = gradient(X, y, w, b)
        w, b = update(w, lr, grad_w), update(b, lr, grad_b)
    return w, b
    # Each pass is one epoch of the four steps; the bias is a weight too, so it is
    # updated with its own gradient.
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "train_check", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
check.train(train)
### BEGIN HIDDEN TESTS
check.train(train).require()
### END HIDDEN TESTS

# %% [markdown]
# The course's `neuron.train` runs the same loop and records every epoch. The loss at a
# few epochs:

# %%
baseline = neuron.train(X, y, lr=0.1, epochs=100)
print(neuron.loss_table({"lr = 0.1": baseline}, (0, 1, 2, 5, 10, 25, 50, 75, 100)))
print("predictions after 100 epochs:", np.round(baseline.predictions[-1], 3))

# %% [markdown]
# The loss goes down at every epoch, but slowly: after 100 epochs the rings are only just
# below 0.5. Replay the run: drag the **epoch** slider (or click it and use the arrow
# keys). On the left, the shading is the neuron's output over every possible mass and
# width, and the dashed line is where it says exactly 0.5. Watch the line sweep towards
# the rings.

# %%
training_loop.EpochReplay(epoch=100)

# %% [markdown]
# ## 5 · Epoch, batch, iteration
#
# - An **epoch** is one pass over all the training examples.
# - A **batch** is the group of examples used for one update.
# - An **iteration** is one update: one round of the four steps on one batch.
#
# Our neuron uses all 4 devices in every update (a batch of 4), so each epoch is one
# iteration. With bigger data we split it into batches. With 1,000 examples and batches
# of 32:

# %%
n_examples, batch_size = 1000, 32
full, rest = divmod(n_examples, batch_size)
print(f"{full} full batches of {batch_size}, and a last batch of {rest} examples")
print(f"iterations per epoch: {minibatch.iterations_per_epoch(n_examples, batch_size)}")
print(f"iterations in 10 epochs: {10 * minibatch.iterations_per_epoch(n_examples, batch_size)}")

# %% [markdown]
# **Exercise 6.** Write `iterations_per_epoch(n_examples, batch_size)`. Don't forget the
# last, partial batch: it still takes an update.


# %% nbgrader={"grade": false, "grade_id": "iterations_per_epoch", "locked": false, "schema_version": 3, "solution": true, "task": false}
def iterations_per_epoch(n_examples, batch_size):
    ### BEGIN SOLUTION
    return math.ceil(n_examples / batch_size)
    # Rounding up counts the last, partial batch: it still takes one update.
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "iterations_per_epoch_check", "locked": true, "points": 1, "schema_version": 3, "solution": false, "task": false}
check.iterations_per_epoch(iterations_per_epoch)
### BEGIN HIDDEN TESTS
check.iterations_per_epoch(iterations_per_epoch).require()
### END HIDDEN TESTS

# %% [markdown]
# ## 6 · The learning rate
#
# The published example said lr = 0.9 bounces forever, and its own code, on our stand-in
# rows, converged. What
# does our sigmoid neuron do at 0.9? Predict first:

# %%
guess_sigmoid = predict_first.choice(
    "Sigmoid neuron, lr = 0.9 instead of 0.1: after 100 epochs the loss is…",
    ["lower than with 0.1", "about the same", "higher: it bounces or blows up"],
    key="00-sigmoid-lr-0.9",
)
guess_sigmoid

# %%
training_loop.LearningRateRace(lr=0.9)

# %%
fast = neuron.train(X, y, lr=0.9, epochs=100)
epochs_shown = (0, 1, 2, 5, 10, 25, 50, 75, 100)
print(neuron.loss_table({"lr = 0.1": baseline, "lr = 0.9": fast}, epochs_shown))
fast_rises = int(np.sum(np.diff(fast.losses) > 0))
print(f"epochs where the loss went up with lr = 0.9: {fast_rises}")
answer = "lower than with 0.1" if fast.losses[-1] < baseline.losses[-1] else "about the same"
guess_sigmoid.reveal(
    answer,
    why=f"At epoch 100 the loss is {fast.losses[-1]:.4f} with 0.9 against "
    f"{baseline.losses[-1]:.4f} with 0.1"
    + (", and it never went up." if fast_rises == 0 else f"; it went up in {fast_rises} epochs."),
)

# %% [markdown]
# With our sigmoid neuron, 0.9 does not bounce at all: the loss falls at every epoch,
# faster than with 0.1. So when *does* a step become too large? Slide **your learning
# rate** across the whole range below. The figure shows where every learning rate ends up
# after 100 epochs, for our sigmoid neuron and for a **linear** neuron (`p = z`, no
# sigmoid).

# %%
training_loop.LearningRateSweep(lr=0.9)

# %%
sweep_lrs = np.logspace(-3, 3, 49)
linear_finals = neuron.final_losses(X, y, sweep_lrs, activation="linear")
low, high = neuron.divergence_bracket(sweep_lrs, linear_finals)
linear_09 = neuron.train(X, y, 0.9, activation="linear")
linear_low = neuron.train(X, y, low, activation="linear")
print(
    f"linear neuron at lr = {low:.3f}: loss {linear_low.losses[0]:.3g} at the start, "
    f"{linear_low.losses[-1]:.3g} after 100 epochs; at lr = {high:.3f} it blows up"
)
print(f"linear neuron at lr = 0.9: the loss blows up at epoch {linear_09.diverged_at}")
print(neuron.loss_table({"linear, lr = 0.9": linear_09}, (0, 1, 2, 3, 4, 5)))

# %% [markdown]
# The linear neuron blows up within 100 epochs somewhere between two neighbouring rates
# of the sweep. Compare the lower rate's loss after 100 epochs with its start: if it has
# grown, that rate is already too large, only slower to show it. At 0.9 the neuron does
# not bounce either: it **diverges**, its loss growing without end within a few epochs. (Bouncing forever, with the loss neither growing nor shrinking, happens
# only at one exact rate between those two; lesson 02 computes that rate from the shape
# of the loss and explains why.)
#
# The sigmoid neuron fails differently. With a very large rate, its first step throws
# the weights so far that the sigmoid is flat (it outputs 0 or 1 everywhere), its
# gradient is almost zero, and learning stalls:

# %%
huge = neuron.train(X, y, lr=100)
print(neuron.loss_table({"sigmoid, lr = 100": huge}, (0, 1, 2, 50, 100)))
print("predictions after 100 epochs:", np.round(huge.predictions[-1], 3))

# %% [markdown]
# **Challenge:** with the sigmoid neuron, get the loss below the green target within the
# epoch budget. The line under the figure says when you have made it.

# %%
print(f"target: loss below {neuron.TARGET_LOSS} within {neuron.TARGET_EPOCHS} epochs")
training_loop.LearningRateChallenge(lr=0.1)

# %% [markdown]
# **Exercise 7 (challenge).** Return a learning rate that takes the sigmoid neuron
# (starting at 0.5, as above) below the loss target within the epoch budget.


# %% nbgrader={"grade": false, "grade_id": "my_learning_rate", "locked": false, "schema_version": 3, "solution": true, "task": false}
def my_learning_rate():
    ### BEGIN SOLUTION
    return 3.0
    # Thirty times the baseline: big enough to get there in time, small enough
    # that the first steps do not saturate the sigmoid.
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "my_learning_rate_check", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
check.my_learning_rate(my_learning_rate)
### BEGIN HIDDEN TESTS
check.my_learning_rate(my_learning_rate).require()
### END HIDDEN TESTS

# %% [markdown]
# ## Summary
#
# - Run a published example's code before trusting its claims: on our stand-in rows, its
#   code does not do what its text says about lr 0.9 and 0.001.
# - An untrained model guesses: on our four devices, random starts average chance.
# - Training repeats four steps: **predict**, **loss**, **gradient**, **step**
#   (`w ← w - lr · grad`).
# - An **epoch** is a pass over the data; a **batch** is what one update sees; an
#   **iteration** is one update. Iterations per epoch = `ceil(examples / batch size)`.
# - The learning rate is a trade-off. Too small crawls; too large overshoots. A linear
#   neuron diverges above some rate (lesson 02 computes exactly where); a sigmoid neuron
#   instead saturates and stalls. Claims about a learning rate are worth running: the
#   published example's "0.9 bounces forever" converges when we run its code.
#
# **Next:** [01 · Loss](01_loss.ipynb) — the number the loop minimises, and why its shape
# matters.
