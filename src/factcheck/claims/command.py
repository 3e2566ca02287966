"""``factcheck-claims``: the verdicts as data, end to end.

  factcheck-claims readme [--check]   write (or check) the README's claims table from the verdicts the executed
                                      notebooks carry (the JSON of their verdict cards) and the ledger
  factcheck-claims verify --staged    run the notebooks on a staged build (data/.factcheck-stage/), in parallel,
                                      and fail listing every claim whose verdict would flip

Reads notebooks/*.ipynb, the ledger and (verify) the staged tables; writes README.md (readme) and nothing
else: verify runs copies of the notebooks in a scratch folder, figures included.
"""
from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

from factcheck.claims import cards
from factcheck.claims.ledger import anchor, claim, ledger, table
from factcheck.claims.scale import Verdict
from factcheck.data import manifest, store
from factcheck.errors import DataError
from factcheck.notebook import execute_all
from factcheck.paths import Paths

START, END = "<!-- claims:start -->", "<!-- claims:end -->"


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


def readme_table(found: dict[str, str], link_prefix: str = "notebooks/", paths: Paths | None = None) -> str:
    """The claims table in Markdown, from the ledger and the verdicts the notebooks computed; each claim links
    to the section of its notebook that decides it."""
    lines = ["| claim | the article says | what it means | verdict | checked in |", "|---|---|---|---|---|"]
    for row in table(found, paths).itertuples():
        verdict = f"{Verdict(row.verdict).symbol} {row.verdict}" if row.verdict != "pending" else "pending"
        section = f"{link_prefix}{row.notebook}#{anchor(row.claim)}"
        cells = [f"[{row.claim}]({section})", f"“{row.words}”", row.plain, verdict,
                 f"[{row.notebook[:2]}]({link_prefix}{row.notebook})"]
        lines.append("| " + " | ".join(c.replace("|", "/").replace("$", "\\$") for c in cells) + " |")
    return "\n".join(lines)


def render_readme(text: str, table: str) -> str:
    """README text with the part between the claims markers replaced by ``table``."""
    if START not in text or END not in text:
        raise DataError(f"README.md: markers {START} and {END} not found")
    head, rest = text.split(START, 1)
    tail = rest.split(END, 1)[1]
    return f"{head}{START}\n{table}\n{END}{tail}"


def verify(paths: Paths, processed: Path, only: list[Path] | None = None) -> list[str]:
    """Run the notebooks (default: all) on the tables in ``processed``, as copies in a scratch folder with their
    figures there too, and return the claims whose verdict would differ from the ledger, as 'C18a (recorded ->
    computed)', and those a failing notebook left without one."""
    notebooks = only or notebook_files(paths)
    recorded = {cid: e.get("verdict") for cid, e in ledger(paths)["claims"].items()}
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
    flipped = [f"{cid} ({recorded.get(cid)} -> {verdict})" for cid, verdict in sorted(seen.items())
               if verdict != recorded.get(cid)]
    ran = {nb.name for nb in notebooks}
    missing = sorted(cid for cid, e in ledger(paths)["claims"].items()
                     if e["status"] == "checked" and e["notebook"] in ran and cid not in seen)
    return flipped + [f"{cid} (no verdict computed: its notebook failed before the claim cell)" for cid in missing]


def verify_staged(paths: Paths) -> int:
    """``verify --staged``: the notebooks on the finished stage, unless it changes no table."""
    staged = store.staged_manifest(paths)
    committed = manifest.previous(paths.with_processed(paths.committed))
    changed = sorted(t for t, e in staged.items()
                     if e["output"]["sha256"] != committed.get(t, {}).get("output", {}).get("sha256"))
    if not changed:
        print("the staged build changes no table: every verdict stands", file=sys.stderr)
        return 0
    print(f"running the notebooks on the staged tables ({', '.join(changed)} changed) ...", file=sys.stderr)
    flipped = verify(paths, paths.stage)
    if flipped:
        print(f"error: verdicts that would flip, so the build was not committed: {'; '.join(flipped)} (review the "
              f"data; then update data/claims.yaml and run `factcheck-data commit`)", file=sys.stderr)
        return 1
    print("no verdict would change", file=sys.stderr)
    return 0


def main(argv: list[str] | None = None, paths: Paths | None = None) -> int:
    parser = argparse.ArgumentParser(prog="factcheck-claims", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    readme = sub.add_parser("readme", help="write the README's claims table from the ledger and the executed notebooks")
    readme.add_argument("--check", action="store_true", help="exit 1 if the README's table is stale")
    check = sub.add_parser("verify", help="run the notebooks on the staged build; fail on any flipped verdict")
    check.add_argument("--staged", action="store_true", required=True, help="the build in data/.factcheck-stage/")
    args = parser.parse_args(argv)
    paths = paths or Paths.default()
    try:
        if args.command == "verify":
            return verify_staged(paths)
        text = paths.readme.read_text(encoding="utf-8")
        new = render_readme(text, readme_table(collect(notebook_files(paths), paths), paths=paths))
        if args.check:
            if new != text:
                print("README.md: the claims table is stale (run `factcheck-claims readme`)", file=sys.stderr)
                return 1
            return 0
        paths.readme.write_text(new, encoding="utf-8")
        return 0
    except DataError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
