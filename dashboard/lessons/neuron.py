"""Lesson: the neuron, whose weight is a volume knob.

Story: one input times one weight -> turn the knob and watch the prediction ->
hold the knob and change the input -> several inputs, each with its own knob,
added up (the book's team example) -> why Python prints 0.9800000000000001.
"""

import pandas as pd
import streamlit as st

from dashboard import charts, ui
from dashboard.controls import INPUT, WEIGHT, Panel, Slider, share_link
from dashboard.ui import num
from primer.neuron import knob_effect, predict, round_off, sweep_input, sweep_weight, weighted_sum

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

ui.page_setup(
    "The neuron: the weight is a volume knob",
    "The smallest neural network there is takes one number in, the **input**, and "
    "gives one number out, its **prediction**. In between sits a single **weight**, and "
    "the whole network is one line of Python:\n\n"
    "```python\nprediction = network_input * weight\n```\n"
    "Think of the weight as a volume knob on the input: turn it up and the input gets "
    "louder, turn it down and it fades, turn it to 0 and it goes silent. Learning, in the "
    "later lessons, is nothing more than finding where to set that knob."
)

# --- one input, one knob ---------------------------------------------------------------
s = ONE.draw()
link = st.sidebar.empty()  # filled at the end, once every control of the page is drawn
x, w = s["input"], s["weight"]
prediction = predict(x, w)

st.header("One input, one weight")
left, right = st.columns([1, 2], vertical_alignment="center")
left.metric("Prediction = input × weight", num(prediction, 6),
            help="The number the neuron gives out. Move the sliders on the left.")
with right:
    st.code(f"prediction = {x!r} * {w!r}\nprint(prediction)  # {prediction!r}", language="python")
    st.info(knob_effect(w), icon=":material/tune:")
    if repr(prediction) == "-0.0":
        st.caption("Python prints -0.0 here: a float zero keeps the sign of what made it "
                   "(0 times a negative number). It equals 0 in every comparison.")

weight_range, input_range = KNOB, SIGNAL
left, right = st.columns(2)
with left:
    line = pd.DataFrame(sweep_weight(x, weight_range.min, weight_range.max))
    ui.chart(charts.knob_line(line, "weight", "Weight (the knob)", w, prediction,
                              title="Turning the knob"),
             f"A straight line through 0 with slope {x:g} (the input); the weight {w:g} "
             f"gives {prediction:.4g}.")
    if x == 0:
        st.caption("With an input of 0 the line is flat: no setting of the knob can make "
                   "the prediction anything but 0. There is nothing to amplify.")
    else:
        st.caption("A straight line through 0. How steep it is depends on the input: a big "
                   "input makes every turn of the knob count for more.")
with right:
    line = pd.DataFrame(sweep_input(w, input_range.min, input_range.max))
    ui.chart(charts.knob_line(line, "input", "Input", x, prediction, color=charts.GREEN,
                              title="Changing the input"),
             f"A straight line through 0 with slope {w:g} (the weight); the input {x:g} "
             f"gives {prediction:.4g}.")
    if w == 0:
        st.caption("With the knob at 0 every input is silenced: the line lies flat on 0.")
    elif w < 0:
        st.caption("A negative weight tilts the line downwards: big inputs give big "
                   "negative predictions.")
    else:
        st.caption("Now the weight sets the slope: with the knob held still, the prediction "
                   "follows the input in proportion.")

# --- several inputs, several knobs -------------------------------------------------------
st.header("Several inputs: the weighted sum")
st.markdown(
    "A network can look at more than one number. Each input gets a knob of its own, and "
    "the prediction is what you get by turning every input by its knob and adding up the "
    "results: a **weighted sum**. The book's example guesses whether a team will win its "
    "next game from three facts about it: the average number of toes per player, the "
    "share of games it has won so far, and how many millions of fans it has. The toes "
    "are there on purpose: a weight can learn to ignore an input, or keep it."
)

NAMES = ("toes", "win/loss record", "fans")
SHORT = ("toes", "win/loss", "fans")  # bar labels
columns = st.columns(3)
team = {}
for column, panel in zip(columns, TEAM):
    with column:
        team.update(panel.draw(container=st.container(border=True)))
inputs = (team["toes"], team["wlrec"], team["nfans"])
weights = (team["w_toes"], team["w_wlrec"], team["w_nfans"])
ws = weighted_sum(inputs, weights)

left, right = st.columns(2)
with left:
    st.metric("Prediction = weighted sum", num(ws.prediction, 6),
              help="Each input times its weight, added up.")
    st.code(
        f"inputs = [{', '.join(map(repr, inputs))}]\n"
        f"weights = [{', '.join(map(repr, weights))}]\n\n"
        "prediction = 0\n"
        "for i in range(len(inputs)):\n"
        "    prediction += inputs[i] * weights[i]\n\n"
        f"print(prediction)  # {ws.prediction!r}",
        language="python",
    )
with right:
    bars = pd.DataFrame({
        "name": [*SHORT, "prediction"],
        "input": [*inputs, None],
        "weight": [*weights, None],
        "contribution": [*ws.contributions, ws.prediction],
    })
    ui.chart(charts.contribution_bars(bars))
    st.caption("Each light bar is one input turned by its knob; the dark bar is their sum. "
               "A weight of 0 makes its bar vanish: that input no longer counts.")

rounded, leftover = round_off(ws.prediction)
if leftover:
    st.info(
        f"**Why {ws.prediction!r} and not {rounded!r}?** Python stores numbers in binary, and "
        "a decimal such as 0.1 has no exact binary form, much as 1/3 has no exact decimal "
        "one. So a product like 8.5 × 0.1 comes out a hair off (0.8500000000000001), and the "
        f"sum inherits it. The leftover here is {leftover:.2g}, a difference in the 16th or "
        "17th digit; no prediction means anything that small, so reading it as "
        f"{rounded!r} is exactly right. Just never test such numbers with `==`.",
        icon=":material/calculate:",
    )
else:
    st.caption(f"This sum prints short: {ws.prediction!r} is the float nearest to what you "
               "would get on paper.")

st.subheader("Every number, as Python prints it")
st.table(
    pd.DataFrame({
        "input": [*NAMES, "prediction (the sum)"],
        "value": [*map(repr, inputs), ""],
        "weight": [*map(repr, weights), ""],
        "input × weight": [*map(repr, ws.contributions), repr(ws.prediction)],
    }),
    hide_index=True,
)
share_link(container=link)
