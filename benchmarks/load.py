"""Load: many sessions on one server at once, each checking its own numbers.

Three kinds of load, all on 127.0.0.1 only:

- **browser tabs** in one headless Chromium (:func:`run_load`): what a few
  students do, rendering included;
- **websocket sessions** moving as fast as the server answers
  (:func:`run_socket_load`; the client is :mod:`benchmarks.session`): many
  reruns in little time, for memory over 1,000 reruns and for the tests;
- **a paced class** (:func:`class_size`): N students on ``/descent``, each moving
  its slider every 5 s, for the largest N whose 95th percentile from a move to its
  rerun finished stays within 1 s (issue 10's target: 30 on this 2-core machine).

Each session opens its lesson with its own starting weight in the URL
(``/descent?weight=-1.6``, ``-1.14``, ...) and moves that slider one step up,
then back down, so every session expects different numbers: after every move its
table's first row must show ``prediction = input x weight``, exactly as the
primer computes it on ``/descent``, to float32 precision on ``/keras``.

Bounded: fixed numbers of sessions and moves, a time limit after which no new
move starts, a timeout on every wait. Run alone (starts its own server)::

    python -m benchmarks.load [--tabs 8] [--sockets 16] [--moves 20] [--class]

It exits 1 if any session saw an error or a wrong number.
"""

from __future__ import annotations

import argparse
import contextlib
import math
import random
import sys
import threading
import time
from dataclasses import dataclass, field

from benchmarks.browser import AppPage, chromium, missing_browser, new_context, percentile
from benchmarks.serve import MemorySampler, Server
from benchmarks.session import SocketSession
from primer.descent import descend

PATHS = ("descent", "keras")  # the lessons with the primer's weight slider and table
WEIGHT = "weight"  # its URL parameter (a public contract, see the README)
WEIGHT_RANGE, WEIGHT_STEP = (-2.0, 2.0), 0.01


@dataclass(frozen=True)
class Lesson:
    """What a session needs to know about its page, read from one run of it."""

    path: str
    weight_label: str
    defaults: dict[str, float]  # URL parameter -> the slider's default

    @classmethod
    def read(cls, server: Server, path: str, timeout: float = 120) -> Lesson:
        with SocketSession(server, path, TABLE_PART.get(path, {}), timeout=timeout) as s:
            s.rerun()
            sliders = {x.query_param_key: x for x in s.sliders() if x.query_param_key}
        return cls(path, sliders[WEIGHT].label,
                   {k: x.default[0] for k, x in sliders.items() if x.default})

    def query(self, weight: float) -> dict[str, str]:
        """The link a session opens: its starting weight, in the part that has the table
        its numbers are checked in."""
        return {**TABLE_PART.get(self.path, {}), WEIGHT: str(weight)}

    def expected(self, weight: float) -> list[tuple[str, str, float]]:
        """What the first table row must show for this starting weight, as (column, text,
        relative tolerance); a session checks the columns its table has (at least one)."""
        x, goal, alpha = (self.defaults[k] for k in ("input", "goal", "alpha"))
        if self.path == "descent":
            step = descend(weight, x, goal, alpha, 1).steps[0]
            return [("prediction", repr(step.prediction), 0.0)]
        prediction = x * weight  # Keras computes in float32: the same to about 7 digits
        return [("predicted", repr(prediction), 1e-6),
                ("weight after", repr(weight - alpha * x * (prediction - goal)), 1e-5)]


# The part (a tab below the first screen, ``?part=``) that holds the table a session reads
# its first row from: a lesson draws only its open part, and the default one has no table.
TABLE_PART = {"descent": {"part": "Every iteration"}, "keras": {"part": "4. Fit"}}


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
    lo, hi = WEIGHT_RANGE[0] + 0.4, WEIGHT_RANGE[1] - 0.4
    return [round(lo + i * (hi - lo) / max(1, n - 1), 2) for i in range(n)]


def target(weight: float, move: int) -> float:
    """Where move number ``move`` (0, 1, ...) takes a session that started at ``weight``."""
    return round(weight + WEIGHT_STEP, 2) if move % 2 == 0 else weight


@dataclass
class LoadReport:
    kind: str  # "browser tabs", "websocket sessions", "paced class"
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
            + (" (stopped early)" if self.stopped_early else ""),
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
    lesson: Lesson
    weight: float  # the starting weight this session's link carries
    app: AppPage
    runs: int = 0
    expect: float = 0.0

    def name(self) -> str:
        return f"tab /{self.lesson.path}?weight={self.weight}"


def _tab_ok(t: _Tab, report: LoadReport, what: str, timeout: float) -> bool:
    """Wait until the tab shows its own numbers; record what is wrong if it does not."""
    expected = t.lesson.expected(t.expect)
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
    in_url = t.app.query().get(WEIGHT)
    try:
        url_ok = math.isclose(float(in_url), t.expect, abs_tol=1e-9)
    except (TypeError, ValueError):  # a default value may leave the URL
        url_ok = in_url is None and t.expect == t.lesson.defaults[WEIGHT]
    if not url_ok:
        problems.append(f"URL weight {in_url!r}, expected {t.expect}")
    report.errors += [f"{t.name()}, {what}: {p}" for p in problems]
    return not problems


def run_load(browser, server: Server, *, sessions: int = 8, moves: int = 20,
             time_limit: float = 300, timeout: float = 60,
             paths: tuple[str, ...] = PATHS) -> LoadReport:
    """Open ``sessions`` tabs on ``server``; in each of ``moves`` rounds every tab presses an
    arrow key on its weight slider, then every tab must show its own numbers. No new round
    starts after ``time_limit`` seconds."""
    report = LoadReport("browser tabs", list(paths), sessions=sessions,
                        latency_label="slider -> table shows the new number")
    lessons = [Lesson.read(server, p) for p in paths]
    start = time.perf_counter()
    context = new_context(browser)
    tabs: list[_Tab] = []
    with MemorySampler(server.proc.pid) as memory:
        try:
            for i, w in enumerate(start_weights(sessions)):  # all tabs load at once
                lesson = lessons[i % len(lessons)]
                t = _Tab(lesson, w, AppPage.new(context, server.url()), expect=w)
                t.app.page.goto(t.app.url_for(lesson.path, lesson.query(w)),
                                wait_until="commit")
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
                        t.app.press(t.lesson.weight_label, key, wait=False)
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


class _Student:
    """One websocket session moving its weight slider, checking its own numbers."""

    def __init__(self, server: Server, lesson: Lesson, weight: float, timeout: float) -> None:
        self.lesson, self.weight = lesson, weight
        self.name = f"socket /{lesson.path}?weight={weight}"
        self.session = SocketSession(server, lesson.path, lesson.query(weight), timeout)
        self.session.rerun()
        self.slider = next(s for s in self.session.sliders() if s.query_param_key == WEIGHT)
        self.moves = 0

    def check(self, expect: float) -> list[str]:
        expected = self.lesson.expected(expect)
        shown = self.session.first_row()
        problems = [f"exception: {e[:300]}" for e in self.session.exceptions()]
        if not shows(shown, expected):
            problems.append(f"expected {expected}, the first row shows {shown}")
        return problems

    def move(self) -> tuple[float, float]:
        """The next move (up, down, up, ...); returns (where it went, seconds to
        script_finished)."""
        expect = target(self.weight, self.moves)
        self.moves += 1
        self.session.set_slider(self.slider, expect)
        return expect, self.session.rerun()

    def close(self) -> None:
        self.session.close()


def _open(server: Server, lesson: Lesson, weight: float, timeout: float,
          report: LoadReport, lock: threading.Lock) -> _Student | None:
    try:
        student = _Student(server, lesson, weight, timeout)
        problems = student.check(weight)
    except Exception as e:
        problems, student = [f"{type(e).__name__}: {e}"], None
    if problems:
        with lock:
            report.errors += [f"socket /{lesson.path}?weight={weight}, on opening: {p}"
                              for p in problems]
    return student


def _socket_worker(server: Server, lesson: Lesson, weight: float, moves: int, deadline: float,
                   timeout: float, report: LoadReport, lock: threading.Lock,
                   opened: threading.Barrier) -> None:
    student = _open(server, lesson, weight, timeout, report, lock)
    with contextlib.suppress(threading.BrokenBarrierError):
        opened.wait(timeout)  # every session connected before the first move
    if student is None:
        return
    try:
        for k in range(moves):
            if time.perf_counter() > deadline:
                with lock:
                    report.stopped_early = True
                break
            with lock:
                report.moves_requested += 1
            expect, seconds = student.move()
            problems = student.check(expect)
            with lock:
                report.errors += [f"{student.name}, move {k + 1}: {p}" for p in problems]
                if not problems:
                    report.moves_served += 1
                    report.latency_ms.append(seconds * 1000)
        with lock:
            report.held += 1
    except Exception as e:
        with lock:
            report.errors.append(f"{student.name}: {type(e).__name__}: {e}")
    finally:
        student.close()


def bound_params(server: Server, path: str, timeout: float = 120) -> dict[str, str]:
    """The URL parameters the page at ``path`` binds (parameter -> widget label), read from
    the widgets one run of the page sends."""
    with SocketSession(server, path, {}, timeout) as session:
        session.rerun()
        return session.bound_params()


def run_socket_load(server: Server, *, sessions: int = 16, moves: int = 20,
                    time_limit: float = 300, timeout: float = 60,
                    paths: tuple[str, ...] = PATHS) -> LoadReport:
    """``sessions`` websocket sessions, each in its own thread, each moving its weight
    slider ``moves`` times as fast as the server answers. No new move starts after
    ``time_limit`` seconds."""
    report = LoadReport("websocket sessions", list(paths), sessions=sessions,
                        latency_label="rerun round trip (move sent -> script finished)")
    lessons = [Lesson.read(server, p) for p in paths]
    lock = threading.Lock()
    start = time.perf_counter()
    opened = threading.Barrier(sessions + 1)
    threads = [
        threading.Thread(target=_socket_worker, daemon=True, args=(
            server, lessons[i % len(lessons)], w, moves, start + time_limit, timeout, report,
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


# ----------------------------------------------------------------------------------------
# A paced class


@dataclass
class ClassLevel:
    """One class size tried: each student moved every ``period`` seconds."""

    students: int
    latency_ms: list[float]  # scheduled move -> its rerun finished
    late_allowed: int  # moves over the limit that still keep the 95th percentile within it
    errors: list[str]
    stopped_early: bool  # too many moves over the limit already: the level had failed

    @property
    def p95(self) -> float | None:
        return percentile(self.latency_ms, 95)

    def passes(self, limit_ms: float) -> bool:
        return (not self.errors and not self.stopped_early and bool(self.latency_ms)
                and self.p95 <= limit_ms)


def paced_class(server: Server, students: list[_Student], *, period: float = 5.0,
                moves: int = 6, limit_ms: float = 1000, seed: int = 0) -> ClassLevel:
    """Every student moves its slider every ``period`` seconds (each from its own random
    phase) ``moves`` times. A move's latency runs from when it was due, so a server that
    falls behind cannot hide it by delaying the next move. Stops early once more than 5%
    of the planned moves took longer than ``limit_ms``: the 95th percentile is over it."""
    rng = random.Random(seed)
    planned = len(students) * moves
    late_allowed = int(planned * 0.05)
    lock, stop = threading.Lock(), threading.Event()
    latencies: list[float] = []
    errors: list[str] = []
    late = [0]
    start = time.perf_counter() + 0.5

    def run(student: _Student, phase: float) -> None:
        for k in range(moves):
            due = start + phase + k * period
            while not stop.is_set() and time.perf_counter() < due:
                time.sleep(min(0.05, max(0.0, due - time.perf_counter())))
            if stop.is_set():
                return
            try:
                expect, _ = student.move()
                elapsed = (time.perf_counter() - due) * 1000
                problems = student.check(expect)
            except Exception as e:
                elapsed, problems = None, [f"{type(e).__name__}: {e}"]
            with lock:
                errors.extend(f"{student.name}, move {k + 1}: {p}" for p in problems)
                if elapsed is not None:
                    latencies.append(elapsed)
                    late[0] += elapsed > limit_ms
                    if late[0] > late_allowed or problems:
                        stop.set()

    threads = [threading.Thread(target=run, daemon=True, args=(s, rng.uniform(0, period)))
               for s in students]
    for t in threads:
        t.start()
    for t in threads:
        t.join(moves * period + 120)
    return ClassLevel(len(students), latencies, late_allowed, errors, stop.is_set())


def class_size(server: Server, *, sizes: tuple[int, ...] = (5, 10, 20, 30, 40),
               period: float = 5.0, moves: int = 6, limit_ms: float = 1000,
               budget: float = 300, timeout: float = 120,
               log=lambda msg: None) -> tuple[int, list[ClassLevel]]:
    """The largest class (students on ``/descent``, each moving every ``period`` s) whose
    95th percentile from a move to its rerun finished is within ``limit_ms``.

    Sizes are tried upwards until one fails, then halfway between the largest that
    passed and the smallest that failed while they are more than 2 apart; sessions
    opened for a size are reused by the next. No size starts after ``budget`` seconds.
    Returns (the largest size that passed, 0 if none; every level tried)."""
    lesson = Lesson.read(server, "descent")
    weights = start_weights(max(sizes))
    pool: list[_Student] = []
    levels: list[ClassLevel] = []
    started = time.perf_counter()
    best, failed = 0, None
    queue = list(sizes)
    while queue and time.perf_counter() - started < budget:
        n = queue.pop(0)
        while len(pool) < n:
            pool.append(_Student(server, lesson, weights[len(pool)], timeout))
        server.settle()
        level = paced_class(server, pool[:n], period=period, moves=moves, limit_ms=limit_ms)
        levels.append(level)
        log(f"class of {n}: p95 {level.p95 or 0:.0f} ms over {len(level.latency_ms)} moves"
            + (" (stopped early)" if level.stopped_early else "")
            + (f", {len(level.errors)} errors" if level.errors else ""))
        if level.passes(limit_ms):
            best = max(best, n)
        else:
            failed = n if failed is None else min(failed, n)
        if failed is not None:  # halve the gap between the sizes that passed and failed
            middle = (best + failed) // 2
            tried = {x.students for x in levels}
            queue = [middle] if failed - best > 2 and middle not in tried else []
    for student in pool:
        student.close()
    return best, levels


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.load", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--tabs", type=int, default=8, help="browser tabs (0: none)")
    parser.add_argument("--sockets", type=int, default=16, help="websocket sessions (0: none)")
    parser.add_argument("--moves", type=int, default=20, help="slider moves per session")
    parser.add_argument("--time-limit", type=float, default=300,
                        help="seconds after which no new move starts (each kind of client)")
    parser.add_argument("--class", dest="paced", action="store_true",
                        help="also find the largest paced class (about 5 minutes)")
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
        if args.paced:
            best, levels = class_size(server, log=print)
            print(f"paced class: largest N with p95 <= 1 s: {best}")
            if any(level.errors for level in levels):
                return 1
    return 0 if all(r.ok for r in reports) else 1


if __name__ == "__main__":
    sys.exit(main())
