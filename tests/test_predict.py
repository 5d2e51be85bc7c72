"""Predict, then reveal: every run has exactly one right answer, and it is true of the run."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from primer import deep
from primer.descent import Regime, descend
from primer.hot_cold import TOLERANCE, Outcome, hot_cold
from primer.outcome import Verdict
from primer.predict import (
    DEEP,
    DEEP_ANSWERS,
    DESCENT,
    DESCENT_ANSWERS,
    HOT_COLD,
    HOT_COLD_ANSWERS,
    answer,
    choice_for,
    first_sentence,
    is_valid_vote,
    outcome_choice,
    question,
    reveal,
    valid_votes,
)

QUESTIONS = [DESCENT, HOT_COLD, DEEP]


def descent_settings(weight=0.5, input=2.0, goal=0.8, alpha=0.1, iterations=20):
    return dict(weight=weight, input=input, goal=goal, alpha=alpha, iterations=iterations)


def hot_cold_settings(weight=0.5, input=0.5, goal=0.8, step=0.001, iterations=1101, alpha=0.1):
    return dict(weight=weight, input=input, goal=goal, step=step, iterations=iterations,
                alpha=alpha)


# ---------------------------------------------------------------- the questions


@pytest.mark.parametrize("q", QUESTIONS, ids=lambda q: q.lesson)
def test_choice_ids_fit_in_a_link_and_are_unique(q):
    assert all(re.fullmatch(r"[a-z]+", c.id) for c in q.choices)
    assert len(set(q.ids)) == len(q.ids)
    assert all(c.label and c.label == c.label.strip() for c in q.choices)
    assert q.prompt.endswith("?")


def test_descent_offers_the_issues_five_choices_plus_at_once():
    assert [c.label for c in DESCENT.choices] == [
        "creeps in", "zig-zags in", "bounces forever", "blows up", "cannot learn",
        "lands on the goal at once",
    ]


@pytest.mark.parametrize("q, table, kinds", [
    (DESCENT, DESCENT_ANSWERS, Regime),
    (HOT_COLD, HOT_COLD_ANSWERS, Outcome),
    (DEEP, DEEP_ANSWERS, deep.Outcome),
], ids=["descent", "hot-and-cold", "deep"])
def test_every_outcome_has_a_choice_and_every_choice_an_outcome(q, table, kinds):
    assert set(table) == set(kinds)  # a vote always has a right answer
    assert set(table.values()) == set(q.ids)  # and no choice is always wrong


def test_votes_by_lesson_and_unknown_ones():
    assert question("descent") is DESCENT and question("/descent") is DESCENT
    assert question("hot-and-cold") is HOT_COLD and question("deep") is DEEP
    assert question("neuron") is None and valid_votes("neuron") == ()
    assert valid_votes("descent") == ("creeps", "zigzag", "bounces", "blowsup", "cannot",
                                      "atonce")
    assert is_valid_vote("descent", "zigzag")
    assert not is_valid_vote("descent", "ZigZag")
    assert not is_valid_vote("descent", "<b>x</b>")
    assert not is_valid_vote("descent", "")
    assert not is_valid_vote("descent", None)
    assert not is_valid_vote("hot-and-cold", "zigzag")  # each lesson its own answers
    assert DESCENT.choice("nope") is None and DESCENT.choice(None) is None


# ---------------------------------------------------------------- the right answer: /descent


@pytest.mark.parametrize("settings, expected", [
    (descent_settings(), "creeps"),                       # the primer's own run
    (descent_settings(alpha=0.4), "zigzag"),
    (descent_settings(alpha=0.5), "bounces"),
    (descent_settings(alpha=1.0), "blowsup"),
    (descent_settings(input=0.0), "cannot"),
    (descent_settings(alpha=0.0), "cannot"),
    (descent_settings(alpha=0.25), "atonce"),             # alpha × input² = 1
    (descent_settings(weight=0.4), "atonce"),             # 2 × 0.4 is the goal already
])
def test_descent_answer(settings, expected):
    assert outcome_choice("descent", settings).id == expected
    assert answer("descent", settings).verdict.kind in DESCENT_ANSWERS


def sides(run, goal):
    """Which side of the goal each prediction is on (+1 above, -1 below), leaving out
    predictions within round-off of the goal, where the last digit decides the side."""
    near = 1e-9 * (1 + abs(goal))
    return [(s.prediction > goal) - (s.prediction < goal) for s in run.steps
            if abs(s.prediction - goal) > near]


def grid(low: float, high: float, step: float):
    """A slider's values: ``low`` to ``high`` in steps of ``step`` (dashboard/controls.py)."""
    n = round((high - low) / step)
    return st.integers(0, n).map(lambda i: round(low + i * step, 10))


@settings(max_examples=300, deadline=None)
@given(weight=grid(-2, 2, 0.01), input=grid(-3, 3, 0.05), goal=grid(-2, 2, 0.05),
       alpha=grid(0, 2, 0.01))
def test_the_descent_answer_is_what_the_run_does(weight, input, goal, alpha):
    """Checked against 60 iterations of the real loop, wherever the sliders are."""
    right = outcome_choice("descent", descent_settings(weight, input, goal, alpha))
    run = descend(weight, input, goal, alpha, 60)
    errors = [s.error for s in run.steps]
    weights = [weight] + [s.weight for s in run.steps]
    k = alpha * input**2
    if right.id == "cannot":
        assert all(w == weight for w in weights) and errors[0] > 0
    elif right.id == "atonce":
        assert len(run.steps) == 60 and errors[-1] <= 1e-20 * (1 + errors[0])
        assert errors[0] == 0 or k == 1
    elif right.id == "creeps":
        assert 0 < k < 1 and not run.stopped
        assert len(set(sides(run, goal))) <= 1  # never passes the goal
        assert all(b <= a or b < 1e-20 for a, b in zip(errors, errors[1:]))
    elif right.id == "zigzag":
        assert 1 < k < 2 and not run.stopped
        s = sides(run, goal)
        assert all(a == -b for a, b in zip(s, s[1:]))  # passes it every step
        assert errors[-1] <= errors[0]
    elif right.id == "bounces":
        assert k == 2
        assert all(e == pytest.approx(errors[0], rel=1e-6) for e in errors)
    else:
        assert right.id == "blowsup" and k > 2 and errors[0] > 0
        assert run.stopped or errors[-1] > errors[0]


# ---------------------------------------------------------------- the right answer: /hot-and-cold


@pytest.mark.parametrize("settings, expected, kind", [
    (hot_cold_settings(), "there", Outcome.LEARNS),                           # the book's run
    (hot_cold_settings(weight=1.6), "there", Outcome.ALREADY_THERE),          # 0.5 × 1.6 = 0.8
    (hot_cold_settings(step=0.3, iterations=30), "stuck", Outcome.STUCK),
    (hot_cold_settings(step=0.0001, iterations=5000), "crawls", Outcome.CRAWLS),
    (hot_cold_settings(step=0.001, iterations=100), "crawls", Outcome.CRAWLS),
    (hot_cold_settings(step=0.00001, iterations=10), "crawls", Outcome.TOO_SLOW),
    (hot_cold_settings(input=0.0), "still", Outcome.CANNOT_LEARN),
    (hot_cold_settings(step=0.0), "still", Outcome.STILL),
])
def test_hot_cold_answer(settings, expected, kind):
    a = answer("hot-and-cold", settings)
    assert (a.choice.id, a.verdict.kind) == (expected, kind)
    assert choice_for("hot-and-cold", a.verdict) == a.choice


def test_the_hot_cold_reveal_gives_the_sentence_with_the_runs_numbers():
    def said(vote, **changes):
        a = answer("hot-and-cold", hot_cold_settings(**changes))
        return reveal(HOT_COLD.choice(vote), a.choice, a.verdict)

    assert said("there") == ("You said it gets there, and you were right. The error drops "
                             "below one millionth at iteration 1,099, after 3,298 predictions.")
    assert said("there", step=0.3, iterations=30) == (
        "You said it gets there; it gets stuck bouncing. From iteration 4 it hops between 1.7 "
        "and 1.4, and the error never gets below 0.0025.")
    assert said("blowsup", step=0.0001, iterations=5000).startswith(
        "You said it blows up; it crawls. Getting the error below one millionth takes 10,981 "
        "iterations")


# Inputs from 0.25 up (or 0) and steps from 0.01 keep each walk under ~1,000 moves, so the
# test stays fast; the slow walks (a tiny step, a tiny input) are the cases above.
@settings(max_examples=40, deadline=None)
@given(weight=grid(-2, 2, 0.01), input=st.just(0.0) | grid(0.25, 10, 0.05),
       sign=st.sampled_from([1, -1]), goal=grid(-2, 2, 0.05), step=grid(0.01, 1, 0.01),
       iterations=st.integers(1, 300))
def test_the_hot_cold_answer_is_what_the_run_does(weight, input, sign, goal, step, iterations):
    input *= sign
    right = outcome_choice("hot-and-cold",
                           hot_cold_settings(weight, input, goal, step, iterations))
    run = hot_cold(weight, input, goal, step, iterations)
    below = [s.error < TOLERANCE for s in run.steps]
    if right.id == "there":
        assert any(below)
    elif right.id == "still":
        assert all(s.move == "stay" for s in run.steps) and not any(below)
    else:
        assert not any(below)
        longer = hot_cold(weight, input, goal, step, 20_000, tolerance=TOLERANCE)
        if right.id == "stuck":  # it bounces before it ever gets close
            assert longer.bouncing_from is not None and not longer.reached_tolerance
        else:  # it crawls: it does get close, only later than this run's last iteration
            assert right.id == "crawls" and longer.reached_tolerance
            assert longer.stopped_at >= iterations


# ---------------------------------------------------------------- the right answer: /deep


def deep_settings(hidden=4, alpha=0.2, passes=60, seed=1, activation="relu"):
    return dict(hidden=hidden, alpha=alpha, passes=passes, seed=seed, activation=activation)


@pytest.mark.parametrize("settings, expected, kind", [
    (deep_settings(), "beats", deep.Outcome.BEATS_FLOOR),                     # the book's run
    (deep_settings(passes=1), "notyet", deep.Outcome.ONE_PASS),
    (deep_settings(hidden=3, passes=20, seed=0), "notyet", deep.Outcome.BOUNCING),
    (deep_settings(hidden=1, alpha=0.05, passes=20, seed=0), "notyet", deep.Outcome.FALLING),
    (deep_settings(hidden=3), "stuck", deep.Outcome.DEAD),                   # ReLUs off
    (deep_settings(hidden=1, passes=300, seed=0), "stuck", deep.Outcome.LEVELLED_OFF),
    (deep_settings(alpha=0.0), "stuck", deep.Outcome.STILL),
    (deep_settings(activation="linear"), "cannot", deep.Outcome.LINEAR),
    (deep_settings(hidden=1, alpha=0.5, passes=10, seed=4), "worse", deep.Outcome.GROWING),
])
def test_deep_answer(settings, expected, kind):
    a = answer("deep", settings)
    assert (a.choice.id, a.verdict.kind) == (expected, kind)


def test_the_deep_reveal():
    a = answer("deep", deep_settings(hidden=3))
    assert reveal(DEEP.choice("beats"), a.choice, a.verdict) == (
        "You said it beats one layer; it gets stuck. Stuck for now (error 2): every hidden unit "
        "is 0 for rows 1 and 2, so the network predicts 0 there, not 1, and those rows alone "
        "cost 2.")


@settings(max_examples=40, deadline=None)
@given(hidden=st.integers(1, 16), alpha=grid(0, 2, 0.05), passes=st.integers(1, 100),
       seed=st.integers(0, 50), activation=st.sampled_from(["relu", "relu", "linear"]))
def test_the_deep_answer_is_what_the_run_does(hidden, alpha, passes, seed, activation):
    right = outcome_choice("deep", deep_settings(hidden, alpha, passes, seed, activation))
    run = deep.train_deep(hidden, alpha, passes, seed, activation)
    floor = 1.0  # the best one layer does on this table (primer.dataset.error_floor)
    if right.id == "beats":
        assert run.errors[-1] < floor and deep.network_error(run) < floor
    elif right.id == "cannot":
        assert activation == "linear"
    elif right.id == "worse":
        assert run.stopped or run.errors[-1] > run.errors[0]
    else:
        assert not run.stopped and activation == "relu"


# ---------------------------------------------------------------- reveal


def test_reveal_says_the_guess_what_happened_and_why_in_one_sentence():
    a = answer("descent", descent_settings(alpha=1.0))
    wrong = reveal(DESCENT.choice("creeps"), a.choice, a.verdict)
    assert wrong == (
        "You said it creeps in; it blows up. Every update jumps past the best weight and "
        "lands further away, so the error grows."
    )
    right = reveal(DESCENT.choice("blowsup"), a.choice, a.verdict)
    assert right.startswith("You said it blows up, and you were right. Every update jumps")
    assert reveal(None, a.choice, a.verdict).startswith("It blows up. Every update")
    assert "would converge" not in wrong  # the second sentence stays in the "Why?" fold


def test_first_sentence_keeps_decimals_and_ends_at_the_first_full_stop():
    assert first_sentence("The weight 0.46 moved. Then more.") == "The weight 0.46 moved."
    assert first_sentence("One sentence only") == "One sentence only"
    assert first_sentence("It crawls. It takes 10 steps.") == "It takes 10 steps."
    assert first_sentence("It crawls.") == "It crawls."
    v = Verdict(Regime.STILL, "")
    assert reveal(DESCENT.choice("cannot"), DESCENT.choice("cannot"), v) == (
        "You said it cannot learn, and you were right.")
