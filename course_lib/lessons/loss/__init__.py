"""Lesson 01, loss: live experiments on how a loss scores a model's mistakes.

- ``OutlierLosses`` (outlier_losses.py): move one patient's value and watch MSE, MAE
  and cross-entropy react, and the best MSE and MAE lines move (or not).
- ``LineFit`` (line_fit.py): weight and bias sliders over a small regression; the
  residuals and the MSE update live; a challenge to get close to the best line.
- ``LogLossCurve`` (log_loss_curve.py): the log-loss of one example as the
  predicted probability moves.
- ``ImageError`` (image_error.py): an image is a matrix; its error is pixel-by-pixel
  arithmetic.
- ``LossReplay`` (loss_replay.py): per-example losses shrinking during a real
  gradient-descent run.

The losses are :mod:`course_lib.losses`, the line and its training
:mod:`course_lib.regression`, the pretend model's images :mod:`course_lib.images`;
the data scikit-learn's bundled diabetes and digits sets (:mod:`course_lib.datasets`).
"""

from course_lib.lessons.loss.image_error import ImageError
from course_lib.lessons.loss.line_fit import LineFit
from course_lib.lessons.loss.log_loss_curve import LogLossCurve
from course_lib.lessons.loss.loss_replay import LossReplay
from course_lib.lessons.loss.outlier_losses import OutlierLosses

__all__ = ["ImageError", "LineFit", "LogLossCurve", "LossReplay", "OutlierLosses"]
