"""The overview page and the lessons' blurbs: what they promise must be what the lessons show."""

from pathlib import Path

from dashboard.nav import LESSONS
from primer.challenges import CHALLENGES
from tests.conftest import open_page, text


def blurb(path: str) -> str:
    return next(lesson.blurb for lesson in LESSONS if lesson.url_path == path)


def test_every_lesson_is_linked_with_its_blurb():
    at = open_page()
    said = text(at)
    assert all(lesson.blurb in said for lesson in LESSONS)
    links = [link.label for link in at.get("page_link")]
    titles = {lesson.url_path: lesson.title for lesson in LESSONS}
    assert links[:len(LESSONS)] == [lesson.title for lesson in LESSONS]
    # then one link per class challenge, its lesson named below it
    assert links[len(LESSONS):] == [c.title for c in CHALLENGES]
    assert all(f"On *{titles[c.lesson]}*. {c.task}" in said for c in CHALLENGES)
    assert len(CHALLENGES) >= 4


def test_issue9_item06_correlation_alone_is_not_said_to_bring_the_error_to_zero():
    said = text(open_page())
    assert "the error falls to zero" not in said
    assert ("the error can reach zero only if some weighting of the inputs fits every row"
            in blurb("correlation"))


def test_issue9_item15_the_hot_and_cold_blurb_does_not_say_gradient_descent_always_wins():
    assert "gradient descent wins" not in blurb("hot-and-cold")
    assert "usually needs far fewer predictions, not always" in blurb("hot-and-cold")


def test_issue9_item12_the_overview_says_which_examples_are_the_books():
    said = text(open_page())
    assert "examples from Andrew Trask's *Grokking Deep Learning*" in said
    assert "Grokking Deep Learning" in blurb("neuron") + blurb("hot-and-cold")


def test_issue9_readable_no_downhill_claim_and_no_jargon_in_the_blurbs():
    said = text(open_page())
    assert "which way is downhill" not in said
    assert "float32" not in said


def test_the_overview_has_a_share_link_and_a_classroom_layout():
    at = open_page(None, classroom="1")
    assert at.toggle(key="classroom").value is True
    assert any(c.language != "python" and "classroom=true" in c.value for c in at.code)


def test_the_keras_blurb_does_not_promise_a_lazy_tensorflow_the_app_preloads():
    # the app starts importing TensorFlow after its first page (dashboard/app.py), so a
    # blurb saying it loads "only when you open" /keras would be false by default
    app = (Path(__file__).parents[1] / "dashboard" / "app.py").read_text()
    assert "preload" in app
    assert "only when" not in blurb("keras")
    assert "takes a few seconds to load the first time" in blurb("keras")
