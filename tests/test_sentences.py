"""Every sentence primer states about a run, checked against the run's own numbers.

Property-based (the ``hypothesis`` library): random settings and tables, and for
each the sentences must agree with what the numbers say. A sentence that can
become false when a slider moves fails here, with the slider values that break it.
"""

from __future__ import annotations

import math

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from primer.descent import (
    Heading,
    Regime,
    Walk,
    alpha_limit,
    descend,
    describe_error,
    describe_prediction,
    describe_steps,
    describe_weight,
    moves,
    regime,
    walk,
)
from primer.words import SUMMARY_WORDS, fmt, word_count

FAST = settings(max_examples=150, deadline=None,
                suppress_health_check=[HealthCheck.too_slow])


def slider(lo: float, hi: float, places: int = 2):
    """A value a slider can take: a short decimal between ``lo`` and ``hi``."""
    return st.decimals(lo, hi, places=places).map(float)


def wide(lo: float, hi: float, tiny: float = 1e-3):
    """Any float between ``lo`` and ``hi``, zero included, but none so tiny it underflows."""
    return st.one_of(st.just(0.0), st.floats(lo, hi).filter(lambda v: v == 0 or abs(v) >= tiny))


weights = st.one_of(slider(-2, 2), wide(-2, 2))
inputs = st.one_of(slider(-3, 3, 2), wide(-3, 3))
goals = st.one_of(slider(-2, 2), wide(-2, 2))
alphas = st.one_of(slider(0, 2), st.just(0.0), st.floats(1e-4, 2.0))
iterations = st.integers(1, 40)


def _noise(*values: float) -> float:
    return 8 * 2.0**-52 * sum(abs(v) for v in values)


# ---------------------------------------------------------------- descent


@FAST
@given(weights, inputs, goals, alphas, iterations)
def test_regime_sentences_match_the_run(weight, x, goal, alpha, n):
    report = regime(x, alpha, goal=goal, weight=weight)
    run = descend(weight, x, goal, alpha, n)
    assert word_count(report.summary) <= SUMMARY_WORDS, report.summary
    assert report.why
    assert "creeps" not in report.summary
    assert (report.alpha_limit is None) == (x == 0)
    text = report.summary + " " + report.why
    assert "inf" not in text and "-0 " not in text and "nan" not in text
    predictions = [s.prediction for s in run.steps]
    if "falls towards the goal" in report.summary:
        for a, b in zip(predictions, predictions[1:]):
            assert b <= a + _noise(a, goal) and b >= goal - _noise(b, goal)
    if "rises towards the goal" in report.summary:
        for a, b in zip(predictions, predictions[1:]):
            assert b >= a - _noise(a, goal) and b <= goal + _noise(b, goal)
    if "crosses the goal every step" in report.summary:
        misses = [p - goal for p in predictions]
        for a, b in zip(misses, misses[1:]):
            if abs(a) > 1e-9 * (1 + abs(goal)) and abs(b) > 1e-9 * (1 + abs(goal)):
                assert (a > 0) != (b > 0)
    if report.kind in (Regime.STILL, Regime.CANNOT_LEARN, Regime.AT_GOAL):
        assert all(s.weight == weight for s in run.steps)


@FAST
@given(weights, inputs, goals, alphas, iterations)
def test_walk_never_says_downhill_when_the_error_rose(weight, x, goal, alpha, n):
    run = descend(weight, x, goal, alpha, n)
    verdict = walk(run)
    ms = moves(run)
    text = verdict.summary + " " + describe_steps(run)
    assert word_count(verdict.summary) <= SUMMARY_WORDS, verdict.summary
    if "downhill" in text:
        assert all(m.heading is not Heading.UPHILL for m in ms)
        assert all(m.error_after <= m.error_before for m in ms)
        assert any(m.heading is Heading.DOWNHILL for m in ms)
    if verdict.kind is Walk.CLIMBS:
        assert all(m.error_after >= m.error_before for m in ms)
        assert ms[-1].error_after > ms[0].error_before
    if verdict.kind is Walk.STILL:
        assert all(s.weight == weight for s in run.steps)
    report = regime(x, alpha, goal=goal, weight=weight)
    if report.kind is Regime.DIVERGES:
        assert "downhill" not in text
    if report.kind in (Regime.CONVERGES, Regime.ONE_STEP, Regime.OVERSHOOTS):
        assert verdict.kind is not Walk.CLIMBS


@FAST
@given(weights, inputs, goals, alphas, iterations)
def test_chart_sentences_say_what_the_numbers_did(weight, x, goal, alpha, n):
    run = descend(weight, x, goal, alpha, n)
    errors = [s.error for s in run.steps]
    text = describe_error(run)
    if errors:
        verb = "fell" if errors[-1] < errors[0] else "rose" if errors[-1] > errors[0] else "stayed"
        assert text.startswith(f"The error {verb} ")
        assert text.endswith(f"in {n:,} iteration{'s' if n != 1 else ''}.")
    prediction = describe_prediction(run)
    if "crossing the goal" not in prediction:
        sides = {p > goal for p in (s.prediction for s in run.steps)
                 if abs(p - goal) > _noise(p, goal)}
        assert len(sides) <= 1
    weight_text = describe_weight(run)
    if "stayed at" in weight_text:
        assert all(s.weight == weight for s in run.steps)
    for sentence in (text, prediction, weight_text, describe_steps(run)):
        assert "-0 " not in sentence and "-0)" not in sentence and "-0;" not in sentence


@FAST
@given(st.floats(allow_nan=True, allow_infinity=True))
def test_fmt_never_says_minus_zero(x):
    assert fmt(x) not in ("-0", "-0.0")
    assert (alpha_limit(x) is None) == (x == 0) or not math.isfinite(x)
