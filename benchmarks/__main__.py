"""``python -m benchmarks``: measure the dashboard and print one performance table.

What it measures, all in one run on this machine (medians, with the 95th
percentile where there are many samples; every ratio compares figures taken in
the same run, alternately, so a noisy machine slows both sides alike):

1. **Server time of a rerun** after a slider move, per lesson of
   ``dashboard/nav.py``: the lesson opened through the router in Streamlit's
   AppTest, one slider moved back and forth, each ``run()`` timed. The same for
   ``benchmarks/floor_app.py`` (one slider, one chart) as the framework's floor.
2. **Slider to chart in the browser**: the real server, headless Chromium, an
   arrow key on the slider, timed inside the page from the key press to the
   last change of any chart. Each lesson is measured alternately with the floor
   app on its own server, and reported as a multiple of it.
3. **Keras**: ``benchmarks/keras_bench.py`` (the Keras lesson's own benchmark)
   where it exists: the lesson's cached model against a freshly built one.
4. **Cold start to first paint**: from starting ``streamlit run`` to the first
   chart of ``/descent`` drawn in a browser that has never seen the app.
5. **Server memory** (RSS from /proc): after the first page, before and after
   opening ``/keras``, and after 1,000 reruns by websocket sessions that each
   check their own numbers (the load test), then the browser load test.

Options: ``--quick`` for a short smoke run, ``--reruns N``, ``--moves N``.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import platform
import statistics
import sys
import time
from pathlib import Path

from benchmarks.serve import APP, ROOT, Server

FLOOR_APP = Path(__file__).with_name("floor_app.py")
NA = "n/a"


# ----------------------------------------------------------------------------------------
# the machine


def machine() -> dict[str, str]:
    def meminfo() -> str:
        try:
            with open("/proc/meminfo") as f:
                kb = int(next(line for line in f if line.startswith("MemTotal")).split()[1])
            return f"{kb / 1024 / 1024:.1f} GiB"
        except (OSError, StopIteration):
            return NA

    def cpu_model() -> str:
        try:
            with open("/proc/cpuinfo") as f:
                return next(line.split(":", 1)[1].strip() for line in f
                            if line.startswith("model name"))
        except (OSError, StopIteration):
            return platform.processor() or NA

    import streamlit

    return {
        "cores (nproc)": str(len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity")
                             else os.cpu_count()),
        "memory": meminfo(),
        "CPU": cpu_model(),
        "OS": f"{platform.system()} {platform.release()}",
        "Python": platform.python_version(),
        "Streamlit": streamlit.__version__,
    }


# ----------------------------------------------------------------------------------------
# 1. server time of a rerun (AppTest, in this process)


def _moving_slider(at):
    """The slider to move: the first one bound to the URL, else the first one."""
    from dashboard.controls import CONTROLS

    sliders = list(at.slider)
    bound = [s for s in sliders if s.key in CONTROLS]
    return (bound or sliders or [None])[0]


def rerun_times(lesson_file: str | None, moves: int, timeout: float = 120) -> list[float] | None:
    """ms per ``AppTest.run()`` after moving one slider; None when the page has no slider.

    ``lesson_file`` is a page of the router (``lessons/descent.py``), or None for the
    floor app."""
    from streamlit.testing.v1 import AppTest

    if lesson_file is None:
        at = AppTest.from_file(str(FLOOR_APP), default_timeout=timeout)
        at.run()
    else:
        at = AppTest.from_file(str(APP), default_timeout=timeout)
        at.run()
        at.switch_page(lesson_file).run()
    if at.exception:
        raise RuntimeError(f"{lesson_file}: {[e.message for e in at.exception]}")
    slider = _moving_slider(at)
    if slider is None:
        return None
    key, low = slider.key, slider.value
    step = slider.step
    high = low + step if low + step <= slider.max else low - step
    high = int(round(high)) if isinstance(low, int) else round(high, 10)
    times = []
    for i in range(moves + 2):  # the first two warm up (imports, caches)
        s = at.slider(key=key) if key else _moving_slider(at)
        s.set_value(high if i % 2 == 0 else low)
        start = time.perf_counter()
        at.run()
        elapsed = (time.perf_counter() - start) * 1000
        if at.exception:
            raise RuntimeError(f"{lesson_file}: {[e.message for e in at.exception]}")
        if i >= 2:
            times.append(elapsed)
    return times


def _apptest_all(moves: int) -> tuple[dict[str, list[float] | None], list[float] | None]:
    """Rerun times of every lesson (the Keras lesson last, as it imports TensorFlow) and,
    before it, of the floor app."""
    from dashboard.nav import LESSONS

    lessons = sorted(LESSONS, key=lambda x: x.url_path == "keras")
    times: dict[str, list[float] | None] = {}
    floor = None
    for lesson in lessons:
        if lesson.url_path == "keras" and floor is None:
            floor = rerun_times(None, moves)
        times[lesson.url_path] = rerun_times(lesson.file, moves)
    return times, floor if floor is not None else rerun_times(None, moves)


def in_child(function: str, *args):
    """Call ``benchmarks.__main__.<function>(*args)`` in a fresh Python process; its
    result comes back as JSON."""
    import json
    import subprocess

    code = (f"import json, sys; from benchmarks.__main__ import {function} as f; "
            f"r = f(*json.loads(sys.argv[1])); print('\\n' + json.dumps(r))")
    done = subprocess.run([sys.executable, "-c", code, json.dumps(list(args))], cwd=ROOT,
                          capture_output=True, text=True, timeout=3600)
    if done.returncode != 0:
        raise RuntimeError(f"{function} failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


# ----------------------------------------------------------------------------------------
# 2. and 4. the browser


def cold_start(browser, path: str = "descent") -> tuple[float, float, Server]:
    """Start a server and open ``path`` in a fresh browser profile. Returns (seconds to
    first chart drawn, seconds to /_stcore/health answering, the running server)."""
    from benchmarks.browser import CHART, new_context

    server = Server()
    server.start()
    context = new_context(browser)
    try:
        page = context.new_page()
        page.goto(server.url(path), wait_until="commit")
        page.wait_for_function(
            "(CHART) => [...document.querySelectorAll(CHART)].some("
            "c => c.querySelector('[class*=\"role-mark\"] > *, canvas'))",
            arg=CHART, timeout=120_000, polling="raf")
        painted = time.perf_counter()
    finally:
        context.close()
    return painted - server.started_at, server.healthy_at - server.started_at, server


def slider_to_chart(app, floor, moves: int) -> tuple[list[float], list[float]]:
    """Alternate arrow-key moves on ``app`` and ``floor`` (AppPages already open);
    returns the key-to-last-chart latencies (ms) of each."""
    from dashboard.controls import CONTROLS

    def thumb(page):
        sliders = page.sliders()
        bound = [s for s in sliders if s["label"] in {c.label for c in CONTROLS.values()}]
        return (bound or sliders)[0]

    lesson_times, floor_times = [], []
    for i in range(moves + 1):  # the first pair warms up
        key = "ArrowRight" if i % 2 == 0 else "ArrowLeft"
        for page, times in ((app, lesson_times), (floor, floor_times)):
            s = thumb(page)
            k = key if s["value"] < s["max"] or key == "ArrowLeft" else "ArrowLeft"
            m = page.press(s["label"], k)
            if page.exceptions():
                raise RuntimeError(f"{page.page.url}: {page.exceptions()}")
            if i > 0 and m.to_chart_ms is not None:
                times.append(m.to_chart_ms)
    return lesson_times, floor_times


# ----------------------------------------------------------------------------------------
# 3. Keras


def keras_figures() -> tuple[dict | None, list[tuple[str, str]], str]:
    """(figures, detail rows, why not) from benchmarks/keras_bench.py, if it exists."""
    try:
        from benchmarks import keras_bench
    except ImportError as e:
        return None, [], f"benchmarks/keras_bench.py not available ({e})"
    try:
        figures = keras_bench.measure()
    except Exception as e:  # TensorFlow missing, an API change: report, don't crash
        return None, [], f"keras_bench failed: {type(e).__name__}: {e}"
    try:
        details = keras_bench.table_rows(figures)
    except Exception:
        details = []
    return figures, details, ""


# ----------------------------------------------------------------------------------------
# the table


def ms(x: float | None) -> str:
    if x is None:
        return NA
    return f"{x:.0f} ms" if x >= 10 else f"{x:.1f} ms"


def mb(x: float | None) -> str:
    return NA if x is None else f"{x:.0f} MB"


def med(values: list[float] | None) -> float | None:
    return statistics.median(values) if values else None


def p95(values: list[float] | None) -> float | None:
    from benchmarks.browser import percentile

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
    parser.add_argument("--moves", type=int, help="slider moves per measurement")
    parser.add_argument("--reruns", type=int, default=1000,
                        help="reruns by websocket sessions before the last memory figure")
    parser.add_argument("--no-keras-bench", action="store_true",
                        help="skip benchmarks/keras_bench.py")
    args = parser.parse_args(argv)
    moves = args.moves or (4 if args.quick else 30)
    browser_moves = args.moves or (3 if args.quick else 15)
    reruns = min(args.reruns, 100) if args.quick else args.reruns
    cold_runs = 1 if args.quick else 3

    from benchmarks.browser import AppPage, chromium, missing_browser, new_context
    from benchmarks.load import run_load, run_socket_load
    from dashboard.nav import LESSONS

    def say(msg: str) -> None:
        print(f"[{time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)

    info = machine()
    rows: list[tuple[str, str, str, str]] = []
    lessons = list(LESSONS)
    keras = next((x for x in lessons if x.url_path == "keras"), None)
    plain = [x for x in lessons if x is not keras]

    # 1. and 3. each in a fresh process: once TensorFlow is imported, its threads slow
    # every later rerun of the process, so nothing measured here runs beside it
    say("AppTest reruns, every lesson, then the floor app (in a child process)")
    reruns_ms, floor_reruns = in_child("_apptest_all", moves)
    kfig, kdetails, why = (None, [], "skipped (--no-keras-bench)")
    if not args.no_keras_bench:
        say("Keras lesson benchmark (benchmarks/keras_bench.py, in a child process)")
        kfig, kdetails, why = in_child("keras_figures")

    # 2., 4., 5. the browser and the real server
    reason = missing_browser()
    latencies: dict[str, tuple[list[float], list[float]]] = {}
    colds: list[float] = []
    healths: list[float] = []
    rss_first = rss_before_keras = rss_after_keras = None
    tab_report = None
    chrome = chromium() if not reason else contextlib.nullcontext()
    with chrome as browser:
        if browser is not None:
            info["Chromium"] = browser.version
            say("cold starts")
            for i in range(cold_runs):
                painted, healthy, s = cold_start(browser)
                colds.append(painted)
                healths.append(healthy)
                if i < cold_runs - 1:
                    s.stop()
            server = s
        else:
            server = Server().start()
        try:
            rss_first = server.rss_mb()
            if browser is not None:
                with Server(FLOOR_APP) as floor_server:
                    context = new_context(browser)
                    floor = AppPage.new(context, floor_server.url()).open()
                    for lesson in plain:
                        say(f"slider -> chart: /{lesson.url_path} and the floor app")
                        page = AppPage.new(context, server.url()).open(lesson.url_path)
                        latencies[lesson.url_path] = slider_to_chart(page, floor, browser_moves)
                        page.close()
                    rss_before_keras = server.rss_mb()
                    if keras:
                        say("slider -> chart: /keras and the floor app")
                        page = AppPage.new(context, server.url()).open(keras.url_path,
                                                                       timeout=180_000)
                        rss_after_keras = server.rss_mb()
                        latencies[keras.url_path] = slider_to_chart(page, floor, browser_moves)
                        page.close()
                    context.close()
            say(f"{reruns} reruns by websocket sessions")
            sessions = 8
            socket_report = run_socket_load(server, sessions=sessions,
                                            moves=-(-reruns // sessions), time_limit=1200)
            rss_after_reruns = server.rss_mb()
            if browser is not None:
                say("browser load test")
                tab_report = run_load(browser, server, sessions=8,
                                      moves=4 if args.quick else 10, time_limit=600)
        finally:
            server.stop()

    browser_rows: list[tuple[str, str, str, str]] = []
    for path, (lesson_times, floor_times) in latencies.items():
        browser_rows.append((
            f"/{path}: slider -> last chart redrawn (browser, n={len(lesson_times)})",
            ms(med(lesson_times)), ms(p95(lesson_times)),
            f"{ratio(med(lesson_times), med(floor_times))} the floor app's "
            f"{ms(med(floor_times))} (p95 {ms(p95(floor_times))}), measured alternately",
        ))
    if colds:
        browser_rows.append((
            f"cold start -> first chart of /descent drawn (n={len(colds)})",
            f"{statistics.median(colds):.1f} s", NA,
            f"server answered /_stcore/health after {statistics.median(healths):.1f} s",
        ))
    if reason:
        browser_rows.append(("browser figures", NA, NA, reason))
    memory_rows = [
        ("server memory (RSS) after the first page", mb(rss_first), NA, ""),
        ("server memory before opening /keras", mb(rss_before_keras), NA,
         "after every other lesson was used"),
        ("server memory after opening /keras", mb(rss_after_keras), NA,
         "" if keras else "no /keras page in dashboard/nav.py yet"),
        (f"server memory after {socket_report.moves_requested:,} more reruns",
         mb(rss_after_reruns), NA,
         f"{socket_report.sessions} websocket sessions; peak {mb(socket_report.rss_peak_mb)}"),
        (f"load: {socket_report.sessions} websocket sessions, "
         f"{socket_report.moves_served} of {socket_report.moves_requested} moves right",
         ms(socket_report.p(50)), ms(socket_report.p(95)),
         f"move sent -> script finished; {len(socket_report.errors)} errors, "
         f"{socket_report.held} sessions held"),
    ]
    if tab_report is not None:
        memory_rows.append((
            f"load: {tab_report.sessions} browser tabs, "
            f"{tab_report.moves_served} of {tab_report.moves_requested} moves right",
            ms(tab_report.p(50)), ms(tab_report.p(95)),
            f"key -> table shows the new number; {len(tab_report.errors)} errors, "
            f"{tab_report.held} tabs held, peak {mb(tab_report.rss_peak_mb)}"))
    reports = [r for r in (socket_report, tab_report) if r is not None]

    for path, times in reruns_ms.items():
        rows.append((f"/{path}: server rerun after a slider move (AppTest, n={len(times or [])})",
                     ms(med(times)), ms(p95(times)),
                     f"{ratio(med(times), med(floor_reruns))} the floor app's "
                     f"{ms(med(floor_reruns))}" if times else "no slider on this page"))
    rows += browser_rows
    if kfig and "warm_ms" in kfig and "cold_fit_ms" in kfig:
        rows.append((
            f"/keras: {int(kfig.get('iterations', 20))} iterations, cached model",
            ms(kfig["warm_ms"]), NA,
            f"{kfig['cold_fit_ms'] / kfig['warm_ms']:.0f}x faster than a freshly built model "
            f"+ fit ({ms(kfig['cold_fit_ms'])})",
        ))
    else:
        rows.append(("/keras: cached model vs a freshly built one", NA, NA, why or NA))
    rows += memory_rows
    rows += [(f"Keras detail: {label}", value, "", "") for label, value in kdetails]

    print("machine: " + "; ".join(f"{k} {v}" for k, v in info.items()))
    print()
    print(markdown_table(rows))
    print()
    for r in reports:
        print("\n".join(r.lines()))
    return 0 if all(r.ok for r in reports) else 1


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    sys.exit(main())
