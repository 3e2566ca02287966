"""The source policy (data/source_policy.yaml, its JSON schema beside it): every host the project cites, with its tier
(the publisher itself; a wire or newspaper of record; a syndicated wire copy; specialist press; an aggregator; never
cite), the outlet's name, what kind of source it is in words, a state-media flag and a one-line reason. Checks every
URL a curated table cites (in ``source_url`` and in its notes) against it, and every row the analysis uses: it has a
URL, and if all it cites are aggregators, it records why nothing better exists. Reads the policy and the curated
tables; writes nothing.
"""
from __future__ import annotations

import ipaddress
import re
from dataclasses import dataclass
from urllib.parse import urlsplit

import pandas as pd

from factcheck import yamldoc
from factcheck.data import catalog
from factcheck.data.builders.curated import in_use, urls_in
from factcheck.data.csvio import read_csv_text
from factcheck.errors import DataError
from factcheck.paths import Paths

TIERS = ("publisher", "wire", "syndication", "specialist", "aggregator", "never")  # best first
_WELL_FORMED = re.compile(r"^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z][a-z0-9-]*[a-z0-9]$")


@dataclass(frozen=True)
class Host:
    """A cited host (or repository, for code hosts) as the policy classifies it."""

    key: str
    tier: str
    outlet: str
    kind: str
    state: str
    why: str

    @property
    def rank(self) -> int:
        return TIERS.index(self.tier)


class Policy:
    """The source policy: ``classify(url)`` names a cited page's host and tier, or says why it is never citable."""

    def __init__(self, doc: dict):
        self.tiers = doc["tiers"]
        self.never_patterns = [(re.compile(p["pattern"]), p["why"]) for p in doc["never_patterns"]]
        self.hosts = {k: Host(k, v["tier"], v["outlet"], v["kind"], v.get("state", ""), v["why"])
                      for k, v in doc["hosts"].items()}

    def refusal(self, url: str) -> str | None:
        """Why ``url`` may not be cited (never citable, or its host unclassified), or None."""
        parts = urlsplit(url)
        host = (parts.hostname or "").lower()
        try:
            ipaddress.ip_address(host)
            return f"its host {host} is a bare IP address, never citable: cite the outlet's own address"
        except ValueError:
            pass
        try:
            port = parts.port
        except ValueError:
            port = -1
        default = {"http": 80, "https": 443}.get(parts.scheme)
        if not _WELL_FORMED.match(host) or parts.username or port not in (None, default):
            return (f"its host {parts.netloc!r} is malformed (expected a plain host name: no trailing dot, no user "
                    f"name, no port other than the scheme's own)")
        for pattern, why in self.never_patterns:
            if pattern.search(host):
                return f"its host {host} is never citable: {why}"
        found = self.lookup(url)
        if found is None:
            return (f"its host {host} has no tier in data/source_policy.yaml (classify it first: tier, outlet, "
                    f"kind, why)")
        if found.tier == "never":
            return f"its host {found.key} is never citable: {found.why}"
        return None

    def lookup(self, url: str) -> Host | None:
        """The policy's entry for a URL: its repository (``github.com/owner/repo``) where listed, else its host."""
        parts = urlsplit(url)
        host, path = (parts.hostname or "").lower(), [p for p in parts.path.split("/") if p]
        for key in (f"{host}/{'/'.join(path[:2])}", host):
            if key in self.hosts:
                return self.hosts[key]
        return None

    def host(self, url: str) -> Host:
        """The entry of a URL that passed :meth:`refusal`."""
        found = self.lookup(url)
        if found is None or self.refusal(url):
            raise DataError(f"{url}: {self.refusal(url)}")
        return found

    def best(self, urls: list[str]) -> Host | None:
        """The best-tiered entry among ``urls`` (None for none)."""
        return min((self.host(u) for u in urls), key=lambda h: h.rank, default=None)

    def wants_reason(self, urls: list[str], why: str | None) -> bool:
        """Whether citing ``urls`` breaks the rule that a figure resting only on aggregators says why nothing
        better exists (``why``: its why_no_better_source)."""
        best = self.best(urls)
        return best is not None and best.tier == "aggregator" and not (why or "").strip()

    def describe(self, reported_by: str, url: str) -> str:
        """The outlet and, in words, what kind of source the page is: "Reuters, via Zawya (syndicated wire copy)",
        "TASS, Russian state news agency"."""
        h, who = self.host(url), reported_by.strip()
        match = re.fullmatch(r"(.+?) \((?:via|syndicated by) ([^()]+)\)", who)
        if match:
            return f"{match[1]}, via {match[2]} ({h.kind})"
        if "(" in who or ";" in who:  # several outlets, or a long attribution: say which page the link opens
            return f"{who}; the link: {h.outlet}, {h.kind}"
        return f"{who}, {h.kind}"


def policy(paths: Paths | None = None) -> Policy:
    """The validated source policy."""
    paths = paths or Paths.default()
    return Policy(yamldoc.read(paths.policy, "source policy", paths.rel(paths.policy)))


def row_problem(row: pd.Series, pol: Policy, used: bool) -> str | None:
    """What is wrong with one curated row's citations (a text row), or None."""
    cited = urls_in(row["source_url"])
    noted = URL_IN_TEXT.findall(row.get("note") or "")
    for url in cited + noted:
        why = pol.refusal(url)
        if why:
            return f"{'source_url' if url in cited else 'note'} cites {url}: {why}"
    if not used:
        return None
    if not cited:
        return "source_url is empty on a row the analysis uses: cite the page, or set the row aside with its reason"
    if pol.wants_reason(cited, row.get("why_no_better_source")):
        return (f"every page it cites is an aggregator ({', '.join(pol.host(u).key for u in cited)}): cite a better "
                f"copy of the figure, or say in why_no_better_source why none exists")
    return None


URL_IN_TEXT = re.compile(r"https?://[^\s|,;)\"'<>]+")


def check_citations(text: pd.DataFrame, pol: Policy, where: str) -> None:
    """Refuse the first row of a curated table (read as text) whose citations break the policy."""
    if "source_url" not in text.columns:
        return
    used = in_use(text)
    for i, row in text.fillna("").iterrows():
        problem = row_problem(row, pol, bool(used[i]))
        if problem:
            raise DataError(f"{where}: row {i + 2}: {problem}")


def enforce(paths: Paths) -> None:
    """Every curated table's citations against the policy: the first breach stops the build (one line: table,
    file, row, URL and what is expected)."""
    pol = policy(paths)
    for table_id in catalog.curated_tables(paths):
        path = catalog.table_file(table_id, paths)
        check_citations(read_csv_text(path, f"table {table_id}"), pol, f"table {table_id}: {paths.rel(path)}")
