"""Dates from the curated events table, and the date arithmetic that date claims need. Reads the loaded events
table; writes nothing."""
from __future__ import annotations

import pandas as pd

from factcheck.errors import DataError

DAYS_PER_MONTH = 365.25 / 12


def event_date(events: pd.DataFrame, event_id: str, exact: bool = True) -> pd.Timestamp:
    """The date of an event; with ``exact``, an event dated only by month or year is an error."""
    rows = events.loc[events["event_id"] == event_id, "date"]
    if len(rows) != 1:
        raise DataError(f"events: no single event {event_id}")
    text = rows.iloc[0]
    if exact and len(text) != 10:
        raise DataError(f"events: {event_id} is dated only {text}, not to the day")
    return pd.Timestamp(text)


def dated(events: pd.DataFrame) -> pd.DataFrame:
    """Events with a ``start`` timestamp (a month-only date falls mid-month, a year-only one mid-year) and an
    ``approximate`` flag."""
    text = events["date"].astype(str)
    middle = text.str.len().map({4: "-07-01", 7: "-15", 10: ""})
    start = pd.to_datetime(text + middle, format="%Y-%m-%d")
    end = pd.to_datetime(events["end_date"].astype("string").fillna(""), format="%Y-%m-%d", errors="coerce")
    return events.assign(start=start, end=end, approximate=text.str.len() != 10)


def months_between(earlier: pd.Timestamp, later: pd.Timestamp) -> float:
    """Elapsed months (average month length) from ``earlier`` to ``later``."""
    return (later - earlier).days / DAYS_PER_MONTH


def year_of(date: pd.Timestamp, start: pd.Timestamp) -> int:
    """Which year (1st, 2nd, ...) of something that started on ``start`` the date falls in."""
    years = date.year - start.year - ((date.month, date.day) < (start.month, start.day))
    return years + 1


def calendar_weeks_between(earlier: pd.Timestamp, later: pd.Timestamp) -> int:
    """Monday-based calendar weeks from ``earlier``'s week to ``later``'s (0 = same week)."""
    return (later.to_period("W-SUN") - earlier.to_period("W-SUN")).n
