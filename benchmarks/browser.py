"""Drive the dashboard in headless Chromium: open pages, move sliders, read what is shown.

Shared by the browser tests, the load test and the benchmarks. Playwright's sync
API with Debian's ``/usr/bin/chromium`` (Playwright cannot download its own
browser here). Everything is read from the DOM the way a person sees it:

- an init script in every page counts finished runs as they arrive on the
  websocket (``script_finished``), stamps the last key press and the last DOM
  change in charts and tables (``performance.now()``), so latencies are
  measured inside the page, not across the Python bridge;
- the script state Streamlit puts on ``[data-testid=stApp]``
  (``data-test-script-state``) and a quiet DOM tell that a run is drawn;
- charts are Vega-Lite views (``[data-testid=stVegaLiteChart]``) drawn as SVG
  or canvas; a chart counts as drawn when its marks are there;
- tables are read from the accessible ``<table>`` Streamlit's data grid keeps
  beside its canvas (``glide-cell-<column>-<row>`` cells).

For layout: :data:`SCREENS` (1440x900; 1280x720 with and without ``?classroom=1``;
390x844), :func:`open_at` a screen, :func:`screenshot`, and two checks that return
what is wrong: :func:`first_screen` (a whole chart and a whole control without
scrolling) and :func:`cut_off` (metric labels and values, chart titles, axis
titles and labels, legends, code lines shown whole).
"""

from __future__ import annotations

import json
import os
import shutil
import statistics
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from urllib.parse import parse_qs, urlencode, urlsplit

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync",
]
VIEWPORT = {"width": 1400, "height": 1000}

EXCEPTION = '[data-testid="stException"]'
CHART = '[data-testid="stVegaLiteChart"]'  # Altair and Vega-Lite: the only charts the app draws
TABLE = '[data-testid="stDataFrame"], [data-testid="stTable"]'
ALERT = '[data-testid="stAlert"]'


def _script_finished_field() -> int:
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

    return ForwardMsg.DESCRIPTOR.fields_by_name["script_finished"].number


_SCRIPT_FINISHED = _script_finished_field()

# Runs in every page before Streamlit's own code (Playwright's add_init_script).
# A finished run is counted from the wire: every ForwardMsg whose top-level field is
# `script_finished` (a fast rerun can flip the DOM's script state and back within one
# frame, so the attribute alone misses some).
INSTRUMENT = """
(() => {
  if (window.__st) return;
  const CHART = $CHART, TABLE = $TABLE, FINISHED = $FINISHED;
  const s = window.__st = {runs: 0, key: 0, lastMutation: 0, lastChart: 0, lastTable: 0,
                           finishedAt: 0};
  const scan = bytes => {  // the top-level fields of one protobuf ForwardMsg
    let i = 0;
    const varint = () => {
      let x = 0, shift = 0, b;
      do { b = bytes[i++]; x += (b & 0x7f) * 2 ** shift; shift += 7; } while (b & 0x80);
      return x;
    };
    while (i < bytes.length) {
      const tag = varint(), field = Math.floor(tag / 8), wire = tag & 7;
      if (field === FINISHED) { s.runs++; s.finishedAt = performance.now(); return; }
      if (wire === 0) varint();
      else if (wire === 1) i += 8;
      else if (wire === 2) { const n = varint(); i += n; }
      else if (wire === 5) i += 4;
      else return;
    }
  };
  const Native = window.WebSocket;
  window.WebSocket = class extends Native {
    constructor(...args) {
      super(...args);
      this.addEventListener('message', ev => {
        if (ev.data instanceof ArrayBuffer) scan(new Uint8Array(ev.data));
        else if (ev.data && ev.data.arrayBuffer) ev.data.arrayBuffer().then(
          b => scan(new Uint8Array(b)));
      });
    }
  };
  document.addEventListener('keydown', () => {
    s.key = performance.now(); s.lastChart = 0; s.lastTable = 0;
  }, true);
  // A chart drawn on a canvas (Vega's canvas renderer; Streamlit switches a chart with many
  // points to it by itself) redraws without any DOM change, so the observer below cannot see
  // it: the end of each canvas frame (Vega's last context.restore()) is stamped instead.
  const ctx = CanvasRenderingContext2D.prototype, restore = ctx.restore;
  ctx.restore = function () {
    const c = this.canvas;
    if (c.__inChart === undefined && c.isConnected) c.__inChart = !!c.closest(CHART);
    if (c.__inChart) s.lastChart = performance.now();
    return restore.call(this);
  };
  new MutationObserver(records => {
    const now = performance.now();
    s.lastMutation = now;
    for (const r of records) {
      const el = r.target.nodeType === 1 ? r.target : r.target.parentElement;
      if (!el || !el.closest) continue;
      if (el.closest(CHART)) s.lastChart = now;
      else if (el.closest(TABLE)) s.lastTable = now;
    }
  }).observe(document, {subtree: true, childList: true, attributes: true,
                        characterData: true});
})();
""".replace("$CHART", json.dumps(CHART)).replace("$TABLE", json.dumps(TABLE)).replace(
    "$FINISHED", str(_SCRIPT_FINISHED))

# True when the app is connected, idle, and every chart on the page has drawn its marks.
_SETTLED = """
([runs, quiet, CHART]) => {
  const s = window.__st, app = document.querySelector('[data-testid="stApp"]');
  if (!s || !app || s.runs <= runs) return false;
  if (app.getAttribute('data-test-connection-state') !== 'CONNECTED') return false;
  if (app.getAttribute('data-test-script-state') !== 'notRunning') return false;
  if (document.querySelector('[data-testid="stSkeleton"]')) return false;  // lazy parts loading
  if (performance.now() - s.lastMutation < quiet) return false;
  for (const t of document.querySelectorAll('[data-testid="stDataFrame"]')) {
    if (!t.querySelector('table thead th')) return false;  // its accessible copy comes late
  }
  for (const c of document.querySelectorAll(CHART)) {
    const g = c.querySelector('canvas, svg');
    if (!g) return false;
    const box = g.getBoundingClientRect();
    if (box.width === 0 || box.height === 0) return false;
    if (g.tagName.toLowerCase() === 'svg' && c.querySelector('[class*="role-mark"]')
        && !c.querySelector('[class*="role-mark"] > *')) return false;
  }
  return true;
}
"""

_TABLES = """
(TABLE) => [...document.querySelectorAll(TABLE)].map(t => {
  const table = t.querySelector('table');
  if (!table) return {columns: [], rows: []};
  const columns = [...table.querySelectorAll('thead th')].map(th => th.textContent.trim());
  const rows = [...table.querySelectorAll('tbody tr')].map(
    tr => [...tr.querySelectorAll('td, th')].map(td => td.textContent.trim()));
  return {columns, rows};
})
"""

_SLIDERS = """
() => [...document.querySelectorAll('[data-testid="stSlider"] input[type="range"]')].map(
  i => ({label: i.getAttribute('aria-label'), value: Number(i.value),
         min: Number(i.min), max: Number(i.max), step: Number(i.step)}))
"""

_CHARTS = """
(CHART) => [...document.querySelectorAll(CHART)].map(c => {
  const g = c.querySelector('canvas, svg');
  const box = g ? g.getBoundingClientRect() : {width: 0, height: 0};
  return {kind: g ? g.tagName.toLowerCase() : null, width: box.width, height: box.height,
          marks: c.querySelectorAll('[class*="role-mark"] > *').length,
          signature: g ? (g.tagName.toLowerCase() === 'svg' ? g.innerHTML.length + ':' +
            [...c.querySelectorAll('[class*="role-mark"] path')].map(p =>
              p.getAttribute('d') || '').join('|') : g.toDataURL().length) : ''};
})
"""


def _css_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def missing_browser() -> str | None:
    """Why the browser tests cannot run here, or None when they can."""
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "the playwright package is not installed (pip install -r requirements-dev.txt)"
    if not (os.path.isfile(CHROMIUM) and os.access(CHROMIUM, os.X_OK)):
        found = shutil.which("chromium")
        hint = f" (there is one at {found}: set CHROMIUM={found})" if found else ""
        return (f"no Chromium at {CHROMIUM}{hint}; Debian/Ubuntu: apt-get install chromium "
                "(Playwright cannot download its own browser here)")
    return None


def launch(playwright):
    """Debian's Chromium, headless, through Playwright."""
    return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)


@contextmanager
def chromium() -> Iterator:
    """A Playwright session and one launched browser, closed at exit."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = launch(pw)
        try:
            yield browser
        finally:
            browser.close()


def new_context(browser):
    """A fresh browser profile (its own Streamlit session) with the instrumentation."""
    context = browser.new_context(viewport=VIEWPORT)
    context.add_init_script(INSTRUMENT)
    return context


def percentile(values: list[float], q: float) -> float | None:
    """The q-th percentile (0..100) by linear interpolation; None for no values."""
    if not values:
        return None
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[max(0, min(98, round(q) - 1))]


@dataclass
class Move:
    """One slider move: what was pressed and, measured in the page, how long it took."""

    label: str
    key: str
    to_chart_ms: float | None  # key press -> last chart redraw (None: no chart changed)
    to_table_ms: float | None  # key press -> last table change (None: no table changed)


class AppPage:
    """One browser tab on the dashboard: one Streamlit session."""

    def __init__(self, page, base_url: str) -> None:
        self.page = page
        self.base_url = base_url.rstrip("/")
        self.page_errors: list[str] = []
        page.on("pageerror", lambda e: self.page_errors.append(str(e)))

    @classmethod
    def new(cls, context, base_url: str) -> AppPage:
        """A new tab in ``context`` (from :func:`new_context`); each tab is its own session."""
        return cls(context.new_page(), base_url)

    def close(self) -> None:
        self.page.close()

    # -- navigation and waiting ---------------------------------------------------------
    def url_for(self, path: str = "", query: dict[str, str] | None = None) -> str:
        url = f"{self.base_url}/{path.lstrip('/')}"
        return f"{url}?{urlencode(query)}" if query else url

    def open(self, path: str = "", query: dict[str, str] | None = None,
             timeout: float = 60_000, quiet: float = 400) -> AppPage:
        """Load ``/path?query`` and wait until its first run is drawn."""
        self.page.goto(self.url_for(path, query), wait_until="domcontentloaded")
        self.settle(0, timeout=timeout, quiet=quiet)
        return self

    def runs(self) -> int:
        """How many script runs this tab has seen finish."""
        return self.page.evaluate("window.__st ? window.__st.runs : 0")

    def settle(self, runs_before: int, timeout: float = 60_000, quiet: float = 400) -> None:
        """Wait until a run after ``runs_before`` finished, the DOM has been still for
        ``quiet`` ms and every chart is drawn."""
        self.page.wait_for_function(_SETTLED, arg=[runs_before, quiet, CHART],
                                    timeout=timeout, polling=25)

    def wait_until(self, predicate, timeout: float = 30_000, what: str = "") -> None:
        """Poll ``predicate()`` (Python, reading the page) until true; AssertionError if not
        within ``timeout`` ms. For what shows up after a run, like the table's text."""
        waited = 0.0
        while not predicate():
            if waited >= timeout:
                raise AssertionError(f"not true within {timeout / 1000:.0f} s: "
                                     f"{what or getattr(predicate, '__name__', predicate)}")
            self.page.wait_for_timeout(50)
            waited += 50

    # -- reading ------------------------------------------------------------------------
    def exceptions(self) -> list[str]:
        return [e.inner_text() for e in self.page.locator(EXCEPTION).all()]

    def charts(self) -> list[dict]:
        """Each chart: its kind (svg/canvas), size, number of marks, and a signature of
        what it draws (changes when the drawing changes)."""
        return self.page.evaluate(_CHARTS, CHART)

    def tables(self) -> list[dict]:
        """Each table as {columns: [...], rows: [[cell, ...], ...]} (rows rendered so far)."""
        return self.page.evaluate(_TABLES, TABLE)

    def column(self, name: str, table: int = 0) -> list[str]:
        t = self.tables()[table]
        i = t["columns"].index(name)
        return [row[i] for row in t["rows"]]

    def sliders(self) -> list[dict]:
        """Each slider: {label, value, min, max, step}, in page order."""
        return self.page.evaluate(_SLIDERS)

    def alerts(self) -> list[str]:
        return [a.inner_text() for a in self.page.locator(ALERT).all() if a.is_visible()]

    def query(self) -> dict[str, str]:
        """The page's URL query parameters (last value of each)."""
        return {k: v[-1] for k, v in parse_qs(urlsplit(self.page.url).query,
                                               keep_blank_values=True).items()}

    def pwned(self) -> dict:
        """Traces of markup from the URL that ran or landed in the DOM."""
        return self.page.evaluate("""() => ({
            pwned: typeof window.__pwned !== 'undefined',
            injected_img: document.querySelectorAll('img[src="x"], [onerror]').length,
            injected_script: [...document.scripts].filter(
                s => s.textContent.includes('__pwned')).length,
        })""")

    # -- acting -------------------------------------------------------------------------
    def slider(self, label: str | None = None, index: int = 0):
        """The slider's thumb (an ``<input type=range>``, role "slider")."""
        thumbs = '[data-testid="stSlider"] input[type="range"]'
        if label is not None:
            return self.page.locator(f"{thumbs}[aria-label={_css_string(label)}]").first
        return self.page.locator(thumbs).nth(index)

    def press(self, label: str | None = None, key: str = "ArrowRight", *, index: int = 0,
              wait: bool = True, timeout: float = 60_000, quiet: float = 400) -> Move:
        """Focus a slider thumb, press ``key`` until the slider's value moves (a key press
        that lands while the page is still busy can be lost: up to 3 tries), and (by
        default) wait for the rerun to be drawn. Returns the latencies measured in the
        page, from the key press that moved the slider."""
        runs = self.runs()
        # The tab in front: of two tabs pressed in turn, the one behind was measured ~45 ms
        # slower per press (two identical floor pages: medians 103 and 56 ms, both 56 ms
        # once each was brought to the front before its press).
        self.page.bring_to_front()
        thumb = self.slider(label, index)
        before = thumb.input_value()
        for _ in range(3):
            thumb.press(key)
            for _ in range(40):  # the value moves at once in the page, before any rerun
                if thumb.input_value() != before:
                    break
                self.page.wait_for_timeout(50)
            else:
                continue
            break
        else:
            raise AssertionError(f"{key} did not move the slider {label or index} "
                                 f"(value {before}) on {self.page.url}")
        if wait:
            self.settle(runs, timeout=timeout, quiet=quiet)
        return self.move_timing(label or f"slider {index}", key)

    def move_timing(self, label: str = "", key: str = "") -> Move:
        t = self.page.evaluate("({key: window.__st.key, chart: window.__st.lastChart, "
                               "table: window.__st.lastTable})")
        return Move(label, key,
                    t["chart"] - t["key"] if t["chart"] else None,
                    t["table"] - t["key"] if t["table"] else None)


# ----------------------------------------------------------------------------------------
# Layout: screenshots at the screens the app is used on, and what the first screen shows


@dataclass(frozen=True)
class Screen:
    """A viewport the app is used at, and the query it is opened with there."""

    name: str
    width: int
    height: int
    query: tuple[tuple[str, str], ...] = ()

    @property
    def viewport(self) -> dict[str, int]:
        return {"width": self.width, "height": self.height}


LAPTOP = Screen("laptop", 1440, 900)
PROJECTOR = Screen("projector", 1280, 720, (("classroom", "1"),))
SMALL_LAPTOP = Screen("small laptop", 1280, 720)  # the projector's size, outside classroom mode
PHONE = Screen("phone", 390, 844)
SCREENS = (LAPTOP, PROJECTOR, SMALL_LAPTOP, PHONE)


def open_at(browser, base_url: str, path: str, screen: Screen,
            query: dict[str, str] | None = None, timeout: float = 120_000) -> AppPage:
    """A fresh profile at ``screen``'s size with ``/path?query`` (plus the screen's own
    query) loaded and drawn. Close it with ``app.page.context.close()``."""
    context = browser.new_context(viewport=screen.viewport)
    context.add_init_script(INSTRUMENT)
    app = AppPage.new(context, base_url)
    return app.open(path, {**dict(screen.query), **(query or {})}, timeout=timeout)


def screenshot(app: AppPage, path: str, *, full_page: bool = False) -> str:
    """Save what ``app`` shows (the first screen, or the whole page) as a PNG at ``path``
    (keep it out of the repository: /tmp or /work/shots)."""
    os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
    app.page.screenshot(path=path, full_page=full_page)
    return path


# Where the first chart and the first control are, relative to the first screen.
_FIRST_SCREEN = """
([CHART, CONTROLS]) => {
  const H = window.innerHeight, W = window.innerWidth;
  const box = el => {
    const r = el.getBoundingClientRect();
    return {top: Math.round(r.top + window.scrollY), bottom: Math.round(r.bottom + window.scrollY),
            left: Math.round(r.left), right: Math.round(r.right),
            shown: r.width > 0 && r.height > 0};
  };
  const inside = b => b.shown && b.top >= 0 && b.bottom <= H && b.left >= 0 && b.right <= W;
  const charts = [...document.querySelectorAll(CHART)].map(c => c.querySelector('svg, canvas') || c)
    .map(box).filter(b => b.shown);
  const controls = [...document.querySelectorAll(CONTROLS)].map(box).filter(b => b.shown);
  return {height: H, width: W,
          chart: charts.find(inside) || null, firstChart: charts[0] || null,
          control: controls.find(inside) || null, firstControl: controls[0] || null};
}
"""
CONTROLS = ", ".join(f'[data-testid="{t}"]' for t in (
    "stSlider", "stButtonGroup", "stSelectbox", "stRadio", "stSegmentedControl",
))


def first_screen(app: AppPage) -> list[str]:
    """What is missing from the first screen (the viewport, not scrolled): a whole chart,
    and a whole slider or scenario control (main area or sidebar). Empty: both are there.
    Scrolls the page back to the top first."""
    app.page.evaluate("window.scrollTo(0, 0)")
    where = app.page.evaluate(_FIRST_SCREEN, [CHART, CONTROLS])
    problems = []
    for what, first in (("chart", "firstChart"), ("control", "firstControl")):
        if where[what] is None:
            at = where[first]
            problems.append(
                f"no whole {what} within the first {where['width']}x{where['height']} screen"
                + (f" (the first one spans y {at['top']}-{at['bottom']})" if at
                   else f" (the page has no {what})"))
    return problems


# Text the page cuts off: Streamlit's ellipsis containers (metric labels and values) and
# any element set to text-overflow: ellipsis that overflows; Vega text (titles, axis
# titles and labels, legends, text marks such as a drawing's names) that Vega shortened
# with "…" or that sticks out of its chart by more than 4 px (a rotated axis title's box
# pokes 2-3 px out while every glyph shows); code blocks whose lines need a horizontal
# scroll.
_CUT_OFF = """
([CHART]) => {
  const out = [];
  const shown = el => { const r = el.getBoundingClientRect(); return r.width > 0 && r.height > 0; };
  const label = el => {
    const metric = el.closest('[data-testid="stMetric"]');
    if (metric) {
      return el.closest('[data-testid="stMetricLabel"]') ? 'metric label' : 'metric value';
    }
    return el.closest('[data-testid="stSidebar"]') ? 'sidebar text' : 'text';
  };
  const reported = [];
  const everything = '[data-testid="stMain"] *, [data-testid="stSidebar"] *';
  for (const el of document.querySelectorAll(everything)) {
    if (!shown(el) || reported.some(r => r.contains(el))) continue;
    const style = getComputedStyle(el);
    if (style.textOverflow !== 'ellipsis' && !el.classList.contains('stMarkdownEllipsis')) continue;
    for (const x of [el, ...el.querySelectorAll('*')]) {
      if (x.scrollWidth > x.clientWidth + 1 && x.clientWidth > 0) {
        out.push({what: label(el), text: el.textContent.trim().slice(0, 80),
                  detail: `${x.scrollWidth}px of text in ${x.clientWidth}px`});
        reported.push(el);
        break;
      }
    }
  }
  const roles = [['role-title-text', 'chart title'], ['role-title-subtitle', 'chart subtitle'],
                 ['role-axis-title', 'axis title'], ['role-axis-label', 'axis label'],
                 ['role-legend-title', 'legend title'], ['role-legend-label', 'legend label'],
                 ['mark-text', 'chart label']];
  for (const chart of document.querySelectorAll(CHART)) {
    const svg = chart.querySelector('svg');
    if (!svg) continue;
    const frame = svg.getBoundingClientRect();
    const name = chart.getAttribute('aria-label') || '';
    for (const [role, what] of roles) {
      for (const t of svg.querySelectorAll(`.${role} text`)) {
        const text = t.textContent;
        const r = t.getBoundingClientRect();
        if (text.includes('…')) {
          out.push({what, text, detail: `shortened by Vega, in the chart "${name}"`});
        } else if (r.width > 0 && (r.left < frame.left - 4 || r.right > frame.right + 4)) {
          const [from, to] = [r.left - frame.left, r.right - frame.left].map(Math.round);
          out.push({what, text, detail: `sticks out of the chart "${name}" ` +
                    `(${from} to ${to}px of ${Math.round(frame.width)}px)`});
        }
      }
    }
  }
  for (const pre of document.querySelectorAll('[data-testid="stCode"] pre')) {
    if (shown(pre) && pre.scrollWidth > pre.clientWidth + 1) {
      const line = [...pre.textContent.split('\\n')].sort((a, b) => b.length - a.length)[0];
      out.push({what: 'code line', text: line.trim().slice(0, 80),
                detail: `${pre.scrollWidth}px of code in ${pre.clientWidth}px`});
    }
  }
  return out;
}
"""


def cut_off(app: AppPage) -> list[str]:
    """Every piece of text the page shows cut off, one line each (empty: none): metric
    labels and values, chart titles, axis titles and labels, legends, the charts' text
    marks, code lines."""
    return [f"{c['what']} {c['text']!r}: {c['detail']}"
            for c in app.page.evaluate(_CUT_OFF, [CHART])]
