"""Every control of a lesson lives in the URL, so a link reproduces the view.

Streamlit's own ``bind="query-params"`` keeps each widget and its query
parameter in sync and drops values it cannot accept (text, NaN, out of range,
unknown options), so there is no hand-written URL parsing here. What this
module adds, for every kind of control it draws:

- a visible note when a link carried a value that was dropped
  (:func:`slider_panel`, :func:`bound_toggle`, :func:`bound_pills`,
  :func:`step_player`);
- one-click scenarios that set several sliders at once, and so the URL
  (:func:`preset_picker`, or ``slider_panel(..., presets=...)``);
- a scrubber with play, pause and reset that steps through a run
  (:func:`step_player`), animated in a fragment so the rest of the page stays put;
- the address of exactly this view, ready to copy (:func:`share_link`).

A page that needs a slider the registry lacks passes its own :class:`Control`
wherever a key is accepted, e.g. ``slider_panel(("weight", Control("step", ...)))``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

import streamlit as st


@dataclass(frozen=True)
class Control:
    key: str  # also the URL query parameter
    label: str
    min: float
    max: float
    default: float
    step: float
    help: str
    format: str | None = None

    @property
    def is_int(self) -> bool:
        return isinstance(self.default, int)


CONTROLS: dict[str, Control] = {
    c.key: c
    for c in (
        Control("weight", "Starting weight", -2.0, 2.0, 0.5, 0.01,
                "The volume knob the network learns. This is where the descent starts.", "%.2f"),
        Control("input", "Input", -3.0, 3.0, 2.0, 0.05,
                "The number fed into the neuron. Prediction = input x weight.", "%.2f"),
        Control("goal", "Goal", -2.0, 2.0, 0.8, 0.05,
                "The prediction we want the neuron to make.", "%.2f"),
        Control("alpha", "Learning rate α (alpha)", 0.0, 2.0, 0.1, 0.01,
                "How big a fraction of the derivative each update subtracts from the weight.",
                "%.2f"),
        Control("iterations", "Iterations", 1, 200, 20, 1,
                "How many times the loop predicts, measures the error and updates the weight."),
        Control("passes", "Passes over the table", 1, 500, 40, 1,
                "How many times training goes through every row of the table, updating the "
                "weights after each row."),
        # hot-and-cold lesson
        Control("step", "Step size", 0.0, 1.0, 0.001, 0.0001,
                "How far hot and cold moves the weight when it tries a step up and a step "
                "down. It never changes during the run.", "%.4f"),
        # neuron lesson: the book's three inputs for a team (toes, win/loss record, fans)
        Control("toes", "Toes (average per player)", 0.0, 12.0, 8.5, 0.1,
                "Input 1: the average number of toes per player.", "%.1f"),
        Control("wlrec", "Win/loss record (share of games won)", 0.0, 1.0, 0.65, 0.01,
                "Input 2: the share of its games the team has won so far.", "%.2f"),
        Control("nfans", "Fans (millions)", 0.0, 5.0, 1.2, 0.1,
                "Input 3: how many millions of fans the team has.", "%.1f"),
        Control("w_toes", "Weight for toes", -1.0, 1.0, 0.1, 0.01,
                "How loud the toes input is in the prediction.", "%.2f"),
        Control("w_wlrec", "Weight for the win/loss record", -1.0, 1.0, 0.2, 0.01,
                "How loud the win/loss input is in the prediction.", "%.2f"),
        Control("w_nfans", "Weight for fans", -1.0, 1.0, 0.0, 0.01,
                "How loud the fans input is in the prediction.", "%.2f"),
    )
}

# One lesson's own version of a control: the same URL parameter, with a range or wording
# that suits that page. slider_panel(keys, page="neuron") uses "neuron:weight" for "weight".
CONTROLS.update({
    f"{page}:{c.key}": c
    for page, c in (
        ("neuron", Control("weight", "Weight", -2.0, 2.0, 0.5, 0.01,
                           "The volume knob: the input is multiplied by it.", "%.2f")),
        ("neuron", Control("input", "Input", -10.0, 10.0, 2.0, 0.05,
                           "The number fed into the neuron.", "%.2f")),
        ("hot-and-cold", Control("weight", "Starting weight", -2.0, 2.0, 0.5, 0.01,
                                 "Where hot and cold, and gradient descent beside it, start.",
                                 "%.2f")),
        ("hot-and-cold", Control("input", "Input", -10.0, 10.0, 0.5, 0.05,
                                 "The number fed into the neuron. Prediction = input x weight.",
                                 "%.2f")),
        ("hot-and-cold", Control("iterations", "Iterations", 1, 5000, 1101, 1,
                                 "How many times hot and cold tries a step up and a step down "
                                 "(gradient descent gets as many).")),
    )
})


ControlSpec = str | Control  # a key of CONTROLS, or a page's own Control


def control(spec: ControlSpec, page: str | None = None) -> Control:
    """The control for ``spec``: a :class:`Control` passed as is; for a key, ``page``'s own
    version of it if that page registered one (``"page:key"``), else the shared one."""
    if isinstance(spec, Control):
        return spec
    return CONTROLS.get(f"{page}:{spec}", CONTROLS[spec]) if page else CONTROLS[spec]


# ---------------------------------------------------------------------------
# Links that carried a value the lesson cannot use


@dataclass(frozen=True)
class _Dropped:
    label: str
    raw: tuple[str, ...]  # what the link said
    expected: str  # what would have been usable, in words
    used: str  # what the lesson shows instead


def _from_link(key: str) -> tuple[str, ...] | None:
    """The link's value for ``key``, on the run that first draws its widget; else None.

    Streamlit seeds a bound widget from the URL only when it first draws it;
    after that the widget owns the value (and a preset may have changed it), so
    comparing the address with the widget then would report false drops.
    """
    if key in st.session_state:
        return None
    raw = st.query_params.get_all(key)
    return tuple(raw) if raw else None


def _show(raw: Sequence[str]) -> str:
    """The link's text, safe inside a Markdown code span (never rendered as HTML)."""
    text = ", ".join(raw)
    shown = "".join(ch if ch.isprintable() and ch != "`" else "?" for ch in text[:40])
    return (shown + ("..." if len(text) > 40 else "")) or " "


def _note_dropped(dropped: Sequence[_Dropped]) -> None:
    """One warning listing every value of the link the page could not use."""
    if not dropped:
        return
    lines = [
        f"- **{d.label}**: `{_show(d.raw)}` is not a usable value ({d.expected}), so the "
        f"lesson uses {d.used}."
        for d in dropped
    ]
    st.warning(
        "This link carried a value the lesson cannot use:\n\n" + "\n\n".join(lines),
        icon=":material/link_off:",
    )
    # The note stands beside its control, which may be below the fold; the toast is seen at once.
    names = ", ".join(f"**{d.label}**" for d in dropped)
    st.toast(f"This link had a value the lesson cannot use ({names}); showing the default. "
             "The note beside the control says more.", icon=":material/link_off:", duration="long")


def _same_number(raw: str, value: float) -> bool:
    try:
        return float(raw) == value
    except ValueError:
        return False


def _number_text(x: float) -> str:
    return f"{x:g}"


# ---------------------------------------------------------------------------
# Sliders and scenarios


def slider_panel(
    keys: Sequence[ControlSpec],
    *,
    page: str | None = None,
    presets: Mapping[str, Mapping[str, Any]] | None = None,
    container=None,
) -> dict[str, float]:
    """Draw the sliders named by ``keys`` (bound to the URL) and return their values.

    ``keys`` are keys of :data:`CONTROLS` or a page's own :class:`Control`;
    with ``page``, a key uses that page's own version of the control if it has one.
    With ``presets``, one-click scenarios (:func:`preset_picker`) sit above
    the sliders. A URL value Streamlit rejected is reported once, next to the
    sliders, so a teacher knows the view fell back to the default for it.
    """
    specs = [control(k, page) for k in keys]
    container = container or st.sidebar
    with container:
        scenarios = st.container() if presets else None
        from_link = {c.key: _from_link(c.key) for c in specs}  # read before binding cleans it
        values: dict[str, float] = {}
        for c in specs:
            values[c.key] = st.slider(
                c.label, min_value=c.min, max_value=c.max, value=c.default, step=c.step,
                help=c.help, format=c.format, key=c.key, bind="query-params",
            )
        _note_dropped([
            _Dropped(c.label, from_link[c.key],
                     f"a {'whole ' if c.is_int else ''}number from {c.min:g} to {c.max:g}",
                     _number_text(values[c.key]))
            for c in specs
            if from_link[c.key] is not None
            and not _same_number(from_link[c.key][-1], values[c.key])
        ])
    if presets:
        preset_picker(presets, current=values, container=scenarios, controls=specs)
    return values


def preset_picker(
    presets: Mapping[str, Mapping[str, Any]],
    *,
    current: Mapping[str, Any] | None = None,
    key: str = "preset",
    label: str = "Scenarios",
    help: str | None = "One click sets every slider (and the link) to a scenario from the primer.",
    controls: Sequence[ControlSpec] = (),
    container=None,
) -> str | None:
    """One-click scenarios: choosing one sets every control it names, and so the URL.

    ``presets`` maps a short name (the button's text) to ``{control key: value}``.
    Choosing one writes those values into ``st.session_state`` in the click's
    callback, before any widget is drawn, so the bound sliders take them and
    Streamlit writes them into the address. ``current`` holds the values the
    controls show now: the scenario they match is drawn selected (the one last
    chosen, when two match), and none is once a slider moves away. Returns the
    name of that scenario, or None.

    Most pages pass ``presets=`` to :func:`slider_panel`, which calls this
    above its sliders. Example::

        PRESETS = {
            "The primer's own run": {"weight": 0.5, "input": 2.0, "alpha": 0.1},
            "Oscillates forever": {"weight": 0.5, "input": 2.0, "alpha": 0.5},
        }
        s = slider_panel(("weight", "input", "alpha"), presets=PRESETS)
    """
    specs = {c.key: c for c in (control(s) for s in controls)}
    for name, values in presets.items():
        for k, v in values.items():
            c = specs.get(k) or CONTROLS.get(k)
            if c is not None and not c.min <= v <= c.max:
                raise ValueError(f"preset {name!r}: {k}={v!r} is outside {c.min:g}..{c.max:g}")
    matching = [
        name for name, values in presets.items()
        if current is not None and all(current.get(k) == v for k, v in values.items())
    ]
    chosen = st.session_state.get(f"{key}_chosen")
    selected = chosen if chosen in matching else (matching[0] if matching else None)
    st.session_state[key] = selected  # drawn selected only while the sliders still match it
    with container or st.sidebar:
        st.pills(
            label, list(presets), selection_mode="single", key=key, help=help,
            on_change=_apply_preset, args=(presets, key, specs),
        )
    return selected


def _apply_preset(
    presets: Mapping[str, Mapping[str, Any]], key: str, specs: Mapping[str, Control]
) -> None:
    name = st.session_state.get(key)
    if name is None:  # a click on the selected scenario: nothing to undo
        return
    st.session_state[f"{key}_chosen"] = name
    for k, v in presets[name].items():
        c = specs.get(k) or CONTROLS.get(k)
        st.session_state[k] = v if c is None else (int(v) if c.is_int else float(v))


# ---------------------------------------------------------------------------
# Other URL-bound controls, each with the same note for a value it cannot use


def bound_toggle(
    label: str,
    key: str,
    *,
    value: bool = False,
    help: str | None = None,
    also_true: Sequence[str] = (),
    on_change: Callable[[], None] | None = None,
) -> bool:
    """A toggle kept in the URL as ``?key=true`` / ``?key=false``.

    ``also_true`` lists other spellings a hand-typed link may use (say ``"1"``);
    they are rewritten to ``true`` in the address before the toggle is drawn.
    """
    raw = _from_link(key)
    if raw and raw[-1].strip().lower() in {s.lower() for s in also_true}:
        st.query_params[key] = "true"  # not bound yet on this run, so this is allowed
        st.rerun()
    on = st.toggle(label, value=value, key=key, help=help, bind="query-params",
                   on_change=on_change)
    if raw is not None and raw[-1].strip().lower() != str(on).lower():
        _note_dropped([_Dropped(label, raw, "true or false", "on" if on else "off")])
    return on


def bound_pills(
    label: str,
    options: Sequence[Any],
    key: str,
    *,
    default: Sequence[Any] = (),
    format_func: Callable[[Any], str] = str,
    help: str | None = None,
) -> list[Any]:
    """Several choices at once, kept in the URL as ``?key=a&key=b`` (the options' text)."""
    raw = _from_link(key)
    chosen = st.pills(
        label, options, selection_mode="multi", default=list(default), key=key,
        format_func=format_func, help=help, bind="query-params",
    )
    if raw is not None and sorted(raw) != sorted(format_func(v) for v in chosen):
        _note_dropped([_Dropped(
            label, raw, "any of " + ", ".join(format_func(o) for o in options),
            ", ".join(format_func(v) for v in chosen) or "none",
        )])
    return chosen


def bound_choice(
    label: str,
    options: Sequence[Any],
    key: str,
    *,
    default: Any = None,
    format_func: Callable[[Any], str] = str,
    help: str | None = None,
    select: bool = False,
) -> Any:
    """Exactly one of ``options``, kept in the URL as ``?key=<option's text>``.

    Drawn as a segmented control (a select box with ``select=True``) that cannot
    be emptied by a click. A link whose value is not an option's text (spelled
    exactly) falls back to ``default`` (the first option if None) with the usual
    note. An empty value (``?key=``) leaves the control blank: the lesson uses
    ``default`` and the note says so.
    """
    options = list(options)
    default = options[0] if default is None else default
    raw = _from_link(key)
    if select:
        chosen = st.selectbox(label, options, index=options.index(default), key=key,
                              format_func=format_func, help=help, bind="query-params")
    else:
        chosen = st.segmented_control(label, options, default=default, required=True, key=key,
                                      format_func=format_func, help=help, bind="query-params")
    if chosen is None:  # an empty value in the link empties even a required control
        chosen = default
    if raw is not None and raw[-1] != format_func(chosen):
        _note_dropped([_Dropped(label, raw, "one of " + ", ".join(map(format_func, options)),
                                format_func(chosen))])
    return chosen


# ---------------------------------------------------------------------------
# Stepping through a run


def step_player(
    count: int,
    render: Callable[[int], None],
    *,
    key: str = "at",
    label: str = "Iteration",
    help: str | None = None,
    tick: float = 1.0,
) -> None:
    """Step through a run of ``count`` steps; ``render(step)`` draws what depends on the step.

    A scrubber (bound to the URL as ``?at=``, default the last step) and
    Reset / Back / Play / Next buttons. Everything here, ``render`` included,
    runs in a fragment: moving the scrubber or playing reruns only this part of
    the page. Play advances one step every ``tick`` seconds and stops by itself
    at the last step; pressing it there starts again from step 0.

    Keyboard: Tab reaches every button and the scrubber (arrow keys, Home, End
    move it); P plays or pauses from anywhere on the page.
    """
    if count < 1:
        return
    animated = count > 1 and st.session_state.get(f"{key}_playing", False)
    player = st.fragment(_player, run_every=tick if animated else None)
    player(count, render, key, label, help, animated)


def _player(
    count: int, render: Callable[[int], None], key: str, label: str, help: str | None,
    animated: bool,
) -> None:
    ss, last = st.session_state, count - 1
    playing_key, hold_key = f"{key}_playing", f"{key}_hold"
    playing = count > 1 and ss.get(playing_key, False)
    if playing != animated:
        st.rerun()  # a full run starts or stops the fragment's timer
    if count == 1:
        st.caption("A single iteration: nothing to step through.")
        render(0)
        return

    raw = _from_link(key)
    if key in ss and not 0 <= ss[key] <= last:  # the run got shorter
        ss[key] = last
    if playing:
        if ss.pop(hold_key, False):  # the click that started play shows its first frame
            pass
        else:
            ss[key] = min(ss.get(key, last) + 1, last)
            if ss[key] >= last:
                ss[playing_key] = False  # the next tick's run stops the timer

    with st.container(horizontal=True, vertical_alignment="bottom"):
        st.button("Reset", key=f"{key}_reset", icon=":material/first_page:",
                  help="Back to iteration 0, and stop.", on_click=_goto, args=(key, 0))
        st.button("Back", key=f"{key}_back", icon=":material/chevron_left:",
                  help="One iteration back.", on_click=_step, args=(key, -1, last))
        st.button("Pause" if playing else "Play", key=f"{key}_play",
                  icon=":material/pause:" if playing else ":material/play_arrow:",
                  help="Play or pause (keyboard: P). Stops by itself at the last iteration.",
                  shortcut="P", on_click=_play_pause, args=(key, last))
        st.button("Next", key=f"{key}_next", icon=":material/chevron_right:",
                  help="One iteration forward.", on_click=_step, args=(key, 1, last))
    at = st.slider(
        label, min_value=0, max_value=last, value=last, step=1, key=key,
        bind="query-params", help=help, on_change=_stop, args=(key,),
    )
    if raw is not None and not _same_number(raw[-1], at):
        _note_dropped([_Dropped(label, raw, f"a whole number from 0 to {last}", str(at))])
    render(at)


def _stop(key: str) -> None:
    st.session_state[f"{key}_playing"] = False


def _goto(key: str, step: int) -> None:
    _stop(key)
    st.session_state[key] = step


def _step(key: str, by: int, last: int) -> None:
    _goto(key, min(max(st.session_state.get(key, last) + by, 0), last))


def _play_pause(key: str, last: int) -> None:
    ss = st.session_state
    if ss.get(f"{key}_playing", False):
        _stop(key)
        return
    if ss.get(key, last) >= last:
        ss[key] = 0  # play from the start again
    ss[f"{key}_playing"] = True
    ss[f"{key}_hold"] = True


def playing(key: str = "at") -> bool:
    """Whether the :func:`step_player` under ``key`` is playing now."""
    return bool(st.session_state.get(f"{key}_playing", False))


# ---------------------------------------------------------------------------
# Sharing


def share_url() -> str:
    """The address of exactly this view: the page and every URL-bound control."""
    pairs = [(k, v) for k in st.query_params for v in st.query_params.get_all(k)]
    query = urlencode(pairs)
    return (st.context.url or "") + (f"?{query}" if query else "")


def share_link(*, container=None) -> str:
    """Show :func:`share_url` in a code box, whose button copies it; return it.

    Call it after every bound control has been drawn (a fragment may call it
    again, into the same ``st.empty()`` container, to keep it current).
    """
    url = share_url()
    with (container or st.sidebar).container():
        st.markdown("**Share this view**", help="Copy this link (button at its right) and "
                    "anyone who opens it sees exactly these settings.")
        st.code(url, language=None, wrap_lines=True)
    return url
