"""The source catalog (data/sources.yaml, its JSON schema data/sources.schema.json): every source (who publishes it, its
licence, how it is fetched and which builder reads it), every table it builds (each table names its source: the link
is recorded once), the provenance columns every curated table ends with (defined once, ``definitions.provenance``),
each daily input's rules and the consistency checks. Reads data/sources.yaml; writes nothing.
"""
from __future__ import annotations

import re
from pathlib import Path

from factcheck import yamldoc
from factcheck.errors import DataError
from factcheck.paths import Paths


def _complete(doc: dict, where: str) -> None:
    """Check the links between the catalog's parts, and give each curated table its provenance columns."""
    for tid, table in doc["tables"].items():
        if table["source"] not in doc["sources"]:
            raise DataError(f"{where}: table {tid} names source {table['source']}, which the catalog lacks")
        if table.get("provenance"):
            table["columns"] = {**table["columns"], **doc["definitions"]["provenance"]}
        for col in table.get("key", []) + [table.get("date_column", table.get("key", [None])[0])]:
            if col is not None and col not in table["columns"]:
                raise DataError(f"{where}: table {tid}: key column {col} is not declared")
    for sid in doc["sources"]:
        if not any(t["source"] == sid for t in doc["tables"].values()):
            raise DataError(f"{where}: source {sid} builds no table")
    for check in doc.get("checks", []):
        for table, columns in _check_references(check):
            if table not in doc["tables"]:
                raise DataError(f"{where}: check {check['id']}: no table {table}")
            unknown = sorted(set(columns) - set(doc["tables"][table]["columns"]))
            if unknown:
                raise DataError(f"{where}: check {check['id']}: table {table} has no column {', '.join(unknown)}")


def _check_references(check: dict) -> list[tuple[str, list[str]]]:
    """The (table, columns) pairs a consistency check reads."""
    names = re.findall(r"[A-Za-z_]\w*", check.get("formula", ""))
    columns = [n for n in names if n != "abs"] + check.get("by", []) + check.get("columns", [])
    columns += [c for pair in check.get("pairs", {}).items() for c in pair]
    excepted = [c for exc in check.get("exceptions", []) for c in exc["where"]]
    refs = [(check["table"], columns + excepted)] if "table" in check else []
    refs += [(check[k]["table"], [check[k]["column"]] + ([check[k]["month"]] if "month" in check[k] else []))
             for k in ("months", "periods") if k in check]
    if "table" not in check:  # a sum or mean: its exceptions name columns of the period table
        refs.append((check["periods"]["table"], excepted))
    return refs


def catalog(paths: Paths | None = None) -> dict:
    """The validated catalog: ``definitions``, ``sources``, ``tables`` (columns complete) and ``checks``."""
    paths = paths or Paths.default()
    shown_as = paths.rel(paths.catalog)
    return yamldoc.read(paths.catalog, "catalog", shown_as, lambda doc: _complete(doc, f"catalog {shown_as}"))


def table_spec(table_id: str, paths: Paths | None = None) -> dict:
    """The catalog entry of one table."""
    tables = catalog(paths)["tables"]
    if table_id not in tables:
        raise DataError(f"unknown table {table_id!r}; the catalog lists: {', '.join(sorted(tables))}")
    return tables[table_id]


def source_spec(source_id: str, paths: Paths | None = None) -> dict:
    """The catalog entry of one source."""
    sources = catalog(paths)["sources"]
    if source_id not in sources:
        raise DataError(f"unknown source {source_id!r}; the catalog lists: {', '.join(sorted(sources))}")
    return sources[source_id]


def tables_of(source_id: str, paths: Paths | None = None) -> list[str]:
    """The tables a source builds, in catalog order."""
    return [tid for tid, t in catalog(paths)["tables"].items() if t["source"] == source_id]


def is_curated(table_id: str, paths: Paths | None = None) -> bool:
    return source_spec(table_spec(table_id, paths)["source"], paths)["fetch"] == "curated"


def curated_tables(paths: Paths | None = None) -> list[str]:
    """The tables compiled by hand (data/curated/), in catalog order."""
    return [t for t in catalog(paths)["tables"] if is_curated(t, paths)]


def table_file(table_id: str, paths: Paths | None = None) -> Path:
    """Where a table is read from: a curated table where it is kept (data/curated/), a built one from the
    processed folder in use."""
    paths = paths or Paths.default()
    source = source_spec(table_spec(table_id, paths)["source"], paths)
    if source["fetch"] == "curated":
        return paths.root / next(f["path"] for f in source["files"] if f["name"] == table_id)
    return paths.processed / f"{table_id}.csv"
