"""The manifest (data/manifest.json): for each processed table, its inputs and its output."""
from __future__ import annotations

import json
from pathlib import Path

from factcheck import paths


def read(path: Path | None = None) -> dict:
    """The manifest as a dict (empty tables if there is none yet)."""
    path = Path(path or paths.MANIFEST)
    if not path.is_file():
        return {"tables": {}}
    return json.loads(path.read_text(encoding="utf-8"))


def dumps(manifest: dict) -> str:
    """Stable text: sorted keys, two-space indent, trailing newline."""
    return json.dumps(manifest, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def input_entry(raw, previous: list[dict], now: str) -> dict:
    """An input record; the retrieval time is kept while the bytes (sha256) are unchanged."""
    for old in previous:
        if old.get("sha256") == raw.sha256 and old.get("file") == raw.file:
            retrieved = old["retrieved"]
            break
    else:
        retrieved = now
    return {"name": raw.name, "file": raw.file, "url": raw.url, "sha256": raw.sha256,
            "via": raw.via, "retrieved": retrieved}
