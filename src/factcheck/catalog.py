"""The source catalog (data/sources.yaml): every source, how it is fetched, what it builds."""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import jsonschema
import yaml

from factcheck import paths
from factcheck.errors import DataError

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
        "name": {"type": "string"},
        "url": {"type": "string"},
        "mirror": {"type": "string"},
        "path": {"type": "string"},
        "landing": {"type": "string"},
        "ticker": {"type": "string"},
        "note": {"type": "string"},
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
        {"if": {"properties": {"kind": {"enum": ["mean"]}}}, "then": {"required": ["months", "periods", "trading_days"]}},
        {"if": {"properties": {"kind": {"enum": ["year_on_year"]}}}, "then": {"required": ["table", "by", "pairs"]}},
    ],
}
SCHEMA = {
    "type": "object",
    "required": ["sources", "tables"],
    "additionalProperties": False,
    "properties": {
        "checks": {"type": "array", "items": _CHECK},
        "sources": {
            "type": "object",
            "additionalProperties": {
                "type": "object",
                "required": ["title", "publisher", "licence", "fetch", "builder", "tables"],
                "additionalProperties": False,
                "properties": {
                    "title": {"type": "string"},
                    "publisher": {"type": "string"},
                    "licence": {"type": "string"},
                    "frequency": {"type": "string"},
                    "fetch": {"enum": ["url", "manual", "curated", "yfinance"]},
                    "files": {"type": "array", "items": _FILE},
                    "mirror_files": {"type": "array", "items": _FILE},
                    "builder": {"type": "string", "pattern": r"^[\w.]+:\w+$"},
                    "params": {"type": "object"},
                    "tables": {"type": "array", "items": {"type": "string"}, "minItems": 1},
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
                    "description": {"type": "string"},
                },
            },
        },
    },
}


@lru_cache(maxsize=4)
def _read(path: Path) -> dict:
    try:
        doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise DataError(f"catalog {paths.rel(path)}: cannot read: {exc}") from exc
    try:
        jsonschema.validate(doc, SCHEMA)
    except jsonschema.ValidationError as exc:
        where = "/".join(str(p) for p in exc.absolute_path)
        raise DataError(f"catalog {paths.rel(path)}: at {where or 'top'}: {exc.message}") from exc
    for sid, src in doc["sources"].items():
        for tid in src["tables"]:
            table = doc["tables"].get(tid)
            if table is None or table["source"] != sid:
                raise DataError(f"catalog {paths.rel(path)}: source {sid} lists table {tid}, "
                                f"which is missing or names another source")
    for tid, table in doc["tables"].items():
        if tid not in doc["sources"].get(table["source"], {}).get("tables", []):
            raise DataError(f"catalog {paths.rel(path)}: table {tid} names source {table['source']}, "
                            f"which does not list it")
        for col in table.get("key", []) + [table.get("date_column", table.get("key", [None])[0])]:
            if col is not None and col not in table["columns"]:
                raise DataError(f"catalog {paths.rel(path)}: table {tid}: key column {col} is not declared")
    for check in doc.get("checks", []):
        for table, columns in _check_references(check):
            where = f"catalog {paths.rel(path)}: check {check['id']}"
            if table not in doc["tables"]:
                raise DataError(f"{where}: no table {table}")
            unknown = sorted(set(columns) - set(doc["tables"][table]["columns"]))
            if unknown:
                raise DataError(f"{where}: table {table} has no column {', '.join(unknown)}")
    return doc


def _check_references(check: dict) -> list[tuple[str, list[str]]]:
    """The (table, columns) pairs a consistency check reads."""
    names = re.findall(r"[A-Za-z_]\w*", check.get("formula", ""))
    columns = [n for n in names if n != "abs"] + check.get("by", []) + check.get("columns", [])
    columns += [c for pair in check.get("pairs", {}).items() for c in pair]
    columns += [c for exc in check.get("exceptions", []) for c in exc["where"]]
    refs = [(check["table"], columns)] if "table" in check else []
    refs += [(check[k]["table"], [check[k]["column"]] + ([check[k]["month"]] if "month" in check[k] else []))
             for k in ("months", "periods") if k in check]
    if "table" not in check:  # a sum or mean: its exceptions name columns of the period table
        refs += [(check["periods"]["table"], [c for exc in check.get("exceptions", []) for c in exc["where"]])]
    return refs


def catalog(path: Path | None = None) -> dict:
    """The validated catalog as a dict with ``sources`` and ``tables``."""
    return _read(Path(path or paths.CATALOG))


def table_spec(table_id: str, path: Path | None = None) -> dict:
    """The catalog entry of one processed table."""
    tables = catalog(path)["tables"]
    if table_id not in tables:
        known = ", ".join(sorted(tables))
        raise DataError(f"unknown table {table_id!r}; the catalog lists: {known}")
    return tables[table_id]


def source_spec(source_id: str, path: Path | None = None) -> dict:
    """The catalog entry of one source."""
    sources = catalog(path)["sources"]
    if source_id not in sources:
        raise DataError(f"unknown source {source_id!r}; the catalog lists: {', '.join(sorted(sources))}")
    return sources[source_id]
