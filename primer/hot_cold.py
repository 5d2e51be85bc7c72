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

Like the book, this version always moves to the better of up and down, even
when that is worse than staying put. From then on it is *bouncing*: it hops
between the same two weights and the error never goes lower.
:attr:`HotColdRun.bouncing_from` names the iteration where that starts. If up
and down are exactly as good (step 0, or input 0), it does not move ("stay"),
again as the book's two ``if`` lines do.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, fields

from primer.descent import iterations_to_reach as descent_iterations_to_reach
from primer.outcome import Stoppable
from primer.script import Cell, Script
from primer.words import overflow_reason, plural


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

    @property
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
                f"Stopped at iteration {iteration}: the error {s.error:.4g} is below the "
                f"tolerance {tolerance:g}.",
                reached=True,
            )
        steps.append(s)
        weight = s.new_weight
    return run()


@dataclass(frozen=True)
class Bounce:
    """Where a fixed step stops making progress."""

    iteration: int  # first iteration whose move does not lower the error
    weight: float  # the closest weight this step size reaches
    other_weight: float  # where it hops to from there
    error_floor: float  # the lowest error it can reach
    explanation: str


def find_bounce(
    weight: float, network_input: float, goal: float, step: float, limit: int = 100_000
) -> Bounce | None:
    """Walk until the error stops going down; None if that takes more than ``limit``."""
    for iteration in range(int(limit)):
        s = _move(iteration, weight, network_input, goal, step)
        if s is None:
            return None
        if not s.improves:
            if s.move == "stay":
                words = (
                    "a step up and a step down are exactly as good, so the weight "
                    f"stays at {s.weight:.4g} for good"
                )
            else:
                words = (
                    f"both neighbours are worse, yet it must move: it hops from {s.weight:.4g} "
                    f"to {s.new_weight:.4g} and back, over and over"
                )
            return Bounce(
                iteration, s.weight, s.new_weight, s.error,
                f"From iteration {iteration}, {words}. The error never gets below "
                f"{s.error:.4g}. A smaller step would get closer, but more slowly.",
            )
        weight = s.new_weight
    return None


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
    return Comparison(
        tolerance,
        hc,
        None if hc is None else PREDICTIONS_PER_ITERATION * hc + 1,
        gd,
        None if gd is None else gd + 1,
    )


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
                f"""weight = {weight!r}
network_input = {network_input!r}
goal = {goal!r}
step = {step!r}""",
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
