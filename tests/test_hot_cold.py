"""Hot-and-cold learning, number for number, and where a fixed step fails.

Expected floats are what Python prints for the book's loop, compared exactly.
"""

import math

import pytest

from primer.descent import descend
from primer.hot_cold import (
    FIELDS,
    compare_with_descent,
    find_bounce,
    hot_cold,
    iterations_to_reach,
    moves_estimate,
)


def books_loop(weight, network_input, goal, step, iterations):
    """The book's hot-and-cold loop, collecting (prediction, error, up, down) per iteration."""
    out = []
    for _ in range(iterations):
        prediction = network_input * weight
        error = (prediction - goal) ** 2
        up_error = (goal - network_input * (weight + step)) ** 2
        down_error = (goal - network_input * (weight - step)) ** 2
        out.append((weight, prediction, error, up_error, down_error))
        if down_error < up_error:
            weight = weight - step
        if down_error > up_error:
            weight = weight + step
    return out


def test_toes_example_first_iteration():
    # weight 0.1, 8.5 toes, goal 1 (a win), step 0.01. The book shows 0.0225,
    # 0.004225 and 0.055225; Python's floats are a hair below each.
    s = hot_cold(0.1, 8.5, 1, 0.01, iterations=1).steps[0]
    assert s.prediction == 0.8500000000000001
    assert s.error == 0.022499999999999975
    assert s.up_error == 0.004224999999999993
    assert s.down_error == 0.05522499999999994
    assert (s.move, s.new_weight) == ("up", 0.11)
    assert s.improves


def test_every_number_matches_the_books_loop():
    run = hot_cold(0.5, 0.5, 0.8, 0.001, iterations=1101)
    ours = [(s.weight, s.prediction, s.error, s.up_error, s.down_error) for s in run.steps]
    assert ours == books_loop(0.5, 0.5, 0.8, 0.001, 1101)


def test_book_example_reaches_its_lowest_error_at_iteration_1100():
    run = hot_cold(0.5, 0.5, 0.8, 0.001, iterations=1102)
    errors = [s.error for s in run.steps]
    assert min(errors) == errors[1100] == 1.0799505792475652e-27
    assert all(b < a for a, b in zip(errors[:1100], errors[1:1101]))  # falls every step
    assert errors[1101] == 2.4999999996708233e-07  # then bounces back up
    s = run.steps[1100]
    assert s.prediction == 0.7999999999999672
    assert s.weight == 1.5999999999999344
    assert run.bouncing_from == 1100
    assert run.error_floor == 1.0799505792475652e-27
    assert run.predictions == 3 * 1102


def test_first_iteration_of_the_book_example():
    s = hot_cold(0.5, 0.5, 0.8, 0.001, iterations=1).steps[0]
    assert (s.prediction, s.error) == (0.25, 0.30250000000000005)
    assert (s.up_error, s.down_error) == (0.3019502500000001, 0.30305024999999997)
    assert s.new_weight == 0.501


def test_bouncing_alternates_between_two_weights():
    run = hot_cold(0.5, 0.5, 0.8, 0.001, iterations=1110)
    tail = [s.weight for s in run.steps[1100:]]
    assert set(tail) == {1.5999999999999344, 1.6009999999999343}
    assert [s.move for s in run.steps[1100:1104]] == ["up", "down", "up", "down"]


def test_tolerance_stops_early_and_says_so():
    run = hot_cold(0.5, 0.5, 0.8, 0.001, iterations=5000, tolerance=1e-6)
    assert run.reached_tolerance
    assert run.stopped_at == 1099 == len(run.steps)
    assert run.final_weight == 1.5989999999999345
    assert run.predictions == 3 * 1099 + 1
    assert "tolerance" in run.stop_reason and "1099" in run.stop_reason
    assert run.bouncing_from is None


def test_without_tolerance_it_runs_every_iteration():
    run = hot_cold(0.5, 0.5, 0.8, 0.001, iterations=20)
    assert len(run.steps) == 20 and run.stopped_at is None and run.stop_reason == ""
    assert run.final_weight == 0.52
    cols = run.columns()
    assert list(cols) == list(FIELDS) and cols["iteration"] == list(range(20))
    assert set(cols["move"]) == {"up"}


def test_too_big_a_step_bounces_above_the_goal():
    b = find_bounce(0.5, 0.5, 0.8, 0.3)
    assert b.iteration == 4
    assert b.weight == 1.7000000000000002 and b.other_weight == 1.4000000000000001
    assert b.error_floor == 0.0025000000000000044
    assert "0.0025" in b.explanation
    assert iterations_to_reach(0.5, 0.5, 0.8, 0.3, tolerance=1e-3) is None
    run = hot_cold(0.5, 0.5, 0.8, 0.3, iterations=10)
    assert run.bouncing_from == 4 and run.error_floor == b.error_floor
    assert min(s.error for s in run.steps) == b.error_floor


def test_book_example_bounce():
    b = find_bounce(0.5, 0.5, 0.8, 0.001)
    assert (b.iteration, b.weight) == (1100, 1.5999999999999344)
    assert b.error_floor == 1.0799505792475652e-27


def test_too_small_a_step_crawls():
    assert iterations_to_reach(0.5, 0.5, 0.8, 0.001, 1e-6) == 1099
    assert iterations_to_reach(0.5, 0.5, 0.8, 0.0001, 1e-6) == 10981
    assert iterations_to_reach(0.5, 0.5, 0.8, 0.00001, 1e-6, limit=1000) is None  # too slow
    assert moves_estimate(0.5, 0.5, 0.8, 0.001) == 1100.0
    assert moves_estimate(0.5, 0.5, 0.8, 0.0001) == 11000.0
    assert moves_estimate(0.5, 0.0, 0.8, 0.001) is None
    assert moves_estimate(0.5, 0.5, 0.8, 0.0) is None


def test_input_zero_cannot_move_and_says_stay():
    run = hot_cold(0.5, 0.0, 0.8, 0.01, iterations=3)
    assert [s.move for s in run.steps] == ["stay"] * 3
    assert run.final_weight == 0.5
    assert run.bouncing_from == 0 and run.error_floor == 0.6400000000000001
    b = find_bounce(0.5, 0.0, 0.8, 0.01)
    assert b.iteration == 0 and "stays" in b.explanation


def test_compare_with_gradient_descent():
    c = compare_with_descent(0.5, 0.5, 0.8, step=0.001, alpha=1.0, tolerance=1e-6)
    assert (c.hot_cold_iterations, c.hot_cold_predictions) == (1099, 3298)
    assert (c.descent_iterations, c.descent_predictions) == (22, 23)
    run = descend(0.5, 0.5, 0.8, 1.0, 30)
    assert next(s.iteration for s in run.steps if s.error < 1e-6) == 22
    slow = compare_with_descent(0.5, 0.5, 0.8, step=0.001, alpha=0.1, tolerance=1e-6)
    assert (slow.descent_iterations, slow.descent_predictions) == (250, 251)
    diverging = compare_with_descent(0.5, 0.5, 0.8, step=0.001, alpha=8.0, tolerance=1e-6)
    assert diverging.descent_iterations is None and diverging.descent_predictions is None
    stuck = compare_with_descent(0.5, 0.5, 0.8, step=0.3, alpha=1.0, tolerance=1e-6)
    assert stuck.hot_cold_iterations is None and stuck.hot_cold_predictions is None


def test_overflow_stops_cleanly():
    run = hot_cold(1e200, 1.0, 0.0, 1.0, iterations=5)
    assert run.stopped_at == 0 and run.steps == () and not run.reached_tolerance
    assert "overflow" in run.stop_reason
    assert run.bouncing_from is None and run.error_floor is None
    assert find_bounce(1e200, 1.0, 0.0, 1.0) is None
    assert iterations_to_reach(1e200, 1.0, 0.0, 1.0, 1e-6) is None


def test_a_huge_step_never_lets_infinity_out():
    # the weight is fine, but the trial step up squares past the largest float
    run = hot_cold(1.0, 1.0, 0.0, 1e308, iterations=10)
    assert run.stopped_at == 0 and run.steps == () and "overflow" in run.stop_reason
    nan_run = hot_cold(math.nan, 1.0, 0.0, 0.1, iterations=10)
    assert nan_run.stopped_at == 0 and nan_run.steps == ()


def test_loop_source_prints_the_same_numbers_as_the_run():
    import contextlib
    import io

    from primer.hot_cold import hot_cold_loop_source

    src = hot_cold_loop_source(0.1, 8.5, 1, 0.01, 3).source()
    buf = io.StringIO()
    with contextlib.redirect_stdout(buf):
        exec(compile(src, "<loop>", "exec"), {})
    lines = buf.getvalue().splitlines()
    run = hot_cold(0.1, 8.5, 1, 0.01, iterations=3)
    assert lines == [
        f"{s.iteration} {s.prediction!r} {s.error!r} {s.up_error!r} {s.down_error!r} {s.move}"
        for s in run.steps
    ]
    assert lines[0] == (
        "0 0.8500000000000001 0.022499999999999975 0.004224999999999993 0.05522499999999994 up"
    )


# ---------------------------------------------------------------- what a setting amounts to


def test_issue9_item11_the_books_floor_is_round_off_not_the_step_size():
    from primer.hot_cold import describe_run, hot_cold_verdict, step_floor, study

    floor = step_floor(0.5, 0.5, 0.8, 0.001)
    assert (floor.steps, floor.weight, floor.best, floor.exact) == (1100, 1.6, 1.6, 0.0)
    assert floor.round_off(1.0799505792475652e-27)
    b = find_bounce(0.5, 0.5, 0.8, 0.001)
    assert b.exact_floor == 0.0
    words = ("In exact arithmetic, 1,100 steps of 0.001 land exactly on the best weight 1.6, "
             "where the error is 0; the 1.08e-27 Python shows is round-off from adding 0.001 "
             "1,100 times, not a property of the step size.")
    assert words in b.explanation
    assert words in hot_cold_verdict(study(0.5, 0.5, 0.8, 0.001, 0.1), 1101).why
    assert words in describe_run(hot_cold(0.5, 0.5, 0.8, 0.001, 1101))
    # a step whose floor is real says no such thing
    for step in (0.3, 0.0013):
        exact = step_floor(0.5, 0.5, 0.8, step).exact
        b = find_bounce(0.5, 0.5, 0.8, step)
        assert b.error_floor == pytest.approx(exact, rel=1e-9)
        assert "round-off" not in b.explanation
    assert step_floor(0.5, 0.5, 0.8, 0.3).exact == pytest.approx(0.0025)
    assert step_floor(0.5, 0.0, 0.8, 0.1) is None and step_floor(0.5, 0.5, 0.8, 0.0) is None


@pytest.mark.parametrize("name, kind, words", [
    ("The book's example", "LEARNS",
     "The error drops below one millionth at iteration 1,099, after 3,298 "
     "predictions."),
    ("Toes: 8.5 toes, goal 1", "STUCK", "Its step is too big. From iteration 2"),
    ("Too big a step", "STUCK", "it hops between 1.7 and 1.4, and the error never gets below "
     "0.0025."),
    ("Too small a step", "CRAWLS", "Getting the error below one millionth takes "
     "10,981 iterations, and this run stops after 5,000."),
])
def test_hot_cold_verdict_for_each_example(name, kind, words):
    from primer.hot_cold import EXAMPLES, hot_cold_verdict, study

    e = EXAMPLES[name]
    v = hot_cold_verdict(study(e["weight"], e["input"], e["goal"], e["step"], e["alpha"]),
                         e["iterations"])
    assert v.kind.name == kind and words in v.summary


def test_hot_cold_verdict_for_the_edges():
    from primer.hot_cold import Outcome, hot_cold_verdict, study

    def kind(*args, n=1101):
        return hot_cold_verdict(study(*args), n)

    assert kind(1.6, 0.5, 0.8, 0.001, 0.1).kind is Outcome.ALREADY_THERE
    assert kind(0.5, 0.0, 0.8, 0.001, 0.1).summary.startswith("With an input of 0 every weight")
    assert kind(0.5, 0.5, 0.8, 0.0, 0.1).summary.startswith("With a step of 0, up, down and")
    slow = kind(-2, 0.05, 2, 0.0001, 0.1)
    assert slow.kind is Outcome.TOO_SLOW
    assert "about 420,000 steps away, more than the 100,000 iterations" in slow.summary
    assert kind(1e200, 1.0, 0.0, 1.0, 0.1).kind is Outcome.OVERFLOWS
    stuck = kind(0.5, 0.5, 0.8, 0.3, 0.1, n=30)
    assert "Steps below 0.004 always get the error below one millionth" in stuck.why


def test_issue9_item15_who_wins_is_computed_and_hot_and_cold_can_win():
    from primer.hot_cold import Winner, comparison_verdict, study

    def race(*args):
        return comparison_verdict(study(*args))

    book = race(0.5, 0.5, 0.8, 0.001, 0.1)
    assert book.kind is Winner.DESCENT
    assert book.summary == "The derivative wins: 251 predictions against 3,298."
    timid = race(0.5, 0.5, 0.8, 0.001, 0.001)  # alpha × input² = 0.00025
    assert timid.kind is Winner.HOT_COLD
    assert timid.summary == ("Hot and cold wins this time: 3,298 predictions against 25,238 "
                             "for gradient descent.")
    assert "With alpha = 1 ÷ input² = 4 it would land in one update." in timid.why
    runaway = race(0.5, 10.0, 0.8, 0.001, 2.0)
    assert runaway.kind is Winner.HOT_COLD
    assert runaway.summary.startswith("Gradient descent diverges with this alpha. Hot and cold "
                                      "wins")
    assert race(0.5, 0.0, 0.8, 0.001, 0.1).summary.startswith("Neither method can learn here.")
    assert race(1.6, 0.5, 0.8, 0.001, 0.1).kind is Winner.TIE
    stuck = race(0.5, 0.5, 0.8, 0.3, 1.0)
    assert stuck.kind is Winner.DESCENT and "hot and cold never does" in stuck.summary


def test_issue9_item12_the_examples_name_the_book():
    from primer.hot_cold import DESCRIPTIONS, EXAMPLES

    assert set(DESCRIPTIONS) == set(EXAMPLES)
    for name in ("The book's example", "Toes: 8.5 toes, goal 1"):
        assert "Andrew Trask's *Grokking Deep Learning*" in DESCRIPTIONS[name]


def test_study_agrees_with_the_separate_walks():
    from primer.hot_cold import study

    for args in [(0.5, 0.5, 0.8, 0.001), (0.5, 0.5, 0.8, 0.3), (0.1, 8.5, 1, 0.01),
                 (0.5, 0.0, 0.8, 0.01)]:
        f = study(*args, alpha=0.1)
        assert f.comparison == compare_with_descent(*args, 0.1, 1e-6)
        assert f.bounce == find_bounce(*args)
        assert f.walk.reached == iterations_to_reach(*args, 1e-6)


def test_describe_methods_speaks_for_the_comparison_chart():
    from primer.hot_cold import describe_methods

    text = describe_methods(hot_cold(0.5, 0.5, 0.8, 0.001, 20), descend(0.5, 0.5, 0.8, 0.1, 20))
    assert text == ("From the same start, hot and cold's error went from 0.303 to 0.292 in 20 "
                    "iterations; gradient descent's went from 0.303 to 0.116 in 20 iterations.")
