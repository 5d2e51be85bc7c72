"""Display helpers shared by the lessons (Streamlit calls, no lesson maths).

Every page calls :func:`page_setup` once, first thing: it draws the classroom-mode switch
and applies its large type.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Sequence

import pandas as pd
import streamlit as st
from pandas.io.formats.style import Styler

from dashboard import charts, outcomes
from dashboard.controls import CLASSROOM_KEY, Toggle
from primer.outcome import Verdict
from primer.script import Script

# The box each tone of outcome is drawn in (dashboard/outcomes.py gives every outcome a tone).
BOX = {outcomes.GOOD: st.success, outcomes.NOTE: st.info, outcomes.CAUTION: st.warning,
       outcomes.BAD: st.error}


def num(x: float | None, digits: int = 4) -> str:
    """A number short enough for a metric card; exact values live in the table."""
    if x is None:
        return "none"
    if not math.isfinite(x):
        return "∞" if x > 0 else "-∞" if x < 0 else "not a number"
    text = f"{x:.{digits}g}"
    if "e" in text and abs(int(text.split("e")[1])) >= 100:
        # -1.077e+154 -> -1.08e154: a diverging run's huge numbers must still fit a card
        mantissa, exponent = f"{x:.{min(digits, 3)}g}".split("e")
        text = f"{mantissa}e{int(exponent)}"
    return text


def verdict(v: Verdict) -> None:
    """What a run did, in its outcome's box: the headline and summary, the reasons folded
    away under "Why?" (every lesson's verdict is drawn here, and only here)."""
    style = outcomes.style(v.kind)
    BOX[style.tone](f"**{outcomes.headline(v.kind)}** {v.summary}", icon=style.icon)
    if v.why:
        with st.expander("Why?", icon=":material/help:"):
            st.markdown(v.why)


def code_panel(script: Script | str, *, title: str, caption: str, key: str | None = None) -> None:
    """The code behind what the page shows, ready to copy and run. Long lines wrap on
    screen (nothing is cut off on a projector); the copy button copies them unwrapped.

    With a ``key`` the panel is lazy: its code is drawn only while it is open (opening it
    reruns the page, and ``st.session_state[key]`` says whether it is). A long script
    whose text changes with every slider move costs the browser about a third of a move's
    redraw on /deep when it is drawn closed (measured alternately, 1,124 -> 793 ms).
    """
    panel = st.expander(title, icon=":material/code:", key=key,
                        on_change="rerun" if key else "ignore")
    if key and not panel.open:
        return
    with panel:
        st.caption(caption)
        st.code(script.source() if isinstance(script, Script) else script, language="python",
                wrap_lines=True)


# ---------------------------------------------------------------------------
# Every page: classroom mode, charts with a spoken summary, a highlighted table row

CLASSROOM = Toggle(
    CLASSROOM_KEY, "Classroom mode",
    help="Large type for a projector: numbers, sliders and charts readable from the back of "
         "the room. Stays on when you share the link.",
)
PREDICT = Toggle(
    "predict", "Predict, then reveal",
    help="The class votes on what the run will do before seeing it: the verdict, charts and "
         "numbers stay hidden until you press Reveal. Any change to the settings hides them "
         "again. Stays on when you share the link.",
)

# Every page: a little less empty space above the title, and a working sign. Streamlit's own
# running indicator is a small icon in a corner; this turns it into a badge at the top of the
# screen that a class sees on a projector. It fades in only after 150 ms, so the quick reruns
# of a slider move do not flicker.
PAGE_CSS = """
<style>
[data-testid="stMainBlockContainer"] { padding-top: 2.5rem !important; }
[data-testid="stStatusWidget"] { position: fixed !important; top: 0.5rem; left: 50%;
  transform: translateX(-50%); z-index: 1000001; background: #E69F00; color: #111827;
  border-radius: 999px; padding: 0.15rem 0.9rem; box-shadow: 0 2px 8px rgba(0, 0, 0, 0.35);
  font-weight: 700; opacity: 0; animation: working-sign 0.1s linear 0.15s forwards; }
[data-testid="stStatusWidget"] * { color: #111827 !important; }
@keyframes working-sign { to { opacity: 1; } }
@media (max-width: 640px) { h1 { font-size: 2rem !important; } }
</style>
"""

# Large type for a projector, scoped to Streamlit's own data-testid hooks. Streamlit sizes
# text in rem, so raising the root size scales text, widgets and the sidebar together;
# headings shrink back so the lesson's stage (verdict, numbers, main chart) fits a 1280 x 720
# screen; the few elements sized in px (metric values, the canvas table) get their own rules.
# The sidebar's header (empty but for the collapse button) shrinks, so a slider stays on the
# first screen below the classroom and predict switches.
CLASSROOM_CSS = """
<style>
html { font-size: 22px !important; }
[data-testid="stMainBlockContainer"] { max-width: none !important; padding-left: 2rem !important;
  padding-right: 2rem !important; padding-top: 3.2rem !important; }
h1 { font-size: 1.7rem !important; padding-top: 0.2rem !important; }
h2 { font-size: 1.35rem !important; }
h3 { font-size: 1.15rem !important; }
[data-testid="stMetricValue"] { font-size: 1.9rem !important; font-weight: 700; }
[data-testid="stMetricLabel"] p { font-size: 0.9rem !important; }
[data-testid="stCaptionContainer"] { font-size: 0.95rem !important; }
[data-testid="stSliderThumbValue"], [data-testid="stSliderTickBarMin"],
[data-testid="stSliderTickBarMax"] { font-size: 1rem !important; }
[data-testid="stTable"] td, [data-testid="stTable"] th { font-size: 0.85rem !important; }
[data-testid="stCode"] pre, [data-testid="stCode"] code { font-size: 0.9rem !important; }
[data-testid="stMain"] .stButton button { padding-left: 0.55rem !important;
  padding-right: 0.55rem !important; }
[data-testid="stSidebarHeader"] { height: 2.4rem !important; margin-bottom: 0 !important; }
[data-testid="stSidebarUserContent"] { padding-top: 0.4rem !important; }
</style>
"""


def page_setup(title: str, lede: str, *, predict: bool = False) -> bool:
    """Call once, first thing, on every page: its title and a one- or two-sentence lede (left
    out in classroom mode). Returns whether classroom mode is on.

    Draws the "Classroom mode" switch at the top of the sidebar, bound to the
    URL (``?classroom=true``; ``?classroom=1`` works too), and when it is on
    enlarges the type of the whole page and its charts (see :func:`chart`).
    A lesson that asks the class to predict its run (``predict=True``; see
    ``dashboard/activities.py``) gets the "Predict, then reveal" switch beside it.
    """
    ss = st.session_state
    # Each page draws its own switches, and Streamlit resets a page's widgets when another page
    # opens; a copy outside the widget carries the teacher's choice from page to page (a click
    # on the switch updates the copy first, in its callback).
    toggles = (CLASSROOM, PREDICT) if predict else (CLASSROOM,)
    for toggle in toggles:
        if _carried(toggle) in ss:
            ss[toggle.key] = ss[_carried(toggle)]
    with st.sidebar.container(gap="small"):
        for toggle in toggles:
            ss[_carried(toggle)] = toggle.draw(
                on_change=functools.partial(_remember, toggle))
    on = ss[CLASSROOM_KEY]
    st.html(PAGE_CSS + (CLASSROOM_CSS if on else ""))
    st.title(title)
    if not on:  # on a projector the teacher frames the lesson; the screen keeps the run
        st.markdown(lede)
    return on


def _carried(toggle: Toggle) -> str:
    """The session key of the copy that carries ``toggle``'s choice from page to page."""
    return f"_{toggle.key}_choice"


def _remember(toggle: Toggle) -> None:  # runs before the page, so the click wins over the copy
    st.session_state[_carried(toggle)] = st.session_state[toggle.key]


def classroom() -> bool:
    """Whether classroom mode is on (after :func:`page_setup` has drawn its switch)."""
    return bool(st.session_state.get(CLASSROOM_KEY, False))


def predicting() -> bool:
    """Whether the class predicts before it sees the run (after :func:`page_setup` has drawn
    the switch; always False on a page that does not offer it)."""
    return bool(st.session_state.get(PREDICT.key, False))


def columns(n: int, *, classroom_per_row: int = 1) -> list:
    """``n`` columns side by side; in classroom mode at most ``classroom_per_row`` to a row
    (the rest wrap onto further rows), so each holds numbers or a chart large enough to
    read from the back of the room."""
    per_row = min(n, classroom_per_row) if classroom() else n
    cells: list = []
    while len(cells) < n:
        cells += st.columns(per_row)
    return cells[:n]


def explain(title: str, body: str) -> None:
    """The lesson's explanation of what is on screen. In classroom mode it folds away, so the
    projector's first screen keeps the run itself; elsewhere it is read in place."""
    if classroom():
        with st.expander(title, icon=":material/menu_book:"):
            st.markdown(body)
    else:
        st.subheader(title)
        st.markdown(body)


def stage() -> tuple:
    """The lesson's first screen: a narrow column for its verdict and key numbers beside a
    wide one for its main chart (stacked on a phone)."""
    return st.columns([1, 1], gap="small")


def numbers(cards: Sequence[tuple[str, str, str | None]]) -> None:
    """Key numbers as metric cards (label, value, help) that wrap onto a new line instead of
    being cut off when they do not fit."""
    with st.container(horizontal=True, wrap=True, gap="medium"):
        for label, value, help in cards:
            st.metric(label, value, help=help, width="content")


def chart(figure: charts.Figure, summary: str | None = None, **select) -> None:
    """A chart of the page, with its one-sentence ``summary`` (the run's numbers) below it.

    The spec is the figure's cached template (enlarged by a cached config merge in
    classroom mode) and only its data changes from one rerun to the next, so the
    browser updates the chart in place. Its accessible name is its title, which never
    changes; the summary, which does, is plain text right after it, read in order by a
    screen reader. Every chart of every page goes through here. ``select`` (``key``,
    ``on_select``, ``selection_mode``) makes a chart with a selection param clickable
    (see ``activities.touch_bowl``).
    """
    spec = charts.readable(figure.spec) if classroom() else figure.spec
    st.vega_lite_chart({**spec, "datasets": dict(figure.data)}, width="stretch",
                       alt=figure.name, **select)
    if summary:
        st.caption(summary)


# Okabe-Ito orange, translucent: the row stands out on light and on dark backgrounds.
HIGHLIGHT = "background-color: rgba(230, 159, 0, 0.4); font-weight: bold"


def highlight_row(df: pd.DataFrame, row: int) -> Styler:
    """``df`` styled for st.dataframe with row number ``row`` (by position) highlighted."""
    styles = [HIGHLIGHT if i == row else "" for i in range(len(df))]
    return df.style.apply(lambda col: styles, axis=0)


def table(df: pd.DataFrame, *, highlight: int | None = None,
          titles: dict[str, str] | None = None) -> None:
    """Every row of ``df``, with row ``highlight`` (by position) picked out.

    Normally an interactive st.dataframe. In classroom mode a plain HTML table in a
    scrolling box instead: st.dataframe draws on a canvas that page styles cannot enlarge.
    """
    if classroom():
        shown = df.rename(columns=titles or {})
        styled = highlight_row(shown, highlight) if highlight is not None else shown.style
        with st.container(height=640):
            st.table(styled.hide(axis="index"))
    else:
        styled = highlight_row(df, highlight) if highlight is not None else df.style
        st.dataframe(styled, hide_index=True, width="stretch", column_config={
            c: st.column_config.TextColumn(t) for c, t in (titles or {}).items()})
