"""How fast and how lean the Keras lesson is: cached model vs a fresh one per run.

:func:`measure` returns the figures as a dict; :func:`table_rows` turns them into
``(label, value)`` rows for ``python -m benchmarks``. Run alone with
``python -m benchmarks.keras_bench``.

What is compared, for the same 20-iteration run of the primer's problem:

* **cold (fit)**: what a page would do naively on every slider move: build a
  fresh ``Sequential``, compile it, set its weight and ``fit(epochs=20)`` with a
  callback recording each epoch (one batch per epoch, so per-step numbers).
* **cold (train_on_batch)**: a fresh model trained with the same loop as the
  lesson, so the difference is only building, compiling and tracing.
* **warm**: :func:`primer.keras_lesson.train_like_primer` on its cached model.

Cold and warm runs alternate, so a noisy machine slows both alike; each figure
is a median and the ratios come from the same run. Memory is the process's
resident set size (``VmRSS``) before and after many warm calls with varied
settings.
"""

from __future__ import annotations

import gc
import logging
import math
import statistics
import sys
import time

import numpy as np

SETTINGS = dict(weight=0.5, network_input=2.0, goal=0.8, alpha=0.1)


def rss_mb() -> float:
    """Resident memory of this process in MB (Linux /proc; peak RSS elsewhere)."""
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    import resource

    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024 if sys.platform == "darwin" else 1024)


def _timed_result(fn):
    """(milliseconds, result) of one call."""
    start = time.perf_counter()
    result = fn()
    return (time.perf_counter() - start) * 1000, result


def _timed(fn) -> float:
    return _timed_result(fn)[0]


def _fresh_model():
    """A model built and compiled from scratch for SETTINGS, as a naive page would each rerun.

    Returns keras, the model and the training tensors x and y.
    """
    from primer import keras_lesson

    keras = keras_lesson._keras()
    model = keras.Sequential([keras.Input(shape=(1,)), keras.layers.Dense(1, use_bias=False)])
    learning_rate = keras_lesson.keras_learning_rate(SETTINGS["alpha"])
    model.compile(optimizer=keras.optimizers.SGD(learning_rate=learning_rate),
                  loss="mean_squared_error",
                  metrics=["mean_absolute_error", keras_lesson.predicted])
    model.set_weights([np.array([[SETTINGS["weight"]]], dtype="float32")])
    x = np.array([[SETTINGS["network_input"]]], dtype="float32")
    y = np.array([[SETTINGS["goal"]]], dtype="float32")
    return keras, model, x, y


def _cold_fit(iterations: int) -> list[float]:
    """A fresh model, compiled and fitted: the naive way. Returns the weights after each step."""
    keras, model, x, y = _fresh_model()
    weights: list[float] = []

    class Record(keras.callbacks.Callback):
        def on_epoch_end(self, epoch, logs=None):
            weights.append(float(self.model.layers[0].kernel.numpy()[0, 0]))

    model.fit(x, y, epochs=iterations, batch_size=1, shuffle=False, verbose=0,
              callbacks=[Record()])
    return weights


def _cold_train_on_batch(iterations: int) -> list[float]:
    """A fresh model trained with the lesson's own loop (build + compile + trace + steps)."""
    _, model, x, y = _fresh_model()
    weights = []
    for _ in range(iterations):
        model.train_on_batch(x, y, return_dict=True)
        weights.append(float(model.layers[0].kernel.numpy()[0, 0]))
    return weights


def largest_weight_difference(run, reference) -> float:
    """Largest |Keras weight - primer weight|, relative to that step's weights (before/after)."""
    return max(
        (abs(k.weight - r.weight) / max(abs(r.weight), abs(w0), 1e-30)
         for k, r, w0 in zip(run.steps, reference.steps, reference.weights_before, strict=True)),
        default=0.0,
    )


def measure(iterations: int = 20, repeats: int = 7, memory_calls: int = 1000) -> dict[str, float]:
    """Run the benchmark; every figure is a plain float (ms, MB, counts, ratios)."""
    from primer import keras_lesson
    from primer.descent import descend
    from primer.keras_lesson import LOSSES, OPTIMIZERS, cache_info, train_like_primer

    figures: dict[str, float] = {}

    # 1. importing TensorFlow (only if this process has not done it yet)
    rss0 = rss_mb()
    if "tensorflow" not in sys.modules:
        figures["import_tensorflow_ms"] = _timed(keras_lesson._keras)
        figures["import_tensorflow_rss_mb"] = rss_mb() - rss0
    else:
        keras_lesson._keras()

    # 2. the first run builds, compiles and traces the cached model
    figures["first_call_ms"] = _timed(lambda: train_like_primer(**SETTINGS, iterations=iterations))

    # 3. float32 vs the primer's float64 loop
    run = train_like_primer(**SETTINGS, iterations=iterations)
    figures["largest_weight_difference"] = largest_weight_difference(
        run, descend(**SETTINGS, iterations=iterations))
    figures["largest_weight_difference_abs"] = max(
        abs(k.weight - r.weight)
        for k, r in zip(run.steps, descend(**SETTINGS, iterations=iterations).steps))
    worst = 0.0
    for args in [(0.5, 0.5, 0.8, 1, 20), (0.0, 1.1, 0.8, 1, 20), (0.5, 2, 0.8, 0.5, 20),
                 (0.5, 2, 0.8, 1, 20), (-1.0, 3.0, 0.3, 0.05, 25), (0.5, 3.0, 0.8, 1.5, 200)]:
        keras_run = train_like_primer(*args)
        worst = max(worst, largest_weight_difference(keras_run,
                                                     descend(*args[:4], len(keras_run.steps))))
    figures["largest_weight_difference_any"] = worst

    # 4. memory: many warm calls with varied settings
    for loss in LOSSES:
        for optimizer in OPTIMIZERS:
            train_like_primer(**SETTINGS, iterations=3, loss=loss, optimizer=optimizer)
    gc.collect()
    models_before, rss_before = cache_info()["built"], rss_mb()
    rng = np.random.default_rng(0)
    losses, optimizers = list(LOSSES), list(OPTIMIZERS)
    start = time.perf_counter()
    for i in range(memory_calls):
        w, x, g = rng.uniform(-3, 3, 3)
        train_like_primer(w, x, g, float(rng.uniform(0, 2)), int(rng.integers(1, 31)),
                          loss=losses[i % len(losses)],
                          optimizer=optimizers[(i // 2) % len(optimizers)])
    figures["memory_calls"] = memory_calls
    figures["memory_calls_s"] = time.perf_counter() - start
    gc.collect()
    figures["rss_before_calls_mb"] = rss_before
    figures["rss_after_calls_mb"] = rss_mb()
    figures["rss_growth_mb"] = figures["rss_after_calls_mb"] - rss_before
    figures["models_built_during_calls"] = cache_info()["built"] - models_before
    figures["models_cached"] = cache_info()["models"]

    # 5. speed: cold and warm, alternating
    expected = [s.weight for s in train_like_primer(**SETTINGS, iterations=iterations).steps]
    cold_fit, cold_tob, warm = [], [], []
    same = True
    rss_cold = rss_mb()
    # Every fresh model traces its own training step, and TensorFlow warns about that
    # retracing on stderr: it is what the cold path costs, and the table says so.
    tf_log = logging.getLogger("tensorflow")
    level = tf_log.level
    tf_log.setLevel(logging.ERROR)
    try:
        for _ in range(repeats):
            ms, fit_weights = _timed_result(lambda: _cold_fit(iterations))
            cold_fit.append(ms)
            warm.append(_timed(lambda: train_like_primer(**SETTINGS, iterations=iterations)))
            ms, tob_weights = _timed_result(lambda: _cold_train_on_batch(iterations))
            cold_tob.append(ms)
            warm.append(_timed(lambda: train_like_primer(**SETTINGS, iterations=iterations)))
            same = same and fit_weights == expected and tob_weights == expected
    finally:
        tf_log.setLevel(level)
    gc.collect()
    figures["iterations"] = iterations
    figures["repeats"] = repeats
    figures["cold_fit_ms"] = statistics.median(cold_fit)
    figures["cold_train_on_batch_ms"] = statistics.median(cold_tob)
    figures["warm_ms"] = statistics.median(warm)
    figures["warm_per_step_ms"] = figures["warm_ms"] / iterations
    figures["speedup_vs_cold_fit"] = figures["cold_fit_ms"] / figures["warm_ms"]
    figures["speedup_vs_cold_train_on_batch"] = (
        figures["cold_train_on_batch_ms"] / figures["warm_ms"])
    figures["cold_runs_same_numbers"] = float(same)
    figures["rss_growth_cold_runs_mb"] = rss_mb() - rss_cold

    # 6. the correlation lesson: six rows, 40 passes, one update per row
    from primer.keras_lesson import train_on_rows

    inputs = [[1, 0, 1], [0, 1, 1], [0, 0, 1], [1, 1, 1], [0, 1, 1], [1, 0, 1]]
    goals = [0, 1, 0, 1, 1, 0]
    train_on_rows(inputs, goals, (0.5, 0.48, -0.7), 0.1, 2)
    figures["rows_6x40_ms"] = statistics.median(
        _timed(lambda: train_on_rows(inputs, goals, (0.5, 0.48, -0.7), 0.1, 40))
        for _ in range(3))
    figures["rows_6x40_full_batch_ms"] = statistics.median(
        _timed(lambda: train_on_rows(inputs, goals, (0.5, 0.48, -0.7), 0.1, 40, batch_size=None))
        for _ in range(3))
    return figures


def table_rows(figures: dict[str, float]) -> list[tuple[str, str]]:
    """The figures as (label, value) rows, in reading order."""
    f = figures
    n = int(f["iterations"])
    rows = []
    if "import_tensorflow_ms" in f:
        rows.append(("import tensorflow (once per process)",
                     f"{f['import_tensorflow_ms']:.0f} ms, "
                     f"+{f['import_tensorflow_rss_mb']:.0f} MB"))
    rows += [
        ("first Keras run (build + compile + trace)", f"{f['first_call_ms']:.0f} ms"),
        (f"cold: fresh model + fit(epochs={n})", f"{f['cold_fit_ms']:.1f} ms"),
        (f"cold: fresh model + {n} x train_on_batch", f"{f['cold_train_on_batch_ms']:.1f} ms"),
        (f"warm: cached model, {n} iterations", f"{f['warm_ms']:.1f} ms "
                                                f"({f['warm_per_step_ms']:.2f} ms per step)"),
        ("speed-up warm vs cold fit", f"{f['speedup_vs_cold_fit']:.0f}x"),
        ("speed-up warm vs cold train_on_batch", f"{f['speedup_vs_cold_train_on_batch']:.0f}x"),
        ("cold and warm give the same numbers", "yes" if f["cold_runs_same_numbers"] else "NO"),
        (f"memory over {int(f['memory_calls'])} varied warm calls",
         f"{f['rss_before_calls_mb']:.0f} -> {f['rss_after_calls_mb']:.0f} MB "
         f"({f['rss_growth_mb']:+.1f} MB, {int(f['models_built_during_calls'])} models built, "
         f"{f['memory_calls_s']:.1f} s)"),
        (f"memory over {2 * int(f['repeats'])} cold runs",
         f"{f['rss_growth_cold_runs_mb']:+.1f} MB"),
        ("models cached", f"{int(f['models_cached'])}"),
        ("largest weight difference vs primer (relative)",
         f"{f['largest_weight_difference']:.2g} (primer's settings), "
         f"{f['largest_weight_difference_any']:.2g} (any of 7 runs)"),
        ("correlation rows: 6 rows x 40 passes",
         f"{f['rows_6x40_ms']:.0f} ms (update per row), "
         f"{f['rows_6x40_full_batch_ms']:.0f} ms (full batch)"),
    ]
    return rows


def format_table(rows: list[tuple[str, str]]) -> str:
    width = max(len(label) for label, _ in rows)
    return "\n".join(f"{label:<{width}}  {value}" for label, value in rows)


def main() -> int:
    figures = measure()
    print(format_table(table_rows(figures)))
    return 0 if math.isfinite(figures["speedup_vs_cold_fit"]) else 1


if __name__ == "__main__":
    sys.exit(main())
