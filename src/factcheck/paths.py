"""Where the project keeps its files (all relative to the repository root)."""
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "data"
CATALOG = DATA / "sources.yaml"
MANIFEST = DATA / "manifest.json"
PROCESSED = DATA / "processed"
CURATED = DATA / "curated"
RAW = DATA / "raw"
FIGURES = ROOT / "figures"
NOTEBOOKS = ROOT / "notebooks"


def rel(path: Path) -> str:
    """Path relative to the repository root, for messages and the manifest."""
    try:
        return Path(path).resolve().relative_to(ROOT).as_posix()
    except ValueError:
        return Path(path).as_posix()
