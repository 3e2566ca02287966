"""The Russian federal budget: the figures for a period, year-on-year changes, full years, and what drove the
change in a balance. Reads loaded tables (russia_budget_ytd, russia_budget_month); writes nothing."""
from __future__ import annotations

import pandas as pd

from factcheck.analysis.conflicts import chosen

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


def full_years(df: pd.DataFrame, column: str = "balance_bn_rub") -> pd.DataFrame:
    """The full-year rows of ``russia_budget_ytd`` the analysis uses for ``column``, one per year (with a
    ``year`` column): where several reports are used for a year (they agree within their rounding, which the
    consistency checks enforce), the first."""
    fy = chosen(df)
    fy = fy[(fy["period_type"] == "full_year") & fy[column].notna()]
    fy = fy.assign(year=fy["period_start"].dt.year)
    return fy.drop_duplicates("year").reset_index(drop=True)


def balance_drivers(this_year: pd.Series, year_earlier_balance: float, oil_split: pd.DataFrame) -> pd.DataFrame:
    """Share out the worsening of a period's balance against a year earlier: oil-and-gas revenue lost to the
    discount after the cap and before it (the shares of ``oil_split``, see
    :func:`factcheck.analysis.oil.rouble_urals_split`), oil-and-gas revenue lost otherwise, other revenue lost, and
    the rise in spending (bn RUB, and as shares of the worsening). Year-earlier revenue and spending are implied by
    the reported year-on-year changes."""
    yoy = year_on_year(this_year).set_index("item")
    fall = yoy["year_earlier_implied_bn_rub"] - yoy["this_year_bn_rub"]
    og_fall = fall["Oil-and-gas revenue"]
    share = oil_split["share_of_fall"]
    after_cap = og_fall * share["discount, after the cap took effect"]
    before_cap = og_fall * share["discount, invasion to the eve of the cap"]
    parts = pd.DataFrame({"bn_rub": [after_cap, before_cap, og_fall - after_cap - before_cap,
                                     fall["Revenue"] - og_fall, -fall["Spending"]]},
                         index=["oil-and-gas revenue lost to the discount after the cap",
                                "oil-and-gas revenue lost to the discount before the cap",
                                "oil-and-gas revenue lost otherwise (Brent, rouble, gas, volumes, tax changes)",
                                "other revenue lost", "spending rise"])
    worsening = year_earlier_balance - this_year["balance_bn_rub"]
    return parts.assign(share_of_worsening=parts["bn_rub"] / worsening)
