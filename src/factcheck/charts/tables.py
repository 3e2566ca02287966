"""Tables for readers: styled HTML (pandas Styler) with readable headers, no index, formatted numbers,
wrapped text and blanks for missing values, plus plain text for terminals; and the list of datasets a
notebook used, with their trail (file, builder, source URLs). Reads the catalog and manifest through
:mod:`factcheck.data.load`; writes nothing.
"""
from __future__ import annotations

import hashlib
import html
import re
from collections.abc import Callable

import pandas as pd

from factcheck.data.builders.curated import urls_in
from factcheck.data.load import loaded, provenance

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
_DATE = re.compile(r"^\d{4}(-\d{2}){1,2}$")


def _cell(value, fmt: Format | None) -> str:
    if value is None or value is pd.NA or value is pd.NaT or (isinstance(value, float) and pd.isna(value)):
        return ""
    if fmt is None:
        text = str(value)
    else:
        text = fmt(value) if callable(fmt) else fmt.format(value)
    if isinstance(value, (int, float)) and not isinstance(value, bool) and text.startswith("-"):
        text = "\u2212" + text[1:]  # a minus sign, not a hyphen
    return text


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
        numeric = [i for i, c in enumerate(self.frame.columns) if pd.api.types.is_numeric_dtype(self.frame[c])
                   and not pd.api.types.is_bool_dtype(self.frame[c])]
        dates = [i for i, c in enumerate(cells.columns) if len(cells) and cells[c].str.match(_DATE.pattern).any()]
        styles = _STYLES + [{"selector": f"td.col{i}, th.col{i}", "props": _NUMBER} for i in numeric] \
            + [{"selector": f"td.col{i}", "props": "white-space:nowrap"} for i in dates if i not in numeric]
        styler = cells.style.hide(axis="index").set_uuid(uid).set_table_styles(styles)
        if self.caption:
            styler = styler.set_caption(html.escape(self.caption))
        body = styler.to_html(table_attributes=f'class="fc-table {NO_MATH}"')
        return scroll(self.caption or f"table of {', '.join(map(str, self.frame.columns))}", body)

    def __repr__(self) -> str:
        text = self.text_cells()
        if self.html_columns:  # links read as their text
            cols = list(self.html_columns)
            text[cols] = text[cols].replace(r"<br>", "; ", regex=True).replace(r"<[^>]+>", "", regex=True).map(
                html.unescape)
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
        # a dollar sign, never the start of maths: an entity for GitHub and MyST, and in an element MathJax skips
        # for JupyterLab, which typesets the rendered text
        return f'<div class="mathjax_ignore">\n\n{self.markdown.replace("$", "&#36;")}\n\n</div>'

    def __repr__(self) -> str:
        return self.markdown.replace("**", "")


def say(markdown: str) -> Say:
    """``markdown`` as a notebook output (the last line of a cell shows it)."""
    return Say(markdown)


def scroll(label: str, table: str) -> str:
    """A table that may be wider than a phone, inside a named region that scrolls and that a keyboard can reach."""
    name = html.escape(label, quote=True)
    return f'<div class="fc-scroll" role="region" aria-label="{name}" tabindex="0">{table}</div>'


def sources_column(df: pd.DataFrame) -> list[str]:
    """Each row's outlet as a link to its page (the first of several URLs) and its publication date."""
    out = []
    for url, by, when in zip(df["source_url"].fillna(""), df["reported_by"], df["published"].fillna("")):
        first = next(iter(urls_in(url)), "")
        text = f"{by}, {when}" if when else str(by)
        out.append(link(first, text) if first else html.escape(text))
    return out


def events_table(events: pd.DataFrame, ids: list[str]) -> Table:
    """The events ``ids`` (in date order): date, short name, what happened, and the outlet that reported it."""
    rows = events[events["event_id"].isin(ids)].sort_values(["date", "event_id"])
    rows = rows.assign(source=sources_column(rows))
    return table(rows, {"date": "date", "label": "in short", "event": "what happened", "source": "reported by"},
                 html=("reported by",))


class DatasetsTable(Table):
    """The datasets a notebook used; carries their ids as data (:attr:`MIMETYPE`) for the site's dataset pages."""

    MIMETYPE = "application/vnd.factcheck.datasets+json"

    def __init__(self, ids: list[str]):
        self.ids = list(ids)
        rows = []
        for tid in self.ids:
            p = provenance(tid)
            inputs = list({i["url"]: i for i in p["inputs"]}.values())
            first = inputs[0] if inputs else None
            origin = "" if first is None else (link(first["url"], first["name"]) if first["url"].startswith("http")
                                               else link(f"../{first['url']}", first["url"]))
            if len(inputs) > 1:
                origin += f" and {len(inputs) - 1} more"
            rows.append({"dataset": link(f"../{p['file']}", tid), "what it holds": p["title"], "unit": p["unit"],
                         "published by": p["publisher"], "built from": origin})
        super().__init__(pd.DataFrame(rows), caption="Datasets used in this notebook (each links to its table; "
                         "the full trail is in data/sources.yaml and data/processed/manifest.json)",
                         html=("dataset", "built from"))

    def _repr_mimebundle_(self, include=None, exclude=None):
        return {"text/html": self._repr_html_(), "text/plain": repr(self), self.MIMETYPE: {"datasets": self.ids}}


def datasets_used() -> DatasetsTable:
    """Every dataset the notebook has loaded so far, in the order first loaded, with its trail."""
    return DatasetsTable(loaded())
