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

import enum
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from primer.outcome import Verdict
from primer.words import BOOK, fmt, percent


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


def sweep(
    moving: str, fixed: float, low: float = -2.0, high: float = 2.0, points: int = 41
) -> dict[str, list[float]]:
    """Turn one knob and hold the other: the prediction over a range of ``moving``.

    ``moving`` is "weight" (turn the knob; ``fixed`` is the input) or "input" (keep
    the knob still; ``fixed`` is the weight). Returns the columns ``moving`` and
    ``prediction``: a straight line through 0 whose slope is the fixed number.
    """
    values = np.linspace(low, high, int(points)).tolist()
    if moving == "weight":
        predictions = [predict(fixed, w) for w in values]
    elif moving == "input":
        predictions = [predict(x, fixed) for x in values]
    else:
        raise ValueError(f"moving is 'weight' or 'input', not {moving!r}")
    return {moving: values, "prediction": predictions}


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


class Knob(enum.Enum):
    """What a weight does to its input: the volume knob's five settings that read apart."""

    SILENCED = "silenced"
    UNCHANGED = "unchanged"
    FLIPPED = "flipped"
    LOUDER = "louder"
    QUIETER = "quieter"


def knob_verdict(network_input: float, weight: float) -> Verdict:
    """What the knob does to this input, and the prediction it makes, as a verdict."""
    kind = (Knob.SILENCED if weight == 0 else Knob.UNCHANGED if weight == 1
            else Knob.FLIPPED if weight < 0 else Knob.LOUDER if weight > 1 else Knob.QUIETER)
    p = predict(network_input, weight)
    why = ("The prediction is one multiplication, input × weight, so the weight scales "
           "whatever comes in: above 1 louder, between 0 and 1 quieter, 0 silent, below 0 "
           "with its sign flipped.")
    if network_input == 0:
        why += " With an input of 0 every weight gives 0: there is nothing to scale."
    return Verdict(kind, f"{knob_effect(weight)} {fmt(network_input)} × {fmt(weight)} = "
                   f"{fmt(p, 6)}.", why)


def describe_weight_line(network_input: float, weight: float) -> str:
    """The sentences under the chart that turns the knob with the input held still."""
    p = predict(network_input, weight)
    text = (f"A straight line through 0 with slope {fmt(network_input)} (the input); the "
            f"weight {fmt(weight)} gives {fmt(p)}.")
    if network_input == 0:
        return text + (" With an input of 0 the line is flat: no setting of the knob can make "
                       "the prediction anything but 0. There is nothing to amplify.")
    return text + (" How steep it is depends on the input: a big input makes every turn of "
                   "the knob count for more.")


def describe_input_line(network_input: float, weight: float) -> str:
    """The sentences under the chart that changes the input with the knob held still."""
    p = predict(network_input, weight)
    text = (f"A straight line through 0 with slope {fmt(weight)} (the weight); the input "
            f"{fmt(network_input)} gives {fmt(p)}.")
    if weight == 0:
        return text + " With the knob at 0 every input is silenced: the line lies flat on 0."
    if weight < 0:
        return text + (" A negative weight tilts the line downwards: big inputs give big "
                       "negative predictions.")
    return text + (" With the knob held still, the prediction follows the input in "
                   "proportion.")


def sign_note(prediction: float) -> str:
    """Why Python prints -0.0 for this prediction, or "" when it does not."""
    if repr(prediction) != "-0.0":
        return ""
    return ("Python prints -0.0 here: a float zero keeps the sign of what made it (0 times a "
            "negative number). It equals 0 in every comparison.")


def printout_note(value: float) -> tuple[str, str]:
    """Why a sum prints with a long tail (a title and the explanation), or ("", a sentence
    saying it prints short)."""
    rounded, leftover = round_off(value)
    if not leftover:
        return "", (f"This sum prints short: {value!r} is the float nearest to what you would "
                    "get on paper.")
    return (f"Why {value!r} and not {rounded!r}?",
            "Python stores numbers in binary, and a decimal such as 0.1 has no exact binary "
            "form, much as 1/3 has no exact decimal one. So a product like 8.5 × 0.1 comes "
            "out a hair off (0.8500000000000001), and the sum inherits it. The leftover here "
            f"is {fmt(leftover, 2)}, a difference in the 16th or 17th digit; no prediction "
            f"means anything that small, so reading it as {rounded!r} is exactly right. Just "
            "never test such numbers with `==`.")


def round_off(value: float, digits: int = 12) -> tuple[float, float]:
    """The value rounded to ``digits`` significant digits, and the float's distance from it.

    Decimal numbers such as 0.1 have no exact binary float, so a sum like
    ``8.5 * 0.1 + 0.65 * 0.2`` prints as 0.9800000000000001: the rounded value
    is 0.98 and the leftover is about 1e-16, far below anything a prediction
    can mean. A leftover of 0.0 means the float already prints short.
    """
    rounded = float(f"{value:.{int(digits)}g}")
    return rounded, value - rounded


# ---------------------------------------------------------------- what each input contributes

TEAM_NAMES = ("toes", "win/loss record", "fans")
TEAM_INPUTS = (8.5, 0.65, 1.2)  # average toes per player, share of games won, millions of fans
TEAM_WEIGHTS = (0.1, 0.2, 0.0)
TEAM_EXAMPLE = (
    f"The team example of {BOOK}: predict whether a team wins its next game from its "
    "players' average number of toes, its win/loss record and its millions of fans."
)


@dataclass(frozen=True)
class Share:
    """One input's part of a weighted sum: ``input × weight``, and why it may be nothing."""

    name: str
    contribution: float
    silenced_by: str  # "" when it contributes; "its weight is 0" or "its input is 0" if not

    @property
    def silent(self) -> bool:
        return self.contribution == 0


def shares(ws: WeightedSum, names: Sequence[str]) -> tuple[Share, ...]:
    """Each input's contribution to ``ws``, named, with the reason when it is 0."""
    out = []
    for name, x, w, c in zip(names, ws.inputs, ws.weights, ws.contributions, strict=True):
        reason = ("its weight is 0" if w == 0 else "its input is 0" if x == 0
                  else "the product is too small for a float" if c == 0 else "")
        out.append(Share(name, c, reason))
    return tuple(out)


def contributions_sentence(ws: WeightedSum, names: Sequence[str]) -> str:
    """What each input adds to the prediction, computed: who supplies most, who is silent.

    Percentages only when every contribution has the same sign (otherwise parts of
    the sum cancel and a share above 100% would puzzle a reader).
    """
    parts = shares(ws, names)
    total = ws.prediction
    loud = [p for p in parts if not p.silent]
    if not loud:
        return "Every input is silenced, so the prediction is 0."
    same_sign = all(p.contribution > 0 for p in loud) or all(p.contribution < 0 for p in loud)
    top = max(loud, key=lambda p: abs(p.contribution))

    def amount(p: Share) -> str:
        text = fmt(p.contribution)
        if same_sign and total != 0:
            text += f" ({percent(p.contribution / total)})"
        return text

    first = f"'{top.name}' supplies {amount(top)} of the {fmt(total)}"
    others = [f"'{p.name}' {amount(p)}" for p in loud if p is not top]
    text = first + ("; " + ", ".join(others) if others else "") + "."
    silent = [p for p in parts if p.silent]
    for p in silent:
        text += f" '{p.name}' adds nothing: {p.silenced_by}."
    if not silent:
        text += " No input is ignored: every one of them moves the prediction."
    return text
