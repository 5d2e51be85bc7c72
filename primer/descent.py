"""Gradient descent on one weight, exactly as the primer's loop does it.

The primer's loop, for reference::

    for iteration in range(20):
        prediction = network_input * weight
        error = (prediction - prediction_goal) ** 2
        derivative = network_input * (prediction - prediction_goal)
        weight -= alpha * derivative

:func:`descend` runs those four lines with the same Python floats in the same
order, so every number it returns prints exactly as the primer prints it. It
keeps one :class:`Step` per iteration instead of printing, and it stops cleanly
when a diverging run stops producing finite numbers (the primer's loop would
crash with ``OverflowError`` there).

Why the loop converges or not: the distance to the best weight
``goal / input`` is multiplied by the same *factor* ``1 - alpha * input**2``
on every step. :func:`regime` names what that factor does.

The primer's ``derivative`` is not quite the slope of the error curve: the
slope of ``(input * weight - goal) ** 2`` is ``2 * input * (prediction - goal)``,
twice the primer's number. Dropping the 2 never changes which way a step goes,
only how far: ``alpha * derivative`` is ``(alpha / 2) * slope``, so the primer's
alpha is a learning rate of alpha / 2 on the true slope (:func:`slope_at`).

What a run did is judged from its own numbers, not from the theory alone:
:func:`moves` says of every update whether the error went down, stayed level or
went up, and whether the weight jumped past the best weight; :func:`walk` sums
that up, and the ``describe_*`` functions give the one-sentence summaries the
charts carry.
"""

from __future__ import annotations

import enum
import math
from dataclasses import dataclass, fields

from primer.outcome import Stoppable, Verdict
from primer.script import Cell, Script, assign
from primer.words import fmt as _fmt
from primer.words import fmt_apart, overflow_reason, percent, plural, trend


@dataclass(frozen=True)
class Step:
    """One pass of the primer's loop; ``weight`` is the weight *after* the update."""

    iteration: int
    prediction: float
    error: float
    derivative: float
    weight: float

    @property
    def slope(self) -> float:
        """The slope of the error curve where this iteration stood: twice the derivative."""
        return 2 * self.derivative


FIELDS = tuple(f.name for f in fields(Step))  # the primer's printout, in its order


@dataclass(frozen=True)
class DescentRun(Stoppable):
    """The record of one run: its settings and one :class:`Step` per iteration."""

    weight: float
    network_input: float
    goal: float
    alpha: float
    iterations: int
    steps: tuple[Step, ...]

    @property
    def weights_before(self) -> list[float]:
        """The weight each iteration started from (the point it stood on the error curve)."""
        return [self.weight] + [s.weight for s in self.steps[:-1]]

    @property
    def final_weight(self) -> float:
        return self.steps[-1].weight if self.steps else self.weight

    def columns(self) -> dict[str, list]:
        """The run as columns named like the primer's printout, ready for a table."""
        return {name: [getattr(s, name) for s in self.steps] for name in FIELDS}


def _finite(*values: float) -> bool:
    return all(math.isfinite(v) for v in values)


def descend(
    weight: float,
    network_input: float,
    goal: float,
    alpha: float,
    iterations: int = 20,
) -> DescentRun:
    """Run the primer's loop and return every iteration's numbers.

    A run whose numbers overflow stops at the first iteration that is not
    finite; ``stopped_at`` names it and ``stop_reason`` says why in words.
    """
    # Python floats, as in the primer: whole numbers would grow without bound instead of
    # overflowing, and print as 2 rather than 2.0.
    weight, network_input, goal, alpha = map(float, (weight, network_input, goal, alpha))
    start = weight
    prediction_goal = goal
    steps: list[Step] = []
    for iteration in range(int(iterations)):
        try:
            prediction = network_input * weight
            error = (prediction - prediction_goal) ** 2
            derivative = network_input * (prediction - prediction_goal)
            weight -= alpha * derivative
        except OverflowError:
            finite = False
        else:
            finite = _finite(prediction, error, derivative, weight)
        if not finite:
            return DescentRun(
                start, network_input, goal, alpha, int(iterations), tuple(steps),
                stopped_at=iteration,
                stop_reason=overflow_reason(iteration, cause="The run diverged."),
            )
        steps.append(Step(iteration, prediction, error, derivative, weight))
    return DescentRun(start, network_input, goal, alpha, int(iterations), tuple(steps))


def error_at(weight: float, network_input: float, goal: float) -> float:
    """The primer's error for one weight: a parabola in ``weight``."""
    return (network_input * weight - goal) ** 2


def error_curve(run: DescentRun, points: int = 201) -> dict[str, list[float]]:
    """The error parabola over the weights a run visits (and the best weight), for drawing.

    Only finite points are returned, so a wildly diverging run still draws.
    """
    best = best_weight(run.network_input, run.goal)
    visited = run.weights_before + ([run.final_weight] if run.steps else [])
    anchors = visited + ([best] if best is not None else [])
    lo, hi = min(anchors), max(anchors)
    pad = max((hi - lo) * 0.15, 0.25)
    lo, hi = lo - pad, hi + pad
    weights, errors = [], []
    for i in range(points):
        w = lo + (hi - lo) * i / (points - 1)
        try:
            e = error_at(w, run.network_input, run.goal)
        except OverflowError:
            continue
        if math.isfinite(w) and math.isfinite(e):
            weights.append(w)
            errors.append(e)
    return {"weight": weights, "error": errors}


def slope_at(weight: float, network_input: float, goal: float) -> float:
    """The slope of the error curve at ``weight``: ``2 * input * (prediction - goal)``.

    The primer's derivative is this slope with the 2 dropped, so a step of
    ``alpha * derivative`` is a step of ``(alpha / 2) * slope``: the same direction,
    half the distance. Dropping the 2 only rescales alpha.
    """
    return 2 * network_input * (network_input * weight - goal)


def derivative_note(alpha: float | None = None) -> str:
    """What the primer's ``derivative`` is, in words a student can follow (with ``alpha``,
    what the learning rate amounts to on the true slope)."""
    text = (
        "The primer's derivative, input × (prediction − goal), is half the slope of the "
        "error curve: the slope is 2 × input × (prediction − goal). Dropping the 2 never "
        "changes which way the weight moves, only how far, and alpha makes up for it"
    )
    if alpha is None:
        return text + ": alpha times the derivative is alpha / 2 times the slope."
    return (text + f": alpha {_fmt(alpha)} times the derivative is {_fmt(alpha / 2)} "
            "times the slope.")


def best_weight(network_input: float, goal: float) -> float | None:
    """The weight whose prediction hits the goal exactly, or None when input is 0."""
    if network_input == 0:
        return None
    return goal / network_input


def critical_alpha(network_input: float) -> float:
    """The learning rate at and above which the loop no longer converges: 2 / input**2."""
    squared = network_input * network_input  # not input**2: inf, not OverflowError, when huge
    return math.inf if squared == 0 else 2 / squared


def alpha_limit(network_input: float) -> float | None:
    """The learning rate at and above which the loop no longer converges, ready to show.

    None when there is no such limit: with an input of 0 the weight never moves,
    whatever alpha is, so "below infinity" would be no answer at all.
    """
    return None if network_input == 0 else critical_alpha(network_input)


def limit_note(network_input: float) -> str:
    """What the alpha limit means for this input, for the card that shows it."""
    if network_input == 0:
        return ("No limit: with an input of 0 the derivative is always 0, so the weight never "
                "moves, whatever alpha is.")
    return (f"2 ÷ input² = 2 ÷ {_fmt(network_input)}² = {_fmt(critical_alpha(network_input))}: "
            "at or above this learning rate the loop cannot converge.")


class Regime(enum.Enum):
    CONVERGES = "converges smoothly"
    ONE_STEP = "lands on the goal in one step"
    OVERSHOOTS = "overshoots, but converges"
    OSCILLATES = "oscillates forever"
    DIVERGES = "diverges"
    CANNOT_LEARN = "cannot learn"
    AT_GOAL = "already at the goal"
    STILL = "never moves"


@dataclass(frozen=True, kw_only=True)
class RegimeReport(Verdict):
    factor: float  # 1 - alpha * input**2: how the distance to the best weight scales each step
    step_size: float  # alpha * input**2, the number compared against 1 and 2
    alpha_limit: float | None = None  # 2 / input**2; None when input is 0 (no limit exists)

    @property
    def learns(self) -> bool:
        return self.kind in (Regime.CONVERGES, Regime.ONE_STEP, Regime.OVERSHOOTS, Regime.AT_GOAL)


def _towards(network_input: float, goal: float | None, weight: float | None) -> str:
    """"falls towards the goal 0.8" or "rises towards ...", from where the prediction starts."""
    if goal is None or weight is None:
        return "closes in on the goal"
    start = network_input * weight
    if not math.isfinite(start) or start == goal:
        return "closes in on the goal"
    verb = "falls" if start > goal else "rises"
    return f"{verb} towards the goal {_fmt(goal)}"


def regime(
    network_input: float,
    alpha: float,
    goal: float | None = None,
    weight: float | None = None,
) -> RegimeReport:
    """Name what the loop will do, and explain it with ``alpha * input**2``.

    Each update multiplies the weight's distance from the best weight by the factor
    ``1 - alpha * input**2``. Below 1 in size it shrinks (learning); a negative
    factor means the weight lands on the other side every step (the prediction
    crosses the goal); at exactly -1 it flips sides forever, beyond it grows.
    With ``goal`` and ``weight`` the sentences say which way the prediction moves.
    """
    k = alpha * (network_input * network_input)  # as alpha * input**2, without OverflowError
    factor = 1 - k
    a, x = _fmt(alpha), _fmt(network_input)
    product = f"alpha × input² = {a} × {x}² = {_fmt(k)}"
    limit = alpha_limit(network_input)
    best = best_weight(network_input, goal) if goal is not None else None
    to_best = "" if best is None else f" (goal ÷ input = {_fmt(best)})"
    scale = (f"The distance to the best weight{to_best} is multiplied by 1 − {_fmt(k)} = "
             f"{fmt_apart(factor, -1.0 if factor < 0 else 1.0)} on every update")
    slope = " " + derivative_note(alpha)

    def made(kind: Regime, summary: str, why: str) -> RegimeReport:
        return RegimeReport(kind, summary, why, factor=factor, step_size=k, alpha_limit=limit)

    if goal is not None and weight is not None and network_input * weight == goal:
        return made(
            Regime.AT_GOAL,
            f"The prediction {x} × {_fmt(weight)} already equals the goal {_fmt(goal)}: "
            "the error is 0, so the derivative is 0 and the weight stays put.",
            "An update subtracts alpha × derivative, and the derivative is input × "
            "(prediction − goal) = 0 here, so every update subtracts 0.",
        )
    if network_input == 0:
        goal_words = "the goal" if goal is None else f"the goal {_fmt(goal)}"
        return made(
            Regime.CANNOT_LEARN,
            "Input 0: the prediction is always 0 and the derivative is always 0, so the "
            f"weight never moves. No weight turns an input of 0 into {goal_words}.",
            "The derivative is input × (prediction − goal) = 0 × (0 − goal) = 0, whatever "
            "the weight, so alpha × derivative is 0 too. No learning rate helps, so there "
            "is no limit on alpha to show either.",
        )
    if alpha == 0:
        return made(
            Regime.STILL,
            "Learning rate 0: every update is 0 × derivative = 0, so the weight never moves "
            "and the error never changes.",
            "The derivative still says which way to go, but alpha scales the step to "
            "nothing. Any alpha between 0 and 2 ÷ input² = "
            f"{_fmt(limit)} would learn.",
        )
    if k < 0:
        return made(
            Regime.DIVERGES,
            f"{product} is negative: each update pushes the weight away from the best weight, "
            "so the error grows.",
            f"{scale}, more than 1: the distance grows every step. A negative alpha climbs "
            "the error curve instead of descending it.",
        )
    if k < 1:
        return made(
            Regime.CONVERGES,
            f"Each update covers {percent(k)} of the remaining distance, so the prediction "
            f"{_towards(network_input, goal, weight)} without passing it.",
            f"{product}, between 0 and 1. {scale}: positive, "
            "so the weight stays on the side it started, and below 1, so "
            "the distance shrinks every step (in exact arithmetic; the floats can wobble "
            "in their last digits once the error is round-off)." + slope,
        )
    if k == 1:
        return made(
            Regime.ONE_STEP,
            "The first update lands on the best weight, so the prediction hits the goal at "
            "once and stays there.",
            f"{product}, exactly 1. {scale}: 0, "
            "so the first update leaves no distance at all (up to round-off "
            "in the last digit)." + slope,
        )
    if k < 2:
        return made(
            Regime.OVERSHOOTS,
            "Each update jumps past the best weight but lands closer: the prediction crosses "
            "the goal every step, closing in.",
            f"{product}, between 1 and 2. {scale}. "
            "The minus sign means the weight changes side every step, so the "
            "prediction crosses the goal each time; the size below 1 means the distance "
            "still shrinks." + slope,
        )
    if k == 2:
        return made(
            Regime.OSCILLATES,
            "Every update jumps across the best weight to the same distance on the other "
            "side, so the error never changes.",
            f"{product}, exactly 2. {scale}: exactly −1, "
            "so the weight swaps sides at the same distance for ever "
            "and the prediction crosses the goal every step (the error stays the same up to "
            "round-off in the last digits). Any alpha below "
            f"{_fmt(limit)} would converge." + slope,
        )
    return made(
        Regime.DIVERGES,
        "Every update jumps past the best weight and lands further away, so the error "
        f"grows. Alpha below {_fmt(limit)} would converge.",
        f"{product}, above 2. {scale}: negative, "
        "so the weight changes side every step, and bigger than 1 in "
        "size, so the distance grows every step and the error explodes. 2 ÷ input² = "
        f"{_fmt(limit)} is the limit." + slope,
    )


# ---------------------------------------------------------------- what each update did


class Heading(enum.Enum):
    """What one update did to the error, judged from the run's own numbers."""

    DOWNHILL = "downhill"
    LEVEL = "level"  # the same height, up to round-off
    UPHILL = "uphill"


@dataclass(frozen=True)
class Move:
    """One update, as facts: the error before and after it, and which way that went.

    ``error_after`` is the error at the weight the update left (the next iteration's
    error; infinite when it overflows). ``crossed`` is True when the prediction
    landed on the other side of the goal; ``moved`` when the weight changed at all.
    """

    iteration: int
    error_before: float
    error_after: float
    heading: Heading
    crossed: bool
    moved: bool
    at_bottom: bool  # after the update the miss is round-off: the prediction is the goal


_EPS = 2.0**-52


def _miss_noise(network_input: float, weight: float, goal: float) -> float:
    """How far round-off can move a computed miss ``input * weight - goal``."""
    return 4 * _EPS * (abs(network_input * weight) + abs(goal))


def moves(run: DescentRun) -> tuple[Move, ...]:
    """What every update of ``run`` did to the error, from the numbers the loop computed.

    An update is *downhill* when the error after it is lower than before by more
    than round-off, *uphill* when it is higher by more than round-off, *level*
    otherwise. So "downhill" is never said of an update whose error rose.
    """
    x, g = run.network_input, run.goal
    out = []
    for s, before in zip(run.steps, run.weights_before):
        try:
            miss_after = x * s.weight - g
            after = miss_after**2
        except OverflowError:
            miss_after, after = math.inf, math.inf
        miss_before = s.prediction - g
        delta = max(_miss_noise(x, before, g), _miss_noise(x, s.weight, g)
                    if math.isfinite(miss_after) else 0.0)
        noise = 2 * max(abs(miss_before), abs(miss_after)) * delta + delta * delta
        if not math.isfinite(after) or after > s.error + noise:
            heading = Heading.UPHILL
        elif after < s.error - noise:
            heading = Heading.DOWNHILL
        else:
            heading = Heading.LEVEL
        crossed = (abs(miss_before) > delta and abs(miss_after) > delta
                   and (miss_before > 0) != (miss_after > 0))
        out.append(Move(s.iteration, s.error, after, heading, crossed,
                        s.weight != before, abs(miss_after) <= delta))
    return tuple(out)


class Walk(enum.Enum):
    """What a whole run did on the error curve, from its moves."""

    DOWNHILL = "walks downhill"
    ZIGZAG = "zig-zags downhill"
    LEVEL = "stays at the same height"
    CLIMBS = "climbs"
    MIXED = "goes down and up"
    STILL = "stands still"
    EMPTY = "has no updates"


def walk(run: DescentRun) -> Verdict:
    """What the run's updates did to the error, in one short verdict.

    Every word is checked against :func:`moves`: "downhill" only for a run with no
    update that raised the error, "climbs" only for one whose updates all raised it.
    """
    ms = moves(run)
    if not ms:
        return Verdict(Walk.EMPTY, "No update finished with finite numbers, so there is no "
                       "step to show.", run.stop_reason)
    n = len(ms)
    down = sum(m.heading is Heading.DOWNHILL for m in ms)
    up = sum(m.heading is Heading.UPHILL for m in ms)
    level = n - down - up
    crossed = sum(m.crossed for m in ms)
    first, last = ms[0].error_before, ms[-1].error_after
    updates = plural(n, "update")
    if not any(m.moved for m in ms):
        return Verdict(
            Walk.STILL,
            f"The weight never moves: all {updates} leave it where it is, so every dot "
            f"sits on the same point of the curve, at error {_fmt(first)}.",
            "An update subtracts alpha × derivative; here that is 0 every time (the "
            "derivative is 0, or alpha is).",
        )
    if not down and not up:
        if crossed:
            return Verdict(
                Walk.LEVEL,
                f"Every update jumps across the bowl to the same height on the other side: "
                f"the error stays at {_fmt(first)} and never gets lower.",
                "The weight swaps sides of the best weight at the same distance, so the "
                "error is the same before and after every update (up to round-off).",
            )
        where = ("at the bottom of the bowl" if ms[-1].at_bottom
                 else f"at error {_fmt(last)}")
        return Verdict(
            Walk.LEVEL,
            f"The weight moves, but too little to change the error: all {updates} stay "
            f"{where}.",
            "Each change of the error is smaller than the round-off of the numbers.",
        )
    if down and not up:
        resting = [m for m in ms if m.heading is Heading.LEVEL]
        settles = bool(resting) and all(m.at_bottom for m in resting) and all(
            m.heading is Heading.LEVEL for m in ms[down:])
        if down == n:
            count = f"All {updates}"
        elif down == 1 and settles:
            count = "The first update"
        elif settles:
            count = f"The first {down} updates"
        else:
            count = f"{down} of the {updates}"
        rest = (f"; the other {level} stayed there" if settles else
                f"; the other {level} left the error as it was" if level else "")
        if crossed:
            return Verdict(
                Walk.ZIGZAG,
                f"{count} went downhill, jumping past the bottom of the bowl but landing "
                f"lower each time{rest}.",
                "Each jump lands on the other side of the best weight, closer to it than "
                f"before: the weight crossed it {plural(crossed, 'time')}, and the error fell "
                f"from {_fmt(first)} to {_fmt(last)}."
                + (" What is left of the error is round-off." if settles else ""),
            )
        return Verdict(
            Walk.DOWNHILL,
            f"{count} went downhill towards the bottom of the bowl without passing it{rest}.",
            "Each downhill update moves the weight against the slope, part of the way to the "
            f"best weight, so the error fell: from {_fmt(first)} to {_fmt(last)} in all."
            + (" What is left of the error is round-off." if settles else ""),
        )
    if up and not down:
        how = ("jumps past the bottom of the bowl and lands higher" if crossed
               else "moves away from the bottom of the bowl")
        return Verdict(
            Walk.CLIMBS,
            f"Every update {how}: the run climbs the bowl, and the error grows.",
            (f"{plural(level, 'update')} left the error as it was. " if level else "")
            + f"The error grew from {_fmt(first)} to {_fmt(last)}: each update overshoots by "
            "more than the distance it had to go (or, with a negative alpha, steps uphill).",
        )
    return Verdict(
        Walk.MIXED,
        f"{down} of the {updates} lowered the error and {up} raised it; the error went from "
        f"{_fmt(first)} to {_fmt(last)}.",
        "Near the bottom the numbers are dominated by round-off, so single updates can go "
        "either way.",
    )


# ---------------------------------------------------------------- sentences for the charts


def _crossings(values: list[float], goal: float) -> int:
    """How many times consecutive values land on opposite sides of ``goal`` (past round-off)."""
    sides = []
    for v in values:
        noise = 4 * _EPS * (abs(v) + abs(goal))
        if math.isfinite(v) and abs(v - goal) > noise:
            sides.append(v > goal)
    return sum(a != b for a, b in zip(sides, sides[1:]))


def describe_error(run: DescentRun) -> str:
    """One sentence a screen reader can speak in place of the error chart."""
    return trend([s.error for s in run.steps], "error", "iteration")


def describe_weight(run: DescentRun) -> str:
    """One sentence for the weight chart: where the weight went, and where the best one is."""
    if not run.steps:
        return "No finite weight to describe."
    best = best_weight(run.network_input, run.goal)
    if best is not None:
        target = f"the best weight is {_fmt(best, 3)}"
    elif run.goal == 0:
        target = "with an input of 0 every weight hits the goal 0"
    else:
        target = "with an input of 0 no weight reaches the goal"
    n = plural(len(run.steps), "update")
    if all(s.weight == run.weight for s in run.steps):
        return f"The weight stayed at {_fmt(run.weight, 3)} through {n}; {target}."
    if run.final_weight == run.weight:
        return (f"The weight moved and came back: after {n} it is {_fmt(run.weight, 3)} "
                f"again; {target}.")
    return (f"The weight went from {_fmt(run.weight, 3)} to {_fmt(run.final_weight, 3)} in "
            f"{n}; {target}.")


def describe_prediction(run: DescentRun) -> str:
    """One sentence for the prediction chart: which way it went, how often it crossed the goal."""
    predictions = [s.prediction for s in run.steps]
    if not predictions:
        return "No finite prediction to describe."
    text = trend(predictions, "prediction", "iteration")[:-1]
    crossed = _crossings(predictions, run.goal)
    across = f", crossing the goal {plural(crossed, 'time')}" if crossed else ""
    return f"{text}{across}; the goal is {_fmt(run.goal, 3)}."


def describe_steps(run: DescentRun) -> str:
    """The sentences for the error curve with the run's steps on it (one dot per iteration)."""
    if not run.steps:
        return "No finite step to describe."
    before = run.weights_before
    first, last = run.steps[0], run.steps[-1]
    best = best_weight(run.network_input, run.goal)
    if best is None:
        return (f"Every weight has the same error, {_fmt(first.error, 3)}, so the curve is "
                f"flat and the steps never leave weight {_fmt(before[0], 3)}.")
    return (
        f"The error curve is a bowl with its bottom at weight {_fmt(best, 3)}; the "
        f"{plural(len(run.steps), 'step')} go from weight {_fmt(before[0], 3)} (error "
        f"{_fmt(first.error, 3)}) to weight {_fmt(before[-1], 3)} (error "
        f"{_fmt(last.error, 3)}). Each dot is where an iteration stood; the derivative is "
        f"half the slope there. {walk(run).summary}"
    )


def iterations_to_reach(
    weight: float,
    network_input: float,
    goal: float,
    alpha: float,
    tolerance: float,
    limit: int = 1_000_000,
) -> int | None:
    """The first iteration whose error is below ``tolerance``, or None if it never gets there.

    The error at iteration t is ``error_0 * factor**(2t)``; the closed form gives
    the answer, and a short run of the real loop settles float round-off.
    """
    try:
        start_error = error_at(weight, network_input, goal)
    except OverflowError:
        return None  # the primer's loop stops at its first error, as descend() does
    if start_error < tolerance:
        return 0
    factor = 1 - alpha * network_input**2
    if network_input == 0 or abs(factor) >= 1:
        return None
    if factor == 0:
        return 1
    estimate = math.ceil(math.log(tolerance / start_error) / (2 * math.log(abs(factor))))
    if estimate > limit:
        return estimate
    run = descend(weight, network_input, goal, alpha, estimate + 2)
    return next((s.iteration for s in run.steps if s.error < tolerance), estimate)


def reach_sentence(
    weight: float, network_input: float, goal: float, alpha: float, iterations: int,
    tolerance: float = 1e-6,
) -> str:
    """When the error first drops below ``tolerance`` (one millionth by default), in words;
    beyond the run's ``iterations`` it says the run stops first."""
    words = "one millionth" if tolerance == 1e-6 else _fmt(tolerance)
    reach = iterations_to_reach(weight, network_input, goal, alpha, tolerance)
    if reach is None:
        return f"With these settings the error never drops below {words}."
    if reach == 0:
        return f"The error is below {words} from the start."
    if reach >= iterations:
        return (f"The error would drop below {words} at iteration {reach:,}; this run stops "
                f"after {plural(int(iterations), 'iteration')}.")
    return f"The error drops below {words} at iteration {reach:,}."


def primer_loop_source(
    weight: float, network_input: float, goal: float, alpha: float, iterations: int
) -> Script:
    """The primer's loop with these values filled in, as cells a student can run.

    ``.source()`` is one file to paste into Python; the notebook has a cell per
    step. Either prints exactly what :func:`descend` records, as the primer prints
    it. A run that overflows stops where :func:`descend` stops, with Python's
    ``OverflowError`` (the primer's loop has no guard), and the loop's explanation
    says so.
    """
    weight, network_input, goal, alpha = map(float, (weight, network_input, goal, alpha))
    n = int(iterations)
    run = descend(weight, network_input, goal, alpha, n)
    loop = (
        f"Repeat {plural(n, 'time')}: predict, measure the error, find the derivative, "
        "move the weight against it, print the numbers."
    )
    if run.stopped:
        loop += (
            f" At iteration {run.stopped_at} the numbers outgrow Python's floats: the loop "
            "stops there with an OverflowError, where the page's table ends."
        )
    return Script(
        "Gradient descent on one weight: the primer's loop",
        (
            Cell(
                "Where the weight starts, the prediction we want, the input and the "
                "learning rate (alpha).",
                assign(weight=weight, prediction_goal=goal, network_input=network_input,
                       alpha=alpha),
                "settings",
            ),
            Cell(
                loop,
                f"""for iteration in range({n}):
    prediction = network_input * weight
    error = (prediction - prediction_goal) ** 2
    derivative = network_input * (prediction - prediction_goal)
    weight -= alpha * derivative

    print("Iteration:" + str(iteration))
    print("Prediction:" + str(prediction))
    print("Error:" + str(error))
    print("Derivative:" + str(derivative))
    print("Weight:" + str(weight))
    print("*****")""",
                "loop",
            ),
        ),
    )


@dataclass(frozen=True)
class AlphaRun:
    """One learning rate's run from a shared start, and the regime it is in."""

    alpha: float
    run: DescentRun
    report: RegimeReport


def compare_alphas(
    weight: float,
    network_input: float,
    goal: float,
    alphas: list[float] | tuple[float, ...],
    iterations: int = 20,
) -> tuple[AlphaRun, ...]:
    """The primer's loop once per learning rate in ``alphas``, everything else the same."""
    return tuple(
        AlphaRun(
            alpha,
            descend(weight, network_input, goal, alpha, iterations),
            regime(network_input, alpha, goal=goal, weight=weight),
        )
        for alpha in alphas
    )


def comparison_columns(runs: tuple[AlphaRun, ...]) -> dict[str, list]:
    """Every iteration of every run, one row each, ready for one chart.

    Columns: ``alpha``, ``regime`` (its label, e.g. "diverges"), ``iteration``
    and ``error``. A run that overflowed contributes only its finite iterations.
    """
    columns: dict[str, list] = {"alpha": [], "regime": [], "iteration": [], "error": []}
    for r in runs:
        for s in r.run.steps:
            columns["alpha"].append(r.alpha)
            columns["regime"].append(r.report.label)
            columns["iteration"].append(s.iteration)
            columns["error"].append(s.error)
    return columns


def describe_alphas(runs: tuple[AlphaRun, ...]) -> str:
    """One sentence a screen reader can speak in place of the comparison chart."""
    parts = []
    for r in runs:
        errors = [s.error for s in r.run.steps if math.isfinite(s.error)]
        if not errors:
            continue
        parts.append(f"α {_fmt(r.alpha, 6)} {r.report.label} (error {_fmt(errors[0], 3)} to "
                     f"{_fmt(errors[-1], 3)} in {plural(len(errors), 'iteration')})")
    if not parts:
        return "No learning rate to compare."
    return "Compared from the same start: " + "; ".join(parts) + "."
