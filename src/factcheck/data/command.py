"""``factcheck-data``: build the processed tables, commit them, or check that they rebuild byte for byte.

  factcheck-data build [SOURCE ...]   fetch (or read --mirror), build and check into data/.factcheck-stage/
  factcheck-data commit               make the finished stage data/processed/ in one atomic swap
  factcheck-data check [SOURCE ...]   rebuild into a scratch folder; fail if any table differs from the committed

``make data`` runs build, then ``factcheck-claims verify --staged`` (the notebooks on the staged tables: no
verdict may flip), then commit. Reads the catalog and raw files; writes under data/ (see factcheck.data.store).
"""
from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
from pathlib import Path

from factcheck.data import build, store
from factcheck.errors import DataError
from factcheck.paths import Paths


def run_build(paths: Paths, sources: list[str], mirror: Path | None, today: dt.date, http=None) -> int:
    store.recover(paths)
    store.clean(paths)
    try:
        entries, rebuilt = build.build_into(store.fresh(paths.stage), paths, sources, mirror, today, http)
    except BaseException:
        store.clean(paths)  # a failed build leaves nothing behind (a killed one: the next run cleans up)
        raise
    store.mark_ready(paths)
    changed = build.differences(paths, paths.stage, entries, rebuilt)
    print(f"{len(rebuilt)} tables built into {paths.rel(paths.stage)}, {len(changed)} differ from the committed"
          + "".join(f"\n  {c}" for c in changed), file=sys.stderr)
    return 0


def run_commit(paths: Paths) -> int:
    store.commit(paths)
    print(f"committed: {paths.rel(paths.committed)} now holds the staged build", file=sys.stderr)
    return 0


def run_check(paths: Paths, sources: list[str], mirror: Path | None, today: dt.date, http=None) -> int:
    store.recover(paths)
    store.clean(paths, keep_stage=True)
    folder = store.fresh(store.check_dir(paths))
    try:
        entries, rebuilt = build.build_into(folder, paths, sources, mirror, today, http)
        changed = build.differences(paths, folder, entries, rebuilt)
    finally:
        store.clean(paths, keep_stage=True)
    if changed:
        print(f"{len(changed)} of {len(rebuilt)} rebuilt tables differ from the committed ones:"
              + "".join(f"\n  {c}" for c in changed), file=sys.stderr)
        return 1
    print(f"{len(rebuilt)} rebuilt tables are byte-identical to the committed ones", file=sys.stderr)
    return 0


def main(argv: list[str] | None = None, paths: Paths | None = None, http=None) -> int:
    parser = argparse.ArgumentParser(prog="factcheck-data", description=__doc__.splitlines()[0])
    parser.add_argument("step", choices=["build", "commit", "check"])
    parser.add_argument("sources", nargs="*", help="source ids from data/sources.yaml (default: all)")
    parser.add_argument("--mirror", type=lambda v: Path(v) if v else None,
                        default=os.environ.get("DATA_MIRROR") or None,
                        help="read raw files from this folder instead of the network (default: $DATA_MIRROR; "
                             "--mirror= builds from the network even when it is set)")
    parser.add_argument("--today", type=dt.date.fromisoformat, default=dt.date.today(),
                        help="the build date (default: today): no input may be dated later, beyond its allowance")
    args = parser.parse_args(argv)
    paths = paths or Paths.default()
    paths = paths.with_processed(paths.committed)  # the data commands work on the committed folder, whatever the env
    try:
        if args.step == "commit":
            return run_commit(paths)
        step = run_build if args.step == "build" else run_check
        return step(paths, args.sources, args.mirror, args.today, http)
    except DataError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except OSError as exc:
        print(f"error: {exc.filename or ''}: {exc.strerror or exc} (the committed data is unchanged)", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
