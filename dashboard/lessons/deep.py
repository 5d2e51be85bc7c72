"""Lesson: a hidden layer creates the correlation a single neuron cannot find.

Story: the correlation lesson's table that no single layer can learn -> put a layer of
hidden units between the lights and the prediction -> read the verdict, then step
through training and watch one row flow through the network -> one layer against two
on one chart. Below that, two parts, one open at a time (``?part=``): *What the hidden
layer made* (values that go up and down with the goal, dead ReLUs, and why the activation
matters: switch it off and see) and *The same network in Keras*. Then both programs to
take home.

What the run shows on the first screen (verdict, player, charts, tables, numbers) is drawn
by :func:`results`, so a predict-then-reveal gate can wrap that one call; the parts show
the run only once it is revealed.
"""

import pandas as pd
import streamlit as st

from dashboard import activities, charts, ui
from dashboard.controls import (
    ALPHA,
    Choice,
    Panel,
    Parts,
    Slider,
    Toggle,
    share_box,
    share_link,
    step_player,
)
from dashboard.ui import code_panel, num, verdict
from primer import deep
from primer.keras_lesson import deep_fit_script, loaded, preload  # no TensorFlow here
from primer.words import BOOK

# ---- the lesson's controls: every one of them is in the URL -------------------------------
HIDDEN = Slider("hidden", "Hidden units", 1, 16, 4, 1,
                "How many hidden units sit between the lights and the prediction. Each is a "
                "weighted sum of the three lights, passed through the activation.")
STEP = ALPHA.but(default=0.2, help="How big a step each update takes (the book uses 0.2).")
PASSES = Slider("passes", "Passes over the table", 1, 300, 60, 1,
                "How many times training goes through the four rows, updating every weight "
                "after each row. The book runs 60.")
SEED = Slider("seed", "Seed of the starting weights", 0, 100, 1, 1,
              "The starting weights are random numbers from -1 to 1; the seed picks which. "
              "The same seed always gives the same start (the book uses 1).")
PANEL = Panel.of(
    HIDDEN, STEP, PASSES, SEED, restart=("at",),
    scenario_help="One click sets every slider (and the link) to a run worth seeing.",
    scenarios={
        "The book's network": dict(hidden=4, alpha=0.2, passes=60, seed=1),
        "Two units are enough": dict(hidden=2, alpha=0.2, passes=60, seed=8),
        "Dead ReLUs: stuck": dict(hidden=3, alpha=0.2, passes=60, seed=2),
        "One hidden unit": dict(hidden=1, alpha=0.2, passes=60, seed=0),
        "Sixteen units": dict(hidden=16, alpha=0.2, passes=60, seed=1),
    },
)
ACTIVATION = Choice("activation", "Activation of the hidden units", tuple(deep.ACTIVATIONS),
                    help="relu: a negative sum becomes 0. linear: no activation at all, the "
                         "sums pass on unchanged.")
ROW = Choice("row", "Row flowing through the drawing", (1, 2, 3, 4),
             help="Which row of the table the drawing sends through the network.")
LOG = Toggle("log", "Log scale for the error",
             help="A log scale shows the two-layer error still falling long after it looks "
                  "like zero.")
KERAS = Toggle("keras", "Train the same network in Keras",
               help="Builds this network in Keras and trains it beside the numpy loop. "
                    "Loads TensorFlow (a few seconds) the first time.")
MADE, IN_KERAS = "What the hidden layer made", "The same network in Keras"
# below the first screen, only the open part runs; a link that switches Keras on opens its part
PARTS = Parts((MADE, IN_KERAS), holds={IN_KERAS: (KERAS.key,)})

LOADING = "Loading TensorFlow for the Keras part: a few seconds, the first time only…"
NUMPY_CODE, KERAS_CODE = "numpy_code", "keras_code"  # the code panels, drawn only when open
BOOK_ROWS = deep.TABLE.n_rows
LIGHTS = ("left", "middle", "right")


@st.cache_data(max_entries=128, show_spinner=False)
def train(hidden: int, alpha: float, passes: int, seed: int, activation: str):
    """The numpy run and everything the page says about it, once per setting."""
    run = deep.train_deep(hidden, alpha, passes, seed, activation)
    report = deep.report(run)
    one = deep.one_layer(run)
    units = deep.hidden_units(run)
    return run, report, one, units


@st.cache_data(max_entries=64, show_spinner=False)
def train_keras(hidden: int, alpha: float, passes: int, seed: int, activation: str):
    """The same network in Keras (TensorFlow is imported on the first call), once per setting."""
    from primer.keras_lesson import train_deep_keras

    return train_deep_keras(hidden, alpha, passes, seed, activation)


ui.page_setup(
    "A hidden layer: beating the floor",
    "The correlation lesson ended on a table no single neuron can learn: *walk when exactly "
    "one of the left and middle lights is on*. No light goes up and down with that goal, and "
    "the best weighted sum of the lights leaves a total error of 1. Here a layer of **hidden "
    "units** sits between the lights and the prediction, as in chapter 6 of "
    f"{BOOK}. Each hidden unit adds up the lights with its own weights and passes the sum "
    "through **ReLU** (a negative sum becomes 0); the prediction adds up the hidden units.",
    predict=True,
)
loading = st.empty()  # "Loading TensorFlow" goes here, at the top, when the Keras part needs it
# The Keras switch is drawn further down, in its part; a link or an earlier run that turned it
# on is known now, so the note can show at once, before the numpy part is drawn.
if KERAS.will_be_on() and not loaded():
    loading.info(LOADING, icon=":material/hourglass_top:")
    preload()  # the import starts now, in the background, while the numpy part is drawn
s = PANEL.draw()
with st.sidebar:
    activation = ACTIVATION.draw()
link = share_box()  # the link to this view; the step player keeps it current
settings = {"hidden": int(s["hidden"]), "alpha": float(s["alpha"]),
            "passes": int(s["passes"]), "seed": int(s["seed"]), "activation": activation}
run, report, one, units = train(**settings)
biggest = max((abs(w) for p in run.records for row in p.weights_0_1 for w in row), default=1.0)
biggest = max([biggest, *(abs(w) for p in run.records for w in p.weights_1_2)])


def drawing(at: int, row: int) -> charts.Figure:
    """The network after pass ``at`` with table row ``row`` (0-based) flowing through it."""
    net = deep.network(run, at, row)
    return charts.network(
        [net.inputs, net.hidden, [net.output]],
        [net.weights_0_1, [[w] for w in net.weights_1_2]],
        names=[[f"{name} light" for name in LIGHTS],
               [f"hidden {j + 1}" for j in range(run.hidden)], ["prediction"]],
        headings=["lights", "hidden units", "prediction"],
        title="The network, one row at a time", biggest=biggest,
    )


def results() -> None:
    """What the run shows on the first screen: verdict, player with the drawing and the key
    numbers, the error chart and every row's numbers after the pass."""
    if not run.records:
        activities.verdict("deep", settings, report)
        st.warning("No pass produced finite numbers, so there is nothing to draw.")
        return

    def show_pass(at: int, side, main) -> None:
        with main:
            row = ROW.draw() - 1
        net = deep.network(run, at, row)
        record = run.records[at]
        with side:
            activities.verdict("deep", settings, report)  # or the reveal, or a challenge
            ui.numbers([
                (f"Error of pass {at}", num(record.error),
                 f"Each row's squared error during the pass, added up: exactly {record.error!r}"),
                ("One layer's best", num(report.floor),
                 "The lowest total error any single layer of weights reaches on this table."),
                (f"Prediction for row {row + 1}", num(net.output),
                 f"With the weights after pass {at}; the goal is {net.goal:g}. "
                 f"Exactly {net.output!r}"),
                ("Hidden units above 0", f"{sum(v > 0 for v in net.hidden)} of {run.hidden}",
                 f"For row {row + 1}, with the weights after pass {at}."),
            ])
        with main:
            ui.chart(drawing(at, row), deep.flow_sentence(net, at))
            st.caption(charts.NETWORK_KEY)
        log = LOG.draw()
        ui.chart(charts.layers_error(one.errors, run.errors, report.floor, at, log=log),
                 deep.layers_sentence(run, one))
        st.subheader(f"Every row after pass {at}")
        ui.table(rows_table(at), highlight=row)
        st.caption(f"Each row with the weights after pass {at}, held fixed. The highlighted "
                   "row is the one in the drawing.")
        share_link(container=link)

    step_player(len(run.records), show_pass, layout=ui.stage, label="Pass",
                help="The pass whose weights are drawn. Play, or step with Back and Next; the "
                     "drawing, the mark on the error chart and the table follow it.")


def rows_table(at: int) -> pd.DataFrame:
    nets = [deep.network(run, at, r) for r in range(BOOK_ROWS)]
    table = {"row": [n.row + 1 for n in nets],
             "lights": [", ".join(f"{v:g}" for v in n.inputs) for n in nets],
             "goal": [f"{n.goal:g}" for n in nets]}
    for j in range(run.hidden):
        table[f"hidden {j + 1}"] = [ui.num(n.hidden[j]) for n in nets]
    table["prediction"] = [repr(n.output) for n in nets]
    table["error"] = [repr(n.error) for n in nets]
    return pd.DataFrame(table)


shown = activities.predict_gate("deep", settings)  # predict mode: hidden until Reveal
if shown:
    results()
else:
    activities.verdict("deep", settings, report)  # a challenge's task waits with the run


def what_was_made() -> None:
    """What the hidden units made of the lights (once the run is shown), and why their
    activation matters."""
    if shown and run.records:
        left, right = ui.columns(2)
        with left:
            ui.chart(charts.unit_correlations([u.name for u in units],
                                              [u.r_before for u in units],
                                              [u.r_after for u in units]),
                     deep.units_sentence(run))
        with right:
            st.markdown(
                "No light goes up and down with the goal: each light's correlation with it "
                "is 0. The output neuron can only add up what it is given, so the hidden "
                "units must first **make** something that does. After training, a hidden "
                "unit that is on for the walk rows and off for the stop rows correlates with "
                "the goal, and the output leans on it.")
            dead = deep.dead_relus(run, report)
            if dead:
                st.info(f"**Dead ReLUs.** {dead}", icon=":material/power_off:")
    ui.explain(
        "Why the activation matters",
        "Switch the activation to **linear** in the sidebar. Without ReLU each hidden unit is a "
        "weighted sum of the lights, and the prediction is a weighted sum of those: multiply it "
        "out and it is one weighted sum of the lights, so two layers can do no better than one. "
        "ReLU bends each sum at 0, and that bend lets a unit say *this light, but only when "
        "that one is off*.\n\n"
        "The bend has a price. A unit whose sum is negative outputs 0 and passes no correction "
        "back, so a unit that is off for every row never learns again: a **dead ReLU**. Pick "
        "*Dead ReLUs: stuck* to see a run where, for one row, every unit is off.",
    )


def keras_part() -> None:
    """The same network in Keras, beside the numpy loop; TensorFlow loads only here."""
    from primer.keras_lesson import judge, keras_learning_rate, side_by_side

    if not loaded():
        loading.info(LOADING, icon=":material/hourglass_top:")
    with st.spinner("Training the Keras model…"):
        keras_run = train_keras(**settings)
    loading.empty()
    verdict(judge(keras_run, run))
    left, right = st.columns([1, 2])
    with left:
        ui.numbers([
            ("Keras' learning rate", num(keras_learning_rate(settings["alpha"])),
             "α / 2: Keras measures the squared error's slope exactly, which is twice the "
             "book's delta, so half of α takes the book's step."),
            ("Keras: last error", num(keras_run.errors[-1] if keras_run.records else None),
             "The last pass's error: each row's loss, measured before its update, added up."),
        ])
    with right:
        loop = pd.DataFrame({"pass": range(len(run.errors)), "error": run.errors})
        dots = pd.DataFrame({"pass": range(len(keras_run.errors)), "error": keras_run.errors})
        ui.chart(charts.loop_and_keras(loop, dots, "error", x="pass", x_title="Pass",
                                       y_title="Error of the pass",
                                       title="Error: numpy and Keras"),
                 side_by_side(run.errors, keras_run.errors, "error", "pass"))
    st.caption("`Sequential([Dense(hidden, activation, use_bias=False), Dense(1, "
               "use_bias=False)])`, trained one row at a time from the book's starting weights "
               "with mean squared error and plain SGD.")


def in_keras() -> None:
    """The Keras switch and, once it is on and the run is shown, the Keras part."""
    if KERAS.draw() and shown:
        keras_part()
    else:
        st.markdown("The same two layers as a Keras model, trained from the same starting "
                    "weights on the same rows in the same order, lands on the numpy loop's "
                    "errors. Switch it on to see it happen (TensorFlow takes a few seconds to "
                    "load the first time).")


PARTS.draw({MADE: what_was_made, IN_KERAS: in_keras})
loading.empty()  # also when the Keras part stays hidden (another part, predict mode, off)

st.header("Take the code home")
code_panel(deep.numpy_script(**settings), key=NUMPY_CODE,
           title="The book's program in numpy, with these settings",
           caption="Paste it into Python: it prints the error every 10 passes, the numbers "
                   "of the two-layer line above.")
code_panel(deep_fit_script(**settings), key=KERAS_CODE,
           title="The same network in Keras, with model.fit",
           caption="Save it as a file and run it with python: Keras trains the same network "
                   "from the same starting weights and prints the same errors, to float32.")
activities.notebook_button(deep.numpy_script(**settings), "deep")
share_link(container=link)  # again, now that every control of the page is drawn
