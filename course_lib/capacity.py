"""Capacity: how a polynomial's degree decides between underfitting and overfitting.

The lesson's running example: noisy samples of a known smooth function on
[-1, 1], fitted by polynomials of every degree.

- :func:`noisy_samples`: n points x ~ uniform(-1, 1), y = f(x) + noise (seeded).
- :func:`polynomial_features`: the columns x, x^2, ..., x^d (no constant column:
  the intercept is fitted apart, as scikit-learn does). On [-1, 1] every power
  stays within [-1, 1], which keeps the least-squares problem well conditioned;
  :func:`scale_to_unit` maps other data there first.
- :func:`fit_polynomial`: least squares (lam = 0) or ridge in closed form,
  w = (Xc^T Xc + lam I)^-1 Xc^T yc on centred columns, so that the intercept is
  not penalised; intercept = mean(y) - mean(X) . w. This is scikit-learn's
  ``PolynomialFeatures(include_bias=False)`` followed by ``LinearRegression`` or
  ``Ridge(alpha=lam)`` (tests check both to 1e-8).
- :func:`validation_curve`: train and validation MSE for every degree: train
  error only falls, validation error falls then rises (the U).
- :func:`bias_variance`: redraw the training set many times; at each degree
  split the expected squared error on fresh data into bias^2 + variance + noise.

Pure numpy: no plotting, no widgets.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from course_lib.validation import (
    check_array,
    check_count,
    check_same_length,
    check_scalar,
)

#: The lesson's defaults: 20 training points with noise of standard deviation 0.3.
N_TRAIN = 20
NOISE = 0.3
#: Degrees 0..MAX_DEGREE are shown on the degree slider.
MAX_DEGREE = 12


def true_function(x: np.ndarray) -> np.ndarray:
    """The function the data come from: sin(pi x), one full wave on [-1, 1]."""
    return np.sin(np.pi * np.asarray(x, dtype=float))


@dataclass(frozen=True)
class Samples:
    """Noisy samples of a function: x (n,), y = f(x) + noise (n,), and the noise level."""

    x: np.ndarray
    y: np.ndarray
    noise: float

    def __len__(self) -> int:
        return len(self.x)


def noisy_samples(
    n: int,
    noise: float = NOISE,
    seed: int | np.random.Generator = 0,
    function: Callable[[np.ndarray], np.ndarray] = true_function,
) -> Samples:
    """``n`` points with x uniform on [-1, 1] and y = function(x) + noise of std ``noise``."""
    n = check_count(n, "n")
    noise = check_scalar(noise, "noise", minimum=0, expected="a standard deviation >= 0")
    rng = np.random.default_rng(seed)
    x = rng.uniform(-1.0, 1.0, size=n)
    y = np.asarray(function(x), dtype=float) + rng.normal(0.0, noise, size=n)
    return Samples(x, y, noise)


def scale_to_unit(x: object, low: float, high: float) -> np.ndarray:
    """Map [low, high] linearly onto [-1, 1], where polynomial features are well conditioned."""
    values = check_array(x, "x")
    low = check_scalar(low, "low")
    high = check_scalar(high, "high", minimum=low, include_minimum=False)
    return 2 * (values - low) / (high - low) - 1


def polynomial_features(x: object, degree: int) -> np.ndarray:
    """The columns x, x^2, ..., x^degree of a 1-D ``x``: shape (n, degree)."""
    values = check_array(x, "x", ndim=1)
    degree = check_count(degree, "degree", minimum=0)
    return values[:, None] ** np.arange(1, degree + 1)


@dataclass(frozen=True)
class PolynomialModel:
    """A fitted polynomial: prediction = intercept + features(x) @ coef."""

    degree: int
    lam: float
    coef: np.ndarray  # (degree,): the weights of x, x^2, ...
    intercept: float

    def predict(self, x: object) -> np.ndarray:
        """The polynomial's values at ``x``."""
        return self.intercept + polynomial_features(x, self.degree) @ self.coef


def fit_linear(X: np.ndarray, y: np.ndarray, lam: float = 0.0) -> tuple[np.ndarray, float]:
    """Least squares (lam = 0) or ridge with an unpenalised intercept: (coef, intercept).

    The columns and y are centred first; that removes the intercept from the
    problem, so only the weights are penalised (as scikit-learn's ``Ridge``).
    With lam = 0 the minimum-norm least-squares solution (``np.linalg.lstsq``),
    as ``LinearRegression``; with lam > 0 the closed form (Xc^T Xc + lam I) w = Xc^T yc.
    """
    X = check_array(X, "X", ndim=2, allow_empty=True)
    y = check_array(y, "y", ndim=1)
    check_same_length(y, X, ("y", "X"))
    lam = check_scalar(lam, "lam", minimum=0, expected="a penalty >= 0")
    x_mean, y_mean = X.mean(axis=0), y.mean()
    Xc, yc = X - x_mean, y - y_mean
    if X.shape[1] == 0:
        coef = np.zeros(0)
    elif lam == 0:
        coef = np.linalg.lstsq(Xc, yc, rcond=None)[0]
    else:
        coef = np.linalg.solve(Xc.T @ Xc + lam * np.eye(X.shape[1]), Xc.T @ yc)
    return coef, float(y_mean - x_mean @ coef)


def fit_polynomial(x: object, y: object, degree: int, lam: float = 0.0) -> PolynomialModel:
    """Fit a polynomial of ``degree`` to (x, y) by least squares, or ridge with penalty ``lam``."""
    features = polynomial_features(x, degree)
    coef, intercept = fit_linear(features, y, lam)
    return PolynomialModel(int(degree), float(lam), coef, intercept)


def mse(y_true: object, y_pred: object) -> float:
    """Mean squared error."""
    y_true = check_array(y_true, "y_true", ndim=1)
    y_pred = check_array(y_pred, "y_pred", ndim=1)
    check_same_length(y_true, y_pred, ("y_true", "y_pred"))
    return float(np.mean((y_true - y_pred) ** 2))


@dataclass(frozen=True)
class ValidationCurve:
    """Train and validation MSE for each degree."""

    degrees: np.ndarray
    train_mse: np.ndarray
    validation_mse: np.ndarray

    @property
    def best_degree(self) -> int:
        """The degree with the lowest validation error."""
        return int(self.degrees[np.argmin(self.validation_mse)])


def validation_curve(
    train: Samples,
    validation: Samples,
    degrees: Sequence[int] = tuple(range(MAX_DEGREE + 1)),
    lam: float = 0.0,
) -> ValidationCurve:
    """Fit every degree on ``train``; measure MSE on ``train`` and on ``validation``."""
    degrees = np.array([check_count(d, "every degree", minimum=0) for d in degrees], dtype=int)
    if degrees.size == 0:
        raise ValueError("degrees is empty; give at least one degree")
    train_mse, validation_mse = [], []
    for degree in degrees:
        model = fit_polynomial(train.x, train.y, int(degree), lam)
        train_mse.append(mse(train.y, model.predict(train.x)))
        validation_mse.append(mse(validation.y, model.predict(validation.x)))
    return ValidationCurve(degrees, np.array(train_mse), np.array(validation_mse))


def default_curve(seed: int = 0) -> ValidationCurve:
    """The lesson's curve: N_TRAIN training and 200 validation points, degrees 0..MAX_DEGREE."""
    rng = np.random.default_rng(seed)
    return validation_curve(noisy_samples(N_TRAIN, NOISE, rng), noisy_samples(200, NOISE, rng))


@dataclass(frozen=True)
class BiasVariance:
    """Expected squared error on fresh data = bias^2 + variance + noise, per degree.

    Averages are over the evaluation points x_eval (uniform on [-1, 1]) and over
    ``n_sets`` redrawn training sets; ``expected_error`` is measured directly
    against fresh noisy targets, an independent estimate of the sum.
    """

    degrees: np.ndarray
    bias_squared: np.ndarray
    variance: np.ndarray
    noise: float  # noise variance sigma^2
    expected_error: np.ndarray
    model_error: np.ndarray  # mean (prediction - f(x))^2: equals bias^2 + variance exactly

    @property
    def total(self) -> np.ndarray:
        return self.bias_squared + self.variance + self.noise


def bias_variance(
    degrees: Sequence[int] = tuple(range(MAX_DEGREE + 1)),
    n_train: int = N_TRAIN,
    noise: float = NOISE,
    n_sets: int = 200,
    n_eval: int = 200,
    seed: int = 0,
    lam: float = 0.0,
    function: Callable[[np.ndarray], np.ndarray] = true_function,
) -> BiasVariance:
    """Bias^2, variance and noise against degree, over ``n_sets`` redrawn training sets.

    At each evaluation point x: bias = mean prediction - f(x); variance = the
    spread of the predictions across training sets (population variance). Both
    are then averaged over the points.
    """
    degrees = np.array([check_count(d, "every degree", minimum=0) for d in degrees], dtype=int)
    n_sets = check_count(n_sets, "n_sets", minimum=2)
    n_eval = check_count(n_eval, "n_eval")
    rng = np.random.default_rng(seed)
    x_eval = np.linspace(-1, 1, n_eval)
    f_eval = np.asarray(function(x_eval), dtype=float)
    training_sets = [noisy_samples(n_train, noise, rng, function) for _ in range(n_sets)]
    fresh = f_eval + rng.normal(0.0, noise, size=(n_sets, n_eval))
    bias2, variance, expected, model_error = [], [], [], []
    for degree in degrees:
        predictions = np.array(
            [fit_polynomial(s.x, s.y, int(degree), lam).predict(x_eval) for s in training_sets]
        )
        bias2.append(np.mean((predictions.mean(axis=0) - f_eval) ** 2))
        variance.append(np.mean(predictions.var(axis=0)))
        expected.append(np.mean((predictions - fresh) ** 2))
        model_error.append(np.mean((predictions - f_eval) ** 2))
    return BiasVariance(
        degrees,
        np.array(bias2),
        np.array(variance),
        noise**2,
        np.array(expected),
        np.array(model_error),
    )


@dataclass(frozen=True)
class RidgePath:
    """Ridge fits of one degree for a range of penalties lam."""

    lams: np.ndarray
    coefs: np.ndarray  # (len(lams), degree)
    intercepts: np.ndarray
    train_mse: np.ndarray
    validation_mse: np.ndarray

    @property
    def coef_norms(self) -> np.ndarray:
        """||w|| for each lam: it shrinks as lam grows."""
        return np.linalg.norm(self.coefs, axis=1)


def ridge_path(
    train: Samples, validation: Samples, degree: int, lams: Sequence[float]
) -> RidgePath:
    """Fit ``degree`` with every penalty in ``lams``: weights, and train and validation MSE."""
    lams = check_array(lams, "lams", ndim=1)
    if np.any(lams < 0):
        raise ValueError(f"every lam must be >= 0, got {lams.min():g}")
    coefs, intercepts, train_mse, validation_mse = [], [], [], []
    for lam in lams:
        model = fit_polynomial(train.x, train.y, degree, float(lam))
        coefs.append(model.coef)
        intercepts.append(model.intercept)
        train_mse.append(mse(train.y, model.predict(train.x)))
        validation_mse.append(mse(validation.y, model.predict(validation.x)))
    return RidgePath(
        lams,
        np.array(coefs).reshape(len(lams), int(degree)),
        np.array(intercepts),
        np.array(train_mse),
        np.array(validation_mse),
    )
