"""Lesson: the primer's problem in Keras, in the four steps of the Keras workflow.

Story: is Keras' answer the hand-written loop's? (the verdict, the key numbers and the
error chart first) -> five parts below it, one open at a time (``?part=``): "1. Training
data" (the tensors), "2. The model" (one weight per input), "3. Compile" (a loss, an
optimizer and metrics), "4. Fit" (one update per row: the weights chart and what Keras
reported) and "Same maths as the loop?" (why it is the primer's maths, and why other
losses and optimizers are not) -> the complete script to take home, below the parts.

Two lessons share the page: one example set by the sliders (the primer's problem) and a
table of rows (the correlation lesson's). Each has one small function that draws its
own sliders, trains, and returns one :class:`View`; everything below draws a View, so
the page has no branch per lesson.

Not named ``keras.py``: that would shadow the keras package. TensorFlow is imported by
``primer.keras_lesson`` the first time this page needs it, never when the app starts or
on another page.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
import streamlit as st

from dashboard import charts, ui
from dashboard.controls import (
    ALPHA,
    GOAL,
    INPUT,
    ITERATIONS,
    WEIGHT,
    Choice,
    Panel,
    Parts,
    Pills,
    Slider,
    Toggle,
    share_box,
    share_link,
)
from dashboard.ui import code_panel, num
from primer.dataset import PRESETS, default_weights, train
from primer.descent import best_weight, descend
from primer.keras_lesson import (
    LOSSES,
    OPTIMIZERS,
    MatchReport,
    fit_rows_script,
    fit_script,
    judge,
    keras_learning_rate,
    loaded,
    model_summary,
    params_sentence,
    side_by_side,
    train_like_primer,
    train_on_rows,
    weights_sentence,
)
from primer.script import Script

ONE = "one example"  # the sliders' example; the other choices are the correlation lesson's
LOSS = {"MSE": "mean_squared_error", "MAE": "mean_absolute_error"}  # what the link says -> Keras
OPTIMIZER = {"SGD": "sgd", "momentum": "momentum", "RMSprop": "rmsprop", "Adam": "adam"}

# ---- the lesson's controls: every one of them is in the URL -------------------------------
DATA = Choice("data", "Training data", (ONE, *PRESETS), select=True,
              help="One example set by the sliders (the primer's problem), or a table of rows "
                   "from the correlation lesson. The choice is kept in the link.")
ONE_EXAMPLE = Panel.of(WEIGHT, INPUT, GOAL, ALPHA, ITERATIONS)
# Training a table costs one train_on_batch per row per pass: 100 passes of 6 rows ~ 1 s.
TABLE = Panel.of(ALPHA, Slider("passes", "Passes over the table", 1, 100, 40, 1,
                               "How many times Keras goes through every row, updating the "
                               "weights after each row."))
LOSS_CHOICE = Choice("loss", "Loss", tuple(LOSS),
                     help="MSE: mean squared error, (prediction − goal)², the primer's error. "
                          "MAE: mean absolute error, |prediction − goal|.")
OPTIMIZER_CHOICE = Choice("optimizer", "Optimizer", tuple(OPTIMIZER),
                          help="SGD: the primer's update. momentum: SGD with momentum 0.9. "
                               "RMSprop and Adam scale each step by a running average of past "
                               "gradients.")
METRICS = Pills("metrics", "Metrics to watch", ("mean_absolute_error", "predicted"),
                default=("mean_absolute_error", "predicted"),
                help="The model is compiled with both; pick the columns of the table. "
                     "`predicted` is a one-line custom metric that reports the prediction.")
LOG = Toggle("log", "Log scale for the error",
             help="A log scale shows tiny and exploding errors on the same chart. An error of "
                  "exactly 0 has no place on it.")

# The parts below the first screen, one open at a time (``?part=`` in the link): the four
# steps of the Keras workflow, then why Keras' numbers are the loop's. The metrics to
# watch are picked in the fit's table, so a link that picks them opens the fit.
DATA_STEP = "1. Training data"
MODEL_STEP = "2. The model"
COMPILE_STEP = "3. Compile"
FIT_STEP = "4. Fit"
SAME_MATHS = "Same maths as the loop?"
PARTS = Parts((DATA_STEP, MODEL_STEP, COMPILE_STEP, FIT_STEP, SAME_MATHS),
              holds={FIT_STEP: (METRICS.key,)})

SCRIPT_CODE = "script_code"  # the complete script's panel: its code is drawn only when open
HALF = ("Keras measures the slope of the squared error exactly, and that slope is twice the "
        "primer's derivative, so Keras gets half of α to take the primer's step.")
WHY_LOSS = {
    "mean_absolute_error":
        "**Mean absolute error** is `|prediction − goal|`. Its gradient is "
        "`input × sign(prediction − goal)`: it does not shrink as the prediction closes in, "
        "so every step moves the weight by the same amount, α/2 × |input|, and the run hops "
        "around the goal instead of sliding into it. Its loss is not squared either, so on "
        "the error chart the dots and the line measure different things.",
}
WHY_OPTIMIZER = {
    "momentum":
        "**SGD with momentum 0.9** adds 0.9 × the previous step to every step: the steps "
        "gather speed in one direction, overshoot the best weight and swing back before "
        "settling.",
    "rmsprop":
        "**RMSprop** divides each gradient by the root of a running average of its squares, "
        "so the step's size hardly depends on how steep the error is: its first step is "
        "about 3.2 × the learning rate, whatever the gradient.",
    "adam":
        "**Adam** combines momentum with RMSprop's scaling (corrected for starting at zero): "
        "its first steps are about the learning rate in size, whatever the gradient, and it "
        "keeps going the way it has been going.",
}


@dataclass(frozen=True)
class View:
    """One lesson on this page, ready to draw: what each step says and shows."""

    data_text: str  # step 1: what the tensors hold
    x: np.ndarray  # the input tensor, as Keras gets it (float32)
    y: np.ndarray  # the goal tensor
    rounding: str  # a float32 note on the tensors, or ""
    model_text: str
    n_inputs: int
    fit_text: str
    derivative: str  # the primer's derivative for this lesson, in symbols
    alpha: float
    script: Script
    match: MatchReport
    keras_stop: str  # why Keras stopped early, or ""
    loop_stop: str  # why the hand-written loop stopped early, or ""
    numbers: list[tuple[str, str, str | None]]
    error: tuple[charts.Figure, str]  # the main chart and its sentence
    weights: tuple[charts.Figure, str]
    reported: dict[str, list] | None  # what Keras reported per iteration, by column


@st.cache_data(max_entries=256, show_spinner=False)
def keras_run(weight, network_input, goal, alpha, iterations, loss, optimizer):
    """The Keras run for these settings; the engine reuses one compiled model per choice."""
    return train_like_primer(weight, network_input, goal, alpha, iterations,
                             loss=loss, optimizer=optimizer)


@st.cache_data(max_entries=64, show_spinner=False)
def keras_rows(preset, alpha, passes, loss, optimizer):
    data = PRESETS[preset].data
    x, y = data.arrays()
    return train_on_rows(x, y, default_weights(data.n_inputs), alpha, passes,
                         loss=loss, optimizer=optimizer)


def one_example(_: str, loss: str, optimizer: str, log: bool) -> View:
    """The primer's problem: one input, one weight, one goal, set by the sliders."""
    s = ONE_EXAMPLE.draw()
    x = np.array([[s["input"]]], dtype=np.float32)
    y = np.array([[s["goal"]]], dtype=np.float32)
    run = keras_run(s["weight"], s["input"], s["goal"], s["alpha"], s["iterations"],
                    loss, optimizer)
    loop = descend(s["weight"], s["input"], s["goal"], s["alpha"], s["iterations"])
    keras_df, loop_df = pd.DataFrame(run.columns()), pd.DataFrame(loop.columns())
    shown = loop_df.head(len(run.steps)) if run.stopped else loop_df
    squared = loss == "mean_squared_error"
    digits = 8 if abs(run.final_weight) < 1e4 and abs(loop.final_weight) < 1e4 else 4
    last = run.steps[-1] if run.steps else None
    return View(
        data_text="The primer's problem is **one example** with **one input**. Keras wants a "
                  "table anyway: one row per example, one column per input. So both tensors "
                  "hold one number, shaped `(1, 1)`. Move the **input** and **goal** sliders in "
                  "the sidebar.",
        x=x, y=y,
        rounding="" if float(y[0, 0]) == s["goal"] else (
            f"Keras computes in float32, which keeps about 7 significant digits: the goal "
            f"{s['goal']:g} is stored as {float(y[0, 0])!r}. The primer's loop uses Python's "
            "float64 (about 16 digits), so the two differ in the last digits."),
        model_text="One `Dense` layer with **one unit and no bias** computes `input × weight`: "
                   "it *is* the primer's neuron. Keras calls the weight the layer's *kernel*; "
                   f"it starts at the **starting weight** slider's value, {s['weight']:g}.",
        n_inputs=1,
        fit_text=f"`model.fit` runs {s['iterations']} epochs over the one example, so the "
                 "weight is updated once per epoch: one iteration of the primer's loop. Its "
                 "history holds each epoch's loss and metrics, measured before that update. "
                 "The line is the primer's hand-written loop from the gradient-descent lesson, "
                 "the dots are Keras. (For quick redraws the page trains with `train_on_batch`, "
                 "one call per update: the same updates as `fit`, checked by the tests.)",
        derivative="input × (prediction − goal)",
        alpha=s["alpha"],
        script=fit_script(s["weight"], s["input"], s["goal"], s["alpha"], s["iterations"],
                          loss=loss, optimizer=optimizer),
        match=judge(run, loop),
        keras_stop=run.stop_reason,
        loop_stop=loop.stop_reason,
        numbers=[
            ("Keras: final weight", num(run.final_weight, digits),
             f"Exactly {run.final_weight!r} (a float32)."),
            ("Loop: final weight", num(loop.final_weight, digits),
             f"Exactly {loop.final_weight!r} (a float64)."),
            ("Keras: last loss", num(last.error if last else None),
             "The loss Keras measured in the last iteration, before its update."),
            ("Keras' learning rate", num(run.learning_rate), "α / 2. " + HALF),
        ],
        error=(charts.loop_and_keras(
            shown, keras_df, "error", log=log, title="Error per iteration",
            y_title=("Error" if squared else "Error, or Keras' MAE loss")
            + (" (log scale)" if log else "")),
            side_by_side(list(shown["error"]), list(keras_df["error"]), "error")),
        weights=(charts.loop_and_keras(shown, keras_df, "weight",
                                       best=best_weight(s["input"], s["goal"]),
                                       y_title="Weight after the update",
                                       title="Weight per iteration"),
                 side_by_side(list(shown["weight"]), list(keras_df["weight"]), "weight")),
        reported={
            "iteration": list(keras_df["iteration"]),
            "loss": [repr(v) for v in keras_df["error"]],
            "mean_absolute_error": [repr(v) for v in run.mean_absolute_error],
            "predicted": [repr(v) for v in keras_df["prediction"]],
            "weight after": [repr(v) for v in keras_df["weight"]],
        },
    )


def table(name: str, loss: str, optimizer: str, log: bool) -> View:
    """One of the correlation lesson's tables: several inputs, one update per row."""
    s = TABLE.draw()
    preset = PRESETS[name]
    data = preset.data
    x, y = data.arrays()
    start = default_weights(data.n_inputs)
    run = keras_rows(name, s["alpha"], s["passes"], loss, optimizer)
    loop = train(data, start, s["alpha"], s["passes"])
    names = list(data.input_names)
    done = len(run.records)

    def long(records) -> pd.DataFrame:
        return pd.DataFrame([{"pass": p.iteration, "input": n, "weight": w}
                             for p in records for n, w in zip(names, p.weights)],
                            columns=["pass", "input", "weight"])

    shown = loop.records[:done] if run.stopped else loop.records
    keras_err = pd.DataFrame({"pass": [p.iteration for p in run.records], "error": run.errors})
    loop_err = pd.DataFrame({"pass": [p.iteration for p in shown],
                             "error": [p.total_error for p in shown]})
    last_k, last_l = (run.records[-1] if run.records else None,
                      loop.records[-1] if loop.records else None)
    return View(
        data_text=f"**{name}**: {preset.description} Each row is one example: the inputs "
                  f"({', '.join(names)}) go in the input tensor, the goal (*{data.goal_name}*) "
                  "in the goal tensor, one row per example.",
        x=x.astype(np.float32), y=y.astype(np.float32).reshape(-1, 1), rounding="",
        model_text=f"One `Dense` layer with **one unit and no bias** multiplies each of the "
                   f"{data.n_inputs} inputs by its own weight and adds them up: the weighted "
                   "sum of the neuron lesson. The weights start at the correlation lesson's "
                   f"{', '.join(f'{w:g}' for w in start)}.",
        n_inputs=data.n_inputs,
        fit_text=f"`model.fit` with `batch_size=1` and `shuffle=False` updates the weights "
                 f"after every row, in order: {data.n_rows} updates per epoch, one epoch per "
                 "pass over the table, exactly like the correlation lesson's loop. The lines "
                 "are that hand-written loop, the dots are Keras.",
        derivative="row × (prediction − goal)",
        alpha=s["alpha"],
        script=fit_rows_script(x, y, start, s["alpha"], s["passes"], loss=loss,
                               optimizer=optimizer),
        match=judge(run, loop),
        keras_stop=run.stop_reason,
        loop_stop=loop.stop_reason,
        numbers=[
            ("Keras: last total error", num(last_k.total_error if last_k else None),
             "The sum of every row's loss in the last pass."),
            ("Loop: last total error", num(last_l.total_error if last_l else None),
             "The same sum for the hand-written loop."),
            ("Keras' learning rate", num(run.learning_rate), "α / 2. " + HALF),
            ("Passes run", f"{done} of {s['passes']}", None),
        ],
        error=(charts.loop_and_keras(loop_err, keras_err, "error", x="pass",
                                     x_title="Pass over the table", log=log,
                                     y_title="Total error" + (" (log scale)" if log else ""),
                                     title="Total error per pass"),
               side_by_side(list(loop_err["error"]), run.errors, "total error", "pass")),
        weights=(charts.loop_and_keras(long(shown), long(run.records), "weight", x="pass",
                                       series="input", x_title="Pass over the table",
                                       y_title="Weight after the pass",
                                       title="Weights: loop and Keras"),
                 weights_sentence([p.weights for p in shown], run.weights, names)),
        reported=None,
    )


ui.page_setup(
    "Keras: the same problem in four steps",
    "The primer's loop, rebuilt with **Keras**, the library the primer introduces. Keras "
    "asks for four things: the **training data**, a **model**, how to **learn** (a loss, "
    "an optimizer, metrics) and how long to **train**. It hands the arithmetic to a "
    "*backend*: here TensorFlow; Keras 3 also runs on JAX or PyTorch. (The primer names "
    "Theano too, which is no longer developed.) First the answer: do Keras' numbers land "
    "on the hand-written loop's? Then each step, with its lines of a real Keras script.",
)
loading = st.empty()  # at the top, so a first visit sees at once why it waits
if not loaded():
    loading.info("Loading TensorFlow: a few seconds, the first time only…",
                 icon=":material/hourglass_top:")

# ---- the controls, in the sidebar: the data, the compile choices, the lesson's sliders ----
with st.sidebar:
    choice = DATA.draw()
    st.header("Compile")
    loss_name, optimizer_name = LOSS_CHOICE.draw(), OPTIMIZER_CHOICE.draw()
    log = LOG.draw()
loss, optimizer = LOSS[loss_name], OPTIMIZER[optimizer_name]
with st.spinner("Training the Keras model…"):
    view = (one_example if choice == ONE else table)(choice, loss, optimizer, log)
link = share_box()
loading.empty()

# ---------------------------------------------------------------- the answer first

side, main = ui.stage()
with side:
    ui.verdict(view.match)
    ui.numbers(view.numbers)
with main:
    ui.chart(*view.error)
if view.keras_stop:
    st.error(f"{view.keras_stop} The charts show what happened before it.",
             icon=":material/dangerous:")
if view.loop_stop:
    st.warning(f"The hand-written loop (float64) stopped too: {view.loop_stop}",
               icon=":material/warning:")

# ---------------------------------------------------------------- the four steps, then the proof


def training_data() -> None:
    st.markdown(view.data_text)
    left, right = ui.columns(2, classroom_per_row=2)
    left.markdown(f"**Input tensor** `x`, shape `{view.x.shape}`")
    left.code(repr(view.x), language=None)
    right.markdown(f"**Goal tensor** `y`, shape `{view.y.shape}`")
    right.code(repr(view.y), language=None)
    if view.rounding:
        st.caption(view.rounding)
    st.caption(view.script.cell("data").explain)
    st.code(view.script.cell("data").code, language="python", wrap_lines=True)


def model() -> None:
    st.markdown(view.model_text)
    st.code(view.script.cell("model").code, language="python", wrap_lines=True)
    st.code(model_summary(view.n_inputs), language=None)
    st.caption(f"What `model.summary()` prints. {params_sentence(view.n_inputs)}")


def compile_() -> None:
    st.markdown(
        "`compile` says how to learn. The **loss** measures how wrong a prediction is, the "
        "**optimizer** turns the loss's gradient into a change of the weight, and **metrics** "
        "are extra numbers to watch; they change nothing. `compile` has no default loss, so a "
        "script must always name one, and its default optimizer is RMSprop, not the primer's "
        "update. So this lesson names both: mean squared error (the primer's error) and plain "
        "stochastic gradient descent, SGD (the primer's update). Try the others in the sidebar."
    )
    st.code(view.script.cell("compile").code, language="python", wrap_lines=True)
    st.caption(f"{LOSSES[loss]}, {OPTIMIZERS[optimizer]}. {HALF} Here α / 2 = "
               f"{view.alpha:g} / 2 = {keras_learning_rate(view.alpha):g}.")


def fit() -> None:
    st.markdown(view.fit_text)
    st.code(view.script.cell("fit").code, language="python", wrap_lines=True)
    ui.chart(*view.weights)
    if view.reported is not None:
        st.subheader("What Keras reported, iteration by iteration")
        metrics = METRICS.draw()
        shown = {k: v for k, v in view.reported.items()
                 if k not in METRICS.options or k in metrics}
        st.dataframe(pd.DataFrame(shown), hide_index=True, width="stretch", height=250)
        st.caption("`loss` and the metrics are measured before the update, `weight after` "
                   "after it: the numbers the dots show, as Keras returned them (float32, "
                   "printed in full).")


def same_maths() -> None:
    st.markdown(
        f"{HALF} In symbols: the primer's loop subtracts `alpha × derivative` from the "
        f"weight, with `derivative = {view.derivative}`. Keras never sees that line: it "
        f"differentiates its loss. For mean squared error, `(prediction − goal)²`, the "
        f"gradient is **2 × {view.derivative}**, twice the primer's derivative. So this lesson "
        f"gives Keras the learning rate **α / 2** (here {view.alpha:g} / 2 = "
        f"{keras_learning_rate(view.alpha):g}), and plain SGD's step, learning rate × "
        f"gradient, becomes α/2 × 2 × {view.derivative}: **exactly the primer's step**."
    )
    for why in (WHY_LOSS.get(loss), WHY_OPTIMIZER.get(optimizer)):
        if why:
            st.markdown(why)


PARTS.draw({DATA_STEP: training_data, MODEL_STEP: model, COMPILE_STEP: compile_,
            FIT_STEP: fit, SAME_MATHS: same_maths})

# ---------------------------------------------------------------- to take home

code_panel(
    view.script, key=SCRIPT_CODE,
    title="The complete Keras script for these settings",
    caption="Save it as a file and run it with python: it builds, compiles and trains the same "
            "model with `model.fit`, prints what its history recorded (the numbers of the "
            "Keras dots), then the trained model's predictions and evaluation.",
)
share_link(container=link)
