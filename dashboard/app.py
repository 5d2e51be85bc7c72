"""Entry point: ``streamlit run dashboard/app.py`` from the repository root.

The router only: page config, navigation, nothing else. Each lesson lives in
``lessons/`` and reads top to bottom as its story.
"""

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
