"""Curated tables keep every conflicting report; this picks the rows the analysis uses."""
from __future__ import annotations

import pandas as pd


def chosen(df: pd.DataFrame) -> pd.DataFrame:
    """Rows the analysis uses: those outside any conflict, and the one marked 'use' in each conflict group."""
    keep = df["conflict_group"].isna() | (df["analysis_choice"] == "use")
    return df[keep]
