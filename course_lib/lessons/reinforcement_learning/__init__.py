"""Lesson 06, reinforcement learning: live experiments on learning from reward.

- ``HotStove`` (hot_stove.py): touch or wait, trial after trial; the pain is the only teacher.
- ``BanditStrategies`` (bandit_strategies.py): ε-greedy, optimistic starts and UCB on
  10-armed bandits; average reward and regret over many runs.
- ``GridValues`` (grid_values.py): a maze's states, actions, rewards, the optimal values
  and policy, and what the discount γ does to them.
- ``ValueIterationSweeps`` (value_iteration_sweeps.py): planning sweep by sweep.
- ``QLearningLive`` (q_learning_live.py): Q-learning on the maze, its Q-table as a value
  map with arrows, played episode by episode; a challenge to tune α, γ and ε.
- ``CliffWalk`` (cliff_walk.py): Q-learning beside SARSA on the cliff, the optimal path
  and the safe one.
- ``PolicyGradient`` (policy_gradient.py): REINFORCE with and without a baseline, and the
  spread of its gradient estimates.
- ``PreferenceTuning`` (preference_tuning.py): a Bradley–Terry reward model from a noisy
  annotator's comparisons, a policy tuned on it with a KL penalty, true vs. learned reward.

The concepts are :mod:`course_lib.rl` (environments with gymnasium's API, bandits,
planning, TD learning, policy gradients, preferences).
"""

from course_lib.lessons.reinforcement_learning.bandit_strategies import BanditStrategies
from course_lib.lessons.reinforcement_learning.cliff_walk import CliffWalk
from course_lib.lessons.reinforcement_learning.grid_values import GridValues
from course_lib.lessons.reinforcement_learning.hot_stove import HotStove
from course_lib.lessons.reinforcement_learning.policy_gradient import PolicyGradient
from course_lib.lessons.reinforcement_learning.preference_tuning import PreferenceTuning
from course_lib.lessons.reinforcement_learning.q_learning_live import QLearningLive
from course_lib.lessons.reinforcement_learning.value_iteration_sweeps import ValueIterationSweeps

__all__ = [
    "BanditStrategies",
    "CliffWalk",
    "GridValues",
    "HotStove",
    "PolicyGradient",
    "PreferenceTuning",
    "QLearningLive",
    "ValueIterationSweeps",
]
