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
"""

from __future__ import annotations

import logging
import math
import os
import sys
import threading
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from primer.descent import DescentRun, Step
from primer.outcome import Stoppable
from primer.words import overflow_reason

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

_F32_MAX = float(np.finfo(np.float32).max)


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


def _keras():
    """Import Keras (and TensorFlow), quietly. Only the functions below call this."""
    os.environ.setdefault("KERAS_BACKEND", "tensorflow")
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")  # no C++ info/warning lines
    # oneDNN's rewritten kernels announce themselves on stderr (TF_CPP_MIN_LOG_LEVEL does
    # not silence that note in TF 2.21) and may round differently by computation order.
    # The plain kernels are as fast for one weight and give the same numbers every time.
    os.environ.setdefault("TF_ENABLE_ONEDNN_OPTS", "0")
    first = "keras" not in sys.modules
    import keras

    if first:
        # Each cached model traces its training step on first use. TensorFlow counts traces of the
        # same Python code across models and, after a few configurations, warns on stderr
        # about "excessive retracing". Here that is expected, so only errors are shown.
        logging.getLogger("tensorflow").setLevel(logging.ERROR)
    return keras


def _check_choices(loss: str, optimizer: str) -> None:
    if loss not in LOSSES:
        raise ValueError(f"loss must be one of {', '.join(LOSSES)}; got {loss!r}")
    if optimizer not in OPTIMIZERS:
        raise ValueError(f"optimizer must be one of {', '.join(OPTIMIZERS)}; got {optimizer!r}")


@dataclass
class _Slot:
    """One compiled model, the optimizer state it was built with, and its lock."""

    model: object
    kernel: object  # the Dense layer's kernel variable: shape (n_inputs, 1)
    fresh_optimizer_state: list
    lock: threading.Lock


_slots: dict[tuple[int, str, str], _Slot] = {}
_slots_lock = threading.Lock()
_models_built = 0


def _build(n_inputs: int, loss: str, optimizer: str) -> _Slot:
    keras = _keras()
    name = "weight" if n_inputs == 1 else "weights"
    model = keras.Sequential(
        [keras.Input(shape=(n_inputs,), name="network_input"),
         keras.layers.Dense(1, use_bias=False, name=name)],
        name="primer",
    )
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
    return _Slot(model, model.layers[0].kernel, fresh, threading.Lock())


def _slot(n_inputs: int, loss: str, optimizer: str) -> _Slot:
    """The cached model for this configuration, built on first use."""
    global _models_built
    _check_choices(loss, optimizer)
    key = (int(n_inputs), loss, optimizer)
    slot = _slots.get(key)
    if slot is None:
        with _slots_lock:
            slot = _slots.get(key)
            if slot is None:
                slot = _slots[key] = _build(*key)
                _models_built += 1
    return slot


def _reset(slot: _Slot, weights: np.ndarray, alpha: float) -> None:
    """Put the model back to a fresh start: kernel, optimizer state, learning rate."""
    slot.model.set_weights([weights.reshape(-1, 1)])
    optimizer = slot.model.optimizer
    optimizer.set_weights(slot.fresh_optimizer_state)  # zero slots, iterations = 0
    optimizer.learning_rate = keras_learning_rate(alpha)  # assigns the variable: no retrace


def cache_info() -> dict[str, int]:
    """How many models exist: ``models`` cached now, ``built`` since the process started."""
    return {"models": len(_slots), "built": _models_built}


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
        _reset(slot, np.array([_f32(weight)], dtype=np.float32), alpha)
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
    keras = _keras()
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
    with np.errstate(over="ignore"):
        x32, y32 = x.astype(np.float32), y.astype(np.float32).reshape(-1, 1)
    batches = [
        (keras.ops.convert_to_tensor(x32[i:i + size]), keras.ops.convert_to_tensor(y32[i:i + size]),
         min(size, rows - i))
        for i in range(0, rows, size)
    ]
    slot = _slot(x.shape[1], loss, optimizer)
    records: list[KerasPass] = []
    stopped_at, reason = None, ""
    with slot.lock:
        _reset(slot, np.array([_f32(w) for w in start], dtype=np.float32), alpha)
        learning_rate = float(slot.model.optimizer.learning_rate.numpy())
        for iteration in range(int(passes)):
            batch_losses = [
                (slot.model.train_on_batch(xb, yb, return_dict=True)["loss"], n)
                for xb, yb, n in batches
            ]
            mean_loss = math.fsum(b for b, _ in batch_losses) / len(batch_losses)
            total = math.fsum(b * n for b, n in batch_losses)
            new_weights = tuple(float(w) for w in slot.kernel.numpy()[:, 0])
            if not all(map(math.isfinite, [mean_loss, total, *new_weights])):
                stopped_at = iteration
                reason = _stop_reason(iteration, "loss or weights", unit="pass")
                break
            records.append(KerasPass(iteration, mean_loss, total, new_weights))
    return KerasRowsRun(start, alpha, int(passes), size, loss, optimizer, learning_rate,
                        tuple(records), stopped_at=stopped_at, stop_reason=reason)


# ---------------------------------------------------------------- for the page: summary, script


_summaries: dict[int, str] = {}


def model_summary(n_inputs: int = 1) -> str:
    """``model.summary()`` of the lesson's model, as text (the Keras workflow's step 2)."""
    if n_inputs not in _summaries:
        slot = _slot(n_inputs, "mean_squared_error", "sgd")
        lines: list[str] = []
        with slot.lock:
            slot.model.summary(print_fn=lambda text, line_break=True: lines.append(text))
        _summaries[n_inputs] = "\n".join(line.rstrip("\n") for line in lines)
    return _summaries[n_inputs]


def keras_script(
    weight: float,
    network_input: float,
    goal: float,
    alpha: float,
    iterations: int = 20,
    *,
    loss: str = "mean_squared_error",
    optimizer: str = "sgd",
) -> str:
    """A complete Keras script for these settings; it prints the same blocks as the CLI.

    Run it with ``python`` and its output equals ``python -m primer keras`` with
    the same settings, number for number: it builds the same model, compiles it
    the same way and trains it the same way, only fresh instead of reset.
    """
    _check_choices(loss, optimizer)
    if not all(map(math.isfinite, (weight, network_input, goal, alpha))):
        raise ValueError("the script needs finite numbers for weight, input, goal and alpha")
    cls, options = _OPTIMIZER_CODE[optimizer]
    extra = "".join(f", {k}={v!r}" for k, v in options.items())
    return f'''"""The primer's problem as a Keras model: {LOSSES[loss]}, {OPTIMIZERS[optimizer]}."""

import os
import sys

os.environ["TF_CPP_MIN_LOG_LEVEL"] = "2"  # keep TensorFlow's start-up notes quiet
os.environ["TF_ENABLE_ONEDNN_OPTS"] = "0"  # plain CPU kernels: the same numbers every run

import keras
import numpy as np

weight = {float(weight)!r}
prediction_goal = {float(goal)!r}
network_input = {float(network_input)!r}
alpha = {float(alpha)!r}


def predicted(y_true, y_pred):
    """A metric that reports the model's prediction, made before the update."""
    return y_pred


# Define training data: input tensors and target tensors (Keras computes in float32).
x = np.array([[network_input]], dtype="float32")
y = np.array([[prediction_goal]], dtype="float32")

# Define the network "model": one input times one weight, no bias.
model = keras.Sequential([keras.Input(shape=(1,)), keras.layers.Dense(1, use_bias=False)])
model.set_weights([np.array([[weight]], dtype="float32")])

# Configure the learning process: a loss, an optimizer and some metrics to monitor.
# Keras' squared-error gradient is 2 x input x (prediction - goal), twice the primer's
# derivative, so the learning rate alpha / 2 takes the primer's step.
model.compile(
    optimizer=keras.optimizers.{cls}(learning_rate=alpha / 2{extra}),
    loss="{loss}",
    metrics=["mean_absolute_error", predicted],
)

# Iterate on the training data: one update per iteration.
for iteration in range({int(iterations)}):
    logs = model.train_on_batch(x, y, return_dict=True)
    prediction = logs["predicted"]  # before this update
    error = logs["loss"]  # before this update
    derivative = float(x[0, 0] * (np.float32(prediction) - y[0, 0]))  # the primer's, in float32
    weight = float(model.get_weights()[0][0, 0])  # after this update
    if not np.all(np.isfinite([prediction, error, derivative, weight])):
        print(f"Stopped at iteration {{iteration}}: float32 overflowed. The run diverged.",
              file=sys.stderr)
        break

    print("Iteration:" + str(iteration))
    print("Prediction:" + str(prediction))
    print("Error:" + str(error))
    print("Derivative:" + str(derivative))
    print("Weight:" + str(weight))
    print("*****")
'''


# ---------------------------------------------------------------- the proof, and the rows' script


@dataclass(frozen=True)
class Agreement:
    """How far Keras' numbers are from the hand-written loop's, over the iterations both ran."""

    iterations: int  # how many iterations (or passes) were compared
    weight: float  # the largest |Keras weight - loop weight|, over iterations (and inputs)
    error: float  # the largest |Keras loss - loop error|
    weight_gap: float  # the gap from the loop's largest |weight| to the next float32 number
    error_gap: float  # the same, at the loop's largest error (inf: beyond float32's range)

    @property
    def float32_steps(self) -> float:
        """The largest weight difference, counted in float32 gaps (inf if there is none)."""
        if self.weight == 0:
            return 0.0
        return self.weight / self.weight_gap if math.isfinite(self.weight_gap) else math.inf


def _gap(values: np.ndarray) -> float:
    """The gap between neighbouring float32 numbers at the largest |value| (inf past float32)."""
    biggest = float(np.max(np.abs(values))) if values.size else 0.0
    if not biggest <= _F32_MAX:
        return math.inf
    return float(np.spacing(np.float32(biggest)))


def agreement(keras_weights, loop_weights, keras_errors=(), loop_errors=()) -> Agreement:
    """Compare Keras with the hand-written loop, iteration by iteration.

    ``*_weights`` hold one weight (or one tuple of weights) per iteration; the
    errors one number per iteration. Only the iterations both have are compared
    (Keras, in float32, stops a diverging run sooner). The gaps put the
    differences in scale: float32 cannot tell apart two numbers closer than that.
    """
    n = min(len(keras_weights), len(loop_weights))
    m = min(len(keras_errors), len(loop_errors), n)
    kw = np.asarray(keras_weights[:n], dtype=float).reshape(n, -1)
    lw = np.asarray(loop_weights[:n], dtype=float).reshape(n, -1)
    ke = np.asarray(keras_errors[:m], dtype=float)
    le = np.asarray(loop_errors[:m], dtype=float)
    return Agreement(
        iterations=n,
        weight=float(np.max(np.abs(kw - lw))) if n else 0.0,
        error=float(np.max(np.abs(ke - le))) if m else 0.0,
        weight_gap=_gap(lw),
        error_gap=_gap(le),
    )


def keras_rows_script(
    inputs,
    goals,
    weights: Sequence[float],
    alpha: float = 0.1,
    passes: int = 40,
    *,
    loss: str = "mean_squared_error",
    optimizer: str = "sgd",
) -> str:
    """A complete Keras script for :func:`train_on_rows` (one update per row).

    It prints, for every pass, the pass's total error and the weights after it,
    the same numbers as ``train_on_rows(...)`` with ``batch_size=1``.
    """
    _check_choices(loss, optimizer)
    x = np.asarray(inputs, dtype=float)
    y = np.asarray(goals, dtype=float)
    start = [float(w) for w in weights]
    if x.ndim != 2 or y.shape != (x.shape[0],) or len(start) != x.shape[1]:
        raise ValueError("inputs must be rows x inputs, with one goal per row and one weight "
                         "per input")
    if not all(map(math.isfinite, [*x.ravel(), *y, *start, alpha])):
        raise ValueError("the script needs finite numbers")
    cls, options = _OPTIMIZER_CODE[optimizer]
    extra = "".join(f", {k}={v!r}" for k, v in options.items())
    rows = ",\n".join(f"    {[float(v) for v in row]!r}" for row in x)
    goal_rows = ",\n".join(f"    [{float(g)!r}]" for g in y)
    title = f"Several inputs, row by row, as a Keras model: {LOSSES[loss]}, {OPTIMIZERS[optimizer]}"
    return f'''"""{title}."""

import math
import os
import sys

os.environ["TF_CPP_MIN_LOG_LEVEL"] = "2"  # keep TensorFlow's start-up notes quiet
os.environ["TF_ENABLE_ONEDNN_OPTS"] = "0"  # plain CPU kernels: the same numbers every run

import keras
import numpy as np

weights = {start!r}
alpha = {float(alpha)!r}

# Define training data: input tensors and target tensors (Keras computes in float32).
inputs = np.array([
{rows},
], dtype="float32")
goals = np.array([
{goal_rows},
], dtype="float32")

# Define the network "model": each input times its own weight, summed; no bias.
model = keras.Sequential([keras.Input(shape=({x.shape[1]},)),
                          keras.layers.Dense(1, use_bias=False)])
model.set_weights([np.array(weights, dtype="float32").reshape(-1, 1)])

# Configure the learning process: a loss, an optimizer and some metrics to monitor.
# Keras' squared-error gradient is 2 x row x (prediction - goal), twice the primer's
# row x (prediction - goal), so the learning rate alpha / 2 takes the primer's step.
model.compile(
    optimizer=keras.optimizers.{cls}(learning_rate=alpha / 2{extra}),
    loss="{loss}",
    metrics=["mean_absolute_error"],
)

# Iterate on the training data: one pass over the rows per iteration, one update per row.
for iteration in range({int(passes)}):
    losses = []
    for i in range(len(inputs)):
        logs = model.train_on_batch(inputs[i:i + 1], goals[i:i + 1], return_dict=True)
        losses.append(logs["loss"])  # this row's error, before its update
    total_error = math.fsum(losses)
    weights = [float(w) for w in model.get_weights()[0][:, 0]]  # after the pass
    if not all(math.isfinite(v) for v in [total_error, *weights]):
        print(f"Stopped at pass {{iteration}}: float32 overflowed. The run diverged.",
              file=sys.stderr)
        break

    print("Pass:" + str(iteration))
    print("Total error:" + str(total_error))
    print("Weights:" + str(weights))
    print("*****")
'''
