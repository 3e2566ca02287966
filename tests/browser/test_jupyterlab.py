"""Opening a notebook in JupyterLab and saving it, without editing, changes no byte (a real JupyterLab in
Chromium, with the kernel of this environment and the save hook `make` installs)."""
from __future__ import annotations

import difflib
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sitetools import PATHS

from factcheck.claims.verdicts import notebook_files

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
    port = _free_port()
    with open(tmp_path / "jupyterlab.log", "w") as log:  # the server keeps its own copy of the handle
        server = subprocess.Popen(
            [sys.executable, "-m", "jupyterlab", "--no-browser", "--allow-root", f"--port={port}", "--ip=127.0.0.1",
             "--IdentityProvider.token=", "--ServerApp.password=", f"--ServerApp.root_dir={root}",
             "--LabApp.news_url=", "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
             f"--LabApp.workspaces_dir={tmp_path / 'workspaces'}",
             f"--LabApp.user_settings_dir={tmp_path / 'settings'}"],
            cwd=root, stdout=subprocess.DEVNULL, stderr=log)
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
        diff = difflib.unified_diff(before.decode().splitlines(), saved.read_text().splitlines(), lineterm="")
        assert saved.read_bytes() == before, f"{nb.name}: saving in JupyterLab changed:\n" + "\n".join(list(diff)[:30])
