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
"""

from __future__ import annotations

import enum
import math
from dataclasses import dataclass, fields

from primer.outcome import Stoppable, Verdict
from primer.script import Cell, Script
from primer.words import fmt as _fmt
from primer.words import overflow_reason, plural


@dataclass(frozen=True)
class Step:
    """One pass of the primer's loop; ``weight`` is the weight *after* the update."""

    iteration: int
    prediction: float
    error: float
    derivative: float
    weight: float


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


def best_weight(network_input: float, goal: float) -> float | None:
    """The weight whose prediction hits the goal exactly, or None when input is 0."""
    if network_input == 0:
        return None
    return goal / network_input


def critical_alpha(network_input: float) -> float:
    """The learning rate at and above which the loop no longer converges: 2 / input**2."""
    if network_input == 0:
        return math.inf
    return 2 / network_input**2


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

    @property
    def learns(self) -> bool:
        return self.kind in (Regime.CONVERGES, Regime.ONE_STEP, Regime.OVERSHOOTS, Regime.AT_GOAL)


def _report(kind: Regime, factor: float, k: float, summary: str) -> RegimeReport:
    return RegimeReport(kind, summary, factor=factor, step_size=k)


def regime(
    network_input: float,
    alpha: float,
    goal: float | None = None,
    weight: float | None = None,
) -> RegimeReport:
    """Name what the loop will do, and explain it with ``alpha * input**2``.

    Each update moves the weight's distance from the best weight by the factor
    ``1 - alpha * input**2``. Below 1 in size it shrinks (learning), at exactly
    -1 it flips sign forever, beyond it grows (divergence).
    """
    k = alpha * network_input**2
    factor = 1 - k
    a, x = _fmt(alpha), _fmt(network_input)
    product = f"alpha × input² = {a} × {x}² = {_fmt(k)}"

    if goal is not None and weight is not None and network_input * weight == goal:
        return _report(
            Regime.AT_GOAL, factor, k,
            f"The prediction {x} × {_fmt(weight)} already equals the goal {_fmt(goal)}: "
            "the error is 0, so the derivative is 0 and the weight stays put.",
        )
    if network_input == 0:
        return _report(
            Regime.CANNOT_LEARN, factor, k,
            "Input 0: the prediction is always 0 and the derivative is always 0 "
            "(input × (prediction - goal) = 0), so the weight never moves. "
            "No weight can turn an input of 0 into a different goal.",
        )
    if alpha == 0:
        return _report(
            Regime.STILL, factor, k,
            "Learning rate 0: every update is 0 × derivative = 0, so the weight never moves.",
        )
    if k < 0:
        return _report(
            Regime.DIVERGES, factor, k,
            f"{product} is negative, so each update pushes the weight away from the goal.",
        )
    if k < 1:
        return _report(
            Regime.CONVERGES, factor, k,
            f"{product}, between 0 and 1: each step covers that fraction of the remaining "
            f"distance to the best weight, so the prediction creeps up on the goal without "
            f"passing it. The distance shrinks by a factor {_fmt(factor)} every step.",
        )
    if k == 1:
        return _report(
            Regime.ONE_STEP, factor, k,
            f"{product}, exactly 1: the first update lands on the best weight.",
        )
    if k < 2:
        return _report(
            Regime.OVERSHOOTS, factor, k,
            f"{product}, between 1 and 2: each step jumps past the best weight, but lands "
            f"closer than it started, so the prediction zig-zags into the goal "
            f"(distance × {_fmt(factor)} per step).",
        )
    if k == 2:
        return _report(
            Regime.OSCILLATES, factor, k,
            f"{product}, exactly 2: each step jumps to the mirror image on the other side "
            "of the best weight, so the error stays the same forever.",
        )
    return _report(
        Regime.DIVERGES, factor, k,
        f"{product}, more than 2: each step overshoots by more than it started away, so "
        f"the distance to the best weight grows {_fmt(abs(factor))}-fold per step and the "
        f"error explodes. A learning rate below 2 / input² = {_fmt(critical_alpha(network_input))} "
        "would converge.",
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
    start_error = error_at(weight, network_input, goal)
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
                f"""weight = {weight!r}
prediction_goal = {goal!r}
network_input = {network_input!r}
alpha = {alpha!r}""",
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
