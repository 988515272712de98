# ---
# jupyter:
#   kernelspec:
#     display_name: Python 3 (ipykernel)
#     language: python
#     name: python3
# ---

# %% [markdown]
# # Lesson 04 — Overfitting: acing the data you trained on is not the same as learning
#
# In lessons 00–03 a model learned by making its training loss small. This lesson asks
# whether a small training loss means anything. A model can ace the examples it trained on
# and fail on new ones; the only honest judge is data it never saw. Capacity, data and
# regularisation move the balance between **underfitting** (too simple, misses the signal)
# and **overfitting** (learns the noise too: training error down, test error up).
#
# **What you will learn**
#
# - to read training and validation error side by side, and the U that validation error
#   draws against capacity (the bias–variance trade-off);
# - why data are split three ways — train / validation / test: learn / tune / evaluate;
# - what more data, copies of data, weight decay, dropout, early stopping and augmentation
#   each do, measured rather than promised;
# - that a network can memorise labels that mean nothing, and that splitting *detects*
#   memorising but does not prevent it;
# - how scores lie: leakage, tuning on the test set, a world that drifts;
# - cross-validation for small data, plain and stratified.
#
# **Time:** about 60 minutes. Six exercises: choose a degree, split data, k-fold indices,
# ridge in closed form, an early-stopping rule, dropout.

# %% [markdown]
# ## Setup
#
# Run this cell first. It imports the course's concept modules (plain numpy you can read:
# `capacity`, `generalization`, `label_noise`, `leakage`, `splits`, `training`), the lesson's
# experiments and the checks for the exercises.

# %%
import numpy as np

from course_lib import (
    capacity,
    checks,
    generalization,
    label_noise,
    leakage,
    predict,
    splits,
    training,
)
from course_lib.lessons import overfitting

check = checks.for_lesson("04_overfitting")

# %% [markdown]
# ## 1. Three students and a polynomial
#
# Three students prepare for an exam. One does not study. One memorises last year's
# questions and answers. One understands the subject. On last year's questions the second
# student is perfect; on this year's, the third one wins.
#
# A model is a student and its training data are last year's questions. Our data: 20 noisy
# points of a smooth curve, y = sin(πx) + noise. The model: a polynomial of degree d, fitted
# by least squares. The degree is its **capacity**: degree 0 is a constant, degree 12 can
# wiggle through almost every point. We judge each fit on 200 *validation* points it never
# saw.
#
# Before you move the slider, predict.

# %%
degree_guess = predict.choice(
    "Which degree has the lowest error on the 200 validation points?",
    ["1 (a straight line)", "3 to 5", "12 (the most flexible)"],
    key="04-degree",
)
degree_guess

# %%
overfitting.PolynomialCapacity()

# %% [markdown]
# The curve on the right is computed afresh for every setting. Here are its numbers for
# the default data (20 points, noise 0.3, seed 0):

# %%
curve = capacity.default_curve(seed=0)
for d, (tr, va) in enumerate(zip(curve.train_mse, curve.validation_mse, strict=True)):
    print(f"degree {d:2d}: training MSE {tr:.4f}   validation MSE {va:.4f}")
best = curve.best_degree
print(f"lowest validation error at degree {best}")

# %%
answer = (
    "3 to 5"
    if 3 <= best <= 5
    else ("1 (a straight line)" if best <= 2 else "12 (the most flexible)")
)
degree_guess.reveal(
    answer,
    why=f"The validation error is lowest at degree {best} ({curve.validation_mse[best]:.3f}). "
    f"Degree 12 has the lowest training error ({curve.train_mse[12]:.4f}) but a validation "
    f"error of {curve.validation_mse[12]:.3f}: it learned the noise of its 20 points.",
)

# %% [markdown]
# **Reading the U.** Training error only falls as the degree grows: more capacity never
# fits the training points worse. Validation error falls while the model catches the
# signal, then rises when it starts to follow the noise. Left of the bottom is
# underfitting (the student who did not study), right of it overfitting (the one who
# memorised), at the bottom the one who understood.
#
# **Bias and variance.** Redraw the 20 training points 200 times and refit each degree. The
# average fit misses the truth by the *bias*; the fits scatter around their average by the
# *variance*. Expected error on new data = bias² + variance + noise: simple models have high
# bias, flexible ones high variance.

# %%
bv = capacity.bias_variance(degrees=(0, 1, 3, 5, 7, 9), seed=0)
print(f"noise variance σ² = {bv.noise:.3f} (no model can do better than this)")
for i, d in enumerate(bv.degrees):
    print(
        f"degree {d}: bias² {bv.bias_squared[i]:9.4f}   variance {bv.variance[i]:9.4f}   "
        f"expected error {bv.expected_error[i]:9.4f}"
    )

# %% [markdown]
# ### Exercise 1: choose the degree
#
# Write `pick_degree(train_mse, validation_mse)`: given each degree's training and
# validation error (arrays indexed by degree 0, 1, 2, ...), return the degree to keep.


# %% nbgrader={"grade": false, "grade_id": "pick_degree", "locked": false, "schema_version": 3, "solution": true, "task": false}
def pick_degree(train_mse, validation_mse):
    ### BEGIN SOLUTION
    return int(np.argmin(validation_mse))
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "pick_degree_check", "locked": true, "points": 1, "schema_version": 3, "solution": false, "task": false}
check.pick_degree(pick_degree)
### BEGIN HIDDEN TESTS
check.pick_degree(pick_degree).require()
### END HIDDEN TESTS

# %% [markdown]
# ## 2. Learn, tune, evaluate: three parts of the data
#
# You just *chose* the degree by its validation error. That makes the validation error a
# little optimistic: out of 13 degrees, you kept the one that happened to do best on these
# 200 points. So data are split three ways:
#
# - **training** data: the model learns its weights from them;
# - **validation** data: you tune the choices the training does not make (degree,
#   penalty, when to stop) by their score on them;
# - **test** data: looked at once, at the end, to report how good the final model is.
#
# The course's split shuffles the indices 0..n−1 with a seed and cuts them: the test part
# gets ceil(test_fraction · n) indices, validation ceil(validation_fraction · n), training
# the rest.

# %%
parts = splits.train_validation_test_split(10, validation_fraction=0.2, test_fraction=0.2)
print(f"train {parts.train}, validation {parts.validation}, test {parts.test}")

# %% [markdown]
# ### Exercise 2: a train / validation / test split
#
# Write `split(n, validation_fraction, test_fraction, seed)` returning three arrays of
# indices `(train, validation, test)`: disjoint, together every index 0..n−1 once, sizes
# as above (`math.ceil` for test and validation), shuffled with
# `np.random.default_rng(seed)`. Any seeded shuffle is accepted.


# %% nbgrader={"grade": false, "grade_id": "split", "locked": false, "schema_version": 3, "solution": true, "task": false}
def split(n, validation_fraction, test_fraction, seed):
    ### BEGIN SOLUTION
    import math

    order = np.random.default_rng(seed).permutation(n)
    n_test = math.ceil(test_fraction * n)
    n_validation = math.ceil(validation_fraction * n)
    test = order[:n_test]
    validation = order[n_test : n_test + n_validation]
    train = order[n_test + n_validation :]
    return train, validation, test
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "split_check", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
check.split(split)
### BEGIN HIDDEN TESTS
check.split(split).require()
### END HIDDEN TESTS

# %% [markdown]
# ## 3. A contradicting example is not overfitting
#
# A popular article suggests: *add a fifth training example that contradicts the pattern
# and watch the loss floor rise — that is overfitting in miniature.* Let us run it. The
# data are the course's own stand-in for the glasses-and-rings example of lesson 00: four
# objects with two features each, glasses (y = 1) heavy and narrow, rings (y = 0) light and
# wide, and four more held out. The model is lesson 00's delta-rule neuron. The fifth
# example is a copy of the first pair of glasses labelled as a ring.

# %%
X_devices = np.array([[0.8, 0.2], [0.9, 0.3], [0.2, 0.9], [0.1, 0.8]])
y_devices = np.array([1.0, 1.0, 0.0, 0.0])
X_held = np.array([[0.85, 0.25], [0.15, 0.85], [0.7, 0.3], [0.3, 0.7]])
y_held = np.array([1.0, 0.0, 1.0, 0.0])
contradiction = label_noise.fit_with_contradiction(
    X_devices, y_devices, x_new=[0.8, 0.2], y_new=0.0, X_heldout=X_held, y_heldout=y_held
)
without, with_fifth = contradiction.without, contradiction.with_contradiction
print(f"{'':24}{'training loss':>15}{'held-out loss':>15}")
print(f"{'four examples':24}{without.floor:>15.2e}{without.heldout_loss:>15.4f}")
print(f"{'plus the contradiction':24}{with_fifth.floor:>15.4f}{with_fifth.heldout_loss:>15.4f}")
print(
    f"degree-12 polynomial    {curve.train_mse[12]:>15.4f}{curve.validation_mse[12]:>15.4f}"
    "   <- overfitting"
)

# %% [markdown]
# The floor does rise — but it is the **training** loss that rises: the neuron cannot be
# right about two identical inputs with opposite labels, so it settles in between and pays
# on both. That is failing to fit a noisy label, the opposite of memorising it. Overfitting
# looks like the last row: training loss *low*, held-out loss high. Had the wrong label come
# with an input of its own, a model with enough capacity could memorise it (section 5) and
# keep its training loss near zero — and only held-out data would show the harm.

# %% [markdown]
# ## 4. More data — and more of the same data
#
# Fix the degree and grow the training set. Training error rises towards the noise level
# (more points are harder to thread), validation error falls towards it; the gap between
# them is the overfitting. Switch to *copies*: the training set grows by repeating its first
# 10 examples.

# %%
copies_guess = predict.choice(
    "10 examples, each copied 5 times (50 rows), against the 10 originals: "
    "what happens to a degree-3 polynomial's validation error?",
    ["it falls a lot", "it falls a little", "it does not change"],
    key="04-copies",
)
copies_guess

# %%
overfitting.LearningCurves()

# %%
volume = generalization.variety_vs_volume(n_unique=10, copies=5, degree=3)
print(f"10 originals:                 validation MSE {volume.unique:.4f}")
print(f"10 originals copied 5 times:  validation MSE {volume.duplicated:.4f}")
print(f"50 different examples:        validation MSE {volume.new:.4f}")
same = np.isclose(volume.duplicated, volume.unique, rtol=1e-9)
copies_guess.reveal(
    "it does not change" if same else "it falls a little",
    why=f"Least squares on equal copies is least squares on the originals: "
    f"{volume.unique:.4f} either way, while 50 different examples reach {volume.new:.4f}.",
)

# %% [markdown]
# *Variety often beats raw volume*: copies add rows, not information. And new data help
# with diminishing returns — each doubling buys less:

# %%
lc = generalization.learning_curve(degree=3, sizes=(10, 20, 40, 80, 160, 320))
for n, va, gain in zip(
    lc.sizes[1:], lc.validation_mse[1:], -np.diff(lc.validation_mse), strict=True
):
    print(f"{n:4d} examples: validation MSE {va:.4f} (better by {gain:.4f} than half as many)")
print(f"noise variance: {lc.noise:.4f}")

# %% [markdown]
# ## 5. A network can memorise noise
#
# Zhang et al. (2017) replaced the labels of an image data set by random ones and trained
# standard networks on it: they reached 100 % training accuracy, while test accuracy stayed
# at chance. Here an MLP [64, 128, 10] on the course's engine learns n of scikit-learn's
# 8×8 handwritten digits, with their true labels or with random ones, until every training
# digit is right.

# %%
memorising = overfitting.RandomLabels()
memorising

# %%
for n in (32, 128, 256):
    r, t = memorising.runs["random", n], memorising.runs["true", n]
    print(
        f"n = {n:3d}: random labels {r.epochs:3d} epochs, test accuracy {r.test_accuracy:.1%};"
        f"  true labels {t.epochs:3d} epochs, test accuracy {t.test_accuracy:.1%}"
    )

# %% [markdown]
# The article says that with 100,000 examples instead of 100, *memorising becomes
# impossible*. The numbers say otherwise: every run above reached 100 % training accuracy,
# and the epochs needed grow with n. More data make memorising *harder* (slower, and it
# needs more capacity), not impossible — Zhang et al. memorised random labels on all 50,000
# CIFAR-10 training images. A training accuracy of 100 % therefore says nothing by itself;
# the test accuracy is what tells the memoriser from the learner.

# %% [markdown]
# ## 6. Regularisation, measured
#
# ### Weight decay (L2)
#
# Add λ·‖w‖² to the training loss: large weights cost. For a linear model this is *ridge
# regression*, with a closed form. Slide λ on a degree-12 polynomial and watch the weights.

# %%
overfitting.RidgeShrink()

# %% [markdown]
# ### Exercise 3: ridge in closed form
#
# Write `ridge(X, y, lam)` returning `(coef, intercept)`. Centre the data first — subtract
# each column's mean from X and the mean from y — so that the intercept is not penalised;
# solve (Xcᵀ Xc + λ I) w = Xcᵀ yc; then intercept = mean(y) − mean(X) · w.


# %% nbgrader={"grade": false, "grade_id": "ridge", "locked": false, "schema_version": 3, "solution": true, "task": false}
def ridge(X, y, lam):
    ### BEGIN SOLUTION
    x_mean, y_mean = X.mean(axis=0), y.mean()
    Xc, yc = X - x_mean, y - y_mean
    coef = np.linalg.solve(Xc.T @ Xc + lam * np.eye(X.shape[1]), Xc.T @ yc)
    return coef, y_mean - x_mean @ coef
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "ridge_check", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
check.ridge(ridge)
### BEGIN HIDDEN TESTS
check.ridge(ridge).require()
### END HIDDEN TESTS

# %% [markdown]
# ### Early stopping, with or without dropout
#
# A network of 128 hidden units learns 50 digits; 300 more validate. Watch both losses:
# without a regulariser the training loss keeps falling, while the validation loss falls,
# then climbs as the network grows overconfident on its 50 examples. Weight decay and
# dropout change both curves; the table below says by how much. Early stopping keeps the epoch with the lowest
# validation loss and stops once `patience` epochs have passed without a new lowest.

# %%
stopping = overfitting.EarlyStopping()
stopping

# %%
for name, history in stopping.runs.items():
    stop = training.early_stopping_epoch(history.val_loss, patience=10)
    print(
        f"{name:18s}: lowest validation loss {history.val_loss[stop.best_epoch]:.3f} at epoch "
        f"{stop.best_epoch} (patience 10 stops at epoch {stop.stop_epoch}); "
        f"at epoch {history.epochs_run}: {history.val_loss[-1]:.3f}"
    )

# %% [markdown]
# ### Exercise 4: an early-stopping rule
#
# Write `early_stopping(val_losses, patience)` returning `(best_epoch, stop_epoch)`. An
# epoch *improves* when its loss is strictly below every earlier one. Training stops at the
# first epoch that is `patience + 1` epochs after the last improvement; `stop_epoch` is
# `None` if the history ends first. `best_epoch` is the last improvement before the stop.


# %% nbgrader={"grade": false, "grade_id": "early_stopping", "locked": false, "schema_version": 3, "solution": true, "task": false}
def early_stopping(val_losses, patience):
    ### BEGIN SOLUTION
    best_epoch, best_loss = None, float("inf")
    for epoch, loss in enumerate(val_losses):
        if loss < best_loss:
            best_epoch, best_loss = epoch, loss
        elif epoch - best_epoch > patience:
            return best_epoch, epoch
    return best_epoch, None
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "early_stopping_check", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
check.early_stopping(early_stopping)
### BEGIN HIDDEN TESTS
check.early_stopping(early_stopping).require()
### END HIDDEN TESTS

# %% [markdown]
# ### Dropout, and a softmax too many
#
# Dropout zeroes each hidden value with probability p during training, so that no unit can
# rely on one particular other. The article's code:
#
# ```python
# nn.Sequential(nn.Linear(10, 64), nn.ReLU(), nn.Dropout(0.3), nn.Linear(64, 3), nn.Softmax())
# ```
#
# ends in a Softmax. Trained with PyTorch's `CrossEntropyLoss`, which expects raw scores
# (logits) and applies the softmax itself, the softmax is applied **twice**. Here is what
# that does to the loss and its gradient, on the course's engine, for three classes:

# %%
for name, logits in (("confident and right", [8.0, 0.0, 0.0]), ("confident and wrong", [0.0, 8.0, 0.0])):  # fmt: skip
    r = training.softmax_twice(logits, target=0)
    print(
        f"{name}: loss {r.loss_once:.4f} on the logits, {r.loss_twice:.4f} after a second "
        f"softmax; gradient size {np.abs(r.gradient_once).sum():.4f} against "
        f"{np.abs(r.gradient_twice).sum():.4f}"
    )
floor = training.double_softmax_floor(3)
print(f"after a second softmax the loss never goes below {floor:.4f}, however right the model")

# %% [markdown]
# The extra softmax squeezes the scores into [0, 1] before the loss turns them into
# probabilities again: a perfect answer still costs the floor printed above, and a
# confident mistake sends back a far smaller gradient than it should — the network learns
# slowly from exactly the examples it gets most wrong. Leave the softmax out
# of the model (or use `NLLLoss` after a `LogSoftmax`).
#
# The course's dropout uses **inverted scaling**: in training, the values it keeps are
# divided by 1 − p, so each output keeps the expected value of its input; in evaluation
# mode it does nothing at all. Without the scaling, the layer after it would meet inputs
# 1 / (1 − p) times as large at test time as in training (1.43 times with p = 0.3), and
# every weight it learned would be off by that factor.

# %%
x = np.ones((1000, 64))
kept = check.dropout_mask(x.shape, 0.3, seed=0)
print(f"share kept: {kept.mean():.3f}; mean after inverted dropout: {(x * kept / 0.7).mean():.3f}")

# %% [markdown]
# ### Exercise 5: dropout with inverted scaling
#
# Write `dropout_forward(x, p, mask, train)`. `mask` is a boolean array like `x`, True where
# a value is kept. In training mode return the kept values scaled by 1 / (1 − p) and zeros
# elsewhere; in evaluation mode (`train` False) return `x` unchanged.


# %% nbgrader={"grade": false, "grade_id": "dropout_forward", "locked": false, "schema_version": 3, "solution": true, "task": false}
def dropout_forward(x, p, mask, train):
    ### BEGIN SOLUTION
    if not train:
        return x
    return x * mask / (1 - p)
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "dropout_forward_check", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
check.dropout_forward(dropout_forward)
### BEGIN HIDDEN TESTS
check.dropout_forward(dropout_forward).require()
### END HIDDEN TESTS

# %% [markdown]
# ### Data augmentation
#
# Another way to add variety: make new training examples from old ones, changes that do
# not change the label — a digit moved by one pixel is still the same digit.

# %%
augmenting = overfitting.Augmentation()
augmenting

# %%
for name in augmenting.test_accuracy:
    print(f"{name:26s} test accuracy {augmenting.test_accuracy[name]:.1%}")

# %% [markdown]
# On 50 digits each remedy moves the test accuracy by a few points at most, in either
# direction, and one network per setting is a noisy measurement. Remedies are not magic:
# measure them on your data, on validation data, one at a time.

# %% [markdown]
# ## 7. Cross-validation: when data are few
#
# With 60 examples a single validation split is a gamble: 12 validation examples make a
# noisy score. k-fold cross-validation cuts the data into k folds, trains k times on k − 1
# of them and scores on the one left out. The mean says how good; the spread says how sure.
# With a rare class, a plain shuffle can leave a fold with none of it; *stratified* folds
# keep every class's share in every fold.

# %%
overfitting.CrossValidation()

# %%
_, y_rare = splits.imbalanced_classes(60, 0.1, seed=0)
for kind in ("plain", "stratified"):
    folds = (
        splits.kfold_indices(60, 5, shuffle=True, seed=1)
        if kind == "plain"
        else splits.stratified_kfold_indices(y_rare, 5, shuffle=True, seed=1)
    )
    print(f"{kind:10s}: rare examples per test fold {[int(y_rare[t].sum()) for _, t in folds]}")

# %% [markdown]
# ### Exercise 6: k-fold indices
#
# Write `kfold(n, k)` returning a list of k pairs `(train, test)` of index arrays, without
# shuffling: the test folds are consecutive runs of 0..n−1, the first n % k folds one index
# longer than the others, and each fold's training part is every other index.


# %% nbgrader={"grade": false, "grade_id": "kfold", "locked": false, "schema_version": 3, "solution": true, "task": false}
def kfold(n, k):
    ### BEGIN SOLUTION
    folds, start = [], 0
    for i in range(k):
        size = n // k + (1 if i < n % k else 0)
        test = np.arange(start, start + size)
        train = np.setdiff1d(np.arange(n), test)
        folds.append((train, test))
        start += size
    return folds
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "kfold_check", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
check.kfold(kfold)
### BEGIN HIDDEN TESTS
check.kfold(kfold).require()
### END HIDDEN TESTS

# %% [markdown]
# ## 8. How scores lie
#
# A validation score is honest only if the model has never seen anything about those
# examples. Three ways it can see them anyway:

# %%
overfitting.Leakage()

# %% [markdown]
# **Splitting detects memorising; it does not prevent it.** The article says that splitting
# the data prevents memorising. A split changes nothing about what the model learns: it
# only lets you *see* memorising, as the gap between training and held-out scores. And the
# moment you choose by the test score, the test set leaks into your choices. Here 1000
# models guess at random; the best one on a 50-row test set is then scored on fresh data:

# %%
for seed in (0, 1, 2):
    b = leakage.best_of_random_models(seed=seed)
    print(
        f"seed {seed}: best of 1000 on the test set {b.best_test_score:.1%}, "
        f"the same model on 10,000 fresh rows {b.best_fresh_score:.1%}"
    )

# %% [markdown]
# **The model does not get worse; the world moves.** The article says that models get worse
# over time. A trained model's weights do not change after training. What changes is the
# data it meets: here a degree-3 polynomial is fitted once on x in [−1, 1], then measured on
# inputs shifted to the right. The rule y = sin(πx) + noise is the same; only the inputs
# have *drifted*.

# %%
drift = generalization.drift_curve(shifts=(0.0, 0.25, 0.5, 0.75, 1.0))
for shift, error in zip(drift.shifts, drift.mse, strict=True):
    print(f"inputs shifted by {shift:.2f}: MSE {error:.3f}")

# %% [markdown]
# The same model, the same weights: its error grows only because it is asked about inputs
# unlike those it learned from. Watch the data, and retrain on recent data when they move.

# %% [markdown]
# ## 9. Challenge: judged by data you never see
#
# Choose a degree and an L2 penalty λ so that the validation MSE reaches 0.15 or less. A
# test set of 2000 points that you never see then judges the model you chose. Simpler
# models often win on small or noisy data.

# %%
overfitting.CapacityChallenge()

# %% [markdown]
# ## Summary
#
# - Training error says how well a model fits what it saw; only data it never saw say how
#   well it generalises. Validation error against capacity draws a U: underfitting on the
#   left, overfitting on the right (bias² + variance + noise).
# - Train / validation / test: learn / tune / evaluate. Choosing by a score uses that
#   score up; keep a test set you look at once.
# - A contradicting label raises the *training* loss floor: failing to fit noise, not
#   overfitting.
# - Networks can memorise random labels; more data make it slower, not impossible.
# - More *different* data help, with diminishing returns; copies do not. Weight decay,
#   dropout (with inverted scaling), early stopping and augmentation each trade a little
#   training fit for generalisation — measure what they buy.
# - Leakage (copies across the split, label-encoding columns, tuning on the test set)
#   makes scores lie; a model in a drifting world gets worse without changing.
#
# **What's next:** lesson 05, *metrics* — accuracy is one number among many, and choosing
# the right one is part of an honest judgement.
