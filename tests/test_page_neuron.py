"""The neuron lesson, driven like a user would: sliders, links, bad links.

Below its first screen the lesson has two parts, one open at a time (``?part=``); a test
of what a part shows opens the page with that part."""

import pytest

from tests.conftest import (
    all_numbers_finite,
    assert_bad_link_value_falls_back,
    assert_safe_link_note,
    before_and_after,
    chart_frames,
    chart_specs,
    charts,
    metric,
    open_page,
    open_part,
    text,
)

SINGLE = ("input", "weight")
TEAM = ("toes", "wlrec", "nfans", "w_toes", "w_wlrec", "w_nfans")
CHANGING_THE_INPUT, SEVERAL_INPUTS = PARTS = ("Changing the input", "Several inputs")


def team_page(**query):
    """The page with the part "Several inputs" open: the team's sliders, charts and table."""
    return open_page("neuron", part=SEVERAL_INPUTS, **query)


def titles(at) -> list[str]:
    return [c.proto.alt for c in charts(at)]


def codes(at):
    return [c.value for c in at.code]


def table(at):
    return at.dataframe[0].value  # ui.table: an interactive table outside classroom mode


def view(at):
    """Everything the page shows that a slider can change (the table when its part is open)."""
    return ([m.value for m in at.metric], codes(at), text(at),
            [df.to_dict("list") for df in chart_frames(at)],
            table(at).to_dict("list") if at.dataframe else None)


def test_defaults_one_input_and_the_books_team():
    at = open_page("neuron")
    assert [at.slider(key=k).value for k in SINGLE] == [2.0, 0.5]
    assert metric(at, "Prediction = input × weight") == "1"
    assert "prediction = 2.0 * 0.5\nprint(prediction)  # 1.0" in codes(at)
    assert "turns the input down: it is multiplied by 0.5" in text(at)
    # the neuron drawn and its two knob lines (the first screen and the first part) ...
    assert titles(at) == ["The neuron", "Turning the knob", "Changing the input"]
    team = team_page()
    assert [team.slider(key=k).value for k in TEAM] == [8.5, 0.65, 1.2, 0.1, 0.2, 0.0]
    # ... and with "Several inputs" open, the team drawn and the bars instead of the input line
    assert titles(team)[:2] == ["The neuron", "Turning the knob"] and len(charts(team)) == 4
    assert "Three inputs, three knobs" in titles(team)


def test_the_parts_are_tabs_and_only_the_first_runs_by_default():
    at = open_page("neuron")
    assert [t.label for t in at.tabs] == list(PARTS)
    assert not at.warning  # no note: the link named no part
    assert "Changing the input" in titles(at)
    # the team's part did not run: no team sliders, no weighted sum, no table
    assert not [s for s in at.slider if s.key in TEAM]
    assert "weighted sum" not in text(at) and not at.dataframe
    assert "Three inputs, three knobs" not in titles(at)


@pytest.mark.parametrize("part", PARTS)
def test_a_link_to_each_part_draws_it(part):
    at = open_page("neuron", part=part)
    assert not at.exception and not at.warning
    assert all_numbers_finite(at)
    drawn = titles(at)
    assert ("Changing the input" in drawn) == (part == CHANGING_THE_INPUT)
    assert ("Three inputs, three knobs" in drawn) == (part == SEVERAL_INPUTS)


def test_a_link_setting_a_team_slider_opens_the_team_part_and_it_keeps_its_knobs():
    at = open_page("neuron", w_toes="0")
    assert at.slider(key="w_toes").value == 0.0 and not at.warning
    assert "Three inputs, three knobs" in titles(at)
    at.slider(key="nfans").set_value(3.0).run()
    open_part(at, CHANGING_THE_INPUT)
    assert not [s for s in at.slider if s.key in TEAM]
    open_part(at, SEVERAL_INPUTS)  # back: the knobs are as they were left
    assert [at.slider(key=k).value for k in ("w_toes", "nfans")] == [0.0, 3.0]


def test_a_link_naming_no_part_opens_the_first_with_the_note():
    at = open_page("neuron", part="Every number")
    assert "Changing the input" in titles(at)
    assert_safe_link_note(at, "Part of the lesson")


def test_the_neuron_is_drawn_with_its_weight_on_the_line():
    """Issue 11: the app teaches neurons, so it draws one: input, weight, prediction."""
    at = team_page(input="3", weight="-0.5")
    spec, data = next((s, d) for s, d in chart_specs(at) if s["title"] == "The neuron")
    assert data["edges"]["weight_exact"].tolist() == ["-0.5"]
    assert data["nodes"]["value_exact"].tolist() == ["3.0", "-1.5"]
    spec, data = next((s, d) for s, d in chart_specs(at)
                      if s["title"] == "Three inputs, three knobs")
    assert data["edges"]["weight_exact"].tolist() == ["0.1", "0.2", "0.0"]
    assert data["nodes"]["value_exact"].tolist()[-1] == "0.9800000000000001"
    assert all_numbers_finite(at)


def test_the_books_weighted_sum_and_why_it_prints_long():
    at = team_page()
    assert metric(at, "Prediction = weighted sum") == "0.98"
    loop = next(c for c in codes(at) if "for i in range(len(inputs))" in c)
    assert "inputs = [8.5, 0.65, 1.2]" in loop and "weights = [0.1, 0.2, 0.0]" in loop
    assert loop.endswith("print(prediction)  # 0.9800000000000001")
    # issue 9: the floating-point digression is folded into an expander
    assert "Why 0.9800000000000001 and not 0.98?" in [e.label for e in at.expander]
    assert "1.1e-16" in text(at)
    t = table(at)
    assert list(t["input × weight"]) == ["0.8500000000000001", "0.13", "0.0",
                                         "0.9800000000000001"]
    bars = next(df for df in chart_frames(at) if "contribution" in df)
    assert list(bars["contribution_exact"]) == list(t["input × weight"])


def test_a_sum_that_prints_short_has_no_rounding_note():
    at = open_page("neuron", w_toes="0", w_wlrec="0.5", wlrec="0.5")  # opens the team's part
    assert next(c for c in codes(at) if "for i in" in c).endswith("# 0.25")
    assert not any(e.label.startswith("Why 0") for e in at.expander)
    assert "This sum prints short" in text(at)


@pytest.mark.parametrize(
    "key, value",
    [("input", 8.5), ("weight", -1.0), ("toes", 10.0), ("wlrec", 0.9), ("nfans", 3.0),
     ("w_toes", 0.5), ("w_wlrec", -0.3), ("w_nfans", 0.25)],
)
def test_moving_each_slider_changes_what_the_page_shows(key, value):
    at = team_page() if key in TEAM else open_page("neuron")  # where the slider is drawn
    before, after = before_and_after(at, key, value, view)
    assert after[1] != before[1]  # the code that computes the prediction
    assert after[3] != before[3]  # a chart
    if key == "nfans":  # its weight is 0 in the book: more fans change nothing
        assert after[0] == before[0]
    else:
        assert after[0] != before[0]  # a prediction


def test_the_current_point_is_marked_with_exact_numbers():
    at = open_page("neuron", input="8.5", weight="0.1")
    marked = [df for df in chart_frames(at) if len(df) == 1 and "prediction_exact" in df]
    assert {df["prediction_exact"].iloc[0] for df in marked} == {"0.8500000000000001"}
    assert "● now: weight 0.1 → prediction 0.8500000000000001" in set(
        df["label"].iloc[0] for df in marked if "weight" in df)


def test_the_knob_line_is_the_input_times_each_weight():
    at = open_page("neuron", input="3")
    line = next(df for df in chart_frames(at) if "weight" in df and len(df) > 1)
    assert line["weight"].min() == -2.0 and line["weight"].max() == 2.0
    assert all(p == 3 * w for w, p in zip(line["weight"], line["prediction"]))


def test_input_zero_silences_every_knob():
    at = open_page("neuron", input="0", weight="1.5")
    assert metric(at, "Prediction = input × weight") == "0"
    assert "With an input of 0 the line is flat" in text(at)
    line = next(df for df in chart_frames(at) if "weight" in df and len(df) > 1)
    assert set(line["prediction"]) == {0.0}
    assert all_numbers_finite(at)


@pytest.mark.parametrize("weight, words", [("0", "silences"), ("-1.5", "flips the sign"),
                                           ("2", "turns the input up"), ("1", "unchanged")])
def test_the_knob_sentence_follows_the_weight(weight, words):
    at = open_page("neuron", weight=weight)
    assert words in text(at)


@pytest.mark.parametrize("part", PARTS)
def test_the_largest_numbers_render(part):
    at = open_page("neuron", part=part, input="-10", weight="2", toes="12", wlrec="1",
                   nfans="5", w_toes="-1", w_wlrec="1", w_nfans="1")
    assert metric(at, "Prediction = input × weight") == "-20"
    if part == SEVERAL_INPUTS:
        assert metric(at, "Prediction = weighted sum") == "-6"
    assert all_numbers_finite(at)


@pytest.mark.parametrize(
    "key, bad, label, default",
    [("weight", "abc", "Weight", 0.5), ("input", "1e309", "Input", 2.0),
     ("input", "11", "Input", 2.0), ("toes", "nan", "Toes", 8.5),
     ("w_nfans", "<script>alert(1)</script>", "Weight for fans", 0.0)],
)
def test_a_bad_value_in_the_link_falls_back_with_a_note(key, bad, label, default):
    # a team slider in the link (wlrec) opens the team's part, where its sliders are
    assert_bad_link_value_falls_back("neuron", key, bad, label, default, ("wlrec", "0.5"))


def test_the_share_link_carries_the_changed_controls():
    at = open_page("neuron", w_nfans="0.5", input="8.5")
    link = next(c.value for c in at.code if c.language != "python")
    assert "w_nfans=0.5" in link and "input=8.5" in link
    assert "toes" not in link  # defaults stay out of the address


def test_a_negative_zero_is_explained():
    at = open_page("neuron", input="0", weight="-1.5")
    assert "prediction = 0.0 * -1.5\nprint(prediction)  # -0.0" in codes(at)
    assert "Python prints -0.0 here" in text(at)
    assert "Python prints -0.0" not in text(open_page("neuron", input="0", weight="1.5"))


# --- issue 9: every sentence on the page is true of the numbers on screen -----------------


def test_issue9_item13_the_page_says_what_each_input_adds_not_that_a_weight_ignores_it():
    at = team_page()
    said = text(at)
    assert "a weight can learn to ignore an input" not in said
    assert ("'toes' supplies 0.85 (86.7%) of the 0.98; 'win/loss record' 0.13 (13.3%). 'fans' "
            "adds nothing: its weight is 0.") in said
    quiet = open_page("neuron", w_toes="0")
    assert "'toes' adds nothing: its weight is 0." in text(quiet)


def test_issue9_item12_the_team_example_names_the_book():
    at = team_page()
    assert "The team example of Andrew Trask's *Grokking Deep Learning*" in text(at)
    assert "The book's example" not in text(at)


def test_issue9_readable_the_float_digression_is_folded_and_the_sidebar_is_named():
    at = team_page()
    digression = next(e for e in at.expander if e.label.startswith("Why 0.98"))
    assert "Python stores numbers in binary" in digression.markdown[0].value
    assert not any("Python stores numbers in binary" in i.value for i in at.info)
    assert "the sliders in the sidebar" in text(at) and "on the left" not in text(at)


def test_the_verdict_says_what_the_knob_does_to_this_input():
    from primer.words import SUMMARY_WORDS, word_count

    at = open_page("neuron")
    box = next(i.value for i in at.info if i.value.startswith("**The input comes out"))
    assert box == ("**The input comes out quieter.** A weight between 0 and 1 turns the input "
                   "down: it is multiplied by 0.5. 2 × 0.5 = 1.")
    assert word_count(box.split("**", 2)[2]) <= SUMMARY_WORDS
    flipped = open_page("neuron", weight="-1.5")
    assert any(i.value.startswith("**The input comes out flipped.**") for i in flipped.info)
