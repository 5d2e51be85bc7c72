"""``python -m benchmarks.ab``: two or more checkouts of the app, or the floor page, pressed in
turn on one lesson, compared by what a key press costs the browser.

For a change whose effect on a slider move is a few tens of milliseconds: the table of
``python -m benchmarks`` compares a lesson with the floor page, while this compares a
lesson with itself before and after. Each side gets its own server and its own Chromium
(one tab each, so no tab is measured from behind another), and they are pressed in turn,
so a busy machine slows them alike. Per side it prints the median and the quartiles of

- *key press -> last chart redrawn*, measured inside the page (as in the benchmark);
- *renderer CPU*: the CPU time of the page's renderer main thread from before the key
  press to the page settled again, read from ``/proc`` (10 ms ticks; Linux only). It
  counts the browser's own work and not the waiting, and moves less than the latency.

Example, a change against main::

    git worktree add /tmp/before main
    python -m benchmarks.ab descent --root /tmp/before --root . --moves 30
"""

from __future__ import annotations

import argparse
import contextlib
import os
import statistics
import sys
from pathlib import Path

from benchmarks.browser import CHROMIUM, CHROMIUM_ARGS, AppPage, missing_browser, new_context
from benchmarks.load import bound_params
from benchmarks.serve import Server, floor_server

FLOOR = "floor"
TICK = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def _children(pid: int) -> list[int]:
    """Every process below ``pid`` (a browser's zygotes and renderers)."""
    found, todo = [], [pid]
    while todo:
        parent = todo.pop()
        for task in Path(f"/proc/{parent}/task").glob("*"):
            try:
                kids = (task / "children").read_text().split()
            except OSError:
                continue
            found += map(int, kids)
            todo += map(int, kids)
    return found


def renderer_cpu_ms(browser_pid: int) -> float:
    """CPU time (user + system) of the main threads of the renderers below ``browser_pid``:
    a renderer is the process with a thread named "Compositor"; its main thread's id is
    the process id."""
    total = 0
    for pid in _children(browser_pid):
        try:
            threads = [(t / "comm").read_text().strip()
                       for t in Path(f"/proc/{pid}/task").glob("*")]
            if "Compositor" not in threads:
                continue
            fields = Path(f"/proc/{pid}/task/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])
        except OSError:
            continue
    return total * 1000 / TICK


def _comm(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/comm").read_text().strip()
    except OSError:
        return ""


def _parent(pid: int) -> int:
    try:
        return int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[1])
    except OSError:
        return 0


def launch_measured(pw):
    """Launch Chromium (as :func:`benchmarks.browser.launch` does); return it and the pid of
    its browser process: the new chromium below this process whose parent is not one."""
    before = set(_children(os.getpid()))
    browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    new = [p for p in _children(os.getpid())
           if p not in before and _comm(p) == "chromium" and _comm(_parent(p)) != "chromium"]
    if not new:
        browser.close()
        raise RuntimeError("cannot find the Chromium process below this one")
    return browser, min(new)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.ab", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("page", help="the lesson's URL path, e.g. descent (query allowed: "
                                     "'descent?part=Every iteration')")
    parser.add_argument("--root", action="append", default=[], type=Path,
                        help="a checkout of the app (repeatable); 'floor' for the floor page")
    parser.add_argument("--moves", type=int, default=20, help="presses per side")
    args = parser.parse_args(argv)
    if len(args.root) < 2:
        parser.error("give at least two --root (a checkout, or 'floor')")
    if (reason := missing_browser()) is not None:
        print(reason, file=sys.stderr)
        return 2
    path, _, query = args.page.partition("?")
    params = dict(p.split("=", 1) for p in query.split("&") if "=" in p)

    from playwright.sync_api import sync_playwright

    results: dict[str, list[tuple[float, float]]] = {}
    with sync_playwright() as pw, contextlib.ExitStack() as stack:
        sides = []
        for root in args.root:
            name = str(root)
            if name == FLOOR:
                server = stack.enter_context(floor_server())
                bound: set[str] = set()
            else:
                server = stack.enter_context(Server(
                    root / "dashboard" / "app.py", cwd=root, timeout=180,
                    env={"PRIMER_PRELOAD_TENSORFLOW": "0"}))
                bound = set(bound_params(server, path).values())
            browser, pid = launch_measured(pw)
            stack.callback(browser.close)
            page = AppPage.new(new_context(browser), server.url())
            page.open("" if name == FLOOR else path, None if name == FLOOR else params,
                      timeout=180_000)
            sliders = page.sliders()
            label = next((s["label"] for s in sliders if s["label"] in bound),
                         sliders[0]["label"])
            sides.append((name, page, pid, label))
            results[name] = []
        for i in range(args.moves + 1):  # the first round warms up
            key = "ArrowRight" if i % 2 == 0 else "ArrowLeft"
            for name, page, pid, label in sides:
                before = renderer_cpu_ms(pid)
                move = page.press(label, key, timeout=120_000, quiet=500)
                cpu = renderer_cpu_ms(pid) - before
                if page.exceptions():
                    raise RuntimeError(f"{name}: {page.exceptions()}")
                if i:
                    results[name].append((move.to_chart_ms or float("nan"), cpu))
    width = max(len(n) for n in results)
    for name, rows in results.items():
        for j, what in ((0, "key press -> last chart"), (1, "renderer CPU")):
            values = [r[j] for r in rows]
            q1, q2, q3 = statistics.quantiles(values, n=4)
            print(f"{name:{width}}  {what:24} median {q2:6.0f} ms  (quartiles {q1:.0f}-{q3:.0f}, "
                  f"n={len(values)})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
