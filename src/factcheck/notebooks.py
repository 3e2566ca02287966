"""``factcheck-run``: execute notebooks in place, with outputs that are the same on every run."""
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


def execute(path: Path, timeout: int = 600, cwd: Path | None = None, allow_errors: bool = False) -> None:
    """Run every cell of ``path`` (in ``cwd``, default its own folder) and write it back, without timing metadata."""
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(nb, timeout=timeout, kernel_name="python3", record_timing=False,
                            allow_errors=allow_errors, resources={"metadata": {"path": str(cwd or path.parent)}})
    client.execute()
    nb.metadata = nbformat.from_dict({"kernelspec": KERNEL, "language_info": {"name": "python"}})
    for cell in nb.cells:
        cell.metadata.pop("execution", None)
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
