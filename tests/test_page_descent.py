"""The gradient-descent lesson, driven like a user would: sliders, links, bad links."""

import re

import pytest

from tests.conftest import all_numbers_finite, chart_frames, charts, open_page

KEYS = ("weight", "input", "goal", "alpha", "iterations")


def table(at):
    return at.dataframe[0].value


def text(at):
    kinds = (at.markdown, at.success, at.info, at.warning, at.error, at.caption)
    return " ".join(e.value for kind in kinds for e in kind)


def test_defaults_are_the_primers_run():
    at = open_page("descent")
    assert [at.slider(key=k).value for k in KEYS] == [0.5, 2.0, 0.8, 0.1, 20]
    t = table(at)
    assert len(t) == 20
    assert list(t.iloc[0]) == [0, "1.0", "0.03999999999999998", "0.3999999999999999", "0.46"]
    assert t.iloc[-1]["weight"] == "0.4000036561584401"
    assert "converges smoothly" in text(at)
    assert "0.1 × 2² = 0.4" in text(at)
    assert len(charts(at)) == 4
    assert "The error fell from 0.04 to 1.49e-10 in 20 iterations." in text(at)


@pytest.mark.parametrize(
    "key, value",
    [("weight", 0.0), ("input", 1.1), ("goal", 0.5), ("alpha", 0.3), ("iterations", 5)],
)
def test_moving_each_slider_changes_what_the_page_shows(key, value):
    at = open_page("descent")
    before_table, before_metrics = table(at).copy(), [m.value for m in at.metric]
    at.slider(key=key).set_value(value).run()
    assert not at.exception
    assert at.slider(key=key).value == value
    after_table = table(at)
    assert not after_table.equals(before_table)
    if key != "iterations":
        assert [m.value for m in at.metric] != before_metrics


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
    assert len(charts(at)) == 4
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
    at = open_page("descent", alpha=bad, weight="0.25")
    assert at.slider(key="alpha").value == 0.1
    assert at.slider(key="weight").value == 0.25  # the good value is kept
    notes = [w.value for w in at.warning]
    assert any("cannot use" in n and "Learning rate" in n for n in notes)
    # the link's text is shown only inside a code span, which Markdown never renders
    assert all("<" not in re.sub(r"`[^`]*`", "", n) for n in notes)


def test_code_panel_runs_and_prints_the_table():
    import contextlib
    import io

    at = open_page("descent", weight="0", input="0.5", alpha="1", iterations="4")
    src = at.code[0].value
    buf = io.StringIO()
    with contextlib.redirect_stdout(buf):
        exec(compile(src, "<panel>", "exec"), {})
    lines = buf.getvalue().splitlines()
    assert lines[1] == "Prediction:0.0" and "Weight:1.09375" in lines


def scenario(at):
    return next(b for b in at.get("button_group") if b.key == "preset")


@pytest.mark.parametrize(
    "name, sliders, says",
    [
        ("The primer's own run", [0.5, 2.0, 0.8, 0.1, 20], "converges smoothly"),
        ("α 1 with input 0.5", [0.5, 0.5, 0.8, 1.0, 20], "converges smoothly"),
        ("Input 2, no α: diverges", [0.5, 2.0, 0.8, 1.0, 20], "diverges"),
        ("α 0.1 fixes it", [0.5, 2.0, 0.8, 0.1, 20], "converges smoothly"),
        ("Input 0", [0.5, 0.0, 0.8, 0.1, 20], "cannot learn"),
        ("Overshoot and converge", [0.0, 1.1, 0.8, 1.0, 4], "overshoots, but converges"),
        ("Oscillates forever", [0.5, 2.0, 0.8, 0.5, 20], "oscillates forever"),
    ],
)
def test_a_scenario_sets_the_sliders_and_the_page_shows_its_run(name, sliders, says):
    at = open_page("descent", alpha="0.3", weight="-1")  # start somewhere else
    scenario(at).set_value(name).run()
    assert not at.exception
    assert [at.slider(key=k).value for k in KEYS] == sliders
    assert says in text(at)
    assert len(table(at)) == sliders[-1]
    assert scenario(at).value == name


def test_the_overshoot_scenario_shows_the_primers_numbers():
    at = open_page("descent")
    scenario(at).set_value("Overshoot and converge").run()
    assert list(table(at)["prediction"]) == ["0.0", "0.9680000000000002", "0.76472", "0.8074088"]
    assert at.query_params["input"] == "1.1" and at.query_params["iterations"] == "4"
