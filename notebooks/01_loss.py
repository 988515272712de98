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
# - how mean squared error (MSE), mean absolute error (MAE) and cross-entropy score the same
#   mistakes, and why squaring makes one far-off point dominate;
# - to fit a line by hand by watching its residuals and its MSE;
# - that an image is a matrix, so its error is plain arithmetic, pixel by pixel;
# - how every example's loss shrinks (or does not) while a model trains.
#
# **Time:** about 45 minutes. Four exercises: you write MSE, MAE, cross-entropy and Q.

# %% [markdown]
# ## Setup
#
# Run this cell first. It imports the course's loss functions and data sets, the lesson's
# experiments and the checks for the exercises.

# %%
import numpy as np

from course_lib import checks, datasets, images, losses
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
# ## 2. Three losses, one patient you can move
#
# Below are 12 of the patients. The orange point is one patient whose progression you
# can move with the slider. Two things are computed live:
#
# - **left:** the best line for these 12 points under MSE (solid) and under MAE (dashed);
# - **right:** how much of the total loss this one patient causes, for a *fixed* model
#   (the least-squares line of all 442 patients). For cross-entropy the question becomes
#   "is the progression above the median?", and the fixed line's prediction is turned
#   into a probability.
#
# Drag the point far up. The MSE share races towards 100%: squaring turns an error
# twice as big into a loss four times as big. MAE grows only in proportion. Cross-entropy
# sees only the label (above or below the median), so moving the point further changes
# nothing once it has crossed.

# %%
loss.OutlierLosses()

# %% [markdown]
# The best *constant* prediction follows the same rule: under MSE it is the mean, under MAE
# the median. Here are both, and both best lines, for the point at its true value and far away.

# %%
demo = loss.OutlierLosses()
for moved_y in (demo.settings["moved_y"], 400, 800):
    r = demo.set(moved_y=moved_y).last_result
    (wm, bm), (wa, ba) = r.lines["mse"], r.lines["mae"]
    print(
        f"moved point at {moved_y:>5}: mean {r.constants['mse']:6.1f}, "
        f"median {r.constants['mae']:6.1f} | MSE line {wm:5.1f}·BMI {bm:+5.0f}, "
        f"MAE line {wa:5.1f}·BMI {ba:+5.0f}"
    )

# %% [markdown]
# Read the table: the mean and the MSE line keep moving as the point moves further away.
# The median and the MAE line change once — when the point crosses to the other side of
# them — and then stay put, however far you drag it. That is what "MAE is robust to
# outliers" means.

# %% [markdown]
# ### Exercise 1: mean squared error
#
# Write `mse(y_true, y_pred)`: the mean of the squared differences. Arguments come in
# scikit-learn's order, true values first. Both are numpy arrays of the same shape.


# %% nbgrader={"grade": false, "grade_id": "mse", "locked": false, "schema_version": 3, "solution": true, "task": false}
def mse(y_true, y_pred):
    ### BEGIN SOLUTION
    return np.mean((y_pred - y_true) ** 2)
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
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "mae_check", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
check.mae(mae)
### BEGIN HIDDEN TESTS
check.mae(mae).require()
### END HIDDEN TESTS

# %% [markdown]
# ## 3. Fit a line by hand
#
# The weight w is the slope (score per kg/m²), the bias b the height. Each red segment is
# a *residual*: the gap between a patient and your line. MSE is the average of the
# squared lengths of the red segments.
#
# **Challenge:** bring the MSE below the target, within 10% of the best line possible.
# Tip: move w a little, then fix b; the two trade off against each other.

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
# ## 4. Log-loss: the cost of a confident mistake
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
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "cross_entropy_check", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
check.cross_entropy(cross_entropy)
### BEGIN HIDDEN TESTS
check.cross_entropy(cross_entropy).require()
### END HIDDEN TESTS

# %% [markdown]
# ## 5. An image is a matrix
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
# ## 6. Watching every example's loss during training
#
# Now a real training run: a line y = w·x + b fitted to 12 patients by gradient descent
# (the loop of lesson 00). The bars are each patient's squared error; the red line is
# their average, Q. The model sees the BMI rescaled to mean 0 and standard deviation 1,
# which lets gradient descent converge quickly (lesson 02 explains why).
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
# ### Exercise 4: the empirical risk Q
#
# Write `empirical_risk(model, X, y, loss)`: Q(a, X) = 1/n Σ L(a, xᵢ). Here `model` is a
# function of one input, `loss(y_true, y_pred)` is the loss on one example, and `X`, `y`
# are arrays with one entry per example. Use the loss you are given.


# %% nbgrader={"grade": false, "grade_id": "empirical_risk", "locked": false, "schema_version": 3, "solution": true, "task": false}
def empirical_risk(model, X, y, loss):
    ### BEGIN SOLUTION
    n = len(X)
    return sum(loss(y[i], model(X[i])) for i in range(n)) / n
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
# - MSE squares the errors, so one far-off point can dominate it and drag the best line
#   towards itself; MAE weighs every unit of error the same, and its best line and best
#   constant (the median) barely move.
# - Cross-entropy scores probabilities: cheap when confident and right, very expensive when
#   confident and wrong; we clip p so it never takes log(0).
# - An image is a matrix, and its error is pixel-by-pixel arithmetic.
# - During training the average Q falls; individual examples' losses need not all fall.
#
# **What's next:** lesson 02, *gradient descent* — how a model finds the bottom of Q, and
# what the learning rate does to the trip.
