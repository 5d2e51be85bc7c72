"""The class activities as a class sees them, in headless Chromium: predict then reveal, the
touchable error bowl, a challenge, the share link's QR code, the notebook to take home, and
the views a projector and a phone show."""

from __future__ import annotations

import base64
import contextlib
import io
import json

import pytest

from benchmarks.browser import PHONE, PROJECTOR, AppPage, cut_off, first_screen, open_at
from dashboard.controls import QR_LABEL, QR_WIDTH, WEIGHT
from dashboard.share import qr_svg

pytestmark = pytest.mark.browser

QR = '[data-testid="stSidebar"] img[alt^="QR code"]'


def click(app: AppPage, name: str) -> None:
    """Click the button called ``name`` and wait for the page to be drawn again."""
    runs = app.runs()
    app.page.get_by_role("button", name=name, exact=True).first.click()
    app.settle(runs)


def drawn_charts(app: AppPage) -> int:
    return sum(1 for c in app.charts() if c["width"] > 0 and c["height"] > 0 and c["marks"])


def download_notebook(app: AppPage, path: str):
    """Click the notebook button: the download is called ``<path>.ipynb`` and is a valid
    notebook. Returns its text and the notebook read from it."""
    import nbformat

    with app.page.expect_download() as download:
        app.page.get_by_role("button", name="Take it home as a notebook").click()
    assert download.value.suggested_filename == f"{path}.ipynb"
    with open(download.value.path(), encoding="utf-8") as file:
        text = file.read()
    notebook = nbformat.reads(text, as_version=4)
    nbformat.validate(notebook)
    return text, notebook


def run_notebook(notebook) -> str:
    """Run the notebook's code cells in order in one namespace, as Jupyter would; what they
    printed."""
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        scope: dict = {}
        for cell in notebook.cells:
            if cell.cell_type == "code":
                exec(compile(cell.source, "<notebook>", "exec"), scope)
    return out.getvalue()


@pytest.fixture
def at_screen(browser, server):
    """at_screen(screen, path, query) -> an AppPage at that screen size, closed after."""
    opened = []

    def open_(screen, path, query=None):
        opened.append(open_at(browser, server.url(), path, screen, query))
        return opened[-1]

    yield open_
    for app in opened:
        app.page.context.close()


def test_predict_shows_no_chart_before_reveal_and_every_chart_after(app):
    app.open("descent", {"predict": "1", "vote": "zigzag"})
    assert app.charts() == [] and app.tables() == []
    assert app.page.get_by_role("button", name="Reveal", exact=True).is_visible()
    assert app.sliders()  # the settings stay
    click(app, "Reveal")
    assert drawn_charts(app) == 4  # the bowl and the open part's three per-iteration charts
    assert app.alerts()[0].splitlines()[-1].startswith("You said it zig-zags in; it creeps in.")
    assert app.query()["vote"] == "zigzag" and app.exceptions() == []

    app.press(WEIGHT.label, "ArrowRight")  # a new setting is a new question
    app.wait_until(lambda: app.charts() == [], what="the charts hide again")


def test_clicking_the_error_bowl_starts_the_descent_there(app):
    app.open("descent", {"part": "Every iteration"})  # the table shows where the run starts
    before = app.column("prediction")
    bowl = app.page.locator('[data-testid="stVegaLiteChart"]').first
    box = bowl.bounding_box()
    runs = app.runs()
    bowl.click(position={"x": box["width"] * 0.85, "y": box["height"] * 0.45})
    app.settle(runs)
    app.wait_until(lambda: "weight" in app.query(), what="the weight goes into the link")
    weight = float(app.query()["weight"])
    assert weight > 0.5  # right of the start, where the click was
    slider = next(s for s in app.sliders() if s["label"] == WEIGHT.label)
    assert slider["value"] == weight
    app.wait_until(lambda: app.column("prediction") != before, what="the run starts there")
    assert app.column("prediction")[0] == repr(2.0 * weight)
    assert app.exceptions() == []


def test_a_challenge_link_shows_the_check_and_follows_the_slider(app):
    app.open("descent", {"input": "2.5", "alpha": "0.15", "iterations": "5",
                         "challenge": "one-step"})
    assert app.alerts()[0].splitlines()[-1].startswith("Challenge: One step to the goal. Close:")
    app.press("Learning rate α (alpha)", "ArrowRight")
    app.wait_until(lambda: "Solved:" in app.alerts()[0], what="solved at alpha 0.16")
    assert app.query()["challenge"] == "one-step"


def show_qr(app: AppPage) -> None:
    """Switch on the share box's QR code and wait for it to be drawn."""
    runs = app.runs()
    app.page.get_by_text(QR_LABEL, exact=True).click()
    app.settle(runs)
    app.page.locator(QR).wait_for()


def svg_of(src: str) -> str:
    assert src.startswith("data:image/svg+xml;base64,")
    return base64.b64decode(src.split(",", 1)[1]).decode()


def test_the_share_links_qr_code_renders_and_is_large_in_classroom_mode(app, at_screen):
    app.open("descent", {"weight": "0.25"})
    assert app.page.locator(QR).count() == 0  # off until the teacher needs it
    show_qr(app)
    qr = app.page.locator(QR)
    link = app.page.locator('[data-testid="stSidebar"] [data-testid="stCode"]').last.inner_text()
    assert "weight=0.25" in link
    assert svg_of(qr.get_attribute("src")) == qr_svg(link.strip())
    assert qr.evaluate("img => img.complete && img.naturalWidth > 0")
    assert round(qr.bounding_box()["width"]) == QR_WIDTH

    classroom = at_screen(PROJECTOR, "descent")
    show_qr(classroom)
    big = classroom.page.locator(QR)
    assert big.bounding_box()["width"] > 1.4 * QR_WIDTH  # the sidebar's width
    assert big.evaluate("img => img.complete && img.naturalWidth > 0")


def test_the_notebook_downloads_and_prints_the_pages_numbers(app):
    app.open("descent", {"weight": "0", "input": "1.1", "alpha": "1", "iterations": "4",
                         "part": "Every iteration"})  # the table shows the page's numbers
    text, notebook = download_notebook(app, "descent")
    assert "weight=0" in notebook.cells[0].source  # the view it came from
    printed = [line.split(":", 1)[1] for line in run_notebook(notebook).splitlines()
               if line.startswith("Prediction:")]
    assert printed == app.column("prediction") == [
        "0.0", "0.9680000000000002", "0.76472", "0.8074088"]
    assert json.loads(text)["metadata"]["kernelspec"]["name"] == "python3"


@pytest.mark.parametrize("path, query", [
    ("descent", {"challenge": "one-step", "input": "2.5", "alpha": "0.1", "iterations": "5"}),
    ("deep", {"challenge": "fewest-hidden", "hidden": "2", "seed": "8"}),
], ids=["descent-challenge", "deep-challenge"])
def test_a_challenge_keeps_the_projectors_first_screen(at_screen, path, query):
    app = at_screen(PROJECTOR, path, query)
    assert "Challenge:" in app.alerts()[0]
    assert first_screen(app) == []
    assert cut_off(app) == []


@pytest.mark.parametrize("path", ["descent", "hot-and-cold", "deep"])
def test_after_reveal_the_projectors_first_screen_is_the_usual_one(at_screen, path):
    app = at_screen(PROJECTOR, path, {"predict": "1"})
    click(app, "Reveal")
    assert first_screen(app) == []
    assert cut_off(app) == []


@pytest.mark.parametrize("path", ["descent", "hot-and-cold", "deep"])
def test_a_phone_opens_the_shared_question_and_the_run(at_screen, path):
    """What a student sees after scanning the teacher's QR code on a 390 x 844 phone."""
    app = at_screen(PHONE, path, {"predict": "1"})
    assert app.exceptions() == [] and cut_off(app) == []
    reveal = app.page.get_by_role("button", name="Reveal", exact=True)
    box = reveal.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE.width
    click(app, "Reveal")
    assert drawn_charts(app) >= 2
    assert app.exceptions() == []  # (the lessons' own layout at 390 px: test_browser_layout)
    width = app.page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE.width  # nothing makes the page scroll sideways


@pytest.mark.parametrize("path", ["hot-and-cold", "correlation", "deep"])
def test_every_lessons_notebook_downloads_and_runs(app, path):
    app.open(path)
    _, notebook = download_notebook(app, path)
    assert run_notebook(notebook).strip()


def test_a_challenge_link_on_the_overview_opens_its_lesson_set_up(app):
    app.open("")
    runs = app.runs()
    app.page.get_by_role("link", name="One step to the goal").click()
    app.settle(runs)
    app.wait_until(lambda: app.query().get("challenge") == "one-step", what="the lesson opens")
    assert app.query()["input"] == "2.5"
    assert app.alerts()[0].splitlines()[-1].startswith("Challenge: One step to the goal.")
