"""Load test: many sessions moving sliders on the same server at once.

Two kinds of client, both on 127.0.0.1 only:

- **browser tabs** in one headless Chromium (:func:`run_load`): what a class of
  students does, rendering included;
- **websocket sessions** (:func:`run_socket_load`): Streamlit's own protocol,
  spoken as the browser speaks it (protobuf ``BackMsg`` in, ``ForwardMsg`` out)
  but without drawing anything, so many sessions and many reruns cost the
  server what tabs would and the client almost nothing.

Each session opens its lesson with its own starting weight in the URL
(``/descent?weight=-1.6``, ``-1.14``, ...), so every session expects different
numbers. Each move sets its weight slider one step up, then back down (so it
never leaves its own value pair); after every move the session must show its
own numbers: the weight in its URL (tabs), and the first row of its table:
``prediction = input x weight``, exactly as the primer computes it on the
descent lesson, to float32 precision on the Keras lesson, which joins the test
once ``/keras`` is in ``dashboard/nav.py``.

Bounded: a fixed number of sessions and rounds, a time limit after which no new
round starts, a timeout on every wait, and only 127.0.0.1 is contacted. The
server's resident memory is sampled from /proc all along.

Run alone (starts its own server and browser)::

    python -m benchmarks.load [--tabs 8] [--sockets 16] [--moves 20] [--time-limit 300]

It exits 1 if any session saw an error or a wrong number.
"""

from __future__ import annotations

import argparse
import contextlib
import math
import sys
import threading
import time
from dataclasses import dataclass, field
from urllib.parse import urlencode

from benchmarks.browser import AppPage, chromium, missing_browser, new_context, percentile
from benchmarks.serve import MemorySampler, Server
from dashboard.controls import CONTROLS
from dashboard.nav import LESSONS
from primer.descent import descend

WEIGHT = CONTROLS["weight"]
PATHS = ("descent", "keras")  # the lessons the load test drives, where they exist


def lesson_paths() -> list[str]:
    """The lessons of PATHS that the app has today (the registry in dashboard/nav.py)."""
    present = {lesson.url_path for lesson in LESSONS}
    return [p for p in PATHS if p in present]


def expected_cells(path: str, weight: float) -> list[tuple[str, str, float]]:
    """What the first table row must show for this starting weight, as
    (column, text, relative tolerance); a session checks the columns its table has
    (at least one of them)."""
    x, goal, alpha = (CONTROLS[k].default for k in ("input", "goal", "alpha"))
    if path == "descent":
        step = descend(weight, x, goal, alpha, 1).steps[0]
        return [("prediction", repr(step.prediction), 0.0)]
    # the Keras lesson computes in float32: the same numbers to about 7 digits
    prediction = x * weight
    return [("predicted", repr(prediction), 1e-6), ("prediction", repr(prediction), 1e-6),
            ("weight after", repr(weight - alpha * x * (prediction - goal)), 1e-5)]


def shows(cells: dict[str, str], expected: list[tuple[str, str, float]]) -> bool:
    """True when ``cells`` (column -> first-row text) has at least one expected column
    and every expected column it has shows the expected number."""
    present = [(c, text, tol) for c, text, tol in expected if c in cells]
    return bool(present) and all(_same(cells[c], text, tol) for c, text, tol in present)


def _same(shown: str, text: str, tol: float) -> bool:
    if tol == 0:
        return shown == text
    try:
        return math.isclose(float(shown), float(text), rel_tol=tol, abs_tol=tol)
    except ValueError:
        return False


def start_weights(n: int) -> list[float]:
    """n different starting weights, 0.01 apart at least, each with room for one step up."""
    lo, hi = WEIGHT.min + 0.4, WEIGHT.max - 0.4
    return [round(lo + i * (hi - lo) / max(1, n - 1), 2) for i in range(n)]


def target(weight: float, move: int) -> float:
    """Where move number ``move`` (0, 1, ...) takes a session that started at ``weight``."""
    return round(weight + WEIGHT.step, 2) if move % 2 == 0 else weight


@dataclass
class LoadReport:
    kind: str  # "browser tabs" or "websocket sessions"
    paths: list[str]
    sessions: int = 0
    held: int = 0  # sessions still connected and error-free at the end
    moves_requested: int = 0
    moves_served: int = 0  # moves whose rerun showed this session's own correct numbers
    errors: list[str] = field(default_factory=list)
    latency_ms: list[float] = field(default_factory=list)  # see `latency_label`
    to_chart_ms: list[float] = field(default_factory=list)  # tabs only
    latency_label: str = ""
    rss_open_mb: float | None = None  # after every session opened its page
    rss_peak_mb: float | None = None
    rss_end_mb: float | None = None
    seconds: float = 0.0
    stopped_early: bool = False

    @property
    def ok(self) -> bool:
        return not self.errors and self.moves_served == self.moves_requested

    def p(self, q: float, values: list[float] | None = None) -> float | None:
        return percentile(self.latency_ms if values is None else values, q)

    def lines(self) -> list[str]:
        def ms(x):
            return "n/a" if x is None else f"{x:.0f} ms"

        def mb(x):
            return "n/a" if x is None else f"{x:.0f} MB"

        out = [
            f"{self.kind}: {self.held} held of {self.sessions} opened, on "
            + ", ".join(f"/{p}" for p in self.paths),
            f"  slider moves: {self.moves_served} served with the session's own numbers, of "
            f"{self.moves_requested} requested, in {self.seconds:.0f} s"
            + (" (time limit reached)" if self.stopped_early else ""),
            f"  {self.latency_label}: p50 {ms(self.p(50))}, p95 {ms(self.p(95))}",
        ]
        if self.to_chart_ms:
            out.append(f"  slider -> last chart redrawn: p50 {ms(self.p(50, self.to_chart_ms))}, "
                       f"p95 {ms(self.p(95, self.to_chart_ms))}")
        out.append(f"  server memory: {mb(self.rss_open_mb)} with all sessions open, "
                   f"peak {mb(self.rss_peak_mb)}, {mb(self.rss_end_mb)} at the end")
        out.append(f"  errors: {len(self.errors)}")
        out += [f"    - {e}" for e in self.errors[:10]]
        return out


# ----------------------------------------------------------------------------------------
# Browser tabs

# True once this tab finished a run after `runs` and its table's first row shows the
# expected cells: [[column, text, relative tolerance], ...], as `shows` decides.
_SHOWS = """
([runs, expected]) => {
  const s = window.__st, app = document.querySelector('[data-testid="stApp"]');
  if (!s || !app || s.runs <= runs) return false;
  if (app.getAttribute('data-test-script-state') !== 'notRunning') return false;
  const table = document.querySelector(
    '[data-testid="stDataFrame"] table, [data-testid="stTable"] table');
  if (!table) return false;
  const heads = [...table.querySelectorAll('thead th')].map(th => th.textContent.trim());
  const row = table.querySelector('tbody tr');
  if (!row) return false;
  const cells = row.querySelectorAll('td, th');
  let present = 0;
  for (const [column, text, tol] of expected) {
    const i = heads.indexOf(column);
    if (i < 0 || !cells[i]) continue;
    present++;
    const shown = cells[i].textContent.trim();
    if (tol === 0 ? shown !== text
        : !(Math.abs(Number(shown) - Number(text)) <= tol * Math.max(1, Math.abs(Number(text)))))
      return false;
  }
  return present > 0;
}
"""


@dataclass
class _Tab:
    path: str
    weight: float  # the starting weight this session's link carries
    app: AppPage
    runs: int = 0
    expect: float = 0.0

    def name(self) -> str:
        return f"tab /{self.path}?weight={self.weight}"


def _tab_ok(t: _Tab, report: LoadReport, what: str, timeout: float) -> bool:
    """Wait until the tab shows its own numbers; record what is wrong if it does not."""
    expected = expected_cells(t.path, t.expect)
    problems = []
    try:
        t.app.page.wait_for_function(_SHOWS, arg=[t.runs, expected],
                                     timeout=timeout * 1000, polling=25)
    except Exception as e:  # a timeout, or the tab crashed
        try:
            table = t.app.tables()[0]
            shown = dict(zip(table["columns"], table["rows"][0]))
        except Exception:
            shown = "no table"
        problems.append(f"expected {expected}, the first row shows {shown} "
                        f"({type(e).__name__})")
    if t.app.exceptions():
        problems.append(f"exception box: {t.app.exceptions()[0][:300]}")
    if t.app.page_errors:
        problems.append(f"page error: {t.app.page_errors[-1][:300]}")
        t.app.page_errors.clear()
    in_url = t.app.query().get(WEIGHT.key)
    try:
        url_ok = math.isclose(float(in_url), t.expect, abs_tol=1e-9)
    except (TypeError, ValueError):
        url_ok = in_url is None and t.expect == WEIGHT.default  # a default may leave the URL
    if not url_ok:
        problems.append(f"URL weight {in_url!r}, expected {t.expect}")
    report.errors += [f"{t.name()}, {what}: {p}" for p in problems]
    return not problems


def run_load(browser, server: Server, *, sessions: int = 8, moves: int = 20,
             time_limit: float = 300, timeout: float = 60,
             paths: list[str] | None = None) -> LoadReport:
    """Open ``sessions`` tabs on ``server``; in each of ``moves`` rounds every tab presses an
    arrow key on its weight slider, then every tab must show its own numbers. No new round
    starts after ``time_limit`` seconds."""
    paths = paths or lesson_paths()
    report = LoadReport("browser tabs", list(paths), sessions=sessions,
                        latency_label="slider -> table shows the new number")
    start = time.perf_counter()
    context = new_context(browser)
    tabs: list[_Tab] = []
    with MemorySampler(server.proc.pid) as memory:
        try:
            for i, w in enumerate(start_weights(sessions)):  # all tabs load at once
                t = _Tab(paths[i % len(paths)], w, AppPage.new(context, server.url()), expect=w)
                t.app.page.goto(t.app.url_for(t.path, {WEIGHT.key: str(w)}), wait_until="commit")
                tabs.append(t)
            for t in tabs:
                _tab_ok(t, report, "on opening", timeout)
            report.rss_open_mb = server.rss_mb()

            for k in range(moves):
                if time.perf_counter() - start > time_limit:
                    report.stopped_early = True
                    break
                key = "ArrowRight" if k % 2 == 0 else "ArrowLeft"
                for t in tabs:  # every tab presses, then every tab is checked
                    t.runs, t.expect = t.app.runs(), target(t.weight, k)
                    report.moves_requested += 1
                    try:
                        t.app.press(WEIGHT.label, key, wait=False)
                    except Exception as e:
                        report.errors.append(f"{t.name()}, move {k + 1}: {e}")
                for t in tabs:
                    if _tab_ok(t, report, f"move {k + 1} ({key})", timeout):
                        report.moves_served += 1
                        m = t.app.move_timing()
                        if m.to_table_ms is not None:
                            report.latency_ms.append(m.to_table_ms)
                        if m.to_chart_ms is not None:
                            report.to_chart_ms.append(m.to_chart_ms)
                if not server.alive():
                    report.errors.append(f"the server died:\n{server.log()}")
                    break
            report.held = sum(
                1 for t in tabs
                if t.app.page.evaluate("document.querySelector('[data-testid=\"stApp\"]')"
                                       "?.getAttribute('data-test-connection-state')")
                == "CONNECTED" and not t.app.exceptions()
            )
        finally:
            context.close()
            report.seconds = time.perf_counter() - start
    report.rss_peak_mb, report.rss_end_mb = memory.peak, server.rss_mb()
    return report


# ----------------------------------------------------------------------------------------
# Websocket sessions


class SocketSession:
    """One Streamlit session over the app's websocket, as the browser speaks it.

    ``rerun`` sends a ``BackMsg.rerun_script`` (the page, its query string, the
    widget values) and reads ``ForwardMsg`` until ``script_finished``, keeping the
    elements the run produced.
    """

    def __init__(self, server: Server, path: str, query: dict[str, str],
                 timeout: float = 60) -> None:
        from websockets.sync.client import connect  # a dependency of streamlit

        self.path, self.query, self.timeout = path, dict(query), timeout
        self._stack = contextlib.ExitStack()
        self.ws = self._stack.enter_context(connect(
            f"ws://{server.url().split('://', 1)[1]}_stcore/stream",
            subprotocols=["streamlit"], max_size=None, open_timeout=timeout))
        self.widgets: dict[str, object] = {}  # label -> WidgetState sent with each rerun
        self.elements: list = []

    def close(self) -> None:
        self._stack.close()

    def rerun(self) -> float:
        """Run the page's script; returns the seconds from sending to ``script_finished``."""
        from streamlit.proto.BackMsg_pb2 import BackMsg
        from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

        msg = BackMsg()
        msg.rerun_script.page_name = self.path
        msg.rerun_script.query_string = urlencode(self.query)
        msg.rerun_script.widget_states.widgets.extend(self.widgets.values())
        elements = []
        start = time.perf_counter()
        self.ws.send(msg.SerializeToString())
        deadline = start + self.timeout
        while True:
            fwd = ForwardMsg()
            fwd.ParseFromString(self.ws.recv(timeout=max(0.1, deadline - time.perf_counter())))
            kind = fwd.WhichOneof("type")
            if kind == "delta" and fwd.delta.WhichOneof("type") == "new_element":
                elements.append(fwd.delta.new_element)
            elif kind == "script_finished":
                self.elements = elements
                return time.perf_counter() - start

    def of_type(self, kind: str) -> list:
        return [getattr(e, kind) for e in self.elements if e.WhichOneof("type") == kind]

    def exceptions(self) -> list[str]:
        return [f"{e.type}: {e.message}" for e in self.of_type("exception")]

    def first_row(self, table: int = 0) -> dict[str, str]:
        """The first row of the run's ``table``-th dataframe: column -> text."""
        import pyarrow as pa

        frames = self.of_type("dataframe")
        if len(frames) <= table:
            return {}
        df = pa.ipc.open_stream(frames[table].arrow_data.data).read_all().to_pandas()
        return {str(c): str(v) for c, v in df.iloc[0].items()} if len(df) else {}

    def bound_params(self) -> dict[str, str]:
        """URL parameter -> label of every widget of the last run bound to the URL."""
        bound = {}
        for element in self.elements:
            widget = getattr(element, element.WhichOneof("type") or "", None)
            try:
                if widget is not None and widget.HasField("query_param_key"):
                    bound[widget.query_param_key] = getattr(widget, "label", "")
            except ValueError:  # this kind of element has no such field
                pass
        return bound

    def set_slider(self, label: str, value: float) -> None:
        """Set a slider (found by label in the last run) for the next rerun, and the URL."""
        from streamlit.proto.WidgetStates_pb2 import WidgetState

        slider = next(s for s in self.of_type("slider") if s.label == label)
        state = WidgetState(id=slider.id)
        state.double_array_value.data.append(value)
        self.widgets[label] = state
        self.query[WEIGHT.key if label == WEIGHT.label else label] = str(value)


def _socket_worker(server: Server, path: str, weight: float, moves: int, deadline: float,
                   timeout: float, report: LoadReport, lock: threading.Lock,
                   opened: threading.Barrier) -> None:
    name = f"socket /{path}?weight={weight}"

    def check(session: SocketSession, expect: float, what: str) -> bool:
        expected = expected_cells(path, expect)
        shown = session.first_row()
        problems = [f"exception: {e[:300]}" for e in session.exceptions()]
        if not shows(shown, expected):
            problems.append(f"expected {expected}, the first row shows {shown}")
        with lock:
            report.errors += [f"{name}, {what}: {p}" for p in problems]
        return not problems

    session = None
    try:
        session = SocketSession(server, path, {WEIGHT.key: str(weight)}, timeout)
        session.rerun()
        alive = check(session, weight, "on opening")
    except Exception as e:
        with lock:
            report.errors.append(f"{name}, on opening: {type(e).__name__}: {e}")
        alive = False
    with contextlib.suppress(threading.BrokenBarrierError):
        opened.wait(timeout)  # every session connected before the first move
    try:
        for k in range(moves if alive else 0):
            if time.perf_counter() > deadline:
                with lock:
                    report.stopped_early = True
                break
            expect = target(weight, k)
            with lock:
                report.moves_requested += 1
            session.set_slider(WEIGHT.label, expect)
            seconds = session.rerun()
            if check(session, expect, f"move {k + 1}"):
                with lock:
                    report.moves_served += 1
                    report.latency_ms.append(seconds * 1000)
        if alive:
            with lock:
                report.held += 1
    except Exception as e:
        with lock:
            report.errors.append(f"{name}: {type(e).__name__}: {e}")
    finally:
        if session is not None:
            session.close()


def bound_params(server: Server, path: str, timeout: float = 120) -> dict[str, str]:
    """The URL parameters the page at ``path`` binds (parameter -> widget label), read from
    the widgets one run of the page sends."""
    session = SocketSession(server, path, {}, timeout)
    try:
        session.rerun()
        return session.bound_params()
    finally:
        session.close()


def run_socket_load(server: Server, *, sessions: int = 16, moves: int = 20,
                    time_limit: float = 300, timeout: float = 60,
                    paths: list[str] | None = None) -> LoadReport:
    """``sessions`` websocket sessions, each in its own thread, each moving its weight
    slider ``moves`` times as fast as the server answers. No new move starts after
    ``time_limit`` seconds."""
    paths = paths or lesson_paths()
    report = LoadReport("websocket sessions", list(paths), sessions=sessions,
                        latency_label="rerun round trip (move sent -> script finished)")
    lock = threading.Lock()
    start = time.perf_counter()
    opened = threading.Barrier(sessions + 1)
    threads = [
        threading.Thread(target=_socket_worker, daemon=True, args=(
            server, paths[i % len(paths)], w, moves, start + time_limit, timeout, report,
            lock, opened))
        for i, w in enumerate(start_weights(sessions))
    ]
    with MemorySampler(server.proc.pid) as memory:
        for t in threads:
            t.start()
        try:
            opened.wait(timeout * 2)
        except threading.BrokenBarrierError:
            report.errors.append("not every session opened in time")
        report.rss_open_mb = server.rss_mb()
        for t in threads:
            t.join(max(1.0, start + time_limit + 2 * timeout - time.perf_counter()))
    report.seconds = time.perf_counter() - start
    report.rss_peak_mb, report.rss_end_mb = memory.peak, server.rss_mb()
    if not server.alive():
        report.errors.append(f"the server died:\n{server.log()}")
    return report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.load", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--tabs", type=int, default=8, help="browser tabs (0: none)")
    parser.add_argument("--sockets", type=int, default=16, help="websocket sessions (0: none)")
    parser.add_argument("--moves", type=int, default=20, help="slider moves per session")
    parser.add_argument("--time-limit", type=float, default=300,
                        help="seconds after which no new move starts (each kind of client)")
    args = parser.parse_args(argv)
    if not (0 <= args.tabs <= 32 and 0 <= args.sockets <= 64 and 0 <= args.moves <= 1000):
        parser.error("tabs: 0 to 32, sockets: 0 to 64, moves: 0 to 1000")
    reports = []
    with Server() as server:
        if args.sockets:
            reports.append(run_socket_load(server, sessions=args.sockets, moves=args.moves,
                                           time_limit=args.time_limit))
            print("\n".join(reports[-1].lines()), flush=True)
        if args.tabs:
            reason = missing_browser()
            if reason:
                print(f"browser tabs: not run: {reason}", file=sys.stderr)
            else:
                with chromium() as browser:
                    reports.append(run_load(browser, server, sessions=args.tabs,
                                            moves=args.moves, time_limit=args.time_limit))
                print("\n".join(reports[-1].lines()), flush=True)
    return 0 if all(r.ok for r in reports) else 1


if __name__ == "__main__":
    sys.exit(main())
