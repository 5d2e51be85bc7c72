"""Hot-and-cold learning, number for number, and where a fixed step fails.

Expected floats are what Python prints for the book's loop, compared exactly.
"""

import math

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
