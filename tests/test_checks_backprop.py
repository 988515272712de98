"""Lesson 03's checks: right answers pass, typical mistakes get their hint, nothing raises."""

from __future__ import annotations

from pathlib import Path

import fuzzing
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from course_lib.autograd import Tensor
from course_lib.checks import backprop as check
from course_lib.checks.backprop import by_hand, going_further, gradient_check
from course_lib.feedback import CORRECT, INCORRECT, NOT_ATTEMPTED, Feedback
from course_lib.gradcheck import numerical_gradient

# The learner's answers, written as a learner would.


def mul_backward(a, b, upstream):
    return upstream * b, upstream * a


def tanh_backward(x, upstream):
    return upstream * (1 - np.tanh(x) ** 2)


def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def neuron_gradients(x, w, b, y):
    p = sigmoid(w @ x + b)
    dloss_dz = 2 * (p - y) * p * (1 - p)
    return dloss_dz * x, dloss_dz


def softmax_backward(s, upstream):
    return s * (upstream - np.sum(upstream * s, axis=-1, keepdims=True))


def unbroadcast(grad, shape):
    added = grad.ndim - len(shape)
    grad = grad.sum(axis=tuple(range(added)))
    stretched = tuple(i for i, size in enumerate(shape) if size == 1 and grad.shape[i] != 1)
    return grad.sum(axis=stretched, keepdims=True)


FUNCTION_CHECKS = {
    check.mul_backward: mul_backward,
    check.tanh_backward: tanh_backward,
    check.neuron_gradients: neuron_gradients,
    check.softmax_backward: softmax_backward,
    check.unbroadcast: unbroadcast,
}
PAIR_CHECKS = [check.mul_backward, check.neuron_gradients]
CHECKS = [*FUNCTION_CHECKS, check.buggy_derivative]


# Right answers pass.


@pytest.mark.parametrize("run_check", list(FUNCTION_CHECKS))
def test_the_right_functions_pass(run_check):
    feedback = run_check(FUNCTION_CHECKS[run_check])
    assert feedback.status == CORRECT, feedback.text()
    assert feedback.require() is feedback


def test_other_right_ways_of_writing_them_pass():
    def tanh_with_cosh(x, upstream):
        return upstream / np.cosh(x) ** 2

    def neuron_as_lists(x, w, b, y):
        grad_w, grad_b = neuron_gradients(x, w, b, y)
        return [list(grad_w), np.array([grad_b])]

    def softmax_with_keepdims_sum(s, upstream):
        return s * upstream - s * (s * upstream).sum(axis=-1, keepdims=True)

    def unbroadcast_in_a_loop(grad, shape):
        while grad.ndim > len(shape):
            grad = grad.sum(axis=0)
        for axis, size in enumerate(shape):
            if size == 1:
                grad = grad.sum(axis=axis, keepdims=True)
        return grad

    assert check.tanh_backward(tanh_with_cosh).passed
    assert check.neuron_gradients(neuron_as_lists).passed
    assert check.softmax_backward(softmax_with_keepdims_sum).passed
    assert check.unbroadcast(unbroadcast_in_a_loop).passed


def test_functions_that_change_their_arguments_in_place_pass_and_change_no_test_case():
    def mul_in_place(a, b, upstream):
        if isinstance(a, np.ndarray):
            a *= upstream
            b *= upstream
            return b, a
        return mul_backward(a, b, upstream)

    def softmax_in_place(s, upstream):
        upstream -= np.sum(upstream * s, axis=-1, keepdims=True)
        upstream *= s
        return upstream

    for _ in range(2):
        assert check.mul_backward(mul_in_place).passed
        assert check.softmax_backward(softmax_in_place).passed


EVIDENCE = gradient_check.relative_error("sigmoid")


@pytest.mark.parametrize("name", ["sigmoid", " Sigmoid ", "'sigmoid'", "SIGMOID"])
@pytest.mark.parametrize("evidence", [EVIDENCE, np.float64(EVIDENCE * 1.01), np.array(EVIDENCE)])
def test_naming_the_wrong_derivative_with_its_relative_error_passes(name, evidence):
    feedback = check.buggy_derivative((name, evidence))
    assert feedback.status == CORRECT, feedback.text()
    assert "sigmoid(x) * (1 - sigmoid(x))" in feedback.text()
    assert feedback.require() is feedback


def test_the_evidence_is_the_relative_error_the_lesson_measures():
    forward, claimed = check.candidate_derivatives()["sigmoid"]
    points = np.linspace(0.5, 2.0, 5)
    numeric = numerical_gradient(lambda t: forward(t).sum(), [points], eps=1e-5)[0]
    assert EVIDENCE == pytest.approx(np.max(np.abs(claimed(points) - numeric) / np.abs(numeric)))
    assert EVIDENCE > 1  # far above any finite-difference error


def test_guessing_names_passes_nothing_and_tells_nothing():
    names = list(check.candidate_derivatives())
    bare = {check.buggy_derivative(name).text() for name in names}
    assert len(bare) == 1 and "a name alone is a guess" in bare.pop()
    made_up = {check.buggy_derivative((name, 0.5)).text().replace(name, "NAME") for name in names}
    assert len(made_up) == 1 and "Measure it rather than guess it" in made_up.pop()
    assert not any(check.buggy_derivative((name, 0.5)).passed for name in names)


# The expected answers agree with finite differences, an independent reference.


def _assert_close_to_finite_differences(expected, numeric):
    np.testing.assert_allclose(np.asarray(expected, dtype=float), numeric, rtol=1e-6, atol=1e-8)


@pytest.mark.parametrize("case", by_hand._MUL_CASES)
def test_mul_backward_answers_are_finite_differences(case):
    a, b, upstream = case
    numeric = numerical_gradient(lambda ta, tb: (ta * tb * upstream).sum(), [a, b])
    for expected, estimate in zip(by_hand._mul_reference(*case), numeric, strict=True):
        _assert_close_to_finite_differences(expected, estimate)


@pytest.mark.parametrize("case", by_hand._TANH_CASES)
def test_tanh_backward_answers_are_finite_differences(case):
    x, upstream = case
    (numeric,) = numerical_gradient(lambda t: (t.tanh() * upstream).sum(), [x])
    _assert_close_to_finite_differences(by_hand._tanh_reference(*case), numeric)


@pytest.mark.parametrize("case", by_hand._NEURON_CASES)
def test_neuron_gradients_answers_are_finite_differences(case):
    x, w, b, y = case

    def loss(tw, tb):
        return (((Tensor(x) @ tw + tb).sigmoid() - y) ** 2).sum()

    numeric = numerical_gradient(loss, [w, b])
    for expected, estimate in zip(by_hand._neuron_reference(*case), numeric, strict=True):
        _assert_close_to_finite_differences(expected, estimate)


@pytest.mark.parametrize(("args", "expected"), by_hand._SOFTMAX_CASES)
def test_softmax_backward_answers_are_finite_differences(args, expected):
    s, upstream = args
    z = np.log(s)  # softmax(log(s)) = s, since each row of s sums to 1
    (numeric,) = numerical_gradient(lambda t: (t.softmax(axis=-1) * upstream).sum(), [z])
    _assert_close_to_finite_differences(expected, numeric)


@pytest.mark.parametrize("case", going_further._UNBROADCAST_CASES)
def test_unbroadcast_answers_are_finite_differences(case):
    grad, shape = case
    (numeric,) = numerical_gradient(
        lambda t: ((t + np.zeros(grad.shape)) * grad).sum(), [np.zeros(shape)]
    )
    expected = going_further._unbroadcast_reference(grad, shape)
    assert expected.shape == shape
    _assert_close_to_finite_differences(expected, numeric)


def test_the_check_cases_cover_scalars_vectors_and_batches():
    assert {np.ndim(a) for a, _, _ in by_hand._MUL_CASES} == {0, 1, 2}
    assert {np.ndim(x) for x, _ in by_hand._TANH_CASES} == {0, 1, 2}
    assert {args[0].ndim for args, _ in by_hand._SOFTMAX_CASES} == {1, 2}
    shapes = [args[0].shape for args, _ in by_hand._SOFTMAX_CASES]
    assert any(len(s) == 2 and s[0] == s[1] for s in shapes)  # silent broadcasting bugs show
    assert any(len(s) == 2 and s[0] != s[1] for s in shapes)
    probabilities = [sigmoid(w @ x + b) for x, w, b, _ in by_hand._NEURON_CASES]
    assert all(0.1 < p < 0.9 for p in probabilities)  # no saturated sigmoid hides a factor


def test_the_accepted_answers_match_torch_autograd():
    torch = pytest.importorskip("torch")
    for x, w, b, y in by_hand._NEURON_CASES:
        tw = torch.tensor(w, requires_grad=True)
        tb = torch.tensor(b, dtype=torch.float64, requires_grad=True)
        ((torch.sigmoid(torch.tensor(x) @ tw + tb) - y) ** 2).backward()
        grad_w, grad_b = neuron_gradients(x, w, b, y)
        np.testing.assert_allclose(grad_w, tw.grad.numpy(), rtol=1e-10)
        assert grad_b == pytest.approx(tb.grad.item(), rel=1e-10)
    rng = np.random.default_rng(5)
    z, upstream = rng.normal(size=(4, 6)), rng.normal(size=(4, 6))
    tz = torch.tensor(z, requires_grad=True)
    s = torch.softmax(tz, dim=-1)
    s.backward(torch.tensor(upstream))
    ours = softmax_backward(s.detach().numpy(), upstream)
    np.testing.assert_allclose(ours, tz.grad.numpy(), rtol=1e-10, atol=1e-12)


# Exercise 5: exactly one candidate derivative is wrong, and it is the sigmoid's.


def _central_difference(forward, x, eps=1e-6):
    return (forward(x + eps) - forward(x - eps)) / (2 * eps)


def test_exactly_one_candidate_derivative_is_wrong_by_central_differences():
    x = np.random.default_rng(0).uniform(0.3, 3.0, size=50)
    wrong = [
        name
        for name, (forward, claimed) in check.candidate_derivatives().items()
        if not np.allclose(claimed(x), _central_difference(forward, x), rtol=1e-6, atol=1e-8)
    ]
    assert wrong == ["sigmoid"]


def test_the_candidates_forwards_take_numbers_arrays_and_tensors_alike():
    x = np.linspace(0.5, 2.0, 5)
    for forward, claimed in check.candidate_derivatives().values():
        np.testing.assert_allclose(forward(Tensor(x)).data, forward(x), rtol=1e-12)
        assert forward(1.5) == pytest.approx(float(forward(np.array([1.5]))[0]))
        assert np.shape(claimed(x)) == x.shape


def test_the_gradient_check_shown_in_the_docstring_finds_the_wrong_one_only():
    x = np.linspace(0.5, 2.0, 5)
    agrees = {}
    for name, (forward, claimed) in check.candidate_derivatives().items():
        (numeric,) = numerical_gradient(lambda t, f=forward: f(t).sum(), [x])
        agrees[name] = bool(np.allclose(claimed(x), numeric))
    assert [name for name, ok in agrees.items() if not ok] == ["sigmoid"]


def test_the_candidates_match_torch_autograd_except_the_wrong_one():
    torch = pytest.importorskip("torch")
    x = np.linspace(0.5, 2.0, 7)
    torch_functions = {
        "sigmoid": torch.sigmoid,
        "tanh": torch.tanh,
        "exp": torch.exp,
        "log": torch.log,
        "cube": lambda t: t**3,
    }
    for name, (_, claimed) in check.candidate_derivatives().items():
        t = torch.tensor(x, requires_grad=True)
        torch_functions[name](t).sum().backward()
        assert np.allclose(claimed(x), t.grad.numpy()) == (name != "sigmoid")


# Placeholders and stubs are "not attempted yet" (every check: tests/test_checks_contract.py).


@pytest.mark.parametrize("run_check", PAIR_CHECKS)
@pytest.mark.parametrize("answer", [lambda *a: (None, None), lambda *a: (..., ...)])
def test_a_pair_of_placeholders_is_not_attempted_yet(run_check, answer):
    assert run_check(answer).status == NOT_ATTEMPTED


@pytest.mark.parametrize("answer", [None, ..., "", "  "])
def test_an_empty_name_is_not_attempted_yet(answer):
    feedback = check.buggy_derivative(answer)
    assert feedback.status == NOT_ATTEMPTED
    with pytest.raises(AssertionError):
        feedback.require()


# Typical mistakes get their own hint.


def _hint(run_check, answer):
    with np.errstate(all="ignore"):
        feedback = run_check(answer)
    assert feedback.status == INCORRECT, feedback.text()
    with pytest.raises(AssertionError):
        feedback.require()
    return feedback.hint


@pytest.mark.parametrize(
    ("answer", "words"),
    [
        (lambda a, b, upstream: (upstream * a, upstream * b), "Swapped"),
        (lambda a, b, upstream: mul_backward(a, b, upstream)[::-1], "Swapped"),
        (lambda a, b, upstream: (b, a), "forgot the upstream"),
        (lambda a, b, upstream: (a, b), "not itself"),
        (lambda a, b, upstream: (upstream, upstream), "backward of a + b"),
        (lambda a, b, upstream: (upstream * b, upstream * b), "Chain rule"),
    ],
)
def test_mul_backward_mistakes(answer, words):
    assert words in _hint(check.mul_backward, answer)


@pytest.mark.parametrize(
    ("answer", "words"),
    [
        (lambda x, upstream: upstream * (1 - np.tanh(x)), "square is missing"),
        (lambda x, upstream: upstream * (1 - x**2), "used x where tanh(x) belongs"),
        (lambda x, upstream: 1 - np.tanh(x) ** 2, "forgot the upstream"),
        (lambda x, upstream: upstream * (1 - np.tanh(x)) ** 2, "not (1 - tanh(x))**2"),
        (lambda x, upstream: upstream * (np.tanh(x) ** 2 - 1), "sign is flipped"),
        (lambda x, upstream: upstream * np.tanh(x), "written with its own output"),
    ],
)
def test_tanh_backward_mistakes(answer, words):
    assert words in _hint(check.tanh_backward, answer)


def _neuron(gradient_of_z, grad_w_from=lambda d, x, w: d * x):
    """A neuron_gradients whose dloss/dz is gradient_of_z(p, y, z)."""

    def function(x, w, b, y):
        z = w @ x + b
        d = gradient_of_z(sigmoid(z), y, z)
        return grad_w_from(d, x, w), d

    return function


@pytest.mark.parametrize(
    ("answer", "words"),
    [
        (_neuron(lambda p, y, z: 2 * (p - y)), "sigmoid's derivative"),
        (_neuron(lambda p, y, z: (p - y) * p * (1 - p)), "factor 2 is missing"),
        (_neuron(lambda p, y, z: 2 * (y - p) * p * (1 - p)), "sign is flipped"),
        (_neuron(lambda p, y, z: 2 * (p - y) * z * (1 - z)), "not z * (1 - z)"),
        (
            _neuron(lambda p, y, z: 2 * (p - y) * p * (1 - p), lambda d, x, w: d),
            "grad_w needs x",
        ),
        (
            _neuron(lambda p, y, z: 2 * (p - y) * p * (1 - p), lambda d, x, w: d * w),
            "dz/dw is x, not w",
        ),
        (lambda *a: neuron_gradients(*a)[::-1], "wrong order"),
        (_neuron(lambda p, y, z: p - y), "Walk back from the loss"),
    ],
)
def test_neuron_gradients_mistakes(answer, words):
    assert words in _hint(check.neuron_gradients, answer)


def test_neuron_gradients_that_returns_one_thing_is_told_to_return_two():
    feedback = check.neuron_gradients(lambda *a: neuron_gradients(*a)[0])
    assert feedback.status == INCORRECT and "two things" in feedback.text()
    assert "return grad_w, grad_b" in feedback.hint


def _softmax_again(s, upstream):
    s = np.exp(s) / np.sum(np.exp(s), axis=-1, keepdims=True)
    return softmax_backward(s, upstream)


def _jacobian(s, upstream):
    return np.diag(s) - np.outer(s, s)


def _jacobian_times_upstream(s, upstream):
    return (np.diag(s) - np.outer(s, s)) @ upstream


@pytest.mark.parametrize(
    ("answer", "words"),
    [
        (lambda s, upstream: s * (1 - s) * upstream, "only the diagonal"),
        (lambda s, upstream: s * (np.sum(upstream * s) - upstream), "sign is flipped"),
        (_softmax_again, "already the softmax output"),
        (_jacobian, "returned the Jacobian"),
        (_jacobian_times_upstream, "np.outer"),
        (lambda s, upstream: s * (upstream - np.sum(upstream * s)), "sums over the whole batch"),
        (
            lambda s, upstream: s * (upstream - np.sum(upstream * s, axis=0, keepdims=True)),
            "not axis=0",
        ),
        (
            lambda s, upstream: s * (upstream - np.sum(upstream * s, axis=-1)),
            "keepdims=True is missing",
        ),
        (lambda s, upstream: s * upstream, "share the sum below the line"),
    ],
)
def test_softmax_backward_mistakes(answer, words):
    assert words in _hint(check.softmax_backward, answer)


def _sum_leading_only(grad, shape):
    return grad.sum(axis=tuple(range(grad.ndim - len(shape))))


def _sum_stretched_only(grad, shape):
    if grad.ndim != len(shape):
        return grad
    stretched = tuple(i for i, size in enumerate(shape) if size == 1 and grad.shape[i] != 1)
    return grad.sum(axis=stretched, keepdims=True)


def _no_keepdims(grad, shape):
    grad = _sum_leading_only(grad, shape)
    stretched = tuple(i for i, size in enumerate(shape) if size == 1 and grad.shape[i] != 1)
    return grad.sum(axis=stretched)


def _aligned_from_the_left(grad, shape):
    grad = grad.sum(axis=tuple(range(len(shape), grad.ndim)))
    return _sum_stretched_only(grad, shape)


def _total_sum(grad, shape):
    if grad.shape == shape:
        return grad
    return grad.sum()


def _mean(grad, shape):
    grad = grad.mean(axis=tuple(range(grad.ndim - len(shape))))
    stretched = tuple(i for i, size in enumerate(shape) if size == 1 and grad.shape[i] != 1)
    return grad.mean(axis=stretched, keepdims=True)


@pytest.mark.parametrize(
    ("answer", "words"),
    [
        (lambda grad, shape: grad, "returned grad unchanged"),
        (lambda grad, shape: grad.sum(axis=0), "nothing was broadcast"),
        (_sum_leading_only, "size 1"),
        (_sum_stretched_only, "also adds leading axes"),
        (_no_keepdims, "Keep the axes of size 1"),
        (_aligned_from_the_left, "from the right"),
        (_total_sum, "not over everything"),
        (_mean, "Sum, don't average"),
        (lambda grad, shape: np.broadcast_to(grad, shape), "added or stretched"),
    ],
)
def test_unbroadcast_mistakes(answer, words):
    assert words in _hint(check.unbroadcast, answer)


@pytest.mark.parametrize("name", ["tanh", "exp", "log", "cube"])
def test_naming_a_right_derivative_with_its_small_error_says_it_is_right(name):
    feedback = check.buggy_derivative((name, gradient_check.relative_error(name)))
    assert feedback.status == INCORRECT
    assert f"derivative of {name} is right" in feedback.text()
    assert "numerical_gradient" in feedback.more_help()


@pytest.mark.parametrize(
    ("answer", "words"),
    [
        (("relu", 1.0), "not one of the candidates"),
        (("x**3", 1.0), "'cube'"),
        (3, "a pair (name, relative error)"),
        (check.candidate_derivatives()["sigmoid"], "is not one of the candidates"),
        (check.candidate_derivatives()["sigmoid"][1], "a pair (name, relative error)"),
        (["sigmoid"], "a pair (name, relative error)"),
        (("sigmoid", "big"), "should be a number"),
    ],
)
def test_a_name_that_is_not_a_candidate_is_explained(answer, words):
    feedback = check.buggy_derivative(answer)
    assert feedback.status == INCORRECT and words in feedback.text()
    with pytest.raises(AssertionError):
        feedback.require()


# Wrong shapes, NaN and numbers for functions get a short, friendly message (wrong types and
# errors, for every check: tests/test_checks_contract.py).


@pytest.mark.parametrize("run_check", list(FUNCTION_CHECKS))
@pytest.mark.parametrize(
    ("answer", "says"),
    [
        (3.0, "expected"),
        (lambda *a: np.nan, ""),
        (lambda *a: (np.nan, np.nan), ""),
        (lambda *a: np.zeros((4, 5)), ""),
        (lambda *a: "0.5", ""),
    ],
)
def test_wrong_answers_get_a_short_friendly_message(run_check, answer, says):
    feedback = run_check(answer)
    assert feedback.status == INCORRECT
    assert says in feedback.text()
    assert len(feedback.text()) < 800
    assert "Traceback" not in feedback.text()


def test_checks_say_what_was_expected_and_what_came_back():
    text = check.tanh_backward(lambda x, upstream: 2 * upstream).text()
    assert "Expected: the float" in text and "Got: the float 2.0" in text
    text = check.softmax_backward(lambda s, upstream: np.ones(7)).text()
    assert "shape (3,)" in text and "got shape (7,)" in text


def test_mul_backward_names_the_part_that_is_wrong():
    def wrong_b(a, b, upstream):
        grad_a, _ = mul_backward(a, b, upstream)
        return grad_a, np.full(np.shape(b), np.nan)

    text = check.mul_backward(wrong_b).text()
    assert "Got: grad_b" in text and "Got: grad_a" not in text


# Fuzz: no check ever raises, whatever it is given.


@settings(max_examples=60, deadline=None)
@given(
    value=fuzzing.answers,
    as_function=st.booleans(),
    raises=fuzzing.errors,
)
@pytest.mark.parametrize("run_check", CHECKS)
def test_checks_never_raise_whatever_they_are_given(run_check, value, as_function, raises):
    answer = fuzzing.learner_function(value, raises) if as_function else value
    with np.errstate(all="ignore"):
        feedback = run_check(answer)
    assert isinstance(feedback, Feedback)
    assert feedback.status in (CORRECT, INCORRECT, NOT_ATTEMPTED)
    assert feedback.text()
    assert feedback._repr_html_()


def test_the_buggy_name_may_come_as_a_function_as_in_the_lesson():
    assert check.buggy_derivative(lambda: ("sigmoid", EVIDENCE)).passed
    assert not check.buggy_derivative(lambda: ("exp", EVIDENCE)).passed
    assert not check.buggy_derivative(lambda: "sigmoid").passed

    def stub():
        raise NotImplementedError()

    assert check.buggy_derivative(stub).status == NOT_ATTEMPTED


# Help in steps: a nudge that never holds the solution's code, a stronger hint, then the fix.


def _solution_lines() -> set[str]:
    """The code lines (not comments) of the lesson's solution cells."""
    text = (Path(__file__).parents[1] / "notebooks" / "03_backprop.py").read_text()
    lines, inside = set(), False
    for line in text.splitlines():
        stripped = line.strip()
        if stripped == "### BEGIN SOLUTION":
            inside = True
        elif stripped == "### END SOLUTION":
            inside = False
        elif inside and len(stripped) > 12 and not stripped.startswith("#"):
            lines.add(stripped.removeprefix("return ").rstrip(":"))
    return lines


SOLUTION_LINES = _solution_lines()
WRONG_ANSWERS = {
    check.mul_backward: [lambda a, b, u: (u, u), lambda a, b, u: (a * 0, b * 0)],
    check.tanh_backward: [lambda x, u: u * np.tanh(x), lambda x, u: 1 - np.tanh(x) ** 2],
    check.neuron_gradients: [lambda x, w, b, y: (x * 0, 0.0), lambda x, w, b, y: (w, b)],
    check.softmax_backward: [lambda s, u: s * u, lambda s, u: s * (1 - s) * u],
    check.unbroadcast: [lambda g, shape: g, lambda g, shape: g.sum(axis=0)],
    check.buggy_derivative: ["sigmoid", ("exp", 0.5), lambda: ("cube", 3.0)],
}


def test_the_solution_lines_are_found():
    assert "upstream * b, upstream * a" in SOLUTION_LINES
    assert len(SOLUTION_LINES) >= 10


@pytest.mark.parametrize(
    ("run_check", "answer"),
    [(run, answer) for run, answers in WRONG_ANSWERS.items() for answer in answers],
)
def test_every_check_helps_in_steps_and_the_first_message_holds_no_solution_code(run_check, answer):
    with np.errstate(all="ignore"):
        feedback = run_check(answer)
    assert feedback.status == INCORRECT
    first = feedback.text()
    assert not [line for line in SOLUTION_LINES if line in first], first
    assert feedback.hint  # the nudge
    assert feedback.more and feedback.more != feedback.hint  # a stronger hint
    assert feedback.fix and feedback.show_fix() == feedback.fix  # the fix, asked for last
    assert feedback.fix not in first and feedback.more not in first
