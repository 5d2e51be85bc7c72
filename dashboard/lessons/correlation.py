"""Lesson: a table of examples, learned one row at a time, and the floor under its error.

Story: train a table one row at a time and watch the total error fall towards its floor
-> the table itself: pick one, or type the class's own. Below them, three parts, one open
at a time (``?part=``): *Which input matters* (correlation, a fact about each input, and
whether the error can reach 0, a fact about the whole table), *The weights as they learn*
(and why the floor is where it is) and *Every pass*. Then the code to take home.
"""

import pandas as pd
import streamlit as st

from dashboard import activities, charts, ui
from dashboard.controls import ALPHA, Choice, Panel, Parts, Slider, Toggle, share_box, share_link
from dashboard.ui import code_panel, verdict
from primer.dataset import (
    MAX_INPUTS,
    MAX_ROWS,
    PRESETS,
    cell_text,
    correlations,
    describe_correlations,
    describe_passes,
    describe_weights,
    loop_source,
    report,
    revise,
    rule_of_thumb,
    strongest_input,
    table_verdict,
    train,
    validate,
)
from primer.words import BOOK, fmt, plural

# ---- the lesson's controls: every one of them is in the URL -------------------------------
DATA = Choice("data", "Data set", tuple(PRESETS), default="streetlights",
              help="Each data set loads its own table. The choice is kept in the link.")
PASSES = Slider("passes", "Passes over the table", 1, 500, 40, 1,
                "How many times training goes through every row of the table, updating the "
                "weights after each row.")
PANEL = Panel.of(
    ALPHA, PASSES,
    scenarios={
        "The book's 40 passes": dict(alpha=0.1, passes=40),
        "Train much longer": dict(alpha=0.1, passes=500),
        "Tiny steps": dict(alpha=0.01, passes=500),
        "Too big a step": dict(alpha=2.0, passes=200),
    },
    scenario_help=f"One click sets both sliders (and the link). 40 passes with alpha 0.1 are "
                  f"what {BOOK} runs on its streetlights.",
)
LOG = Toggle("log", "Log scale for the total error",
             help="A log scale shows the error still shrinking long after it looks like zero, "
                  "and an exploding error on the same chart.")
WHICH, LEARNING, EVERY_PASS = "Which input matters", "The weights as they learn", "Every pass"
PARTS = Parts((WHICH, LEARNING, EVERY_PASS))  # below the first screen: only the open one runs

ui.page_setup(
    "Correlation: can the error reach 0?",
    "Real data is a **table**: many rows, each with several **inputs** and the **goal** for "
    "that row. The network is still one neuron: each input times its own weight, added up. "
    "Training visits the rows one after another and after each row nudges every weight, "
    "exactly as the descent lesson's loop does; one trip through the rows is a **pass**. "
    f"The streetlight table and its starting weights come from {BOOK}; the update is the "
    "primer's. Whether the total error can reach zero depends on the table, not on how long "
    "you train. Pick a table or type your own below, and move the sliders in the sidebar.",
)

with st.sidebar:
    choice = DATA.draw()
s = PANEL.draw()
link = share_box()  # filled at the end, once every control of the page is drawn
preset = PRESETS[choice]
names = list(preset.data.names)
notice = st.container()  # what is wrong with the class's table, above the lesson it keeps

# ---- the table the lesson learns: the preset, or what the class typed into it -------------
ss = st.session_state
version = ss.setdefault("table_version", 0)
key = f"table-{choice}-{version}"
draft_key, base_key, valid_key = (f"table-{part}-{choice}" for part in ("draft", "base", "valid"))
if draft_key not in ss:  # each data set keeps the class's edits while the page is open
    ss[draft_key] = dict(enumerate(preset.data.table()))
    ss[valid_key] = preset.data
if key not in ss:  # no edits pending in an editor: it starts from the table as last taken
    ss[base_key] = ss[draft_key] = dict(enumerate(ss[draft_key].values()))


def shown(rows: dict) -> pd.DataFrame:
    """The table as the editor shows it: text cells, so what the class types reaches the
    lesson as typed (a number column drops letters and commas without a word: "1,5" became
    15)."""
    return pd.DataFrame([[cell_text(v) for v in row] for row in rows.values()], columns=names)


def story() -> tuple:
    """Draw the table's section; return the data set to learn and what to say about it."""
    st.header("The table")
    st.caption(preset.description)
    edited = st.data_editor(
        shown(ss[base_key]), num_rows="dynamic", key=key, width="stretch", hide_index=True,
        column_config={
            name: st.column_config.TextColumn(
                name, help="The goal: what the prediction should be for this row."
                if name == preset.data.goal_name else "An input: one number per row.")
            for name in names
        },
    )
    st.caption(f"Edit any cell, add rows at the bottom, or select rows and delete them. The last "
               f"column is the goal; every cell needs a number. Up to {MAX_ROWS} rows and "
               f"{MAX_INPUTS} inputs.")
    rejected = ss.pop("table_rejected", ())
    if rejected:  # said where the class is typing
        st.warning("**Not taken:** " + " ".join(rejected), icon=":material/edit_off:")
    if st.button("Restore this table", icon=":material/restart_alt:", key="restore"):
        for k in (draft_key, base_key, "table_rejected"):
            ss.pop(k, None)
        ss["table_version"] = version + 1
        st.rerun()
    typed = {label: list(row) for label, row in
             zip(edited.index, edited.astype(object).to_numpy().tolist())}
    revision = revise(ss[draft_key], typed, names)
    if revision.rejected:  # a fresh editor shows the values kept, with the reasons above
        ss[draft_key] = dict(enumerate(revision.rows.values()))
        ss["table_rejected"] = revision.rejected
        ss["table_version"] = version + 1
        st.rerun()
    ss[draft_key] = revision.rows
    data = validate(list(revision.rows.values()), names)
    if isinstance(data, str):
        st.caption(f"Not used yet: {data} The lesson keeps the last complete table.")
    else:
        ss[valid_key] = data
    return data


# The lesson's stage comes first on screen, the table below it; the table is read first, and
# what is wrong with it goes in the notice above the lesson it keeps.
lesson_at = st.container()
with st.container():
    typed_data = story()
data = ss[valid_key]
with notice:
    if isinstance(typed_data, str):
        st.error(f"**This table cannot be used yet.** {typed_data} The lesson below is the "
                 "last complete table's until the cell is fixed, the row deleted, or the table "
                 "restored.", icon=":material/table_view:")

with lesson_at:
    run = train(data, alpha=s["alpha"], passes=s["passes"])
    outcome = report(run)
    floor = outcome.floor
    verdict(outcome)
    if run.stopped_at is not None:
        st.caption(f"The charts and table show the {plural(len(run.records), 'pass')} that "
                   "still had finite numbers.")
    df = pd.DataFrame(run.columns())
    strong = strongest_input(data)
    side, main = ui.stage()
    with side:
        ui.numbers([
            ("Total error, first pass", fmt(run.errors[0]) if run.errors else "none",
             "Every row's error, added up, during the first pass."),
            ("Total error, last pass",
             "none" if outcome.last_error is None else fmt(outcome.last_error),
             "Every row's error, added up, during the last pass that finished."),
            ("Floor", fmt(floor.total_error),
             "The lowest total error any fixed weights can reach on this table, found directly "
             "by least squares (a formula that solves for the best weights in one go) rather "
             "than by training."),
            ("Strongest input", "none" if strong is None else data.input_names[strong],
             "The input whose correlation with the goal is largest, either sign; none when no "
             "correlation reads above 0.00."),
        ])
    with main:
        if df.empty:
            st.warning("No pass produced finite numbers, so there is nothing to draw.")
        else:
            chart = st.container()  # the chart above its log switch, drawn once it is read
            log = LOG.draw()
            with chart:
                ui.chart(charts.total_error_per_pass(df, floor.total_error, log=log),
                         describe_passes(run) + " The green dashed line is the floor: the "
                         "lowest total error any fixed weights can reach on this table.")


def which_input() -> None:
    """Which input goes up and down with the goal, and what that does not tell you."""
    st.subheader("Which input goes up and down with the goal?")
    corr = correlations(data)
    ui.chart(charts.correlation_bars(pd.DataFrame(
        {"input": [c.name for c in corr], "r": [c.r for c in corr]})),
        describe_correlations(data))
    verdict(table_verdict(data))
    verdict(rule_of_thumb(data))
    ui.explain(
        "Correlation, and what it does not tell you",
        "The **correlation** of an input with the goal (statisticians call it Pearson's r) "
        "runs from -1 to +1. At **+1** the input is high exactly when the goal is high; at "
        "**-1** exactly when it is low; near **0** knowing the input tells you nothing about "
        "the goal. An input that never changes has no correlation at all (*no variation*).\n\n"
        "Correlation is a fact about **one input**, and needs rows that differ. Whether the "
        "error can reach 0 is a fact about **the whole table**: it can when some weighting of "
        "the inputs fits every row exactly. The two usually go together, not always, so the "
        "primer's \"if there's no correlation, the error will never reach zero\" is a rule of "
        "thumb. And weights are not correlations: an input that is 1 in every row has no "
        "correlation with anything, yet it can carry a large weight, because with no bias "
        "term of its own the network uses such an input as its offset, its **bias**.",
    )


def learning() -> None:
    """The weights pass by pass, where they end against the best ones, and why the floor
    is where it is."""
    if not df.empty:
        ui.chart(charts.weights_per_pass(df, list(data.input_names)), describe_weights(run))
    ui.table(pd.DataFrame({
        "input": list(data.input_names),
        "weight after training": [repr(w) for w in run.final_weights],
        "best weight (at the floor)": [repr(w) for w in floor.weights],
    }))
    st.caption("An input that is 0 in every row has no effect on any prediction, so every "
               "weight for it is equally good; the best-weight column then shows 0.")
    ui.explain(
        "Why the floor is where it is",
        "A single neuron can only **add up** its inputs, each scaled by one weight. So the "
        "error can vanish only if the goals already follow such a sum. Two things put them "
        "out of reach. Goals that need an **offset** (say, always one more than the input): a "
        "weight can only scale its input, so they are out of reach unless some input is the "
        "same non-zero number in every row, which then acts as the bias. Goals that depend on "
        "a **combination**, such as *\"this light, but only when that one is off\"*: no "
        "weighted sum can say that. Stacking a second layer of weighted sums does not help by "
        "itself, because two weighted sums in a row are still one weighted sum; a hidden layer "
        "beats the floor only with a non-linear step between the layers (such as ReLU, which "
        "turns negative numbers into 0). That is the next lesson.\n\n"
        "The floor is the total error of one set of weights **held fixed** over the whole "
        "table. Training never holds its weights fixed: it nudges them after every row, so a "
        "pass's total is added up by weights that keep changing. It can level off above the "
        "floor (the weights keep circling the best ones), and it can even dip below it. The "
        "verdict above says which error is which for this run.",
    )


def every_pass() -> None:
    """Every pass's numbers, as a table and as a CSV file."""
    ui.table(df.astype({c: str for c in df.columns if c != "pass"}),
             titles={"total_error": "total error"})
    st.download_button(
        "Download these passes as CSV", df.to_csv(index=False), file_name="correlation.csv",
        mime="text/csv", icon=":material/download:", on_click="ignore",
    )


PARTS.draw({WHICH: which_input, LEARNING: learning, EVERY_PASS: every_pass})

# the take-home code, below the parts: it is the whole run's, whichever part is open
script = loop_source(run)
code_panel(
    script,
    title="The training loop with this table",
    caption="Paste this into Python: it prints the total error and the weights of every pass, "
    f"the same numbers as the table in *{EVERY_PASS}*. (A run that overflowed stops with an "
    "OverflowError there.)",
)
activities.notebook_button(script, "correlation")
share_link(container=link)
