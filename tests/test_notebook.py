"""Take-home code: each lesson's program as explained cells, and the notebook built from them.

The promise to a student: run the cells top to bottom and they print exactly the
numbers the page shows (``str(float)``, compared as strings). The notebook is
executed in a fresh interpreter, one code cell after another in one namespace, as
Jupyter would, without needing a Jupyter kernel.
"""

from __future__ import annotations

import contextlib
import io
import json
import subprocess
import sys

import nbformat
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from primer.__main__ import format_run
from primer.dataset import PRESETS, loop_source, train
from primer.descent import descend, primer_loop_source
from primer.hot_cold import hot_cold, hot_cold_loop_source
from primer.notebook import notebook
from primer.script import Script


def run_source(script: Script) -> tuple[list[str], BaseException | None]:
    """What ``script.source()`` prints, and the exception it stopped with (if any)."""
    buf = io.StringIO()
    error = None
    with contextlib.redirect_stdout(buf):
        try:
            exec(compile(script.source(), "<take-home>", "exec"), {})
        except Exception as problem:  # noqa: BLE001 - the test inspects it
            error = problem
    return buf.getvalue().splitlines(), error


def hot_cold_lines(run) -> list[str]:
    return [
        f"{s.iteration} {s.prediction!r} {s.error!r} {s.up_error!r} {s.down_error!r} {s.move}"
        for s in run.steps
    ]


def training_lines(run) -> list[str]:
    return [f"Pass:{p.iteration} Total error:{p.total_error!r} Weights:{list(p.weights)!r}"
            for p in run.records]


# ---------------------------------------------------------------- the scripts


def test_each_lessons_script_has_named_explained_cells():
    scripts = {
        "descent": primer_loop_source(0.5, 2.0, 0.8, 0.1, 20),
        "hot-and-cold": hot_cold_loop_source(0.5, 0.5, 0.8, 0.001, 1101),
        "correlation": loop_source(train(PRESETS["streetlights"].data)),
    }
    for name, script in scripts.items():
        assert script.title, name
        assert script.cell("settings").code and script.cell("loop").code, name
        for cell in script.cells:
            assert cell.name and cell.explain.endswith("."), (name, cell)
            assert "\n" not in cell.explain, (name, cell)  # one line
    assert scripts["correlation"].cell("data").code.startswith("inputs = [")


def test_descent_script_is_the_primers_loop_with_the_settings_filled_in():
    script = primer_loop_source(0.5, 2, 0.8, 0.1, 20)
    assert script.cell("settings").code.splitlines() == [
        "weight = 0.5", "prediction_goal = 0.8", "network_input = 2.0", "alpha = 0.1"]
    assert script.cell("loop").explain.startswith("Repeat 20 times: predict")
    lines, error = run_source(script)
    assert error is None
    assert lines == format_run(descend(0.5, 2.0, 0.8, 0.1, 20)).splitlines()
    assert lines[:6] == ["Iteration:0", "Prediction:1.0", "Error:0.03999999999999998",
                         "Derivative:0.3999999999999999", "Weight:0.46", "*****"]


def test_a_diverging_descent_script_stops_where_the_page_stops_and_says_so():
    run = descend(0.5, 3.0, 0.8, 1.5, 1000)
    assert run.stopped_at == 141
    script = primer_loop_source(0.5, 3.0, 0.8, 1.5, 1000)
    assert "At iteration 141" in script.cell("loop").explain
    assert "OverflowError" in script.cell("loop").explain
    lines, error = run_source(script)
    assert isinstance(error, OverflowError)
    assert lines == format_run(run).splitlines()
    assert "OverflowError" not in primer_loop_source(0.5, 2.0, 0.8, 0.1, 20).cell("loop").explain


# The descent page's slider ranges (dashboard/controls.py); long runs so that some overflow.
@settings(max_examples=60, deadline=None)
@given(
    weight=st.floats(-2, 2), network_input=st.floats(-3, 3), goal=st.floats(-2, 2),
    alpha=st.floats(0, 2), iterations=st.integers(1, 200),
)
def test_descent_script_prints_what_the_page_shows_for_any_settings(
    weight, network_input, goal, alpha, iterations
):
    run = descend(weight, network_input, goal, alpha, iterations)
    lines, error = run_source(primer_loop_source(weight, network_input, goal, alpha, iterations))
    assert lines == format_run(run).splitlines()
    assert isinstance(error, OverflowError) if run.stopped else error is None


def test_hot_cold_script_prints_every_iteration_of_the_run():
    script = hot_cold_loop_source(0.5, 0.5, 0.8, 0.001, 1101)
    assert script.cell("settings").code.splitlines() == [
        "weight = 0.5", "network_input = 0.5", "goal = 0.8", "step = 0.001"]
    lines, error = run_source(script)
    assert error is None
    assert lines == hot_cold_lines(hot_cold(0.5, 0.5, 0.8, 0.001, 1101))


@pytest.mark.parametrize("preset, alpha, passes", [
    ("streetlights", 0.1, 40), ("no correlation", 0.3, 7), ("streetlights", 5.0, 300),
])
def test_training_script_prints_every_pass_and_overflows_where_train_stops(preset, alpha, passes):
    run = train(PRESETS[preset].data, alpha=alpha, passes=passes)
    script = loop_source(run)
    lines, error = run_source(script)
    assert lines == training_lines(run)
    if run.stopped:
        assert isinstance(error, OverflowError)
        assert f"In pass {run.stopped_at} " in script.cell("loop").explain
    else:
        assert error is None and "OverflowError" not in script.cell("loop").explain
    assert script.cell("data").explain == (
        "The table: each row's inputs (left light, middle light, right light) and its goal "
        "(walk).")


# ---------------------------------------------------------------- the notebook

# Runs a notebook's code cells in order, in one namespace, as a Jupyter kernel would.
RUN_CELLS = """
import json, sys
cells = json.load(open(sys.argv[1]))["cells"]
namespace = {}
for cell in cells:
    if cell["cell_type"] == "code":
        exec(compile("".join(cell["source"]), "<cell>", "exec"), namespace)
"""


def execute(text: str, tmp_path) -> subprocess.CompletedProcess:
    """Run the notebook ``text`` in a fresh interpreter; its output and exit status."""
    path = tmp_path / "take-home.ipynb"
    path.write_text(text)
    return subprocess.run([sys.executable, "-c", RUN_CELLS, str(path)],
                          capture_output=True, text=True, timeout=60, cwd=tmp_path)


def test_notebook_is_valid_and_reads_title_then_explanation_and_code_per_step():
    script = primer_loop_source(0.5, 2.0, 0.8, 0.1, 20)
    text = notebook(script, link="https://example.streamlit.app/descent?alpha=0.1")
    nb = nbformat.reads(text, as_version=4)
    nbformat.validate(nb)
    kinds = [c.cell_type for c in nb.cells]
    assert kinds == ["markdown"] + ["markdown", "code"] * len(script.cells)
    assert nb.cells[0].source.startswith(f"# {script.title}")
    assert "https://example.streamlit.app/descent?alpha=0.1" in nb.cells[0].source
    for cell, (about, code) in zip(script.cells, zip(nb.cells[1::2], nb.cells[2::2])):
        assert about.source == cell.explain and code.source == cell.code.strip()
    assert nb.metadata.kernelspec.name == "python3"


def test_same_settings_give_the_same_file():
    script = hot_cold_loop_source(0.5, 0.5, 0.8, 0.001, 10)
    assert notebook(script) == notebook(script)
    assert "Made from" not in json.loads(notebook(script))["cells"][0]["source"]


@pytest.mark.parametrize("settings", [
    (0.5, 2.0, 0.8, 0.1, 20),   # the primer's own run
    (0.0, 1.1, 0.8, 1.0, 4),    # overshoots
    (0.5, 2.5, 0.8, 0.16, 3),   # lands in one step
])
def test_descent_notebook_run_prints_the_pages_numbers(settings, tmp_path):
    result = execute(notebook(primer_loop_source(*settings)), tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout == format_run(descend(*settings))


def test_a_diverging_descent_notebook_prints_the_pages_numbers_then_overflows(tmp_path):
    result = execute(notebook(primer_loop_source(0.5, 2.0, 0.8, 1.0, 400)), tmp_path)
    assert result.returncode != 0 and "OverflowError" in result.stderr
    assert result.stdout == format_run(descend(0.5, 2.0, 0.8, 1.0, 400))


def test_hot_cold_and_training_notebooks_print_the_pages_numbers(tmp_path):
    result = execute(notebook(hot_cold_loop_source(0.1, 8.5, 1.0, 0.01, 20)), tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == hot_cold_lines(hot_cold(0.1, 8.5, 1.0, 0.01, 20))
    run = train(PRESETS["no correlation"].data, alpha=0.3, passes=7)
    result = execute(notebook(loop_source(run)), tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == training_lines(run)


def test_the_hidden_layer_notebook_prints_the_books_errors(tmp_path):
    from primer.deep import error_lines, numpy_script, train_deep

    result = execute(notebook(numpy_script(4, 0.2, 60, 1)), tmp_path)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines == error_lines(train_deep(4, 0.2, 60, 1).errors)
    assert lines[0] == "Error:0.6342311598444467"  # the book prints 0.634231159844
