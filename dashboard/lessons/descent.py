"""Lesson: gradient descent, the primer's 20-step loop.

Story: pick a scenario or set the sliders -> read the verdict -> step through
the run (play it, or drag the scrubber) and watch error, weight and prediction
move on the error curve, then in one of three parts below it (per-iteration charts,
the table, several learning rates compared) -> take the code and the link home.
"""

import pandas as pd
import streamlit as st

from dashboard import activities, charts, outcomes, ui
from dashboard.controls import (
    ALPHA,
    GOAL,
    INPUT,
    ITERATIONS,
    WEIGHT,
    Panel,
    Parts,
    Pills,
    Toggle,
    share_box,
    share_link,
    step_player,
)
from dashboard.ui import code_panel
from primer import bowl
from primer.descent import (
    FIELDS,
    Regime,
    alpha_limit,
    best_weight,
    compare_alphas,
    comparison_columns,
    derivative_note,
    descend,
    describe_alphas,
    describe_error,
    describe_prediction,
    describe_steps,
    describe_weight,
    error_curve,
    limit_note,
    primer_loop_source,
    reach_sentence,
    regime,
)
from primer.words import fmt, plural

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
# The parts below the first screen, one open at a time (``?part=`` in the link); they follow
# the step player, so Play moves the marked iteration on whichever is open
PER_ITERATION = "Per iteration"
EVERY_ITERATION = "Every iteration"
COMPARE_RATES = "Compare learning rates"
PARTS = Parts((PER_ITERATION, EVERY_ITERATION, COMPARE_RATES),
              holds={PER_ITERATION: ("log",), COMPARE_RATES: ("compare", "compare_log")})
COMPARE_LOG = Toggle("compare_log", "Log scale for the comparison", default=True,
                     help="Errors that shrink and errors that explode, on one chart. An error of "
                          "exactly 0 has no place on a log scale.")

ui.page_setup(
    "Gradient descent: learning one weight",
    "The primer's loop, live. Each iteration predicts, measures the error, and moves the "
    "weight against the derivative, scaled by the learning rate α. Pick a scenario or move "
    "the sliders in the sidebar: every number and chart is recomputed from the loop.",
    predict=True,
)
st.sidebar.header("Settings")
s = PANEL.draw()
link = share_box()  # the link to this view; the step player keeps it current
run = descend(s["weight"], s["input"], s["goal"], s["alpha"], s["iterations"])
report = regime(s["input"], s["alpha"], goal=s["goal"], weight=s["weight"])
best = best_weight(s["input"], s["goal"])
df = pd.DataFrame(run.columns())
steps = pd.DataFrame({"iteration": df["iteration"], "weight": run.weights_before,
                      "error": df["error"]})

shown = activities.predict_gate("descent", s)  # predict mode: hidden until Reveal
activities.verdict("descent", s, report)  # or the reveal, or a challenge's check
if shown and run.stopped_at is not None:
    st.error(
        f"{run.stop_reason} The charts and table show the "
        f"{plural(len(run.steps), 'iteration')} that still had finite numbers.",
        icon=":material/dangerous:",
    )


def show_step(at: int, side, main) -> None:
    """Everything that depends on the iteration the scrubber is at."""
    step = run.steps[at]
    with side:
        ui.numbers([  # the two a class watches first, then the rest of the primer's printout
            (f"Error at iteration {at}", fmt(step.error),
             f"(prediction - goal)², exactly {step.error!r}"),
            ("New weight", fmt(step.weight),
             f"After the update: weight - alpha × derivative, exactly {step.weight!r}"),
            ("Prediction", fmt(step.prediction), f"input × weight, exactly {step.prediction!r}"),
            ("Derivative", fmt(step.derivative),
             f"input × (prediction - goal), exactly {step.derivative!r}"),
        ])
    marked = f" Iteration {at} is marked."
    with main:
        curve = pd.DataFrame(error_curve(run))
        lo, hi = curve["weight"].min(), curve["weight"].max()
        activities.touch_bowl(  # a click on the curve starts the descent there
            charts.error_bowl(curve, steps, best, at, touch=True,
                              tangent=pd.DataFrame(bowl.tangent(run, at, lo, hi)),
                              arrows=pd.DataFrame(bowl.arrows(run, at))),
            describe_steps(run) + marked, WEIGHT)

    def per_iteration() -> None:
        log = LOG.draw()
        cols = ui.columns(3)
        with cols[0]:
            ui.chart(charts.per_iteration(df, "error", at=at, log=log),
                     describe_error(run) + marked)
        with cols[1]:
            ui.chart(charts.per_iteration(df, "weight", at=at, level=best),
                     describe_weight(run) + marked)
        with cols[2]:
            ui.chart(charts.per_iteration(df, "prediction", at=at, level=s["goal"]),
                     describe_prediction(run) + marked)

    def every_iteration() -> None:
        st.caption(f"Every iteration, as the primer prints it. The highlighted row is "
                   f"iteration {at}.")
        ui.table(df.astype({c: str for c in FIELDS if c != "iteration"}), highlight=at,
                 titles={"weight": "weight (after update)"})
        st.download_button(
            "Download this run as CSV", df.to_csv(index=False), file_name="descent.csv",
            mime="text/csv", icon=":material/download:", on_click="ignore",
        )

    PARTS.draw({PER_ITERATION: per_iteration, EVERY_ITERATION: every_iteration,
                COMPARE_RATES: compare_rates})
    share_link(container=link)


def compare_rates() -> None:
    st.caption("The same start, input and goal, descended with several learning rates at once.")
    alphas = COMPARE.draw()
    compare_log = COMPARE_LOG.draw()
    if alphas:
        runs = compare_alphas(s["weight"], s["input"], s["goal"], sorted(alphas), s["iterations"])
        compared = pd.DataFrame(comparison_columns(runs))
        ui.chart(charts.error_by_alpha(compared, DASH, log=compare_log), describe_alphas(runs))
    else:
        st.info("Pick one or more learning rates above to compare them.")


if not shown:
    pass
elif df.empty:
    st.warning("No iteration produced finite numbers, so there is nothing to draw.")
else:
    step_player(len(df), show_step, layout=ui.stage,
                help="The iteration whose numbers are shown. Play, or step with Back and Next; "
                     "the dot, the rule on each chart and the table row follow it.")

if shown:
    last = run.steps[-1] if run.steps else None
    limit = alpha_limit(s["input"])
    ui.numbers([
        ("Best weight", "none" if best is None else fmt(best),
         "goal ÷ input: the weight whose prediction equals the goal exactly."),
        ("Final weight", fmt(run.final_weight), "Where the last update left the weight."),
        ("Last error", "none" if last is None else fmt(last.error),
         "The error measured in the last iteration, before its update."),
        ("alpha × input²", fmt(report.step_size),
         "Below 1: closes in without passing the goal. Exactly 1: lands in one step. 1 to 2: "
         "crosses the goal every step, closing in. 2: bounces forever. Above 2: blows up."),
        ("Alpha limit", "none" if limit is None else fmt(limit), limit_note(s["input"])),
    ])
    st.caption(reach_sentence(s["weight"], s["input"], s["goal"], s["alpha"], s["iterations"]))

ui.explain(
    "How one iteration works",
    "A neuron predicts by multiplying its **input** by its **weight**. Learning means "
    "nudging that weight until the prediction matches the **goal**. Each iteration of the "
    "primer's loop does four things:\n"
    "1. **predict**: `prediction = network_input * weight`\n"
    "2. **measure the error**: `error = (prediction - prediction_goal) ** 2`, never negative, "
    "and 0 only on target\n"
    "3. **find the derivative**: `derivative = network_input * (prediction - prediction_goal)`. "
    "Its sign says which way the error rises as the weight grows. "
    + derivative_note() + "\n"
    "4. **update**: `weight -= alpha * derivative` moves the weight against the derivative, "
    "towards the bottom of the error curve; the learning rate **alpha** decides how far. "
    "Too far, and the weight jumps past the bottom: the verdict above says what this run "
    "does.",
)

script = primer_loop_source(s["weight"], s["input"], s["goal"], s["alpha"], s["iterations"])
code_panel(
    script,
    title="The primer's loop with these numbers",
    caption="Paste this into Python: it prints exactly the numbers of the table (Every "
    "iteration, above).",
)
activities.notebook_button(script, "descent")
share_link(container=link)  # again, now that every control of the page is drawn
