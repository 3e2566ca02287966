"""Builders turn a source's raw files into processed tables (one module per publisher)."""
from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd


@dataclass
class Built:
    """What a builder returns, each keyed by table id: the tables, the notes the build reports
    and the manifest keeps, and the names of the raw files a table was built from (default: all)."""

    tables: dict[str, pd.DataFrame]
    notes: dict[str, list[str]] = field(default_factory=dict)
    inputs: dict[str, list[str]] = field(default_factory=dict)


def ends_early(last: pd.Timestamp) -> bool:
    """Whether daily data ending on ``last`` stop more than 3 days before the month's last business day,
    so that the month is incomplete."""
    return last < last + pd.offsets.BMonthEnd(0) - pd.Timedelta(days=3)


def starts_late(first: pd.Timestamp) -> bool:
    """Whether daily data starting on ``first`` begin more than 3 days after the month's first business day."""
    return first > pd.offsets.BMonthBegin().rollback(first) + pd.Timedelta(days=3)
