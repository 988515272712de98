"""Checks for lesson 00, the training loop. Each returns a Feedback and never raises."""

from __future__ import annotations

import math
import numbers
from typing import Any

import numpy as np

from course_lib import datasets, minibatch, neuron
from course_lib.feedback import (
    Case,
    Feedback,
    call_safely,
    check_function,
    correct,
    describe,
    gives,
    incorrect,
)
from course_lib.neuron import TARGET_EPOCHS, TARGET_LOSS

_X = np.array([[2.5, 1.4], [3.0, 1.3], [0.4, 0.2], [0.8, 0.18]])


def predict(function: Any) -> Feedback:
    """Exercise 1: the forward pass p = sigmoid(X @ w + b)."""
    cases = [
        (_X, np.array([0.5, 0.5]), 0.5),
        (_X, np.array([1.0, -2.0]), -0.25),
        (np.array([[0.0, 0.0]]), np.array([3.0, 4.0]), 0.0),
    ]
    return check_function(
        "Exercise 1 (predict)",
        function,
        [
            Case(c, neuron.predict(*c), f"X of shape {c[0].shape}, w={c[1].tolist()}, b={c[2]}")
            for c in cases
        ],
        name="predict",
        hint="z = X @ w + b gives one number per row; then squash it: 1 / (1 + np.exp(-z)).",
    )


def update(function: Any) -> Feedback:
    """Exercise 2: one gradient-descent step, w_new = w - lr * grad."""
    cases = [
        (np.array([0.5, 0.5]), 0.1, np.array([0.2, -0.4])),
        (np.array([1.0, -2.0, 3.0]), 0.5, np.array([1.0, 1.0, -2.0])),
        (0.5, 0.1, 0.3),
    ]
    feedback = check_function(
        "Exercise 2 (update)",
        function,
        [Case(c, c[0] - c[1] * c[2]) for c in cases],
        name="update",
        hint="Step against the gradient: w - lr * grad (the gradient points uphill).",
    )
    if not feedback.passed and gives(function, cases[0], cases[0][0] + cases[0][1] * cases[0][2]):
        feedback.hint = "You stepped uphill: w + lr * grad makes the loss bigger. Use a minus."
    return feedback


def iterations_per_epoch(function: Any) -> Feedback:
    """Exercise 3: how many batches one pass over the data takes (the last may be short)."""
    pairs = [(1000, 32), (1000, 1000), (4, 4), (10, 3), (5, 10), (64, 32), (1, 1)]
    feedback = check_function(
        "Exercise 3 (iterations_per_epoch)",
        function,
        [Case(p, minibatch.iterations_per_epoch(*p)) for p in pairs],
        name="iterations_per_epoch",
        hint="Divide and round up, so the last, partial batch counts: math.ceil(n / batch).",
    )
    if not feedback.passed and gives(function, (1000, 32), 1000 // 32):
        feedback.hint = (
            "1000 // 32 = 31 forgets the last 8 examples: they still form one (short) batch. "
            "Round up with math.ceil."
        )
    return feedback


def my_learning_rate(function: Any) -> Feedback:
    """Exercise 4 (challenge): a learning rate that gets the loss below the target in time."""
    exercise = "Exercise 4 (challenge)"
    lr, problem = call_safely(exercise, function, (), name="my_learning_rate")
    if problem is not None:
        return problem
    if isinstance(lr, np.ndarray) and lr.size == 1:
        lr = lr.item()
    if isinstance(lr, bool) or not isinstance(lr, numbers.Real):
        return incorrect(
            exercise,
            f"my_learning_rate() should return one number, like 0.5; it returned {describe(lr)}.",
            hint="def my_learning_rate(): return 0.5",
        )
    lr = float(lr)
    if not math.isfinite(lr) or lr <= 0:
        return incorrect(
            exercise,
            f"a learning rate must be a positive, finite number; you returned {lr!r}.",
            hint="Try numbers between 0.1 and 100 in the experiment above.",
        )
    devices = datasets.devices()
    run = neuron.train(devices.X, devices.y, lr, TARGET_EPOCHS)
    epoch = run.first_epoch_below(TARGET_LOSS)
    goal = f"a loss below {TARGET_LOSS} within {TARGET_EPOCHS} epochs"
    if epoch is not None:
        return correct(
            exercise,
            f"challenge reached! With lr = {lr:g} the loss is {run.losses[epoch]:.4f} at "
            f"epoch {epoch} — {goal}.",
        )
    final = run.losses[-1]
    if run.diverged_at is not None or final >= run.losses[0]:
        verdict = "too large: the first steps saturate the sigmoid and learning stalls"
        hint = "Make it smaller."
    else:
        verdict = "too small: the loss is still going down slowly"
        hint = "Make it bigger: the baseline 0.1 is far too slow."
    return incorrect(
        exercise,
        f"not there yet: with lr = {lr:g} the loss after {TARGET_EPOCHS} epochs is "
        f"{final:.4f}, and the goal is {goal}.",
        f"This learning rate is {verdict}.",
        hint=hint,
    )
