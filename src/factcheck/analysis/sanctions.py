"""Counting designations from the OFAC SDN snapshots: entries per programme and snapshot, the snapshots around a
date, and when a named entry was listed. Reads loaded tables (sdn_program_counts, sdn_named_entities) and
the catalog's names for the aggregate rows and programme tags; writes nothing."""
from __future__ import annotations

import pandas as pd

from factcheck.data import catalog
from factcheck.errors import DataError

_SDN = catalog.source_spec("ofac_sdn")["params"]
ANY_RUSSIA = _SDN["aggregates"]["any"]  # entries carrying any Russia-related tag, each once
RUSSIA_PARTIES = _SDN["aggregates"]["parties"]  # the same, individuals and entities only
ALL_ENTRIES = _SDN["aggregates"]["all"]  # every entry on the list
PROGRAMMES = _SDN["russia_programs"]  # tag -> what the programme covers


def counts_by_snapshot(sdn_counts: pd.DataFrame) -> pd.DataFrame:
    """One row per snapshot date, one column per programme (plus the aggregates)."""
    return sdn_counts.pivot(index="snapshot_date", columns="program", values="entries")


def snapshot_before(wide: pd.DataFrame, date: str) -> pd.Timestamp:
    """The last snapshot taken on or before ``date``."""
    earlier = wide.index[wide.index <= pd.Timestamp(date)]
    if earlier.empty:
        raise DataError(f"sdn_program_counts: no snapshot on or before {date}")
    return earlier[-1]


def by_programme(wide: pd.DataFrame, before: pd.Timestamp, after: pd.Timestamp) -> pd.DataFrame:
    """Entries per programme tag in the snapshots ``before`` and ``after``, and the number added, largest first;
    then the aggregates (each entry once; individuals and entities only; all programmes)."""
    tags = [c for c in wide.columns if c not in (ANY_RUSSIA, RUSSIA_PARTIES, ALL_ENTRIES)]
    table = pd.DataFrame({"before": wide.loc[before, tags], "after": wide.loc[after, tags]})
    table = table.assign(added=table["after"] - table["before"]).sort_values("added", ascending=False)
    names = {ANY_RUSSIA: "any Russia-related tag (each entry once)",
             RUSSIA_PARTIES: "Russia-related individuals and entities (no vessels or aircraft)",
             ALL_ENTRIES: "all entries, any programme"}
    totals = pd.DataFrame({"before": wide.loc[before, list(names)], "after": wide.loc[after, list(names)]})
    totals = totals.assign(added=totals["after"] - totals["before"]).rename(index=names)
    out = pd.concat([table, totals]).rename_axis("programme")
    return out.assign(what=[PROGRAMMES.get(tag, "").split(":")[0] for tag in out.index])


def listing_window(named: pd.DataFrame, snapshots: pd.DatetimeIndex) -> pd.DataFrame:
    """For each named entry: the last snapshot without it and the first with it (it was listed in between)."""
    absent = [snapshots[snapshots < first][-1] for first in named["first_seen_snapshot"]]
    return named.assign(absent_on=absent)[["name", "programs", "absent_on", "first_seen_snapshot"]]
