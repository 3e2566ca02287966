"""``factcheck-claims``: the verdicts as data, end to end.

  factcheck-claims readme [--check]   write (or check) the README's claims table from the verdicts the executed
                                      notebooks carry (the JSON of their verdict cards) and the ledger
  factcheck-claims verify --staged    run the notebooks on a staged build (data/.factcheck-stage/), in parallel,
                                      and fail listing every claim whose verdict would flip
  factcheck-claims accept C18a [...]  change verdicts on purpose: run the claims' notebooks on the committed data,
                                      record the verdicts they now compute in data/claims.yaml (with the day
                                      reviewed), run the notebooks in place (as make run) and rewrite the README's
                                      table
  factcheck-claims set-aside          run the notebooks with every row set aside for want of a source put back in
                                      use, and record which verdicts would change (data/set_aside_check.json)

Reads notebooks/*.ipynb, the ledger and (verify) the staged tables; writes README.md (readme, accept),
data/claims.yaml, the notebooks and figures (accept) and data/set_aside_check.json (set-aside, and accept when the
ledger change makes it stale); verify runs copies of the notebooks in a scratch folder (``reruns``), figures
included.
"""
from __future__ import annotations

import argparse
import datetime as dt
import sys

from factcheck.claims import set_aside
from factcheck.claims.ledger import ledger, record_verdicts, table
from factcheck.claims.notebook_verdicts import collect, notebook_files
from factcheck.claims.scale import Verdict
from factcheck.data import manifest, store
from factcheck.errors import DataError
from factcheck.paths import Paths
from factcheck.publish.reruns import Flip, computed, flips, write_set_aside
from factcheck.publish.run import run

START, END = "<!-- claims:start -->", "<!-- claims:end -->"


def readme_table(found: dict[str, str], link_prefix: str = "notebooks/", paths: Paths | None = None) -> str:
    """The claims table in Markdown, from the ledger and the verdicts the notebooks computed; each claim links
    to the section of its notebook that decides it."""
    lines = ["| claim | the article says | what it means | verdict | checked in |", "|---|---|---|---|---|"]
    for row in table(found, paths).itertuples():
        verdict = f"{Verdict(row.verdict).symbol} {row.verdict}" if row.verdict != "pending" else "pending"
        section = f"{link_prefix}{row.notebook}#{row.anchor}"
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
    flipped = flips(paths, paths.stage)
    if flipped:
        print(f"error: verdicts that would flip, so the build was not committed: {'; '.join(map(str, flipped))}. If "
              f"the data is wrong, fix it; if the new verdicts are right, run `factcheck-data commit`, then "
              f"`factcheck-claims accept {' '.join(f.claim for f in flipped)}`", file=sys.stderr)
        return 1
    print("no verdict would change", file=sys.stderr)
    return 0


def write_readme(paths: Paths, check: bool = False) -> int:
    """Rewrite the README's claims table from the ledger and the executed notebooks (``check``: only say if stale)."""
    text = paths.readme.read_text(encoding="utf-8")
    new = render_readme(text, readme_table(collect(notebook_files(paths), paths), paths=paths))
    if check:
        if new != text:
            print("README.md: the claims table is stale (run `factcheck-claims readme`)", file=sys.stderr)
            return 1
        return 0
    paths.readme.write_text(new, encoding="utf-8")
    return 0


def accept(ids: list[str], paths: Paths, today: dt.date) -> int:
    """``accept``: record, as the ledger's verdict, the verdict each claim's notebook now computes on the committed
    data; every other claim of those notebooks must keep its verdict."""
    claims = ledger(paths)["claims"]
    for cid in ids:
        if cid not in claims:
            raise DataError(f"claims ledger {paths.rel(paths.ledger)}: no claim {cid!r}")
        if claims[cid]["status"] != "checked":
            raise DataError(f"claim {cid} is pending: it has no notebook verdict to accept")
    books = sorted({paths.notebooks / claims[cid]["notebook"] for cid in ids})
    print(f"running {', '.join(b.name for b in books)} on the committed data ...", file=sys.stderr)
    seen = computed(paths, paths.processed, books)
    failed = [cid for cid in ids if cid not in seen]
    if failed:
        raise DataError(f"no verdict computed for {', '.join(failed)}: the notebook fails before the claim's cell "
                        f"(run it in JupyterLab to see why)")
    changed = [Flip(cid, claims[cid].get("verdict"), v) for cid, v in sorted(seen.items())
               if v != claims[cid].get("verdict")]
    others = [str(f) for f in changed if f.claim not in ids]
    if others:
        raise DataError(f"these notebooks also change {'; '.join(others)}: accept them too, or fix what changed them")
    for cid in ids:
        print(next((str(f) for f in changed if f.claim == cid), f"{cid}: {seen[cid]}, as the ledger records "
                                                                 f"(nothing to accept)"), file=sys.stderr)
    if not changed:
        return 0
    record_verdicts({f.claim: f.computed for f in changed}, today.isoformat(), paths)
    if not set_aside.is_current(paths):  # it compares verdicts with the ledger's: redone, as `make run` would
        write_set_aside(paths)
    if not run(notebook_files(paths), paths):  # every notebook reads the ledger (00 lists every verdict)
        return 1
    write_readme(paths)
    print(f"recorded in {paths.rel(paths.ledger)} (reviewed {today.isoformat()}); the notebooks and README.md "
          f"rewritten. Now reword each claim's `why` in the ledger to match its new verdict, check the notebooks' "
          f"text, and commit.", file=sys.stderr)
    return 0


def main(argv: list[str] | None = None, paths: Paths | None = None) -> int:
    parser = argparse.ArgumentParser(prog="factcheck-claims", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    readme = sub.add_parser("readme", help="write the README's claims table from the ledger and the executed notebooks")
    readme.add_argument("--check", action="store_true", help="exit 1 if the README's table is stale")
    check = sub.add_parser("verify", help="run the notebooks on the staged build; fail on any flipped verdict")
    check.add_argument("--staged", action="store_true", required=True, help="the build in data/.factcheck-stage/")
    take = sub.add_parser("accept", help="record the verdicts the claims' notebooks now compute, on purpose")
    take.add_argument("claims", nargs="+", help="claim ids, e.g. C18a")
    take.add_argument("--today", type=dt.date.fromisoformat, default=dt.date.today(),
                      help="the day of the review (default: today)")
    aside = sub.add_parser("set-aside", help="which verdicts the rows set aside for want of a source would change")
    aside.add_argument("--if-stale", action="store_true", help="only if data/set_aside_check.json is out of date")
    args = parser.parse_args(argv)
    paths = paths or Paths.default()
    try:
        if args.command == "verify":
            return verify_staged(paths)
        if args.command == "set-aside":
            if args.if_stale and set_aside.is_current(paths):
                return 0
            result = write_set_aside(paths)
            n = len(result["verdicts_changed"])
            print(f"{result['rows_set_aside']} rows set aside; put back in use, they change "
                  f"{n or 'no'} verdict{'' if n == 1 else 's'}"
                  + "".join(f"\n  {c}" for c in result["verdicts_changed"]), file=sys.stderr)
            return 0
        if args.command == "accept":
            return accept(args.claims, paths, args.today)
        return write_readme(paths, check=args.check)
    except DataError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
