"""Small display helpers shared by the lessons (Streamlit calls, no lesson maths)."""

from __future__ import annotations

import math

import streamlit as st

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
