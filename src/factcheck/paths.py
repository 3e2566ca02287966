"""Where the project keeps its files (all relative to the repository root).

FACTCHECK_PROCESSED and FACTCHECK_FIGURES redirect the tables notebooks read and the figures
they write: `factcheck-claims verify` uses them to run the notebooks on rebuilt data.
"""
import os
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "data"
CATALOG = DATA / "sources.yaml"
MANIFEST = DATA / "manifest.json"
COMMITTED = DATA / "processed"
PROCESSED = Path(os.environ.get("FACTCHECK_PROCESSED") or COMMITTED)
RAW = DATA / "raw"
FIGURES = Path(os.environ.get("FACTCHECK_FIGURES") or ROOT / "figures")
NOTEBOOKS = ROOT / "notebooks"


def rel(path: Path) -> str:
    """Path relative to the repository root, for messages and the manifest."""
    try:
        return Path(path).resolve().relative_to(ROOT).as_posix()
    except ValueError:
        return Path(path).as_posix()
