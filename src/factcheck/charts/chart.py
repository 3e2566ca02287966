"""Chart mechanics: one style and palette, a source line under every chart, SVG and PNG files that are
byte-identical on re-run, two layouts of every chart (wide for desktops and notebooks; narrow for phones,
drawn by the same chart function through :func:`drawn`), and the :class:`Chart` a notebook shows (the wide PNG
written, with its caption as alt text, then the caption whose dataset ids link to their tables). Reads the
catalog and manifest (publishers, files); writes figures/<name>.svg and .png, and <name>-narrow.svg (the site
serves it to phones), or into the folder FACTCHECK_FIGURES names.
"""
from __future__ import annotations

import base64
import contextvars
import functools
import html
import textwrap
from pathlib import Path

import matplotlib as mpl
import matplotlib.pyplot as plt
from IPython.display import display
from matplotlib.text import Text
from matplotlib.ticker import StrMethodFormatter

from factcheck.data.load import provenance, publishers
from factcheck.paths import Paths

STYLE = Path(__file__).with_name("factcheck.mplstyle")
METADATA = {".svg": {"Date": None, "Creator": None}, ".png": {"Software": None}}
_CYCLE = mpl.rc_params_from_file(STYLE, use_default_template=False)["axes.prop_cycle"].by_key()["color"]
NAVY, RED, GREY, ORANGE, GREEN, PURPLE, TEAL = _CYCLE  # the style's colour cycle, by name
MIMETYPE = "application/vnd.factcheck.figure+json"
FORMATS = {"wide": (".svg", ".png"), "narrow": (".svg",)}  # the files each layout is written as


def data_link(table_id: str) -> str:
    """A link from a notebook (in notebooks/) to a table's file."""
    return f'<a href="../{provenance(table_id)["file"]}">{table_id}</a>'


_LAYOUT = contextvars.ContextVar("chart_layout", default="wide")
NARROW_WIDTH = 4.8  # inches: shown about 320 px wide on a 390 px phone, where 9 pt text reads at 8.3 CSS px
MIN_PT = 9.0  # the smallest text a narrow chart draws (points)
_NARROW_RC = {"font.size": 9.5, "axes.titlesize": 10.5, "axes.labelsize": 9.5, "xtick.labelsize": 9,
              "ytick.labelsize": 9, "legend.fontsize": 9, "legend.handlelength": 1.5}


def narrow() -> bool:
    """Whether the chart being drawn is the narrow (phone) layout."""
    return _LAYOUT.get() == "narrow"


def pt(size: float) -> float:
    """A font size: as given in the wide layout, at least :data:`MIN_PT` in the narrow one."""
    return max(size, MIN_PT) if narrow() else size


def wrap(text: str, wide: int, narrow_width: int) -> str:
    """Text wrapped to ``wide`` characters a line, or ``narrow_width`` in the narrow layout."""
    return textwrap.fill(text, narrow_width if narrow() else wide)


def figure(nrows: int = 1, ncols: int = 1, figsize: tuple[float, float] | None = None,
           narrow_height: float | None = None, **kwargs):
    """A new figure and axes in the project's style. In the narrow layout the figure is :data:`NARROW_WIDTH`
    wide and ``narrow_height`` (default: 3.2 in a panel) tall, with larger text, and panels side by side are
    stacked (their width ratios becoming height ratios)."""
    mpl.style.use(STYLE)
    if narrow():
        mpl.rcParams.update(_NARROW_RC)
        if nrows == 1 and ncols > 1:
            nrows, ncols = ncols, 1
            grid = dict(kwargs.pop("gridspec_kw", {}))
            if "width_ratios" in grid:
                grid["height_ratios"] = grid.pop("width_ratios")
            kwargs["gridspec_kw"] = grid
        figsize = (NARROW_WIDTH, narrow_height or 3.2 * nrows + 0.4)
    return plt.subplots(nrows, ncols, figsize=figsize, **kwargs)


def drawn(draw):
    """A chart function drawn twice, narrow then wide: each writes its own files; the wide :class:`Chart` is
    returned, carrying both layouts' sizes."""
    @functools.wraps(draw)
    def both(*args, **kwargs) -> Chart:
        token = _LAYOUT.set("narrow")
        try:
            small = draw(*args, **kwargs)
        finally:
            _LAYOUT.reset(token)
        chart = draw(*args, **kwargs)
        chart.layouts.update(small.layouts)
        return chart
    return both


def source_text(tables: list[str], extra: str = "") -> str:
    """A chart's source line: publishers, a note, then the dataset ids a reader can look up."""
    text = "Source: " + "; ".join(publishers(tables))
    if extra:
        text += f". {extra}"
    return text + f". Data: {', '.join(tables)} (see data/sources.yaml)"


def _json(x: float) -> int | float:
    """A number as JupyterLab writes it back (2.0 as 2), so that saving a notebook changes no byte."""
    x = round(float(x), 2)
    return int(x) if x.is_integer() else x


class Chart:
    """A chart saved under figures/: shown as the PNG file written, then its caption and source line,
    with the dataset ids as links. Carries its name, caption and datasets as data (:data:`MIMETYPE`)."""

    def __init__(self, name: str, caption: str, tables: list[str], extra: str = "", out_dir: Path | None = None):
        self.name, self.caption, self.tables, self.extra = name, caption, list(tables), extra
        self.out_dir = Path(out_dir or Paths.default().figures)
        self.layouts: dict[str, dict] = {}  # layout -> file stem, width (in) and smallest text (pt)

    @property
    def source(self) -> str:
        return source_text(self.tables, self.extra)

    def save(self, fig, tight: bool = True) -> Chart:
        """Write the source line under ``fig`` and save it in its layout's formats (:data:`FORMATS`: the wide
        drawing as SVG and PNG, the narrow one as SVG); close it. ``tight=False`` keeps a layout the chart fixed
        itself (leaving room at the bottom for the source line)."""
        line = wrap(self.source, 150, 70)
        fig.text(0.01, 0.005, line, ha="left", va="bottom", fontsize=pt(7.5), color=GREY)
        for ax in fig.axes:  # thousands separators on long value axes
            if ax.get_yscale() == "linear" and max(abs(v) for v in ax.get_ylim()) >= 1000:
                ax.yaxis.set_major_formatter(StrMethodFormatter("{x:,.0f}"))
        if tight:
            inches = 0.15 + 0.13 * (line.count("\n") + 1)  # the source line's height
            fig.tight_layout(rect=(0, inches / fig.get_figheight(), 1, 1))
        self.out_dir.mkdir(parents=True, exist_ok=True)
        stem = f"{self.name}-narrow" if narrow() else self.name
        for suffix in FORMATS[_LAYOUT.get()]:
            fig.savefig(self.out_dir / f"{stem}{suffix}", metadata=METADATA[suffix])
        shown = [t for t in fig.findobj(Text) if t.get_visible() and t.get_text().strip()]
        self.layouts[_LAYOUT.get()] = {"file": stem, "width_in": _json(fig.get_figwidth()),
                                       "min_text_pt": _json(min(t.get_fontsize() for t in shown))}
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
                metadata={"image/png": {"alt": self.caption}}, raw=True)
        display({"text/html": self.caption_html(), "text/plain": f"{self.caption} {self.source}",
                 MIMETYPE: {"name": self.name, "caption": self.caption, "source": self.source,
                            "datasets": self.tables, "layouts": self.layouts}}, raw=True)
