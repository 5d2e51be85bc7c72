"""The shared slider panel. Every slider lives in the URL, so a link reproduces the view.

Streamlit's own ``bind="query-params"`` keeps each slider and its query
parameter in sync and drops values it cannot accept (text, NaN, out of range),
so there is no hand-written URL parsing here. What this module adds is a
visible note when a link carried a value that was dropped.
"""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st


@dataclass(frozen=True)
class Control:
    key: str  # also the URL query parameter
    label: str
    min: float
    max: float
    default: float
    step: float
    help: str
    format: str | None = None

    @property
    def is_int(self) -> bool:
        return isinstance(self.default, int)


CONTROLS: dict[str, Control] = {
    c.key: c
    for c in (
        Control("weight", "Starting weight", -2.0, 2.0, 0.5, 0.01,
                "The volume knob the network learns. This is where the descent starts.", "%.2f"),
        Control("input", "Input", -3.0, 3.0, 2.0, 0.05,
                "The number fed into the neuron. Prediction = input x weight.", "%.2f"),
        Control("goal", "Goal", -2.0, 2.0, 0.8, 0.05,
                "The prediction we want the neuron to make.", "%.2f"),
        Control("alpha", "Learning rate α (alpha)", 0.0, 2.0, 0.1, 0.01,
                "How big a fraction of the derivative each update subtracts from the weight.",
                "%.2f"),
        Control("iterations", "Iterations", 1, 200, 20, 1,
                "How many times the loop predicts, measures the error and updates the weight."),
    )
}


def slider_panel(keys: tuple[str, ...], *, container=None) -> dict[str, float]:
    """Draw the sliders named by ``keys`` (bound to the URL) and return their values.

    A URL value Streamlit rejected is reported once, next to the sliders, so a
    teacher knows the view fell back to the default for it.
    """
    container = container or st.sidebar
    from_url = {key: st.query_params.get(key) for key in keys}  # read before binding cleans it
    values: dict[str, float] = {}
    with container:
        for key in keys:
            c = CONTROLS[key]
            values[key] = st.slider(
                c.label, min_value=c.min, max_value=c.max, value=c.default, step=c.step,
                help=c.help, format=c.format, key=key, bind="query-params",
            )
        rejected = [
            (key, raw, values[key]) for key, raw in from_url.items()
            if raw is not None and not _same_number(raw, values[key])
        ]
        if rejected:
            st.warning(_rejected_note(rejected), icon=":material/link_off:")
    return values


def _same_number(raw: str, value: float) -> bool:
    try:
        return float(raw) == value
    except ValueError:
        return False


def _rejected_note(rejected: list[tuple[str, str, float]]) -> str:
    """Markdown; the URL's text is shown only inside a code span, so it is never rendered."""
    parts = []
    for key, raw, used in rejected:
        c = CONTROLS[key]
        shown = "".join(ch if ch.isprintable() and ch != "`" else "?" for ch in raw[:40])
        shown += "..." if len(raw) > 40 else ""
        parts.append(
            f"**{c.label}**: `{shown}` is not a usable value (a number from {c.min:g} "
            f"to {c.max:g}), so the lesson uses {used:g}."
        )
    return "This link carried a value the lesson cannot use:\n\n" + "\n\n".join(
        f"- {p}" for p in parts
    )
