"""Performance figures for the primer dashboard: ``python -m benchmarks`` prints them.

- ``__main__``: the one table of issue 10's targets (server CPU per rerun and
  key press to chart, each against the floor page; the paced class; memory under
  a cap; cold start and the first visit to /keras);
- ``load``: the load test and the paced class, also alone as
  ``python -m benchmarks.load``;
- ``session``: a Streamlit session over the websocket without a browser (why it
  is hand-written: its docstring);
- ``serve``: start a server (the app, or the floor page with default settings),
  read its CPU time and memory, cap its memory with a cgroup;
- ``browser``: drive pages in Chromium, screenshots and layout checks (shared
  with the browser tests in ``tests/browser``);
- ``floor_app``: the smallest page (one slider, one chart), Streamlit's floor.
"""
