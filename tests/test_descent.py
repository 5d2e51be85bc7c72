"""The primer's loop, number for number.

Expected values are what the primer's own loop prints (``str(float)``), so
they are compared exactly, not approximately.
"""

import math

import pytest

from primer.__main__ import format_run
from primer.descent import (
    Regime,
    best_weight,
    critical_alpha,
    descend,
    describe_steps,
    error_at,
    error_curve,
    iterations_to_reach,
    primer_loop_source,
    regime,
)


def printed(run):
    """What ``python -m primer descend`` prints for a run, as a list of lines."""
    return format_run(run).splitlines()


def primers_own_loop(weight, network_input, prediction_goal, alpha, iterations):
    """The seed's code, verbatim apart from collecting instead of printing."""
    out = []
    for iteration in range(iterations):
        prediction = network_input * weight
        error = (prediction - prediction_goal) ** 2
        derivative = network_input * (prediction - prediction_goal)
        weight -= alpha * derivative
        out += [
            "Iteration:" + str(iteration),
            "Prediction:" + str(prediction),
            "Error:" + str(error),
            "Derivative:" + str(derivative),
            "Weight:" + str(weight),
            "*****",
        ]
    return out


def test_seed_numbers_first_and_last_iteration():
    run = descend(weight=0.5, network_input=2.0, goal=0.8, alpha=0.1, iterations=20)
    first, last = run.steps[0], run.steps[-1]
    assert (first.iteration, first.prediction, first.error) == (0, 1.0, 0.03999999999999998)
    assert first.derivative == 0.3999999999999999
    assert first.weight == 0.46
    assert last.iteration == 19
    assert str(last.prediction) == "0.8000121871948003"
    assert str(last.error) == "1.485277170987127e-10"
    assert str(last.derivative) == "2.437438960045668e-05"
    assert str(last.weight) == "0.4000036561584401"
    assert len(run.steps) == 20 and run.stopped_at is None


@pytest.mark.parametrize(
    "args",
    [
        (0.5, 2.0, 0.8, 0.1, 20),
        (0.5, 0.5, 0.8, 1, 20),
        (0.0, 0.5, 0.8, 1, 4),
        (0.0, 1.1, 0.8, 1, 4),
        (0.5, 2, 0.8, 1, 20),
        (0.5, 2, 0.8, 0.1, 20),
        (0.3, 0.0, 0.8, 0.5, 5),
    ],
)
def test_every_printed_line_matches_the_primers_loop(args):
    assert printed(descend(*args)) == primers_own_loop(*args)


def test_alpha_one_input_half_crawls_towards_the_goal():
    run = descend(0.5, 0.5, 0.8, 1, 20)
    last = run.steps[-1]
    assert str(last.prediction) == "0.7976744445781151"
    assert str(last.error) == "5.408208020258491e-06"
    assert str(last.weight) == "1.5965116668671726"
    assert regime(0.5, 1).kind is Regime.CONVERGES


def test_weight_zero_input_half_four_steps():
    run = descend(0.0, 0.5, 0.8, 1, 4)
    assert [str(s.prediction) for s in run.steps] == ["0.0", "0.2", "0.35000000000000003", "0.4625"]
    assert [str(s.error) for s in run.steps] == [
        "0.6400000000000001", "0.3600000000000001", "0.2025", "0.11390625000000001",
    ]
    assert [str(s.weight) for s in run.steps] == ["0.4", "0.7000000000000001", "0.925", "1.09375"]


def test_weight_zero_input_1_1_overshoots_and_converges():
    run = descend(0.0, 1.1, 0.8, 1, 4)
    assert [str(s.prediction) for s in run.steps] == [
        "0.0", "0.9680000000000002", "0.76472", "0.8074088",
    ]
    assert [str(s.weight) for s in run.steps] == [
        "0.8800000000000001", "0.6951999999999999", "0.734008", "0.72585832",
    ]
    assert str(run.steps[-1].error) == "5.4890317439999896e-05"
    assert regime(1.1, 1).kind is Regime.OVERSHOOTS


def test_input_two_alpha_one_diverges():
    run = descend(0.5, 2, 0.8, 1, 20)
    assert regime(2, 1).kind is Regime.DIVERGES
    errors = [s.error for s in run.steps]
    assert all(b > a for a, b in zip(errors, errors[1:]))
    assert str(run.steps[-1].error) == "5.403406870691965e+16"
    assert str(run.steps[-1].weight) == "348678440.4999999"
    assert run.stopped_at is None  # still finite after 20 steps


def test_input_two_alpha_tenth_converges():
    assert regime(2, 0.1).kind is Regime.CONVERGES
    run = descend(0.5, 2, 0.8, 0.1, 20)
    assert run.steps[-1].error < 1e-9


def test_a_run_that_overflows_stops_cleanly_and_says_where():
    run = descend(0.5, 3.0, 0.8, 1.5, 1000)
    assert run.stopped_at is not None
    assert 0 < len(run.steps) == run.stopped_at < 1000
    assert all(
        math.isfinite(v)
        for s in run.steps
        for v in (s.prediction, s.error, s.derivative, s.weight)
    )
    assert "overflow" in run.stop_reason.lower() or "finite" in run.stop_reason.lower()


@pytest.mark.parametrize(
    "network_input, alpha, goal, weight, kind",
    [
        (2.0, 0.1, 0.8, 0.5, Regime.CONVERGES),      # factor 0.6
        (1.0, 1.0, 0.8, 0.5, Regime.ONE_STEP),       # factor 0
        (1.1, 1.0, 0.8, 0.0, Regime.OVERSHOOTS),     # factor -0.21
        (2.0, 0.5, 0.8, 0.5, Regime.OSCILLATES),     # factor -1 exactly
        (2.0, 1.0, 0.8, 0.5, Regime.DIVERGES),       # factor -3
        (0.0, 0.5, 0.8, 0.5, Regime.CANNOT_LEARN),   # derivative always 0
        (2.0, 0.1, 0.8, 0.4, Regime.AT_GOAL),        # 2 * 0.4 == 0.8
        (0.0, 0.5, 0.0, 0.5, Regime.AT_GOAL),        # input 0 but goal 0 too
        (2.0, 0.0, 0.8, 0.5, Regime.STILL),          # alpha 0: no step
    ],
)
def test_regime(network_input, alpha, goal, weight, kind):
    assert regime(network_input, alpha, goal=goal, weight=weight).kind is kind


def test_regime_explains_itself_with_alpha_times_input_squared():
    r = regime(2.0, 1.0)
    assert r.factor == 1 - 1.0 * 2.0**2 == -3.0
    assert r.step_size == 4.0
    assert r.why.startswith("alpha × input² = 1 × 2² = 4, above 2.")  # the details, under Why?
    assert "Alpha below 0.5 would converge." in r.summary
    r0 = regime(0.0, 0.5, goal=0.8)
    assert "derivative is always 0" in r0.summary


def test_best_weight_and_critical_alpha():
    assert best_weight(2.0, 0.8) == 0.4
    assert best_weight(0.0, 0.8) is None
    assert critical_alpha(2.0) == 0.5
    assert critical_alpha(0.5) == 8.0
    assert critical_alpha(0.0) == math.inf


def test_iterations_to_reach_a_tolerance_match_the_run():
    tol = 1e-6
    n = iterations_to_reach(0.5, 2.0, 0.8, 0.1, tol)
    run = descend(0.5, 2.0, 0.8, 0.1, 100)
    first_below = next(s.iteration for s in run.steps if s.error < tol)
    assert n == first_below
    assert iterations_to_reach(0.5, 2.0, 0.8, 1.0, tol) is None   # diverges
    assert iterations_to_reach(0.5, 0.0, 0.8, 1.0, tol) is None   # cannot learn
    assert iterations_to_reach(0.4, 2.0, 0.8, 0.1, tol) == 0      # already there


def test_error_at_is_the_parabola_the_descent_walks_on():
    run = descend(0.5, 2.0, 0.8, 0.1, 5)
    weights_before = [0.5] + [s.weight for s in run.steps[:-1]]
    for w, s in zip(weights_before, run.steps):
        assert error_at(w, 2.0, 0.8) == s.error


def test_primer_loop_source_is_runnable_and_prints_the_same():
    import contextlib
    import io

    src = primer_loop_source(0.0, 1.1, 0.8, 1.0, 4).source()
    buf = io.StringIO()
    with contextlib.redirect_stdout(buf):
        exec(compile(src, "<primer>", "exec"), {})
    assert buf.getvalue().splitlines() == primers_own_loop(0.0, 1.1, 0.8, 1.0, 4)


def test_error_curve_spans_the_run_and_the_best_weight_and_is_finite():
    run = descend(0.5, 2.0, 0.8, 0.1, 20)
    curve = error_curve(run)
    assert min(curve["weight"]) < 0.4 < 0.5 < max(curve["weight"])
    assert all(e >= 0 for e in curve["error"])
    wild = descend(0.5, 3.0, 0.8, 1.5, 1000)
    curve = error_curve(wild)
    assert curve["weight"] and all(math.isfinite(e) for e in curve["error"])


def test_compare_alphas_runs_the_loop_once_per_learning_rate():
    from primer.descent import compare_alphas, comparison_columns

    runs = compare_alphas(0.5, 2.0, 0.8, (0.1, 0.25, 0.4, 0.5, 0.6), 20)
    assert [r.alpha for r in runs] == [0.1, 0.25, 0.4, 0.5, 0.6]
    assert [r.report.label for r in runs] == [
        "converges smoothly", "lands on the goal in one step", "overshoots, but converges",
        "oscillates forever", "diverges",
    ]
    for r in runs:
        assert r.run == descend(0.5, 2.0, 0.8, r.alpha, 20)
    assert runs[0].run.steps[-1].weight == 0.4000036561584401  # the primer's own run
    cols = comparison_columns(runs)
    assert len(cols["error"]) == 100 and set(cols) == {"alpha", "regime", "iteration", "error"}
    assert cols["alpha"][:2] == [0.1, 0.1] and cols["iteration"][20:22] == [0, 1]
    assert cols["error"][20:22] == [runs[1].run.steps[0].error, runs[1].run.steps[1].error]
    assert cols["regime"][-1] == "diverges"


def test_comparison_keeps_only_the_finite_iterations_of_an_overflowing_run():
    from primer.descent import compare_alphas, comparison_columns

    runs = compare_alphas(0.5, 3.0, 0.8, (0.1, 1.5), 200)
    cols = comparison_columns(runs)
    assert cols["alpha"].count(0.1) == 200
    assert cols["alpha"].count(1.5) == 141  # stopped at iteration 141, like descend()
    assert all(math.isfinite(e) for e in cols["error"])


def test_whole_numbers_are_taken_as_the_primers_floats_and_still_stop_cleanly():
    run = descend(-2, 3, -2, 2, 200)
    assert run.stopped_at is not None and "overflowed" in run.stop_reason
    assert printed(descend(0, 1, 1, 1, 2)) == primers_own_loop(0.0, 1.0, 1.0, 1.0, 2)


# ---------------------------------------------------------------- what the run did, in words


def test_issue9_item01_the_derivative_is_half_the_slope_and_the_2_only_rescales_alpha():
    from primer.descent import derivative_note, slope_at

    run = descend(0.5, 2.0, 0.8, 0.1, 20)
    for w, s in zip(run.weights_before, run.steps):
        assert slope_at(w, 2.0, 0.8) == s.slope == 2 * s.derivative
        h = 1e-6  # the slope is what the error curve's rise over a small run says
        rise = (error_at(w + h, 2.0, 0.8) - error_at(w - h, 2.0, 0.8)) / (2 * h)
        assert rise == pytest.approx(s.slope, rel=1e-6, abs=1e-9)
    # alpha times the derivative is alpha / 2 times the slope, to the last bit
    weight = 0.5
    for s in run.steps:
        weight -= (0.1 / 2) * slope_at(weight, 2.0, 0.8)
        assert weight == s.weight
    note = derivative_note(0.1)
    assert "half the slope" in note and "0.05 times the slope" in note
    assert "2 × input × (prediction − goal)" in note
    assert "the derivative is half the slope there" in describe_steps(run)


def test_issue9_item02_downhill_only_for_a_run_whose_error_falls():
    from primer.descent import Heading, Walk, moves, walk

    cases = {
        (0.5, 2.0, 0.8, 0.1): Walk.DOWNHILL,   # the primer's own run
        (0.5, 2.0, 0.8, 1.0): Walk.CLIMBS,     # /descent?alpha=1
        (0.5, 2.0, 0.8, 0.5): Walk.LEVEL,      # /descent?alpha=0.5
        (0.5, 0.0, 0.8, 0.1): Walk.STILL,      # /descent?input=0
        (0.0, 1.1, 0.8, 1.0): Walk.ZIGZAG,     # overshoots, but converges
    }
    for args, kind in cases.items():
        run = descend(*args, 20)
        verdict = walk(run)
        assert verdict.kind is kind, args
        text = verdict.summary + " " + describe_steps(run)
        climbs = any(m.heading is Heading.UPHILL for m in moves(run))
        if kind in (Walk.CLIMBS, Walk.LEVEL, Walk.STILL):
            assert "downhill" not in text, (args, text)
        else:
            assert "downhill" in verdict.summary and not climbs
    assert "climbs the bowl" in walk(descend(0.5, 2.0, 0.8, 1.0, 20)).summary
    assert "same height" in walk(descend(0.5, 2.0, 0.8, 0.5, 20)).summary
    assert "never moves" in walk(descend(0.5, 0.0, 0.8, 0.1, 20)).summary


def test_issue9_item14_which_way_the_prediction_goes_and_what_a_negative_factor_means():
    falling = regime(2.0, 0.1, goal=0.8, weight=0.5)  # prediction 1.0 falls to 0.8
    assert "falls towards the goal 0.8 without passing it" in falling.summary
    assert "creeps up" not in falling.summary + falling.why
    rising = regime(0.5, 1.0, goal=0.8, weight=0.5)  # prediction 0.25 rises to 0.8
    assert "rises towards the goal 0.8" in rising.summary
    over = regime(1.1, 1.0, goal=0.8, weight=0.0)
    assert "crosses the goal every step" in over.summary
    assert "= -0.21" in over.why and "minus sign means the weight changes side" in over.why


def test_issue9_item14_input_zero_has_no_alpha_limit_and_no_minus_zero():
    from primer.descent import alpha_limit
    from primer.words import fmt

    report = regime(0.0, 0.1, goal=0.8, weight=0.5)
    assert report.alpha_limit is None and alpha_limit(0.0) is None
    assert regime(2.0, 0.1).alpha_limit == 0.5 == alpha_limit(2.0)
    run = descend(0.5, 0.0, 0.8, 0.1, 3)
    assert str(run.steps[0].derivative) == "-0.0"  # the primer prints what Python computes
    assert fmt(run.steps[0].derivative) == "0"  # a sentence or a card reads 0
    assert "inf" not in report.summary + report.why


def test_factor_just_past_minus_one_is_not_called_minus_one():
    r = regime(2.0, 0.5000000000000001, goal=0.8, weight=0.5)
    assert r.kind is Regime.DIVERGES
    assert "= -1 " not in r.why and "-1.0000000000000004" in r.why


def test_chart_sentences_keep_their_wording():
    from primer.descent import (
        compare_alphas,
        describe_alphas,
        describe_error,
        describe_prediction,
        describe_weight,
    )

    run = descend(0.5, 2.0, 0.8, 0.1, 20)
    assert describe_error(run) == "The error fell from 0.04 to 1.49e-10 in 20 iterations."
    assert describe_weight(run) == (
        "The weight went from 0.5 to 0.4 in 20 updates; the best weight is 0.4.")
    assert describe_prediction(run) == (
        "The prediction fell from 1 to 0.8 in 20 iterations; the goal is 0.8.")
    assert describe_steps(run).startswith(
        "The error curve is a bowl with its bottom at weight 0.4; the 20 steps go from weight "
        "0.5 (error 0.04) to weight 0.4 (error 1.49e-10).")
    over = descend(0.0, 1.1, 0.8, 1.0, 4)
    assert "crossing the goal 3 times" in describe_prediction(over)
    flat = descend(0.5, 0.0, 0.8, 0.1, 3)
    assert describe_steps(flat) == ("Every weight has the same error, 0.64, so the curve is "
                                    "flat and the steps never leave weight 0.5.")
    assert describe_weight(flat).startswith("The weight stayed at 0.5 through 3 updates")
    text = describe_alphas(compare_alphas(0.5, 2.0, 0.8, (0.1, 0.25, 0.45, 0.5, 0.6), 20))
    assert text.startswith("Compared from the same start: α 0.1 converges smoothly "
                           "(error 0.04 to 1.49e-10 in 20 iterations); ")
    for words in ("α 0.25 lands on the goal in one step", "α 0.45 overshoots, but converges",
                  "α 0.5 oscillates forever", "α 0.6 diverges"):
        assert words in text
    assert describe_error(descend(0.5, 3.0, 0.8, 1.5, 0)) == "No finite error to describe."
