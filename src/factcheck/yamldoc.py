"""One reader for the project's YAML documents (the catalog, the claims ledger): parse, validate against a JSON
schema, complete (a reader's own checks and additions), with a one-line error that names the file and the place;
each document is read again only when its file changes. Reads the file it is given; writes nothing."""
from __future__ import annotations

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
_VALIDATORS: dict[int, object] = {}  # id(schema) -> its validator, the schema itself checked once


def _validator(schema: dict):
    if id(schema) not in _VALIDATORS:
        cls = jsonschema.validators.validator_for(schema)
        cls.check_schema(schema)
        _VALIDATORS[id(schema)] = cls(schema)
    return _VALIDATORS[id(schema)]


def read(path: Path, schema: dict, what: str, shown_as: str, complete: Callable[[dict], None] | None = None) -> dict:
    """The document at ``path``, valid against ``schema`` and passed through ``complete`` (which may check and
    add to it in place); ``what`` and ``shown_as`` name it in errors."""
    try:
        stat = Path(path).stat()
        key = (str(path), what, stat.st_mtime_ns, stat.st_size)
        if key in _READ:
            return _READ[key]
        doc = yaml.load(Path(path).read_text(encoding="utf-8"), Loader=_LOADER)
    except (OSError, yaml.YAMLError) as exc:
        raise DataError(f"{what} {shown_as}: cannot read: {exc}") from None
    error = jsonschema.exceptions.best_match(_validator(schema).iter_errors(doc))  # as jsonschema.validate picks
    if error is not None:
        where = "/".join(str(p) for p in error.absolute_path)
        raise DataError(f"{what} {shown_as}: at {where or 'top'}: {error.message}")
    if complete:
        complete(doc)
    _READ[key] = doc
    return doc
