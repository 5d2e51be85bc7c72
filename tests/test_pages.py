"""What every lesson must do, checked over the registry so new pages are covered too."""

import pytest

from dashboard.nav import LESSONS
from dashboard.ui import CLASSROOM_CSS
from tests.conftest import (
    all_numbers_finite,
    assert_chart_reads_its_data,
    chart_specs,
    charts,
    open_page,
    open_part,
)

PAGES = [lesson.file.removeprefix("lessons/").removesuffix(".py") for lesson in LESSONS]


@pytest.mark.parametrize("page", PAGES)
def test_classroom_link_turns_on_large_type(page):
    at = open_page(page, timeout=90, classroom="1")
    assert at.toggle(key="classroom").value is True
    styles = [h.proto.body.strip() for h in at.get("html")]
    assert any(CLASSROOM_CSS.strip() in body for body in styles), "no classroom styles"
    plain = open_page(page, timeout=90)
    assert plain.toggle(key="classroom").value is False
    assert not any(CLASSROOM_CSS.strip() in h.proto.body for h in plain.get("html"))


@pytest.mark.parametrize("page", PAGES)
def test_every_page_draws_finite_charts_with_alt_text(page):
    at = open_page(page, timeout=90)
    drawn = charts(at)
    assert drawn, f"{page} drew no chart"
    assert all(c.proto.alt for c in drawn), f"{page} has a chart without alt text"
    assert all_numbers_finite(at)


@pytest.mark.parametrize("page", PAGES)
def test_every_chart_reads_the_data_its_template_names(page):
    """The templates are built once per shape with no data; the data come on each rerun.
    This checks each shape against the real data the page sends."""
    at = open_page(page, timeout=90)
    for spec, data in chart_specs(at):
        assert_chart_reads_its_data(spec, data)
    # A title is the chart's name on every rerun; at classroom size about 32 characters fit
    # the narrowest place a chart is drawn, and a longer one is cut off with an ellipsis.
    assert all(len(c.proto.alt) <= 32 for c in charts(at)), [c.proto.alt for c in charts(at)]


@pytest.mark.parametrize("page", PAGES)
def test_a_slider_move_changes_only_the_charts_data(page):
    """Same spec, same accessible name (a title without numbers), new data: the browser then
    updates each chart in place instead of building it again."""
    at = open_page(page, timeout=90)
    before = [(c.proto.spec, c.proto.alt) for c in charts(at)]
    data_before = [[ds.data.data for ds in c.proto.datasets] for c in charts(at)]
    slider = at.slider[0]
    slider.set_value(slider.value + slider.step if slider.value < slider.max
                     else slider.value - slider.step).run()
    assert [(c.proto.spec, c.proto.alt) for c in charts(at)] == before
    assert [[ds.data.data for ds in c.proto.datasets] for c in charts(at)] != data_before
    assert all(c.proto.alt and not any(ch.isdigit() for ch in c.proto.alt) for c in charts(at))



@pytest.mark.parametrize("page", PAGES)
def test_every_part_of_every_page_draws_finite_charts_that_read_their_data(page):
    """The parts below a lesson's first screen run only when opened: each is opened here."""
    at = open_page(page, timeout=90)
    for title in [t.label for t in at.tabs]:
        open_part(at, title)
        assert all_numbers_finite(at), title
        for spec, data in chart_specs(at):
            assert_chart_reads_its_data(spec, data)
