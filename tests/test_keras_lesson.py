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

from primer.__main__ import format_run
from primer.descent import DescentRun, descend
from primer.keras_lesson import (
    LOSSES,
    OPTIMIZERS,
    cache_info,
    keras_learning_rate,
    keras_script,
    model_summary,
    train_like_primer,
    train_on_rows,
)

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


def test_script_and_cli_print_what_train_like_primer_returns(tmp_path):
    cases = {
        "defaults": ((0.5, 2.0, 0.8, 0.1, 20), {}),
        "momentum-mae": ((0.0, 1.1, 0.8, 1.0, 12),
                         {"loss": "mean_absolute_error", "optimizer": "momentum"}),
        "diverges": ((0.5, 3.0, 0.8, 1.5, 200), {}),
    }
    procs = {}
    for name, (args, kw) in cases.items():
        path = tmp_path / f"{name}.py"
        path.write_text(keras_script(*args, **kw))
        compile(path.read_text(), str(path), "exec")
        procs[name] = run_subprocess(str(path))
    procs["cli"] = run_subprocess("-m", "primer", "keras")
    outputs = {name: p.communicate(timeout=180) for name, p in procs.items()}
    for name, (args, kw) in cases.items():
        out, err = outputs[name]
        assert procs[name].returncode == 0, err
        run = train_like_primer(*args, **kw)
        assert out == format_run(run), name
        assert ("Stopped" in err) == (run.stopped_at is not None)
    out, err = outputs["cli"]
    assert procs["cli"].returncode == 0, err
    assert out == format_run(train_like_primer(0.5, 2.0, 0.8, 0.1, 20))
    assert len(out.splitlines()) == 6 * 20


def test_script_reads_like_the_primer():
    src = keras_script(0.5, 2.0, 0.8, 0.1, 20, optimizer="adam")
    for line in ("weight = 0.5", "prediction_goal = 0.8", "network_input = 2.0", "alpha = 0.1",
                 "for iteration in range(20):", "keras.optimizers.Adam(learning_rate=alpha / 2)",
                 'print("Weight:" + str(weight))'):
        assert line in src
    with pytest.raises(ValueError):
        keras_script(math.inf, 2.0, 0.8, 0.1)
