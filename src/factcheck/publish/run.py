"""``factcheck-run``: execute the notebooks in place from the committed data, in parallel (one kernel per core),
rewriting their outputs and the figures they draw; a notebook whose inputs have not changed since its last run is
left as it is (:mod:`factcheck.publish.freshness`), unless ``--force``. Reads notebooks/ and the data; writes
notebooks/, figures/ and .factcheck-cache/run/."""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from factcheck.claims.notebook_verdicts import notebook_files
from factcheck.notebook import execute_all
from factcheck.paths import Paths
from factcheck.publish import freshness


def run(notebooks: list[Path], paths: Paths, force: bool = False, jobs: int | None = None) -> bool:
    """Execute those of ``notebooks`` that need it (all with ``force``), recording each run; say what ran and what
    did not, on stderr. True if every notebook that ran succeeded."""
    start = time.perf_counter()
    stale = [nb for nb in notebooks if force or not freshness.is_current(nb, paths)]
    for nb in notebooks:
        if nb not in stale:
            print(f"up to date: {nb} (its code, the data it reads, the package and the environment are unchanged)",
                  file=sys.stderr)
    runs = execute_all(stale, env=paths.environment(), jobs=jobs) if stale else []  # where ``paths`` says
    for r in runs:
        (freshness.forget if r.error else freshness.record)(r.path, paths)
        print(f"{'error' if r.error else 'executed'}: {r.path} in {r.seconds:.1f} s"
              + (f": {r.error}" if r.error else ""), file=sys.stderr)
    print(f"{len(runs)} of {len(notebooks)} notebooks run in {time.perf_counter() - start:.1f} s"
          + ("" if force else " (make run FORCE=1 runs them all)"), file=sys.stderr)
    return not any(r.error for r in runs)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="factcheck-run", description=__doc__.splitlines()[0])
    parser.add_argument("notebooks", nargs="*", type=Path, help="default: every notebooks/*.ipynb")
    parser.add_argument("-j", "--jobs", type=int, default=None, help="notebooks at a time (default: one per core)")
    parser.add_argument("--force", action="store_true", help="run every notebook, changed or not")
    args = parser.parse_args(argv)
    paths = Paths.default()
    targets = args.notebooks or notebook_files(paths)
    return 0 if run(targets, paths, force=args.force, jobs=args.jobs) else 1


if __name__ == "__main__":
    sys.exit(main())
