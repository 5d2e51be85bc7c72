"""What every lesson must do, checked over the registry so new pages are covered too."""

import pytest

from dashboard.nav import LESSONS
from dashboard.ui import CLASSROOM_CSS
from tests.conftest import (
    Scenarios,
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


def chart_places(at) -> list[tuple[int, ...]]:
    """Where each chart sits in the page: its path of indexes through the blocks above it,
    as the browser places it (a chart whose path changes is a new chart to the browser)."""
    def walk(node, path):
        for i, child in sorted(getattr(node, "children", {}).items()):
            if getattr(child, "type", None) == "vega_lite_chart":
                yield path + (i,)
            yield from walk(child, path + (i,))

    return list(walk(at._tree, ()))


def one_step(slider) -> float:
    return slider.value + slider.step if slider.value + slider.step <= slider.max \
        else slider.value - slider.step


@pytest.mark.parametrize("page", PAGES)
def test_a_slider_step_keeps_every_chart_in_its_place(page):
    """From the default, one step of any slider, and from each scenario, one step of the
    first, leave every chart where it was. The browser updates a chart in place only while
    it keeps its place: a note that comes and goes above it makes it a new chart, built from
    scratch (on /hot-and-cold the example's caption did, and a slider step cost the browser
    about 320 ms of work instead of 220)."""
    at = open_page(page, timeout=90)
    places = chart_places(at)
    assert places
    for i in range(len(at.slider)):
        moved = open_page(page, timeout=90)
        slider = moved.slider[i]
        label = slider.label
        slider.set_value(one_step(slider)).run()
        assert chart_places(moved) == places, f"a step of {label!r} moved a chart"
    for name in Scenarios(at).names:
        picked = open_page(page, timeout=90)
        Scenarios(picked).set_value(name).run()
        places = chart_places(picked)
        picked.slider[0].set_value(one_step(picked.slider[0])).run()
        assert chart_places(picked) == places, f"a step after {name!r} moved a chart"


@pytest.mark.parametrize("page", PAGES)
def test_every_part_of_every_page_draws_finite_charts_that_read_their_data(page):
    """The parts below a lesson's first screen run only when opened: each is opened here."""
    at = open_page(page, timeout=90)
    for title in [t.label for t in at.tabs]:
        open_part(at, title)
        assert all_numbers_finite(at), title
        for spec, data in chart_specs(at):
            assert_chart_reads_its_data(spec, data)
