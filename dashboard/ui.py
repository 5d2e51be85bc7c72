"""Display helpers shared by the lessons (Streamlit calls, no lesson maths).

Every page calls :func:`page_setup` once, first thing: it draws the classroom-mode switch
and applies its large type.
"""

from __future__ import annotations

import math

import altair as alt
import pandas as pd
import streamlit as st
from pandas.io.formats.style import Styler

from dashboard import charts, controls
from primer.descent import Regime, RegimeReport

VERDICT_STYLE = {
    Regime.CONVERGES: (st.success, ":material/check_circle:"),
    Regime.ONE_STEP: (st.success, ":material/check_circle:"),
    Regime.AT_GOAL: (st.success, ":material/check_circle:"),
    Regime.OVERSHOOTS: (st.info, ":material/swap_vert:"),
    Regime.OSCILLATES: (st.warning, ":material/sync:"),
    Regime.STILL: (st.warning, ":material/pause_circle:"),
    Regime.CANNOT_LEARN: (st.warning, ":material/block:"),
    Regime.DIVERGES: (st.error, ":material/warning:"),
}


def num(x: float | None, digits: int = 4) -> str:
    """A number short enough for a metric card; exact values live in the table."""
    if x is None:
        return "none"
    if not math.isfinite(x):
        return "∞" if x > 0 else "-∞" if x < 0 else "not a number"
    return f"{x:.{digits}g}"


def verdict(report: RegimeReport) -> None:
    box, icon = VERDICT_STYLE[report.kind]
    box(f"**This run {report.label}.** {report.explanation}", icon=icon)


def code_panel(source: str, *, title: str, caption: str) -> None:
    """The code behind what the page shows, ready to copy and run."""
    with st.expander(title, icon=":material/code:"):
        st.caption(caption)
        st.code(source, language="python")


# ---------------------------------------------------------------------------
# Every page: classroom mode, charts with a spoken summary, a highlighted table row

CLASSROOM_KEY = "classroom"

# Large type for a projector, scoped to Streamlit's own data-testid hooks. Streamlit sizes
# text in rem, so raising the root size scales text, widgets and the sidebar together;
# the few elements sized in px (metric values, the canvas table) get their own rules.
CLASSROOM_CSS = """
<style>
html { font-size: 24px !important; }
[data-testid="stSidebar"] { min-width: 420px !important; }
[data-testid="stMetricValue"] { font-size: 2.4rem !important; font-weight: 700; }
[data-testid="stMetricLabel"] p { font-size: 1rem !important; }
[data-testid="stCaptionContainer"] { font-size: 0.95rem !important; }
[data-testid="stSliderThumbValue"], [data-testid="stSliderTickBarMin"],
[data-testid="stSliderTickBarMax"] { font-size: 1rem !important; }
[data-testid="stDataFrame"] { zoom: 1.45; }
[data-testid="stCode"] pre, [data-testid="stCode"] code { font-size: 0.9rem !important; }
</style>
"""


def page_setup() -> bool:
    """Call once, first thing, on every page. Returns whether classroom mode is on.

    Draws the "Classroom mode" switch at the top of the sidebar, bound to the
    URL (``?classroom=true``; ``?classroom=1`` works too), and when it is on
    enlarges the type of the whole page and its charts (see :func:`chart`).
    """
    with st.sidebar:
        on = controls.bound_toggle(
            "Classroom mode", CLASSROOM_KEY, also_true=("1", "yes", "on"),
            help="Large type for a projector: numbers, sliders and charts readable from the "
                 "back of the room. Stays on when you share the link.",
        )
    if on:
        st.html(CLASSROOM_CSS)
    return on


def classroom() -> bool:
    """Whether classroom mode is on (after :func:`page_setup` has drawn its switch)."""
    return bool(st.session_state.get(CLASSROOM_KEY, False))


def chart(figure: alt.TopLevelMixin, summary: str) -> None:
    """An Altair chart with its one-sentence summary, as the caption and as the alt text a
    screen reader speaks. In classroom mode its type is enlarged too."""
    st.altair_chart(charts.readable(figure) if classroom() else figure, width="stretch",
                    alt=summary)
    st.caption(summary)


# Okabe-Ito orange, translucent: the row stands out on light and on dark backgrounds.
HIGHLIGHT = "background-color: rgba(230, 159, 0, 0.4); font-weight: bold"


def highlight_row(df: pd.DataFrame, row: int) -> Styler:
    """``df`` styled for st.dataframe with row number ``row`` (by position) highlighted."""
    styles = [HIGHLIGHT if i == row else "" for i in range(len(df))]
    return df.style.apply(lambda col: styles, axis=0)
