# ---
# jupyter:
#   kernelspec:
#     display_name: Python 3 (ipykernel)
#     language: python
#     name: python3
# ---

# %% [markdown]
# # Lesson 01 — Loss: one number that says how wrong a model is
#
# In [lesson 00](00_training_loop.ipynb) a neuron learned by making its loss smaller.
# This lesson looks at the loss itself: what it adds up, and why its shape matters.
#
# **What you will learn**
#
# - to read the empirical risk Q(a, X) = 1/n Σ L(a, xᵢ) piece by piece, on real patients;
# - how mean squared error (MSE) and mean absolute error (MAE) score the same mistakes, and
#   why squaring makes one far-off point dominate;
# - to fit a line by hand by watching its residuals and its MSE;
# - cross-entropy for two classes and, with softmax, for many; and why it trains a sigmoid
#   faster than the squared error does;
# - that an image is a matrix, so its error is plain arithmetic, pixel by pixel;
# - how every example's loss shrinks (or does not) while a model trains.
#
# **Time:** about 55 minutes. Five exercises: you write MSE, MAE, cross-entropy, the
# cross-entropy over many classes, and Q.

# %% [markdown]
# ## Setup
#
# Run this cell first. It imports the course's loss functions and data sets, the lesson's
# experiments and the checks for the exercises.

# %%
import numpy as np

from course_lib import checks, datasets, images, losses, neuron, predict
from course_lib.lessons import loss

check = checks.for_lesson("01_loss")

# %% [markdown]
# ## 1. The empirical risk Q(a, X), piece by piece
#
# Our data come with scikit-learn (no download): 442 diabetes patients, each with a
# body-mass index (BMI, kg/m²) and a score of how far the disease progressed one year
# later. The task: predict the progression from the BMI.

# %%
patients = datasets.diabetes()
X, y = patients.bmi, patients.progression
print(
    f"{len(X)} patients; BMI from {X.min():.1f} to {X.max():.1f} kg/m², "
    f"progression from {y.min():.0f} to {y.max():.0f}"
)

# %% [markdown]
# **a — the model.** Any rule that turns an input into a prediction. Here a guessed line:
# progression ≈ 10 × BMI − 120.


# %%
def a(bmi):
    return 10 * bmi - 120


# %% [markdown]
# **xᵢ — one example**, and **L(a, xᵢ) — the loss on it.** Take the first patient. The
# squared error L = (a(xᵢ) − yᵢ)² says how wrong the model is on this one patient.

# %%
x_0, y_0 = X[0], y[0]
L_0 = (a(x_0) - y_0) ** 2
print(f"patient 0: BMI {x_0}, progression {y_0:.0f}, model says {a(x_0):.0f}, loss {L_0:.0f}")

# %% [markdown]
# **Σ L(a, xᵢ) — add the losses of all n examples**, then **1/n — divide by n** to get the
# average. That average is Q(a, X), the number training makes small.

# %%
per_example = (a(X) - y) ** 2
n = len(X)
Q = per_example.sum() / n
print(f"n = {n}, sum of losses = {per_example.sum():,.0f}, Q = {Q:,.1f}")
print(f"losses.mse gives the same number: {losses.mse(y, a(X)):,.1f}")

# %% [markdown]
# Q is an *average*, so one example's share of it is its loss divided by n. Which patients
# cost the most?

# %%
worst = np.argsort(per_example)[-3:][::-1]
for i in worst:
    print(
        f"patient {i}: BMI {X[i]}, progression {y[i]:.0f}, loss {per_example[i]:,.0f} "
        f"({100 * per_example[i] / per_example.sum():.1f}% of the sum)"
    )

# %% [markdown]
# ## 2. One patient you can move: the best line under MSE and under MAE
#
# Below are 12 of the patients. The large red point is one of them, whose progression you
# can move with the slider (its BMI is near the middle of the others, so it does not tilt
# the line much by itself). The left panel shows the best line for these 12 points under
# MSE (solid) and under MAE (dashed); the right panel the best *constant* prediction
# under each. Before you move anything, predict.

# %%
lines_guess = predict.choice(
    "You will drag the red patient from 200 up to 800, far above every other patient. "
    "Which best line moves while you do?",
    ["only the MSE line", "only the MAE line", "both lines", "neither line"],
    key="01-which-line-moves",
)
lines_guess

# %%
loss.RobustLines()

# %% [markdown]
# Now the numbers, for the patient at its true value, while it crosses the others, and far
# above them:

# %%
robust = loss.RobustLines()
table = {}
for moved_y in (130, 145, 160, 175, 200, 400, 800):
    r = robust.set(moved_y=moved_y).last_result
    table[moved_y] = r
    (wm, bm), (wa, ba) = r.mse_line, r.mae_line
    print(
        f"moved patient at {moved_y:>3}: MSE line {wm:5.1f}·BMI {bm:+5.0f}, mean {r.mean:5.1f} | "
        f"MAE line {wa:5.1f}·BMI {ba:+5.0f}, median {r.median:5.1f}"
    )


def moved_between(a, b, line):
    return not np.allclose(getattr(table[a], line), getattr(table[b], line))


moves = {
    name: moved_between(200, 800, f"{key}_line") for name, key in (("MSE", "mse"), ("MAE", "mae"))
}
answer = {
    (True, False): "only the MSE line",
    (False, True): "only the MAE line",
    (True, True): "both lines",
    (False, False): "neither line",
}[moves["MSE"], moves["MAE"]]
(wm0, _), (wm1, _) = table[200].mse_line, table[800].mse_line
(wa0, _), (wa1, _) = table[130].mae_line, table[200].mae_line
lines_guess.reveal(
    answer,
    why=f"From 200 to 800 the MSE line's slope goes from {wm0:.1f} to {wm1:.1f}, while the "
    f"MAE line stays at {table[800].mae_line[0]:.1f}·BMI {table[800].mae_line[1]:+.0f}. "
    f"The MAE line did move, from slope {wa0:.1f} to {wa1:.1f}, but only while the patient "
    "crossed the others.",
)

# %% [markdown]
# Where exactly does each line move? Sweep the patient over the slider's whole range, in
# its steps of 5, and note where each best line changes:

# %%
sweep = range(0, 805, 5)
sweep_lines = [robust.compute(moved_y=m) for m in sweep]
changed = {
    key: [
        m
        for m, a, b in zip(sweep[1:], sweep_lines[:-1], sweep_lines[1:], strict=True)
        if getattr(a, key) != getattr(b, key)
    ]
    for key in ("mse_line", "mae_line")
}
others = np.delete(robust.patients.progression, robust.moved)
print(f"the other 11 patients' progressions run from {others.min():.0f} to {others.max():.0f}")
print(f"MSE line changed at {len(changed['mse_line'])} of {len(sweep) - 1} steps")
print(
    f"MAE line changed at {len(changed['mae_line'])} steps, all between "
    f"{min(changed['mae_line'])} and {max(changed['mae_line'])}"
)

# %% [markdown]
# Read the table and the sweep. The MAE line does move — its slope changes by more than the
# MSE line's — but only while the patient passes through the middle of the others. Once the
# patient is above the line, the MAE line stops moving, however far you drag it: MAE only
# asks on which side of the line each point lies. The MSE line never stops: squaring makes
# the far point pull harder the further it goes. That is what "MAE is robust to outliers"
# means.
#
# The best constant follows the same rule. Under MSE it is the mean of the values; under
# MAE it is — predict first:

# %%
constant_guess = predict.choice(
    "With the patient at 800, which constant prediction has the smallest MAE over the 12?",
    ["the mean", "the median", "halfway between the smallest and largest value"],
    key="01-best-constant-mae",
)
constant_guess

# %%
y_800 = table[800].y
candidates = {
    "the mean": np.mean(y_800),
    "the median": np.median(y_800),
    "halfway between the smallest and largest value": (y_800.min() + y_800.max()) / 2,
}
mae_of = {name: losses.mae(y_800, np.full(len(y_800), c)) for name, c in candidates.items()}
for name, c in candidates.items():
    print(f"{name}: {c:.1f}, MAE {mae_of[name]:.1f}")
grid = np.linspace(y_800.min(), y_800.max(), 2001)
grid_mae = [losses.mae(y_800, np.full(len(y_800), c)) for c in grid]
print(f"smallest MAE of any constant on a fine grid: {min(grid_mae):.1f}")
best_name = min(mae_of, key=mae_of.get)
constant_guess.reveal(
    best_name,
    why=f"The median {candidates['the median']:.1f} has MAE {mae_of['the median']:.1f}, the "
    f"smallest any constant reaches; the mean {candidates['the mean']:.1f} has "
    f"{mae_of['the mean']:.1f}. Moving a constant up by one changes MAE by (points below − "
    "points above) / n, which is zero only when as many points lie on each side.",
)

# %% [markdown]
# ## 3. How much one patient counts
#
# Now keep the model fixed: the least-squares line of all 442 patients. Move the same
# patient and watch its *share* of the total loss, under MSE and under MAE. A fair share
# of 12 patients is 1/12, about 8%.

# %%
loss.LossShares()

# %%
shares = loss.LossShares()
for moved_y in (130, 400, 800):
    s_ = shares.set(moved_y=moved_y).last_result.shares
    print(f"moved patient at {moved_y}: {s_['MSE']:.0f}% of the MSE, {s_['MAE']:.0f}% of the MAE")

# %% [markdown]
# Squaring turns an error twice as big into a loss four times as big, so the far patient
# takes most of the MSE; under MAE its loss grows only in proportion to its error, so its
# share grows more slowly.

# %% [markdown]
# ### Exercise 1: mean squared error
#
# Write `mse(y_true, y_pred)`: the mean of the squared differences. Arguments come in
# scikit-learn's order, true values first. Both are numpy arrays of the same shape.


# %% nbgrader={"grade": false, "grade_id": "mse", "locked": false, "schema_version": 3, "solution": true, "task": false}
def mse(y_true, y_pred):
    ### BEGIN SOLUTION
    return np.mean((y_pred - y_true) ** 2)
    # Why it works: numpy subtracts and squares element by element, so one line squares
    # every example's error; np.mean divides their sum by n.
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "mse_check", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
check.mse(mse)
### BEGIN HIDDEN TESTS
check.mse(mse).require()
### END HIDDEN TESTS

# %% [markdown]
# ### Exercise 2: mean absolute error
#
# Write `mae(y_true, y_pred)`: the mean of the absolute differences.


# %% nbgrader={"grade": false, "grade_id": "mae", "locked": false, "schema_version": 3, "solution": true, "task": false}
def mae(y_true, y_pred):
    ### BEGIN SOLUTION
    return np.mean(np.abs(y_pred - y_true))
    # Why it works: np.abs turns every error into its size, so errors of opposite sign
    # cannot cancel before the mean.
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "mae_check", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
check.mae(mae)
### BEGIN HIDDEN TESTS
check.mae(mae).require()
### END HIDDEN TESTS

# %% [markdown]
# ## 4. Fit a line by hand
#
# The weight w is the slope (score per kg/m²), the bias b the height. Each red segment is
# a *residual*: the gap between a patient and your line. MSE is the average of the
# squared lengths of the red segments.
#
# **Challenge:** bring the MSE below the target, within 10% of the best line possible.
# Tip: move w a little, then fix b; the two trade off against each other. The challenge line
# under the figure says which slider to move next, and which way, for the line you have.

# %%
loss.LineFit()

# %% [markdown]
# How good can a line get? Least squares solves it exactly; the target is 10% above.

# %%
fit = loss.LineFit()
print(
    f"best line: {fit.best[0]:.2f}·BMI {fit.best[1]:+.1f}, MSE {fit.best_mse:,.0f}; "
    f"target {fit.target:,.0f}"
)

# %% [markdown]
# ## 5. Log-loss: the cost of a confident mistake
#
# For a yes/no question a model gives a probability p that the answer is yes (y = 1).
# Cross-entropy, or log-loss, charges −log p if the answer was yes and −log(1 − p) if it
# was no. Slide p. A right answer given with confidence costs almost nothing; a wrong
# one given with confidence costs a lot, and at p = 0 or 1 the loss would be infinite —
# which is why we clip p just inside (0, 1).

# %%
loss.LogLossCurve()

# %%
for p in (0.5, 0.9, 0.99, 0.999):
    print(
        f"p = {p}: loss {losses.log_loss([1], [p]):.4f} if right (y = 1), "
        f"{losses.log_loss([0], [p]):.2f} if wrong (y = 0)"
    )

# %% [markdown]
# ### Exercise 3: cross-entropy
#
# Write `cross_entropy(y_true, p_pred)`: the mean of −(y log p + (1 − y) log(1 − p)) over
# the examples. First clip p to [1e-15, 1 − 1e-15] with `np.clip`, so that a certain
# prediction never takes the log of 0.


# %% nbgrader={"grade": false, "grade_id": "cross_entropy", "locked": false, "schema_version": 3, "solution": true, "task": false}
def cross_entropy(y_true, p_pred):
    ### BEGIN SOLUTION
    p = np.clip(p_pred, 1e-15, 1 - 1e-15)
    return np.mean(-(y_true * np.log(p) + (1 - y_true) * np.log(1 - p)))
    # Why it works: y is 0 or 1, so y·log p + (1 − y)·log(1 − p) keeps only the log of the
    # probability given to the true label; the clip keeps both logs finite.
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "cross_entropy_check", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
check.cross_entropy(cross_entropy)
### BEGIN HIDDEN TESTS
check.cross_entropy(cross_entropy).require()
### END HIDDEN TESTS

# %% [markdown]
# ### Cross-entropy and the moved patient
#
# Back to the moved patient of section 2. Cross-entropy needs a yes/no question. Ask: "is
# this patient's progression above the median of all 442?" The fixed line's prediction
# becomes a probability of "yes" (taking its errors as normally spread). Before you move the patient: what will its cross-entropy do
# as you drag it from 200 to 800?

# %%
ce_guess = predict.choice(
    "Dragging the patient from 200 to 800, its cross-entropy…",
    ["grows, like the squared error", "stays the same", "shrinks"],
    key="01-cross-entropy-outlier",
)
ce_guess

# %%
loss.ThresholdCrossEntropy()

# %%
threshold_demo = loss.ThresholdCrossEntropy()
ce = {m: threshold_demo.set(moved_y=m).last_result.moved_loss for m in (130, 200, 800)}
print(", ".join(f"at {m}: {v:.3f}" for m, v in ce.items()))
ce_answer = (
    "stays the same"
    if np.isclose(ce[200], ce[800])
    else ("grows, like the squared error" if ce[800] > ce[200] else "shrinks")
)
ce_guess.reveal(
    ce_answer,
    why=f"Cross-entropy sees only the label (above the median {threshold_demo.threshold:.0f} "
    f"or not): it changed once, from {ce[130]:.3f} to {ce[200]:.3f}, when the patient "
    "crossed the median, and never again.",
)

# %% [markdown]
# ## 6. More than two classes: softmax and categorical cross-entropy
#
# Lesson 00's neuron told glasses from rings: two classes. Suppose a model must choose among
# three: glasses, sunglasses and rings. It outputs one *score* per class, and **softmax**
# turns scores s₁, …, s_k into probabilities: pₖ = exp(sₖ) / Σⱼ exp(sⱼ). Every pₖ is
# positive and they add up to 1.

# %%
scores = np.array([2.0, 1.1, 0.6])
print("scores", scores, "-> probabilities", np.round(losses.softmax(scores), 3))

# %% [markdown]
# Take a device that is really a pair of glasses, scored glasses 60%, sunglasses 25%,
# ring 15%. Three ways to score this prediction: the squared error on the true class only,
# the MSE over all three classes against the "one-hot" truth (1, 0, 0), and the
# cross-entropy −ln p(true class).

# %%
classes = ["glasses", "sunglasses", "ring"]
p_device = np.array([0.60, 0.25, 0.15])
one_hot = np.array([1.0, 0.0, 0.0])
print(f"squared error on the true class: (1 - 0.6)² = {(1 - p_device[0]) ** 2:.4f}")
print(f"MSE over the three classes: {losses.mse(one_hot, p_device):.4f}")
print(f"cross-entropy: -ln 0.6 = {losses.categorical_log_loss([0], [p_device]):.4f}")
p_other = np.array([0.60, 0.40, 0.00])
print(
    f"same 60% for glasses, the rest all on sunglasses: MSE {losses.mse(one_hot, p_other):.4f}, "
    f"cross-entropy {losses.categorical_log_loss([0], [p_other]):.4f}"
)

# %% [markdown]
# Cross-entropy looks only at the probability given to the true class: how the other 40%
# is spread over the wrong classes does not change it, while the MSE over three classes
# does change. For two classes it is exactly the log-loss of section 5.
#
# **Why cross-entropy trains faster.** A sigmoid neuron computes a score z and p = σ(z).
# Gradient descent needs dL/dz. For the squared error L = (p − y)² it is
# 2(p − y)·p(1 − p); for cross-entropy it is p − y, because the sigmoid's slope p(1 − p)
# cancels against the derivative of the log. When the neuron is confidently wrong, p is
# near 0 or 1 and the slope p(1 − p) is near 0: under the squared error the gradient
# vanishes exactly when the mistake is biggest.

# %%
for z in (0.0, -2.0, -5.0, -10.0):
    p_z = 1 / (1 + np.exp(-z))
    g_mse = losses.sigmoid_squared_error_gradient([1.0], [z])[0]
    g_ce = losses.sigmoid_cross_entropy_gradient([1.0], [z])[0]
    print(
        f"truth 1, z = {z:5.1f}, p = {p_z:.5f}: dL/dz squared error {g_mse:+.2e}, "
        f"cross-entropy {g_ce:+.3f}"
    )

# %% [markdown]
# This is why lesson 00's neuron stalled at learning rate 100. Its first step threw the
# weights so far that every device got a score far below 0: the glasses, whose truth is 1,
# are predicted with probability almost 0. Here is each device's gradient after that step,
# under the squared error the neuron used, and under cross-entropy:

# %%
devices = datasets.devices()
stalled = neuron.train(devices.X, devices.y, lr=100)
z_stalled = devices.X @ stalled.weights[1] + stalled.biases[1]
g_mse_stalled = losses.sigmoid_squared_error_gradient(devices.y, z_stalled)
g_ce_stalled = losses.sigmoid_cross_entropy_gradient(devices.y, z_stalled)
for name, label, z, g1, g2 in zip(
    devices.names, devices.y, z_stalled, g_mse_stalled, g_ce_stalled, strict=True
):
    print(
        f"{name:15} truth {label:.0f}, z = {z:6.1f}: squared error {g1:+.1e}, "
        f"cross-entropy {g2:+.2f}"
    )

# %% [markdown]
# Under the squared error the two pairs of glasses, wrong by almost the whole distance, get
# gradients of 10⁻¹⁴ and less — nothing to learn from, so the neuron's weights stay where
# they are for the remaining 99 epochs (the cell below checks it). Under cross-entropy the
# same devices get a gradient of size about 1, the largest it can be: the more confident
# the mistake, the harder the push. That is why classifiers are trained with cross-entropy.

# %%
unchanged = np.allclose(stalled.weights[1], stalled.weights[-1])
print(
    f"weights after epoch 1: {np.round(stalled.weights[1], 3)}, after epoch {len(stalled.weights) - 1}: "
    f"{np.round(stalled.weights[-1], 3)}; unchanged: {unchanged}"
)

# %% [markdown]
# ### Exercise 4: cross-entropy over many classes
#
# Write `categorical_cross_entropy(y_true, p_pred)`. `y_true` holds one class number per
# example (0, 1, …, k − 1); `p_pred` is an array with one row per example and one column per
# class, each row a list of probabilities. The loss of example i is −ln of the probability
# its row gives to its true class; return the mean over the examples. Clip that probability
# to [1e-15, 1 − 1e-15] as in exercise 3.


# %% nbgrader={"grade": false, "grade_id": "categorical_cross_entropy", "locked": false, "schema_version": 3, "solution": true, "task": false}
def categorical_cross_entropy(y_true, p_pred):
    ### BEGIN SOLUTION
    n = len(y_true)
    p_true = p_pred[np.arange(n), y_true]  # row i, column y_true[i]: one entry per example
    return np.mean(-np.log(np.clip(p_true, 1e-15, 1 - 1e-15)))
    # Why it works: indexing with two arrays picks, for every row, the probability of that
    # row's own true class; the other classes do not enter the loss at all.
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "categorical_cross_entropy_check", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
check.categorical_cross_entropy(categorical_cross_entropy)
### BEGIN HIDDEN TESTS
check.categorical_cross_entropy(categorical_cross_entropy).require()
### END HIDDEN TESTS

# %% [markdown]
# ## 7. An image is a matrix
#
# A grey-scale image is a grid of numbers, one per pixel. This 8×8 handwritten digit
# comes with scikit-learn. A pretend model outputs an image; the *quality* slider mixes
# the true image with a blurred, noisy one. The error map is the squared difference,
# pixel by pixel, and the MSE is its average: the same formula as for the patients,
# with 64 pixels as the examples.

# %%
loss.ImageError()

# %%
target = datasets.digit_image(3)
print(f"the image is a {target.shape} matrix of numbers from {target.min()} to {target.max()}")
for quality in (0.0, 0.5, 0.9, 1.0):
    output = images.model_output(target, quality, seed=3)
    print(f"quality {quality}: MSE {losses.mse(target, output):.4f}")

# %% [markdown]
# ## 8. Watching every example's loss during training
#
# Now a real training run: a line y = w·x + b fitted to 12 patients by gradient descent
# (the loop of lesson 00). The bars are each patient's squared error; the red line is
# their average, Q. The model sees the BMI rescaled to mean 0 and standard deviation 1,
# which lets gradient descent converge in a few dozen steps. Lesson 02 shows why, on this
# same regression: it computes the condition number of the loss's curvature (its largest
# over its smallest eigenvalue) with the raw BMI and with the rescaled one, and from it the
# largest learning rate that does not diverge and the number of steps gradient descent
# needs in each case.
#
# Move the epoch slider. Most bars shrink, but not all of them to zero: a straight line
# cannot pass through every patient, so Q settles at the least-squares minimum. Then try
# a large learning rate.

# %%
loss.LossReplay()

# %%
replay = loss.LossReplay()
run = replay.run(0.05)
start, end = run.per_example_losses[0], run.per_example_losses[-1]
print(
    f"Q: {run.risk[0]:,.0f} at epoch 0 -> {run.risk[-1]:,.0f} at epoch {run.epochs} "
    f"(least-squares minimum {replay.best_q:,.0f})"
)
print(f"{np.sum(end < start)} of {len(end)} patients' losses shrank; {np.sum(end > start)} grew")
print(f"largest stable learning rate on these data: {replay.stable_lr:.3g}")

# %% [markdown]
# Not every example's loss has to go down: gradient descent lowers the *average* Q, and
# it may trade one patient's error against another's. The line above counts how many
# grew in this run.

# %% [markdown]
# ### Exercise 5: the empirical risk Q
#
# Write `empirical_risk(model, X, y, loss)`: Q(a, X) = 1/n Σ L(a, xᵢ). Here `model` is a
# function of one input, `loss(y_true, y_pred)` is the loss on one example, and `X`, `y`
# are arrays with one entry per example. Use the loss you are given.


# %% nbgrader={"grade": false, "grade_id": "empirical_risk", "locked": false, "schema_version": 3, "solution": true, "task": false}
def empirical_risk(model, X, y, loss):
    ### BEGIN SOLUTION
    n = len(X)
    return sum(loss(y[i], model(X[i])) for i in range(n)) / n
    # Why it works: Q is an average, so it adds one loss per example and divides by n; the
    # loss is whatever function was passed in, squared error or any other.
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "empirical_risk_check", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
check.empirical_risk(empirical_risk)
### BEGIN HIDDEN TESTS
check.empirical_risk(empirical_risk).require()
### END HIDDEN TESTS

# %% [markdown]
# ## Summary
#
# - A loss L(a, x) scores a model on one example; the empirical risk Q(a, X) is their
#   average over the data, and training makes Q small.
# - MSE squares the errors, so one far-off point can dominate it and drags the best line and
#   the best constant (the mean) with it however far it goes. Under MAE the best line and the
#   best constant (the median) move only while the point crosses the others, and stop once
#   it is past them.
# - Cross-entropy scores probabilities: cheap when confident and right, very expensive when
#   confident and wrong; we clip p so it never takes log(0). Softmax turns scores into
#   probabilities for many classes, and the loss is −ln of the true class's probability.
# - With a sigmoid, the squared error's gradient vanishes when the prediction is confidently
#   wrong; cross-entropy's does not. That is why lesson 00's neuron stalled at a huge
#   learning rate.
# - An image is a matrix, and its error is pixel-by-pixel arithmetic.
# - During training the average Q falls; individual examples' losses need not all fall.
#
# **What's next:** lesson 02, *gradient descent* — how a model finds the bottom of Q, what
# the learning rate does to the trip, and why rescaling the BMI made this lesson's training
# fast.
