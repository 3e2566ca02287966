"""EIA spot prices (Brent RBRTE, WTI RWTC): reads the daily CSVs as republished by datahub.io (Date, Price) and
returns the monthly means of the daily prices, rounded as EIA rounds its own monthly series."""
from __future__ import annotations

from fractions import Fraction

import pandas as pd

from factcheck.data.builders import Built, Job, ends_early, read_daily

HEADER = ["Date", "Price"]


def monthly_mean(daily: pd.DataFrame) -> pd.DataFrame:
    """Mean of the daily prices in each calendar month from exact cents, rounded half-up to the cent as EIA does."""
    cents = daily["value"].mul(100).round().astype("int64")
    rows = []
    for month, grp in cents.groupby(daily["date"].dt.to_period("M")):
        mean = Fraction(int(grp.sum()), len(grp))
        rounded = int(mean + Fraction(1, 2)) if mean >= 0 else -int(-mean + Fraction(1, 2))
        rows.append({"month": str(month), "usd_bbl": rounded / 100, "n_days": len(grp)})
    return pd.DataFrame(rows)


def build(job: Job) -> Built:
    """One monthly table per ``table_files`` entry (brent_monthly from brent-daily.csv, wti_monthly from
    wti-daily.csv); a last month the daily data cover only in part is left out, with a note."""
    tables, notes = {}, {}
    for table_id, name in job.params["table_files"].items():
        daily = read_daily(job, job.file(name), HEADER, "Date", "Price", job.rules(table_id))
        monthly = monthly_mean(daily)
        last = daily["date"].iloc[-1]
        if ends_early(last):
            monthly = monthly.iloc[:-1]
            notes[table_id] = [f"month {last:%Y-%m} left out as incomplete: the daily data end on {last:%Y-%m-%d}"]
        tables[table_id] = monthly
    return Built(tables, notes, {t: [name] for t, name in job.params["table_files"].items()})
