"""The verdicts the executed notebooks carry (the JSON of their verdict cards), and running the notebooks again on
other data to see which verdicts would change. Reads notebooks/*.ipynb and the ledger; ``verify`` runs copies of
the notebooks in a scratch folder (figures there too) and writes nothing else."""
from __future__ import annotations

import json
import tempfile
from pathlib import Path

from factcheck.claims import cards
from factcheck.claims.ledger import claim, ledger
from factcheck.errors import DataError
from factcheck.notebook import execute_all
from factcheck.paths import Paths


def verdicts_in(nb: dict, where: str) -> dict[str, str]:
    """Claim id -> verdict, from the verdict cards in a notebook's outputs (summary and full cards must agree)."""
    found: dict[str, str] = {}
    for cell in nb.get("cells", []):
        for out in cell.get("outputs", []):
            for entry in out.get("data", {}).get(cards.MIMETYPE, {}).get("claims", []):
                cid, verdict = entry["id"], entry["verdict"]
                if found.setdefault(cid, verdict) != verdict:
                    raise DataError(f"{where}: the cards disagree on {cid}: {found[cid]} and {verdict}")
    return found


def collect(notebooks: list[Path], paths: Paths | None = None) -> dict[str, str]:
    """Claim id -> verdict computed in the notebooks; each claim in one notebook, the ledger's."""
    found, where = {}, {}
    for path in notebooks:
        for cid, verdict in verdicts_in(json.loads(path.read_text(encoding="utf-8")), path.name).items():
            if cid in where and where[cid] != path.name:
                raise DataError(f"claim {cid} is checked by two notebooks: {where[cid]} and {path.name}")
            expected = claim(cid, paths)["notebook"]
            if path.name != expected:
                raise DataError(f"claim {cid} is checked in {path.name}, but the ledger assigns it to {expected}")
            found[cid], where[cid] = verdict, path.name
    return found


def notebook_files(paths: Paths) -> list[Path]:
    return sorted(paths.notebooks.glob("*.ipynb"))


def computed(paths: Paths, processed: Path, notebooks: list[Path]) -> dict[str, str]:
    """Run ``notebooks`` on the tables in ``processed``, as copies in a scratch folder with their figures there too,
    and return the verdicts they compute (a summary card shows its verdicts even when they differ from the
    ledger's, before it stops the notebook)."""
    seen = {}
    with tempfile.TemporaryDirectory(prefix="factcheck-verify-") as tmp:
        copies = [Path(tmp) / nb.name for nb in notebooks]
        env = {"FACTCHECK_ROOT": str(paths.root), "FACTCHECK_PROCESSED": str(processed),
               "FACTCHECK_FIGURES": str(Path(tmp) / "figures")}
        for nb, copy in zip(notebooks, copies):
            copy.write_bytes(nb.read_bytes())
        execute_all(copies, env=env, allow_errors=True)
        for nb, copy in zip(notebooks, copies):
            seen.update(verdicts_in(json.loads(copy.read_text(encoding="utf-8")), nb.name))
    return seen


def verify(paths: Paths, processed: Path, only: list[Path] | None = None) -> list[str]:
    """Run the notebooks (default: all) on the tables in ``processed`` (see :func:`computed`) and return the claims
    whose verdict would differ from the ledger, as 'C18a (recorded → computed)', and those a failing notebook left
    without one."""
    notebooks = only or notebook_files(paths)
    recorded = {cid: e.get("verdict") for cid, e in ledger(paths)["claims"].items()}
    seen = computed(paths, processed, notebooks)
    flipped = [f"{cid} ({recorded.get(cid)} → {verdict})" for cid, verdict in sorted(seen.items())
               if verdict != recorded.get(cid)]
    ran = {nb.name for nb in notebooks}
    missing = sorted(cid for cid, e in ledger(paths)["claims"].items()
                     if e["status"] == "checked" and e["notebook"] in ran and cid not in seen)
    return flipped + [f"{cid} (no verdict computed: its notebook failed before the claim cell)" for cid in missing]
