"""Fixtures for the browser tests: the built site served on 127.0.0.1, and Debian's Chromium driven through
Playwright's Python API (no browser is downloaded). Without Chromium or Playwright every test here is skipped, and
without a built site every test of the site, each with one line that says what to do."""
from __future__ import annotations

import functools
import http.server
import importlib.util
import threading
from pathlib import Path

import pytest
from sitetools import ARGS, SITE, VIEWPORT, chromium_path


def pytest_collection_modifyitems(config, items):
    if chromium_path() is None:
        reason = "Chromium not found: install Debian's package (apt-get install chromium) or set CHROMIUM=/path/to/it"
    elif importlib.util.find_spec("playwright") is None:
        reason = "Playwright is not installed: run `make test-browser` (it installs requirements-site.txt)"
    else:
        return
    for item in items:
        if item.path.parent == Path(__file__).parent:
            item.add_marker(pytest.mark.skip(reason=reason))


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="session")
def site_url():
    """The built site (run `make site` first), served from a thread on a free loopback port."""
    if not (SITE / "index.html").is_file():
        pytest.skip("the site is not built: run `make site` (or `make test-browser`, which builds it)")
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(SITE)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=chromium_path(), args=ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport=VIEWPORT)
    page = context.new_page()
    yield page
    context.close()
