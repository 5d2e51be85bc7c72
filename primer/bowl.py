"""The error bowl up close: the tangent where the weight stands, and every update as an arrow.

The descent lesson draws the error of every weight, a bowl (a parabola), with the
weight each iteration stood on. Two things on it show *why* a run creeps, zig-zags
or blows up:

- the **tangent** at the weight an iteration stands on: its slope is the slope of
  the error curve there, ``2 × input × (prediction − goal)``, twice the primer's
  derivative (see :func:`primer.descent.slope_at`). Steep far from the bottom,
  flat at the bottom.
- each **update as an arrow** along the weight axis, from the weight the iteration
  stood on to the weight after its update: an arrow ``alpha × derivative`` long,
  drawn at the height of the error it started from. Where an arrow reaches past
  the bottom of the bowl, the run overshoots; where it reaches past the point
  level with its start on the other side, the error grows.

Both are plain columns of numbers for a chart; nothing is drawn here.
"""

from __future__ import annotations

import math

from primer.descent import DescentRun, error_at, slope_at

# How far the tangent reaches either side of its point, as a share of the weights drawn.
TANGENT_REACH = 0.2


def tangent(run: DescentRun, at: int, lo: float, hi: float) -> dict[str, list[float]]:
    """The tangent of the error curve at the weight iteration ``at`` starts from.

    Two points (``weight``, ``error``) of the line through ``(w, error at w)`` with
    the curve's slope there, reaching :data:`TANGENT_REACH` of ``hi - lo`` (the weights
    the chart shows) either side of ``w``, cut where it would leave ``lo..hi`` or
    drop below an error of 0 (the curve never does; the chart's axis starts there).
    ``slope`` and ``derivative`` (the primer's, half the slope) ride along for a
    tooltip. Empty when iteration ``at`` does not exist or its numbers are not finite.
    """
    empty: dict[str, list[float]] = {"weight": [], "error": [], "slope": [], "derivative": []}
    if not 0 <= at < len(run.steps):
        return empty
    w = run.weights_before[at]
    x, goal = run.network_input, run.goal
    try:
        e, m = error_at(w, x, goal), slope_at(w, x, goal)
    except OverflowError:
        return empty
    if not all(math.isfinite(v) for v in (w, e, m, lo, hi)) or hi <= lo:
        return empty
    reach = TANGENT_REACH * (hi - lo)
    left, right = max(w - reach, lo), min(w + reach, hi)
    if m > 0:  # the line falls to the left: stop it where it meets error 0
        left = max(left, w - e / m)
    elif m < 0:
        right = min(right, w - e / m)
    weights = [left, right]
    errors = [max(e + m * (v - w), 0.0) for v in weights]
    if not all(math.isfinite(v) for v in errors):
        return empty
    return {"weight": weights, "error": errors, "slope": [m, m],
            "derivative": [run.steps[at].derivative] * 2}


def arrows(run: DescentRun, upto: int | None = None) -> dict[str, list]:
    """One arrow per update, iterations 0 to ``upto`` (default: all of them).

    Columns: ``iteration``; ``weight``, the weight it stood on, and ``to``, the weight
    after its update (``to − weight`` is ``−alpha × derivative``); ``error``, the error
    it started from, the height the arrow is drawn at; ``error_to``, the error at
    ``to``, where the curve is under (or over) the arrow's head; ``step``, ``alpha ×
    derivative``; ``right``, whether the arrow points towards larger weights. Updates
    that do not move the weight, and any whose numbers are not finite, are left out.
    """
    columns: dict[str, list] = {k: [] for k in (
        "iteration", "weight", "to", "error", "error_to", "step", "right")}
    last = len(run.steps) - 1 if upto is None else min(upto, len(run.steps) - 1)
    for step, start in zip(run.steps[:last + 1], run.weights_before):
        try:
            error_to = error_at(step.weight, run.network_input, run.goal)
        except OverflowError:
            continue
        size = run.alpha * step.derivative
        values = (start, step.weight, step.error, error_to, size)
        if step.weight == start or not all(math.isfinite(v) for v in values):
            continue
        for key, value in zip(("iteration", "weight", "to", "error", "error_to", "step",
                               "right"), (step.iteration, *values, step.weight > start)):
            columns[key].append(value)
    return columns
