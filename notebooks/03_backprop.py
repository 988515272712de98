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
# - to train a small network on 2-D data, and why deep sigmoid networks learn slowly.
#
# The course has its own small autograd engine, `course_lib.autograd`, written on numpy
# so that you can read it: each operation is a few lines with its local derivative next
# to it.
#
# **Time:** about 60 minutes. Six exercises: local derivatives of × and tanh, a neuron's
# gradients by hand, the backward of softmax, a bug hunt and un-broadcasting.

# %% [markdown]
# ## Setup

# %%
import numpy as np

from course_lib.autograd import Tensor
from course_lib.checks import backprop as check
from course_lib.gradcheck import gradcheck, numerical_gradient
from course_lib.lessons import backprop
from course_lib.training import TrainingConfig, train_classifier

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
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "mul_backward_check", "locked": true, "points": 1, "schema_version": 3, "solution": false, "task": false}
check.mul_backward(mul_backward)
### BEGIN HIDDEN TESTS
check.mul_backward(mul_backward).require()
### END HIDDEN TESTS

# %% [markdown]
# ### Exercise 2: the backward of tanh
#
# For out = tanh(x), d out / dx = 1 − tanh(x)². Write `tanh_backward(x, upstream)`.


# %% nbgrader={"grade": false, "grade_id": "tanh_backward", "locked": false, "schema_version": 3, "solution": true, "task": false}
def tanh_backward(x, upstream):
    ### BEGIN SOLUTION
    return upstream * (1 - np.tanh(x) ** 2)
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
# For one example, p = sigmoid(w · x + b) and the loss is (p − y)². Write
# `neuron_gradients(x, w, b, y)` returning `(grad_w, grad_b)` with the chain rule:
# dL/dp = 2(p − y), dp/dz = p(1 − p), dz/dw = x, dz/db = 1.


# %% nbgrader={"grade": false, "grade_id": "neuron_gradients", "locked": false, "schema_version": 3, "solution": true, "task": false}
def neuron_gradients(x, w, b, y):
    ### BEGIN SOLUTION
    p = 1 / (1 + np.exp(-(w @ x + b)))
    dz = 2 * (p - y) * p * (1 - p)
    return dz * x, dz
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
# s = softmax(z) along the last axis. Given s and the upstream gradient, the gradient with
# respect to z is s · (upstream − Σ upstream · s), the sum taken along the last axis for
# each row. Write `softmax_backward(s, upstream)`; it must work for one vector and for a
# batch of rows.


# %% nbgrader={"grade": false, "grade_id": "softmax_backward", "locked": false, "schema_version": 3, "solution": true, "task": false}
def softmax_backward(s, upstream):
    ### BEGIN SOLUTION
    return s * (upstream - np.sum(upstream * s, axis=-1, keepdims=True))
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
# name of the wrong one (a string, such as `"exp"`).


# %% nbgrader={"grade": false, "grade_id": "buggy_derivative", "locked": false, "schema_version": 3, "solution": true, "task": false}
def buggy_derivative():
    ### BEGIN SOLUTION
    for name, (forward, claimed) in candidates.items():
        numeric = numerical_gradient(lambda t, forward=forward: forward(t).sum(), [points])[0]
        if not np.allclose(claimed(points), numeric):
            return name
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "buggy_derivative_check", "locked": true, "points": 1, "schema_version": 3, "solution": false, "task": false}
check.buggy_derivative(buggy_derivative)
### BEGIN HIDDEN TESTS
check.buggy_derivative(buggy_derivative).require()
### END HIDDEN TESTS

# %% [markdown]
# ### Exercise 6: un-broadcasting
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
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "unbroadcast_check", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
check.unbroadcast(unbroadcast)
### BEGIN HIDDEN TESTS
check.unbroadcast(unbroadcast).require()
### END HIDDEN TESTS

# %% [markdown]
# ## 5. A playground: a network learns a 2-D pattern
#
# A multi-layer perceptron (MLP) trained with backpropagation (and Adam) on four 2-D
# datasets. Half the points train the network; the other half (hollow) only test it. It
# starts here at step 300: press ▶ to train on, or drag *training step* to go back and
# forth. Change the dataset, the network's width and depth, its activation, the learning
# rate and the regularisation (L2). The left panel shows the network's probability of
# class 1 over the plane, the right one the training and test loss.

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
# ## 6. Vanishing gradients
#
# The chain rule multiplies one local derivative per layer. The sigmoid's derivative is at
# most 0.25, so in a deep sigmoid network the product shrinks layer after layer, and the
# first layers barely learn. ReLU's derivative is 1 where it is active. Compare the
# gradient size in each layer:

# %%
backprop.VanishingGradients()

# %% [markdown]
# ## Summary
#
# - Backpropagation is the chain rule applied from the loss backwards: each operation
#   multiplies the upstream gradient by its own local derivative.
# - One backward sweep gives every weight its gradient, its signed share of the blame;
#   a small step against it lowers the loss.
# - A gradient check against finite differences catches wrong derivatives that would
#   otherwise fail silently.
# - Small networks trained this way learn non-linear boundaries; deep sigmoid networks
#   suffer from vanishing gradients, ReLU much less.
#
# **What's next:** lesson 04 — overfitting: when a network learns its training data too
# well.
