"""Several rows of inputs and goals: correlation, and the error floor.

The primer learns one weight from one example. Real data has many rows, each
with several inputs and one goal. The network is still one layer: each row's
prediction is the weighted sum of its inputs, and after every row each weight
moves a little against its share of the error (one row at a time, as in the
book's streetlight example)::

    for iteration in range(passes):
        total_error = 0
        for row, goal in zip(inputs, goals):
            prediction = w_sum(row, weights)
            error = (prediction - goal) ** 2
            total_error += error
            delta = prediction - goal
            weights = weights - alpha * (row * delta)

Learning is a search for correlation. If an input goes up and down with the
goal, its weight grows and the error can reach 0. If no weighting of the
inputs matches the goals, the error levels off above 0: the *floor*, which
:func:`error_floor` finds directly with least squares.
"""

from __future__ import annotations

import enum
import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from primer.neuron import w_sum
from primer.outcome import Stoppable, Verdict
from primer.script import Cell, Script
from primer.words import fmt as _fmt
from primer.words import overflow_reason, plural

MAX_ROWS = 200
MAX_INPUTS = 10
BOOK_WEIGHTS = (0.5, 0.48, -0.7)  # the streetlight example's starting weights
ZERO = 1e-12  # totals below this (relative to the goals' size) are round-off: reported as 0


class DataError(ValueError):
    """A table that cannot be used as a data set. The message says why, in plain words."""


@dataclass(frozen=True)
class DataSet:
    """Rows of inputs (n_rows x n_inputs) and one goal per row, all finite floats.

    ``names`` holds the input columns' names, then the goal's. Build one with
    :func:`from_table` or :func:`make`, which check everything.
    """

    inputs: tuple[tuple[float, ...], ...]
    goals: tuple[float, ...]
    names: tuple[str, ...]

    @property
    def n_rows(self) -> int:
        return len(self.goals)

    @property
    def n_inputs(self) -> int:
        return len(self.names) - 1

    @property
    def input_names(self) -> tuple[str, ...]:
        return self.names[:-1]

    @property
    def goal_name(self) -> str:
        return self.names[-1]

    def arrays(self) -> tuple[np.ndarray, np.ndarray]:
        """The inputs as a 2-D array and the goals as a 1-D array."""
        return np.array(self.inputs, dtype=float), np.array(self.goals, dtype=float)

    def table(self) -> list[list[float]]:
        """The rows as lists, the goal last: the shape :func:`from_table` reads back."""
        return [[*row, goal] for row, goal in zip(self.inputs, self.goals, strict=True)]


def default_names(n_columns: int) -> tuple[str, ...]:
    return tuple(f"input {i + 1}" for i in range(n_columns - 1)) + ("goal",)


def _blank(cell) -> bool:
    if cell is None:
        return True
    if isinstance(cell, str):
        return cell.strip() == ""
    return isinstance(cell, float) and math.isnan(cell)


def _number(cell, where: str) -> float:
    """One cell as a float, or a DataError naming the cell."""
    if _blank(cell):
        raise DataError(f"{where} is empty. Every cell needs a number.")
    if isinstance(cell, (bool, np.bool_)):
        return float(cell)  # a tick box counts as 1, an empty one as 0
    if isinstance(cell, (int, float, np.integer, np.floating)):
        value = float(cell)
    elif isinstance(cell, str):
        try:
            value = float(cell.strip())
        except ValueError:
            raise DataError(f"{where} holds {cell!r}, which is not a number.") from None
    else:
        raise DataError(f"{where} holds {cell!r}, which is not a number.")
    if math.isnan(value):
        raise DataError(f"{where} is not a number.")
    if math.isinf(value):
        raise DataError(f"{where} is infinite. Use an ordinary number.")
    return value


def from_table(table, names: Sequence[str] | None = None) -> DataSet:
    """Read a table of rows, the goal in the last column, into a :class:`DataSet`.

    ``table`` is a list of rows (lists or tuples) or a 2-D array. Rows whose
    cells are all blank are skipped (a data editor adds them). Raises
    :class:`DataError` with a message for a teacher when the table is empty,
    ragged, has no goal column, has a cell that is not a finite number, or is
    larger than ``MAX_ROWS`` rows or ``MAX_INPUTS`` inputs.
    """
    if isinstance(table, np.ndarray):
        table = table.tolist()
    if table is None or isinstance(table, (str, bytes)):
        raise DataError("There is no table: give a list of rows.")
    rows = []
    for i, row in enumerate(table):
        if isinstance(row, np.ndarray):
            row = row.tolist()
        if not isinstance(row, (list, tuple)):
            raise DataError(f"Row {i + 1} is {row!r}, not a row of cells.")
        if not all(_blank(cell) for cell in row):
            rows.append((i + 1, list(row)))
    if not rows:
        raise DataError("The table is empty. Add at least one row of numbers.")

    width = len(rows[0][1])
    for number, row in rows:
        if len(row) != width:
            raise DataError(
                f"Row {number} has {len(row)} cells but row {rows[0][0]} has {width}. "
                "Every row needs the same columns."
            )
    if width < 2:
        raise DataError(
            "There is no goal column. Each row needs at least one input and then its goal "
            "in the last column."
        )
    if len(rows) > MAX_ROWS:
        raise DataError(f"The table has {len(rows)} rows. The lesson takes at most {MAX_ROWS}.")
    if width - 1 > MAX_INPUTS:
        raise DataError(
            f"The table has {width - 1} inputs. The lesson takes at most {MAX_INPUTS}."
        )

    names = default_names(width) if names is None else tuple(str(n) for n in names)
    if len(names) != width:
        raise DataError(f"The table has {width} columns but {len(names)} column names.")
    if len(set(names)) != len(names):
        raise DataError("Two columns have the same name. Give each column its own name.")

    values = [
        [_number(cell, f"Row {number}, column '{names[j]}'") for j, cell in enumerate(row)]
        for number, row in rows
    ]
    return DataSet(
        tuple(tuple(row[:-1]) for row in values), tuple(row[-1] for row in values), names
    )


def validate(table, names: Sequence[str] | None = None) -> DataSet | str:
    """Like :func:`from_table`, but returns the message instead of raising it."""
    try:
        return from_table(table, names)
    except DataError as problem:
        return str(problem)


def make(inputs, goals, names: Sequence[str] | None = None) -> DataSet:
    """A data set from separate inputs (rows) and goals."""
    inputs, goals = list(inputs), list(goals)
    if len(inputs) != len(goals):
        raise DataError(f"There are {len(inputs)} rows of inputs but {len(goals)} goals.")
    rows = [[*row, goal] for row, goal in zip(inputs, goals, strict=True)]
    return from_table(rows, names)


# ---------------------------------------------------------------- training


def default_weights(n_inputs: int) -> tuple[float, ...]:
    """The book's starting weights (0.5, 0.48, -0.7), repeated or cut to fit."""
    return tuple(BOOK_WEIGHTS[i % len(BOOK_WEIGHTS)] for i in range(n_inputs))


@dataclass(frozen=True)
class Pass:
    """One pass over every row; ``weights`` are the weights *after* the pass."""

    iteration: int
    total_error: float  # each row's error, summed, as the weights changed during the pass
    weights: tuple[float, ...]
    predictions: tuple[float, ...]  # one per row, made during the pass


@dataclass(frozen=True)
class TrainingRun(Stoppable):
    data: DataSet
    start_weights: tuple[float, ...]
    alpha: float
    passes: int
    records: tuple[Pass, ...]

    @property
    def final_weights(self) -> tuple[float, ...]:
        return self.records[-1].weights if self.records else self.start_weights

    @property
    def errors(self) -> list[float]:
        return [p.total_error for p in self.records]

    def first_below(self, tolerance: float) -> int | None:
        """The first pass whose total error is below ``tolerance``, or None."""
        return next((p.iteration for p in self.records if p.total_error < tolerance), None)

    def columns(self) -> dict[str, list]:
        """``pass``, ``total_error`` and one weight column per input, ready for a chart."""
        cols: dict[str, list] = {
            "pass": [p.iteration for p in self.records],
            "total_error": self.errors,
        }
        for i, name in enumerate(self.data.input_names):
            cols[name] = [p.weights[i] for p in self.records]
        return cols


def train(
    data: DataSet,
    weights: Sequence[float] | None = None,
    alpha: float = 0.1,
    passes: int = 40,
) -> TrainingRun:
    """Learn one weight per input, one row at a time, and record every pass.

    A run whose numbers overflow stops at the first pass that is not finite;
    ``stopped_at`` names it and ``stop_reason`` says why.
    """
    start = default_weights(data.n_inputs) if weights is None else tuple(map(float, weights))
    if len(start) != data.n_inputs:
        raise ValueError(f"{data.n_inputs} inputs need {data.n_inputs} weights, got {len(start)}.")
    weights = list(start)
    records: list[Pass] = []
    for iteration in range(int(passes)):
        total_error = 0.0
        predictions = []
        try:
            for row, goal in zip(data.inputs, data.goals, strict=True):
                prediction = w_sum(row, weights)
                error = (prediction - goal) ** 2
                total_error += error
                delta = prediction - goal
                weights = [w - alpha * (x * delta) for x, w in zip(row, weights, strict=True)]
                predictions.append(prediction)
        except OverflowError:
            finite = False
        else:
            finite = all(map(math.isfinite, [total_error, *weights, *predictions]))
        if not finite:
            return TrainingRun(
                data, start, alpha, int(passes), tuple(records),
                stopped_at=iteration,
                stop_reason=overflow_reason(iteration, "pass",
                                            cause="The learning rate is too big."),
            )
        records.append(Pass(iteration, total_error, tuple(weights), tuple(predictions)))
    return TrainingRun(data, start, alpha, int(passes), tuple(records))


def total_error(data: DataSet, weights: Sequence[float]) -> float:
    """The error of fixed weights, summed over every row."""
    x, y = data.arrays()
    return float(np.sum((x @ np.asarray(weights, dtype=float) - y) ** 2))


# ---------------------------------------------------------------- presets


@dataclass(frozen=True)
class Preset:
    name: str
    description: str
    data: DataSet


def _preset(name: str, description: str, inputs, goals, names) -> Preset:
    return Preset(name, description, make(inputs, goals, names))


_LIGHTS = ("left light", "middle light", "right light", "walk")

PRESETS: dict[str, Preset] = {
    p.name: p
    for p in (
        _preset(
            "streetlights",
            "Walk exactly when the middle light is on. One input matches the goal.",
            [[1, 0, 1], [0, 1, 1], [0, 0, 1], [1, 1, 1], [0, 1, 1], [1, 0, 1]],
            [0, 1, 0, 1, 1, 0],
            _LIGHTS,
        ),
        _preset(
            "no correlation",
            "Walk when exactly one of the left and middle lights is on. "
            "No single light matches the goal.",
            [[1, 0, 1], [0, 1, 1], [0, 0, 1], [1, 1, 1]],
            [1, 1, 0, 0],
            _LIGHTS,
        ),
        _preset(
            "input is zero",
            "One row whose input is 0. The prediction is always 0, so nothing can be learned.",
            [[0]],
            [0.8],
            ("input", "goal"),
        ),
    )
}


# ---------------------------------------------------------------- correlation and floor


@dataclass(frozen=True)
class Correlation:
    """How closely one input goes up and down with the goal (Pearson's r, -1 to 1).

    ``r`` is None, never NaN, when a column never changes: then it cannot
    go up and down with anything. ``note`` says which column it was.
    """

    name: str
    r: float | None
    note: str = ""


def correlations(data: DataSet) -> tuple[Correlation, ...]:
    """Each input's correlation with the goal."""
    x, y = data.arrays()
    dy = y - y.mean()
    result = []
    for j, name in enumerate(data.input_names):
        dx = x[:, j] - x[:, j].mean()
        if np.all(x[:, j] == x[0, j]):
            result.append(Correlation(name, None, "this input never changes"))
        elif np.all(y == y[0]):
            result.append(Correlation(name, None, "the goal never changes"))
        else:
            r = float(np.sum(dx * dy) / math.sqrt(np.sum(dx * dx) * np.sum(dy * dy)))
            result.append(Correlation(name, min(1.0, max(-1.0, r))))
    return tuple(result)


def strongest_input(data: DataSet) -> int | None:
    """The index of the input most correlated with the goal (either sign); None if none is."""
    best, best_size = None, 0.0
    for j, c in enumerate(correlations(data)):
        if c.r is not None and abs(c.r) > best_size + ZERO:
            best, best_size = j, abs(c.r)
    return best


@dataclass(frozen=True)
class Floor:
    """The best any single layer can do on this data: its weights and total error."""

    weights: tuple[float, ...]
    total_error: float

    @property
    def reaches_zero(self) -> bool:
        return self.total_error == 0.0


def error_floor(data: DataSet) -> Floor:
    """The lowest total error of any weights, found directly by least squares.

    Training one row at a time approaches this from above; with a fixed
    learning rate it levels off a little above it. Round-off (below ``ZERO``
    times the goals' size) is reported as exactly 0.
    """
    x, y = data.arrays()
    best, *_ = np.linalg.lstsq(x, y, rcond=None)
    floor = total_error(data, best)
    if floor <= ZERO * (1.0 + float(np.sum(y * y))):
        floor = 0.0
    weights = tuple(float(w) + 0.0 for w in np.round(best, 12))  # + 0.0 turns -0.0 into 0.0
    return Floor(weights, floor)


def verdict(data: DataSet) -> str:
    """A few short sentences: which input carries the signal, and can the error reach 0?"""
    x, _ = data.arrays()
    floor = error_floor(data)
    if not np.any(x):
        return (
            "Every input is 0, so every prediction is 0 whatever the weights. "
            f"The error stays at {floor.total_error:.4g}: nothing can be learned."
        )
    corr = correlations(data)
    j = strongest_input(data)
    sentences = []
    if j is None:
        sentences.append("No single input goes up and down with the goal.")
    else:
        c = corr[j]
        direction = "with" if c.r > 0 else "against"
        sentences.append(
            f"'{c.name}' carries the signal: it goes up and down {direction} the goal "
            f"(correlation {c.r:.2f})."
        )
    quiet = [c.name for c in corr if c.note == "this input never changes"]
    if quiet:
        verb = "changes, so it says" if len(quiet) == 1 else "change, so they say"
        sentences.append(f"{_names(quiet)} never {verb} nothing about the goal.")
    if floor.reaches_zero:
        sentences.append("Some weighting of the inputs fits every row: the error can reach 0.")
    else:
        sentences.append(
            f"No weighting fits every row. The best a single layer can reach is a total "
            f"error of {floor.total_error:.4g}, so the error levels off there, not at 0. "
            "A single layer only adds up each input times its weight, and no such sum "
            "matches every goal in this table."
        )
    return " ".join(sentences)


def _names(names: list[str]) -> str:
    quoted = [f"'{n}'" for n in names]
    return quoted[0] if len(quoted) == 1 else ", ".join(quoted[:-1]) + " and " + quoted[-1]


# ---------------------------------------------------------------- what a run did

CLOSE = 1e-6  # "at the floor" / "levelled off": within a millionth (relative to the numbers' size)


class Outcome(enum.Enum):
    AT_FLOOR = "reached the floor"
    STARTED_AT_FLOOR = "sat on the floor from the first pass"
    BELOW_FLOOR = "dipped below the floor"
    LEVELLED_OFF = "levelled off above the floor"
    FALLING = "is still falling"
    GROWING = "grew"
    BOUNCING = "is going up and down"
    ONE_PASS = "ran one pass"
    STOPPED = "overflowed"


@dataclass(frozen=True, kw_only=True)
class RunReport(Verdict):
    """What a training run did, judged against the floor."""

    floor: Floor
    last_error: float | None


def report(run: TrainingRun) -> RunReport:
    """Where the total error ended, compared with the floor (the best any weights can do).

    Checked in this order: the run overflowed; the last pass is below the
    floor (possible, because the weights change during a pass); every pass is
    within a millionth of the floor; the last pass is; only one pass ran; the
    last two passes agree to a millionth (levelled off above the floor); the
    error grew overall; it is still falling; otherwise it is going up and down.
    """
    floor = error_floor(run.data)
    errors, n = run.errors, len(run.errors)
    best = _fmt(floor.total_error)

    def made(kind: Outcome, summary: str) -> RunReport:
        return RunReport(kind, summary, floor=floor, last_error=errors[-1] if errors else None)

    if run.stopped_at is not None:
        return made(Outcome.STOPPED, run.stop_reason)
    last = errors[-1]
    passes = f"{n} pass{'es' if n != 1 else ''}"
    close = CLOSE * (1.0 + floor.total_error)
    if last < floor.total_error - close:
        return made(
            Outcome.BELOW_FLOOR,
            f"The last pass added up to {_fmt(last)}, below the floor of {best}. That can "
            "happen because the weights change during a pass: each row is predicted by "
            "weights just tuned on the rows before it. No single set of weights, held "
            f"fixed, gets below {best} on the whole table.",
        )
    if all(abs(e - floor.total_error) <= close for e in errors):
        return made(
            Outcome.STARTED_AT_FLOOR,
            f"The total error was {_fmt(last)} from the first pass on: already as low as any "
            f"weights can make it on this table ({best}), so training has nothing to improve.",
        )
    if last - floor.total_error <= close:
        return made(
            Outcome.AT_FLOOR,
            f"After {passes} the total error is {_fmt(last)}, within a millionth of the "
            f"floor ({best}): no weights can do better on this table.",
        )
    if n == 1:
        return made(
            Outcome.ONE_PASS,
            f"One pass gives a total error of {_fmt(last)}; the floor is {best}. "
            "Run more passes to see where the error goes.",
        )
    previous, first = errors[-2], errors[0]
    if abs(last - previous) <= CLOSE * max(1.0, abs(last)):
        return made(
            Outcome.LEVELLED_OFF,
            f"The total error has levelled off at {_fmt(last)}, above the floor of {best}. "
            "With a fixed learning rate, each update chases the row it has just seen and "
            "partly undoes the rows before, so the weights keep circling the best ones "
            "instead of settling on them. A smaller alpha circles closer to the floor, "
            "never below it.",
        )
    if last > first:
        return made(
            Outcome.GROWING,
            f"The total error grew from {_fmt(first)} to {_fmt(last)}: each update "
            "overshoots, and the weights run further away with every pass. Alpha is too big "
            "for this table.",
        )
    if last < previous:
        return made(
            Outcome.FALLING,
            f"After {passes} the total error is {_fmt(last)} and still falling; the floor "
            f"is {best}. "
            + ("More passes take it towards 0." if floor.reaches_zero else
               "More passes take it lower, but with a fixed alpha it usually ends up "
               "hovering a little above the floor rather than on it."),
        )
    return made(
        Outcome.BOUNCING,
        f"The total error is going up and down between passes (last {_fmt(last)}, floor "
        f"{best}): the updates overshoot. A smaller alpha settles it.",
    )


def loop_source(run: TrainingRun) -> Script:
    """The loop behind ``run`` with its table filled in, as cells a student can run.

    Its ``.source()`` (or the notebook made from it) prints one line per pass, with
    the same numbers as :func:`train` (plain Python floats, added in the same
    order). A run that overflowed raises ``OverflowError`` there, as the book's
    loop would, and the loop's explanation says so.
    """
    data = run.data
    inputs = ",\n    ".join(repr(list(row)) for row in data.inputs)
    loop = (
        f"Make {plural(run.passes, 'pass')} over the table: for each row, predict (the "
        "weighted sum), measure the error, nudge every weight; print each pass's total."
    )
    if run.stopped:
        loop += (
            f" In pass {run.stopped_at} the numbers outgrow Python's floats and the loop "
            "stops with an OverflowError, where the page's table ends."
        )
    return Script(
        "Learning several weights from a table, one row at a time",
        (
            Cell(
                f"The table: each row's inputs ({', '.join(data.input_names)}) and its goal "
                f"({data.goal_name}).",
                f"""inputs = [
    {inputs},
]
goals = {list(data.goals)!r}""",
                "data",
            ),
            Cell(
                "One starting weight per input, and the learning rate (alpha).",
                f"""weights = {list(run.start_weights)!r}
alpha = {run.alpha!r}""",
                "settings",
            ),
            Cell(
                loop,
                f"""for iteration in range({run.passes}):
    total_error = 0.0
    for row, goal in zip(inputs, goals):
        prediction = 0.0
        for x, w in zip(row, weights):
            prediction += x * w
        error = (prediction - goal) ** 2
        total_error += error
        delta = prediction - goal
        weights = [w - alpha * (x * delta) for x, w in zip(row, weights)]
    print("Pass:" + str(iteration) + " Total error:" + str(total_error)
          + " Weights:" + str(weights))""",
                "loop",
            ),
        ),
    )
