"""Lesson 01, loss: live experiments on how a loss scores a model's mistakes.

- :class:`OutlierLosses`: move one patient's value and watch MSE, MAE and
  cross-entropy react, and the best MSE and MAE lines move (or not).
- :class:`LineFit`: weight and bias sliders over a small regression; the
  residuals and the MSE update live; a challenge to get close to the best line.
- :class:`LogLossCurve`: the log-loss of one example as the predicted probability moves.
- :class:`ImageError`: an image is a matrix; its error is pixel-by-pixel arithmetic.
- :class:`LossReplay`: per-example losses shrinking during a real gradient-descent run.

The data are scikit-learn's bundled diabetes set (442 patients, no download):
body-mass index (BMI, kg/m²) and a disease-progression score one year later.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from matplotlib.collections import LineCollection
from matplotlib.figure import Figure
from sklearn.datasets import load_diabetes, load_digits

from course_lib import losses, regression
from course_lib.live import Experiment, log_slider, slider
from course_lib.style import COLORS, ERROR, SEQUENTIAL

BMI = "body-mass index, BMI (kg/m²)"
PROGRESSION = "disease progression (score)"
#: The challenge in LineFit: an MSE within this factor of the least-squares optimum.
CHALLENGE_FACTOR = 1.10


@dataclass(frozen=True)
class Patients:
    """BMI (kg/m²) and disease progression of some patients of the diabetes data set."""

    bmi: np.ndarray
    progression: np.ndarray


def diabetes(n: int | None = None, seed: int = 0) -> Patients:
    """All 442 patients, or ``n`` of them drawn without replacement with a fixed seed."""
    data = load_diabetes(scaled=False)
    bmi, progression = data.data[:, 2], data.target
    if n is not None:
        rows = np.sort(np.random.default_rng(seed).choice(len(bmi), size=n, replace=False))
        bmi, progression = bmi[rows], progression[rows]
    return Patients(bmi.astype(float), progression.astype(float))


def normal_cdf(z: np.ndarray) -> np.ndarray:
    """The probability that a standard normal value is below z."""
    return 0.5 * (1 + np.vectorize(math.erf)(np.asarray(z, dtype=float) / math.sqrt(2)))


# -- 1. the same data under three losses --------------------------------------------
@dataclass(frozen=True)
class OutlierResult:
    y: np.ndarray  # the progressions, with the moved patient's value
    lines: dict  # loss name -> (w, b) of the best line on these 12 patients
    constants: dict  # loss name -> best constant
    values: dict  # loss name -> the fixed model's loss on these patients
    shares: dict  # loss name -> the moved patient's share (%) of the total loss


class OutlierLosses(Experiment):
    """Move one patient's progression: three losses of a fixed model, and the best lines."""

    call_name = "loss.OutlierLosses"
    figsize = (10.0, 3.8)

    def __init__(self, **settings) -> None:
        self.patients = diabetes(12, seed=1)
        everyone = diabetes()
        # The fixed model: the least-squares line of all 442 patients.
        self.model = losses.best_line(everyone.bmi, everyone.progression, "mse")
        fitted = self.model[0] * everyone.bmi + self.model[1]
        self.sigma = float(np.std(everyone.progression - fitted))
        self.threshold = float(np.median(everyone.progression))
        # The moved patient: the one whose BMI is closest to the median BMI (little leverage).
        self.moved = int(np.argmin(np.abs(self.patients.bmi - np.median(self.patients.bmi))))
        super().__init__(**settings)

    def make_controls(self):
        value = 5 * round(float(self.patients.progression[self.moved]) / 5)
        return {"moved_y": slider("moved patient's progression", value, 0, 800, 5)}

    def probabilities(self) -> np.ndarray:
        """The fixed model's chance that each patient's progression is above the threshold.

        If the line's errors are normal with spread sigma, P(y > t) = Phi((prediction - t) / sigma).
        """
        w, b = self.model
        return normal_cdf((w * self.patients.bmi + b - self.threshold) / self.sigma)

    def compute(self, moved_y):
        y = self.patients.progression.copy()
        y[self.moved] = moved_y
        w, b = self.model
        prediction = w * self.patients.bmi + b
        labels = (y > self.threshold).astype(float)
        per_example = {
            "MSE": losses.squared_errors(y, prediction),
            "MAE": losses.absolute_errors(y, prediction),
            "cross-entropy": losses.cross_entropies(labels, self.probabilities()),
        }
        return OutlierResult(
            y=y,
            lines={k: losses.best_line(self.patients.bmi, y, k) for k in ("mse", "mae")},
            constants={k: losses.best_constant(y, k) for k in ("mse", "mae")},
            values={k: float(v.mean()) for k, v in per_example.items()},
            shares={k: float(100 * v[self.moved] / v.sum()) for k, v in per_example.items()},
        )

    def build(self, fig: Figure) -> None:
        self.ax_data, self.ax_share = fig.subplots(1, 2, width_ratios=(1.4, 1))
        ax = self.ax_data
        x = self.patients.bmi
        self.points = ax.scatter(
            x, self.patients.progression, color=COLORS["blue"], edgecolor="black", label="patients"
        )
        (self.moved_point,) = ax.plot(
            [],
            [],
            "o",
            ms=11,
            color=COLORS["vermillion"],
            mec="black",
            label="the patient you move",
        )
        self._xs = np.array([x.min() - 1, x.max() + 1])
        (self.mse_line,) = ax.plot([], [], color=COLORS["blue"], label="best line under MSE")
        (self.mae_line,) = ax.plot(
            [], [], color=COLORS["orange"], ls="--", label="best line under MAE"
        )
        ax.set(xlim=self._xs, ylim=(-20, 830), xlabel=BMI, ylabel=PROGRESSION)
        ax.set_title("12 patients and the best lines")
        ax.legend(loc="upper left", fontsize=8)
        names = ["MSE", "MAE", "cross-entropy"]
        colours = [COLORS["blue"], COLORS["orange"], COLORS["green"]]
        self.bars = self.ax_share.bar(names, np.zeros(3), color=colours)
        self.bar_labels = [
            self.ax_share.text(i, 0, "", ha="center", va="bottom", fontsize=9) for i in range(3)
        ]
        self.ax_share.axhline(
            100 / 12, color=COLORS["grey"], ls=":", lw=1.2, label="fair share 1/12"
        )
        self.ax_share.set(
            ylim=(0, 105),
            ylabel="share of the total loss (%)",
            xlabel=f"loss of the line fitted to all {len(diabetes().bmi)} patients",
            title="How much the moved patient counts",
        )
        self.ax_share.legend(loc="upper left")

    def update(self, result: OutlierResult) -> None:
        self.points.set_offsets(np.column_stack([self.patients.bmi, result.y]))
        self.moved_point.set_data([self.patients.bmi[self.moved]], [result.y[self.moved]])
        for line, key in ((self.mse_line, "mse"), (self.mae_line, "mae")):
            w, b = result.lines[key]
            line.set_data(self._xs, w * self._xs + b)
        for bar, label, (i, share) in zip(
            self.bars, self.bar_labels, enumerate(result.shares.values()), strict=True
        ):
            bar.set_height(share)
            label.set_position((i, share + 1))
            label.set_text(f"{share:.0f}%")

    def moving_artists(self) -> list:
        lines = [self.points, self.moved_point, self.mse_line, self.mae_line]
        return [*lines, *self.bars, *self.bar_labels]

    def describe(self, result: OutlierResult) -> str:
        (wm, bm), (wa, ba) = result.lines["mse"], result.lines["mae"]
        s, v = result.shares, result.values
        return (
            f"Moved patient at progression {result.y[self.moved]:.0f}: its share of the loss is "
            f"{s['MSE']:.0f}% (MSE), {s['MAE']:.0f}% (MAE), "
            f"{s['cross-entropy']:.0f}% (cross-entropy); "
            f"MSE {v['MSE']:.0f}, MAE {v['MAE']:.1f}, cross-entropy {v['cross-entropy']:.2f}. "
            f"Best line under MSE: {wm:.1f}·BMI {bm:+.0f}; under MAE: {wa:.1f}·BMI {ba:+.0f}. "
            f"Best constant: mean {result.constants['mse']:.1f} (MSE), "
            f"median {result.constants['mae']:.1f} (MAE)."
        )


# -- 2. fit a line by hand ----------------------------------------------------------
class LineFit(Experiment):
    """Weight and bias sliders: the line, its residuals and its MSE, live."""

    call_name = "loss.LineFit"
    figsize = (9.0, 3.8)

    def __init__(self, **settings) -> None:
        self.patients = diabetes(20, seed=0)
        w, b = regression.least_squares(self.patients.bmi, self.patients.progression)
        self.best = (float(w[0]), b)
        self.best_mse = losses.mse(self.patients.progression, w[0] * self.patients.bmi + b)
        self.target = CHALLENGE_FACTOR * self.best_mse
        super().__init__(**settings)

    def make_controls(self):
        return {
            "w": slider("weight w (score per kg/m²)", 2.0, -10.0, 30.0, 0.1),
            "b": slider("bias b (score)", 100.0, -600.0, 400.0, 1.0),
        }

    def compute(self, w, b):
        prediction = w * self.patients.bmi + b
        return {
            "prediction": prediction,
            "mse": losses.mse(self.patients.progression, prediction),
        }

    def build(self, fig: Figure) -> None:
        self.ax, self.ax_mse = fig.subplots(1, 2, width_ratios=(2.2, 1))
        x, y = self.patients.bmi, self.patients.progression
        self._xlim = (x.min() - 2, x.max() + 2)
        self._ylim = (-50, 450)
        self.residuals = LineCollection([], colors=COLORS["vermillion"], lw=1.5, label="residuals")
        self.ax.add_collection(self.residuals)
        self.ax.scatter(x, y, color=COLORS["blue"], edgecolor="black", zorder=3, label="patients")
        (self.line,) = self.ax.plot([], [], color=COLORS["black"], label="your line w·BMI + b")
        self.ax.set(xlim=self._xlim, ylim=self._ylim, xlabel=BMI, ylabel=PROGRESSION)
        self.ax.set_title("Your line and its residuals (20 patients)")
        self.ax.legend(loc="upper left", fontsize=8)
        (self.bar,) = self.ax_mse.bar(["your MSE"], [0.0], color=COLORS["blue"])
        self.ax_mse.axhline(self.target, color=COLORS["green"], ls="--", label="target")
        self.ax_mse.axhline(self.best_mse, color=COLORS["grey"], ls=":", label="best possible")
        self.ax_mse.set_yscale("log")
        self.ax_mse.set(
            ylim=(0.5 * self.best_mse, 1e6), ylabel="MSE (score², log scale)", title="MSE"
        )
        self.ax_mse.legend(loc="upper right")

    def update(self, result) -> None:
        w, b = self.settings["w"], self.settings["b"]
        xs = np.array(self._xlim)
        self.line.set_data(xs, w * xs + b)
        x, y = self.patients.bmi, self.patients.progression
        segments = np.stack(
            [np.column_stack([x, y]), np.column_stack([x, result["prediction"]])], 1
        )
        self.residuals.set_segments(segments)
        self.bar.set_height(min(result["mse"], 1e6))
        ends = w * xs + b
        if ends.max() < self._ylim[0] or ends.min() > self._ylim[1]:
            self.show_message(
                f"Your line is off the plot (MSE {result['mse']:,.0f}).\n"
                "Move w or b back until the line crosses the points."
            )

    def moving_artists(self) -> list:
        return [self.line, self.residuals, self.bar]

    def describe(self, result) -> str:
        w, b = self.settings["w"], self.settings["b"]
        return (
            f"Line {w:.1f}·BMI {b:+.0f}: MSE {result['mse']:,.0f} "
            f"({result['mse'] / self.best_mse:.2f} × the best possible {self.best_mse:,.0f}, "
            f"reached by {self.best[0]:.2f}·BMI {self.best[1]:+.1f})."
        )

    def challenge_status(self, result) -> tuple[bool, str]:
        if result["mse"] <= self.target:
            return True, (
                f"MSE {result['mse']:,.0f} is below the target {self.target:,.0f} — within "
                f"{100 * (CHALLENGE_FACTOR - 1):.0f}% of the best line. Well done!"
            )
        return False, (
            f"get the MSE below {self.target:,.0f} (10% above the best possible); "
            f"now {result['mse']:,.0f}."
        )


# -- 3. log-loss of one example -----------------------------------------------------
class LogLossCurve(Experiment):
    """Slide the predicted probability p: the log-loss if the true label is 1 and if it is 0."""

    call_name = "loss.LogLossCurve"
    figsize = (7.0, 3.6)
    YMAX = 7.0

    def make_controls(self):
        return {"p": slider("predicted probability p of class 1", 0.7, 0.0, 1.0, 0.01)}

    def compute(self, p):
        return {
            "p": p,
            "if_1": losses.log_loss([1.0], [p]),
            "if_0": losses.log_loss([0.0], [p]),
        }

    def build(self, fig: Figure) -> None:
        self.ax = fig.add_subplot()
        grid = np.linspace(0.001, 0.999, 400)
        self.ax.plot(grid, -np.log(grid), color=COLORS["blue"], label="true label y = 1: −log p")
        self.ax.plot(
            grid,
            -np.log(1 - grid),
            color=COLORS["orange"],
            ls="--",
            label="true label y = 0: −log(1 − p)",
        )
        (self.dot_1,) = self.ax.plot([], [], "o", color=COLORS["blue"], mec="black")
        (self.dot_0,) = self.ax.plot([], [], "s", color=COLORS["orange"], mec="black")
        self.cursor = self.ax.axvline(0.5, color=COLORS["grey"], lw=1)
        self.ax.set(
            xlim=(0, 1),
            ylim=(0, self.YMAX),
            xlabel="predicted probability p of class 1",
            ylabel="log-loss (nats)",
            title="Log-loss of one example",
        )
        self.ax.legend(loc="upper center")

    def update(self, result) -> None:
        p = result["p"]
        self.cursor.set_xdata([p, p])
        self.dot_1.set_data([p], [min(result["if_1"], self.YMAX)])
        self.dot_0.set_data([p], [min(result["if_0"], self.YMAX)])
        worst = max(result["if_1"], result["if_0"])
        if worst > self.YMAX:
            label = 1 if result["if_1"] > result["if_0"] else 0
            self.show_message(
                f"p = {p:g} is certain, and if the true label is {label} it is certainly wrong:\n"
                "−log(0) is infinite. We clip p to [1e-15, 1 − 1e-15],\n"
                f"so the loss is {worst:.1f} (far above this plot)."
            )

    def moving_artists(self) -> list:
        return [self.cursor, self.dot_1, self.dot_0]

    def describe(self, result) -> str:
        return (
            f"At p = {result['p']:.2f}: log-loss {result['if_1']:.3f} if the true label is 1, "
            f"{result['if_0']:.3f} if it is 0."
        )


# -- 4. an image is a matrix --------------------------------------------------------
def digit_image(digit: int) -> np.ndarray:
    """The first 8x8 image of ``digit`` in scikit-learn's bundled digits, scaled to [0, 1]."""
    data = load_digits()
    return data.images[np.flatnonzero(data.target == digit)[0]] / 16.0


def blur(image: np.ndarray) -> np.ndarray:
    """A 3x3 box blur (each pixel becomes the mean of its neighbourhood, edges padded)."""
    padded = np.pad(image, 1, mode="edge")
    rows, cols = image.shape
    return sum(padded[i : i + rows, j : j + cols] for i in range(3) for j in range(3)) / 9.0


def model_output(target: np.ndarray, quality: float, seed: int = 0) -> np.ndarray:
    """A pretend model's output: quality 1 is the target, quality 0 half blur, half noise.

    output = quality * target + (1 - quality) * (blur(target) + noise) / 2, noise seeded.
    """
    if not 0 <= quality <= 1:
        raise ValueError(f"quality must be between 0 and 1, got {quality!r}")
    noise = np.random.default_rng(seed).uniform(0, 1, size=target.shape)
    return quality * target + (1 - quality) * 0.5 * (blur(target) + noise)


class ImageError(Experiment):
    """A target digit, a model's output and the per-pixel squared error, with the MSE."""

    call_name = "loss.ImageError"
    figsize = (10.0, 3.4)

    def make_controls(self):
        return {
            "quality": slider("model quality", 0.3, 0.0, 1.0, 0.05),
            "digit": slider("digit", 3, 0, 9, 1, integer=True),
        }

    def compute(self, quality, digit):
        target = self.memo(("digit", digit), lambda: digit_image(digit))
        output = model_output(target, quality, seed=digit)
        error = losses.squared_errors(target, output)
        return {"target": target, "output": output, "error": error, "mse": float(error.mean())}

    def build(self, fig: Figure) -> None:
        axes = fig.subplots(1, 3)
        blank = np.zeros((8, 8))
        titles = ("target image", "model output", "squared error per pixel")
        maps = (SEQUENTIAL, SEQUENTIAL, ERROR)
        labels = ("ink (0 = blank, 1 = full)", "ink (0 = blank, 1 = full)", "(output − target)²")
        self.images = []
        for ax, title, cmap, label in zip(axes, titles, maps, labels, strict=True):
            image = ax.imshow(blank, cmap=cmap, vmin=0, vmax=1)
            fig.colorbar(image, ax=ax, label=label, shrink=0.85)
            ax.set(title=title, xlabel="pixel column", ylabel="pixel row")
            ax.grid(False)
            self.images.append(image)
        self.error_title = axes[2].title

    def update(self, result) -> None:
        for image, key in zip(self.images, ("target", "output", "error"), strict=True):
            image.set_data(result[key])
        self.error_title.set_text(f"squared error, MSE = {result['mse']:.4f}")

    def moving_artists(self) -> list:
        return [*self.images, self.error_title]

    def describe(self, result) -> str:
        worst = np.unravel_index(int(np.argmax(result["error"])), result["error"].shape)
        return (
            f"Digit {self.settings['digit']} at quality {self.settings['quality']:.2f}: "
            f"MSE over the 64 pixels {result['mse']:.4f}; the worst pixel (row {worst[0]}, "
            f"column {worst[1]}) has squared error {result['error'][worst]:.3f}."
        )


# -- 5. per-example losses during training --------------------------------------------
REPLAY_EPOCHS = 60


class LossReplay(Experiment):
    """A real gradient-descent run on 12 patients: each one's loss and their average Q, by epoch."""

    call_name = "loss.LossReplay"
    figsize = (10.0, 3.8)

    def __init__(self, **settings) -> None:
        self.patients = diabetes(12, seed=1)
        self.x, self.bmi_mean, self.bmi_std = regression.standardize(self.patients.bmi)
        w, b = regression.least_squares(self.x, self.patients.progression)
        self.best_q = losses.mse(self.patients.progression, regression.predict(self.x, w, b))
        self.stable_lr = regression.largest_stable_learning_rate(self.x)
        super().__init__(**settings)

    def make_controls(self):
        return {
            "epoch": slider("epoch", 0, 0, REPLAY_EPOCHS, 1, integer=True),
            "lr": log_slider("learning rate", 0.05, 1e-3, 3.0, continuous=False),
        }

    def run(self, lr: float) -> regression.TrainingRun:
        """The training run for this learning rate, computed once; the epoch slider indexes it."""
        key = round(float(lr), 12)
        y = self.patients.progression
        return self.memo(key, lambda: regression.train(self.x, y, lr, REPLAY_EPOCHS))

    def compute(self, epoch, lr):
        run = self.run(lr)
        return {"run": run, "epoch": epoch, "losses": run.per_example_losses[epoch]}

    def build(self, fig: Figure) -> None:
        self.ax_bars, self.ax_q = fig.subplots(1, 2, width_ratios=(1.4, 1))
        n = len(self.x)
        start = self.patients.progression**2  # the loss at epoch 0: w = 0, b = 0 predicts 0
        self._ceiling = 1.1 * float(start.max())
        self._q_ceiling = 10 * float(start.mean())  # a fixed range: Q of diverging runs is cut off
        self.bars = self.ax_bars.bar(
            np.arange(1, n + 1),
            np.zeros(n),
            color=COLORS["sky"],
            edgecolor=COLORS["blue"],
            label="one patient's squared error",
        )
        self.q_line = self.ax_bars.axhline(
            0, color=COLORS["vermillion"], lw=2, label="their average Q"
        )
        self.ax_bars.set(
            xlim=(0.4, n + 0.6),
            ylim=(0, self._ceiling),
            xticks=np.arange(1, n + 1),
            xlabel="patient (training example)",
            ylabel="squared error (score²)",
            title="Each example's loss",
        )
        self.ax_bars.legend(loc="upper right")
        epochs = np.arange(REPLAY_EPOCHS + 1)
        (self.q_curve,) = self.ax_q.plot(
            epochs, np.ones_like(epochs, float), color=COLORS["blue"], label="Q during training"
        )
        self.ax_q.axhline(self.best_q, color=COLORS["grey"], ls=":", label="least-squares minimum")
        (self.q_dot,) = self.ax_q.plot([], [], "o", color=COLORS["vermillion"], label="now")
        self.ax_q.set_yscale("log")
        self.ax_q.set(
            xlim=(0, REPLAY_EPOCHS),
            ylim=(0.5 * self.best_q, self._q_ceiling),
            xlabel="epoch (one gradient step on all 12)",
            ylabel="Q = mean squared error (score², log)",
            title="The average Q",
        )
        self.ax_q.legend(loc="upper right", fontsize=8)

    def update(self, result) -> None:
        run, epoch = result["run"], result["epoch"]
        for bar, height in zip(self.bars, result["losses"], strict=True):
            bar.set_height(min(height, self._ceiling))
        q = float(run.risk[epoch])
        self.q_line.set_ydata([min(q, self._ceiling)] * 2)
        self.q_dot.set_data([epoch], [min(q, self._q_ceiling)])
        self.q_curve.set_ydata(np.minimum(run.risk, self._q_ceiling))
        top = float(run.risk.max())
        if run.diverged_at is not None or run.risk[-1] > run.risk[0]:
            self.show_message(
                f"Learning rate {run.learning_rate:.3g} is too big: each step overshoots and\n"
                f"Q grows to {top:.3g}. Bars and Q above the plots are cut off.\n"
                f"On these data every learning rate below {self.stable_lr:.3g} converges."
            )

    def moving_artists(self) -> list:
        return [*self.bars, self.q_line, self.q_dot, self.q_curve]

    def describe(self, result) -> str:
        run, epoch = result["run"], result["epoch"]
        q = float(run.risk[epoch])
        worst = int(np.argmax(result["losses"]))
        return (
            f"Epoch {epoch} (learning rate {run.learning_rate:.3g}): Q = {q:,.0f} "
            f"({q / self.best_q:.2f} × the least-squares minimum {self.best_q:,.0f}); "
            f"largest loss: patient {worst + 1}, {result['losses'][worst]:,.0f}."
        )
