"""A runnable program as a list of cells, each with a one-line explanation.

The lessons hand students their code three ways: a code panel to copy, the
lines of one step next to that step (the Keras lesson's four steps), and a
Jupyter notebook to take home. All three are built from one :class:`Script`,
so they cannot disagree: the panel is :meth:`Script.source`, a step is one
:class:`Cell`, and the notebook has one markdown line and one code cell per
:class:`Cell`.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass

# Comment lines are wrapped to this width, so a code panel on a projector (about 69 characters
# across) never needs a sideways scroll to read an explanation.
COMMENT_WIDTH = 66


def assign(**values: object) -> str:
    """A program's settings as Python lines, ``name = value`` each, the value written as
    Python prints it (``repr``), so the program sets exactly the numbers the page ran with."""
    return "\n".join(f"{name} = {value!r}" for name, value in values.items())


@dataclass(frozen=True)
class Cell:
    """One step of a program: what it does, in one line a student can follow, and its code.

    ``name`` lets a page ask for one step (say the Keras workflow's "compile") without
    matching the explanation's wording, which is free to change.
    """

    explain: str
    code: str
    name: str = ""


@dataclass(frozen=True)
class Script:
    """A complete program: run its cells' code top to bottom and it prints what the page shows."""

    title: str
    cells: tuple[Cell, ...]

    def source(self) -> str:
        """The program as one file: a docstring, then each cell under its explanation."""
        parts = [f'"""{self.title}"""']
        for cell in self.cells:
            comment = textwrap.fill(cell.explain, COMMENT_WIDTH, initial_indent="# ",
                                    subsequent_indent="# ", break_on_hyphens=False)
            parts.append(f"{comment}\n{cell.code.strip()}")
        return "\n\n".join(parts) + "\n"

    def cell(self, name: str) -> Cell:
        """The cell called ``name`` (KeyError if there is none)."""
        for cell in self.cells:
            if cell.name == name:
                return cell
        raise KeyError(name)
