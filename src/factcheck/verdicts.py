"""``factcheck-claims``: collect the verdicts the executed notebooks computed (the JSON their verdict cards
carry), write the README's claims table, and re-run the notebooks on rebuilt data to list the claims whose
verdict would flip. Reads notebooks/*.ipynb and the ledger; writes README.md (``readme``)."""
from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
from pathlib import Path

from factcheck import cards, claims, paths
from factcheck.errors import DataError

START, END = "<!-- claims:start -->", "<!-- claims:end -->"
README = paths.ROOT / "README.md"


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


def collect(notebooks: list[Path]) -> dict[str, str]:
    """Claim id -> verdict computed in the notebooks; each claim in one notebook, the ledger's."""
    found, where = {}, {}
    for path in notebooks:
        for cid, verdict in verdicts_in(json.loads(path.read_text(encoding="utf-8")), path.name).items():
            if cid in where and where[cid] != path.name:
                raise DataError(f"claim {cid} is checked by two notebooks: {where[cid]} and {path.name}")
            expected = claims.claim(cid)["notebook"]
            if path.name != expected:
                raise DataError(f"claim {cid} is checked in {path.name}, but the ledger assigns it to {expected}")
            found[cid], where[cid] = verdict, path.name
    return found


def notebooks() -> list[Path]:
    return sorted(paths.NOTEBOOKS.glob("*.ipynb"))


def readme_table(found: dict[str, str], link_prefix: str = "notebooks/") -> str:
    """The claims table in Markdown, from the ledger and the verdicts the notebooks computed; each claim links
    to the section of its notebook that decides it."""
    lines = ["| claim | the article says | what it means | verdict | checked in |", "|---|---|---|---|---|"]
    for row in claims.table(found).itertuples():
        verdict = f"{claims.Verdict(row.verdict).symbol} {row.verdict}" if row.verdict != "pending" else "pending"
        section = f"{link_prefix}{row.notebook}#{claims.anchor(row.claim)}"
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


def verify(processed: Path, only: list[Path] | None = None) -> list[str]:
    """Run the notebooks (default: all) on the tables in ``processed``, figures to a scratch folder, and
    return the claims whose verdict would differ from the ledger, as 'C18a (recorded -> computed)'."""
    from factcheck.notebooks import execute  # imports the Jupyter stack only when needed

    recorded = {cid: e.get("verdict") for cid, e in claims.ledger()["claims"].items()}
    flipped, seen = [], {}
    with tempfile.TemporaryDirectory(prefix="factcheck-verify-") as tmp:
        env = {"FACTCHECK_PROCESSED": str(processed), "FACTCHECK_FIGURES": str(Path(tmp) / "figures")}
        old = {k: os.environ.get(k) for k in env}
        os.environ.update(env)
        try:
            for nb in only or notebooks():
                copy = Path(tmp) / nb.name
                shutil.copy(nb, copy)
                execute(copy, cwd=nb.parent, allow_errors=True)
                seen.update(verdicts_in(json.loads(copy.read_text(encoding="utf-8")), nb.name))
        finally:
            for k, v in old.items():
                os.environ.pop(k, None) if v is None else os.environ.__setitem__(k, v)
    for cid, verdict in sorted(seen.items()):
        if verdict != recorded.get(cid):
            flipped.append(f"{cid} ({recorded.get(cid)} -> {verdict})")
    ran = {nb.name for nb in only or notebooks()}
    missing = sorted(cid for cid, e in claims.ledger()["claims"].items()
                     if e["status"] == "checked" and e["notebook"] in ran and cid not in seen)
    flipped += [f"{cid} (no verdict computed: its notebook failed before the claim cell)" for cid in missing]
    return flipped


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="factcheck-claims", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    readme = sub.add_parser("readme", help="write the README's claims table from the ledger and the executed notebooks")
    readme.add_argument("--check", action="store_true", help="exit 1 if the README's table is stale")
    check = sub.add_parser("verify", help="re-run the notebooks on a folder of tables; list flipped verdicts")
    check.add_argument("--processed", type=Path, default=paths.PROCESSED)
    args = parser.parse_args(argv)
    try:
        if args.command == "readme":
            text = README.read_text(encoding="utf-8")
            new = render_readme(text, readme_table(collect(notebooks())))
            if args.check:
                if new != text:
                    print("README.md: the claims table is stale (run `factcheck-claims readme`)", file=sys.stderr)
                    return 1
                return 0
            README.write_text(new, encoding="utf-8")
            return 0
        flipped = verify(args.processed)
    except DataError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    if flipped:
        print(f"verdicts that would flip: {'; '.join(flipped)}", file=sys.stderr)
        return 1
    print("no verdict would change", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
