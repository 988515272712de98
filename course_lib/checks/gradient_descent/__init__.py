"""Checks for lesson 02, gradient descent. Each returns a Feedback and never raises.

- exercise 1, :func:`max_stable_lr`: the largest stable learning rate on the ravine;
- exercise 2, :func:`minibatch_epoch`: one epoch of mini-batch gradient descent;
- exercise 3, :func:`momentum_step`: one step of momentum;
- exercise 4, :func:`adam_bias_correction`: Adam's bias correction;
- exercise 5 (challenge), :func:`my_optimizer`: reach ``CHALLENGE_LOSS`` on the ravine within
  ``CHALLENGE_STEPS`` steps (:func:`best_neighbour` finds the hint's direction);
- exercise 6, :func:`cosine_schedule`: the cosine learning-rate schedule.

The expected answers come from the tested concept modules: optimizers.GradientDescent
and optimizers.Momentum for the steps, schedules.cosine_decay for the schedule,
stability.max_stable_lr for the largest stable learning rate, convergence for the
challenge. Each exercise's check lives in its own module (:mod:`.stable_lr`,
:mod:`.mini_batch`, :mod:`.optimizer_steps`, :mod:`.challenge`, :mod:`.cosine`); what they
share in :mod:`.common`.
"""

from course_lib.checks.gradient_descent.challenge import (
    CHALLENGE_LOSS,
    CHALLENGE_STEPS,
    WINNING_MOMENTUM,
    _gradient_descent_bound,
    best_neighbour,
    my_optimizer,
    neighbours,
)
from course_lib.checks.gradient_descent.cosine import cosine_schedule
from course_lib.checks.gradient_descent.mini_batch import minibatch_epoch
from course_lib.checks.gradient_descent.optimizer_steps import adam_bias_correction, momentum_step
from course_lib.checks.gradient_descent.stable_lr import max_stable_lr

__all__ = [
    "CHALLENGE_LOSS",
    "CHALLENGE_STEPS",
    "WINNING_MOMENTUM",
    "_gradient_descent_bound",
    "adam_bias_correction",
    "best_neighbour",
    "cosine_schedule",
    "max_stable_lr",
    "minibatch_epoch",
    "momentum_step",
    "my_optimizer",
    "neighbours",
]
