"""Learning-rate schedules agree with torch.optim.lr_scheduler and with their closed forms."""

from __future__ import annotations

import math

import numpy as np
import pytest

from course_lib import schedules


def torch_lrs(torch, make_scheduler, lr, steps):
    """The lr torch's scheduler gives at steps 0, 1, ..., steps - 1."""
    param = torch.zeros(1, requires_grad=True)
    optimizer = torch.optim.SGD([param], lr=lr)
    scheduler = make_scheduler(optimizer)
    lrs = []
    for _ in range(steps):
        lrs.append(optimizer.param_groups[0]["lr"])
        optimizer.step()
        scheduler.step()
    return np.array(lrs)


def test_step_decay_matches_torch_step_lr():
    torch = pytest.importorskip("torch")
    expected = torch_lrs(
        torch, lambda o: torch.optim.lr_scheduler.StepLR(o, step_size=7, gamma=0.3), 0.2, 50
    )
    ours = schedules.step_decay(np.arange(50), lr=0.2, step_size=7, gamma=0.3)
    np.testing.assert_allclose(ours, expected, rtol=1e-6)


@pytest.mark.parametrize("lr_min", [0.0, 0.01])
def test_cosine_decay_without_warmup_matches_torch_cosine_annealing(lr_min):
    torch = pytest.importorskip("torch")
    expected = torch_lrs(
        torch,
        lambda o: torch.optim.lr_scheduler.CosineAnnealingLR(o, T_max=40, eta_min=lr_min),
        0.1,
        41,
    )
    ours = schedules.cosine_decay(np.arange(41), lr_max=0.1, total_steps=40, lr_min=lr_min)
    np.testing.assert_allclose(ours, expected, rtol=1e-6, atol=1e-12)


@pytest.mark.parametrize("anneal", ["cos", "linear"])
@pytest.mark.parametrize("total, pct", [(100, 0.3), (37, 0.25), (10, 0.5)])
def test_one_cycle_matches_torch_one_cycle_lr(anneal, total, pct):
    torch = pytest.importorskip("torch")
    expected = torch_lrs(
        torch,
        lambda o: torch.optim.lr_scheduler.OneCycleLR(
            o,
            max_lr=0.4,
            total_steps=total,
            pct_start=pct,
            anneal_strategy=anneal,
            cycle_momentum=False,
            div_factor=20.0,
            final_div_factor=100.0,
        ),
        0.4,
        total,
    )
    ours = schedules.one_cycle(
        np.arange(total),
        lr_max=0.4,
        total_steps=total,
        pct_start=pct,
        div_factor=20.0,
        final_div_factor=100.0,
        anneal_strategy=anneal,
    )
    np.testing.assert_allclose(ours, expected, rtol=1e-6)


def test_constant_is_constant_and_keeps_the_shape_of_t():
    assert schedules.constant(5, lr=0.3) == 0.3
    out = schedules.constant(np.arange(6).reshape(2, 3), lr=0.3)
    assert out.shape == (2, 3) and np.all(out == 0.3)


def test_step_decay_closed_form_by_hand():
    values = [schedules.step_decay(t, lr=1.0, step_size=3, gamma=0.5) for t in range(8)]
    assert values == [1.0, 1.0, 1.0, 0.5, 0.5, 0.5, 0.25, 0.25]


def test_cosine_decay_closed_form_by_hand():
    f = schedules.cosine_decay
    assert f(0, lr_max=1.0, total_steps=10) == 1.0
    assert f(5, lr_max=1.0, total_steps=10) == pytest.approx(0.5)
    assert f(10, lr_max=1.0, total_steps=10, lr_min=0.1) == pytest.approx(0.1)
    assert f(25, lr_max=1.0, total_steps=10, lr_min=0.1) == pytest.approx(0.1)  # stays at lr_min
    # warm-up: lr_max * (t + 1) / (warmup + 1), then the cosine from lr_max
    assert f(0, lr_max=1.0, total_steps=12, warmup_steps=4) == pytest.approx(0.2)
    assert f(3, lr_max=1.0, total_steps=12, warmup_steps=4) == pytest.approx(0.8)
    assert f(4, lr_max=1.0, total_steps=12, warmup_steps=4) == 1.0
    assert f(8, lr_max=1.0, total_steps=12, warmup_steps=4) == pytest.approx(0.5)


def test_one_cycle_closed_form_by_hand():
    # total 11, pct 0.5: peak at step 4.5, the end at step 10 with 1 / 10 / 100
    lrs = schedules.one_cycle(
        np.arange(11),
        lr_max=1.0,
        total_steps=11,
        pct_start=0.5,
        div_factor=10.0,
        final_div_factor=100.0,
    )
    assert lrs[0] == pytest.approx(0.1)
    assert lrs[-1] == pytest.approx(1e-3)
    assert lrs.argmax() in (4, 5) and lrs.max() < 1.0
    assert lrs[2] == pytest.approx(1.0 + (0.1 - 1.0) / 2 * (math.cos(math.pi * 2 / 4.5) + 1))
    assert np.all(np.diff(lrs[:5]) > 0) and np.all(np.diff(lrs[5:]) < 0)


def test_schedules_return_a_float_for_one_step_and_an_array_for_many():
    assert isinstance(schedules.cosine_decay(3, lr_max=0.1, total_steps=10), float)
    assert schedules.one_cycle(np.arange(10), lr_max=0.1, total_steps=10).shape == (10,)


def test_make_schedule_fixes_the_settings_of_each_schedule_by_name():
    t = np.arange(200)
    expected = {
        "constant": schedules.constant(t, 0.04),
        "step": schedules.step_decay(t, 0.04, 40, schedules.STEP_GAMMA),
        "cosine": schedules.cosine_decay(t, 0.04, 200),
        "one_cycle": schedules.one_cycle(t, 0.04, 200),
    }
    assert set(expected) == set(schedules.SCHEDULES)
    for name, lrs in expected.items():
        np.testing.assert_array_equal(schedules.make_schedule(name, 0.04, 200)(t), lrs)
    # step decay drops STEP_DROPS times over the run
    steps = schedules.make_schedule("step", 1.0, 200)(t)
    assert len(np.unique(steps)) == schedules.STEP_DROPS
    assert schedules.step_size_for(200) == 40 and schedules.step_size_for(3) == 1


@pytest.mark.parametrize(
    "call, argument",
    [
        (lambda: schedules.make_schedule("warm", 0.1, 10), "name"),
        (lambda: schedules.step_size_for(0), "total_steps"),
        (lambda: schedules.constant(0, lr=0.0), "lr"),
        (lambda: schedules.constant(-1, lr=0.1), "t"),
        (lambda: schedules.constant([0, np.nan], lr=0.1), "t"),
        (lambda: schedules.step_decay(0, lr=0.1, step_size=0), "step_size"),
        (lambda: schedules.step_decay(0, lr=0.1, step_size=2.5), "step_size"),
        (lambda: schedules.step_decay(0, lr=0.1, step_size=2, gamma=-0.5), "gamma"),
        (lambda: schedules.cosine_decay(0, lr_max=-1.0, total_steps=10), "lr_max"),
        (lambda: schedules.cosine_decay(0, lr_max=0.1, total_steps=0), "total_steps"),
        (lambda: schedules.cosine_decay(0, lr_max=0.1, total_steps=10, lr_min=0.2), "lr_min"),
        (
            lambda: schedules.cosine_decay(0, lr_max=0.1, total_steps=10, warmup_steps=10),
            "warmup_steps",
        ),
        (lambda: schedules.one_cycle(10, lr_max=0.1, total_steps=10), "t"),
        (lambda: schedules.one_cycle(0, lr_max=0.1, total_steps=10, pct_start=1.0), "pct_start"),
        (lambda: schedules.one_cycle(0, lr_max=0.1, total_steps=10, pct_start=0.1), "pct_start"),
        (lambda: schedules.one_cycle(0, lr_max=0.1, total_steps=10, div_factor=0), "div_factor"),
        (
            lambda: schedules.one_cycle(0, lr_max=0.1, total_steps=10, final_div_factor=np.inf),
            "final_div_factor",
        ),
        (
            lambda: schedules.one_cycle(0, lr_max=0.1, total_steps=10, anneal_strategy="exp"),
            "anneal_strategy",
        ),
    ],
)
def test_bad_arguments_raise_value_error_naming_the_argument(call, argument):
    with pytest.raises(ValueError, match=argument):
        call()
