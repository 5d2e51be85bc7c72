"""The hidden-layer lesson: Andrew Trask's *Grokking Deep Learning*, chapter 6, number for number.

Every error is compared with :func:`books_loop` below, the book's code written out
again here (collecting instead of printing), as ``str(float)``: exactly. What the
verdict says about a run is checked against the run's numbers, for many seeds,
sizes and learning rates at once (hypothesis).
"""

from __future__ import annotations

import contextlib
import io
import math
import re

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from primer import deep
from primer.__main__ import main
from primer.dataset import PRESETS, error_floor, train
from primer.dataset import report as one_layer_report
from primer.deep import (
    ACTIVATIONS,
    DEFAULTS,
    LIMITS,
    Outcome,
    check,
    error_lines,
    hidden_units,
    network,
    numpy_script,
    one_layer,
    problems,
    report,
    start_weights,
    train_deep,
)
from primer.words import SUMMARY_WORDS, fmt, word_count

# What the book prints for its run (seed 1, 4 hidden units, alpha 0.2, 60 passes), rounded to
# twelve significant digits by the Python 2 it was written in.
BOOK_PRINTS = ["0.634231159844", "0.358384076763", "0.0830183113303", "0.0064670549571",
               "0.000329266900075", "1.50556226651e-05"]


def books_loop(seed=1, hidden=4, alpha=0.2, passes=60, activation="relu"):
    """The book's chapter 6 code, verbatim but for collecting numbers instead of printing.

    Returns each pass's error (as numpy computed it), the weights after the last pass,
    and per pass the hidden layer's and the output's values for every row.
    """
    np.random.seed(seed)

    if activation == "relu":
        def relu(x):
            return (x > 0) * x

        def relu2deriv(output):
            return output > 0
    else:
        def relu(x):
            return x

        def relu2deriv(output):
            return 1

    streetlights = np.array([[1, 0, 1], [0, 1, 1], [0, 0, 1], [1, 1, 1]])
    walk_vs_stop = np.array([[1, 1, 0, 0]]).T
    hidden_size = hidden
    weights_0_1 = 2 * np.random.random((3, hidden_size)) - 1
    weights_1_2 = 2 * np.random.random((hidden_size, 1)) - 1
    errors, layers = [], []
    with np.errstate(all="ignore"):
        for _iteration in range(passes):
            layer_2_error = 0
            seen = []
            for i in range(len(streetlights)):
                layer_0 = streetlights[i:i + 1]
                layer_1 = relu(np.dot(layer_0, weights_0_1))
                layer_2 = np.dot(layer_1, weights_1_2)
                layer_2_error += np.sum((layer_2 - walk_vs_stop[i:i + 1]) ** 2)
                layer_2_delta = walk_vs_stop[i:i + 1] - layer_2
                layer_1_delta = layer_2_delta.dot(weights_1_2.T) * relu2deriv(layer_1)
                weights_1_2 += alpha * layer_1.T.dot(layer_2_delta)
                weights_0_1 += alpha * layer_0.T.dot(layer_1_delta)
                seen.append((layer_1[0].tolist(), float(layer_2[0, 0])))
            errors.append(layer_2_error)
            layers.append(seen)
    return errors, weights_0_1, weights_1_2, layers


# ---------------------------------------------------------------- the book's numbers


def test_the_books_run_prints_the_books_errors():
    run = train_deep()
    assert (run.hidden, run.alpha, run.passes, run.seed, run.activation) == (4, 0.2, 60, 1, "relu")
    assert DEFAULTS == {"hidden": 4, "alpha": 0.2, "passes": 60, "seed": 1, "activation": "relu"}
    lines = error_lines(run.errors, 10)
    assert lines[0] == "Error:0.6342311598444467"
    assert [f"{float(line.removeprefix('Error:')):.12g}" for line in lines] == BOOK_PRINTS
    assert run.stopped_at is None and len(run.records) == 60


@pytest.mark.parametrize(
    "seed, hidden, alpha, passes, activation",
    [(1, 4, 0.2, 60, "relu"), (0, 1, 0.1, 30, "relu"), (7, 16, 0.05, 25, "relu"),
     (3, 3, 0.2, 60, "relu"), (2**32 - 1, 5, 0.7, 20, "relu"), (1, 4, 0.2, 60, "linear"),
     (5, 2, 1, 9, "linear")],
)
def test_every_number_is_the_books_loops(seed, hidden, alpha, passes, activation):
    errors, w01, w12, layers = books_loop(seed, hidden, alpha, passes, activation)
    run = train_deep(hidden=hidden, alpha=alpha, passes=passes, seed=seed, activation=activation)
    assert [str(e) for e in run.errors] == [str(e) for e in errors]
    assert all(type(e) is float for e in run.errors)
    last = run.records[-1]
    assert last.weights_0_1 == tuple(map(tuple, w01.tolist()))
    assert last.weights_1_2 == tuple(w12[:, 0].tolist())
    for record, seen in zip(run.records, layers, strict=True):
        assert record.hidden == tuple(tuple(h) for h, _ in seen)
        assert record.predictions == tuple(p for _, p in seen)


def test_start_weights_come_from_numpys_legacy_generator_in_the_books_order():
    np.random.seed(12)
    w01 = 2 * np.random.random((3, 5)) - 1
    w12 = 2 * np.random.random((5, 1)) - 1
    np.random.seed(99)
    state = np.random.get_state()[1].copy()
    got01, got12 = start_weights(12, 5)
    assert np.array_equal(got01, w01) and np.array_equal(got12, w12)
    # and numpy's global generator, shared by every thread of the app, is left alone
    assert np.array_equal(np.random.get_state()[1], state)
    run = train_deep(hidden=5, seed=12, passes=1)
    assert run.start_weights_0_1 == tuple(map(tuple, w01.tolist()))
    assert run.start_weights_1_2 == tuple(w12[:, 0].tolist())


def test_the_table_is_the_correlation_lessons_no_correlation_preset():
    data = PRESETS["no correlation"].data
    assert deep.TABLE is data
    assert data.inputs == ((1, 0, 1), (0, 1, 1), (0, 0, 1), (1, 1, 1))
    assert data.goals == (1, 1, 0, 0)


def test_weights_after_each_pass_are_recorded():
    run = train_deep(passes=5)
    for i in range(1, 6):
        _, w01, w12, _ = books_loop(passes=i)
        assert run.weights_after(i - 1) == (tuple(map(tuple, w01.tolist())),
                                            tuple(w12[:, 0].tolist()))
    assert run.weights_after(None) == (run.start_weights_0_1, run.start_weights_1_2)
    assert run.final_weights == run.weights_after(4)


# ---------------------------------------------------------------- overflow


def test_a_linear_network_with_a_big_alpha_stops_cleanly_and_says_where():
    run = train_deep(alpha=1.0, activation="linear", passes=500)
    assert run.stopped_at is not None and 0 < run.stopped_at == len(run.records) < 500
    assert all(math.isfinite(v) for p in run.records
               for v in (p.error, *p.weights_1_2, *sum(p.weights_0_1, ()), *p.predictions))
    assert f"Stopped at pass {run.stopped_at}:" in run.stop_reason
    assert "float64" in run.stop_reason
    errors = books_loop(alpha=1.0, activation="linear", passes=run.stopped_at + 1)[0]
    assert [str(e) for e in run.errors] == [str(e) for e in errors[:-1]]
    last = books_loop(alpha=1.0, activation="linear", passes=run.stopped_at + 1)
    assert not (np.isfinite(last[0][-1]) and np.isfinite(last[1]).all()
                and np.isfinite(last[2]).all())
    assert report(run).kind is Outcome.STOPPED and report(run).summary == run.stop_reason


def test_a_run_stopped_before_any_pass_finished_keeps_its_starting_weights():
    # within the limits no run overflows in its first pass; the record still has to say it
    start = train_deep(passes=1)
    run = deep.DeepRun(4, 0.2, 60, 1, "relu", start.start_weights_0_1, start.start_weights_1_2,
                       (), stopped_at=0, stop_reason="Stopped at pass 0: ...")
    assert run.final_weights == run.weights_after(None) and run.errors == []
    assert report(run).kind is Outcome.STOPPED and report(run).last_error is None


# ---------------------------------------------------------------- settings a page or CLI may send


@pytest.mark.parametrize(
    "bad, words",
    [({"hidden": 0}, "Hidden units"), ({"hidden": 10_000}, "from 1 to 16"),
     ({"hidden": 2.5}, "whole number"), ({"hidden": True}, "whole number"),
     ({"passes": 0}, "Passes"), ({"passes": 1001}, "from 1 to 1,000"),
     ({"seed": -1}, "seed"), ({"seed": 2**32}, "4,294,967,295"), ({"seed": "3"}, "whole number"),
     ({"alpha": math.nan}, "Alpha"), ({"alpha": math.inf}, "Alpha"), ({"alpha": -0.1}, "Alpha"),
     ({"alpha": 10.5}, "from 0 to 10"), ({"alpha": "0.2"}, "number"),
     ({"activation": "tanh"}, "relu")],
)
def test_bad_settings_raise_a_plain_value_error(bad, words):
    settings_ = {**DEFAULTS, **bad}
    name = next(iter(bad))
    found = problems(**settings_)
    assert list(found) == [name] and words in found[name]
    with pytest.raises(ValueError, match=re.escape(words)):
        check(**settings_)
    with pytest.raises(ValueError, match=re.escape(words)):
        train_deep(**settings_)


def test_the_limits_themselves_are_fine():
    assert LIMITS == {"hidden": (1, 16), "passes": (1, 1000), "seed": (0, 2**32 - 1),
                      "alpha": (0.0, 10.0)}
    for name, (low, high) in LIMITS.items():
        for value in (low, high):
            assert problems(**{**DEFAULTS, name: value}) == {}
    assert problems(**{**DEFAULTS, "hidden": np.int64(3), "alpha": 1}) == {}
    assert set(ACTIVATIONS) == {"relu", "linear"}


# ---------------------------------------------------------------- what the hidden layer makes


def test_hidden_units_before_and_after_training_and_their_correlation():
    run = train_deep()
    units = hidden_units(run)
    assert len(units) == 4
    goals = np.array(deep.TABLE.goals)
    for j, unit in enumerate(units):
        assert unit.unit == j and unit.name == f"hidden {j + 1}"
        for when, weights in (("before", run.weights_after(None)),
                              ("after", run.final_weights)):
            view = [network(run, None if when == "before" else 59, row) for row in range(4)]
            values = getattr(unit, when)
            assert values == tuple(v.hidden[j] for v in view)
            assert view[0].weights_0_1 == weights[0]
            r = getattr(unit, f"r_{when}")
            if np.ptp(values) == 0:
                assert r is None
            else:
                assert r == pytest.approx(np.corrcoef(values, goals)[0, 1])
    # the layer made units that go up and down with the goal, though neither light does
    assert max(abs(u.r_after) for u in units if u.r_after is not None) > 0.5
    assert all(c.r in (None, 0.0) for c in __import__("primer.dataset").dataset.correlations(
        deep.TABLE))


def test_a_dead_relu_has_no_correlation_not_nan():
    run = train_deep(hidden=3, seed=1, passes=60)
    units = hidden_units(run)
    dead = [u for u in units if u.dead_after]
    assert dead, "seed 1 with three hidden units has a unit that is 0 for every row"
    for u in dead:
        assert u.after == (0.0, 0.0, 0.0, 0.0) and u.r_after is None
        assert "0 for every row" in u.note


def test_network_shows_the_values_flowing_for_one_row():
    run = train_deep()
    view = network(run, 59, 1)
    w01, w12 = run.final_weights
    layer_1 = np.maximum(np.array([0, 1, 1]) @ np.array(w01), 0)
    assert view.inputs == (0.0, 1.0, 1.0) and view.goal == 1.0
    assert view.hidden == pytest.approx(tuple(layer_1))
    assert view.output == pytest.approx(float(layer_1 @ np.array(w12)))
    assert view.error == pytest.approx((view.output - 1.0) ** 2)
    near_overflow = train_deep(alpha=1.0, activation="linear", passes=500)
    last = network(near_overflow, len(near_overflow.records) - 1, 0)
    assert last.error >= 0  # a number (inf at worst), never an OverflowError
    assert report(near_overflow).network_error == deep.network_error(near_overflow)
    with pytest.raises(IndexError):
        network(run, 60, 0)
    with pytest.raises(IndexError):
        network(run, 0, 4)


def test_one_layer_baseline_is_the_correlation_lessons_loop_on_the_same_table():
    run = train_deep(alpha=0.1, passes=40)
    base = one_layer(run)
    assert base == train(PRESETS["no correlation"].data, None, 0.1, 40)
    assert report(run).floor == error_floor(deep.TABLE).total_error == 1.0
    assert one_layer_report(base).kind.name == "FALLING"
    assert min(base.errors) > 1.0 and run.errors[-1] < 1.0  # one layer stays above, two beat it


# ---------------------------------------------------------------- what the run did, in words


@pytest.mark.parametrize(
    "settings_, kind, words",
    [({}, "BEATS_FLOOR",
      "down to 1.506e-05, and still falling. The best one layer can do on this table is 1."),
     ({"activation": "linear"}, "LINEAR", "one weighted sum"),
     ({"alpha": 1.0, "activation": "linear", "passes": 500}, "STOPPED", "Stopped at pass"),
     ({"hidden": 3, "seed": 2}, "DEAD", "every hidden unit is 0 for row 1, so"),
     ({"alpha": 10.0}, "DEAD", "0 for rows 1 and 2, so the network predicts 0 there, not 1"),
     ({"passes": 1}, "ONE_PASS", "One pass"),
     ({"passes": 3}, "FALLING", "After 3 passes the error is 1.057 and still falling"),
     ({"alpha": 0.0}, "STILL", "stays at 1.362"),
     ({"hidden": 4, "seed": 9}, "BOUNCING", "up and down between passes (last 1.319)"),
     ({"hidden": 1, "alpha": 0.5, "seed": 0}, "LEVELLED_OFF", "levelled off at 1.771; the best"),
     ({"hidden": 1, "alpha": 0.5, "seed": 4}, "GROWING", "grew from 1.285 to 1.771"),
     ],
)
def test_report_says_what_the_run_did(settings_, kind, words):
    r = report(train_deep(**settings_))
    assert r.kind.name == kind, r
    assert words in r.summary, r.summary
    assert r.label == r.kind.value


def test_a_dead_relu_report_says_why_from_the_numbers():
    run = train_deep(hidden=3, seed=2)
    r = report(run)
    assert r.kind is Outcome.DEAD
    assert r.dark_rows and all(deep.TABLE.goals[i] != 0 for i in r.dark_rows)
    for i in r.dark_rows:
        assert network(run, len(run.records) - 1, i).output == 0.0
    assert "0 for every row" in r.why or "outputs 0" in r.why
    assert "changes nothing" in r.why or "nothing to learn" in r.why


def test_the_beating_report_names_the_unit_the_layer_made():
    r = report(train_deep())
    units = hidden_units(train_deep())
    best = max((u for u in units if u.r_after is not None), key=lambda u: abs(u.r_after))
    assert best.name in r.why and f"{best.r_after:.2f}" in r.why


run_settings = st.fixed_dictionaries({
    "hidden": st.integers(1, 16),
    "alpha": st.one_of(st.floats(0.0, 1.0), st.floats(0.0, 10.0), st.sampled_from([0.0, 10.0])),
    "passes": st.integers(1, 60),
    "seed": st.integers(0, 2**32 - 1),
    "activation": st.sampled_from(list(ACTIVATIONS)),
})


@settings(max_examples=150, deadline=None)
@given(run_settings)
def test_every_verdict_matches_the_numbers(s):
    run = train_deep(**s)
    r = report(run)
    floor = r.floor
    errors = run.errors
    assert (r.kind is Outcome.STOPPED) == run.stopped
    if r.kind is not Outcome.STOPPED:
        assert word_count(r.summary) <= SUMMARY_WORDS, r.summary
        assert r.last_error == errors[-1]
        assert fmt(errors[-1]) in r.summary
    if r.kind is Outcome.BEATS_FLOOR:
        assert errors[-1] < floor and r.network_error < floor
    if errors and errors[-1] >= floor:
        assert r.kind is not Outcome.BEATS_FLOOR
    if r.kind is Outcome.LINEAR:
        assert s["activation"] == "linear"
    if s["activation"] == "linear":
        assert r.kind in (Outcome.LINEAR, Outcome.STOPPED)
        # two linear layers are one weighted sum: held fixed, no weights beat one layer's floor
        if r.kind is Outcome.LINEAR:
            assert r.network_error >= floor * (1 - 1e-9)
    if r.kind is Outcome.DEAD:
        assert s["activation"] == "relu" and r.dark_rows
        final = len(run.records) - 1
        for i in r.dark_rows:
            view = network(run, final, i)
            assert view.goal != 0 and all(h == 0 for h in view.hidden) and view.output == 0
        assert r.network_error >= floor  # a dark row alone costs its goal squared, 1
    if r.kind is Outcome.FALLING:
        assert errors[-1] < errors[-2]
    if r.kind is Outcome.GROWING:
        assert errors[-1] > errors[0]
    if r.kind is Outcome.ONE_PASS:
        assert len(errors) == 1
    if r.kind is Outcome.LEVELLED_OFF:
        assert abs(errors[-1] - errors[-2]) <= 1e-6 * max(1.0, errors[-1])
    if "still falling" in r.summary:
        assert errors[-1] < errors[-2]
    if "beat one" in r.summary:
        assert r.kind is Outcome.BEATS_FLOOR
    if r.kind in (Outcome.BEATS_FLOOR, Outcome.FALLING, Outcome.LEVELLED_OFF, Outcome.BOUNCING,
                  Outcome.ONE_PASS):  # one layer's best is named; only BEATS_FLOOR says "beat"
        assert f"best one layer can do on this table is {fmt(floor)}." in r.summary


@settings(max_examples=60, deadline=None)
@given(run_settings)
def test_dead_units_never_come_back(s):
    run = train_deep(**s)
    if s["activation"] != "relu" or len(run.records) < 2:
        return
    # a unit that is 0 for every row after some pass gets no update ever again
    for index, record in enumerate(run.records[:-1]):
        w01 = np.array(record.weights_0_1)
        pre = np.array(deep.TABLE.inputs) @ w01
        for j in np.flatnonzero(np.all(pre <= 0, axis=0)):
            assert np.array(run.records[-1].weights_0_1)[:, j].tolist() == w01[:, j].tolist()
        del index


# ---------------------------------------------------------------- printing, and the script


def test_error_lines_are_every_nth_pass_in_the_books_format():
    errors = [0.5, 0.25, 0.125, 0.0625, 1e-05]
    assert error_lines(errors, 2) == ["Error:0.25", "Error:0.0625"]
    assert error_lines(errors, 1) == [f"Error:{e}" for e in errors]
    assert error_lines(errors, 6) == []
    with pytest.raises(ValueError):
        error_lines(errors, 0)


def run_script(source: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err), \
            np.errstate(all="ignore"):
        exec(compile(source, "<deep script>", "exec"), {"__name__": "__main__"})
    return out.getvalue(), err.getvalue()


@pytest.mark.parametrize(
    "s",
    [{}, {"hidden": 3, "seed": 1, "every": 1, "passes": 12},
     {"activation": "linear", "every": 7},
     {"alpha": 1.0, "activation": "linear", "passes": 300, "every": 1},
     {"hidden": 16, "alpha": 0.05, "seed": 2**32 - 1, "passes": 30, "every": 3}],
)
def test_the_numpy_script_prints_the_clis_lines(s):
    every = s.pop("every", 10)
    settings_ = {**DEFAULTS, **s}
    script = numpy_script(**settings_, every=every)
    out, err = run_script(script.source())
    flags = [f"--{k}={v}" for k, v in settings_.items()] + [f"--every={every}"]
    cli_out, cli_err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(cli_out), contextlib.redirect_stderr(cli_err):
        assert main(["deep", *flags]) == 0
    assert out == cli_out.getvalue() and out
    run = train_deep(**settings_)
    assert out.splitlines() == error_lines(run.errors, every)
    assert ("Stopped at pass" in err) == run.stopped == bool(cli_err.getvalue())


def test_the_numpy_script_reads_like_the_book():
    script = numpy_script(**DEFAULTS, every=10)
    assert [c.name for c in script.cells] == ["setup", "data", "activation", "weights", "train"]
    assert all(c.explain and "\n" not in c.explain for c in script.cells)
    src = script.source()
    for line in ("np.random.seed(1)", "hidden_size = 4", "alpha = 0.2",
                 "weights_0_1 = 2 * np.random.random((3, hidden_size)) - 1",
                 "weights_1_2 = 2 * np.random.random((hidden_size, 1)) - 1",
                 "return (x > 0) * x", "for iteration in range(60):",
                 "if iteration % 10 == 9:", 'print("Error:" + str(layer_2_error))'):
        assert line in src, line
    assert "Grokking Deep Learning" in script.title
    linear = numpy_script(**{**DEFAULTS, "activation": "linear"}, every=10).cell("activation")
    assert "return x" in linear.code
    with pytest.raises(ValueError):
        numpy_script(**{**DEFAULTS, "hidden": 0}, every=10)


# ---------------------------------------------------------------- the page's sentences


@settings(max_examples=60, deadline=None)
@given(run_settings)
def test_the_pages_sentences_say_what_the_numbers_say(s):
    """Dead ReLUs are named exactly when a unit is 0 for every row (or a row has no unit
    on); the drawing's caption counts the units above 0 of the row it draws; the error
    chart's caption gives both runs' first and last errors and the floor."""
    run = train_deep(**s)
    r = report(run)
    note = deep.dead_relus(run, r)
    if run.stopped or not run.records:
        return
    after = deep.hidden_units(run)
    dead = [u.unit for u in after if u.dead_after] if run.activation == "relu" else []
    assert bool(note) == bool(dead or r.dark_rows)
    for j in dead:
        assert re.search(rf"Hidden units? (\d+, )*(\d+ and )?{j + 1}\b", note), note
    if not dead:
        assert "dead" not in note
    last = len(run.records) - 1
    for row in range(deep.TABLE.n_rows):
        net = deep.network(run, last, row)
        flow = deep.flow_sentence(net, last)
        on = sum(v > 0 for v in net.hidden)
        assert f"Row {row + 1} " in flow and f"{on} of " in flow
        assert f"prediction is {fmt(net.output, 3)}" in flow
    one = deep.one_layer(run)
    words = deep.layers_sentence(run, one)
    for errors in (run.errors, one.errors):
        assert fmt(errors[0], 3) in words and fmt(errors[-1], 3) in words
    assert fmt(r.floor) in words
    units = deep.units_sentence(run)
    best = [u for u in after if u.r_after is not None]
    if best:
        strongest = max(best, key=lambda u: abs(u.r_after))
        assert f"{strongest.name} does: correlation {strongest.r_after:.2f}" in units
    else:
        assert "none goes up and down" in units


def test_one_hidden_unit_is_the_only_unit():
    r = report(train_deep(1, 0.2, 60, 1))
    assert "the only hidden unit is off" in r.why and "all 1 hidden unit" not in r.why
