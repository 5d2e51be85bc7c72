"""The shared controls on their own: scenarios, URL-bound toggles and pills, the step player.

Each test runs a tiny script that declares its controls with ``dashboard.controls`` and draws
them, the way a lesson page does.
"""

from __future__ import annotations

import textwrap

import pytest
from streamlit.testing.v1 import AppTest

from dashboard import controls
from tests.conftest import Scenarios

HEADER = "import streamlit as st\nfrom dashboard import controls\n"


def run(body: str, **query: str | list[str]) -> AppTest:
    at = AppTest.from_string(HEADER + textwrap.dedent(body), default_timeout=30)
    at.query_params.update(query)
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def notes(at: AppTest) -> list[str]:
    return [w.value for w in at.warning]


# --- scenarios --------------------------------------------------------------------------

SCENARIOS = """
PANEL = controls.Panel.of(
    controls.WEIGHT, controls.ALPHA, controls.ITERATIONS, restart=("at",),
    scenarios={
        "Start": {"weight": 0.5, "alpha": 0.1},
        "Fast": {"weight": 0.0, "alpha": 1, "iterations": 4},
        "Same as start": {"weight": 0.5, "alpha": 0.1},
    },
)
s = PANEL.draw()
st.write(f"values {s}")
"""


def scenarios(at: AppTest):
    return Scenarios(at)


def test_choosing_a_scenario_sets_every_slider_it_names_and_the_url():
    at = run(SCENARIOS)
    assert scenarios(at).value == "Start"  # the defaults match it
    scenarios(at).set_value("Fast").run()
    assert not at.exception
    assert at.slider(key="weight").value == 0.0
    assert at.slider(key="alpha").value == 1.0 and isinstance(at.slider(key="alpha").value, float)
    assert at.slider(key="iterations").value == 4
    assert isinstance(at.slider(key="iterations").value, int)
    assert dict(at.query_params) == {"weight": "0", "alpha": "1", "iterations": "4"}
    assert scenarios(at).value == "Fast"


def test_a_scenario_stays_selected_only_while_the_sliders_match_it():
    at = run(SCENARIOS)
    scenarios(at).set_value("Fast").run()
    at.slider(key="alpha").set_value(0.5).run()
    assert scenarios(at).value is None
    assert at.slider(key="weight").value == 0.0  # moving one slider keeps the others


def test_of_two_identical_scenarios_the_chosen_one_is_shown():
    at = run(SCENARIOS)
    scenarios(at).set_value("Same as start").run()
    assert scenarios(at).value == "Same as start"
    scenarios(at).set_value("Start").run()
    assert scenarios(at).value == "Start"


def test_a_scenario_starts_the_run_from_its_beginning():
    at = run(SCENARIOS, at="3")
    scenarios(at).set_value("Fast").run()
    assert at.session_state["at"] == 0


def test_a_scenario_outside_a_sliders_range_is_a_programming_error():
    with pytest.raises(ValueError, match="outside"):
        controls.Panel.of(controls.ALPHA, scenarios={"x": {"alpha": 5}})
    with pytest.raises(ValueError, match="no slider called 'step'"):
        controls.Panel.of(controls.ALPHA, scenarios={"x": {"step": 0.1}})


def test_a_lesson_may_declare_its_own_slider_and_scenarios_for_it():
    at = run("""
        step = controls.Slider("step", "Step size", 0.0, 1.0, 0.001, 0.0001, "help", "%.4f")
        s = controls.Panel.of(controls.WEIGHT, step, scenarios={"Big step": {"step": 0.1}}).draw()
        st.write(f"step {s['step']}")
    """, step="0.01")
    assert at.slider(key="step").value == 0.01
    scenarios(at).set_value("Big step").run()
    assert at.slider(key="step").value == 0.1


def test_a_slider_notes_a_link_value_outside_its_range():
    at = run("st.write(controls.Panel.of(controls.ALPHA).draw())", alpha="7")
    assert at.slider(key="alpha").value == 0.1
    assert "`7` is not a usable value (a number from 0 to 2), so the lesson uses 0.1." \
        in notes(at)[0]


# --- toggles and pills bound to the URL -------------------------------------------------

TOGGLE = """
on = controls.Toggle("flag", "Flag").draw()
st.write(f"flag {on}")
"""


def test_a_bound_toggle_reads_true_and_false_from_the_link():
    assert run(TOGGLE, flag="true").toggle(key="flag").value is True
    assert run(TOGGLE, flag="FALSE").toggle(key="flag").value is False
    assert notes(run(TOGGLE, flag="true")) == []


def test_a_bound_toggle_rewrites_its_other_spellings_to_true():
    at = run(TOGGLE, flag="1")
    assert at.toggle(key="flag").value is True
    assert at.query_params["flag"] == "true"
    assert notes(at) == []


def test_a_bound_toggle_notes_a_value_it_cannot_use():
    at = run(TOGGLE, flag="yes please")
    assert at.toggle(key="flag").value is False
    assert notes(at) == ["This link carried a value the lesson cannot use:\n\n- **Flag**: "
                         "`yes please` is not a usable value (true or false), so the lesson "
                         "uses off."]
    at.run()
    assert notes(at) == []  # said once, on the run that read the link


EARLY = """
flag = controls.Toggle("flag", "Flag")
st.write(f"early {flag.will_be_on()}")
on = flag.draw()
"""


@pytest.mark.parametrize("link, expected", [
    ("true", True), ("TRUE", True), ("1", True), ("on", True), ("false", False),
    ("yes please", False), (None, False)])
def test_a_toggle_says_before_it_is_drawn_what_it_will_be(link, expected):
    at = run(EARLY, **({} if link is None else {"flag": link}))
    assert at.markdown[0].value == f"early {expected}"
    assert at.toggle(key="flag").value is expected
    at.toggle(key="flag").set_value(not expected).run()  # then the session's value counts
    assert at.markdown[0].value == f"early {not expected}"


PILLS = """
chosen = controls.Pills("rates", "Rates", (0.1, 0.5, 2.0), default=(0.1,)).draw()
st.write(f"chosen {chosen}")
"""


def test_bound_pills_take_several_values_from_the_link():
    at = run(PILLS, rates=["0.5", "2"])
    assert at.get("button_group")[0].value == [0.5, 2.0]
    assert notes(at) == []


def test_bound_pills_drop_unknown_values_and_say_so():
    at = run(PILLS, rates=["0.5", "0.3"])
    assert at.get("button_group")[0].value == [0.5]
    assert "`0.5, 0.3` is not a usable value (any of 0.1, 0.5, 2), so the lesson uses 0.5" \
        in notes(at)[0]
    at = run(PILLS, rates="nonsense")
    assert at.get("button_group")[0].value == [0.1] and "uses 0.1." in notes(at)[0]


# --- the lesson's parts -----------------------------------------------------------------

PARTS = """
PARTS = controls.Parts(("Charts", "Every number"))
open_ = PARTS.draw({"Charts": lambda: st.write("CHARTS RAN"),
                    "Every number": lambda: st.write("TABLE RAN")})
st.write(f"open part: {open_}")
"""


def ran(at: AppTest) -> list[str]:
    return [m.value for m in at.markdown if m.value.endswith("RAN") or "open part" in m.value]


def test_only_the_open_part_runs_and_the_first_is_open_by_default():
    at = run(PARTS)
    assert ran(at) == ["CHARTS RAN", "open part: Charts"]
    assert [t.label for t in at.tabs] == ["Charts", "Every number"] and notes(at) == []


def test_a_link_opens_its_part():
    at = run(PARTS, part="Every number")
    assert ran(at) == ["TABLE RAN", "open part: Every number"] and notes(at) == []


def test_a_link_naming_no_part_opens_the_first_with_the_note():
    at = run(PARTS, part="Everything<b>")
    assert ran(at) == ["CHARTS RAN", "open part: Charts"]
    (note,) = notes(at)
    assert "**Part of the lesson**: `Everything<b>` is not a usable value (one of Charts, " \
        "Every number), so the lesson uses Charts." in note


HOLDING = """
PARTS = controls.Parts(("Charts", "Compare"), holds={"Compare": ("rates",)})
open_ = PARTS.draw({"Charts": lambda: st.write("CHARTS RAN"),
                    "Compare": lambda: st.write(f"rates {st.query_params.get('rates')} RAN")})
st.write(f"open part: {open_}")
"""


def test_a_link_setting_a_control_of_another_part_opens_that_part():
    at = run(HOLDING, rates="2")
    assert ran(at) == ["rates 2 RAN", "open part: Compare"] and notes(at) == []
    at = run(HOLDING, rates="2", part="Charts")  # a part named in the link wins
    assert ran(at) == ["CHARTS RAN", "open part: Charts"]
    at = run(HOLDING)
    assert ran(at) == ["CHARTS RAN", "open part: Charts"]
    at.session_state["part"] = "Compare"
    at.run()
    assert ran(at) == ["rates None RAN", "open part: Compare"]


KEEPING = """
RATES = controls.Pills("rates", "Rates", (0.1, 0.5, 2.0), default=(0.1,))
PARTS = controls.Parts(("Charts", "Compare"), holds={"Compare": ("rates",)})
PARTS.draw({"Charts": lambda: st.write("CHARTS RAN"),
            "Compare": lambda: st.write(f"rates {RATES.draw()} RAN")})
"""


def test_a_parts_controls_keep_their_values_while_another_part_is_open():
    at = run(KEEPING, part="Compare")
    at.get("button_group")[0].set_value([0.5, 2.0]).run()
    assert ran(at) == ["rates [0.5, 2.0] RAN"]
    for part, shows in (("Charts", "CHARTS RAN"), ("Compare", "rates [0.5, 2.0] RAN")):
        at.query_params["part"] = part
        at.session_state["part"] = part  # what a click on its tab does
        at.run()
        assert ran(at) == [shows] and notes(at) == []
    assert at.query_params["rates"] == ["0.5", "2"]  # and back in the link


def test_parts_drawn_must_be_the_declared_ones():
    at = AppTest.from_string(HEADER + textwrap.dedent("""
        controls.Parts(("A", "B")).draw({"A": lambda: None})
    """))
    at.run()
    assert "are not the declared" in at.exception[0].message


# --- the step player --------------------------------------------------------------------

PLAYER = """
controls.step_player(COUNT, lambda i: st.write(f"showing step {i}"))
"""


def player(count: int, **query) -> AppTest:
    return run(PLAYER.replace("COUNT", str(count)), **query)


def shown(at: AppTest) -> str:
    return next(m.value for m in at.markdown if m.value.startswith("showing"))


def test_the_player_starts_on_the_last_step_or_the_linked_one():
    assert shown(player(5)) == "showing step 4"
    assert shown(player(5, at="2")) == "showing step 2"


def test_the_player_notes_a_step_outside_the_run():
    at = player(5, at="7")
    assert shown(at) == "showing step 4"
    assert "`7` is not a usable value (a whole number from 0 to 4)" in notes(at)[0]


def test_play_runs_to_the_end_and_stops_there():
    at = player(3, at="0")
    at.button(key="at_play").click().run()
    assert shown(at) == "showing step 0"  # the click itself shows the current step
    steps = []
    for _ in range(4):
        at.run()
        steps.append(shown(at))
    assert steps == ["showing step 1", "showing step 2", "showing step 2", "showing step 2"]
    assert at.button(key="at_play").label == "Play"


def test_dragging_the_scrubber_pauses_play():
    at = player(10, at="0")
    at.button(key="at_play").click().run()
    at.slider(key="at").set_value(6).run()
    at.run()
    assert shown(at) == "showing step 6" and at.button(key="at_play").label == "Play"


def test_a_late_echo_of_an_earlier_frame_neither_pauses_nor_rewinds_play():
    """The browser's timer can send the scrubber's value before the browser has drawn
    the newest frame; that older value must not count as a move by hand (play used to
    stop there in about half of the tries, issue 10 point 5)."""
    at = player(5, at="4")
    at.button(key="at_play").click().run()  # from the last step: starts again at 0
    at.run()
    at.run()
    assert shown(at) == "showing step 2"
    at.slider(key="at").set_value(1).run()  # a tick that left while step 1 was on screen
    assert shown(at) == "showing step 3" and at.button(key="at_play").label == "Pause"
    at.slider(key="at").set_value(4).run()  # the value play started from, sent late
    assert shown(at) == "showing step 4" and at.button(key="at_play").label == "Pause"
    at.slider(key="at").set_value(3).run()  # late again: the last step stays, play goes on
    assert shown(at) == "showing step 4" and at.button(key="at_play").label == "Pause"
    steps = []
    for _ in range(3):  # the first tick that brings the last step back stops the timer
        at.run()
        steps.append(shown(at))
    assert steps == ["showing step 4"] * 3
    assert at.button(key="at_play").label == "Play"
    at.slider(key="at").set_value(3).run()  # after play: an arrow key by hand moves it
    assert shown(at) == "showing step 3"


def test_a_one_step_run_has_nothing_to_scrub():
    at = player(1)
    assert shown(at) == "showing step 0" and len(at.slider) == 0


def test_the_share_url_lists_every_bound_value():
    at = run("""
        controls.Panel.of(controls.ALPHA).draw()
        controls.Pills("rates", "Rates", (0.1, 0.5)).draw()
        st.code(controls.share_url(), language=None)
    """, alpha="0.5", rates=["0.1", "0.5"])
    assert at.code[0].value == "?alpha=0.5&rates=0.1&rates=0.5"


def test_metric_numbers_of_a_diverging_run_stay_short():
    from dashboard.ui import num

    assert num(-1.0771808387416682e154) == "-1.08e154"
    assert num(6.683e300) == "6.68e300"
    assert num(1.485277170987127e-10) == "1.485e-10"
    assert num(4.2e5) == "4.2e+05"
    assert num(0.4000036561584401) == "0.4"
    assert num(None) == "none" and num(float("inf")) == "∞"
