"""Every control of a lesson lives in the URL, so a link reproduces the view.

Each lesson declares its controls in one table at its top, the way TensorFlow
Playground keeps its whole state in one table: a :class:`Slider` per number,
a :class:`Toggle`, :class:`Choice` or :class:`Pills` per switch, and a
:class:`Panel` that groups the sliders in the sidebar with one-click
scenarios above them. The page then calls ``.draw()`` on each where it belongs
in the story.

Streamlit's own ``bind="query-params"`` keeps each widget and its query
parameter in sync and drops values it cannot accept (text, NaN, out of range,
unknown options), so there is no hand-written URL parsing here. What this
module adds, for every kind of control:

- a visible note (and a toast) when a link carried a value that was dropped,
  naming the control, what it accepts and what the lesson shows instead; the
  link's text appears only inside a code span, so it can never run as markup;
- one-click scenarios that set several sliders at once, and so the URL;
- a scrubber with play, pause and reset that steps through a run
  (:func:`step_player`), animated in a fragment so the rest of the page stays put;
- the address of exactly this view, ready to copy (:func:`share_link`).
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

import streamlit as st

from dashboard.share import qr_svg

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
    after that the widget owns the value (and a scenario may have changed it), so
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


def note_dropped(dropped: Sequence[_Dropped]) -> None:
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


def note_link_value(label: str, raw: Sequence[str], expected: str, used: str) -> None:
    """The shared note for a link value that is not a widget's (say ``?challenge=``):
    ``label`` names it, ``expected`` says what it accepts, ``used`` what the page shows."""
    note_dropped([_Dropped(label, tuple(raw), expected, used)])


def _same_number(raw: str, value: float) -> bool:
    try:
        return float(raw) == value
    except ValueError:
        return False


# ---------------------------------------------------------------------------
# The controls a lesson declares


@dataclass(frozen=True)
class Slider:
    """A number the lesson reads from a slider; ``key`` is also its URL query parameter."""

    key: str
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

    def but(self, **changes: Any) -> Slider:
        """This slider with some fields changed: a lesson's own range or wording."""
        return dataclasses.replace(self, **changes)

    def cast(self, value: float) -> float:
        return int(value) if self.is_int else float(value)

    def _draw(self) -> float:
        return st.slider(
            self.label, min_value=self.min, max_value=self.max, value=self.default,
            step=self.step, help=self.help, format=self.format, key=self.key,
            bind="query-params",
        )

    def _dropped(self, raw: tuple[str, ...] | None, value: float) -> _Dropped | None:
        if raw is None or _same_number(raw[-1], value):
            return None
        whole = "whole " if self.is_int else ""
        return _Dropped(self.label, raw, f"a {whole}number from {self.min:g} to {self.max:g}",
                        f"{value:g}")

    def draw(self) -> float:
        """Draw the slider where the page is now; return its value."""
        raw = _from_link(self.key)
        value = self._draw()
        note_dropped([d for d in [self._dropped(raw, value)] if d])
        return value


# The primer's own numbers (weight 0.5, input 2.0, goal 0.8, alpha 0.1, 20 iterations), shared
# by the lessons that run the primer's loop; a lesson that needs another range uses .but().
WEIGHT = Slider("weight", "Starting weight", -2.0, 2.0, 0.5, 0.01,
                "The volume knob the network learns. This is where the descent starts.", "%.2f")
INPUT = Slider("input", "Input", -3.0, 3.0, 2.0, 0.05,
               "The number fed into the neuron. Prediction = input × weight.", "%.2f")
GOAL = Slider("goal", "Goal", -2.0, 2.0, 0.8, 0.05,
              "The prediction we want the neuron to make.", "%.2f")
ALPHA = Slider("alpha", "Learning rate α (alpha)", 0.0, 2.0, 0.1, 0.01,
               "How big a fraction of the derivative each update subtracts from the weight.",
               "%.2f")
ITERATIONS = Slider("iterations", "Iterations", 1, 200, 20, 1,
                    "How many times the loop predicts, measures the error and updates the weight.")
CONTROLS: dict[str, Slider] = {c.key: c for c in (WEIGHT, INPUT, GOAL, ALPHA, ITERATIONS)}


@dataclass(frozen=True)
class Panel:
    """A lesson's sliders, in groups under headers, with one-click scenarios above them.

    ``groups`` maps a header (or None) to its sliders. ``scenarios`` maps a
    scenario's name (the button's text) to ``{slider key: value}``; every value
    must lie in its slider's range (checked when the lesson is loaded, so a typo
    fails the tests, not a class). Choosing a scenario sets every slider it
    names, and so the URL, and sets each key in ``restart`` (say the step
    player's ``at``) back to 0, so the run starts from its beginning.
    """

    groups: Mapping[str | None, Sequence[Slider]]
    scenarios: Mapping[str, Mapping[str, float]] = field(default_factory=dict)
    restart: tuple[str, ...] = ()
    scenario_help: str = "One click sets every slider (and the link) to a scenario."

    def __post_init__(self) -> None:
        sliders = self.sliders
        for name, values in self.scenarios.items():
            for k, v in values.items():
                if k not in sliders:
                    raise ValueError(f"scenario {name!r}: no slider called {k!r}")
                c = sliders[k]
                if not c.min <= v <= c.max:
                    raise ValueError(f"scenario {name!r}: {k}={v!r} is outside "
                                     f"{c.min:g}..{c.max:g}")

    @classmethod
    def of(cls, *sliders: Slider, header: str | None = "Settings", **options: Any) -> Panel:
        """One group of sliders under one header."""
        return cls({header: sliders}, **options)

    @property
    def sliders(self) -> dict[str, Slider]:
        return {c.key: c for group in self.groups.values() for c in group}

    def draw(self, container=None) -> dict[str, float]:
        """Draw the scenarios and sliders (in the sidebar unless ``container``); return
        ``{key: value}``. Values a link carried that a slider rejected get one note."""
        with container or st.sidebar:
            picker = st.container() if self.scenarios else None
            values: dict[str, float] = {}
            dropped: list[_Dropped] = []
            for header, group in self.groups.items():
                if header:
                    st.header(header)
                for c in group:
                    raw = _from_link(c.key)  # read before binding cleans it
                    values[c.key] = c._draw()
                    dropped += [d for d in [c._dropped(raw, values[c.key])] if d]
            note_dropped(dropped)
        if picker is not None:
            self._scenario_picker(values, picker)
        return values

    def _scenario_picker(self, current: Mapping[str, float], container) -> str | None:
        """One button per scenario, number keys 1 to 9 as shortcuts. The one the sliders
        match is drawn highlighted (the one last chosen, when two match); none is, once a
        slider moves away."""
        matching = [name for name, values in self.scenarios.items()
                    if all(current.get(k) == v for k, v in values.items())]
        chosen = st.session_state.get(CHOSEN)
        selected = chosen if chosen in matching else (matching[0] if matching else None)
        with container:
            st.markdown("**Scenarios**", help=self.scenario_help + " Keys 1 to "
                        f"{min(len(self.scenarios), 9)} pick them too.")
            with st.container(horizontal=True, wrap=True, gap="small"):
                for i, name in enumerate(self.scenarios):
                    st.button(name, key=f"scenario-{i + 1}",
                              type="primary" if name == selected else "secondary",
                              shortcut=str(i + 1) if i < 9 else None, wrap=True,
                              on_click=self._apply, args=(name,))
        return selected

    def _apply(self, name: str) -> None:
        """Runs in the click's callback, before any widget is drawn, so the bound sliders
        take the scenario's values and Streamlit writes them into the address."""
        ss = st.session_state
        ss[CHOSEN] = name
        sliders = self.sliders
        for k, v in self.scenarios[name].items():
            ss[k] = sliders[k].cast(v)
        for k in self.restart:
            ss[k] = 0
            ss[f"{k}_playing"] = False


CHOSEN = "scenario_chosen"  # the scenario clicked last, so of two that match, it is the one lit


@dataclass(frozen=True)
class Toggle:
    """On or off, kept in the URL as ``?key=true`` / ``?key=false``.

    ``also_true`` lists other spellings a hand-typed link may use (say ``"1"``);
    they are rewritten to ``true`` in the address before the toggle is drawn.
    """

    key: str
    label: str
    default: bool = False
    help: str | None = None
    also_true: tuple[str, ...] = ("1", "yes", "on")

    def _alias(self, text: str) -> bool:
        """Whether ``text`` is one of the other spellings of ``true``."""
        return text.strip().lower() in {s.lower() for s in self.also_true}

    def will_be_on(self) -> bool:
        """Whether the switch is on, read before it is drawn, for a page that must prepare
        early (say, start importing TensorFlow): this session's value once it has been
        drawn, else what the link asks for, else the default."""
        if self.key in st.session_state:
            return bool(st.session_state[self.key])
        raw = _from_link(self.key)
        if raw is None:
            return self.default
        return raw[-1].strip().lower() == "true" or self._alias(raw[-1])

    def draw(self, on_change: Callable[[], None] | None = None) -> bool:
        raw = _from_link(self.key)
        if raw and self._alias(raw[-1]):
            st.query_params[self.key] = "true"  # not bound yet on this run, so this is allowed
            st.rerun()
        on = st.toggle(self.label, value=self.default, key=self.key, help=self.help,
                       bind="query-params", on_change=on_change)
        if raw is not None and raw[-1].strip().lower() != str(on).lower():
            note_dropped([_Dropped(self.label, raw, "true or false", "on" if on else "off")])
        return on


def _text(x: Any) -> str:
    """An option as the link spells it: numbers as 0.1 or 2, text as itself."""
    return f"{x:g}" if isinstance(x, float) else str(x)


@dataclass(frozen=True)
class Choice:
    """Exactly one of ``options``, kept in the URL as ``?key=<option's text>``.

    Drawn as a segmented control (a select box with ``select=True``) that cannot
    be emptied by a click. A link whose value is not an option's text (spelled
    exactly) falls back to ``default`` (the first option if None) with the usual
    note; so does an empty value (``?key=``).

    ``names`` shows options under other names than their link text (the link's
    ``vote=zigzag`` reads "zig-zags in" on the button). Streamlit's binding would put
    the shown name in the link, so such a choice keeps the link in step itself: it
    reads the link when first drawn and writes the option's text back on every run.
    With ``required=False`` nothing is chosen until someone clicks (a second click on
    the chosen option clears it again) and ``draw`` returns None; a link value that is
    not an option then falls back to nothing chosen, with the note.
    """

    key: str
    label: str
    options: tuple[Any, ...]
    default: Any = None
    help: str | None = None
    select: bool = False
    names: Mapping[Any, str] | None = field(default=None, hash=False)
    required: bool = True

    def _name(self, option: Any) -> str:
        return self.names.get(option, _text(option)) if self.names else _text(option)

    def draw(self) -> Any:
        options = list(self.options)
        default = self.default
        if default is None and self.required:
            default = options[0]
        raw = _from_link(self.key)
        bind = None if self.names else "query-params"
        if self.names and raw is not None:  # seed the widget from the link, as binding would
            by_text = {_text(o): o for o in options}
            if raw[-1] in by_text:
                st.session_state[self.key] = by_text[raw[-1]]
        if self.select:
            chosen = st.selectbox(self.label, options,
                                  index=None if default is None else options.index(default),
                                  key=self.key, format_func=self._name, help=self.help,
                                  bind=bind)
        else:
            chosen = st.segmented_control(self.label, options, default=default,
                                          required=self.required, key=self.key,
                                          format_func=self._name, help=self.help, bind=bind)
        if chosen is None:  # an empty value in the link empties even a required control
            chosen = default
        if self.names:  # the link carries the choice only when it differs from the default
            if chosen is None or chosen == default:
                st.query_params.pop(self.key, None)
            elif st.query_params.get(self.key) != _text(chosen):
                st.query_params[self.key] = _text(chosen)
        if raw is not None and (chosen is None or raw[-1] != _text(chosen)):
            note_dropped([_Dropped(self.label, raw, "one of " + ", ".join(map(_text, options)),
                                   "none" if chosen is None else _text(chosen))])
        return chosen


@dataclass(frozen=True)
class Pills:
    """Several of ``options`` at once, kept in the URL as ``?key=a&key=b``."""

    key: str
    label: str
    options: tuple[Any, ...]
    default: tuple[Any, ...] = ()
    help: str | None = None

    def draw(self) -> list[Any]:
        raw = _from_link(self.key)
        chosen = st.pills(self.label, list(self.options), selection_mode="multi",
                          default=list(self.default), key=self.key, format_func=_text,
                          help=self.help, bind="query-params")
        if raw is not None and sorted(raw) != sorted(_text(v) for v in chosen):
            note_dropped([_Dropped(
                self.label, raw, "any of " + ", ".join(map(_text, self.options)),
                ", ".join(map(_text, chosen)) or "none",
            )])
        return chosen


@dataclass(frozen=True)
class Parts:
    """The lesson's parts below its first screen, as tabs with one part open at a time,
    kept in the URL as ``?part=<its title>`` so a link opens the same part.

    Only the open part runs and is sent to the browser, so a slider move redraws the
    first screen and one part, not the whole lesson (on a projector, one part is also
    what fits the screen). A link naming no part falls back to the first, with the
    usual note.

    ``holds`` names, per part, the keys of the controls drawn inside it. Streamlit
    forgets a control that is not drawn (its value, and its place in the link), so a
    link that sets one of them (``?compare=2``) and names no part opens the part that
    holds it, and a part's controls get back the values they had when it is opened
    again.
    """

    titles: tuple[str, ...]
    key: str = "part"
    holds: Mapping[str, tuple[str, ...]] = field(default_factory=dict, hash=False)

    def draw(self, parts: Mapping[str, Callable[[], None]]) -> str:
        """Draw the tabs and, in the open one, call its function from ``parts`` (title ->
        function, one per title); return the open part's title."""
        if tuple(parts) != self.titles:
            raise ValueError(f"parts {tuple(parts)} are not the declared {self.titles}")
        raw = _from_link(self.key)
        first = f"_{self.key}_first"  # the part a visit opens on, fixed on its first run
        if self.key not in st.session_state:
            st.session_state[first] = next(
                (t for t in self.titles
                 if any(k in st.query_params for k in self.holds.get(t, ()))),
                self.titles[0])
        tabs = st.tabs(list(self.titles), key=self.key, on_change="rerun",
                       bind="query-params", default=st.session_state.get(first))
        title, tab = next((t, tab) for t, tab in zip(self.titles, tabs) if tab.open)
        with tab:
            if raw is not None and raw[-1] != title:
                note_dropped([_Dropped("Part of the lesson", raw,
                                       "one of " + ", ".join(self.titles), title)])
            held = self.holds.get(title, ())
            for k in held:  # as they were when this part was last open
                if _kept(k) in st.session_state and k not in st.session_state:
                    st.session_state[k] = st.session_state[_kept(k)]
            parts[title]()
            for k in held:
                if k in st.session_state:
                    st.session_state[_kept(k)] = st.session_state[k]
        return title


def _kept(key: str) -> str:
    """The session key of the copy that keeps a control's value while its part is closed."""
    return f"_{key}_kept"


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
    layout: Callable[[], Sequence] | None = None,
) -> None:
    """Step through a run of ``count`` steps; ``render(step)`` draws what depends on the step.

    With ``layout``, the page chooses where the player sits: ``layout()`` is called first
    and returns containers; the buttons and the scrubber go in the first, and
    ``render(step, *containers)`` gets them all (a fragment can only draw into containers
    it made itself).

    A scrubber (bound to the URL as ``?at=``, default the last step) and
    Reset / Back / Play / Next buttons. Everything here, ``render`` included,
    runs in a fragment: moving the scrubber or playing reruns only this part of
    the page. Play advances one step every ``tick`` seconds and stops by itself
    at the last step; pressing it there starts again from step 0.

    The timer is the browser's (``run_every``): each tick sends the scrubber's value
    as the browser holds it, and a tick can leave before the browser has drawn the
    frame the last tick produced. That late echo of an older frame is not a move of
    the scrubber (see :func:`_moved`), and play stops only once a tick brings the
    last frame back, so no tick still on its way can carry an older one in after it.

    Keyboard: Space plays or pauses, ← and → step, from anywhere on the page except a
    focused slider or text box (there the keys keep their usual meaning); Tab reaches every
    button and the scrubber (arrow keys, Home, End move it).
    """
    if count < 1:
        return
    animated = count > 1 and st.session_state.get(f"{key}_playing", False)
    player = st.fragment(_player, run_every=tick if animated else None)
    player(count, render, key, label, help, animated, layout)


def _player(
    count: int, render: Callable[..., None], key: str, label: str, help: str | None,
    animated: bool, layout: Callable[[], Sequence] | None,
) -> None:
    places = tuple(layout()) if layout else ()
    ss, last = st.session_state, count - 1
    playing_key, hold_key = f"{key}_playing", f"{key}_hold"
    playing = count > 1 and ss.get(playing_key, False)
    if playing != animated:
        st.rerun()  # a full run starts or stops the fragment's timer
    if count == 1:
        with places[0] if places else st.container():
            st.caption("A single iteration: nothing to step through.")
        render(0, *places)
        return

    raw = _from_link(key)
    if key in ss and not 0 <= ss[key] <= last:  # the run got shorter
        ss[key] = last
    if playing:
        echo = ss.pop(f"{key}_echo", False)  # _moved put the newest frame back
        if ss.pop(hold_key, False):  # the click that started play shows its first frame
            pass
        elif ss.get(key, last) >= last:
            if not echo:  # the browser itself sent the last frame back: stop the timer
                ss[playing_key] = False
                st.rerun()
        else:
            ss[key] = ss.get(key, last) + 1
            ss.setdefault(f"{key}_shown", []).append(ss[key])

    with places[0] if places else st.container(), \
            st.container(horizontal=True, vertical_alignment="bottom"):
        # icons only beside Play, so the four fit one row of a narrow column on a projector
        st.button(":material/first_page:", key=f"{key}_reset", on_click=_goto, args=(key, 0),
                  help="Reset: back to iteration 0, and stop.")
        st.button(":material/chevron_left:", key=f"{key}_back", shortcut="Left",
                  help="Back one iteration (keyboard: ←).", on_click=_step, args=(key, -1, last))
        st.button("Pause" if playing else "Play", key=f"{key}_play",
                  icon=":material/pause:" if playing else ":material/play_arrow:",
                  help="Play or pause (keyboard: Space). Stops by itself at the last "
                       "iteration.",
                  shortcut="Space", on_click=_play_pause, args=(key, last))
        st.button(":material/chevron_right:", key=f"{key}_next", shortcut="Right",
                  help="Next iteration (keyboard: →).", on_click=_step, args=(key, 1, last))
    with places[0] if places else st.container():
        at = st.slider(
            label, min_value=0, max_value=last, value=last, step=1, key=key,
            bind="query-params", help=help, on_change=_moved, args=(key,),
        )
        if raw is not None and not _same_number(raw[-1], at):
            note_dropped([_Dropped(label, raw, f"a whole number from 0 to {last}", str(at))])
    render(at, *places)


def _moved(key: str) -> None:
    """The scrubber's value changed: a move by hand pauses play, a late echo does not.

    While playing, a value this play has already shown (or the one it started from)
    comes from a tick the browser sent before drawing the newest frame: the newest
    frame is put back and play goes on from it. The same value moved to by hand
    cannot be told apart, so moving back onto a frame already played does not pause;
    moving anywhere else does.
    """
    ss = st.session_state
    shown = ss.get(f"{key}_shown", [])
    if ss.get(f"{key}_playing", False) and ss.get(key) in shown:
        ss[key] = shown[-1]
        ss[f"{key}_echo"] = True
        return
    _stop(key)


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
    ss[f"{key}_shown"] = [ss.get(key, last)]  # the frames this play shows (see _moved)
    if ss.get(key, last) >= last:
        ss[key] = 0  # play from the start again
        ss[f"{key}_shown"].append(0)
    ss[f"{key}_playing"] = True
    ss[f"{key}_hold"] = True


# ---------------------------------------------------------------------------
# Sharing


def share_url() -> str:
    """The address of exactly this view: the page and every URL-bound control."""
    pairs = [(k, v) for k in st.query_params for v in st.query_params.get_all(k)]
    query = urlencode(pairs)
    return (st.context.url or "") + (f"?{query}" if query else "")


def share_box():
    """The sidebar's share box: a place for the link, filled by :func:`share_link` once
    every control of the page is drawn, and under it the switch that shows the link's QR
    code. Returns the place."""
    box = st.sidebar.container()
    place = box.empty()
    box.toggle(QR_LABEL, key=QR_KEY, help="The link above as a QR code, so a class opens "
               "this view on their phones by pointing a camera at the screen (large in "
               "classroom mode). Off until you need it: the code changes with every move.")
    return place


def share_link(*, container=None) -> str:
    """Show :func:`share_url` in a code box, whose button copies it, and, when the share
    box's switch is on, its QR code below (large in classroom mode, to be read off the
    projector); return the link.

    Call it after every bound control has been drawn, into the place :func:`share_box`
    returned (a fragment may call it again, into the same place, to keep it current);
    without a place it draws its own share box.
    """
    url = share_url()
    with (container or share_box()).container():
        st.markdown("**Share this view**", help="Copy this link (button at its right) and "
                    "anyone who opens it sees exactly these settings. Or switch on its QR "
                    "code below and let a phone's camera read it.")
        st.code(url, language=None, wrap_lines=True)
        svg = _qr(url) if st.session_state.get(QR_KEY) else None
        if svg:
            large = bool(st.session_state.get(CLASSROOM_KEY, False))
            st.image(svg, width="stretch" if large else QR_WIDTH,
                     alt="QR code of the link above: scan it to open this view on a phone")
            st.caption("Scan it with a phone's camera to open this view.")
    return url


QR_WIDTH = 170  # px outside classroom mode: a phone at arm's length reads it from a laptop
# The QR code's switch. Off by default: every move makes a new link, and redrawing its code
# was ~90 ms of a slider move on /hot-and-cold (alternately measured, n=9); a class needs it
# once, when it joins. Not in the link: a shared view should not open with a QR code.
QR_KEY = "qr"
QR_LABEL = "Show the link's QR code"
# The classroom switch's key: ui.CLASSROOM is declared with it (ui imports this module, so the
# share box reads the switch by its key rather than through ui.classroom()).
CLASSROOM_KEY = "classroom"


@functools.lru_cache(maxsize=256)
def _qr(url: str) -> str | None:
    """The link's QR code as SVG text (None for a link too long for any QR code)."""
    try:
        return qr_svg(url)
    except ValueError:
        return None
