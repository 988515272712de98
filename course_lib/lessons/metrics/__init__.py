"""Lesson 05, metrics: live experiments on choosing the measure that matches what a
mistake costs.

- ``ThresholdExplorer`` (threshold_explorer.py): a threshold slider on a real model's
  scores; confusion counts, accuracy, precision, recall, F1 and the point on the ROC and
  precision-recall curves move together.
- ``ClassImbalance`` (class_imbalance.py): make malignant tumours rare; accuracy flatters a
  model that finds none, ROC AUC barely moves, average precision falls.
- ``ErrorCosts`` (error_costs.py): prices for a false alarm and a miss; the cheapest
  threshold moves.
- ``BumpTest`` (bump_test.py): two models a point or two apart; a paired bootstrap interval
  and McNemar's test on fewer or more test examples.
- ``Baselines`` (baselines.py): majority class, logistic regression and a small tree
  against gradient boosting, on one split.
- ``RegressionOutlier`` (regression_outlier.py): drag one patient; MSE, MAE and R² react,
  and a model worse than the mean scores R² below 0.
- ``RankedList`` (ranked_list.py): reorder ten search results and move K; precision@K,
  recall@K, average precision and NDCG@K.
- ``CharPerplexity`` (char_perplexity.py): uniform to trigram character models on held-out
  Shakespeare; surprise per character and perplexity = exp(cross-entropy).
- ``BleuParaphrase`` (bleu_paraphrase.py): BLEU's parts for a paraphrase, a negation and
  other candidates against one reference.
- ``SubgroupGap`` (subgroup_gap.py): equal accuracy for small and large tumours, unequal
  recall.
- ``Reliability`` (reliability.py): a reliability diagram, ECE and the Brier score.
- ``AnnotatorAgreement`` (annotator_agreement.py): raw agreement against Cohen's kappa, and
  the ceiling the labels put on any model.
- ``RecallChallenge`` (recall_challenge.py): meet a recall requirement with the best
  precision, chosen on one half of the held-out data and judged on the other.

The measures are :mod:`course_lib.metrics`, :mod:`course_lib.curves`,
:mod:`course_lib.ranking`, :mod:`course_lib.calibration`, :mod:`course_lib.agreement`,
:mod:`course_lib.comparison`, :mod:`course_lib.language_models` and :mod:`course_lib.bleu`;
the data :mod:`course_lib.metrics_data` and :mod:`course_lib.datasets`.
"""

from course_lib.lessons.metrics.annotator_agreement import AnnotatorAgreement
from course_lib.lessons.metrics.baselines import Baselines
from course_lib.lessons.metrics.bleu_paraphrase import BleuParaphrase
from course_lib.lessons.metrics.bump_test import BumpTest
from course_lib.lessons.metrics.char_perplexity import CharPerplexity
from course_lib.lessons.metrics.class_imbalance import ClassImbalance
from course_lib.lessons.metrics.error_costs import ErrorCosts
from course_lib.lessons.metrics.ranked_list import RankedList
from course_lib.lessons.metrics.recall_challenge import RecallChallenge
from course_lib.lessons.metrics.regression_outlier import RegressionOutlier
from course_lib.lessons.metrics.reliability import Reliability
from course_lib.lessons.metrics.subgroup_gap import SubgroupGap
from course_lib.lessons.metrics.threshold_explorer import ThresholdExplorer

__all__ = [
    "AnnotatorAgreement",
    "Baselines",
    "BleuParaphrase",
    "BumpTest",
    "CharPerplexity",
    "ClassImbalance",
    "ErrorCosts",
    "RankedList",
    "RecallChallenge",
    "RegressionOutlier",
    "Reliability",
    "SubgroupGap",
    "ThresholdExplorer",
]
