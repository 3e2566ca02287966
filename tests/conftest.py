"""Fixtures: small raw files shaped like the real publishers' formats, written by the tests, and a scratch project
(a Paths object of its own: nothing global is patched)."""
from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import NamedTuple

import openpyxl
import pytest
import yaml

from factcheck.data import command
from factcheck.data.builders import Job
from factcheck.data.fetch import RawFile
from factcheck.data.tables import sha256
from factcheck.paths import Paths

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


@pytest.fixture
def project(tmp_path) -> Project:
    """A scratch project with a mirror: build it with ``data(project, "build")`` then ``data(project, "commit")``."""
    root = tmp_path / "project"
    (root / "data" / "curated").mkdir(parents=True)
    (root / "notebooks").mkdir()
    (root / "data" / "sources.yaml").write_text(CATALOG, encoding="utf-8")
    (root / "data" / "source_policy.yaml").write_text(POLICY, encoding="utf-8")
    (root / "data" / "curated" / "notes.csv").write_text(NOTES, encoding="utf-8")
    mirror = tmp_path / "mirror"
    write_eia(mirror / "eia" / "brent-daily.csv")
    write_cbr_xlsx(mirror / "cbr" / "a.xlsx", CBR_ROWS)
    return Project(root, mirror)

