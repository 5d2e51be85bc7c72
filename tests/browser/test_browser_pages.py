"""Every page of the app in a real browser: it loads, draws, reacts to the keyboard,
reproduces a link, and shrugs off hostile links.

The pages come from the registry (``dashboard/nav.py``) and each page's URL
parameters from the widgets it binds to the URL (``bound`` in conftest.py), so a
lesson added later is tested here without touching this file.
"""

from __future__ import annotations

import pytest

from benchmarks.browser import AppPage
from dashboard.controls import CONTROLS
from dashboard.nav import LESSONS, Lesson
from tests.browser.conftest import PAGES

pytestmark = pytest.mark.browser


def path_id(lesson: Lesson) -> str:
    return "/" + lesson.url_path


def drawn(charts: list[dict]) -> list[str]:
    """What is wrong with the charts, one line per problem (empty: all drawn)."""
    problems = []
    for i, c in enumerate(charts):
        if c["kind"] not in ("svg", "canvas") or not (c["width"] > 0 and c["height"] > 0):
            problems.append(f"chart {i} has no drawing: {c}")
        elif c["kind"] == "svg" and c["marks"] == 0:
            problems.append(f"chart {i} has axes but no marks: {c}")
    return problems


def signatures(app: AppPage) -> list[str]:
    return [c["signature"] for c in app.charts()]


@pytest.mark.parametrize("lesson", PAGES, ids=path_id)
def test_page_loads_without_error_and_draws_its_charts(app, lesson):
    app.open(lesson.url_path)
    assert app.exceptions() == []
    assert app.page_errors == []
    charts = app.charts()
    if lesson in LESSONS:
        assert charts, f"/{lesson.url_path} draws no chart"
    assert drawn(charts) == []
    assert app.page.title()  # the router set a page title


def test_arrow_key_on_a_slider_updates_chart_table_and_url(app):
    app.open("descent", {"part": "Every iteration"})  # the part that holds the table
    weight = CONTROLS["weight"]
    assert app.column("prediction")[:2] == ["1.0", "0.92"]  # the primer's run: 2.0 x 0.5, ...
    assert weight.key not in app.query()
    before = app.charts()

    app.press(weight.label, "ArrowRight")

    app.wait_until(lambda: app.column("prediction")[:1] == ["1.02"])  # 2.0 x 0.51
    assert app.query()[weight.key] == "0.51"
    assert next(s for s in app.sliders() if s["label"] == weight.label)["value"] == 0.51
    after = app.charts()
    assert len(after) == len(before) >= 1
    assert all(b["signature"] != a["signature"] for b, a in zip(before, after))  # the bowl
    assert drawn(after) == [] and app.exceptions() == []


def test_arrow_key_moves_every_chart_of_the_first_part(app):
    app.open("descent")  # the default part: the per-iteration charts under the bowl
    before = app.charts()

    app.press(CONTROLS["weight"].label, "ArrowRight")

    app.wait_until(lambda: app.query().get("weight") == "0.51", what="the URL has it")
    app.wait_until(lambda: sum(b["signature"] != a["signature"]
                               for b, a in zip(before, app.charts())) >= 4,
                   what="the bowl and the error, weight and prediction charts redraw")
    after = app.charts()
    assert len(after) == len(before) >= 4
    assert drawn(after) == [] and app.exceptions() == []


def test_a_link_with_parameters_reproduces_the_view(app):
    app.open("descent", {"weight": "0", "input": "1.1", "alpha": "1", "iterations": "4",
                         "part": "Every iteration"})
    values = {s["label"]: s["value"] for s in app.sliders()}
    expected = dict(weight=0, input=1.1, goal=0.8, alpha=1, iterations=4)
    assert {CONTROLS[k].label: values.get(CONTROLS[k].label) for k in expected} == {
        CONTROLS[k].label: v for k, v in expected.items()}
    assert app.column("prediction") == ["0.0", "0.9680000000000002", "0.76472", "0.8074088"]
    assert not [a for a in app.alerts() if "cannot use" in a]  # no fallback note
    assert app.charts() and drawn(app.charts()) == []


@pytest.mark.parametrize("lesson", LESSONS, ids=path_id)
def test_a_moved_slider_gives_a_link_that_reproduces_the_view(app, browser_context, server,
                                                              bound, lesson):
    """For every lesson: an arrow key on its first URL-bound slider redraws a chart and
    puts the parameter in the URL; that URL in a new tab shows the same sliders, tables
    and charts."""
    params = {label: key for key, label in bound(lesson.url_path).items()}
    app.open(lesson.url_path)
    slider = next((s for s in app.sliders() if s["label"] in params), None)
    if slider is None:
        pytest.skip(f"/{lesson.url_path} has no slider bound to the URL")
    key = "ArrowLeft" if slider["value"] >= slider["max"] else "ArrowRight"
    before = signatures(app)

    app.press(slider["label"], key)

    app.wait_until(lambda: params[slider["label"]] in app.query(), what="the URL has it")
    app.wait_until(lambda: signatures(app) != before, what="a chart redraws")
    assert app.exceptions() == []
    other = AppPage.new(browser_context, server.url())
    try:
        other.page.goto(app.page.url)
        other.settle(0)
        assert other.sliders() == app.sliders()
        assert other.tables() == app.tables()
        assert signatures(other) == signatures(app)
        assert other.exceptions() == []
    finally:
        other.close()


NUMBERS = ("NaN", "1e309", "99999999999999999999", "-inf", "abc")  # 1e309 parses to inf
MARKUP = ("<script>window.__pwned=1</script>", "<img src=x onerror=window.__pwned=1>")
CONTRACT = ("weight", "input", "goal", "alpha", "iterations")


def hostile_links(params: list[str]) -> dict[str, dict[str, str]]:
    """Two links: one with a bad number in every parameter the page binds (NaN, inf,
    a huge number, text, in turn), one with HTML in every parameter (script and img in
    turn). A page that binds nothing gets them in the lessons' parameters."""
    params = params or list(CONTRACT)
    return {
        "numbers": {p: NUMBERS[i % len(NUMBERS)] for i, p in enumerate(params)},
        "markup": {p: MARKUP[i % len(MARKUP)] for i, p in enumerate(params)},
    }


@pytest.mark.parametrize("lesson", PAGES, ids=path_id)
def test_hostile_links_fall_back_visibly_and_run_no_markup(app, browser_context, server,
                                                           bound, lesson):
    """NaN, inf, huge numbers, text and HTML in the URL parameters of the page: it shows
    its default sliders and a visible note, never an exception box, and no markup from
    the link runs or lands in the page. The links load in parallel tabs."""
    params = list(bound(lesson.url_path))
    app.open(lesson.url_path)
    defaults = app.sliders()
    tabs: dict[str, AppPage] = {}
    try:
        for name, query in hostile_links(params).items():
            tabs[name] = AppPage.new(browser_context, server.url())
            tabs[name].page.goto(tabs[name].url_for(lesson.url_path, query), wait_until="commit")
        problems = []
        for name, tab in tabs.items():
            tab.settle(0)
            if tab.exceptions():
                problems.append(f"{name}: exception box {tab.exceptions()}")
            if tab.page_errors:
                problems.append(f"{name}: page errors {tab.page_errors}")
            if tab.pwned() != {"pwned": False, "injected_img": 0, "injected_script": 0}:
                problems.append(f"{name}: markup from the URL ran or landed: {tab.pwned()}")
            if tab.sliders() != defaults:
                problems.append(f"{name}: sliders {tab.sliders()} instead of {defaults}")
            if drawn(tab.charts()):
                problems.append(f"{name}: {drawn(tab.charts())}")
            if params and not [a for a in tab.alerts() if "cannot use" in a]:
                problems.append(f"{name}: no visible fallback note; alerts: {tab.alerts()}")
        assert problems == []
    finally:
        for tab in tabs.values():
            tab.close()
