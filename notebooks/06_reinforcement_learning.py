# ---
# jupyter:
#   kernelspec:
#     display_name: Python 3 (ipykernel)
#     language: python
#     name: python3
# ---

# %% [markdown]
# # Lesson 06 — Reinforcement learning: learning from reward
#
# So far every model learned from examples with the right answer attached. An *agent* has
# no answer key: it **acts** in an **environment**, receives **rewards**, and has to find a
# **policy** (a way of choosing actions) that collects as much reward as possible over time.
# It must try things it is unsure of (explore) while using what it already knows (exploit),
# and work out which of its many actions earned a reward that came much later (credit
# assignment). When nobody can write the reward down, people's **preferences** can stand in
# for it: the step that turned language models into assistants.
#
# **What you will learn**
#
# - agent, environment, state, action, reward, policy, return and value, on worlds with
#   gymnasium's API;
# - exploration vs. exploitation on a multi-armed bandit: ε-greedy, optimistic starts, UCB,
#   and regret;
# - the discount γ and credit assignment; values by the Bellman equation and value iteration;
# - Q-learning and SARSA, learning by trial without a model of the world;
# - policy gradients (REINFORCE), why a baseline helps, and where actor–critic comes from;
# - learning a reward from comparisons (Bradley–Terry) and tuning a policy on it with a KL
#   penalty, and how a policy exploits a reward model's mistakes.
#
# **Time:** about 75 minutes. Seven exercises, two predictions, one challenge.

# %% [markdown]
# ## Setup
#
# Run this cell first. It imports the course's reinforcement-learning modules (`course_lib.rl`),
# the lesson's experiments, and the checks for the exercises.

# %%
import numpy as np

from course_lib import checks, predict
from course_lib.lessons import reinforcement_learning
from course_lib.rl import bandits, envs, planning, policy_gradient, preferences

check = checks.for_lesson("06_reinforcement_learning")

# %% [markdown]
# ## 1. Agent, environment, reward: the hot stove
#
# The smallest reinforcement-learning problem is a child and a stove. There is one situation
# (one **state**) and two **actions**: wait, or touch. Touching a hot stove hurts: a **reward**
# of −1, a punishment. Nobody says "don't"; the pain is the only teacher.
#
# The course's worlds use the interface of [gymnasium](https://gymnasium.farama.org), the
# standard library of RL environments: `reset()` starts an episode and returns the first
# state; `step(action)` returns the next state, the reward, whether the episode ended
# (`terminated`), whether it was cut off (`truncated`) and some info.

# %%
stove = envs.HotStove(hot_probability=1.0)
state, info = stove.reset(seed=0)
print(f"state {state}, actions: {stove.action_names}")
for action in (0, 1):
    stove.reset()
    state, reward, terminated, truncated, info = stove.step(action)
    print(f"{stove.action_names[action]:>5}: reward {reward:+.0f}, episode over: {terminated}")

# %% [markdown]
# The agent below keeps an **estimate** of the reward each action brings, and after each trial
# moves the estimate of the action it took towards the reward it got. It mostly takes the
# action with the better estimate, but with a small chance ε it tries one at random.
# Press **▶ Play** to replay its trials; change how often the stove is hot, or how much the
# agent explores.

# %%
reinforcement_learning.HotStove()

# %% [markdown]
# A burn pulls the estimate of *touch* down; waiting pays 0, so waiting soon looks better and
# the agent stops touching, except when it explores. That is the whole loop of reinforcement
# learning: act, get a reward, update what you expect, act better.
#
# **Not "the single formula".** Lesson 01 said every AI is trained by *minimising* one formula,
# the average loss Q(a, X) = 1/n Σ L(a, xᵢ) over examples with known answers. Here there are
# no answers to compare with, and nothing to average a loss over: the agent *maximises* the
# reward it collects, and the data it learns from depend on what it chose to do.

# %% [markdown]
# ## 2. Exploration vs. exploitation: the multi-armed bandit
#
# A bandit is a row of slot machines ("arms"), each paying a random reward around a hidden
# mean. Pull the arm that looks best so far (**exploit**) and you may never discover a better
# one; try others (**explore**) and you pay for every pull of a worse arm. The price of not
# knowing is the **regret**: the reward lost against always pulling the best arm.
#
# ### Exercise 1: ε-greedy
#
# An ε-greedy agent draws a random arm (uniformly among all k) with probability ε, and
# otherwise the arm with the highest estimate. Write `epsilon_greedy_probabilities(q_values,
# epsilon)`: the chance of each arm being pulled, as an array that sums to 1. Assume one arm
# has the highest estimate.


# %% nbgrader={"grade": false, "grade_id": "epsilon_greedy_probabilities", "locked": false, "schema_version": 3, "solution": true, "task": false}
def epsilon_greedy_probabilities(q_values, epsilon):
    ### BEGIN SOLUTION
    probabilities = np.full(len(q_values), epsilon / len(q_values))
    probabilities[np.argmax(q_values)] += 1 - epsilon
    return probabilities
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "epsilon_greedy_probabilities_check", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
check.epsilon_greedy_probabilities(epsilon_greedy_probabilities)
### BEGIN HIDDEN TESTS
check.epsilon_greedy_probabilities(epsilon_greedy_probabilities).require()
### END HIDDEN TESTS

# %% [markdown]
# ### Exercise 2: the incremental mean
#
# The estimate of an arm is the average of the rewards it paid. The agent need not store
# them: after the n-th reward, new estimate = old estimate + (1/n) × (reward − old estimate).
# This "move part of the way towards the target" rule is the update behind everything in
# this lesson. Write `update_estimate(estimate, reward, n)`.


# %% nbgrader={"grade": false, "grade_id": "update_estimate", "locked": false, "schema_version": 3, "solution": true, "task": false}
def update_estimate(estimate, reward, n):
    ### BEGIN SOLUTION
    return estimate + (reward - estimate) / n
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "update_estimate_check", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
check.update_estimate(update_estimate)
### BEGIN HIDDEN TESTS
check.update_estimate(update_estimate).require()
### END HIDDEN TESTS

# %% [markdown]
# The update really is the plain average, computed without a list of rewards:

# %%
rewards_seen = np.array([1.0, 0.0, 2.0, 1.0, -1.0])
print(f"running means: {bandits.running_mean(rewards_seen)}")
print(f"numpy's means: {np.cumsum(rewards_seen) / np.arange(1, 6)}")

# %% [markdown]
# Below, four agents play 100 different 10-armed bandits for 500 pulls each (the textbook
# runs 2000 bandits for 1000 pulls; we keep the live version quicker):
#
# - **greedy**: always the best-looking arm (ε = 0);
# - **ε-greedy**: a random arm with probability ε;
# - **optimistic start**: greedy, but every estimate starts high (Q₀), so every arm
#   disappoints once and gets tried;
# - **UCB**: the arm with the highest *upper confidence bound*, estimate + c √(ln t / n),
#   a bonus for arms tried rarely.
#
# **Predict first.** After 500 pulls, in what share of the 100 bandits does the purely greedy
# agent pull the best arm?

# %%
greedy_guess = predict.choice(
    "After 500 pulls, in what share of the bandits does the greedy agent (ε = 0) pull the "
    "best arm?",
    ["more than 80%", "between 30% and 80%", "less than 30%"],
    key="06-greedy-share",
)
greedy_guess

# %%
bandit = reinforcement_learning.BanditStrategies()
bandit

# %%
defaults = bandit.compute(epsilon=0.1, initial_value=5.0, c=2.0)
share = {
    name: run.optimal_action[-1]
    for name, run in zip(reinforcement_learning.bandit_strategies.NAMES, defaults.runs, strict=True)
}
regret = {
    name: run.regret[-1]
    for name, run in zip(reinforcement_learning.bandit_strategies.NAMES, defaults.runs, strict=True)
}
for name in share:
    print(f"{name:>17}: best arm in {share[name]:.0%} of bandits, regret {regret[name]:.0f}")

# %%
greedy_share = share["greedy (ε = 0)"]
band = (
    "more than 80%"
    if greedy_share > 0.8
    else ("between 30% and 80%" if greedy_share >= 0.3 else "less than 30%")
)
greedy_guess.reveal(
    band,
    why=f"The greedy agent pulls the best arm in {greedy_share:.0%} of the bandits: it settles "
    "on the first arm that pays well and never learns that another pays better. Its regret "
    f"({regret['greedy (ε = 0)']:.0f}) keeps growing in a straight line.",
)

# %% [markdown]
# Things to try: ε = 0.5 explores so much that it wastes half its pulls; ε = 0.05 finds the
# best arm more slowly but wastes less. An optimistic start Q₀ = 0 has no optimism left: the
# agent is greedy again. UCB with c = 0 tries every arm once and is then greedy; a large c
# explores too long. A constant ε keeps paying for its
# exploring forever, so its regret grows linearly; UCB's bonus shrinks as it learns, so its
# regret bends over.

# %% [markdown]
# ## 3. States, actions, returns and values: a maze
#
# Most problems have many **states**. In the maze below the state is the cell the agent
# stands in; the actions are up, right, down, left. Every move costs 1 (reward −1), the goal G
# pays +10, the pit P costs −10; both end the episode.
#
# The agent cares about the **return**: the rewards of the whole episode, each discounted by
# how long it had to wait for it: G = r₁ + γ r₂ + γ² r₃ + … . The **discount** γ (between 0
# and 1) makes a reward now worth more than the same reward later. It is also how
# **credit assignment** works here: the +10 at the goal flows back, shrinking by γ per step,
# to the moves that led there.
#
# ### Exercise 3: the discounted return
#
# Write `discounted_return(rewards, gamma)` for an array of rewards r₁, r₂, … .


# %% nbgrader={"grade": false, "grade_id": "discounted_return", "locked": false, "schema_version": 3, "solution": true, "task": false}
def discounted_return(rewards, gamma):
    ### BEGIN SOLUTION
    return float(np.sum(rewards * gamma ** np.arange(len(rewards))))
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "discounted_return_check", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
check.discounted_return(discounted_return)
### BEGIN HIDDEN TESTS
check.discounted_return(discounted_return).require()
### END HIDDEN TESTS

# %% [markdown]
# Seven moves that cost 1 each, then the goal's +10 — the shortest walk through the maze below:

# %%
walk_rewards = np.array([-1.0] * 7 + [10.0])
for gamma in (1.0, 0.9, 0.5):
    print(f"γ = {gamma}: return {planning.discounted_return(walk_rewards, gamma):+.3f}")

# %% [markdown]
# The **value** v(s) of a state is the return you can expect from it on, if you act well.
# The **policy** is a rule that says which action to take in each state; below it is drawn
# as arrows, and the orange line is one walk that follows them from S.
#
# **Predict first.** With γ = 0 the agent counts only the very next reward. Starting at S,
# does it reach the goal?

# %%
myopic_guess = predict.choice(
    "With γ = 0, does the agent that starts at S reach the goal?",
    ["yes, by the shortest path", "yes, but by a detour", "no"],
    key="06-gamma-zero",
)
myopic_guess

# %%
grid_lab = reinforcement_learning.GridValues()
grid_lab

# %%
maze = reinforcement_learning.common.lesson_grid()
myopic = grid_lab.compute(gamma=0.0, slip=0.0)
walk = myopic.episode
reached = maze.kind(walk.states[-1]) == "goal"
shortest = grid_lab.compute(gamma=1.0, slip=0.0).episode
if not reached:
    answer = "no"
elif len(walk.actions) == len(shortest.actions):
    answer = "yes, by the shortest path"
else:
    answer = "yes, but by a detour"
myopic_guess.reveal(
    answer,
    why=f"With γ = 0 a state is worth just its next reward: {myopic.start_value:+.0f} at S, as "
    "for every move that does not step onto the goal, so most arrows show only a tie-break. "
    f"The walk from S {'reaches' if reached else 'does not reach'} the goal in "
    f"{len(walk.actions)} steps.",
)

# %% [markdown]
# Slide γ up: the goal's +10 reaches further back, step by step, until the start feels it.
# With γ = 1 the value of S is exactly the return of the shortest path. A chance to slip
# sideways makes the cells beside the pit dangerous, and the arrows begin to keep away from it.

# %%
for gamma in (0.0, 0.5, 0.9, 1.0):
    result = grid_lab.compute(gamma=gamma, slip=0.0)
    print(
        f"γ = {gamma:.1f}: the start is worth {result.start_value:+.2f}; "
        f"one walk: return {result.episode.total_reward:+.0f} in "
        f"{len(result.episode.actions)} steps"
    )

# %% [markdown]
# ## 4. Planning: the Bellman equation and value iteration
#
# When the rules of the world are known (for each state and action: the reward, and the
# probability of each next state), the values obey one equation per state, the
# **Bellman equation**: the value of a state is the best action's reward plus γ times the
# expected value of where it lands. **Value iteration** starts from all zeros and applies the
# right-hand side to every state, sweep after sweep, until nothing changes.
#
# ### Exercise 4: a Bellman backup
#
# For one state: `rewards[a]` is the reward of action a, `transitions[a, s']` the
# probability that action a lands in state s', `values[s']` the current value of each state.
# Write `bellman_backup(rewards, transitions, values, gamma)`: max over a of
# rewards[a] + γ Σ_s' transitions[a, s'] values[s'].


# %% nbgrader={"grade": false, "grade_id": "bellman_backup", "locked": false, "schema_version": 3, "solution": true, "task": false}
def bellman_backup(rewards, transitions, values, gamma):
    ### BEGIN SOLUTION
    return float(np.max(rewards + gamma * transitions @ values))
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "bellman_backup_check", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
check.bellman_backup(bellman_backup)
### BEGIN HIDDEN TESTS
check.bellman_backup(bellman_backup).require()
### END HIDDEN TESTS

# %% [markdown]
# Step through the sweeps. After sweep 1 each cell knows only its next reward; news of the
# goal travels one cell per sweep, and the arrows settle before the values stop changing.

# %%
sweep_lab = reinforcement_learning.ValueIterationSweeps()
sweep_lab

# %%
planned = sweep_lab.compute(sweep=0, gamma=0.9)
settled = [
    sweep_lab.compute(sweep=k, gamma=0.9).settled(sweep_lab.cells)
    for k in range(planned.sweeps.sweeps + 1)
]
arrows_settle = settled.index(len(sweep_lab.cells))
values_settle = int(np.flatnonzero(planned.changes > 1e-8)[-1]) + 1
print(
    f"value iteration (γ = 0.9): all {len(sweep_lab.cells)} arrows first point their final way "
    f"after sweep {arrows_settle}; the last value changes in sweep {values_settle}; the start "
    f"is worth {planned.sweeps.final[0]:+.3f}"
)

# %% [markdown]
# ## 5. Q-learning: learning by trial, without the rules
#
# A real agent does not know the world's rules; it only sees what its actions bring. Instead
# of v(s) it learns **Q(s, a)**, "the return I expect if I take action a in state s and act
# well afterwards", a table with one number per state and action. After each step it moves
# Q(s, a) part of the way (the step size α, called `lr` in the course) towards the target
# r + γ max over a' of Q(s', a'): the reward it got plus the value of acting greedily next.
# When the episode ended, the target is just r.
#
# **Not lesson 01's Q.** In lesson 01, Q(a, X) was the average *loss* of a model with
# parameters a on data X, a number to make small. Here Q(s, a) is an expected *return* for a
# state and an action, a number to make large by choosing actions. Same letter, different things.
#
# ### Exercise 5: the Q-learning update
#
# Write `q_learning_update(q, state, action, reward, next_state, terminated, lr, gamma)`: it
# returns a new table (change a copy, leave `q` as it was).


# %% nbgrader={"grade": false, "grade_id": "q_learning_update", "locked": false, "schema_version": 3, "solution": true, "task": false}
def q_learning_update(q, state, action, reward, next_state, terminated, lr, gamma):
    ### BEGIN SOLUTION
    q = np.array(q, dtype=float)
    target = reward if terminated else reward + gamma * q[next_state].max()
    q[state, action] += lr * (target - q[state, action])
    return q
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "q_learning_update_check", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
check.q_learning_update(q_learning_update)
### BEGIN HIDDEN TESTS
check.q_learning_update(q_learning_update).require()
### END HIDDEN TESTS

# %% [markdown]
# Now watch it learn the maze. The colours are max over a of Q(s, a), the arrows the action
# with the highest Q; a cell without an arrow has not been tried yet. Press **▶ Play**, or drag
# the episode slider. On the right: each episode's return while the agent explores, and the
# return of the greedy policy (no exploring) after every fifth episode.
#
# **Challenge.** Tune α, γ and ε so that the greedy policy walks an optimal path within the
# episode budget. The line under the figure says when you have done it.

# %%
q_lab = reinforcement_learning.QLearningLive()
q_lab

# %%
default_run = q_lab.compute(lr=0.2, gamma=0.9, epsilon=0.3, episode=150)
print(
    f"with α = {default_run.lr}, γ = {default_run.gamma}, ε = {default_run.epsilon}: the "
    f"greedy policy first walks an optimal path (return {default_run.optimal_return:+.0f}) "
    f"after episode {default_run.first_optimal}; the budget is "
    f"{reinforcement_learning.q_learning_live.BUDGET}"
)

# %% [markdown]
# ## 6. Two ways to learn near a cliff: Q-learning and SARSA
#
# Sutton and Barto's cliff: walk from S to G along the bottom of a 4 × 12 grid; every step
# costs 1, a step into the cliff costs 100 and sends you back to S. The shortest path runs
# along the edge (return −13); a safe path along the top takes 17 steps.
#
# **SARSA** differs from Q-learning in one word of its target: r + γ Q(s', a') with a' the
# action the agent *really* takes next, exploring included. It learns the value of the way it
# actually behaves, and while it explores, a walk along the edge sometimes falls. Q-learning
# learns the value of the greedy path, whatever it really does.

# %%
cliff_lab = reinforcement_learning.CliffWalk()
cliff_lab

# %%
cliff = cliff_lab.compute(epsilon=0.1, episode=500)
for rule in ("Q-learning", "SARSA"):
    walk = cliff.walk(rule)
    online = cliff.runs[rule].returns[-100:].mean()
    print(
        f"{rule:>10}: greedy path return {walk.total_reward:+.0f}; "
        f"average return of the last 100 learning episodes {online:+.1f}"
    )

# %% [markdown]
# Q-learning finds the optimal path, yet earns less while learning, because with ε = 0.1 it
# keeps stepping off the edge. SARSA takes the safe path and earns more while exploring. Set
# ε to 0 and both learn the same shortest path: with no random steps, the edge is not
# dangerous.

# %% [markdown]
# ## 7. Policy gradients: learn the policy itself
#
# Instead of values, an agent can learn its policy directly: a softmax over preferences θ,
# π(a) = e^θₐ / Σ_b e^θ_b. After a pull that paid R, **REINFORCE** nudges θ by
# lr × (R − b) × ∇ log π(a), with ∇ log π(a) = one_hot(a) − π. Actions followed by a reward
# better than the **baseline** b become more likely. Any b that does not depend on the action
# leaves the average gradient unchanged but can shrink its noise a lot; the best b is close to
# the expected reward, a *value*. Learn that value beside the policy, and let it also stand in
# for the rest of the return (r + γ v(s') instead of waiting for the episode to end), and you
# have an **actor–critic**: the actor is the policy, the critic the value that judges each step.
#
# ### Exercise 6: the REINFORCE gradient
#
# Write `reinforce_gradient(logits, action, reward, baseline)` for a softmax policy over
# `logits`: (reward − baseline) × (one_hot(action) − softmax(logits)).


# %% nbgrader={"grade": false, "grade_id": "reinforce_gradient", "locked": false, "schema_version": 3, "solution": true, "task": false}
def reinforce_gradient(logits, action, reward, baseline):
    ### BEGIN SOLUTION
    pi = np.exp(logits - np.max(logits))
    pi = pi / pi.sum()
    return (reward - baseline) * (np.eye(len(logits))[action] - pi)
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "reinforce_gradient_check", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
check.reinforce_gradient(reinforce_gradient)
### BEGIN HIDDEN TESTS
check.reinforce_gradient(reinforce_gradient).require()
### END HIDDEN TESTS

# %% [markdown]
# A four-armed bandit, learned by REINFORCE with and without a baseline. The *reward
# offset* adds the same amount to every arm: it changes nothing about which arm is best, but
# without a baseline every pull now looks like good news, and the gradient estimates spread
# out (right). Averaging many pulls gives the true gradient either way.

# %%
reinforcement_learning.PolicyGradient()

# %%
means = np.array([0.2, 0.6, 1.0, 0.0]) + 3.0
start = np.zeros(4)
exact = policy_gradient.bandit_gradient(start, means)
for name, b in (
    ("no baseline", 0.0),
    ("baseline = J", policy_gradient.expected_reward(start, means)),
):
    estimates = policy_gradient.reinforce_bandit_estimates(start, means, 20_000, baseline=b)
    print(
        f"{name:>13}: mean of 20 000 estimates {np.round(estimates.mean(axis=0), 3)}, "
        f"std of the best arm's {estimates[:, 2].std():.2f}"
    )
print(f"{'exact':>13}: {np.round(exact, 3)}")

# %% [markdown]
# ## 8. Learning from preferences: when the reward is hard to write down
#
# What reward says "a helpful, honest answer"? Nobody can write it as a formula. But people
# can compare two answers and say which is better, so an assistant is trained in stages:
# first it learns to continue text from a huge amount of it (lesson 07), then to follow
# instructions from written examples, and last **from human feedback (RLHF)**:
#
# 1. people (the *human in the loop*) compare pairs of the model's responses;
# 2. a **reward model** learns to score responses so that the preferred one scores higher.
#    The **Bradley–Terry** model says A beats B with probability σ(r_A − r_B);
# 3. the policy is tuned to maximise the learned reward minus β × KL(π ‖ π₀), a penalty for
#    drifting from the starting model π₀.
#
# So here too nothing *minimises* lesson 01's single formula: the policy *maximises* a learned
# reward, held back by a penalty (the reward model itself is fitted by minimising a loss).
#
# ### Exercise 7: the Bradley–Terry loss
#
# For pairs where response "winner" was preferred to "loser", the reward model's loss is the
# mean of −log σ(r_winner − r_loser), σ(m) = 1 / (1 + e^−m). Write
# `bradley_terry_loss(reward_winner, reward_loser)` for two arrays of rewards, one per pair.


# %% nbgrader={"grade": false, "grade_id": "bradley_terry_loss", "locked": false, "schema_version": 3, "solution": true, "task": false}
def bradley_terry_loss(reward_winner, reward_loser):
    ### BEGIN SOLUTION
    margin = reward_winner - reward_loser
    return float(np.mean(np.log1p(np.exp(-margin))))
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "bradley_terry_loss_check", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
check.bradley_terry_loss(bradley_terry_loss)
### BEGIN HIDDEN TESTS
check.bradley_terry_loss(bradley_terry_loss).require()
### END HIDDEN TESTS

# %% [markdown]
# Eight responses, each with a hidden true quality (blue bars). A simulated annotator
# compares random pairs, and prefers the better one with the Bradley–Terry probability: with
# noise 0 always, with large noise nearly at random. The reward model (red diamonds) is fitted
# to the comparisons; the policy (middle) is tuned on it with the KL penalty β. On the right,
# the tuned policy's reward for every β, by the reward model and by the truth.
#
# Try few comparisons (10) with a noisy annotator (3) and a small β: the policy goes all in on
# a response the reward model overrates. Its learned reward is high; its true reward is not.
# A larger β keeps it near the start, where the model's mistakes cost less.

# %%
reinforcement_learning.PreferenceTuning()

# %%
truth = reinforcement_learning.preference_tuning.TRUE_REWARDS
for n, noise in ((10, 3.0), (300, 0.5)):
    run = preferences.rlhf(truth, n, beta=0.05, noise=noise, seed=0)
    print(
        f"{n:>3} comparisons, noise {noise}: tuned policy's learned reward "
        f"{run.learned_reward:+.2f}, true reward {run.true_reward:+.2f} "
        f"(best response {run.best_true_reward:+.2f}, start {run.reference_true_reward:+.2f})"
    )

# %% [markdown]
# ## Summary
#
# - An agent acts in an environment and learns from rewards alone; it looks for a policy that
#   maximises the return, the discounted sum of future rewards. Nothing here minimises an
#   average loss over labelled examples.
# - Exploring costs reward now and pays later: greedy agents get stuck, a constant ε pays
#   forever, optimism and UCB explore where it is still worth it.
# - The discount γ carries credit from a late reward back to the actions that earned it; the
#   Bellman equation ties every state's value to its neighbours', and value iteration solves it.
# - Q-learning learns Q(s, a) by trial and finds the optimal path; SARSA learns the value of
#   what it really does, and keeps away from the cliff while it explores.
# - Policy gradients nudge the odds of what paid off; a baseline (a critic) cuts the noise.
# - When a reward is hard to write down, comparisons can teach a reward model; a policy tuned
#   on it exploits its mistakes unless a KL penalty keeps it close to where it started.
#
# **What's next:** lesson 07, *transformers*: the models that RLHF tunes, built from attention.
