"""Lesson: hot and cold, learning by trying, and why the derivative wins.

Story: the idea (try a step up, try a step down, keep the better) -> the first
step's three errors -> the whole run and what it ends in -> the same start with
gradient descent beside it -> where a fixed step goes wrong (too big bounces,
too small crawls) -> every number, and the code to take home.
"""

import pandas as pd
import streamlit as st

from dashboard import charts, ui
from dashboard.controls import ALPHA, GOAL, INPUT, WEIGHT, Panel, Slider, Toggle, share_link
from dashboard.ui import code_panel, num
from primer.descent import best_weight, descend, regime
from primer.hot_cold import (
    FIELDS,
    PREDICTIONS_PER_ITERATION,
    compare_with_descent,
    describe_run,
    find_bounce,
    hot_cold,
    hot_cold_loop_source,
    moves_estimate,
)

TOLERANCE = 1e-6  # "close enough": an error below one millionth
LIMIT = 100_000  # the longest walk the page will make to find an answer

# ---- the lesson's controls: every one of them is in the URL -------------------------------
STEP = Slider("step", "Step size", 0.0, 1.0, 0.001, 0.0001,
              "How far hot and cold moves the weight when it tries a step up and a step down. "
              "It never changes during the run.", "%.4f")
ITERATIONS = Slider("iterations", "Iterations", 1, 5000, 1101, 1,
                    "How many times hot and cold tries a step up and a step down (gradient "
                    "descent gets as many).")
BOOK = dict(weight=0.5, input=0.5, goal=0.8, step=0.001, iterations=1101, alpha=0.1)
PANEL = Panel(
    {
        "Hot and cold": (
            WEIGHT.but(help="Where hot and cold, and gradient descent beside it, start."),
            INPUT.but(min=-10.0, max=10.0, default=0.5),
            GOAL, STEP, ITERATIONS,
        ),
        "Gradient descent, for comparison": (ALPHA,),
    },
    scenarios={
        "The book's example": BOOK,
        "Toes: 8.5 toes, goal 1": dict(weight=0.1, input=8.5, goal=1.0, step=0.01,
                                       iterations=20, alpha=0.01),
        "Too big a step": {**BOOK, "step": 0.3, "iterations": 30},
        "Too small a step": {**BOOK, "step": 0.0001, "iterations": 5000},
    },
    scenario_help="One click sets every slider (and the link) to a scenario from the book.",
)
LOG = Toggle("log", "Log scale for the errors", default=True,
             help="On a log scale a tiny error floor and the start are both visible.")


@st.cache_data(max_entries=256, show_spinner=False)
def walks(weight, network_input, goal, step, alpha):
    """The long questions (how many iterations until close enough, where bouncing starts).

    With a tiny step they can walk up to 100,000 iterations, so the answers are kept.
    """
    return (
        compare_with_descent(weight, network_input, goal, step, alpha, TOLERANCE, LIMIT),
        find_bounce(weight, network_input, goal, step, LIMIT),
    )


ui.page_setup(
    "Hot and cold: learning by trying",
    "Before any calculus, here is the most obvious way to find a good weight: play *hot "
    "and cold*. From where you stand, try the weight a little higher and a little lower, "
    "see which of the two predictions misses the goal by less, and move there. Then do it "
    "again. Every iteration costs **three predictions** (now, one step up, one step down), "
    "and the **step size** never changes.\n\n"
    "It does learn. But watch what the fixed step costs, and then compare it with "
    "gradient descent, which makes one prediction per iteration and lets the derivative "
    "say both which way to go and how far."
)

s = PANEL.draw()
link = st.sidebar.empty()  # filled at the end, once every control of the page is drawn
weight, x, goal, step, n = s["weight"], s["input"], s["goal"], s["step"], s["iterations"]
alpha = s["alpha"]

run = hot_cold(weight, x, goal, step, n)
comparison, bounce = walks(weight, x, goal, step, alpha)
estimate = moves_estimate(weight, x, goal, step)
best = best_weight(x, goal)
gd_report = regime(x, alpha, goal=goal, weight=weight)

# --- the first step ------------------------------------------------------------------
st.header("The first step: three guesses")
if not run.steps:
    st.error(f"{run.stop_reason} There is nothing to show: try smaller numbers.",
             icon=":material/dangerous:")
    st.stop()

first = run.steps[0]
st.markdown(
    f"The weight starts at **{weight:g}**, so the neuron predicts {x:g} × {weight:g} = "
    f"{num(first.prediction, 6)} against a goal of {goal:g}. Hot and cold also tries the "
    f"weights {weight:g} + {step:g} and {weight:g} − {step:g}, and measures all three errors "
    "(an error is the miss, squared):"
)
cols = st.columns(3)
for col, (label, value, words) in zip(cols, (
    ("Error now", first.error, "at the current weight"),
    ("Error one step up", first.up_error, f"at weight + {step:g}"),
    ("Error one step down", first.down_error, f"at weight − {step:g}"),
)):
    col.metric(label, num(value, 6), help=f"{words}; Python prints it as {value!r}")
    col.code(repr(value), language=None)
if first.move == "stay":
    st.markdown("Up and down are **exactly as good**, so neither `if` fires and the weight "
                "stays where it is.")
else:
    st.markdown(
        f"The step **{first.move}** misses by less, so the weight moves {first.move} to "
        f"**{first.new_weight!r}**. (The book rounds these errors for print; the numbers "
        "above are what Python computes.)"
    )

# --- the whole run -------------------------------------------------------------------
st.header(f"The whole run: {n:,} iterations")


def hot_cold_verdict() -> None:
    """What this run amounts to, in plain words."""
    reached = comparison.hot_cold_iterations
    if reached == 0:
        st.success("**Already there.** The starting weight's error is below one millionth.",
                    icon=":material/check_circle:")
    elif x == 0:
        st.warning(
            "**It cannot learn.** With an input of 0 every weight predicts 0, so a step up "
            "and a step down are exactly as good and the weight never moves. No weight "
            "turns an input of 0 into anything else.", icon=":material/block:")
    elif step == 0:
        st.warning("**It never moves.** With a step of 0, up, down and now are the same "
                   "weight, so every iteration makes three identical predictions.",
                   icon=":material/pause_circle:")
    elif reached is not None and reached < n:
        st.success(
            f"**It learns.** The error drops below one millionth at iteration {reached:,}, "
            f"after {comparison.hot_cold_predictions:,} predictions.",
            icon=":material/check_circle:")
    elif reached is not None:
        st.info(
            f"**It crawls.** Getting the error below one millionth takes {reached:,} "
            f"iterations, and this run stops after {n:,}. More iterations, or a bigger "
            "step, would get there.", icon=":material/hourglass_top:")
    elif bounce is not None:
        st.warning(f"**The step is too big: it gets stuck.** {bounce.explanation}",
                   icon=":material/sync:")
    else:
        st.warning(
            f"**The step is too small: it crawls.** The best weight is about "
            f"{num(estimate, 3)} steps away, more than the {LIMIT:,} iterations this page "
            "will walk.", icon=":material/hourglass_top:")


hot_cold_verdict()
if run.stopped_at is not None:
    st.error(f"{run.stop_reason} The chart shows the {len(run.steps):,} iterations before.",
             icon=":material/dangerous:")

hot = pd.DataFrame(run.columns())
log = LOG.draw()
left, right = st.columns([3, 2])
with left:
    ui.chart(charts.hot_cold_error(hot, bouncing_from=run.bouncing_from,
                                   floor=run.error_floor, log=log))
    if len(hot) > 400:
        st.caption(
            f"{len(hot):,} iterations are too many dots to draw, so the chart keeps each "
            "stretch's highest and lowest error (and where bouncing starts). Hover a dot for "
            "its exact numbers; every iteration is in the table at the bottom.")
with right:
    m1, m2 = st.columns(2)
    m1.metric("Best weight", num(best), help="goal ÷ input: the weight that hits the goal.")
    m2.metric("Final weight", num(run.final_weight, 6), help="Where the last move left it.")
    m1.metric("Bounces from iteration",
              "never" if run.bouncing_from is None else f"{run.bouncing_from:,}",
              help="The first iteration whose move does not lower the error: from there it "
              "hops between two weights.")
    m2.metric("Lowest error (the floor)",
              "not yet" if run.error_floor is None else num(run.error_floor),
              help="The error where bouncing starts: this step size cannot do better.")
    m1.metric("Predictions made", f"{run.predictions:,}",
              help=f"{PREDICTIONS_PER_ITERATION} per iteration: now, up and down.")
    m2.metric("Last error", num(run.steps[-1].error), help="The last iteration's error.")
    st.caption(describe_run(run))

# --- against gradient descent -----------------------------------------------------------
st.header("Side by side with gradient descent")
st.markdown(
    f"Same starting weight, same input, same goal, same {n:,} iterations. Gradient descent "
    "makes one prediction per iteration, and its step is the derivative times alpha: big "
    "while the miss is big, shrinking as the prediction closes in. Change alpha on the left."
)
descent = pd.DataFrame(descend(weight, x, goal, alpha, n).columns())
hot_after = hot.assign(weight=hot["new_weight"])  # both plot the weight after a move
left, right = ui.columns(2)
with left:
    ui.chart(charts.methods_error(hot, descent, log=log))
with right:
    ui.chart(charts.methods_weight(hot_after, descent, best))


def count(value: int | None) -> str:
    return "never" if value is None else f"{value:,}"


c = comparison
cols = st.columns(4)
cols[0].metric("Hot and cold: predictions", count(c.hot_cold_predictions),
               help="Predictions made until the error was below one millionth (3 per "
               "iteration, plus the one that showed it).")
cols[1].metric("Hot and cold: iterations", count(c.hot_cold_iterations))
cols[2].metric("Gradient descent: predictions", count(c.descent_predictions),
               help="Predictions made until the error was below one millionth (1 per "
               "iteration, plus the one that showed it).")
cols[3].metric("Gradient descent: iterations", count(c.descent_iterations))
st.caption(f"Counted until the error is below one millionth, however many iterations that "
           f"takes (up to {LIMIT:,}), not just the {n:,} on the sliders.")


def comparison_verdict() -> None:
    hc, gdp = c.hot_cold_predictions, c.descent_predictions
    if x == 0 and hc is None:
        st.warning("**Neither method can learn here.** With an input of 0 the derivative is "
                   "always 0 too, so gradient descent stays put just like hot and cold.",
                   icon=":material/block:")
    elif gdp is None and not gd_report.learns:
        st.warning(f"**Gradient descent {gd_report.label} with this alpha.** "
                   f"{gd_report.summary}", icon=":material/warning:")
        if hc is not None:
            st.markdown("Hot and cold cannot blow up like that: its step is fixed. But the "
                        "cure for gradient descent is just a smaller alpha.")
    elif hc is None and gdp is None:
        st.info("**Neither gets the error below one millionth** within "
                f"{LIMIT:,} iterations.", icon=":material/info:")
    elif hc is None:
        st.success(
            f"**The derivative wins.** Gradient descent gets there with {gdp:,} predictions; "
            "hot and cold never does with this step.", icon=":material/trending_down:")
    elif gdp is None:
        st.info(f"**Hot and cold gets there ({hc:,} predictions); gradient descent, with "
                "this alpha, does not.**", icon=":material/info:")
    elif gdp < hc:
        st.success(
            f"**The derivative wins: {gdp:,} predictions against {hc:,}.** The derivative "
            "says which way to go *and* how far, so gradient descent needs one prediction "
            "per iteration and takes big steps while it is far away.",
            icon=":material/trending_down:")
    else:
        st.info(
            f"**This time hot and cold needs fewer predictions: {hc:,} against {gdp:,}.** "
            f"Alpha is timid for this input (alpha × input² = {gd_report.step_size:.3g}, "
            "while 1 would land in one step), so gradient descent creeps. Raise alpha and "
            "it wins.", icon=":material/info:")


comparison_verdict()

# --- what goes wrong with a fixed step ---------------------------------------------------
st.header("Where a fixed step goes wrong")
left, right = st.columns(2)
with left, st.container(border=True):
    st.subheader("Too big: it bounces")
    st.markdown(
        "Near the goal, a big step jumps right over it. Both neighbours are then worse "
        "than where it stands, but the loop must move to one of them, so it hops back and "
        "forth between the same two weights for ever. The error it stops at is its "
        "**floor**: the best this step size can do.")
    if x == 0 or step == 0:
        st.markdown("Nothing bounces here: with an input of 0, or a step of 0, up and down "
                    "are exactly as good, so the weight never moves at all.")
    elif bounce is None:
        st.markdown("With these settings it does not start bouncing within "
                    f"{LIMIT:,} iterations.")
    else:
        b1, b2 = st.columns(2)
        b1.metric("Bouncing starts at iteration", f"{bounce.iteration:,}")
        b2.metric("Error floor", num(bounce.error_floor),
                  help=f"Exactly: {bounce.error_floor!r}")
        st.markdown(bounce.explanation)
        if bounce.error_floor < TOLERANCE:
            st.caption("Here the floor is below one millionth, so the bounce does no harm. "
                       "Try the scenario *Too big a step* and it does.")
with right, st.container(border=True):
    st.subheader("Too small: it crawls")
    st.markdown(
        "Hot and cold walks to the best weight in equal steps, so the number of moves is the "
        "distance divided by the step. Halve the step and the walk doubles. Gradient "
        "descent's steps shrink only as it arrives.")
    if estimate is None:
        st.markdown("With an input of 0 there is no best weight to walk to, and with a "
                    "step of 0 there is no walking.")
    else:
        b1, b2 = st.columns(2)
        b1.metric("Moves to the best weight", f"≈ {estimate:,.0f}",
                  help=f"|best weight − start| ÷ step = about {estimate:,.1f}")
        reached = c.hot_cold_iterations
        b2.metric("Iterations to error < 10⁻⁶",
                  "never" if reached is None else f"{reached:,}",
                  help="None when it starts bouncing first, or takes more than "
                  f"{LIMIT:,} iterations.")
        if reached is not None and reached >= n:
            st.markdown(f"That is more than the **{n:,} iterations** on the slider: this run "
                        "stops before it gets there.")

# --- every number -----------------------------------------------------------------------
st.header("Every iteration")
table = st.expander("The table: every iteration, as Python prints it", key="table",
                    on_change="rerun", icon=":material/table:")
if table.open:  # thousands of rows: built only when someone opens it
    with table:
        st.dataframe(
            hot.astype({f: str for f in FIELDS if f not in ("iteration", "move")}),
            hide_index=True, width="stretch",
            column_config={"weight": st.column_config.TextColumn("weight (before)"),
                           "new_weight": st.column_config.TextColumn("weight (after)")},
        )
st.download_button(
    f"Download all {len(hot):,} iterations as CSV", lambda: hot.to_csv(index=False),
    file_name="hot_and_cold.csv", mime="text/csv", icon=":material/download:",
    on_click="ignore",
)
code_panel(
    hot_cold_loop_source(weight, x, goal, step, n),
    title="The hot-and-cold loop with these numbers",
    caption="Paste this into Python: it prints one line per iteration (iteration, prediction, "
    "error, up error, down error, move), the same numbers as the table.",
)
share_link(container=link)
