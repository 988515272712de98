"""Lesson 00, the training loop: live experiments on one neuron telling glasses from rings.

- ``EpochReplay`` (epoch_replay.py): one training run (lr 0.1, 100 epochs) replayed
  epoch by epoch: the decision boundary over the four devices and the loss curve.
- ``LearningRateRace`` (learning_rate_race.py): train with the learning rate you
  choose, race it against lr 0.1, see where every rate ends up; a challenge.

The neuron, its training loop and the challenge are :mod:`course_lib.neuron`; the
devices :func:`course_lib.datasets.devices`.
"""

from course_lib.lessons.training_loop.epoch_replay import EpochReplay
from course_lib.lessons.training_loop.learning_rate_race import LearningRateRace

__all__ = ["EpochReplay", "LearningRateRace"]
