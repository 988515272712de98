# ---
# jupyter:
#   kernelspec:
#     display_name: Python 3 (ipykernel)
#     language: python
#     name: python3
# ---

# %% [markdown]
# # Lesson 05 — Metrics: choosing the number that matches what a mistake costs
#
# Training makes a loss small ([lesson 01](01_loss.ipynb)). But "is the model any good?"
# is a different question, asked in the units of whoever pays for its mistakes: a missed
# cancer, a false alarm, a useless search result. This lesson builds every common
# measure from counts you can see, and then shows where each one can lie.
#
# **What you will learn**
#
# - accuracy, precision, recall and F1 as ratios of four counts, and why accuracy lies
#   when one class is rare;
# - ROC and precision–recall curves: every threshold at once, summed up as ROC AUC and
#   average precision — and why the PR curve says more when positives are rare;
# - to choose a threshold from what each kind of mistake costs;
# - whether a bump of one point is real (a paired bootstrap and McNemar's test), and how
#   competitive simple baselines are;
# - MSE, MAE and R² for regression; precision@K, recall@K, AP and NDCG for rankings;
#   perplexity and BLEU for generated text;
# - that a number is only as good as its data and labels: subgroups, mistakes,
#   calibration and annotator agreement.
#
# **Time:** about 75 minutes. Seven exercises, two predictions, one challenge.

# %% [markdown]
# ## Setup
#
# Run this cell first. It trains four models on the breast-cancer data (a few seconds,
# once) and loads the lesson's experiments and checks.

# %%
import numpy as np

from course_lib import (
    agreement,
    checks,
    curves,
    language_models,
    metrics,
    metrics_data,
    predict,
)
from course_lib.lessons import metrics as lesson
from course_lib.lessons.metrics.common import cancer, cancer_scores, char_models

check = checks.for_lesson("05_metrics")
held = cancer_scores()
y_test, lr_score = held.y_true, held.scores["logistic regression"]
print(
    f"{len(cancer().y)} tumours, {cancer().y.sum()} malignant; the models trained on "
    f"{len(held.train_index)} and are scored on the other {len(y_test)} "
    f"({y_test.sum()} malignant)."
)

# %% [markdown]
# ## 1. Four counts
#
# A model scores each tumour: its probability that the tumour is malignant. A
# **threshold** turns the score into a decision (malignant when score ≥ threshold). Each
# decision lands in one of four cells:
#
# | | said benign | said malignant |
# |---|---|---|
# | **is benign** | true negative (TN) | false positive (FP): a false alarm |
# | **is malignant** | false negative (FN): a missed cancer | true positive (TP) |
#
# Every classification metric is a ratio of these counts:
#
# - **accuracy** = (TP + TN) / all: the share of right answers;
# - **precision** = TP / (TP + FP): of the tumours called malignant, the share that are;
# - **recall** = TP / (TP + FN): of the malignant tumours, the share found;
# - **F1** = 2 TP / (2 TP + FP + FN): one number that is high only when both are.
#
# Before you move the threshold below, predict.

# %%
guess_precision = predict.choice(
    "Logistic regression at threshold 0.5 finds most malignant tumours. Lower the threshold "
    "to 0.1: recall rises. What does precision do?",
    ["it rises too", "it falls", "it stays the same"],
    key="05-precision-at-0.1",
)
guess_precision

# %% [markdown]
# Drag the threshold. The confusion counts, the four metrics and the red points on the
# ROC and precision–recall curves all move together: one threshold is one point on each
# curve. Push it to 1.0: nothing is called malignant, and precision becomes 0/0.

# %%
lesson.ThresholdExplorer()

# %%
at_half = metrics.confusion_at_threshold(y_test, lr_score, 0.5)
at_low = metrics.confusion_at_threshold(y_test, lr_score, 0.1)
for name, c in (("0.5", at_half), ("0.1", at_low)):
    print(
        f"threshold {name}: TP {c.tp}, FP {c.fp}, FN {c.fn}, TN {c.tn} -> precision "
        f"{c.precision():.3f}, recall {c.recall():.3f}, accuracy {c.accuracy():.3f}"
    )

# %%
change = at_low.precision() - at_half.precision()
answer = "it rises too" if change > 0 else "it falls" if change < 0 else "it stays the same"
guess_precision.reveal(
    answer,
    why=f"Lowering the threshold to 0.1 found {at_low.tp - at_half.tp} more malignant tumours "
    f"but also raised {at_low.fp - at_half.fp} more false alarms: precision went from "
    f"{at_half.precision():.3f} to {at_low.precision():.3f}. Recall and precision trade off.",
)

# %% [markdown]
# ### Exercise 1: the confusion counts
#
# Write `confusion_counts(y_true, y_pred)`: two numpy arrays of 0s and 1s (1 = malignant)
# in, the four counts out, in the order `tp, fp, fn, tn`.


# %% nbgrader={"grade": false, "grade_id": "confusion_counts", "locked": false, "schema_version": 3, "solution": true, "task": false}
def confusion_counts(y_true, y_pred):
    ### BEGIN SOLUTION
    tp = np.sum((y_pred == 1) & (y_true == 1))
    fp = np.sum((y_pred == 1) & (y_true == 0))
    fn = np.sum((y_pred == 0) & (y_true == 1))
    tn = np.sum((y_pred == 0) & (y_true == 0))
    return tp, fp, fn, tn
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "confusion_counts_check", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
check.confusion_counts(confusion_counts)
### BEGIN HIDDEN TESTS
check.confusion_counts(confusion_counts).require()
### END HIDDEN TESTS

# %% [markdown]
# ### Exercise 2: precision and recall, and the 0/0 case
#
# Write `precision_recall(tp, fp, fn)` returning `(precision, recall)`. When a ratio is
# 0/0 — nothing called positive, or nothing truly positive — return 0 for it (what
# scikit-learn returns, with a warning; the course's `metrics` module raises instead,
# unless you pass `zero_division=0.0`).


# %% nbgrader={"grade": false, "grade_id": "precision_recall", "locked": false, "schema_version": 3, "solution": true, "task": false}
def precision_recall(tp, fp, fn):
    ### BEGIN SOLUTION
    precision = tp / (tp + fp) if tp + fp > 0 else 0.0
    recall = tp / (tp + fn) if tp + fn > 0 else 0.0
    return precision, recall
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "precision_recall_check", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
check.precision_recall(precision_recall)
### BEGIN HIDDEN TESTS
check.precision_recall(precision_recall).require()
### END HIDDEN TESTS

# %% [markdown]
# ## 2. Every threshold at once: ROC and precision–recall curves
#
# Sweep the threshold from high to low. The **ROC curve** plots recall against the
# false-positive rate FP / (FP + TN); the area under it, **ROC AUC**, is the chance that a
# random malignant tumour scores above a random benign one (0.5 is a coin, 1 is perfect).
# The **precision–recall curve** plots precision against recall; **average precision**
# (AP) averages the precision over the recall gained, step by step.
#
# ### Exercise 3: ROC AUC by the trapezoid rule
#
# Write `roc_auc(fpr, tpr)`: the area under the polyline through the points, fpr
# increasing. Between two neighbouring points the area is a trapezoid.


# %% nbgrader={"grade": false, "grade_id": "roc_auc", "locked": false, "schema_version": 3, "solution": true, "task": false}
def roc_auc(fpr, tpr):
    ### BEGIN SOLUTION
    return np.sum(np.diff(fpr) * (tpr[1:] + tpr[:-1]) / 2)
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "roc_auc_check", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
check.roc_auc(roc_auc)
### BEGIN HIDDEN TESTS
check.roc_auc(roc_auc).require()
### END HIDDEN TESTS

# %% [markdown]
# ### Exercise 4: average precision
#
# Write `average_precision(y_true, y_score)`: rank the examples by score, highest first;
# at each malignant example, note the precision among the examples ranked at or above it;
# return the mean of those precisions. (The scores here have no ties.)


# %% nbgrader={"grade": false, "grade_id": "average_precision", "locked": false, "schema_version": 3, "solution": true, "task": false}
def average_precision(y_true, y_score):
    ### BEGIN SOLUTION
    hits = y_true[np.argsort(-y_score)]
    precision = np.cumsum(hits) / np.arange(1, len(hits) + 1)
    return np.mean(precision[hits == 1])
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "average_precision_check", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
check.average_precision(average_precision)
### BEGIN HIDDEN TESTS
check.average_precision(average_precision).require()
### END HIDDEN TESTS

# %% [markdown]
# Your two functions on the real model, beside the course's:

# %%
roc = curves.roc_curve(y_test, lr_score)
print(
    f"ROC AUC: course {curves.roc_auc_score(y_test, lr_score):.4f}; "
    f"AP: course {curves.average_precision_score(y_test, lr_score):.4f}"
)
try:
    yours = roc_auc(roc.fpr, roc.tpr), average_precision(y_test, lr_score)
    print(f"yours: ROC AUC {yours[0]:.4f}, AP {yours[1]:.4f}")
except NotImplementedError:
    print("(finish exercises 3 and 4 to see yours)")

# %% [markdown]
# ## 3. When positives are rare, accuracy lies
#
# The slider below keeps every benign tumour and drops malignant ones at random until
# they are the share you choose; then it splits the data, trains a small decision tree
# (depth 3) and scores the held-out half. The grey bar is a "model" that always says
# *benign*.

# %%
guess_rare = predict.choice(
    "With only 2 % malignant tumours, which of the tree's held-out scores falls furthest "
    "below its value at the natural 37 %?",
    ["accuracy", "ROC AUC", "average precision"],
    key="05-rare-positives",
)
guess_rare

# %%
imbalance = lesson.ClassImbalance()
imbalance

# %%
rows = {}
for rate in (0.37, 0.1, 0.02):
    r = imbalance.compute(positive_rate=rate)
    rows[rate] = r
    print(
        f"{100 * rate:>4.0f} % malignant ({r.positives} of {r.n_test} held out): always-benign "
        f"accuracy {r.majority_accuracy:.3f} | tree accuracy {r.model_accuracy:.3f}, "
        f"ROC AUC {r.roc_auc:.3f}, AP {r.average_precision:.3f}"
    )

# %%
drops = {
    "accuracy": rows[0.37].model_accuracy - rows[0.02].model_accuracy,
    "ROC AUC": rows[0.37].roc_auc - rows[0.02].roc_auc,
    "average precision": rows[0.37].average_precision - rows[0.02].average_precision,
}
guess_rare.reveal(
    max(drops, key=drops.get),
    why=f"From 37 % to 2 % malignant, accuracy changed by {-drops['accuracy']:+.3f}, ROC AUC "
    f"by {-drops['ROC AUC']:+.3f}, average precision by {-drops['average precision']:+.3f}. "
    f"Always saying benign scores accuracy {rows[0.02].majority_accuracy:.3f} and finds no "
    "cancer at all. ROC's false-positive rate divides by the many negatives, so a few false "
    "alarms barely move it; precision divides by what was flagged, where they weigh as much "
    "as the rare true finds.",
)

# %% [markdown]
# With so few malignant tumours in the held-out half (the count is printed above), every
# number here is noisy: move the slider a step and the tree is retrained on another sample.
# The pattern to take away is the one across the whole range: the always-benign accuracy
# climbs towards 1 as positives get rare, and AP falls further than ROC AUC.

# %% [markdown]
# ## 4. What does a mistake cost?
#
# A missed cancer and a false alarm do not cost the same. Give each a price; the expected
# cost per tumour at a threshold is (price of FP × FP + price of FN × FN) / n. The red
# point is the cheapest threshold on these held-out tumours, the dashed line the threshold
# theory gives for perfectly calibrated probabilities, FP price / (FP price + FN price).

# %%
lesson.ErrorCosts()

# %% [markdown]
# A tiny bump in accuracy can be irrelevant when the cost is in the false negatives. Here
# are the four models at threshold 0.5, with a miss priced at 10 false alarms:

# %%
for name, score in held.scores.items():
    c = metrics.confusion_at_threshold(y_test, score, 0.5)
    best = curves.cheapest_threshold(y_test, score, fp_cost=1, fn_cost=10)
    print(
        f"{name:>20}: accuracy {c.accuracy():.3f}, cost at 0.5 {c.expected_cost(1, 10):.3f}, "
        f"at its cheapest threshold ({best.threshold:.3f}) {best.counts.expected_cost(1, 10):.3f}"
    )

# %% [markdown]
# Logistic regression has the higher accuracy, yet at threshold 0.5 gradient boosting
# costs less: it misses fewer cancers, and the misses are what cost. Moving the threshold
# matters more still: each of the two models costs less at its own cheapest threshold than
# either does at 0.5. (That threshold is chosen on the same tumours it is scored on here,
# which flatters it; the challenge in section 7 does it properly.)

# %% [markdown]
# ## 5. Is a bump real?
#
# Logistic regression and gradient boosting disagree on a handful of tumours. Is the
# better accuracy a property of the model, or of these 171 tumours? Resample the tumours
# with replacement (the same ones for both models, because their answers on one tumour go
# together), recompute the difference each time, and look at the spread: a **paired
# bootstrap**. **McNemar's test** looks only at the tumours where exactly one model is
# right. Move *held-out tumours used* down to 20: the interval is several times wider, and
# the winner flips.

# %%
bump_test = lesson.BumpTest()
bump_test

# %%
bump = bump_test.compute(rival="gradient boosting", n_test=len(y_test))
i, m = bump.interval, bump.mcnemar
print(
    f"accuracy: logistic regression {bump.accuracy_a:.3f}, gradient boosting "
    f"{bump.accuracy_b:.3f}, a difference of {100 * i.difference:.1f} points "
    f"({m.only_a_right} vs {m.only_b_right} tumours where only one is right)"
)
print(
    f"95 % paired bootstrap interval [{100 * i.low:+.1f}, {100 * i.high:+.1f}] points; "
    f"McNemar's exact p = {m.p_value:.2f}"
)

# %% [markdown]
# The interval includes 0 and p is far above 0.05: on these data the bump could be luck.
# To claim one model is better you would need more test examples, or a larger difference.

# %% [markdown]
# ## 6. Baselines are shockingly competitive
#
# Always compare with simple baselines trained on the same split: the majority class
# (always benign), a linear model, a small tree. Switch the metric.

# %%
table = lesson.Baselines()
table

# %%
for metric in lesson.baselines.METRICS:
    values = table.compute(metric=metric).values
    print(f"{metric:>18}: " + ", ".join(f"{k} {v:.3f}" for k, v in values.items()))

# %% [markdown]
# On these data the linear model matches or beats the ensemble of 100 trees on every
# metric but recall, where the two differ by one tumour. An **ablation** asks the same
# question of the inputs: retrain without a group of features and see what is lost.

# %%
data = cancer()
for kept, columns in (("all 30 features", slice(None)), ("the 10 'mean' ones", slice(0, 10))):
    fewer = metrics_data.held_out_scores(
        data.X[:, columns], data.y, seed=0, models=("logistic regression",)
    )
    score = fewer.scores["logistic regression"]
    print(f"logistic regression on {kept}: ROC AUC {curves.roc_auc_score(fewer.y_true, score):.4f}")

# %% [markdown]
# ## 7. Challenge: a screening threshold, judged on tumours you have not seen
#
# A screening test must find at least 95 % of malignant tumours, and raise as few false
# alarms as it can. You see one half of the held-out tumours (the curves); the other half
# judges your threshold. Reaching 95 % on the half you see is easy; reaching it on the
# half you do not see, with good precision, takes a margin.

# %%
challenge = lesson.RecallChallenge()
challenge

# %%
tight = curves.threshold_for_recall(*challenge.choose, 0.95)
judged = metrics.confusion_at_threshold(*challenge.judge, tight.threshold)
print(
    f"the highest threshold reaching recall 0.95 on the visible half: {tight.threshold:.3f} "
    f"(recall {tight.counts.recall():.3f} there); on the judging half it reaches recall "
    f"{judged.recall():.3f}"
)

# %% [markdown]
# The threshold that just meets the requirement on the tumours you can see falls short on
# the ones you cannot: a requirement met with no margin on one sample is met by luck. Leave
# room, and let the unseen half judge.

# %% [markdown]
# ## 8. Regression: MSE, MAE and R²
#
# For a number rather than a class: **MSE** (mean squared error, in squared units), **MAE**
# (mean absolute error, in the units of the target) and **R²** = 1 − MSE(model) /
# MSE(always predicting the mean). R² is 1 for a perfect model, 0 for the mean, and below 0
# for a model worse than the mean. Drag the orange patient, and switch the model.

# %%
reg = lesson.RegressionOutlier()
reg

# %%
for value in (int(reg.patients.progression[2]), 700):
    r = reg.compute(moved_value=value, model="least-squares line")
    print(
        f"moved patient at {value}: least-squares MSE {r.mse:,.0f}, MAE {r.mae:.1f}, "
        f"R² {r.r2['least-squares line']:.3f}; another clinic's 250: "
        f"R² {r.r2[lesson.regression_outlier.MODELS[2]]:.3f}"
    )

# %% [markdown]
# Two things to read in these lines. A constant that is not this data's mean scores R²
# below 0: worse than the mean. And dragging the patient far away more than doubles the
# least-squares MSE, yet R² *rises*: R² measures the error relative to the spread of the
# targets, and the outlier widened the spread more than it hurt the line.

# %% [markdown]
# ## 9. Rankings: is what matters near the top?
#
# A search engine returns ten results for a query; a person graded each from 0 (useless) to
# 3 (exactly right). People read the top few, so ranking metrics look at the top K:
# **precision@K** (the share of the top K that is relevant, grade ≥ 2), **recall@K** (the
# share of all relevant results that made the top K), **AP** (as before, over the whole list)
# and **NDCG@K**, which uses the grades: DCG@K = Σ grade / log2(rank + 1) over the top K,
# divided by the DCG@K of the best possible order.

# %%
lesson.RankedList()

# %% [markdown]
# ### Exercise 5: NDCG@K
#
# Write `ndcg_at_k(relevance, k)`: `relevance` holds the grades in ranked order (top
# first). Return DCG@K of this order divided by DCG@K of the ideal order.


# %% nbgrader={"grade": false, "grade_id": "ndcg_at_k", "locked": false, "schema_version": 3, "solution": true, "task": false}
def ndcg_at_k(relevance, k):
    ### BEGIN SOLUTION
    discount = np.log2(np.arange(2, k + 2))
    dcg = np.sum(relevance[:k] / discount)
    ideal = np.sort(relevance)[::-1][:k]
    return dcg / np.sum(ideal / discount)
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "ndcg_at_k_check", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
check.ndcg_at_k(ndcg_at_k)
### BEGIN HIDDEN TESTS
check.ndcg_at_k(ndcg_at_k).require()
### END HIDDEN TESTS

# %% [markdown]
# ## 10. Generated text: perplexity, and what BLEU cannot see
#
# A language model gives every next character a probability. Its **cross-entropy** on text
# it has not read is the mean surprise, −ln p, in nats per character; **perplexity** =
# exp(cross-entropy) reads as "as unsure as a pick among this many equally likely
# characters". Four character models were fitted on 90 % of tiny Shakespeare (about two
# seconds, once): uniform (no knowledge), unigram (letter frequencies), bigram (the previous
# character) and trigram (the two previous).

# %%
lesson.CharPerplexity()

# %%
fitted = char_models()
vocabulary = fitted.models["uniform"].size
for name, h in fitted.cross_entropy.items():
    print(f"{name:>8}: {h:.3f} nats per character, perplexity {np.exp(h):.2f}")
print(f"the uniform model's perplexity equals the number of characters, {vocabulary}")

# %% [markdown]
# ### Exercise 6: perplexity
#
# Write `perplexity(p)`: `p` holds the probability a model gave to each character that
# actually came next. Return exp of the mean surprise.


# %% nbgrader={"grade": false, "grade_id": "perplexity", "locked": false, "schema_version": 3, "solution": true, "task": false}
def perplexity(p):
    ### BEGIN SOLUTION
    return np.exp(np.mean(-np.log(p)))
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "perplexity_check", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
check.perplexity(perplexity)
### BEGIN HIDDEN TESTS
check.perplexity(perplexity).require()
### END HIDDEN TESTS

# %% [markdown]
# Your function on the bigram model's probabilities for the first 2,000 held-out
# characters:

# %%
bigram, passage = fitted.models["bigram"], fitted.test[:2000]
p_bigram = np.exp(language_models.char_log_probs(bigram, passage))
course = language_models.perplexity(language_models.cross_entropy(bigram, passage))
try:
    print(f"yours {perplexity(p_bigram):.3f}; the course's {course:.3f}")
except NotImplementedError:
    print("(finish exercise 6 to see yours)")

# %% [markdown]
# Perplexity needs the model's probabilities. Translation and summaries are often scored
# instead against a human reference by counting shared word sequences: **BLEU** (and its
# cousin ROUGE). Counting words is not reading: choose the candidates below.

# %%
bleu_demo = lesson.BleuParaphrase()
bleu_demo

# %%
for name, score in bleu_demo.all_scores.items():
    sentence, same = lesson.bleu_paraphrase.BLEU_CANDIDATES[name]
    print(f"BLEU {score:.3f}  {'same meaning' if same else 'different   '}  “{sentence}”")

# %% [markdown]
# The paraphrase that means the same scores below the negation and the swapped roles,
# which both mean something else.
# (The 3- and 4-word precisions of a candidate with no match are *smoothed* to 0.1
# matches, so one zero does not zero the whole score.) That is why generated text is also
# judged by people: **human evaluation**.

# %% [markdown]
# ## 11. A number is only as good as the data and labels behind it
#
# **The average hides a group.** Split the held-out tumours at the median *mean radius*:
# smaller and larger ones. Same model, same threshold.

# %%
subgroups = lesson.SubgroupGap()
subgroups

# %%
gap = subgroups.compute(threshold=0.5)
acc, rec = gap.values["accuracy"], gap.values["recall"]
print(f"groups {acc.groups}: accuracy {np.round(acc.values, 3)}, recall {np.round(rec.values, 3)}")
print(f"accuracy gap {acc.gap:.3f}, recall gap {rec.gap:.3f}; missed: {gap.missed}")

# %% [markdown]
# Accuracy is the same in both groups; recall is not. Few small tumours are malignant (the
# legend counts them), so each miss weighs heavily there: the gap is real on these tumours,
# and a larger test set would be needed to pin its size down.
#
# **Look at the mistakes.** The tumours logistic regression gets wrong at 0.5, with their
# scores and size:

# %%
radius = data.X[held.test_index, data.feature_names.index("mean radius")]
wrong = np.flatnonzero(metrics.predict_at_threshold(lr_score, 0.5) != y_test)
for k in wrong:
    truth = data.class_names[y_test[k]]
    print(
        f"tumour {held.test_index[k]:>3}: is {truth:>9}, score {lr_score[k]:.3f}, "
        f"mean radius {radius[k]:.1f}"
    )

# %% [markdown]
# **When the model says 70 %, is it right 70 % of the time?** A reliability diagram bins
# the tumours by predicted probability and compares each bin's claim with what happened.
# ROC AUC cannot see this: it only uses the order of the scores.

# %%
lesson.Reliability()

# %% [markdown]
# **The labels themselves.** Two people label the same examples. Raw agreement flatters
# them when one label is rare; **Cohen's κ** = (p_o − p_e) / (1 − p_e) subtracts the
# agreement p_e that chance alone would give. And a model can only be scored against the
# labels it is given: the purple bar is what a model that reproduces annotator A perfectly
# scores, as recall, when annotator B wrote the test labels.

# %%
lesson.AnnotatorAgreement()

# %% [markdown]
# ### Exercise 7: Cohen's kappa
#
# Write `cohen_kappa(a, b)` for two arrays of labels (any number of distinct labels).
# p_o is the share of examples labelled alike; p_e adds, over the labels, the share of a's
# labels that are that label times the share of b's.


# %% nbgrader={"grade": false, "grade_id": "cohen_kappa", "locked": false, "schema_version": 3, "solution": true, "task": false}
def cohen_kappa(a, b):
    ### BEGIN SOLUTION
    labels = np.union1d(a, b)
    p_o = np.mean(a == b)
    p_e = sum(np.mean(a == label) * np.mean(b == label) for label in labels)
    return (p_o - p_e) / (1 - p_e)
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "cohen_kappa_check", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
check.cohen_kappa(cohen_kappa)
### BEGIN HIDDEN TESTS
check.cohen_kappa(cohen_kappa).require()
### END HIDDEN TESTS

# %% [markdown]
# A story the articles tell: a classifier's validation F1 tracked real-world results only
# after the labelling rubric was fixed. Here is why, with numbers. Take a perfect model of
# the true labels, and grade it against test labels from annotators who agree with the
# truth on a share of examples:

# %%
truth = metrics_data.two_annotators(400, 1.0, positive_rate=0.2, seed=0).a
for share in (1.0, 0.95, 0.9, 0.8):
    noisy = metrics_data.two_annotators(400, share, positive_rate=0.2, seed=0).b
    kappa = agreement.agreement(truth, noisy).kappa
    print(
        f"test labels agreeing on {100 * share:.0f} % (κ {kappa:.2f}): the perfect model "
        f"scores F1 {metrics.f1_score(noisy, truth):.3f}"
    )

# %% [markdown]
# With a sloppy rubric, a perfect model looks mediocre and a better model cannot show it is
# better: the measured number is capped by the labels, not by the model.

# %% [markdown]
# ## Summary
#
# - Every classification metric is a ratio of four counts. Accuracy counts all mistakes
#   alike and lies when one class is rare; precision and recall each answer one question,
#   F1 asks both.
# - A threshold picks one point on the ROC and PR curves; ROC AUC and AP summarise all of
#   them. With rare positives the PR view is the honest one.
# - Choose the threshold from what each mistake costs, and check it on data it was not
#   chosen on.
# - A difference of a point can be luck: a paired bootstrap or McNemar's test says how
#   much. Simple baselines on the same split keep everyone honest.
# - Regression: MSE, MAE and R² (below 0 means worse than the mean). Rankings:
#   precision@K, recall@K, AP, NDCG. Text: perplexity = exp(cross-entropy); BLEU counts
#   words, not meaning.
# - Look at groups, mistakes, calibration and the labels: a number is only as good as the
#   data behind it.
#
# **What's next:** lesson 06, *reinforcement learning* — learning from a reward instead of
# labels, where the measure of success is the reward itself.
