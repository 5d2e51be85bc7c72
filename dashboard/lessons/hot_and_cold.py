"""Lesson: hot and cold, learning by trying, and what the derivative adds.

Story: the idea (try a step up, try a step down, keep the better) -> what this run
amounts to, on the chart of its weight (walking, hopping, crawling) -> its errors ->
one iteration's three guesses -> the same start with gradient descent beside it ->
where a fixed step goes wrong (too big bounces, too small crawls) -> every number,
and the code to take home.
"""

import pandas as pd
import streamlit as st

from dashboard import activities, charts, ui
from dashboard.controls import (
    ALPHA,
    GOAL,
    INPUT,
    WEIGHT,
    Panel,
    Parts,
    Slider,
    Toggle,
    share_box,
    share_link,
)
from dashboard.ui import code_panel, verdict
from primer.descent import best_weight, descend
from primer.hot_cold import (
    DESCRIPTIONS,
    EXAMPLES,
    FIELDS,
    PREDICTIONS_PER_ITERATION,
    bounce_note,
    comparison_verdict,
    crawl_note,
    describe_methods,
    describe_run,
    describe_weights,
    first_step_words,
    hot_cold,
    hot_cold_loop_source,
    hot_cold_verdict,
    study,
)
from primer.words import BOOK, about, fmt

# ---- the lesson's controls: every one of them is in the URL -------------------------------
STEP = Slider("step", "Step size", 0.0, 1.0, 0.001, 0.0001,
              "How far hot and cold moves the weight when it tries a step up and a step down. "
              "It never changes during the run.", "%.4f")
ITERATIONS = Slider("iterations", "Iterations", 1, 5000, 1101, 1,
                    "How many times hot and cold tries a step up and a step down (gradient "
                    "descent gets as many).")
PANEL = Panel(
    {
        "Hot and cold": (
            WEIGHT.but(help="Where hot and cold, and gradient descent beside it, start."),
            INPUT.but(min=-10.0, max=10.0, default=0.5),
            GOAL, STEP, ITERATIONS,
        ),
        "Gradient descent, for comparison": (ALPHA,),
    },
    scenarios=EXAMPLES,
    scenario_help=f"One click sets every slider (and the link): two examples from {BOOK}, "
                  "and the same start with a step too big and too small.",
)
# The parts below the first screen, one open at a time (``?part=`` in the link)
ONE_ITERATION = "One iteration: three guesses"
AGAINST_DESCENT = "Against gradient descent"
FIXED_STEP = "Where a fixed step goes wrong"
EVERY_ITERATION = "Every iteration"
PARTS = Parts((ONE_ITERATION, AGAINST_DESCENT, FIXED_STEP, EVERY_ITERATION))
LOG = Toggle("log", "Log scale for the errors",
             help="On a log scale a tiny error and the start are both visible; an error of "
                  "exactly 0 has no place on it.")


@st.cache_data(max_entries=256, show_spinner=False)
def studied(weight, network_input, goal, step, alpha):
    """Every long answer about a setting (how many iterations until close enough, where
    bouncing starts): with a tiny step they walk up to 100,000 iterations, so they are kept."""
    return study(weight, network_input, goal, step, alpha)


ui.page_setup(
    "Hot and cold: learning by trying",
    "Before any calculus, the most obvious way to find a good weight: try it a step higher "
    "and a step lower, keep whichever misses the goal by less, and repeat. Every iteration "
    "costs **three predictions** and the **step size** never changes. This method is not in "
    f"the primer: it is the first one {BOOK} shows, and its examples are the book's. The "
    "primer's gradient descent runs beside it. Pick a scenario or move the sliders in the "
    "sidebar.",
    predict=True,
)

s = PANEL.draw()
link = share_box()  # filled at the end, once every control of the page is drawn
weight, x, goal, step, n = s["weight"], s["input"], s["goal"], s["step"], s["iterations"]
alpha = s["alpha"]
example = next((name for name, values in EXAMPLES.items()
                if all(s[k] == v for k, v in values.items())), None)
# Which example this is (on a projector the sidebar says it, below the sliders). Its place is
# kept while no example matches: a note that comes and goes would move every chart below it,
# and the browser rebuilds a chart that moves instead of updating it.
example_note = (st.sidebar if ui.classroom() else st).empty()
if example:
    example_note.caption(DESCRIPTIONS[example])

run = hot_cold(weight, x, goal, step, n)
facts = studied(weight, x, goal, step, alpha)
best = best_weight(x, goal)



def take_home() -> None:
    """The code of this run, to copy or download, and the link: shown even while the class
    predicts."""
    script = hot_cold_loop_source(weight, x, goal, step, n)
    code_panel(
        script,
        title="The hot-and-cold loop with these numbers",
        caption="Paste this into Python: it prints one line per iteration (iteration, "
        "prediction, error, up error, down error, move), the same numbers as the table.",
    )
    activities.notebook_button(script, "hot-and-cold")
    share_link(container=link)


shown = activities.predict_gate("hot-and-cold", s)
activities.verdict("hot-and-cold", s, hot_cold_verdict(facts, n))  # or the reveal, a challenge
if not shown:  # predict mode: the run waits for Reveal
    take_home()
    st.stop()
if not run.steps:
    st.error(f"{run.stop_reason} There is nothing to show: try smaller numbers.",
             icon=":material/dangerous:")
    st.stop()
if run.stopped_at is not None:
    st.error(f"{run.stop_reason} The charts show the {len(run.steps):,} iterations before.",
             icon=":material/dangerous:")

hot = pd.DataFrame(run.columns())
side, main = ui.stage()
with side:
    lowest = facts.lowest_error
    ui.numbers([
        ("Final weight", fmt(run.final_weight), f"Where the last move left it: "
         f"{run.final_weight!r}."),
        ("Best weight", "none" if best is None else fmt(best),
         "goal ÷ input: the weight whose prediction hits the goal."),
        ("Last error", fmt(run.steps[-1].error),
         f"The last iteration's error, as Python computes it: {run.steps[-1].error!r}. "
         + (facts.floor_note if run.bouncing_from is not None else "")),
        ("Predictions made", f"{run.predictions:,}",
         f"{PREDICTIONS_PER_ITERATION} per iteration: now, one step up and one step down."),
        ("Bounces from iteration",
         "never" if run.bouncing_from is None else f"{run.bouncing_from:,}",
         "The first iteration whose move does not lower the error: from there it hops "
         "between two weights."),
        ("Lowest error with this step", "not reached" if lowest is None else fmt(lowest),
         facts.floor_note or "The error where the walk stops improving: this step size "
         "cannot do better from this start."),
    ])
with main:
    ui.chart(charts.hot_cold_weight(hot, best=best, bouncing_from=run.bouncing_from),
             describe_weights(run))

log = LOG.draw()
floor = None if run.bouncing_from is None else facts.lowest_error  # reached in this run
errors = charts.hot_cold_error(hot, bouncing_from=run.bouncing_from, floor=floor, log=log)
ui.chart(errors, describe_run(run))
if len(errors.data["dots"]) < len(errors.data["runs"]):
    st.caption(charts.dots_note(len(hot), len(errors.data["runs"]), len(errors.data["dots"])))


# --- the parts below the first screen: one open at a time -------------------------------
def one_iteration() -> None:
    first = run.steps[0]
    before, after = first_step_words(run)
    st.markdown(before)
    for column, (label, value, where) in zip(ui.columns(3), (
        ("Error now", first.error, "At the current weight"),
        ("Error one step up", first.up_error, f"At weight + {fmt(step)}"),
        ("Error one step down", first.down_error, f"At weight − {fmt(step)}"),
    )):
        with column:
            ui.numbers([(label, fmt(value, 6), f"{where}; Python prints it in full below.")])
            st.code(repr(value), language=None)
    st.markdown(after)


def count(value: int | None) -> str:
    return "never" if value is None else f"{value:,}"


def against_descent() -> None:
    st.markdown(
        f"Same starting weight, same input, same goal, same {n:,} iterations. Gradient "
        "descent makes one prediction per iteration, and its step is the derivative times "
        "alpha: big while the miss is big, shrinking as the prediction closes in. Change "
        "alpha with the slider in the sidebar."
    )
    descent_run = descend(weight, x, goal, alpha, n)
    descent = pd.DataFrame(descent_run.columns())
    hot_after = hot.assign(weight=hot["new_weight"])  # both plot the weight after a move
    verdict(comparison_verdict(facts))
    left, right = ui.columns(2)
    with left:
        ui.chart(charts.methods_error(hot, descent, log=log), describe_methods(run, descent_run))
    with right:
        ui.chart(charts.methods_weight(hot_after, descent, best))
    c = facts.comparison
    ui.numbers([
        ("Hot and cold: predictions", count(c.hot_cold_predictions),
         "Predictions made until the error was below one millionth (3 per iteration, plus "
         "the one that showed it)."),
        ("Hot and cold: iterations", count(c.hot_cold_iterations), None),
        ("Gradient descent: predictions", count(c.descent_predictions),
         "Predictions made until the error was below one millionth (1 per iteration, plus "
         "the one that showed it)."),
        ("Gradient descent: iterations", count(c.descent_iterations), None),
    ])
    st.caption(f"Counted until the error is below one millionth, however many iterations "
               f"that takes (up to {facts.limit:,}), not just the {n:,} on the sliders.")


def fixed_step() -> None:
    left, right = ui.columns(2)
    with left, st.container(border=True):
        st.subheader("Too big: it bounces")
        st.markdown(
            "Near the goal, a big step jumps right over it. Both neighbours are then worse "
            "than where it stands, but the loop must move to one of them, so it hops back "
            "and forth between the same two weights for ever. The lowest error it reaches "
            "is its **floor**: the best this step size can do from this start.")
        b = facts.bounce
        if b is not None and x != 0 and step != 0:
            ui.numbers([
                ("Bouncing starts at iteration", f"{b.iteration:,}", None),
                ("Error floor", fmt(facts.lowest_error),
                 facts.floor_note or f"Exactly: {b.error_floor!r}"),
            ])
        st.markdown(bounce_note(facts))
    with right, st.container(border=True):
        st.subheader("Too small: it crawls")
        st.markdown(
            "Hot and cold walks to the best weight in equal steps, so the number of moves is "
            "the distance divided by the step. Halve the step and the walk doubles. Gradient "
            "descent's steps shrink only as it arrives.")
        if facts.estimate is not None:
            ui.numbers([
                ("Moves to the best weight", f"≈ {about(facts.estimate)}",
                 f"|best weight − start| ÷ step = about {facts.estimate:,.1f}"),
                ("Iterations to error < 10⁻⁶", count(facts.walk.reached),
                 f"Never when it starts bouncing first, or takes more than {facts.limit:,} "
                 "iterations."),
            ])
        st.markdown(crawl_note(facts, n))


def every_iteration() -> None:
    st.caption("Every iteration, as Python prints it.")
    ui.table(hot.astype({f: str for f in FIELDS if f not in ("iteration", "move")}),
             titles={"weight": "weight (before)", "new_weight": "weight (after)"})
    st.download_button(
        f"Download all {len(hot):,} iterations as CSV", lambda: hot.to_csv(index=False),
        file_name="hot_and_cold.csv", mime="text/csv", icon=":material/download:",
        on_click="ignore",
    )


PARTS.draw({
    ONE_ITERATION: one_iteration,
    AGAINST_DESCENT: against_descent,
    FIXED_STEP: fixed_step,
    EVERY_ITERATION: every_iteration,
})
take_home()
