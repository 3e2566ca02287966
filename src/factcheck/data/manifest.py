"""The manifest (data/processed/manifest.json): for each table, the catalog entry it was built under, its inputs
(name, URL, sha256, when retrieved) and its output (path, sha256, rows, first and last date), with the build's
notes. It lives in the processed folder, so it is replaced together with the tables it describes. Reads and
writes the manifest of a processed folder."""
from __future__ import annotations

import json
from pathlib import Path

from factcheck.data.csvio import write_atomic
from factcheck.errors import DataError
from factcheck.paths import Paths


def read(paths: Paths) -> dict:
    """The manifest of the processed tables in use; a missing or unreadable one is an error saying how to rebuild."""
    where = paths.rel(paths.manifest)
    try:
        manifest = json.loads(paths.manifest.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise DataError(f"{where} is missing, so no table's provenance can be shown: restore the committed one "
                        f"(git checkout -- data/processed) or rebuild it with `make data`") from None
    except (OSError, ValueError) as exc:
        raise DataError(f"{where}: cannot read ({exc}): restore it (git checkout -- data/processed) or rebuild "
                        f"it with `make data`") from None
    if not isinstance(manifest.get("tables"), dict):
        raise DataError(f"{where}: no 'tables' object: restore it or rebuild it with `make data`")
    return manifest


def previous(paths: Paths) -> dict:
    """The committed manifest's tables, or none before the first build (a build keeps their retrieval times)."""
    return read(paths)["tables"] if paths.manifest.is_file() else {}


def write(folder: Path, tables: dict) -> None:
    """Write a processed folder's manifest: sorted keys, two-space indent, trailing newline."""
    text = json.dumps({"tables": tables}, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    write_atomic(folder / "manifest.json", lambda fh: fh.write(text))


def input_entry(raw, previous_inputs: list[dict], now: str) -> dict:
    """An input record; the retrieval time is kept while the bytes (sha256) are unchanged."""
    retrieved = next((old["retrieved"] for old in previous_inputs
                      if old.get("sha256") == raw.sha256 and old.get("file") == raw.file), now)
    return {"name": raw.name, "file": raw.file, "url": raw.url, "sha256": raw.sha256, "via": raw.via,
            "retrieved": retrieved}
