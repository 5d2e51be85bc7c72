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

Two different questions, answered separately:

- *Which input goes up and down with the goal?* A fact about each input, its
  correlation (:func:`correlations`), which needs rows that differ.
- *Can the error reach 0?* A fact about the whole table: some weighting of
  the inputs fits every row exactly (least squares leaves nothing over,
  :func:`error_floor`). If none does, the lowest total error, the *floor*, is
  above 0.

The primer's "if there's no correlation, the error will never reach zero" is a
rule of thumb connecting the two; :func:`rule_of_thumb` says where it holds.
An input that never changes has no correlation, yet it is not useless: with no
bias term, an input that is 1 in every row *is* the bias (:func:`input_facts`).
"""

from __future__ import annotations

import enum
import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from primer.neuron import w_sum
from primer.outcome import Stoppable, Verdict, curve
from primer.script import Cell, Script, assign
from primer.words import BOOK, names, overflow_reason, plural, trend
from primer.words import fmt as _fmt

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


# ---------------------------------------------------------------- the class's own table


def cell_text(value: float | None) -> str:
    """A cell as the table shows it for editing: "" when blank, whole numbers without ".0",
    every other number exactly as Python prints it (so nothing is rounded away)."""
    if value is None:
        return ""
    if value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return repr(value)


@dataclass(frozen=True)
class Revision:
    """A table after one round of edits: ``rows`` (each cell a float, or None when blank),
    by the editor's row label, and one sentence per typed value that was not taken."""

    rows: dict
    rejected: tuple[str, ...]


def _refusal(text, names: Sequence[str], number: int, j: int, kept: float | None) -> str | None:
    """Why a typed cell cannot be taken, naming the cell and what it keeps; None if it can."""
    if _blank(text):
        return None
    where = f"Row {number}, column '{names[j]}'"
    keeps = "stays empty" if kept is None else f"keeps {cell_text(kept)}"
    try:
        _number(text, where)
    except DataError:
        shown = str(text).strip() if isinstance(text, str) else repr(text)
        if isinstance(text, str) and "," in shown and _parses(shown.replace(",", ".")):
            hint = f" (a decimal needs a point: {shown.replace(',', '.')})"
        else:
            hint = ""
        value = _float(text)
        why = ("is too big to be a number Python can hold" if value is not None
               and math.isinf(value) and isinstance(text, str) and "inf" not in shown.lower()
               else "is infinite" if value is not None and math.isinf(value)
               else "is not a number")
        return f"{where}: '{shown}' {why}{hint}, so the cell {keeps}."
    return None


def _float(text) -> float | None:
    try:
        return float(text.strip() if isinstance(text, str) else text)
    except (TypeError, ValueError):
        return None


def _parses(text: str) -> bool:
    value = _float(text)
    return value is not None and math.isfinite(value)


def revise(previous: dict, edited: dict, names: Sequence[str]) -> Revision:
    """Take what the class typed into the table, cell by cell, refusing what is not a number.

    ``previous`` maps each row's label to its cells as last taken (floats, or None when
    blank); ``edited`` maps each row's label, in table order, to its cells as typed (text,
    numbers or blanks). A blank is taken (a row may be filled in a cell at a time); a finite
    number is taken; anything else (text, NaN, infinity) is refused and the cell keeps its
    previous value, with a sentence that names the cell, what was typed and why.
    """
    rows: dict = {}
    rejected: list[str] = []
    for number, (label, cells) in enumerate(edited.items(), start=1):
        before = list(previous.get(label, [None] * len(names)))
        row: list[float | None] = []
        for j, text in enumerate(cells):
            kept = before[j] if j < len(before) else None
            refusal = _refusal(text, names, number, j, kept)
            if refusal:
                rejected.append(refusal)
                row.append(kept)
            else:
                row.append(None if _blank(text) else _number(text, ""))
        rows[label] = row
    return Revision(rows, tuple(rejected))


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
    with np.errstate(over="ignore", invalid="ignore"):  # huge weights: inf, not a warning
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
            f"The streetlights of {BOOK}: walk exactly when the middle light is on. "
            "One input matches the goal.",
            [[1, 0, 1], [0, 1, 1], [0, 0, 1], [1, 1, 1], [0, 1, 1], [1, 0, 1]],
            [0, 1, 0, 1, 1, 0],
            _LIGHTS,
        ),
        _preset(
            "no correlation",
            f"Four of the streetlights of {BOOK}, with a different goal: walk when exactly "
            "one of the left and middle lights is on. No single light matches the goal.",
            [[1, 0, 1], [0, 1, 1], [0, 0, 1], [1, 1, 1]],
            [1, 1, 0, 0],
            _LIGHTS,
        ),
        _preset(
            "needs an offset",
            "Inputs 1, 2 and 3 with goals 2, 3 and 4: the input rises exactly with the goal, "
            "yet every goal is one more than its input, and a weight can only scale.",
            [[1], [2], [3]],
            [2, 3, 4],
            ("input", "goal"),
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

# A correlation that rounds to 0.00 on the page counts as none: "goes up and down with the
# goal" is never said of an input whose bar reads 0.00.
R_ZERO = 0.005


@dataclass(frozen=True)
class Correlation:
    """How closely one input goes up and down with the goal (Pearson's r, -1 to 1).

    ``r`` is None, never NaN, when a column never changes: then it cannot
    go up and down with anything. ``note`` says which column it was.
    """

    name: str
    r: float | None
    note: str = ""

    @property
    def follows(self) -> bool:
        """True when the input goes up and down with (or against) the goal at all."""
        return self.r is not None and abs(self.r) >= R_ZERO


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
    """The input most correlated with the goal (either sign); None if no correlation
    reads above 0.00."""
    best, best_size = None, 0.0
    for j, c in enumerate(correlations(data)):
        if c.follows and abs(c.r) > best_size + ZERO:
            best, best_size = j, abs(c.r)
    return best


@dataclass(frozen=True)
class Floor:
    """The best any single layer can do on this data: its weights and total error.

    ``unique`` is False when several weightings reach the floor (some input is a
    weighted sum of others); ``weights`` is then the one with the smallest weights.
    """

    weights: tuple[float, ...]
    total_error: float
    unique: bool = True

    @property
    def reaches_zero(self) -> bool:
        return self.total_error == 0.0


def _least_squares(x: np.ndarray, y: np.ndarray) -> Floor:
    """The weights with the lowest total error for inputs ``x`` (rows) and goals ``y``."""
    if x.shape[1] == 0:
        return Floor((), float(np.sum(y * y)))
    best, _, rank, _ = np.linalg.lstsq(x, y, rcond=None)
    floor = float(np.sum((x @ best - y) ** 2))
    if floor <= ZERO * (1.0 + float(np.sum(y * y))):
        floor = 0.0
    weights = tuple(float(w) + 0.0 for w in np.round(best, 12))  # + 0.0 turns -0.0 into 0.0
    return Floor(weights, floor, int(rank) == x.shape[1])


def error_floor(data: DataSet) -> Floor:
    """The lowest total error of any weights, found directly by least squares.

    Training one row at a time approaches this from above; with a fixed
    learning rate it levels off a little above it. Round-off (below ``ZERO``
    times the goals' size) is reported as exactly 0.
    """
    return _least_squares(*data.arrays())


def floor_without(data: DataSet, j: int) -> float:
    """The lowest total error with input ``j`` left out: how much the table needs it."""
    x, y = data.arrays()
    return _least_squares(np.delete(x, j, axis=1), y).total_error


def floor_with_bias(data: DataSet) -> float:
    """The lowest total error with one more input that is 1 in every row (a bias)."""
    x, y = data.arrays()
    return _least_squares(np.column_stack([x, np.ones(len(y))]), y).total_error


@dataclass(frozen=True)
class InputFacts:
    """What one input does in this table, computed: the facts its sentences are made of."""

    name: str
    correlation: Correlation
    constant: float | None  # its value when it is the same in every row, else None
    best_weight: float  # its weight in the floor's weights
    floor_without: float  # the lowest total error without it

    @property
    def is_bias(self) -> bool:
        """An input that is the same non-zero number in every row adds the same amount to
        every prediction: with no bias term of its own, the network uses it as one."""
        return self.constant is not None and self.constant != 0

    @property
    def silent(self) -> bool:
        """0 in every row: it never changes a prediction, whatever its weight."""
        return self.constant == 0


def input_facts(data: DataSet) -> tuple[InputFacts, ...]:
    """Each input's correlation, whether it never changes, its best weight, and the
    floor without it."""
    x, _ = data.arrays()
    floor = error_floor(data)
    # With one row every input "never changes": only a table of rows can show a constant.
    return tuple(
        InputFacts(
            name, c, float(x[0, j]) if data.n_rows > 1 and np.all(x[:, j] == x[0, j]) else None,
            floor.weights[j], floor_without(data, j),
        )
        for j, (name, c) in enumerate(zip(data.input_names, correlations(data)))
    )


def _close(a: float, b: float) -> bool:
    return abs(a - b) <= CLOSE * (1.0 + abs(a) + abs(b))


class Fit(enum.Enum):
    """Whether some weighting of the inputs fits every row: a fact about the whole table."""

    EXACT = "can reach 0"
    FLOOR = "has a floor above 0"
    NOTHING = "cannot learn anything"


def _signal(data: DataSet, corr: tuple[Correlation, ...], floor: Floor) -> str:
    """The sentence about which input goes up and down with the goal (a per-input fact)."""
    x, y = data.arrays()
    if data.n_rows == 1:
        return "With one row nothing goes up and down, so no correlation can be measured."
    if np.all(y == y[0]):
        return "The goal never changes, so no input can go up and down with it."
    if all(np.all(x[:, j] == x[0, j]) for j in range(data.n_inputs)):
        return "No input ever changes, so none can go up and down with the goal."
    j = strongest_input(data)
    if j is None:
        return "No single input goes up and down with the goal."
    c = corr[j]
    tied = [d for d in corr if d.follows and abs(d.r) >= abs(c.r) - 1e-9]
    if len(tied) > 1:
        values = list(dict.fromkeys(f"{d.r:.2f}" for d in tied))
        rs = (f"correlation {values[0]}" if len(values) == 1 else
              f"correlations {' and '.join(values)}" if len(tied) == 2 else
              f"correlation ±{abs(c.r):.2f}")
        who = names([d.name for d in tied]) if len(tied) == 2 else f"{len(tied)} inputs"
        return f"{who} go up and down with the goal equally closely ({rs})."
    direction = "with" if c.r > 0 else "against"
    if floor.weights[j] != 0:
        return (f"'{c.name}' carries the signal: it goes up and down {direction} the goal "
                f"(correlation {c.r:.2f}).")
    leaves = "leave it out" if floor.unique else "need not use it"
    return (f"'{c.name}' follows the goal most closely (correlation {c.r:.2f}), but the best "
            f"weights {leaves}.")


def _input_sentences(facts: tuple[InputFacts, ...], floor: Floor) -> list[str]:
    """Sentences about inputs whose role is easy to get wrong: offsets and silent inputs."""
    out = []
    for f in facts:
        if f.silent:
            out.append(f"'{f.name}' is 0 in every row, so it never changes a prediction: "
                       "its weight does not matter.")
        elif f.is_bias:
            text = (f"'{f.name}' is {_fmt(f.constant)} in every row, so it adds the same "
                    f"amount ({_fmt(f.constant)} × its weight) to every prediction: it works "
                    "as an offset, a bias.")
            if f.best_weight == 0:
                text += " This table needs no offset: its best weight is 0."
            elif _close(f.floor_without, floor.total_error):
                text += (f" The best weights give it {_fmt(f.best_weight)}, but another input "
                         "can do the same job: without it the lowest total error is the same.")
            else:
                text += (f" It has no correlation with the goal, yet the best weights give it "
                         f"{_fmt(f.best_weight)}: weights are not correlations. Without it the "
                         f"lowest total error would be {_fmt(f.floor_without)} instead of "
                         f"{_fmt(floor.total_error)}.")
            out.append(text)
        elif not f.correlation.follows and f.best_weight != 0 and floor.unique:
            out.append(f"'{f.name}' has no correlation with the goal on its own, yet the best "
                       f"weights give it {_fmt(f.best_weight)}: weights are not correlations.")
    return out


def table_verdict(data: DataSet) -> Verdict:
    """What this table lets a single layer learn: which input carries the signal (a fact
    about each input, which needs rows that differ) and whether the error can reach 0 (a
    fact about the whole table: does some weighting fit every row exactly?).
    """
    x, _ = data.arrays()
    floor = error_floor(data)
    facts = input_facts(data)
    if not np.any(x):
        if floor.reaches_zero:
            summary = ("Every input is 0, so every prediction is 0 whatever the weights; every "
                       "goal is 0 too, so the error is 0 already.")
        else:
            summary = ("Every input is 0, so every prediction is 0 whatever the weights. "
                       f"The error stays at {_fmt(floor.total_error)}: nothing can be learned.")
        return Verdict(Fit.NOTHING, summary, "No weight can change a prediction of 0.")
    corr = tuple(f.correlation for f in facts)
    signal = _signal(data, corr, floor)
    why = _input_sentences(facts, floor)
    if signal[0].isdigit():  # "3 inputs go up and down ...": say which
        j = strongest_input(data)
        tied = [d.name for d in corr if d.follows and abs(d.r) >= abs(corr[j].r) - 1e-9]
        why.insert(0, f"They are {names(tied)}.")
    if floor.reaches_zero:
        kind = Fit.EXACT
        fit = "Some weighting of the inputs fits every row: the error can reach 0."
        weights = ", ".join(f"'{f.name}' {_fmt(f.best_weight)}" for f in facts)
        why.append(f"{'One' if not floor.unique else 'The'} weighting that fits: {weights}.")
    else:
        kind = Fit.FLOOR
        fit = (f"No weighting fits every row: the lowest total error is "
               f"{_fmt(floor.total_error)}, not 0.")
        why.append("A single layer only adds up each input times its weight, and no such sum "
                   "matches every goal in this table, however long it trains.")
    rule = rule_of_thumb(data)
    why.append(rule.summary)
    return Verdict(kind, f"{signal} {fit}", " ".join(why))


def verdict(data: DataSet) -> str:
    """:func:`table_verdict` as one text (summary, then why), for a page that shows a string."""
    v = table_verdict(data)
    return f"{v.summary} {v.why}".strip()


class Rule(enum.Enum):
    """How the primer's rule of thumb fares on a table: "If there's no correlation, the
    error will never reach zero." It is a rule of thumb, not a law."""

    HOLDS = "it holds here"
    CORRELATION_NOT_ENOUGH = "correlation is not enough"
    ZERO_WITHOUT_CORRELATION = "zero error without correlation"


RULE = "If there's no correlation, the error will never reach zero."


def rule_of_thumb(data: DataSet) -> Verdict:
    """Where the primer's rule of thumb holds on this table, and where not, in plain words.

    Correlation is a fact about each input (and needs rows that differ); reaching 0 is a
    fact about the whole table. The two usually go together, not always.
    """
    floor = error_floor(data)
    j = strongest_input(data)
    quote = f"The primer says: \"{RULE}\""
    if j is None and not floor.reaches_zero:
        return Verdict(Rule.HOLDS, "No input goes up and down with the goal, and the error "
                       "cannot reach 0.", quote)
    if j is not None and floor.reaches_zero:
        return Verdict(Rule.HOLDS, f"'{data.input_names[j]}' goes up and down with the goal, "
                       "and the error can reach 0.", quote)
    if j is not None:
        c = correlations(data)[j]
        facts = input_facts(data)
        if any(f.is_bias for f in facts):
            why = ("The table already has an input that never changes (an offset), and still "
                   "no weighting fits every row.")
        else:
            with_bias = floor_with_bias(data)
            why = ("With one more input that is 1 in every row (a bias), the lowest total error "
                   + ("would be 0: these goals need an offset, and a weight can only scale its "
                      "input." if with_bias == 0 else f"would be {_fmt(with_bias)}, still not 0."))
        return Verdict(Rule.CORRELATION_NOT_ENOUGH,
                       f"'{c.name}' goes up and down with the goal (correlation {c.r:.2f}), yet "
                       "the error cannot reach 0: correlation alone is not enough.",
                       f"{quote} The reverse does not follow. {why}")
    if data.n_rows == 1:
        summary = ("With one row nothing goes up and down, yet a weighting fits it exactly: the "
                   "error can reach 0 without any correlation.")
    else:
        summary = ("No input goes up and down with the goal on its own, yet together they fit "
                   "every row: the error can reach 0.")
    return Verdict(Rule.ZERO_WITHOUT_CORRELATION, summary,
                   f"{quote} Here it does not hold: reaching 0 needs some weighting that fits "
                   "every row, which correlation does not measure.")


# ---------------------------------------------------------------- where training is heading

EDGE = 1e-9  # a rate within this of 1 neither settles nor blows up (on the page's time scale)


@dataclass(frozen=True)
class Outlook:
    """Where training with a fixed alpha is heading, worked out from the update rule itself.

    One pass moves the weights by the same affine map every time (each row's update is
    ``w -> w - alpha * x * (x·w - goal)``). ``rate`` is how much of the distance to the
    map's fixed point is left after a pass (the map's largest eigenvalue in size, on the
    inputs' directions). Below 1 training settles: the passes' totals approach
    ``limit_error``, the total of a pass made from ``limit_weights``. Above 1 it blows up.
    """

    rate: float
    settles: bool | None  # True: settles; False: blows up; None: right on the edge
    limit_weights: tuple[float, ...] | None
    limit_error: float | None


def _pass_total(data: DataSet, weights: Sequence[float], alpha: float) -> float:
    """The total error of one pass that starts from ``weights``, computed like :func:`train`."""
    weights = list(weights)
    total = 0.0
    for row, goal in zip(data.inputs, data.goals, strict=True):
        prediction = w_sum(row, weights)
        total += (prediction - goal) ** 2
        delta = prediction - goal
        weights = [w - alpha * (x * delta) for x, w in zip(row, weights, strict=True)]
    return total


def outlook(data: DataSet, alpha: float, weights: Sequence[float] | None = None) -> Outlook:
    """Where training ``data`` with ``alpha`` ends up, from ``weights`` (the book's by default)."""
    start = np.array(default_weights(data.n_inputs) if weights is None else weights, float)
    x, y = data.arrays()
    n = data.n_inputs
    m, c = np.eye(n), np.zeros(n)
    for row, goal in zip(x, y):
        step = np.eye(n) - alpha * np.outer(row, row)
        m, c = step @ m, step @ c + alpha * goal * row
    _, s, vt = np.linalg.svd(x) if x.size else (None, np.zeros(0), np.zeros((0, n)))
    rank = int(np.sum(s > 1e-12 * (s[0] if len(s) else 0))) if len(s) else 0
    q = vt[:rank].T  # the directions the rows can move the weights in
    if rank == 0 or alpha == 0:
        rate = 0.0 if rank == 0 else 1.0
        weights = tuple(float(w) for w in start)
        return Outlook(rate, True, weights, _pass_total(data, weights, alpha))
    reduced = q.T @ m @ q
    with np.errstate(all="ignore"):
        rate = float(np.max(np.abs(np.linalg.eigvals(reduced))))
    if not math.isfinite(rate) or rate > 1 + EDGE:
        return Outlook(rate, False, None, None)
    if rate >= 1 - EDGE:
        return Outlook(rate, None, None, None)
    z = np.linalg.solve(np.eye(rank) - reduced, q.T @ c)
    limit = tuple(float(w) + 0.0 for w in start - q @ (q.T @ start) + q @ z)
    total = _pass_total(data, limit, alpha)
    if total <= ZERO * (1.0 + float(np.sum(y * y))):
        total = 0.0
    return Outlook(rate, True, limit, total)


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
    """What a training run did, judged against the floor and against where it is heading.

    ``fixed_error`` is the total error of the last pass's weights held fixed over the
    whole table: the number to compare with the floor (a pass's own total is added up
    while the weights change row by row).
    """

    floor: Floor
    last_error: float | None
    outlook: Outlook | None = None
    fixed_error: float | None = None


WHICH_ERROR = (
    "The floor is the total error of one set of weights held fixed over the whole table; no "
    "fixed weights get below it. A pass's total is added up row by row while the weights "
    "change after every row, each row predicted by weights just tuned on the rows before it, "
    "so it can sit above the floor, or even dip below it."
)


def _heading(look: Outlook, floor: Floor) -> str:
    """Where more passes take the total error, as computed by :func:`outlook`."""
    if look.settles is None:
        return "More passes neither settle nor blow up: the error keeps going up and down."
    if not look.settles:
        return "Alpha is too big for this table: more passes make the error grow."
    limit = look.limit_error
    if limit == 0 or (floor.reaches_zero and _close(limit, 0.0)):
        return "More passes take it towards 0."
    if _close(limit, floor.total_error):
        return f"More passes take it towards the floor, {_fmt(limit)}."
    side = "above" if limit > floor.total_error else "below"
    return f"More passes take it towards {_fmt(limit)}, {side} the floor."


def report(run: TrainingRun) -> RunReport:
    """Where the total error ended, compared with the floor (the best any weights can do),
    and where more passes would take it (:func:`outlook`).

    Checked in this order: the run overflowed; the last pass is below the floor
    (possible, because the weights change during a pass); every pass is within a
    millionth of the floor; the last pass is; only one pass ran; the last two passes
    agree to a millionth (levelled off above the floor); the error grew overall; it is
    still falling; otherwise it is going up and down.
    """
    data = run.data
    floor = error_floor(data)
    look = outlook(data, run.alpha, run.start_weights)
    errors, n = run.errors, len(run.errors)
    best = _fmt(floor.total_error)
    fixed = total_error(data, run.final_weights) if run.records else None
    held = "" if fixed is None or not math.isfinite(fixed) else (
        f" Held fixed, the last pass's weights give a total error of {_fmt(fixed)}.")
    heading = _heading(look, floor)

    def made(kind: Outcome, summary: str, why: str) -> RunReport:
        return RunReport(kind, summary, why.strip(), floor=floor,
                         last_error=errors[-1] if errors else None, outlook=look,
                         fixed_error=fixed)

    if run.stopped_at is not None:
        return made(Outcome.STOPPED, run.stop_reason,
                    "Each pass overshoots by more than the last, so the weights and the error "
                    "grow until they no longer fit in a float. A smaller alpha settles it.")
    last = errors[-1]
    passes = plural(n, "pass")
    close = CLOSE * (1.0 + floor.total_error)
    if last < floor.total_error - close:
        return made(
            Outcome.BELOW_FLOOR,
            f"The last pass added up to {_fmt(last)}, below the floor of {best}: the weights "
            "change during a pass, so no fixed weights are being measured.",
            WHICH_ERROR + held,
        )
    if all(abs(e - floor.total_error) <= close for e in errors):
        return made(
            Outcome.STARTED_AT_FLOOR,
            f"The total error was {_fmt(last)} from the first pass on: already as low as any "
            "weights can make it on this table, so training has nothing to improve.",
            f"The floor, the lowest total error of any weights, is {best}.",
        )
    if last - floor.total_error <= close:
        return made(
            Outcome.AT_FLOOR,
            f"After {passes} the total error is {_fmt(last)}, within a millionth of the "
            f"floor ({best}): no weights can do better on this table.",
            WHICH_ERROR + held,
        )
    end = curve(errors, Outcome, CLOSE)
    if end is Outcome.ONE_PASS:
        return made(
            Outcome.ONE_PASS,
            f"One pass gives a total error of {_fmt(last)}; the floor is {best}. {heading}",
            "Run more passes to see the error go there." + held,
        )
    first = errors[0]
    if end is Outcome.LEVELLED_OFF:
        smaller = outlook(data, run.alpha / 10, run.start_weights)
        tighter = ("" if not smaller.settles else
                   f" With alpha {_fmt(run.alpha / 10)} it would level off at "
                   f"{_fmt(smaller.limit_error)}: the smaller alpha is, the tighter the circle.")
        return made(
            Outcome.LEVELLED_OFF,
            f"The total error has levelled off at {_fmt(last)}, above the floor of {best}: "
            "the weights keep circling the best ones instead of settling on them.",
            "With a fixed alpha, each update chases the row it has just seen and partly undoes "
            "the rows before, so the weights go round in a loop near the best weights. "
            + WHICH_ERROR + held + tighter,
        )
    if end is Outcome.GROWING:
        return made(
            Outcome.GROWING,
            f"The total error grew from {_fmt(first)} to {_fmt(last)}"
            + (": alpha is too big for this table, so each pass ends further away."
               if look.settles is False else f". {heading}"),
            "Each update overshoots the row it corrects." + held,
        )
    if end is Outcome.FALLING:
        return made(
            Outcome.FALLING,
            f"After {passes} the total error is {_fmt(last)} and still falling; the floor "
            f"is {best}. " + (heading if look.settles is not False else
                              "But alpha is too big for this table: it will grow again."),
            WHICH_ERROR + held,
        )
    return made(
        Outcome.BOUNCING,
        f"The total error is going up and down between passes (last {_fmt(last)}, floor "
        f"{best}): the updates overshoot. {heading}",
        "A small enough alpha always settles." + held,
    )


# ---------------------------------------------------------------- sentences for the charts


def describe_correlations(data: DataSet) -> str:
    """One sentence for the correlation bars: each input's correlation, or why it has none."""
    parts = [f"'{c.name}' {c.r:+.2f}" if c.r is not None else f"'{c.name}' none ({c.note})"
             for c in correlations(data)]
    return "Correlation with the goal: " + ", ".join(parts) + "."


def describe_passes(run: TrainingRun) -> str:
    """One sentence a screen reader can speak in place of the total-error chart."""
    return trend(run.errors, "total error", "pass")


def describe_weights(run: TrainingRun) -> str:
    """One sentence for the weights chart: where each input's weight went, and the best ones."""
    if not run.records:
        return "No finite weights to describe."
    moved = ", ".join(
        f"'{name}' from {_fmt(a, 3)} to {_fmt(b, 3)}"
        for name, a, b in zip(run.data.input_names, run.start_weights, run.final_weights)
    )
    floor = error_floor(run.data)
    best = ", ".join(_fmt(w, 3) for w in floor.weights)
    which = "The best weights are" if floor.unique else "One best set of weights is"
    return (f"One line per input, its weight after each of {plural(len(run.records), 'pass')}: "
            f"{moved}. {which} {best}.")


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
                assign(weights=list(run.start_weights), alpha=run.alpha),
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
