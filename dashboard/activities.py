"""What a class *does* on a lesson's page (issue 13): the shared UI of the five activities.

A lesson plugs them in with one call each; what is right, solved or runnable is
decided in ``primer`` (``predict``, ``challenges``, ``bowl``, ``notebook``), never here.

1. **Predict, then reveal** (:func:`predict_gate`): with the sidebar's "Predict, then
   reveal" switch on (``?predict=1``; ``ui.page_setup(..., predict=True)`` draws it), the
   page keeps its settings and code but hides its verdict, charts and numbers behind a
   question; the class votes (``?vote=<choice>``, so a prepared link asks the question)
   and **Reveal** shows the run, its verdict (:func:`verdict`) opening with "you said X;
   it did Y" and the reason. Any change of the settings hides the run again.
2. **Touch the error bowl** (:func:`touch_bowl`): a click on the error curve starts the
   descent from the weight clicked (the starting-weight slider moves there; keyboard users
   keep the slider).
3. **Challenges** (:func:`verdict`, :func:`challenge_list`): ``?challenge=<id>`` shows a
   puzzle's task and primer's check of the current settings, in the verdict's place.
4. **A QR code of the share link**: drawn by ``controls.share_link`` on every page once
   the share box's switch is on.
5. **Take it home** (:func:`notebook_button`): the lesson's Script as a Jupyter notebook.
"""

from __future__ import annotations

from collections.abc import Mapping
from urllib.parse import parse_qsl, urlsplit

import streamlit as st

from dashboard import outcomes, ui
from dashboard.charts import TOUCH
from dashboard.controls import Choice, Slider, note_link_value, share_url
from dashboard.nav import LESSONS
from primer import challenges, predict
from primer.notebook import notebook
from primer.outcome import Verdict
from primer.script import Script
from primer.words import fmt

# ---------------------------------------------------------------- 1. predict, then reveal

VOTE = "vote"  # the class's guess in the link: ?vote=<choice id>
_REVEALED = "_revealed"  # (lesson, settings, vote id) of the run the class has seen


def _vote(question: predict.Question) -> Choice:
    return Choice(VOTE, question.prompt, question.ids, required=False,
                  names={c.id: c.label for c in question.choices},
                  help="The class's guess, kept in the link: a link with a vote asks the "
                       "question with that answer picked. Press Reveal to see the run.")


def _settings_key(lesson: str, settings: Mapping[str, float]) -> tuple:
    return lesson, tuple(sorted(settings.items()))


def revealed(lesson: str, settings: Mapping[str, float]) -> bool:
    """Whether the page shows its run: always, unless the class is predicting and has not
    yet pressed Reveal for exactly these settings."""
    if not ui.predicting() or predict.question(lesson) is None:
        return True
    seen = st.session_state.get(_REVEALED)
    return seen is not None and seen[:2] == _settings_key(lesson, settings)


def _reveal(lesson: str, settings: Mapping[str, float]) -> None:
    st.session_state[_REVEALED] = (*_settings_key(lesson, settings),
                                   st.session_state.get(VOTE))


def predict_gate(lesson: str, settings: Mapping[str, float]) -> bool:
    """True when the page may show its run (verdict, charts, tables, result numbers).

    Outside predict mode that is always. In predict mode, until Reveal, this draws the
    lesson's question (its choices from ``primer.predict``, bound to ``?vote=``) and a
    **Reveal** button, and returns False; after Reveal it returns True until ``settings``
    (the values of the lesson's settings, URL key to value) change. What the class said
    against what the run did is drawn by :func:`verdict`, in the verdict's place.
    """
    question = predict.question(lesson)
    if question is None:
        return True
    if not ui.predicting():
        st.session_state.pop(_REVEALED, None)  # switched off: the next question starts hidden
        return True
    if revealed(lesson, settings):
        return True
    with st.container(border=True, key="predict-question"):
        _vote(question).draw()
        with st.container(horizontal=True, vertical_alignment="center"):
            st.button("Reveal", type="primary", icon=":material/visibility:", key="reveal",
                      on_click=_reveal, args=(lesson, dict(settings)))
            st.caption("The verdict, charts and numbers are hidden until you reveal them. "
                       "The settings and the code stay as they are.")
    return False


def verdict(lesson: str, settings: Mapping[str, float], run: Verdict) -> None:
    """The page's verdict on its run, in its box (``ui.verdict``), with the activities that
    stand in its place, so that they take no more of the first screen than it does:

    - after Reveal in predict mode, the box opens with what the class said against
      what the run did ("You said it zig-zags in; it creeps in.") before the reason;
    - with ``?challenge=<id>`` (one of this lesson's), the challenge's check of these
      settings (solved, close or not yet, and why) takes the box, the task and the
      run's verdict go in its "Why?" fold (and the task stays visible outside classroom
      mode). While the class is predicting, only the task shows.
    """
    challenge = _challenge(lesson)
    shown = revealed(lesson, settings)
    if challenge is not None:
        _challenge_box(challenge, settings, run if shown else None)
    elif shown:
        said = _said(lesson, settings)
        if said is None:
            ui.verdict(run)
        else:
            head, _, reason = said.partition(". ")
            _box(run.kind, f"**{head}.** {reason}", run.why)


def _said(lesson: str, settings: Mapping[str, float]) -> str | None:
    """After Reveal: "You said ...; it ...", and the reason (None when not predicting)."""
    if not ui.predicting() or predict.question(lesson) is None:
        return None
    answer = predict.answer(lesson, settings)
    question = predict.question(lesson)
    vote = question.choice(st.session_state[_REVEALED][2])
    return predict.reveal(vote, answer.choice, answer.verdict)


def _box(kind, markdown: str, why: str = "") -> None:
    """A verdict-style box: the outcome's tone and icon, ``markdown``, and a "Why?" fold."""
    style = outcomes.style(kind)
    ui.BOX[style.tone](markdown, icon=style.icon)
    if why:
        with st.expander("Why?", icon=":material/help:"):
            st.markdown(why)


# ---------------------------------------------------------------- 2. touch the error bowl

BOWL = "bowl"  # the error bowl's key: its identity across reruns, and its selection's state
_MOVED, _NOTE = "_bowl_moved", "_bowl_note"


def start_at(slider: Slider, clicked: float) -> tuple[float, str | None]:
    """Where a click at weight ``clicked`` puts ``slider``: on its grid of steps, within its
    range; and, when the click was outside the range, the note that says so."""
    decimals = max(0, -int(f"{slider.step:e}".split("e")[1]))
    inside = min(max(clicked, slider.min), slider.max)
    value = slider.cast(round(inside, decimals))
    if inside == clicked:
        return value, None
    return value, (f"You clicked weight {fmt(clicked)}, outside the range of the "
                   f"*{slider.label}* slider ({slider.min:g} to {slider.max:g}), so the "
                   f"descent starts from {value:g}.")


def picked_weight(state) -> float | None:
    """The weight a click picked on the bowl, from the chart's selection state (None when
    the click picked nothing: Streamlit clears the selection when it misses)."""
    picked = ((state or {}).get("selection") or {}).get(TOUCH) or []
    if not picked or not isinstance(picked[0], Mapping) or "weight" not in picked[0]:
        return None
    return float(picked[0]["weight"])


def _touched(slider: Slider) -> None:
    """A click on the bowl: the starting weight becomes the weight clicked."""
    ss = st.session_state
    clicked = picked_weight(ss.get(BOWL))
    if clicked is None:
        return
    ss[slider.key], note = start_at(slider, clicked)
    ss[_MOVED] = True
    if note:
        ss[_NOTE] = note


def touch_bowl(figure, summary: str, slider: Slider) -> None:
    """Draw the error bowl (``figure`` built with ``touch=True``) so that clicking a point of
    the curve sets ``slider`` (the starting weight) there, clamped to its range with a note.

    Keyed, so a rerun updates the same chart in place. A click inside a fragment (the
    step player) reruns only the fragment: the whole page reruns here, since the run
    starts from somewhere else now.
    """
    ss = st.session_state
    if ss.pop(_MOVED, False):
        st.rerun()
    ui.chart(figure, summary, key=BOWL, on_select=lambda: _touched(slider),
             selection_mode=TOUCH)
    note = ss.pop(_NOTE, None)
    if note:
        st.info(note, icon=":material/straighten:")
    st.caption("Click the curve to start the descent from that weight (or use the "
               f"*{slider.label}* slider). Each arrow is one update, alpha × derivative "
               "long; the purple line is the tangent where the marked iteration stands.")


# ---------------------------------------------------------------- 3. challenges

CHALLENGE = "challenge"  # ?challenge=<id>


def _challenge(lesson: str) -> challenges.Challenge | None:
    """The challenge the link opens on this lesson; None when there is none. An id this
    lesson does not have gets the shared note once and is taken out of the link."""
    raw = st.query_params.get_all(CHALLENGE)
    if not raw:
        return None
    here = challenges.on_lesson(lesson)
    found = challenges.challenge(raw[-1])
    if found is not None and found in here:
        return found
    st.query_params.pop(CHALLENGE, None)
    ids = ", ".join(c.id for c in here) or "none on this lesson"
    note_link_value("Challenge", raw, f"one of {ids}", "no challenge")
    return None


def _challenge_box(challenge: challenges.Challenge, settings: Mapping[str, float],
                   run: Verdict | None) -> None:
    """The task and, once the run is shown, primer's check of the settings (see
    :func:`verdict`)."""
    task = f"**Challenge: {challenge.title}.** {challenge.task}"
    if run is None:
        st.info(task + " The check appears with the run, after Reveal.", icon=":material/flag:")
        return
    if not ui.classroom():
        st.markdown(task)
    check = challenge.check(settings)
    said = _said(challenge.lesson, settings)
    why = [challenge.task] if ui.classroom() else []
    why += [check.why] if check.why else []
    why += [said or f"**{outcomes.headline(run.kind)}** {run.summary}"]
    _box(check.kind, f"**Challenge: {challenge.title}.** {check.summary}", "\n\n".join(why))


def challenge_list() -> None:
    """Every challenge whose lesson is in the app, with the link that sets it up (for the
    overview), and where the class can predict before it sees a run."""
    pages = {lesson.url_path: lesson for lesson in LESSONS}
    listed = [c for c in challenges.CHALLENGES if c.lesson in pages]
    if not listed:
        return
    st.subheader("Challenges for the class")
    asks = [f"*{lesson.title}*" for lesson in LESSONS if lesson.url_path in predict.LESSONS]
    asks = ", ".join(asks[:-1]) + " or " + asks[-1] if len(asks) > 1 else "".join(asks)
    st.caption("Each link sets a lesson up for a puzzle; the lesson checks every move and says "
               "when it is solved. To have the class guess before it sees a run, switch on "
               f"**Predict, then reveal** in the sidebar of {asks}.")
    for row in range(0, len(listed), 2):
        for column, c in zip(ui.columns(2), listed[row:row + 2]):
            lesson = pages[c.lesson]
            with column, st.container(border=True):
                # the link's label does not wrap: the lesson's name goes below it, so the
                # longest title still fits a phone (390 px)
                st.page_link(lesson.file, label=c.title, icon=":material/flag:",
                             query_params=dict(parse_qsl(urlsplit(c.link).query)))
                st.caption(f"On *{lesson.title}*. {c.task}")


# ---------------------------------------------------------------- 5. take it home

def notebook_button(script: Script, lesson: str) -> None:
    """A download of ``script`` (the code panel's program, for the current settings) as a
    Jupyter notebook, with this view's link under its title. Built only when clicked."""
    link = share_url()
    st.download_button(
        "Take it home as a notebook", lambda: notebook(script, link=link),
        file_name=f"{lesson}.ipynb", mime="application/x-ipynb+json", on_click="ignore",
        icon=":material/download:", key="notebook",
        help="The code above as a Jupyter notebook (Jupyter, VS Code, Colab): one cell per "
             "step, each with a line saying what it does. Run it top to bottom and it prints "
             "the numbers on this page.",
    )
