"""Shared test helpers: open a page of the real app (router included) in AppTest."""

from __future__ import annotations

import json
import os

import pytest
from streamlit.testing.v1 import AppTest

# The app warms TensorFlow up in the background once its first page is served; the tests
# open pages by the hundred and check which pages import TensorFlow, so they run without it
# (tests/test_page_keras.py checks the warm-up itself). Child processes inherit this.
os.environ.setdefault("PRIMER_PRELOAD_TENSORFLOW", "0")

APP = os.path.join(os.path.dirname(__file__), "..", "dashboard", "app.py")


def open_page(page: str | None = None, timeout: float = 30, **query: str) -> AppTest:
    """Run the app, switch to ``lessons/<page>.py`` with these URL query parameters."""
    at = AppTest.from_file(APP, default_timeout=timeout)
    at.query_params.update({k: str(v) for k, v in query.items()})
    at.run()
    if page is not None:
        at.switch_page(f"lessons/{page}.py").run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def open_part(at: AppTest, title: str) -> AppTest:
    """Open the lesson's part ``title`` (its tab; ``?part=`` in the link), as a click would."""
    at.query_params["part"] = title
    at.session_state["part"] = title  # the link alone does not reopen the first (default) part
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    assert title in [t.label for t in at.tabs], [t.label for t in at.tabs]
    return at


@pytest.fixture
def page():
    return open_page


def text(at: AppTest) -> str:
    """Every sentence the page wrote (Markdown, boxes, captions), joined by spaces."""
    kinds = (at.markdown, at.success, at.info, at.warning, at.error, at.caption)
    return " ".join(e.value for kind in kinds for e in kind)


def metric(at: AppTest, label: str) -> str:
    """The value shown by the key number called ``label``."""
    return next(m.value for m in at.metric if m.label == label)


def charts(at: AppTest) -> list:
    """The Vega-Lite chart elements the page drew."""
    return list(at.get("vega_lite_chart"))


def chart_frames(at: AppTest):
    """Every data set shipped to every chart, decoded from Arrow as the browser gets it."""
    import pyarrow as pa

    frames = []
    for chart in charts(at):
        for ds in chart.proto.datasets:
            frames.append(pa.ipc.open_stream(ds.data.data).read_all().to_pandas())
    return frames


def all_numbers_finite(at: AppTest) -> bool:
    import numpy as np

    for df in chart_frames(at):
        numeric = df.select_dtypes("number")
        if not numeric.empty and not np.isfinite(numeric.to_numpy(dtype=float)).all():
            return False
    return True


def assert_safe_link_note(at: AppTest, label: str) -> None:
    """The page says it could not use the link's value for ``label``, and shows the link's
    text only inside a code span, which Markdown never renders as markup."""
    import re

    notes = [w.value for w in at.warning]
    assert any("cannot use" in n and label in n for n in notes), notes
    assert all("<" not in re.sub(r"`[^`]*`", "", n) for n in notes), notes


def assert_bad_link_value_falls_back(page: str, key: str, bad: str, label: str, default: float,
                                     good: tuple[str, str]) -> AppTest:
    """A link with a bad ``key`` and a good value for another slider: the bad one falls back
    to ``default`` with the shared note naming ``label``, and the good one is kept."""
    good_key, good_value = good
    at = open_page(page, **{key: bad, good_key: good_value})
    assert at.slider(key=key).value == default
    assert at.slider(key=good_key).value == float(good_value)  # the good value is kept
    assert_safe_link_note(at, label)
    return at


def set_slider(at: AppTest, key: str, value) -> AppTest:
    """Move one slider as a user would: the page reruns without an error and keeps the value."""
    at.slider(key=key).set_value(value).run()
    assert not at.exception, [e.message for e in at.exception]
    assert at.slider(key=key).value == value
    return at


def before_and_after(at: AppTest, key: str, value, look) -> tuple:
    """What ``look(at)`` reads off the page before and after one slider moves (as in
    :func:`set_slider`), for a test to say what changed."""
    before = look(at)
    set_slider(at, key, value)
    return before, look(at)


def pick_scenario(at: AppTest, name: str, keys) -> list:
    """Click the scenario button ``name``: the page reruns without an error and draws that
    button highlighted. Returns the values the sliders ``keys`` now hold."""
    Scenarios(at).set_value(name).run()
    assert not at.exception, [e.message for e in at.exception]
    assert Scenarios(at).value == name
    return [at.slider(key=k).value for k in keys]


def chart_specs(at: AppTest) -> list[tuple[dict, dict]]:
    """Each chart the page drew: its Vega-Lite spec (as sent) and its named data sets,
    decoded from Arrow as the browser gets them."""
    import json

    import pyarrow as pa

    return [(json.loads(c.proto.spec),
             {ds.name: pa.ipc.open_stream(ds.data.data).read_all().to_pandas()
              for ds in c.proto.datasets})
            for c in charts(at)]


def _fields(encoding: dict) -> set[str]:
    found = set()
    for channel in encoding.values():
        for item in channel if isinstance(channel, list) else [channel]:
            if isinstance(item, dict) and isinstance(item.get("field"), str):
                found.add(item["field"].split(".")[0])
    return found


def assert_chart_reads_its_data(spec: dict, data: dict) -> None:
    """Every layer reads a named data set the page sent, every field it encodes is a column
    of that data set, and the spec with the data inlined is valid Vega-Lite."""
    from altair.utils.schemapi import validate_jsonschema
    from altair.vegalite.v6.schema import load_schema

    for layer in spec.get("layer", [spec]):
        name = layer.get("data", spec.get("data", {})).get("name")
        assert name in data, f"{spec.get('title')}: layer reads {name!r}, sent {list(data)}"
        missing = _fields(layer.get("encoding", {})) - set(data[name].columns)
        assert not missing, f"{spec.get('title')}: {name} lacks {missing}"
    inlined = {**spec, "datasets": {k: df.to_dict("records") for k, df in data.items()}}
    validate_jsonschema(json.loads(json.dumps(inlined, default=str)), load_schema())


class Scenarios:
    """A page's scenario buttons, used like a picker: ``.set_value(name).run()`` clicks one,
    ``.value`` is the one drawn highlighted (None when the sliders match none)."""

    def __init__(self, at: AppTest) -> None:
        self.at = at

    @property
    def buttons(self) -> list:
        return [b for b in self.at.button if (b.key or "").startswith("scenario-")]

    @property
    def names(self) -> list[str]:
        return [b.label for b in self.buttons]

    def set_value(self, name: str) -> AppTest:
        next(b for b in self.buttons if b.label == name).click()
        return self.at

    @property
    def value(self) -> str | None:
        lit = [b.label for b in self.buttons if b.proto.type == "primary"]
        return lit[0] if lit else None
