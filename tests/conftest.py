"""Fixtures: small raw files shaped like the real publishers' formats, written by the tests."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pytest

from factcheck import catalog, paths

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
sources:
  eia_spot:
    title: t
    publisher: EIA
    licence: public domain
    fetch: url
    files:
      - {name: brent-daily.csv, url: "https://example.org/brent-daily.csv", mirror: eia/brent-daily.csv}
    builder: factcheck.builders.eia:build
    params: {table_files: {brent_monthly: brent-daily.csv}}
    tables: [brent_monthly]
  cbr_usd_rub:
    title: t
    publisher: Bank of Russia
    licence: cite cbr.ru
    fetch: url
    files:
      - {name: usd_rub.xml, url: "https://example.org/XML_dynamic.asp?date_req2={today:%d/%m/%Y}"}
    mirror_files:
      - {name: a.xlsx, mirror: cbr/a.xlsx, landing: "https://example.org/dynamics"}
    builder: factcheck.builders.cbr:build
    params:
      series_start: "2023-01-01"
      max_gap_days: 14
      key_dates:
        - {date: 2023-04-07, rule: in_force, purpose: p}
        - {date: 2023-04-07, rule: set_on, purpose: p}
    tables: [usd_rub_monthly, usd_rub_key_dates]
tables:
  brent_monthly:
    title: t
    source: eia_spot
    unit: USD/bbl
    frequency: monthly
    key: [month]
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
    columns:
      month: {type: month}
      rub_per_usd: {type: float, decimals: 4, min: 5, max: 200}
      n_rates: {type: int, min: 1, max: 31}
      complete: {type: bool}
  usd_rub_key_dates:
    title: t
    source: cbr_usd_rub
    unit: RUB per USD
    frequency: selected dates
    key: [date, rule]
    columns:
      date: {type: date}
      rule: {type: str, values: [in_force, set_on]}
      rub_per_usd: {type: float, decimals: 4, min: 5, max: 200}
      effective_date: {type: date}
      purpose: {type: str}
"""

CBR_ROWS = [(1, dt.date(2023, 3, 31), 77.0863), (1, dt.date(2023, 4, 1), 77.3233), (1, dt.date(2023, 4, 4), 77.951),
            (1, dt.date(2023, 4, 5), 79.3563), (1, dt.date(2023, 4, 6), 79.4961), (1, dt.date(2023, 4, 7), 80.6713),
            (1, dt.date(2023, 4, 8), 82.3988), (1, dt.date(2023, 4, 11), 81.7441)]


@pytest.fixture
def project(tmp_path, monkeypatch):
    """A scratch project: its own catalog, processed folder and manifest, and a mirror folder."""
    root = tmp_path / "project"
    (root / "data" / "processed").mkdir(parents=True)
    (root / "data" / "sources.yaml").write_text(CATALOG, encoding="utf-8")
    monkeypatch.setattr(paths, "ROOT", root)
    monkeypatch.setattr(paths, "CATALOG", root / "data" / "sources.yaml")
    monkeypatch.setattr(paths, "PROCESSED", root / "data" / "processed")
    monkeypatch.setattr(paths, "COMMITTED", root / "data" / "processed")
    monkeypatch.setattr(paths, "NOTEBOOKS", root / "notebooks")
    monkeypatch.setattr(paths, "MANIFEST", root / "data" / "manifest.json")
    monkeypatch.setattr(paths, "RAW", root / "data" / "raw")
    catalog._read.cache_clear()
    mirror = tmp_path / "mirror"
    write_eia(mirror / "eia" / "brent-daily.csv")
    write_cbr_xlsx(mirror / "cbr" / "a.xlsx", CBR_ROWS)
    yield root, mirror
    catalog._read.cache_clear()
