"""Lesson 03, backpropagation: live experiments on the course's own autograd engine.

- :class:`NeuronGraph`: the computational graph of one sigmoid neuron with a
  squared-error loss; a slider walks the backward pass node by node.
- :class:`Blame`: each weight's gradient in a 2-2-1 network for one example
  ("who is responsible"), and what one step of gradient descent does to the loss.
- :class:`GradCheck`: backpropagation against finite differences, with a
  deliberately wrong local derivative to swap in.
- :class:`Playground`: an MLP learning a 2-D dataset, step by step (in the
  spirit of the TensorFlow Playground).
- :class:`VanishingGradients`: how the gradient shrinks (or not) from the last
  layer of a deep narrow network to the first.

Every number comes from :mod:`course_lib.autograd` (``backward()`` and ``.grad``),
through the concept modules :mod:`course_lib.chain_rule`, :mod:`course_lib.blame`,
:mod:`course_lib.planted_bugs`, :mod:`course_lib.training` and
:mod:`course_lib.vanishing_gradients`.
"""

from course_lib.lessons.backprop.blame import Blame
from course_lib.lessons.backprop.grad_check import GradCheck
from course_lib.lessons.backprop.neuron_graph import NeuronGraph
from course_lib.lessons.backprop.playground import Playground
from course_lib.lessons.backprop.vanishing_gradients import VanishingGradients

__all__ = ["Blame", "GradCheck", "NeuronGraph", "Playground", "VanishingGradients"]
