"""The notebooks in a real JupyterLab (in Chromium, with the kernel of this environment and the save hook `make`
installs), as a researcher or a Binder user meets them: no dollar amount typeset as maths in any markdown cell,
"Run All" runs every notebook without an error, and opening and saving a notebook, without editing, changes no
byte."""
from __future__ import annotations

import difflib
import json
import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sitetools import PATHS

from factcheck.claims.notebook_verdicts import notebook_files

CONFIG = Path(sys.prefix) / "etc/jupyter/jupyter_server_config.d/factcheck.json"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def jupyterlab(tmp_path):
    """JupyterLab serving a copy of notebooks/, as `make lab` starts it."""
    if not CONFIG.is_file():
        pytest.fail(f"{CONFIG} is missing: `make` installs it (the hook that keeps saved notebooks unchanged)")
    root = tmp_path / "notebooks"
    shutil.copytree(PATHS.notebooks, root)
    settings = tmp_path / "settings" / "@jupyterlab" / "notebook-extension"
    settings.mkdir(parents=True)  # render every cell at once (no windowing), so that every cell can be checked
    (settings / "tracker.jupyterlab-settings").write_text(json.dumps({"windowingMode": "none"}))
    env = {**os.environ, "FACTCHECK_FIGURES": str(tmp_path / "figures")}  # Run All draws its charts there
    port = _free_port()
    with open(tmp_path / "jupyterlab.log", "w") as log:  # the server keeps its own copy of the handle
        server = subprocess.Popen(
            [sys.executable, "-m", "jupyterlab", "--no-browser", "--allow-root", f"--port={port}", "--ip=127.0.0.1",
             "--IdentityProvider.token=", "--ServerApp.password=", f"--ServerApp.root_dir={root}",
             "--LabApp.news_url=", "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
             "--LabApp.expose_app_in_browser=True",  # window.jupyterapp: the tests ask it whether the kernel is ready
             f"--LabApp.workspaces_dir={tmp_path / 'workspaces'}",
             f"--LabApp.user_settings_dir={tmp_path / 'settings'}"],
            cwd=root, env=env, stdout=subprocess.DEVNULL, stderr=log)
    deadline = time.monotonic() + 60
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            break
        except OSError:
            if time.monotonic() > deadline or server.poll() is not None:
                server.kill()
                pytest.fail("JupyterLab did not start")
            time.sleep(0.3)
    yield f"http://127.0.0.1:{port}", root
    server.terminate()
    server.wait(timeout=30)


def _settled(path, seconds: float = 30) -> bytes:
    """The file's bytes once the save has finished: a whole JSON document, unchanged for half a second."""
    deadline, last = time.monotonic() + seconds, None
    while time.monotonic() < deadline:
        data = path.read_bytes()
        if data == last:
            try:
                json.loads(data)
                return data
            except ValueError:
                pass
        last = data
        time.sleep(0.5)
    return path.read_bytes()


def test_open_and_save_in_jupyterlab_leaves_every_notebook_unchanged(page, jupyterlab):
    url, root = jupyterlab
    for nb in notebook_files(PATHS):
        saved = root / nb.name
        before, mtime = saved.read_bytes(), saved.stat().st_mtime_ns
        page.goto(f"{url}/lab/tree/{nb.name}?reset")  # a fresh workspace: this notebook alone
        page.wait_for_selector(".jp-Notebook", timeout=60_000)
        page.wait_for_selector(".jp-Notebook-ExecutionIndicator[data-status='idle']", timeout=60_000)
        page.locator(".jp-Notebook").first.click()
        page.keyboard.press("Control+s")
        deadline = time.monotonic() + 30
        while saved.stat().st_mtime_ns == mtime and time.monotonic() < deadline:
            time.sleep(0.2)
        assert saved.stat().st_mtime_ns != mtime, f"{nb.name}: JupyterLab did not save"
        after = _settled(saved)
        diff = difflib.unified_diff(before.decode().splitlines(), after.decode().splitlines(), lineterm="")
        assert after == before, f"{nb.name}: saving in JupyterLab changed:\n" + "\n".join(list(diff)[:30])


MATH = ".jp-Notebook mjx-container, .jp-Notebook .MathJax"  # in markdown cells and in outputs
ERRORS = ".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr']"


def _open(page, url: str, name: str) -> None:
    page.goto(f"{url}/lab/tree/{name}?reset")
    page.wait_for_selector(".jp-Notebook", timeout=60_000)
    page.wait_for_selector(".jp-Notebook-ExecutionIndicator[data-status='idle']", timeout=60_000)
    page.wait_for_timeout(1500)  # MathJax typesets after the cells render


def test_no_dollar_amount_is_typeset_as_maths_in_jupyterlab(page, jupyterlab):
    url, root = jupyterlab
    (root / "maths.ipynb").write_text(json.dumps({  # the detector finds maths where there is some
        "cells": [{"cell_type": "markdown", "metadata": {}, "source": "It cost $29 billion and $30 billion."}],
        "metadata": {}, "nbformat": 4, "nbformat_minor": 5}))
    _open(page, url, "maths.ipynb")
    assert page.locator(MATH).count() >= 1, "the maths detector found nothing in a cell with two dollar signs"
    found = {}
    for nb in notebook_files(PATHS):
        _open(page, url, nb.name)
        cells = json.loads(nb.read_text(encoding="utf-8"))["cells"]
        assert page.locator(".jp-MarkdownCell").count() == sum(c["cell_type"] == "markdown" for c in cells)
        found[nb.name] = page.locator(MATH).count()
    print(f"\nmaths elements in markdown cells and outputs, by notebook: {found}")
    assert not any(found.values()), found


PROMPTS = "[...document.querySelectorAll('.jp-CodeCell .jp-InputPrompt')].map(e => e.textContent.trim())"
KERNEL_READY = """async () => {
    const session = window.jupyterapp.shell.currentWidget.sessionContext;
    await session.ready;
    const kernel = session.session?.kernel;
    return kernel?.connectionStatus === 'connected' && kernel.status === 'idle';
}"""
STARTED = f"{PROMPTS}.some(p => p !== '[ ]:')"
SETTLED = (f"!{PROMPTS}.includes('[*]:') && "
           "document.querySelector('.jp-Notebook-ExecutionIndicator').dataset.status === 'idle'")
NUMBERED = r"(p => p.length > 0 && p.every(t => /^\[\d+\]:$/.test(t)))" + f"({PROMPTS})"


def _run_all(page, name: str, attempts: int = 4) -> None:
    """Run > Run All Cells on a notebook cleared of its outputs, once its kernel is connected and idle, until every
    code cell has run: under load JupyterLab may drop a menu click, or run before its kernel is ready and clear the
    prompts again. Clearing first means that numbered prompts can only come from this run."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout  # installed with the site's requirements

    page.wait_for_function(KERNEL_READY, timeout=120_000)
    page.evaluate("window.jupyterapp.commands.execute('notebook:clear-all-cell-outputs')")
    page.wait_for_function(f"!({STARTED})", timeout=30_000)
    for _ in range(attempts):
        page.keyboard.press("Escape")
        page.get_by_role("menuitem", name="Run", exact=True).click()
        page.get_by_role("menuitem", name="Run All Cells", exact=True).click()
        try:
            page.wait_for_function(STARTED, timeout=30_000)
        except PlaywrightTimeout:
            continue
        page.wait_for_function(SETTLED, timeout=180_000, polling=500)
        if page.evaluate(NUMBERED):
            return
        page.wait_for_function(KERNEL_READY, timeout=120_000)
    pytest.fail(f"{name}: Run All Cells did not run every cell in {attempts} attempts")


def test_run_all_runs_every_notebook_without_an_error(page, jupyterlab):
    url, _ = jupyterlab
    for nb in notebook_files(PATHS):
        _open(page, url, nb.name)
        _run_all(page, nb.name)
        cells = json.loads(nb.read_text(encoding="utf-8"))["cells"]
        assert len(page.evaluate(PROMPTS)) == sum(c["cell_type"] == "code" for c in cells), nb.name
        errors = page.locator(ERRORS).all_inner_texts()
        assert not errors, f"{nb.name}: {errors[0][:500]}"
