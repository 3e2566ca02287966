"""``load(table_id)``: a table as a typed DataFrame carrying its unit and provenance; what notebooks read.

Reads the catalog, the manifest of the processed folder in use, and the table's file: a built table from that
folder, a curated one where it is kept (data/curated/). A file whose sha256 differs from the manifest (edited
since the last build) is refused. Never touches the network; writes nothing.
"""
from __future__ import annotations

import pandas as pd

from factcheck.data import catalog, manifest
from factcheck.data.csvio import read_csv_text, sha256
from factcheck.data.validation import check_table, typed
from factcheck.errors import DataError
from factcheck.paths import Paths

_LOADED: dict[str, None] = {}  # table ids loaded in this process, in order (see :func:`loaded`)


def loaded() -> list[str]:
    """The ids of the tables :func:`load` has returned in this process (a notebook's kernel), first load first."""
    return list(_LOADED)


def provenance(table_id: str, paths: Paths | None = None) -> dict:
    """Where a table comes from: catalog entry, source, file, builder, inputs (URL, sha256, when retrieved)."""
    paths = paths or Paths.default()
    spec = catalog.table_spec(table_id, paths)
    source = catalog.source_spec(spec["source"], paths)
    entry = manifest.read(paths)["tables"].get(table_id)
    if entry is None:
        raise DataError(f"table {table_id}: not in {paths.rel(paths.manifest)} (run `make data`)")
    return {
        "table": table_id,
        "title": spec["title"],
        "unit": spec["unit"],
        "frequency": spec["frequency"],
        "source": spec["source"],
        "source_title": source["title"],
        "publisher": source["publisher"],
        "licence": source["licence"],
        "file": entry["output"]["path"],
        "builder": source["builder"],
        "inputs": [{k: i[k] for k in ("name", "url", "sha256", "retrieved", "via")} for i in entry["inputs"]],
        "notes": entry.get("notes", []),
    }


def load(table_id: str, paths: Paths | None = None) -> pd.DataFrame:
    """The table ``table_id``, validated against the catalog and the manifest, with typed columns.

    ``df.attrs`` holds ``unit`` and ``provenance`` (see :func:`provenance`).
    """
    paths = paths or Paths.default()
    spec = catalog.table_spec(table_id, paths)
    path = catalog.table_file(table_id, paths)
    where = f"table {table_id}: {paths.rel(path)}"
    if not path.is_file():
        raise DataError(f"{where}: not built yet (run `make data`)")
    prov = provenance(table_id, paths)
    if manifest.read(paths)["tables"][table_id]["output"]["sha256"] != sha256(path):
        raise DataError(f"{where}: differs from {paths.rel(paths.manifest)} (edited since the last build?): run "
                        f"`make data` to check and record it")
    df = typed(check_table(read_csv_text(path, where), spec, where), spec)
    df.attrs["unit"] = spec["unit"]
    df.attrs["provenance"] = prov
    _LOADED.setdefault(table_id)
    return df


def publishers(table_ids: list[str], paths: Paths | None = None) -> list[str]:
    """The publishers of the tables, each once, in order."""
    out: list[str] = []
    for tid in table_ids:
        pub = catalog.source_spec(catalog.table_spec(tid, paths)["source"], paths)["publisher"]
        if pub not in out:
            out.append(pub)
    return out
