"""Challenges: small puzzles a class races to solve, each checked from the page's settings.

A challenge lives on one lesson. Its link sets up the puzzle (``?input=2.5&...``,
plus ``challenge=<id>`` so the page shows it), the class moves the sliders, and
:meth:`Challenge.check` judges the current settings: *solved*, with the reason,
or *close* / *not yet*, with how far off it is in numbers. Every judgement is
computed here from the lesson's own maths (``primer.descent``,
``primer.hot_cold``...), so a page never decides by itself that a puzzle is solved,
and the tests check that "solved" is only said when the condition really holds.

The thresholds (what counts as the largest learning rate, as close) are part of
each task's wording, so a student knows what is being checked.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from urllib.parse import urlencode

from primer import deep, descent, hot_cold
from primer.outcome import Verdict
from primer.words import fmt, plural


class Progress(enum.Enum):
    SOLVED = "solved"
    CLOSE = "close"
    NOT_YET = "not yet"


Settings = Mapping[str, float]


@dataclass(frozen=True)
class Challenge:
    """One puzzle: where it lives, what to do, the link that sets it up, and its check."""

    id: str  # lower-case letters, digits and dashes: ?challenge=<id>
    lesson: str  # the page's URL path, e.g. "descent"
    title: str
    task: str  # one or two sentences, saying what counts
    start: Mapping[str, float | int] = field(hash=False)  # query parameters of the set-up
    judge: Callable[[Settings], Verdict] = field(hash=False, repr=False)

    def check(self, settings: Settings) -> Verdict:
        """Solved, close or not yet for these settings (the lesson's URL keys), and why."""
        return self.judge(settings)

    @property
    def link(self) -> str:
        """The page and query that set the puzzle up, e.g. ``/descent?input=2.5&challenge=...``."""
        return f"/{self.lesson}?{urlencode({**self.start, 'challenge': self.id})}"


def _verdict(kind: Progress, summary: str, why: str = "") -> Verdict:
    return Verdict(kind, summary, why)


def _then(sentence: str) -> str:
    """A lesson's sentence continued after "Not yet: ": its first letter in lower case."""
    return sentence[:1].lower() + sentence[1:]


def _needs(settings: Settings, key: str, value: float, words: str) -> Verdict | None:
    """Not yet, when the puzzle's fixed setting was moved; None when it is in place."""
    if abs(settings[key] - value) <= 1e-9:  # a slider's float may be off in the last digit
        return None
    return _verdict(
        Progress.NOT_YET,
        f"This puzzle is about {words} {fmt(value)}, and it is set to "
        f"{fmt(settings[key])}. Set it back to {fmt(value)} (or open the challenge's link).",
    )


# ---------------------------------------------------------------- /descent: one step

# 1 / 2.5² = 0.16 is on the alpha slider's grid of 0.01. (With input 1.5 the answer would be
# 0.4444..., which no slider position gives: 0.44 still creeps, 0.45 already overshoots.)
ONE_STEP_INPUT = 2.5
ONE_STEP_CLOSE = 0.1  # close: alpha × input² within 0.1 of 1


def _one_step(settings: Settings) -> Verdict:
    x, alpha = settings["input"], settings["alpha"]
    weight, goal = settings["weight"], settings["goal"]
    wrong = _needs(settings, "input", ONE_STEP_INPUT, "input")
    if wrong:
        return wrong
    if x * weight == goal:
        return _verdict(
            Progress.NOT_YET,
            f"The prediction {fmt(x)} × {fmt(weight)} is already the goal {fmt(goal)}, so "
            "there is no step to take. Move the starting weight away from it first.",
        )
    report = descent.regime(x, alpha, goal=goal, weight=weight)
    k = report.step_size
    product = f"alpha × input² = {fmt(alpha)} × {fmt(x)}² = {fmt(k)}"
    first = descent.descend(weight, x, goal, alpha, 2)
    # The box reads in two lines on a projector; the product with its factors opens the why.
    why = f"{product}. {report.summary}"
    if report.kind is descent.Regime.ONE_STEP:
        return _verdict(
            Progress.SOLVED,
            "Solved: alpha × input² = 1, so the first update covers the whole distance to "
            f"the best weight; the error after it is {fmt(first.steps[1].error)}.", why,
        )
    share = f"one step covers {fmt(100 * k, 3)}% of the way to the best weight"
    aim = "it needs exactly 100% (alpha × input² = 1)"
    kind = Progress.CLOSE if abs(k - 1) <= ONE_STEP_CLOSE else Progress.NOT_YET
    lead = "Close" if kind is Progress.CLOSE else "Not yet"
    return _verdict(kind, f"{lead}: {share}; {aim}.", why)


# ---------------------------------------------------------------- /descent: largest alpha

LARGEST_INPUT = 3.0
LARGEST_WITHIN = 0.01  # solved: converges, and at most 0.01 below the limit 2 / input²
LARGEST_CLOSE = 0.05  # close: within 0.05 of the limit, on either side


def _largest_alpha(settings: Settings) -> Verdict:
    x, alpha = settings["input"], settings["alpha"]
    wrong = _needs(settings, "input", LARGEST_INPUT, "input")
    if wrong:
        return wrong
    limit = descent.critical_alpha(x)
    # About the learning rate alone, wherever the weight starts (a start on the goal
    # would "converge" with any alpha).
    report = descent.regime(x, alpha)
    k = report.step_size
    product = f"alpha × input² = {fmt(alpha)} × {fmt(x)}² = {fmt(k)}"
    bound = f"the limit is 2 / {fmt(x)}² = {fmt(limit)}"
    gap = limit - alpha
    converges = report.kind in (
        descent.Regime.CONVERGES, descent.Regime.ONE_STEP, descent.Regime.OVERSHOOTS
    )
    if converges and gap <= LARGEST_WITHIN:
        return _verdict(
            Progress.SOLVED,
            f"Solved: alpha {fmt(alpha)} still converges, and {bound}: {fmt(alpha)} is within "
            f"{fmt(LARGEST_WITHIN)} of it.", f"{product}, below 2. {report.summary}",
        )
    kind = Progress.CLOSE if abs(gap) <= LARGEST_CLOSE else Progress.NOT_YET
    lead = "Close" if kind is Progress.CLOSE else "Not yet"
    if converges:
        return _verdict(
            kind, f"{lead}: alpha {fmt(alpha)} converges, but {bound}, {fmt(gap)} higher. "
            "Try a larger alpha.", report.summary,
        )
    if report.kind is descent.Regime.STILL:
        return _verdict(
            Progress.NOT_YET, f"Not yet: with alpha 0 the weight never moves; {bound}.",
            report.summary,
        )
    return _verdict(
        kind, f"{lead}: alpha {fmt(alpha)} {report.label}; {bound}. Try a smaller alpha.",
        f"{product}, not below 2. {report.summary}",
    )


# ---------------------------------------------------------------- /hot-and-cold: beat descent

RACE_CLOSE = 1.5  # close: hot and cold needs at most 1.5 times gradient descent's predictions


def _beat_descent(settings: Settings) -> Verdict:
    """The hot-and-cold page's race (predictions until the error is below a millionth), won
    by hot and cold against a gradient descent that does get there."""
    facts = hot_cold.study(settings["weight"], settings["input"], settings["goal"],
                           settings["step"], settings["alpha"])
    race = hot_cold.comparison_verdict(facts)
    hc, gd = facts.comparison.hot_cold_predictions, facts.comparison.descent_predictions
    if gd is None:
        if hc is None:
            return _verdict(Progress.NOT_YET, f"Not yet: {_then(race.summary)}", race.why)
        return _verdict(
            Progress.NOT_YET,
            f"Not yet: hot and cold gets there, but gradient descent {facts.descent.label} "
            f"with alpha {fmt(facts.alpha)} and never does. That is no race: give it an alpha "
            "with which it learns.", race.why,
        )
    if race.kind is hot_cold.Winner.HOT_COLD:  # here: fewer predictions than descent's
        return _verdict(Progress.SOLVED, f"Solved! {race.summary}", race.why)
    if hc is None:
        return _verdict(
            Progress.NOT_YET,
            f"Not yet: hot and cold never gets its error below a millionth with step "
            f"{fmt(facts.step)}, while gradient descent needs {plural(gd, 'prediction')}.",
            race.why,
        )
    if hc == gd:
        return _verdict(Progress.CLOSE,
                        f"Close: {_then(race.summary)} Hot and cold must need fewer.", race.why)
    kind = Progress.CLOSE if hc <= RACE_CLOSE * gd else Progress.NOT_YET
    lead = "Close" if kind is Progress.CLOSE else "Not yet"
    return _verdict(
        kind, f"{lead}: hot and cold needs {hc:,} predictions, gradient descent only {gd:,} "
        f"({hc - gd:,} fewer).", race.why,
    )


# ---------------------------------------------------------------- /deep: fewest hidden units

FEWEST_TARGET = 0.01  # the last pass's error must get below this
FEWEST_UNITS = 2  # the fewest hidden units that get there (one unit's best is 1; see the tests)
ONE_UNIT_BEST = 1.0  # the lowest total error one hidden unit reaches on this table, any weights
WHY_TWO = (
    "A ReLU unit gives 0 or a weighted sum of the lights. To say walk for rows 1 and 2 and "
    "stop for rows 3 and 4, a single unit would have to be positive for rows 1 and 2 and 0 "
    "for rows 3 and 4. But its sum for row 1 plus row 2 equals its sum for row 3 plus row 4 "
    "(each light is on equally often in both pairs), so it cannot. Two units can: one for "
    "'left but not middle', one for 'middle but not left'."
)


def _fewest_hidden(settings: Settings) -> Verdict:
    hidden = int(settings["hidden"])
    activation = settings.get("activation", "relu")
    run = deep.train_deep(hidden, settings["alpha"], int(settings["passes"]),
                          int(settings["seed"]), activation)
    units = plural(hidden, "hidden unit")
    target = fmt(FEWEST_TARGET)
    if run.stopped:
        return _verdict(Progress.NOT_YET, f"Not yet: {_then(run.stop_reason)}")
    if activation != "relu":
        floor = fmt(deep.report(run).floor)
        return _verdict(
            Progress.NOT_YET,
            f"Not yet: without an activation two layers add up to one weighted sum, whose best "
            f"on this table is {floor}. Switch the ReLU back on.",
        )
    last = run.errors[-1]
    error = f"the last pass's error is {fmt(last)}"
    if last < FEWEST_TARGET and hidden <= FEWEST_UNITS:
        return _verdict(
            Progress.SOLVED,
            f"Solved! With {units} {error}, below {target}: the fewest hidden units that can "
            "do it.", WHY_TWO,
        )
    if last < FEWEST_TARGET:
        return _verdict(
            Progress.CLOSE,
            f"Close: {error}, below {target}, with {units}. Fewer units can do it too.",
        )
    if hidden == FEWEST_UNITS:
        return _verdict(
            Progress.CLOSE,
            f"Close: {FEWEST_UNITS} hidden units can do it, but here {error}. Try another "
            "seed, another alpha or more passes.",
        )
    if hidden < FEWEST_UNITS:
        return _verdict(
            Progress.NOT_YET,
            f"Not yet: with {units} {error}. One unit never gets below {target} here: with "
            f"any weights its best on this table is {fmt(ONE_UNIT_BEST)}.", WHY_TWO,
        )
    return _verdict(Progress.NOT_YET, f"Not yet: {error}, not below {target}, with {units}.")


# ---------------------------------------------------------------- the list

CHALLENGES: tuple[Challenge, ...] = (
    Challenge(
        "one-step", "descent", "One step to the goal",
        f"With input {fmt(ONE_STEP_INPUT)}, choose the learning rate that puts the prediction "
        "exactly on the goal after a single update.",
        {"input": ONE_STEP_INPUT, "alpha": 0.1, "iterations": 5},
        _one_step,
    ),
    Challenge(
        "largest-alpha", "descent", "The edge of blowing up",
        f"With input {fmt(LARGEST_INPUT)}, find the largest learning rate that still "
        f"converges. It counts when the run converges and alpha is within "
        f"{fmt(LARGEST_WITHIN)} of the limit.",
        {"input": LARGEST_INPUT, "alpha": 0.1},
        _largest_alpha,
    ),
    Challenge(
        "beat-descent", "hot-and-cold", "Hot and cold wins",
        "Find settings where hot and cold gets its error below one millionth with fewer "
        "predictions than gradient descent. Both must get there: a gradient descent that "
        "blows up does not count.",
        {"weight": 0.5, "input": 0.5, "goal": 0.8, "step": 0.001, "alpha": 0.1},
        _beat_descent,
    ),
    Challenge(
        "fewest-hidden", "deep", "As few hidden units as possible",
        f"Get the no-correlation table's error below {fmt(FEWEST_TARGET)} (the last pass's "
        "error) with as few hidden units as you can.",
        {"hidden": 8, "alpha": 0.2, "passes": 60, "seed": 1},
        _fewest_hidden,
    ),
)

BY_ID: dict[str, Challenge] = {c.id: c for c in CHALLENGES}


def challenge(challenge_id: str | None) -> Challenge | None:
    """The challenge called ``challenge_id``; None for an unknown id (the page notes it)."""
    return BY_ID.get(challenge_id) if isinstance(challenge_id, str) else None


def on_lesson(lesson: str) -> tuple[Challenge, ...]:
    """The challenges that live on ``lesson`` (its URL path), in list order."""
    return tuple(c for c in CHALLENGES if c.lesson == lesson.strip("/"))
