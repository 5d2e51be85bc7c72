"""A hidden layer: the two-layer network that beats the error floor of one layer.

The correlation lesson ends on a table no single layer can learn: walk when
exactly one of the left and middle lights is on. Neither light goes up and down
with the goal, and the best weighted sum of the three lights leaves a total error
of 1 (the *floor*). Andrew Trask's *Grokking Deep Learning* (chapter 6) puts a
layer of hidden units between the lights and the prediction. Each hidden unit is
a weighted sum of the lights passed through ``relu`` (negative numbers become 0),
and the prediction is a weighted sum of the hidden units. Training changes the
hidden units until some of them *do* go up and down with the goal: the layer
creates the correlation the output neuron then uses.

:func:`train_deep` runs the book's code exactly (same numpy calls, same order), so
every error prints as the book's::

    np.random.seed(seed)
    weights_0_1 = 2 * np.random.random((3, hidden_size)) - 1
    weights_1_2 = 2 * np.random.random((hidden_size, 1)) - 1
    for iteration in range(passes):
        layer_2_error = 0
        for i in range(len(streetlights)):
            layer_0 = streetlights[i:i + 1]
            layer_1 = relu(np.dot(layer_0, weights_0_1))
            layer_2 = np.dot(layer_1, weights_1_2)
            layer_2_error += np.sum((layer_2 - walk_vs_stop[i:i + 1]) ** 2)
            layer_2_delta = walk_vs_stop[i:i + 1] - layer_2
            layer_1_delta = layer_2_delta.dot(weights_1_2.T) * relu2deriv(layer_1)
            weights_1_2 += alpha * layer_1.T.dot(layer_2_delta)
            weights_0_1 += alpha * layer_0.T.dot(layer_1_delta)

With ``activation="linear"`` the hidden layer passes its sums on unchanged (the
identity, derivative 1): two linear layers multiply out to one weighted sum, so
they can do no better than one layer. That is why the activation matters.

Everything a page says about a run comes from :func:`report`, computed from the
run's numbers: whether it beat the floor, is still falling, got stuck because
its ReLUs went dark, or overflowed.
"""

from __future__ import annotations

import enum
import math
import numbers
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from primer.dataset import (
    CLOSE,
    PRESETS,
    DataSet,
    TrainingRun,
    correlations,
    error_floor,
    train,
)
from primer.outcome import Stoppable, Verdict, curve
from primer.script import Cell, Script, assign
from primer.words import BOOK, fmt, overflow_reason, plural, trend

TABLE = PRESETS["no correlation"].data  # the lights, and walk (1) or stop (0)
ACTIVATIONS: dict[str, str] = {
    "relu": "ReLU: negative sums become 0",
    "linear": "no activation: the sums pass on unchanged",
}
DEFAULTS = {"hidden": 4, "alpha": 0.2, "passes": 60, "seed": 1, "activation": "relu"}
# What a page or the command line may ask for. Hidden units: enough to see a layer at work and
# few enough to draw. Passes: 1,000 passes of 16 units take 0.1 to 0.3 s on the development
# machine. Seeds: what np.random.seed accepts. Alpha: in our tries every run with alpha 2 or
# more went dark (ReLU) or overflowed (no activation) within 60 passes; 10 leaves room to see it.
LIMITS: dict[str, tuple] = {
    "hidden": (1, 16),
    "passes": (1, 1000),
    "seed": (0, 2**32 - 1),
    "alpha": (0.0, 10.0),
}
_WHAT = {"hidden": "Hidden units", "passes": "Passes", "seed": "The seed", "alpha": "Alpha"}


# ---------------------------------------------------------------- settings


def problem(name: str, value) -> str | None:
    """What is wrong with one setting, in a sentence, or None if it is fine."""
    if name == "activation":
        if value not in ACTIVATIONS:
            return f"The activation must be one of {', '.join(ACTIVATIONS)}; got {value!r}."
        return None
    low, high = LIMITS[name]
    what = _WHAT[name]
    if name == "alpha":
        if (isinstance(value, bool) or not isinstance(value, numbers.Real)
                or not (math.isfinite(value) and low <= value <= high)):
            return f"{what} must be a number from {fmt(low)} to {fmt(high)}; got {value!r}."
        return None
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        return f"{what} must be a whole number from {low:,} to {high:,}; got {value!r}."
    if not low <= value <= high:
        return f"{what} must be a whole number from {low:,} to {high:,}; got {value:,}."
    return None


def problems(hidden, alpha, passes, seed, activation="relu") -> dict[str, str]:
    """Each bad setting's name and what is wrong with it; empty when every setting is fine."""
    given = {"hidden": hidden, "alpha": alpha, "passes": passes, "seed": seed,
             "activation": activation}
    found = {name: problem(name, value) for name, value in given.items()}
    return {name: text for name, text in found.items() if text}


def check(hidden, alpha, passes, seed, activation="relu") -> None:
    """Raise ValueError, in plain words, if any setting is unusable."""
    found = problems(hidden, alpha, passes, seed, activation)
    if found:
        raise ValueError(" ".join(found.values()))


# ---------------------------------------------------------------- the book's network


def relu(x):
    """The book's relu: positive numbers pass, the rest become 0."""
    return (x > 0) * x


def relu2deriv(output):
    """The slope of relu: 1 where the unit is on, 0 where it is off."""
    return output > 0


def _identity(x):
    return x


def _one(output):
    return 1


_FUNCTIONS = {"relu": (relu, relu2deriv), "linear": (_identity, _one)}


def book_arrays() -> tuple[np.ndarray, np.ndarray]:
    """The table as the book types it: ``streetlights`` (4 x 3) and ``walk_vs_stop`` (4 x 1),
    whole numbers."""
    return (np.array(TABLE.inputs).astype(int),
            np.array([TABLE.goals]).T.astype(int))


def start_weights(seed: int, hidden: int) -> tuple[np.ndarray, np.ndarray]:
    """The book's starting weights: ``np.random.seed(seed)``, then layer 0-1, then layer 1-2.

    Drawn from a private ``RandomState(seed)``, numpy's legacy generator: the same
    numbers as seeding the global one, without touching the global state that every
    thread of the app (every student's session) shares.
    """
    rng = np.random.RandomState(seed)
    weights_0_1 = 2 * rng.random_sample((3, hidden)) - 1
    weights_1_2 = 2 * rng.random_sample((hidden, 1)) - 1
    return weights_0_1, weights_1_2


Matrix = tuple[tuple[float, ...], ...]


@dataclass(frozen=True)
class DeepPass:
    """One pass over the four rows. Weights are *after* the pass; ``hidden`` and
    ``predictions`` are each row's values as the pass computed them (the weights change
    after every row)."""

    index: int
    error: float  # each row's squared error, summed: what the book prints
    weights_0_1: Matrix  # 3 inputs x hidden units
    weights_1_2: tuple[float, ...]  # one per hidden unit
    hidden: Matrix  # 4 rows x hidden units
    predictions: tuple[float, ...]  # one per row


@dataclass(frozen=True)
class DeepRun(Stoppable):
    """The settings, the starting weights and one :class:`DeepPass` per pass."""

    hidden: int
    alpha: float
    passes: int
    seed: int
    activation: str
    start_weights_0_1: Matrix
    start_weights_1_2: tuple[float, ...]
    records: tuple[DeepPass, ...]

    @property
    def errors(self) -> list[float]:
        return [p.error for p in self.records]

    def weights_after(self, index: int | None) -> tuple[Matrix, tuple[float, ...]]:
        """The weights after pass ``index``; ``None`` for the starting weights."""
        if index is None:
            return self.start_weights_0_1, self.start_weights_1_2
        record = self.records[index]
        return record.weights_0_1, record.weights_1_2

    @property
    def final_weights(self) -> tuple[Matrix, tuple[float, ...]]:
        return self.weights_after(len(self.records) - 1 if self.records else None)

    def columns(self) -> dict[str, list]:
        """``pass`` and ``error``, ready for a chart."""
        return {"pass": [p.index for p in self.records], "error": self.errors}


def _matrix(a: np.ndarray) -> Matrix:
    return tuple(tuple(v + 0.0 for v in row) for row in a.tolist())  # + 0.0: no -0.0


def train_deep(hidden: int = 4, alpha: float = 0.2, passes: int = 60, seed: int = 1,
               activation: str = "relu") -> DeepRun:
    """Train the book's two-layer network and record every pass.

    A pass whose error or weights are no longer finite (alpha too big: the numbers
    overflowed) ends the run: ``stopped_at`` names it, ``stop_reason`` says so, and
    ``records`` keep only the finite passes before it.
    """
    check(hidden, alpha, passes, seed, activation)
    act, deriv = _FUNCTIONS[activation]
    streetlights, walk_vs_stop = book_arrays()
    weights_0_1, weights_1_2 = start_weights(int(seed), int(hidden))
    start = _matrix(weights_0_1), tuple(weights_1_2[:, 0].tolist())
    records: list[DeepPass] = []
    stopped_at, reason = None, ""
    with np.errstate(over="ignore", invalid="ignore"):
        for index in range(int(passes)):
            layer_2_error = 0
            seen = []
            for i in range(len(streetlights)):
                layer_0 = streetlights[i:i + 1]
                layer_1 = act(np.dot(layer_0, weights_0_1))
                layer_2 = np.dot(layer_1, weights_1_2)
                layer_2_error += np.sum((layer_2 - walk_vs_stop[i:i + 1]) ** 2)
                layer_2_delta = walk_vs_stop[i:i + 1] - layer_2
                layer_1_delta = layer_2_delta.dot(weights_1_2.T) * deriv(layer_1)
                weights_1_2 += alpha * layer_1.T.dot(layer_2_delta)
                weights_0_1 += alpha * layer_0.T.dot(layer_1_delta)
                seen.append((layer_1[0], layer_2[0, 0]))
            if not (np.isfinite(layer_2_error) and np.isfinite(weights_0_1).all()
                    and np.isfinite(weights_1_2).all()):
                stopped_at = index
                reason = overflow_reason(index, "pass", cause="Alpha is too big for this network.")
                break
            records.append(DeepPass(
                index, float(layer_2_error), _matrix(weights_0_1),
                tuple(weights_1_2[:, 0].tolist()),
                _matrix(np.array([h for h, _ in seen])), tuple(float(p) for _, p in seen)))
    return DeepRun(int(hidden), float(alpha), int(passes), int(seed), activation, *start,
                   tuple(records), stopped_at=stopped_at, stop_reason=reason)


def error_lines(errors: Sequence[float], every: int = 10) -> list[str]:
    """The book's printout: ``Error:`` and the error of every pass whose index % every is
    every - 1 (passes 9, 19, 29... for every=10)."""
    if isinstance(every, bool) or not isinstance(every, numbers.Integral) or every < 1:
        raise ValueError(f"every must be a whole number, at least 1; got {every!r}")
    return ["Error:" + str(e) for i, e in enumerate(errors) if i % every == every - 1]


# ---------------------------------------------------------------- the network at one moment


@dataclass(frozen=True)
class Network:
    """What flows through the network for one row, with the weights of one moment."""

    row: int
    inputs: tuple[float, ...]
    hidden: tuple[float, ...]
    output: float
    goal: float
    weights_0_1: Matrix
    weights_1_2: tuple[float, ...]

    @property
    def error(self) -> float:
        """This row's squared error (inf, not an exception, for a run near overflow)."""
        return _squared_errors([self.output], [self.goal])


def _forward(weights_0_1, weights_1_2, activation: str) -> tuple[Matrix, tuple[float, ...]]:
    """Every row's hidden values and prediction with these weights held fixed."""
    act = _FUNCTIONS[activation][0]
    w01, w12 = np.array(weights_0_1, dtype=float), np.array(weights_1_2, dtype=float)[:, None]
    streetlights, _ = book_arrays()
    hidden, outputs = [], []
    with np.errstate(over="ignore", invalid="ignore"):  # huge finite weights: inf, not a warning
        for i in range(len(streetlights)):
            layer_1 = act(np.dot(streetlights[i:i + 1], w01))
            hidden.append(layer_1[0])
            outputs.append(float(np.dot(layer_1, w12)[0, 0]))
    return _matrix(np.array(hidden)), tuple(outputs)


def network(run: DeepRun, index: int | None, row: int) -> Network:
    """The network after pass ``index`` (None: before training) for table row ``row``."""
    if not 0 <= row < TABLE.n_rows:
        raise IndexError(f"row must be from 0 to {TABLE.n_rows - 1}; got {row}")
    if index is not None and not 0 <= index < len(run.records):
        raise IndexError(f"the run has passes 0 to {len(run.records) - 1}; got {index}")
    w01, w12 = run.weights_after(index)
    hidden, outputs = _forward(w01, w12, run.activation)
    return Network(row, tuple(float(v) for v in TABLE.inputs[row]), hidden[row], outputs[row],
                   float(TABLE.goals[row]), w01, w12)


def _squared_errors(outputs: Sequence[float], goals: Sequence[float]) -> float:
    with np.errstate(over="ignore"):  # huge finite weights may square past float64: inf
        return float(np.sum((np.array(outputs) - np.array(goals, dtype=float)) ** 2))


def network_error(run: DeepRun, index: int | None = -1) -> float:
    """The total error of the weights after pass ``index`` held fixed (default: the last pass;
    None: before training). A pass's own error is summed while the weights change."""
    if index == -1:
        index = len(run.records) - 1 if run.records else None
    _, outputs = _forward(*run.weights_after(index), run.activation)
    return _squared_errors(outputs, TABLE.goals)


# ---------------------------------------------------------------- what the hidden layer made


@dataclass(frozen=True)
class HiddenUnit:
    """One hidden unit: its value for every row before and after training, and how closely
    it goes up and down with the goal then (Pearson's r; None when it never changes)."""

    unit: int  # 0-based
    before: tuple[float, ...]
    after: tuple[float, ...]
    r_before: float | None
    r_after: float | None
    note: str = ""  # why r_after is None

    @property
    def name(self) -> str:
        return f"hidden {self.unit + 1}"

    @property
    def dead_after(self) -> bool:
        """0 for every row after training: its ReLU is off everywhere, so it never learns."""
        return all(v == 0 for v in self.after)


def _unit_correlations(values: Matrix) -> list[float | None]:
    """Each column's correlation with the goal, by the correlation lesson's own function."""
    names = tuple(f"hidden {j + 1}" for j in range(len(values[0]))) + ("goal",)
    # DataSet directly, not make(): a class's table is limited to 10 inputs, a layer is not
    return [c.r for c in correlations(DataSet(values, TABLE.goals, names))]


def hidden_units(run: DeepRun) -> tuple[HiddenUnit, ...]:
    """Each hidden unit before and after training (after the last pass that finished)."""
    before, _ = _forward(*run.weights_after(None), run.activation)
    after, _ = _forward(*run.final_weights, run.activation)
    r_before, r_after = _unit_correlations(before), _unit_correlations(after)
    units = []
    for j in range(run.hidden):
        values = tuple(row[j] for row in after)
        note = ""
        if all(v == 0 for v in values):
            note = "0 for every row: its ReLU is off for all four, so it cannot change"
        elif r_after[j] is None:
            note = "the same for every row"
        units.append(HiddenUnit(j, tuple(row[j] for row in before), values,
                                r_before[j], r_after[j], note))
    return tuple(units)


def one_layer(run: DeepRun) -> TrainingRun:
    """One layer on the same table with the same alpha and passes: the correlation lesson's
    loop from the book's starting weights, whose error levels off above the floor."""
    return train(TABLE, None, run.alpha, run.passes)


# ---------------------------------------------------------------- what a run did


class Outcome(enum.Enum):
    BEATS_FLOOR = "beats the one-layer floor"
    FALLING = "still falling"
    DEAD = "stuck: its ReLUs are off for a row"
    LEVELLED_OFF = "levelled off"
    GROWING = "grew"
    BOUNCING = "going up and down"
    ONE_PASS = "ran one pass"
    STILL = "never moves"
    LINEAR = "linear: cannot beat the floor"
    STOPPED = "overflowed"


@dataclass(frozen=True, kw_only=True)
class DeepReport(Verdict):
    """What a run did, with the facts the sentences were made from."""

    floor: float  # the lowest total error any single layer reaches on this table
    last_error: float | None  # the last pass's error (summed while the weights changed)
    network_error: float  # the final weights' total error, held fixed
    dead_units: tuple[int, ...]  # hidden units that are 0 for every row (ReLU only)
    dark_rows: tuple[int, ...]  # rows with a goal other than 0 for which every unit is 0


def _row(i: int) -> str:
    lights = ", ".join(f"{v:g}" for v in TABLE.inputs[i])
    return f"row {i + 1} (lights {lights})"


def _rows(rows: Sequence[int]) -> str:
    numbers_ = [str(i + 1) for i in rows]
    if len(numbers_) == 1:
        return f"row {numbers_[0]}"
    return f"rows {', '.join(numbers_[:-1])} and {numbers_[-1]}"


def _created(run: DeepRun) -> str:
    """Sentences on the correlation the hidden layer created, or ''."""
    units = [u for u in hidden_units(run) if u.r_after is not None]
    if not units:
        return ""
    best = max(units, key=lambda u: abs(u.r_after))
    lights = max(abs(c.r) for c in correlations(TABLE) if c.r is not None)
    was = "never changed" if best.r_before is None else f"was {best.r_before:.2f}"
    return (f"No light goes up and down with the goal by itself (the strongest correlation "
            f"is {lights:.2f}), but after training {best.name} does: correlation "
            f"{best.r_after:.2f} (it {was} before). The hidden layer made new inputs the output "
            "neuron can use.")


def _died(dead: Sequence[int], hidden: int) -> str:
    """The sentence on hidden units that are 0 for every row, or ''."""
    if len(dead) == 1:
        return (f"Hidden unit {dead[0] + 1} of {hidden} is 0 for every row: with its ReLU "
                "off for all four rows its slope is 0, so its weights never change again. ")
    if dead:
        return (f"{len(dead)} of the {hidden} hidden units are 0 for every row: with their "
                "ReLUs off for all four rows their slopes are 0, so their weights never change "
                "again. ")
    return ""


def report(run: DeepRun) -> DeepReport:
    """What the run did, judged against one layer's floor, from the run's numbers.

    Checked in this order: overflowed; no activation (two linear layers are one
    weighted sum); alpha 0 (nothing moves); beat the floor (the last pass's error and
    the final weights' error, held fixed, both below it by more than a millionth);
    stuck because, for some row that should be 1, every hidden unit is 0; one pass;
    levelled off; grew; still falling; otherwise going up and down.
    """
    floor = error_floor(TABLE).total_error
    errors = run.errors
    last = errors[-1] if errors else None
    hidden, outputs = _forward(*run.final_weights, run.activation)
    fixed = _squared_errors(outputs, TABLE.goals)
    dead: tuple[int, ...] = ()
    dark: tuple[int, ...] = ()
    if run.activation == "relu":
        dead = tuple(j for j in range(run.hidden) if all(row[j] == 0 for row in hidden))
        dark = tuple(i for i, row in enumerate(hidden)
                     if TABLE.goals[i] != 0 and all(v == 0 for v in row))
    units = plural(run.hidden, "hidden unit")
    died = _died(dead, run.hidden)

    def made(kind: Outcome, summary: str, why: str = "") -> DeepReport:
        return DeepReport(kind, summary, why, floor=floor, last_error=last,
                          network_error=fixed, dead_units=dead, dark_rows=dark)

    if run.stopped:
        return made(Outcome.STOPPED, run.stop_reason,
                    "The weights grew with the updates until they no longer fit in a float64. "
                    "Try a smaller alpha.")
    n = len(errors)
    f, e = fmt(floor), fmt(last)
    if run.activation == "linear":
        return made(
            Outcome.LINEAR,
            f"No activation: two layers without ReLU add up to one weighted sum, so they can "
            f"do no better than one layer's floor of {f}. Error now: {e}.",
            "Without an activation each hidden unit is a weighted sum of the lights, and the "
            "output is a weighted sum of those: multiplied out, one weight per light. The "
            f"best any such weights do on this table is a total error of {f}. (A pass's "
            "error is added up while the weights change row by row, so it can dip a little "
            f"below that; the final weights, held fixed, score {fmt(fixed)}.) The ReLU bends "
            "the sums, and that bend is what lets a hidden layer build something new.",
        )
    if run.alpha == 0:
        return made(
            Outcome.STILL,
            f"Alpha is 0, so every update is 0 × something: no weight moves and the error "
            f"stays at {e}.",
        )
    close = CLOSE * (1.0 + floor)
    if last < floor - close and fixed < floor - close:
        trend = ", and still falling" if n > 1 and last < errors[-2] else ""
        return made(
            Outcome.BEATS_FLOOR,
            f"Two layers beat one: the error is down to {e}{trend}. The best one layer can "
            f"do on this table is {f}.",
            " ".join(filter(None, [_created(run), died.strip(),
                                   f"Held fixed, the final weights score a total error of "
                                   f"{fmt(fixed)}."])),
        )
    if dark:
        one = len(dark) == 1
        these = "that row" if one else "those rows"
        return made(
            Outcome.DEAD,
            f"Stuck for now (error {e}): every hidden unit is 0 for {_rows(dark)}, so the "
            f"network predicts 0 there, not 1, and {these} alone cost{'s' if one else ''} "
            f"{len(dark)}.",
            "A ReLU outputs 0 when its sum is negative, and then its slope is 0 too. For "
            + " and ".join(_row(i) for i in dark)
            + (f", all {units} are off" if run.hidden > 1 else ", the only hidden unit is off")
            + ", so the prediction there is 0 whatever the output "
            f"weights are, and training on {these} changes nothing: no correction gets back "
            "through a ReLU that is off. "
            + died
            + f"While {these} stay{'s' if one else ''} dark, the error cannot get below "
            f"{len(dark)}, and one layer already reaches {f}. Only the updates for the other "
            "rows can switch a unit back on, and in most runs they never do. Another seed or "
            "more hidden units may avoid it.",
        )
    end = curve(errors, Outcome, CLOSE)
    if end is Outcome.ONE_PASS:
        return made(
            Outcome.ONE_PASS,
            f"One pass gives an error of {e}; the best one layer can do on this table is {f}. "
            "Run more passes to see where the error goes.",
        )
    previous, first = errors[-2], errors[0]
    if end is Outcome.LEVELLED_OFF:
        return made(
            Outcome.LEVELLED_OFF,
            f"The error levelled off at {e}; the best one layer can do on this table is {f}. "
            "Another seed or more hidden units may find a way down.",
            died + f"The last two passes differ by {fmt(abs(last - previous))}.",
        )
    if end is Outcome.GROWING:
        return made(
            Outcome.GROWING,
            f"The error grew from {fmt(first)} to {e}: the updates are making it worse. "
            "Try a smaller alpha.",
            died,
        )
    if end is Outcome.FALLING:
        return made(
            Outcome.FALLING,
            f"After {plural(n, 'pass')} the error is {e} and still falling; the best one layer "
            f"can do on this table is {f}. More passes will tell.",
            died,
        )
    return made(
        Outcome.BOUNCING,
        f"The error goes up and down between passes (last {e}); the best one layer can do "
        f"on this table is {f}.",
        died,
    )


# ---------------------------------------------------------------- sentences for the page


def _units(units: Sequence[int]) -> str:
    numbers_ = [str(j + 1) for j in units]
    if len(numbers_) == 1:
        return f"Hidden unit {numbers_[0]}"
    return f"Hidden units {', '.join(numbers_[:-1])} and {numbers_[-1]}"


def dead_relus(run: DeepRun, verdict: DeepReport) -> str:
    """The dead-ReLU lesson of this run, from its facts; '' when every unit is on for some
    row and every row has a unit on."""
    dead, dark = verdict.dead_units, verdict.dark_rows
    if not dead and not dark:
        return ""
    parts = []
    if dead:
        one = len(dead) == 1
        parts.append(
            f"{_units(dead)} {'is' if one else 'are'} dead: 0 for every row. A ReLU that is "
            "off has slope 0, so no correction gets through to "
            f"{'its' if one else 'their'} weights, and {'it' if one else 'they'} never "
            "come" + ("s" if one else "") + " back on.")
    if dark:
        parts.append(f"Every hidden unit is off for {_rows(dark)}, so the network predicts 0 "
                     "there, whatever it learns from the other rows.")
    elif verdict.kind is Outcome.BEATS_FLOOR:
        alive = run.hidden - len(dead)
        parts.append(f"The other {plural(alive, 'unit')} did the work." if alive > 1
                     else "The one unit left did the work.")
    return " ".join(parts)


def flow_sentence(net: Network, index: int | None) -> str:
    """What the drawing of the network shows: one row flowing through it at one moment."""
    when = "before training" if index is None else f"after pass {index}"
    on = sum(1 for v in net.hidden if v > 0)
    values = ", ".join(fmt(v, 3) for v in net.hidden)
    return (f"{_row(net.row).capitalize()} {when}: {on} of {plural(len(net.hidden), 'hidden unit')}"
            f" above 0 ({values}); the prediction is {fmt(net.output, 3)} for a goal of "
            f"{fmt(net.goal)}.")


def layers_sentence(run: DeepRun, one: TrainingRun) -> str:
    """The chart of one layer against two, in words: where each error went."""
    floor = error_floor(TABLE).total_error
    return (f"{trend(run.errors, 'two-layer error', 'pass')} "
            f"{trend(one.errors, 'one-layer error', 'pass')} "
            f"No single layer gets below {fmt(floor)} on this table.")


def units_sentence(run: DeepRun) -> str:
    """The chart of each hidden unit's correlation with the goal, in words."""
    made = _created(run)
    if made:
        return made
    return ("After training no hidden unit changes from row to row, so none goes up and down "
            "with the goal.")


# ---------------------------------------------------------------- the script to take home


def numpy_script(hidden: int = 4, alpha: float = 0.2, passes: int = 60, seed: int = 1,
                 activation: str = "relu", every: int = 10) -> Script:
    """The book's program for these settings: run it and it prints exactly what
    ``python -m primer deep`` prints (the same ``Error:`` lines; the stop on stderr)."""
    check(hidden, alpha, passes, seed, activation)
    error_lines([], every)  # checks every
    if activation == "relu":
        functions = ("def relu(x):\n    return (x > 0) * x\n\n\n"
                     "def relu2deriv(output):\n    return output > 0")
        explain = "The activation: relu turns negative sums into 0; its slope is 1 or 0."
    else:
        functions = ("def relu(x):  # no activation: the sums pass on unchanged\n    return x\n\n\n"
                     "def relu2deriv(output):\n    return 1")
        explain = "No activation: the hidden units pass their sums on unchanged (slope 1)."
    streetlights, walk_vs_stop = book_arrays()
    rows = ", ".join(str(r) for r in streetlights.tolist())
    cells = (
        Cell("Numpy for the arithmetic; sys to report a run that overflows.",
             "import sys\n\nimport numpy as np", "setup"),
        Cell("The table: four rows of lights, and whether to walk (1) or stop (0).",
             f"streetlights = np.array([{rows}])\n"
             f"walk_vs_stop = np.array([{walk_vs_stop[:, 0].tolist()}]).T", "data"),
        Cell(explain, functions, "activation"),
        Cell("Starting weights: random numbers from -1 to 1, the same ones for the same seed.",
             assign(alpha=float(alpha), hidden_size=int(hidden)) + "\n\n"
             f"np.random.seed({int(seed)})\n"
             "weights_0_1 = 2 * np.random.random((3, hidden_size)) - 1\n"
             "weights_1_2 = 2 * np.random.random((hidden_size, 1)) - 1", "weights"),
        Cell("Train: predict each row, measure the error, send the correction back, update.",
             f"""for iteration in range({int(passes)}):
    layer_2_error = 0
    for i in range(len(streetlights)):
        layer_0 = streetlights[i:i + 1]
        layer_1 = relu(np.dot(layer_0, weights_0_1))
        layer_2 = np.dot(layer_1, weights_1_2)
        layer_2_error += np.sum((layer_2 - walk_vs_stop[i:i + 1]) ** 2)
        layer_2_delta = walk_vs_stop[i:i + 1] - layer_2
        layer_1_delta = layer_2_delta.dot(weights_1_2.T) * relu2deriv(layer_1)
        weights_1_2 += alpha * layer_1.T.dot(layer_2_delta)
        weights_0_1 += alpha * layer_0.T.dot(layer_1_delta)
    if not (np.isfinite(layer_2_error) and np.isfinite(weights_0_1).all()
            and np.isfinite(weights_1_2).all()):
        print("Stopped at pass " + str(iteration) + ": the numbers overflowed.", file=sys.stderr)
        break
    if iteration % {int(every)} == {int(every) - 1}:
        print("Error:" + str(layer_2_error))""", "train"),
    )
    return Script(f"A hidden layer learns the lights ({BOOK}, chapter 6).", cells)
