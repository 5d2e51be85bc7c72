"""Lesson: gradient descent, the primer's 20-step loop.

Story: pick a scenario or set the sliders -> read the verdict -> step through
the run (play it, or drag the scrubber) and watch error, weight and prediction
move, on the error curve and in the table -> compare learning rates -> take the
code and the link home.
"""

import pandas as pd
import streamlit as st

from dashboard import charts, outcomes, ui
from dashboard.controls import (
    ALPHA,
    GOAL,
    INPUT,
    ITERATIONS,
    WEIGHT,
    Panel,
    Pills,
    Toggle,
    share_link,
    step_player,
)
from dashboard.ui import code_panel, num, verdict
from primer.descent import (
    FIELDS,
    Regime,
    best_weight,
    compare_alphas,
    comparison_columns,
    critical_alpha,
    descend,
    error_curve,
    iterations_to_reach,
    primer_loop_source,
    regime,
)

DASH = {r.value: outcomes.style(r).dash for r in Regime}  # each regime's line in the comparison

# ---- the lesson's controls: every one of them is in the URL -------------------------------
PANEL = Panel.of(
    WEIGHT, INPUT, GOAL, ALPHA, ITERATIONS, header=None, restart=("at",),
    scenario_help="One click sets every slider (and the link) to a run from the primer's story.",
    scenarios={
        "The primer's own run": dict(weight=0.5, input=2.0, goal=0.8, alpha=0.1, iterations=20),
        "α 1 with input 0.5": dict(weight=0.5, input=0.5, goal=0.8, alpha=1.0, iterations=20),
        "Input 2, α 1: diverges": dict(weight=0.5, input=2.0, goal=0.8, alpha=1.0,
                                       iterations=20),
        "One step: α 0.25": dict(weight=0.5, input=2.0, goal=0.8, alpha=0.25, iterations=20),
        "Input 0": dict(weight=0.5, input=0.0, goal=0.8, alpha=0.1, iterations=20),
        "Overshoot and converge": dict(weight=0.0, input=1.1, goal=0.8, alpha=1.0, iterations=4),
        "Oscillates forever": dict(weight=0.5, input=2.0, goal=0.8, alpha=0.5, iterations=20),
    },
)
LOG = Toggle("log", "Log scale for the error",
             help="A log scale shows tiny and exploding errors on the same chart.")
# Learning rates to compare; with input 2 the default five show five regimes.
COMPARE = Pills("compare", "Learning rates α to compare",
                (0.05, 0.1, 0.2, 0.25, 0.3, 0.45, 0.5, 0.6, 1.0, 2.0),
                default=(0.1, 0.25, 0.45, 0.5, 0.6),
                help="Each one you pick is one more line on the chart.")
COMPARE_LOG = Toggle("compare_log", "Log scale for the comparison", default=True,
                     help="Errors that shrink and errors that explode, on one chart. An error of "
                          "exactly 0 has no place on a log scale.")

ui.page_setup()
st.title("Gradient descent: learning one weight")
st.markdown(
    "A neuron predicts by multiplying its **input** by its **weight**. Learning means "
    "nudging that weight until the prediction matches the **goal**. Each iteration of the "
    "primer's loop does four things:\n"
    "1. **predict**: `prediction = network_input * weight`\n"
    "2. **measure the error**: `error = (prediction - prediction_goal) ** 2`, never negative, "
    "and 0 only on target\n"
    "3. **find the slope**: `derivative = network_input * (prediction - prediction_goal)` "
    "says which way, and how steeply, the error rises as the weight grows\n"
    "4. **step downhill**: `weight -= alpha * derivative`; the learning rate **alpha** "
    "decides how big a step\n\n"
    "Pick a scenario or move the sliders on the left: every number and chart below is "
    "recomputed from the loop."
)

st.sidebar.header("Settings")
s = PANEL.draw()
link = st.sidebar.empty()  # the link to this view; the step player keeps it current
run = descend(s["weight"], s["input"], s["goal"], s["alpha"], s["iterations"])
report = regime(s["input"], s["alpha"], goal=s["goal"], weight=s["weight"])
best = best_weight(s["input"], s["goal"])
df = pd.DataFrame(run.columns())
steps = pd.DataFrame({"iteration": df["iteration"], "weight": run.weights_before,
                      "error": df["error"]})

verdict(report)
if run.stopped_at is not None:
    st.error(
        f"{run.stop_reason} The charts and table show the {len(run.steps)} iterations that "
        "still had finite numbers.",
        icon=":material/dangerous:",
    )

last = run.steps[-1] if run.steps else None
cols = ui.columns(5, classroom_per_row=3)
cols[0].metric("Best weight", num(best),
               help="goal ÷ input: the weight whose prediction equals the goal exactly.")
cols[1].metric("Final weight", num(run.final_weight),
               help="Where the last update left the weight.")
cols[2].metric("Last error", num(last.error if last else None),
               help="The error measured in the last iteration, before its update.")
cols[3].metric("alpha × input²", num(report.step_size),
               help="Below 1: creeps in. 1 to 2: zig-zags in. 2: bounces forever. "
               "Above 2: blows up.")
cols[4].metric("Alpha limit", f"< {num(critical_alpha(s['input']))}",
               help="2 ÷ input²: at or above this learning rate the loop cannot converge.")

reach = iterations_to_reach(s["weight"], s["input"], s["goal"], s["alpha"], 1e-6)
if reach is not None:
    st.caption(f"The error drops below one millionth at iteration {reach}.")
else:
    st.caption("With these settings the error never drops below one millionth.")


def show_step(at: int) -> None:
    """Everything that depends on the iteration the scrubber is at."""
    step = run.steps[at]
    now = ui.columns(4, classroom_per_row=2)
    now[0].metric(f"Prediction at iteration {at}", num(step.prediction),
                  help=f"input × weight, exactly {step.prediction!r}")
    now[1].metric("Error", num(step.error), help=f"(prediction - goal)², exactly {step.error!r}")
    now[2].metric("Derivative", num(step.derivative),
                  help=f"input × (prediction - goal), exactly {step.derivative!r}")
    now[3].metric("Weight after the update", num(step.weight),
                  help=f"weight - alpha × derivative, exactly {step.weight!r}")

    log = LOG.draw()
    marked = f" Iteration {at} is marked."
    left, right = ui.columns(2)
    with left:
        ui.chart(charts.per_iteration(df, "error", at=at, log=log),
                 charts.describe_error(df) + marked)
        ui.chart(charts.per_iteration(df, "weight", at=at, level=best),
                 charts.describe_weight(df, s["weight"], best) + marked)
    with right:
        ui.chart(charts.error_bowl(pd.DataFrame(error_curve(run)), steps, best, at),
                 charts.describe_steps(steps, best) + " Each dot is where an iteration "
                 "stood." + marked)
        ui.chart(charts.per_iteration(df, "prediction", at=at, level=s["goal"]),
                 charts.describe_prediction(df, s["goal"]) + marked)

    st.subheader("Every iteration, as the primer prints it")
    ui.table(df.astype({c: str for c in FIELDS if c != "iteration"}), highlight=at,
             titles={"weight": "weight (after update)"})
    st.caption(f"The highlighted row is iteration {at}.")
    share_link(container=link)


st.subheader("Step through the run")
if df.empty:
    st.warning("No iteration produced finite numbers, so there is nothing to draw.")
else:
    st.caption("Play the run one iteration at a time, or drag the scrubber: the dot, the rule "
               "on each chart and the table row follow the iteration you are at.")
    step_player(len(df), show_step,
                help="The iteration whose numbers are shown below. Arrow keys step through it.")

st.subheader("Compare learning rates")
st.caption("The same start, input and goal, descended with several learning rates at once.")
alphas = COMPARE.draw()
compare_log = COMPARE_LOG.draw()
if alphas:
    compared = pd.DataFrame(comparison_columns(compare_alphas(
        s["weight"], s["input"], s["goal"], sorted(alphas), s["iterations"])))
    ui.chart(charts.error_by_alpha(compared, DASH, log=compare_log),
             charts.describe_alphas(compared))
else:
    st.info("Pick one or more learning rates above to compare them.")

st.download_button(
    "Download this run as CSV", df.to_csv(index=False), file_name="descent.csv",
    mime="text/csv", icon=":material/download:", on_click="ignore",
)
code_panel(
    primer_loop_source(s["weight"], s["input"], s["goal"], s["alpha"], s["iterations"]),
    title="The primer's loop with these numbers",
    caption="Paste this into Python: it prints exactly the numbers in the table above.",
)
share_link(container=link)  # again, now that every control of the page is drawn
