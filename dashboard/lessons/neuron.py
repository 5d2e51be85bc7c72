"""Lesson: the neuron, whose weight is a volume knob.

Story: one input times one weight -> turn the knob and watch the prediction (the
first screen) -> two parts below it, one open at a time (``?part=``): "Changing the
input" (hold the knob and change the input) and "Several inputs" (each input with its
own knob, added up: the team example of Grokking Deep Learning, what each input adds,
why Python prints 0.9800000000000001 (folded away) and every number as Python prints it).
"""

import pandas as pd
import streamlit as st

from dashboard import charts, ui
from dashboard.controls import INPUT, WEIGHT, Panel, Parts, Slider, share_box, share_link
from dashboard.ui import verdict
from primer.neuron import (
    TEAM_EXAMPLE,
    contributions_sentence,
    describe_input_line,
    describe_weight_line,
    knob_verdict,
    predict,
    printout_note,
    sign_note,
    sweep,
    weighted_sum,
)
from primer.words import fmt

# ---- the lesson's controls: every one of them is in the URL -------------------------------
KNOB = WEIGHT.but(label="Weight", help="The volume knob: the input is multiplied by it.")
SIGNAL = INPUT.but(min=-10.0, max=10.0, help="The number fed into the neuron.")
ONE = Panel.of(SIGNAL, KNOB, header="One input, one weight")
# The book's three inputs for a team (toes, win/loss record, fans), each with its own knob.
TEAM = (
    Panel.of(Slider("toes", "Toes (average per player)", 0.0, 12.0, 8.5, 0.1,
                    "Input 1: the average number of toes per player.", "%.1f"),
             Slider("w_toes", "Weight for toes", -1.0, 1.0, 0.1, 0.01,
                    "How loud the toes input is in the prediction.", "%.2f"), header=None),
    Panel.of(Slider("wlrec", "Win/loss record (share of games won)", 0.0, 1.0, 0.65, 0.01,
                    "Input 2: the share of its games the team has won so far.", "%.2f"),
             Slider("w_wlrec", "Weight for the win/loss record", -1.0, 1.0, 0.2, 0.01,
                    "How loud the win/loss input is in the prediction.", "%.2f"), header=None),
    Panel.of(Slider("nfans", "Fans (millions)", 0.0, 5.0, 1.2, 0.1,
                    "Input 3: how many millions of fans the team has.", "%.1f"),
             Slider("w_nfans", "Weight for fans", -1.0, 1.0, 0.0, 0.01,
                    "How loud the fans input is in the prediction.", "%.2f"), header=None),
)

# The parts below the first screen, one open at a time (``?part=`` in the link). The team's
# sliders are drawn in "Several inputs", so a link setting one opens it; the table of every
# number stays there too, since it reads them.
CHANGING_THE_INPUT = "Changing the input"
SEVERAL_INPUTS = "Several inputs"
PARTS = Parts((CHANGING_THE_INPUT, SEVERAL_INPUTS),
              holds={SEVERAL_INPUTS: tuple(k for panel in TEAM for k in panel.sliders)})

ui.page_setup(
    "The neuron: the weight is a volume knob",
    "The smallest neural network there is takes one number in, the **input**, and gives "
    "one number out, its **prediction**. In between sits a single **weight**, and the whole "
    "network is one line of Python: `prediction = network_input * weight`. The weight is a "
    "volume knob on the input: turn it up and the input gets louder, to 0 and it goes "
    "silent. Learning, in the later lessons, is finding where to set that knob. Move the "
    "sliders in the sidebar.",
)

# --- one input, one knob ---------------------------------------------------------------
s = ONE.draw()
link = share_box()  # filled at the end, once every control of the page is drawn
x, w = s["input"], s["weight"]
prediction = predict(x, w)

verdict(knob_verdict(x, w))
side, main = ui.stage()
with side:
    ui.numbers([("Prediction = input × weight", fmt(prediction, 6),
                 f"The number the neuron gives out; Python prints {prediction!r}.")])
    # the neuron itself: one input, one weight on the line, one output (the volume knob)
    ui.chart(charts.network([[x], [prediction]], [[[w]]], names=[["input"], ["prediction"]],
                            headings=["input", "prediction"], title="The neuron",
                            biggest=max(abs(KNOB.min), abs(KNOB.max))),
             charts.NETWORK_KEY)
    st.code(f"prediction = {x!r} * {w!r}\nprint(prediction)  # {prediction!r}",
            language="python", wrap_lines=True)
    note = sign_note(prediction)
    if note:
        st.caption(note)
weight_range, input_range = KNOB, SIGNAL
with main:
    line = pd.DataFrame(sweep("weight", x, weight_range.min, weight_range.max))
    ui.chart(charts.knob_line(line, "weight", "Weight (the knob)", w, prediction,
                              title="Turning the knob"), describe_weight_line(x, w))


# --- the parts below the first screen: one open at a time -------------------------------
def changing_the_input() -> None:
    line = pd.DataFrame(sweep("input", w, input_range.min, input_range.max))
    ui.chart(charts.knob_line(line, "input", "Input", x, prediction, color=charts.GREEN,
                              title="Changing the input"), describe_input_line(x, w))


NAMES = ("toes", "win/loss record", "fans")
SHORT = ("toes", "win/loss", "fans")  # bar labels


def several_inputs() -> None:
    st.markdown(
        "A network can look at more than one number. Each input gets a knob of its own, and "
        "the prediction is what you get by turning every input by its knob and adding up the "
        f"results: a **weighted sum**. {TEAM_EXAMPLE} Whether an input matters is up to its "
        "weight: the box below says what each one adds with the knobs as they are."
    )

    team = {}
    for column, panel in zip(ui.columns(3), TEAM):
        with column:
            team.update(panel.draw(container=st.container(border=True)))
    inputs = (team["toes"], team["wlrec"], team["nfans"])
    weights = (team["w_toes"], team["w_wlrec"], team["w_nfans"])
    ws = weighted_sum(inputs, weights)
    st.info(contributions_sentence(ws, NAMES), icon=":material/tune:")

    left, right = ui.columns(2)
    with left:
        ui.numbers([("Prediction = weighted sum", fmt(ws.prediction, 6),
                     f"Each input times its weight, added up; Python prints "
                     f"{ws.prediction!r}.")])
        ui.chart(charts.network([list(inputs), [ws.prediction]], [[[v] for v in weights]],
                                names=[list(SHORT), ["prediction"]],
                                headings=["inputs", "prediction"],
                                title="Three inputs, three knobs", biggest=1.0),
                 charts.NETWORK_KEY)
        st.code(
            f"inputs = [{', '.join(map(repr, inputs))}]\n"
            f"weights = [{', '.join(map(repr, weights))}]\n\n"
            "prediction = 0\n"
            "for i in range(len(inputs)):\n"
            "    prediction += inputs[i] * weights[i]\n\n"
            f"print(prediction)  # {ws.prediction!r}",
            language="python", wrap_lines=True,  # a narrow column wraps a line, never hides it
        )
    with right:
        bars = pd.DataFrame({
            "name": [*SHORT, "prediction"],
            "input": [*inputs, None],
            "weight": [*weights, None],
            "contribution": [*ws.contributions, ws.prediction],
        })
        ui.chart(charts.contribution_bars(bars),
                 "Each light bar is one input turned by its knob; the dark bar is their sum. "
                 "A weight of 0 makes its bar vanish: that input no longer counts.")

    title, note = printout_note(ws.prediction)
    if title:  # a digression about floats: folded away, for whoever asks
        with st.expander(title, icon=":material/calculate:"):
            st.markdown(note)
    else:
        st.caption(note)

    st.subheader("Every number, as Python prints it")
    ui.table(pd.DataFrame({
        "input": [*NAMES, "prediction (the sum)"],
        "value": [*map(repr, inputs), ""],
        "weight": [*map(repr, weights), ""],
        "input × weight": [*map(repr, ws.contributions), repr(ws.prediction)],
    }))


PARTS.draw({CHANGING_THE_INPUT: changing_the_input, SEVERAL_INPUTS: several_inputs})
share_link(container=link)
