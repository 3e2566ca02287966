"""Bank of Russia official USD/RUB rate (R01235): reads the XML service's file (online) or the Excel 'dynamics'
exports (offline), and returns the daily official rates by effective date over the window the catalog keeps,
and the monthly means of the whole series."""
from __future__ import annotations

import warnings
import xml.etree.ElementTree as ET

import pandas as pd

from factcheck.data.builders import Built, Job, ends_early
from factcheck.data.fetch import RawFile
from factcheck.data.validation import daily_series
from factcheck.errors import DataError, reject_first

EXCEL_COLUMNS = ["nominal", "data", "curs", "cdx"]


def _decimal(text: object) -> str:
    """A number as text, from a decimal comma (XML) or a number (Excel)."""
    return str(text).strip().replace("\u00a0", "").replace(" ", "").replace(",", ".")


def _iso(dates: pd.Series, written: pd.Series) -> pd.Series:
    """Dates as YYYY-MM-DD, keeping what was written where it is not a date (for the error to quote)."""
    return dates.dt.strftime("%Y-%m-%d").where(dates.notna(), written)


def read_xml(job: Job, raw: RawFile) -> pd.DataFrame:
    """Rates from the XML_dynamic service, <ValCurs><Record Date="dd.mm.yyyy"><Nominal/><Value/>, as text columns
    effective_date (YYYY-MM-DD), rub_per_usd and nominal, one row per record (record N is row N)."""
    where = job.where(raw)
    try:
        root = ET.parse(raw.path).getroot()
    except ET.ParseError as exc:
        raise DataError(f"{where}: not well-formed XML ({exc})") from None
    if root.tag != "ValCurs":
        raise DataError(f"{where}: root element is <{root.tag}>, expected <ValCurs>")
    records = list(root.iter("Record"))
    if not records:
        raise DataError(f"{where}: no <Record> elements (wrong currency code or date range?)")
    written = pd.Series([r.get("Date") or "" for r in records])
    return pd.DataFrame({"effective_date": _iso(pd.to_datetime(written, format="%d.%m.%Y", errors="coerce"), written),
                         "curs": [_decimal(r.findtext("Value")) for r in records],
                         "nominal": [_decimal(r.findtext("Nominal")) for r in records]})


def read_excel(job: Job, raw: RawFile) -> pd.DataFrame:
    """Rates from the Excel export of cbr.ru/currency_base/dynamics (newest first), as the same text columns."""
    where = job.where(raw)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", UserWarning)  # openpyxl: "no default style"
            df = pd.read_excel(raw.path, sheet_name=0, engine="openpyxl")
    except Exception as exc:  # openpyxl raises many kinds for a damaged file
        raise DataError(f"{where}: cannot read as an Excel workbook ({type(exc).__name__})") from None
    if list(df.columns) != EXCEL_COLUMNS:
        raise DataError(f"{where}: columns are {list(df.columns)}, expected {EXCEL_COLUMNS}")
    dates = pd.to_datetime(df["data"].map(lambda v: pd.to_datetime(v, format="%d.%m.%Y", errors="coerce")
                                          if isinstance(v, str) else v), errors="coerce")
    return pd.DataFrame({"effective_date": _iso(dates, df["data"].astype(str)),
                         "curs": df["curs"].map(_decimal), "nominal": df["nominal"].map(_decimal)})


def read_rates(job: Job, raw: RawFile) -> pd.DataFrame:
    """One file's rates from ``series_start`` on (effective_date, rub_per_usd), checked against usd_rub_monthly's
    input rules: a rate is the bank's value per its nominal; errors name the file and its row (an XML record)."""
    readers = {".xml": (read_xml, 0), ".xlsx": (read_excel, 1)}
    if raw.path.suffix.lower() not in readers:
        raise DataError(f"{job.where(raw)}: expected an .xml or .xlsx file")
    reader, header_lines = readers[raw.path.suffix.lower()]
    text = reader(job, raw).sort_values("effective_date", kind="stable")  # the Excel export is newest first
    text = text[~(text["effective_date"] < str(job.params["series_start"]))]  # before it: old roubles
    nominal = pd.to_numeric(text["nominal"], errors="coerce")
    reject_first(~(nominal > 0), job.where(raw), lambda i: f"nominal = {text['nominal'][i]!r}, expected a positive "
                 f"number", header_lines)
    curs = pd.to_numeric(text["curs"], errors="coerce")  # the rules apply to the rate per dollar; text kept to quote
    per_dollar = (curs / nominal).map(lambda v: f"{v:.10g}").where(curs.notna(), text["curs"])
    rates = daily_series(text.assign(**{"curs/nominal": per_dollar}), "effective_date", "curs/nominal",
                         job.rules("usd_rub_monthly"), job.today, job.where(raw), header_lines)
    out = pd.DataFrame({"effective_date": rates["date"], "rub_per_usd": curs / nominal})
    return out.reset_index(drop=True)


def combine(parts: list[tuple[str, pd.DataFrame]], label: str, start: str) -> pd.DataFrame:
    """One daily series from several files; overlapping dates must agree."""
    daily = pd.concat([df.assign(file=name) for name, df in parts], ignore_index=True)
    daily = daily[daily["effective_date"] >= pd.Timestamp(start)]
    daily = daily.sort_values(["effective_date", "file"], kind="stable")
    dup = daily[daily.duplicated("effective_date", keep=False)]
    for date, grp in dup.groupby("effective_date"):
        if grp["rub_per_usd"].nunique() > 1:
            files = ", ".join(f"{r.file}={r.rub_per_usd}" for r in grp.itertuples())
            raise DataError(f"source {label}: conflicting rates for {date:%Y-%m-%d}: {files}")
    daily = daily.drop_duplicates("effective_date")[["effective_date", "rub_per_usd"]].reset_index(drop=True)
    if daily.empty:
        raise DataError(f"source {label}: no rates on or after {start}")
    return daily


def gaps(daily: pd.DataFrame, max_gap_days: int) -> list[tuple[pd.Timestamp, pd.Timestamp]]:
    """Spans between files with no effective dates longer than ``max_gap_days``: (first missing day, last)."""
    d = daily["effective_date"]
    step = d.diff().dt.days
    return [(d[i - 1] + pd.Timedelta(days=1), d[i] - pd.Timedelta(days=1)) for i in step.index[step > max_gap_days]]


def monthly_mean(daily: pd.DataFrame, holes: list) -> pd.DataFrame:
    """Mean of the official rates (one per effective date) in each month; months a gap touches are incomplete."""
    out = daily.groupby(daily["effective_date"].dt.to_period("M"))["rub_per_usd"].agg(["mean", "size"])
    touched = set()
    for first, last in holes:
        touched.update(pd.period_range(first, last, freq="M"))
    end = daily["effective_date"].iloc[-1]
    if ends_early(end):
        touched.add(end.to_period("M"))
    return pd.DataFrame({"month": out.index.astype(str), "rub_per_usd": out["mean"].to_numpy(),
                         "n_rates": out["size"].to_numpy(),
                         "complete": [m not in touched for m in out.index]})


def build(job: Job) -> Built:
    """usd_rub_monthly (the whole series from ``series_start``) and usd_rub_daily (the window ``daily_window``)
    from the XML file or the Excel exports of one source. A gap between files longer than the series allows is
    noted, and the months it touches are marked incomplete, not filled."""
    params = job.params
    daily = combine([(raw.file, read_rates(job, raw)) for raw in job.files], job.source_id, params["series_start"])
    holes = gaps(daily, job.rules("usd_rub_monthly").max_gap_days)
    notes = [f"gap in the official rates from {a:%Y-%m-%d} to {b:%Y-%m-%d} (no rate takes effect in it, and no "
             f"file covers it); months it touches are marked incomplete or absent, not filled" for a, b in holes]
    first, last = (pd.Timestamp(str(d)) for d in params["daily_window"])
    window = daily[daily["effective_date"].between(first, last)].reset_index(drop=True)
    return Built({"usd_rub_monthly": monthly_mean(daily, holes), "usd_rub_daily": window}, {"usd_rub_monthly": notes})
