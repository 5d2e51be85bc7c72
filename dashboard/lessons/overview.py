"""Overview: what the app teaches, and a link to each lesson."""

import streamlit as st

from dashboard import activities, ui
from dashboard.controls import share_link
from dashboard.nav import LESSONS
from primer.words import BOOK

ui.page_setup(
    "How a neural network learns",
    "A single artificial neuron is the whole cast: it takes an input, multiplies it by a "
    "**weight**, and calls the result its prediction. **Learning** is the search for the "
    "weight whose prediction matches the goal. The primer does it with *gradient descent*: "
    "measure the error, let the derivative say which way the weight should move, take a "
    "step that way, and repeat. Each lesson turns one idea into sliders you drag and charts "
    "that redraw as you do.",
)

st.subheader("Lessons")
for row in range(0, len(LESSONS), 2):
    for column, lesson in zip(ui.columns(2), LESSONS[row:row + 2]):
        with column, st.container(border=True):
            st.page_link(lesson.file, label=lesson.title, icon=lesson.icon)
            st.caption(lesson.blurb)
activities.challenge_list()

ui.explain(
    "Where the lessons come from",
    "The neuron, its loop and the Keras workflow are the primer's. Hot and cold, the team of "
    f"three inputs, the streetlights and the hidden layer are examples from {BOOK}; each "
    "lesson says which parts are the book's. Every sentence a lesson says about a run is "
    "computed from that run's numbers.",
)
ui.explain(
    "In front of a class",
    "Every slider is stored in the page's address, so copying the link (in the sidebar; its "
    "switch below shows it as a QR code for phones) shares exactly what you see. Switch on "
    "**Classroom mode** in the sidebar, or add `?classroom=1` to a link, for type that reads "
    "from the back of the room: the first "
    "screen of each lesson then holds its controls, its verdict, its key numbers and its "
    "main chart. Below it, a lesson's other parts open one at a time, as tabs, and the "
    "link remembers which is open.",
)
share_link()
