"""Metrics: how we know learning happened.

A loss is what training minimises; a metric is what we report, in units a
person cares about. A classifier's predictions (0 or 1) against the labels
(0 or 1) fall in four cells, the confusion counts:

    tp  predicted 1, truly 1          fp  predicted 1, truly 0
    fn  predicted 0, truly 1          tn  predicted 0, truly 0

and every classification metric here is a ratio of them:

    accuracy  = (tp + tn) / n
    precision = tp / (tp + fp)         undefined when nothing is predicted positive
    recall    = tp / (tp + fn)         undefined when there are no positives
    F-beta    = (1 + b²) tp / ((1 + b²) tp + b² fn + fp)    undefined when tp = fp = fn = 0
    F1        = F-beta with b = 1 (the harmonic mean of precision and recall)

A model that outputs a score becomes a classifier at a threshold: it predicts
1 when score >= threshold (scikit-learn's convention). ``confusion_matrix``
counts any number of classes (row = true label, column = predicted label).

Regression: ``mse`` and ``mae`` (their home is ``course_lib.losses``), and

    R² = 1 - sum (y - y_pred)² / sum (y - mean(y))²

which is 1 for a perfect model, 0 for predicting the mean, and below 0 for a
model worse than the mean.

Undefined values are never silent. scikit-learn returns 0 with a warning
where a ratio is 0/0; here ``zero_division="raise"`` (the default) raises an
:class:`UndefinedMetricError` that says why, and ``zero_division=0.0``,
``1.0`` or ``nan`` returns that value instead (scikit-learn's explicit
choices). Every value is checked against scikit-learn in the tests. Pure numpy.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from course_lib.losses import mae, mse
from course_lib.validation import check_array, check_positive, check_same_length, check_scalar

__all__ = [
    "ConfusionCounts",
    "UndefinedMetricError",
    "accuracy_score",
    "binary_labels",
    "check_threshold",
    "class_labels",
    "confusion_at_threshold",
    "confusion_counts",
    "confusion_matrix",
    "f1_score",
    "fbeta_score",
    "mae",
    "mse",
    "precision_score",
    "predict_at_threshold",
    "r2_score",
    "recall_score",
    "scores",
]


class UndefinedMetricError(ValueError):
    """A metric is 0/0 on these data (e.g. precision when nothing is predicted positive)."""


# -- checks shared by every metric module ------------------------------------------
def binary_labels(values: object, name: str = "y_true") -> np.ndarray:
    """``values`` as a 1-D int array of 0s and 1s; a ValueError naming ``name`` otherwise."""
    array = check_array(values, name, ndim=1)
    wrong = (array != 0) & (array != 1)
    if np.any(wrong):
        raise ValueError(
            f"{name} must hold only the labels 0 and 1, got {array[wrong][0]:g} "
            f"at position {int(np.argmax(wrong))}"
        )
    return array.astype(int)


def scores(values: object, name: str = "y_score", like: np.ndarray | None = None) -> np.ndarray:
    """``values`` as a 1-D array of finite floats, one per entry of ``like`` if given."""
    array = check_array(values, name, ndim=1)
    if like is not None:
        check_same_length(like, array, ("y_true", name))
    return array


def class_labels(values: object, name: str) -> np.ndarray:
    """Class labels of any kind (numbers or strings) as a 1-D array."""
    array = np.asarray(values)
    if array.dtype.kind in "USO":
        if array.ndim != 1 or array.size == 0:
            raise ValueError(f"{name} must be a non-empty 1-D array, got shape {array.shape}")
        return array.astype(str)
    return check_array(values, name, ndim=1)


def check_threshold(value: object, name: str = "threshold") -> float:
    """A threshold as a float: any number, +inf (nothing positive) or -inf, but not NaN."""
    if isinstance(value, (int, float, np.number)) and not isinstance(value, bool):
        if np.isinf(value):
            return float(value)
    return check_scalar(value, name, expected="a number (or +inf or -inf)")


def _zero_division_value(zero_division: object) -> float | None:
    """None for "raise", else the value to return for 0/0 (0, 1 or NaN)."""
    if isinstance(zero_division, str) and zero_division == "raise":
        return None
    if isinstance(zero_division, (int, float)) and not isinstance(zero_division, bool):
        if zero_division in (0, 1) or np.isnan(zero_division):
            return float(zero_division)
    raise ValueError(f'zero_division must be "raise", 0.0, 1.0 or nan, got {zero_division!r}')


def _ratio(numerator: float, denominator: float, zero_division: object, why: str) -> float:
    fallback = _zero_division_value(zero_division)
    if denominator == 0:
        if fallback is None:
            raise UndefinedMetricError(
                f"{why}; pass zero_division=0.0, 1.0 or nan to choose a value "
                "(scikit-learn gives 0.0 with a warning)"
            )
        return fallback
    return float(numerator / denominator)


# -- the four confusion counts -----------------------------------------------------
@dataclass(frozen=True)
class ConfusionCounts:
    """True positives, false positives, false negatives and true negatives."""

    tp: int
    fp: int
    fn: int
    tn: int

    @property
    def n(self) -> int:
        return self.tp + self.fp + self.fn + self.tn

    @property
    def positives(self) -> int:
        """How many examples are truly 1."""
        return self.tp + self.fn

    @property
    def negatives(self) -> int:
        """How many examples are truly 0."""
        return self.fp + self.tn

    def as_matrix(self) -> np.ndarray:
        """[[tn, fp], [fn, tp]]: scikit-learn's ``confusion_matrix`` layout for labels 0, 1."""
        return np.array([[self.tn, self.fp], [self.fn, self.tp]])

    def accuracy(self) -> float:
        return (self.tp + self.tn) / self.n

    def precision(self, zero_division: object = "raise") -> float:
        """tp / (tp + fp): of the examples called positive, the share truly positive."""
        why = "precision is undefined: nothing was predicted positive (tp + fp = 0)"
        return _ratio(self.tp, self.tp + self.fp, zero_division, why)

    def recall(self, zero_division: object = "raise") -> float:
        """tp / (tp + fn): of the truly positive examples, the share found (the TPR)."""
        why = "recall is undefined: y_true holds no positive example (tp + fn = 0)"
        return _ratio(self.tp, self.tp + self.fn, zero_division, why)

    def false_positive_rate(self, zero_division: object = "raise") -> float:
        """fp / (fp + tn): of the truly negative examples, the share called positive."""
        why = "the false-positive rate is undefined: y_true holds no negative example"
        return _ratio(self.fp, self.fp + self.tn, zero_division, why)

    def fbeta(self, beta: float, zero_division: object = "raise") -> float:
        """(1 + b²) tp / ((1 + b²) tp + b² fn + fp): recall counts beta times as much."""
        b2 = check_positive(beta, "beta") ** 2
        why = "the F-score is undefined: no positive example and none predicted (tp=fp=fn=0)"
        denominator = (1 + b2) * self.tp + b2 * self.fn + self.fp
        return _ratio((1 + b2) * self.tp, denominator, zero_division, why)

    def expected_cost(self, fp_cost: float, fn_cost: float) -> float:
        """The average cost per example when a false positive costs ``fp_cost``, a miss
        ``fn_cost`` (and correct answers nothing)."""
        fp_cost = check_scalar(fp_cost, "fp_cost", minimum=0)
        fn_cost = check_scalar(fn_cost, "fn_cost", minimum=0)
        return (fp_cost * self.fp + fn_cost * self.fn) / self.n


def predict_at_threshold(y_score: object, threshold: float) -> np.ndarray:
    """1 where ``y_score >= threshold``, else 0 (scikit-learn's convention for curves)."""
    values = scores(y_score)
    return (values >= check_threshold(threshold)).astype(int)


def confusion_counts(y_true: object, y_pred: object) -> ConfusionCounts:
    """The four counts of 0/1 predictions ``y_pred`` against 0/1 labels ``y_true``."""
    true = binary_labels(y_true, "y_true")
    pred = binary_labels(y_pred, "y_pred")
    check_same_length(true, pred, ("y_true", "y_pred"))
    tp = int(np.sum((pred == 1) & (true == 1)))
    fp = int(np.sum((pred == 1) & (true == 0)))
    fn = int(np.sum((pred == 0) & (true == 1)))
    return ConfusionCounts(tp=tp, fp=fp, fn=fn, tn=len(true) - tp - fp - fn)


def confusion_at_threshold(y_true: object, y_score: object, threshold: float) -> ConfusionCounts:
    """The four counts when a score becomes the prediction 1 at ``score >= threshold``."""
    true = binary_labels(y_true, "y_true")
    return confusion_counts(true, predict_at_threshold(scores(y_score, like=true), threshold))


def confusion_matrix(y_true: object, y_pred: object, labels: object = None) -> np.ndarray:
    """Counts C[i, j] of examples with true label ``labels[i]`` predicted as ``labels[j]``.

    ``labels`` defaults to every label seen in either array, sorted (as in
    scikit-learn); labels outside ``labels`` are not counted.
    """
    true = class_labels(y_true, "y_true")
    pred = class_labels(y_pred, "y_pred")
    check_same_length(true, pred, ("y_true", "y_pred"))
    if labels is None:
        classes = np.union1d(true, pred)
    else:
        classes = class_labels(labels, "labels")
        if len(np.unique(classes)) != len(classes):
            raise ValueError("labels must not repeat a label")
    index = {label: i for i, label in enumerate(classes.tolist())}
    rows = np.array([index.get(label, -1) for label in true.tolist()], dtype=int)
    cols = np.array([index.get(label, -1) for label in pred.tolist()], dtype=int)
    kept = (rows >= 0) & (cols >= 0)
    matrix = np.zeros((len(classes), len(classes)), dtype=int)
    np.add.at(matrix, (rows[kept], cols[kept]), 1)
    return matrix


# -- classification metrics --------------------------------------------------------
def accuracy_score(y_true: object, y_pred: object) -> float:
    """The share of examples predicted right (any labels, any number of classes)."""
    true = class_labels(y_true, "y_true")
    pred = class_labels(y_pred, "y_pred")
    check_same_length(true, pred, ("y_true", "y_pred"))
    return float(np.mean(true == pred))


def precision_score(y_true: object, y_pred: object, zero_division: object = "raise") -> float:
    """tp / (tp + fp) for 0/1 labels; see the module docstring for ``zero_division``."""
    return confusion_counts(y_true, y_pred).precision(zero_division)


def recall_score(y_true: object, y_pred: object, zero_division: object = "raise") -> float:
    """tp / (tp + fn) for 0/1 labels; see the module docstring for ``zero_division``."""
    return confusion_counts(y_true, y_pred).recall(zero_division)


def fbeta_score(
    y_true: object, y_pred: object, beta: float, zero_division: object = "raise"
) -> float:
    """The F-beta score for 0/1 labels: recall weighs ``beta`` times as much as precision."""
    return confusion_counts(y_true, y_pred).fbeta(beta, zero_division)


def f1_score(y_true: object, y_pred: object, zero_division: object = "raise") -> float:
    """F1 = 2 tp / (2 tp + fp + fn), the harmonic mean of precision and recall."""
    return fbeta_score(y_true, y_pred, 1.0, zero_division)


# -- regression --------------------------------------------------------------------
def r2_score(y_true: object, y_pred: object, force_finite: bool = False) -> float:
    """R² = 1 - SS_res / SS_tot: the share of y_true's variance the model explains.

    1 is perfect, 0 is as good as always predicting the mean of y_true, and
    any model worse than that scores below 0 (there is no lower bound). For a
    constant y_true, SS_tot = 0 and R² is undefined: an UndefinedMetricError,
    unless ``force_finite`` asks for scikit-learn's default replacement (1.0
    for a perfect prediction, 0.0 otherwise).
    """
    true = check_array(y_true, "y_true", ndim=1)
    pred = check_array(y_pred, "y_pred", ndim=1)
    check_same_length(true, pred, ("y_true", "y_pred"))
    ss_res = float(np.sum((true - pred) ** 2))
    if np.all(true == true[0]):
        if force_finite:
            return 1.0 if ss_res == 0 else 0.0
        raise UndefinedMetricError(
            "R² is undefined: y_true is constant, so there is no variance to explain; "
            "pass force_finite=True for scikit-learn's 1.0 (perfect) / 0.0 (otherwise)"
        )
    return 1 - ss_res / float(np.sum((true - np.mean(true)) ** 2))
