"""``python -m benchmarks``: measure issue 10's targets on this machine, print one table.

What it measures (medians and 95th percentiles; a ratio always compares figures
taken alternately in the same run, so a busy machine slows both sides alike):

1. **cold**: ``streamlit run`` to the first chart of ``/descent`` drawn in a
   browser that has never seen the app; then, on that server, the first visit to
   ``/keras`` (TensorFlow not loaded yet) to its first text on the page and to
   its charts drawn.
2. **cpu**: the server's CPU time per rerun (user + system, from /proc, threads
   and garbage collection included: read once the process is idle again) after
   one slider step, per lesson of ``dashboard/nav.py``, by a websocket session,
   alternately with the floor page (target: no more than the floor page).
3. **latency**: in headless Chromium, from an arrow-key press on a lesson's first
   URL-bound slider to the last chart redrawn, measured inside the page,
   alternately with the floor page (target: 2.5x the floor page at most).
4. **class**: a paced class on ``/descent``: N websocket students, each moving a
   slider every 5 s; the largest N whose 95th percentile from a move to its
   rerun finished is within 1 s (goal: 30 on this 2-core machine).
5. **memory**: the whole app, every page and every Keras choice visited, in a
   fresh server under a 690 MB memory cap that counts page cache, as a container
   does (a cgroup; where none can be made, the server's RSS is the stand-in and
   the table says so).

The floor page (``benchmarks/floor_app.py``: one slider, one Altair chart) runs
with Streamlit's default settings, served from an empty folder so the app's
``.streamlit/config.toml`` is out of its reach. The lessons run as the README
starts them. Lessons come in nav.py order with ``/keras`` last, and the class
runs before ``/keras`` is opened, so those figures are taken without TensorFlow
loaded (``--after-keras`` measures the lessons' CPU again with it).

Experiments: ``--app-config runner.postScriptGC=false`` (any ``section.option=value``
the app server gets as a flag), ``--app-root DIR`` (the app from another checkout),
``--reruns 1000`` (reruns by websocket sessions after the memory visit, for RSS
growth). ``--quick`` is a smoke run of everything (about 5 minutes);
``--only cpu,class`` runs some parts.
"""

from __future__ import annotations

import argparse
import contextlib
import itertools
import os
import platform
import statistics
import sys
import time
from pathlib import Path

from benchmarks.browser import percentile
from benchmarks.serve import (
    ROOT,
    MemoryCgroup,
    Server,
    drop_file_cache,
    floor_server,
    private_copies,
    rss_parts_mb,
)

PARTS = ("cold", "cpu", "latency", "class", "memory")
NA = "n/a"
KERAS = "keras"
CAP_MB = 690  # Community Cloud's smallest memory allowance
# what a capped server gets a private copy of: TensorFlow's libraries, ~300 MB mapped, are
# most of what it maps (numpy and friends load libraries from beside their folder)
PRIVATE = ["tensorflow"]


def say(msg: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


# ----------------------------------------------------------------------------------------
# the machine


def machine() -> dict[str, str]:
    def first(path: str, prefix: str, pick) -> str:
        try:
            with open(path) as f:
                return pick(next(line for line in f if line.startswith(prefix)))
        except (OSError, StopIteration):
            return NA

    import streamlit

    return {
        "cores (nproc)": str(len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity")
                             else os.cpu_count()),
        "memory": first("/proc/meminfo", "MemTotal",
                        lambda s: f"{int(s.split()[1]) / 1024 / 1024:.1f} GiB"),
        "CPU": first("/proc/cpuinfo", "model name", lambda s: s.split(":", 1)[1].strip()),
        "OS": f"{platform.system()} {platform.release()}",
        "Python": platform.python_version(),
        "Streamlit": streamlit.__version__,
        "load average": " ".join(f"{x:.1f}" for x in os.getloadavg()),
    }


# ----------------------------------------------------------------------------------------
# 1. cold start, and the first visit to /keras


_FIRST_TEXT = """
() => [...document.querySelectorAll(['stMarkdownContainer', 'stAlert', 'stSpinner', 'stHeading']
  .map(t => `[data-testid="stMain"] [data-testid="${t}"]`).join(', '))]
  .some(e => e.innerText.trim())
"""
_FIRST_WIDGET = """
() => !!document.querySelector('[data-testid="stMain"] [data-testid="stSlider"]')
"""
# /keras' own first text after a click from another lesson, whose text is still on screen:
# its title, or the note that TensorFlow is loading
_KERAS_TEXT = """
() => [...document.querySelectorAll('[data-testid="stMain"] h1, [data-testid="stMain"] '
  + '[data-testid="stAlert"]')].some(e => /Keras|Loading TensorFlow/.test(e.innerText))
"""
_FIRST_CHART = """
(CHART) => [...document.querySelectorAll(CHART)].some(
  c => c.querySelector('[class*="role-mark"] > *, canvas'))
"""


def cold_start(browser, app: dict) -> dict[str, float]:
    """A new server, a browser profile that has never seen it: seconds from starting the
    server to /_stcore/health, to the first chart of /descent drawn; then the first visit to
    /keras (TensorFlow not imported yet) as a class makes it, by a click on its link in the
    app's navigation, to its first text and to its charts drawn. Then, for what a page load
    costs by itself, a full load of /keras in a new tab (TensorFlow loaded by then) and of
    the floor page, each to its first text or control."""
    from benchmarks.browser import CHART, AppPage, new_context

    with Server(**app) as server, floor_server() as floor:
        context = new_context(browser)
        try:
            page = context.new_page()
            page.goto(server.url("descent"), wait_until="commit")
            page.wait_for_function(_FIRST_CHART, arg=CHART, timeout=120_000, polling="raf")
            figures = {"chart": time.perf_counter() - server.started_at,
                       "health": server.healthy_at - server.started_at}
            descent = AppPage(page, server.url())
            descent.settle(0, timeout=120_000)
            link = page.locator("a", has_text="Keras").first
            runs = descent.runs()
            start = time.perf_counter()
            link.click()
            page.wait_for_function(_KERAS_TEXT, timeout=120_000, polling="raf")
            figures["keras_text"] = time.perf_counter() - start
            descent.settle(runs, timeout=180_000)
            figures["keras_charts"] = time.perf_counter() - start
            if descent.exceptions():
                raise RuntimeError(f"/keras: {descent.exceptions()}")
            # the floor page loaded once first, so both loads find the app's code in the
            # browser's cache, as /keras does
            for key, url, ready in (("warm_floor", floor.url(), _FIRST_WIDGET),
                                    ("load_keras", server.url(KERAS), _FIRST_TEXT),
                                    ("load_floor", floor.url(), _FIRST_WIDGET)):
                tab = context.new_page()
                start = time.perf_counter()
                tab.goto(url, wait_until="commit")
                tab.wait_for_function(ready, timeout=120_000, polling="raf")
                figures[key] = time.perf_counter() - start
                tab.close()
        finally:
            context.close()
    return figures


# ----------------------------------------------------------------------------------------
# 2. server CPU per rerun


def warm_up(server: Server) -> None:
    """Serve the first page once and wait until the server is idle (up to a minute), so
    what a first visit starts (imports, an app's background work) is not measured as
    the cost of a rerun."""
    from benchmarks.session import SocketSession

    with SocketSession(server, "", timeout=180) as s:
        s.rerun()
    server.settle(quiet=1.0, timeout=60)


class Mover:
    """A websocket session on a page that steps its first URL-bound slider back and forth
    and reads what each rerun cost the server."""

    def __init__(self, server: Server, path: str) -> None:
        from benchmarks.session import SocketSession, moving_slider, step_values

        self.server = server
        self.session = SocketSession(server, path, timeout=180)
        self.session.rerun()
        if self.session.exceptions():
            raise RuntimeError(f"/{path}: {self.session.exceptions()}")
        self.slider = moving_slider(self.session)
        self.values = step_values(self.slider) if self.slider is not None else None
        self.moves = 0

    def move(self) -> tuple[float, float]:
        """One slider step, on an idle server; returns (CPU seconds until the server is
        idle again, seconds until script_finished)."""
        before = self.server.settle()
        self.moves += 1
        self.session.set_slider(self.slider, self.values[self.moves % 2])
        wall = self.session.rerun()
        after = self.server.settle()
        if self.session.exceptions():
            raise RuntimeError(f"{self.session.path}: {self.session.exceptions()}")
        return after - before, wall

    def close(self) -> None:
        self.session.close()


def cpu_per_rerun(app: Server, floor: Server, path: str, moves: int) -> dict[str, list[float]]:
    """CPU ms and wall ms per rerun of ``path`` and of the floor page, alternately (the
    first pair warms up)."""
    lesson, ground = Mover(app, path), Mover(floor, "")
    out: dict[str, list[float]] = {"cpu": [], "wall": [], "floor_cpu": [], "floor_wall": []}
    try:
        if lesson.slider is None:
            return out
        for i in range(moves + 1):
            for mover, prefix in ((lesson, ""), (ground, "floor_")):
                cpu, wall = mover.move()
                if i:
                    out[prefix + "cpu"].append(cpu * 1000)
                    out[prefix + "wall"].append(wall * 1000)
    finally:
        lesson.close()
        ground.close()
    return out


# ----------------------------------------------------------------------------------------
# 3. key press to last chart redrawn, in the browser


# The floor page's latency has two speeds, move by move: with Streamlit's default post-run
# garbage collection (``runner.postScriptGC``), the chart's message waits behind
# ``gc.collect(2)`` in about half of the moves (15 presses in each of 3 sessions: 41-73 ms
# and 86-168 ms; with the collection off, 34-76 ms). The latency part also measures the floor
# page with the collection off, alternately with the default one, and prints it as a row.


def slider_to_chart(browser, app: Server, floor: Server, path: str,
                    moves: int) -> tuple[list[float], list[float]]:
    """Alternate arrow-key presses on ``path``'s first URL-bound slider and on the floor
    page's slider; returns the key-to-last-chart latencies (ms) of each."""
    from benchmarks.browser import AppPage, new_context
    from benchmarks.load import bound_params

    bound = set(bound_params(app, path).values()) if path else set()
    context = new_context(browser)
    try:
        lesson = AppPage.new(context, app.url()).open(path, timeout=180_000)
        ground = AppPage.new(context, floor.url()).open()
        lesson_times, floor_times = [], []
        for i in range(moves + 1):  # the first pair warms up
            key = "ArrowRight" if i % 2 == 0 else "ArrowLeft"
            for page, times in ((lesson, lesson_times), (ground, floor_times)):
                sliders = page.sliders()
                s = next((x for x in sliders if x["label"] in bound), sliders[0])
                k = "ArrowLeft" if key == "ArrowRight" and s["value"] >= s["max"] else key
                m = page.press(s["label"], k, timeout=120_000)
                if page.exceptions():
                    raise RuntimeError(f"{page.page.url}: {page.exceptions()}")
                if i and m.to_chart_ms is not None:
                    times.append(m.to_chart_ms)
    finally:
        context.close()
    return lesson_times, floor_times


# ----------------------------------------------------------------------------------------
# 5. memory under a cap


def keras_choices(server: Server) -> list[dict[str, str]]:
    """Every combination of the /keras page's single choices (read from its widgets), and
    each option of its multiple choices on its own, as URL queries."""
    from streamlit.proto.ButtonGroup_pb2 import ButtonGroup

    from benchmarks.session import SocketSession

    with SocketSession(server, KERAS, timeout=180) as s:
        s.rerun()
        single, multi = {}, {}
        for element in s.elements:
            kind = element.WhichOneof("type")
            widget = getattr(element, kind, None)
            try:
                if not widget.HasField("query_param_key"):
                    continue
            except (AttributeError, ValueError):
                continue
            options = [getattr(o, "content", o) for o in getattr(widget, "options", [])]
            if not options:
                continue
            many = kind == "button_group" and widget.click_mode == ButtonGroup.MULTI_SELECT
            (multi if many or kind == "multiselect" else single)[widget.query_param_key] = options
    keys = list(single)
    queries = [dict(zip(keys, combo)) for combo in itertools.product(*single.values())]
    queries += [{key: option} for key, options in multi.items() for option in options]
    return queries


def visit_everything(server: Server, log=say) -> list[str]:
    """Open every page of the app, then /keras with every choice; returns what went wrong."""
    from benchmarks.session import SocketSession
    from dashboard.nav import LESSONS, OVERVIEW

    problems = []

    def visit(path: str, query: dict[str, str] | None = None) -> None:
        try:
            with SocketSession(server, path, query, timeout=180) as s:
                s.rerun()
                bad = s.exceptions() + [n for n in s.notes() if "not a usable value" in n]
        except Exception as e:
            bad = [f"{type(e).__name__}: {e}"]
        problems.extend(f"/{path}?{query or ''}: {b[:200]}" for b in bad)

    for lesson in (OVERVIEW, *LESSONS):
        visit(lesson.url_path)
    queries = keras_choices(server)
    log(f"  /keras with {len(queries)} combinations of its choices")
    for query in queries:
        visit(KERAS, query)
    return problems


def memory_under_cap(app: dict, cap_mb: float, reruns: int, log=say) -> dict:
    """The whole app visited (every page, every Keras choice) in a fresh server under a
    memory cap, then ``reruns`` reruns by websocket sessions."""
    from benchmarks.load import run_socket_load
    from benchmarks.serve import MemorySampler

    cgroup = MemoryCgroup.create(cap_mb)
    capped = isinstance(cgroup, MemoryCgroup)
    out: dict = {"cap_mb": cap_mb, "why_no_cgroup": None if capped else cgroup}
    if capped:
        import streamlit

        # a fresh container reads the libraries from disk: make this cgroup pay for them too
        site = Path(streamlit.__file__).resolve().parents[1]
        drop_file_cache([site / p for p in ("tensorflow", "keras", "streamlit", "pyarrow",
                                            "pandas", "numpy", "altair")])
        out["cgroup_version"] = cgroup.version
    try:
        libraries = contextlib.ExitStack()
        env = {}
        if capped:  # the cgroup pays for TensorFlow's libraries as a container would
            folder = libraries.enter_context(private_copies(PRIVATE))
            if folder is not None:
                env["PYTHONPATH"] = os.pathsep.join(
                    [str(folder), *filter(None, [os.environ.get("PYTHONPATH")])])
                out["private_copies"] = True
        server = Server(**app, cgroup=cgroup if capped else None, env=env, timeout=180)
        with libraries, server, MemorySampler(server.proc.pid) as rss:
            out["rss_first_mb"] = server.rss_mb()
            start = time.perf_counter()
            out["problems"] = visit_everything(server, log)
            out["visit_s"] = time.perf_counter() - start
            out["rss_after_visit_mb"] = server.rss_mb()
            out["rss_peak_visit_mb"] = rss.peak
            if capped:
                out["cg_after_visit_mb"] = cgroup.usage_mb()
                out["cg_peak_visit_mb"] = cgroup.peak_mb()
            if reruns:
                log(f"  {reruns} reruns by 8 websocket sessions")
                report = run_socket_load(server, sessions=8, moves=-(-reruns // 8),
                                         time_limit=1500, timeout=120)
                out["reruns"] = report.moves_served
                out["rerun_errors"] = report.errors[:5]
                out["rss_after_reruns_mb"] = server.rss_mb()
                if capped:
                    out["cg_after_reruns_mb"] = cgroup.usage_mb()
            out["alive"] = server.alive()
            out["rss_peak_mb"] = rss.peak
            out["rss_parts"] = rss_parts_mb(server.proc.pid)
            if capped:
                out["cg_peak_mb"] = cgroup.peak_mb()
                kinds = ("cache", "rss", "mapped_file", "file", "anon", "file_mapped")
                out["cg_stat"] = {k: v for k, v in cgroup.stat().items() if k in kinds}
                out["oom_kills"] = cgroup.oom_kills()
        out["log"] = server.log(1500) if not out["alive"] else ""
    finally:
        if capped:
            cgroup.close()
    return out


# ----------------------------------------------------------------------------------------
# the table


def ms(x: float | None) -> str:
    if x is None:
        return NA
    return f"{x:.0f} ms" if x >= 10 else f"{x:.1f} ms"


def mb(x: float | None) -> str:
    return NA if x is None else f"{x:.0f} MB"


def sec(x: float | None) -> str:
    return NA if x is None else f"{x:.2f} s" if x < 1 else f"{x:.1f} s"


def med(values: list[float] | None) -> float | None:
    return statistics.median(values) if values else None


def p95(values: list[float] | None) -> float | None:
    return percentile(values, 95) if values else None


def ratio(a: float | None, b: float | None) -> str:
    return f"{a / b:.1f}x" if a and b else NA


def markdown_table(rows: list[tuple[str, str, str, str]]) -> str:
    head = ("measure", "median", "p95", "compared with")
    cols = list(zip(head, *rows))
    widths = [max(len(str(c)) for c in col) for col in cols]
    line = lambda r: "| " + " | ".join(f"{c:<{w}}" for c, w in zip(r, widths)) + " |"  # noqa: E731
    return "\n".join([line(head), "|" + "|".join("-" * (w + 2) for w in widths) + "|",
                      *(line(r) for r in rows)])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="few samples: a smoke run")
    parser.add_argument("--only", default=",".join(PARTS),
                        help=f"comma-separated parts to run, of {', '.join(PARTS)}")
    parser.add_argument("--moves", type=int, help="slider moves per lesson (cpu, latency)")
    parser.add_argument("--app-config", action="append", default=[], metavar="OPTION=VALUE",
                        help="a Streamlit option for the app's servers (not the floor page's), "
                             "e.g. runner.postScriptGC=false; repeatable")
    parser.add_argument("--app-root", type=Path, default=ROOT,
                        help="run the app from this checkout (its dashboard/app.py)")
    parser.add_argument("--after-keras", action="store_true",
                        help="measure every lesson's CPU per rerun again once /keras has "
                             "loaded TensorFlow")
    parser.add_argument("--reruns", type=int, default=0,
                        help="websocket reruns after the memory visit (RSS growth)")
    parser.add_argument("--cap", type=float, default=CAP_MB, help="memory cap, MB")
    args = parser.parse_args(argv)
    parts = [p.strip() for p in args.only.split(",") if p.strip()]
    if unknown := set(parts) - set(PARTS):
        parser.error(f"unknown parts {sorted(unknown)}; choose from {', '.join(PARTS)}")
    quick = args.quick
    cpu_moves = args.moves or (4 if quick else 20)
    browser_moves = args.moves or (3 if quick else 15)
    colds = 1 if quick else 3
    flags = dict(f.split("=", 1) for f in args.app_config)
    app = {"script": args.app_root / "dashboard" / "app.py", "cwd": args.app_root,
           "flags": flags}

    from benchmarks.browser import chromium, missing_browser
    from benchmarks.load import class_size
    from dashboard.nav import LESSONS

    info = machine()
    lessons = sorted(LESSONS, key=lambda x: x.url_path == KERAS)  # /keras last
    reason = missing_browser() if {"cold", "latency"} & set(parts) else None
    rows: list[tuple[str, str, str, str]] = []
    notes: list[str] = []
    started = time.perf_counter()

    with contextlib.ExitStack() as stack:
        browser = None
        if reason is None and {"cold", "latency"} & set(parts):
            browser = stack.enter_context(chromium())
            info["Chromium"] = browser.version

        cold: list[dict[str, float]] = []
        if "cold" in parts and browser is not None:
            for i in range(colds):
                say(f"cold start {i + 1} of {colds}, then the first visit to /keras")
                cold.append(cold_start(browser, app))

        cpu: dict[str, dict[str, list[float]]] = {}
        cpu_tf: dict[str, dict[str, list[float]]] = {}
        latency: dict[str, tuple[list[float], list[float]]] = {}
        floor_gc: tuple[list[float], list[float]] | None = None
        best, levels = None, []
        if {"cpu", "latency", "class"} & set(parts):
            server = stack.enter_context(Server(**app, timeout=180))
            floor = stack.enter_context(floor_server())
            warm_up(server)
            warm_up(floor)
            for lesson in lessons:
                if lesson.url_path == KERAS and "class" in parts:
                    say("paced class on /descent (before /keras loads TensorFlow)")
                    best, levels = class_size(
                        server, sizes=(2, 5) if quick else (5, 10, 20, 30, 40),
                        moves=2 if quick else 6, budget=60 if quick else 300, log=say)
                if "cpu" in parts:
                    say(f"server CPU per rerun: /{lesson.url_path} and the floor page")
                    cpu[lesson.url_path] = cpu_per_rerun(server, floor, lesson.url_path,
                                                         cpu_moves)
                if "latency" in parts and browser is not None:
                    say(f"key press -> last chart: /{lesson.url_path} and the floor page")
                    latency[lesson.url_path] = slider_to_chart(browser, server, floor,
                                                               lesson.url_path, browser_moves)
            if "latency" in parts and browser is not None:
                say("key press -> chart: the floor page with and without its post-run GC")
                with floor_server(flags={"runner.postScriptGC": "false"}) as no_gc:
                    floor_gc = slider_to_chart(browser, no_gc, floor, "", browser_moves)
            if "class" in parts and not any(x.url_path == KERAS for x in lessons):
                best, levels = class_size(server, log=say)
            if args.after_keras:
                for lesson in lessons:
                    say(f"server CPU per rerun with TensorFlow loaded: /{lesson.url_path}")
                    cpu_tf[lesson.url_path] = cpu_per_rerun(server, floor, lesson.url_path,
                                                            cpu_moves)
            info["app server RSS at the end"] = mb(server.rss_mb())
            stack.pop_all().close()

    memory = None
    if "memory" in parts:
        say(f"memory: every page and every Keras choice under a {args.cap:.0f} MB cap")
        memory = memory_under_cap(app, args.cap, args.reruns)

    # ---------------------------------------------------------------- rows
    def against_floor(what: str, times: list[float], floor_times: list[float], tail: str):
        return (f"{what} (n={len(times)})", ms(med(times)), ms(p95(times)),
                f"{ratio(med(times), med(floor_times))} the floor page's "
                f"{ms(med(floor_times))} (p95 {ms(p95(floor_times))}); {tail}")

    # The floor page's latency has two speeds (the note above slider_to_chart): one pairing's 15
    # presses can land its median in either; every floor press of the run, pooled, is the
    # steadier yardstick, and the row gives the lesson against both.
    pooled = [t for _, floor_times in latency.values() for t in floor_times]
    for path, (lesson_times, floor_times) in latency.items():
        rows.append(against_floor(
            f"/{path}: key press -> last chart redrawn, browser", lesson_times, floor_times,
            f"{ratio(med(lesson_times), med(pooled))} the floor page's {ms(med(pooled))} "
            f"over the whole run (n={len(pooled)}); target <= 2.5x"))
    if floor_gc:
        rows.append(against_floor(
            "the floor page, runner.postScriptGC=false: key press -> chart", *floor_gc,
            "the floor page as measured, with Streamlit's default; the app runs without it"))
    for label, table in (("", cpu), (", TensorFlow loaded", cpu_tf)):
        for path, fig in table.items():
            if not fig["cpu"]:
                rows.append((f"/{path}: server CPU per rerun{label}", NA, NA, "no slider"))
                continue
            means = ratio(statistics.mean(fig["cpu"]), statistics.mean(fig["floor_cpu"]))
            rows.append((
                f"/{path}: server CPU per rerun{label} (n={len(fig['cpu'])})",
                ms(med(fig["cpu"])), ms(p95(fig["cpu"])),
                f"{ratio(med(fig['cpu']), med(fig['floor_cpu']))} the floor page's "
                f"{ms(med(fig['floor_cpu']))} (means: {means}); rerun {ms(med(fig['wall']))} "
                f"vs the floor's {ms(med(fig['floor_wall']))}; target <= 1x"))
    if levels:
        at = next((x for x in levels if x.students == best), None)
        tried = ", ".join(f"{x.students}: {ms(x.p95)}" + ("+" if x.stopped_early else "")
                          for x in sorted(levels, key=lambda x: x.students))
        rows.append((
            "paced class on /descent: students, each moving a slider every 5 s",
            f"N = {best}", ms(at.p95) if at else NA,
            f"largest N with p95 move -> rerun finished <= 1 s (p95 by N: {tried}); goal 30"))
        errors = [e for x in levels for e in x.errors]
        if errors:
            notes.append(f"paced class: {len(errors)} errors, first: {errors[0]}")
    if cold:
        def col(k):
            return [c[k] for c in cold]

        rows += [
            (f"cold start -> first chart of /descent (n={len(cold)})", sec(med(col("chart"))),
             NA, f"server answered /_stcore/health after {sec(med(col('health')))}"),
            (f"first visit to /keras, a click on its link -> its first text (n={len(cold)})",
             sec(med(col("keras_text"))), NA, "TensorFlow not loaded yet; target <= 0.5 s"),
            (f"first visit to /keras, a click on its link -> charts drawn (n={len(cold)})",
             sec(med(col("keras_charts"))), NA, "TensorFlow not loaded yet"),
            (f"a full page load (new tab) of /keras -> its first text (n={len(cold)})",
             sec(med(col("load_keras"))), NA,
             f"TensorFlow loaded; the floor page's full load -> its slider: "
             f"{sec(med(col('load_floor')))}"),
        ]
    if memory is not None:
        m = memory
        if m["why_no_cgroup"] is None:
            stat = m.get("cg_stat", {})
            anon = stat.get("rss", stat.get("anon", 0)) / 1024 / 1024
            cache = stat.get("cache", stat.get("file", 0)) / 1024 / 1024
            at_cap = (m.get("cg_peak_mb") or 0) >= m["cap_mb"] - 1
            mapped = stat.get("mapped_file", stat.get("file_mapped", 0)) / 1024 / 1024
            elsewhere = m.get("rss_parts", {}).get("RssFile", 0) - mapped
            rows.append((
                f"memory: every page and every Keras choice, {m['cap_mb']:.0f} MB cgroup cap",
                mb(m.get("cg_peak_mb")), NA,
                f"peak charged to the cgroup, page cache counted (cgroup v{m['cgroup_version']})"
                + ("; at the cap, so the kernel dropped page cache to stay under it" if at_cap
                   else "")
                + f"; at the end {anon:.0f} MB anonymous + {cache:.0f} MB page cache"
                + (f" ({elsewhere:.0f} MB of the libraries it maps are charged to other "
                   "processes on this machine that read them first: a container would count "
                   "them too)" if elsewhere > 20 else "") + "; "
                f"server RSS peak {mb(m.get('rss_peak_mb'))}; {m.get('oom_kills')} OOM kills, "
                f"server {'alive' if m.get('alive') else 'DEAD'}, "
                f"{len(m['problems'])} page errors, visit {sec(m.get('visit_s'))}"))
        else:
            rows.append((
                "memory: every page and every Keras choice (no cgroup: RSS instead)",
                mb(m.get("rss_peak_mb")), NA,
                f"peak RSS, page cache not counted; no cap possible here: {m['why_no_cgroup']}"))
        if "reruns" in m:
            rows.append((
                f"memory after {m['reruns']:,} more reruns (8 websocket sessions)",
                mb(m.get("rss_after_reruns_mb")), NA,
                f"RSS; {mb(m.get('rss_after_visit_mb'))} before them, peak "
                f"{mb(m.get('rss_peak_mb'))}"
                + (f"; cgroup {mb(m.get('cg_after_visit_mb'))} -> "
                   f"{mb(m.get('cg_after_reruns_mb'))}" if m["why_no_cgroup"] is None else "")))
        notes += [f"memory visit: {p}" for p in m["problems"][:10]]
        if m.get("rerun_errors"):
            notes.append(f"reruns: {m['rerun_errors']}")
        if m.get("log"):
            notes.append(f"the memory server died:\n{m['log']}")
        if m.get("cg_stat"):
            notes.append("memory cgroup at the end (MB): " + ", ".join(
                f"{k} {v / 1024 / 1024:.0f}" for k, v in m["cg_stat"].items()))
    if reason:
        notes.append(f"browser figures not measured: {reason}")
    if flags or args.app_root != ROOT:
        notes.append(f"the app ran with {flags or 'its own config'}"
                     + (f" from {args.app_root}" if args.app_root != ROOT else ""))

    print("machine: " + "; ".join(f"{k} {v}" for k, v in info.items()))
    print()
    print(markdown_table(rows))
    print()
    for note in notes:
        print(f"- {note}")
    print(f"- {time.perf_counter() - started:.0f} s in all")
    bad = (memory is not None and (memory["problems"] or not memory.get("alive"))) or any(
        x.errors for x in levels)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    sys.exit(main())
