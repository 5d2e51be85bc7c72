"""Every chart of the app, built in one place: data in, :class:`Figure` out.

No Streamlit calls here. A chart has two parts, and they are built apart:

- its *shape*: marks, encodings, scales, titles, colours; written in Altair,
  built once per distinct shape by a :func:`template` (Altair's building and
  its jsonschema validation cost far more than the lesson's maths, so they are
  paid once, not on every slider move), and kept as a Vega-Lite dict whose
  layers read *named* data sets;
- its *data*: one DataFrame per named data set, made on every rerun.

A slider move changes only the data, so the spec Streamlit sends is the same
string as last time and the browser updates the Vega view in place instead of
building a new one. Everything that moves with the sliders (the marked
iteration, the best-weight rule, labels with numbers) is therefore data, and
every chart's title, its accessible name, never contains a number.

Rules every builder keeps:

- Nothing non-finite reaches a chart. Streamlit ships chart data as Arrow, and
  one ``inf`` breaks the whole Vega view, so :func:`finite` drops such rows.
- Tooltips show each number exactly as Python prints it (the primer's
  ``str(float)``), carried in a text column beside the numeric one.
- Colours are the Okabe-Ito palette, which reads for colour-blind viewers.
"""

from __future__ import annotations

import copy
import functools
import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

import altair as alt
import numpy as np
import pandas as pd
import pyarrow as pa

BLUE, ORANGE, GREEN, VERMILLION, SKY, PURPLE, YELLOW, BLACK = (
    "#0072B2", "#E69F00", "#009E73", "#D55E00", "#56B4E9", "#CC79A7", "#F0E442", "#000000",
)
PALETTE = [BLUE, ORANGE, GREEN, VERMILLION, SKY, PURPLE, YELLOW, BLACK]
STEP_GREY = "#8C8C8C"  # the current-step rule: mid grey reads on light and dark backgrounds
HEIGHT = 280


# ---------------------------------------------------------------- figures and templates


@dataclass(frozen=True)
class Figure:
    """A chart ready to draw: its Vega-Lite ``spec`` (shared, never modified) and this
    rerun's ``data`` for each named data set the spec reads."""

    spec: Mapping
    data: Mapping[str, pd.DataFrame]

    @property
    def name(self) -> str:
        """The chart's title: its accessible name, the same on every rerun."""
        title = self.spec.get("title", "")
        text = title.get("text", "") if isinstance(title, dict) else title
        return " ".join(text) if isinstance(text, list) else str(text)

    def with_data(self) -> dict:
        """The spec with this rerun's data attached, as ``st.vega_lite_chart`` takes it."""
        return {**self.spec, "datasets": dict(self.data)}


TEMPLATES: list[Callable] = []  # every template, so a test can build each shape


def template(build: Callable[..., alt.TopLevelMixin]) -> Callable[..., dict]:
    """Build an Altair chart once per distinct arguments (its shape) and keep its Vega-Lite
    dict, validated once by Altair when it is made. The arguments must be hashable."""

    @functools.lru_cache(maxsize=64)
    def spec(*args, **kwargs) -> dict:
        return build(*args, **kwargs).to_dict()

    functools.update_wrapper(spec, build)
    TEMPLATES.append(spec)
    return spec


def data(name: str) -> alt.NamedData:
    """A named data set: the template refers to it, each rerun fills it."""
    return alt.NamedData(name=name)


# Data sets are small (tens to a few hundred rows) and rebuilt on every rerun, where each
# pandas operation costs a fixed ~1 ms: so the helpers below avoid copies they do not need,
# and the one-row and rule data sets are built as Arrow tables straight from Python values.


def finite(df: pd.DataFrame, columns: list[str] | None = None) -> pd.DataFrame:
    """Only the rows whose numbers (in ``columns``, default all numeric) are finite."""
    numeric = df[columns] if columns else df.select_dtypes("number")
    if numeric.empty:
        return df
    mask = np.isfinite(numeric.to_numpy(dtype=float)).all(axis=1)
    return df if mask.all() else df[mask]


def exact(df: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    """Add ``<column>_exact``: the value as the primer prints it, for tooltips."""
    out = df.copy(deep=False)
    for c in columns:
        out[f"{c}_exact"] = pd.array([repr(v) for v in df[c].tolist()], dtype=object)
    return out


def _tooltip(columns: list[tuple[str, str]]) -> list[alt.Tooltip]:
    return [alt.Tooltip(f"{c}_exact:N", title=title) if c != "iteration"
            else alt.Tooltip("iteration:Q", title=title) for c, title in columns]


_MARKER = pa.schema([("value", pa.float64()), ("label", pa.string()), ("exact", pa.string())])


def marker(value: float | None, label: str) -> pa.Table:
    """The data of a labelled rule: one row at ``value``, or none (no rule) when there is no
    finite value to mark."""
    if value is None or not math.isfinite(value):
        return _MARKER.empty_table()
    return pa.table({"value": [float(value)], "label": [label], "exact": [repr(value)]},
                    schema=_MARKER)


def _rule(name: str, color: str, axis: str = "y") -> list[alt.Chart]:
    """A dashed rule, labelled, at the value in data set ``name`` (see :func:`marker`)."""
    base = alt.Chart(data(name))
    enc = alt.Y("value:Q") if axis == "y" else alt.X("value:Q")
    rule = base.mark_rule(color=color, strokeDash=[6, 4], strokeWidth=2).encode(
        enc, tooltip=[alt.Tooltip("label:N", title=""), alt.Tooltip("exact:N", title="value")]
    )
    text_enc = dict(y="value:Q") if axis == "y" else dict(x="value:Q")
    text = base.mark_text(align="left", dx=4, dy=-7, color=color, fontWeight="bold").encode(
        **text_enc, text="label:N",
        **({"x": alt.value(4)} if axis == "y" else {"y": alt.value(10)}),
    )
    return [rule, text]


def _layer(*charts: alt.Chart | list[alt.Chart] | None, title: str | alt.TitleParams,
           height: int = HEIGHT) -> alt.LayerChart:
    flat: list[alt.Chart] = []
    for c in charts:
        if isinstance(c, list):
            flat += c
        elif c is not None:
            flat.append(c)
    return alt.layer(*flat).properties(height=height, title=title)


def _step_marks(x: str, y: str, color: str, rule: bool = True) -> list[alt.Chart]:
    """Iteration ``at`` picked out (data set ``at``: one row with ``iteration``, ``x``, ``y``,
    ``label`` and ``<y>_exact``): a ring round its dot and, over iterations, a labelled rule."""
    at = alt.Chart(data("at"))
    marks = []
    if rule:
        marks.append(at.mark_rule(color=STEP_GREY, strokeWidth=2).encode(x=f"{x}:Q"))
        marks.append(at.mark_text(align="left", dx=4, y=8, color=STEP_GREY,
                                  fontWeight="bold").encode(x=f"{x}:Q", text="label:N"))
    marks.append(at.mark_point(shape="circle", size=320, strokeWidth=3, filled=False,
                               color=color, opacity=1).encode(
        x=f"{x}:Q", y=f"{y}:Q",
        tooltip=[alt.Tooltip("iteration:Q", title="iteration"),
                 alt.Tooltip(f"{y}_exact:N", title=y)]))
    return marks


def step_row(df: pd.DataFrame, at: int, *, x: str = "iteration", y: str,
             log: bool = False) -> pa.Table:
    """The ``at`` data set: the row of iteration ``at`` (none if it is not finite, or not
    positive on a log scale)."""
    columns = list(dict.fromkeys(["iteration", x, y]))
    iterations = df["iteration"].tolist()
    values = {c: [] for c in columns}
    if at in iterations:
        i = iterations.index(at)
        row = {c: df[c].iat[i].item() for c in columns}
        if all(math.isfinite(v) for v in row.values()) and not (log and row[y] <= 0):
            values = {c: [v] for c, v in row.items()}
    types = {c: pa.int64() if c == "iteration" else pa.float64() for c in columns}
    return pa.table({**{c: pa.array(v, type=types[c]) for c, v in values.items()},
                     f"{y}_exact": pa.array([repr(v) for v in values[y]], type=pa.string()),
                     "label": pa.array([f"iteration {at}"] * len(values[y]), type=pa.string())})


def readable(spec: Mapping, *, font: int = 20) -> dict:
    """The spec with type large enough to read from the back of a classroom, merged into its
    config (and taller, since Streamlit fits the bigger title, axes and legend into the
    chart's height). Cached per spec, so classroom mode costs nothing per rerun either."""
    key = id(spec)
    hit = _readable.get(key)
    if hit is not None and hit[0] is spec:
        return hit[1]
    big = copy.deepcopy(dict(spec))
    config = big.setdefault("config", {})
    for part, values in {
        "axis": {"labelFontSize": font, "titleFontSize": font + 2},
        "legend": {"labelFontSize": font, "titleFontSize": font, "symbolSize": 300,
                   "symbolStrokeWidth": 4},
        "title": {"fontSize": font + 4, "subtitleFontSize": font},
        "text": {"fontSize": font - 2},
        "line": {"strokeWidth": 4},
    }.items():
        config.setdefault(part, {}).update(values)
    height = big.get("height", HEIGHT)
    big["height"] = int((height if isinstance(height, int | float) else HEIGHT) * 1.25)
    _readable[key] = (spec, big)
    return big


_readable: dict[int, tuple[Mapping, dict]] = {}


# ---------------------------------------------------------------- descent lesson

# What each per-iteration chart plots: title, axis title, colour, tooltip, labelled rule.
_PER_ITERATION = {
    "error": ("Error per iteration", "Error", VERMILLION,
              (("error", "error"), ("prediction", "prediction"), ("weight", "weight after")),
              None),
    "weight": ("Weight per iteration", "Weight after the update", BLUE,
               (("weight", "weight after"),), "best weight"),
    "prediction": ("Prediction per iteration", "Prediction", ORANGE,
                   (("prediction", "prediction"),), "goal"),
}


@template
def _per_iteration(y: str, log: bool) -> alt.LayerChart:
    title, y_title, color, tooltip, level = _PER_ITERATION[y]
    scale = alt.Scale(type="log") if log else alt.Scale(zero=y == "error")
    line = alt.Chart(data("run")).mark_line(
        color=color, point=alt.OverlayMarkDef(color=color, size=40)).encode(
        x=alt.X("iteration:Q", title="Iteration", axis=alt.Axis(tickMinStep=1)),
        y=alt.Y(f"{y}:Q", title=y_title + (" (log scale)" if log else ""), scale=scale),
        tooltip=_tooltip([("iteration", "iteration"), *tooltip]),
    )
    return _layer(line, _rule("level", GREEN) if level else None,
                  _step_marks("iteration", y, color), title=title)


def per_iteration(df: pd.DataFrame, y: str, *, at: int, level: float | None = None,
                  log: bool = False) -> Figure:
    """One number of the run (``y``: error, weight or prediction) per iteration, iteration
    ``at`` marked, and for weight and prediction the best weight or the goal as a rule.
    On a log scale an error of exactly 0 has no place: left out."""
    _, _, _, tooltip, label = _PER_ITERATION[y]
    run = finite(df, ["iteration", y])
    if log:
        run = run[run[y] > 0]
    sets = {"run": exact(run, [c for c, _ in tooltip]), "at": step_row(df, at, y=y, log=log)}
    if label:
        sets["level"] = marker(level, label)
    return Figure(_per_iteration(y, log), sets)


TOUCH = "touch"  # the error bowl's click selection: the weight a click picks on the curve


@template
def _error_bowl(touch: bool) -> alt.LayerChart:
    x = alt.X("weight:Q", title="Weight", scale=alt.Scale(zero=False))
    parabola = alt.Chart(data("curve")).mark_line(color=SKY, strokeWidth=3).encode(
        x=x, y=alt.Y("error:Q", title="Error"))
    steps = alt.Chart(data("steps"))
    path = alt.Chart(data("path")).mark_line(color=VERMILLION, strokeWidth=1.5,
                                             opacity=0.8).encode(
        x="weight:Q", y="error:Q", order="iteration:Q")
    dots = steps.mark_circle(color=VERMILLION, size=70, opacity=1).encode(
        x="weight:Q", y="error:Q",
        tooltip=_tooltip([("iteration", "iteration"), ("weight", "weight"), ("error", "error")]),
    )
    # each update as an arrow along the weight axis, alpha x derivative long, at the height
    # of the error it started from; a dotted drop to the curve where it lands
    arrows = alt.Chart(data("arrows"))
    arrow_tip = [alt.Tooltip("iteration:Q", title="iteration"),
                 alt.Tooltip("step_exact:N", title="alpha × derivative"),
                 alt.Tooltip("weight_exact:N", title="from weight"),
                 alt.Tooltip("to_exact:N", title="to weight")]
    drop = arrows.mark_rule(color=VERMILLION, strokeDash=[2, 3], opacity=0.7).encode(
        x="to:Q", y="error:Q", y2="error_to:Q")
    shaft = arrows.mark_rule(color=VERMILLION, strokeWidth=2.5).encode(
        x="weight:Q", x2="to:Q", y="error:Q", tooltip=arrow_tip)
    head = arrows.mark_point(filled=True, size=140, color=VERMILLION, opacity=1).encode(
        x="to:Q", y="error:Q", shape=alt.Shape("head:N", scale=None), tooltip=arrow_tip)
    tangent = alt.Chart(data("tangent")).mark_line(color=PURPLE, strokeWidth=2.5).encode(
        x="weight:Q", y="error:Q",
        tooltip=[alt.Tooltip("slope_exact:N", title="slope of the curve"),
                 alt.Tooltip("derivative_exact:N", title="derivative (half the slope)")])
    layers = [parabola, path, drop, shaft, head, tangent, dots, _rule("best", GREEN, axis="x"),
              _step_marks("weight", "error", VERMILLION, rule=False)]
    if touch:
        # a click anywhere on the plot picks the curve's weight under it: an invisible strip
        # from top to bottom per point of the curve (data set ``picks``, see :func:`strips`)
        # carries the selection, and Streamlit hands the picked weight to the page. Strips,
        # not `nearest`: Vega finds the nearest point through a Voronoi diagram of the 201
        # points that it computes again on every move, ~35 ms of the browser's work per
        # slider step (renderer CPU measured alternately, n=16), and the strips cost ~0.
        # Invisible, they are kept out of what a screen reader lists (aria=False): Vega
        # would describe each of the 201 strips, as it does each dot of the run.
        pick = alt.selection_point(name=TOUCH, fields=["weight"], on="click", empty=False)
        layers.append(alt.Chart(data("picks")).mark_rect(opacity=0, aria=False).encode(
            x="lo:Q", x2="hi:Q", y=alt.value(0), y2=alt.value({"expr": "height"}),
        ).add_params(pick))
    return _layer(*layers, title="Error for every weight")


def error_bowl(curve: pd.DataFrame, steps: pd.DataFrame, best: float | None, at: int, *,
               tangent: pd.DataFrame | None = None, arrows: pd.DataFrame | None = None,
               touch: bool = False) -> Figure:
    """The error for every weight (a parabola) with the weight each iteration started from.

    ``curve`` has ``weight`` and ``error``; ``steps`` one row per iteration: ``iteration``,
    the ``weight`` it started from and its ``error``. With ``arrows`` (from
    ``primer.bowl.arrows``) each update is an arrow from where it stood to where it
    went, instead of a line joining the dots; ``tangent`` (``primer.bowl.tangent``) is
    the tangent where iteration ``at`` stands. With ``touch`` a click on the chart selects
    the nearest weight of the curve (selection :data:`TOUCH`; draw it with a key).
    """
    cols = ["iteration", "weight", "error"]
    path = finite(steps, cols)
    if arrows is None:
        arrows = pd.DataFrame({k: [] for k in ("iteration", "weight", "to", "error",
                                                "error_to", "step", "right")})
    else:
        path = path.iloc[0:0]
    arrows = finite(arrows, ["weight", "to", "error", "error_to", "step"])
    arrows = exact(arrows, ["weight", "to", "step"]).assign(
        head=["triangle-right" if r else "triangle-left" for r in arrows["right"]])
    if tangent is None:
        tangent = pd.DataFrame({"weight": [], "error": [], "slope": [], "derivative": []})
    curve = finite(curve, ["weight", "error"])
    sets = {"picks": strips(curve["weight"])} if touch else {}
    return Figure(_error_bowl(touch), {
        **sets,
        "curve": curve,
        "steps": exact(finite(steps, cols), ["weight", "error"]),
        "path": path,
        "arrows": arrows,
        "tangent": exact(finite(tangent, ["weight", "error", "slope"]),
                         ["slope", "derivative"]),
        "best": marker(best, "best weight"),
        "at": step_row(steps, at, x="weight", y="error"),
    })


def strips(weights: pd.Series) -> pa.Table:
    """One strip per weight (in increasing order) reaching halfway to its neighbours, so the
    strips tile the curve's range and a click at any x falls in the strip of the weight
    nearest to it: ``weight``, ``lo``, ``hi``."""
    w = weights.to_numpy(dtype=float)
    if len(w) == 0:
        return pa.table({"weight": pa.array([], pa.float64()), "lo": pa.array([], pa.float64()),
                         "hi": pa.array([], pa.float64())})
    mid = (w[1:] + w[:-1]) / 2
    first, last = (w[1] - w[0], w[-1] - w[-2]) if len(w) > 1 else (1.0, 1.0)
    return pa.table({"weight": w, "lo": np.concatenate([[w[0] - first / 2], mid]),
                     "hi": np.concatenate([mid, [w[-1] + last / 2]])})


# Okabe-Ito without yellow (too pale on white) and black (invisible on a dark theme).
LINE_COLORS = [BLUE, ORANGE, GREEN, VERMILLION, PURPLE, SKY]


@template
def _error_by_alpha(log: bool, lines: tuple[tuple[str, tuple[int, ...]], ...]) -> alt.LayerChart:
    labels = [label for label, _ in lines]
    # one label to a row: two side by side stick out of a phone-wide chart
    legend = alt.Legend(orient="top", direction="horizontal", columns=1, labelLimit=360,
                        symbolType="stroke", symbolSize=500, symbolStrokeWidth=3)
    color = alt.Color("label:N", title="Learning rate", sort=labels, scale=alt.Scale(
        domain=labels, range=[LINE_COLORS[i % len(LINE_COLORS)] for i in range(len(labels))]),
        legend=legend)
    dash = alt.StrokeDash("label:N", title="Learning rate", sort=labels, scale=alt.Scale(
        domain=labels, range=[list(d) for _, d in lines]), legend=legend)
    run = alt.Chart(data("runs"))
    drawn = run.mark_line(strokeWidth=2.5, point=alt.OverlayMarkDef(size=25)).encode(
        x=alt.X("iteration:Q", title="Iteration", axis=alt.Axis(tickMinStep=1)),
        y=alt.Y("error:Q", title="Error (log scale)" if log else "Error",
                scale=alt.Scale(type="log") if log else alt.Scale(zero=True),
                axis=alt.Axis(format=".0e") if log else alt.Axis()),  # 1e-6, not 0.000001
        color=color, strokeDash=dash,
        tooltip=[alt.Tooltip("label:N", title="run"), alt.Tooltip("iteration:Q"),
                 alt.Tooltip("error_exact:N", title="error")],
    )
    # each line's name at its last point; a run that reached 0 ends early on a log scale and
    # its name sits above its only dot
    names = [alt.Chart(data("ends")).transform_filter(test).mark_text(
        align="left", dx=6, dy=dy, fontWeight="bold").encode(
        x="iteration:Q", y="error:Q", text="short:N", color=color)
        for test, dy in (("!datum.early", 0), ("datum.early", -12))]
    rows = len(labels)  # Streamlit fits title, legend and plot into the height
    return _layer(drawn, names, title="Error, one line per α",
                  height=HEIGHT + 80 + 22 * rows)


def error_by_alpha(df: pd.DataFrame, dashes: Mapping[str, tuple[int, ...]], *,
                   log: bool = True) -> Figure:
    """One error line per learning rate (``alpha``, ``regime``, ``iteration``, ``error``).

    Each line has its own colour and the dash pattern of its regime (``dashes`` maps a
    regime's label to it), and the legend and a label at the line's end name the learning
    rate and what it does.
    """
    df = finite(df, ["alpha", "iteration", "error"])
    reached_zero = set(df.loc[df["error"] == 0, "alpha"]) if log else set()
    if log:
        df = df[df["error"] > 0]
    df = df.assign(label=[f"α = {a:g}: {r}" for a, r in zip(df["alpha"], df["regime"])],
                   short=[f"α {a:g}" + (", then 0" if a in reached_zero else "")
                          for a in df["alpha"]])
    lines = tuple(dict.fromkeys((lab, tuple(dashes[r])) for lab, r in
                                zip(df["label"], df["regime"])))
    runs = exact(df, ["error"])
    ends = runs.groupby("label", sort=False).tail(1)
    ends = ends.assign(early=ends["alpha"].isin(reached_zero))
    return Figure(_error_by_alpha(log, lines), {"runs": runs, "ends": ends})


# ---------------------------------------------------------------- correlation lesson


@template
def _total_error_per_pass(log: bool, dots: bool) -> alt.LayerChart:
    point = alt.OverlayMarkDef(color=VERMILLION, size=30) if dots else False
    line = alt.Chart(data("passes")).mark_line(color=VERMILLION, point=point).encode(
        x=alt.X("pass:Q", title="Pass over the table", axis=alt.Axis(tickMinStep=1)),
        y=alt.Y("total_error:Q", title="Total error (log scale)" if log else "Total error",
                scale=alt.Scale(type="log") if log else alt.Scale(zero=True)),
        tooltip=[alt.Tooltip("pass:Q", title="pass"),
                 alt.Tooltip("total_error_exact:N", title="total error")],
    )
    return _layer(line, _rule("floor", GREEN), title="Total error per pass")


def total_error_per_pass(df: pd.DataFrame, floor: float | None, *, log: bool = False
                         ) -> Figure:
    """The total error of each pass (``pass``, ``total_error``) with the floor marked.

    On a log scale an error (or floor) of exactly 0 has no place: left out.
    """
    df = exact(finite(df, ["pass", "total_error"]), ["total_error"])
    if log:
        df = df[df["total_error"] > 0]
        floor = floor if floor is not None and floor > 0 else None
    return Figure(_total_error_per_pass(log, len(df) <= 60),
                  {"passes": df, "floor": marker(floor, "floor")})


@template
def _correlation_bars(inputs: tuple[str, ...]) -> alt.LayerChart:
    y = alt.Y("input:N", title=None, sort=list(inputs),
              axis=alt.Axis(labelLimit=400))  # a column's whole name, even at classroom size
    x = alt.X("r:Q", title="Correlation with the goal", scale=alt.Scale(domain=[-1, 1]))
    tooltip = [alt.Tooltip("input:N", title="input"),
               alt.Tooltip("r_exact:N", title="correlation")]
    base = alt.Chart(data("bars"))
    bars = base.transform_filter("datum.known").mark_bar(height={"band": 0.6}).encode(
        x=x, y=y, tooltip=tooltip,
        color=alt.Color("direction:N", title=None, legend=None, scale=alt.Scale(
            domain=["with the goal", "against the goal"], range=[BLUE, VERMILLION])),
    )
    zero = alt.Chart(data("zero")).mark_rule(color=BLACK, opacity=0.5).encode(x="r:Q")
    positive = base.transform_filter("datum.known && datum.r >= 0").mark_text(
        align="left", dx=4, fontWeight="bold").encode(x=x, y=y, text="label:N", tooltip=tooltip)
    negative = base.transform_filter("datum.known && datum.r < 0").mark_text(
        align="right", dx=-4, fontWeight="bold").encode(x=x, y=y, text="label:N", tooltip=tooltip)
    unknown = base.transform_filter("!datum.known").mark_text(
        align="left", dx=6, color="#666666", fontStyle="italic").encode(
        x=x, y=y, text="label:N", tooltip=tooltip)
    return _layer(zero, bars, positive, negative, unknown,
                  title="Correlation with the goal")


def correlation_bars(df: pd.DataFrame) -> Figure:
    """Each input's correlation with the goal (``input``, ``r``): a bar from -1 to 1.

    ``r`` may be None (or NaN) where an input or the goal never changes: that
    input gets no bar, only the words "no variation", so no NaN reaches Vega.
    """
    r = pd.to_numeric(df["r"], errors="coerce").astype(float)
    known = np.isfinite(r.to_numpy())
    bars = pd.DataFrame({
        "input": df["input"].astype(str).to_numpy(),
        "r": np.where(known, r.to_numpy(), 0.0),
        "label": [("0.00" if round(v, 2) == 0 else f"{v:+.2f}") if k else "no variation"
                  for v, k in zip(r, known, strict=True)],
        "direction": [("with the goal" if v >= 0 else "against the goal") if k
                      else "no variation" for v, k in zip(r, known, strict=True)],
        "known": known,
    })
    bars = exact(bars, ["r"]).assign(
        r_exact=lambda d: d["r_exact"].where(d["known"], "none: it never changes"))
    return Figure(_correlation_bars(tuple(bars["input"])),
                  {"bars": bars, "zero": pd.DataFrame({"r": [0.0]})})


@template
def _weights_per_pass(inputs: tuple[str, ...], dots: bool) -> alt.LayerChart:
    colours = [PALETTE[i % len(PALETTE)] for i in range(len(inputs))]
    point = alt.OverlayMarkDef(size=25) if dots else False
    lines = alt.Chart(data("weights")).mark_line(point=point).encode(
        x=alt.X("pass:Q", title="Pass over the table", axis=alt.Axis(tickMinStep=1)),
        y=alt.Y("weight:Q", title="Weight after the pass", scale=alt.Scale(zero=False),
                axis=alt.Axis(format="~g")),
        color=alt.Color("input:N", title="Input", sort=list(inputs),
                        scale=alt.Scale(domain=list(inputs), range=colours),
                        legend=alt.Legend(orient="right")),
        tooltip=[alt.Tooltip("pass:Q", title="pass"), alt.Tooltip("input:N", title="input"),
                 alt.Tooltip("weight_exact:N", title="weight after")],
    )
    return _layer(lines, title="Weights, pass by pass")


def weights_per_pass(df: pd.DataFrame, inputs: list[str]) -> Figure:
    """One line per input: its weight after each pass (``pass`` plus one column per input)."""
    long = df.melt(id_vars=["pass"], value_vars=list(inputs), var_name="input",
                   value_name="weight")
    long = exact(finite(long, ["pass", "weight"]), ["weight"])
    return Figure(_weights_per_pass(tuple(inputs), df.shape[0] <= 60), {"weights": long})


# ---------------------------------------------------------------- neuron lesson


@template
def _knob_line(x: str, x_title: str, color: str, title: str, rising: bool) -> alt.LayerChart:
    xs = alt.X(f"{x}:Q", title=x_title)
    ys = alt.Y("prediction:Q", title="Prediction")
    tooltip = [alt.Tooltip(f"{x}_exact:N", title=x),
               alt.Tooltip("prediction_exact:N", title="prediction")]
    line = alt.Chart(data("line"))
    curve = line.mark_line(color=color, strokeWidth=3).encode(xs, ys)
    dots = line.mark_circle(color=color, size=25, opacity=0.35).encode(xs, ys, tooltip=tooltip)
    # invisible points that keep a flat line's axis from collapsing onto it
    room = alt.Chart(data("room")).mark_point(opacity=0).encode(xs, ys)
    now = alt.Chart(data("now"))
    marker_ = now.mark_point(shape="circle", size=260, filled=True, color=VERMILLION,
                             stroke=BLACK, strokeWidth=1.5, opacity=1).encode(
        xs, ys, tooltip=tooltip)
    # The label goes in the top corner the line stays away from: a line through 0 that
    # rises runs bottom-left to top-right, so its top-left corner is empty.
    corner = dict(align="left", x=8) if rising else dict(align="right", x="width", dx=-8)
    label = now.mark_text(**corner, y=12, fontSize=14, fontWeight="bold",
                          color=VERMILLION).encode(text="label:N")
    zero = alt.Chart(data("zero")).mark_rule(color="#999999", strokeDash=[6, 4],
                                             strokeWidth=2).encode(y="value:Q")
    return _layer(zero, room, curve, dots, marker_, label, title=title)


def knob_line(line: pd.DataFrame, x: str, x_title: str, current: float, prediction: float,
              *, title: str, color: str = BLUE) -> Figure:
    """The prediction as one knob turns (columns ``x`` and ``prediction``), now marked.

    ``current`` and ``prediction`` are where the sliders stand: a large dot with
    the exact numbers in its tooltip, and a label with them.
    """
    line = exact(finite(line, [x, "prediction"]), [x, "prediction"])
    flat = line["prediction"].nunique() <= 1  # input 0 or weight 0: give the axis some room
    low = float(line["prediction"].iloc[0]) if flat and len(line) else 0.0
    room = pd.DataFrame({x: [0.0, 0.0], "prediction": [low - 1, low + 1]}) if flat else \
        pd.DataFrame({x: pd.Series([], dtype=float), "prediction": pd.Series([], dtype=float)})
    now = exact(finite(pd.DataFrame({x: [current], "prediction": [prediction]})),
                [x, "prediction"])
    now = now.assign(label=[f"● now: {x} {a} → prediction {b}"
                            for a, b in zip(now[f"{x}_exact"], now["prediction_exact"])])
    rising = len(line) < 2 or line["prediction"].iloc[-1] >= line["prediction"].iloc[0]
    return Figure(_knob_line(x, x_title, color, title, bool(rising)),
                  {"line": line, "room": room, "now": now, "zero": pd.DataFrame({"value": [0.0]})})


@template
def _contribution_bars() -> alt.LayerChart:
    x = alt.X("name:N", title=None, sort=None,
              axis=alt.Axis(labelAngle=0, labelOverlap=False, labelFontSize=13))
    # padding keeps the value written above the tallest bar inside the chart
    y = alt.Y("contribution:Q", title="input × weight", scale=alt.Scale(padding=22))
    tooltip = [alt.Tooltip("name:N", title=""), alt.Tooltip("input_exact:N", title="input"),
               alt.Tooltip("weight_exact:N", title="weight"),
               alt.Tooltip("contribution_exact:N", title="input × weight")]
    base = alt.Chart(data("bars"))
    bars = base.mark_bar(size=60).encode(
        x, y, tooltip=tooltip,
        color=alt.Color("kind:N", title=None, legend=None,
                        scale=alt.Scale(domain=["input × weight", "prediction (the sum)"],
                                        range=[SKY, BLUE])),
    )
    above = base.transform_filter("!datum.below").mark_text(
        dy=-9, fontSize=14, fontWeight="bold").encode(x, y, text="label:N")
    under = base.transform_filter("datum.below").mark_text(
        dy=11, fontSize=14, fontWeight="bold").encode(x, y, text="label:N")
    zero = alt.Chart(data("zero")).mark_rule(color=BLACK, opacity=0.6).encode(y="v:Q")
    return _layer(bars, zero, above, under, title="What each input adds")


def contribution_bars(df: pd.DataFrame) -> Figure:
    """Each input's share of a weighted sum, and the total, as bars.

    ``df`` has one row per input (``name``, ``input``, ``weight``, ``contribution``)
    and a last row for the total (``name`` "prediction", ``input``/``weight`` None).
    """
    df = df.assign(kind=["input × weight"] * (len(df) - 1) + ["prediction (the sum)"])
    df = finite(df, ["contribution"])
    df = df.assign(
        contribution_exact=df["contribution"].map(repr),
        input_exact=[("" if v is None or v != v else repr(v)) for v in df["input"]],
        weight_exact=[("" if v is None or v != v else repr(v)) for v in df["weight"]],
        label=df["contribution"].map(lambda v: f"{v:.4g}"),
        below=df["contribution"] < 0,
    ).drop(columns=["input", "weight"])
    return Figure(_contribution_bars(), {"bars": df, "zero": pd.DataFrame({"v": [0.0]})})


# ---------------------------------------------------------------- hot-and-cold lesson

HOT_COLD, DESCENT = "hot and cold", "gradient descent"


# How many rows of a long run a chart draws at most. A chart is ~450 px wide (two to a row),
# so 150 rows (75 stretches, each its lowest and highest value) is one stretch per ~6 px, and
# a bounce's envelope still shows; every row costs the browser's Vega work per move (each
# dot's tooltip fields are evaluated row by row), so /hot-and-cold's four charts drawing 400
# rows per method made its slider the slowest of the app.
MAX_POINTS = 150


def thin(df: pd.DataFrame, field: str, max_points: int = MAX_POINTS,
         keep: tuple[int, ...] = ()) -> pd.DataFrame:
    """At most about ``max_points`` rows of a long run, keeping its shape.

    The run is cut into stretches of iterations; each stretch keeps its highest and
    lowest ``field``, so a bounce's top and bottom both survive. The first and last
    rows and the iterations in ``keep`` always stay. The kept rows are untouched, so
    their tooltips still show the exact numbers.
    """
    if len(df) <= max_points:
        return df
    df = df.reset_index(drop=True)
    stretch = np.arange(len(df)) * max(max_points // 2, 1) // len(df)
    values = df[field].astype(float)
    rows = set(values.groupby(stretch).idxmin()) | set(values.groupby(stretch).idxmax())
    rows |= {0, len(df) - 1} | set(np.flatnonzero(df["iteration"].isin(keep)))
    return df.iloc[sorted(rows)]


# How many rows of a long run get a dot (the dots carry the tooltips). The line keeps its
# MAX_POINTS rows, so the run's shape is the same; a dot costs the browser far more than a
# line's vertex (Vega evaluates each dot's position, colour and tooltip fields on every
# move), and on /hot-and-cold a dot on each of the four charts' 150 rows per method was
# 150 ms of a slider move's ~850 ms (`python /work/speed/ab.py`-style alternation, n=9).
MAX_DOTS = 40


def dotted(df: pd.DataFrame, max_dots: int = MAX_DOTS, keep: tuple[int, ...] = ()) -> pd.DataFrame:
    """The rows of ``df`` (one run, in order) that get a dot: every row of a short run; of
    a long one about ``max_dots`` evenly spaced rows, its first and last, and the
    iterations in ``keep``."""
    if len(df) <= max_dots:
        return df
    df = df.reset_index(drop=True)
    rows = set(range(0, len(df), -(-len(df) // max_dots)))
    rows |= {len(df) - 1} | set(np.flatnonzero(df["iteration"].isin(keep)))
    return df.iloc[sorted(rows)]


def dots_note(iterations: int, drawn: int, dots: int) -> str:
    """What a long run's chart leaves out: ``drawn`` of its ``iterations`` rows are on the
    line (see :func:`thin`), ``dots`` of those carry a dot (see :func:`dotted`)."""
    line = ("every one is on the line" if drawn >= iterations else
            f"the line keeps {drawn:,} of them (each stretch's highest and lowest value, "
            "so its shape stays true)")
    return (f"{iterations:,} iterations: {line}, and {dots:,} carry a dot. Hover a dot for "
            "its exact numbers; the table (Every iteration) has them all.")


def _methods_per_iteration(field: str, title: str, scale: alt.Scale,
                           tooltip: tuple[tuple[str, str], ...], methods: tuple[str, ...]
                           ) -> list[alt.Chart]:
    """One line per ``method`` (data set ``runs``); dots (data set ``dots``: see
    :func:`dotted`) carry the tooltips."""
    legend = alt.Legend(orient="bottom") if len(methods) > 1 else None
    colour = alt.Color("method:N", title=None, legend=legend,
                       scale=alt.Scale(domain=list(methods),
                                       range=[{HOT_COLD: ORANGE, DESCENT: BLUE}[m]
                                              for m in methods]))
    x = alt.X("iteration:Q", title="Iteration", axis=alt.Axis(tickMinStep=1))
    # Vega picks which log ticks get a label; this only rewrites those it picked, as plain
    # decimals down to 0.001 and powers of ten below (not 0.000001 beside 1e-10)
    axis = alt.Axis(labelExpr="datum.label == '' ? '' : datum.value >= 0.001 ? "
                    "format(datum.value, '~g') : format(datum.value, '.0e')"
                    ) if scale.type == "log" else alt.Axis()
    y = alt.Y(f"{field}:Q", title=title, scale=scale, axis=axis)
    lines = alt.Chart(data("runs")).mark_line(strokeWidth=2).encode(x, y, colour,
                                                                     detail="method:N")
    dots = alt.Chart(data("dots")).mark_circle(size=40, opacity=0.8).encode(
        x, y, colour,
        tooltip=[alt.Tooltip("method:N", title=""), alt.Tooltip("iteration:Q", title="iteration"),
                 *[alt.Tooltip(f"{c}_exact:N", title=t) for c, t in tooltip]],
    )
    return [lines, dots]


_HOT_TOOLTIP = (("error", "error"), ("up_error", "error one step up"),
                ("down_error", "error one step down"), ("prediction", "prediction"))


def _error_scale(log: bool) -> alt.Scale:
    return alt.Scale(type="log") if log else alt.Scale(zero=True)


@template
def _hot_cold_error(log: bool) -> alt.LayerChart:
    chart = _methods_per_iteration("error", "Error (log scale)" if log else "Error",
                                   _error_scale(log), _HOT_TOOLTIP, (HOT_COLD,))
    return _layer(chart, _rule("floor", GREEN), _rule("bounce", PURPLE, axis="x"),
                  title="Hot and cold: error")


def hot_cold_error(df: pd.DataFrame, *, bouncing_from: int | None, floor: float | None,
                   log: bool = False, max_points: int = MAX_POINTS) -> Figure:
    """Hot-and-cold's error per iteration, with where bouncing starts and its floor marked.

    ``df`` has ``iteration``, ``error``, ``up_error``, ``down_error``, ``prediction``, ``move``.
    """
    df = finite(df, ["iteration", "error"])
    if log:
        df = df[df["error"] > 0]
        floor = floor if floor is not None and floor > 0 else None
    keep = () if bouncing_from is None else (bouncing_from,)
    df = exact(thin(df, "error", max_points, keep), [c for c, _ in _HOT_TOOLTIP])
    runs = df.assign(method=HOT_COLD)
    bounce = None if bouncing_from is None else float(bouncing_from)
    return Figure(_hot_cold_error(log), {
        "runs": runs,
        "dots": dotted(runs, keep=keep),
        "floor": marker(floor, "error floor"),
        "bounce": marker(bounce, f"bouncing from {bouncing_from}"),
    })


@template
def _hot_cold_weight() -> alt.LayerChart:
    chart = _methods_per_iteration("weight", "Weight after the move",
                                   alt.Scale(zero=False, padding=16),
                                   (("weight", "weight before"), ("new_weight", "weight after"),
                                    ("error", "error")), (HOT_COLD,))
    return _layer(chart, _rule("best", GREEN), _rule("bounce", PURPLE, axis="x"),
                  title="Hot and cold: weight")


def hot_cold_weight(df: pd.DataFrame, *, best: float | None, bouncing_from: int | None,
                    max_points: int = MAX_POINTS) -> Figure:
    """Hot-and-cold's weight after each move, with the best weight and where bouncing starts:
    the chart that shows a fixed step walking in equal steps, hopping, or crawling.

    ``df`` has ``iteration``, ``weight`` (before the move), ``new_weight`` and ``error``.
    """
    df = finite(df[["iteration", "weight", "new_weight", "error"]], ["iteration", "new_weight"])
    keep = () if bouncing_from is None else (bouncing_from,)
    df = exact(thin(df.assign(after=df["new_weight"]), "after", max_points, keep),
               ["weight", "new_weight", "error"])
    runs = df.assign(weight=df["after"], method=HOT_COLD).drop(columns="after")
    bounce = None if bouncing_from is None else float(bouncing_from)
    return Figure(_hot_cold_weight(), {
        "runs": runs,
        "dots": dotted(runs, keep=keep),
        "best": marker(best, "best weight"),
        "bounce": marker(bounce, f"bouncing from {bouncing_from}"),
    })


def _both(hot: pd.DataFrame, descent: pd.DataFrame, columns: list[str], field: str,
          max_points: int, log: bool = False) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Both methods' rows for the line (thinned) and for the dots (see :func:`dotted`)."""
    lines, dots = [], []
    for df, name in ((hot, HOT_COLD), (descent, DESCENT)):
        df = finite(df[columns], columns)
        if log:
            df = df[df[field] > 0]
        lines.append(thin(df, field, max_points).assign(method=name))
        dots.append(dotted(lines[-1]))
    return pd.concat(lines, ignore_index=True), pd.concat(dots, ignore_index=True)


@template
def _methods_error(log: bool) -> alt.LayerChart:
    chart = _methods_per_iteration(
        "error", "Error (log scale)" if log else "Error", _error_scale(log),
        (("error", "error"), ("prediction", "prediction")), (HOT_COLD, DESCENT))
    return _layer(chart, title="Error, same start",
                  height=HEIGHT + 50)  # room for the legend below


def methods_error(hot: pd.DataFrame, descent: pd.DataFrame, *, log: bool = False,
                  max_points: int = MAX_POINTS) -> Figure:
    """Both methods' error per iteration on one chart (``iteration``, ``error``, ``prediction``)."""
    lines, dots = _both(hot, descent, ["iteration", "error", "prediction"], "error",
                        max_points, log)
    columns = ["error", "prediction"]
    return Figure(_methods_error(log), {"runs": exact(lines, columns),
                                        "dots": exact(dots, columns)})


@template
def _methods_weight() -> alt.LayerChart:
    chart = _methods_per_iteration("weight", "Weight after the move",
                                   alt.Scale(zero=False, padding=16),
                                   (("weight", "weight after"),), (HOT_COLD, DESCENT))
    return _layer(chart, _rule("best", GREEN),
                  title="Weight, same start",
                  height=HEIGHT + 50)  # room for the legend below


def methods_weight(hot: pd.DataFrame, descent: pd.DataFrame, best: float | None,
                   max_points: int = MAX_POINTS) -> Figure:
    """Both methods' weight after each iteration's update (``iteration``, ``weight``)."""
    lines, dots = _both(hot, descent, ["iteration", "weight"], "weight", max_points)
    return Figure(_methods_weight(), {"runs": exact(lines, ["weight"]),
                                      "dots": exact(dots, ["weight"]),
                                      "best": marker(best, "best weight")})


# ---------------------------------------------------------------- keras lesson

LOOP, KERAS = "hand loop (line)", "Keras (dots)"


@template
def _loop_and_keras(y: str, y_title: str, title: str, x: str, x_title: str,
                    series: str | None, log: bool, names: tuple[str, str],
                    domain: tuple[float, float] | None, dot_size: int) -> alt.LayerChart:
    if series:
        color = alt.Color(f"{series}:N", title=series.capitalize(), sort=None,
                          scale=alt.Scale(range=PALETTE),
                          legend=alt.Legend(orient="bottom", labelLimit=400))
    else:
        color = alt.Color("method:N", title=None, sort=list(names),
                          scale=alt.Scale(domain=list(names), range=[BLUE, VERMILLION]),
                          legend=alt.Legend(orient="bottom", symbolSize=120, labelLimit=400))
    scale = alt.Scale(type="log") if log else alt.Scale(zero=False, padding=12)
    if domain is not None:
        scale = alt.Scale(type="log" if log else "linear", domain=list(domain), zero=False)
    xs = alt.X(f"{x}:Q", title=x_title, axis=alt.Axis(tickMinStep=1))
    ys = alt.Y(f"{y}:Q", title=y_title, scale=scale, axis=alt.Axis(format="~g"))
    tooltip = [alt.Tooltip("method:N", title=""), alt.Tooltip(f"{x}:Q", title=x),
               *([alt.Tooltip(f"{series}:N", title=series)] if series else []),
               alt.Tooltip(f"{y}_exact:N", title=y_title.lower())]
    line = alt.Chart(data("loop")).mark_line(strokeWidth=2.5, clip=True).encode(
        xs, ys, color, tooltip=tooltip, **({"detail": f"{series}:N"} if series else {}))
    points = alt.Chart(data("keras")).mark_circle(size=dot_size, opacity=1, stroke="white",
                                                  strokeWidth=0.8).encode(xs, ys, color,
                                                                          tooltip=tooltip)
    heading = title if domain is None else alt.TitleParams(
        title, subtitle="The loop's line leaves this chart: its numbers grow far beyond "
                        "Keras'.", subtitleColor=VERMILLION)
    # the legend sits below the plot: give the plot back the room it takes
    return _layer(line, points, _rule("best", GREEN), title=heading, height=HEIGHT + 60)


def loop_and_keras(
    loop: pd.DataFrame, keras: pd.DataFrame, y: str, *, y_title: str, title: str,
    x: str = "iteration", x_title: str = "Iteration", series: str | None = None,
    log: bool = False, best: float | None = None, best_label: str = "best weight",
    names: tuple[str, str] = (LOOP, KERAS),
) -> Figure:
    """The hand-written loop as a line and Keras as dots, on the same axes.

    ``loop`` and ``keras`` have columns ``x`` and ``y`` (and ``series`` when
    there are several lines, say one weight per input). With one series the
    colour tells the two apart (legend ``names``); with several it tells the
    series apart and the mark tells loop (line) from Keras (dots). Where the
    dots sit on the line, Keras computed the loop's numbers. When the loop runs
    far beyond Keras' numbers (another optimizer, and the loop diverges), the
    chart keeps to Keras' range and the line leaves it, as the subtitle says. On
    a log scale a value of exactly 0 has no place: left out.
    """
    parts = []
    for df, name in ((loop, names[0]), (keras, names[1])):
        cols = [x, y] + ([series] if series else [])
        df = finite(df[cols], [x, y])
        if log:
            df = df[df[y] > 0]
        parts.append(exact(df, [y]).assign(method=name))
    lines, dots = parts
    domain = _keras_range(lines[y], dots[y], log) if len(lines) and len(dots) else None
    if domain is not None:
        # the line stops just past where it leaves Keras' range (a diverging loop would
        # otherwise sweep the whole chart on every step and hide the dots)
        lines = pd.concat([_until_outside(part, y, domain) for _, part in
                           lines.groupby(series, sort=False)]) if series and len(lines) \
            else _until_outside(lines, y, domain)
        if best is not None and not domain[0] <= best <= domain[1]:
            best = None
    if log and best is not None and best <= 0:
        best = None
    steps = dots[x].nunique()
    size = 70 if steps <= 60 else 30 if steps <= 120 else 14
    return Figure(
        _loop_and_keras(y, y_title, title, x, x_title, series, log, tuple(names), domain, size),
        {"loop": lines, "keras": dots, "best": marker(best, best_label)},
    )


def _until_outside(df: pd.DataFrame, y: str, domain: tuple[float, float]) -> pd.DataFrame:
    """The rows up to and including the first whose ``y`` lies outside ``domain``."""
    outside = ((df[y] < domain[0]) | (df[y] > domain[1])).to_numpy()
    return df.iloc[:int(outside.argmax()) + 1] if outside.any() else df


def _keras_range(loop: pd.Series, keras: pd.Series, log: bool) -> tuple[float, float] | None:
    """Keras' range of values (padded) when the loop's go far beyond it, else None."""
    lo, hi = float(keras.min()), float(keras.max())
    if log:
        if loop.max() <= hi * 1e3 and loop.min() >= lo / 1e3:
            return None
        return lo / 2, hi * 2
    span = max(hi - lo, abs(hi), abs(lo), 1e-12)
    if loop.max() <= hi + 10 * span and loop.min() >= lo - 10 * span:
        return None
    return lo - 0.1 * span, hi + 0.1 * span


# ---------------------------------------------------------------- a network, drawn

POSITIVE, NEGATIVE = "positive weight", "negative weight"
# What the colours of a network drawing mean: the chart has no legend (it would take the room
# of the drawing on a projector), so a page shows this line beside it.
NETWORK_KEY = ("Lines: blue for a positive weight, orange for a negative one, thicker for a "
               "larger one. Dots: yellow above 0, grey at exactly 0 (off), sky blue below 0.")
ON, OFF, BELOW = "above 0", "0 (off)", "below 0"
OFF_GREY = "#BDBDBD"


def _dot(tallest: int) -> tuple[float, float]:
    """A dot's area and its label's font size for a drawing whose tallest column has
    ``tallest`` units: as large as fits."""
    return (900.0, 13.0) if tallest <= 4 else (420.0, 13.0) if tallest <= 8 else (170.0, 10.0)


NAME_ROOM = 112  # px beside the first and last layers: a dot's radius, the gap, "middle light 0"


@template
def _network(n_layers: int, title: str, show_weights: bool) -> alt.LayerChart:
    # Only the number of layers is shape: how many units each has, their dots' size and
    # their labels' size are data, so moving a "hidden units" slider redraws in place.
    # The layers' columns between pixel margins that hold the names beside the first and
    # last layers whatever the chart's width: names are text of a fixed size, and a margin
    # in data units was too narrow for "middle light 0" on a phone (390 px).
    x_scale = alt.Scale(domain=[0, n_layers - 1],
                        range=[NAME_ROOM, alt.ExprRef(f"width - {NAME_ROOM}")])
    x = alt.X("x:Q", axis=None, scale=x_scale)
    y = alt.Y("y:Q", axis=None, scale=alt.Scale(domain=[-0.04, 1.1]))
    sign = alt.Color("sign:N", legend=None, scale=alt.Scale(domain=[POSITIVE, NEGATIVE],
                                                            range=[BLUE, VERMILLION]))
    edges = alt.Chart(data("edges")).mark_rule(opacity=0.8, strokeCap="round").encode(
        x=x, y=y, x2="x2:Q", y2="y2:Q", color=sign,
        size=alt.Size("width:Q", scale=None, legend=None),
        tooltip=[alt.Tooltip("link:N", title=""), alt.Tooltip("weight_exact:N", title="weight"),
                 alt.Tooltip("flow_exact:N", title="value × weight")],
    )
    nodes = alt.Chart(data("nodes")).mark_circle(opacity=1, stroke=BLACK,
                                                 strokeWidth=1.5).encode(
        x=x, y=y, size=alt.Size("dot:Q", scale=None, legend=None),
        color=alt.Color("state:N", legend=None, scale=alt.Scale(
            domain=[ON, OFF, BELOW], range=[YELLOW, OFF_GREY, SKY])),
        tooltip=[alt.Tooltip("name:N", title=""), alt.Tooltip("value_exact:N", title="value")],
    )
    font = alt.Size("font:Q", scale=None, legend=None)  # a text mark's size is its font size
    left = alt.Chart(data("left")).mark_text(align="right", dx=-24, fontWeight="bold").encode(
        x=x, y=y, text="label:N", size=font)
    right = alt.Chart(data("right")).mark_text(align="left", dx=24, fontWeight="bold").encode(
        x=x, y=y, text="label:N", size=font)
    headings = alt.Chart(data("headings")).mark_text(fontWeight="bold", color="#666666").encode(
        x=x, y=y, text="heading:N")
    weights = alt.Chart(data("edges")).mark_text(dy=-10, fontWeight="bold").encode(
        x=alt.X("mid_x:Q", axis=None, scale=x_scale),
        y=alt.Y("mid_y:Q", axis=None, scale=alt.Scale(domain=[-0.04, 1.1])),
        text="weight_text:N", color=sign,
    ) if show_weights else None
    # the lines' colours (sign) and the dots' (value) are two scales; NETWORK_KEY says which
    return _layer(edges, weights, nodes, left, right, headings, title=title
                  ).resolve_scale(color="independent")


_EDGES = pa.schema([(c, pa.float64()) for c in ("x", "y", "x2", "y2", "mid_x", "mid_y",
                                                "weight", "width")]
                   + [(c, pa.string()) for c in ("sign", "link", "weight_exact", "weight_text",
                                                 "flow_exact")])
_NODES = pa.schema([("x", pa.float64()), ("y", pa.float64()), ("dot", pa.float64()),
                    ("value", pa.float64()), ("name", pa.string()), ("value_exact", pa.string()),
                    ("state", pa.string())])
_LABELS = pa.schema([("x", pa.float64()), ("y", pa.float64()), ("font", pa.float64()),
                     ("label", pa.string())])


def _columns(rows: list[tuple], schema: pa.Schema) -> pa.Table:
    """Rows of Python values (in the schema's column order) as an Arrow table."""
    columns = list(zip(*rows)) if rows else [[] for _ in schema.names]
    return pa.table([pa.array(c, type=f.type) for c, f in zip(columns, schema)], schema=schema)


def network(
    layers: Sequence[Sequence[float]],
    weights: Sequence[Sequence[Sequence[float]]],
    *,
    names: Sequence[Sequence[str]],
    headings: Sequence[str],
    title: str = "The network",
    biggest: float | None = None,
    show_weights: bool | None = None,
) -> Figure:
    """A drawing of a network: a column of dots per layer, a line per weight.

    ``layers[k]`` holds the values at layer ``k``'s units for the example flowing
    through (inputs first, prediction last), ``weights[k][i][j]`` the weight from unit
    ``i`` of layer ``k`` to unit ``j`` of layer ``k + 1``, ``names`` each unit's name and
    ``headings`` each layer's. A line's colour is its weight's sign, its thickness the
    weight's size relative to ``biggest`` (default: the largest here; pass the largest of
    a whole run so thickness means the same in every frame). A dot is lit (yellow) above 0,
    grey at 0 (a light that is off, a ReLU that is off), sky blue below 0. The input
    layer's names and values sit on its left, every other unit's on its right.
    ``show_weights`` writes each weight on its line (default: when there are at most six
    lines). The chart's shape depends only on the number of layers, ``title`` and
    ``show_weights``. One input, one weight, one output is the neuron:
    ``network([[2.0], [1.0]], [[[0.5]]], names=[["input"], ["prediction"]],
    headings=["input", "prediction"])``.
    """
    sizes = tuple(len(layer) for layer in layers)
    if len(weights) != len(sizes) - 1 or any(
            len(w) != sizes[k] or any(len(row) != sizes[k + 1] for row in w)
            for k, w in enumerate(weights)):
        raise ValueError(f"weights must connect layers of sizes {sizes}")
    dot, font = _dot(max(sizes))

    def place(k: int, i: int) -> tuple[float, float]:
        return float(k), 1.0 - (i + 0.5) / sizes[k]

    every = [abs(float(w)) for layer in weights for row in layer for w in row
             if math.isfinite(float(w))]
    top = biggest if biggest and math.isfinite(biggest) and biggest > 0 else max(every or [1.0])
    top = top or 1.0
    edges = []
    for k, layer in enumerate(weights):
        for i, row in enumerate(layer):
            for j, w in enumerate(row):
                w = float(w)
                if not math.isfinite(w):
                    continue
                (x1, y1), (x2, y2) = place(k, i), place(k + 1, j)
                flow = float(layers[k][i]) * w
                edges.append((x1, y1, x2, y2, (x1 + x2) / 2, (y1 + y2) / 2, w,
                              0.75 + 7.25 * min(abs(w) / top, 1.0),
                              POSITIVE if w >= 0 else NEGATIVE,
                              f"{names[k][i]} → {names[k + 1][j]}", repr(w), f"{w:.3g}",
                              repr(flow) if math.isfinite(flow) else "too large"))
    nodes, left, right = [], [], []
    last = len(sizes) - 1
    for k, layer in enumerate(layers):
        for i, v in enumerate(layer):
            v = float(v)
            if not math.isfinite(v):
                continue
            x, y = place(k, i)
            nodes.append((x, y, dot, v, names[k][i], repr(v),
                          ON if v > 0 else OFF if v == 0 else BELOW))
            label = f"{names[k][i]} {v:.3g}" if k in (0, last) else f"{v:.3g}"
            (left if k == 0 else right).append((x, y, font, label))
    if show_weights is None:
        show_weights = sum(a * b for a, b in zip(sizes, sizes[1:])) <= 6
    return Figure(_network(len(sizes), title, bool(show_weights)), {
        "edges": _columns(edges, _EDGES),
        "nodes": _columns(nodes, _NODES),
        "left": _columns(left, _LABELS),
        "right": _columns(right, _LABELS),
        "headings": pa.table({"x": [float(k) for k in range(len(sizes))],
                              "y": [1.06] * len(sizes), "heading": list(headings)}),
    })


# ---------------------------------------------------------------- hidden-layer lesson

ONE_LAYER, TWO_LAYERS = "one layer", "two layers"


@template
def _layers_error(log: bool) -> alt.LayerChart:
    names = [ONE_LAYER, TWO_LAYERS]
    color = alt.Color("network:N", title=None, sort=names,
                      scale=alt.Scale(domain=names, range=[SKY, VERMILLION]),
                      legend=alt.Legend(orient="bottom", symbolType="stroke",
                                        symbolStrokeWidth=4, labelLimit=300))
    lines = alt.Chart(data("runs")).mark_line(strokeWidth=3).encode(
        x=alt.X("pass:Q", title="Pass over the table", axis=alt.Axis(tickMinStep=1)),
        y=alt.Y("error:Q", title="Error of the pass (log scale)" if log else "Error of the pass",
                scale=alt.Scale(type="log") if log else alt.Scale(zero=True)),
        color=color,
        tooltip=[alt.Tooltip("network:N", title=""), alt.Tooltip("pass:Q", title="pass"),
                 alt.Tooltip("error_exact:N", title="error")],
    )
    at = alt.Chart(data("at"))
    rule = at.mark_rule(color=STEP_GREY, strokeWidth=2).encode(x="pass:Q")
    label = at.mark_text(align="left", dx=4, y=8, color=STEP_GREY, fontWeight="bold").encode(
        x="pass:Q", text="label:N")
    ring = at.mark_point(shape="circle", size=320, strokeWidth=3, filled=False,
                         color=VERMILLION, opacity=1).encode(
        x="pass:Q", y="error:Q", tooltip=[alt.Tooltip("pass:Q", title="pass"),
                                          alt.Tooltip("error_exact:N", title="error")])
    return _layer(lines, _rule("floor", GREEN), rule, label, ring,
                  title="One layer against two", height=HEIGHT + 40)


_RUNS = pa.schema([("network", pa.string()), ("pass", pa.int64()), ("error", pa.float64()),
                  ("error_exact", pa.string())])
_AT = pa.schema([("pass", pa.int64()), ("error", pa.float64()), ("error_exact", pa.string()),
                 ("label", pa.string())])


def layers_error(one: Sequence[float], two: Sequence[float], floor: float | None, at: int, *,
                 log: bool = False) -> Figure:
    """The error of every pass for one layer and for two, on one chart, with one layer's
    floor as a rule and pass ``at`` of the two-layer run marked. Non-finite errors (and, on
    a log scale, errors of 0) are left out."""
    def keep(e: float) -> bool:
        return math.isfinite(e) and (e > 0 or not log)

    runs = [(name, i, float(e), repr(float(e)))
            for name, errors in ((ONE_LAYER, one), (TWO_LAYERS, two))
            for i, e in enumerate(errors) if keep(float(e))]
    mark = [(i, e, text, f"pass {at}") for name, i, e, text in runs
            if name == TWO_LAYERS and i == at]
    if log and not (floor is not None and floor > 0):
        floor = None
    return Figure(_layers_error(log), {"runs": _columns(runs, _RUNS),
                                       "floor": marker(floor, "one layer's best"),
                                       "at": _columns(mark, _AT)})


BEFORE, AFTER = "before training", "after training"


@template
def _unit_correlations() -> alt.LayerChart:
    when = [BEFORE, AFTER]
    x = alt.X("unit:N", title=None, sort=alt.EncodingSortField("order", op="min"),
              axis=alt.Axis(labelAngle=0))
    y = alt.Y("r:Q", title="Correlation with the goal", scale=alt.Scale(domain=[-1, 1]))
    bars = alt.Chart(data("units")).transform_filter("datum.known").mark_bar().encode(
        x=x, y=y, xOffset=alt.XOffset("when:N", sort=when),
        color=alt.Color("when:N", title=None, sort=when,
                        scale=alt.Scale(domain=when, range=[OFF_GREY, BLUE]),
                        legend=alt.Legend(orient="bottom")),
        tooltip=[alt.Tooltip("unit:N", title=""), alt.Tooltip("when:N", title=""),
                 alt.Tooltip("r_exact:N", title="correlation")],
    )
    unknown = alt.Chart(data("units")).transform_filter("!datum.known").mark_text(
        angle=270, align="left", dx=4, color="#666666", fontStyle="italic").encode(
        x=x, xOffset=alt.XOffset("when:N", sort=when), y=alt.value(150), text="label:N",
        tooltip=[alt.Tooltip("unit:N", title=""), alt.Tooltip("when:N", title=""),
                 alt.Tooltip("r_exact:N", title="correlation")])
    zero = alt.Chart(data("zero")).mark_rule(color=BLACK, opacity=0.5).encode(y="r:Q")
    return _layer(zero, bars, unknown, title="Each hidden unit and the goal",
                  height=HEIGHT + 40)


_UNITS = pa.schema([("unit", pa.string()), ("order", pa.int64()), ("when", pa.string()),
                   ("r", pa.float64()), ("known", pa.bool_()), ("label", pa.string()),
                   ("r_exact", pa.string())])


def unit_correlations(units: Sequence[str], before: Sequence[float | None],
                      after: Sequence[float | None]) -> Figure:
    """Each hidden unit's correlation with the goal before and after training, side by side.

    A unit whose value is the same for every row has no correlation (None): it gets no
    bar, only the words "no variation"."""
    rows = []
    for order, (name, r0, r1) in enumerate(zip(units, before, after, strict=True)):
        for when, r in ((BEFORE, r0), (AFTER, r1)):
            known = r is not None and math.isfinite(r)
            rows.append((name, order, when, float(r) if known else 0.0, known,
                         "" if known else "no variation",
                         repr(float(r)) if known else "none: the same for every row"))
    return Figure(_unit_correlations(), {"units": _columns(rows, _UNITS),
                                         "zero": pa.table({"r": [0.0]})})
