"""The hot-and-cold lesson, driven like a user would: sliders, scenarios, links, bad links."""

import contextlib
import io

import pytest

from dashboard.charts import MAX_POINTS
from primer.hot_cold import hot_cold
from tests import conftest
from tests.conftest import (
    Scenarios,
    all_numbers_finite,
    assert_bad_link_value_falls_back,
    before_and_after,
    chart_frames,
    charts,
    metric,
    open_page,
    open_part,
    pick_scenario,
)

KEYS = ("weight", "input", "goal", "step", "iterations", "alpha")
# the lesson's parts below its first screen (tabs, ?part= in the link); the first is open
ONE, AGAINST, FIXED, EVERY = ("One iteration: three guesses", "Against gradient descent",
                              "Where a fixed step goes wrong", "Every iteration")
FIRST_STEP = ("Error now", "Error one step up", "Error one step down")


def text(at):
    """The page's sentences without Markdown's bold marks."""
    return conftest.text(at).replace("**", "")


def exact_first_step(at):
    """The three errors of the first step, as Python prints them (the code boxes under them)."""
    def is_number(v):
        try:
            float(v)
        except ValueError:
            return False
        return True

    return [c.value for c in at.code if c.language == "plaintext" and is_number(c.value)]


def hot_frame(at):
    """The data of the hot-and-cold error chart (it alone carries the up and down errors)."""
    return next(df for df in chart_frames(at) if "up_error" in df)


def dots_frame(at):
    """The dots of the hot-and-cold error chart: the rows whose tooltips can be read."""
    return [df for df in chart_frames(at) if "up_error" in df][1]


def compared(at):
    """{method: rows} of the chart that draws both methods' errors."""
    df = next(df for df in chart_frames(at)
              if "method" in df and "error" in df and df["method"].nunique() == 2)
    return df.groupby("method").size().to_dict()


def view(at):
    return ([(m.label, m.value) for m in at.metric], text(at),
            [c.value for c in at.code], [df.to_dict("list") for df in chart_frames(at)])


def test_defaults_are_the_books_example():
    at = open_page("hot_and_cold")
    assert [at.slider(key=k).value for k in KEYS] == [0.5, 0.5, 0.8, 0.001, 1101, 0.1]
    assert [metric(at, label) for label in FIRST_STEP] == ["0.3025", "0.30195", "0.30305"]
    assert exact_first_step(at) == ["0.30250000000000005", "0.3019502500000001",
                                    "0.30305024999999997"]
    assert "moves up to 0.501." in text(at)
    assert "Hot and cold learns." in text(at)
    assert "at iteration 1,099, after 3,298 predictions" in text(at)
    assert metric(at, "Bounces from iteration") == "1,100"
    # issue 9 item 11: the floats' 1.08e-27 is round-off; the step's own floor is 0
    assert metric(at, "Lowest error with this step") == "0"
    assert len(charts(at)) == 2  # the first screen's weight and error; no other part runs
    assert "The derivative wins" not in text(at) and [t.label for t in at.tabs] == [
        ONE, AGAINST, FIXED, EVERY]
    assert Scenarios(at).value == "The book's example"
    open_part(at, AGAINST)
    assert metric(at, "Hot and cold: predictions") == "3,298"
    assert metric(at, "Gradient descent: predictions") == "251"
    assert "The derivative wins: 251 predictions against 3,298." in text(at)
    assert len(charts(at)) == 4  # weight, error, and both methods' error and weight
    assert all_numbers_finite(at)
    assert metric(open_part(at, FIXED), "Moves to the best weight") == "≈ 1,100"


def test_the_toes_example_shows_the_books_three_errors():
    at = open_page("hot_and_cold", weight="0.1", input="8.5", goal="1", step="0.01",
                   iterations="20", alpha="0.01")
    # the book prints 0.0225, 0.004225 and 0.055225; Python's floats are a hair below
    assert [metric(at, label) for label in FIRST_STEP] == ["0.0225", "0.004225", "0.055225"]
    assert exact_first_step(at) == ["0.022499999999999975", "0.004224999999999993",
                                    "0.05522499999999994"]
    assert "Hot and cold gets stuck bouncing. Its step is too big." in text(at)
    assert Scenarios(at).value == "Toes: 8.5 toes, goal 1"
    assert metric(open_part(at, FIXED), "Error floor") == "0.0004"
    assert metric(open_part(at, AGAINST), "Gradient descent: predictions") == "5"


@pytest.mark.parametrize(
    "key, value",
    [("weight", 0.2), ("input", 0.8), ("goal", 0.5), ("step", 0.01), ("iterations", 300),
     ("alpha", 0.5)],
)
def test_moving_each_slider_changes_what_the_page_shows(key, value):
    at = open_page("hot_and_cold", part=AGAINST)
    before, after = before_and_after(at, key, value, view)
    assert after[0] != before[0]  # a number in a metric card
    assert after[3] != before[3]  # a chart
    if key != "alpha":  # alpha only moves gradient descent: the hot-and-cold chart stays
        assert hot_frame(at).to_dict("list") != next(
            df for df in before[3] if "up_error" in df)


def test_moving_alpha_changes_only_gradient_descent():
    at = open_page("hot_and_cold", part=AGAINST)
    hot_before = hot_frame(at).to_dict("list")
    at.slider(key="alpha").set_value(1.0).run()
    assert hot_frame(at).to_dict("list") == hot_before
    assert metric(at, "Gradient descent: predictions") == "23"
    assert metric(at, "Hot and cold: predictions") == "3,298"


@pytest.mark.parametrize(
    "name, sliders, says",
    [
        ("The book's example", [0.5, 0.5, 0.8, 0.001, 1101, 0.1], "Hot and cold learns."),
        ("Toes: 8.5 toes, goal 1", [0.1, 8.5, 1.0, 0.01, 20, 0.01],
         "stuck bouncing. Its step is too big"),
        ("Too big a step", [0.5, 0.5, 0.8, 0.3, 30, 0.1], "stuck bouncing. Its step is too big"),
        ("Too small a step", [0.5, 0.5, 0.8, 0.0001, 5000, 0.1], "Hot and cold crawls."),
    ],
)
def test_a_scenario_sets_the_sliders_and_the_page_shows_its_run(name, sliders, says):
    at = open_page("hot_and_cold", weight="-1", step="0.05")  # start somewhere else
    assert pick_scenario(at, name, KEYS) == sliders
    assert says in text(at)
    assert all_numbers_finite(at)


def test_too_big_a_step_marks_where_bouncing_starts_and_the_floor():
    at = open_page("hot_and_cold", step="0.3", iterations="30", part=FIXED)
    assert "From iteration 4, both neighbours are worse" in text(at)
    assert metric(at, "Bouncing starts at iteration") == "4"
    assert metric(at, "Error floor") == "0.0025"
    marks = {(df["label"].iloc[0], df["value"].iloc[0]) for df in chart_frames(at)
             if "label" in df and "value" in df}
    assert {("bouncing from 4", 4.0), ("error floor", 0.0025000000000000044)} <= marks
    assert metric(open_part(at, AGAINST), "Hot and cold: predictions") == "never"


def test_too_small_a_step_crawls_and_says_how_long_it_would_take():
    at = open_page("hot_and_cold", step="0.0001", iterations="5000", part=FIXED)
    assert "Hot and cold crawls. Getting the error below one millionth takes 10,981" in text(at)
    assert metric(at, "Moves to the best weight") == "≈ 11,000"
    assert metric(at, "Iterations to error < 10⁻⁶") == "10,981"


def test_a_step_too_small_to_finish_within_the_limit_says_so():
    at = open_page("hot_and_cold", weight="-2", input="0.05", goal="2", step="0.0001")
    assert "Hot and cold crawls too slowly to finish. Its step is too small." in text(at)
    assert "about 420,000 steps away" in text(at)


def test_five_thousand_iterations_are_thinned_for_the_charts_but_keep_exact_numbers():
    at = open_page("hot_and_cold", iterations="5000", step="0.0005", part=AGAINST)
    hot = hot_frame(at)
    assert MAX_POINTS // 2 < len(hot) <= MAX_POINTS + 3  # + first, last, bouncing start
    run = hot_cold(0.5, 0.5, 0.8, 0.0005, 5000)
    for _, row in hot.iterrows():
        step = run.steps[int(row["iteration"])]
        assert row["error_exact"] == repr(step.error)
        assert row["up_error_exact"] == repr(step.up_error)
    assert run.bouncing_from in set(hot["iteration"])  # where bouncing starts survives
    assert set(compared(at).values()) <= set(range(MAX_POINTS // 2 + 1, MAX_POINTS + 4))
    assert f"5,000 iterations: the line keeps {len(hot):,} of them" in text(at)
    assert f"and {len(dots_frame(at)):,} carry a dot" in text(at)


def test_the_log_toggle_changes_the_error_charts():
    at = open_page("hot_and_cold", part=AGAINST)
    plain = [c.proto.spec for c in charts(at)]
    assert at.toggle(key="log").value is False  # issue 9 item 11: no log-scale cliff first
    at.toggle(key="log").set_value(True).run()
    assert sum("Error (log scale)" in c.proto.spec for c in charts(at)) == 2
    assert not any("Error (log scale)" in s for s in plain)


def test_input_zero_cannot_learn_and_says_so_without_an_exception():
    at = open_page("hot_and_cold", input="0")
    assert "Hot and cold cannot learn. With an input of 0 every weight predicts 0" in text(at)
    assert "Up and down are exactly as good" in text(at)
    assert "Neither method can learn here." in text(open_part(at, AGAINST))
    assert metric(at, "Best weight") == "none"
    assert all_numbers_finite(at)


def test_step_zero_never_moves():
    at = open_page("hot_and_cold", step="0", part=FIXED)
    assert "Hot and cold never moves. With a step of 0" in text(at)
    assert "Nothing bounces here" in text(at)
    assert all_numbers_finite(at)


@pytest.mark.parametrize(
    "query",
    [dict(step="1", input="10", weight="-2", goal="2", iterations="5000", alpha="2"),
     dict(step="1", input="-10", weight="2", goal="-2", alpha="0"),
     dict(step="0.9999", input="0.05", iterations="1")],
)
def test_the_largest_steps_and_numbers_render(query):
    at = open_page("hot_and_cold", **query, part=AGAINST)
    assert len(charts(at)) == 4
    assert all_numbers_finite(at)


def test_a_diverging_descent_is_named_and_its_chart_stays_finite():
    at = open_page("hot_and_cold", input="10", alpha="2", iterations="2000", part=AGAINST)
    assert "Gradient descent diverges with this alpha." in text(at)
    assert all_numbers_finite(at)
    assert compared(at)["gradient descent"] < 2000  # it overflowed; the finite part is drawn


@pytest.mark.parametrize(
    "key, bad, label, default",
    [("step", "abc", "Step size", 0.001), ("step", "-0.1", "Step size", 0.001),
     ("iterations", "99999", "Iterations", 1101), ("iterations", "1.5", "Iterations", 1),
     ("input", "1e309", "Input", 0.5), ("alpha", "nan", "Learning rate", 0.1),
     ("goal", "<b>x</b>", "Goal", 0.8)],
)
def test_a_bad_value_in_the_link_falls_back_with_a_note(key, bad, label, default):
    assert_bad_link_value_falls_back("hot_and_cold", key, bad, label, default, ("weight", "0.25"))


def test_a_bad_log_in_the_link_falls_back_with_a_note():
    at = open_page("hot_and_cold", log="maybe")
    assert at.toggle(key="log").value is False
    assert any("cannot use" in w.value and "true or false" in w.value for w in at.warning)


def test_the_code_panel_prints_the_same_numbers_as_the_page():
    at = open_page("hot_and_cold", weight="0.1", input="8.5", goal="1", step="0.01",
                   iterations="3")
    src = next(c.value for c in at.code if c.language == "python")
    buf = io.StringIO()
    with contextlib.redirect_stdout(buf):
        exec(compile(src, "<panel>", "exec"), {})
    first = buf.getvalue().splitlines()[0].split()
    assert first[2:5] == exact_first_step(at)
    assert first[5] == "up"


def test_the_share_link_carries_the_changed_controls():
    at = open_page("hot_and_cold", step="0.3", iterations="30", log="true")
    link = next(c.value for c in at.code
                if c.language == "plaintext" and c.value.startswith(("http", "?", "/")))
    assert "step=0.3" in link and "iterations=30" in link and "log=true" in link
    assert "weight" not in link


# --- issue 9: every sentence on the page is true of the run on screen ---------------------


def box(at, starts) -> str:
    kinds = (at.success, at.info, at.warning, at.error)
    return next(e.value for kind in kinds for e in kind if e.value.startswith(starts))


def test_issue9_item11_the_first_chart_shows_the_walk_not_a_log_scale_cliff():
    import json

    at = open_page("hot_and_cold")
    first = json.loads(charts(at)[0].proto.spec)
    assert charts(at)[0].proto.alt == "Hot and cold: weight"
    assert "log" not in json.dumps(first)
    assert at.toggle(key="log").value is False
    walk = next(c.value for c in at.caption if c.value.startswith("The weight walks"))
    assert walk == ("The weight walks from 0.5 in steps of 0.001; from iteration 1,100 it hops "
                    "between 1.6 and 1.601 and gets no closer; the best weight is 1.6.")


def test_issue9_item11_round_off_is_presented_as_round_off():
    at = open_page("hot_and_cold", part=FIXED)
    assert metric(at, "Lowest error with this step") == "0"
    assert metric(at, "Error floor") == "0"
    said = text(at)
    assert ("In exact arithmetic, 1,100 steps of 0.001 land exactly on the best weight 1.6, "
            "where the error is 0; the 1.08e-27 Python shows is round-off from adding 0.001 "
            "1,100 times, not a property of the step size.") in said
    assert "Its floor, 0, is below one millionth, so here the bounce does no harm." in said
    help_ = next(m.help for m in at.metric if m.label == "Lowest error with this step")
    assert "round-off" in help_


def test_issue9_item11_too_big_a_step_hops_and_too_small_a_step_crawls_on_the_first_chart():
    big = open_page("hot_and_cold", step="0.3", iterations="30")
    weights = next(df for df in chart_frames(big) if "new_weight_exact" in df)["weight"]
    assert sorted(set(round(w, 9) for w in weights.iloc[-6:])) == [1.4, 1.7]  # hopping
    small = open_page("hot_and_cold", step="0.0001", iterations="5000", part=FIXED)
    walk = next(c.value for c in small.caption if c.value.startswith("The weight walks"))
    assert walk == ("The weight walks from 0.5 to 1 in 5,000 steps of 0.0001; the best weight "
                    "is 1.6, still about 6,000 steps away.")
    assert ("Getting the error below one millionth takes 10,981 iterations, more than the "
            "5,000 of this run: it stops before it gets there.") in text(small)


def test_issue9_item12_the_book_is_named_where_its_examples_are_used():
    at = open_page("hot_and_cold")
    assert "it is the first one Andrew Trask's *Grokking Deep Learning* shows" in text(at)
    assert "Hot and cold as Andrew Trask's *Grokking Deep Learning* first shows it" in text(at)
    toes = open_page("hot_and_cold", weight="0.1", input="8.5", goal="1", step="0.01",
                     iterations="20", alpha="0.01")
    assert "The toes example of Andrew Trask's *Grokking Deep Learning*" in text(toes)
    assert "The book rounds" not in text(at) + text(toes)


def test_issue9_item15_hot_and_cold_can_win_and_the_blurb_does_not_say_it_never_does():
    from dashboard.nav import LESSONS

    at = open_page("hot_and_cold", alpha="0.001", part=AGAINST)
    assert box(at, "**Against gradient descent: hot and cold wins.**")
    assert "Hot and cold wins this time: 3,298 predictions against" in text(at)
    blurb = next(lesson.blurb for lesson in LESSONS if lesson.url_path == "hot-and-cold")
    assert "gradient descent wins" not in blurb and "not always" in blurb
    assert "Grokking Deep Learning" in blurb


def test_issue9_readable_verdicts_are_short_and_the_page_says_the_sidebar():
    from primer.words import SUMMARY_WORDS, word_count

    for query in ({}, dict(step="0.3", iterations="30"), dict(step="0.0001", iterations="5000"),
                  dict(input="0"), dict(step="0"), dict(alpha="0.001"), dict(alpha="2")):
        at = open_page("hot_and_cold", **query)
        for kind in (at.success, at.info, at.warning):
            for e in kind:
                if e.value.startswith("**Hot and cold") or e.value.startswith("**Against"):
                    summary = e.value.split("**", 2)[2]
                    assert word_count(summary) <= SUMMARY_WORDS, summary
    assert "the sliders in the sidebar" in text(at) and "on the left" not in text(at)


# --- the parts below the first screen ----------------------------------------------------


def parts_drawn(at) -> list[str]:
    """Which parts' content is on the page, told by an element only that part draws."""
    labels = [m.label for m in at.metric]
    return [title for title, drawn in (
        (ONE, "Error one step up" in labels),
        (AGAINST, "Hot and cold: predictions" in labels),
        (FIXED, "Too small: it crawls" in [h.value for h in at.subheader]),
        (EVERY, len(at.dataframe) > 0),
    ) if drawn]


@pytest.mark.parametrize("title", [ONE, AGAINST, FIXED, EVERY])
def test_a_link_opens_each_part_and_only_that_part_runs(title):
    at = open_page("hot_and_cold", part=title)
    assert parts_drawn(at) == [title]
    assert all_numbers_finite(at) and not at.warning


def test_the_every_iteration_part_has_every_iteration_as_python_prints_it():
    at = open_page("hot_and_cold", step="0.3", iterations="30", part=EVERY)
    (table,) = at.dataframe
    run = hot_cold(0.5, 0.5, 0.8, 0.3, 30)
    assert len(table.value) == 30
    assert list(table.value["error"]) == [repr(s.error) for s in run.steps]


def test_a_link_to_no_part_opens_the_first_with_a_note():
    at = open_page("hot_and_cold", part="Everything")
    assert parts_drawn(at) == [ONE]
    assert any("Part of the lesson" in w.value and "Everything" in w.value for w in at.warning)
