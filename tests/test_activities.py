"""The class activities' shared UI (dashboard/activities.py) on a small lesson of its own.

Each test runs a script laid out like a lesson page: ``page_setup`` with the predict
switch, the primer's five sliders, the gate and the verdict, a stand-in for the run,
the code and the share link. The lesson pages' own tests check that they plug these in.
"""

from __future__ import annotations

import base64
import json
import textwrap
from urllib.parse import parse_qs, urlparse

import pytest
from streamlit.testing.v1 import AppTest

from dashboard import activities, controls
from dashboard.controls import QR_KEY
from dashboard.share import qr_svg
from primer import challenges, predict
from primer.descent import descend, regime
from tests.conftest import assert_safe_link_note, charts, open_page, open_part, text

LESSON = """
import streamlit as st
from dashboard import activities, charts, controls, ui
from primer.descent import primer_loop_source, regime

ui.page_setup("Lesson", "A lede.", predict=True)
PANEL = controls.Panel.of(controls.WEIGHT, controls.INPUT, controls.GOAL, controls.ALPHA,
                          controls.ITERATIONS, scenarios={"Diverges": {"input": 2.0, "alpha": 1.0}})
s = PANEL.draw()
link = controls.share_box()
shown = activities.predict_gate("descent", s)
activities.verdict("descent", s, regime(s["input"], s["alpha"], goal=s["goal"], weight=s["weight"]))
if shown:
    st.write("THE RUN")
st.code("THE CODE")
activities.notebook_button(
    primer_loop_source(s["weight"], s["input"], s["goal"], s["alpha"], s["iterations"]), "descent")
controls.share_link(container=link)
"""


def run(body: str = LESSON, **query: str) -> AppTest:
    at = AppTest.from_string(textwrap.dedent(body), default_timeout=30)
    at.query_params.update(query)
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def boxes(at: AppTest) -> list[str]:
    """The text of every success, info, warning and error box of the main area, in page
    order."""
    found = []

    def walk(node):
        for child in getattr(node, "children", {}).values():
            if child.type in ("success", "info", "warning", "error"):
                found.append(child.value)
            walk(child)

    walk(at.main)
    return found


def shows_run(at: AppTest) -> bool:
    return "THE RUN" in text(at)


def vote(at: AppTest):
    return next(b for b in at.get("button_group") if b.key == activities.VOTE)


# ---------------------------------------------------------------- predict, then reveal


def test_outside_predict_mode_everything_shows_and_there_is_no_question():
    at = run()
    assert at.toggle(key="predict").value is False
    assert shows_run(at) and "THE CODE" in [c.value for c in at.code]
    assert not at.get("button_group") and not [b for b in at.button if b.key == "reveal"]
    assert any("converges smoothly" in b for b in boxes(at))  # the page's own verdict


def test_predict_mode_hides_the_run_and_asks_primers_question():
    at = run(predict="1")
    assert at.toggle(key="predict").value is True
    assert not shows_run(at)
    assert "THE CODE" in [c.value for c in at.code]  # the code stays
    assert [s.key for s in at.slider] == ["weight", "input", "goal", "alpha", "iterations"]
    assert not boxes(at)  # no verdict
    question = predict.question("descent")
    assert vote(at).proto.label == question.prompt
    assert vote(at).options == [c.label for c in question.choices]
    assert vote(at).value is None  # nobody has voted
    assert at.button(key="reveal").label == "Reveal"


def test_reveal_shows_the_run_and_says_what_the_class_said_against_what_it_did():
    at = run(predict="1", vote="zigzag")
    assert vote(at).value == "zigzag"
    at.button(key="reveal").click().run()
    assert shows_run(at)
    answer = predict.answer("descent", dict(weight=0.5, input=2.0, goal=0.8, alpha=0.1,
                                            iterations=20))
    said = predict.reveal(predict.DESCENT.choice("zigzag"), answer.choice, answer.verdict)
    assert said.startswith("You said it zig-zags in; it creeps in.")
    head, _, reason = said.partition(". ")
    assert boxes(at) == [f"**{head}.** {reason}"]  # in the verdict's place, not beside it
    assert not at.get("button_group")  # the question is answered


def test_a_right_vote_is_called_right_and_no_vote_says_what_it_did():
    at = run(predict="1", vote="blowsup", input="2", alpha="1")
    at.button(key="reveal").click().run()
    assert boxes(at)[0].startswith("**You said it blows up, and you were right.**")
    at = run(predict="1")
    at.button(key="reveal").click().run()
    assert boxes(at)[0].startswith("**It creeps in.**")


def test_a_vote_clicked_goes_into_the_link_by_its_id():
    at = run(predict="1")
    vote(at).set_value("bounces").run()
    assert at.query_params["vote"] in ("bounces", ["bounces"])
    assert vote(at).value == "bounces"
    at.button(key="reveal").click().run()
    assert "You said it bounces forever" in boxes(at)[0]
    assert "vote=bounces" in next(c.value for c in at.code if "predict" in c.value)


def test_moving_a_slider_or_picking_a_scenario_hides_the_run_again():
    at = run(predict="1", vote="creeps")
    at.button(key="reveal").click().run()
    assert shows_run(at)
    at.slider(key="alpha").set_value(0.2).run()
    assert not shows_run(at) and not boxes(at)
    assert vote(at).value == "creeps"  # the vote stays for the new question
    at.button(key="reveal").click().run()
    assert shows_run(at)
    next(b for b in at.button if b.label == "Diverges").click().run()
    assert not shows_run(at)


def test_switching_predict_off_shows_the_run_and_on_again_hides_it():
    at = run(predict="1")
    at.button(key="reveal").click().run()
    at.toggle(key="predict").set_value(False).run()
    assert shows_run(at) and any("converges smoothly" in b for b in boxes(at))
    at.toggle(key="predict").set_value(True).run()
    assert not shows_run(at)


@pytest.mark.parametrize("bad", ["maybe", "ZIGZAG", "creeps in", "<b>x</b>", ""])
def test_an_unknown_vote_falls_back_to_no_vote_with_the_note(bad):
    at = run(predict="1", vote=bad)
    assert vote(at).value is None
    assert_safe_link_note(at, predict.DESCENT.prompt)
    assert "vote" not in at.query_params


def test_a_page_without_a_question_has_no_switch():
    at = run(LESSON.replace(", predict=True", "").replace('"descent"', '"neuron"'),
             predict="1")
    assert not [t for t in at.toggle if t.key == "predict"]
    assert shows_run(at)


# ---------------------------------------------------------------- challenges


def test_a_challenge_link_shows_its_check_in_the_verdicts_place_and_the_task():
    c = challenges.challenge("one-step")
    at = run(**{k: f"{v:g}" for k, v in c.start.items()}, challenge=c.id)
    settings = dict(weight=0.5, input=2.5, goal=0.8, alpha=0.1, iterations=5)
    check = c.check(settings)
    assert boxes(at) == [f"**Challenge: {c.title}.** {check.summary}"]
    assert check.kind is challenges.Progress.NOT_YET
    assert f"**Challenge: {c.title}.** {c.task}" in [m.value for m in at.markdown]
    why = at.expander[0].markdown[0].value  # the run's own verdict is one fold away
    assert "converges smoothly" in why and check.why in why


def test_the_check_follows_the_sliders_to_solved():
    at = run(input="2.5", alpha="0.1", challenge="one-step")
    at.slider(key="alpha").set_value(0.16).run()
    box = boxes(at)[0]
    assert box.startswith("**Challenge: One step to the goal.** Solved:")
    assert "challenge=one-step" in next(c.value for c in at.code if "challenge" in c.value)


def test_in_classroom_mode_the_task_folds_into_why():
    c = challenges.challenge("largest-alpha")
    at = run(input="3", challenge=c.id, classroom="1")
    assert not [m for m in at.markdown if m.value.startswith("**Challenge:")]
    assert c.task in at.expander[0].markdown[0].value


@pytest.mark.parametrize("bad", ["nope", "beat-descent", "<img src=x onerror=alert(1)>", ""])
def test_an_unknown_challenge_falls_back_to_the_run_with_the_note(bad):
    """An id of another lesson's challenge is unknown here too."""
    at = run(challenge=bad)
    assert_safe_link_note(at, "Challenge")
    assert any("converges smoothly" in b for b in boxes(at))
    assert "challenge" not in at.query_params


def test_while_predicting_a_challenge_shows_its_task_and_waits_for_reveal():
    c = challenges.challenge("one-step")
    at = run(input="2.5", challenge=c.id, predict="1")
    assert boxes(at) == [f"**Challenge: {c.title}.** {c.task} The check appears with the run, "
                         "after Reveal."]
    at.button(key="reveal").click().run()
    assert boxes(at)[0].startswith(f"**Challenge: {c.title}.** Not yet:")
    assert "You said" not in boxes(at)[0]
    assert at.expander[0].markdown[0].value.endswith(
        predict.reveal(None, predict.DESCENT.choice("creeps"),
                       regime(2.5, 0.1, goal=0.8, weight=0.5)))


# ---------------------------------------------------------------- the error bowl


@pytest.mark.parametrize(("clicked", "value", "noted"), [
    (0.6321, 0.63, False), (-1.996, -2.0, False), (2.0, 2.0, False),
    (3.7, 2.0, True), (-2.004, -2.0, True), (1e6, 2.0, True),
])
def test_a_click_on_the_bowl_lands_on_the_weight_sliders_grid_and_range(clicked, value, noted):
    got, note = activities.start_at(controls.WEIGHT, clicked)
    assert got == value and isinstance(got, float)
    assert (note is not None) == noted
    if note:
        assert "Starting weight" in note and f"starts from {value:g}" in note


def test_the_weight_a_click_picked_is_read_from_the_charts_selection():
    pick = activities.picked_weight
    assert pick({"selection": {"touch": [{"weight": 0.42, "error": 0.1}]}}) == 0.42
    assert pick({"selection": {"touch": []}}) is None  # a click that missed the curve
    assert pick({"selection": {}}) is None and pick(None) is None and pick({}) is None


BOWL = """
import pandas as pd
import streamlit as st
from dashboard import activities, charts, controls
from primer import bowl
from primer.descent import descend, error_curve

w = controls.WEIGHT.draw()
run = descend(w, 2.0, 0.8, 0.5, 6)
curve = pd.DataFrame(error_curve(run))
steps = pd.DataFrame({"iteration": range(6), "weight": run.weights_before,
                      "error": [s.error for s in run.steps]})
lo, hi = curve["weight"].min(), curve["weight"].max()
fig = charts.error_bowl(curve, steps, 0.4, 2, touch=True,
                        tangent=pd.DataFrame(bowl.tangent(run, 2, lo, hi)),
                        arrows=pd.DataFrame(bowl.arrows(run, 2)))
activities.touch_bowl(fig, "A summary.", controls.WEIGHT)
"""


def test_the_bowl_is_a_keyed_chart_with_a_click_selection_and_its_arrows():
    at = run(BOWL)
    (chart,) = at.get("vega_lite_chart")
    assert chart.proto.id.endswith("-" + activities.BOWL)  # its identity is the key
    assert list(chart.proto.selection_mode) == ["touch"]
    spec = json.loads(chart.proto.spec)
    assert [p["name"] for p in spec["params"]] == ["touch"]
    assert spec["params"][0]["select"] == {"type": "point", "fields": ["weight"],
                                           "on": "click"}
    from tests.conftest import assert_chart_reads_its_data, chart_specs

    ((spec, data),) = chart_specs(at)
    assert_chart_reads_its_data(spec, data)
    assert list(data["arrows"]["iteration"]) == [0, 1, 2]  # up to the marked iteration
    assert len(data["tangent"]) == 2 and data["path"].empty
    assert "Click the curve" in text(at)


# ---------------------------------------------------------------- the QR code, the notebook


def images(at: AppTest) -> list:
    found = []

    def walk(node):
        for child in getattr(node, "children", {}).values():
            if child.type == "image":
                found.append(child.proto)
            walk(child)

    walk(at.sidebar)
    return found


def test_the_share_link_has_its_qr_code_beside_it_once_its_switch_is_on():
    at = run(weight="0.25", classroom="1")
    assert images(at) == [] and at.toggle(key=QR_KEY).value is False  # off until needed
    at.toggle(key=QR_KEY).set_value(True).run()
    url = next(c.value for c in at.code if "weight=0.25" in c.value)
    assert "qr" not in parse_qs(urlparse(url).query)  # a shared view opens without it
    (image,) = images(at)
    (img,) = image.imgs
    assert img.url.startswith("data:image/svg+xml;base64,")
    assert base64.b64decode(img.url.split(",", 1)[1]).decode() == qr_svg(url)
    assert "QR code" in img.alt


def test_the_notebook_downloads_without_a_rerun():
    at = run()
    (button,) = at.get("download_button")
    assert button.proto.label == "Take it home as a notebook"
    assert button.proto.ignore_rerun  # on_click="ignore": a download does not rerun the page
    assert button.proto.deferred_file_id  # built when clicked, not on every rerun


# ---------------------------------------------------------------- on the lessons


def lesson(page: str, **query: str) -> AppTest:
    return open_page(page, timeout=90, **query)


def test_deep_in_predict_mode_hides_its_run_and_keras_until_reveal():
    at = lesson("deep", predict="1", vote="beats", keras="true")  # opens the Keras part
    assert not charts(at) and not at.metric and not boxes(at)
    assert at.toggle(key="keras").value is True
    assert vote(at).options == [c.label for c in predict.DEEP.choices]
    assert vote(at).value == "beats"
    assert {"The book's program in numpy, with these settings",  # both programs stay
            "The same network in Keras, with model.fit"} <= {e.label for e in at.expander}
    assert at.get("download_button")  # and the notebook
    at.button(key="reveal").click().run()
    assert [c.proto.alt for c in charts(at)] == [
        "The network, one row at a time", "One layer against two", "Error: numpy and Keras"]
    assert boxes(at)[0].startswith("**You said it beats one layer, and you were right.**")
    open_part(at, "What the hidden layer made")
    assert [c.proto.alt for c in charts(at)] == [
        "The network, one row at a time", "One layer against two",
        "Each hidden unit and the goal"]
    at.slider(key="seed").set_value(2).run()
    assert not charts(at)


def test_deep_shows_the_fewest_hidden_challenge_in_its_verdicts_place():
    c = challenges.challenge("fewest-hidden")
    at = lesson("deep", hidden="2", alpha="0.2", passes="60", seed="8", challenge=c.id)
    settings = dict(hidden=2, alpha=0.2, passes=60, seed=8, activation="relu")
    assert boxes(at)[0] == f"**Challenge: {c.title}.** {c.check(settings).summary}"
    assert boxes(at)[0].startswith(f"**Challenge: {c.title}.** Solved!")
    assert not any("beats the one-layer floor" in b for b in boxes(at))  # it is in Why?


def test_descent_in_predict_mode_shows_no_chart_before_reveal_and_all_of_them_after():
    at = lesson("descent", predict="1", vote="bounces", alpha="0.5")
    assert not charts(at) and not at.metric and not at.dataframe and not boxes(at)
    assert [s.key for s in at.slider] == ["weight", "input", "goal", "alpha", "iterations"]
    assert any(c.language == "python" for c in at.code)  # the code stays
    assert [b.proto.label for b in at.get("download_button")] == ["Take it home as a notebook"]
    at.button(key="reveal").click().run()
    assert len(charts(at)) == 4 and at.metric  # the bowl and the open part's three charts
    assert boxes(at)[0].startswith("**You said it bounces forever, and you were right.**")
    at.query_params["part"] = at.session_state["part"] = "Every iteration"
    at.run()
    assert at.dataframe and boxes(at)[0].startswith("**You said it bounces forever")
    assert len(at.get("download_button")) == 2  # the run's CSV is a result too


def test_descent_draws_the_bowl_touchable_with_its_arrows_and_tangent():
    from tests.conftest import chart_specs

    at = lesson("descent", alpha="0.5", iterations="4", at="2")
    bowl = next(c for c in charts(at) if c.proto.alt == "Error for every weight")
    assert bowl.proto.id.endswith("-" + activities.BOWL)
    assert list(bowl.proto.selection_mode) == ["touch"]
    data = next(d for spec, d in chart_specs(at) if spec["title"] == "Error for every weight")
    run = descend(0.5, 2.0, 0.8, 0.5, 4)
    assert list(data["arrows"]["step"]) == [0.5 * s.derivative for s in run.steps[:3]]
    assert list(data["arrows"]["right"]) == [False, True, False]
    assert len(data["tangent"]) == 2


def test_descent_one_step_challenge_is_solved_by_the_right_alpha():
    c = challenges.challenge("one-step")
    at = lesson("descent", **{k: f"{v:g}" for k, v in c.start.items()}, challenge=c.id)
    assert boxes(at)[0].startswith(f"**Challenge: {c.title}.** Not yet:")
    at.slider(key="alpha").set_value(0.16).run()
    assert boxes(at)[0].startswith(f"**Challenge: {c.title}.** Solved:")


def test_the_predict_switch_goes_with_the_teacher_from_lesson_to_lesson():
    at = lesson("descent", predict="1")
    at.switch_page("lessons/deep.py").run()
    assert at.toggle(key="predict").value is True
    assert not charts(at)
    at.switch_page("lessons/neuron.py").run()  # a lesson without a question: no switch
    assert not [t for t in at.toggle if t.key == "predict"] and charts(at)
    at.switch_page("lessons/descent.py").run()
    assert at.toggle(key="predict").value is True and not charts(at)


def test_hot_and_cold_in_predict_mode_keeps_only_the_settings_and_the_code():
    at = lesson("hot_and_cold", predict="1", vote="stuck", step="0.3", iterations="30")
    assert not charts(at) and not at.metric and not boxes(at)
    assert vote(at).options == [c.label for c in predict.HOT_COLD.choices]
    assert any(c.language == "python" for c in at.code)
    assert [b.proto.label for b in at.get("download_button")] == ["Take it home as a notebook"]
    at.button(key="reveal").click().run()
    assert charts(at) and at.metric
    assert boxes(at)[0].startswith("**You said it gets stuck bouncing, and you were right.**")


def test_hot_and_cold_shows_the_beat_descent_challenge_in_its_verdicts_place():
    c = challenges.challenge("beat-descent")
    at = lesson("hot_and_cold", **{k: f"{v:g}" for k, v in c.start.items()}, challenge=c.id)
    settings = {**c.start, "iterations": 1101}
    assert boxes(at)[0] == f"**Challenge: {c.title}.** {c.check(settings).summary}"


@pytest.mark.parametrize("page", ["descent", "hot_and_cold", "correlation", "deep"])
def test_every_lesson_with_a_script_offers_it_as_a_notebook_without_a_rerun(page):
    at = lesson(page)
    (button,) = [b for b in at.get("download_button")
                 if b.proto.label == "Take it home as a notebook"]
    assert button.proto.ignore_rerun and button.proto.deferred_file_id


def test_the_overview_lists_every_challenge_with_the_link_that_sets_it_up():
    from dashboard.nav import LESSONS

    at = open_page(None)
    paths = {lesson.url_path for lesson in LESSONS}
    links = [link for link in at.get("page_link") if "challenge=" in link.proto.query_string]
    expected = [c for c in challenges.CHALLENGES if c.lesson in paths]
    assert len(expected) == len(challenges.CHALLENGES)  # every challenge's lesson is in the app
    assert [link.proto.label for link in links] == [c.title for c in expected]
    said = [m.value for m in at.caption]
    for c in expected:  # the lesson is named under its link
        assert f"On *{next(x.title for x in LESSONS if x.url_path == c.lesson)}*. {c.task}" in said
    for link, c in zip(links, expected):
        assert "/" + link.proto.page + "?" + link.proto.query_string == c.link
