"""``factcheck-run``: execute notebooks in place, with outputs that are the same on every run.

A notebook's metadata is what the kernel reports (as JupyterLab writes it), with the Python version cut to
major.minor, so opening and saving a notebook in JupyterLab changes no byte: this module is also a Jupyter
server extension (enabled by ``jupyter-config/factcheck.json``, which ``make`` and Binder install) whose save
hook, :func:`normalise_on_save`, applies the same rule to every save, autosaves included.
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

from factcheck import paths

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


def normalise_on_save(model: dict, **kwargs) -> None:
    """Jupyter server ``pre_save_hook``: normalise a Python notebook's metadata before it is written."""
    if model.get("type") == "notebook" and model.get("content"):
        if model["content"].get("metadata", {}).get("kernelspec", {}).get("language", "python") == "python":
            normalise(model["content"])


def _jupyter_server_extension_points() -> list[dict]:
    return [{"module": "factcheck.notebooks"}]


def _load_jupyter_server_extension(serverapp) -> None:
    """Register the save hook with the server's contents manager."""
    serverapp.contents_manager.register_pre_save_hook(normalise_on_save)


def execute(path: Path, timeout: int = 600, cwd: Path | None = None, allow_errors: bool = False) -> None:
    """Run every cell of ``path`` (in ``cwd``, default its own folder) and write it back, normalised."""
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(nb, timeout=timeout, kernel_name="python3", record_timing=False,
                            allow_errors=allow_errors, resources={"metadata": {"path": str(cwd or path.parent)}})
    client.execute()
    normalise(nb)
    nbformat.write(nb, path)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="factcheck-run", description=__doc__.splitlines()[0])
    parser.add_argument("notebooks", nargs="*", type=Path, help="default: every notebooks/*.ipynb")
    args = parser.parse_args(argv)
    targets = args.notebooks or sorted(paths.NOTEBOOKS.glob("*.ipynb"))
    for nb in targets:
        start = time.perf_counter()
        try:
            execute(Path(nb))
        except CellExecutionError as exc:
            print(f"error: {nb}: a cell failed: {exc.ename}: {exc.evalue}", file=sys.stderr)
            return 1
        print(f"executed {nb} in {time.perf_counter() - start:.1f} s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
