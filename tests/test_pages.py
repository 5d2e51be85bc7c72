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
    assert any(h.proto.body.strip() == CLASSROOM_CSS.strip() for h in at.get("html")), "no classroom styles"
    plain = open_page(page, timeout=90)
    assert plain.toggle(key="classroom").value is False
    assert not any(h.proto.body.strip() == CLASSROOM_CSS.strip() for h in plain.get("html"))


@pytest.mark.parametrize("page", PAGES)
def test_every_page_draws_finite_charts_with_alt_text(page):
    at = open_page(page, timeout=90)
    drawn = charts(at)
    assert drawn, f"{page} drew no chart"
    assert all(c.proto.alt for c in drawn), f"{page} has a chart without alt text"
    assert all_numbers_finite(at)
