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
# **step**. You will watch one neuron learn to tell a pair of glasses from a ring, and
# then break its training on purpose.
#
# **What you will learn**
#
# - why an untrained model is no better than a coin toss;
# - the four steps of the training loop, written as code you complete yourself;
# - what *epoch*, *batch* and *iteration* mean, with numbers;
# - what the learning rate does: too small is slow, too large diverges — and where
#   "too large" begins, computed rather than guessed.
#
# **Time:** about 40 minutes.

# %% [markdown]
# ## Setup
#
# Run this cell first. It loads the course's neuron (`course_lib.neuron`, plain numpy
# you can read), the lesson's data, the live experiments of this lesson and the exercise
# checks.

# %%
import math

import numpy as np

from course_lib import checks, datasets, minibatch, neuron, stability
from course_lib.lessons import training_loop

check = checks.for_lesson("00_training_loop")

# %% [markdown]
# ## 1 · Four devices
#
# Our data is four objects: two pairs of glasses and two rings. Each is described by two
# numbers, its **mass** and its **width**. We divide both by 10 (mass in tens of grams,
# width in tens of centimetres) so that they are about the same size, near 1. The label
# `y` is 1 for glasses and 0 for a ring. The file is `data/devices.csv`.

# %%
devices = datasets.devices()
X, y = devices.X, devices.y
print(f"{'device':<16}{devices.feature_names[0]:>15}{devices.feature_names[1]:>16}{'y':>4}")
for name, (mass, width), label in zip(devices.names, X, y, strict=True):
    print(f"{name:<16}{mass:>15.2f}{width:>16.2f}{label:>4.0f}")

# %% [markdown]
# ## 2 · The model: one neuron
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
# On average an untrained neuron is right half the time: chance. (For every start, the
# opposite weights make the opposite guesses, so the average is exactly a coin toss.)
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
# ## 3 · The four steps
#
# ### Step 1: predict
#
# **Exercise 1.** Write the forward pass: for a matrix `X` (one row per example), weights
# `w` and bias `b`, return one prediction per row, `sigmoid(X @ w + b)`.


# %% nbgrader={"grade": false, "grade_id": "predict", "locked": false, "schema_version": 3, "solution": true, "task": false}
def predict(X, w, b):
    ### BEGIN SOLUTION
    z = X @ w + b
    return 1 / (1 + np.exp(-z))
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
# `(p - y)²` over the four devices. Zero would be perfect.

# %%
loss0 = neuron.mse(y, p0)
print(f"loss at the start: {loss0:.4f}")
print("squared error per device:", np.round((p0 - y) ** 2, 4))

# %% [markdown]
# ### Step 3: the gradient
#
# The gradient says, for each weight, how fast the loss grows when that weight grows a
# little. By the chain rule, for our neuron
# `dL/dw = Xᵀ · (2 (p - y) / n · p (1 - p))`. You can check it without any calculus:
# nudge one weight by a tiny amount and watch the loss.

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
# ### Step 4: the update
#
# **Exercise 2.** Write one gradient-descent step: move the weights a small step against
# the gradient, `w - lr * grad`. The learning rate `lr` sets the step size.


# %% nbgrader={"grade": false, "grade_id": "update", "locked": false, "schema_version": 3, "solution": true, "task": false}
def update(w, lr, grad):
    ### BEGIN SOLUTION
    return w - lr * grad
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
# Now repeat the four steps 100 times (`neuron.train` does exactly the loop above) and
# print the loss at a few epochs:

# %%
baseline = neuron.train(X, y, lr=0.1, epochs=100)
print(neuron.loss_table({"lr = 0.1": baseline}, (0, 1, 2, 5, 10, 25, 50, 75, 100)))
print("predictions after 100 epochs:", np.round(baseline.predictions[-1], 3))

# %% [markdown]
# This table is computed by the code above, here and now (some published versions of this
# example print a table their own code does not produce). The loss goes down at every
# epoch, but slowly: after 100 epochs the rings are only just
# below 0.5. Replay the run: drag the **epoch** slider (or click it and use the arrow
# keys). On the left, the shading is the neuron's output over every possible mass and
# width, and the dashed line is where it says exactly 0.5. Watch the line sweep towards
# the rings.

# %%
training_loop.EpochReplay(epoch=100)

# %% [markdown]
# ## 4 · Epoch, batch, iteration
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
# **Exercise 3.** Write `iterations_per_epoch(n_examples, batch_size)`. Don't forget the
# last, partial batch: it still takes an update.


# %% nbgrader={"grade": false, "grade_id": "iterations_per_epoch", "locked": false, "schema_version": 3, "solution": true, "task": false}
def iterations_per_epoch(n_examples, batch_size):
    ### BEGIN SOLUTION
    return math.ceil(n_examples / batch_size)
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "iterations_per_epoch_check", "locked": true, "points": 1, "schema_version": 3, "solution": false, "task": false}
check.iterations_per_epoch(iterations_per_epoch)
### BEGIN HIDDEN TESTS
check.iterations_per_epoch(iterations_per_epoch).require()
### END HIDDEN TESTS

# %% [markdown]
# ## 5 · The learning rate
#
# Published versions of this example claim that a learning rate of 0.9 makes the neuron
# "bounce forever". Run it and see:

# %%
fast = neuron.train(X, y, lr=0.9, epochs=100)
epochs_shown = (0, 1, 2, 5, 10, 25, 50, 75, 100)
print(neuron.loss_table({"lr = 0.1": baseline, "lr = 0.9": fast}, epochs_shown))
print(f"epochs where the loss went up with lr = 0.9: {np.sum(np.diff(fast.losses) > 0)}")

# %% [markdown]
# With our sigmoid neuron, 0.9 does not bounce at all: the loss falls at every epoch,
# faster than with 0.1. So when *does* a step become too large?
#
# ### Where "too large" begins
#
# Take a **linear** neuron (`p = z`, no sigmoid). Its loss is an exact bowl, and the
# bowl's steepest curvature is the largest eigenvalue `λ_max` of the loss's second
# derivatives (the Hessian, `2/n · Aᵀ A` with `A` = the features plus a column of ones).
# Along that direction, one step multiplies the distance to the bottom by `1 - lr·λ_max`.
# Above `lr = 2 / λ_max` that factor is bigger than 1 in size: each step overshoots by
# more than it corrects, and training diverges.

# %%
hessian = stability.linear_mse_hessian(X)
lam_max = np.linalg.eigvalsh(hessian).max()
threshold = stability.max_stable_lr(hessian)
print(f"λ_max = {lam_max:.4f}, so the threshold is 2 / λ_max = {threshold:.4f}")

# %% [markdown]
# Train the linear neuron just below and just above that threshold (5% either side), and
# also at 0.9:

# %%
runs = {
    f"lr = {0.95 * threshold:.4f}": neuron.train(X, y, 0.95 * threshold, activation="linear"),
    f"lr = {1.05 * threshold:.4f}": neuron.train(X, y, 1.05 * threshold, activation="linear"),
    "lr = 0.9": neuron.train(X, y, 0.9, activation="linear"),
}
print(neuron.loss_table(runs, epochs_shown))
print(f"0.9 is {0.9 / threshold:.1f} times the threshold")

# %% [markdown]
# Just below the threshold the loss falls; just above it, it grows without end; at 0.9
# the linear neuron blows up within a few epochs. The "bounces forever" story is true for
# a linear neuron, not for the sigmoid one. Just below the threshold the neuron does
# bounce, but the bounces shrink: its prediction for the reading glasses jumps from one
# side of the target to the other.

# %%
below = runs[f"lr = {0.95 * threshold:.4f}"]
print("linear neuron, prediction for the reading glasses (target 1):")
print(np.round(below.predictions[:8, 0], 3))

# %% [markdown]
# The sigmoid neuron fails differently. With a very large rate, its first step throws
# the weights so far that the sigmoid is flat (it outputs 0 or 1 everywhere), its
# gradient is almost zero, and learning stalls:

# %%
huge = neuron.train(X, y, lr=100)
print(neuron.loss_table({"sigmoid, lr = 100": huge}, (0, 1, 2, 50, 100)))
print("predictions after 100 epochs:", np.round(huge.predictions[-1], 3))

# %% [markdown]
# Now try it yourself. Slide the **learning rate** (a log scale, from 0.001 to 1000) and
# switch the **neuron** between sigmoid and linear. The left panel races your run against
# the baseline 0.1; the right panel shows where every learning rate ends up after 100
# epochs, with the linear neuron's threshold `2 / λ_max` marked.
#
# **Challenge:** with the sigmoid neuron, get the loss below the green target within
# the green number of epochs. The line under the figure says when you have made it.

# %%
training_loop.LearningRateRace(lr=0.1, neuron="sigmoid")

# %% [markdown]
# **Exercise 4 (challenge).** Return a learning rate that takes the sigmoid neuron (starting
# at 0.5, as above) below the loss target within the epoch budget:

# %%
print(f"target: loss below {neuron.TARGET_LOSS} within {neuron.TARGET_EPOCHS} epochs")


# %% nbgrader={"grade": false, "grade_id": "my_learning_rate", "locked": false, "schema_version": 3, "solution": true, "task": false}
def my_learning_rate():
    ### BEGIN SOLUTION
    return 3.0
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "my_learning_rate_check", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
check.my_learning_rate(my_learning_rate)
### BEGIN HIDDEN TESTS
check.my_learning_rate(my_learning_rate).require()
### END HIDDEN TESTS

# %% [markdown]
# Which learning rates meet the challenge? The course can try them all:

# %%
candidates = np.round(np.logspace(-1, 2, 31), 3)
good = [lr for lr in candidates if neuron.reached_target(neuron.train(X, y, lr)) is not None]
print(f"{len(good)} of {len(candidates)} rates from 0.1 to 100 reach the target,")
print(f"from lr = {min(good):g} to lr = {max(good):g}")

# %% [markdown]
# ## Summary
#
# - An untrained model guesses: on our four devices, random starts average chance.
# - Training repeats four steps: **predict**, **loss**, **gradient**, **step**
#   (`w ← w - lr · grad`).
# - An **epoch** is a pass over the data; a **batch** is what one update sees; an
#   **iteration** is one update. Iterations per epoch = `ceil(examples / batch size)`.
# - The learning rate is a trade-off. Too small crawls; too large overshoots. For a
#   linear neuron "too large" starts exactly at `2 / λ_max`; a sigmoid neuron instead
#   saturates and stalls. Claims about a learning rate are worth running.
#
# **Next:** [01 · Loss](01_loss.ipynb) — the number the loop minimises, and why its shape
# matters.
