"""Words the lessons share, written once: short numbers, plurals, and the overflow sentence.

Every sentence the app says about a run is built in ``primer`` from computed
facts; these are the small pieces those sentences are made of, so that the same
thing is always said the same way.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence

# The largest finite number of each float type, as a student would read it.
LARGEST = {"float64": "1.8e308", "float32": "3.4e38"}

# Where the lessons' classic examples come from (hot and cold, the toes, the streetlights).
BOOK = "Andrew Trask's *Grokking Deep Learning*"

# A verdict's summary is read off a projector by a sixteen-year-old: at most this many words.
SUMMARY_WORDS = 30


def fmt(x: float, digits: int = 4) -> str:
    """A number short enough to read aloud: ``digits`` significant digits (0.04, 1.49e-10).

    Zero reads as "0" whatever its sign (Python keeps the sign of a zero made from a
    negative number, and "-0" would puzzle a reader); infinities and NaN read as words.
    """
    if x == 0:
        return "0"
    if math.isnan(x):
        return "not a number"
    if math.isinf(x):
        return "infinity" if x > 0 else "minus infinity"
    return f"{x:.{digits}g}"


def fmt_apart(x: float, other: float, digits: int = 4) -> str:
    """``x`` with enough digits that it does not read the same as ``other``.

    A factor of -1.0000000000000002 is not -1, and a sentence that calls it "-1" says
    something false; this adds digits (up to 17) until the two differ on the page.
    """
    for d in range(digits, 18):
        if x == other or fmt(x, d) != fmt(other, d):
            return fmt(x, d)
    return repr(x)


def count(n: int) -> str:
    """A whole number with thousands separators: 1,100."""
    return f"{n:,}"


def about(x: float) -> str:
    """A large amount, rounded to two significant digits the way people say it: 420,000."""
    if not math.isfinite(x) or abs(x) >= 1e15:
        return fmt(x, 2)
    if abs(x) < 100:
        return fmt(x, 2)
    rounded = float(f"{x:.2g}")
    return f"{int(rounded):,}"


def percent(fraction: float) -> str:
    """A fraction as a percentage with three significant digits: 0.4 -> "40%"."""
    return f"{fmt(100 * fraction, 3)}%"


def plural(n: int, one: str, many: str | None = None) -> str:
    """``n`` and its unit, plural when it should be: "1 pass", "40 passes", "1,100 iterations"."""
    if many is None:
        many = one + ("es" if one.endswith(("s", "sh", "ch", "x")) else "s")
    return f"{n:,} {one if n == 1 else many}"


def names(items: Sequence[str]) -> str:
    """Column names quoted and joined as a sentence does: 'a', 'b' and 'c'."""
    quoted = [f"'{n}'" for n in items]
    if not quoted:
        return ""
    return quoted[0] if len(quoted) == 1 else ", ".join(quoted[:-1]) + " and " + quoted[-1]


def word_count(text: str) -> int:
    """How many words a reader counts in ``text``.

    A quoted column name ('middle light') is one word, symbols such as × and = are
    none, and a number or a formula like 2² is one.
    """
    text = re.sub(r"'[^']*'", " name ", text)
    return sum(1 for token in text.split() if any(ch.isalnum() for ch in token))


def trend(values: Sequence[float], what: str, one: str, many: str | None = None) -> str:
    """"The <what> fell from <first> to <last> in <n> <units>.", from the finite values.

    The verb compares only the first and the last value; the numbers are given to
    three significant digits, the count with thousands separators.
    """
    finite = [v for v in values if math.isfinite(v)]
    if not finite:
        return f"No finite {what} to describe."
    first, last, n = finite[0], finite[-1], len(finite)
    verb = "fell" if last < first else "rose" if last > first else "stayed"
    a, b = fmt(first, 3), fmt(last, 3)
    middle = f"at {a}" if verb == "stayed" else f"from {a} to {b}"
    return f"The {what} {verb} {middle} in {plural(n, one, many)}."


def overflow_reason(
    index: int, unit: str = "iteration", *, float_type: str = "float64", cause: str = ""
) -> str:
    """The one sentence for a run whose numbers stopped being finite at ``unit`` ``index``.

    ``float_type`` names the arithmetic that ran out of room (Python's floats are
    float64; Keras computes in float32); ``cause`` adds what made the numbers grow.
    """
    text = (
        f"Stopped at {unit} {index}: the numbers grew past the largest {float_type} "
        f"(about {LARGEST[float_type]}) and overflowed."
    )
    return f"{text} {cause}" if cause else text
