"""Overview: what the app teaches, and a link to each lesson."""

import streamlit as st

from dashboard import ui
from dashboard.nav import LESSONS

ui.page_setup(
    "How a neural network learns",
    "An interactive companion to a short deep-learning primer. A single artificial neuron "
    "is the whole cast: it takes an input, multiplies it by a **weight**, and calls the "
    "result its prediction. Turning the weight up or down is like turning a volume knob.\n\n"
    "**Learning** is the search for the weight that makes the prediction match the goal. "
    "The primer does it with *gradient descent*: measure the error, work out which way "
    "is downhill, and step that way, over and over. Each lesson below turns one idea into "
    "sliders you can drag and charts that redraw as you do."
)

st.subheader("Lessons")
for lesson in LESSONS:
    with st.container(border=True):
        st.page_link(lesson.file, label=lesson.title, icon=lesson.icon)
        st.caption(lesson.blurb)

st.caption(
    "Every slider is stored in the page's address, so copying the link shares exactly "
    "what you see. In front of a class, switch on **Classroom mode** in the sidebar (or add "
    "`?classroom=1` to a link) for type that reads from the back of the room."
)
