# ---
# jupyter:
#   kernelspec:
#     display_name: Python 3 (ipykernel)
#     language: python
#     name: python3
# ---

# %% [markdown]
# # Lesson 02 — Gradient descent: walking downhill on the loss landscape
#
# In [lesson 01](01_loss.ipynb) the loss Q turned a model's mistakes into one number.
# Training makes that number small. This lesson is about how: the gradient says which way
# is uphill, and a step of size η (the learning rate) against it goes down.
#
# **What you will learn**
#
# - the update rule θ ← θ − η ∇L, one step at a time, on one parameter and then two;
# - why a learning rate can crawl, converge or blow up, and how to predict the limit
#   from the curvature of the loss;
# - what ravines, curved valleys and several minima do to plain gradient descent;
# - stochastic, mini-batch and full-batch gradient descent on real patients;
# - why standardising the inputs makes gradient descent fast;
# - how momentum, RMSProp and Adam change the walk.
#
# **Time:** about 60 minutes for sections 1–6. You predict twice before an experiment and
# do five exercises: the largest stable learning rate, one epoch of mini-batch gradient
# descent, a momentum step, Adam's bias correction, then tune an optimizer for a challenge.
# A *going further* section at the end (learning-rate schedules, with a sixth exercise)
# is optional.

# %% [markdown]
# ## Setup
#
# Run this cell first. It imports the course's landscapes, optimizers and schedules, the
# lesson's experiments and the checks for the exercises.

# %%
import numpy as np

from course_lib import (
    checks,
    convergence,
    datasets,
    landscapes,
    minibatch,
    neuron,
    optimizers,
    predict,
    regression,
    schedules,
    stability,
)
from course_lib.lessons import gradient_descent

check = checks.for_lesson("02_gradient_descent")

# %% [markdown]
# ## 1. One parameter, one step at a time
#
# Our first loss has a single parameter θ: L(θ) = (θ − 1)²/2 + (θ − 1)⁴/20. Its lowest
# point is at θ = 1. The derivative dL/dθ is the slope of the curve: positive where the
# curve rises to the right, negative where it falls. Stepping *against* the slope goes
# downhill:
#
# θ_new = θ − η · dL/dθ
#
# Here are the first steps from θ = −2.5 with η = 0.1, computed one by one.

# %%
lr = 0.1
theta = landscapes.CURVE_START
for step in range(5):
    slope = landscapes.curve_gradient(theta)
    new_theta = theta - lr * slope
    print(
        f"step {step}: θ = {theta:+.3f}, L = {landscapes.curve_loss(theta):6.3f}, "
        f"slope {slope:+.3f} → θ_new = {new_theta:+.3f}"
    )
    theta = new_theta

# %% [markdown]
# Far from the minimum the slope is steep and the steps are long; near it the slope
# flattens and the steps shrink by themselves, even though η stays the same.
#
# In the experiment below, the dashed line is the tangent at the current point (its slope
# is the gradient) and the ring marks where the next step lands. Move *step* to walk, and
# try a few learning rates: 0.02, 0.3, 0.9.

# %%
gradient_descent.Descent1D()

# %% [markdown]
# ## 2. The learning rate: crawl, converge or blow up
#
# With two parameters the loss is a landscape, drawn as contour lines (lines of equal
# loss), and the gradient is a vector that points uphill, across the contours. Our
# *ravine* is the quadratic L(θ) = ½ θᵀHθ with the Hessian H below: its curvature is 1
# along the valley and 40 across it.

# %%
ravine = landscapes.ravine()
eigenvalues = np.linalg.eigvalsh(ravine.hessian)
print("Hessian H =\n", ravine.hessian)
print("curvatures (eigenvalues of H):", eigenvalues)

# %% [markdown]
# On a quadratic, one step multiplies the distance to the minimum along each curvature
# direction (an eigenvector of H, with curvature λ) by the factor (1 − η λ). A factor
# between 0 and 1 shrinks the distance from the same side; a negative one jumps to the
# other side of the minimum. If the factor's size is above 1, the distance grows at every
# step.
#
# ### Exercise 1: the largest stable learning rate
#
# Write `max_stable_lr()` so that it returns the largest learning rate at which plain
# gradient descent on the ravine does not diverge. Use `eigenvalues` from the cell above:
# for which η does the factor of each direction stay no larger than 1 in size, and which
# direction decides?


# %% nbgrader={"grade": false, "grade_id": "max_stable_lr", "locked": false, "schema_version": 3, "solution": true, "task": false}
def max_stable_lr():
    ### BEGIN SOLUTION
    return 2 / eigenvalues.max()
    # The factor 1 − η λ reaches −1 at η = 2/λ; the steepest direction (λ_max) gets there
    # first, so it sets the limit for the one learning rate that serves every direction.
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "max_stable_lr_check", "locked": true, "points": 1, "schema_version": 3, "solution": false, "task": false}
check.max_stable_lr(max_stable_lr)
### BEGIN HIDDEN TESTS
check.max_stable_lr(max_stable_lr).require()
### END HIDDEN TESTS

# %% [markdown]
# The factor reaches −1 at η = 2/λ, and the steepest direction gets there first: plain
# gradient descent converges only while η < 2 / λ_max.
#
# A prediction is only worth something once it is tested. Before you run 100 steps at
# 2% above the limit, predict:

# %%
guess_limit = predict.choice(
    "At 1.02 × 2/λ_max, after 100 steps on the ravine, the loss has…",
    ["fallen, slowly", "stayed about where it started", "grown"],
    key="02-just-above-the-limit",
)
guess_limit

# %%
threshold = stability.max_stable_lr(ravine.hessian)
ends = {}
for factor in (0.98, 1.02):
    run = optimizers.optimize_path(
        ravine, optimizers.GradientDescent(lr=factor * threshold), ravine.start, 100
    )
    end = run.diverged_at - 1 if run.diverged else len(run.losses) - 1
    trend = "shrinks" if run.losses[end] < run.losses[0] else "grows"
    ends[factor] = (run.losses[0], run.losses[end])
    print(
        f"lr = {factor} × {threshold:.3f}: the loss {trend}, "
        f"{run.losses[0]:.2f} → {run.losses[end]:.3g} after {end} steps"
    )

# %%
first, last = ends[1.02]
guess_limit.reveal(
    "grown"
    if last > 2 * first
    else "fallen, slowly"
    if last < first / 2
    else "stayed about where it started",
    why=f"Just 2% above 2/λ_max the steep direction's factor is {1 - 1.02 * threshold * 40:.2f}: "
    f"each step jumps across the valley a little further, so the loss goes {first:.3g} → "
    f"{last:.3g}. At 0.98 × the limit it falls.",
)

# %% [markdown]
# ### Back to lesson 00: where the linear neuron blows up
#
# Lesson 00's sweep found its linear neuron (p = z, squared error) with a finite loss
# after 100 epochs at one learning rate and blown up at the next rate of the sweep. Its
# loss is a quadratic too:
# the MSE of a linear model is an exact bowl whose Hessian, 2/n · AᵀA with A = the
# features plus a column of ones, depends on neither the weights nor the targets
# (`stability.linear_mse_hessian`). So 2/λ_max predicts exactly where, between those two
# rates, it starts to blow up. On lesson 00's devices, with its sweep:

# %%
devices = datasets.devices()
sweep_lrs = np.logspace(-3, 3, 49)
finals = neuron.final_losses(devices.X, devices.y, sweep_lrs, activation="linear")
sweep_low, sweep_high = neuron.divergence_bracket(sweep_lrs, finals)
device_hessian = stability.linear_mse_hessian(devices.X)
device_limit = stability.max_stable_lr(device_hessian)
print(f"lesson 00's sweep: finite at lr = {sweep_low:.3f}, diverged at lr = {sweep_high:.3f}")
print(f"curvatures: {', '.join(f'{v:.4f}' for v in np.linalg.eigvalsh(device_hessian))}")
print(f"predicted limit 2 / λ_max = {device_limit:.4f}")
for factor in (0.98, 1.02):
    run = neuron.train(devices.X, devices.y, factor * device_limit, activation="linear")
    print(
        f"linear neuron at lr = {factor} × limit = {factor * device_limit:.4f}: loss "
        f"{run.losses[0]:.3f} → {run.losses[-1]:.3g} after {len(run.losses) - 1} epochs"
    )

# %% [markdown]
# The limit sits between the sweep's two rates, but not where "finite after 100 epochs"
# suggested: it is just *below* the sweep's last finite rate. Train at that rate for
# longer:

# %%
edge = neuron.train(devices.X, devices.y, sweep_low, activation="linear")
edge_long = neuron.train(devices.X, devices.y, sweep_low, 2000, activation="linear")
edge_factor = 1 - sweep_low * np.linalg.eigvalsh(device_hessian).max()
print(
    f"lr = {sweep_low:.4f} is {sweep_low / device_limit:.3f} × the limit: the steepest "
    f"direction's factor is {edge_factor:.4f}"
)
print(
    f"loss {edge.losses[0]:.3f} → {edge.losses[-1]:.3g} after 100 epochs; "
    f"it passes {stability.DIVERGED_LOSS:.0e} at epoch {edge_long.diverged_at}"
)

# %% [markdown]
# A factor of size just above 1 grows slowly: 100 epochs showed a larger but finite loss,
# and the blow-up came hundreds of epochs later. The threshold says what a finite number of
# epochs cannot: every rate above 2/λ_max diverges in the end.

# %% [markdown]
# Now explore the whole range. The left panel draws the path on the contours, the right
# one the loss per step (log scale). Slide the learning rate from tiny to large and watch
# the path go from a crawl, to a smooth descent, to a zig-zag across the valley, to a
# blow-up. Switch to the round *bowl* and compare: its limit is different because its
# largest curvature is.

# %%
gradient_descent.LearningRate()

# %% [markdown]
# Notice the dilemma on the ravine: a learning rate safe for the steep direction (λ = 40)
# is tiny for the flat one (λ = 1), so the walk along the valley crawls. The ratio of the
# two curvatures, the *condition number*, measures how bad this is:

# %%
print(f"condition number of the ravine: {eigenvalues.max() / eigenvalues.min():.0f}")
bowl = landscapes.bowl()
bowl_eigenvalues = np.linalg.eigvalsh(bowl.hessian)
print(f"condition number of the bowl:   {bowl_eigenvalues.max() / bowl_eigenvalues.min():.0f}")

# %% [markdown]
# ### Why standardising the inputs helps
#
# Lesson 01 fitted progression ≈ w · BMI + b with BMI *standardised* (mean 0, standard
# deviation 1) and promised a reason. Here it is: the MSE of that line is a quadratic in
# (w, b), and its Hessian depends on the inputs only. With raw BMI (in kg/m², around 26)
# the w direction is far steeper than the b direction, and the two are tangled together;
# standardised, the bowl is round. The fewest steps to shrink the distance to the best
# line 1000-fold, each at its best fixed learning rate 2 / (λ_min + λ_max):

# %%
patients = datasets.diabetes()
bmi_standardised, _, _ = regression.standardize(patients.bmi)
conditioning = {}
for name, bmi in (("raw BMI", patients.bmi), ("standardised BMI", bmi_standardised)):
    low, high = np.linalg.eigvalsh(stability.linear_mse_hessian(bmi))
    best_lr = 2 / (low + high)
    steps = convergence.steps_to_shrink(best_lr, [low, high], 1e-3)
    conditioning[name] = (high / low, 2 / high, best_lr, steps)
    print(
        f"{name:17s}: condition number {high / low:9,.0f}, largest stable lr "
        f"{2 / high:.3g}, best lr {best_lr:.3g}, steps to shrink 1000-fold: {steps:,}"
    )

# %% [markdown]
# Checked on real runs of full-batch gradient descent from w = b = 0:

# %%
for name, bmi, epochs in (
    ("raw BMI", patients.bmi, 1000),
    ("standardised BMI", bmi_standardised, 1),
):
    best_w, best_b = regression.least_squares(bmi, patients.progression)
    run = regression.train(bmi, patients.progression, conditioning[name][2], epochs=epochs)
    start = np.hypot(best_w[0], best_b)
    left = np.hypot(run.weights[-1][0] - best_w[0], run.biases[-1] - best_b)
    print(f"{name:17s}: after {epochs:4d} step(s) {left / start:.1%} of the distance is left")

# %% [markdown]
# With raw BMI a thousand steps leave almost all of the way still to go, and the table
# counts tens of thousands of steps; standardised, the bowl is round and a single step at
# its best learning rate lands on the best line. That is why the course standardises its
# inputs before gradient descent.

# %% [markdown]
# ## 3. Landscapes: ravines, curved valleys and several minima
#
# Real losses are not perfect bowls. Four landscapes to explore: the bowl, the ravine,
# Rosenbrock's curved banana valley, and *wells*, which has several minima. Move the
# start point and see where the walk ends. The star marks the global minimum.

# %%
gradient_descent.Landscapes()

# %% [markdown]
# Where gradient descent ends on *wells* depends on where it starts: it finds the bottom
# of the basin it starts in, not the lowest point of the whole landscape. Here, from
# three starts:

# %%
wells = landscapes.wells()
for start in [(-3.5, 3.5), (3.0, -3.0), (0.5, 0.5)]:
    run = optimizers.optimize_path(wells, optimizers.GradientDescent(lr=0.1), start, 300)
    end = run.last
    which, _ = landscapes.nearest_minimum(wells, end)
    kind = f"minimum {which + 1} of {len(wells.local_minima)}"
    kind += " (the global one)" if which == 0 else " (a local one)"
    print(
        f"start {start}: ends in {kind} at ({end[0]:+.2f}, {end[1]:+.2f}), "
        f"loss {wells.value(end):.3f}"
    )
print(f"the global minimum's loss is {wells.minimum_value:.3f}")

# %% [markdown]
# ## 4. Stochastic, mini-batch and full-batch gradient descent
#
# So far the gradient was exact. On data, the exact gradient of Q averages over *every*
# example, which is expensive when there are millions. Instead we can estimate it from a
# *mini-batch* of examples: noisier, but much cheaper per step. The vocabulary of
# lesson 00, in numbers, for our 442 diabetes patients:

# %%
data = minibatch.diabetes_bmi()
n = len(data.y)
for batch_size in (1, 8, 32, n):
    per_epoch = minibatch.iterations_per_epoch(n, batch_size)
    print(f"batch size {batch_size:3d}: {per_epoch:3d} iterations (gradient steps) per epoch")

# %% [markdown]
# We fit progression ≈ w · BMI + b (BMI standardized). The left panel shows the path of
# (w, b) on the contours of the MSE, the right one the loss after every iteration (thin)
# and at the end of every epoch (dots). Compare batch size 1 (stochastic gradient descent),
# 8 and 32 (mini-batch) and *full* (full batch) at the same learning rate.

# %%
gradient_descent.MiniBatch()

# %% [markdown]
# ### Exercise 2: one epoch of mini-batch gradient descent
#
# Now write the loop the experiment runs. `minibatch_epoch(w, b, x, y, lr, batch_size,
# order)` takes the line's slope `w` and intercept `b`, the inputs `x` and targets `y`
# (numpy arrays), the learning rate, the batch size and `order`, the example indices in the
# shuffled order of this epoch (for example `rng.permutation(len(x))`). Cut `order` into
# consecutive batches of `batch_size` (the last one takes what is left), and for each batch
# take one gradient step on the batch's MSE. Return `(w, b)` after the epoch.


# %% nbgrader={"grade": false, "grade_id": "minibatch_epoch", "locked": false, "schema_version": 3, "solution": true, "task": false}
def minibatch_epoch(w, b, x, y, lr, batch_size, order):
    ### BEGIN SOLUTION
    for start in range(0, len(order), batch_size):
        batch = order[start : start + batch_size]
        error = w * x[batch] + b - y[batch]
        w, b = w - lr * 2 * np.mean(error * x[batch]), b - lr * 2 * np.mean(error)
    return w, b
    # One step per batch, from that batch's own residuals: the gradient of its MSE is twice
    # the mean residual (times x for w), and np.mean divides by the batch's real size.
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "minibatch_epoch_check", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
check.minibatch_epoch(minibatch_epoch)
### BEGIN HIDDEN TESTS
check.minibatch_epoch(minibatch_epoch).require()
### END HIDDEN TESTS

# %% [markdown]
# Your epoch on the 442 patients, against the course's own run (`minibatch.train`, which
# shuffles with the same seed), at batch size 32 and the learning rate 0.03:

# %%
order = np.concatenate(minibatch.batches(n, 1, 1, seed=0))
course_run = minibatch.train(data.x, data.y, 0.03, 32, epochs=1, seed=0)
try:
    mine = minibatch_epoch(0.0, 0.0, data.x, data.y, 0.03, 32, order)
    print(f"your epoch:   w = {float(mine[0]):.3f}, b = {float(mine[1]):.3f}")
except Exception as error:  # the exercise is not done yet
    print(f"your epoch does not run yet ({type(error).__name__})")
print(f"course's run: w = {course_run.weights[-1][0]:.3f}, b = {course_run.biases[-1]:.3f}")

# %% [markdown]
# ## 5. Better optimizers: momentum, RMSProp and Adam
#
# **Momentum** keeps a running velocity: v ← β v + g, then θ ← θ − η v. Along the ravine
# the gradients keep pointing the same way, so the velocity builds up; across it they flip
# sign at every step and cancel. (This is the convention of PyTorch's SGD with momentum;
# Goh's article *Why Momentum Really Works* writes the same method with the learning rate
# folded into the velocity.)
#
# ### Exercise 3: a momentum step
#
# Write `momentum_step(theta, velocity, grad, lr, beta)` returning
# `(new_theta, new_velocity)`.


# %% nbgrader={"grade": false, "grade_id": "momentum_step", "locked": false, "schema_version": 3, "solution": true, "task": false}
def momentum_step(theta, velocity, grad, lr, beta):
    ### BEGIN SOLUTION
    new_velocity = beta * velocity + grad
    new_theta = theta - lr * new_velocity
    return new_theta, new_velocity
    # The velocity is a decaying sum of the gradients: along the valley they agree and add
    # up, across it they alternate in sign and cancel. The step uses the new velocity.
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "momentum_step_check", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
check.momentum_step(momentum_step)
### BEGIN HIDDEN TESTS
check.momentum_step(momentum_step).require()
### END HIDDEN TESTS

# %% [markdown]
# **RMSProp** divides each parameter's step by a running root-mean-square of its
# gradients, so steep and flat directions get steps of similar size. **Adam** combines
# both: a running mean m of the gradients (like momentum) and a running mean v of their
# squares (like RMSProp). Both averages start at zero, so early on they are too small;
# Adam divides them by (1 − β₁ᵗ) and (1 − β₂ᵗ) at step t = 1, 2, ... to correct that.
#
# ### Exercise 4: Adam's bias correction
#
# Write `adam_bias_correction(m, v, beta1, beta2, t)` returning `(m_hat, v_hat)`.


# %% nbgrader={"grade": false, "grade_id": "adam_bias_correction", "locked": false, "schema_version": 3, "solution": true, "task": false}
def adam_bias_correction(m, v, beta1, beta2, t):
    ### BEGIN SOLUTION
    return m / (1 - beta1**t), v / (1 - beta2**t)
    # Started at 0, after t steps an average holds only 1 − βᵗ of the total weight it
    # should have; dividing by that undoes the pull toward 0 (it fades as t grows).
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "adam_bias_correction_check", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
check.adam_bias_correction(adam_bias_correction)
### BEGIN HIDDEN TESTS
check.adam_bias_correction(adam_bias_correction).require()
### END HIDDEN TESTS

# %% [markdown]
# Now race all four from the same start on the same landscape, with the same learning
# rate. Which one wins depends on the landscape and on the learning rate: try the ravine
# and Rosenbrock, and several learning rates, before you pick a favourite.

# %%
gradient_descent.OptimizerRace()

# %% [markdown]
# The same race, run here for 100 steps on the ravine with each optimizer's learning rate
# picked from a small grid (the best of 0.001 to 1):

# %%
grid = np.geomspace(1e-3, 1.0, 31)
aligned_best = {}
for name, make in optimizers.OPTIMIZERS.items():
    aligned_best[name] = best = min(
        (optimizers.optimize_path(ravine, make(lr=float(lr)), ravine.start, 100).losses[-1], lr)
        for lr in grid
    )
    print(f"{name:17s} best final loss {best[0]:.2e} at lr {best[1]:.3g}")

# %% [markdown]
# RMSProp and Adam scale each parameter's step by that parameter's own gradient size. Our
# ravine lies along the axes, so that scaling undoes its two curvatures — a lucky case.
# Turn the ravine by 45°, and its start with it, so that only the direction of the axes
# changes. Predict before you run the same comparison:

# %%
guess_turn = predict.choice(
    "Turn the ravine and its start by 45°. Whose best final loss changes?",
    [
        "nobody's",
        "only gradient descent's and momentum's",
        "only RMSProp's and Adam's",
        "all four",
    ],
    key="02-turned-ravine",
)
guess_turn

# %%
turned = landscapes.ravine(angle_degrees=45)
turned_best = {}
for name, make in optimizers.OPTIMIZERS.items():
    turned_best[name] = min(
        (optimizers.optimize_path(turned, make(lr=float(lr)), turned.start, 100).losses[-1], lr)
        for lr in grid
    )
    best = turned_best[name]
    print(f"{name:17s} best final loss {best[0]:.2e} at lr {best[1]:.3g}")

# %%
changed = [n for n in aligned_best if not np.isclose(turned_best[n][0], aligned_best[n][0])]
answers = {
    (): "nobody's",
    ("gradient descent", "momentum"): "only gradient descent's and momentum's",
    ("RMSProp", "Adam"): "only RMSProp's and Adam's",
    tuple(optimizers.OPTIMIZERS): "all four",
}
guess_turn.reveal(
    answers.get(tuple(changed), ", ".join(changed)),
    why="Gradient descent and momentum only add and scale gradient vectors, so turning the "
    "landscape turns their path and leaves every loss the same. RMSProp and Adam divide "
    "each coordinate by its own running size: "
    + ", ".join(f"{n} {aligned_best[n][0]:.2e} → {turned_best[n][0]:.2e}" for n in changed)
    + ".",
)

# %% [markdown]
# ## 6. Challenge: cross the ravine fast
#
# Tune the learning rate and the momentum β below until the widget says the challenge is
# reached: a loss below the target within the step budget. Plain gradient descent
# (β = 0) cannot do it at any learning rate; the reason is in section 2.

# %%
challenge = gradient_descent.RavineChallenge()
challenge

# %% [markdown]
# ### Exercise 5: your optimizer
#
# Return an optimizer object (for example `optimizers.Momentum(lr=..., beta=...)`) that
# reaches the challenge's target. The settings that solved the widget are a good start: the
# widget's reproduce line shows the settings it has now.


# %% nbgrader={"grade": false, "grade_id": "my_optimizer", "locked": false, "schema_version": 3, "solution": true, "task": false}
def my_optimizer():
    ### BEGIN SOLUTION
    return optimizers.Momentum(lr=0.065, beta=0.6)
    # A larger lr than plain gradient descent could take (momentum is stable up to
    # 2(1 + β)/λ_max) moves fast along the valley; a moderate β lets the swings die out.
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "my_optimizer_check", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
check.my_optimizer(my_optimizer)
### BEGIN HIDDEN TESTS
check.my_optimizer(my_optimizer).require()
### END HIDDEN TESTS

# %% [markdown]
# ## Summary
#
# - Gradient descent repeats θ ← θ − η ∇L: the gradient points uphill, so a small step
#   against it lowers the loss.
# - On a quadratic, steps converge only while η < 2 / λ_max; we predicted the limit from
#   the Hessian and the experiment confirmed it on both sides.
# - A large condition number (a ravine) forces a learning rate that is safe across the
#   valley and slow along it. Landscapes with several minima send the walk to the bottom
#   of whichever basin it starts in.
# - Mini-batches estimate the gradient from a few examples: noisier steps, many more of
#   them per epoch, each much cheaper.
# - Momentum, RMSProp and Adam change the walk; which wins depends on the landscape and
#   the learning rate, so compare before you choose.
# - Standardised inputs make a round bowl: raw BMI's condition number of about 26,000
#   needs tens of thousands of steps where the standardised one needs one.
#
# %% [markdown]
# ## Going further: learning-rate schedules
#
# This section is optional: the lesson's main path ends above.
#
# A common recipe: take large steps early, when far from the minimum, and small steps
# late, to settle. A schedule sets the learning rate for each step t. Cosine decay glides
# from lr_max down to lr_min along half a cosine over `total_steps` steps:
#
# lr(t) = lr_min + (lr_max − lr_min) · (1 + cos(π t / total_steps)) / 2
#
# ### Exercise 6 (optional): a cosine schedule
#
# Write `cosine_schedule(t, lr_max, total_steps, lr_min=0.0)`. It should also work when `t`
# is a numpy array of steps.


# %% nbgrader={"grade": false, "grade_id": "cosine_schedule", "locked": false, "schema_version": 3, "solution": true, "task": false}
def cosine_schedule(t, lr_max, total_steps, lr_min=0.0):
    ### BEGIN SOLUTION
    return lr_min + (lr_max - lr_min) * (1 + np.cos(np.pi * t / total_steps)) / 2
    # (1 + cos(π t / T)) / 2 falls from 1 to 0 along half a wave; scaled to the height
    # lr_max − lr_min and lifted by lr_min. np.cos works on a whole array of steps.
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "cosine_schedule_check", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
check.cosine_schedule(cosine_schedule)
### BEGIN HIDDEN TESTS
check.cosine_schedule(cosine_schedule).require()
### END HIDDEN TESTS

# %% [markdown]
# Compare the four schedules of the course (constant, step decay, cosine decay and
# one-cycle) on the same landscape: the left panel shows the learning rate over the steps,
# the right one the loss.

# %%
gradient_descent.Schedules()

# %% [markdown]
# Is a schedule always better? Compare constant and cosine decay on the ravine for 200
# steps, once with a learning rate above the limit 2/λ_max = 0.05 and once below it:

# %%
for lr in (0.055, 0.03):
    constant = optimizers.optimize_path(
        ravine, optimizers.GradientDescent(lr=lr), ravine.start, 200
    )
    cosine = optimizers.optimize_path(
        ravine,
        optimizers.GradientDescent(lr=lr),
        ravine.start,
        200,
        schedule=lambda t, lr=lr: schedules.cosine_decay(t, lr_max=lr, total_steps=200),
    )
    for name, run in (("constant", constant), ("cosine", cosine)):
        result = f"diverged at step {run.diverged_at}" if run.diverged else f"{run.losses[-1]:.2e}"
        print(f"lr {lr}, {name:8s}: final loss {result}")

# %% [markdown]
# Here the schedule rescues a learning rate that starts too high: it spends long enough
# below the limit to settle. With a learning rate that is already stable, the constant one
# ends lower, because cosine decay slows the walk down long before the end. A schedule is
# a tool for a specific problem, not a free improvement.

# %% [markdown]
# **What's next:** lesson 03, *backpropagation* — how a network computes the gradient of
# its loss for every weight at once.
