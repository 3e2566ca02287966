"""The committed notebooks read like articles: the verdict card first, short cells, no stdout walls or leaked
return values, a section for every claim; their metadata is what the pinned kernel reports, so saving one in
JupyterLab (through the hook `make` installs) changes no byte."""
from __future__ import annotations

import json
import re
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests
from jupyter_client import KernelManager

from factcheck import notebook as nbrun
from factcheck.claims import anchor, cards, ledger
from factcheck.claims.notebook_verdicts import notebook_files
from factcheck.paths import Paths

NOTEBOOKS = notebook_files(Paths.default())
RAW_FRAME = re.compile(r'class="dataframe"|<pandas\.|at 0x[0-9a-f]{6,}')


def _code_lines(cell) -> list[str]:
    return [line for line in "".join(cell["source"]).splitlines() if line.strip() and not line.strip().startswith("#")]


@pytest.fixture(scope="module", params=NOTEBOOKS, ids=lambda p: p.name[:2])
def notebook(request):
    return request.param, json.loads(request.param.read_text(encoding="utf-8"))


def _claims_of(path) -> set[str]:
    return {cid for cid, e in ledger()["claims"].items() if e["notebook"] == path.name}


def test_the_summary_card_comes_first(notebook):
    path, nb = notebook
    if not _claims_of(path):
        pytest.skip(f"{path.name} checks no claim")
    first = next(i for i, c in enumerate(nb["cells"]) for o in c.get("outputs", [])
                 if cards.MIMETYPE in o.get("data", {}))
    section = next(i for i, c in enumerate(nb["cells"]) if i and c["cell_type"] == "markdown"
                   and any(line.startswith("## ") for line in "".join(c["source"]).splitlines()))
    assert first < section, f"{path.name}: the first verdict card (cell {first}) comes after the first section"
    assert all(not c.get("outputs") for c in nb["cells"][:first]), f"{path.name}: output before the card"
    card = next(o["data"][cards.MIMETYPE] for o in nb["cells"][first]["outputs"] if cards.MIMETYPE in o.get("data", {}))
    assert card["card"] == "summary"


def test_summary_and_full_cards_cover_the_notebooks_claims_alike(notebook):
    path, nb = notebook
    found = {}
    for cell in nb["cells"]:
        for out in cell.get("outputs", []):
            card = out.get("data", {}).get(cards.MIMETYPE)
            if card:
                found[card["card"]] = {c["id"]: c["verdict"] for c in card["claims"]}
    mine = _claims_of(path)
    if not mine:
        assert not found, f"{path.name} checks no claim but shows a verdict card"
        return
    assert set(found) == {"summary", "full"} and found["summary"] == found["full"] and set(found["full"]) == mine


def test_every_claim_has_a_section_to_link_to(notebook):
    path, nb = notebook
    markdown = "\n\n".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "markdown")
    for cid, entry in ledger()["claims"].items():
        if entry["notebook"] == path.name:
            # the heading gives the anchor on GitHub and the site, the <a id> in JupyterLab
            assert re.search(rf'<a id="{re.escape(anchor(cid))}"></a>\s*#{{2,4}} {re.escape(entry["section"])}\n',
                             markdown), f"{path.name}: no section headed {entry['section']!r} for {cid}"


def test_cells_are_short_and_outputs_are_for_people(notebook):
    path, nb = notebook
    for i, cell in enumerate(nb["cells"]):
        if cell["cell_type"] != "code":
            text = "".join(cell["source"])
            assert "$" not in text, f"{path.name} cell {i}: '$' reads as maths (write &#36;)"
            for para in re.split(r"\n\s*\n", text):  # JupyterLab typesets a pair of dollars in one paragraph
                bare = para.count("&#36;") - para.count('<span class="mathjax_ignore">&#36;</span>')
                assert para.count("&#36;") < 2 or not bare, f"{path.name} cell {i}: two dollars in a paragraph " \
                    f"read as maths in JupyterLab (write <span class=\"mathjax_ignore\">&#36;</span>)"
            continue
        assert len(_code_lines(cell)) <= 12, f"{path.name} cell {i}: {len(_code_lines(cell))} lines of code"
        assert all(len(line) <= 100 for line in "".join(cell["source"]).splitlines()), f"{path.name} cell {i}"
        for out in cell.get("outputs", []):
            assert out.get("name") != "stderr", f"{path.name} cell {i}: stderr output: {''.join(out['text'])[:200]}"
            if out["output_type"] == "stream":
                assert len("".join(out["text"]).splitlines()) <= 12, f"{path.name} cell {i}: a wall of print output"
            text = "".join(out.get("data", {}).get("text/plain", ""))
            assert not text.lstrip().startswith("['figures/"), f"{path.name} cell {i}: a leaked return value"
            html = "".join(out.get("data", {}).get("text/html", ""))
            assert not RAW_FRAME.search(text + html), f"{path.name} cell {i}: a raw DataFrame or object repr"


@pytest.fixture(scope="module")
def kernel_language_info():
    """What the pinned kernel reports about itself (JupyterLab writes this into a notebook it opens)."""
    km = KernelManager(kernel_name="python3")
    km.start_kernel()
    try:
        client = km.client()
        client.start_channels()
        client.wait_for_ready(timeout=60)
        info = client.kernel_info(reply=True)["content"]["language_info"]
        client.stop_channels()
    finally:
        km.shutdown_kernel(now=True)
    return info


def test_committed_metadata_is_what_the_pinned_kernel_reports(kernel_language_info):
    expected = {"metadata": {"language_info": dict(kernel_language_info)}}
    nbrun.normalise(expected)
    for path in NOTEBOOKS:
        assert json.loads(path.read_text(encoding="utf-8"))["metadata"] == expected["metadata"], path.name


def test_saving_through_the_installed_jupyter_server_changes_no_byte(tmp_path, kernel_language_info):
    """A Jupyter server started from this environment (with the extension `make` enables) receives each
    notebook as JupyterLab sends it back, with the kernel's metadata, and writes the committed bytes."""
    config = Path(sys.prefix) / "etc/jupyter/jupyter_server_config.d/factcheck.json"
    assert config.is_file(), f"{config} is missing: `make` installs it"
    for path in NOTEBOOKS:
        shutil.copy(path, tmp_path / path.name)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = subprocess.Popen([sys.executable, "-m", "jupyter_server", "--allow-root", "--no-browser", f"--port={port}",
                               "--ServerApp.ip=127.0.0.1", "--IdentityProvider.token=",
                               "--ServerApp.disable_check_xsrf=True", f"--ServerApp.root_dir={tmp_path}"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for _ in range(200):
            try:
                requests.get(f"http://127.0.0.1:{port}/api/status", timeout=1)
                break
            except requests.ConnectionError:
                time.sleep(0.1)
        for path in NOTEBOOKS:
            url = f"http://127.0.0.1:{port}/api/contents/{path.name}"
            model = requests.get(url, timeout=30).json()
            model["content"]["metadata"]["language_info"] = kernel_language_info  # what JupyterLab sends back
            reply = requests.put(url, json={"type": "notebook", "format": "json", "content": model["content"]},
                                 timeout=30)
            assert reply.status_code == 200, reply.text
            assert (tmp_path / path.name).read_bytes() == path.read_bytes(), path.name
    finally:
        server.terminate()
        server.wait(timeout=30)
