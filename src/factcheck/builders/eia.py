"""EIA spot prices (Brent RBRTE, WTI RWTC), daily CSV as republished by datahub.io."""
from __future__ import annotations

from fractions import Fraction

import pandas as pd

from factcheck.builders import Built, ends_early
from factcheck.errors import DataError
from factcheck.fetch import RawFile
from factcheck.tableio import read_with_header
from factcheck.validate import daily_dates

HEADER = ["Date", "Price"]


def read_daily(raw: RawFile, label: str) -> pd.DataFrame:
    """Daily prices as (date, cents): exact integers, so monthly means round like EIA's."""
    where = f"source {label}: {raw.file}"
    df = read_with_header(raw.path, where, HEADER)
    dates = daily_dates(df, "Date", where)
    cents = pd.to_numeric(df["Price"], errors="coerce").mul(100).round()
    if cents.isna().any():
        i = int(cents.isna().idxmax())
        raise DataError(f"{where}: row {i + 2}: Price = {df['Price'][i]!r}, expected a number")
    return pd.DataFrame({"date": dates, "cents": cents.astype("int64")})


def monthly_mean(daily: pd.DataFrame) -> pd.DataFrame:
    """Mean of the daily prices in each calendar month, rounded half-up to the cent as EIA does."""
    rows = []
    for month, grp in daily.groupby(daily["date"].dt.to_period("M")):
        mean = Fraction(int(grp["cents"].sum()), len(grp))
        cents = int(mean + Fraction(1, 2)) if mean >= 0 else -int(-mean + Fraction(1, 2))
        rows.append({"month": str(month), "usd_bbl": cents / 100, "n_days": len(grp)})
    return pd.DataFrame(rows)


def build(files: list[RawFile], source: dict, source_id: str) -> Built:
    """brent_monthly and wti_monthly from brent-daily.csv and wti-daily.csv."""
    by_name = {f.name: f for f in files}
    tables, notes = {}, {}
    for table_id, name in source["params"]["table_files"].items():
        daily = read_daily(by_name[name], source_id)
        monthly = monthly_mean(daily)
        last = daily["date"].iloc[-1]
        if ends_early(last):
            monthly = monthly.iloc[:-1]
            notes[table_id] = [f"month {last:%Y-%m} left out as incomplete: "
                         f"the daily data end on {last:%Y-%m-%d}"]
        tables[table_id] = monthly
    return Built(tables, notes, {t: [name] for t, name in source["params"]["table_files"].items()})
