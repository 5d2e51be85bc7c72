"""The gradient-descent lesson, driven like a user would: sliders, links, bad links."""

import re

import pytest

from tests.conftest import (
    Scenarios,
    all_numbers_finite,
    assert_bad_link_value_falls_back,
    before_and_after,
    chart_frames,
    charts,
    open_page,
    open_part,
    pick_scenario,
    text,
)

KEYS = ("weight", "input", "goal", "alpha", "iterations")
# the parts below the first screen (tabs, ?part= in the link); the first is open
PER_ITERATION, EVERY, COMPARE = "Per iteration", "Every iteration", "Compare learning rates"


def table(at):
    """The table of every iteration (its part opened first, as a click on its tab would)."""
    if not at.dataframe:
        open_part(at, EVERY)
    return at.dataframe[0].value


def test_defaults_are_the_primers_run():
    at = open_page("descent")
    assert [at.slider(key=k).value for k in KEYS] == [0.5, 2.0, 0.8, 0.1, 20]
    t = table(at)
    assert len(t) == 20
    assert list(t.iloc[0]) == [0, "1.0", "0.03999999999999998", "0.3999999999999999", "0.46"]
    assert t.iloc[-1]["weight"] == "0.4000036561584401"
    assert "converges smoothly" in text(at)
    assert "0.1 × 2² = 0.4" in text(at)
    assert len(charts(at)) == 1  # the bowl; the part with the table draws no other chart
    assert len(charts(open_part(at, PER_ITERATION))) == 4  # the bowl and three per iteration
    assert "The error fell from 0.04 to 1.49e-10 in 20 iterations." in text(at)
    assert len(charts(open_part(at, COMPARE))) == 2  # the bowl and the learning rates


@pytest.mark.parametrize(
    "key, value",
    [("weight", 0.0), ("input", 1.1), ("goal", 0.5), ("alpha", 0.3), ("iterations", 5)],
)
def test_moving_each_slider_changes_what_the_page_shows(key, value):
    at = open_page("descent")
    before, after = before_and_after(
        at, key, value, lambda at: (table(at).copy(), [m.value for m in at.metric]))
    assert not after[0].equals(before[0])  # the table
    if key != "iterations":
        assert after[1] != before[1]  # the metric cards


def test_a_link_reproduces_the_view():
    at = open_page("descent", weight="0", input="1.1", goal="0.8", alpha="1", iterations="4")
    t = table(at)
    assert list(t["prediction"]) == ["0.0", "0.9680000000000002", "0.76472", "0.8074088"]
    assert "overshoots, but converges" in text(at)


def test_diverging_run_renders_and_says_where_it_stopped():
    at = open_page("descent", input="3", alpha="1.5", iterations="200")
    assert "diverges" in text(at)
    assert "Stopped at iteration 141" in text(at)
    assert len(table(at)) == 141
    assert len(charts(open_part(at, PER_ITERATION))) == 4  # the bowl, three per iteration
    assert len(charts(open_part(at, COMPARE))) == 2  # the bowl, the learning rates
    assert all_numbers_finite(at)
    assert max(df["error"].max() for df in chart_frames(at) if "error" in df) > 1e200


def test_diverging_run_on_log_scale_renders():
    at = open_page("descent", input="2", alpha="1", iterations="20", log="true")
    assert at.toggle(key="log").value is True
    assert "diverges" in text(at) and not at.exception
    assert all_numbers_finite(at)


def test_input_zero_cannot_learn():
    at = open_page("descent", input="0")
    assert "cannot learn" in text(at)
    assert "the derivative is always 0" in text(at)
    assert set(table(at)["weight"]) == {"0.5"}
    assert "never drops below one millionth" in text(at)


def test_alpha_half_input_two_oscillates_forever():
    at = open_page("descent", alpha="0.5")
    assert "oscillates forever" in text(at)


@pytest.mark.parametrize(
    "bad",
    ["abc", "nan", "inf", "-inf", "1e309", "99", "<script>alert(1)</script>", "", "0x10"],
)
def test_a_bad_alpha_in_the_link_falls_back_with_a_note(bad):
    at = assert_bad_link_value_falls_back("descent", "alpha", bad, "Learning rate", 0.1,
                                          ("weight", "0.25"))
    toasts = [t.value for t in at.toast]
    assert any("Learning rate" in t for t in toasts) and all("<" not in t for t in toasts)


def test_code_panel_runs_and_prints_the_table():
    import contextlib
    import io

    at = open_page("descent", weight="0", input="0.5", alpha="1", iterations="4")
    src = next(c.value for c in at.code if c.language == "python")
    buf = io.StringIO()
    with contextlib.redirect_stdout(buf):
        exec(compile(src, "<panel>", "exec"), {})
    lines = buf.getvalue().splitlines()
    assert lines[1] == "Prediction:0.0" and "Weight:1.09375" in lines


SCENARIOS = [
    ("The primer's own run", [0.5, 2.0, 0.8, 0.1, 20], "converges smoothly"),
    ("α 1 with input 0.5", [0.5, 0.5, 0.8, 1.0, 20], "converges smoothly"),
    ("Input 2, α 1: diverges", [0.5, 2.0, 0.8, 1.0, 20], "diverges"),
    ("One step: α 0.25", [0.5, 2.0, 0.8, 0.25, 20], "lands on the goal in one step"),
    ("Input 0", [0.5, 0.0, 0.8, 0.1, 20], "cannot learn"),
    ("Overshoot and converge", [0.0, 1.1, 0.8, 1.0, 4], "overshoots, but converges"),
    ("Oscillates forever", [0.5, 2.0, 0.8, 0.5, 20], "oscillates forever"),
]


@pytest.mark.parametrize("name, sliders, says", SCENARIOS)
def test_a_scenario_sets_the_sliders_and_the_page_shows_its_run(name, sliders, says):
    at = open_page("descent", alpha="0.3", weight="-1")  # start somewhere else
    assert pick_scenario(at, name, KEYS) == sliders
    assert says in text(at)
    assert len(table(at)) == sliders[-1]


def test_a_scenario_starts_its_run_from_the_beginning():
    """Issue 9: from iteration 3 of the overshoot run, a scenario used to keep ?at=3."""
    at = open_page("descent", weight="0", input="1.1", alpha="1", iterations="4", at="3")
    assert at.slider(key="at").value == 3
    Scenarios(at).set_value("Oscillates forever").run()
    assert at.slider(key="at").value == 0
    assert step_label(at) == "Error at iteration 0"
    at.run()  # the scrubber lives in a fragment: its URL parameter follows one run later
    assert at.query_params["at"] == "0"


def test_no_two_scenarios_are_the_same_run():
    at = open_page("descent")
    runs = []
    for name, sliders, _ in SCENARIOS:
        Scenarios(at).set_value(name).run()
        runs.append(tuple(at.slider(key=k).value for k in KEYS))
        assert list(runs[-1]) == sliders
    assert len(set(runs)) == len(runs) == 7


def test_the_overshoot_scenario_shows_the_primers_numbers():
    at = open_page("descent")
    Scenarios(at).set_value("Overshoot and converge").run()
    assert list(table(at)["prediction"]) == ["0.0", "0.9680000000000002", "0.76472", "0.8074088"]
    assert at.query_params["input"] == "1.1" and at.query_params["iterations"] == "4"


# --- stepping through the run -----------------------------------------------------------


def highlighted_rows(at) -> list[int]:
    """The table rows the page highlighted (from the Styler CSS shipped with the table)."""
    if not at.dataframe:
        open_part(at, EVERY)
    styles = at.dataframe[0].proto.arrow_data.styler.styles
    return sorted({int(n) for n in re.findall(r"_row(\d+)_col0\b", styles)})


def marked_iterations(at) -> set[int]:
    """The iterations the charts mark with a rule or a ring (their one-row data sets)."""
    return {int(df["iteration"].iloc[0]) for df in chart_frames(at)
            if "iteration" in df and "alpha" not in df and len(df) == 1}


def step_label(at) -> str:
    return next(m.label for m in at.metric if m.label.startswith("Error at iteration"))


def test_the_scrubber_starts_at_the_last_iteration():
    at = open_page("descent")
    assert at.slider(key="at").value == 19
    assert highlighted_rows(at) == [19]
    assert marked_iterations(at) == {19}
    assert step_label(at) == "Error at iteration 19"


def test_moving_the_scrubber_moves_the_highlighted_row_dot_and_rule():
    at = open_page("descent")
    at.slider(key="at").set_value(3).run()
    assert highlighted_rows(at) == [3]
    assert marked_iterations(at) == {3}
    assert step_label(at) == "Error at iteration 3"
    assert next(m.value for m in at.metric if m.label == "Error at iteration 3") == "0.001866"
    assert "The highlighted row is iteration 3." in text(at)


def test_a_link_with_at_opens_on_that_iteration():
    at = open_page("descent", at="5", alpha="0.5")
    assert highlighted_rows(at) == [5] and step_label(at) == "Error at iteration 5"


def test_back_next_and_reset_step_the_scrubber():
    at = open_page("descent", at="5")
    at.button(key="at_next").click().run()
    assert at.slider(key="at").value == 6
    at.button(key="at_back").click().run()
    at.button(key="at_back").click().run()
    assert at.slider(key="at").value == 4 and highlighted_rows(at) == [4]
    at.button(key="at_reset").click().run()
    assert at.slider(key="at").value == 0 and highlighted_rows(at) == [0]
    at.button(key="at_back").click().run()
    assert at.slider(key="at").value == 0  # never below the first iteration


def test_play_steps_one_iteration_per_run_and_stops_by_itself_at_the_end():
    at = open_page("descent", iterations="6")
    assert at.slider(key="at").value == 5
    at.button(key="at_play").click().run()  # at the end, play starts again from 0
    assert at.slider(key="at").value == 0 and at.button(key="at_play").label == "Pause"
    seen = []
    for _ in range(8):  # each run stands for one tick of the fragment's timer
        at.run()
        seen.append(at.slider(key="at").value)
    assert seen == [1, 2, 3, 4, 5, 5, 5, 5]
    assert at.button(key="at_play").label == "Play"
    assert highlighted_rows(at) == [5]


def test_pause_keeps_the_iteration():
    at = open_page("descent", at="2")
    at.button(key="at_play").click().run()
    at.run()
    assert at.slider(key="at").value == 3
    at.button(key="at_play").click().run()
    at.run()
    at.run()
    assert at.slider(key="at").value == 3 and at.button(key="at_play").label == "Play"


def test_a_shorter_run_brings_the_scrubber_inside_it():
    at = open_page("descent", at="15")
    at.slider(key="iterations").set_value(5).run()
    assert not at.exception
    assert at.slider(key="at").value == 4 and highlighted_rows(at) == [4]


@pytest.mark.parametrize("bad", ["abc", "99", "20", "-1", "2.5", "", "nan"])
def test_a_bad_at_in_the_link_falls_back_to_the_last_iteration_with_a_note(bad):
    at = open_page("descent", at=bad)
    assert at.slider(key="at").value == (2 if bad == "2.5" else 19)
    notes = [w.value for w in at.warning]
    assert any("cannot use" in n and "Iteration" in n for n in notes), notes


# --- comparing learning rates -----------------------------------------------------------


def open_descent(**query: str | list[str]):
    """Like open_page("descent"), but a list value repeats the parameter (?compare=a&compare=b)."""
    from streamlit.testing.v1 import AppTest

    from tests.conftest import APP

    at = AppTest.from_file(APP, default_timeout=30)
    at.query_params.update(query)
    at.run()
    at.switch_page("lessons/descent.py").run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def compared(at):
    """The comparison chart's lines: {alpha: number of points}."""
    frames = [df for df in chart_frames(at) if "alpha" in df and "regime" in df]
    if not frames:
        frames = [df for df in chart_frames(open_part(at, COMPARE))
                  if "alpha" in df and "regime" in df]
    assert len(frames) >= 1
    return frames[0].groupby("alpha").size().to_dict()


def test_the_comparison_draws_one_line_per_learning_rate_labelled_with_its_regime():
    at = open_page("descent", compare_log="false")
    assert compared(at) == {0.1: 20, 0.25: 20, 0.45: 20, 0.5: 20, 0.6: 20}
    summary = next(c.value for c in at.caption if c.value.startswith("Compared"))
    for words in ("α 0.1 converges smoothly", "α 0.25 lands on the goal in one step",
                  "α 0.45 overshoots, but converges", "α 0.5 oscillates forever",
                  "α 0.6 diverges"):
        assert words in summary


def test_picking_learning_rates_changes_the_lines():
    at = open_page("descent", compare_log="false")
    next(b for b in at.get("button_group") if b.key == "compare").set_value([0.05, 2.0]).run()
    assert compared(at) == {0.05: 20, 2.0: 20}


def test_a_link_picks_the_learning_rates():
    at = open_descent(compare=["0.2", "1"], compare_log="false")
    assert compared(at) == {0.2: 20, 1.0: 20}


def test_the_comparison_follows_the_sliders_and_survives_overflow():
    at = open_descent(input="3", iterations="200", compare=["0.1", "2"])
    assert compared(at)[2.0] < 200  # overflowed, so only the finite iterations are drawn
    assert all_numbers_finite(at)


@pytest.mark.parametrize("bad", ["xyz", "0.33", "<b>"])
def test_a_bad_compare_in_the_link_falls_back_with_a_note(bad):
    at = open_page("descent", compare=bad, compare_log="false")
    assert compared(at) == {0.1: 20, 0.25: 20, 0.45: 20, 0.5: 20, 0.6: 20}
    notes = [w.value for w in at.warning]
    assert any("cannot use" in n and "Learning rates" in n for n in notes), notes


@pytest.mark.parametrize("key", ["log", "compare_log"])
def test_a_bad_toggle_in_the_link_falls_back_with_a_note(key):
    at = open_page("descent", **{key: "maybe"})
    assert at.toggle(key=key).value is (key == "compare_log")
    assert any("cannot use" in w.value and "true or false" in w.value for w in at.warning)


# --- sharing ----------------------------------------------------------------------------


def share_box(at) -> str:
    return next(c.value for c in at.code if c.language != "python")


def test_the_share_link_carries_every_control_that_differs_from_its_default():
    at = open_descent(alpha="0.5", at="3", compare=["0.1", "2"])
    link = share_box(at)
    assert "alpha=0.5" in link and "at=3" in link and "compare=0.1&compare=2" in link
    assert "weight" not in link  # defaults stay out of the address


# --- classroom mode ---------------------------------------------------------------------


def classroom_css(at) -> str:
    return " ".join(e.proto.body for e in at.get("html"))


def test_classroom_1_in_the_link_turns_on_large_type_charts_and_table():
    import json

    at = open_page("descent", classroom="1", at="4", part=EVERY)
    assert at.toggle(key="classroom").value is True
    assert at.query_params["classroom"] == "true"  # the hand-typed 1 is rewritten
    assert "font-size: 22px" in classroom_css(at)
    spec = json.loads(charts(at)[0].proto.spec)
    assert spec["config"]["axis"]["labelFontSize"] == 20 and spec["height"] == 350
    # the canvas table cannot be enlarged, so classroom mode shows an HTML table instead
    assert len(at.dataframe) == 0 and len(at.table) == 1
    assert "_row4_col0" in at.table[0].proto.arrow_data.styler.styles


def test_without_classroom_mode_the_page_has_no_large_type():
    at = open_page("descent", part=EVERY)
    assert at.toggle(key="classroom").value is False
    assert "font-size: 22px" not in classroom_css(at)
    assert len(at.dataframe) == 1 and len(at.table) == 0


def test_classroom_mode_stays_on_from_page_to_page():
    at = open_page("descent", part=EVERY)
    at.toggle(key="classroom").set_value(True).run()
    at.switch_page("lessons/overview.py").run()
    assert at.toggle(key="classroom").value is True
    at.switch_page("lessons/descent.py").run()
    assert at.toggle(key="classroom").value is True and len(at.table) == 1
    at.toggle(key="classroom").set_value(False).run()
    at.switch_page("lessons/overview.py").run()
    assert at.toggle(key="classroom").value is False


@pytest.mark.parametrize("bad", ["maybe", "2", ""])
def test_a_bad_classroom_in_the_link_falls_back_to_off_with_a_note(bad):
    at = open_page(None, classroom=bad)  # the first page a link opens draws the note
    assert at.toggle(key="classroom").value is False
    assert any("cannot use" in w.value and "Classroom mode" in w.value for w in at.warning)


# --- issue 9: every sentence on the page is true of the run on screen ---------------------


def box(at) -> str:
    """The verdict box: its headline and summary (the details are in "Why?")."""
    kinds = (at.success, at.info, at.warning, at.error)
    return next(e.value for kind in kinds for e in kind if e.value.startswith("**This run"))


def why(at) -> str:
    return next(e for e in at.expander if e.label == "Why?").markdown[0].value


def metric(at, label):
    return next(m for m in at.metric if m.label == label)


def test_issue9_item01_the_derivative_is_called_half_the_slope():
    at = open_page("descent")
    words = text(at)
    assert "half the slope" in words
    assert "the slope is 2 × input × (prediction − goal)" in words
    assert "find the slope" not in words and "how steeply" not in words
    assert "the derivative is the slope" not in words
    bowl = next(c.value for c in at.caption if c.value.startswith("The error curve is a bowl"))
    assert "the derivative is half the slope there" in bowl


@pytest.mark.parametrize("query, says", [
    (dict(alpha="1"), "climbs the bowl"),
    (dict(alpha="0.5"), "jumps across the bowl to the same height"),
    (dict(input="0"), "the curve is flat"),
])
def test_issue9_item02_no_downhill_on_a_run_that_climbs_bounces_or_stands_still(query, says):
    at = open_page("descent", **query)
    assert says in text(at)
    assert "downhill" not in text(at).lower()


def test_issue9_item02_the_primers_own_run_is_said_to_go_downhill():
    at = open_page("descent")
    assert "All 20 updates went downhill towards the bottom of the bowl" in text(at)


def test_issue9_item14_input_zero_shows_no_minus_zero_and_no_infinite_limit():
    at = open_page("descent", input="0")
    assert metric(at, "Derivative").value == "0"
    assert metric(at, "Alpha limit").value == "none"
    assert metric(at, "Alpha limit").help.startswith("No limit: with an input of 0")
    assert metric(at, "Best weight").value == "none"
    values = [m.value for m in at.metric]
    assert not any(v.startswith("-0") or "inf" in v or "∞" in v or "<" in v for v in values)


def test_issue9_item14_the_prediction_falls_to_the_goal_and_a_negative_factor_is_explained():
    at = open_page("descent")  # the prediction starts at 1.0, above the goal 0.8
    assert "the prediction falls towards the goal 0.8 without passing it" in box(at)
    assert "creeps" not in text(at)
    over = open_page("descent", alpha="0.45")  # factor 1 - 1.8 = -0.8
    assert "crosses the goal every step" in box(over)
    assert "= -0.8 on every update" in why(over)
    assert "minus sign means the weight changes side every step" in why(over)


def test_issue9_item14_the_alpha_limit_card_says_where_it_comes_from():
    at = open_page("descent", input="1")
    assert metric(at, "Alpha limit").value == "2"
    assert metric(at, "Alpha limit").help.startswith("2 ÷ input² = 2 ÷ 1² = 2")


def test_issue9_readable_the_verdict_is_short_and_the_formula_is_under_why():
    from primer.words import SUMMARY_WORDS, word_count

    for query in ({}, dict(alpha="0.25"), dict(alpha="0.45"), dict(alpha="0.5"),
                  dict(alpha="1"), dict(input="0"), dict(alpha="0")):
        at = open_page("descent", **query)
        summary = box(at).split("**", 2)[2]
        assert word_count(summary) <= SUMMARY_WORDS, summary
        assert "alpha × input² =" not in box(at)
    at = open_page("descent")
    assert "alpha × input² = 0.1 × 2² = 0.4, between 0 and 1" in why(at)


def test_issue9_readable_the_page_says_the_sliders_in_the_sidebar():
    at = open_page("descent")
    assert "the sliders in the sidebar" in text(at)
    assert "on the left" not in text(at)


def test_the_first_iteration_sentence_counts_beyond_the_run_on_screen():
    assert "The error drops below one millionth at iteration 11." in text(open_page("descent"))
    short = open_page("descent", iterations="5")
    assert ("The error would drop below one millionth at iteration 11; this run stops after "
            "5 iterations.") in text(short)
    assert "never drops below one millionth" in text(open_page("descent", alpha="1"))
