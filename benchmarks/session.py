"""A Streamlit session over the app's websocket, as the browser speaks it, without a browser.

Why a hand-written protocol client: the load test and the paced class need tens
of sessions on a 2-core machine, each costing the server what a student's tab
costs and the client almost nothing. No maintained tool does that for Streamlit:

- a browser per session (Playwright; Streamlit's own load tests in
  ``e2e_playwright/load_testing`` run one browser per worker process) costs a
  renderer process and a core's worth of layout per tab, so thirty tabs would
  measure Chromium, not the server (``run_load`` still drives a few real tabs);
- general load tools (Locust, k6) open websockets but do not speak Streamlit's
  protocol, so the same protobuf exchange would have to be written in them, plus
  a new dependency;
- ``streamlit.testing.v1.AppTest`` runs the script in-process, not through the
  server, so it sees neither the websocket nor other sessions.

What is hand-written is small: a ``BackMsg.rerun_script`` with the page, its
query string and the widget values goes out, ``ForwardMsg`` come back until
``script_finished``. The messages are Streamlit's own protobuf classes and the
socket is ``websockets`` (a dependency of Streamlit), so a protocol change shows
up as an error here, not as a wrong figure.
"""

from __future__ import annotations

import contextlib
import time
from urllib.parse import urlencode

CHART_TYPES = ("vega_lite_chart",)  # Altair and Vega-Lite charts: all this app draws


class SocketSession:
    """One Streamlit session on ``server`` (a :class:`benchmarks.serve.Server`).

    ``rerun`` runs the page with its query string and the widget values set so far and
    keeps the elements the run produced; ``sliders``, ``first_row`` and friends read them.
    """

    def __init__(self, server, path: str, query: dict[str, str] | None = None,
                 timeout: float = 60) -> None:
        from websockets.sync.client import connect

        self.path, self.query, self.timeout = path, dict(query or {}), timeout
        self._stack = contextlib.ExitStack()
        self.ws = self._stack.enter_context(connect(
            f"ws://{server.url().split('://', 1)[1]}_stcore/stream",
            subprotocols=["streamlit"], max_size=None, open_timeout=timeout))
        self.widgets: dict[str, object] = {}  # widget id -> WidgetState sent with each rerun
        self.elements: list = []
        self.last_chart_s: float | None = None  # when the last run's last chart arrived

    def close(self) -> None:
        self._stack.close()

    def __enter__(self) -> SocketSession:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def rerun(self) -> float:
        """Run the page's script; returns the seconds from sending to ``script_finished``
        (``last_chart_s``: to the last chart element of the run)."""
        from streamlit.proto.BackMsg_pb2 import BackMsg
        from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

        msg = BackMsg()
        msg.rerun_script.page_name = self.path
        msg.rerun_script.query_string = urlencode(self.query, doseq=True)
        msg.rerun_script.widget_states.widgets.extend(self.widgets.values())
        elements = []
        self.last_chart_s = None
        start = time.perf_counter()
        self.ws.send(msg.SerializeToString())
        deadline = start + self.timeout
        while True:
            fwd = ForwardMsg()
            fwd.ParseFromString(self.ws.recv(timeout=max(0.1, deadline - time.perf_counter())))
            kind = fwd.WhichOneof("type")
            if kind == "delta" and fwd.delta.WhichOneof("type") == "new_element":
                element = fwd.delta.new_element
                elements.append(element)
                if element.WhichOneof("type") in CHART_TYPES:
                    self.last_chart_s = time.perf_counter() - start
            elif kind == "script_finished":
                self.elements = elements
                return time.perf_counter() - start

    # -- reading the last run ---------------------------------------------------------
    def of_type(self, kind: str) -> list:
        return [getattr(e, kind) for e in self.elements if e.WhichOneof("type") == kind]

    def exceptions(self) -> list[str]:
        return [f"{e.type}: {e.message}" for e in self.of_type("exception")]

    def notes(self) -> list[str]:
        """Warnings on the page (a link value the page could not use says so there)."""
        return [a.body for a in self.of_type("alert") if a.format == a.WARNING]

    def charts(self) -> int:
        return sum(len(self.of_type(kind)) for kind in CHART_TYPES)

    def sliders(self) -> list:
        """The Slider protos of the last run, in page order (label, id, value, min, max,
        step, and ``query_param_key`` for a slider bound to the URL)."""
        return self.of_type("slider")

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
        return {key: label for key, (label, _) in self.bound_widgets().items()}

    def bound_widgets(self) -> dict[str, tuple[str, list[str]]]:
        """URL parameter -> (label, options) of every widget of the last run bound to the
        URL; options are the texts a link may carry (empty for sliders and toggles)."""
        bound = {}
        for element in self.elements:
            widget = getattr(element, element.WhichOneof("type") or "", None)
            try:
                if widget is None or not widget.HasField("query_param_key"):
                    continue
            except ValueError:  # this kind of element has no such field
                continue
            options = list(getattr(widget, "options", []) or [])
            options = [getattr(o, "content", o) for o in options]  # button groups
            bound[widget.query_param_key] = (getattr(widget, "label", ""), options)
        return bound

    # -- acting -------------------------------------------------------------------------
    def set_slider(self, slider, value: float) -> None:
        """Set ``slider`` (a proto from :meth:`sliders`) for the next rerun, and the URL
        parameter if it is bound, as the browser does."""
        from streamlit.proto.WidgetStates_pb2 import WidgetState

        state = WidgetState(id=slider.id)
        state.double_array_value.data.append(value)
        self.widgets[slider.id] = state
        if slider.HasField("query_param_key"):
            self.query[slider.query_param_key] = _number(value)


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else repr(float(value))


def moving_slider(session: SocketSession):
    """The slider a benchmark moves on a page: the first one bound to the URL (a lesson's
    own control), else the first one. None when the page has no slider."""
    sliders = session.sliders()
    bound = [s for s in sliders if s.HasField("query_param_key")]
    return (bound or sliders or [None])[0]


def step_values(slider) -> tuple[float, float]:
    """Two values one step apart for ``slider``, the first its current value."""
    value = slider.value[0] if slider.value else slider.default[0]
    step = slider.step or 1
    other = value + step if value + step <= slider.max else value - step
    return value, round(other, 10)
