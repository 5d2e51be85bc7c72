"""Several rows: reading a table, training one row at a time, correlation and the floor.

Training errors are what the book's loop prints, compared exactly. Correlations
and least-squares results are compared approximately.
"""

import math

import numpy as np
import pytest

from primer.dataset import (
    MAX_INPUTS,
    MAX_ROWS,
    PRESETS,
    DataError,
    correlations,
    default_weights,
    error_floor,
    from_table,
    make,
    strongest_input,
    total_error,
    train,
    validate,
    verdict,
)

LIGHTS = [[1, 0, 1], [0, 1, 1], [0, 0, 1], [1, 1, 1], [0, 1, 1], [1, 0, 1]]
WALK = [0, 1, 0, 1, 1, 0]


def books_streetlight_loop(passes):
    """The book's streetlight code, collecting the total error of each pass."""
    weights = np.array([0.5, 0.48, -0.7])
    alpha = 0.1
    streetlights = np.array(LIGHTS)
    walk_vs_stop = np.array(WALK)
    out = []
    for _ in range(passes):
        error_for_all_lights = 0
        for row_index in range(len(walk_vs_stop)):
            light = streetlights[row_index]
            goal_prediction = walk_vs_stop[row_index]
            prediction = light.dot(weights)
            error = (goal_prediction - prediction) ** 2
            error_for_all_lights += error
            delta = prediction - goal_prediction
            weights = weights - (alpha * (light * delta))
        out.append(float(error_for_all_lights))
    return out, weights.tolist()


# ---------------------------------------------------------------- reading a table


def test_from_table_takes_the_last_column_as_the_goal():
    data = from_table([[1, 0, 1, 0], [0, 1, 1, 1]])
    assert data.inputs == ((1.0, 0.0, 1.0), (0.0, 1.0, 1.0))
    assert data.goals == (0.0, 1.0)
    assert (data.n_rows, data.n_inputs) == (2, 3)
    assert data.names == ("input 1", "input 2", "input 3", "goal")
    assert data.table() == [[1.0, 0.0, 1.0, 0.0], [0.0, 1.0, 1.0, 1.0]]


def test_from_table_accepts_arrays_strings_ticks_and_skips_blank_rows():
    data = from_table(np.array([[1.5, 2.0], [3.0, 4.0]]), names=["x", "y"])
    assert data.inputs == ((1.5,), (3.0,)) and data.goals == (2.0, 4.0)
    assert data.input_names == ("x",) and data.goal_name == "y"
    data = from_table([[" 0.5 ", True], [None, None], [2, False], ["", math.nan]])
    assert data.inputs == ((0.5,), (2.0,)) and data.goals == (1.0, 0.0)


@pytest.mark.parametrize(
    "table, words",
    [
        ([], "empty"),
        (None, "no table"),
        ([[None, None], ["", math.nan]], "empty"),
        ([[1], [2]], "no goal column"),
        ([[1, 2], [1, 2, 3]], "Row 2 has 3 cells but row 1 has 2"),
        ([[1, 2], [1, None]], "Row 2, column 'goal' is empty"),
        ([[1, 2], ["", 3]], "Row 2, column 'input 1' is empty"),
        ([[1, "abc"]], "'abc', which is not a number"),
        ([[1, {}]], "not a number"),
        ([[1, math.inf]], "infinite"),
        ([[-math.inf, 1]], "infinite"),
        ([[1, "nan"]], "not a number"),
        ([[1, 2]] * (MAX_ROWS + 1), f"{MAX_ROWS + 1} rows"),
        ([[1] * (MAX_INPUTS + 2)], f"{MAX_INPUTS + 1} inputs"),
        ([1, 2, 3], "Row 1 is 1, not a row"),
        ("1,2", "no table"),
    ],
)
def test_bad_tables_get_a_message_a_teacher_can_read(table, words):
    with pytest.raises(DataError, match=words):
        from_table(table)
    message = validate(table)
    assert isinstance(message, str) and words in message


def test_the_limits_themselves_are_allowed():
    assert from_table([[1, 2]] * MAX_ROWS).n_rows == MAX_ROWS
    assert from_table([[1] * (MAX_INPUTS + 1)]).n_inputs == MAX_INPUTS


def test_data_error_is_a_value_error_and_names_are_checked():
    assert issubclass(DataError, ValueError)
    with pytest.raises(DataError, match="3 columns but 2 column names"):
        from_table([[1, 2, 3]], names=["a", "b"])
    with pytest.raises(DataError, match="same name"):
        from_table([[1, 2]], names=["a", "a"])
    with pytest.raises(DataError, match="2 rows of inputs but 1 goals"):
        make([[1], [2]], [1])


def test_validate_returns_the_data_set_when_it_is_fine():
    data = validate([[1, 2]])
    assert data == from_table([[1, 2]])


# ---------------------------------------------------------------- training


def test_streetlights_match_the_books_loop_exactly():
    run = train(PRESETS["streetlights"].data, weights=[0.5, 0.48, -0.7], alpha=0.1, passes=40)
    book_errors, book_weights = books_streetlight_loop(40)
    assert run.errors == book_errors
    assert list(run.final_weights) == book_weights


def test_streetlights_total_error_goes_to_zero():
    run = train(PRESETS["streetlights"].data, passes=200)
    assert run.start_weights == (0.5, 0.48, -0.7)
    assert str(run.errors[0]) == "2.6561231104"
    assert str(run.errors[1]) == "0.9628701776715985"
    assert str(run.errors[39]) == "0.00053373677328488"  # after 40 passes
    assert str(run.errors[199]) == "9.021603633071168e-14"
    assert run.first_below(1e-3) == 35
    assert run.first_below(1e-6) == 84
    assert all(b < a for a, b in zip(run.errors, run.errors[1:]))
    left, middle, right = run.final_weights
    assert middle == pytest.approx(1.0, abs=1e-6)
    assert left == pytest.approx(0.0, abs=1e-6) and right == pytest.approx(0.0, abs=1e-6)


def test_first_pass_predictions_are_recorded():
    run = train(PRESETS["streetlights"].data, passes=1)
    p = run.records[0]
    assert p.iteration == 0
    assert p.predictions[0] == -0.19999999999999996  # 0.5 - 0.7
    assert len(p.predictions) == 6
    assert p.weights == run.final_weights


def test_no_correlation_levels_off_above_the_floor():
    data = PRESETS["no correlation"].data
    run = train(data, passes=500)
    assert str(run.errors[0]) == "3.490269"
    assert str(run.errors[39]) == "1.253955074877266"
    assert str(run.errors[499]) == "1.2345679012345683"  # about 100/81: levelled off
    assert run.errors[499] == pytest.approx(run.errors[498], abs=1e-12)
    floor = error_floor(data)
    assert floor.total_error == pytest.approx(1.0)
    assert not floor.reaches_zero
    assert floor.weights == pytest.approx((0.0, 0.0, 0.5), abs=1e-9)
    # whatever weights training ends with, their error is never below the floor
    assert total_error(data, run.final_weights) >= floor.total_error
    assert run.first_below(1.0) is None


def test_input_zero_cannot_learn():
    run = train(PRESETS["input is zero"].data, passes=10)
    assert run.start_weights == (0.5,)
    assert set(run.errors) == {0.6400000000000001}
    assert run.final_weights == (0.5,)


def test_default_weights_repeat_the_books():
    assert default_weights(3) == (0.5, 0.48, -0.7)
    assert default_weights(1) == (0.5,)
    assert default_weights(5) == (0.5, 0.48, -0.7, 0.5, 0.48)


def test_wrong_number_of_weights_is_refused():
    with pytest.raises(ValueError, match="3 inputs need 3 weights, got 2"):
        train(PRESETS["streetlights"].data, weights=[0.1, 0.2])


def test_too_big_a_learning_rate_stops_cleanly():
    run = train(PRESETS["streetlights"].data, alpha=2.0, passes=2000)
    assert run.stopped_at == 127 == len(run.records)
    assert "overflow" in run.stop_reason
    assert all(math.isfinite(e) for e in run.errors)
    assert all(math.isfinite(w) for p in run.records for w in p.weights)


def test_columns_for_a_chart():
    run = train(PRESETS["streetlights"].data, passes=3)
    cols = run.columns()
    assert list(cols) == ["pass", "total_error", "left light", "middle light", "right light"]
    assert cols["pass"] == [0, 1, 2]
    assert cols["middle light"] == [p.weights[1] for p in run.records]


# ---------------------------------------------------------------- correlation and floor


def test_streetlight_correlations():
    left, middle, right = correlations(PRESETS["streetlights"].data)
    assert left.r == pytest.approx(-1 / 3)
    assert middle.r == pytest.approx(1.0)
    assert right.r is None and "never changes" in right.note
    assert strongest_input(PRESETS["streetlights"].data) == 1


def test_no_correlation_has_no_signal():
    cs = correlations(PRESETS["no correlation"].data)
    assert [c.r for c in cs] == [pytest.approx(0.0), pytest.approx(0.0), None]
    assert strongest_input(PRESETS["no correlation"].data) is None


def test_constant_goal_gives_none_not_nan():
    cs = correlations(make([[1], [2], [3]], [5, 5, 5]))
    assert cs[0].r is None and "goal never changes" in cs[0].note
    single = correlations(PRESETS["input is zero"].data)
    assert single[0].r is None


def test_negative_correlation_is_still_a_signal():
    data = make([[0, 1], [1, 1], [2, 1]], [2, 1, 0])
    assert correlations(data)[0].r == pytest.approx(-1.0)
    assert strongest_input(data) == 0
    assert "against" in verdict(data)


def test_floor_is_zero_when_one_input_matches():
    floor = error_floor(PRESETS["streetlights"].data)
    assert floor.total_error == 0.0 and floor.reaches_zero
    assert floor.weights == (0.0, 1.0, 0.0)


def test_floor_when_inputs_are_zero():
    floor = error_floor(PRESETS["input is zero"].data)
    assert floor.total_error == 0.6400000000000001
    assert floor.weights == (0.0,)


def test_verdicts_say_what_carries_the_signal_and_why():
    v = verdict(PRESETS["streetlights"].data)
    assert "'middle light' carries the signal" in v
    assert "'right light' is 1 in every row" in v and "needs no offset" in v
    assert "can reach 0" in v
    v = verdict(PRESETS["no correlation"].data)
    assert "No single input" in v and "the lowest total error is 1, not 0" in v
    v = verdict(PRESETS["input is zero"].data)
    assert "Every input is 0" in v and "0.64" in v


def test_presets_are_named_and_described():
    assert set(PRESETS) == {"streetlights", "no correlation", "needs an offset", "input is zero"}
    for name, preset in PRESETS.items():
        assert preset.name == name and preset.description
    assert PRESETS["streetlights"].data.table()[0] == [1.0, 0.0, 1.0, 0.0]
    offset = PRESETS["needs an offset"].data  # issue 9 item 4: correlation 1, yet a floor
    assert correlations(offset)[0].r == pytest.approx(1.0)
    assert error_floor(offset).total_error == pytest.approx(3 / 7)


# ---------------------------------------------------------------- what a run did


def _report(name_or_data, alpha, passes):
    from primer.dataset import report

    data = PRESETS[name_or_data].data if isinstance(name_or_data, str) else name_or_data
    return report(train(data, alpha=alpha, passes=passes))


@pytest.mark.parametrize(
    "preset, alpha, passes, kind, words",
    [
        ("streetlights", 0.1, 200, "AT_FLOOR", "9.022e-14, within a millionth of the floor (0)"),
        ("streetlights", 0.1, 40, "FALLING", "0.0005337 and still falling; the floor is 0. "
         "More passes take it towards 0."),
        ("no correlation", 0.1, 40, "FALLING", "1.254 and still falling; the floor is 1. "
         "More passes take it towards 1.235, above the floor."),
        ("streetlights", 0.1, 1, "ONE_PASS", "One pass gives a total error of 2.656"),
        ("streetlights", 1.2, 40, "GROWING", "grew from 9.642 to 9.025e+27"),
        ("streetlights", 2.0, 200, "STOPPED", "Stopped at pass 127"),
        ("no correlation", 0.1, 200, "LEVELLED_OFF", "levelled off at 1.235, above the floor of 1"),
        ("no correlation", 0.5, 40, "LEVELLED_OFF", "levelled off at 4, above the floor of 1"),
        ("input is zero", 0.1, 5, "STARTED_AT_FLOOR", "was 0.64 from the first pass on"),
        ("input is zero", 2.0, 1, "STARTED_AT_FLOOR", "nothing to improve"),
    ],
)
def test_report_says_what_the_run_did(preset, alpha, passes, kind, words):
    r = _report(preset, alpha, passes)
    assert r.kind.name == kind
    assert words in r.summary
    assert r.floor == error_floor(PRESETS[preset].data)


def test_report_explains_why_a_fixed_step_hovers_above_the_floor():
    r = _report("no correlation", 0.1, 500)
    assert r.last_error == 1.2345679012345683 and r.floor.total_error == pytest.approx(1.0)
    assert "chases the row" in r.why and "smaller alpha" in r.why  # the details, in why
    closer = _report("no correlation", 0.01, 500)
    assert closer.last_error < r.last_error
    assert 1.0 < closer.last_error < 1.03


def test_report_when_a_pass_adds_up_below_the_floor():
    data = from_table([[1, -1], [2, -1], [1, 1], [0, -1], [2, 2]])
    r = _report(data, 0.9, 50)
    assert r.floor.total_error == pytest.approx(7.6)
    assert r.kind.name == "BELOW_FLOOR" and r.last_error < 7.6
    assert "weights change during a pass" in r.summary


def test_report_for_a_run_still_going_up_and_down():
    from primer.dataset import Outcome, TrainingRun, report
    from primer.dataset import Pass as P

    data = PRESETS["no correlation"].data
    records = tuple(P(i, e, (0.0, 0.0, 0.0), ()) for i, e in enumerate([5.0, 3.0, 4.0]))
    r = report(TrainingRun(data, (0.0, 0.0, 0.0), 0.3, 3, records))
    assert r.kind is Outcome.BOUNCING and "up and down" in r.summary


@pytest.mark.parametrize("preset, alpha, passes", [
    ("streetlights", 0.1, 40), ("no correlation", 0.3, 7), ("input is zero", 0.1, 3),
])
def test_loop_source_prints_the_same_numbers_as_train(preset, alpha, passes):
    import contextlib
    import io

    from primer.dataset import loop_source

    run = train(PRESETS[preset].data, alpha=alpha, passes=passes)
    buf = io.StringIO()
    with contextlib.redirect_stdout(buf):
        exec(compile(loop_source(run).source(), "<loop>", "exec"), {})
    lines = buf.getvalue().splitlines()
    assert len(lines) == passes
    for line, p in zip(lines, run.records, strict=True):
        assert line == (f"Pass:{p.iteration} Total error:{p.total_error!r} "
                        f"Weights:{list(p.weights)!r}")


def test_report_at_the_floor_after_one_pass_is_reached_not_started():
    from primer.dataset import report

    data = make([[1.0]], [0.8])  # one row, one input: alpha 1 lands on the goal in one row
    r = report(train(data, weights=[0.5], alpha=1.0, passes=2))
    assert r.kind.name == "AT_FLOOR" and r.last_error == 0.0


# ---------------------------------------------------------------- sentences that must stay true


def test_issue9_item03_an_input_that_is_always_1_is_the_bias():
    from primer.dataset import floor_without, input_facts, table_verdict

    data = PRESETS["no correlation"].data
    facts = {f.name: f for f in input_facts(data)}
    right = facts["right light"]
    assert right.is_bias and right.constant == 1.0 and right.correlation.r is None
    assert right.best_weight == pytest.approx(0.5)
    assert error_floor(data).total_error == pytest.approx(1.0)
    assert right.floor_without == pytest.approx(4 / 3) == floor_without(data, 2)
    v = table_verdict(data)
    text = v.summary + " " + v.why
    assert "says nothing about the goal" not in text
    assert "'right light' is 1 in every row" in v.why and "an offset, a bias" in v.why
    assert "best weights give it 0.5" in v.why
    assert "would be 1.333 instead of 1" in v.why
    # in the streetlights the same light is a bias the table does not need
    street = table_verdict(PRESETS["streetlights"].data)
    assert "needs no offset: its best weight is 0" in street.why


def test_issue9_item04_correlation_is_per_input_reaching_zero_is_the_whole_table():
    from primer.dataset import Fit, Rule, rule_of_thumb, table_verdict

    offset = make([[1], [2], [3]], [2, 3, 4])  # r = 1.00, yet no weight fits every row
    assert correlations(offset)[0].r == pytest.approx(1.0)
    floor = error_floor(offset)
    assert floor.total_error == pytest.approx(3 / 7) and not floor.reaches_zero
    v = table_verdict(offset)
    assert v.kind is Fit.FLOOR
    assert "(correlation 1.00)" in v.summary
    assert "the lowest total error is 0.4286, not 0" in v.summary
    assert "can reach 0" not in v.summary
    rule = rule_of_thumb(offset)
    assert rule.kind is Rule.CORRELATION_NOT_ENOUGH
    assert "correlation alone is not enough" in rule.summary
    assert "(a bias), the lowest total error would be 0" in rule.why
    # the primer's own single example: nothing can correlate, yet one weight fits it
    one = make([[2.0]], [0.8])
    v = table_verdict(one)
    assert v.kind is Fit.EXACT and "can reach 0" in v.summary
    assert "No single input goes up and down" not in v.summary
    assert "no correlation can be measured" in v.summary
    assert "offset" not in v.why  # with one row, every input "never changes": not a bias
    assert rule_of_thumb(one).kind is Rule.ZERO_WITHOUT_CORRELATION
    assert rule_of_thumb(PRESETS["streetlights"].data).kind is Rule.HOLDS
    assert rule_of_thumb(PRESETS["no correlation"].data).kind is Rule.HOLDS
    assert "If there's no correlation, the error will never reach zero." in rule.why


def test_issue9_item05_weights_are_not_correlations():
    from primer.dataset import outlook, table_verdict

    data = PRESETS["no correlation"].data
    run = train(data, passes=500)
    right = correlations(data)[2]
    assert right.r is None  # no correlation at all: it never changes
    assert run.final_weights[2] == pytest.approx(4 / 9, abs=1e-6)  # yet it grows from -0.7
    assert outlook(data, 0.1).limit_weights[2] == pytest.approx(4 / 9)
    assert "weights are not correlations" in table_verdict(data).why


def test_issue9_item08_which_error_is_which():
    from primer.dataset import Outcome, report

    for preset, alpha, passes in [("no correlation", 0.1, 200), ("no correlation", 0.5, 40),
                                  ("streetlights", 0.1, 40)]:
        r = report(train(PRESETS[preset].data, alpha=alpha, passes=passes))
        assert "never below" not in r.summary + r.why
        assert "held fixed" in r.why and "dip below" in r.why
        assert r.fixed_error >= r.floor.total_error
    levelled = report(train(PRESETS["no correlation"].data, alpha=0.1, passes=200))
    assert levelled.kind is Outcome.LEVELLED_OFF
    assert "last pass's weights give a total error of 1.031" in levelled.why
    below = report(train(from_table([[1, -1], [2, -1], [1, 1], [0, -1], [2, 2]]),
                         alpha=0.9, passes=50))
    assert below.kind is Outcome.BELOW_FLOOR
    assert below.last_error < below.floor.total_error <= below.fixed_error
    assert "held fixed" in below.why


def test_issue9_item12_the_streetlights_name_the_book():
    for name in ("streetlights", "no correlation"):
        assert "Andrew Trask's *Grokking Deep Learning*" in PRESETS[name].description


def test_outlook_says_where_training_settles_before_it_gets_there():
    from primer.dataset import outlook

    street = outlook(PRESETS["streetlights"].data, 0.1)
    assert street.settles and street.limit_error == 0.0 and street.rate < 1
    assert street.limit_weights == pytest.approx((0.0, 1.0, 0.0), abs=1e-12)
    nocorr = outlook(PRESETS["no correlation"].data, 0.1)
    assert nocorr.limit_error == pytest.approx(100 / 81)
    assert train(PRESETS["no correlation"].data, passes=500).errors[-1] == pytest.approx(
        nocorr.limit_error, rel=1e-12)
    assert outlook(PRESETS["streetlights"].data, 2.0).settles is False
    assert outlook(PRESETS["streetlights"].data, 1.2).settles is False
    one = make([[1.0]], [0.8])
    assert outlook(one, 2.0).settles is None  # alpha × input² = 2: bounces for ever
    assert outlook(PRESETS["input is zero"].data, 0.1).limit_error == 0.6400000000000001


def test_chart_sentences_for_the_passes_and_the_weights():
    from primer.dataset import describe_passes, describe_weights

    run = train(PRESETS["streetlights"].data, passes=40)
    assert describe_passes(run) == "The total error fell from 2.66 to 0.000534 in 40 passes."
    text = describe_weights(run)
    assert "'middle light' from 0.48 to 1.01" in text and "The best weights are 0, 1, 0." in text
    stopped = train(PRESETS["streetlights"].data, alpha=2.0, passes=200)
    assert describe_passes(stopped).endswith("in 127 passes.")
