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
        "inputs": [{k: i[k] for k in ("url", "sha256", "retrieved", "via")} for i in entry.get("inputs", [])],
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
    return df


def load_optional(table_id: str) -> pd.DataFrame | None:
    """Like :func:`load`, but None for a catalogued table that has not been built (online-only sources)."""
    path = paths.PROCESSED / f"{table_id}.csv"
    if not path.is_file():
        catalog.table_spec(table_id)  # an unknown id is still an error
        return None
    return load(table_id)


def source_line(*table_ids: str, extra: str = "") -> str:
    """A chart's source line: publishers, then the dataset ids a reader can look up in data/sources.yaml."""
    publishers = []
    for tid in table_ids:
        pub = catalog.source_spec(catalog.table_spec(tid)["source"])["publisher"]
        if pub not in publishers:
            publishers.append(pub)
    text = "Source: " + "; ".join(publishers)
    if extra:
        text += f". {extra}"
    return text + f". Data: {', '.join(table_ids)} (data/processed/, see data/sources.yaml)"


def sources_table(*table_ids: str) -> pd.DataFrame:
    """For each table: what it is, its file, its builder and the URLs it was built from."""
    rows = []
    for tid in table_ids:
        p = provenance(tid)
        rows.append({"table": tid, "title": p["title"], "unit": p["unit"], "file": p["file"],
                     "builder": p["builder"], "inputs": " | ".join(i["url"] for i in p["inputs"])})
    return pd.DataFrame(rows).set_index("table")
