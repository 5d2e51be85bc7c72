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

Adding a lesson: give it a :class:`Question`, a function from its settings to its
:class:`~primer.outcome.Verdict`, and a table from every member of its outcome
Enum to a choice id; register all three in :data:`LESSONS`. The tests check that
every member is mapped and every choice is some member's answer.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from primer import deep, descent, hot_cold
from primer.outcome import Verdict


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
# Not in the list of five, and needed: with alpha × input² exactly 1 the first
# update lands on the goal, which is neither creeping (closing in a fraction at a time) nor
# zig-zagging (it never passes the goal); and a start already on the goal never moves at
# all. Both are on the goal with no approach to watch, so one choice covers them, and such
# a run (a challenge asks for one) has a right answer.
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

THERE = Choice("there", "gets there")
CRAWLS = Choice("crawls", "crawls")
STUCK = Choice("stuck", "gets stuck bouncing")
STILL = Choice("still", "never moves")
# BLOWS_UP too: never right on the lesson's sliders (a fixed step cannot run away), and worth
# offering for that: a class that has just watched gradient descent blow up will expect it.

HOT_COLD = Question(
    "hot-and-cold",
    "Within these iterations, will hot and cold get its error below one millionth?",
    (THERE, CRAWLS, STUCK, STILL, BLOWS_UP),
)

HOT_COLD_ANSWERS: dict[hot_cold.Outcome, str] = {
    hot_cold.Outcome.ALREADY_THERE: THERE.id,  # its error is below a millionth from the start
    hot_cold.Outcome.LEARNS: THERE.id,
    hot_cold.Outcome.CRAWLS: CRAWLS.id,  # it gets there after the run's last iteration
    hot_cold.Outcome.TOO_SLOW: CRAWLS.id,  # after more than the lesson walks
    hot_cold.Outcome.STUCK: STUCK.id,
    hot_cold.Outcome.CANNOT_LEARN: STILL.id,  # input 0: up and down are equally good
    hot_cold.Outcome.STILL: STILL.id,  # step 0
    hot_cold.Outcome.OVERFLOWS: BLOWS_UP.id,
}


def _hot_cold_verdict(settings: Mapping[str, float]) -> Verdict:
    """The hot-and-cold page's own verdict on its run, from its sliders."""
    facts = hot_cold.study(settings["weight"], settings["input"], settings["goal"],
                           settings["step"], settings["alpha"])
    return hot_cold.hot_cold_verdict(facts, settings["iterations"])


# ---------------------------------------------------------------- /deep

BEATS = Choice("beats", "beats one layer")
NOT_THERE = Choice("notyet", "is not there yet")
GETS_STUCK = Choice("stuck", "gets stuck")
NEVER = Choice("cannot", "cannot beat one layer")
WORSE = Choice("worse", "gets worse")

DEEP = Question(
    "deep",
    "Within these passes, will two layers beat the best one layer can do on this table?",
    (BEATS, NOT_THERE, GETS_STUCK, NEVER, WORSE),
)

DEEP_ANSWERS: dict[deep.Outcome, str] = {
    deep.Outcome.BEATS_FLOOR: BEATS.id,
    deep.Outcome.FALLING: NOT_THERE.id,  # still above the floor and still falling
    deep.Outcome.ONE_PASS: NOT_THERE.id,  # one pass says nothing yet
    deep.Outcome.BOUNCING: NOT_THERE.id,  # still above the floor, going up and down
    deep.Outcome.DEAD: GETS_STUCK.id,  # a row whose ReLUs are all off
    deep.Outcome.LEVELLED_OFF: GETS_STUCK.id,  # settled above the floor
    deep.Outcome.STILL: GETS_STUCK.id,  # alpha 0: nothing moves
    deep.Outcome.LINEAR: NEVER.id,  # no activation: one weighted sum, never below the floor
    deep.Outcome.GROWING: WORSE.id,
    deep.Outcome.STOPPED: WORSE.id,  # the error grew until it overflowed
}


def _deep_verdict(settings: Mapping[str, float]) -> Verdict:
    """The hidden-layer page's own verdict on its run, from its settings."""
    run = deep.train_deep(int(settings["hidden"]), settings["alpha"], int(settings["passes"]),
                          int(settings["seed"]), settings.get("activation", "relu"))
    return deep.report(run)


# ---------------------------------------------------------------- registry

LESSONS: dict[str, _Lesson] = {
    "descent": _Lesson(DESCENT, _descent_verdict, DESCENT_ANSWERS),
    "hot-and-cold": _Lesson(HOT_COLD, _hot_cold_verdict, HOT_COLD_ANSWERS),
    "deep": _Lesson(DEEP, _deep_verdict, DEEP_ANSWERS),
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


def choice_for(lesson: str, verdict: Verdict) -> Choice:
    """The right choice for a verdict the page has already computed (its kind decides)."""
    entry = LESSONS[lesson.strip("/")]
    return entry.question.choice(entry.answers[verdict.kind])


def answer(lesson: str, settings: Mapping[str, float]) -> Answer:
    """The right choice for these settings (the lesson's URL keys), and the verdict behind it.

    KeyError for a lesson without a question.
    """
    verdict = LESSONS[lesson.strip("/")].verdict(settings)
    return Answer(choice_for(lesson, verdict), verdict)


def outcome_choice(lesson: str, settings: Mapping[str, float]) -> Choice:
    """The choice that is right for these settings."""
    return answer(lesson, settings).choice


def first_sentence(text: str) -> str:
    """The first sentence of ``text`` (a verdict's summary) that gives a reason.

    A summary may open by naming its outcome in a few words and no numbers ("It
    crawls.", "The step is too big: it gets stuck."), which the reveal has just said;
    such a sentence is skipped when more follow, for the one with the run's numbers.
    """
    sentences = re.split(r"(?<=[.!?])\s+", text.strip())
    while (len(sentences) > 1 and len(sentences[0].split()) <= 8
           and not re.search(r"\d", sentences[0])):
        sentences.pop(0)
    return sentences[0]


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
