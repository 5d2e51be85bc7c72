"""The Keras lesson, driven like a user would: sliders, choices, links, bad links.

The page trains a real Keras model, so TensorFlow loads in this process the
first time a test opens the page (seconds); every page opening gets 60 s.

Below its first screen (the verdict, the key numbers, the error chart) the lesson has five
parts, one open at a time (``?part=``); a test of what a part shows opens that part.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pyarrow as pa
import pytest

from primer.descent import descend
from primer.keras_lesson import cache_info, train_like_primer
from tests.conftest import (
    all_numbers_finite,
    before_and_after,
    charts,
    open_page,
    open_part,
    text,
)

ROOT = Path(__file__).resolve().parents[1]
PAGE = "keras_lesson"
KEYS = ("weight", "input", "goal", "alpha", "iterations")
STEPS = DATA, MODEL, COMPILE, FIT = ("1. Training data", "2. The model", "3. Compile", "4. Fit")
SAME_MATHS = "Same maths as the loop?"
PARTS = (*STEPS, SAME_MATHS)


def keras_page(**query) -> object:
    return open_page(PAGE, timeout=60, **query)


def curves(at, chart: int, y: str) -> dict[str, list[float]]:
    """The chart's numbers as the browser gets them: {"loop": [...], "keras": [...]}."""
    found = {}
    for ds in charts(at)[chart].proto.datasets:
        df = pa.ipc.open_stream(ds.data.data).read_all().to_pandas()
        if "method" in df:
            name = "keras" if df["method"].iloc[0].startswith("Keras") else "loop"
            found[name] = [float(v) for v in df[y]]
    return found


def weights(at) -> dict[str, list[float]]:
    return curves(at, 1, "weight")


def choice(at, key):
    return next(b for b in at.get("button_group") if b.key == key)


def script(at) -> str:
    """The complete script of the code panel (opened: it draws its code only when open)."""
    if not at.session_state["script_code"]:
        at.session_state["script_code"] = True
        at.run()
    return next(c.value for c in at.code if c.value.startswith('"""'))


# ---------------------------------------------------------------- the default view: the proof


def test_default_view_puts_keras_on_the_hand_loop_within_float32():
    at = keras_page(part=FIT)  # the weights chart is the fit's
    assert [at.slider(key=k).value for k in KEYS] == [0.5, 2.0, 0.8, 0.1, 20]
    assert len(charts(at)) == 2
    w = weights(at)
    loop = [s.weight for s in descend(0.5, 2.0, 0.8, 0.1, 20).steps]
    assert w["loop"] == loop  # the line is the primer's own loop, exactly
    assert len(w["keras"]) == 20
    gaps = np.abs(np.array(w["keras"]) - np.array(loop))
    assert gaps.max() < 1e-6  # the dots sit on the line ...
    assert gaps.max() > 0  # ... and they really are Keras' float32 numbers, not the loop's
    assert all(float(np.float32(v)) == v for v in w["keras"])
    e = curves(at, 0, "error")
    assert np.abs(np.array(e["keras"]) - np.array(e["loop"])).max() < 1e-6
    assert "Same maths" in text(at)
    assert at.success[0].value.count("float32") >= 1


def test_the_page_says_why_keras_gets_half_of_alpha():
    at = keras_page(part=SAME_MATHS)
    page = text(at)
    assert "twice the primer's derivative, so Keras gets half of α" in page  # before details
    assert "2 × input × (prediction − goal)" in page
    assert "twice the primer's derivative" in page
    assert "α / 2" in page and "0.1 / 2 = 0.05" in page
    assert any(m.label == "Keras' learning rate" and m.value == "0.05" for m in at.metric)


def test_the_four_steps_show_tensors_summary_and_code():
    at = keras_page(input="1.5", goal="-0.25")
    assert [t.label for t in at.tabs][:4] == list(STEPS)  # the four steps are the first tabs
    codes, said = [], []
    for step in STEPS:  # each step's tab in turn, as a reader clicks through them
        open_part(at, step)
        codes += [c.value for c in at.code]
        said.append(text(at))
    assert "array([[1.5]], dtype=float32)" in codes
    assert "array([[-0.25]], dtype=float32)" in codes
    assert any("Trainable params: 1" in c and "Dense" in c for c in codes)
    assert "Total params: 3 is the 1 weight the model learns plus 2 numbers" in said[1]
    # each step shows its cell of the take-home script, the whole cell and nothing else
    whole = script(at)
    for start in ("network_input = 1.5", "model = keras.Sequential(", "model.compile(",
                  "history = model.fit(x, y, epochs=20, batch_size=1, shuffle=False"):
        cell = next(c for c in codes if start in c and not c.startswith('"""'))
        assert cell in whole
    assert any("model.compile(" in c and "SGD(" in c for c in codes)
    assert "no default loss" in said[2] and "default optimizer is RMSprop" in said[2]
    page = text(at)
    assert page.count("JAX or PyTorch") == 1 and "Theano" in page
    assert [e.label for e in at.expander] == ["Why?", "The complete Keras script for these "
                                                       "settings"]


def test_code_panel_is_a_runnable_fit_script_that_prints_the_charts_numbers(tmp_path):
    at = keras_page(weight="0", input="1.1", alpha="1", iterations="4", part=FIT)
    path = tmp_path / "keras_run.py"
    path.write_text(script(at))
    out = subprocess.run([sys.executable, str(path)], cwd=tmp_path, capture_output=True,
                         text=True, timeout=300)
    assert out.returncode == 0, out.stderr

    def printed(prefix: str) -> list[float]:
        return [float(line.split(":", 1)[1]) for line in out.stdout.splitlines()
                if line.startswith(prefix)]

    run = train_like_primer(0.0, 1.1, 0.8, 1.0, 4)
    assert printed("Error:") == pytest.approx(curves(at, 0, "error")["keras"], rel=1e-6)
    assert printed("Error:") == pytest.approx([s.error for s in run.steps], rel=1e-6)
    assert printed("Weight:") == pytest.approx(weights(at)["keras"][-1:], rel=1e-6)


def test_warm_slider_moves_build_no_new_model():
    at = keras_page()
    before = cache_info()["built"]
    for key, value in [("weight", 0.1), ("input", 1.5), ("goal", -0.3), ("alpha", 0.2),
                       ("iterations", 35), ("weight", 0.9)]:
        at.slider(key=key).set_value(value).run()
        assert not at.exception
    assert cache_info()["built"] == before


# ---------------------------------------------------------------- moving things changes things


@pytest.mark.parametrize(
    "key, value",
    [("weight", 0.0), ("input", 1.1), ("goal", 0.5), ("alpha", 0.3), ("iterations", 5)],
)
def test_moving_each_slider_changes_the_numbers(key, value):
    at = keras_page(part=FIT)
    (before, metrics), (after, metrics_after) = before_and_after(
        at, key, value, lambda at: (weights(at), [m.value for m in at.metric]))
    assert after["keras"] != before["keras"] and after["loop"] != before["loop"]
    assert np.abs(np.array(after["keras"]) - np.array(after["loop"])).max() < 1e-6
    if key != "iterations":
        assert metrics_after != metrics


@pytest.mark.parametrize(
    "loss, optimizer, why",
    [("MAE", "SGD", "Mean absolute error"), ("MSE", "momentum", "momentum 0.9"),
     ("MSE", "RMSprop", "RMSprop"), ("MSE", "Adam", "Adam"), ("MAE", "Adam", "Adam")],
)
def test_loss_and_optimizer_choices_change_the_curve_and_say_why(loss, optimizer, why):
    at = keras_page(weight="0.9", goal="0.3", part=FIT)
    before = weights(at)
    choice(at, "loss").set_value(loss).run()
    choice(at, "optimizer").set_value(optimizer).run()
    assert not at.exception
    after = weights(at)
    assert after["loop"] == before["loop"]  # the primer's loop does not change ...
    assert np.abs(np.array(after["keras"]) - np.array(before["keras"])).max() > 1e-3  # Keras does
    assert "Same maths" not in text(at)
    assert "Different curves" in at.info[0].value
    assert why in text(open_part(at, SAME_MATHS))  # the part that says why
    assert {"MAE": '"mean_absolute_error"', "MSE": '"mean_squared_error"'}[loss] in script(at)


def test_metrics_choice_picks_the_table_columns():
    at = keras_page(part=FIT)
    assert list(at.dataframe[0].value.columns) == [
        "iteration", "loss", "mean_absolute_error", "predicted", "weight after"]
    choice(at, "metrics").set_value(["predicted"]).run()
    assert list(at.dataframe[0].value.columns) == ["iteration", "loss", "predicted",
                                                    "weight after"]
    assert at.dataframe[0].value["predicted"].iloc[0] == "1.0"


# ---------------------------------------------------------------- a run that blows up


def test_a_diverging_run_stops_says_so_and_charts_only_finite_numbers():
    at = keras_page(input="3", alpha="1.5", iterations="200", part=FIT)
    errors = " ".join(e.value for e in at.error)
    assert "Stopped at iteration" in errors and "float32" in errors
    stopped = int(errors.split("Stopped at iteration ")[1].split(":")[0])
    assert 10 < stopped < 40  # float32 overflows long before the float64 loop (141)
    w = weights(at)
    assert len(w["keras"]) == len(w["loop"]) == stopped
    assert len(at.dataframe[0].value) == stopped
    assert all_numbers_finite(at)
    assert max(abs(v) for v in w["keras"]) > 1e15  # it really did blow up
    assert "Same maths" in text(at)
    assert f"Keras overflowed at iteration {stopped}" in text(at)
    assert "float64 loop overflowed at iteration 141" in text(at)


def test_a_loop_that_runs_away_from_keras_is_kept_off_the_chart():
    at = keras_page(input="3", alpha="1.5", iterations="200", optimizer="Adam", part=FIT)
    assert not at.error  # Adam does not blow up ...
    assert at.warning and "stopped too" in at.warning[0].value  # ... the primer's loop does
    spec = charts(at)[1].proto.spec
    assert "leaves this chart" in spec
    assert all_numbers_finite(at)
    w = weights(at)
    assert len(w["loop"]) < len(w["keras"]) == 200  # the line stops where it leaves the chart
    rows = keras_page(data="streetlights", alpha="2", optimizer="Adam",
                      part=FIT)  # one line per input
    assert all("leaves this chart" in c.proto.spec for c in charts(rows))
    assert all_numbers_finite(rows)


# ---------------------------------------------------------------- the correlation lesson's tables


def test_a_data_set_trains_row_by_row_on_the_hand_loops_line():
    at = keras_page(data="streetlights")
    assert at.selectbox(key="data").value == "streetlights"
    assert at.slider(key="passes").value == 40
    assert "weight" not in [s.key for s in at.slider]
    assert any(c.value.startswith("array([[1., 0., 1.]") for c in at.code)  # 1. its data
    assert "Same maths" in text(at) and "40 passes" in text(at)
    assert script(at).startswith('"""Several inputs') and "epochs=40," in script(at)
    open_part(at, MODEL)
    assert any("Trainable params: 3" in c.value for c in at.code)
    assert "Total params: 5 is the 3 weights" in text(at)
    w = curves(open_part(at, FIT), 1, "weight")
    assert len(w["keras"]) == len(w["loop"]) == 3 * 40
    assert np.abs(np.array(w["keras"]) - np.array(w["loop"])).max() < 1e-5


# ---------------------------------------------------------------- links the page cannot use


@pytest.mark.parametrize(
    "key, bad, label",
    [("loss", "bogus", "Loss"), ("loss", "mse", "Loss"), ("loss", "", "Loss"),
     ("optimizer", "adam", "Optimizer"), ("optimizer", "<b>x</b>", "Optimizer"),
     ("data", "nope", "Training data"), ("alpha", "abc", "Learning rate")],
)
def test_a_bad_value_in_the_link_falls_back_with_a_note(key, bad, label):
    at = keras_page(**{key: bad, "weight": "0.25", "part": FIT})  # FIT: both charts
    assert not at.exception
    assert at.slider(key="weight").value == 0.25  # the good value is kept
    defaults = {"loss": "MSE", "optimizer": "SGD"}
    if key in defaults:
        assert choice(at, key).value in (defaults[key], None)  # None: `?loss=` blanks it
    if key == "data":
        assert at.selectbox(key="data").value == "one example"
    notes = [w.value for w in at.warning]
    assert any("cannot use" in n and label in n for n in notes), notes
    assert "Same maths" in text(at)  # and the lesson goes on with the default
    assert len(charts(at)) == 2


def test_a_good_link_reproduces_the_choices():
    at = keras_page(loss="MAE", optimizer="RMSprop", weight="0.1")
    assert choice(at, "loss").value == "MAE" and choice(at, "optimizer").value == "RMSprop"
    assert not at.warning
    assert "RMSprop" in at.info[0].value


# ---------------------------------------------------------------- the parts below the first screen


def test_the_parts_are_tabs_and_only_the_first_runs_by_default():
    at = keras_page()
    assert [t.label for t in at.tabs] == list(PARTS)
    assert not at.warning  # no note: the link named no part
    assert "array([[2.]], dtype=float32)" in [c.value for c in at.code]  # 1. the tensors
    # the other parts did not run: no summary, no compile, no weights chart or table, no proof
    page = text(at)
    assert "Trainable params" not in " ".join(c.value for c in at.code)
    assert "no default loss" not in page and "differentiates its loss" not in page
    assert [c.proto.alt for c in charts(at)] == ["Error per iteration"] and not at.dataframe


# a sentence (or subheader) each part shows and no other part does
SHOWS = {DATA: "Input tensor", MODEL: "What `model.summary()` prints.",
         COMPILE: "no default loss", FIT: "What Keras reported",
         SAME_MATHS: "differentiates its loss"}


@pytest.mark.parametrize("part", PARTS)
def test_a_link_to_each_part_draws_it(part):
    at = keras_page(part=part)
    assert not at.exception and not at.warning
    assert all_numbers_finite(at)
    said = text(at) + " ".join(h.value for h in at.subheader)
    assert [p for p, shows in SHOWS.items() if shows in said] == [part]


def test_a_link_picking_metrics_opens_the_fit_where_they_are_picked():
    at = keras_page(metrics="predicted")
    assert list(at.dataframe[0].value.columns) == ["iteration", "loss", "predicted",
                                                    "weight after"]
    assert not at.warning
    assert [h.value for h in at.subheader] == ["What Keras reported, iteration by iteration"]


def test_a_link_naming_no_part_opens_the_first_with_the_note():
    at = keras_page(part="Is it really the primer's maths?")
    assert "Input tensor" in text(at)
    notes = [w.value for w in at.warning]
    assert any("cannot use" in n and "Part of the lesson" in n for n in notes), notes


# ---------------------------------------------------------------- TensorFlow only on this page


def test_no_other_page_imports_tensorflow():
    """Every other page, run in a fresh interpreter, leaves TensorFlow unloaded; this one
    loads it (so the check can tell the difference)."""
    code = """
import sys
from dashboard.nav import LESSONS, OVERVIEW
from tests.conftest import open_page
seen = []
open_page(None)  # the app's start: the router and the overview page
seen.append(("start", "tensorflow" in sys.modules))
for lesson in (OVERVIEW, *LESSONS):
    name = lesson.file.removeprefix("lessons/").removesuffix(".py")
    if lesson.url_path != "keras":
        open_page(name)
        seen.append((name, "tensorflow" in sys.modules))
open_page("keras_lesson", timeout=120)
seen.append(("keras_lesson", "tensorflow" in sys.modules))
print(seen)
"""
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                         text=True, timeout=600)
    assert out.returncode == 0, out.stderr[-3000:]
    seen = eval(out.stdout.strip().splitlines()[-1])  # noqa: S307 - our own subprocess
    assert len(seen) >= 4
    assert seen[-1] == ("keras_lesson", True)
    assert [name for name, loaded in seen[:-1] if loaded] == []


def test_the_app_warms_tensorflow_up_after_its_first_page():
    """With the warm-up on (as served), the first page starts TensorFlow's import in the
    background, without waiting for it; with PRIMER_PRELOAD_TENSORFLOW=0 it does not."""
    code = """
import sys, threading, time
from tests.conftest import open_page
open_page(None)
started = any(t.name == "preload-keras" for t in threading.enumerate()) or "keras" in sys.modules
deadline = time.time() + WAIT
while "tensorflow" not in sys.modules and time.time() < deadline:
    time.sleep(0.5)
print(started, "tensorflow" in sys.modules)
"""
    for flag, wait, expected in (("1", 300, "True True"), ("0", 5, "False False")):
        env = {**os.environ, "PRIMER_PRELOAD_TENSORFLOW": flag}
        out = subprocess.run([sys.executable, "-c", code.replace("WAIT", str(wait))], cwd=ROOT,
                             capture_output=True, text=True, timeout=600, env=env)
        assert out.returncode == 0, out.stderr[-3000:]
        assert out.stdout.strip().splitlines()[-1] == expected
