"""Entry point: ``streamlit run dashboard/app.py`` from the repository root.

The router only: page config, navigation, and one warm-up. Each lesson lives in
``lessons/`` and reads top to bottom as its story.

The warm-up: once the first page has been served, TensorFlow starts importing in a
background thread, so a class that reaches /keras or /deep a few minutes later finds it
ready (measured: /keras drew its charts in 12.6 s instead of 23 s on a busy machine; cold
start and every other page's rerun no slower). It costs memory from the first page on,
about 640 MB of resident memory instead of 166 MB, still under Community Cloud's 690 MB
with every page and Keras choice visited (see the README's Performance section). On a
host with less memory, set PRIMER_PRELOAD_TENSORFLOW=0 and TensorFlow loads only when a
Keras part is first shown.
"""

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # so `import primer` and `import dashboard` work from any cwd
    sys.path.insert(0, str(ROOT))

import streamlit as st  # noqa: E402

from dashboard.nav import LESSONS, OVERVIEW  # noqa: E402

st.set_page_config(
    page_title="How a neural network learns",
    page_icon=":material/neurology:",
    layout="wide",
)

pages = [
    st.Page(lesson.file, title=lesson.title, icon=lesson.icon, url_path=lesson.url_path or None,
            default=lesson is OVERVIEW)
    for lesson in (OVERVIEW, *LESSONS)
]
st.navigation(pages, position="top").run()

PRELOAD_DELAY_S = 15.0

if os.environ.get("PRIMER_PRELOAD_TENSORFLOW", "1") != "0":
    from primer.keras_lesson import preload  # noqa: E402  (imports no TensorFlow itself)

    # idempotent: the first finished page starts the wait, later runs return at once. The
    # delay lets the browser finish drawing that first page: measured alternately with
    # `python -m benchmarks --only cold`, an import started at once took cold start -> first
    # chart of /descent from 7.5-9.6 s to 12.0-13.4 s. /keras and /deep's Keras part start
    # it at once when they need it.
    preload(delay=PRELOAD_DELAY_S)
