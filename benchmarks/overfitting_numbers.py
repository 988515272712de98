"""Print every number lesson 04 shows, with its seed and the CPU time it took.

    OMP_NUM_THREADS=1 python benchmarks/overfitting_numbers.py

Nothing here is asserted: the tests check the behaviour, this script shows the
values (validation U, bias/variance, contradiction floor, memorisation epochs
against n, best-of-many, leaks, drift, remedies on the digits) so that they
can be read and compared across changes.
"""

from __future__ import annotations

import time

import numpy as np

from course_lib import (
    capacity,
    generalization,
    label_noise,
    leakage,
    memorization,
    regularization,
    training,
)


def timed(label: str):
    class Timer:
        def __enter__(self):
            self.start = time.process_time()

        def __exit__(self, *exc):
            print(f"  [{label}: {time.process_time() - self.start:.2f} s CPU]")

    return Timer()


def main() -> None:
    np.set_printoptions(precision=4, linewidth=110, suppress=False)

    print("Validation curve (capacity.default_curve, seed 0):")
    with timed("default_curve"):
        curve = capacity.default_curve(0)
    print("  train MSE     ", curve.train_mse)
    print("  validation MSE", curve.validation_mse)
    print("  best degree   ", curve.best_degree)

    print("Bias^2 / variance (capacity.bias_variance, seed 0, 200 training sets of 20):")
    with timed("bias_variance"):
        bv = capacity.bias_variance(degrees=range(10))
    print("  bias^2  ", bv.bias_squared)
    print("  variance", bv.variance)
    print("  total   ", bv.total, " noise", bv.noise)

    print("Contradicting example (label_noise.fit_with_contradiction, 200 epochs):")
    X = np.array([[0.8, 0.2], [0.9, 0.3], [0.2, 0.9], [0.1, 0.8]])
    y = np.array([1.0, 1.0, 0.0, 0.0])
    X_held = np.array([[0.85, 0.25], [0.15, 0.85], [0.7, 0.3], [0.3, 0.7]])
    y_held = np.array([1.0, 0.0, 1.0, 0.0])
    for x_new in ([0.8, 0.2], [0.5, 0.5]):
        result = label_noise.fit_with_contradiction(X, y, x_new, 0.0, X_held, y_held)
        print(
            f"  x_new={x_new} y_new=0: floor without {result.floor_without:.3g}, "
            f"with {result.floor_with:.4f}; held-out loss without "
            f"{result.without.heldout_loss:.4f}, with {result.with_contradiction.heldout_loss:.4f}"
        )

    print("Random labels (memorization.memorize, seed 0, MLP [64, 128, 10], Adam 0.01):")
    for random in (True, False):
        for n in (32, 64, 128, 256, 512, 1024):
            start = time.process_time()
            r = memorization.memorize(n, random=random, seed=0)
            print(
                f"  {r.labels:6s} n={n:4d}: epochs {r.epochs}, train {r.train_accuracy:.3f}, "
                f"test {r.test_accuracy:.3f} (random test labels {r.random_test_accuracy:.3f})"
                f"  ({time.process_time() - start:.2f} s CPU)"
            )

    print("Best of 1000 random models by a 50-row test score (leakage.best_of_random_models):")
    for seed in (0, 1, 2):
        for separation in (0.0, 0.5):
            b = leakage.best_of_random_models(seed=seed, separation=separation)
            print(
                f"  seed {seed} separation {separation}: best test {b.best_test_score:.3f}, "
                f"same model on 10000 fresh rows {b.best_fresh_score:.3f}, "
                f"best fresh of all {b.fresh_scores.max():.3f}"
            )

    print("Leaks (seed 0):")
    print(" ", leakage.duplicate_leakage(seed=0))
    print(" ", leakage.label_leak(seed=0))

    print("Learning curve, degree 3 (generalization.learning_curve, seeds 0..19):")
    lc = generalization.learning_curve()
    print("  sizes", lc.sizes, "\n  train", lc.train_mse, "\n  valid", lc.validation_mse)
    print(" ", generalization.variety_vs_volume())
    copies = generalization.copies_learning_curve()
    print("  copies of the first 10, sizes", copies.sizes, "\n  valid", copies.validation_mse)

    print("A softmax too many (training.softmax_twice, 3 classes, target 0):")
    for logits in ([8.0, 0.0, 0.0], [0.0, 8.0, 0.0]):
        r = training.softmax_twice(logits, 0)
        print(
            f"  logits {logits}: loss {r.loss_once:.4f} once, {r.loss_twice:.4f} twice; "
            f"|gradient| {abs(r.gradient_once).sum():.4f} once, {abs(r.gradient_twice).sum():.4f}"
            " twice"
        )
    print(f"  floor after a second softmax: {training.double_softmax_floor(3):.4f}")

    print("Drift (generalization.drift_curve, degree 3, n_train 100, seeds 0..9):")
    dc = generalization.drift_curve(shifts=np.linspace(0, 1, 11))
    print("  shift", dc.shifts, "\n  MSE  ", dc.mse)

    print("Remedies on 50 digits (regularization.compare_remedies, seeds 0, 1, 2):")
    with timed("compare_remedies"):
        results = regularization.compare_remedies()
    for r in results:
        print(
            f"  {r.remedy.name:26s} train {r.train_accuracy.mean():.3f}  "
            f"test {r.test_accuracy.round(3)} mean {r.mean_test_accuracy:.3f}  epochs {r.epochs}"
        )


if __name__ == "__main__":
    main()
