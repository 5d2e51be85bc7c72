"""The hidden-layer lesson (/deep), driven like a user would: sliders, scenarios, the step
player, links good and bad, and the Keras part (which loads TensorFlow, so it gets 90 s).

Below the first screen the lesson has two parts, one open at a time; the Keras part opens
from a link that names it (``?part=``) or switches Keras on (``?keras=true``)."""

from __future__ import annotations

import subprocess
import sys

import pyarrow as pa
import pytest

from primer import deep
from tests.conftest import (
    Scenarios,
    all_numbers_finite,
    assert_safe_link_note,
    charts,
    open_page,
    text,
)

PAGE = "deep"
KEYS = ("hidden", "alpha", "passes", "seed")
MADE, IN_KERAS = "What the hidden layer made", "The same network in Keras"


def deep_page(**query) -> object:
    return open_page(PAGE, timeout=90, **query)


def data(at, title: str) -> dict:
    """The named data sets of the chart called ``title``, as the browser gets them."""
    chart = next(c for c in charts(at) if c.proto.alt == title)
    return {ds.name: pa.ipc.open_stream(ds.data.data).read_all().to_pandas()
            for ds in chart.proto.datasets}


def opened(at) -> list[str]:
    """The parts that drew something: only the open one runs."""
    return [t.label for t in at.tabs if t.children]


def metric(at, start: str) -> str:
    return next(m.value for m in at.metric if m.label.startswith(start))


def errors(at, network: str) -> list[float]:
    runs = data(at, "One layer against two")["runs"]
    return [float(v) for v in runs[runs["network"] == network]["error"]]


def choice(at, key):
    return next(b for b in at.get("button_group") if b.key == key)


def test_default_view_is_the_books_network_and_beats_one_layer():
    at = deep_page()
    assert [at.slider(key=k).value for k in KEYS] == [4, 0.2, 60, 1]
    assert choice(at, "activation").value == "relu"
    run = deep.train_deep()
    assert errors(at, "two layers") == run.errors  # the book's numbers, exactly
    assert errors(at, "one layer") == deep.one_layer(run).errors
    assert "beats the one-layer floor" in at.success[0].value
    assert [c.proto.alt for c in charts(at)] == [
        "The network, one row at a time", "One layer against two",
        "Each hidden unit and the goal"]
    assert metric(at, "Error of pass 59") == "1.506e-05"
    assert metric(at, "One layer's best") == "1"
    assert all_numbers_finite(at)


def test_the_drawing_is_the_network_with_its_weights_and_the_rows_values():
    at = deep_page(row="2", at="10")
    drawn = data(at, "The network, one row at a time")
    assert len(drawn["nodes"]) == 3 + 4 + 1 and len(drawn["edges"]) == 3 * 4 + 4
    net = deep.network(deep.train_deep(), 10, 1)
    hidden = drawn["nodes"][drawn["nodes"]["name"].str.startswith("hidden")]
    assert list(hidden["value"]) == list(net.hidden)
    w = drawn["edges"]
    assert list(w["weight"]) == [v for row in net.weights_0_1 for v in row] + list(
        net.weights_1_2)
    assert set(w["sign"]) <= {"positive weight", "negative weight"}
    thick = w.loc[w["weight"].abs().idxmax(), "width"]
    assert thick == max(w["width"]) and min(w["width"]) > 0
    assert metric(at, "Prediction for row 2") == f"{net.output:.4g}"
    assert "Row 2 (lights 0, 1, 1) after pass 10" in text(at)


def test_each_slider_changes_the_run():
    at = deep_page()
    before = errors(at, "two layers")
    for key, value in [("hidden", 3), ("alpha", 0.3), ("passes", 30), ("seed", 5)]:
        at.slider(key=key).set_value(value).run()
        assert not at.exception
        after = errors(at, "two layers")
        assert after != before
        before = after
    run = deep.train_deep(3, 0.3, 30, 5)
    assert before == run.errors
    assert len(data(at, "The network, one row at a time")["nodes"]) == 3 + 3 + 1


def test_sixteen_units_draw_sixteen_dots():
    at = deep_page(hidden="16")
    assert len(data(at, "The network, one row at a time")["nodes"]) == 3 + 16 + 1


def test_no_activation_cannot_beat_one_layer_and_says_why():
    at = deep_page(activation="linear")
    assert choice(at, "activation").value == "linear"
    assert errors(at, "two layers") == deep.train_deep(activation="linear").errors
    assert "No activation" in text(at) and "one weighted sum" in text(at)


def test_dead_relus_scenario_gets_stuck_and_explains_it():
    at = deep_page()
    Scenarios(at).set_value("Dead ReLUs: stuck").run()
    assert [at.slider(key=k).value for k in KEYS] == [3, 0.2, 60, 2]
    page = text(at)
    assert "stuck" in page and "every hidden unit is 0 for row 1" in page
    assert "Dead ReLUs." in page and "never come back on" in page


def test_an_alpha_that_overflows_stops_cleanly_and_charts_only_finite_numbers():
    at = deep_page(activation="linear", alpha="1")
    assert not at.exception
    run = deep.train_deep(alpha=1.0, activation="linear")
    assert run.stopped
    assert "Stopped at pass 2" in at.error[0].value
    assert errors(at, "two layers") == run.errors
    assert all_numbers_finite(at)


@pytest.mark.parametrize("key, bad, label", [
    ("hidden", "0", "Hidden units"), ("hidden", "10000", "Hidden units"),
    ("seed", "-1", "Seed"), ("seed", "abc", "Seed"), ("passes", "0", "Passes"),
    ("alpha", "50", "Learning rate"), ("alpha", "nan", "Learning rate"),
    ("activation", "<b>sigmoid</b>", "Activation"), ("row", "9", "Row"),
])
def test_a_bad_link_falls_back_with_a_note(key, bad, label):
    at = deep_page(**{key: bad, "passes" if key != "passes" else "seed": "7"})
    assert not at.exception
    assert_safe_link_note(at, label)
    assert len(charts(at)) == 3 and all_numbers_finite(at)


def test_the_code_panels_draw_their_code_only_when_open():
    at = deep_page()
    titles = [e.label for e in at.expander]
    assert "The book's program in numpy, with these settings" in titles
    assert "The same network in Keras, with model.fit" in titles
    assert not [c for c in at.code if c.language == "python"]  # closed: nothing to redraw
    at.session_state["numpy_code"] = True
    at.run()
    assert [c.language for c in at.code].count("python") == 1


def test_the_numpy_script_prints_the_books_errors(tmp_path):
    at = deep_page(hidden="3", seed="4")
    at.session_state["numpy_code"] = at.session_state["keras_code"] = True
    at.run()
    script = next(c.value for c in at.code if "np.random.seed(4)" in c.value
                  and "weights_0_1 +=" in c.value)
    path = tmp_path / "deep.py"
    path.write_text(script)
    out = subprocess.run([sys.executable, str(path)], capture_output=True, text=True,
                         timeout=60)
    assert out.returncode == 0, out.stderr
    assert out.stdout.splitlines() == deep.error_lines(deep.train_deep(3, 0.2, 60, 4).errors)
    keras = next(c.value for c in at.code if "history = model.fit(" in c.value)
    assert "hidden_size = 3" in keras and "np.random.seed(4)" in keras


def test_the_keras_part_puts_keras_on_the_numpy_line():
    at = deep_page(keras="true")  # a link that switches Keras on opens its part
    assert not at.exception and opened(at) == [IN_KERAS]
    assert "Same maths" in text(at)
    sets = data(at, "Error: numpy and Keras")
    loop, dots = list(sets["loop"]["error"]), list(sets["keras"]["error"])
    assert loop == deep.train_deep().errors and len(dots) == 60
    assert max(abs(a - b) / max(abs(b), 1e-3) for a, b in zip(dots, loop)) < 1e-3
    assert metric(at, "Keras' learning rate") == "0.1"
    at.slider(key="seed").set_value(2).run()  # another setting: trained and cached too
    assert not at.exception and len(data(at, "Error: numpy and Keras")["keras"]) == 60


# ---------------------------------------------------------------- the parts below the first screen


def test_the_page_opens_on_its_first_part_and_runs_only_that_one():
    at = deep_page()
    assert [t.label for t in at.tabs] == [MADE, IN_KERAS] and opened(at) == [MADE]
    assert "Each hidden unit and the goal" in [c.proto.alt for c in charts(at)]
    assert not [t for t in at.toggle if t.key == "keras"]  # the Keras part's switch
    assert "The same two layers as a Keras model" not in text(at)
    assert not [w for w in at.warning if "cannot use" in w.value]


@pytest.mark.parametrize("part, charted", [(MADE, ["Each hidden unit and the goal"]),
                                           (IN_KERAS, [])])
def test_a_link_to_each_part_draws_it_and_only_finite_numbers(part, charted):
    at = deep_page(activation="linear", alpha="1", part=part)  # a run that overflows
    assert opened(at) == [part] and not [w for w in at.warning if "cannot use" in w.value]
    assert [c.proto.alt for c in charts(at)] == [
        "The network, one row at a time", "One layer against two", *charted]
    assert all_numbers_finite(at)
    if part == IN_KERAS:  # the switch, off: the part says what it would show
        assert at.toggle(key="keras").value is False
        assert "The same two layers as a Keras model" in text(at)


def test_a_link_naming_no_part_opens_the_first_with_the_note():
    at = deep_page(part="Keras")
    assert opened(at) == [MADE]
    assert_safe_link_note(at, "Part of the lesson")
