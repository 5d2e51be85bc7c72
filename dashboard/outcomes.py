"""How each kind of outcome looks: one table for every Enum of outcomes in ``primer``.

``primer`` decides what a run did (a :class:`primer.outcome.Verdict` whose
``kind`` is a member of one of its Enums) and says why; this table says only
how the dashboard shows it: the box's tone, its icon, and the dash pattern of a
chart line labelled with it. tests/test_outcomes.py checks that every member of
every outcome Enum in ``primer`` has a row here, so a new outcome cannot reach a
page unstyled.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from primer.dataset import Outcome
from primer.descent import Regime

SOLID, LONG_DASH, DOTTED, DASH_DOT = (1, 0), (9, 3), (2, 3), (12, 3, 2, 3)


@dataclass(frozen=True)
class Style:
    tone: str  # "good", "note", "caution" or "bad": the box it is drawn in
    icon: str  # a Material icon, as Streamlit spells it
    dash: tuple[int, ...] = SOLID  # a chart line labelled with this outcome


GOOD, NOTE, CAUTION, BAD = "good", "note", "caution", "bad"

STYLE: dict[enum.Enum, Style] = {
    # the gradient-descent loop (primer.descent.regime)
    Regime.CONVERGES: Style(GOOD, ":material/check_circle:"),
    Regime.ONE_STEP: Style(GOOD, ":material/check_circle:"),
    Regime.AT_GOAL: Style(GOOD, ":material/check_circle:"),
    Regime.OVERSHOOTS: Style(NOTE, ":material/swap_vert:", LONG_DASH),
    Regime.OSCILLATES: Style(CAUTION, ":material/sync:", DOTTED),
    Regime.STILL: Style(CAUTION, ":material/pause_circle:", DOTTED),
    Regime.CANNOT_LEARN: Style(CAUTION, ":material/block:", DOTTED),
    Regime.DIVERGES: Style(BAD, ":material/warning:", DASH_DOT),
    # training on a table, judged against its floor (primer.dataset.report)
    Outcome.AT_FLOOR: Style(GOOD, ":material/check_circle:"),
    Outcome.STARTED_AT_FLOOR: Style(NOTE, ":material/pause_circle:"),
    Outcome.BELOW_FLOOR: Style(NOTE, ":material/info:"),
    Outcome.FALLING: Style(NOTE, ":material/trending_down:"),
    Outcome.ONE_PASS: Style(NOTE, ":material/looks_one:"),
    Outcome.LEVELLED_OFF: Style(CAUTION, ":material/horizontal_rule:"),
    Outcome.BOUNCING: Style(CAUTION, ":material/sync:"),
    Outcome.GROWING: Style(BAD, ":material/warning:"),
    Outcome.STOPPED: Style(BAD, ":material/dangerous:"),
}

# How a verdict's headline reads, per Enum: its label goes in the gap.
HEADLINE: dict[type[enum.Enum], str] = {
    Regime: "This run {}.",
    Outcome: "The total error {}.",
}


def style(kind: enum.Enum) -> Style:
    return STYLE[kind]


def headline(kind: enum.Enum) -> str:
    """The verdict's first words, e.g. "This run converges smoothly."."""
    return HEADLINE.get(type(kind), "{}.").format(kind.value)
