# ---
# jupyter:
#   kernelspec:
#     display_name: Python 3 (ipykernel)
#     language: python
#     name: python3
# ---

# %% [markdown]
# # How AI Learns
#
# An interactive course that shows, by doing, how machine-learning models learn.
# Every idea is an experiment you can move with a slider, and every exercise is
# checked on the spot. Work through the lessons in order: each builds on the last.
#
# | # | lesson | one line |
# |---|---|---|
# | 00 | [The training loop](00_training_loop.ipynb) | start random, predict, measure the mistake, nudge every weight, repeat |
# | 01 | [Loss](01_loss.ipynb) | one number that says how wrong a model is, and why its shape matters |
# | 02 | [Gradient descent](02_gradient_descent.ipynb) | walking downhill on the loss landscape, and how fast is too fast |
# | 03 | [Backpropagation](03_backprop.ipynb) | the chain rule traces the error back and gives every weight its gradient |
# | 04 | [Overfitting](04_overfitting.ipynb) | acing the training data is not learning: validation, capacity, regularisation, leakage |
# | 05 | [Metrics](05_metrics.ipynb) | choosing the number that matches what a mistake costs, and where each number lies |
# | 06 | [Reinforcement learning](06_reinforcement_learning.ipynb) | an agent learns from reward: explore or exploit, value and credit, Q-learning, policy gradients, preferences |
# | 07 | [Transformers](07_transformers.ipynb) | tokens, attention step by step, and a tiny GPT trained on the course's own engine writes Shakespeare |
#
# **How to use a lesson.** Run the cells from top to bottom (Shift+Enter runs one
# cell; *Run → Run All Cells* runs them all). Drag the sliders, or click one and use
# the arrow keys. Under each figure a one-line summary says what it shows now, and a
# *Reproduce* line gives the code that recreates the figure with its current settings.
#
# **Exercises.** Replace `raise NotImplementedError()` with your code, run the cell,
# then run the check cell under it. A check says *not attempted yet*, *correct*, or
# what it expected and what it got, with a hint.
#
# **Your work is yours.** These notebooks are your own copy (the folder `my_notebooks/`).
# Refreshing the course never overwrites a notebook you have changed.

# %% [markdown]
# Run the cell below to check that the course package is ready.

# %%
import course_lib

print(f"course_lib {course_lib.__version__} is ready.")

# %% [markdown]
# ## Your progress
#
# The exercises you have passed so far, lesson by lesson, and the lesson to open next.
# (Run this cell again to refresh it; `python -m course_lib progress` prints the same
# table in a terminal.)

# %%
from course_lib import progress

progress.ProgressMap()
