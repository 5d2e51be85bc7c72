"""The correlation lesson, driven like a user would: data sets, sliders, edited tables, links.

The table is an st.data_editor keyed ``table-<data set>-<version>``; AppTest
applies edits written into its session state (edited_rows, added_rows,
deleted_rows) on the next run, as the browser would send them.

Below the first screen the lesson has three parts, one open at a time: a test of a part's
content opens it, with ``?part=`` in the link or with ``open_part`` (a click on its tab).
"""

import contextlib
import io
import math

import pytest

from tests.conftest import (
    Scenarios,
    all_numbers_finite,
    assert_safe_link_note,
    before_and_after,
    chart_frames,
    charts,
    open_page,
    open_part,
    text,
)

WHICH, LEARNING, EVERY_PASS = "Which input matters", "The weights as they learn", "Every pass"
PARTS = (WHICH, LEARNING, EVERY_PASS)
FIRST_CHARTS = ["Total error per pass", "Correlation with the goal"]  # as the page opens


def chart_titles(at) -> list[str]:
    return [c.proto.alt for c in charts(at)]


def every_part(at) -> str:
    """Every sentence of every part: the page as it is, then each part in turn; it ends
    back on the first part."""
    said = [text(at)]
    for part in PARTS[1:] + PARTS[:1]:
        said.append(text(open_part(at, part)))
    return " ".join(said)


def metrics(at):
    return {m.label: m.value for m in at.metric}


def passes_table(at):
    return at.dataframe[-1].value  # the last table on the page: every pass (in its part)


def best_table(at):
    return at.dataframe[-1].value  # the weights' table, in its part


def editor(at):
    return at.data_editor[0].value


def edit(at, data_set="streetlights", *, edited=None, added=(), deleted=(), version=0):
    """Apply one round of edits to the table, as the browser sends them, and rerun."""
    at.session_state[f"table-{data_set}-{version}"] = {
        "edited_rows": edited or {}, "added_rows": list(added), "deleted_rows": list(deleted),
    }
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def error_frame(at):
    return next(df for df in chart_frames(at) if "total_error" in df)


# ---------------------------------------------------------------- the three data sets


def test_streetlights_by_default_falls_towards_zero():
    at = open_page("correlation")
    assert at.segmented_control(key="data").value == "streetlights"
    assert editor(at).shape == (6, 4)
    assert list(editor(at).columns) == ["left light", "middle light", "right light", "walk"]
    m = metrics(at)
    assert m["Total error, first pass"] == "2.656"
    assert m["Total error, last pass"] == "0.0005337"
    assert m["Floor"] == "0" and m["Strongest input"] == "middle light"
    assert "still falling" in text(at)
    assert "'middle light' carries the signal" in text(at)
    assert chart_titles(at) == FIRST_CHARTS
    open_part(at, LEARNING)
    assert chart_titles(at) == ["Total error per pass", "Weights, pass by pass"]
    open_part(at, EVERY_PASS)
    assert len(passes_table(at)) == 40
    assert passes_table(at)["total_error"].iloc[0] == "2.6561231104"


def test_streetlights_trained_long_enough_reach_about_zero():
    at = open_page("correlation", passes="200")
    assert metrics(at)["Total error, last pass"] == "9.022e-14"
    assert "reached the floor" in text(at)
    assert error_frame(at)["total_error"].iloc[-1] < 1e-12


def test_no_correlation_levels_off_above_a_floor_above_zero():
    at = open_page("correlation", data="no correlation", passes="500")
    assert at.segmented_control(key="data").value == "no correlation"
    m = metrics(at)
    assert m["Floor"] == "1" and m["Strongest input"] == "none"
    assert m["Total error, last pass"] == "1.235"
    assert "levelled off at 1.235, above the floor of 1" in text(at)
    assert "No single input goes up and down with the goal" in text(at)
    # the gap to the floor is explained: which error is which (issue 9 item 8)
    assert "the weights keep circling the best ones instead of settling on them" in text(at)
    # the floor is drawn on the error chart
    assert any(list(df.get("label", [])) == ["floor"] and df["value"].iloc[0] == pytest.approx(1)
               for df in chart_frames(at))
    open_part(at, LEARNING)
    assert "held fixed" in text(at) and "it can even dip below it" in text(at)
    assert list(best_table(at)["best weight (at the floor)"]) == ["0.0", "0.0", "0.5"]
    open_part(at, EVERY_PASS)
    assert passes_table(at)["total_error"].iloc[-1] == "1.2345679012345683"


def test_input_zero_never_changes_the_error():
    at = open_page("correlation", data="input is zero")
    assert editor(at).shape == (1, 2)
    assert set(error_frame(at)["total_error"]) == {0.6400000000000001}
    m = metrics(at)
    assert m["Total error, first pass"] == m["Total error, last pass"] == m["Floor"] == "0.64"
    assert "Every input is 0" in text(at)
    assert "sat on the floor from the first pass" in text(at)


def test_correlations_show_no_variation_never_nan():
    at = open_page("correlation")
    bars = next(df for df in chart_frames(at) if "direction" in df)
    assert list(bars["input"]) == ["left light", "middle light", "right light"]
    assert list(bars["label"]) == ["-0.33", "+1.00", "no variation"]
    assert not bars["r"].isna().any()
    assert all_numbers_finite(at)


def test_choosing_a_data_set_loads_its_table():
    at = open_page("correlation")
    at.segmented_control(key="data").set_value("no correlation").run()
    assert not at.exception
    assert editor(at).shape == (4, 4)
    assert list(editor(at)["walk"]) == ["1", "1", "0", "0"]  # text cells: what was typed
    assert metrics(at)["Floor"] == "1"


# ---------------------------------------------------------------- sliders


@pytest.mark.parametrize("key, value", [("alpha", 0.3), ("passes", 7)])
def test_moving_a_slider_changes_what_the_page_shows(key, value):
    at = open_page("correlation", part=EVERY_PASS)
    before, after = before_and_after(at, key, value,
                                     lambda at: (passes_table(at).copy(), metrics(at)))
    assert not after[0].equals(before[0])
    assert after[1]["Total error, last pass"] != before[1]["Total error, last pass"]
    if key == "passes":
        assert len(passes_table(at)) == 7


def test_a_scenario_sets_both_sliders():
    at = open_page("correlation", data="no correlation")
    Scenarios(at).set_value("Tiny steps").run()
    assert not at.exception
    assert (at.slider(key="alpha").value, at.slider(key="passes").value) == (0.01, 500)
    assert 1.0 < error_frame(at)["total_error"].iloc[-1] < 1.03


def test_alpha_two_stops_cleanly_and_says_so():
    at = open_page("correlation", alpha="2", passes="200")
    assert "overflowed" in text(at) and "Stopped at pass 127" in text(at)
    assert chart_titles(at) == FIRST_CHARTS
    assert all_numbers_finite(at)
    assert error_frame(at)["total_error"].max() > 1e300
    assert chart_titles(open_part(at, LEARNING))[1:] == ["Weights, pass by pass"]
    assert all_numbers_finite(at)
    assert len(passes_table(open_part(at, EVERY_PASS))) == 127


def test_alpha_two_for_fewer_passes_says_the_error_grew():
    at = open_page("correlation", alpha="2", log="true")
    assert "The total error grew from 19.01 to 5.983e+95" in text(at)
    assert all_numbers_finite(at)


# ---------------------------------------------------------------- the class's own table


def test_an_edited_table_is_trained():
    at = open_page("correlation")
    # make the left light the signal: walk exactly when the left light is on
    edit(at, edited={i: {"walk": float(row[0])} for i, row in
                     enumerate([[1], [0], [0], [1], [0], [1]])})
    assert "'left light' carries the signal" in text(at)
    assert metrics(at)["Strongest input"] == "left light"


def test_added_rows_are_trained_and_blank_added_rows_skipped():
    at = open_page("correlation", passes="5")
    edit(at, added=[{"left light": 1, "middle light": 1, "right light": 0, "walk": 1}, {}])
    assert len(editor(at)) == 6  # AppTest shows the table as sent; the page trains 7 rows
    assert not at.error
    assert metrics(at)["Total error, first pass"] != "2.656"


def order(at) -> list[str]:
    """The main area's alerts and charts, top to bottom: ("error", text), ("chart", title)..."""
    found = []

    def walk(node):
        kind = getattr(node, "type", "")
        if kind in ("error", "warning", "success", "info"):
            found.append((kind, node.value))
        elif kind == "arrow_vega_lite_chart" or "vega" in str(kind):
            found.append(("chart", node.proto.alt))
        for child in getattr(node, "children", {}).values():
            walk(child)

    walk(at.main)
    return found


@pytest.mark.parametrize("typed, said", [
    ("abc", "Row 2, column 'middle light': 'abc' is not a number, so the cell keeps 1."),
    ("1,5", "Row 2, column 'middle light': '1,5' is not a number (a decimal needs a point: "
            "1.5), so the cell keeps 1."),
    ("1e999", "Row 2, column 'middle light': '1e999' is too big to be a number Python can "
              "hold, so the cell keeps 1."),
    (math.inf, "Row 2, column 'middle light': 'inf' is infinite, so the cell keeps 1."),
])
def test_issue9_text_typed_into_a_number_cell_is_not_taken_and_the_cell_keeps_its_value(
        typed, said):
    at = open_page("correlation")
    before = metrics(at)
    edit(at, edited={1: {"middle light": typed}})
    assert [w.value for w in at.warning] == [f"**Not taken:** {said}"]
    assert editor(at)["middle light"].iloc[1] == "1"  # the table shows the kept value
    assert metrics(at) == before and not at.error  # nothing changed, nothing retrained
    assert "'middle light' carries the signal" in text(at)


def test_issue9_the_next_edit_goes_on_from_the_kept_table():
    at = open_page("correlation")
    edit(at, edited={0: {"left light": "x"}})
    assert at.session_state["table_version"] == 1  # a fresh editor, showing the kept 1
    edit(at, edited={i: {"walk": str(v)} for i, v in enumerate([1, 0, 0, 1, 0, 1])},
         version=1)
    assert not at.warning and "'left light' carries the signal" in text(at)


def test_issue9_clearing_a_cell_keeps_the_last_tables_lesson_with_the_message_above_it():
    at = open_page("correlation")
    # the class's own table first: walk exactly when the left light is on
    edit(at, edited={i: {"walk": str(v)} for i, v in enumerate([1, 0, 0, 1, 0, 1])})
    lesson = metrics(at)
    assert lesson["Strongest input"] == "left light"
    edit(at, edited={i: {"walk": str(v)} for i, v in enumerate([1, 0, 0, 1, 0, 1])}
         | {1: {"middle light": None, "walk": "0"}})
    errors = [e.value for e in at.error]
    assert len(errors) == 1 and "Row 2, column 'middle light' is empty" in errors[0]
    assert "The lesson below is the last complete table's" in errors[0]
    assert metrics(at) == lesson and chart_titles(at) == FIRST_CHARTS  # the lesson stays on screen
    assert "'left light' carries the signal" in text(at)
    shown = order(at)
    assert shown[0][0] == "error" and shown[1][1].startswith("**The total error")
    assert shown.index(("chart", "Total error per pass")) > 0


BAD_TABLES = [
    (dict(deleted=range(6)), "The table is empty"),
    (dict(added=[{"walk": "1"}]), "Row 7, column 'left light' is empty"),
    (dict(added=[{"left light": "1", "middle light": "0", "right light": "1", "walk": "0"}]
          * 195), "The table has 201 rows. The lesson takes at most 200."),
]


@pytest.mark.parametrize("edits, message", BAD_TABLES)
def test_a_table_that_cannot_be_used_yet_says_why_and_keeps_the_last_lesson(edits, message):
    at = open_page("correlation")
    before = metrics(at)
    edit(at, **edits)
    errors = [e.value for e in at.error]
    assert len(errors) == 1 and message in errors[0], errors
    assert "The lesson below is the last complete table's" in errors[0]
    assert metrics(at) == before and chart_titles(at) == FIRST_CHARTS


def test_two_hundred_rows_are_still_fine():
    at = open_page("correlation", passes="3")
    edit(at, added=[{"left light": "1", "middle light": "0", "right light": "1",
                     "walk": "0"}] * 194)
    assert not at.error and chart_titles(at) == FIRST_CHARTS


def test_restore_brings_the_data_set_back_after_a_bad_edit():
    at = open_page("correlation")
    edit(at, deleted=range(6))
    assert at.error
    at.button(key="restore").click().run()
    assert not at.exception and not at.error
    assert editor(at).shape == (6, 4) and chart_titles(at) == FIRST_CHARTS
    assert at.session_state["table_version"] == 1


# ---------------------------------------------------------------- the parts below the first screen


def opened(at) -> list[str]:
    """The parts that drew something: only the open one runs."""
    return [t.label for t in at.tabs if t.children]


def downloads(at) -> list[str]:
    return [b.proto.label for b in at.get("download_button")]


def test_the_page_opens_on_its_first_part_and_runs_only_that_one():
    at = open_page("correlation")
    assert [t.label for t in at.tabs] == list(PARTS) and opened(at) == [WHICH]
    assert chart_titles(at) == FIRST_CHARTS  # no weights chart
    assert "Pearson's r" in text(at)
    assert "two weighted sums in a row" not in text(at)  # the weights' part explains that
    assert downloads(at) == ["Take it home as a notebook"]  # no CSV of every pass
    assert not [w for w in at.warning if "cannot use" in w.value]


@pytest.mark.parametrize("part, charted", [
    (WHICH, ["Correlation with the goal"]), (LEARNING, ["Weights, pass by pass"]),
    (EVERY_PASS, []),
])
def test_a_link_to_each_part_draws_it_and_only_finite_numbers(part, charted):
    at = open_page("correlation", alpha="2", passes="200", part=part)  # a run that overflows
    assert opened(at) == [part] and not [w for w in at.warning if "cannot use" in w.value]
    assert chart_titles(at) == ["Total error per pass", *charted]
    assert all_numbers_finite(at)
    assert ("Download these passes as CSV" in downloads(at)) == (part == EVERY_PASS)


def test_a_link_naming_no_part_opens_the_first_with_the_note():
    at = open_page("correlation", part="<b>Every</b>")
    assert opened(at) == [WHICH] and chart_titles(at) == FIRST_CHARTS
    assert_safe_link_note(at, "Part of the lesson")


# ---------------------------------------------------------------- links


@pytest.mark.parametrize("bad", ["zzz", "Streetlights", "<b>x</b>", "none"])
def test_a_bad_data_set_in_the_link_falls_back_with_a_note(bad):
    at = open_page("correlation", data=bad, alpha="0.3")
    assert at.segmented_control(key="data").value == "streetlights"
    assert at.slider(key="alpha").value == 0.3
    assert_safe_link_note(at, "Data set")
    assert any("so the lesson uses streetlights" in w.value for w in at.warning)
    assert editor(at).shape == (6, 4) and chart_titles(at) == FIRST_CHARTS


def test_an_empty_data_set_in_the_link_shows_the_default_with_a_note():
    at = open_page("correlation", data="")
    assert editor(at).shape == (6, 4)
    assert_safe_link_note(at, "Data set")
    assert metrics(at)["Strongest input"] == "middle light"


@pytest.mark.parametrize(
    "key, bad, used", [("alpha", "abc", 0.1), ("alpha", "inf", 0.1), ("passes", "0", 40),
                       ("passes", "9999", 40), ("passes", "2.5", 2)],
)
def test_a_bad_slider_value_in_the_link_falls_back_with_a_note(key, bad, used):
    at = open_page("correlation", **{key: bad})
    assert at.slider(key=key).value == used
    assert any("cannot use" in w.value for w in at.warning)
    assert chart_titles(at) == FIRST_CHARTS


# ---------------------------------------------------------------- the code to take home


def test_code_panel_prints_the_pages_numbers():
    at = open_page("correlation", data="no correlation", passes="12", alpha="0.2",
                   part=EVERY_PASS)
    buf = io.StringIO()
    with contextlib.redirect_stdout(buf):
        exec(compile(next(c.value for c in at.code if c.language == "python"), "<panel>",
                     "exec"), {})
    lines = buf.getvalue().splitlines()
    table = passes_table(at)
    assert len(lines) == 12
    assert lines[-1].startswith(f"Pass:11 Total error:{table['total_error'].iloc[-1]} ")


# ---------------------------------------------------------------- issue 9: true sentences


def boxes(at) -> list[str]:
    return [e.value for kind in (at.success, at.info, at.warning, at.error) for e in kind]


def box(at, starts) -> str:
    return next(b for b in boxes(at) if b.startswith(starts))


def test_issue9_item03_an_input_that_never_changes_is_the_bias():
    at = open_page("correlation", data="no correlation")
    said = every_part(at)
    assert ("'right light' is 1 in every row, so it adds the same amount (1 × its weight) to "
            "every prediction: it works as an offset, a bias.") in said
    assert ("It has no correlation with the goal, yet the best weights give it 0.5: weights "
            "are not correlations. Without it the lowest total error would be 1.333 instead "
            "of 1.") in said
    assert "says nothing about the goal" not in said
    best = best_table(open_part(at, LEARNING))
    assert list(best["best weight (at the floor)"]) == ["0.0", "0.0", "0.5"]


def test_issue9_item04_correlation_is_not_the_same_as_reaching_zero():
    at = open_page("correlation", data="needs an offset")
    table = box(at, "**This table has a floor above 0.**")
    assert "'input' carries the signal: it goes up and down with the goal (correlation 1.00)"\
        in table
    assert "the lowest total error is 0.4286, not 0" in table and "can reach 0" not in table
    rule = box(at, "**The primer's rule of thumb: correlation is not enough.**")
    assert "yet the error cannot reach 0: correlation alone is not enough" in rule
    assert "(a bias), the lowest total error would be 0" in text(at)
    assert metrics(at)["Floor"] == "0.4286"
    # the streetlights: correlation and reaching 0 agree, and the page says so
    lights = open_page("correlation")
    assert box(lights, "**This table can reach 0.**")
    assert box(lights, "**The primer's rule of thumb: it holds here.**")


def test_issue9_item05_the_page_does_not_say_weights_follow_correlations():
    at = open_page("correlation", data="no correlation")
    said = every_part(at)
    assert "the rest fade" not in said and "weights on inputs that track the goal grow" not in said
    assert "weights are not correlations" in said


def test_issue9_item07_combinations_need_a_non_linear_step_not_just_a_second_layer():
    at = open_page("correlation", data="no correlation")
    said = every_part(at)
    assert "Combinations need a second layer" not in said
    assert "two weighted sums in a row are still one weighted sum" in said
    assert "only with a non-linear step between the layers" in said


def test_issue9_item08_which_error_is_which_when_a_pass_dips_below_the_floor():
    at = open_page("correlation", data="input is zero", alpha="0.9", passes="50")
    rows = [[1, -1], [2, -1], [1, 1], [0, -1], [2, 2]]
    edit(at, "input is zero", edited={0: {"input": "1", "goal": "-1"}},
         added=[{"input": str(x), "goal": str(g)} for x, g in rows[1:]])
    verdict_ = box(at, "**The total error dipped below the floor.**")
    assert "below the floor of 7.6: the weights change during a pass" in verdict_
    said = every_part(at)
    assert "no fixed weights get below it" in said  # the floor: weights held fixed
    assert "A smaller alpha circles closer to the floor, never below it" not in said
    levelled = open_page("correlation", data="no correlation", passes="500", part=LEARNING)
    assert "levelled off at 1.235, above the floor of 1" in text(levelled)
    assert "it can even dip below it" in text(levelled)


def test_issue9_item12_the_book_is_named_where_its_examples_are_used():
    at = open_page("correlation")
    said = text(at)
    assert "The streetlight table and its starting weights come from Andrew Trask's " \
           "*Grokking Deep Learning*; the update is the primer's." in said
    assert "The streetlights of Andrew Trask's *Grokking Deep Learning*" in said
    help_ = next(m.help for m in at.markdown if m.value == "**Scenarios**")
    assert "Grokking Deep Learning" in help_


def test_issue9_readable_short_verdicts_and_plain_words():
    from primer.words import SUMMARY_WORDS, word_count

    for query in ({}, dict(data="no correlation", passes="500"), dict(data="needs an offset"),
                  dict(data="input is zero"), dict(alpha="2")):
        at = open_page("correlation", **query)
        for b in boxes(at):
            if b.startswith("**"):
                assert word_count(b.split("**", 2)[2]) <= SUMMARY_WORDS, b
    floor_help = next(m.help for m in at.metric if m.label == "Floor")
    assert "least squares (a formula that solves for the best weights in one go)" in floor_help
    assert "Pearson's r" in text(at) and "the sliders in the sidebar" in text(at)
