"""Curated tables keep every conflicting report: this picks the rows the analysis uses and lists each conflict
with its reason. Reads loaded curated tables; writes nothing."""
from __future__ import annotations

import pandas as pd

from factcheck.data.builders.curated import in_use


def chosen(df: pd.DataFrame) -> pd.DataFrame:
    """Rows the analysis uses: those outside any conflict and not set aside, and the one marked 'use' in each
    conflict group."""
    return df[in_use(df)]


def groups(tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """Every conflict group of the curated tables: the figures that differ, the one used and those set aside,
    and the reason for the choice (one row per group)."""
    rows = []
    for table_id, df in tables.items():
        if "conflict_group" not in df.columns:
            continue
        for group, members in df[df["conflict_group"].notna()].groupby("conflict_group", sort=True):
            chosen_rows = members[members["analysis_choice"] == "use"]
            used = chosen_rows.iloc[0] if len(chosen_rows) else None  # none when every report is set aside
            aside = members[members["analysis_choice"] != "use"]
            differs = [c for c in members.columns if pd.api.types.is_numeric_dtype(members[c])
                       and members[c].nunique(dropna=False) > 1]
            figures = "; ".join(f"{c}: {used[c]:g} (set aside: {', '.join(f'{v:g}' for v in aside[c].dropna())})"
                                for c in differs if used is not None and pd.notna(used[c]))
            rows.append({"table": table_id, "group": group, "figures": figures or "(wording or date)",
                         "used": "none" if used is None else used["reported_by"],
                         "set aside": "; ".join(aside["reported_by"]),
                         "why": "; ".join(aside["choice_reason"]) if used is None else used["choice_reason"]})
    return pd.DataFrame(rows)
