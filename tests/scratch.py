"""What the tests share: small raw files shaped like the real publishers' formats, written by the tests, and a scratch
project (its own catalog, curated table, source policy and data folders: a Paths object of its own, nothing global
is patched). Imported by name (``from scratch import ...``); the fixtures that use it are in conftest.py."""
from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path
from typing import NamedTuple

import openpyxl
import yaml

from factcheck.data import command
from factcheck.data.builders import Job
from factcheck.data.csvio import sha256
from factcheck.data.fetch import RawFile
from factcheck.paths import REPOSITORY, Paths

EIA_BRENT = "Date,Price\n2023-01-03,82.10\n2023-01-04,77.84\n2023-02-01,83.00\n2023-02-02,82.17\n"


def write_eia(path: Path, text: str = EIA_BRENT) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def cbr_xml(records: list[tuple[str, int, str]]) -> bytes:
    """The XML_dynamic.asp response: windows-1251, decimal commas, oldest first."""
    body = "".join(f'<Record Date="{d}" Id="R01235"><Nominal>{n}</Nominal><Value>{v}</Value>'
                   f'<VunitRate>{v}</VunitRate></Record>' for d, n, v in records)
    text = (f'<?xml version="1.0" encoding="windows-1251"?><ValCurs ID="R01235" DateRange1="01.01.2023" '
            f'DateRange2="12.04.2023" name="Foreign Currency Market Dynamic">{body}</ValCurs>')
    return text.encode("cp1251")


def write_cbr_xlsx(path: Path, rows: list[tuple[int, dt.date, float]]) -> Path:
    """The cbr.ru 'dynamics' Excel export: sheet RC, columns nominal/data/curs/cdx, newest first."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "RC"
    ws.append(["nominal", "data", "curs", "cdx"])
    for nominal, date, rate in sorted(rows, key=lambda r: r[1], reverse=True):
        ws.append([nominal, dt.datetime.combine(date, dt.time()), rate, "Доллар США"])
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    return path


CATALOG = """
definitions:
  provenance:
    conflict_group: {type: str, required: false}
    source_url: {type: str, required: false}
    reported_by: {type: str}
    original_publisher: {type: str}
    published: {type: str, required: false}
    confidence: {type: str, values: [high, medium, low]}
    note: {type: str, required: false}
    analysis_choice: {type: str, required: false, values: [use, alternative]}
    choice_reason: {type: str, required: false}
sources:
  eia_spot:
    title: t
    publisher: EIA
    licence: public domain
    fetch: url
    files:
      - {name: brent-daily.csv, url: "https://example.org/brent-daily.csv", mirror: eia/brent-daily.csv}
    builder: factcheck.data.builders.eia:build
    params: {table_files: {brent_monthly: brent-daily.csv}}
  cbr_usd_rub:
    title: t
    publisher: Bank of Russia
    licence: cite cbr.ru
    fetch: url
    files:
      - {name: usd_rub.xml, url: "https://example.org/XML_dynamic.asp?date_req2={today:%d/%m/%Y}"}
    mirror_files:
      - {name: a.xlsx, mirror: cbr/a.xlsx, landing: "https://example.org/dynamics"}
    builder: factcheck.data.builders.cbr:build
    params:
      series_start: "2023-01-01"
      daily_window: ["2023-03-01", "2023-04-30"]
  notes:
    title: t
    publisher: news agencies
    licence: facts as reported
    fetch: curated
    files:
      - {name: notes, path: data/curated/notes.csv}
    builder: factcheck.data.builders.curated:build
tables:
  brent_monthly:
    title: t
    source: eia_spot
    unit: USD/bbl
    frequency: monthly
    key: [month]
    input_rules: {sign: positive, max: 300, future_days: 1, max_gap_days: 40, why: "Brent is never negative"}
    columns:
      month: {type: month}
      usd_bbl: {type: float, decimals: 2, min: 5, max: 200}
      n_days: {type: int, min: 1, max: 23}
  usd_rub_monthly:
    title: t
    source: cbr_usd_rub
    unit: RUB per USD
    frequency: monthly
    key: [month]
    input_rules: {sign: positive, min: 5, max: 200, future_days: 12, max_gap_days: 14, why: "roubles per dollar"}
    columns:
      month: {type: month}
      rub_per_usd: {type: float, decimals: 4, min: 5, max: 200}
      n_rates: {type: int, min: 1, max: 31}
      complete: {type: bool}
  usd_rub_daily:
    title: t
    source: cbr_usd_rub
    unit: RUB per USD
    frequency: daily
    key: [effective_date]
    columns:
      effective_date: {type: date}
      rub_per_usd: {type: float, decimals: 4, min: 5, max: 200}
  notes:
    title: t
    source: notes
    unit: bn RUB
    frequency: irregular
    key: [month]
    provenance: true
    columns:
      month: {type: month}
      value: {type: float, min: 0, max: 1000}
"""

NOTES = ("month,value,conflict_group,source_url,reported_by,original_publisher,published,confidence,note,"
         "analysis_choice,choice_reason\n"
         "2023-01,10.5,,https://example.org/a,Reuters,Ministry,2023-02-01,high,,,\n"
         "2023-02,11.0,,https://example.org/b,TASS,Ministry,2023-03-01,high,,,\n")

POLICY = """
tiers: {publisher: p, wire: w, syndication: s, specialist: sp, aggregator: a, never: n}
never_patterns:
  - {pattern: '(^|\\.)news-pravda\\.com$', why: "the Pravda network"}
hosts:
  example.org: {tier: wire, outlet: Example, kind: "news agency", why: "the fixtures' pages"}
"""

CBR_ROWS = [(1, dt.date(2023, 3, 31), 77.0863), (1, dt.date(2023, 4, 1), 77.3233), (1, dt.date(2023, 4, 4), 77.951),
            (1, dt.date(2023, 4, 5), 79.3563), (1, dt.date(2023, 4, 6), 79.4961), (1, dt.date(2023, 4, 7), 80.6713),
            (1, dt.date(2023, 4, 8), 82.3988), (1, dt.date(2023, 4, 11), 81.7441)]


TODAY = dt.date(2026, 12, 1)  # the build date the fixtures' builds use


class Project(NamedTuple):
    """A scratch project (its own catalog, curated table and data folders) and a mirror folder beside it."""

    root: Path
    mirror: Path

    @property
    def paths(self) -> Paths:
        return Paths.at(self.root)


def data(project: Project, *args: str) -> int:
    """``factcheck-data`` on the scratch project (``build`` and ``check`` read the mirror, dated TODAY)."""
    extra = ["--mirror", str(project.mirror), "--today", TODAY.isoformat()] if args[0] != "commit" else []
    return command.main([*args, *extra], paths=project.paths)


def job(source_id: str, files: list[RawFile], params: dict | None = None, tables: dict | None = None,
        today: dt.date = TODAY) -> Job:
    """A builder's job, its table entries taken from the scratch catalog unless given."""
    if tables is None:
        spec = yaml.safe_load(CATALOG)
        tables = {t: e for t, e in spec["tables"].items() if e["source"] == source_id}
    return Job(source_id, files, params or {}, tables, today)


def raw(path: Path, name: str | None = None, file: str | None = None) -> RawFile:
    """A raw file as the fetch step would hand it over (from a mirror)."""
    return RawFile(name or path.name, f"https://example.org/{path.name}", path, sha256(path), "mirror",
                   file or path.name)


def copy_schemas(data: Path) -> None:
    """The repository's JSON schemas into a scratch data folder, beside the documents they validate."""
    data.mkdir(parents=True, exist_ok=True)
    for schema in REPOSITORY.glob("data/*.schema.json"):
        shutil.copy(schema, data / schema.name)


def new_project(tmp_path: Path) -> Project:
    """A scratch project with a mirror: build it with ``data(project, "build")`` then ``data(project, "commit")``."""
    root = tmp_path / "project"
    (root / "data" / "curated").mkdir(parents=True)
    (root / "notebooks").mkdir()
    (root / "data" / "sources.yaml").write_text(CATALOG, encoding="utf-8")
    (root / "data" / "source_policy.yaml").write_text(POLICY, encoding="utf-8")
    copy_schemas(root / "data")
    (root / "data" / "curated" / "notes.csv").write_text(NOTES, encoding="utf-8")
    mirror = tmp_path / "mirror"
    write_eia(mirror / "eia" / "brent-daily.csv")
    write_cbr_xlsx(mirror / "cbr" / "a.xlsx", CBR_ROWS)
    return Project(root, mirror)


LEDGER = """
article:
  outlet: CNN Business
  date: '2023-04-07'
  headline: A headline
  url: https://www.cnn.com/2023/04/07/intl_business/china-russia-not-provided-assistance/index.html
  our_copy: spun
review:
  by: the tests
  published: '2026-12-01'
phrases: []
claims:
  C01:
    seed: a $29 billion greenback deficit
    words: 'a $29 billion deficit'
    plain: a deficit of about $29 billion
    said_by: Reuters
    kind: number
    notebook: 01_deficit.ipynb
    section: "C01 · From roubles to dollars"
    status: checked
    evidence: {tables: [russia_budget_ytd]}
    claimed:
      reads: '$29 billion'
      value: 29
      unit: usd_bn
      tolerance: {relative: 0.05}
      tolerance_why: within 5%
    computed_as: roubles over the rate
    verdict: accurate, needs context
    why: close at the day's rate
  C02:
    seed: 1000's of sanctions
    words: 'thousands of sanctions'
    plain: thousands of sanctions
    said_by: CNN
    kind: number
    notebook: 03_sanctions.ipynb
    section: "C02 · Entries over time"
    status: checked
    evidence: {}
    claimed:
      reads: 'thousands'
      value: 2000
      unit: count
      noun: [designation, designations]
      tolerance: {minimum: 2000}
      tolerance_why: plural thousands
    computed_as: entries added
    verdict: accurate
    why: over 2,000
  C03:
    seed: on the anniversary
    words: 'on the anniversary'
    plain: on the anniversary
    said_by: CNN
    kind: date/event
    notebook: 00_claims.ipynb
    section: "C03 · The speech"
    status: checked
    evidence: {}
    claimed:
      reads: 'on the anniversary'
      value: 0
      unit: day
      relative_to: the anniversary
      tolerance: {absolute: 7}
      tolerance_why: the anniversary week
    computed_as: days from the anniversary
    verdict: accurate
    why: three days before
  C04:
    seed: into its second yr
    words: 'into its second year'
    plain: in its second year
    said_by: CNN
    kind: date/event
    notebook: 00_claims.ipynb
    section: "C04 · The second year"
    status: checked
    evidence: {}
    claimed:
      reads: 'into its second year'
      value: 2
      unit: year_ordinal
      of: the war
      tolerance: {absolute: 0}
      tolerance_why: exactly
    computed_as: the year of the war
    verdict: accurate
    why: the second year
  C05:
    seed: virtually one month after
    words: 'almost one month after'
    plain: almost one month after
    said_by: CNN
    kind: date/event
    notebook: 00_claims.ipynb
    section: "C05 · One month after"
    status: checked
    evidence: {}
    claimed:
      reads: 'almost one month'
      value: 1
      unit: month
      tolerance: {absolute: 0.5}
      tolerance_why: half a month either way
    computed_as: months between
    verdict: inaccurate
    why: a year, not a month
  C06:
    seed: a demonstrable impact
    words: 'a demonstrable effect'
    plain: a demonstrable effect
    said_by: CNN
    kind: characterisation
    notebook: 02_cap.ipynb
    section: "C06 · The cap"
    status: checked
    evidence: {}
    claimed:
      reads: 'a demonstrable effect'
      value: 0.25
      unit: share
      tolerance: {minimum: 0.25}
      tolerance_why: a quarter at least
    computed_as: a share
    verdict: accurate
    why: a third
  C07:
    seed: the worldwide monetary messaging system
    words: 'the global financial messaging system'
    plain: cut off from SWIFT
    said_by: CNN
    kind: date/event
    notebook: 00_claims.ipynb
    section: "C07 · SWIFT"
    status: checked
    evidence: {}
    verdict: inaccurate
    why: never disconnected
    sources:
    - {said: 'over 2,500 targets', by: US Treasury, date: '2023-02-24',
       url: 'https://home.treasury.gov/news/press-releases/jy1392'}
"""


def scratch_ledger(tmp_path: Path) -> Paths:
    """A project root whose claims ledger is LEDGER (claims C01-C07, each number stated above) and whose other
    data files are the repository's (linked, not copied)."""
    root = tmp_path / "ledger-project"
    (root / "data").mkdir(parents=True)
    (root / "notebooks").mkdir()
    for entry in (REPOSITORY / "data").iterdir():
        if entry.name != "claims.yaml":
            (root / "data" / entry.name).symlink_to(entry)
    (root / "data" / "claims.yaml").write_text(LEDGER, encoding="utf-8")
    return Paths.at(root)
