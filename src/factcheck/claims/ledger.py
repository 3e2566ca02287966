"""The claims ledger (data/claims.yaml): each claim in the article's words and in plain words, who said it, its
kind, the notebook that checks it, and either the claimed value with our test of it (numbers and dates) or the
cited evidence (attributions, characterisations). The ledger records the verdict last computed, so a data change
that flips one fails. Reads data/claims.yaml; writes it only to record a verdict accepted on purpose
(:func:`record_verdicts`)."""
from __future__ import annotations

import re

import pandas as pd

from factcheck import yamldoc
from factcheck.claims.quantities import Quantity
from factcheck.data import citations
from factcheck.data.csvio import write_atomic
from factcheck.errors import DataError
from factcheck.paths import Paths


def _complete(doc: dict, where: str, paths: Paths) -> None:
    """Check that every claimed value reads as a quantity of its unit, and every cited page passes the source
    policy."""
    pol = citations.policy(paths)
    for url in [doc["article"]["url"]] + [s["url"] for e in doc["claims"].values() for s in e.get("sources", [])]:
        refused = pol.refusal(url)
        if refused:
            cid = next((c for c, e in doc["claims"].items() if url in [s["url"] for s in e.get("sources", [])]),
                       "article")
            raise DataError(f"{where}: at claims/{cid}/sources: {url}: {refused}")
    for cid, entry in doc["claims"].items():
        if pol.wants_reason([s["url"] for s in entry.get("sources", [])], entry.get("why_no_better_source")):
            raise DataError(f"{where}: at claims/{cid}/sources: every page it cites is an aggregator: cite a better "
                            f"copy, or say in why_no_better_source why none exists")
        if "claimed" in entry:
            try:
                Quantity.from_ledger(entry["claimed"])
            except ValueError as exc:
                raise DataError(f"{where}: at claims/{cid}/claimed: {exc}") from None


def ledger(paths: Paths | None = None) -> dict:
    """The validated ledger document: ``article``, ``phrases`` and ``claims`` (id -> entry)."""
    paths = paths or Paths.default()
    shown_as = paths.rel(paths.ledger)
    return yamldoc.read(paths.ledger, "claims ledger", shown_as,
                        lambda doc: _complete(doc, f"claims ledger {shown_as}", paths),
                        depends=(paths.policy,))


def claim(claim_id: str, paths: Paths | None = None) -> dict:
    """One claim's ledger entry."""
    claims = ledger(paths)["claims"]
    if claim_id not in claims:
        raise DataError(f"claims ledger: no claim {claim_id!r}")
    return claims[claim_id]


def slug(heading: str) -> str:
    """A heading's anchor as GitHub and MyST make it: lower case, punctuation dropped, each space a hyphen
    ("C18a · From roubles to dollars: which rate?" -> "c18a--from-roubles-to-dollars-which-rate")."""
    return re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")


def anchor(claim_id: str, paths: Paths | None = None) -> str:
    """The anchor of the section of its notebook that checks a claim: the slug of the section's heading (the
    ledger's ``section``), which GitHub and the site give the heading, and which the notebook repeats as
    ``<a id="..."></a>`` for JupyterLab."""
    return slug(claim(claim_id, paths)["section"])


def table(found: dict[str, str] | None = None, paths: Paths | None = None) -> pd.DataFrame:
    """Every claim with its verdict: id, kind, the article's words, the plain meaning, the verdict, the notebook
    that checks it and the anchor of the section that decides it. The one table of claims and verdicts that the
    README, the site's dashboard and exports, and notebook 00 show. ``found`` maps claim id to the verdict the
    executed notebooks computed (``factcheck.claims.notebook_verdicts.collect``); without it, the verdicts the ledger
    records; 'pending' where there is none."""
    claims = ledger(paths)["claims"]
    found = {cid: e["verdict"] for cid, e in claims.items() if "verdict" in e} if found is None else found
    rows = []
    for cid, entry in claims.items():
        if entry["status"] == "checked" and cid not in found:
            raise DataError(f"claim {cid} is marked checked, but {entry['notebook']} computes no verdict for it")
        rows.append({"claim": cid, "kind": entry["kind"], "words": entry["words"], "plain": entry["plain"],
                     "verdict": found.get(cid, "pending"), "notebook": entry["notebook"],
                     "anchor": slug(entry["section"])})
    return pd.DataFrame(rows)


def record_verdicts(verdicts: dict[str, str], reviewed: str, paths: Paths | None = None) -> None:
    """Write new verdicts into the ledger (``factcheck-claims accept``) and the day they were reviewed
    (``review.published``, ISO date), changing only those lines, so that comments and layout stay as they are."""
    paths = paths or Paths.default()
    lines = paths.ledger.read_text(encoding="utf-8").split("\n")
    current, done = None, set()
    for n, line in enumerate(lines):
        head = re.match(r"^(\w+):|^  (C\d+[ab]?):\s*$", line)
        if head:
            current = head.group(1) or head.group(2)
        elif current == "review" and re.match(r"^  published: ", line):
            lines[n] = re.sub(r"^  published: '[^']*'", f"  published: '{reviewed}'", line)
            done.add("review")
        elif current in verdicts and re.match(r"^    verdict: ", line):
            lines[n] = f"    verdict: {verdicts[current]}"
            done.add(current)
    missing = sorted((set(verdicts) | {"review"}) - done)
    if missing:
        raise DataError(f"claims ledger {paths.rel(paths.ledger)}: no line to record {', '.join(missing)} in")
    before = paths.ledger.read_text(encoding="utf-8")
    write_atomic(paths.ledger, lambda f: f.write("\n".join(lines)))
    try:
        ledger(paths)
    except DataError:
        write_atomic(paths.ledger, lambda f: f.write(before))  # a verdict the schema refuses: the ledger as it was
        raise
