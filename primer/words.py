"""Words the lessons share, written once: short numbers, plurals, and the overflow sentence.

Every sentence the app says about a run is built in ``primer`` from computed
facts; these are the small pieces those sentences are made of, so that the same
thing is always said the same way.
"""

from __future__ import annotations

# The largest finite number of each float type, as a student would read it.
LARGEST = {"float64": "1.8e308", "float32": "3.4e38"}


def fmt(x: float, digits: int = 4) -> str:
    """A number short enough to read aloud: ``digits`` significant digits (0.04, 1.49e-10)."""
    return f"{x:.{digits}g}"


def plural(n: int, one: str, many: str | None = None) -> str:
    """``n`` and its unit, plural when it should be: "1 pass", "40 passes", "1,100 iterations"."""
    if many is None:
        many = one + ("es" if one.endswith(("s", "sh", "ch", "x")) else "s")
    return f"{n:,} {one if n == 1 else many}"


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
