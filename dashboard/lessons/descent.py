"""Lesson: gradient descent, the primer's 20-step loop.

Story: set the sliders -> read the verdict -> watch error, weight and
prediction move -> see the steps on the error curve -> read every number in
the table -> take the code home.
"""

import pandas as pd
import streamlit as st

from dashboard import charts
from dashboard.controls import slider_panel
from dashboard.ui import code_panel, num, verdict
from primer.descent import (
    FIELDS,
    best_weight,
    critical_alpha,
    descend,
    error_curve,
    iterations_to_reach,
    primer_loop_source,
    regime,
)

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
    "Move the sliders on the left: every number and chart below is recomputed from the loop."
)

# One click each: the runs the primer's story walks through.
SCENARIOS = {
    "The primer's own run": dict(weight=0.5, input=2.0, goal=0.8, alpha=0.1, iterations=20),
    "α 1 with input 0.5": dict(weight=0.5, input=0.5, goal=0.8, alpha=1.0, iterations=20),
    "Input 2, no α: diverges": dict(weight=0.5, input=2.0, goal=0.8, alpha=1.0, iterations=20),
    "α 0.1 fixes it": dict(weight=0.5, input=2.0, goal=0.8, alpha=0.1, iterations=20),
    "Input 0": dict(weight=0.5, input=0.0, goal=0.8, alpha=0.1, iterations=20),
    "Overshoot and converge": dict(weight=0.0, input=1.1, goal=0.8, alpha=1.0, iterations=4),
    "Oscillates forever": dict(weight=0.5, input=2.0, goal=0.8, alpha=0.5, iterations=20),
}

st.sidebar.header("Settings")
s = slider_panel(("weight", "input", "goal", "alpha", "iterations"), presets=SCENARIOS)
run = descend(s["weight"], s["input"], s["goal"], s["alpha"], s["iterations"])
report = regime(s["input"], s["alpha"], goal=s["goal"], weight=s["weight"])
best = best_weight(s["input"], s["goal"])
df = pd.DataFrame(run.columns())

verdict(report)
if run.stopped_at is not None:
    st.error(
        f"{run.stop_reason} The charts and table show the {len(run.steps)} iterations that "
        "still had finite numbers.",
        icon=":material/dangerous:",
    )

last = run.steps[-1] if run.steps else None
cols = st.columns(5)
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

if df.empty:
    st.warning("No iteration produced finite numbers, so there is nothing to draw.")
else:
    log = st.toggle("Log scale for the error", key="log", bind="query-params",
                    help="A log scale shows tiny and exploding errors on the same chart.")
    left, right = st.columns(2)
    with left:
        summary = charts.describe_error(df)
        st.altair_chart(charts.error_per_iteration(df, log=log), width="stretch", alt=summary)
        st.caption(summary)
        st.altair_chart(charts.weight_per_iteration(df, best), width="stretch")
        st.caption(
            "Each update moves the weight towards the best weight, or past it when alpha is "
            "large."
        )
    with right:
        steps = pd.DataFrame({"iteration": df["iteration"], "weight": run.weights_before,
                              "error": df["error"]})
        st.altair_chart(
            charts.error_parabola(pd.DataFrame(error_curve(run)), steps, best), width="stretch"
        )
        st.caption(
            "Every weight has an error; together they make a bowl. Each dot is where an "
            "iteration stood; the derivative is the slope there, and the update walks downhill."
        )
        st.altair_chart(charts.prediction_per_iteration(df, s["goal"]), width="stretch")
        st.caption("The prediction closes in on the goal as the weight is learned.")

st.subheader("Every iteration, as the primer prints it")
st.dataframe(
    df.astype({c: str for c in FIELDS if c != "iteration"}),
    hide_index=True, width="stretch",
    column_config={
        "weight": st.column_config.TextColumn("weight (after update)"),
    },
)
st.download_button(
    "Download this run as CSV", df.to_csv(index=False), file_name="descent.csv",
    mime="text/csv", icon=":material/download:", on_click="ignore",
)
code_panel(
    primer_loop_source(s["weight"], s["input"], s["goal"], s["alpha"], s["iterations"]),
    title="The primer's loop with these numbers",
    caption="Paste this into Python: it prints exactly the numbers in the table above.",
)
