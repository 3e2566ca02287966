"""Yahoo Finance daily prices (saved by ``factcheck.data.yahoo_download``): reads the daily CSVs and returns, per
calendar month, the mean and the last of the daily closes."""
from __future__ import annotations

import numpy as np
import pandas as pd

from factcheck.data.builders import Built, Job, ends_early, read_daily, starts_late
from factcheck.errors import reject_first

HEADER = ["date", "open", "high", "low", "close", "adj_close", "volume"]


def read_closes(job: Job, table_id: str, name: str) -> pd.DataFrame:
    """(date, close) from a saved daily CSV, the close checked against the table's input rules; the other price
    columns must be numbers or empty."""
    raw = job.file(name)
    daily = read_daily(job, raw, HEADER, "date", "close", job.rules(table_id))
    for col in ["open", "high", "low", "adj_close", "volume"]:
        number = pd.to_numeric(daily[col].where(daily[col] != ""), errors="coerce")
        reject_first(~np.isfinite(number) & (daily[col] != ""), job.where(raw),
                     lambda i, col=col: f"{col} = {daily[col][i]!r}, expected a number or nothing")
    return daily[["date", "value"]].rename(columns={"value": "close"})


def monthly(daily: pd.DataFrame) -> pd.DataFrame:
    """Per calendar month: mean of the daily closes, the last close, and the number of days."""
    grp = daily.groupby(daily["date"].dt.to_period("M"))["close"]
    out = grp.agg(close_mean="mean", close_last="last", n_days="count").reset_index(names="month")
    return out.assign(month=out["month"].astype(str))


def build(job: Job) -> Built:
    """One monthly table per ``table_files`` entry (table id -> daily CSV name). A first or last month the daily
    data cover only in part (starting more than 3 days after its first business day, or ending more than 3 days
    before its last) is left out, with a note."""
    tables, notes = {}, {}
    for table_id, name in job.params["table_files"].items():
        daily = read_closes(job, table_id, name)
        first, last = daily["date"].iloc[0], daily["date"].iloc[-1]
        partial = {}
        if starts_late(first):
            partial[f"{first:%Y-%m}"] = f"start on {first:%Y-%m-%d}"
        if ends_early(last):
            partial[f"{last:%Y-%m}"] = f"end on {last:%Y-%m-%d}"
        table = monthly(daily)
        tables[table_id] = table[~table["month"].isin(list(partial))].reset_index(drop=True)
        if partial:
            notes[table_id] = [f"month {m} left out as incomplete: the daily data {why}" for m, why in partial.items()]
    return Built(tables, notes, {t: [name] for t, name in job.params["table_files"].items()})
