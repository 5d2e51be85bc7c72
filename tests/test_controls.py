"""The shared controls on their own: scenarios, URL-bound toggles and pills, the step player.

Each test runs a tiny script that uses ``dashboard.controls`` the way a lesson page does.
"""

from __future__ import annotations

import textwrap

from streamlit.testing.v1 import AppTest

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
PRESETS = {
    "Start": {"weight": 0.5, "alpha": 0.1},
    "Fast": {"weight": 0.0, "alpha": 1, "iterations": 4},
    "Same as start": {"weight": 0.5, "alpha": 0.1},
}
s = controls.slider_panel(("weight", "alpha", "iterations"), presets=PRESETS)
st.write(f"values {s}")
"""


def scenarios(at: AppTest):
    return at.get("button_group")[0]


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


def test_a_scenario_outside_a_sliders_range_is_a_programming_error():
    script = "controls.slider_panel(('alpha',), presets={'x': {'alpha': 5}})"
    at = AppTest.from_string(HEADER + script)
    at.run()
    assert at.exception and "outside" in at.exception[0].message


def test_a_page_may_pass_its_own_control_and_scenarios_for_it():
    at = run("""
        step = controls.Control("step", "Step size", 0.0, 1.0, 0.001, 0.0001, "help", "%.4f")
        s = controls.slider_panel(("weight", step), presets={"Big step": {"step": 0.1}})
        st.write(f"step {s['step']}")
    """, step="0.01")
    assert at.slider(key="step").value == 0.01
    at.get("button_group")[0].set_value("Big step").run()
    assert at.slider(key="step").value == 0.1
