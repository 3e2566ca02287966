"""The notebooks run again on other data, as copies in a scratch folder (their figures there too), to see which
verdicts would change: on a staged build (``factcheck-claims verify --staged``, before ``make data`` commits it),
on the committed data (``factcheck-claims accept``), and with every row set aside for want of a source put back in
use (``factcheck-claims set-aside``, whose result notebook 06 shows). Reads the notebooks, the ledger and the data;
writes data/set_aside_check.json (:func:`write_set_aside`) and nothing else outside the scratch folder."""
from __future__ import annotations

import json
import shutil
import tempfile
from pathlib import Path
from typing import NamedTuple

from factcheck.claims import set_aside
from factcheck.claims.ledger import ledger
from factcheck.claims.notebook_verdicts import notebook_files, verdicts_in
from factcheck.data import catalog, manifest
from factcheck.data.csvio import read_csv_text, sha256, write_csv
from factcheck.notebook import execute_all
from factcheck.paths import Paths


class Flip(NamedTuple):
    """A claim whose computed verdict differs from the ledger's (``computed`` None: its notebook failed first)."""

    claim: str
    recorded: str | None
    computed: str | None

    def __str__(self) -> str:
        if self.computed is None:
            return f"{self.claim} (no verdict computed: its notebook failed before the claim cell)"
        return f"{self.claim} ({self.recorded} → {self.computed})"


def computed(paths: Paths, processed: Path, notebooks: list[Path]) -> dict[str, str]:
    """Run ``notebooks`` on the tables in ``processed``, as copies in a scratch folder with their figures there too,
    and return the verdicts they compute (a summary card shows its verdicts even when they differ from the
    ledger's, before it stops the notebook)."""
    seen = {}
    with tempfile.TemporaryDirectory(prefix="factcheck-rerun-") as tmp:
        copies = [Path(tmp) / nb.name for nb in notebooks]
        for nb, copy in zip(notebooks, copies):
            copy.write_bytes(nb.read_bytes())
        env = Paths(paths.root, Path(processed), Path(tmp) / "figures").environment()
        execute_all(copies, env=env, allow_errors=True)
        for nb, copy in zip(notebooks, copies):
            seen.update(verdicts_in(json.loads(copy.read_text(encoding="utf-8")), nb.name))
    return seen


def flips(paths: Paths, processed: Path, only: list[Path] | None = None) -> list[Flip]:
    """Run the notebooks (default: all) on the tables in ``processed`` (see :func:`computed`): the claims whose
    verdict would differ from the ledger's, and those a failing notebook left without one."""
    notebooks = only or notebook_files(paths)
    claims = ledger(paths)["claims"]
    seen = computed(paths, processed, notebooks)
    ran = {nb.name for nb in notebooks}
    out = [Flip(cid, claims.get(cid, {}).get("verdict"), verdict) for cid, verdict in sorted(seen.items())
           if verdict != claims.get(cid, {}).get("verdict")]
    return out + [Flip(cid, e.get("verdict"), None) for cid, e in sorted(claims.items())
                  if e["status"] == "checked" and e["notebook"] in ran and cid not in seen]


def _with_set_aside_rows_in_use(paths: Paths, root: Path) -> tuple[Paths, dict[str, int]]:
    """The data and notebooks copied under ``root``, every set-aside row put back in use, the manifest in step;
    with the count of rows restored by table."""
    scratch = Paths.at(root)
    shutil.copytree(paths.data, scratch.data, ignore=shutil.ignore_patterns("raw", ".factcheck-*"))
    shutil.copytree(paths.notebooks, scratch.notebooks)
    tables = manifest.read(scratch)["tables"]
    by_table = {}
    for table_id in catalog.curated_tables(scratch):
        path = catalog.table_file(table_id, scratch)
        text = read_csv_text(path, table_id)
        if "analysis_choice" not in text.columns or table_id not in tables:
            continue
        restored, n = set_aside.restore(text)
        if n:
            write_csv(restored, path)
            tables[table_id]["output"]["sha256"] = sha256(path)
            by_table[table_id] = n
    manifest.write(scratch.processed, tables)
    return scratch, by_table


def check_set_aside(paths: Paths) -> dict:
    """Run the notebooks with every set-aside row in use: the verdicts that would change, and what was restored."""
    with tempfile.TemporaryDirectory(prefix="factcheck-set-aside-") as tmp:
        scratch, by_table = _with_set_aside_rows_in_use(paths, Path(tmp) / "project")
        changed = flips(scratch, scratch.processed)
    return {"inputs_sha256": set_aside.inputs_digest(paths), "rows_set_aside": sum(by_table.values()),
            "by_table": by_table, "verdicts_changed": [str(f) for f in changed]}


def write_set_aside(paths: Paths) -> dict:
    """:func:`check_set_aside`, kept in data/set_aside_check.json."""
    result = check_set_aside(paths)
    (paths.data / set_aside.RESULT).write_text(json.dumps(result, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    return result
