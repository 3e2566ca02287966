"""One reader for the project's YAML documents (the catalog, the claims ledger, the source policy): parse, validate
against the JSON schema kept beside the document (data/<name>.schema.json), complete (a reader's own checks and
additions), with a one-line error that names the file and the place; each document is read again only when its file
changes. Reads the document and its schema; writes nothing."""
from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path

import yaml

from factcheck.errors import DataError

# jsonschema checks the "iri" string formats with rfc3987_syntax when it is installed (Jupyter's packages bring
# it), which builds a grammar when imported: 1.7 s in every process that reads the catalog, every notebook
# kernel included. Our schemas use no string formats, so jsonschema is told the checker is absent.
sys.modules.setdefault("rfc3987_syntax", None)

import jsonschema  # noqa: E402 (after the line above)

_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml's safe loader: the same documents, 7x faster
_READ: dict[tuple, dict] = {}  # (path, kind, mtime, size) -> the completed document
_VALIDATORS: dict[tuple, object] = {}  # (schema path, mtime) -> its validator, the schema itself checked once


def schema_of(path: Path) -> Path:
    """Where a document's JSON schema is kept: beside it (data/sources.yaml -> data/sources.schema.json)."""
    return Path(path).with_suffix(".schema.json")


def _validator(path: Path):
    key = (str(path), path.stat().st_mtime_ns)
    if key not in _VALIDATORS:
        schema = json.loads(path.read_text(encoding="utf-8"))
        cls = jsonschema.validators.validator_for(schema)
        cls.check_schema(schema)
        _VALIDATORS[key] = cls(schema)
    return _VALIDATORS[key]


def _stamp(path: Path) -> tuple:
    stat = Path(path).stat()
    return str(path), stat.st_mtime_ns, stat.st_size


def read(path: Path, what: str, shown_as: str, complete: Callable[[dict], None] | None = None,
         depends: tuple[Path, ...] = ()) -> dict:
    """The document at ``path``, valid against its schema (:func:`schema_of`) and passed through ``complete`` (which
    may check and add to it in place, reading the files ``depends`` names); ``what`` and ``shown_as`` name it in
    errors. Read again when the document, its schema or a file it depends on changes."""
    try:
        key = (what, *(_stamp(p) for p in (path, schema_of(path), *depends)))
        if key in _READ:
            return _READ[key]
        doc = yaml.load(Path(path).read_text(encoding="utf-8"), Loader=_LOADER)
        validator = _validator(schema_of(path))
    except (OSError, yaml.YAMLError, ValueError) as exc:
        raise DataError(f"{what} {shown_as}: cannot read: {exc}") from None
    error = jsonschema.exceptions.best_match(validator.iter_errors(doc))  # as jsonschema.validate picks
    if error is not None:
        where = "/".join(str(p) for p in error.absolute_path)
        raise DataError(f"{what} {shown_as}: at {where or 'top'}: {error.message}")
    if complete:
        complete(doc)
    _READ[key] = doc
    return doc
