"""Charts: one style, a source line under every chart, SVG and PNG that are byte-identical on re-run."""
from __future__ import annotations

import textwrap
from pathlib import Path

import matplotlib as mpl
import matplotlib.pyplot as plt

from factcheck import paths

STYLE = Path(__file__).with_name("factcheck.mplstyle")
METADATA = {".svg": {"Date": None, "Creator": None}, ".png": {"Software": None}}


def use_style() -> None:
    """Apply the project's matplotlib style."""
    mpl.style.use(STYLE)


def figure(nrows: int = 1, ncols: int = 1, **kwargs):
    """A new figure and axes in the project's style."""
    use_style()
    return plt.subplots(nrows, ncols, **kwargs)


def save(fig, name: str, source: str, out_dir: Path | None = None) -> list[str]:
    """Add the source line under ``fig`` and write figures/<name>.svg and .png; return the paths written."""
    line = "\n".join(textwrap.wrap(source, 150))
    fig.text(0.01, 0.005, line, ha="left", va="bottom", fontsize=7, color="#555555")
    n_lines = line.count("\n") + 1
    fig.tight_layout(rect=(0, 0.03 + 0.025 * n_lines, 1, 1))
    out_dir = Path(out_dir or paths.FIGURES)
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for suffix, meta in METADATA.items():
        path = out_dir / f"{name}{suffix}"
        fig.savefig(path, metadata=meta)
        written.append(paths.rel(path))
    return written
