"""Would any verdict change if the rows set aside for want of an acceptable source were used after all? Every
curated row set aside is put back in use (in its conflict group, in place of the row the analysis uses), the
notebooks are run on that copy of the data, and the verdicts they compute are compared with the ledger's. The
result, with a digest of the inputs it was computed from, is kept in data/set_aside_check.json, which notebook 06
shows and ``make test`` checks is current. Reads the repository's data and notebooks; writes that file
(``factcheck-claims set-aside``)."""
from __future__ import annotations

import hashlib
import io
import json
import shutil
import tempfile
from pathlib import Path

import pandas as pd

from factcheck.claims.notebook_verdicts import notebook_files, verify
from factcheck.data import catalog
from factcheck.data.csvio import read_csv_text, sha256
from factcheck.errors import DataError
from factcheck.paths import Paths

RESULT = "set_aside_check.json"


def restore(text: pd.DataFrame) -> tuple[pd.DataFrame, int]:
    """A curated table (read as text) with its set-aside rows in use: outside a conflict group a row simply
    counts; in a group the first row set aside takes the place of the row used (any others become alternatives)."""
    out = text.copy()
    aside = out["analysis_choice"] == "set_aside"
    out.loc[aside & (out["conflict_group"] == ""), "analysis_choice"] = ""
    for group in out.loc[aside & (out["conflict_group"] != ""), "conflict_group"].unique():
        members = out["conflict_group"] == group
        first = out.index[members & aside][0]
        out.loc[members & out["analysis_choice"].isin(["use", "set_aside"]), "analysis_choice"] = "alternative"
        out.at[first, "analysis_choice"] = "use"
    return out, int(aside.sum())


def inputs_digest(paths: Paths) -> str:
    """sha256 over the curated tables and the ledger: what decides which rows are set aside and the verdicts."""
    digest = hashlib.sha256()
    for table_id in sorted(catalog.catalog(paths)["tables"]):
        if catalog.is_curated(table_id, paths):
            digest.update(sha256(catalog.table_file(table_id, paths)).encode())
    digest.update(sha256(paths.ledger).encode())
    return digest.hexdigest()


def _copy(paths: Paths, root: Path) -> tuple[Paths, int, dict[str, int]]:
    """The data and notebooks under ``root``, with every set-aside row in use and the manifest in step."""
    scratch = Paths.at(root)
    shutil.copytree(paths.data, scratch.data, ignore=shutil.ignore_patterns("raw", ".factcheck-*"))
    shutil.copytree(paths.notebooks, scratch.notebooks)
    manifest = json.loads(scratch.manifest.read_text(encoding="utf-8"))
    total, by_table = 0, {}
    for table_id, entry in manifest["tables"].items():
        if not catalog.is_curated(table_id, scratch):
            continue
        path = catalog.table_file(table_id, scratch)
        text = read_csv_text(path, table_id)
        if "analysis_choice" not in text.columns:
            continue
        restored, n = restore(text)
        if n:
            buffer = io.StringIO()
            restored.to_csv(buffer, index=False, lineterminator="\n")
            path.write_text(buffer.getvalue(), encoding="utf-8")
            entry["output"]["sha256"] = sha256(path)
            total, by_table[table_id] = total + n, n
    scratch.manifest.write_text(json.dumps(manifest), encoding="utf-8")
    return scratch, total, by_table


def run(paths: Paths) -> dict:
    """Run the notebooks with every set-aside row in use; the verdicts that would change, and what was restored."""
    with tempfile.TemporaryDirectory(prefix="factcheck-set-aside-") as tmp:
        scratch, total, by_table = _copy(paths, Path(tmp) / "project")
        changed = verify(scratch, scratch.processed, only=[scratch.notebooks / p.name for p in notebook_files(paths)])
    return {"inputs_sha256": inputs_digest(paths), "rows_set_aside": total, "by_table": by_table,
            "verdicts_changed": changed}


def write(paths: Paths) -> dict:
    result = run(paths)
    (paths.data / RESULT).write_text(json.dumps(result, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    return result


def is_current(paths: Paths) -> bool:
    """Whether the committed result was computed from the repository's tables and ledger as they are now."""
    try:
        recorded(paths)
    except DataError:
        return False
    return True


def recorded(paths: Paths | None = None) -> dict:
    """The committed result; an error if it was computed from other inputs than the repository's now."""
    paths = paths or Paths.default()
    path = paths.data / RESULT
    try:
        result = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise DataError(f"{paths.rel(path)}: cannot read ({exc}): run `factcheck-claims set-aside`") from None
    if result.get("inputs_sha256") != inputs_digest(paths):
        raise DataError(f"{paths.rel(path)} is stale: the curated tables or the ledger changed since it was "
                        f"computed: run `factcheck-claims set-aside`")
    return result
