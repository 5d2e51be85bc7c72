"""Lesson: the primer's problem in Keras, in the four steps of the Keras workflow.

Story: the training data as tensors -> the model, one weight -> compile it with a
loss, an optimizer and metrics -> fit it, one update per iteration, and watch
its dots land on the hand-written loop's line -> why it is the same maths (and
why other losses and optimizers are not) -> the complete script to take home.

Not named ``keras.py``: that would shadow the keras package. TensorFlow is
imported by ``primer.keras_lesson`` the first time this page needs it, never
when the app starts or on another page.
"""

import gc
import math
import sys

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
    Pills,
    Slider,
    Toggle,
    share_link,
)
from dashboard.ui import code_panel, num
from primer.dataset import PRESETS, default_weights, train
from primer.descent import best_weight, descend
from primer.keras_lesson import (
    LOSSES,
    OPTIMIZERS,
    agreement,
    keras_rows_script,
    keras_script,
    model_summary,
    train_like_primer,
    train_on_rows,
)

ONE = "one example"  # the sliders' example; the other choices are the correlation lesson's
LOSS = {"MSE": "mean_squared_error", "MAE": "mean_absolute_error"}  # what the link says -> Keras
OPTIMIZER = {"SGD": "sgd", "momentum": "momentum", "RMSprop": "rmsprop", "Adam": "adam"}

# ---- the lesson's controls: every one of them is in the URL -------------------------------
DATA = Choice("data", "Training data", (ONE, *PRESETS),
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
                help="The model is compiled with both; pick the columns of the table in step 4. "
                     "`predicted` is a one-line custom metric that reports the prediction.")
LOG = Toggle("log", "Log scale for the error",
             help="A log scale shows tiny and exploding errors on the same chart. An error of "
                  "exactly 0 has no place on it.")
# Where each step's lines start in the generated script (the primer's four steps).
SECTIONS = ("# Define training data", '# Define the network "model"',
            "# Configure the learning process", "# Iterate on the training data")

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


def many(n: int, unit: str) -> str:
    """``n`` and the unit, plural when it should be: "1 pass", "40 passes"."""
    return f"{n} {unit if n == 1 else unit + ('es' if unit.endswith('s') else 's')}"


def section(script: str, start: str) -> str:
    """The lines of ``script`` from the comment ``start`` up to the next step's comment."""
    lines = script.splitlines()
    first = next((i for i, line in enumerate(lines) if line.startswith(start)), None)
    if first is None:
        return ""
    later = [i for i, line in enumerate(lines[first + 1:], first + 1)
             if line.startswith(SECTIONS)]
    return "\n".join(lines[first:later[0] if later else len(lines)]).strip()


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


cold = "tensorflow" not in sys.modules  # this process has not loaded TensorFlow yet
ui.page_setup(
    "Keras: the same problem in four steps",
    "The primer's loop, rebuilt with **Keras**, the library the primer introduces. Keras "
    "hands the arithmetic to TensorFlow and asks for four things: the **training data**, a "
    "**model**, how to **learn** (a loss, an optimizer, metrics) and how long to **train**. "
    "Below, each step shows its lines of a real Keras script, and at the end the weights "
    "Keras learns are checked against the hand-written loop of the gradient-descent lesson, "
    "number for number."
)

# ---------------------------------------------------------------- 1. training data

st.header("1. Training data: input and goal tensors")
data_choice = DATA.draw()
rows = data_choice != ONE
if rows:
    s = TABLE.draw()
    preset = PRESETS[data_choice]
    data = preset.data
    x, y = data.arrays()
    x32, y32 = x.astype(np.float32), y.astype(np.float32).reshape(-1, 1)
    start = default_weights(data.n_inputs)
else:
    s = ONE_EXAMPLE.draw()
    x32 = np.array([[s["input"]]], dtype=np.float32)
    y32 = np.array([[s["goal"]]], dtype=np.float32)
link = st.sidebar.empty()

if rows:
    st.markdown(
        f"**{data_choice}**: {preset.description} Each row is one example: the inputs "
        f"({', '.join(data.input_names)}) go in the input tensor, the goal "
        f"(*{data.goal_name}*) in the goal tensor, one row per example."
    )
else:
    st.markdown(
        "The primer's problem is **one example** with **one input**. Keras wants a table "
        "anyway: one row per example, one column per input. So both tensors hold one "
        "number, shaped `(1, 1)`. Move the **input** and **goal** sliders on the left."
    )
left, right = st.columns(2)
left.markdown(f"**Input tensor** `x`, shape `{x32.shape}`")
left.code(repr(x32), language=None)
right.markdown(f"**Goal tensor** `y`, shape `{y32.shape}`")
right.code(repr(y32), language=None)
if not rows and float(y32[0, 0]) != s["goal"]:
    st.caption(
        f"Keras computes in float32, which keeps about 7 significant digits: the goal "
        f"{s['goal']:g} is stored as {float(y32[0, 0])!r}. The primer's loop uses Python's "
        "float64 (about 16 digits), so the two will differ in the last digits."
    )

# ---------------------------------------------------------------- 2. the model

st.header("2. The model: one weight per input" if rows else "2. The model: one weight")
n_inputs = x32.shape[1]
if rows:
    st.markdown(
        f"One `Dense` layer with **one unit and no bias** multiplies each of the {n_inputs} "
        "inputs by its own weight and adds them up: the weighted sum of the neuron lesson. "
        f"The weights start at the correlation lesson's {', '.join(f'{w:g}' for w in start)}."
    )
else:
    st.markdown(
        "One `Dense` layer with **one unit and no bias** computes `input × weight`: it *is* "
        "the primer's neuron. Keras calls the weight the layer's *kernel*; it starts at the "
        f"**starting weight** slider's value, {s['weight']:g}."
    )
spinner = ("Loading TensorFlow: a few seconds, the first time only…" if cold
           else "Building the model…")
with st.spinner(spinner):
    summary = model_summary(n_inputs)
    if cold:
        # TensorFlow brings ~280,000 long-lived Python objects. Streamlit runs a full garbage
        # collection twice per rerun (keras.backend.clear_session() before, runner.postScriptGC
        # after), and scanning them costs ~150 ms each time, on every page of every session.
        # Freezing them (after collecting what is already garbage) takes them out of those
        # scans; they live as long as the process anyway. Nothing is freed or hidden by it.
        gc.collect()
        gc.freeze()
model_code = st.empty()  # filled once the script for these settings exists
st.code(summary, language=None)
st.caption(
    f"What `model.summary()` prints. The {n_inputs} trainable parameter"
    f"{'s are the weights' if n_inputs > 1 else ' is the weight'}. The optimizer's parameters "
    "are its own bookkeeping (plain SGD's step counter and learning rate), listed because the "
    "model shown has been compiled."
)

# ---------------------------------------------------------------- 3. compile

st.header("3. Compile: a loss, an optimizer, metrics")
st.markdown(
    "`compile` says how to learn. The **loss** measures how wrong a prediction is, the "
    "**optimizer** turns the loss's gradient into a change of the weight, and **metrics** are "
    "extra numbers to watch; they change nothing. The primer's choices are the defaults: "
    "mean squared error and plain stochastic gradient descent (SGD)."
)
c1, c2 = st.columns([1, 2])
with c1:
    loss_choice = LOSS_CHOICE.draw()
with c2:
    optimizer_choice = OPTIMIZER_CHOICE.draw()
loss, optimizer = LOSS[loss_choice], OPTIMIZER[optimizer_choice]
if rows:
    metrics: list[str] = []
    st.caption("Metrics: Keras reports every row's loss; the charts add them up per pass.")
else:
    metrics = METRICS.draw()

if rows:
    script = keras_rows_script(x, y, start, s["alpha"], s["passes"], loss=loss,
                               optimizer=optimizer)
else:
    script = keras_script(s["weight"], s["input"], s["goal"], s["alpha"], s["iterations"],
                          loss=loss, optimizer=optimizer)
model_code.code(section(script, SECTIONS[1]), language="python")
st.code(section(script, SECTIONS[2]), language="python")
st.caption(
    f"{LOSSES[loss]}, {OPTIMIZERS[optimizer]}. The learning rate is α / 2 = "
    f"{s['alpha']:g} / 2 = {s['alpha'] / 2:g}: the proof below says why half."
)

# ---------------------------------------------------------------- 4. fit

st.header("4. Fit: one update per iteration")
if rows:
    with st.spinner(f"Training: {s['passes']} passes of {data.n_rows} rows…"):
        run = keras_rows(data_choice, s["alpha"], s["passes"], loss, optimizer)
    loop = train(data, start, s["alpha"], s["passes"])
    names = list(data.input_names)
    k_passes = [p.iteration for p in run.records]
    keras_err = pd.DataFrame({"pass": k_passes, "error": run.errors})
    loop_err = pd.DataFrame({"pass": [p.iteration for p in loop.records], "error": loop.errors})
    keras_w = pd.DataFrame([{"pass": p.iteration, "input": n, "weight": w}
                            for p in run.records for n, w in zip(names, p.weights)])
    loop_w = pd.DataFrame([{"pass": p.iteration, "input": n, "weight": w}
                           for p in loop.records for n, w in zip(names, p.weights)],
                          columns=["pass", "input", "weight"])
    steps_done, unit = len(run.records), "pass"
    st.markdown(
        "Each iteration is one **pass** over the table: one `train_on_batch` per row, so the "
        f"weights move {data.n_rows} times per pass, exactly like the correlation lesson's "
        "loop. The lines are that hand-written loop, the dots are Keras."
    )
else:
    with st.spinner("Training the Keras model…"):
        run = keras_run(s["weight"], s["input"], s["goal"], s["alpha"], s["iterations"],
                        loss, optimizer)
    loop = descend(s["weight"], s["input"], s["goal"], s["alpha"], s["iterations"])
    keras_df = pd.DataFrame(run.columns())
    loop_df = pd.DataFrame(loop.columns())
    steps_done, unit = len(run.steps), "iteration"
    st.markdown(
        "Each iteration is one call of `model.train_on_batch(x, y)`: Keras predicts, measures "
        "the loss, takes its gradient and updates the weight, once. (`model.fit(x, y, "
        f"epochs={s['iterations']})` would make the same updates; calling `train_on_batch` "
        "lets the page read the weight after every one.) The line is the primer's "
        "hand-written loop from the gradient-descent lesson, the dots are Keras."
    )
st.code(section(script, SECTIONS[3]), language="python")

if run.stopped_at is not None:
    st.error(
        f"{run.stop_reason} The charts{'' if rows else ' and the table'} show the "
        f"{many(steps_done, unit)} that still had finite numbers.",
        icon=":material/dangerous:",
    )
if loop.stopped_at is not None:
    st.warning(f"The hand-written loop (float64) stopped too: {loop.stop_reason}",
               icon=":material/warning:")

wide = 2 if ui.classroom() else 4  # four numbers side by side, or two rows of two
if rows:
    last_k = run.records[-1] if run.records else None
    last_l = loop.records[-1] if loop.records else None
    cols = st.columns(wide) * (4 // wide)
    cols[0].metric("Keras: last total error", num(last_k.total_error if last_k else None),
                   help="The sum of every row's loss in the last pass.")
    cols[1].metric("Loop: last total error", num(last_l.total_error if last_l else None))
    cols[2].metric("Keras' learning rate", num(run.learning_rate),
                   help="α / 2, as the float32 Keras really used.")
    cols[3].metric("Passes run", f"{steps_done} of {s['passes']}")
else:
    last_k = run.steps[-1] if run.steps else None
    cols = st.columns(wide) * (4 // wide)
    digits = 8 if abs(run.final_weight) < 1e4 and abs(loop.final_weight) < 1e4 else 4
    cols[0].metric("Keras: final weight", num(run.final_weight, digits),
                   help=f"Exactly {run.final_weight!r} (a float32).")
    cols[1].metric("Loop: final weight", num(loop.final_weight, digits),
                   help=f"Exactly {loop.final_weight!r} (a float64).")
    cols[2].metric("Keras: last loss", num(last_k.error if last_k else None),
                   help="The loss Keras measured in the last iteration, before its update.")
    cols[3].metric("Keras' learning rate", num(run.learning_rate),
                   help="α / 2, as the float32 Keras really used.")

log = LOG.draw()
left, right = st.columns(2)
squared = loss == "mean_squared_error"
error_title = "Error" if squared else "Error, or Keras' MAE loss"
if rows:
    loop_err = loop_err[loop_err["pass"] < max(steps_done, 1)] if steps_done else loop_err
    with left:
        ui.chart(charts.loop_and_keras(loop_err, keras_err, "error", x="pass",
                                       x_title="Pass over the table", log=log,
                                       y_title="Total error" + (" (log scale)" if log else ""),
                                       title="Total error per pass"),
                 charts.describe_loop_and_keras(loop_err, keras_err, "error", "Total error",
                                                x="pass", unit="pass"))
    with right:
        loop_w = loop_w[loop_w["pass"] < steps_done] if steps_done else loop_w
        ui.chart(charts.loop_and_keras(loop_w, keras_w, "weight", x="pass", series="input",
                                       x_title="Pass over the table",
                                       y_title="Weight after the pass",
                                       title="Weights: loop and Keras"),
                 charts.describe_loop_and_keras(loop_w, keras_w, "weight", "Weights",
                                                x="pass", unit="pass", series="input"))
else:
    shown_loop = loop_df.head(steps_done) if run.stopped_at is not None else loop_df
    best = best_weight(s["input"], s["goal"])
    with left:
        ui.chart(charts.loop_and_keras(shown_loop, keras_df, "error", log=log,
                                       y_title=error_title + (" (log scale)" if log else ""),
                                       title="Error per iteration"),
                 charts.describe_loop_and_keras(shown_loop, keras_df, "error", "Error"))
    with right:
        ui.chart(charts.loop_and_keras(shown_loop, keras_df, "weight", best=best,
                                       y_title="Weight after the update",
                                       title="Weight per iteration"),
                 charts.describe_loop_and_keras(shown_loop, keras_df, "weight", "Weight"))

    st.subheader("What Keras reported, iteration by iteration")
    table = {"iteration": keras_df["iteration"], "loss": keras_df["error"].map(repr)}
    if "mean_absolute_error" in metrics:
        table["mean_absolute_error"] = [repr(v) for v in run.mean_absolute_error]
    if "predicted" in metrics:
        table["predicted"] = keras_df["prediction"].map(repr)
    table["weight after"] = keras_df["weight"].map(repr)
    st.dataframe(pd.DataFrame(table), hide_index=True, width="stretch", height=250)
    st.caption("`loss` and the metrics are measured before the update, `weight after` after it: "
               "the numbers the dots show, as Keras returned them (float32, printed in full).")

# ---------------------------------------------------------------- the proof

st.header("Is it really the primer's maths?")
step = "row × (prediction − goal)" if rows else "input × (prediction − goal)"
st.markdown(
    f"The primer's loop subtracts `alpha × derivative` from the weight, with "
    f"`derivative = {step}`. Keras never sees that line: it differentiates its loss. For "
    f"mean squared error, `(prediction − goal)²`, the gradient is **2 × {step}**, twice the "
    f"primer's derivative. So this lesson gives Keras the learning rate **α / 2** "
    f"(here {s['alpha']:g} / 2 = {s['alpha'] / 2:g}), and plain SGD's step, learning rate × "
    f"gradient, becomes α/2 × 2 × {step}: **exactly the primer's step**."
)
if rows:
    match = agreement([p.weights for p in run.records], [p.weights for p in loop.records],
                      run.errors, loop.errors)
else:
    match = agreement([st_.weight for st_ in run.steps], [st_.weight for st_ in loop.steps],
                      [st_.error for st_ in run.steps], [st_.error for st_ in loop.steps])
proof = loss == "mean_squared_error" and optimizer == "sgd"
cols = st.columns(2)
cols[0].metric("Largest weight difference", num(match.weight, 3),
               help=f"The largest |Keras weight − loop weight| over {many(match.iterations, unit)}"
                    f": exactly {match.weight!r}.")
cols[1].metric("Largest error difference", num(match.error, 3),
               help=f"The largest |Keras loss − loop error|: exactly {match.error!r}.")
if proof and math.isfinite(match.weight_gap):
    st.caption(
        f"For scale: near the loop's largest weight, neighbouring float32 numbers are "
        f"{match.weight_gap:.3g} apart; near its largest error, {match.error_gap:.3g} apart. "
        "Float32 cannot tell apart two numbers closer than that."
    )
if proof:
    steps = match.float32_steps
    size = ("less than one float32 step" if steps < 1 else
            f"{steps:.0f} float32 step{'s' if round(steps) != 1 else ''}")
    if steps <= 4 * match.iterations + 8:  # a few roundings per iteration, carried along
        st.success(
            f"**Same maths.** Over {many(match.iterations, unit)} the Keras weights differ "
            f"from the hand-written loop's by at most **{match.weight:.3g}**, {size} at that "
            "size: float32 round-off (a little per iteration, carried along), nothing else. "
            "That is why the dots sit on the line.",
            icon=":material/check_circle:",
        )
    else:
        st.warning(
            f"Keras' weights differ from the loop's by up to {match.weight:.3g}, {size}: more "
            "than float32 round-off explains. Please report these settings.",
            icon=":material/help:",
        )
    if run.stopped_at is not None and loop.stopped_at != run.stopped_at:
        last = "the end" if loop.stopped_at is None else f"{unit} {loop.stopped_at}"
        st.info(
            f"Both runs diverge the same way; float32 only runs out of room sooner. Keras "
            f"overflowed at {unit} {run.stopped_at}, the float64 loop goes on to {last}.",
            icon=":material/info:",
        )
else:
    reasons = [WHY_LOSS[loss]] if loss in WHY_LOSS else []
    reasons += [WHY_OPTIMIZER[optimizer]] if optimizer in WHY_OPTIMIZER else []
    st.info(
        f"**Different curves, on purpose.** With {loss_choice} and {optimizer_choice}, Keras "
        "is no longer running the primer's update, so its dots leave the loop's line: the "
        f"differences above (largest {match.weight:.3g}) are the other rule at work, not "
        "round-off.\n\n" + "\n\n".join(reasons) + "\n\nPick **MSE** and **SGD** to see the "
        "curves meet again.",
        icon=":material/call_split:",
    )

code_panel(
    script,
    title="The complete Keras script for these settings",
    caption="Save it as a file and run it with python: it builds, compiles and trains the same "
            "model and prints "
            + ("each pass's total error and weights" if rows else
               "the primer's five lines per iteration") + ", the numbers of the Keras dots.",
)
share_link(container=link)
