"""Lesson 00, the training loop: live experiments on one neuron telling glasses from rings.

- ``PublishedRun`` (published_run.py): the published example's code, run as written
  (clipped neuron, delta rule), at the learning rate you choose.
- ``EpochReplay`` (epoch_replay.py): one training run (lr 0.1, 100 epochs) replayed
  epoch by epoch: the decision boundary over the four devices and the loss curve.
- ``LearningRateRace`` (learning_rate_race.py): the sigmoid neuron at your learning
  rate, raced against lr 0.1.
- ``LearningRateSweep`` (learning_rate_sweep.py): where every rate ends up after 100
  epochs, sigmoid and linear neuron side by side.
- ``LearningRateChallenge`` (learning_rate_challenge.py): find a rate that reaches the
  target loss within the epoch budget.

The neuron, its training loop and the challenge are :mod:`course_lib.neuron`; the
devices :func:`course_lib.datasets.devices` and :func:`course_lib.datasets.published_devices`.
"""

from course_lib.lessons.training_loop.epoch_replay import EpochReplay
from course_lib.lessons.training_loop.learning_rate_challenge import LearningRateChallenge
from course_lib.lessons.training_loop.learning_rate_race import LearningRateRace
from course_lib.lessons.training_loop.learning_rate_sweep import LearningRateSweep
from course_lib.lessons.training_loop.published_run import PublishedRun

__all__ = [
    "EpochReplay",
    "LearningRateChallenge",
    "LearningRateRace",
    "LearningRateSweep",
    "PublishedRun",
]
