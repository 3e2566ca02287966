"""Executing a notebook so that its outputs are the same on every run, and keeping them so in JupyterLab.

:func:`execute_all` runs notebooks (in place, or into other files), several at once: one kernel per core. A
kernel's environment may redirect the project, tables and figures it reads and writes (FACTCHECK_ROOT,
FACTCHECK_PROCESSED, FACTCHECK_FIGURES). Reads and writes the notebooks it is given.

A notebook's metadata is what the kernel reports (as JupyterLab writes it), with the Python version cut to
major.minor, so opening and saving a notebook in JupyterLab changes no byte: this module is also a Jupyter
server extension (enabled by ``jupyter-config/factcheck.json``, which ``make`` and Binder install) whose save
hook, :func:`normalise_on_save`, applies the same rule to every save, autosaves included.
"""
from __future__ import annotations

import asyncio
import os
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError
from traitlets.config import Config

KERNEL = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}


def normalise(nb: dict) -> None:
    """In place: the kernelspec, the kernel's language_info with its version cut to major.minor, and no
    per-cell timing metadata."""
    info = dict(nb.get("metadata", {}).get("language_info") or {"name": "python"})
    if "version" in info:
        info["version"] = ".".join(str(info["version"]).split(".")[:2])
    nb["metadata"] = nbformat.from_dict({"kernelspec": KERNEL, "language_info": info})
    for cell in nb.get("cells", []):
        cell.get("metadata", {}).pop("execution", None)


def outputs(nb: dict, mimetype: str) -> list:
    """The data of every output of ``nb`` carrying ``mimetype``, in order."""
    return [o["data"][mimetype] for c in nb["cells"] for o in c.get("outputs", []) if mimetype in o.get("data", {})]


def normalise_on_save(model: dict, **kwargs) -> None:
    """Jupyter server ``pre_save_hook``: normalise a Python notebook's metadata before it is written."""
    content = model.get("content") if model.get("type") == "notebook" else None
    if content and content.get("metadata", {}).get("kernelspec", {}).get("language", "python") == "python":
        normalise(content)


def _jupyter_server_extension_points() -> list[dict]:
    return [{"module": "factcheck.notebook"}]


def _load_jupyter_server_extension(serverapp) -> None:
    """Register the save hook with the server's contents manager."""
    serverapp.contents_manager.register_pre_save_hook(normalise_on_save)


@dataclass(frozen=True)
class Run:
    """One notebook executed: which, how long it took, and the error that stopped it (None if none did)."""

    path: Path
    seconds: float
    error: str | None


async def _execute(path: Path, out: Path, env: dict[str, str], allow_errors: bool, timeout: int = 600) -> Run:
    """Run every cell of ``path`` in its own folder, in a kernel whose environment adds ``env`` to this process's,
    and write it, normalised, to ``out``."""
    start = time.perf_counter()
    nb = nbformat.read(path, as_version=4)
    with tempfile.TemporaryDirectory(prefix="factcheck-kernel-") as sockets:  # local sockets, not TCP on localhost
        config = Config({"KernelManager": {"transport": "ipc", "ip": os.path.join(sockets, "kernel")}})
        client = NotebookClient(nb, config=config, timeout=timeout, kernel_name="python3", record_timing=False,
                                allow_errors=allow_errors, resources={"metadata": {"path": str(Path(path).parent)}})
        try:
            await client.async_execute(env={**os.environ, **env})
        except CellExecutionError as exc:
            return Run(path, time.perf_counter() - start, f"a cell failed: {exc.ename}: {exc.evalue}")
    normalise(nb)
    nbformat.write(nb, out)
    return Run(path, time.perf_counter() - start, None)


def execute_all(notebooks: list[Path], outs: list[Path] | None = None, env: dict[str, str] | None = None,
                jobs: int | None = None, allow_errors: bool = False) -> list[Run]:
    """Execute ``notebooks`` (into ``outs``, default in place), ``jobs`` kernels at a time (default: one per core),
    largest first so that the longest runs start early; the results are in the order given. The outputs are the
    same as one by one: each notebook has its own kernel and writes its own figures. One process drives every
    kernel (nbclient's asyncio API), so no worker process is started."""
    paths = [Path(nb) for nb in notebooks]
    outs = [Path(o) for o in (outs or paths)]
    order = sorted(range(len(paths)), key=lambda i: -paths[i].stat().st_size)
    slots = max(1, min(jobs or os.cpu_count() or 1, len(paths)))
    extra = dict(env or {})

    async def run_all() -> list[Run]:
        limit = asyncio.Semaphore(slots)

        async def one(i: int) -> Run:
            async with limit:
                return await _execute(paths[i], outs[i], extra, allow_errors)
        done = dict(zip(order, await asyncio.gather(*(one(i) for i in order))))
        return [done[i] for i in range(len(paths))]
    return asyncio.run(run_all())
