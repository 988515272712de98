"""Checks for lesson 00, the training loop. Each returns a Feedback and never raises.

Every wrong answer gets help in steps: a nudge that names the idea (``hint``), a
stronger hint (``more``) and the fix (``fix``); anticipated mistakes get their own,
targeted nudge.
"""

from __future__ import annotations

import math
import numbers
from typing import Any

import numpy as np

from course_lib import datasets, minibatch, neuron
from course_lib.feedback import (
    Case,
    Feedback,
    answer_of,
    check_function,
    check_pairs,
    correct,
    describe,
    first_hint,
    incorrect,
    not_attempted,
)
from course_lib.neuron import TARGET_EPOCHS, TARGET_LOSS

_X = np.array([[2.5, 1.4], [3.0, 1.3], [0.4, 0.2], [0.8, 0.18]])
_Y = np.array([1.0, 1.0, 0.0, 0.0])


def _fuzzed(seed: int, n: int = 3) -> list[tuple[np.ndarray, np.ndarray, np.ndarray, float]]:
    """Random (X, y, w, b) cases, seeded, beside the lesson's own devices."""
    rng = np.random.default_rng(seed)
    cases = []
    for _ in range(n):
        rows = int(rng.integers(2, 6))
        X = rng.uniform(0, 3, (rows, 2))
        cases.append((X, (rng.random(rows) > 0.5).astype(float), rng.normal(0, 1, 2), rng.normal()))
    return cases


def _listed(values: np.ndarray) -> str:
    """A short array as a plain list, as a learner would type it: [1.0, 0.5]."""
    return "[" + ", ".join(f"{v:.3g}" for v in values) + "]"


def predict(function: Any) -> Feedback:
    """Exercise 1: the forward pass p = sigmoid(X @ w + b)."""
    cases = [
        (_X, np.array([0.5, 0.5]), 0.5),
        (_X, np.array([1.0, -2.0]), -0.25),
        (np.array([[0.0, 0.0]]), np.array([3.0, 4.0]), 0.0),
    ] + [(X, w, b) for X, _, w, b in _fuzzed(1)]
    first = cases[0]
    known = [
        (first[0] @ first[1] + first[2], "You returned the weighted sum itself: squash it."),
        (1 / (1 + np.exp(first[0] @ first[1] + first[2])), "Check the sign inside the exp."),
    ]
    return check_function(
        "Exercise 1 (predict)",
        function,
        [
            Case(c, neuron.predict(*c), f"X of shape {c[0].shape}, w={_listed(c[1])}, b={c[2]:.3g}")
            for c in cases
        ],
        name="predict",
        hint=first_hint(
            function,
            first,
            known,
            "One weighted sum per row of X, then the sigmoid turns it into a number in (0, 1).",
        ),
        more="A matrix product of X with w gives every row's weighted sum at once; add the "
        "bias; the sigmoid of z is one over (1 plus e to the minus z).",
        fix="z = X @ w + b, then return 1 / (1 + np.exp(-z)).",
    )


def mse(function: Any) -> Feedback:
    """Exercise 2: the mean squared error, one number for all the examples."""
    rng = np.random.default_rng(2)
    cases = [(_Y, np.array([0.9, 0.8, 0.3, 0.1])), (np.array([1.0, 2.0]), np.array([1.0, 3.0]))]
    cases += [(rng.normal(0, 2, 5), rng.normal(0, 2, 5)) for _ in range(3)]
    t, p = cases[0]
    known = [
        (np.sum((p - t) ** 2), "You summed the squares: the loss is their mean."),
        (np.mean(np.abs(p - t)), "You averaged the distances: square them first."),
        (np.mean(p - t), "Plus and minus errors cancel: square each difference first."),
        ((p - t) ** 2, "That is one squared error per example: average them into one number."),
    ]
    return check_function(
        "Exercise 2 (mse)",
        function,
        [Case(c, neuron.mse(*c), ", ".join(_listed(a) for a in c)) for c in cases],
        name="mse",
        hint=first_hint(
            function, cases[0], known, "Mean squared error: the three words say the steps."
        ),
        more="Take the differences prediction minus label, square each one, then average.",
        fix="return np.mean((y_pred - y_true) ** 2)",
    )


def gradient(function: Any) -> Feedback:
    """Exercise 3: the gradient of the MSE for the sigmoid neuron, (grad_w, grad_b)."""
    cases = [(_X, _Y, np.array([0.5, 0.5]), 0.5)] + _fuzzed(3)
    X, y, w, b = cases[0]
    p = neuron.predict(X, w, b)
    right_w, right_b = neuron.gradient(X, y, w, b)
    no_slope = 2 * (p - y) / len(y)
    known = [
        ((-right_w, -right_b), "Your gradient points downhill: the error is p - y, not y - p."),
        ((right_w / 2, right_b / 2), "Half the right size: the square's derivative has a 2."),
        ((right_w * len(y), right_b * len(y)), "Too large by n: the loss is a mean, divide by n."),
        ((X.T @ no_slope, no_slope.sum()), "The sigmoid's slope p (1 - p) is missing."),
    ]
    return check_pairs(
        "Exercise 3 (gradient)",
        function,
        [Case(c, neuron.gradient(*c), f"X of shape {c[0].shape}, …") for c in cases],
        name="gradient",
        parts=("grad_w", "grad_b"),
        hint=first_hint(
            function,
            cases[0],
            known,
            "Chain rule: loss → prediction → weighted sum → each weight and the bias.",
        ),
        more="dL/dp = 2 (p - y) / n; dp/dz = p (1 - p); dz/dw is the example's features and "
        "dz/db is 1. Multiply the first two for every example, then combine with the features.",
        fix="p = predict(X, w, b); dz = 2 * (p - y) / len(y) * p * (1 - p); "
        "return X.T @ dz, dz.sum()",
    )


def update(function: Any) -> Feedback:
    """Exercise 4: one gradient-descent step, w_new = w - lr * grad."""
    cases = [
        (np.array([0.5, 0.5]), 0.1, np.array([0.2, -0.4])),
        (np.array([1.0, -2.0, 3.0]), 0.5, np.array([1.0, 1.0, -2.0])),
        (0.5, 0.1, 0.3),
    ]
    w, lr, g = cases[0]
    known = [
        (w + lr * g, "You stepped uphill: that makes the loss bigger."),
        (w - g, "The step ignores the learning rate: it sets the step's size."),
        (lr * g, "That is only the step: start from the current weights."),
    ]
    return check_function(
        "Exercise 4 (update)",
        function,
        [Case(c, c[0] - c[1] * c[2]) for c in cases],
        name="update",
        hint=first_hint(
            function, cases[0], known, "The gradient points uphill; take a small step against it."
        ),
        more="Scale the gradient by the learning rate and move the weights the other way.",
        fix="return w - lr * grad",
    )


def train(function: Any) -> Feedback:
    """Exercise 5: the loop, checked against the course's run (final w and b)."""
    devices = datasets.devices()
    settings = [(0.1, 100), (0.9, 10), (3.0, 25), (0.5, 0)]
    cases = []
    for lr, epochs in settings:
        run = neuron.train(devices.X, devices.y, lr, epochs)
        cases.append(
            Case(
                (devices.X, devices.y, lr, epochs),
                (run.weights[-1], float(run.biases[-1])),
                f"the lesson's X and y, lr={lr}, epochs={epochs}",
            )
        )

    def course_run(lr: float, epochs: int, *, bias: bool = True) -> tuple[np.ndarray, float]:
        w, b = np.array(neuron.START_WEIGHTS), neuron.START_BIAS
        for _ in range(epochs):
            gw, gb = neuron.gradient(devices.X, devices.y, w, b)
            w, b = w - lr * gw, (b - lr * gb if bias else b)
        return w, b

    args = cases[0].args
    known = [
        (course_run(0.1, 100, bias=False), "The weights learn but the bias stays where it began."),
        (course_run(0.1, 99), "One epoch short: the loop runs `epochs` updates."),
        (course_run(0.1, 101), "One epoch too many: the loop runs exactly `epochs` updates."),
    ]
    return check_pairs(
        "Exercise 5 (train)",
        function,
        cases,
        name="train",
        parts=("w", "b"),
        hint=first_hint(
            function, args, known, "Start at 0.5 everywhere, then repeat the four steps."
        ),
        more="Inside a loop over range(epochs): predict, loss, gradient, then update w with "
        "grad_w and b with grad_b. Use your own functions from exercises 1 to 4.",
        fix="w, b = np.array(neuron.START_WEIGHTS), neuron.START_BIAS; for _ in range(epochs): "
        "grad_w, grad_b = gradient(X, y, w, b); w, b = update(w, lr, grad_w), "
        "update(b, lr, grad_b); return w, b",
    )


def iterations_per_epoch(function: Any) -> Feedback:
    """Exercise 6: how many batches one pass over the data takes (the last may be short)."""
    pairs = [(1000, 32), (1000, 1000), (4, 4), (10, 3), (5, 10), (64, 32), (1, 1)]
    known = [
        (1000 // 32, "1000 // 32 = 31 forgets the last 8 examples: they still form a batch."),
        (1000 / 32, "31.25 batches cannot happen: count whole batches."),
    ]
    return check_function(
        "Exercise 6 (iterations_per_epoch)",
        function,
        [Case(p, minibatch.iterations_per_epoch(*p)) for p in pairs],
        name="iterations_per_epoch",
        hint=first_hint(
            function, pairs[0], known, "Every batch, the last short one too, takes one update."
        ),
        more="Divide the number of examples by the batch size and round up, never down.",
        fix="return math.ceil(n_examples / batch_size)",
    )


def my_learning_rate(answer: Any) -> Feedback:
    """Exercise 7 (challenge): a learning rate (a value or a function returning it) that
    gets the loss below the target in time."""
    exercise = "Exercise 7 (challenge)"
    if answer is None or answer is Ellipsis:
        return not_attempted(exercise, "Return a learning rate from my_learning_rate().")
    lr, problem = answer_of(exercise, answer, name="my_learning_rate")
    if problem is not None:
        return problem
    if isinstance(lr, np.ndarray) and lr.size == 1:
        lr = lr.item()
    if isinstance(lr, bool) or not isinstance(lr, numbers.Real):
        return incorrect(
            exercise,
            f"my_learning_rate should give one number, like 0.5; it gave {describe(lr)}.",
            hint="A learning rate is a single positive number.",
            fix="def my_learning_rate(): return 0.5  (then adjust the number)",
        )
    lr = float(lr)
    if not math.isfinite(lr) or lr <= 0:
        return incorrect(
            exercise,
            f"a learning rate must be a positive, finite number; it gave {lr:g}.",
            hint="Steps go against the gradient with a positive size.",
            fix="Try numbers between 0.1 and 100 in the challenge experiment.",
        )
    devices = datasets.devices()
    run = neuron.train(devices.X, devices.y, lr, TARGET_EPOCHS)
    epoch = run.first_epoch_below(TARGET_LOSS)
    goal = f"a loss below {TARGET_LOSS} within {TARGET_EPOCHS} epochs"
    if epoch is not None:
        return correct(
            exercise,
            f"challenge reached! With lr = {lr:g} the loss is {run.losses[epoch]:.4f} at "
            f"epoch {epoch}: {goal}.",
        )
    direction, factor = neuron.better_direction(devices.X, devices.y, lr)
    final = run.losses[-1]
    if direction == "larger":
        verdict = "too small: the loss is still going down slowly"
    else:
        verdict = "too large: the first steps saturate the sigmoid and learning stalls"
    return incorrect(
        exercise,
        f"not there yet: with lr = {lr:g} the loss after {TARGET_EPOCHS} epochs is "
        f"{final:.4f}; the goal is {goal}.",
        f"This learning rate is {verdict} (tried against {lr * factor:g} and "
        f"{lr / factor:g}: the {direction} one ends lower).",
        hint=f"Make it {direction}.",
        more=f"Make it about {factor:g} times {direction} and watch the loss at epoch "
        f"{TARGET_EPOCHS} in the challenge experiment; repeat while it improves.",
        fix="Rates between about 1 and 10 reach the target; try 3.",
    )
