"""primer.bowl: the tangent and the arrows drawn on the error bowl are the loop's own numbers."""

from __future__ import annotations

import math

from hypothesis import given, settings
from hypothesis import strategies as st

from primer import bowl
from primer.descent import descend, error_at, error_curve, slope_at


def span(run):
    curve = error_curve(run)
    return min(curve["weight"]), max(curve["weight"])


def test_each_arrow_is_one_update_alpha_times_the_derivative_long():
    run = descend(0.5, 2.0, 0.8, 0.5, 6)  # bounces between 0.5 and 0.3
    a = bowl.arrows(run)
    assert a["iteration"] == [0, 1, 2, 3, 4, 5]
    assert a["weight"] == run.weights_before
    assert a["to"] == [s.weight for s in run.steps]
    assert a["step"] == [0.5 * s.derivative for s in run.steps]
    assert a["right"] == [False, True, False, True, False, True]
    assert a["error"] == [s.error for s in run.steps]
    assert a["error_to"] == [error_at(s.weight, 2.0, 0.8) for s in run.steps]


def test_arrows_stop_at_the_marked_iteration_and_skip_updates_that_do_not_move():
    run = descend(0.5, 2.0, 0.8, 0.1, 20)
    assert bowl.arrows(run, 3)["iteration"] == [0, 1, 2, 3]
    assert bowl.arrows(descend(0.5, 0.0, 0.8, 0.1, 5))["iteration"] == []  # input 0: no move
    assert bowl.arrows(descend(0.4, 2.0, 0.8, 0.1, 5))["iteration"] == []  # on the goal


def test_a_diverging_run_keeps_only_finite_arrows():
    run = descend(0.5, 3.0, 0.8, 1.5, 200)
    a = bowl.arrows(run)
    assert 0 < len(a["iteration"]) <= len(run.steps)
    assert all(math.isfinite(v) for key in ("weight", "to", "error", "error_to", "step")
               for v in a[key])


def test_the_tangent_touches_the_curve_with_its_slope():
    run = descend(0.5, 2.0, 0.8, 0.1, 20)
    lo, hi = span(run)
    t = bowl.tangent(run, 0, lo, hi)
    (w0, w1), (e0, e1) = t["weight"], t["error"]
    assert t["slope"] == [slope_at(0.5, 2.0, 0.8)] * 2 == [2 * run.steps[0].derivative] * 2
    assert math.isclose((e1 - e0) / (w1 - w0), t["slope"][0])
    # the line through its two points passes through (0.5, error at 0.5)
    assert math.isclose(e0 + t["slope"][0] * (0.5 - w0), error_at(0.5, 2.0, 0.8))


def test_no_tangent_for_an_iteration_that_does_not_exist():
    run = descend(0.5, 2.0, 0.8, 0.1, 3)
    assert bowl.tangent(run, 3, -1.0, 1.0)["weight"] == []
    assert bowl.tangent(run, -1, -1.0, 1.0)["weight"] == []


def grid(lo: float, hi: float, step: float):
    """Values a slider can take: ``lo`` to ``hi`` in steps of ``step``."""
    return st.integers(0, round((hi - lo) / step)).map(lambda i: round(lo + i * step, 10))


weights, inputs, goals, alphas = grid(-2, 2, 0.01), grid(-3, 3, 0.05), grid(-2, 2, 0.05), \
    grid(0, 2, 0.01)


@settings(max_examples=200, deadline=None)
@given(weights, inputs, goals, alphas, st.integers(1, 30), st.integers(0, 29))
def test_the_tangent_stays_in_the_chart_never_below_zero_and_under_the_curve(w, x, g, a, n, at):
    run = descend(w, x, g, a, n)
    lo, hi = span(run)
    t = bowl.tangent(run, at, lo, hi)
    if at >= len(run.steps):
        assert t["weight"] == []
        return
    for weight, error in zip(t["weight"], t["error"]):
        assert lo - 1e-9 <= weight <= hi + 1e-9
        assert error >= 0
        curve = error_at(weight, x, g)
        assert error <= curve + 1e-9 * max(1.0, curve)  # the bowl is convex


@settings(max_examples=200, deadline=None)
@given(weights, inputs, goals, alphas, st.integers(1, 30))
def test_every_arrow_ends_where_the_next_iteration_starts(w, x, g, a, n):
    run = descend(w, x, g, a, n)
    arrows = bowl.arrows(run)
    starts = run.weights_before + [run.final_weight]
    for i, to in zip(arrows["iteration"], arrows["to"]):
        assert to == starts[i + 1]
        assert (to > starts[i]) == arrows["right"][arrows["iteration"].index(i)]
