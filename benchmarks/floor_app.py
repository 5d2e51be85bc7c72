"""The framework's floor: one slider, one Altair chart, nothing else.

``python -m benchmarks`` serves this page beside the dashboard and moves its
slider the same way, so a lesson's slider-to-chart latency can be read as a
multiple of what Streamlit itself needs for the smallest possible page.
Run it alone with ``streamlit run benchmarks/floor_app.py``.
"""

import altair as alt
import pandas as pd
import streamlit as st

weight = st.slider("Weight", min_value=-2.0, max_value=2.0, value=0.5, step=0.01)
data = pd.DataFrame({"input": range(20)}).assign(prediction=lambda d: d["input"] * weight)
st.altair_chart(
    alt.Chart(data).mark_line(point=True).encode(x="input:Q", y="prediction:Q"),
    width="stretch",
)
