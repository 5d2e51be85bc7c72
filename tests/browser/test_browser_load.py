"""A small load test: several sessions at once, each must see its own numbers.

The full one is ``python -m benchmarks.load``; this one is short and asserts
correctness only (never how fast).
"""

from __future__ import annotations

import pytest

from benchmarks.load import run_load, run_socket_load

pytestmark = pytest.mark.browser


def test_concurrent_tabs_each_see_their_own_numbers(browser, server):
    report = run_load(browser, server, sessions=3, moves=2, time_limit=600)
    assert report.errors == []
    assert report.held == 3
    assert report.moves_served == report.moves_requested == 6
    assert report.rss_peak_mb is not None and report.rss_peak_mb < 2048
    assert server.alive()


def test_concurrent_websocket_sessions_each_see_their_own_numbers(server):
    report = run_socket_load(server, sessions=4, moves=3, time_limit=600)
    assert report.errors == []
    assert report.held == 4
    assert report.moves_served == report.moves_requested == 12
    assert server.alive()
