# ---
# jupyter:
#   kernelspec:
#     display_name: Python 3 (ipykernel)
#     language: python
#     name: python3
# ---

# %% [markdown]
# # Lesson 03 — Backpropagation: who is responsible, and by how much
#
# In [lesson 02](02_gradient_descent.ipynb) every step needed the gradient of the loss.
# A network has thousands of weights. Backpropagation finds the gradient for every one of
# them in a single backward sweep, by the chain rule: it traces the error back through
# the network and asks each weight how much it contributed.
#
# **What you will learn**
#
# - the chain rule on a tiny expression, then on the graph of a neuron, node by node;
# - the local derivative of each operation, and how they multiply along a path;
# - how a gradient assigns blame to each weight, and that the update then lowers the loss;
# - to check gradients with finite differences, and what a wrong one looks like;
# - why backpropagation matters: what the same gradient costs by finite differences;
# - to train a small network on 2-D data, and why deep sigmoid networks learn slowly (and
#   how a scaled start of the weights keeps the gradients alive).
#
# The course has its own small autograd engine, `course_lib.autograd`, written on numpy
# so that you can read it: each operation is a few lines with its local derivative next
# to it.
#
# **Time:** about 60 minutes. Five exercises: local derivatives of × and tanh, a neuron's
# gradients by hand, the backward of softmax and a bug hunt; two predictions to commit to;
# un-broadcasting waits in "Going further" at the end.

# %% [markdown]
# ## Setup

# %%
import numpy as np

from course_lib import checks, predict
from course_lib.autograd import Tensor
from course_lib.gradcheck import gradcheck, numerical_gradient
from course_lib.gradient_cost import cost_table
from course_lib.lessons import backprop
from course_lib.training import TrainingConfig, train_classifier
from course_lib.vanishing_gradients import INITS, SCALED, gradient_summary

check = checks.for_lesson("03_backprop")

# %% [markdown]
# ## 1. The chain rule on a tiny expression
#
# Take f = (a · b + c) · d with a = 2, b = −3, c = 10, d = −2. Forward, step by step:
# e = a · b, then g = e + c, then f = g · d. Backward, the chain rule multiplies local
# derivatives along the path from f to each input:
#
# df/da = df/dg · dg/de · de/da = d · 1 · b

# %%
a, b, c, d = (Tensor(v, requires_grad=True) for v in (2.0, -3.0, 10.0, -2.0))
e = a * b
g = e + c
f = g * d
f.backward()
print(f"forward: e = {e.item()}, g = {g.item()}, f = {f.item()}")
print(f"engine:  df/da = {a.grad}, df/db = {b.grad}, df/dc = {c.grad}, df/dd = {d.grad}")
print(
    f"by hand: df/da = d·b = {d.item() * b.item()}, df/db = d·a = {d.item() * a.item()}, "
    f"df/dc = d = {d.item()}, df/dd = g = {g.item()}"
)

# %% [markdown]
# Each operation only needs its own *local* derivative and the gradient arriving from
# above (the *upstream* gradient); it multiplies the two and passes the result down.
#
# ### Exercise 1: the backward of a product
#
# For out = a · b, write `mul_backward(a, b, upstream)` returning `(grad_a, grad_b)`: the
# gradients of the final result with respect to a and b, given upstream = d(result)/d(out).


# %% nbgrader={"grade": false, "grade_id": "mul_backward", "locked": false, "schema_version": 3, "solution": true, "task": false}
def mul_backward(a, b, upstream):
    ### BEGIN SOLUTION
    return upstream * b, upstream * a
    # Nudging a moves a·b by b times the nudge (and b by a times it); the chain rule
    # multiplies that local slope by the upstream gradient.
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "mul_backward_check", "locked": true, "points": 1, "schema_version": 3, "solution": false, "task": false}
check.mul_backward(mul_backward)
### BEGIN HIDDEN TESTS
check.mul_backward(mul_backward).require()
### END HIDDEN TESTS

# %% [markdown]
# ### Exercise 2: the backward of tanh
#
# For out = tanh(x), write `tanh_backward(x, upstream)`: the gradient with respect to x. You
# need tanh's local derivative. Like the sigmoid's, it can be written with the function's own
# output; it is 1 at x = 0 and falls towards 0 as |x| grows.


# %% nbgrader={"grade": false, "grade_id": "tanh_backward", "locked": false, "schema_version": 3, "solution": true, "task": false}
def tanh_backward(x, upstream):
    ### BEGIN SOLUTION
    return upstream * (1 - np.tanh(x) ** 2)
    # tanh's local derivative is 1 − tanh(x)², written with its own output; times upstream.
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "tanh_backward_check", "locked": true, "points": 1, "schema_version": 3, "solution": false, "task": false}
check.tanh_backward(tanh_backward)
### BEGIN HIDDEN TESTS
check.tanh_backward(tanh_backward).require()
### END HIDDEN TESTS

# %% [markdown]
# ## 2. The graph of a neuron, backward node by node
#
# A sigmoid neuron with a squared-error loss is a small graph of operations. The forward
# pass fills in every node's value from left to right; the backward pass fills in every
# node's gradient from right to left. Move *backward step* to reveal the gradients one
# node at a time.

# %%
backprop.NeuronGraph()

# %% [markdown]
# ## 3. Who is responsible
#
# The gradient of the loss with respect to a weight says how much the loss would change
# if that weight moved a little: its share of the blame, with a sign. Every weight then
# moves against its own gradient, and the loss falls — if the step is small enough.

# %%
backprop.Blame()

# %% [markdown]
# ### Exercise 3: a neuron's gradients by hand
#
# For one example, z = w · x + b, p = sigmoid(z) and the loss is (p − y)², the graph the
# experiment above walked through. Write `neuron_gradients(x, w, b, y)` returning
# `(grad_w, grad_b)` with the chain rule: walk back from the loss to w and to b, one local
# derivative per node, as *backward step* did.


# %% nbgrader={"grade": false, "grade_id": "neuron_gradients", "locked": false, "schema_version": 3, "solution": true, "task": false}
def neuron_gradients(x, w, b, y):
    ### BEGIN SOLUTION
    p = 1 / (1 + np.exp(-(w @ x + b)))
    dz = 2 * (p - y) * p * (1 - p)
    return dz * x, dz
    # dL/dp = 2(p − y), dp/dz = p(1 − p): their product is dL/dz. Then dz/db = 1 and
    # dz/dw = x, so the bias gets dL/dz and each weight dL/dz times its input.
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "neuron_gradients_check", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
check.neuron_gradients(neuron_gradients)
### BEGIN HIDDEN TESTS
check.neuron_gradients(neuron_gradients).require()
### END HIDDEN TESTS

# %% [markdown]
# ## 4. Checking gradients
#
# A wrong local derivative does not crash anything: training just goes wrong, quietly.
# The cure is a *gradient check*: nudge each input by a tiny ε both ways and compare
# (f(x + ε) − f(x − ε)) / 2ε with what backpropagation says. Here the engine's gradient of
# a small function is checked:

# %%
rng = np.random.default_rng(0)
x0, w0 = rng.normal(size=(4, 3)), rng.normal(size=(3, 2))
print(gradcheck(lambda x, w: ((x @ w).tanh() ** 2).mean(), [x0, w0], names=["x", "w"]))

# %% [markdown]
# In the experiment, choose a derivative with a bug in it and see how the check exposes it.

# %%
backprop.GradCheck()

# %% [markdown]
# ### Exercise 4: the backward of softmax
#
# [Lesson 01](01_loss.ipynb) turned scores z into probabilities with the softmax,
# s_i = e^(z_i) / Σ_j e^(z_j), along the last axis. Every s_i depends on every z_j, because
# they share the sum below the line: its local derivatives form a matrix,
# ∂s_i/∂z_j = s_i (δ_ij − s_j), where δ_ij is 1 if i = j and 0 otherwise. Given s and the
# upstream gradient (∂loss/∂s), write `softmax_backward(s, upstream)`: ∂loss/∂z_j, the sum
# over i of upstream_i · ∂s_i/∂z_j. Work the sum out on paper first; the result needs no
# matrix. It must work for one vector and for a batch of rows (one softmax per row).


# %% nbgrader={"grade": false, "grade_id": "softmax_backward", "locked": false, "schema_version": 3, "solution": true, "task": false}
def softmax_backward(s, upstream):
    ### BEGIN SOLUTION
    return s * (upstream - np.sum(upstream * s, axis=-1, keepdims=True))
    # Σ_i upstream_i s_i (δ_ij − s_j) = s_j (upstream_j − Σ_i upstream_i s_i): one sum per
    # row, kept as a column (keepdims) so that each row subtracts its own.
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "softmax_backward_check", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
check.softmax_backward(softmax_backward)
### BEGIN HIDDEN TESTS
check.softmax_backward(softmax_backward).require()
### END HIDDEN TESTS

# %% [markdown]
# ### Exercise 5: find the bug
#
# Someone wrote down five functions with their derivatives. Exactly one derivative is
# wrong. Find it with a gradient check: compare each claimed derivative with
# `numerical_gradient` at a few points.

# %%
candidates = check.candidate_derivatives()
points = np.linspace(0.5, 2.0, 5)
forward, claimed = candidates["exp"]
numeric = numerical_gradient(lambda t: forward(t).sum(), [points])[0]
print("exp:", np.allclose(claimed(points), numeric))

# %% [markdown]
# Check the others the same way. Then write `buggy_derivative()` so that it returns the
# name of the wrong one (a string, such as `"exp"`) and your evidence: the largest relative
# error |claimed − numeric| / |numeric| of its claimed derivative over `points`. A name alone
# is a guess; the relative error is the proof.


# %% nbgrader={"grade": false, "grade_id": "buggy_derivative", "locked": false, "schema_version": 3, "solution": true, "task": false}
def buggy_derivative():
    ### BEGIN SOLUTION
    for name, (forward, claimed) in candidates.items():
        numeric = numerical_gradient(lambda t, forward=forward: forward(t).sum(), [points])[0]
        error = np.max(np.abs(claimed(points) - numeric) / np.abs(numeric))
        if error > 1e-5:
            return name, error
    # A correct derivative agrees with finite differences to about 1e-9; a wrong one
    # misses by far more than the finite differences' own error.
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "buggy_derivative_check", "locked": true, "points": 1, "schema_version": 3, "solution": false, "task": false}
check.buggy_derivative(buggy_derivative)
### BEGIN HIDDEN TESTS
check.buggy_derivative(buggy_derivative).require()
### END HIDDEN TESTS

# %% [markdown]
# ## 5. Why backpropagation matters
#
# Finite differences also give every gradient: nudge one weight, run the network forward,
# see how much the loss moved. That is one forward pass per weight. Backpropagation gets
# all of them from one forward pass and one backward sweep. Below, a small tanh network
# (two hidden layers) gets its gradient both ways, for growing widths, timed.

# %%
guess_cost = predict.choice(
    "A network with about 1,200 weights: how many times longer than one backward sweep do "
    "finite differences take for the same gradient?",
    ["about the same", "about 10 times", "about 100 times", "1,000 times or more"],
    key="03-cost-ratio",
)
guess_cost

# %%
table = cost_table([2, 4, 8, 16, 32])
print(" width  weights  forward passes  finite differences  backprop   ratio  max difference")
for row in table:
    print(
        f"{row.sizes[1]:6d} {row.weights:8d} {row.forward_passes:15d} "
        f"{1e3 * row.finite_seconds:15.1f} ms {1e3 * row.backprop_seconds:7.2f} ms "
        f"{row.ratio:7.0f}× {row.max_difference:15.1e}"
    )
small, big = table[0], table[-1]
print(
    f"\nFrom {small.weights} to {big.weights} weights ({big.weights / small.weights:.0f}× as "
    f"many), finite differences took {big.finite_seconds / small.finite_seconds:.0f}× as long, "
    f"backprop {big.backprop_seconds / small.backprop_seconds:.1f}× as long."
)
print(
    f"One backward sweep (with its forward pass) cost as much time as "
    f"{big.backprop_in_passes:.1f} forward passes of the largest network."
)

# %%
ratio = big.ratio
bucket = (
    "about the same"
    if ratio < 3
    else "about 10 times"
    if ratio < 30
    else "about 100 times"
    if ratio < 300
    else "1,000 times or more"
)
guess_cost.reveal(
    bucket,
    why=f"With {big.weights} weights, finite differences ran {big.forward_passes} forward "
    f"passes and took {ratio:.0f} times as long as backpropagation's one sweep; both gave the "
    f"same gradient to within {big.max_difference:.0e}.",
)

# %% [markdown]
# The number of forward passes finite differences need grows with the number of weights;
# backpropagation's one sweep costs about as much as a forward pass (the line above says how
# many), whatever the size. So the cost ratio grows with the network, as the passes column
# does. (The times differ from run to run and machine to machine, and jump on a busy
# machine; the passes do not.) A network with a million weights would need a
# million forward passes for one step of gradient descent by finite differences. That is
# why every deep learning library computes gradients by backpropagation, and uses finite
# differences only to check it, as in section 4.

# %% [markdown]
# ## 6. A playground: a network learns a 2-D pattern
#
# A multi-layer perceptron (MLP) trained with backpropagation (and Adam) on four 2-D datasets.
# Half the points train the network; the other half (hollow) only test it. It starts here at
# step 300: press **▶ Play** to train on (**■ Stop** goes back to step 0), or drag *training
# step* to go back and forth. Change the dataset, the network's width and depth, its
# activation, the learning rate and the regularisation (L2). The left panel shows the
# network's probability of class 1 over the plane, the right one the training and test loss.

# %%
backprop.Playground(step=300)

# %% [markdown]
# How hard is each dataset? The same network (two hidden layers of 8 tanh neurons) and
# a tiny one (a single hidden layer of 2), after 300 steps, on the test points:

# %%
for dataset in ("moons", "circles", "xor", "spirals"):
    default = train_classifier(TrainingConfig(dataset=dataset), steps=300)
    tiny = train_classifier(TrainingConfig(dataset=dataset, width=2, depth=1), steps=300)
    print(
        f"{dataset:8s} test accuracy: 2×8 network {default.test_accuracy:.1%}, "
        f"1×2 network {tiny.test_accuracy:.1%}"
    )

# %% [markdown]
# ## 7. Vanishing gradients
#
# The chain rule multiplies one local derivative per layer. The sigmoid's derivative is at
# most 0.25. In a deep sigmoid network (10 hidden layers of 16), how does the gradient that
# reaches the first layer compare with the last layer's?

# %%
guess_vanish = predict.choice(
    "The first layer's gradient, compared with the last layer's, in a 10-layer sigmoid network:",
    [
        "about the same",
        "10 to 100 times smaller",
        "about 1,000 times smaller",
        "a million times smaller, or less",
    ],
    key="03-vanishing",
)
guess_vanish

# %%
backprop.VanishingGradients()

# %%
summary = gradient_summary(10)
sigmoid = summary["sigmoid"]
shrink = 1 / sigmoid.ratio
answer = (
    "about the same"
    if shrink < 3
    else "10 to 100 times smaller"
    if shrink < 300
    else "about 1,000 times smaller"
    if shrink < 1e5
    else "a million times smaller, or less"
)
guess_vanish.reveal(
    answer,
    why=f"The first layer's mean |gradient| is {sigmoid.first:.2g}, the last one's "
    f"{sigmoid.last:.2g}: {shrink:.2g} times smaller, ×{sigmoid.factor:.2f} per layer on "
    "average, close to the sigmoid's largest slope of 1/4.",
)

# %% [markdown]
# The same four numbers for each activation, with the network's own start (each layer's
# weights scaled by 1/√fan-in, as Xavier/Glorot recommend for tanh; ×√2 for relu, He's
# start), and with two unscaled starts:

# %%
for init in INITS:
    print(f"weights start {init}:")
    for s in gradient_summary(10, init).values():
        print(
            f"  {s.activation:8s} first layer {s.first:9.2g}  last layer {s.last:9.2g}  "
            f"first / last {s.ratio:9.2g}  (×{s.factor:.2f} per layer)"
        )
scaled_tanh = gradient_summary(10, SCALED)["tanh"]
small_tanh = gradient_summary(10, "small (std 0.1)")["tanh"]
print(
    f"\ntanh's first layer: {scaled_tanh.first:.2g} with the scaled start, "
    f"{small_tanh.first:.2g} with std 0.1 ({scaled_tanh.first / small_tanh.first:.0f}× less)."
)

# %% [markdown]
# Read the table row by row. Sigmoid's gradient shrinks by about its largest slope, 1/4, in
# every layer with the scaled start. tanh's slope is 1 near 0, so with the scaled start its
# gradient keeps its size from the last layer to the first. With small weights (std 0.1)
# tanh and relu shrink the signal in every layer going forward, and the gradient of every
# layer is tiny, the first as well: the ratio first / last looks healthy, the gradients are
# dead (sigmoid's vanish faster still). With large weights (std 1) tanh's gradient grows
# layer after layer going back, sigmoid's units saturate and its gradient still vanishes,
# and relu's gradients are huge in every layer: the signal explodes going forward. A
# start scaled to each layer's fan-in keeps both the signal and its gradient alive: try
# *weights start* in the experiment above.

# %% [markdown]
# ## Summary
#
# - Backpropagation is the chain rule applied from the loss backwards: each operation
#   multiplies the upstream gradient by its own local derivative.
# - One backward sweep gives every weight its gradient, its signed share of the blame;
#   a small step against it lowers the loss.
# - A gradient check against finite differences catches wrong derivatives that would
#   otherwise fail silently.
# - It costs about as much as a forward pass whatever the size; finite differences cost one
#   forward pass per weight, so backpropagation is what makes training large networks possible.
# - Small networks trained this way learn non-linear boundaries; deep sigmoid networks
#   suffer from vanishing gradients; tanh and ReLU with a start scaled to each layer's
#   fan-in keep their gradients alive.
#
# **What's next:** lesson 04 — overfitting: when a network learns its training data too
# well.

# %% [markdown]
# ## Going further (optional)
#
# The engine sums gradients over the axes that numpy's broadcasting added. If you want to
# see how, try this last exercise.

# %% [markdown]
# ### Exercise 6 (optional): un-broadcasting
#
# When numpy broadcasts a bias b of shape (1, 4) across a batch of shape (3, 4), every row
# uses the same b, so b's gradient is the sum of the rows' gradients. Write
# `unbroadcast(grad, shape)`: sum `grad` down to `shape` (the engine does this after every
# broadcasting operation).


# %% nbgrader={"grade": false, "grade_id": "unbroadcast", "locked": false, "schema_version": 3, "solution": true, "task": false}
def unbroadcast(grad, shape):
    ### BEGIN SOLUTION
    grad = np.asarray(grad)
    while grad.ndim > len(shape):
        grad = grad.sum(axis=0)
    for axis, size in enumerate(shape):
        if size == 1 and grad.shape[axis] != 1:
            grad = grad.sum(axis=axis, keepdims=True)
    return grad
    # Broadcasting adds leading axes and stretches axes of size 1; every copy of an input
    # gets its own share of the gradient, so the input's gradient sums over the copies.
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "unbroadcast_check", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
check.unbroadcast(unbroadcast)
### BEGIN HIDDEN TESTS
check.unbroadcast(unbroadcast).require()
### END HIDDEN TESTS
