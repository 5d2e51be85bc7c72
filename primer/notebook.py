"""A lesson's code to take home, as a Jupyter notebook built from its :class:`Script`.

The notebook is the same program as the page's code panel (both come from one
:class:`~primer.script.Script`), laid out for reading: a title, then for every
step a line saying what it does and the code that does it. Run it top to bottom
and it prints the numbers the page showed.

It is built with ``nbformat``, the Jupyter project's own library for the format,
and checked against the format's schema before it is handed out, so it opens in
Jupyter, JupyterLab, VS Code and Colab alike. Cell ids are numbered rather than
random, so the same settings always give the same file (a page can rebuild it on
every rerun without the download changing).
"""

from __future__ import annotations

import nbformat
from nbformat import v4

from primer.script import Script

KERNEL = {"display_name": "Python 3", "language": "python", "name": "python3"}


def notebook(script: Script, *, link: str | None = None) -> str:
    """The notebook for ``script`` as the text of an ``.ipynb`` file.

    ``link``, the address of the view it was made from, goes under the title,
    so a student can open the same view again.
    """
    title = f"# {script.title}"
    if link:
        title += f"\n\nMade from this view of the dashboard: <{link}>"
    cells = [v4.new_markdown_cell(title, id="title")]
    for i, cell in enumerate(script.cells, start=1):
        name = cell.name or f"cell{i}"
        cells.append(v4.new_markdown_cell(cell.explain, id=f"{name}-{i}-about"))
        cells.append(v4.new_code_cell(cell.code.strip(), id=f"{name}-{i}"))
    nb = v4.new_notebook(
        cells=cells,
        metadata={"kernelspec": KERNEL, "language_info": {"name": "python"}},
    )
    nbformat.validate(nb)
    return nbformat.writes(nb)

