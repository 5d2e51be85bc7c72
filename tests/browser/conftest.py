"""Browser tests: the real app served by ``streamlit run``, driven in headless Chromium.

One server and one browser for the whole session (helpers shared with the
benchmarks: ``benchmarks/serve.py`` starts the server, ``benchmarks/browser.py``
drives the pages); every test gets a fresh tab, which is a fresh Streamlit
session. Where Chromium or Playwright is missing, every test here is skipped
with the reason.
"""

from __future__ import annotations

import pytest

from benchmarks.browser import AppPage, chromium, missing_browser, new_context
from benchmarks.serve import Server
from dashboard.nav import LESSONS, OVERVIEW

PAGES = (OVERVIEW, *LESSONS)  # the registry: pages added there are tested by themselves


def pytest_configure(config):
    config.addinivalue_line("markers", "browser: drives the served app in headless Chromium")


@pytest.fixture(scope="session")
def browser():
    reason = missing_browser()
    if reason:
        pytest.skip(reason)
    with chromium() as b:
        yield b


@pytest.fixture(scope="session")
def server(browser):
    with Server() as s:
        yield s
        assert s.alive(), f"the server died during the tests:\n{s.log()}"


@pytest.fixture(scope="session")
def browser_context(browser):
    """One browser profile for the session (its HTTP cache makes pages load faster)."""
    context = new_context(browser)
    yield context
    context.close()


@pytest.fixture(scope="session")
def bound(server):
    """bound(path) -> {URL parameter: widget label} for the widgets that page binds to the
    URL, read once per page from what the server sends (see benchmarks.load)."""
    from benchmarks.load import bound_params

    cache: dict[str, dict[str, str]] = {}

    def params(path: str) -> dict[str, str]:
        if path not in cache:
            cache[path] = bound_params(server, path)
        return cache[path]

    return params


@pytest.fixture
def app(browser_context, server):
    """A new tab (a new Streamlit session) on the served app; closed after the test."""
    page = AppPage.new(browser_context, server.url())
    yield page
    page.close()
