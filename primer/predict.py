"""Predict, then reveal: what a class can vote a run will do, and which answer is right.

A teacher hides a lesson's results, the class commits to a guess, and **Reveal**
shows what happened: "You said it creeps in; it blows up", and why, in one
sentence. The guesses are a lesson's :class:`Question`: a few :class:`Choice`\\ s,
each with a short id that fits in a link (``?vote=zigzag``), so a prepared link
asks the question.

The right answer is never decided here by looking at a chart: each lesson's
outcome Enum (``primer.descent.Regime``...) is computed from the settings by the
lesson's own module, and one table per lesson maps *every* member of that Enum to
a choice, so whatever the sliders say, exactly one choice is right.

Adding a lesson (``/deep`` is next): give it a :class:`Question`, a function from
its settings to its :class:`~primer.outcome.Verdict`, and a table from every
member of its outcome Enum to a choice id; register all three in :data:`LESSONS`.
The tests check that every member is mapped and every choice can be reached.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from primer import descent, hot_cold
from primer.outcome import Verdict
from primer.words import fmt, plural


@dataclass(frozen=True)
class Choice:
    """One answer a class can vote for: ``id`` for the link, ``label`` to read after "it"."""

    id: str  # lower-case letters only, so ?vote=<id> needs no escaping
    label: str  # "creeps in": reads as "it creeps in"


@dataclass(frozen=True)
class Question:
    """What a lesson asks before it reveals its run."""

    lesson: str  # the page's URL path, e.g. "descent"
    prompt: str
    choices: tuple[Choice, ...]

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(c.id for c in self.choices)

    def choice(self, vote: str | None) -> Choice | None:
        """The choice whose id is ``vote``; None for an unknown or missing id."""
        return next((c for c in self.choices if c.id == vote), None)


@dataclass(frozen=True)
class Answer:
    """The right choice for some settings, and the lesson's verdict that decided it."""

    choice: Choice
    verdict: Verdict


@dataclass(frozen=True)
class _Lesson:
    question: Question
    verdict: Callable[[Mapping[str, float]], Verdict]  # settings (URL keys) -> the verdict
    answers: Mapping[enum.Enum, str]  # every member of the outcome Enum -> a choice id


# ---------------------------------------------------------------- /descent

CREEPS = Choice("creeps", "creeps in")
ZIGZAG = Choice("zigzag", "zig-zags in")
BOUNCES = Choice("bounces", "bounces forever")
BLOWS_UP = Choice("blowsup", "blows up")
CANNOT = Choice("cannot", "cannot learn")
# Not in the list of five, and needed: with alpha x input² exactly 1 the first
# update lands on the goal, which is neither creeping (it never gets there) nor zig-zagging
# (it never passes it); and a start already on the goal never moves at all. Both reach the
# goal with no approach to watch, so one choice covers them, and such a run (a challenge
# asks for one) always has a right answer.
AT_ONCE = Choice("atonce", "lands on the goal at once")

DESCENT = Question(
    "descent",
    "What will gradient descent do with these settings?",
    (CREEPS, ZIGZAG, BOUNCES, BLOWS_UP, CANNOT, AT_ONCE),
)

DESCENT_ANSWERS: dict[descent.Regime, str] = {
    descent.Regime.CONVERGES: CREEPS.id,
    descent.Regime.OVERSHOOTS: ZIGZAG.id,
    descent.Regime.OSCILLATES: BOUNCES.id,
    descent.Regime.DIVERGES: BLOWS_UP.id,
    descent.Regime.CANNOT_LEARN: CANNOT.id,  # input 0: no weight can reach the goal
    descent.Regime.STILL: CANNOT.id,  # alpha 0: the weight never moves, so nothing is learned
    descent.Regime.ONE_STEP: AT_ONCE.id,
    descent.Regime.AT_GOAL: AT_ONCE.id,
}


def _descent_verdict(settings: Mapping[str, float]) -> Verdict:
    """The descent page's own verdict (its regime), from its sliders."""
    return descent.regime(
        settings["input"], settings["alpha"], goal=settings["goal"], weight=settings["weight"]
    )


# ---------------------------------------------------------------- /hot-and-cold

# What the hot-and-cold page counts as "close enough", and how far it walks to find out.
HOT_COLD_TOLERANCE = 1e-6
HOT_COLD_LIMIT = 100_000


class HotColdOutcome(enum.Enum):
    """What a hot-and-cold run does within its iterations, decided from computed facts.

    Provisional: primer.hot_cold is getting its own outcome Enum; this one gives way
    to it when it lands (only the table :data:`HOT_COLD_ANSWERS` and the verdict
    function below change).
    """

    ALREADY = "is already there"
    CANNOT_LEARN = "cannot learn"
    STILL = "never moves"
    LEARNS = "learns"
    TOO_SLOW = "crawls"
    BOUNCES = "gets stuck bouncing"


THERE = Choice("there", "gets there")
CRAWLS = Choice("crawls", "crawls")
STUCK = Choice("stuck", "gets stuck bouncing")
STILL = Choice("still", "never moves")

HOT_COLD = Question(
    "hot-and-cold",
    "Within these iterations, will hot and cold get its error below one millionth?",
    (THERE, CRAWLS, STUCK, STILL),
)

HOT_COLD_ANSWERS: dict[HotColdOutcome, str] = {
    HotColdOutcome.ALREADY: THERE.id,  # its error is below a millionth from the start
    HotColdOutcome.LEARNS: THERE.id,
    HotColdOutcome.TOO_SLOW: CRAWLS.id,
    HotColdOutcome.BOUNCES: STUCK.id,
    HotColdOutcome.CANNOT_LEARN: STILL.id,  # input 0: up and down are equally good
    HotColdOutcome.STILL: STILL.id,  # step 0
}


def hot_cold_verdict(
    weight: float, network_input: float, goal: float, step: float, iterations: int
) -> Verdict:
    """What a hot-and-cold run of ``iterations`` does, and why, from its computed facts."""
    tol = "one millionth"
    reached = hot_cold.iterations_to_reach(
        weight, network_input, goal, step, HOT_COLD_TOLERANCE, HOT_COLD_LIMIT
    )
    if reached == 0:
        return Verdict(HotColdOutcome.ALREADY,
                       f"The starting weight's error is already below {tol}.")
    if network_input == 0:
        return Verdict(HotColdOutcome.CANNOT_LEARN,
                       "With an input of 0 every weight predicts 0, so a step up and a step "
                       "down are exactly as good and the weight never moves.")
    if step == 0:
        return Verdict(HotColdOutcome.STILL,
                       "With a step of 0, up, down and now are the same weight, so the "
                       "weight never moves.")
    if reached is not None and reached < iterations:
        return Verdict(HotColdOutcome.LEARNS,
                       f"The error drops below {tol} at iteration {reached:,}, within the "
                       f"run's {plural(int(iterations), 'iteration')}.")
    if reached is not None:
        return Verdict(HotColdOutcome.TOO_SLOW,
                       f"Getting the error below {tol} takes {plural(reached, 'iteration')}, "
                       f"but the run stops after {int(iterations):,}: more iterations or a "
                       "bigger step would get there.")
    bounce = hot_cold.find_bounce(weight, network_input, goal, step, HOT_COLD_LIMIT)
    if bounce is not None:
        return Verdict(HotColdOutcome.BOUNCES,
                       f"The step is too big: from iteration {bounce.iteration:,} it hops "
                       f"between two weights and the error never gets below "
                       f"{fmt(bounce.error_floor)}.", bounce.explanation)
    moves = hot_cold.moves_estimate(weight, network_input, goal, step)
    if moves is not None and moves > HOT_COLD_LIMIT:
        return Verdict(HotColdOutcome.TOO_SLOW,
                       f"The step is so small that the best weight is about {moves:,.0f} "
                       f"steps away: it would take more than {HOT_COLD_LIMIT:,} iterations.")
    return Verdict(HotColdOutcome.TOO_SLOW,
                   f"The error does not get below {tol} within {HOT_COLD_LIMIT:,} iterations.")


def _hot_cold_verdict(settings: Mapping[str, float]) -> Verdict:
    return hot_cold_verdict(settings["weight"], settings["input"], settings["goal"],
                            settings["step"], settings["iterations"])


# ---------------------------------------------------------------- registry

LESSONS: dict[str, _Lesson] = {
    "descent": _Lesson(DESCENT, _descent_verdict, DESCENT_ANSWERS),
    "hot-and-cold": _Lesson(HOT_COLD, _hot_cold_verdict, HOT_COLD_ANSWERS),
}


def question(lesson: str) -> Question | None:
    """The question ``lesson`` asks (by URL path, e.g. "descent"); None if it asks none."""
    entry = LESSONS.get(lesson.strip("/"))
    return entry.question if entry else None


def valid_votes(lesson: str) -> tuple[str, ...]:
    """The vote ids a link may carry on ``lesson``, in the order the choices are shown."""
    q = question(lesson)
    return q.ids if q else ()


def is_valid_vote(lesson: str, vote: str | None) -> bool:
    """True when ``vote`` is one of ``lesson``'s choice ids (the page notes any other)."""
    return vote in valid_votes(lesson)


def answer(lesson: str, settings: Mapping[str, float]) -> Answer:
    """The right choice for these settings (the lesson's URL keys), and the verdict behind it.

    KeyError for a lesson without a question.
    """
    entry = LESSONS[lesson.strip("/")]
    verdict = entry.verdict(settings)
    return Answer(entry.question.choice(entry.answers[verdict.kind]), verdict)


def outcome_choice(lesson: str, settings: Mapping[str, float]) -> Choice:
    """The choice that is right for these settings."""
    return answer(lesson, settings).choice


def first_sentence(text: str) -> str:
    """The first sentence of ``text`` (a verdict's summary), for a one-sentence reason."""
    return re.split(r"(?<=[.!?])\s+", text.strip(), maxsplit=1)[0]


def reveal(vote: Choice | None, actual: Choice, verdict: Verdict) -> str:
    """What **Reveal** says: the class's guess, what the run did, and why in one sentence.

    ``vote`` None (nobody voted) leaves out the guess.
    """
    reason = first_sentence(verdict.summary)
    reason = reason[:1].upper() + reason[1:]  # "alpha × input² = ..." opens a sentence here
    if vote is None:
        said = f"It {actual.label}."
    elif vote == actual:
        said = f"You said it {vote.label}, and you were right."
    else:
        said = f"You said it {vote.label}; it {actual.label}."
    return f"{said} {reason}" if reason else said
