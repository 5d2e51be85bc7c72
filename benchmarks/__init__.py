"""Performance figures for the primer dashboard: ``python -m benchmarks`` prints them.

- ``__main__``: the one table (reruns, slider-to-chart against a floor app, Keras,
  cold start, memory, load);
- ``load``: the load test, also alone as ``python -m benchmarks.load``;
- ``keras_bench``: the Keras lesson's cached model against a fresh one;
- ``serve`` and ``browser``: start the app and drive it in Chromium (shared with
  the browser tests in ``tests/browser``);
- ``floor_app``: the smallest page (one slider, one chart), the framework's floor.
"""
