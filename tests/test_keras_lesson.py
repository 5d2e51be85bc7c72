"""The primer's problem trained by a real Keras model.

Keras computes in float32, the primer in float64: weights and predictions are
compared with a tight *relative* tolerance. Error and derivative near the goal
are differences of nearly equal numbers, so float32 keeps only their absolute
size there; they are compared with a tolerance scaled to the numbers they come
from. Other optimizers are checked against hand-written float64 versions of
Keras' own update rules.
"""

from __future__ import annotations

import math
import subprocess
import sys
import threading

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from primer.__main__ import format_run
from primer.descent import DescentRun, descend
from primer.keras_lesson import (
    LOSSES,
    OPTIMIZERS,
    cache_info,
    keras_learning_rate,
    model_summary,
    train_like_primer,
    train_on_rows,
)
from primer.words import SUMMARY_WORDS, word_count

F32 = float(np.finfo(np.float32).eps)  # 1.19e-07
RTOL = 4 * F32  # a few float32 roundings

ROOT = __file__.rsplit("/tests/", 1)[0]


def largest_relative_difference(run, reference) -> float:
    """The largest weight difference, relative to the weights of that step.

    Relative to the step's weights before *and* after: a weight that passes close
    to 0 is a difference of two larger numbers, and float32 rounds those.
    """
    before = reference.weights_before
    return max(
        abs(k.weight - r.weight) / max(abs(r.weight), abs(w0), 1e-30)
        for k, r, w0 in zip(run.steps, reference.steps, before, strict=True)
    )


def assert_matches_primer(run, ref):
    assert len(run.steps) == len(ref.steps)
    worst = largest_relative_difference(run, ref)
    assert worst <= RTOL, f"largest relative weight difference {worst:.3g}"
    x, goal = abs(ref.network_input), abs(ref.goal)
    for k, r, w0 in zip(run.steps, ref.steps, ref.weights_before, strict=True):
        assert k.iteration == r.iteration
        size = x * max(abs(w0), abs(r.weight))  # the size of the predictions around this step
        assert k.prediction == pytest.approx(r.prediction, rel=RTOL, abs=RTOL * size)
        # prediction - goal loses digits when they are close: float32 keeps them to about
        # eps x (|prediction| + |goal|), absolutely
        gap = 8 * F32 * (size + goal)
        assert k.derivative == pytest.approx(r.derivative, rel=RTOL, abs=x * gap)
        assert k.error == pytest.approx(r.error, rel=8 * F32,
                                        abs=gap * (2 * abs(r.prediction - ref.goal) + gap))


def run_subprocess(*args: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, *args], cwd=ROOT, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)


# ---------------------------------------------------------------- import and contract


def test_importing_the_module_does_not_import_tensorflow():
    code = ("import sys, primer.keras_lesson; "
            "print('tensorflow' in sys.modules, 'keras' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                         text=True, check=True).stdout
    assert out.split() == ["False", "False"]


def test_learning_rate_is_half_of_alpha():
    assert keras_learning_rate(0.1) == 0.05
    assert keras_learning_rate(1.5) == 0.75
    run = train_like_primer(0.5, 2.0, 0.8, 0.1, 1)
    assert run.learning_rate == float(np.float32(0.05))


def test_returns_a_descent_run_of_python_floats_from_float32():
    run = train_like_primer(weight=0.5, network_input=2.0, goal=0.8, alpha=0.1, iterations=20)
    assert isinstance(run, DescentRun)
    assert (run.weight, run.network_input, run.goal, run.alpha, run.iterations) == (
        0.5, 2.0, 0.8, 0.1, 20)
    assert run.stopped_at is None and run.stop_reason == ""
    for s in run.steps:
        for v in (s.prediction, s.error, s.derivative, s.weight):
            assert type(v) is float and float(np.float32(v)) == v
    first = run.steps[0]
    assert (first.iteration, first.prediction) == (0, 1.0)
    assert first.weight == float(np.float32(0.46))
    assert len(run.mean_absolute_error) == 20
    assert run.mean_absolute_error[0] == pytest.approx(0.2, rel=RTOL)


@pytest.mark.parametrize(
    "args",
    [
        (0.5, 2.0, 0.8, 0.1, 20),   # the primer's numbers: converges
        (0.5, 0.5, 0.8, 1, 20),     # crawls
        (0.0, 0.5, 0.8, 1, 4),
        (0.0, 1.1, 0.8, 1, 4),      # overshoots, converges
        (0.5, 2, 0.8, 0.5, 20),     # oscillates forever
        (0.5, 2, 0.8, 1, 20),       # diverges, still finite in float32 after 20 steps
        (0.3, 0.0, 0.8, 0.5, 5),    # input 0: cannot learn
        (0.4, 2.0, 0.8, 0.1, 3),    # already at the goal
        (-1.25, -3.0, 2.5, 0.01, 50),
    ],
)
def test_sgd_and_squared_error_match_the_primers_loop(args):
    assert_matches_primer(train_like_primer(*args), descend(*args))


def test_weight_differences_to_the_primer_are_float32_round_off():
    run, ref = train_like_primer(0.5, 2.0, 0.8, 0.1, 20), descend(0.5, 2.0, 0.8, 0.1, 20)
    worst = largest_relative_difference(run, ref)
    assert 0 < worst < RTOL  # float32 really was used, and only its rounding differs


def test_zero_iterations_is_an_empty_run():
    run = train_like_primer(0.5, 2.0, 0.8, 0.1, 0)
    assert run.steps == () and run.stopped_at is None


def test_unknown_choices_are_refused():
    with pytest.raises(ValueError, match="loss"):
        train_like_primer(0.5, 2.0, 0.8, 0.1, 2, loss="hinge")
    with pytest.raises(ValueError, match="optimizer"):
        train_like_primer(0.5, 2.0, 0.8, 0.1, 2, optimizer="lbfgs")


# ---------------------------------------------------------------- divergence


def test_a_diverging_run_stops_cleanly_and_says_so():
    run = train_like_primer(weight=0.5, network_input=3.0, goal=0.8, alpha=1.5, iterations=200)
    assert run.stopped_at is not None
    assert 0 < len(run.steps) == run.stopped_at < 200
    assert all(math.isfinite(v) for s in run.steps
               for v in (s.prediction, s.error, s.derivative, s.weight))
    assert all(math.isfinite(v) for v in run.mean_absolute_error)
    assert "float32" in run.stop_reason and "diverged" in run.stop_reason
    assert f"iteration {run.stopped_at}" in run.stop_reason
    # float32 overflows long before the primer's float64 does
    assert run.stopped_at < descend(0.5, 3.0, 0.8, 1.5, 200).stopped_at
    # the steps it kept match the primer's
    assert_matches_primer(run, descend(0.5, 3.0, 0.8, 1.5, run.stopped_at))


def test_after_a_diverged_run_the_shared_model_is_healthy_again():
    train_like_primer(0.5, 3.0, 0.8, 1.5, 200)
    settings = (0.5, 2.0, 0.8, 0.1, 20)
    assert_matches_primer(train_like_primer(*settings), descend(*settings))


def test_numbers_too_big_for_float32_stop_at_once():
    run = train_like_primer(1e39, 2.0, 0.8, 0.1, 5)
    assert run.stopped_at == 0 and run.steps == ()


# ---------------------------------------------------------------- other losses and optimizers


def hand_loop(weight, x, goal, alpha, iterations, loss, optimizer):
    """Keras' update rules written out in float64 (keras/src/optimizers/*.py)."""
    lr = alpha / 2
    m = v = 0.0
    weights = []
    for t in range(1, iterations + 1):
        prediction = x * weight
        if loss == "mean_squared_error":
            g = 2 * x * (prediction - goal)
        else:
            g = x * float(np.sign(prediction - goal))
        if optimizer == "sgd":
            weight -= lr * g
        elif optimizer == "momentum":
            m = 0.9 * m - lr * g
            weight += m
        elif optimizer == "rmsprop":
            v = 0.9 * v + 0.1 * g * g
            weight -= lr * g / math.sqrt(v + 1e-7)
        elif optimizer == "adam":
            a = lr * math.sqrt(1 - 0.999**t) / (1 - 0.9**t)
            m += (g - m) * 0.1
            v += (g * g - v) * 0.001
            weight -= m * a / (math.sqrt(v) + 1e-7)
        weights.append(weight)
    return weights


@pytest.mark.parametrize("loss", list(LOSSES))
@pytest.mark.parametrize("optimizer", list(OPTIMIZERS))
def test_every_loss_and_optimizer_follows_keras_update_rule(loss, optimizer):
    settings = (0.5, 2.0, 0.8, 0.1, 15)
    run = train_like_primer(*settings, loss=loss, optimizer=optimizer)
    assert (run.loss, run.optimizer) == (loss, optimizer)
    expected = hand_loop(*settings, loss, optimizer)
    got = [s.weight for s in run.steps]
    assert got == pytest.approx(expected, rel=1e-5, abs=1e-6)
    if loss == "mean_absolute_error":
        assert [s.error for s in run.steps] == pytest.approx(
            [abs(s.prediction - 0.8) for s in run.steps], rel=RTOL, abs=1e-7)
        assert run.mean_absolute_error == pytest.approx([s.error for s in run.steps])


@pytest.mark.parametrize("optimizer", ["momentum", "rmsprop", "adam"])
def test_optimizer_state_is_reset_between_runs(optimizer):
    settings = (0.5, 2.0, 0.8, 0.1, 10)
    first = train_like_primer(*settings, optimizer=optimizer)
    train_like_primer(3.0, -1.0, 0.2, 0.7, 7, optimizer=optimizer)  # leaves other state behind
    again = train_like_primer(*settings, optimizer=optimizer)
    assert again.steps == first.steps


# ---------------------------------------------------------------- sharing: cache and threads


def _traces(model) -> int | None:
    """How many times Keras' training step was traced (None if Keras hides it)."""
    seen, count, stack, found = set(), 0, [model.train_function], False
    while stack:
        f = stack.pop()
        if id(f) in seen:
            continue
        seen.add(id(f))
        if hasattr(f, "experimental_get_tracing_count"):
            count += f.experimental_get_tracing_count()
            found = True
            continue
        stack += [c.cell_contents for c in (getattr(f, "__closure__", None) or ())
                  if callable(c.cell_contents) and not isinstance(c.cell_contents, type)]
        if hasattr(f, "__wrapped__"):
            stack.append(f.__wrapped__)
    return count if found else None


def test_varied_calls_reuse_the_cached_models_without_retracing():
    from primer import keras_lesson

    for loss in LOSSES:
        for optimizer in OPTIMIZERS:
            train_like_primer(0.5, 2.0, 0.8, 0.1, 2, loss=loss, optimizer=optimizer)
    before = cache_info()
    traces = {k: _traces(s.model) for k, s in keras_lesson._slots.items()}
    rng = np.random.default_rng(4)
    for i in range(40):
        w, x, g = rng.uniform(-2, 2, 3)
        train_like_primer(w, x, g, rng.uniform(0, 1), int(rng.integers(0, 25)),
                          loss=list(LOSSES)[i % 2], optimizer=list(OPTIMIZERS)[i % 4])
    assert cache_info() == before
    assert before["models"] >= len(LOSSES) * len(OPTIMIZERS)
    after = {k: _traces(s.model) for k, s in keras_lesson._slots.items()}
    assert after == traces


def test_threads_with_different_settings_each_get_their_own_curve():
    settings = [
        ((0.5, 2.0, 0.8, 0.1, 20), "sgd"),
        ((0.0, 1.1, 0.8, 1.0, 20), "sgd"),
        ((0.5, 0.5, 0.8, 1.0, 30), "sgd"),
        ((-1.0, 3.0, 0.3, 0.05, 25), "sgd"),
        ((0.5, 2.0, 0.8, 0.1, 20), "adam"),
        ((2.0, 1.0, -0.5, 0.3, 20), "momentum"),
    ]
    rounds = 4
    start = threading.Barrier(len(settings))
    results: dict[int, list] = {i: [] for i in range(len(settings))}
    errors: list[BaseException] = []

    def work(i, args, optimizer):
        try:
            start.wait()
            for _ in range(rounds):
                results[i].append(train_like_primer(*args, optimizer=optimizer))
        except BaseException as e:  # noqa: BLE001 - reported below
            errors.append(e)

    threads = [threading.Thread(target=work, args=(i, *s)) for i, s in enumerate(settings)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert not errors, errors
    for i, (args, optimizer) in enumerate(settings):
        assert len(results[i]) == rounds
        for run in results[i]:
            assert (run.weight, run.network_input, run.goal, run.alpha) == args[:4]
            assert run.steps == results[i][0].steps
        if optimizer == "sgd":
            assert_matches_primer(results[i][0], descend(*args))
        else:
            expected = hand_loop(*args, "mean_squared_error", optimizer)
            assert [s.weight for s in results[i][0].steps] == pytest.approx(
                expected, rel=1e-5, abs=1e-6)


# ---------------------------------------------------------------- rows of several inputs

STREETLIGHTS = ([[1, 0, 1], [0, 1, 1], [0, 0, 1], [1, 1, 1], [0, 1, 1], [1, 0, 1]],
                [0, 1, 0, 1, 1, 0])


def rows_by_hand(inputs, goals, weights, alpha, passes, full_batch=False):
    x, y, w = np.array(inputs, float), np.array(goals, float), np.array(weights, float)
    totals, history = [], []
    for _ in range(passes):
        if full_batch:
            delta = x @ w - y
            totals.append(float(np.sum(delta**2)))
            w = w - alpha * x.T @ delta / len(y)
        else:
            total = 0.0
            for row, goal in zip(x, y, strict=True):
                delta = row @ w - goal
                total += delta**2
                w = w - alpha * row * delta
            totals.append(total)
        history.append(tuple(w))
    return totals, history


@pytest.mark.parametrize("full_batch", [False, True])
def test_rows_match_the_hand_loop(full_batch):
    inputs, goals = STREETLIGHTS
    weights, alpha, passes = (0.5, 0.48, -0.7), 0.1, 40
    run = train_on_rows(inputs, goals, weights, alpha, passes,
                        batch_size=None if full_batch else 1)
    totals, history = rows_by_hand(inputs, goals, weights, alpha, passes, full_batch)
    assert run.batch_size == (6 if full_batch else 1)
    assert run.stopped_at is None and len(run.records) == passes
    for got, want in zip(run.weights, history, strict=True):
        assert got == pytest.approx(want, rel=1e-5, abs=1e-6)
    assert run.errors == pytest.approx(totals, rel=1e-4, abs=1e-6)
    # per pass, the mean of its batch losses: the mean squared error over the six rows
    assert run.losses == pytest.approx([t / 6 for t in totals], rel=1e-4, abs=1e-6)
    if not full_batch:
        assert run.final_weights[1] > 0.9  # the middle light is the one that correlates


def test_rows_diverge_cleanly_and_refuse_bad_shapes():
    inputs, goals = STREETLIGHTS
    run = train_on_rows(inputs, goals, (0.5, 0.48, -0.7), alpha=5.0, passes=500)
    assert run.stopped_at is not None and len(run.records) == run.stopped_at < 500
    assert all(math.isfinite(v) for p in run.records for v in (p.loss, p.total_error, *p.weights))
    assert "pass" in run.stop_reason and "float32" in run.stop_reason
    with pytest.raises(ValueError, match="2-D"):
        train_on_rows([1, 2, 3], [1, 2, 3], (0.5,))
    with pytest.raises(ValueError, match="goal"):
        train_on_rows(inputs, goals[:-1], (0.5, 0.48, -0.7))
    with pytest.raises(ValueError, match="weights"):
        train_on_rows(inputs, goals, (0.5,))


def test_one_input_rows_are_the_primers_problem():
    run = train_on_rows([[2.0]], [0.8], (0.5,), alpha=0.1, passes=20)
    ref = descend(0.5, 2.0, 0.8, 0.1, 20)
    assert [w for (w,) in run.weights] == pytest.approx([s.weight for s in ref.steps], rel=RTOL)


# ---------------------------------------------------------------- summary, script, CLI


def test_model_summary_is_text_about_one_dense_weight():
    text = model_summary()
    assert "Dense" in text and "Trainable params: 1" in text
    assert "(None, 1)" in text
    assert "Trainable params: 3" in model_summary(3)


def test_cli_prints_what_train_like_primer_returns():
    proc = run_subprocess("-m", "primer", "keras")
    out, err = proc.communicate(timeout=180)
    assert proc.returncode == 0, err
    assert out == format_run(train_like_primer(0.5, 2.0, 0.8, 0.1, 20))
    assert len(out.splitlines()) == 6 * 20


def test_the_pages_sentences_say_what_the_numbers_say():
    from primer.keras_lesson import params_sentence, side_by_side, weights_sentence

    words = side_by_side([1.0, 0.5, 0.25], [1.0, 0.5], "error", "pass")
    assert words == ("The hand-written loop's error fell from 1 to 0.25 in 3 passes. "
                     "The Keras error fell from 1 to 0.5 in 2 passes.")
    assert weights_sentence([(0.5, 0.25)], [(0.5, 0.2500001)], ["a", "b"]) == (
        "After 1 pass the hand-written loop's weights are a 0.5, b 0.25; after 1 pass "
        "Keras' are a 0.5, b 0.25.")
    assert params_sentence(1).startswith("Total params: 3 is the 1 weight the model learns "
                                         "plus 2 numbers")
    assert params_sentence(3).startswith("Total params: 5 is the 3 weights")


# ---------------------------------------------------------------- loading TensorFlow


def test_preload_imports_tensorflow_once_in_the_background_and_freezes_it():
    code = """
import gc, sys, threading
from primer import keras_lesson
assert not keras_lesson.loaded() and 'tensorflow' not in sys.modules
assert gc.get_freeze_count() == 0
got = []
threads = [threading.Thread(target=lambda: got.append(keras_lesson.preload())) for _ in range(8)]
for t in threads: t.start()
for t in threads: t.join()
assert len({id(t) for t in got}) == 1 and got[0].daemon and got[0].name == 'preload-keras'
got[0].join(300)
assert keras_lesson.loaded() and 'tensorflow' in sys.modules
frozen = gc.get_freeze_count()
assert frozen > 100_000, frozen  # TensorFlow's long-lived objects, out of every gc scan
assert keras_lesson.preload() is got[0]  # nothing new starts
assert keras_lesson._keras() is sys.modules['keras']
assert gc.get_freeze_count() == frozen  # frozen once, not on every use
print('ok')
"""
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                         text=True, timeout=300)
    assert out.returncode == 0, out.stderr[-2000:]
    assert out.stdout.strip() == "ok"


def test_a_delayed_preload_waits_and_a_page_that_needs_keras_starts_it_at_once():
    # the app's warm-up waits (so the first page's charts are not slowed by the import);
    # a later preload() without a delay, from a page about to use Keras, wakes it up
    code = """
import sys, time
from primer import keras_lesson
thread = keras_lesson.preload(delay=600)
time.sleep(3)
assert thread.is_alive() and 'tensorflow' not in sys.modules, 'imported before its delay'
assert keras_lesson.preload() is thread  # the same thread, now told to go
thread.join(300)
assert keras_lesson.loaded() and 'tensorflow' in sys.modules
print('ok')
"""
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                         text=True, timeout=330)
    assert out.returncode == 0, out.stderr[-2000:]
    assert out.stdout.strip() == "ok"


# ---------------------------------------------------------------- the hidden-layer network


def relative_error_tolerance(error: float, rows: int = 4) -> float:
    """How far a float32 error may be from the float64 one, relative to it.

    The error is a sum of squared residuals (prediction - goal). Float32 holds the
    predictions (about 1 in size) to about one float32 step, so a residual r carries
    an absolute uncertainty of a few steps, and r squared a relative one of twice that
    over r. The residuals are about sqrt(error / rows) in size: the smaller the error,
    the fewer of its digits float32 keeps. Eight steps: a few roundings, carried along.
    """
    residual = math.sqrt(error / rows)
    return 2 * 8 * F32 / residual


def assert_errors_match_to_float32(keras_errors, numpy_errors):
    assert len(keras_errors) == len(numpy_errors)
    for k, n in zip(keras_errors, numpy_errors, strict=True):
        assert abs(k - n) <= relative_error_tolerance(n) * n, (k, n)


@pytest.mark.parametrize("kw", [
    {}, {"hidden": 16, "alpha": 0.05, "seed": 7, "passes": 40},
    {"hidden": 3, "seed": 2}, {"activation": "linear", "passes": 30},
])
def test_the_deep_network_in_keras_matches_the_books_numpy_run(kw):
    from primer.deep import train_deep
    from primer.keras_lesson import Match, judge, train_deep_keras

    run, ref = train_deep_keras(**kw), train_deep(**kw)
    assert (run.hidden, run.alpha, run.passes, run.seed, run.activation) == (
        ref.hidden, ref.alpha, ref.passes, ref.seed, ref.activation)
    assert run.learning_rate == float(np.float32(ref.alpha / 2))
    assert run.stopped_at is None and len(run.records) == len(ref.records)
    assert_errors_match_to_float32(run.errors, ref.errors)
    verdict = judge(run, ref)
    assert verdict.kind is Match.SAME, verdict
    assert 0 < verdict.relative <= verdict.tolerance
    assert run.losses == pytest.approx([e / 4 for e in run.errors], rel=1e-12)


def test_the_deep_keras_models_are_built_once_per_shape_and_reused():
    from primer.keras_lesson import train_deep_keras

    train_deep_keras(hidden=5, passes=2)
    train_deep_keras(hidden=5, passes=2, activation="linear")
    before = cache_info()
    first = train_deep_keras(hidden=5, seed=3, passes=10)
    train_deep_keras(hidden=5, seed=9, alpha=0.9, passes=10)  # leaves other weights behind
    train_deep_keras(hidden=5, seed=4, passes=7, activation="linear")
    assert train_deep_keras(hidden=5, seed=3, passes=10) == first
    assert cache_info()["built"] == before["built"]


def test_the_model_cache_is_bounded_and_drops_the_least_recently_used(monkeypatch):
    from collections import OrderedDict

    from primer import keras_lesson

    assert keras_lesson.MAX_MODELS >= 48  # the app's whole set: 8 + 8 + 16 x 2
    reference = train_like_primer(0.5, 2.0, 0.8, 0.1, 20)
    monkeypatch.setattr(keras_lesson, "_slots", OrderedDict())  # the real cache comes back after
    monkeypatch.setattr(keras_lesson, "MAX_MODELS", 2)
    before = cache_info()
    train_like_primer(0.5, 2.0, 0.8, 0.1, 1)
    keras_lesson.train_deep_keras(hidden=2, passes=1)
    train_like_primer(0.5, 2.0, 0.8, 0.1, 1)  # used again: now the hidden-layer one is oldest
    keras_lesson.train_deep_keras(hidden=1, passes=1)
    after = cache_info()
    assert after["models"] == 2 and after["limit"] == 2
    assert after["built"] - before["built"] == 3 and after["evicted"] - before["evicted"] == 1
    assert list(keras_lesson._slots) == [(1, 0, "linear", "mean_squared_error", "sgd"),
                                         (3, 1, "relu", "mean_squared_error", "sgd")]
    assert train_like_primer(0.5, 2.0, 0.8, 0.1, 20) == reference  # cached: the same numbers
    assert keras_lesson.train_deep_keras(hidden=2, passes=1).errors  # rebuilt, evicting another
    assert cache_info()["built"] == after["built"] + 1


def test_bad_deep_settings_raise_before_tensorflow_is_asked():
    from primer.keras_lesson import train_deep_keras

    for bad in ({"hidden": 0}, {"passes": 0}, {"seed": -1}, {"alpha": math.nan}):
        with pytest.raises(ValueError):
            train_deep_keras(**bad)


# ---------------------------------------------------------------- agreement, as a verdict


def test_agreement_verdict_is_relative_so_a_diverging_run_is_still_round_off():
    from primer.keras_lesson import Match, compare, judge

    run, ref = train_like_primer(0.5, 3.0, 0.8, 1.5, 200), descend(0.5, 3.0, 0.8, 1.5, 200)
    k = [s.weight for s in run.steps]
    loop = [s.weight for s in ref.steps]
    assert max(abs(a - b) for a, b in zip(k, loop)) > 1  # huge weights: big absolute gaps
    v = compare(k, loop, start=0.5, keras_stopped_at=run.stopped_at,
                loop_stopped_at=ref.stopped_at)
    assert v == judge(run, ref)
    assert v.kind is Match.SAME, v
    assert "1 part in" in v.summary and "round-off" in v.summary
    assert f"Keras overflowed at iteration {run.stopped_at}" in v.why
    assert "iteration 141" in v.why and "diverge the same way" in v.why
    assert word_count(v.summary) <= SUMMARY_WORDS


def test_agreement_verdict_kinds():
    from primer.keras_lesson import Match, compare

    same = compare([0.5, 0.25], [0.5, 0.25 + 2**-26], start=1.0)
    assert same.kind is Match.SAME and same.relative == 2**-26 and same.absolute == 2**-26
    assert "1 part in 67 million" in same.summary
    exact = compare([0.5], [0.5])
    assert exact.kind is Match.SAME and "exactly" in exact.summary
    off = compare([1.0, 0.9], [1.0, 0.8])
    assert off.kind is Match.DIFFERENT and "10%" in off.summary and "round-off" in off.summary
    assert "Please report" in off.summary
    rule = compare([1.0, 0.9], [1.0, 0.8], optimizer="adam", loss="mean_absolute_error")
    assert rule.kind is Match.OTHER_RULE and "absolute error and Adam" in rule.summary
    assert "on purpose" in rule.label and rule.summary.startswith("Different curves")
    nothing = compare([], [0.5, 0.4], keras_stopped_at=0)
    assert nothing.kind is Match.NOTHING and nothing.compared == 0
    rows = compare([(1.0, 2.0), (1.5, 2.5)], [(1.0, 2.0), (1.5, 2.5 + 1e-7)], unit="pass",
                   updates_per_step=6)
    assert rows.kind is Match.SAME and rows.relative == pytest.approx(1e-7 / 2.5)
    assert "over 2 passes" in rows.summary
    for v in (same, exact, off, rule, nothing, rows):
        assert word_count(v.summary) <= SUMMARY_WORDS and v.label == v.kind.value
    with pytest.raises(ValueError):
        compare([1.0], [1.0], optimizer="lbfgs")


def test_judge_pairs_each_keras_run_with_its_loop():
    from primer.dataset import PRESETS, train
    from primer.keras_lesson import Match, judge

    data = PRESETS["streetlights"].data
    x, y = data.arrays()
    rows = train_on_rows(x, y, (0.5, 0.48, -0.7), 0.1, 10)
    v = judge(rows, train(data, (0.5, 0.48, -0.7), 0.1, 10))
    assert v.kind is Match.SAME and v.compared == 10 and "over 10 passes" in v.summary
    assert v.tolerance == pytest.approx(4 * F32 * (10 * 6 + 2))  # six updates a pass
    adam = train_like_primer(0.5, 2.0, 0.8, 0.1, 10, optimizer="adam")
    assert judge(adam, descend(0.5, 2.0, 0.8, 0.1, 10)).kind is Match.OTHER_RULE
    with pytest.raises(TypeError):
        judge(rows, descend(0.5, 2.0, 0.8, 0.1, 10))


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.floats(-1e30, 1e30), st.floats(-1e30, 1e30)), min_size=1,
                max_size=30),
       st.sampled_from(list(OPTIMIZERS)), st.integers(1, 8))
def test_agreement_verdict_never_calls_a_large_relative_gap_round_off(pairs, optimizer, per):
    from primer.keras_lesson import Match, compare

    k, loop = [a for a, _ in pairs], [b for _, b in pairs]
    v = compare(k, loop, optimizer=optimizer, updates_per_step=per)
    scale = np.maximum.accumulate(np.abs(loop))
    gaps = np.abs(np.array(k) - np.array(loop))
    with np.errstate(over="ignore", divide="ignore", invalid="ignore"):
        worst = float(np.max(np.where(gaps == 0, 0, gaps / scale)))
    assert v.relative == worst
    if v.kind is Match.SAME:
        assert worst <= v.tolerance and optimizer == "sgd"
    if optimizer == "sgd" and worst > v.tolerance:
        assert v.kind is Match.DIFFERENT and "Same" not in v.summary
    assert word_count(v.summary) <= SUMMARY_WORDS


# ---------------------------------------------------------------- the Keras workflow, model.fit


def test_the_scripts_are_the_keras_workflow_in_named_cells():
    from primer.keras_lesson import deep_fit_script, fit_rows_script, fit_script

    inputs, goals = STREETLIGHTS
    scripts = [fit_script(0.5, 2.0, 0.8, 0.1, 20), fit_rows_script(inputs, goals,
                                                                     (0.5, 0.48, -0.7)),
               deep_fit_script()]
    for script in scripts:
        assert [c.name for c in script.cells] == ["setup", "data", "model", "compile", "fit",
                                                  "check"]
        assert all(c.explain and "\n" not in c.explain for c in script.cells)
        fit = script.cell("fit").code
        assert fit.startswith("history = model.fit(") and "batch_size=1, shuffle=False" in fit
        src = script.source()
        assert "train_on_batch" not in src and "history.history" in src
        assert "learning_rate=alpha / 2" in script.cell("compile").code
        assert all(len(line) <= 100 for line in src.splitlines()), src
        compile(src, "<script>", "exec")
    assert "model.predict(x" in scripts[0].cell("check").code
    assert "model.evaluate(x, y" in scripts[0].cell("check").code
    assert 'activation="relu"' in scripts[2].cell("model").code
    assert "np.random.seed(1)" in scripts[2].cell("model").code
    assert "epochs=20," in scripts[0].cell("fit").code and "epochs=40," in scripts[1].cell(
        "fit").code
    with pytest.raises(ValueError):
        fit_script(math.nan, 2.0, 0.8, 0.1)
    with pytest.raises(ValueError):
        deep_fit_script(hidden=17)


def numbers_after(prefix: str, out: str) -> list[float]:
    return [float(line.split(":", 1)[1]) for line in out.splitlines() if line.startswith(prefix)]


def test_fits_history_equals_the_fast_path_and_the_deep_cli_matches_numpy(tmp_path):
    """One slow test: four Python processes that each load TensorFlow, run side by side."""
    from primer.deep import error_lines, train_deep
    from primer.keras_lesson import (
        deep_fit_script,
        fit_rows_script,
        fit_script,
        train_deep_keras,
    )

    inputs, goals = STREETLIGHTS
    scripts = {
        "one": fit_script(0.5, 2.0, 0.8, 0.1, 20),
        "diverges": fit_script(0.5, 3.0, 0.8, 1.5, 60),
        "rows": fit_rows_script(inputs, goals, (0.5, 0.48, -0.7), 0.1, 40),
        "deep": deep_fit_script(),
    }
    procs = {}
    for name, script in scripts.items():
        path = tmp_path / f"{name}.py"
        path.write_text(script.source())
        procs[name] = run_subprocess(str(path))
    procs["cli"] = run_subprocess("-m", "primer", "deep", "--keras")
    outputs = {name: p.communicate(timeout=600) for name, p in procs.items()}
    for name, p in procs.items():
        assert p.returncode == 0, (name, outputs[name][1][-2000:])

    # one example: every epoch of the history is the fast path's step, to float32
    out = outputs["one"][0]
    run = train_like_primer(0.5, 2.0, 0.8, 0.1, 20)
    assert numbers_after("Error:", out) == pytest.approx([s.error for s in run.steps], rel=F32)
    assert numbers_after("Prediction:", out) == pytest.approx([s.prediction for s in run.steps],
                                                              rel=F32)
    assert numbers_after("Iteration:", out) == list(range(20))
    assert numbers_after("Weight:", out) == pytest.approx([run.final_weight], rel=F32)
    assert numbers_after("Predict:", out) == pytest.approx([2.0 * run.final_weight], rel=RTOL)
    assert numbers_after("Evaluate:", out)[0] == pytest.approx(
        (2.0 * run.final_weight - 0.8) ** 2, rel=1e-3, abs=1e-9)

    # a diverging run: the history agrees for every step the fast path kept
    out, err = outputs["diverges"]
    run = train_like_primer(0.5, 3.0, 0.8, 1.5, 60)
    errors = numbers_after("Error:", out)
    assert run.stopped_at is not None and "Stopped at iteration" in err
    assert errors[:len(run.steps)] == pytest.approx([s.error for s in run.steps], rel=F32)

    # a table: each epoch's loss is the mean of the rows' losses the fast path records
    out = outputs["rows"][0]
    run = train_on_rows(inputs, goals, (0.5, 0.48, -0.7), 0.1, 40)
    losses = [float(line.split("Loss:")[1]) for line in out.splitlines()
              if line.startswith("Pass:")]
    assert losses == pytest.approx(run.losses, rel=4 * F32)  # float32 mean vs float64 mean
    weights = eval(out.split("Weights:")[1].splitlines()[0])  # noqa: S307 - our own script
    assert weights == pytest.approx(list(run.final_weights), rel=F32)

    # the hidden layer: the script's history, the CLI's --keras and numpy agree
    fast = train_deep_keras()
    cli_out = outputs["cli"][0]
    assert cli_out.splitlines() == error_lines(fast.errors, 10)  # the CLI is the fast path
    script_errors = numbers_after("Error:", outputs["deep"][0])
    assert script_errors == pytest.approx(numbers_after("Error:", cli_out), rel=4 * F32)
    assert_errors_match_to_float32(numbers_after("Error:", cli_out),
                                   numbers_after("Error:", "\n".join(
                                       error_lines(train_deep().errors, 10))))
