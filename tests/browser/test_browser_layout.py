"""Every page at the screens it is shown on: nothing cut off (on a projector, a laptop and
a phone, where a class opens a shared link), and on a projector the first screen carries a
chart and a control (issue 10 point 3).

The checks live in ``benchmarks/browser.py`` (``first_screen``, ``cut_off``) so a
layout change can be tried against them from a script too. The pages that fail
them today are marked ``xfail`` with the reason; strict=False, so the marks are
reported as XPASS, ready to drop, as the projector layout lands page by page.
"""

from __future__ import annotations

import pytest

from benchmarks.browser import (
    LAPTOP,
    PHONE,
    PROJECTOR,
    SMALL_LAPTOP,
    cut_off,
    first_screen,
    open_at,
)
from dashboard.nav import LESSONS
from tests.browser.conftest import PAGES

pytestmark = pytest.mark.browser

LAYOUT_TODO = "issue 10 point 3: the projector layout has not landed yet"

# (screen, URL path) pairs that show something cut off today: none since every lesson has the
# projector layout (kept, with the xfail machinery, for a page that lands before its layout)
CUT_TODAY: set[tuple[str, str]] = set()
# lessons whose first projector screen lacks a whole chart or a whole control today
CROWDED_TODAY: set[str] = set()

@pytest.fixture
def shown(browser, server):
    """shown(screen, path) -> an AppPage of ``/path`` at ``screen``'s size, drawn, in a
    fresh browser profile closed after the test."""
    opened = []

    def at(screen, path):
        opened.append(open_at(browser, server.url(), path, screen))
        return opened[-1]

    yield at
    for app in opened:
        app.page.context.close()


def cases(pages, screens, failing):
    for screen in screens:
        for lesson in pages:
            marks = ([pytest.mark.xfail(reason=LAYOUT_TODO, strict=False)]
                     if (screen.name, lesson.url_path) in failing else [])
            yield pytest.param(screen, lesson.url_path, marks=marks,
                               id=f"{screen.name.replace(' ', '-')}-/{lesson.url_path}")


@pytest.mark.parametrize(
    ("screen", "path"),
    cases(LESSONS, [PROJECTOR], {(PROJECTOR.name, p) for p in CROWDED_TODAY}))
def test_the_first_projector_screen_shows_a_chart_and_a_control(shown, screen, path):
    app = shown(screen, path)
    assert first_screen(app) == []


@pytest.mark.parametrize(("screen", "path"),
                         cases(PAGES, [PROJECTOR, SMALL_LAPTOP, LAPTOP, PHONE], CUT_TODAY))
def test_no_text_is_cut_off(shown, screen, path):
    """Metric labels and values, chart titles, axis titles and labels, legends, the charts'
    text marks and code lines show whole, in classroom mode at 1280x720 and outside it at
    1280x720, 1440x900 and 390x844."""
    app = shown(screen, path)
    assert app.exceptions() == []
    assert cut_off(app) == []
