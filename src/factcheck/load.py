"""``load(table_id)``: a processed table as a typed DataFrame carrying its unit and provenance.

Reads only data/processed/ and data/manifest.json; never touches the network.
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from factcheck import catalog, manifest, paths
from factcheck.errors import DataError
from factcheck.tableio import read_csv_text, sha256
from factcheck.validate import check_table, typed


_LOADED: dict[str, None] = {}  # table ids loaded in this process, in order (see :func:`loaded`)


def loaded() -> list[str]:
    """The ids of the tables :func:`load` has returned in this process (a notebook's kernel), first load first."""
    return list(_LOADED)


def provenance(table_id: str) -> dict:
    """Where a table comes from: catalog entry, source, processed file, builder, inputs (URL, sha256)."""
    spec = catalog.table_spec(table_id)
    source = catalog.source_spec(spec["source"])
    entry = manifest.read()["tables"].get(table_id, {})
    return {
        "table": table_id,
        "title": spec["title"],
        "unit": spec["unit"],
        "frequency": spec["frequency"],
        "source": spec["source"],
        "source_title": source["title"],
        "publisher": source["publisher"],
        "licence": source["licence"],
        "file": f"data/processed/{table_id}.csv",
        "builder": source["builder"],
        "inputs": [{k: i[k] for k in ("name", "url", "sha256", "retrieved", "via")} for i in entry.get("inputs", [])],
        "notes": entry.get("notes", []),
    }


def load(table_id: str, processed: Path | None = None) -> pd.DataFrame:
    """The processed table ``table_id``, validated against the catalog, with typed columns.

    ``df.attrs`` holds ``unit`` and ``provenance`` (see :func:`provenance`).
    """
    spec = catalog.table_spec(table_id)
    path = Path(processed or paths.PROCESSED) / f"{table_id}.csv"
    where = f"table {table_id}: {paths.rel(path)}"
    if not path.is_file():
        raise DataError(f"{where}: not built yet (run `make data`)")
    text = check_table(read_csv_text(path, where), spec, where)
    recorded = manifest.read()["tables"].get(table_id, {}).get("output", {}).get("sha256")
    if path.parent == paths.COMMITTED and recorded and recorded != sha256(path):
        raise DataError(f"{where}: sha256 differs from the manifest (edited by hand? rebuild with `make data`)")
    df = typed(text, spec)
    df.attrs["unit"] = spec["unit"]
    df.attrs["provenance"] = provenance(table_id)
    _LOADED.setdefault(table_id)
    return df


def load_optional(table_id: str) -> pd.DataFrame | None:
    """Like :func:`load`, but None for a catalogued table that has not been built (online-only sources)."""
    path = paths.PROCESSED / f"{table_id}.csv"
    if not path.is_file():
        catalog.table_spec(table_id)  # an unknown id is still an error
        return None
    return load(table_id)


def publishers(table_ids: list[str]) -> list[str]:
    """The publishers of the tables, each once, in order."""
    out: list[str] = []
    for tid in table_ids:
        pub = catalog.source_spec(catalog.table_spec(tid)["source"])["publisher"]
        if pub not in out:
            out.append(pub)
    return out
