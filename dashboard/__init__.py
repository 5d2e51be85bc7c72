"""The Streamlit dashboard: a router (app.py), one file per lesson, shared controls and charts."""
