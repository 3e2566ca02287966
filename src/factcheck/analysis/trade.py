"""Trade with Russia: China's monthly and yearly series, exports to Russia as reported, and series indexed to a
base year. Reads loaded tables (china_russia_trade_*, exports_to_russia_year, eu27_exports_year); writes nothing."""
from __future__ import annotations

import pandas as pd

from factcheck.analysis.conflicts import chosen

RANK = {"reported": 0, "implied": 1, "derived": 2, "estimate": 3}
CHINA = {"china_exports_to_russia_usd_bn": "exports", "china_imports_from_russia_usd_bn": "imports",
         "total_usd_bn": "total"}
KIND = {"exports": "exports_kind", "imports": "imports_kind", "total": "total_kind"}


def china_by_month(month_table: pd.DataFrame) -> pd.DataFrame:
    """China's single-month exports to and imports from Russia (USD bn), one row per month reported."""
    rows = chosen(month_table)
    rows = rows[rows["period_kind"] == "month"].rename(columns=CHINA)
    rows = rows.dropna(subset=["exports", "imports"], how="all")
    return rows.set_index("period_start")[["exports", "imports", "total"]].rename_axis("month")


def china_by_year(year_table: pd.DataFrame) -> pd.DataFrame:
    """China's yearly exports, imports and total (USD bn): for each year and flow, the best-sourced value
    (reported before derived; the first such row where several agree in kind)."""
    rows = chosen(year_table).rename(columns=CHINA)
    out = {}
    for year, grp in rows.groupby("year"):
        record = {}
        for flow, kind_col in KIND.items():
            have = grp[grp[flow].notna()]
            if len(have):
                best = have.iloc[have[kind_col].map(RANK).fillna(9).argsort(kind="stable")].iloc[0]
                record[flow], record[f"{flow}_kind"] = best[flow], best[kind_col]
        out[int(year)] = record
    return pd.DataFrame.from_dict(out, orient="index").rename_axis("year")


def reported_exports_to_russia(table: pd.DataFrame) -> pd.DataFrame:
    """Full-year exports to Russia by reporter (USD bn), one column per reporter, from the curated table."""
    rows = chosen(table)
    rows = rows[(rows["measure"] == "exports_to_russia") & (rows["period_kind"] == "full_year")]
    rows = rows.assign(year=rows["period_start"].dt.year)
    return rows.pivot(index="year", columns="reporter", values="value_usd_bn")


def indexed(wide: pd.DataFrame, base: int) -> pd.DataFrame:
    """Each column divided by its value in ``base`` year, times 100."""
    return 100 * wide / wide.loc[base]
