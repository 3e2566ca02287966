"""Chart mechanics: one style and palette, a source line under every chart, SVG and PNG files that are
byte-identical on re-run, and the :class:`Chart` a notebook shows (the PNG written, then a caption
whose dataset ids link to their tables). Reads the catalog and manifest (publishers, files); writes
figures/<name>.svg and .png (or the folder FACTCHECK_FIGURES names).
"""
from __future__ import annotations

import base64
import html
import textwrap
from pathlib import Path

import matplotlib as mpl
import matplotlib.pyplot as plt
from IPython.display import display
from matplotlib.ticker import StrMethodFormatter

from factcheck.data.load import provenance, publishers
from factcheck.paths import Paths

STYLE = Path(__file__).with_name("factcheck.mplstyle")
METADATA = {".svg": {"Date": None, "Creator": None}, ".png": {"Software": None}}
_CYCLE = mpl.rc_params_from_file(STYLE, use_default_template=False)["axes.prop_cycle"].by_key()["color"]
NAVY, RED, GREY, ORANGE, GREEN, PURPLE, TEAL = _CYCLE  # the style's colour cycle, by name
MIMETYPE = "application/vnd.factcheck.figure+json"


def data_link(table_id: str) -> str:
    """A link from a notebook (in notebooks/) to a table's file."""
    return f'<a href="../{provenance(table_id)["file"]}">{table_id}</a>'


def figure(nrows: int = 1, ncols: int = 1, **kwargs):
    """A new figure and axes in the project's style."""
    mpl.style.use(STYLE)
    return plt.subplots(nrows, ncols, **kwargs)


def source_text(tables: list[str], extra: str = "") -> str:
    """A chart's source line: publishers, a note, then the dataset ids a reader can look up."""
    text = "Source: " + "; ".join(publishers(tables))
    if extra:
        text += f". {extra}"
    return text + f". Data: {', '.join(tables)} (see data/sources.yaml)"


class Chart:
    """A chart saved under figures/: shown as the PNG file written, then its caption and source line,
    with the dataset ids as links. Carries its name, caption and datasets as data (:data:`MIMETYPE`)."""

    def __init__(self, name: str, caption: str, tables: list[str], extra: str = "", out_dir: Path | None = None):
        self.name, self.caption, self.tables, self.extra = name, caption, list(tables), extra
        self.out_dir = Path(out_dir or Paths.default().figures)

    @property
    def source(self) -> str:
        return source_text(self.tables, self.extra)

    def save(self, fig, tight: bool = True) -> Chart:
        """Write the source line under ``fig`` and save it as SVG and PNG; close it. ``tight=False`` keeps a
        layout the chart fixed itself (leaving room at the bottom for the source line)."""
        line = "\n".join(textwrap.wrap(self.source, 150))
        fig.text(0.01, 0.005, line, ha="left", va="bottom", fontsize=7.5, color=GREY)
        for ax in fig.axes:  # thousands separators on long value axes
            if ax.get_yscale() == "linear" and max(abs(v) for v in ax.get_ylim()) >= 1000:
                ax.yaxis.set_major_formatter(StrMethodFormatter("{x:,.0f}"))
        if tight:
            inches = 0.15 + 0.13 * (line.count("\n") + 1)  # the source line's height
            fig.tight_layout(rect=(0, inches / fig.get_figheight(), 1, 1))
        self.out_dir.mkdir(parents=True, exist_ok=True)
        for suffix, meta in METADATA.items():
            fig.savefig(self.out_dir / f"{self.name}{suffix}", metadata=meta)
        plt.close(fig)
        return self

    def caption_html(self) -> str:
        links = ", ".join(data_link(t) for t in self.tables)
        files = " · ".join(f'<a href="../figures/{self.name}.{ext}">{ext.upper()}</a>' for ext in ("svg", "png"))
        return (f'<p class="fc-caption tex2jax_ignore mathjax_ignore" style="color:#57606a;font-size:90%;'
                f'margin:2px 0 14px 0"><strong>{html.escape(self.caption)}</strong> Data: {links}. '
                f"Download the chart: {files}</p>")

    def _ipython_display_(self):
        png = (self.out_dir / f"{self.name}.png").read_bytes()
        display({"image/png": base64.b64encode(png).decode("ascii"), "text/plain": f"[chart: {self.caption}]"},
                raw=True)
        display({"text/html": self.caption_html(), "text/plain": f"{self.caption} {self.source}",
                 MIMETYPE: {"name": self.name, "caption": self.caption, "source": self.source,
                            "datasets": self.tables}}, raw=True)
