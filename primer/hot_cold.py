"""Hot-and-cold learning: try a step up and a step down, keep the better one.

Before gradient descent, the simplest way to learn a weight is to wiggle it::

    for iteration in range(1101):
        prediction = network_input * weight
        error = (prediction - goal) ** 2

        up_error = (network_input * (weight + step) - goal) ** 2
        down_error = (network_input * (weight - step) - goal) ** 2

        if down_error < up_error:
            weight = weight - step
        if down_error > up_error:
            weight = weight + step

It works, but it pays for it:

- Three predictions per iteration (current, up, down); gradient descent makes one.
- The step is fixed. Too big, and the weight ends up hopping back and forth
  over the goal, never closer than the nearest point on its grid of steps
  (an *error floor*). Too small, and it crawls: the number of iterations is
  the distance to the best weight divided by the step.

The example is the one of Andrew Trask's *Grokking Deep Learning* (weight 0.5,
input 0.5, goal 0.8, steps of 0.001). Like the book, this version always moves
to the better of up and down, even
when that is worse than staying put. From then on it is *bouncing*: it hops
between the same two weights and the error never goes lower.
:attr:`HotColdRun.bouncing_from` names the iteration where that starts. If up
and down are exactly as good (step 0, or input 0), it does not move ("stay"),
again as the book's two ``if`` lines do.

A floor that the floats show is not always the step's: from 0.5, 1,100 steps of
0.001 land exactly on the best weight 1.6 in exact arithmetic (error 0), while
Python's repeated additions leave 1.08e-27. :func:`step_floor` computes the
step's floor exactly, and the sentences call the rest round-off. :func:`study`
gathers every fact the lesson states about a setting; :func:`hot_cold_verdict`
and :func:`comparison_verdict` say what it amounts to and who wins.
"""

from __future__ import annotations

import enum
import functools
import math
from dataclasses import dataclass, fields
from fractions import Fraction

from primer.descent import DescentRun, Regime, RegimeReport, regime
from primer.descent import iterations_to_reach as descent_iterations_to_reach
from primer.outcome import Stoppable, Verdict
from primer.script import Cell, Script, assign
from primer.words import BOOK, about, fmt, fmt_apart, overflow_reason, percent, plural, trend


@dataclass(frozen=True)
class HotColdStep:
    """One iteration: the errors it compared and the move it made."""

    iteration: int
    weight: float  # before the move
    prediction: float
    error: float
    up_error: float
    down_error: float
    move: str  # "up", "down" or "stay"
    new_weight: float  # after the move

    @property
    def improves(self) -> bool:
        """True when the move lowers the error; False once it is bouncing."""
        return min(self.up_error, self.down_error) < self.error


FIELDS = tuple(f.name for f in fields(HotColdStep))

PREDICTIONS_PER_ITERATION = 3  # current, up and down


def _move(
    iteration: int, weight: float, network_input: float, goal: float, step: float
) -> HotColdStep | None:
    """The loop body: three predictions, then the better move. None if not finite."""
    try:
        prediction = network_input * weight
        error = (prediction - goal) ** 2
        up_error = (network_input * (weight + step) - goal) ** 2
        down_error = (network_input * (weight - step) - goal) ** 2
    except OverflowError:
        return None
    if down_error < up_error:
        move, new_weight = "down", weight - step
    elif down_error > up_error:
        move, new_weight = "up", weight + step
    else:
        move, new_weight = "stay", weight
    if not all(map(math.isfinite, (prediction, error, up_error, down_error, new_weight))):
        return None
    return HotColdStep(
        iteration, weight, prediction, error, up_error, down_error, move, new_weight
    )


@dataclass(frozen=True)
class HotColdRun(Stoppable):
    """The record of one hot-and-cold run: its settings and one step per iteration.

    ``stopped_at`` is where the run ended early: overflow, or (with a tolerance)
    the first iteration whose error was below it (``reached_tolerance``).
    """

    weight: float
    network_input: float
    goal: float
    step: float
    iterations: int
    tolerance: float | None
    steps: tuple[HotColdStep, ...]
    reached_tolerance: bool = False

    @property
    def final_weight(self) -> float:
        return self.steps[-1].new_weight if self.steps else self.weight

    @property
    def predictions(self) -> int:
        """Predictions made: 3 per recorded iteration, +1 for the one that met the tolerance."""
        return PREDICTIONS_PER_ITERATION * len(self.steps) + int(self.reached_tolerance)

    @functools.cached_property  # a lesson asks often; a long run without a bounce is a long scan
    def bouncing_from(self) -> int | None:
        """The first iteration whose move does not lower the error, or None."""
        return next((s.iteration for s in self.steps if not s.improves), None)

    @property
    def error_floor(self) -> float | None:
        """The lowest error this step size reaches (the error where bouncing starts)."""
        i = self.bouncing_from
        return None if i is None else self.steps[i].error

    def columns(self) -> dict[str, list]:
        """The run as columns, ready for a table or a chart."""
        return {name: [getattr(s, name) for s in self.steps] for name in FIELDS}


def hot_cold(
    weight: float,
    network_input: float,
    goal: float,
    step: float,
    iterations: int = 1101,
    tolerance: float | None = None,
) -> HotColdRun:
    """Run hot-and-cold learning and return every iteration's numbers.

    With a ``tolerance``, the run stops at the first iteration whose error is
    below it (that iteration's prediction counts, but it makes no move). A run
    whose numbers overflow stops at the first iteration that is not finite.
    """
    start = weight
    steps: list[HotColdStep] = []

    def run(stopped_at=None, reason="", reached=False) -> HotColdRun:
        return HotColdRun(
            start, network_input, goal, step, int(iterations), tolerance, tuple(steps),
            reached, stopped_at=stopped_at, stop_reason=reason,
        )

    for iteration in range(int(iterations)):
        s = _move(iteration, weight, network_input, goal, step)
        if s is None:
            return run(iteration, overflow_reason(iteration))
        if tolerance is not None and s.error < tolerance:
            return run(
                iteration,
                f"Stopped at iteration {iteration}: the error {fmt(s.error)} is below the "
                f"tolerance {fmt(tolerance)}.",
                reached=True,
            )
        steps.append(s)
        weight = s.new_weight
    return run()


# ---------------------------------------------------------------- the floor of a fixed step


@dataclass(frozen=True)
class StepFloor:
    """The lowest error a fixed step can reach from a start, worked out exactly.

    Hot and cold can only visit the weights ``start + k × step``: a grid. Walking
    towards the best weight it stops at the grid weight nearest to it (from there
    both neighbours are worse), so the lowest error it can reach is that weight's
    error. Here that is computed in exact arithmetic on the numbers as typed
    (decimals, as :class:`fractions.Fraction`), so it is a property of the step
    size and the start, not of Python's floats. The loop itself adds the step
    over and over in floats, and the error it stops at can differ by round-off.
    """

    steps: int  # how many steps from the start to the grid weight nearest the best one
    weight: float  # that grid weight
    best: float  # the best weight, goal / input
    exact: float  # the error at that grid weight, in exact arithmetic

    def round_off(self, computed: float | None) -> bool:
        """True when the float loop's floor differs from the exact one only by round-off
        that matters to what a reader sees: an exact 0 shown as a tiny number, or a
        number that does not read the same as the exact one."""
        if computed is None:
            return False
        if self.exact == 0:
            return computed != 0
        return abs(computed - self.exact) > 1e-6 * self.exact


def _exact(x: float) -> Fraction:
    """A float as the decimal a student typed (its shortest repr), as an exact fraction."""
    return Fraction(repr(float(x)))


def step_floor(
    weight: float, network_input: float, goal: float, step: float
) -> StepFloor | None:
    """The lowest error this step can reach from ``weight``, in exact arithmetic.

    None when there is no grid to walk: an input of 0 (every weight is as good as
    any other) or a step of 0 (the weight never moves), or a number that is not finite.
    """
    values = (weight, network_input, goal, step)
    if network_input == 0 or step == 0 or not all(map(math.isfinite, values)):
        return None
    w, x, g, s = map(_exact, values)
    best = g / x
    k = round((best - w) / s)
    grid = w + k * s
    return StepFloor(abs(k), float(grid), float(best), float((x * grid - g) ** 2))


def floor_words(floor: StepFloor | None, computed: float | None, step: float) -> str:
    """The sentence that says when a floor shown by the loop is round-off, or ""."""
    if floor is None or not floor.round_off(computed):
        return ""
    adds = f"adding {fmt(step)} {plural(floor.steps, 'time')}"
    if floor.exact == 0:
        return (f"In exact arithmetic, {plural(floor.steps, 'step')} of {fmt(step)} land exactly "
                f"on the best weight {fmt(floor.best)}, where the error is 0; the "
                f"{fmt(computed)} Python shows is round-off from {adds}, not a property of "
                "the step size.")
    return (f"In exact arithmetic the lowest error with this step is {fmt(floor.exact)}; the "
            f"{fmt(computed)} Python shows differs by round-off from {adds}.")


# ---------------------------------------------------------------- bouncing and crawling


@dataclass(frozen=True)
class Bounce:
    """Where a fixed step stops making progress.

    From ``iteration`` on it hops between two weights. In floats the hop back does not
    always land on the very same weight (``w - step + step`` can differ from ``w`` in the
    last digit), so later errors can differ from ``error_floor`` by round-off.
    """

    iteration: int  # first iteration whose move does not lower the error
    weight: float  # the closest weight this step size reaches
    other_weight: float  # where it hops to from there
    error_floor: float  # the lowest error it can reach (as the floats compute it)
    explanation: str
    exact_floor: float | None = None  # the same floor in exact arithmetic (see StepFloor)


def _bounce(s: HotColdStep, floor: StepFloor | None, step: float) -> Bounce:
    if s.move == "stay":
        words = ("a step up and a step down are exactly as good, so the weight "
                 f"stays at {fmt(s.weight)} for good")
    else:
        words = (f"both neighbours are worse, yet it must move: it hops from {fmt(s.weight)} "
                 f"to {fmt_apart(s.new_weight, s.weight)} and back, over and over")
    text = (f"From iteration {s.iteration:,}, {words}. The error never gets below "
            f"{fmt(s.error)}.")
    note = floor_words(floor, s.error, step)
    if note:
        text += " " + note
    elif s.move != "stay":
        text += " A small enough step gets closer, but takes more iterations."
    return Bounce(s.iteration, s.weight, s.new_weight, s.error, text,
                  None if floor is None else floor.exact)


@dataclass(frozen=True)
class WalkFacts:
    """One walk of hot and cold until it bounces, overflows or reaches ``limit``.

    ``reached`` is the first iteration whose error is below the tolerance (None if
    none within the walk); ``bounce`` is where it stopped improving; ``overflow_at``
    where its numbers stopped being finite.
    """

    reached: int | None
    bounce: Bounce | None
    overflow_at: int | None


def walk(
    weight: float, network_input: float, goal: float, step: float, tolerance: float,
    limit: int = 100_000,
) -> WalkFacts:
    """Walk until the error stops going down (or overflows, or ``limit`` iterations),
    noting when it first got below ``tolerance``: every long answer from one walk."""
    floor = step_floor(weight, network_input, goal, step)
    reached = None
    for iteration in range(int(limit)):
        s = _move(iteration, weight, network_input, goal, step)
        if s is None:
            return WalkFacts(reached, None, iteration)
        if reached is None and s.error < tolerance:
            reached = iteration
        if not s.improves:
            return WalkFacts(reached, _bounce(s, floor, step), None)
        weight = s.new_weight
    return WalkFacts(reached, None, None)


def find_bounce(
    weight: float, network_input: float, goal: float, step: float, limit: int = 100_000
) -> Bounce | None:
    """Walk until the error stops going down; None if that takes more than ``limit``."""
    return walk(weight, network_input, goal, step, -math.inf, limit).bounce


def iterations_to_reach(
    weight: float,
    network_input: float,
    goal: float,
    step: float,
    tolerance: float,
    limit: int = 100_000,
) -> int | None:
    """The first iteration whose error is below ``tolerance``.

    None if it never gets there: it starts bouncing above the tolerance, the
    numbers overflow, or it would need more than ``limit`` iterations.
    """
    for iteration in range(int(limit)):
        s = _move(iteration, weight, network_input, goal, step)
        if s is None:
            return None
        if s.error < tolerance:
            return iteration
        if not s.improves:
            return None  # bouncing: the error will never go lower than this
        weight = s.new_weight
    return None


def moves_estimate(weight: float, network_input: float, goal: float, step: float) -> float | None:
    """About how many steps separate the weight from the best weight ``goal / input``.

    This is why a small step crawls: halve the step and the walk doubles.
    None when there is no best weight (input 0) or no step.
    """
    if network_input == 0 or step == 0:
        return None
    return abs(goal / network_input - weight) / abs(step)


@dataclass(frozen=True)
class Comparison:
    """Hot-and-cold against gradient descent, from the same start, to the same tolerance.

    ``*_iterations`` count the updates made before the error got below the
    tolerance; ``*_predictions`` count every ``input * weight`` computed up to
    and including the one that showed it. None means it never got there.
    """

    tolerance: float
    hot_cold_iterations: int | None
    hot_cold_predictions: int | None
    descent_iterations: int | None
    descent_predictions: int | None


def _comparison(hc: int | None, gd: int | None, tolerance: float) -> Comparison:
    return Comparison(
        tolerance,
        hc,
        None if hc is None else PREDICTIONS_PER_ITERATION * hc + 1,
        gd,
        None if gd is None else gd + 1,
    )


def compare_with_descent(
    weight: float,
    network_input: float,
    goal: float,
    step: float,
    alpha: float,
    tolerance: float,
    limit: int = 100_000,
) -> Comparison:
    """How many iterations and predictions each method needs to get below ``tolerance``.

    Hot-and-cold makes 3 predictions per iteration, gradient descent 1.
    """
    hc = iterations_to_reach(weight, network_input, goal, step, tolerance, limit)
    gd = descent_iterations_to_reach(weight, network_input, goal, alpha, tolerance, limit)
    return _comparison(hc, gd, tolerance)


# ---------------------------------------------------------------- what a setting amounts to

TOLERANCE = 1e-6  # "close enough": an error below one millionth
LIMIT = 100_000  # the longest walk the lesson makes to find an answer


def _tolerance_words(tolerance: float) -> str:
    return "one millionth" if tolerance == 1e-6 else fmt(tolerance)


@dataclass(frozen=True)
class Study:
    """Every fact the hot-and-cold lesson states about one setting, computed once.

    Finding them can walk up to ``limit`` iterations, so a page computes this once
    per setting (it is cheap to cache) and hands it to :func:`hot_cold_verdict` and
    :func:`comparison_verdict`.
    """

    weight: float
    network_input: float
    goal: float
    step: float
    alpha: float
    tolerance: float
    limit: int
    walk: WalkFacts
    floor: StepFloor | None
    estimate: float | None
    comparison: Comparison
    descent: RegimeReport

    @property
    def bounce(self) -> Bounce | None:
        return self.walk.bounce

    @property
    def lowest_error(self) -> float | None:
        """The lowest error this step can reach from the start, as a page shows it: worked
        out exactly when the floats differ from it only by round-off (the book's example
        lands on 1.6 exactly, error 0, where Python's additions leave 1.08e-27). None when
        the walk never stopped improving."""
        b = self.bounce
        if b is None:
            return None
        if self.floor is not None and self.floor.round_off(b.error_floor):
            return self.floor.exact
        return b.error_floor

    @property
    def floor_note(self) -> str:
        """Why the floor shown is not the floor the floats computed (round-off), or ""."""
        b = self.bounce
        return "" if b is None else floor_words(self.floor, b.error_floor, self.step)


def study(
    weight: float, network_input: float, goal: float, step: float, alpha: float,
    tolerance: float = TOLERANCE, limit: int = LIMIT,
) -> Study:
    """Walk hot and cold once and gradient descent once, and keep every answer."""
    w = walk(weight, network_input, goal, step, tolerance, limit)
    gd = descent_iterations_to_reach(weight, network_input, goal, alpha, tolerance, limit)
    return Study(
        weight, network_input, goal, step, alpha, tolerance, int(limit), w,
        step_floor(weight, network_input, goal, step),
        moves_estimate(weight, network_input, goal, step),
        _comparison(w.reached, gd, tolerance),
        regime(network_input, alpha, goal=goal, weight=weight),
    )


class Outcome(enum.Enum):
    """What a hot-and-cold run of a given number of iterations amounts to."""

    ALREADY_THERE = "is already there"
    CANNOT_LEARN = "cannot learn"
    STILL = "never moves"
    LEARNS = "learns"
    CRAWLS = "crawls"  # gets there, but after more iterations than the run has
    STUCK = "gets stuck bouncing"  # its step is too big to get below the tolerance
    TOO_SLOW = "crawls too slowly to finish"  # more than the lesson's walk
    OVERFLOWS = "overflows"


def hot_cold_verdict(facts: Study, iterations: int) -> Verdict:
    """What a run of ``iterations`` does, from the study's computed facts.

    Checked in this order: the start is already close enough; input 0; step 0;
    the numbers overflow first; it gets close enough within the run; later; it
    bounces above the tolerance; it would need more than the lesson's walk.
    """
    tol = _tolerance_words(facts.tolerance)
    n = int(iterations)
    reached, bounce = facts.walk.reached, facts.walk.bounce
    floor_note = "" if bounce is None else bounce.explanation
    if reached == 0:
        return Verdict(Outcome.ALREADY_THERE, f"The starting weight's error is already below "
                       f"{tol}, so there is nothing to learn.", floor_note)
    if facts.network_input == 0:
        return Verdict(
            Outcome.CANNOT_LEARN,
            "With an input of 0 every weight predicts 0, so a step up and a step down are "
            "exactly as good and the weight never moves.",
            "No weight turns an input of 0 into anything but 0.")
    if facts.step == 0:
        return Verdict(
            Outcome.STILL,
            "With a step of 0, up, down and now are the same weight, so every iteration makes "
            "three identical predictions.",
            "Any step above 0 would move it.")
    if facts.walk.overflow_at is not None and reached is None:
        return Verdict(
            Outcome.OVERFLOWS,
            f"At iteration {facts.walk.overflow_at:,} the numbers grew past the largest float "
            "Python has.",
            overflow_reason(facts.walk.overflow_at) + " Smaller numbers keep it finite.")
    if reached is not None and reached < n:
        return Verdict(
            Outcome.LEARNS,
            f"The error drops below {tol} at iteration {reached:,}, after "
            f"{plural(PREDICTIONS_PER_ITERATION * reached + 1, 'prediction')}.",
            floor_note)
    if reached is not None:
        return Verdict(
            Outcome.CRAWLS,
            f"Getting the error below {tol} takes {plural(reached, 'iteration')}, "
            f"and this run stops after {n:,}. More iterations would get there.",
            f"Each iteration moves the weight one step of {fmt(facts.step)}; the best weight "
            f"is about {about(facts.estimate)} steps away. " + floor_note)
    if bounce is not None:
        bound = 2 * math.sqrt(facts.tolerance) / abs(facts.network_input)
        return Verdict(
            Outcome.STUCK,
            f"Its step is too big. From iteration {bounce.iteration:,} it hops "
            f"between {fmt(bounce.weight)} and {fmt_apart(bounce.other_weight, bounce.weight)}, "
            f"and the error never gets below {fmt(bounce.error_floor)}.",
            f"{bounce.explanation} Steps below {fmt(bound, 2)} always get the error below "
            f"{tol}: some weight on their grid is close enough to the best one.")
    return Verdict(
        Outcome.TOO_SLOW,
        f"Its step is too small. The best weight is about {about(facts.estimate)} "
        f"steps away, more than the {facts.limit:,} iterations this lesson walks.",
        "Each iteration moves the weight by one step, so the number of iterations is the "
        "distance to the best weight divided by the step.")


class Winner(enum.Enum):
    """Who gets the error below the tolerance with fewer predictions."""

    DESCENT = "gradient descent wins"
    HOT_COLD = "hot and cold wins"
    TIE = "a tie"
    NEITHER = "neither gets there"
    NEITHER_CAN_LEARN = "neither can learn"


def comparison_verdict(facts: Study) -> Verdict:
    """Who wins, hot and cold or gradient descent, counted in predictions, and why."""
    c, report = facts.comparison, facts.descent
    hc, gd = c.hot_cold_predictions, c.descent_predictions
    tol = _tolerance_words(facts.tolerance)
    k = report.step_size
    if facts.network_input == 0 and hc is None:
        return Verdict(
            Winner.NEITHER_CAN_LEARN,
            "Neither method can learn here. With an input of 0 the derivative is always 0 "
            "too, so gradient descent stays put just like hot and cold.")
    if gd is None and not report.learns:
        failing = f"Gradient descent {report.label} with this alpha."
        if hc is None:
            return Verdict(Winner.NEITHER, f"{failing} Hot and cold does not get the error "
                           f"below {tol} either.", report.summary)
        return Verdict(
            Winner.HOT_COLD,
            f"{failing} Hot and cold wins: it gets the error below {tol} with "
            f"{plural(hc, 'prediction')}.",
            f"{report.summary} Hot and cold never moves more than one step at a time, so it "
            "cannot run away like that."
            + (f" For gradient descent the cure is an alpha below {fmt(report.alpha_limit)}."
               if report.kind is Regime.DIVERGES and report.alpha_limit else ""))
    if hc is None and gd is None:
        return Verdict(Winner.NEITHER, f"Neither gets the error below {tol} within "
                       f"{facts.limit:,} iterations.")
    if hc is None:
        return Verdict(
            Winner.DESCENT,
            f"The derivative wins. Gradient descent gets there with "
            f"{plural(gd, 'prediction')}; hot and cold never does with this step.",
            "" if facts.bounce is None else facts.bounce.explanation)
    if gd is None:
        return Verdict(Winner.HOT_COLD, f"Hot and cold wins: it gets the error below {tol} "
                       f"with {plural(hc, 'prediction')}; gradient descent, with this alpha, "
                       "does not.")
    if gd == hc:
        if c.hot_cold_iterations == 0:
            return Verdict(Winner.TIE, f"A tie: both start there. The first prediction's error "
                           f"is already below {tol}.")
        return Verdict(Winner.TIE, f"A tie: both need {plural(gd, 'prediction')} to get the "
                       f"error below {tol}.")
    if gd < hc:
        return Verdict(
            Winner.DESCENT,
            f"The derivative wins: {plural(gd, 'prediction')} against {hc:,}.",
            "The derivative says which way to go and how far, so gradient descent needs one "
            "prediction per iteration and takes big steps while it is far away.")
    slow = (f"alpha × input² = {fmt(k)} is small, so each update covers only {percent(k)} of "
            "the remaining distance" if k < 1 else
            f"alpha × input² = {fmt(k)} is more than 1, so each update overshoots the goal")
    one = "" if facts.network_input == 0 else (
        f" With alpha = 1 ÷ input² = {fmt(1 / facts.network_input**2)} it would land in one "
        "update.")
    return Verdict(
        Winner.HOT_COLD,
        f"Hot and cold wins this time: {plural(hc, 'prediction')} against {gd:,} for "
        "gradient descent.",
        f"Gradient descent is slow here: {slow}.{one}")


# ---------------------------------------------------------------- examples and sentences

EXAMPLES: dict[str, dict[str, float | int]] = {
    "The book's example": dict(weight=0.5, input=0.5, goal=0.8, step=0.001, iterations=1101,
                               alpha=0.1),
    "Toes: 8.5 toes, goal 1": dict(weight=0.1, input=8.5, goal=1.0, step=0.01, iterations=20,
                                   alpha=0.01),
    "Too big a step": dict(weight=0.5, input=0.5, goal=0.8, step=0.3, iterations=30, alpha=0.1),
    "Too small a step": dict(weight=0.5, input=0.5, goal=0.8, step=0.0001, iterations=5000,
                             alpha=0.1),
}

DESCRIPTIONS: dict[str, str] = {
    "The book's example": f"Hot and cold as {BOOK} first shows it: weight 0.5, input 0.5, "
                          "goal 0.8, steps of 0.001, 1,101 iterations.",
    "Toes: 8.5 toes, goal 1": f"The toes example of {BOOK}: 8.5 toes per player predict a win "
                              "(goal 1), starting from weight 0.1 with steps of 0.01.",
    "Too big a step": "The book's start (weight 0.5, input 0.5, goal 0.8) with steps of 0.3: "
                      "too coarse to get close.",
    "Too small a step": "The book's start (weight 0.5, input 0.5, goal 0.8) with steps of "
                        "0.0001: it can get closer, but it takes ten times as many iterations.",
}


def first_step_words(run: HotColdRun) -> tuple[str, str]:
    """What the first iteration compares, and what it does: two sentences around its three
    errors (the first ends with a colon, the errors follow it on the page)."""
    s = run.steps[0]
    w, x, step = fmt(run.weight), fmt(run.network_input), fmt(run.step)
    before = (f"The weight starts at {w}, so the neuron predicts {x} × {w} = "
              f"{fmt(s.prediction, 6)} against a goal of {fmt(run.goal)}. Hot and cold also "
              f"tries the weights {w} + {step} and {w} − {step}, and measures all three errors "
              "(an error is the miss, squared):")
    if s.move == "stay":
        after = ("Up and down are exactly as good, so neither `if` fires and the weight stays "
                 "where it is.")
    else:
        after = (f"The step {s.move} misses by less, so the weight moves {s.move} to "
                 f"{s.new_weight!r}.")
    return before, after


def describe_weights(run: HotColdRun) -> str:
    """One sentence for the chart of the weight after each move: how it walks, whether it
    hops around the best weight, and how far from it it ends."""
    if not run.steps:
        return "No finite weight to describe."
    n, step = len(run.steps), fmt(run.step)
    best = None if run.network_input == 0 else run.goal / run.network_input
    target = ("there is no best weight with an input of 0" if best is None
              else f"the best weight is {fmt(best)}")
    if all(s.move == "stay" for s in run.steps):
        return (f"The weight stays at {fmt(run.weight)} through {plural(n, 'iteration')}: up "
                f"and down are exactly as good; {target}.")
    i = run.bouncing_from
    if i is not None and run.steps[i].move != "stay":
        b = run.steps[i]
        return (f"The weight walks from {fmt(run.weight)} in steps of {step}; from iteration "
                f"{i:,} it hops between {fmt(b.weight)} and {fmt_apart(b.new_weight, b.weight)}"
                f" and gets no closer; {target}.")
    text = (f"The weight walks from {fmt(run.weight)} to {fmt(run.final_weight)} in "
            f"{plural(n, 'step')} of {step}; {target}")
    if best is not None and i is None:
        left = abs(best - run.final_weight) / abs(run.step)
        if left >= 1:
            text += f", still about {about(left)} steps away"
    return text + "."


def bounce_note(facts: Study) -> str:
    """Where this setting's fixed step stops improving, in words (the "too big" side)."""
    if facts.network_input == 0 or facts.step == 0:
        why = "an input of 0" if facts.network_input == 0 else "a step of 0"
        return (f"Nothing bounces here: with {why}, up and down are exactly as good, so the "
                "weight never moves at all.")
    b = facts.bounce
    if b is None:
        return (f"With these settings it does not start bouncing within {facts.limit:,} "
                "iterations.")
    lowest = facts.lowest_error
    if lowest is not None and lowest < facts.tolerance:
        return (b.explanation + f" Its floor, {fmt(lowest)}, is below "
                f"{_tolerance_words(facts.tolerance)}, so here the bounce does no harm.")
    return b.explanation


def crawl_note(facts: Study, iterations: int) -> str:
    """How far this setting's fixed step has to walk, in words (the "too small" side)."""
    if facts.network_input == 0:
        return "With an input of 0 there is no best weight to walk to."
    if facts.step == 0:
        return "With a step of 0 there is no walking."
    best = facts.goal / facts.network_input
    text = (f"The best weight {fmt(best)} is about {about(facts.estimate)} steps of "
            f"{fmt(facts.step)} from the start {fmt(facts.weight)}.")
    reached = facts.walk.reached
    if reached is not None and reached >= int(iterations):
        text += (f" Getting the error below {_tolerance_words(facts.tolerance)} takes "
                 f"{plural(reached, 'iteration')}, more than the {int(iterations):,} of this "
                 "run: it stops before it gets there.")
    return text


def describe_run(run: HotColdRun) -> str:
    """The sentences for the hot-and-cold error chart: the trend, and where it bounces."""
    text = trend([s.error for s in run.steps], "error", "iteration")
    i = run.bouncing_from
    if i is None:
        return text
    floor = step_floor(run.weight, run.network_input, run.goal, run.step)
    note = floor_words(floor, run.error_floor, run.step)
    if run.steps[i].move == "stay":
        return f"{text} The weight never moves."
    return (f"{text} From iteration {i:,} it bounces between two weights; its lowest error is "
            f"{fmt(run.error_floor)}." + (f" {note}" if note else ""))


def describe_methods(hot: HotColdRun, descent: DescentRun) -> str:
    """One sentence for the chart of both methods' errors, from the same start."""
    def path(errors: list[float]) -> str:
        errors = [e for e in errors if math.isfinite(e)]
        if not errors:
            return "has no finite error"
        return f"went from {fmt(errors[0], 3)} to {fmt(errors[-1], 3)}"

    return (f"From the same start, hot and cold's error {path([s.error for s in hot.steps])} "
            f"in {plural(len(hot.steps), 'iteration')}; gradient descent's "
            f"{path([s.error for s in descent.steps])} in "
            f"{plural(len(descent.steps), 'iteration')}.")


def hot_cold_loop_source(
    weight: float, network_input: float, goal: float, step: float, iterations: int
) -> Script:
    """The hot-and-cold loop with these values filled in, as cells a student can run.

    Its ``.source()`` (or the notebook made from it) prints one line per iteration
    (iteration, prediction, error, up, down, move) with the same floats as
    :func:`hot_cold` records.
    """
    return Script(
        "Hot and cold: learning by trying a step up and a step down",
        (
            Cell(
                "Where the weight starts, the input, the prediction we want, and how far "
                "each try moves the weight.",
                assign(weight=weight, network_input=network_input, goal=goal, step=step),
                "settings",
            ),
            Cell(
                f"Repeat {plural(int(iterations), 'time')}: measure the error now, one step up "
                "and one step down, move to the better try, print the numbers.",
                f"""for iteration in range({int(iterations)}):
    prediction = network_input * weight
    error = (prediction - goal) ** 2

    up_error = (network_input * (weight + step) - goal) ** 2
    down_error = (network_input * (weight - step) - goal) ** 2

    move = "stay"
    if down_error < up_error:
        weight = weight - step
        move = "down"
    if down_error > up_error:
        weight = weight + step
        move = "up"

    print(iteration, prediction, error, up_error, down_error, move)""",
                "loop",
            ),
        ),
    )
