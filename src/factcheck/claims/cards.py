"""Verdict cards: the checks a notebook computed, shown for readers and carried as data.

:func:`summary` is the card at the top of a notebook (one row per claim); :func:`full` the cards
at its end (what the article says, our test, what the data say, the verdict and its sources).
Each renders as styled HTML (JupyterLab, the site), as HTML that still reads once GitHub strips
styles, as Markdown and as plain text, and carries the verdicts as JSON (:data:`MIMETYPE`), which
the README table, ``factcheck-claims verify`` and the refresh guard read. Reads the ledger (through
the checks); writes nothing.
"""
from __future__ import annotations

import datetime as dt
import html
import re
import textwrap

import pandas as pd
from IPython.display import display

from factcheck.charts.chart import data_link
from factcheck.charts.tables import NO_MATH, Table, events_table, link
from factcheck.claims.decide import NumberCheck
from factcheck.claims.ledger import anchor, claim, table
from factcheck.claims.scale import Verdict
from factcheck.data import citations

MIMETYPE = "application/vnd.factcheck.verdicts+json"
_CARD = ("border:1px solid #d0d7de;border-radius:6px;padding:10px 14px;margin:10px 0;"
         "line-height:1.45;max-width:62em")
_CELL = "text-align:left;vertical-align:top;padding:4px 8px;border-bottom:1px solid #eaeef2"
_VALUE = "text-align:left;vertical-align:top;padding:4px 8px"
_LABEL = "text-align:left;vertical-align:top;padding:4px 12px 4px 0;color:#57606a;white-space:nowrap;font-weight:600"


def _e(text) -> str:
    return html.escape(str(text), quote=True)


def when(date: str) -> str:
    """An ISO date (or year-month, or year) as people write it: 7 April 2023, April 2023, 2023."""
    parts = str(date).split("-")
    try:
        if len(parts) == 3:
            d = dt.date.fromisoformat(date)
            return f"{d.day} {d:%B %Y}"
        if len(parts) == 2:
            return dt.date(int(parts[0]), int(parts[1]), 1).strftime("%B %Y")
    except ValueError:
        pass
    return str(date)


def mark(symbol: str) -> str:
    """A verdict glyph that a screen reader skips (the words beside it say the same)."""
    return f'<span aria-hidden="true">{symbol}</span>'


def badge(verdict: Verdict) -> str:
    style = (f"display:inline-block;background:{verdict.colour};color:#ffffff;border-radius:10px;"
             "padding:1px 9px;font-weight:600")
    return f'<span class="fc-badge" style="{style}">{mark(verdict.symbol)} {_e(verdict)}</span>'


def _close(check) -> str:
    """A mark beside the badge of a close call (a small move of the decisive input would change it)."""
    if isinstance(check, NumberCheck) and check.margin.close:
        return ' <span class="fc-close" style="font-size:85%;color:#b42318">⚠ a close call</span>'
    return ""


def sentence(text: str) -> str:
    """``text`` with a capital first letter and a full stop at the end."""
    text = text.strip()
    text = text[:1].upper() + text[1:]
    return text if text.endswith((".", "!", "?", "”", "'")) else text + "."


def unquote(text: str) -> str:
    """Text without the quotation marks it starts and ends with (so it can be quoted once)."""
    return text.strip().strip("“”\"'").strip()


def first_sentence(text: str) -> str:
    """Up to the first full stop that ends a sentence (not the one in "E.O. 14024" or "U.S. Treasury")."""
    end = re.search(r"(?<=[a-z0-9)'’])\. (?=[A-Z“\"])", text)
    return text if end is None else text[: end.start() + 1]


def _sources(check) -> list[dict]:
    """The pages a card cites, each with the outlet and what kind of source it is ("who"), and, where only an
    aggregator carries the figure, why nothing better exists (the row's, or the claim's)."""
    pol = citations.policy()
    claim_why = check.entry.get("why_no_better_source")
    out = [{**s, "who": pol.describe(s["by"], s["url"])} for s in list(check.sources) + list(check.cites)]
    return [{**s, "why_no_better_source": claim_why} if claim_why and pol.host(s["url"]).tier == "aggregator"
            else s for s in out]


def _caveat(s: dict) -> str:
    return f" (an aggregator's copy: {s['why_no_better_source']})" if s.get("why_no_better_source") else ""


def _payload(checks, card: str) -> dict:
    return {"card": card, "claims": [c.to_json() for c in checks]}


class _Card:
    """Common display plumbing: every representation at once, for whichever renderer reads it."""

    def __init__(self, checks):
        self.checks = list(checks)
        if not self.checks:
            raise ValueError("a card needs at least one check")

    def _repr_mimebundle_(self, include=None, exclude=None):
        return {"text/html": self.html(), "text/markdown": self.markdown(), "text/plain": self.text(),
                MIMETYPE: _payload(self.checks, self.kind)}


class Summary(_Card):
    """The card at the top of a notebook: each claim, the article's words, the verdict, one sentence of why."""

    kind = "summary"

    def _why(self, c) -> str:
        return c.finding if isinstance(c, NumberCheck) else first_sentence(c.finding)

    def html(self) -> str:
        rows = "".join(
            f'<tr><td style="{_CELL}"><a href="#{anchor(c.claim_id)}">{c.claim_id}</a></td>'
            f'<td style="{_CELL}">“{_e(c.entry["words"])}”</td>'
            f'<td style="{_CELL}">{badge(c.verdict)}{_close(c)}<br>{_e(self._why(c))}</td></tr>' for c in self.checks)
        widths = ("width:4.5em", "width:28%", "")
        head = "".join(f'<th style="{_CELL};{w}">{h}</th>' for h, w in zip(("Claim", "The article says",
                                                                              "Our verdict, and why"), widths))
        return (f'<div class="fc-card fc-summary {NO_MATH}" style="{_CARD}">'
                f'<p style="margin:0 0 6px 0"><strong>Verdicts in this notebook</strong> '
                f'<span style="color:#57606a">· computed from the data below; each claim id links to its section'
                f'</span></p><table style="border-collapse:collapse;width:100%;table-layout:auto">'
                f"<thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table></div>")

    def markdown(self) -> str:
        lines = ["**Verdicts in this notebook** (computed from the data below)", "",
                 "| claim | the article says | verdict | why |", "|---|---|---|---|"]
        for c in self.checks:
            why = self._why(c).replace("|", "/")
            close = " (a close call)" if isinstance(c, NumberCheck) and c.margin.close else ""
            lines.append(f"| [{c.claim_id}](#{anchor(c.claim_id)}) | “{c.entry['words']}” | "
                         f"{c.verdict.symbol} {c.verdict}{close} | {why} |")
        return "\n".join(lines).replace("$", "&#36;")

    def text(self) -> str:
        lines = ["Verdicts in this notebook (computed from the data below)"]
        for c in self.checks:
            close = " (a close call)" if isinstance(c, NumberCheck) and c.margin.close else ""
            lines.append(f"{c.claim_id:<5} {c.verdict.symbol} {c.verdict}{close} · “{c.entry['words']}”")
        return "\n".join(lines)


class Full(_Card):
    """The cards at the end of a notebook: everything a reader needs to judge each verdict."""

    kind = "full"

    def _rows(self, c) -> list[tuple[str, str]]:
        e = c.entry
        copy = unquote(e.get("seed_part") or e["seed"])
        rows = [("The article says", f"“{_e(e['words'])}”<br><span style=\"color:#57606a\">Said by "
                 f"{_e(e['said_by'])}.</span>"),
                ("Our copy reads", f"<span style=\"color:#57606a\">“{_e(copy)}” (machine-paraphrased)</span>"),
                ("What it means", _e(e["plain"]))]
        if isinstance(c, NumberCheck):
            c_ = e["claimed"]
            rows.append(("Our test", f"{_e(sentence(c.test))} Why: {_e(sentence(c_['tolerance_why']))}"))
            alts = "".join(
                f'<tr><td style="{_CELL}">{_e(k)}</td><td style="{_CELL}">{_e(c.quantity.text(v))}</td>'
                f'<td style="{_CELL}">'
                f'{mark("✔") + " meets the test" if c.admits(v) else mark("✘") + " fails: " + _e(c.miss(v))}'
                f"</td></tr>" for k, v in c.alternatives.items())
            table = (f'<table style="border-collapse:collapse;margin-top:4px"><thead><tr>'
                     f'<th style="{_CELL}">other defensible computation</th><th style="{_CELL}">value</th>'
                     f'<th style="{_CELL}">against the test</th></tr></thead><tbody>{alts}</tbody></table>'
                     if alts else "")
            rows.append(("What the data say", f"{_e(c.finding)}<br><span style=\"color:#57606a\">How: "
                         f"{_e(sentence(e['computed_as']))}</span>{table}"))
            margin = c.margin
            rows.append(("Margin", ("<strong>A close call.</strong> " if margin.close else "") + _e(margin.text())))
        rows.append(("Verdict", f"{badge(c.verdict)} {_e(e['why'])}"))
        sources = "".join(f'<li><a href="{_e(s["url"])}">{_e(s["who"])}</a>, {_e(when(s["date"]))} — '
                          f'{_e(s["said"])}{_e(_caveat(s))}</li>' for s in _sources(c))
        if sources:
            rows.append(("Sources", f'<ul style="margin:0;padding-left:1.2em">{sources}</ul>'))
        tables = e["evidence"].get("tables", [])
        if tables:
            rows.append(("Data", ", ".join(data_link(t) for t in tables)))
        return rows

    def html(self) -> str:
        cards = []
        for c in self.checks:
            body = "".join(f'<tr><th style="{_LABEL}">{k}</th><td style="{_VALUE}">'
                           f"{v}</td></tr>" for k, v in self._rows(c))
            cards.append(f'<div class="fc-card fc-full {NO_MATH}" style="{_CARD}"><p style="margin:0 0 6px 0">'
                         f'<strong>{c.claim_id}</strong> {badge(c.verdict)}</p>'
                         f'<table style="border-collapse:collapse">{body}</table></div>')
        return "".join(cards)

    def markdown(self) -> str:
        out = []
        for c in self.checks:
            e = c.entry
            out += [f"**{c.claim_id} · {c.verdict.symbol} {c.verdict}**", "",
                    f"- *The article says:* “{e['words']}” (said by {e['said_by']})",
                    f"- *What it means:* {e['plain']}"]
            if isinstance(c, NumberCheck):
                out.append(f"- *Our test:* {c.test[0].upper() + c.test[1:]}. {e['claimed']['tolerance_why']}")
                out.append(f"- *What the data say:* {c.finding}")
                out += [f"  - {k}: {c.quantity.text(v)} ({'meets the test' if c.admits(v) else 'fails: ' + c.miss(v)})"
                        for k, v in c.alternatives.items()]
                out.append(f"- *Margin:* {'A close call. ' if c.margin.close else ''}{c.margin.text()}")
            out.append(f"- *Verdict:* {e['why']}")
            out += [f"- [{s['who']}]({s['url']}), {when(s['date'])} — {s['said']}{_caveat(s)}" for s in _sources(c)]
            out.append("")
        return "\n".join(out).replace("$", "&#36;")

    def text(self) -> str:
        out = []
        for c in self.checks:
            e = c.entry
            out.append(f"{c.claim_id} · {c.verdict.symbol} {c.verdict}")
            parts = [f"The article says: “{e['words']}”."]
            if isinstance(c, NumberCheck):
                parts += [f"Our test: {sentence(c.test)}", c.finding, c.margin.text()]
            parts.append(e["why"])
            out += textwrap.wrap(" ".join(parts), 100, initial_indent="  ", subsequent_indent="  ")
        return "\n".join(out)


def all_claims(here: str = "00_article_and_claims.ipynb") -> Table:
    """Every claim of the ledger with the verdict its notebook computes (as the ledger records it), linked to
    the section that decides it."""
    claims = table()
    rows = pd.DataFrame({
        "claim": [link(f"#{r.anchor}" if r.notebook == here else f"{r.notebook}#{r.anchor}", r.claim)
                  for r in claims.itertuples()],
        "the article says": [f"“{w}”" for w in claims["words"]], "what it means": claims["plain"],
        "verdict": [badge(Verdict(v)) if v != "pending" else "pending" for v in claims["verdict"]],
        "notebook": [link(n, n[:2]) for n in claims["notebook"]]})
    return Table(rows, html=("claim", "verdict", "notebook"))


def evidence(events: pd.DataFrame, claim_id: str) -> Table:
    """The events a claim's ledger entry names as its evidence, with their sources."""
    return events_table(events, claim(claim_id)["evidence"].get("events", []))


class VerdictChanged(Exception):
    """A verdict the notebook computed differs from the one the ledger records: said in one plain line, with the
    two ways forward (IPython shows the line, not a traceback)."""

    def _render_traceback_(self) -> list[str]:
        return [f"VerdictChanged: {self}"]


def summary(checks) -> Summary:
    """The summary card of ``checks``; after showing it, stops the notebook if a verdict differs from the ledger."""
    card = Summary(checks)
    changed = [c for c in card.checks if str(c.verdict) != c.recorded]
    if changed:
        display(card)
        ids = " ".join(c.claim_id for c in changed)
        raise VerdictChanged("; ".join(f"{c.claim_id}: {c.recorded} → {c.verdict}" for c in changed)
                             + f" (data/claims.yaml records the first). If the data or the test changed by mistake, "
                               f"fix it; if the new verdict is right, run `factcheck-claims accept {ids}`.")
    return card


def full(checks) -> Full:
    """The full card of every check."""
    return Full(checks)
