"""Counting designations from the OFAC SDN snapshots."""
from __future__ import annotations

import pandas as pd

from factcheck.builders.ofac import ALL_ENTRIES, ANY_RUSSIA, RUSSIA_PARTIES  # the aggregate rows' names
from factcheck.errors import DataError

__all__ = ["ALL_ENTRIES", "ANY_RUSSIA", "RUSSIA_PARTIES", "added_between", "counts_by_snapshot", "snapshot_before"]


def counts_by_snapshot(sdn_counts: pd.DataFrame) -> pd.DataFrame:
    """One row per snapshot date, one column per programme (plus the aggregates)."""
    return sdn_counts.pivot(index="snapshot_date", columns="program", values="entries")


def snapshot_before(wide: pd.DataFrame, date: str) -> pd.Timestamp:
    """The last snapshot taken on or before ``date``."""
    earlier = wide.index[wide.index <= pd.Timestamp(date)]
    if earlier.empty:
        raise DataError(f"sdn_program_counts: no snapshot on or before {date}")
    return earlier[-1]


def added_between(wide: pd.DataFrame, start: str, end: str, program: str = ANY_RUSSIA) -> int:
    """Net entries added under ``program`` between the last snapshots before ``start`` and ``end``."""
    first, last = snapshot_before(wide, start), snapshot_before(wide, end)
    return int(wide.loc[last, program] - wide.loc[first, program])
