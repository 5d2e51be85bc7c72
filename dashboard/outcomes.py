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

from primer import challenges, deep, hot_cold, keras_lesson, neuron
from primer.dataset import Fit, Outcome, Rule
from primer.descent import Heading, Regime, Walk

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
    # what a table allows, before any training (primer.dataset.table_verdict, rule_of_thumb)
    Fit.EXACT: Style(GOOD, ":material/check_circle:"),
    Fit.FLOOR: Style(NOTE, ":material/horizontal_rule:"),
    Fit.NOTHING: Style(CAUTION, ":material/block:"),
    Rule.HOLDS: Style(NOTE, ":material/rule:"),
    Rule.CORRELATION_NOT_ENOUGH: Style(CAUTION, ":material/lightbulb:"),
    Rule.ZERO_WITHOUT_CORRELATION: Style(CAUTION, ":material/lightbulb:"),
    # how the descent walked its error curve (primer.descent.walk)
    Walk.DOWNHILL: Style(GOOD, ":material/trending_down:"),
    Walk.ZIGZAG: Style(NOTE, ":material/swap_vert:", LONG_DASH),
    Walk.LEVEL: Style(CAUTION, ":material/sync:", DOTTED),
    Walk.CLIMBS: Style(BAD, ":material/trending_up:", DASH_DOT),
    Walk.MIXED: Style(CAUTION, ":material/sync:", DOTTED),
    Walk.STILL: Style(CAUTION, ":material/pause_circle:", DOTTED),
    Walk.EMPTY: Style(NOTE, ":material/info:"),
    # hot and cold, and who wins against gradient descent (primer.hot_cold)
    hot_cold.Outcome.ALREADY_THERE: Style(GOOD, ":material/check_circle:"),
    hot_cold.Outcome.CANNOT_LEARN: Style(CAUTION, ":material/block:"),
    hot_cold.Outcome.STILL: Style(CAUTION, ":material/pause_circle:"),
    hot_cold.Outcome.LEARNS: Style(GOOD, ":material/check_circle:"),
    hot_cold.Outcome.CRAWLS: Style(NOTE, ":material/hourglass_top:"),
    hot_cold.Outcome.STUCK: Style(CAUTION, ":material/sync:"),
    hot_cold.Outcome.TOO_SLOW: Style(CAUTION, ":material/hourglass_top:"),
    hot_cold.Outcome.OVERFLOWS: Style(BAD, ":material/dangerous:"),
    hot_cold.Winner.DESCENT: Style(GOOD, ":material/trending_down:"),
    hot_cold.Winner.HOT_COLD: Style(NOTE, ":material/thermostat:"),
    hot_cold.Winner.TIE: Style(NOTE, ":material/balance:"),
    hot_cold.Winner.NEITHER: Style(CAUTION, ":material/info:"),
    hot_cold.Winner.NEITHER_CAN_LEARN: Style(CAUTION, ":material/block:"),
    # the hidden layer (primer.deep.report)
    deep.Outcome.BEATS_FLOOR: Style(GOOD, ":material/check_circle:"),
    deep.Outcome.FALLING: Style(NOTE, ":material/trending_down:"),
    deep.Outcome.DEAD: Style(CAUTION, ":material/power_off:"),
    deep.Outcome.LEVELLED_OFF: Style(CAUTION, ":material/horizontal_rule:"),
    deep.Outcome.GROWING: Style(BAD, ":material/warning:"),
    deep.Outcome.BOUNCING: Style(CAUTION, ":material/sync:"),
    deep.Outcome.ONE_PASS: Style(NOTE, ":material/looks_one:"),
    deep.Outcome.STILL: Style(CAUTION, ":material/pause_circle:"),
    deep.Outcome.LINEAR: Style(CAUTION, ":material/horizontal_rule:"),
    deep.Outcome.STOPPED: Style(BAD, ":material/dangerous:"),
    # Keras against the hand-written loop (primer.keras_lesson.judge)
    keras_lesson.Match.SAME: Style(GOOD, ":material/check_circle:"),
    keras_lesson.Match.DIFFERENT: Style(BAD, ":material/help:"),
    keras_lesson.Match.OTHER_RULE: Style(NOTE, ":material/call_split:"),
    keras_lesson.Match.NOTHING: Style(CAUTION, ":material/info:"),
    # a class challenge (primer.challenges)
    challenges.Progress.SOLVED: Style(GOOD, ":material/emoji_events:"),
    challenges.Progress.CLOSE: Style(NOTE, ":material/near_me:"),
    challenges.Progress.NOT_YET: Style(NOTE, ":material/flag:"),
    # what the neuron's weight does to its input (primer.neuron.knob_verdict)
    neuron.Knob.SILENCED: Style(NOTE, ":material/volume_off:"),
    neuron.Knob.UNCHANGED: Style(NOTE, ":material/drag_handle:"),
    neuron.Knob.FLIPPED: Style(NOTE, ":material/swap_vert:"),
    neuron.Knob.LOUDER: Style(NOTE, ":material/volume_up:"),
    neuron.Knob.QUIETER: Style(NOTE, ":material/volume_down:"),
}

# Enums in primer that name facts about one step, not what a run amounted to: no box.
FACTS: tuple[type[enum.Enum], ...] = (Heading,)

# How a verdict's headline reads, per Enum: its label goes in the gap.
HEADLINE: dict[type[enum.Enum], str] = {
    Regime: "This run {}.",
    Outcome: "The total error {}.",
    Fit: "This table {}.",
    Rule: "The primer's rule of thumb: {}.",
    Walk: "The run {}.",
    hot_cold.Outcome: "Hot and cold {}.",
    hot_cold.Winner: "Against gradient descent: {}.",
    deep.Outcome: "The two-layer network: {}.",
    keras_lesson.Match: "Keras and the loop: {}.",
    challenges.Progress: "Challenge: {}.",
    neuron.Knob: "The input comes out {}.",
}


def style(kind: enum.Enum) -> Style:
    return STYLE[kind]


def headline(kind: enum.Enum) -> str:
    """The verdict's first words, e.g. "This run converges smoothly."."""
    return HEADLINE.get(type(kind), "{}.").format(kind.value)
