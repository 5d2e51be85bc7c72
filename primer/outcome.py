"""What a run amounted to, as data: one pattern for every lesson's verdict.

Each lesson has an Enum of the things a run can do (converges, diverges, levels
off above the floor...) and a function in ``primer`` that decides which one a
run is and says why, from computed facts. The dashboard draws every verdict the
same way (one table maps each Enum member to its box and icon), and tests check
the sentences against the numbers, so a page's words cannot drift from its run.
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TypeVar

Kind = TypeVar("Kind", bound=enum.Enum)


@dataclass(frozen=True)
class Verdict:
    """What a run did: its ``kind``, one short ``summary``, and the reasoning (``why``).

    ``summary`` is for a sixteen-year-old reading a projector: at most about 30
    words, about the run on screen. ``why`` holds the details (shown folded away);
    it may be empty.
    """

    kind: enum.Enum
    summary: str
    why: str = ""

    @property
    def label(self) -> str:
        """The kind in words, e.g. "converges smoothly"."""
        return self.kind.value


@dataclass(frozen=True, kw_only=True)
class Stoppable:
    """Where a run ended early: the first step whose numbers were not finite, and why.

    Every run record inherits these two fields, so every page and the command line
    can say the same thing when a run overflows.
    """

    stopped_at: int | None = None
    stop_reason: str = ""

    @property
    def stopped(self) -> bool:
        return self.stopped_at is not None


def curve(errors: Sequence[float], kinds: type[Kind], close: float) -> Kind:
    """Where an error curve stands at its last pass, as the member of ``kinds`` of that name.

    The lessons that train over passes (a table, the hidden layer) read the end of their
    curve by this one rule, so "levelled off" or "still falling" means the same on every
    page. Checked in this order: one pass only (ONE_PASS); the last two passes agree to
    ``close`` of the error's size, at least of 1 (LEVELLED_OFF); the error ended above
    where it started (GROWING); the last pass is below the one before (FALLING); otherwise
    it goes up and down (BOUNCING). ``kinds`` is the lesson's outcome Enum, which has a
    member of each of those names with its own words.
    """
    if len(errors) == 1:
        return kinds["ONE_PASS"]
    first, previous, last = errors[0], errors[-2], errors[-1]
    if abs(last - previous) <= close * max(1.0, abs(last)):
        return kinds["LEVELLED_OFF"]
    if last > first:
        return kinds["GROWING"]
    if last < previous:
        return kinds["FALLING"]
    return kinds["BOUNCING"]
