"""What every lesson must do, checked over the registry so new pages are covered too."""

import pytest

from dashboard.nav import LESSONS
from dashboard.ui import CLASSROOM_CSS
from tests.conftest import all_numbers_finite, charts, open_page

PAGES = [lesson.file.removeprefix("lessons/").removesuffix(".py") for lesson in LESSONS]


@pytest.mark.parametrize("page", PAGES)
def test_classroom_link_turns_on_large_type(page):
    at = open_page(page, timeout=90, classroom="1")
    assert at.toggle(key="classroom").value is True
    styles = [h.proto.body.strip() for h in at.get("html")]
    assert CLASSROOM_CSS.strip() in styles, "no classroom styles"
    plain = open_page(page, timeout=90)
    assert plain.toggle(key="classroom").value is False
    assert CLASSROOM_CSS.strip() not in [h.proto.body.strip() for h in plain.get("html")]


@pytest.mark.parametrize("page", PAGES)
def test_every_page_draws_finite_charts_with_alt_text(page):
    at = open_page(page, timeout=90)
    drawn = charts(at)
    assert drawn, f"{page} drew no chart"
    assert all(c.proto.alt for c in drawn), f"{page} has a chart without alt text"
    assert all_numbers_finite(at)
