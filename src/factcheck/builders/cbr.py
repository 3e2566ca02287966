"""Bank of Russia official USD/RUB rate (R01235): XML service online, Excel 'dynamics' export offline."""
from __future__ import annotations

import warnings
import xml.etree.ElementTree as ET

import pandas as pd

from factcheck.builders import Built, ends_early
from factcheck.errors import DataError
from factcheck.fetch import RawFile

EXCEL_COLUMNS = ["nominal", "data", "curs", "cdx"]


def _number(text: object) -> float:
    """A positive number written with a decimal comma (XML) or as a number (Excel); ValueError otherwise."""
    value = float(text) if isinstance(text, (int, float)) else float(
        str(text).strip().replace("\u00a0", "").replace(" ", "").replace(",", "."))
    if not value > 0:  # also catches NaN
        raise ValueError(f"{text!r} is not a positive number")
    return value


def read_xml(raw: RawFile, label: str) -> pd.DataFrame:
    """Rates from the XML_dynamic service: <ValCurs><Record Date="dd.mm.yyyy"><Nominal/><Value/>."""
    where = f"source {label}: {raw.file}"
    try:
        root = ET.parse(raw.path).getroot()
    except ET.ParseError as exc:
        raise DataError(f"{where}: not well-formed XML ({exc})") from None
    if root.tag != "ValCurs":
        raise DataError(f"{where}: root element is <{root.tag}>, expected <ValCurs>")
    rows = []
    for i, rec in enumerate(root.iter("Record"), start=1):
        try:
            date = pd.to_datetime(rec.get("Date"), format="%d.%m.%Y")
            if pd.isna(date):
                raise ValueError("no Date")
            nominal = _number(rec.findtext("Nominal"))
            value = _number(rec.findtext("Value"))
        except (TypeError, ValueError):
            raise DataError(f"{where}: record {i} (Date={rec.get('Date')!r}): expected a dd.mm.yyyy date "
                            f"and positive numeric Nominal and Value") from None
        rows.append((date, value / nominal))
    if not rows:
        raise DataError(f"{where}: no <Record> elements (wrong currency code or date range?)")
    return pd.DataFrame(rows, columns=["effective_date", "rub_per_usd"])


def read_excel(raw: RawFile, label: str) -> pd.DataFrame:
    """Rates from the Excel export of cbr.ru/currency_base/dynamics (newest first)."""
    where = f"source {label}: {raw.file}"
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", UserWarning)  # openpyxl: "no default style"
            df = pd.read_excel(raw.path, sheet_name=0, engine="openpyxl")
    except Exception as exc:  # openpyxl raises many kinds for a damaged file
        raise DataError(f"{where}: cannot read as an Excel workbook ({type(exc).__name__})") from None
    if list(df.columns) != EXCEL_COLUMNS:
        raise DataError(f"{where}: columns are {list(df.columns)}, expected {EXCEL_COLUMNS}")
    rows = []
    for i, rec in enumerate(df.itertuples(index=False), start=2):
        try:
            date = pd.Timestamp(rec.data) if not isinstance(rec.data, str) else pd.to_datetime(rec.data, format="%d.%m.%Y")
            if pd.isna(date):
                raise ValueError
            rate = _number(rec.curs) / _number(rec.nominal)
            if pd.isna(rate):
                raise ValueError
        except (TypeError, ValueError):
            raise DataError(f"{where}: row {i}: nominal={rec.nominal!r}, data={rec.data!r}, curs={rec.curs!r}: "
                            f"expected a date and positive numeric nominal and curs") from None
        rows.append((date.normalize(), rate))
    return pd.DataFrame(rows, columns=["effective_date", "rub_per_usd"])


def combine(parts: list[tuple[str, pd.DataFrame]], label: str, start: str) -> pd.DataFrame:
    """One daily series from several files; overlapping dates must agree."""
    frames = []
    for name, df in parts:
        frames.append(df.assign(file=name))
    daily = pd.concat(frames, ignore_index=True)
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
    """Spans with no effective dates longer than ``max_gap_days``: (first missing day, last missing day)."""
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


def rate_at(daily: pd.DataFrame, date: pd.Timestamp, rule: str, max_gap_days: int, label: str) -> pd.Series:
    """The official rate in force on ``date``, or the one the bank set that day (effective next)."""
    d = daily["effective_date"]
    if rule == "in_force":
        pos = d.searchsorted(date, side="right") - 1
        ok = pos >= 0 and (date - d[pos]).days <= max_gap_days
    else:  # set_on: the next effective date after the day the rate was set
        pos = d.searchsorted(date, side="right")
        ok = pos < len(d) and (d[pos] - date).days <= 4
    if not ok:
        raise DataError(f"source {label}: no official rate {rule.replace('_', ' ')} {date:%Y-%m-%d} "
                        f"(the series covers {d.iloc[0]:%Y-%m-%d} to {d.iloc[-1]:%Y-%m-%d} with gaps)")
    return daily.iloc[pos]


def build(files: list[RawFile], source: dict, source_id: str) -> Built:
    """usd_rub_monthly and usd_rub_key_dates from the XML or Excel files of one source."""
    params = source["params"]
    readers = {".xml": read_xml, ".xlsx": read_excel}
    parts = []
    for raw in files:
        reader = readers.get(raw.path.suffix.lower())
        if reader is None:
            raise DataError(f"source {source_id}: {raw.file}: expected an .xml or .xlsx file")
        parts.append((raw.file, reader(raw, source_id)))
    daily = combine(parts, source_id, params["series_start"])
    holes = gaps(daily, params["max_gap_days"])
    notes = [f"gap in the official rates from {a:%Y-%m-%d} to {b:%Y-%m-%d} (no rate takes effect "
             f"in it); months it touches are marked incomplete or absent, not filled" for a, b in holes]
    monthly = monthly_mean(daily, holes)
    points = []
    for item in params["key_dates"]:
        date = pd.Timestamp(str(item["date"]))
        row = rate_at(daily, date, item["rule"], params["max_gap_days"], source_id)
        points.append({"date": date, "rule": item["rule"], "rub_per_usd": row["rub_per_usd"],
                       "effective_date": row["effective_date"], "purpose": item["purpose"]})
    key_dates = pd.DataFrame(points, columns=["date", "rule", "rub_per_usd", "effective_date", "purpose"])
    key_dates = key_dates.sort_values(["date", "rule"], kind="stable").reset_index(drop=True)
    return Built({"usd_rub_monthly": monthly, "usd_rub_key_dates": key_dates}, {"usd_rub_monthly": notes})
