"""Selecting and comparing Russian federal budget figures from the curated tables."""
from __future__ import annotations

import pandas as pd

from factcheck.conflicts import chosen

ITEMS = {
    "revenues_bn_rub": ("Revenue", "revenues_yoy_pct"),
    "oil_gas_revenues_bn_rub": ("Oil-and-gas revenue", "oil_gas_yoy_pct"),
    "expenditures_bn_rub": ("Spending", "expenditures_yoy_pct"),
}


def period(df: pd.DataFrame, start: str, end: str) -> pd.DataFrame:
    """Rows of ``russia_budget_ytd`` covering exactly the months start..end."""
    return df[(df["period_start"] == pd.Period(start, "M")) & (df["period_end"] == pd.Period(end, "M"))]


def year_on_year(row: pd.Series) -> pd.DataFrame:
    """One period's revenue, oil-and-gas revenue and spending beside the year-earlier values
    implied by the reported year-on-year changes (value / (1 + change))."""
    records = []
    for col, (label, yoy_col) in ITEMS.items():
        value, yoy = row[col], row[yoy_col]
        records.append({"item": label, "this_year_bn_rub": value, "yoy_pct": yoy,
                        "year_earlier_implied_bn_rub": value / (1 + yoy / 100)})
    return pd.DataFrame(records)


def full_years(df: pd.DataFrame) -> pd.DataFrame:
    """Full-year balances the analysis uses, one row per year."""
    fy = chosen(df)
    fy = fy[(fy["period_type"] == "full_year") & fy["balance_bn_rub"].notna()]
    fy = fy.assign(year=fy["period_start"].dt.year)
    if fy["year"].duplicated().any():
        raise ValueError("more than one full-year balance chosen for a year")
    return fy[["year", "balance_bn_rub", "balance_pct_gdp", "reported_by", "published"]].reset_index(drop=True)
