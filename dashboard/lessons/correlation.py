"""Lesson: correlation. Without it, the error never reaches zero.

Story: one example becomes a table -> pick a data set, or type the class's own
-> which inputs go up and down with the goal -> train one row at a time and
watch the total error fall to the floor -> why the floor is 0 only when some
weighting fits every row -> the weights as they learn -> every pass, and the
code to take home.
"""

import pandas as pd
import streamlit as st

from dashboard import charts, ui
from dashboard.controls import ALPHA, Choice, Panel, Slider, Toggle, share_link
from dashboard.ui import code_panel, num, verdict
from primer.dataset import (
    MAX_INPUTS,
    MAX_ROWS,
    PRESETS,
    Outcome,
    correlations,
    loop_source,
    report,
    strongest_input,
    train,
    validate,
)
from primer.dataset import verdict as table_verdict

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
)
LOG = Toggle("log", "Log scale for the total error",
             help="A log scale shows the error still shrinking long after it looks like zero, "
                  "and an exploding error on the same chart.")


def rows_of(frame: pd.DataFrame) -> tuple[list[list], list[str]]:
    """The editor's table as plain lists for primer, cells untouched.

    st.data_editor hands back a DataFrame whose cells may be floats, NaN,
    None or text; primer's ``validate`` judges each one and names the cell
    when it is not a finite number.
    """
    return frame.astype(object).to_numpy().tolist(), [str(c) for c in frame.columns]


ui.page_setup(
    "Correlation: why the error sometimes never reaches zero",
    "The descent lesson taught one weight from one example. Real data is a **table**: many "
    "rows, each with several **inputs** and the **goal** the network should predict for that "
    "row. The network is still a single neuron: it multiplies each input by its own weight "
    "and adds the results up. Training visits the rows one after another, and after each "
    "row every weight takes a small step against its share of that row's error, exactly "
    "the update of the descent lesson. One trip through all the rows is a **pass**; the "
    "errors of its rows, added up, are the pass's **total error**.\n\n"
    "Whether that total can fall to zero depends on the data, not on how long you train. "
    "Learning finds the inputs that rise and fall together with the goal. If no weighting "
    "of the inputs can reproduce the goals, there is a lowest possible total error, a "
    "**floor**, and training stops improving there."
)

# ---------------------------------------------------------------- 1. the data

st.header("1. Pick a table, or change it")
choice = DATA.draw()
preset = PRESETS[choice]
st.caption(preset.description)

s = PANEL.draw()
link = st.sidebar.empty()  # filled at the end, once every control of the page is drawn

version = st.session_state.setdefault("table_version", 0)
start = pd.DataFrame(preset.data.table(), columns=list(preset.data.names))
edited = st.data_editor(
    start, num_rows="dynamic", key=f"table-{choice}-{version}", width="stretch",
    column_config={
        name: st.column_config.NumberColumn(
            name, help="The goal: what the prediction should be for this row."
            if name == preset.data.goal_name else "An input: one number per row.",
        )
        for name in preset.data.names
    },
)
left, right = st.columns([3, 1], vertical_alignment="center")
left.caption(
    f"Edit any cell, add rows at the bottom, or select rows and delete them. The last column "
    f"is the goal; every cell needs a number. Up to {MAX_ROWS} rows and {MAX_INPUTS} inputs."
)
if right.button("Restore this table", icon=":material/restart_alt:", width="stretch",
                key="restore"):
    st.session_state["table_version"] = version + 1
    st.rerun()

rows, names = rows_of(edited)
data = validate(rows, names)
if isinstance(data, str):
    st.error(f"**This table cannot be used yet.** {data}", icon=":material/table_view:")
    st.info(
        "Nothing is trained until every cell holds an ordinary number. Rows are counted from "
        "the top of the table, starting at 1. Fix that cell, delete the row, or press "
        "**Restore this table**.",
        icon=":material/pause_circle:",
    )
    st.stop()

# ---------------------------------------------------------------- 2. correlation

st.header("2. Which input goes up and down with the goal?")
corr = correlations(data)
chart_col, text_col = st.columns([3, 2])
with chart_col:
    ui.chart(charts.correlation_bars(pd.DataFrame(
        {"input": [c.name for c in corr], "r": [c.r for c in corr]})))
with text_col:
    st.markdown(
        "The **correlation** of an input with the goal runs from -1 to +1. At **+1** the "
        "input is high exactly when the goal is high; at **-1** exactly when it is low; near "
        "**0** knowing the input tells you nothing about the goal. An input that never "
        "changes has no correlation at all (*no variation*): it cannot follow anything.\n\n"
        "Training does not compute these numbers. It discovers them: weights on inputs that "
        "track the goal grow, the rest fade."
    )
st.info(table_verdict(data), icon=":material/lightbulb:")

# ---------------------------------------------------------------- 3. training

st.header("3. Train it one row at a time")
run = train(data, alpha=s["alpha"], passes=s["passes"])
outcome = report(run)
floor = outcome.floor
verdict(outcome)
if run.stopped_at is not None:
    st.caption(
        f"The charts and table show the {len(run.records)} passes that still had finite numbers."
    )

strong = strongest_input(data)
cols = st.columns(4)
cols[0].metric("Total error, first pass", num(run.errors[0] if run.errors else None),
               help="Every row's error, added up, during the first pass.")
cols[1].metric("Total error, last pass", num(outcome.last_error),
               help="Every row's error, added up, during the last pass that finished.")
cols[2].metric("Floor", num(floor.total_error),
               help="The lowest total error any fixed weights can reach on this table, "
               "found directly by least squares rather than by training.")
cols[3].metric("Strongest input", "none" if strong is None else data.input_names[strong],
               help="The input whose correlation with the goal is largest, either sign.")

df = pd.DataFrame(run.columns())
if df.empty:
    st.warning("No pass produced finite numbers, so there is nothing to draw.")
else:
    log = LOG.draw()
    err_col, w_col = st.columns(2)
    with err_col:
        ui.chart(charts.total_error_per_pass(df, floor.total_error, log=log),
                 charts.describe_passes(df) + " The green dashed line is the floor: the "
                 "lowest total error any fixed weights can reach on this table.")
    with w_col:
        ui.chart(charts.weights_per_pass(df, list(data.input_names)),
                 "Each line is one input's weight after each pass.")

st.subheader("Why the floor is where it is")
if floor.reaches_zero:
    st.markdown(
        "Here some weighting of the inputs gives every row its goal exactly, so the floor is "
        "0, and with a small enough alpha training gets as close to it as you let it run. The "
        "weight of the input that carries the signal grows towards the value that reproduces "
        "the goal; inputs that carry nothing drift towards 0."
    )
else:
    st.markdown(
        f"No weighting of these inputs hits every goal, so the floor, {num(floor.total_error)}, "
        "is above zero. A single neuron can only **add up** its inputs, each scaled by one "
        "weight, so the goals must already follow such a sum for the error to vanish. When "
        "they do not (an input that is always 0, or a goal that depends on a *combination*, "
        "such as *\"this light, but only when that one is off\"*), no weights close the gap, "
        "however long you train. Combinations need a second layer, which first builds new "
        "inputs out of these ones."
    )
    if outcome.kind in (Outcome.LEVELLED_OFF, Outcome.FALLING, Outcome.BOUNCING):
        st.markdown(
            "Why does training settle **above** the floor rather than on it? The floor "
            "belongs to one set of weights held fixed over the whole table (the right-hand "
            "column below). Training never holds its weights fixed: with a fixed step alpha, "
            "each update pulls them towards the row just seen and away from the others, so "
            "they keep circling the best weights instead of landing on them. Drag alpha down "
            "(and passes up) to watch the circle tighten and the gap shrink."
        )
weights = pd.DataFrame({
    "input": list(data.input_names),
    "weight after training": [repr(w) for w in run.final_weights],
    "best weight (at the floor)": [repr(w) for w in floor.weights],
})
st.dataframe(weights, hide_index=True, width="stretch")
st.caption(
    "An input that is 0 in every row has no effect on any prediction, so every weight for it "
    "is equally good; the best-weight column then shows 0."
)

# ---------------------------------------------------------------- 4. every number

st.header("4. Every pass")
st.dataframe(df.astype({c: str for c in df.columns if c != "pass"}), hide_index=True,
             width="stretch",
             column_config={"total_error": st.column_config.TextColumn("total error")})
st.download_button(
    "Download these passes as CSV", df.to_csv(index=False), file_name="correlation.csv",
    mime="text/csv", icon=":material/download:", on_click="ignore",
)
code_panel(
    loop_source(run),
    title="The training loop with this table",
    caption="Paste this into Python: it prints the total error and the weights of every pass, "
    "the same numbers as the table above. (A run that overflowed stops with an "
    "OverflowError there.)",
)
share_link(container=link)
