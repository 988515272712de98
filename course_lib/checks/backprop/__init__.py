"""Checks for lesson 03, backpropagation. Each returns a Feedback and never raises.

- exercise 1, :func:`mul_backward`: the local derivatives of a product;
- exercise 2, :func:`tanh_backward`: the backward of tanh;
- exercise 3, :func:`neuron_gradients`: the gradients of one sigmoid neuron, by hand;
- exercise 4, :func:`softmax_backward`: the backward of softmax, for a row and a batch;
- exercise 5, :func:`buggy_derivative`: which of :func:`candidate_derivatives` is wrong,
  with the relative error that proves it;
- exercise 6 (going further), :func:`unbroadcast`: sum a gradient down to a broadcast
  input's shape.

Gradients by hand live in :mod:`.by_hand`, the gradient-check bug hunt in
:mod:`.gradient_check`, the optional exercise in :mod:`.going_further`. Every check gives
help in steps: a nudge that names the idea, a stronger hint, then the fix.
"""

from course_lib.checks.backprop.by_hand import (
    mul_backward,
    neuron_gradients,
    softmax_backward,
    tanh_backward,
)
from course_lib.checks.backprop.going_further import unbroadcast
from course_lib.checks.backprop.gradient_check import buggy_derivative, candidate_derivatives

__all__ = [
    "buggy_derivative",
    "candidate_derivatives",
    "mul_backward",
    "neuron_gradients",
    "softmax_backward",
    "tanh_backward",
    "unbroadcast",
]
