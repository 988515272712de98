"""Reinforcement learning (lesson 06): environments, bandits, planning, TD learning,
policy gradients and learning from preferences, one idea per module, pure numpy.

- :mod:`course_lib.rl.envs`: the course's environments (hot stove, k-armed bandit,
  gridworld, cliff), with gymnasium's ``Env`` API and an explicit transition model.
- :mod:`course_lib.rl.bandits`: exploration vs. exploitation (epsilon-greedy,
  optimistic initial values, UCB1) and the incremental mean.
- :mod:`course_lib.rl.planning`: discounted returns, policy evaluation, value iteration.
- :mod:`course_lib.rl.td`: Q-learning and SARSA.
- :mod:`course_lib.rl.policy_gradient`: REINFORCE for a softmax policy.
- :mod:`course_lib.rl.preferences`: a reward model from pairwise preferences
  (Bradley-Terry) and a policy tuned on it with a KL penalty (the RLHF objective).

Only :mod:`~course_lib.rl.envs` needs gymnasium; the others work on plain arrays
(and on any environment with gymnasium's API).
"""
