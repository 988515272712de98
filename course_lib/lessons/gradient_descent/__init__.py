"""Lesson 02, gradient descent: live experiments on how a step against the gradient learns.

- :class:`Descent1D`: one parameter, step by step: the tangent's slope is the gradient.
- :class:`LearningRate`: too small crawls, right converges, too big diverges, around the
  threshold 2/λ_max computed from the landscape's Hessian.
- :class:`Landscapes`: four loss landscapes, a start point and an optimizer: which
  minimum does it end in?
- :class:`MiniBatch`: stochastic, mini-batch and full-batch gradient descent on real data.
- :class:`OptimizerRace`: gradient descent, momentum, RMSProp and Adam from the same start.
- :class:`Schedules`: a learning rate that changes over the steps, against a constant one.
- :class:`RavineChallenge`: tune lr and momentum to cross the ravine in as few steps as you can.

Each lives in its own module, named after it. The ideas are concept modules:
:mod:`course_lib.landscapes` (the curve and the surfaces), :mod:`course_lib.convergence`,
:mod:`course_lib.optimizers`, :mod:`course_lib.schedules` and :mod:`course_lib.minibatch`;
these modules only bind them to figures and controls.
"""

from course_lib.lessons.gradient_descent.descent_1d import Descent1D
from course_lib.lessons.gradient_descent.landscapes import Landscapes
from course_lib.lessons.gradient_descent.learning_rate import LearningRate
from course_lib.lessons.gradient_descent.mini_batch import MiniBatch
from course_lib.lessons.gradient_descent.optimizer_race import OptimizerRace
from course_lib.lessons.gradient_descent.ravine_challenge import RavineChallenge
from course_lib.lessons.gradient_descent.schedules import Schedules

__all__ = [
    "Descent1D",
    "LearningRate",
    "Landscapes",
    "MiniBatch",
    "OptimizerRace",
    "Schedules",
    "RavineChallenge",
]
