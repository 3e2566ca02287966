"""The source catalog (data/sources.yaml): every source (who publishes it, its licence, how it is fetched and
which builder reads it), every table it builds (each table names its source: the link is recorded once), the
provenance columns every curated table ends with (defined once, ``definitions.provenance``), each daily input's
rules and the consistency checks. Reads data/sources.yaml; writes nothing.
"""
from __future__ import annotations

import re
from pathlib import Path

from factcheck import yamldoc
from factcheck.errors import DataError
from factcheck.paths import Paths

_COLUMN = {
    "type": "object",
    "required": ["type"],
    "additionalProperties": False,
    "properties": {
        "type": {"enum": ["date", "month", "year", "partial_date", "int", "float", "str", "bool"]},
        "required": {"type": "boolean"},
        "min": {"type": "number"},
        "max": {"type": "number"},
        "values": {"type": "array"},
        "decimals": {"type": "integer", "minimum": 0},
        "unit": {"type": "string"},
        "description": {"type": "string"},
    },
}
_FILE = {
    "type": "object",
    "required": ["name"],
    "additionalProperties": False,
    "properties": {
        "name": {"type": "string", "pattern": r"^[A-Za-z0-9_=][A-Za-z0-9_.=-]*$"},
        "url": {"type": "string", "pattern": "^https://"},
        "mirror": {"type": "string"},
        "path": {"type": "string"},
        "landing": {"type": "string"},
        "ticker": {"type": "string"},
        "note": {"type": "string"},
        "sha256": {"type": "string", "pattern": "^[0-9a-f]{64}$", "description": "pinned: an immutable input"},
        "max_mb": {"type": "number", "exclusiveMinimum": 0},
        "captured": {"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}$",
                     "description": "the day a mirror copy was downloaded: its rows of that day may be unfinished"},
    },
}
_INPUT_RULES = {  # what a builder checks in the daily series it reads (see factcheck.data.checks.InputRules)
    "type": "object",
    "additionalProperties": False,
    "properties": {
        "sign": {"enum": ["positive", "non-negative", "any"]},
        "min": {"type": "number"},
        "max": {"type": "number"},
        "future_days": {"type": "integer", "minimum": 0},
        "max_gap_days": {"type": "integer", "minimum": 1},
        "why": {"type": "string"},
    },
    "required": ["sign", "why"],
}
_REASON = {"why": {"type": "string"}}
_TICK_RULES = {  # which daily closes a builder leaves out as bad ticks (see factcheck.data.builders.yahoo)
    "type": "object",
    "additionalProperties": False,
    "properties": {
        "outside_range": {"type": "object", "required": ["beyond", "why"], "additionalProperties": False,
                          "properties": {"beyond": {"type": "number", "exclusiveMinimum": 0}, **_REASON}},
        "spike": {"type": "object", "required": ["jump", "neighbours_within", "why"], "additionalProperties": False,
                  "properties": {"jump": {"type": "number", "exclusiveMinimum": 0},
                                 "neighbours_within": {"type": "number", "exclusiveMinimum": 0}, **_REASON}},
        "closed_days": {"type": "object", "required": ["days", "why"], "additionalProperties": False,
                        "properties": {"days": {"type": "array", "minItems": 1,
                                                "items": {"type": "string", "pattern": r"^\d{2}-\d{2}$"}},
                                       **_REASON}},
    },
}
_COLUMN_REF = {"type": "object", "required": ["table", "column"], "additionalProperties": False,
               "properties": {"table": {"type": "string"}, "column": {"type": "string"}, "month": {"type": "string"}}}
_CHECK = {
    "type": "object",
    "required": ["id", "what", "kind"],
    "additionalProperties": False,
    "properties": {
        "id": {"type": "string", "pattern": r"^[a-z0-9-]+$"},
        "what": {"type": "string"},
        "kind": {"enum": ["row", "agree", "sum", "mean", "year_on_year"]},
        "table": {"type": "string"},
        "formula": {"type": "string", "pattern": "^[^=]+=[^=]+$"},
        "by": {"type": "array", "items": {"type": "string"}},
        "columns": {"type": "array", "items": {"type": "string"}},
        "pairs": {"type": "object", "additionalProperties": {"type": "string"}},
        "shift": {"type": "array", "items": {"type": "string"}},
        "months": _COLUMN_REF,
        "periods": _COLUMN_REF,
        "trading_days": {"type": "object", "required": ["market", "holidays", "source"], "additionalProperties": False,
                         "properties": {"market": {"type": "string"}, "source": {"type": "string"},
                                        "holidays": {"type": "array", "minItems": 1}}},  # YAML dates
        "allowance": {"type": "object", "required": ["value", "why"], "additionalProperties": False,
                      "properties": {"value": {"type": "number", "minimum": 0}, "why": {"type": "string"}}},
        "exceptions": {"type": "array", "items": {
            "type": "object", "required": ["where", "reason"], "additionalProperties": False,
            "properties": {"where": {"type": "object", "minProperties": 1}, "reason": {"type": "string"}}}},
    },
    "allOf": [
        {"if": {"properties": {"kind": {"enum": ["row"]}}}, "then": {"required": ["table", "formula"]}},
        {"if": {"properties": {"kind": {"enum": ["agree"]}}}, "then": {"required": ["table", "by", "columns"]}},
        {"if": {"properties": {"kind": {"enum": ["sum"]}}}, "then": {"required": ["months", "periods"]}},
        {"if": {"properties": {"kind": {"enum": ["mean"]}}},
         "then": {"required": ["months", "periods", "trading_days"]}},
        {"if": {"properties": {"kind": {"enum": ["year_on_year"]}}}, "then": {"required": ["table", "by", "pairs"]}},
    ],
}
SCHEMA = {
    "type": "object",
    "required": ["definitions", "sources", "tables"],
    "additionalProperties": False,
    "properties": {
        "definitions": {"type": "object", "required": ["provenance"], "properties": {
            "provenance": {"type": "object", "additionalProperties": _COLUMN, "minProperties": 1},
            "curated_source": {"type": "object"}}},  # merged into curated sources with a YAML anchor
        "checks": {"type": "array", "items": _CHECK},
        "sources": {
            "type": "object",
            "additionalProperties": {
                "type": "object",
                "required": ["title", "publisher", "licence", "fetch", "builder"],
                "additionalProperties": False,
                "properties": {
                    "title": {"type": "string"},
                    "publisher": {"type": "string"},
                    "licence": {"type": "string"},
                    "frequency": {"type": "string"},
                    "fetch": {"enum": ["url", "manual", "curated", "yfinance"]},
                    "hosts": {"type": "array", "items": {"type": "string"}, "description": "download hosts allowed"},
                    "files": {"type": "array", "items": _FILE},
                    "mirror_files": {"type": "array", "items": _FILE},
                    "builder": {"type": "string", "pattern": r"^factcheck\.data\.builders\.\w+:\w+$"},
                    "params": {"type": "object"},
                    "note": {"type": "string"},
                },
            },
        },
        "tables": {
            "type": "object",
            "additionalProperties": {
                "type": "object",
                "required": ["title", "source", "unit", "frequency", "columns"],
                "additionalProperties": False,
                "properties": {
                    "title": {"type": "string"},
                    "source": {"type": "string"},
                    "unit": {"type": "string"},
                    "frequency": {"type": "string"},
                    "key": {"type": "array", "items": {"type": "string"}},
                    "unique": {"type": "boolean"},
                    "date_column": {"type": "string"},
                    "columns": {"type": "object", "additionalProperties": _COLUMN, "minProperties": 1},
                    "provenance": {"const": True, "description": "the table ends with the provenance columns"},
                    "input_rules": _INPUT_RULES,
                    "tick_rules": _TICK_RULES,
                    "rows_may_go": {"type": "string", "description": "why a rebuild may drop committed rows"},
                    "description": {"type": "string"},
                },
            },
        },
    },
}


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
    return yamldoc.read(paths.catalog, SCHEMA, "catalog", shown_as, lambda doc: _complete(doc, f"catalog {shown_as}"))


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


def table_file(table_id: str, paths: Paths | None = None) -> Path:
    """Where a table is read from: a curated table where it is kept (data/curated/), a built one from the
    processed folder in use."""
    paths = paths or Paths.default()
    source = source_spec(table_spec(table_id, paths)["source"], paths)
    if source["fetch"] == "curated":
        return paths.root / next(f["path"] for f in source["files"] if f["name"] == table_id)
    return paths.processed / f"{table_id}.csv"
