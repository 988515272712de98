"""Lesson 04, overfitting and generalisation: live experiments on the concept modules
:mod:`course_lib.capacity`, :mod:`course_lib.generalization`, :mod:`course_lib.regularization`,
:mod:`course_lib.training`, :mod:`course_lib.memorization`, :mod:`course_lib.leakage` and
:mod:`course_lib.splits`.

- :class:`PolynomialCapacity`: the degree slider from underfitting to overfitting; training
  and validation error against degree (the U), the three students on it.
- :class:`LearningCurves`: training and validation error against the training-set size,
  grown with new examples or with copies of the same ones.
- :class:`RidgeShrink`: an L2 penalty λ shrinking a degree-12 polynomial's coefficients.
- :class:`EarlyStopping`: both losses of an MLP on 50 digits (with or without dropout or
  weight decay); the patience decides where training stops and which epoch is kept.
- :class:`Augmentation`: shifted and noisy copies of the training digits, and the test
  accuracy each buys.
- :class:`Leakage`: three leaks (copies across the split, a label-encoding column, the best
  of many models by test score): the reported score against clean, fresh data.
- :class:`RandomLabels`: an MLP memorising random labels to 100 % while the test accuracy
  stays at chance; the epochs it takes grow with the number of examples.
- :class:`CrossValidation`: k fold scores and their spread; plain against stratified folds
  on an imbalanced data set.
- :class:`CapacityChallenge`: reach a validation-error target; a hidden test set judges.
"""

from course_lib.lessons.overfitting.augmentation import Augmentation
from course_lib.lessons.overfitting.capacity_challenge import CapacityChallenge
from course_lib.lessons.overfitting.cross_validation import CrossValidation
from course_lib.lessons.overfitting.early_stopping import EarlyStopping
from course_lib.lessons.overfitting.leakage_demo import Leakage
from course_lib.lessons.overfitting.learning_curves import LearningCurves
from course_lib.lessons.overfitting.polynomial_capacity import PolynomialCapacity
from course_lib.lessons.overfitting.random_labels import RandomLabels
from course_lib.lessons.overfitting.ridge_shrink import RidgeShrink

__all__ = [
    "Augmentation",
    "CapacityChallenge",
    "CrossValidation",
    "EarlyStopping",
    "LearningCurves",
    "Leakage",
    "PolynomialCapacity",
    "RandomLabels",
    "RidgeShrink",
]
