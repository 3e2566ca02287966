"""``factcheck-run``: execute the notebooks in place from the committed data, in parallel (one kernel per core),
rewriting their outputs and the figures they draw. Reads notebooks/ and the data; writes notebooks/ and
figures/."""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from factcheck.notebook import execute_all
from factcheck.paths import Paths


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="factcheck-run", description=__doc__.splitlines()[0])
    parser.add_argument("notebooks", nargs="*", type=Path, help="default: every notebooks/*.ipynb")
    parser.add_argument("-j", "--jobs", type=int, default=None, help="notebooks at a time (default: one per core)")
    args = parser.parse_args(argv)
    targets = args.notebooks or sorted(Paths.default().notebooks.glob("*.ipynb"))
    start = time.perf_counter()
    runs = execute_all(targets, jobs=args.jobs)
    for run in runs:
        print(f"{'error' if run.error else 'executed'}: {run.path} in {run.seconds:.1f} s"
              + (f": {run.error}" if run.error else ""), file=sys.stderr)
    print(f"{len(runs)} notebooks in {time.perf_counter() - start:.1f} s", file=sys.stderr)
    return 1 if any(run.error for run in runs) else 0


if __name__ == "__main__":
    sys.exit(main())
