"""``factcheck-data``: fetch raw files, build and validate processed tables, write them and the manifest.

Either every requested table is written, or (on any error) nothing is: tables are
built into a staging folder first and moved into data/processed/ only at the end.
"""
from __future__ import annotations

import argparse
import datetime as dt
import importlib
import os
import shutil
import sys
import tempfile
from pathlib import Path

from factcheck import catalog, consistency, fetch, manifest, paths
from factcheck.errors import DataError
from factcheck.tableio import format_table, sha256, write_csv
from factcheck.validate import check_table


def builder(spec: str):
    """The builder function named ``module:function`` in the catalog."""
    module, func = spec.split(":")
    return getattr(importlib.import_module(module), func)


def now_utc() -> str:
    return dt.datetime.now(dt.timezone.utc).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def build_source(source_id: str, source: dict, tables: dict, mirror: Path | None, stage: Path,
                 previous: dict, raw_dir: Path | None = None, http=None) -> tuple[dict, list[str]]:
    """Build one source's tables into ``stage``; return their manifest entries and notes.

    Two kinds of source are skipped, with a note, keeping their committed tables: a ``fetch: manual``
    source without a mirror folder (its files have no URL to download), and a ``fetch: yfinance``
    source whose files are all absent from the mirror (Yahoo data cannot be redistributed).
    """
    if mirror is None and source["fetch"] == "manual":
        landing = source["files"][0].get("landing", "the publisher's site")
        return {}, [f"{source_id}: skipped: its files are downloaded by hand (from {landing}); save them in a "
                    f"folder laid out like the mirror ({source['files'][0]['mirror']}, ...) and build with "
                    f"DATA_MIRROR=that-folder"]
    if mirror is not None and source["fetch"] == "yfinance" and not any(
            (Path(mirror) / f["mirror"]).is_file() for f in source["files"]):
        return {}, [f"{source_id}: skipped: the mirror holds no Yahoo Finance files (build online with `make data`)"]
    files = fetch.get_files(source_id, source, mirror, raw_dir, http, url_params={"today": dt.date.today()})
    try:
        built = builder(source["builder"])(files, source, source_id)
    except (ImportError, AttributeError) as exc:
        raise DataError(f"source {source_id}: builder {source['builder']} not found ({exc})") from None
    except KeyError as exc:
        raise DataError(f"source {source_id}: the catalog entry or its files lack {exc} (see data/sources.yaml)") from None
    missing = set(source["tables"]) - set(built.tables)
    if missing:
        raise DataError(f"source {source_id}: builder made no table {sorted(missing)}")
    now = now_utc()
    entries = {}
    for table_id in source["tables"]:
        spec = tables[table_id]
        out = stage / f"{table_id}.csv"
        where = f"source {source_id}: table {table_id}"
        text = check_table(format_table(built.tables[table_id], spec, where), spec, where)
        write_csv(text, out)
        old_inputs = previous.get(table_id, {}).get("inputs", [])
        date_col = spec.get("date_column") or (spec.get("key") or [None])[0]
        entries[table_id] = {
            "title": spec["title"],
            "source": source_id,
            "builder": source["builder"],
            "inputs": [manifest.input_entry(f, old_inputs, now) for f in files
                       if f.name in built.inputs.get(table_id, [f.name])],
            "output": {
                "path": f"data/processed/{table_id}.csv",
                "sha256": sha256(out),
                "rows": int(len(text)),
                "first": None if date_col is None else min(v for v in text[date_col] if v),
                "last": None if date_col is None else max(v for v in text[date_col] if v),
            },
            "notes": built.notes.get(table_id, []),
        }
    return entries, [f"{t}: {n}" for t, ns in built.notes.items() for n in ns]


def guard_verdicts(stage: Path, out_dir: Path, changed: list[str]) -> None:
    """Refuse rebuilt data that would flip a verdict: run the notebooks on it and list the flips."""
    from factcheck import verdicts

    if not changed or not verdicts.notebooks():
        return
    with tempfile.TemporaryDirectory(prefix="factcheck-merged-") as tmp:
        merged = Path(tmp)
        for src in list(out_dir.glob("*.csv")) + list(stage.glob("*.csv")):
            shutil.copy(src, merged / src.name)
        print(f"re-running the notebooks on the rebuilt tables ({', '.join(changed)}) ...", file=sys.stderr)
        flipped = verdicts.verify(merged)
    if flipped:
        raise DataError(f"rebuilt data would flip verdicts, so nothing was written: {'; '.join(flipped)} "
                        f"(review, update data/claims.yaml, or rerun with --no-verify)")


def run(sources: list[str] | None, mirror: Path | None, check: bool, out_dir: Path | None = None,
        manifest_path: Path | None = None, raw_dir: Path | None = None, http=None, verify: bool = True) -> int:
    """Build the named sources (default: all). With ``check``, compare with the committed tables instead;
    otherwise (unless ``verify`` is off) refuse tables that would flip a verdict."""
    cat = catalog.catalog()
    out_dir = Path(out_dir or paths.PROCESSED)
    manifest_path = Path(manifest_path or paths.MANIFEST)
    wanted = sources or list(cat["sources"])
    for sid in wanted:
        catalog.source_spec(sid)
    current = manifest.read(manifest_path)
    out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=".factcheck-stage-", dir=out_dir.parent) as tmp:
        stage = Path(tmp)
        entries = {}
        for sid in wanted:
            print(f"building {sid} ...", file=sys.stderr)
            new, notes = build_source(sid, cat["sources"][sid], cat["tables"], mirror, stage,
                                      current["tables"], raw_dir, http)
            entries.update(new)
            for note in notes:
                print(f"  note: {note}", file=sys.stderr)
        consistency.enforce(out_dir, overlay=stage)  # the second reader: nothing is written if it objects
        if check:
            return compare(entries, current["tables"], stage, out_dir)
        changed = []
        for table_id, entry in entries.items():
            target = out_dir / f"{table_id}.csv"
            if not target.is_file() or sha256(target) != entry["output"]["sha256"]:
                changed.append(table_id)
        if verify:
            guard_verdicts(stage, out_dir, changed)
        tables = dict(current["tables"])
        tables.update(entries)
        tables = {k: v for k, v in tables.items() if k in cat["tables"]}
        (stage / "manifest.json").write_text(manifest.dumps({"tables": tables}), encoding="utf-8")
        moves = [(stage / f"{t}.csv", out_dir / f"{t}.csv") for t in entries] + [(stage / "manifest.json", manifest_path)]
        commit(moves, stage / "previous")
    print(f"{len(entries)} tables built, {len(changed)} changed"
          + (f": {', '.join(sorted(changed))}" if changed else ""), file=sys.stderr)
    return 0


def commit(moves: list[tuple[Path, Path]], backup: Path) -> None:
    """Move staged files into place all together: on any failure, put back what was there before."""
    backup.mkdir()
    done = []
    try:
        for new, target in moves:
            kept = backup / f"{len(done)}-{target.name}"
            if target.exists():
                os.replace(target, kept)
            done.append((target, kept))
            os.replace(new, target)
            os.chmod(target, 0o644)
    except OSError as exc:
        for target, kept in reversed(done):
            if kept.exists():
                os.replace(kept, target)
            else:
                target.unlink(missing_ok=True)
        raise DataError(f"cannot write {paths.rel(target)}: {exc.strerror or exc}; the committed data was restored") from None


def compare(entries: dict, committed: dict, stage: Path, out_dir: Path) -> int:
    """Exit status 1 if a table rebuilt from the same inputs (by sha256) as the committed one differs by a byte.

    A committed table built from other inputs (say, online, where the mirror holds an older copy) is not
    comparable: it is listed, not failed.
    """
    differ, other_inputs = [], []
    for table_id in sorted(entries):
        inputs = {i["sha256"] for i in entries[table_id]["inputs"]}
        if inputs != {i["sha256"] for i in committed.get(table_id, {}).get("inputs", [])}:
            other_inputs.append(table_id)
            continue
        target = out_dir / f"{table_id}.csv"
        if not target.is_file() or target.read_bytes() != (stage / f"{table_id}.csv").read_bytes():
            differ.append(table_id)
    if other_inputs:
        print(f"not compared (the committed tables were built from other inputs): {', '.join(other_inputs)}", file=sys.stderr)
    if differ:
        print(f"rebuilt tables differ from the committed ones: {', '.join(differ)}", file=sys.stderr)
        return 1
    print(f"{len(entries) - len(other_inputs)} rebuilt tables are byte-identical to the committed ones", file=sys.stderr)
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="factcheck-data", description=__doc__.splitlines()[0])
    parser.add_argument("sources", nargs="*", help="source ids from data/sources.yaml (default: all)")
    parser.add_argument("--mirror", type=Path, default=os.environ.get("DATA_MIRROR") or None,
                        help="read raw files from this folder instead of the network (default: $DATA_MIRROR)")
    parser.add_argument("--check", action="store_true",
                        help="rebuild into a scratch folder and fail if any table differs from the committed one")
    parser.add_argument("--no-verify", action="store_true",
                        help="write rebuilt tables even if they would flip a claim's verdict")
    args = parser.parse_args(argv)
    try:
        return run(args.sources, args.mirror, args.check, verify=not args.no_verify)
    except DataError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except OSError as exc:
        print(f"error: {exc.filename or ''}: {exc.strerror or exc} (nothing was written)", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
