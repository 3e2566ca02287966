"""Tables for readers: styled HTML (pandas Styler) with readable headers, no index, formatted numbers,
wrapped text and blanks for missing values, plus plain text for terminals; and the list of datasets a
notebook used, with their trail (file, builder, source URLs). Reads the catalog and manifest through
:mod:`factcheck.load`; writes nothing.
"""
from __future__ import annotations

import hashlib
import html
from collections.abc import Callable

import pandas as pd

from factcheck.load import loaded, provenance

Format = str | Callable[[object], str]
_STYLES = [
    {"selector": "", "props": "border-collapse:collapse;margin:6px 0 12px 0"},
    {"selector": "caption", "props": "caption-side:top;text-align:left;font-weight:600;padding:4px 0"},
    {"selector": "th", "props": "text-align:left;vertical-align:bottom;padding:4px 10px;"
                                "border-bottom:1px solid #8c959f;white-space:normal"},
    {"selector": "td", "props": "text-align:left;vertical-align:top;padding:4px 10px;"
                                "border-bottom:1px solid #eaeef2;white-space:normal;max-width:38em"},
]
_NUMBER = "text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap"


def _cell(value, fmt: Format | None) -> str:
    if value is None or value is pd.NA or value is pd.NaT or (isinstance(value, float) and pd.isna(value)):
        return ""
    if fmt is None:
        return str(value)
    return fmt(value) if callable(fmt) else fmt.format(value)


def link(url: str, text: str) -> str:
    """An HTML link (for a column passed in ``html=``)."""
    return f'<a href="{html.escape(url, quote=True)}">{html.escape(text)}</a>'


class Table:
    """A DataFrame shown for people. ``columns`` picks and renames (old -> header); ``formats`` maps a
    header to a format string ("{:,.0f}") or function; ``html`` names headers whose cells are HTML
    already (links); numbers are right-aligned, everything else left-aligned and wrapped."""

    def __init__(self, df: pd.DataFrame, columns: dict[str, str] | None = None,
                 formats: dict[str, Format] | None = None, caption: str = "", html: tuple[str, ...] = ()):
        frame = df.reset_index(drop=True) if columns is None else df[list(columns)].rename(columns=columns)
        self.frame = frame.reset_index(drop=True)
        self.formats = dict(formats or {})
        self.caption = caption
        self.html_columns = tuple(html)
        unknown = (set(self.formats) | set(self.html_columns)) - set(self.frame.columns)
        if unknown:
            raise KeyError(f"no such column: {', '.join(sorted(unknown))}")

    def text_cells(self) -> pd.DataFrame:
        """Every cell as the text a reader sees (missing values blank)."""
        return pd.DataFrame({c: [_cell(v, self.formats.get(c)) for v in self.frame[c]] for c in self.frame.columns})

    def _repr_html_(self) -> str:
        cells = self.text_cells()
        plain = [c for c in cells.columns if c not in self.html_columns]
        cells[plain] = cells[plain].map(html.escape)
        uid = hashlib.sha1(cells.to_json().encode() + self.caption.encode()).hexdigest()[:10]
        styler = cells.style.hide(axis="index").set_uuid(uid).set_table_styles(_STYLES)
        numeric = [c for c in self.frame.columns if pd.api.types.is_numeric_dtype(self.frame[c])
                   and not pd.api.types.is_bool_dtype(self.frame[c])]
        if numeric:
            styler = styler.set_properties(subset=numeric, **dict(p.split(":") for p in _NUMBER.split(";")))
        if self.caption:
            styler = styler.set_caption(html.escape(self.caption))
        return styler.to_html(table_attributes=f'class="fc-table {NO_MATH}"')

    def __repr__(self) -> str:
        text = self.text_cells()
        if self.html_columns:  # links read as their text
            text[list(self.html_columns)] = text[list(self.html_columns)].replace(r"<[^>]+>", "", regex=True)
        body = text.to_string(index=False) if len(text) else "(no rows)"
        return f"{self.caption}\n{body}" if self.caption else body


def table(df: pd.DataFrame, columns: dict[str, str] | None = None, formats: dict[str, Format] | None = None,
          caption: str = "", html: tuple[str, ...] = ()) -> Table:
    """``df`` as a :class:`Table` (the last line of a cell shows it)."""
    return Table(df, columns, formats, caption, html)


NO_MATH = "tex2jax_ignore mathjax_ignore"  # classes that keep MathJax from reading "$60 ... $45" as maths


class Say:
    """A sentence computed in a notebook, shown as Markdown (bold and links work) and as plain text."""

    def __init__(self, markdown: str):
        self.markdown = markdown

    def _repr_markdown_(self) -> str:
        return self.markdown.replace("$", "\\$")  # a dollar sign, not the start of maths

    def __repr__(self) -> str:
        return self.markdown.replace("**", "")


def say(markdown: str) -> Say:
    """``markdown`` as a notebook output (the last line of a cell shows it)."""
    return Say(markdown)


def sources_column(df: pd.DataFrame) -> list[str]:
    """Each row's outlet as a link to its page (the first of several URLs) and its publication date."""
    out = []
    for url, by, when in zip(df["source_url"].fillna(""), df["reported_by"], df["published"].fillna("")):
        first = str(url).split(" | ")[0].strip()
        text = f"{by}, {when}" if when else str(by)
        out.append(link(first, text) if first else html.escape(text))
    return out


def events_table(events: pd.DataFrame, ids: list[str]) -> Table:
    """The events ``ids`` (in date order): date, short name, what happened, and the outlet that reported it."""
    rows = events[events["event_id"].isin(ids)].sort_values(["date", "event_id"])
    rows = rows.assign(source=sources_column(rows))
    return table(rows, {"event_id": "event", "date": "date", "label": "in short", "event": "what happened",
                        "source": "reported by"}, html=("reported by",))


class DatasetsTable(Table):
    """The datasets a notebook used; carries their ids as data (:attr:`MIMETYPE`) for the site's dataset pages."""

    MIMETYPE = "application/vnd.factcheck.datasets+json"

    def __init__(self, ids: list[str]):
        self.ids = list(ids)
        rows = []
        for tid in self.ids:
            p = provenance(tid)
            inputs = list({i["url"]: i for i in p["inputs"]}.values())
            built_from = "<br>".join(link(i["url"], i["name"]) if i["url"].startswith("http")
                                     else link(f"../{i['url']}", i["url"]) for i in inputs[:4])
            if len(inputs) > 4:
                built_from += f"<br>and {len(inputs) - 4} more (see data/manifest.json)"
            rows.append({"dataset": link(f"../{p['file']}", tid), "what it holds": p["title"], "unit": p["unit"],
                         "publisher": p["publisher"], "built by": p["builder"], "built from": built_from})
        super().__init__(pd.DataFrame(rows), caption="Datasets used in this notebook", html=("dataset", "built from"))

    def _repr_mimebundle_(self, include=None, exclude=None):
        return {"text/html": self._repr_html_(), "text/plain": repr(self), self.MIMETYPE: {"datasets": self.ids}}


def datasets_used() -> DatasetsTable:
    """Every dataset the notebook has loaded so far, in the order first loaded, with its trail."""
    return DatasetsTable(loaded())
