"""The hot-and-cold lesson, driven like a user would: sliders, scenarios, links, bad links."""

import contextlib
import io

import pytest

from primer.hot_cold import hot_cold
from tests.conftest import (
    Scenarios,
    all_numbers_finite,
    assert_safe_link_note,
    chart_frames,
    charts,
    open_page,
)

KEYS = ("weight", "input", "goal", "step", "iterations", "alpha")
FIRST_STEP = ("Error now", "Error one step up", "Error one step down")


def text(at):
    kinds = (at.markdown, at.success, at.info, at.warning, at.error, at.caption)
    return " ".join(e.value for kind in kinds for e in kind).replace("**", "")


def metric(at, label):
    return next(m.value for m in at.metric if m.label == label)


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


def compared(at):
    """{method: rows} of the chart that draws both methods' errors."""
    df = next(df for df in chart_frames(at)
              if "method" in df and "error" in df and df["method"].nunique() == 2)
    return df.groupby("method").size().to_dict()


def scenario(at):
    return Scenarios(at)


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
    assert "It learns." in text(at) and "at iteration 1,099, after 3,298 predictions" in text(at)
    assert metric(at, "Bounces from iteration") == "1,100"
    assert metric(at, "Lowest error (the floor)") == "1.08e-27"
    assert metric(at, "Hot and cold: predictions") == "3,298"
    assert metric(at, "Gradient descent: predictions") == "251"
    assert "The derivative wins: 251 predictions against 3,298." in text(at)
    assert metric(at, "Moves to the best weight") == "≈ 1,100"
    assert len(charts(at)) == 3
    assert all_numbers_finite(at)
    assert scenario(at).value == "The book's example"


def test_the_toes_example_shows_the_books_three_errors():
    at = open_page("hot_and_cold", weight="0.1", input="8.5", goal="1", step="0.01",
                   iterations="20", alpha="0.01")
    # the book prints 0.0225, 0.004225 and 0.055225; Python's floats are a hair below
    assert [metric(at, label) for label in FIRST_STEP] == ["0.0225", "0.004225", "0.055225"]
    assert exact_first_step(at) == ["0.022499999999999975", "0.004224999999999993",
                                    "0.05522499999999994"]
    assert "The step is too big: it gets stuck." in text(at)
    assert metric(at, "Error floor") == "0.0004"
    assert metric(at, "Gradient descent: predictions") == "5"
    assert scenario(at).value == "Toes: 8.5 toes, goal 1"


@pytest.mark.parametrize(
    "key, value",
    [("weight", 0.2), ("input", 0.8), ("goal", 0.5), ("step", 0.01), ("iterations", 300),
     ("alpha", 0.5)],
)
def test_moving_each_slider_changes_what_the_page_shows(key, value):
    at = open_page("hot_and_cold")
    before = view(at)
    at.slider(key=key).set_value(value).run()
    assert not at.exception
    assert at.slider(key=key).value == value
    after = view(at)
    assert after[0] != before[0]  # a number in a metric card
    assert after[3] != before[3]  # a chart
    if key != "alpha":  # alpha only moves gradient descent: the hot-and-cold chart stays
        assert hot_frame(at).to_dict("list") != next(
            df for df in before[3] if "up_error" in df)


def test_moving_alpha_changes_only_gradient_descent():
    at = open_page("hot_and_cold")
    hot_before = hot_frame(at).to_dict("list")
    at.slider(key="alpha").set_value(1.0).run()
    assert hot_frame(at).to_dict("list") == hot_before
    assert metric(at, "Gradient descent: predictions") == "23"
    assert metric(at, "Hot and cold: predictions") == "3,298"


@pytest.mark.parametrize(
    "name, sliders, says",
    [
        ("The book's example", [0.5, 0.5, 0.8, 0.001, 1101, 0.1], "It learns."),
        ("Toes: 8.5 toes, goal 1", [0.1, 8.5, 1.0, 0.01, 20, 0.01], "too big: it gets stuck"),
        ("Too big a step", [0.5, 0.5, 0.8, 0.3, 30, 0.1], "too big: it gets stuck"),
        ("Too small a step", [0.5, 0.5, 0.8, 0.0001, 5000, 0.1], "It crawls."),
    ],
)
def test_a_scenario_sets_the_sliders_and_the_page_shows_its_run(name, sliders, says):
    at = open_page("hot_and_cold", weight="-1", step="0.05")  # start somewhere else
    scenario(at).set_value(name).run()
    assert not at.exception
    assert [at.slider(key=k).value for k in KEYS] == sliders
    assert says in text(at)
    assert scenario(at).value == name
    assert all_numbers_finite(at)


def test_too_big_a_step_marks_where_bouncing_starts_and_the_floor():
    at = open_page("hot_and_cold", step="0.3", iterations="30")
    assert "From iteration 4, both neighbours are worse" in text(at)
    assert metric(at, "Bouncing starts at iteration") == "4"
    assert metric(at, "Error floor") == "0.0025"
    marks = {(df["label"].iloc[0], df["value"].iloc[0]) for df in chart_frames(at)
             if "label" in df and "value" in df}
    assert {("bouncing from 4", 4.0), ("error floor", 0.0025000000000000044)} <= marks
    assert metric(at, "Hot and cold: predictions") == "never"


def test_too_small_a_step_crawls_and_says_how_long_it_would_take():
    at = open_page("hot_and_cold", step="0.0001", iterations="5000")
    assert "It crawls. Getting the error below one millionth takes 10,981" in text(at)
    assert metric(at, "Moves to the best weight") == "≈ 11,000"
    assert metric(at, "Iterations to error < 10⁻⁶") == "10,981"


def test_a_step_too_small_to_finish_within_the_limit_says_so():
    at = open_page("hot_and_cold", weight="-2", input="0.05", goal="2", step="0.0001")
    assert "The step is too small: it crawls." in text(at)
    assert "about 4.2e+05 steps away" in text(at)


def test_five_thousand_iterations_are_thinned_for_the_charts_but_keep_exact_numbers():
    at = open_page("hot_and_cold", iterations="5000", step="0.0005")
    hot = hot_frame(at)
    assert 100 < len(hot) <= 420
    run = hot_cold(0.5, 0.5, 0.8, 0.0005, 5000)
    for _, row in hot.iterrows():
        step = run.steps[int(row["iteration"])]
        assert row["error_exact"] == repr(step.error)
        assert row["up_error_exact"] == repr(step.up_error)
    assert run.bouncing_from in set(hot["iteration"])  # where bouncing starts survives
    assert set(compared(at).values()) <= set(range(100, 421))
    assert "too many dots to draw" in text(at)


def test_the_log_toggle_changes_the_error_charts():
    at = open_page("hot_and_cold")
    logged = [c.proto.spec for c in charts(at)]
    assert at.toggle(key="log").value is True
    at.toggle(key="log").set_value(False).run()
    assert "Error (log scale)" not in " ".join(c.proto.spec for c in charts(at))
    assert any("Error (log scale)" in s for s in logged)


def test_input_zero_cannot_learn_and_says_so_without_an_exception():
    at = open_page("hot_and_cold", input="0")
    assert "It cannot learn." in text(at)
    assert "Neither method can learn here." in text(at)
    assert "Up and down are exactly as good" in text(at)
    assert metric(at, "Best weight") == "none"
    assert all_numbers_finite(at)


def test_step_zero_never_moves():
    at = open_page("hot_and_cold", step="0")
    assert "It never moves." in text(at)
    assert "Nothing bounces here" in text(at)
    assert all_numbers_finite(at)


@pytest.mark.parametrize(
    "query",
    [dict(step="1", input="10", weight="-2", goal="2", iterations="5000", alpha="2"),
     dict(step="1", input="-10", weight="2", goal="-2", alpha="0"),
     dict(step="0.9999", input="0.05", iterations="1")],
)
def test_the_largest_steps_and_numbers_render(query):
    at = open_page("hot_and_cold", **query)
    assert len(charts(at)) == 3
    assert all_numbers_finite(at)


def test_a_diverging_descent_is_named_and_its_chart_stays_finite():
    at = open_page("hot_and_cold", input="10", alpha="2", iterations="2000")
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
    at = open_page("hot_and_cold", **{key: bad, "weight": "0.25"})
    assert at.slider(key=key).value == default
    assert at.slider(key="weight").value == 0.25  # the good value is kept
    assert_safe_link_note(at, label)


def test_a_bad_log_in_the_link_falls_back_with_a_note():
    at = open_page("hot_and_cold", log="maybe")
    assert at.toggle(key="log").value is True
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
    at = open_page("hot_and_cold", step="0.3", iterations="30", log="false")
    link = next(c.value for c in at.code
                if c.language == "plaintext" and c.value.startswith(("http", "?", "/")))
    assert "step=0.3" in link and "iterations=30" in link and "log=false" in link
    assert "weight" not in link
