"""Whether a notebook needs running again (``make run`` runs only those that do; ``FORCE=1`` runs all).

A notebook is current when nothing its last run depended on has changed and its outputs and figures are those that
run wrote. What it depends on, as one content hash: its code cells; the tables it read (the ids its datasets table
lists, each table's file and manifest entry); the documents every notebook reads (catalog, claims ledger, source
policy and their schemas, data/set_aside_check.json); the package's source (but the publishing layer, which no
notebook imports); the pinned requirements and the Python version. Reads those files; writes one record per
notebook under .factcheck-cache/run/ (kept out of git).
"""
from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path

from factcheck.charts.chart import FORMATS
from factcheck.charts.chart import MIMETYPE as FIGURE
from factcheck.charts.tables import DatasetsTable
from factcheck.data import catalog, manifest
from factcheck.errors import DataError
from factcheck.notebook import outputs
from factcheck.paths import Paths

PACKAGE = Path(__file__).resolve().parents[1]
SHARED = ("sources.yaml", "claims.yaml", "source_policy.yaml", "sources.schema.json", "claims.schema.json",
          "source_policy.schema.json", "set_aside_check.json")


def _digest(parts) -> str:
    h = hashlib.sha256()
    for part in parts:
        h.update(part if isinstance(part, bytes) else str(part).encode("utf-8"))
        h.update(b"\0")
    return h.hexdigest()


def _file(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else "missing"


def tables_read(nb: dict, paths: Paths) -> list[str]:
    """The tables the notebook's last run read, from its datasets table; every table in the manifest if it has
    none."""
    listed = [t for shown in outputs(nb, DatasetsTable.MIMETYPE) for t in shown["datasets"]]
    return sorted(set(listed)) if listed else sorted(manifest.read(paths)["tables"])


def figures_written(nb: dict, paths: Paths) -> list[Path]:
    """The figure files the notebook's charts wrote (each layout in its formats)."""
    files = {f"{layout['file']}{suffix}" for shown in outputs(nb, FIGURE)
             for name, layout in shown.get("layouts", {}).items() for suffix in FORMATS[name]}
    return [paths.figures / f for f in sorted(files)]


def inputs_key(notebook: Path, paths: Paths) -> str:
    """The content hash of everything a run of ``notebook`` depends on (see the module's docstring)."""
    nb = json.loads(notebook.read_text(encoding="utf-8"))
    parts: list = ["code", *("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "code")]
    entries = manifest.read(paths)["tables"]
    for table in tables_read(nb, paths):
        try:
            where = catalog.table_file(table, paths)
        except DataError:
            where = paths.processed / f"{table}.csv"  # a table the catalog no longer has: its run is stale
        parts += ["table", table, _file(where), json.dumps(entries.get(table), sort_keys=True)]
    parts += [x for name in SHARED for x in ("doc", name, _file(paths.data / name))]
    parts += [x for f in sorted(PACKAGE.rglob("*")) if f.is_file() and "__pycache__" not in f.parts
              and f.relative_to(PACKAGE).parts[0] != "publish"  # no notebook imports the publishing layer
              for x in ("package", f.relative_to(PACKAGE).as_posix(), _file(f))]
    parts += ["environment", _file(paths.root / "requirements.txt"), sys.version]
    return _digest(parts)


def _produced(notebook: Path, paths: Paths) -> dict:
    """What the run left: the hash of the notebook's code cells with their outputs, and of each figure."""
    nb = json.loads(notebook.read_text(encoding="utf-8"))
    cells = [json.dumps([c["source"], c.get("outputs", [])], sort_keys=True) for c in nb["cells"]
             if c["cell_type"] == "code"]
    return {"outputs": _digest(cells),
            "figures": {paths.rel(f): _file(f) for f in figures_written(nb, paths)}}


def record_path(notebook: Path, paths: Paths) -> Path:
    return paths.root / ".factcheck-cache" / "run" / f"{Path(notebook).stem}.json"


def record(notebook: Path, paths: Paths) -> None:
    """After a successful run: what it depended on and what it produced."""
    out = record_path(notebook, paths)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps({"inputs": inputs_key(notebook, paths), **_produced(notebook, paths)}, indent=1),
                   encoding="utf-8")


def forget(notebook: Path, paths: Paths) -> None:
    """After a failed run: the notebook runs next time whatever changed."""
    record_path(notebook, paths).unlink(missing_ok=True)


def is_current(notebook: Path, paths: Paths) -> bool:
    """Whether ``notebook`` was run (by ``factcheck-run``) on exactly its present inputs, and its outputs and
    figures are still those that run wrote."""
    try:
        saved = json.loads(record_path(notebook, paths).read_text(encoding="utf-8"))
        return saved == {"inputs": inputs_key(notebook, paths), **_produced(notebook, paths)}
    except (OSError, ValueError, KeyError, DataError):
        return False
