"""The verdicts the executed notebooks carry (the JSON of their verdict cards), each claim in the one notebook the
ledger assigns it to. Reads notebooks/*.ipynb and the ledger; writes nothing. (Running the notebooks again on other
data is ``factcheck.publish.reruns``.)"""
from __future__ import annotations

import json
from pathlib import Path

from factcheck.claims import cards
from factcheck.claims.ledger import claim
from factcheck.errors import DataError
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
