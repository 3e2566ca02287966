"""Timings for maintainers (``make bench``): ``make run FORCE=1`` (every notebook, in parallel) against a sequential
``jupyter nbconvert --execute`` of the same notebooks, the two alternated; ``make run`` with nothing changed (no
notebook runs); warm ``make test``; ``make data`` from a mirror (DATA_MIRROR); and ``factcheck.load`` of every
table. Prints medians and ratios; writes nothing but what the timed commands write (``make run`` and ``make data``
rewrite nothing when nothing changed)."""
from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = ROOT / ".venv" / "bin"


def timed(cmd: list[str], env: dict | None = None) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, cwd=ROOT, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                   env={**os.environ, **(env or {})})
    return time.perf_counter() - start


def load_every_table() -> float:
    code = ("import time; from factcheck import load; from factcheck.data import catalog\n"
            "t = time.perf_counter()\n"
            "[load(t) for t in catalog.catalog()['tables']]\n"
            "print(time.perf_counter() - t)")
    out = subprocess.run([str(BIN / "python"), "-c", code], cwd=ROOT, check=True, capture_output=True, text=True)
    return float(out.stdout)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3, help="rounds of make run / nbconvert (default 3)")
    parser.add_argument("--skip-test", action="store_true", help="leave out the warm make test")
    args = parser.parse_args()
    notebooks = sorted(str(p.relative_to(ROOT)) for p in (ROOT / "notebooks").glob("*.ipynb"))
    make_run, nbconvert, unchanged = [], [], []
    with tempfile.TemporaryDirectory() as out:
        for _ in range(args.rounds):  # alternated, so that a warm or busy machine favours neither
            make_run.append(timed(["make", "-s", "run", "FORCE=1"]))
            unchanged.append(timed(["make", "-s", "run"]))
            nbconvert.append(timed([str(BIN / "jupyter"), "nbconvert", "--to", "notebook", "--execute",
                                    "--output-dir", out, *notebooks]))
    rows = [(f"make run FORCE=1 (parallel, {os.cpu_count()} cores)", statistics.median(make_run)),
            ("jupyter nbconvert --execute, sequential", statistics.median(nbconvert)),
            ("make run, nothing changed", statistics.median(unchanged))]
    if not args.skip_test:
        timed(["make", "-s", "test"])  # warm-up: the venv, bytecode and caches
        rows.append(("make test (warm)", timed(["make", "-s", "test"])))
    if os.environ.get("DATA_MIRROR"):
        rows.append(("make data (from DATA_MIRROR)", timed(["make", "-s", "data"])))
    rows.append(("factcheck.load of every table", statistics.median(load_every_table() for _ in range(5))))
    width = max(len(name) for name, _ in rows)
    for name, seconds in rows:
        print(f"{name:<{width}}  {seconds:7.2f} s")
    print(f"{'ratio make run FORCE=1 / nbconvert':<{width}}  {rows[0][1] / rows[1][1]:7.2f}")
    print(f"{'ratio unchanged / FORCE=1':<{width}}  {rows[2][1] / rows[0][1]:7.2f}")
    print(f"rounds: {args.rounds}; make run: {', '.join(f'{t:.1f}' for t in make_run)} s; "
          f"nbconvert: {', '.join(f'{t:.1f}' for t in nbconvert)} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
