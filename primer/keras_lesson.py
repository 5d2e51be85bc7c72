"""The primer's problem as a real Keras model: one input, one weight, one goal.

The primer's four lines become the Keras workflow the primer describes:

* training data: ``x = [[network_input]]``, ``y = [[goal]]`` (float32 tensors);
* the model: one ``Dense(1, use_bias=False)`` layer, whose one kernel entry *is*
  the weight (``prediction = input x weight``);
* the learning process: a loss (mean squared error, the primer's error), an
  optimizer (plain SGD, the primer's update) and metrics to watch;
* iterating: one ``train_on_batch`` per iteration, one update each.

Mapping the learning rate: the primer's derivative is ``input x (prediction -
goal)``, but Keras differentiates its loss ``(prediction - goal)**2``, which gives
``2 x input x (prediction - goal)``: twice as much. So Keras' learning rate is
``alpha / 2`` (:func:`keras_learning_rate`), and then plain SGD takes exactly the
primer's step. The page keeps that learning rate when the loss or the optimizer
changes, so a switch changes only what the teacher switched.

What each :class:`~primer.descent.Step` holds, all computed by the model in
float32 and converted to Python floats:

* ``prediction``: the model's output in the training step, *before* the update
  (reported by the metric :func:`predicted`);
* ``error``: Keras' loss for that prediction, before the update;
* ``derivative``: the primer's ``input x (prediction - goal)``, computed in
  float32 from the values above (not Keras' gradient, which depends on the loss);
* ``weight``: the layer's kernel *after* the update.

So ``python -m primer keras`` prints the primer's blocks with float32 numbers,
equal to ``python -m primer descend`` to float32 precision. Float32 tops out at
about 3.4e38, so a diverging run stops much sooner here than in the primer's
float64 loop; it stops cleanly and says so, like :func:`primer.descent.descend`.

Speed and sharing. Importing TensorFlow takes seconds and hundreds of MB, so it
happens only inside the functions below, on first use. Building and compiling a
model and tracing its training step costs ~0.5 s; resetting one costs well under
a millisecond. So one compiled model is kept per (number of inputs, loss,
optimizer) and reset for each run: its kernel with ``set_weights``, its
optimizer's slots and step counter with ``optimizer.set_weights`` to the values it
was built with, its learning rate by assigning the variable. Nothing is rebuilt
or retraced. Streamlit sessions run in threads and share this module, so each
model has a lock and a run holds it from reset to last step.

The cache is bounded (:data:`MAX_MODELS`, least recently used out first). Measured
on the development machine (TF 2.21, Keras 3.15): a compiled model that has traced
its training step holds about 1.3 MB, and dropping one does *not* give all of that
back: TensorFlow keeps about 0.6 MB of every traced model for good. So a cache
smaller than the set of models the app can ask for would rebuild, and leak, on
every switch; :data:`MAX_MODELS` is the app's whole set (8 one-input and 8 three-input
models for the Keras lesson, 32 hidden-layer models), about 60 MB when all are
built, and the bound only bites for callers that invent other shapes.

The hidden-layer lesson (:mod:`primer.deep`) gets the same treatment: its network
as ``Dense(hidden, relu) -> Dense(1)``, trained one row at a time from the book's
starting weights (:func:`train_deep_keras`). The take-home scripts are
:class:`~primer.script.Script` objects built around ``model.fit``, the workflow
students meet in every Keras tutorial; a page reads their steps by name.
"""

from __future__ import annotations

import contextlib
import enum
import gc
import logging
import math
import os
import threading
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from primer import deep
from primer.dataset import TrainingRun
from primer.descent import DescentRun, Step
from primer.outcome import Stoppable, Verdict
from primer.script import Cell, Script, assign
from primer.words import BOOK, fmt, overflow_reason, percent, plural, trend

# The choices the lesson offers. Keys are what the functions take; values are labels.
LOSSES: dict[str, str] = {
    "mean_squared_error": "Mean squared error (the primer's error)",
    "mean_absolute_error": "Mean absolute error",
}
OPTIMIZERS: dict[str, str] = {
    "sgd": "SGD (the primer's update)",
    "momentum": "SGD with momentum 0.9",
    "rmsprop": "RMSprop",
    "adam": "Adam",
}
# How each optimizer is made: keras.optimizers.<class>(learning_rate=..., **options).
# The library and the generated script both read this table, so they build the same thing.
_OPTIMIZER_CODE: dict[str, tuple[str, dict[str, float]]] = {
    "sgd": ("SGD", {}),
    "momentum": ("SGD", {"momentum": 0.9}),
    "rmsprop": ("RMSprop", {}),
    "adam": ("Adam", {}),
}
METRICS = ("mean_absolute_error", "predicted")  # what the model reports besides its loss


def keras_learning_rate(alpha: float) -> float:
    """Keras' learning rate that takes the primer's step: ``alpha / 2``.

    Keras' mean-squared-error gradient is ``2 x input x (prediction - goal)``,
    twice the primer's derivative, so half the learning rate gives the same
    update ``weight -= alpha x input x (prediction - goal)``. Exact for plain SGD
    with mean squared error; the other losses and optimizers get the same
    learning rate so that switching them changes nothing else.
    """
    return alpha / 2


def predicted(y_true, y_pred):
    """A Keras metric that reports the model's prediction in the training step.

    Keras computes metrics from the prediction it made *before* the update, so
    with one example per batch this is the primer's ``prediction``.
    """
    return y_pred


# ---------------------------------------------------------------- TensorFlow, loaded lazily


_keras_module = None
_import_lock = threading.Lock()


def _keras():
    """Import Keras (and TensorFlow), quietly, once. Only the functions below call this."""
    global _keras_module
    if _keras_module is not None:
        return _keras_module
    with _import_lock:
        if _keras_module is None:
            os.environ.setdefault("KERAS_BACKEND", "tensorflow")
            os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")  # no C++ info/warning lines
            # oneDNN's rewritten kernels announce themselves on stderr (TF_CPP_MIN_LOG_LEVEL
            # does not silence that note in TF 2.21) and may round differently by computation
            # order. The plain kernels are as fast here and give the same numbers every time.
            os.environ.setdefault("TF_ENABLE_ONEDNN_OPTS", "0")
            import keras

            # Each cached model traces its training step on first use. TensorFlow counts traces
            # of the same Python code across models and, after a few configurations, warns on
            # stderr about "excessive retracing". Here that is expected: only errors are shown.
            logging.getLogger("tensorflow").setLevel(logging.ERROR)
            # TensorFlow brings ~280,000 long-lived Python objects. Streamlit runs a full garbage
            # collection twice per rerun (keras.backend.clear_session() before,
            # runner.postScriptGC after), and scanning them costs ~150 ms each time, on every
            # page of every session. Freezing them (after collecting what is already garbage)
            # takes them out of those scans; they live as long as the process anyway. Nothing
            # is freed or hidden by it.
            gc.collect()
            gc.freeze()
            _keras_module = keras
    return _keras_module


_preload_thread: threading.Thread | None = None
_preload_lock = threading.Lock()
_preload_now = threading.Event()  # set: a waiting warm-up imports at once


def _load_quietly(delay: float) -> None:
    _preload_now.wait(delay)
    # an import that fails here fails again on first real use, where someone sees it
    with contextlib.suppress(Exception):
        _keras()


def preload(delay: float = 0.0) -> threading.Thread:
    """Start importing Keras and TensorFlow in a background (daemon) thread, after ``delay``
    seconds; return the thread.

    The app calls it with a delay once the first page has been served, so the import
    happens while a teacher is talking rather than when someone opens a Keras lesson, but
    not while the browser is still fetching the first page's chart code from this server
    (the import holds the interpreter, and served that way the first chart came seconds
    later). A page that is about to need Keras calls it without a delay: a waiting import
    then starts at once. Calling it again, from any thread, returns the same thread; a
    function that needs Keras meanwhile simply imports it (or waits for the import running).
    """
    global _preload_thread
    with _preload_lock:
        if delay <= 0:
            _preload_now.set()
        if _preload_thread is None:
            _preload_thread = threading.Thread(target=_load_quietly, args=(delay,),
                                               name="preload-keras", daemon=True)
            _preload_thread.start()
        return _preload_thread


def loaded() -> bool:
    """True once Keras and TensorFlow are imported (a page need not warn about the wait)."""
    return _keras_module is not None


def _check_choices(loss: str, optimizer: str) -> None:
    if loss not in LOSSES:
        raise ValueError(f"loss must be one of {', '.join(LOSSES)}; got {loss!r}")
    if optimizer not in OPTIMIZERS:
        raise ValueError(f"optimizer must be one of {', '.join(OPTIMIZERS)}; got {optimizer!r}")


@dataclass
class _Slot:
    """One compiled model, the optimizer state it was built with, and its lock."""

    model: object
    kernels: tuple  # each Dense layer's kernel variable, input side first
    fresh_optimizer_state: list
    lock: threading.Lock

    @property
    def kernel(self):
        """The output layer's kernel: shape (inputs or hidden units, 1)."""
        return self.kernels[-1]


# (inputs, hidden units (0: none), hidden activation, loss, optimizer)
Key = tuple[int, int, str, str, str]
MAX_MODELS = 48  # the app's whole set of models; see the module's docstring for why not fewer
_slots: OrderedDict[Key, _Slot] = OrderedDict()  # least recently used first
_slots_lock = threading.Lock()
_models_built = 0
_models_evicted = 0


def _build(n_inputs: int, hidden: int, activation: str, loss: str, optimizer: str) -> _Slot:
    keras = _keras()
    layers = [keras.Input(shape=(n_inputs,), name="network_input")]
    if hidden:
        layers.append(keras.layers.Dense(hidden, activation=activation, use_bias=False,
                                         name="hidden"))
        name = "output"
    else:
        name = "weight" if n_inputs == 1 else "weights"
    layers.append(keras.layers.Dense(1, use_bias=False, name=name))
    model = keras.Sequential(layers, name="deep" if hidden else "primer")
    cls, options = _OPTIMIZER_CODE[optimizer]
    model.compile(
        optimizer=getattr(keras.optimizers, cls)(learning_rate=0.01, **options),
        loss=loss,
        metrics=["mean_absolute_error", predicted],
    )
    # Create the optimizer's variables now (momentums, velocities, step counter), so
    # their starting values can be put back before every run.
    model.optimizer.build(model.trainable_variables)
    fresh = [np.array(v.numpy()) for v in model.optimizer.variables]
    kernels = tuple(layer.kernel for layer in model.layers)
    return _Slot(model, kernels, fresh, threading.Lock())


def _slot(n_inputs: int, loss: str, optimizer: str, hidden: int = 0,
          activation: str = "linear") -> _Slot:
    """The cached model for this configuration, built on first use.

    The least recently used model is dropped when more than :data:`MAX_MODELS` exist. A
    run that is still training it keeps its own reference and finishes normally.
    """
    global _models_built, _models_evicted
    _check_choices(loss, optimizer)
    key = (int(n_inputs), int(hidden), activation if hidden else "linear", loss, optimizer)
    with _slots_lock:
        slot = _slots.get(key)
        if slot is None:
            slot = _slots[key] = _build(*key)
            _models_built += 1
            while len(_slots) > MAX_MODELS:
                _slots.popitem(last=False)
                _models_evicted += 1
        else:
            _slots.move_to_end(key)
    return slot


def _reset(slot: _Slot, weights: Sequence[np.ndarray], alpha: float) -> None:
    """Put the model back to a fresh start: kernels, optimizer state, learning rate.

    ``weights`` holds one array per Dense layer, shaped like its kernel.
    """
    slot.model.set_weights([np.asarray(w, dtype=np.float32) for w in weights])
    optimizer = slot.model.optimizer
    optimizer.set_weights(slot.fresh_optimizer_state)  # zero slots, iterations = 0
    optimizer.learning_rate = keras_learning_rate(alpha)  # assigns the variable: no retrace


def cache_info() -> dict[str, int]:
    """How many models exist: ``models`` cached now, ``built`` and ``evicted`` since the
    process started, and the ``limit``."""
    return {"models": len(_slots), "built": _models_built, "evicted": _models_evicted,
            "limit": MAX_MODELS}


def _f32(value: float) -> np.float32:
    with np.errstate(over="ignore"):
        return np.float32(value)


# ---------------------------------------------------------------- the primer's problem


@dataclass(frozen=True)
class KerasRun(DescentRun):
    """A :class:`DescentRun` trained by Keras, with the settings Keras used.

    ``mean_absolute_error`` holds the metric of that name per step, before the update.
    """

    loss: str = "mean_squared_error"
    optimizer: str = "sgd"
    learning_rate: float = math.nan  # Keras' learning rate, as the float32 it really used
    mean_absolute_error: tuple[float, ...] = ()


def _stop_reason(iteration: int, what: str, unit: str = "iteration") -> str:
    return overflow_reason(
        iteration, unit, float_type="float32",
        cause=f"The model's {what} is no longer a finite number: Keras computes in float32, "
        "so a diverging run overflows long before the primer's float64 loop (about 1.8e308). "
        "The run diverged.",
    )


def train_like_primer(
    weight: float,
    network_input: float,
    goal: float,
    alpha: float,
    iterations: int = 20,
    *,
    loss: str = "mean_squared_error",
    optimizer: str = "sgd",
) -> KerasRun:
    """Train the one-weight Keras model like the primer's loop; one Step per iteration.

    Each iteration is one ``train_on_batch`` on the single example: the step's
    prediction and error are the model's before the update, its weight is the
    kernel after it. With the defaults (mean squared error, plain SGD) every
    weight equals :func:`primer.descent.descend`'s to float32 precision. A run
    whose numbers stop being finite ends at that iteration: ``stopped_at`` names
    it, ``stop_reason`` says why, and ``steps`` hold only finite numbers.
    """
    keras = _keras()
    slot = _slot(1, loss, optimizer)
    x32, goal32 = _f32(network_input), _f32(goal)
    x = keras.ops.convert_to_tensor(np.array([[x32]], dtype=np.float32))
    y = keras.ops.convert_to_tensor(np.array([[goal32]], dtype=np.float32))
    steps: list[Step] = []
    maes: list[float] = []
    stopped_at, reason = None, ""
    with slot.lock:
        _reset(slot, [np.array([[_f32(weight)]], dtype=np.float32)], alpha)
        learning_rate = float(slot.model.optimizer.learning_rate.numpy())
        for iteration in range(int(iterations)):
            logs = slot.model.train_on_batch(x, y, return_dict=True)
            prediction = np.float32(logs["predicted"])
            error = np.float32(logs["loss"])
            with np.errstate(over="ignore", invalid="ignore"):
                derivative = x32 * (prediction - goal32)  # float32 arithmetic
            new_weight = slot.kernel.numpy()[0, 0]
            values = {"prediction": prediction, "error": error,
                      "derivative": derivative, "weight": new_weight}
            bad = next((k for k, v in values.items() if not np.isfinite(v)), None)
            if bad is not None:
                stopped_at, reason = iteration, _stop_reason(iteration, bad)
                break
            steps.append(Step(iteration, float(prediction), float(error),
                              float(derivative), float(new_weight)))
            maes.append(float(np.float32(logs["mean_absolute_error"])))
    return KerasRun(
        weight, network_input, goal, alpha, int(iterations), tuple(steps),
        stopped_at=stopped_at, stop_reason=reason,
        loss=loss, optimizer=optimizer, learning_rate=learning_rate,
        mean_absolute_error=tuple(maes),
    )


# ---------------------------------------------------------------- several inputs, many rows


@dataclass(frozen=True)
class KerasPass:
    """One pass over every row; ``weights`` are the weights *after* the pass."""

    iteration: int
    loss: float  # the mean of this pass's batch losses: what Keras' fit() reports per epoch
    total_error: float  # each row's loss, summed (batch loss x rows in the batch)
    weights: tuple[float, ...]


@dataclass(frozen=True)
class KerasRowsRun(Stoppable):
    start_weights: tuple[float, ...]
    alpha: float
    passes: int
    batch_size: int
    loss: str
    optimizer: str
    learning_rate: float
    records: tuple[KerasPass, ...]

    @property
    def losses(self) -> list[float]:
        return [p.loss for p in self.records]

    @property
    def errors(self) -> list[float]:
        return [p.total_error for p in self.records]

    @property
    def weights(self) -> list[tuple[float, ...]]:
        return [p.weights for p in self.records]

    @property
    def final_weights(self) -> tuple[float, ...]:
        return self.records[-1].weights if self.records else self.start_weights


def train_on_rows(
    inputs,
    goals,
    weights: Sequence[float],
    alpha: float = 0.1,
    passes: int = 40,
    *,
    loss: str = "mean_squared_error",
    optimizer: str = "sgd",
    batch_size: int | None = 1,
) -> KerasRowsRun:
    """Train Dense(1, no bias) on rows of several inputs, recording every pass.

    ``inputs`` is 2-D (rows x inputs), ``goals`` 1-D (one per row), ``weights``
    one per input. Each pass calls ``train_on_batch`` on the rows in order, never
    shuffled. ``batch_size=1`` (the default) updates after every row, like the
    primer's streetlight loop in :mod:`primer.dataset`: with mean squared error and
    plain SGD each update is ``weights -= alpha x row x (prediction - goal)``.
    ``batch_size=None`` uses all rows in one batch: one update per pass with the
    mean gradient, ``weights -= alpha x mean(row x (prediction - goal))``.

    A pass whose numbers are no longer finite stops the run, as in
    :func:`train_like_primer`. Each call costs about a millisecond per batch; a
    batch shape the model has not seen yet traces its training step once more.
    """
    x = np.asarray(inputs, dtype=np.float64)
    y = np.asarray(goals, dtype=np.float64)
    if x.ndim != 2 or x.shape[0] == 0 or x.shape[1] == 0:
        raise ValueError(f"inputs must be 2-D (rows x inputs) and not empty; got shape {x.shape}")
    if y.shape != (x.shape[0],):
        raise ValueError(f"goals must be 1-D with one goal per row ({x.shape[0]}); got {y.shape}")
    start = tuple(float(w) for w in weights)
    if len(start) != x.shape[1]:
        raise ValueError(f"{x.shape[1]} inputs need {x.shape[1]} weights, got {len(start)}")
    rows = x.shape[0]
    size = rows if batch_size is None else int(batch_size)
    if size < 1:
        raise ValueError(f"batch_size must be at least 1 (or None for all rows); got {batch_size}")
    slot = _slot(x.shape[1], loss, optimizer)
    start32 = np.array([_f32(w) for w in start], dtype=np.float32).reshape(-1, 1)
    passes_, stopped_at, learning_rate = _train_passes(slot, x, y, size, [start32], alpha, passes)
    records = tuple(KerasPass(i, mean, total, tuple(float(w) for w in kernels[-1][:, 0]))
                    for i, (mean, total, kernels) in enumerate(passes_))
    reason = "" if stopped_at is None else _stop_reason(stopped_at, "loss or weights", "pass")
    return KerasRowsRun(start, alpha, int(passes), size, loss, optimizer, learning_rate,
                        records, stopped_at=stopped_at, stop_reason=reason)


def _train_passes(slot: _Slot, x: np.ndarray, y: np.ndarray, size: int, start: list,
                  alpha: float, passes: int):
    """Reset ``slot`` to ``start`` and train it ``passes`` times over the rows, in order.

    Each pass calls ``train_on_batch`` on batches of ``size`` rows. Returns, per pass
    that stayed finite, (mean of the batch losses, sum of each row's loss, the kernels
    after the pass as arrays); then the first pass that did not stay finite (or None),
    and the learning rate Keras really used (a float32).
    """
    keras = _keras()
    rows = x.shape[0]
    with np.errstate(over="ignore"):
        x32, y32 = x.astype(np.float32), y.astype(np.float32).reshape(-1, 1)
    batches = [
        (keras.ops.convert_to_tensor(x32[i:i + size]), keras.ops.convert_to_tensor(y32[i:i + size]),
         min(size, rows - i))
        for i in range(0, rows, size)
    ]
    done = []
    with slot.lock:
        _reset(slot, start, alpha)
        learning_rate = float(slot.model.optimizer.learning_rate.numpy())
        for iteration in range(int(passes)):
            batch_losses = [
                (slot.model.train_on_batch(xb, yb, return_dict=True)["loss"], n)
                for xb, yb, n in batches
            ]
            mean_loss = math.fsum(b for b, _ in batch_losses) / len(batch_losses)
            total = math.fsum(b * n for b, n in batch_losses)
            kernels = [k.numpy() for k in slot.kernels]
            if not (math.isfinite(mean_loss) and math.isfinite(total)
                    and all(np.isfinite(k).all() for k in kernels)):
                return done, iteration, learning_rate
            done.append((mean_loss, total, kernels))
    return done, None, learning_rate


# ---------------------------------------------------------------- the hidden-layer lesson


@dataclass(frozen=True)
class KerasDeepPass:
    """One pass over the four rows, one ``train_on_batch`` per row; weights after the pass."""

    index: int
    error: float  # each row's loss (before its update), summed: the book's error
    loss: float  # the mean of the rows' losses: what fit() reports for the epoch
    weights_0_1: deep.Matrix
    weights_1_2: tuple[float, ...]


@dataclass(frozen=True)
class KerasDeepRun(Stoppable):
    """The hidden-layer network trained by Keras (float32), one record per pass."""

    hidden: int
    alpha: float
    passes: int
    seed: int
    activation: str
    learning_rate: float  # alpha / 2, as the float32 Keras used
    records: tuple[KerasDeepPass, ...]

    @property
    def errors(self) -> list[float]:
        return [p.error for p in self.records]

    @property
    def losses(self) -> list[float]:
        return [p.loss for p in self.records]


def flat_weights(weights_0_1: deep.Matrix, weights_1_2: Sequence[float]) -> tuple[float, ...]:
    """Both layers' weights in one row, to compare two runs pass by pass."""
    return tuple(w for row in weights_0_1 for w in row) + tuple(weights_1_2)


def train_deep_keras(hidden: int = 4, alpha: float = 0.2, passes: int = 60, seed: int = 1,
                     activation: str = "relu") -> KerasDeepRun:
    """The book's two-layer network as a Keras model, trained like :func:`primer.deep.train_deep`.

    ``Sequential([Dense(hidden, relu, no bias), Dense(1, no bias)])`` with mean squared
    error and plain SGD at ``alpha / 2`` (Keras' gradient of the squared error is twice
    the book's delta), set to the book's starting weights for ``seed``, and trained on
    the four rows in order, one ``train_on_batch`` per row. The model is compiled once
    per (hidden units, activation) and reset for each run. Its errors equal the numpy
    run's to float32 precision; a run that overflows float32 stops at that pass.
    """
    deep.check(hidden, alpha, passes, seed, activation)
    weights_0_1, weights_1_2 = deep.start_weights(int(seed), int(hidden))
    slot = _slot(3, "mean_squared_error", "sgd", hidden=int(hidden), activation=activation)
    done, stopped_at, learning_rate = _train_passes(
        slot, np.array(deep.TABLE.inputs), np.array(deep.TABLE.goals), 1,
        [weights_0_1, weights_1_2], alpha, passes)
    records = tuple(
        KerasDeepPass(i, total, mean, tuple(tuple(float(v) for v in row) for row in kernels[0]),
                      tuple(float(v) for v in kernels[1][:, 0]))
        for i, (mean, total, kernels) in enumerate(done))
    reason = "" if stopped_at is None else _stop_reason(stopped_at, "loss or weights", "pass")
    return KerasDeepRun(int(hidden), float(alpha), int(passes), int(seed), activation,
                        learning_rate, records, stopped_at=stopped_at, stop_reason=reason)


# ---------------------------------------------------------------- for the page: summary, script


_summaries: dict[int, str] = {}


def model_summary(n_inputs: int = 1) -> str:
    """``model.summary()`` of the lesson's model, as text (the Keras workflow's step 2)."""
    if n_inputs not in _summaries:
        slot = _slot(n_inputs, "mean_squared_error", "sgd")
        lines: list[str] = []
        with slot.lock:
            # 64 characters: the table fits a projector's code box without a scroll bar
            slot.model.summary(line_length=64,
                               print_fn=lambda text, line_break=True: lines.append(text))
        _summaries[n_inputs] = "\n".join(line.rstrip("\n") for line in lines)
    return _summaries[n_inputs]


# ---------------------------------------------------------------- agreement, as a verdict

F32_EPS = float(np.finfo(np.float32).eps)  # 1.19e-07: float32 keeps about 7 digits
# Round-off carried along: each update rounds a handful of float32 numbers (prediction,
# difference, gradient, step, new weight), each by at most half a float32 step of the
# numbers in play, and later updates carry those errors along without amplifying them
# beyond the weights' own growth. So the difference, relative to the largest weight so
# far, stays below a few float32 steps per update. Measured: at most 4 steps over the
# primer's 20 iterations, and at most 17 over 240 updates of the hidden-layer network
# (30 random seeds, sizes and learning rates); a wrong rule (say, Keras' learning rate
# not halved) differs by a sizeable fraction of the weights within a few updates.
STEPS_PER_UPDATE = 4
SHORT_LOSSES = {"mean_squared_error": "squared error", "mean_absolute_error": "absolute error"}
SHORT_OPTIMIZERS = {"sgd": "plain SGD", "momentum": "SGD with momentum", "rmsprop": "RMSprop",
                    "adam": "Adam"}


class Match(enum.Enum):
    SAME = "same maths, within float32 round-off"
    DIFFERENT = "differs by more than round-off"
    OTHER_RULE = "a different rule, on purpose"
    NOTHING = "nothing to compare"


@dataclass(frozen=True, kw_only=True)
class MatchReport(Verdict):
    """How Keras' weights compare with the hand-written loop's, and what that means."""

    compared: int  # iterations or passes both runs finished
    relative: float  # the largest |Keras - loop|, over the largest |loop weight| so far
    tolerance: float  # the largest relative difference float32 round-off accounts for
    absolute: float  # the largest |Keras - loop| itself


def _one_part_in(relative: float) -> str:
    """0.00000027 -> "1 part in 3.7 million": a tiny fraction a student can picture."""
    n = 1 / relative
    for size, word in ((1e9, "billion"), (1e6, "million"), (1e3, "thousand")):
        if n >= size:
            return f"1 part in {fmt(n / size, 2)} {word}"
    return f"1 part in {fmt(n, 2)}"


def _percent(relative: float) -> str:
    """0.1 -> "10%"; a difference where the loop's weights are all 0 has no size to compare."""
    return percent(relative) if math.isfinite(relative) else "more than 100%"


def compare(
    keras_weights,
    loop_weights,
    *,
    start=None,
    loss: str = "mean_squared_error",
    optimizer: str = "sgd",
    updates_per_step: int = 1,
    unit: str = "iteration",
    keras_stopped_at: int | None = None,
    loop_stopped_at: int | None = None,
) -> MatchReport:
    """Do Keras and the hand-written loop compute the same thing? A verdict, from the numbers.

    ``*_weights`` hold, per iteration (or pass), the weight or the tuple of weights after
    it; ``start`` the weights both began from. Only the steps both runs finished are
    compared (float32 overflows sooner than float64). The difference is *relative*: the
    largest |Keras - loop| at a step, divided by the largest loop weight so far, so a
    diverging run's huge weights do not make round-off look like a disagreement. It is
    round-off when it stays below :data:`STEPS_PER_UPDATE` float32 steps per update.
    ``updates_per_step`` is how many updates one step holds (rows per pass).
    """
    _check_choices(loss, optimizer)
    n = min(len(keras_weights), len(loop_weights))
    relative = absolute = 0.0
    if n:
        kw = np.asarray(keras_weights[:n], dtype=float).reshape(n, -1)
        lw = np.asarray(loop_weights[:n], dtype=float).reshape(n, -1)
        scale = np.maximum.accumulate(np.max(np.abs(lw), axis=1))
        if start is not None:
            scale = np.maximum(scale, float(np.max(np.abs(np.asarray(start, dtype=float)))))
        gaps = np.max(np.abs(kw - lw), axis=1)
        with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
            ratios = np.where(gaps == 0, 0.0, gaps / scale)  # inf where the loop's are all 0
        relative, absolute = float(np.max(ratios)), float(np.max(gaps))
    updates = n * int(updates_per_step)
    tolerance = STEPS_PER_UPDATE * F32_EPS * (updates + 2)
    steps = plural(n, unit)
    same_rule = loss == "mean_squared_error" and optimizer == "sgd"

    def made(kind: Match, summary: str, why: str) -> MatchReport:
        return MatchReport(kind, summary, why, compared=n, relative=relative,
                           tolerance=tolerance, absolute=absolute)

    measured = (f"Largest difference: {fmt(absolute)}, which is {_percent(relative)} of the "
                f"largest weight so far. Float32 round-off can account for up to "
                f"{_percent(tolerance)} over {plural(updates, 'update')}: a few float32 "
                "steps per update, carried along.")
    overflow = ""
    if keras_stopped_at is not None and keras_stopped_at != loop_stopped_at:
        went_on = ("ran to the end" if loop_stopped_at is None
                   else f"overflowed at {unit} {loop_stopped_at}")
        overflow = (f" Keras overflowed at {unit} {keras_stopped_at}: float32 tops out near "
                    f"3.4e38, float64 near 1.8e308, and the float64 loop {went_on}.")
    if n == 0:
        return made(Match.NOTHING,
                    f"Nothing to compare yet: no {unit} finished with finite numbers in both "
                    "runs.", overflow.strip())
    if not same_rule:
        return made(
            Match.OTHER_RULE,
            f"Different curves: with {SHORT_LOSSES[loss]} and "
            f"{SHORT_OPTIMIZERS[optimizer]}, Keras follows another update rule, so its weights "
            f"leave the loop's (by up to {_percent(relative)} of their size).",
            "The hand-written loop is the primer's: squared error and plain SGD. Pick those "
            "and the two agree again. " + measured + overflow,
        )
    if relative <= tolerance:
        match = "exactly" if relative == 0 else f"to {_one_part_in(relative)}"
        return made(
            Match.SAME,
            f"Same maths: over {steps} Keras' weights match the loop's {match}. That is "
            "float32 round-off: Keras keeps about 7 digits.",
            "Keras computes in float32 (about 7 significant digits), the loop in Python's "
            "float64 (about 16). " + measured + overflow
            + (" Both diverge the same way; float32 only runs out of room sooner."
               if overflow else ""),
        )
    return made(
        Match.DIFFERENT,
        f"Keras' weights differ from the loop's by up to {_percent(relative)} of their size, "
        f"more than float32 round-off explains. Please report these settings.",
        measured + overflow,
    )


def judge(run, loop) -> MatchReport:
    """:func:`compare` for a Keras run and the hand-written run of the same settings.

    The pairs: :class:`KerasRun` and :class:`~primer.descent.DescentRun` (one example),
    :class:`KerasRowsRun` and :class:`~primer.dataset.TrainingRun` (a table, one row per
    update), :class:`KerasDeepRun` and :class:`~primer.deep.DeepRun` (the hidden layer).
    """
    if isinstance(run, KerasRun) and isinstance(loop, DescentRun):
        return compare([s.weight for s in run.steps], [s.weight for s in loop.steps],
                       start=loop.weight, loss=run.loss, optimizer=run.optimizer,
                       keras_stopped_at=run.stopped_at, loop_stopped_at=loop.stopped_at)
    if isinstance(run, KerasRowsRun) and isinstance(loop, TrainingRun):
        return compare(run.weights, [p.weights for p in loop.records], start=loop.start_weights,
                       loss=run.loss, optimizer=run.optimizer, unit="pass",
                       updates_per_step=-(-loop.data.n_rows // run.batch_size),
                       keras_stopped_at=run.stopped_at, loop_stopped_at=loop.stopped_at)
    if isinstance(run, KerasDeepRun) and isinstance(loop, deep.DeepRun):
        return compare([flat_weights(p.weights_0_1, p.weights_1_2) for p in run.records],
                       [flat_weights(p.weights_0_1, p.weights_1_2) for p in loop.records],
                       start=flat_weights(loop.start_weights_0_1, loop.start_weights_1_2),
                       unit="pass", updates_per_step=deep.TABLE.n_rows,
                       keras_stopped_at=run.stopped_at, loop_stopped_at=loop.stopped_at)
    raise TypeError(f"no comparison for {type(run).__name__} and {type(loop).__name__}")


def side_by_side(loop: Sequence[float], keras: Sequence[float], what: str,
                 unit: str = "iteration") -> str:
    """A loop-and-Keras chart in words: where the hand-written loop's ``what`` went, and
    where Keras' went, over the steps each kept (Keras, in float32, may stop sooner)."""
    return " ".join([trend(loop, "hand-written loop's " + what, unit),
                     trend(keras, "Keras " + what, unit)])


def weights_sentence(loop: Sequence[Sequence[float]], keras: Sequence[Sequence[float]],
                     names: Sequence[str], unit: str = "pass") -> str:
    """A chart of several weights, loop and Keras, in words: where each run left them."""
    def last(weights: Sequence[Sequence[float]]) -> str:
        if not weights:
            return "none finished"
        return ", ".join(f"{n} {fmt(w)}" for n, w in zip(names, weights[-1]))
    return (f"After {plural(len(loop), unit)} the hand-written loop's weights are "
            f"{last(loop)}; after {plural(len(keras), unit)} Keras' are {last(keras)}.")


def params_sentence(n_inputs: int = 1) -> str:
    """What ``Total params`` in :func:`model_summary` counts, in one sentence."""
    slot = _slot(n_inputs, "mean_squared_error", "sgd")
    trainable = sum(int(np.prod(v.shape)) for v in slot.model.trainable_variables)
    bookkeeping = sum(int(np.prod(v.shape)) for v in slot.model.optimizer.variables)
    weights = plural(trainable, "weight")
    return (f"Total params: {trainable + bookkeeping} is the {weights} the model learns plus "
            f"{bookkeeping} numbers the SGD optimizer keeps for its own bookkeeping (a step "
            "counter and the learning rate).")


# ---------------------------------------------------------------- the scripts students take home
#
# Each script is the Keras workflow of the primer, as a Script whose cells a page can show
# one by one: "setup", "data", "model", "compile", "fit", "check". Training is one call,
# history = model.fit(...), with one row per batch, in order, as the hand-written loops do.

_SETUP = '''import math
import os
import sys

os.environ["TF_CPP_MIN_LOG_LEVEL"] = "2"  # keep TensorFlow's start-up notes quiet
os.environ["TF_ENABLE_ONEDNN_OPTS"] = "0"  # plain CPU kernels: the same numbers every run

import keras
import numpy as np'''


def _setup_cell() -> Cell:
    return Cell("Keras and numpy; TensorFlow quiet, and the same numbers on every run.",
                _SETUP, "setup")


def _rows_code(rows) -> str:
    return ",\n".join(f"    {[float(v) for v in row]!r}" for row in rows)


def _compile_cell(loss: str, optimizer: str, metrics: Sequence[str], custom: bool) -> Cell:
    cls, options = _OPTIMIZER_CODE[optimizer]
    extra = "".join(f", {k}={v!r}" for k, v in options.items())
    names = ", ".join(m if m == "predicted" else f'"{m}"' for m in metrics)
    metric_def = ('def predicted(y_true, y_pred):\n'
                  '    """A metric: the model\'s prediction, made before the update."""\n'
                  '    return y_pred\n\n\n') if custom else ""
    metric_line = f"\n    metrics=[{names}]," if metrics else ""
    return Cell(
        "Configure the learning process: a loss, an optimizer and metrics to watch.",
        f'''{metric_def}# Keras' slope of the squared error is twice the primer's derivative,
# so half of alpha takes the primer's step.
model.compile(
    optimizer=keras.optimizers.{cls}(learning_rate=alpha / 2{extra}),
    loss="{loss}",{metric_line}
)''', "compile")


def _fit_cell(epochs: int, x: str, y: str, what: str) -> Cell:
    return Cell(
        f"Iterate on the training data: {what}, one row per update, in order.",
        f"history = model.fit({x}, {y}, epochs={int(epochs)}, batch_size=1, shuffle=False, "
        "verbose=0)", "fit")


def _finite(*values: float) -> None:
    if not all(map(math.isfinite, values)):
        raise ValueError("the script needs finite numbers")


def fit_script(
    weight: float,
    network_input: float,
    goal: float,
    alpha: float,
    iterations: int = 20,
    *,
    loss: str = "mean_squared_error",
    optimizer: str = "sgd",
) -> Script:
    """The primer's problem in the Keras workflow, trained with ``model.fit``.

    Each epoch is one update on the one example, so ``history.history`` holds, per
    iteration, the loss and the prediction *before* that update: the numbers
    :func:`train_like_primer` reports (the same model, the same steps). The script
    prints them in the primer's format (stopping at the first number that is no longer
    finite), then the trained weight, ``model.predict`` and ``model.evaluate``.
    """
    _check_choices(loss, optimizer)
    _finite(weight, network_input, goal, alpha)
    cells = (
        _setup_cell(),
        Cell("Define training data: input and target tensors, one number each (in float32).",
             assign(weight=float(weight), prediction_goal=float(goal),
                    network_input=float(network_input), alpha=float(alpha)) + "\n\n"
             'x = np.array([[network_input]], dtype="float32")\n'
             'y = np.array([[prediction_goal]], dtype="float32")', "data"),
        Cell('Define the network "model": one input times one weight, no bias.',
             "model = keras.Sequential([\n"
             "    keras.Input(shape=(1,)),\n"
             "    keras.layers.Dense(1, use_bias=False),\n"
             "])\n"
             'model.set_weights([np.array([[weight]], dtype="float32")])', "model"),
        _compile_cell(loss, optimizer, ("mean_absolute_error", "predicted"), custom=True),
        _fit_cell(iterations, "x", "y",
                  f"{plural(int(iterations), 'epoch', 'epochs')} of one example"),
        Cell("Check: what fit measured each epoch (before its update), then the trained model.",
             '''for iteration, error in enumerate(history.history["loss"]):
    prediction = history.history["predicted"][iteration]
    if not (math.isfinite(error) and math.isfinite(prediction)):
        print(f"Stopped at iteration {iteration}: float32 overflowed. The run diverged.",
              file=sys.stderr)
        break
    print("Iteration:" + str(iteration))
    print("Prediction:" + str(prediction))
    print("Error:" + str(error))
    print("*****")

print("Weight:" + str(float(model.get_weights()[0][0, 0])))
print("Predict:" + str(float(model.predict(x, verbose=0)[0, 0])))
print("Evaluate:" + str(model.evaluate(x, y, verbose=0, return_dict=True)["loss"]))''',
             "check"),
    )
    return Script(f"The primer's problem as a Keras model: {SHORT_LOSSES[loss]}, "
                  f"{SHORT_OPTIMIZERS[optimizer]}.", cells)


def fit_rows_script(
    inputs,
    goals,
    weights: Sequence[float],
    alpha: float = 0.1,
    passes: int = 40,
    *,
    loss: str = "mean_squared_error",
    optimizer: str = "sgd",
) -> Script:
    """A table of rows in the Keras workflow, trained with ``model.fit`` (one row per update).

    ``history.history["loss"]`` holds, per pass, the mean of the rows' losses, each
    measured before its row's update: :func:`train_on_rows`' ``losses`` to float32.
    The script prints them, then the trained weights, ``model.predict`` for every row and
    ``model.evaluate``.
    """
    _check_choices(loss, optimizer)
    x = np.asarray(inputs, dtype=float)
    y = np.asarray(goals, dtype=float)
    start = [float(w) for w in weights]
    if x.ndim != 2 or y.shape != (x.shape[0],) or len(start) != x.shape[1]:
        raise ValueError("inputs must be rows x inputs, with one goal per row and one weight "
                         "per input")
    _finite(*x.ravel(), *y, *start, alpha)
    goal_rows = _rows_code(y.reshape(-1, 1))
    cells = (
        _setup_cell(),
        Cell("Define training data: a row of inputs per example, and its goal (in float32).",
             assign(weights=start, alpha=float(alpha)) + "\n\n"
             f'inputs = np.array([\n{_rows_code(x)},\n], dtype="float32")\n'
             f'goals = np.array([\n{goal_rows},\n], dtype="float32")', "data"),
        Cell('Define the network "model": each input times its own weight, summed; no bias.',
             "model = keras.Sequential([\n"
             f"    keras.Input(shape=({x.shape[1]},)),\n"
             "    keras.layers.Dense(1, use_bias=False),\n"
             "])\n"
             'model.set_weights([np.array(weights, dtype="float32").reshape(-1, 1)])',
             "model"),
        _compile_cell(loss, optimizer, ("mean_absolute_error",), custom=False),
        _fit_cell(passes, "inputs", "goals", f"{plural(int(passes), 'pass')} over the rows"),
        Cell("Check: each pass's loss as fit reports it (the rows' mean), then the trained "
             "model.",
             '''for iteration, loss in enumerate(history.history["loss"]):
    if not math.isfinite(loss):
        print(f"Stopped at pass {iteration}: float32 overflowed. The run diverged.",
              file=sys.stderr)
        break
    print("Pass:" + str(iteration) + " Loss:" + str(loss))

print("Weights:" + str([float(w) for w in model.get_weights()[0][:, 0]]))
print("Predictions:" + str([float(p) for p in model.predict(inputs, verbose=0)[:, 0]]))
print("Evaluate:" + str(model.evaluate(inputs, goals, verbose=0, return_dict=True)["loss"]))''',
             "check"),
    )
    return Script(f"Several inputs, row by row, as a Keras model: {SHORT_LOSSES[loss]}, "
                  f"{SHORT_OPTIMIZERS[optimizer]}.", cells)


def deep_fit_script(hidden: int = 4, alpha: float = 0.2, passes: int = 60, seed: int = 1,
                    activation: str = "relu", every: int = 10) -> Script:
    """The hidden-layer network of :mod:`primer.deep` in the Keras workflow, with ``model.fit``.

    Same starting weights as the book (``np.random.seed`` then the two layers), same
    order of rows. It prints the book's ``Error:`` lines from the history (fit reports
    the mean of the four rows' losses; the book adds them up, so times 4): the lines of
    ``python -m primer deep --keras`` to float32. Then the predictions for the four rows.
    """
    deep.check(hidden, alpha, passes, seed, activation)
    deep.error_lines([], every)  # checks every
    streetlights, walk_vs_stop = deep.book_arrays()
    act = '"relu"' if activation == "relu" else '"linear"'
    note = "" if activation == "relu" else "  # no activation"
    cells = (
        _setup_cell(),
        Cell("Define training data: four rows of lights; walk (1) or stop (0).",
             assign(alpha=float(alpha), hidden_size=int(hidden)) + "\n\n"
             f'streetlights = np.array({streetlights.tolist()}, dtype="float32")\n'
             f'walk_vs_stop = np.array({walk_vs_stop.tolist()}, dtype="float32")', "data"),
        Cell('Define the network "model": lights, hidden layer, output; the book\'s weights.',
             f"""model = keras.Sequential([
    keras.Input(shape=(3,)),
    keras.layers.Dense(hidden_size, activation={act}, use_bias=False),{note}
    keras.layers.Dense(1, use_bias=False),
])
np.random.seed({int(seed)})
weights_0_1 = 2 * np.random.random((3, hidden_size)) - 1
weights_1_2 = 2 * np.random.random((hidden_size, 1)) - 1
model.set_weights([weights_0_1, weights_1_2])""", "model"),
        _compile_cell("mean_squared_error", "sgd", (), custom=False),
        _fit_cell(passes, "streetlights", "walk_vs_stop",
                  f"{plural(int(passes), 'pass')} over the four rows"),
        Cell("Check: the book's error every few passes, then the predictions.",
             f'''for iteration, loss in enumerate(history.history["loss"]):
    layer_2_error = loss * len(streetlights)  # fit reports the rows' mean; the book, their sum
    if not math.isfinite(layer_2_error):
        print(f"Stopped at pass {{iteration}}: float32 overflowed.", file=sys.stderr)
        break
    if iteration % {int(every)} == {int(every) - 1}:
        print("Error:" + str(layer_2_error))

print("Predictions:" + str([float(p) for p in model.predict(streetlights, verbose=0)[:, 0]]))''',
             "check"),
    )
    return Script(f"A hidden layer in Keras ({BOOK}, chapter 6).", cells)
