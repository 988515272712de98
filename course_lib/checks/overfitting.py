"""Checks for lesson 04, overfitting: one function per exercise, each returning Feedback and
never raising. Expected answers come from the concept modules (capacity, splits, training,
autograd's dropout), on fixed and seeded random cases; anticipated mistakes are recognised
and named (``feedback.first_hint``).

Help comes in steps: ``hint`` names the idea (targeted when the mistake is recognised),
``more`` says more, ``fix`` gives the fix (shown only when the learner asks for it).
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from course_lib import capacity, splits, training
from course_lib.autograd import Tensor
from course_lib.feedback import (
    Case,
    Feedback,
    call_safely,
    check_function,
    check_pairs,
    correct,
    describe,
    first_hint,
    incorrect,
    matches,
    quiet_result,
)
from course_lib.functional import dropout as engine_dropout

# -- Exercise 1: choose the degree by validation error ----------------------------------------
_PICK_HINTS = {
    "hint": "Choose by the error on data the model did not train on.",
    "more": "Training error only falls as the degree grows; validation error falls, then rises.",
    "fix": "Return the degree (index) where validation_mse is smallest: np.argmin(validation_mse).",
}


def _pick_cases() -> list[Case]:
    cases = []
    for seed in (0, 1, 2):
        curve = capacity.default_curve(seed)
        cases.append(
            Case(
                (curve.train_mse, curve.validation_mse),
                curve.best_degree,
                shown_as=f"train_mse, validation_mse of capacity.default_curve({seed})",
            )
        )
    return cases


def pick_degree(function: Any) -> Feedback:
    """Exercise 1: pick_degree(train_mse, validation_mse) -> the degree to keep."""
    cases = _pick_cases()
    train, val = cases[0].args
    hint = first_hint(
        function,
        (train, val),
        [
            (int(np.argmin(train)), "You chose by training error: it always prefers the "
             "biggest model. Which error does the model not get to see while fitting?"),
            (int(np.argmax(val)), "That is the worst degree on validation data: look for "
             "the smallest error, not the largest."),
        ],
        _PICK_HINTS["hint"],
    )  # fmt: skip
    return check_function(
        "Exercise 1 (pick a degree)", function, cases, name="pick_degree",
        hint=hint, more=_PICK_HINTS["more"], fix=_PICK_HINTS["fix"],
    )  # fmt: skip


# -- Exercise 2: a train / validation / test split ----------------------------------------------
_SPLIT_CASES = ((10, 0.2, 0.2, 0), (25, 0.2, 0.1, 1), (101, 0.15, 0.25, 2), (7, 0.3, 0.3, 3))


def split_sizes(n: int, validation_fraction: float, test_fraction: float) -> tuple[int, int, int]:
    """The sizes the course's split gives: (train, validation, test)."""
    s = splits.train_validation_test_split(n, validation_fraction, test_fraction, seed=0)
    return len(s.train), len(s.validation), len(s.test)


def split(function: Any) -> Feedback:
    """Exercise 2: split(n, validation_fraction, test_fraction, seed) -> (train, val, test).

    Not compared with one permutation: any seeded shuffle is right if the three parts are
    disjoint, hold every index once, have the course's sizes (ceil for validation and test)
    and are shuffled, and the same seed gives the same split.
    """
    exercise = "Exercise 2 (train / validation / test split)"
    for case in _SPLIT_CASES:
        n, val, test, seed = case
        call = f"split({n}, {val}, {test}, seed={seed})"
        parts, problem = _split_parts(exercise, function, case, call)
        if problem is None:
            problem = _split_problem(exercise, call, parts, n, val, test)
        if problem is None:
            problem = _split_not_repeated(exercise, function, case, call, parts)
        if problem is not None:
            return problem
    return correct(exercise, f"correct on all {len(_SPLIT_CASES)} test cases. Well done!")


def _split_parts(
    exercise: str, function: Any, case: tuple, call: str
) -> tuple[list[np.ndarray] | None, Feedback | None]:
    """(the three parts as flat integer arrays, None), or (None, why they are not)."""
    got, problem = call_safely(exercise, function, case, name="split", call=call)
    if problem is not None:
        if problem.status == "incorrect" and callable(function):
            problem.hint = "Shuffle the indices 0..n-1, then cut them into three parts."
        return None, problem
    if not isinstance(got, tuple | list) or len(got) != 3:
        return None, incorrect(
            exercise, f"{call} should return three arrays: (train, validation, test).",
            f"Got: {describe(got)}.", hint="End with: return train, validation, test",
        )  # fmt: skip
    try:
        parts = [np.asarray(part).astype(int).ravel() for part in got]
    except (TypeError, ValueError):
        return None, incorrect(exercise, f"{call} should return arrays of integer indices.",
                               f"Got: {describe(got)}.", hint="Return index arrays.")  # fmt: skip
    return parts, None


def _split_problem(
    exercise: str, call: str, parts: list[np.ndarray], n: int, val: float, test: float
) -> Feedback | None:
    """What is wrong with one split: overlapping parts, missing indices, the sizes, no
    shuffle; None if nothing."""
    sizes = tuple(len(part) for part in parts)
    expected = split_sizes(n, val, test)
    together = np.concatenate(parts)
    if len(np.unique(together)) < len(together):
        return incorrect(
            exercise, f"{call}: some index is in two parts (or twice in one).",
            hint="A test example that is also a training example is not new to the model.",
            more="Cut one shuffled order of 0..n-1 into consecutive pieces.",
            fix="order = rng.permutation(n); test = order[:n_test]; "
            "validation = order[n_test:n_test + n_val]; train = order[n_test + n_val:]",
        )  # fmt: skip
    if sorted(together.tolist()) != list(range(n)):
        return incorrect(
            exercise, f"{call}: the parts together should hold every index 0..{n - 1} once.",
            f"Got {len(together)} indices from {together.min()} to {together.max()}.",
            hint="Every example goes somewhere: train, validation or test.",
            more="Shuffle all n indices once and cut that one order into three pieces.",
        )  # fmt: skip
    if sizes != expected:
        floor = (
            n - math.floor(val * n) - math.floor(test * n),
            math.floor(val * n),
            math.floor(test * n),
        )
        nudge = (
            "Round the validation and test sizes up (math.ceil), as scikit-learn does."
            if sizes == floor
            else "Validation gets ceil(validation_fraction * n), test ceil(test_fraction * "
            "n), training the rest."
        )
        return incorrect(
            exercise, f"{call}: sizes (train, validation, test) should be {expected}.",
            f"Got: {sizes}.", hint=nudge,
            more="Test and validation sizes are rounded up; training takes what is left.",
            fix="n_test = math.ceil(test_fraction * n); "
            "n_val = math.ceil(validation_fraction * n)",
        )  # fmt: skip
    if (
        n > 5
        and np.array_equal(together, np.arange(n))
        or (n > 5 and np.array_equal(np.concatenate(parts[::-1]), np.arange(n)))
    ):
        return incorrect(
            exercise, f"{call}: the parts are consecutive runs of 0..{n - 1}: not shuffled.",
            hint="Data often arrive sorted (by date, by class): shuffle before cutting.",
            more="Cut a shuffled order of the indices, not 0..n-1 itself.",
            fix="order = np.random.default_rng(seed).permutation(n)",
        )  # fmt: skip
    return None


def _split_not_repeated(
    exercise: str, function: Any, case: tuple, call: str, parts: list[np.ndarray]
) -> Feedback | None:
    """Feedback if the same seed does not give the same split again, else None."""
    again, _ = call_safely(exercise, function, case, name="split")
    if again is None or not all(
        np.array_equal(np.asarray(a).ravel(), b) for a, b in zip(again, parts, strict=False)
    ):
        return incorrect(
            exercise, f"{call} gave a different split the second time.",
            hint="Use the seed, so that the split is the same every time.",
            more="A generator made from the seed draws the same shuffle each time.",
            fix="order = np.random.default_rng(seed).permutation(n)",
        )  # fmt: skip
    return None


# -- Exercise 6: k-fold indices ----------------------------------------------------------------
_KFOLD_CASES = ((10, 5), (11, 3), (7, 7), (23, 4))


def _folds_as_tuples(folds: list) -> list[tuple[np.ndarray, np.ndarray]]:
    return [(np.asarray(train), np.asarray(test)) for train, test in folds]


def _kfold_floor(n: int, k: int) -> list:
    """A known mistake: every fold n // k, the remainder left to the last fold."""
    edges = [i * (n // k) for i in range(k)] + [n]
    return [
        (np.setdiff1d(np.arange(n), np.arange(a, b)), np.arange(a, b))
        for a, b in zip(edges[:-1], edges[1:], strict=True)
    ]


def kfold(function: Any) -> Feedback:
    """Exercise 6: kfold(n, k) -> list of k (train, test) index pairs, no shuffling."""
    exercise = "Exercise 6 (k-fold indices)"
    for n, k in _KFOLD_CASES:
        call = f"kfold({n}, {k})"
        got, problem = call_safely(exercise, function, (n, k), name="kfold", call=call)
        if problem is not None:
            if problem.status == "incorrect" and callable(function):
                problem.hint = "Cut 0..n-1 into k consecutive test folds."
            return problem
        expected = splits.kfold_indices(n, k)
        try:
            folds = _folds_as_tuples(list(got))
            shapes_ok = len(folds) == k
        except (TypeError, ValueError):
            folds, shapes_ok = [], False
        if not shapes_ok:
            return incorrect(
                exercise, f"{call} should return a list of {k} (train, test) pairs.",
                f"Got: {describe(got)}.", hint="One (train, test) pair per fold.",
                fix="return a list like [(train_0, test_0), (train_1, test_1), ...]",
            )  # fmt: skip
        sizes = [len(test) for _, test in folds]
        if all(
            np.array_equal(t, et) and np.array_equal(np.sort(tr), etr)
            for (tr, t), (etr, et) in zip(folds, expected, strict=True)
        ):
            continue
        if any(len(np.intersect1d(tr, t)) for tr, t in folds):
            nudge = "A fold's test examples must not be in its training part."
            fix = "train = the indices of every other fold (np.setdiff1d(all, test))"
        elif sizes == [len(t) for _, t in _kfold_floor(n, k)] and n % k:
            nudge = (
                f"With n = {n} and k = {k} the folds cannot all be equal: the first n % k "
                "folds get one index more (not the last fold all of the rest)."
            )
            fix = "sizes = [n // k + (1 if i < n % k else 0) for i in range(k)]"
        elif sizes != [len(t) for _, t in expected]:
            nudge = "Fold sizes: n // k each, and one more for the first n % k folds."
            fix = "sizes = [n // k + (1 if i < n % k else 0) for i in range(k)]"
        else:
            nudge = "Test folds are consecutive runs of 0..n-1, in order, without shuffling."
            fix = "test = np.arange(start, start + size); start += size"
        return incorrect(
            exercise, f"not yet right for {call}.",
            f"Expected test folds of sizes {[len(t) for _, t in expected]}: "
            f"{[t.tolist() for _, t in expected][:3]}…",
            f"Got test folds of sizes {sizes}.",
            hint=nudge, more="Every index is in exactly one test fold.", fix=fix,
        )  # fmt: skip
    return correct(exercise, f"correct on all {len(_KFOLD_CASES)} test cases. Well done!")


# -- Exercise 3: ridge in closed form ----------------------------------------------------------
def _ridge_cases() -> list[Case]:
    cases = []
    for seed, (n, d, lam) in enumerate(((8, 2, 0.5), (20, 3, 2.0), (15, 5, 0.1), (6, 4, 10.0))):
        rng = np.random.default_rng(100 + seed)
        X = rng.normal(size=(n, d)) + rng.normal(size=d)
        y = X @ rng.normal(size=d) + 3.0 + rng.normal(0, 0.5, n)
        shown = f"X of shape {X.shape}, y of shape {y.shape}, lam = {lam}"
        cases.append(Case((X, y, lam), capacity.fit_linear(X, y, lam), shown_as=shown))
    return cases


def _penalised_intercept(X: np.ndarray, y: np.ndarray, lam: float) -> tuple[np.ndarray, float]:
    A = np.column_stack([X, np.ones(len(X))])
    w = np.linalg.solve(A.T @ A + lam * np.eye(A.shape[1]), A.T @ y)
    return w[:-1], float(w[-1])


def _uncentred(X: np.ndarray, y: np.ndarray, lam: float) -> tuple[np.ndarray, float]:
    w = np.linalg.solve(X.T @ X + lam * np.eye(X.shape[1]), X.T @ y)
    return w, float(y.mean() - X.mean(axis=0) @ w)


def ridge(function: Any) -> Feedback:
    """Exercise 3: ridge(X, y, lam) -> (coef, intercept), the intercept not penalised."""
    cases = _ridge_cases()
    X, y, lam = cases[0].args
    hint = first_hint(
        function,
        (X, y, lam),
        [
            (capacity.fit_linear(X, y, 0.0), "That is plain least squares: the penalty λ "
             "is missing from the matrix you solve with."),
            (_penalised_intercept(X, y, lam), "You penalised the intercept too (a column of "
             "ones inside the penalty). Centre X and y first, so the intercept drops out."),
            (_uncentred(X, y, lam), "Centre the columns of X and y before you solve, then "
             "compute the intercept from the means."),
        ],
        "Solve (Xcᵀ Xc + λ I) w = Xcᵀ yc on centred data; intercept = mean(y) − mean(X) · w.",
    )  # fmt: skip
    return check_pairs(
        "Exercise 3 (ridge in closed form)", function, cases, name="ridge",
        parts=("coef", "intercept"), hint=hint,
        more="With centred columns the intercept is not in the problem, so it is not "
        "penalised; only the weights w are.",
        fix="xm, ym = X.mean(axis=0), y.mean(); Xc = X - xm; "
        "w = np.linalg.solve(Xc.T @ Xc + lam * np.eye(X.shape[1]), Xc.T @ (y - ym)); "
        "return w, ym - xm @ w",
    )  # fmt: skip


# -- Exercise 4: an early-stopping rule --------------------------------------------------------
_HISTORIES = (
    ([1.0, 0.8, 0.7, 0.75, 0.72, 0.71, 0.74, 0.8], 2),
    ([1.0, 0.8, 0.7, 0.75, 0.72, 0.71, 0.74, 0.8], 4),
    ([0.9, 0.9, 0.9, 0.9], 1),  # ties are not improvements
    ([2.0, 1.5, 1.2, 1.0, 0.9], 0),  # always improving: never stops
    ([1.0, 1.1, 1.2, 0.5, 0.6], 0),
    ([1.0, 0.5, 0.5, 0.5, 0.6, 0.7, 0.8], 2),  # a tie mistaken for an improvement moves both
)


def _stop_pair(losses: list[float], patience: int) -> tuple[int | None, int | None]:
    stop = training.early_stopping_epoch(losses, patience)
    return stop.best_epoch, stop.stop_epoch


def _with_ties(losses: list[float], patience: int) -> tuple[int | None, int | None]:
    """A known mistake: a tie counts as an improvement."""
    best, best_loss = None, math.inf
    for epoch, loss in enumerate(losses):
        if loss <= best_loss:
            best, best_loss = epoch, loss
        elif epoch - best > patience:
            return best, epoch
    return best, None


def _one_early(losses: list[float], patience: int) -> tuple[int | None, int | None]:
    """A known mistake: stop ``patience`` epochs after the best, one too early."""
    best, best_loss = None, math.inf
    for epoch, loss in enumerate(losses):
        if loss < best_loss:
            best, best_loss = epoch, loss
        elif epoch - best >= patience:
            return best, epoch
    return best, None


def early_stopping(function: Any) -> Feedback:
    """Exercise 4: early_stopping(val_losses, patience) -> (best_epoch, stop_epoch)."""
    cases = [
        Case((list(losses), patience), _stop_pair(losses, patience))
        for losses, patience in _HISTORIES
    ]
    hint = "Track the best loss so far; count the epochs since it; stop after patience of them."
    for losses, patience in _HISTORIES:
        found = first_hint(
            function,
            (list(losses), patience),
            [
                (_with_ties(losses, patience), "An equal loss is not an improvement: only a "
                 "strictly lower one resets the count."),
                (_one_early(losses, patience), "You stop one epoch early: patience p lets p "
                 "epochs pass without improvement and stops at the next one."),
            ],
            "",
        )  # fmt: skip
        if found and not _same_pair(
            quiet_result(function, (list(losses), patience)), _stop_pair(losses, patience)
        ):
            hint = found
            break
    return check_pairs(
        "Exercise 4 (early stopping)", function, cases, name="early_stopping",
        parts=("best_epoch", "stop_epoch"), hint=hint,
        more="Only a strictly lower loss is an improvement. With patience p, the stop comes "
        "at the first epoch more than p epochs after the last improvement; if none comes, "
        "stop_epoch is None.",
        fix="for epoch, loss in enumerate(val_losses): if loss < best_loss: best_epoch, "
        "best_loss = epoch, loss; elif epoch - best_epoch > patience: return best_epoch, "
        "epoch — and after the loop: return best_epoch, None",
    )  # fmt: skip


def _same_pair(got: Any, expected: tuple[int | None, int | None]) -> bool:
    try:
        return len(got) == 2 and all(
            g is e if e is None else g == e for g, e in zip(got, expected, strict=True)
        )
    except Exception:  # not a pair of numbers
        return False


# -- Exercise 5: dropout with inverted scaling ---------------------------------------------------
def dropout_mask(shape: tuple[int, ...], p: float, seed: int) -> np.ndarray:
    """The keep-mask the course's dropout draws: True where a value survives."""
    return np.random.default_rng(seed).random(shape) >= p


def _dropout_reference(x: np.ndarray, p: float, seed: int, train: bool) -> np.ndarray:
    """autograd's dropout with the generator that draws ``dropout_mask(x.shape, p, seed)``."""
    return engine_dropout(Tensor(x), p, np.random.default_rng(seed), train=train).data


_DROPOUT_CASES = (((2, 5), 0.5, 0), ((3, 4), 0.3, 1), ((4, 3), 0.2, 2), ((1, 6), 0.0, 3))


def dropout_forward(function: Any) -> Feedback:
    """Exercise 5: dropout_forward(x, p, mask, train) with inverted scaling."""
    cases = []
    for shape, p, seed in _DROPOUT_CASES:
        x = np.random.default_rng(50 + seed).normal(size=shape)
        mask = dropout_mask(shape, p, seed)
        for train in (True, False):
            cases.append(
                Case(
                    (x, p, mask, train),
                    _dropout_reference(x, p, seed, train),
                    shown_as=f"x of shape {shape}, p = {p}, mask, train = {train}",
                )
            )
    shape, p, seed = _DROPOUT_CASES[1]  # p = 0.3: scaling by 1 / p and 1 / (1 - p) differ
    x = np.random.default_rng(50 + seed).normal(size=shape)
    mask = dropout_mask(shape, p, seed)
    trained = quiet_result(function, (x, p, mask, True))
    if not matches(trained, _dropout_reference(x, p, seed, True)):
        hint = first_hint(
            function,
            (x, p, mask, True),
            [
                (x * mask, "Kept values must be scaled up by 1 / (1 − p) in training, so "
                 "that their expected value stays that of the input."),
                (x * mask * (1 - p), "Divide by (1 − p), do not multiply: the kept values "
                 "must grow to make up for the dropped ones."),
                (x * mask / p, "Scale by 1 / (1 − p), the share kept, not by 1 / p."),
                (x, "In training mode, zero the values where the mask is False."),
            ],
            "Training mode: x · mask / (1 − p).",
        )  # fmt: skip
    else:
        hint = first_hint(
            function,
            (x, p, mask, False),
            [
                (x * mask, "In evaluation mode nothing is dropped: every value passes."),
                (x * mask / (1 - p), "In evaluation mode nothing is dropped: every value "
                 "passes."),
                (x * (1 - p), "With inverted scaling the evaluation pass is x itself: the "
                 "scaling was already done during training."),
            ],
            "Evaluation mode: x unchanged.",
        )  # fmt: skip
    return check_function(
        "Exercise 5 (dropout)",
        function,
        cases,
        name="dropout_forward",
        hint=hint,
        more="Inverted dropout does all its work in training: zero the dropped values and "
        "divide the kept ones by 1 − p. At evaluation it is the identity.",
        fix="return x * mask / (1 - p) if train else x",
    )
