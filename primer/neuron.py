"""A neuron: the prediction is the input multiplied by a weight.

The primer's whole network, for one input::

    prediction = network_input * weight

The weight is a volume knob. A weight of 2 doubles the input, 0.5 halves it,
0 silences it, and a negative weight flips its sign.

With several inputs, each input gets its own knob and the prediction is the
sum of the turned inputs (the *weighted sum*)::

    prediction = 0
    for i in range(len(inputs)):
        prediction += inputs[i] * weights[i]

The numbers are plain Python floats, added left to right, so they print
exactly as that loop prints them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np


def predict(network_input: float, weight: float) -> float:
    """The primer's neuron: ``network_input * weight``."""
    return network_input * weight


def w_sum(inputs: Sequence[float], weights: Sequence[float]) -> float:
    """The weighted sum as one number: each input times its weight, added up in order."""
    if len(inputs) != len(weights):
        raise ValueError(
            f"Each input needs exactly one weight: got {len(inputs)} inputs "
            f"and {len(weights)} weights."
        )
    prediction = 0.0
    for x, w in zip(inputs, weights, strict=True):
        prediction += x * w
    return prediction


@dataclass(frozen=True)
class WeightedSum:
    """A weighted sum and what each input contributed to it (``input * weight``)."""

    inputs: tuple[float, ...]
    weights: tuple[float, ...]
    contributions: tuple[float, ...]
    prediction: float


def weighted_sum(inputs: Sequence[float], weights: Sequence[float]) -> WeightedSum:
    """Multiply each input by its weight and add the results.

    ``contributions[i]`` is ``inputs[i] * weights[i]``: how much of the
    prediction came from input ``i``.
    """
    prediction = w_sum(inputs, weights)
    contributions = tuple(x * w for x, w in zip(inputs, weights, strict=True))
    return WeightedSum(tuple(inputs), tuple(weights), contributions, prediction)


def sweep_weight(
    network_input: float, low: float = -2.0, high: float = 2.0, points: int = 41
) -> dict[str, list[float]]:
    """Turn the knob: the prediction for one fixed input over a range of weights.

    Returns the columns ``weight`` and ``prediction`` (a straight line through 0
    whose slope is the input).
    """
    weights = np.linspace(low, high, int(points)).tolist()
    return {"weight": weights, "prediction": [predict(network_input, w) for w in weights]}


def sweep_input(
    weight: float, low: float = -2.0, high: float = 2.0, points: int = 41
) -> dict[str, list[float]]:
    """Keep the knob still: the prediction for one fixed weight over a range of inputs.

    Returns the columns ``input`` and ``prediction`` (a straight line through 0
    whose slope is the weight).
    """
    inputs = np.linspace(low, high, int(points)).tolist()
    return {"input": inputs, "prediction": [predict(x, weight) for x in inputs]}


def knob_effect(weight: float) -> str:
    """What a weight does to its input, in one short sentence."""
    if weight == 0:
        return "A weight of 0 silences the input: the prediction is always 0."
    if weight == 1:
        return "A weight of 1 passes the input through unchanged."
    if weight < 0:
        return f"A negative weight flips the sign: the input is multiplied by {weight:g}."
    if weight > 1:
        return f"A weight above 1 turns the input up: it is multiplied by {weight:g}."
    return f"A weight between 0 and 1 turns the input down: it is multiplied by {weight:g}."


def round_off(value: float, digits: int = 12) -> tuple[float, float]:
    """The value rounded to ``digits`` significant digits, and the float's distance from it.

    Decimal numbers such as 0.1 have no exact binary float, so a sum like
    ``8.5 * 0.1 + 0.65 * 0.2`` prints as 0.9800000000000001: the rounded value
    is 0.98 and the leftover is about 1e-16, far below anything a prediction
    can mean. A leftover of 0.0 means the float already prints short.
    """
    rounded = float(f"{value:.{int(digits)}g}")
    return rounded, value - rounded
