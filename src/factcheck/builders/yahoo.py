"""Yahoo Finance daily closes (saved by factcheck.yfinance_fetch) -> monthly mean and last close."""
from __future__ import annotations

import numpy as np
import pandas as pd

from factcheck.builders import Built, ends_early, starts_late
from factcheck.errors import DataError
from factcheck.fetch import RawFile
from factcheck.tableio import read_with_header
from factcheck.validate import daily_dates

HEADER = ["date", "open", "high", "low", "close", "adj_close", "volume"]


def read_daily(raw: RawFile, label: str) -> pd.DataFrame:
    """(date, close) from a saved daily CSV; other columns must be numbers or empty."""
    where = f"source {label}: {raw.file}"
    df = read_with_header(raw.path, where, HEADER)
    dates = daily_dates(df, "date", where)
    for col in HEADER[1:]:
        number = pd.to_numeric(df[col].where(df[col] != ""), errors="coerce")
        bad = ~np.isfinite(number) & ((df[col] != "") | (col == "close"))
        if bad.any():
            i = int(bad.idxmax())
            raise DataError(f"{where}: row {i + 2}: {col} = {df[col][i]!r}, expected a number")
    return pd.DataFrame({"date": dates, "close": pd.to_numeric(df["close"])})


def monthly(daily: pd.DataFrame) -> pd.DataFrame:
    """Per calendar month: mean of the daily closes, the last close, and the number of days."""
    grp = daily.groupby(daily["date"].dt.to_period("M"))["close"]
    out = grp.agg(close_mean="mean", close_last="last", n_days="count").reset_index(names="month")
    return out.assign(month=out["month"].astype(str))


def build(files: list[RawFile], source: dict, source_id: str) -> Built:
    """One monthly table per ``params.table_files`` entry (table id -> daily CSV name).

    A first or last month the daily data cover only in part (starting more than 3 days after
    its first business day, or ending more than 3 days before its last) is left out, with a note.
    """
    by_name = {f.name: f for f in files}
    tables, notes = {}, {}
    for table_id, name in source["params"]["table_files"].items():
        daily = read_daily(by_name[name], source_id)
        first, last = daily["date"].iloc[0], daily["date"].iloc[-1]
        partial = {}
        if starts_late(first):
            partial[f"{first:%Y-%m}"] = f"start on {first:%Y-%m-%d}"
        if ends_early(last):
            partial[f"{last:%Y-%m}"] = f"end on {last:%Y-%m-%d}"
        table = monthly(daily)
        tables[table_id] = table[~table["month"].isin(list(partial))].reset_index(drop=True)
        if partial:
            notes[table_id] = [f"month {m} left out as incomplete: the daily data {why}"
                               for m, why in partial.items()]
    return Built(tables, notes, {t: [name] for t, name in source["params"]["table_files"].items()})
