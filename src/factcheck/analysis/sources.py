"""How good the curated tables' sources are: rows counted by the tier of the best page each cites, the outlets
cited, the rows the analysis uses that rest on state media only, and the rows set aside for want of an acceptable
source. Reads loaded
curated tables and the source policy (``factcheck.data.citations``); writes nothing."""
from __future__ import annotations

import pandas as pd

from factcheck.data import catalog
from factcheck.data.builders.curated import in_use, urls_in
from factcheck.data.citations import TIERS, Policy


def tier_counts(df: pd.DataFrame, policy: Policy) -> pd.DataFrame:
    """A curated table's rows counted by the best tier among the pages each cites ("none": no URL, a row set
    aside), all rows and the rows the analysis uses, in tier order."""
    best = pd.Series([getattr(policy.best(urls_in(c)), "tier", "none") for c in df["source_url"].fillna("")],
                     index=df.index)
    order = [*TIERS, "none"]
    return pd.DataFrame({"rows": best.value_counts().reindex(order, fill_value=0),
                         "used": best[in_use(df)].value_counts().reindex(order, fill_value=0)}).rename_axis("tier")


def tiers_by_table(tables: dict[str, pd.DataFrame], policy: Policy) -> pd.DataFrame:
    """For each table, the rows the analysis uses by the best tier among the pages each cites (every tier but
    never, which the build refuses), and the rows set aside; a total row at the end."""
    rows = {}
    for table_id, df in tables.items():
        counts = tier_counts(df, policy)["used"].reindex(TIERS[:-1])
        rows[table_id] = {**counts.to_dict(), "set aside": int((df["analysis_choice"] == "set_aside").sum())}
    out = pd.DataFrame.from_dict(rows, orient="index").rename_axis("table")
    out.loc["all tables"] = out.sum()
    return out.reset_index()


def outlets(df: pd.DataFrame, policy: Policy) -> pd.DataFrame:
    """Every host a curated table cites (first URL of each row counted as its main page): outlet, what kind of
    source, tier, state-media flag and how many rows cite it, best tier first."""
    rows = [{"host": h.key, "outlet": h.outlet, "kind": h.kind, "tier": h.tier, "state": h.state,
             "main": n == 0} for cell in df["source_url"].fillna("")
            for n, h in enumerate(policy.host(u) for u in urls_in(cell))]
    if not rows:
        return pd.DataFrame(columns=["host", "outlet", "kind", "tier", "state", "rows", "as main page"])
    out = pd.DataFrame(rows).groupby(["host", "outlet", "kind", "tier", "state"]).agg(
        rows=("main", "size"), **{"as main page": ("main", "sum")})
    out = out.reset_index().assign(rank=lambda d: d["tier"].map(TIERS.index))
    return out.sort_values(["rank", "rows", "host"], ascending=[True, False, True]).drop(columns="rank")


def label(df: pd.DataFrame, table_id: str) -> pd.Series:
    """Each row as a reader finds it, from its key columns: "2023-04", "Turkey, exports_to_russia, 2023-01 to
    2023-02" (a period's start and end as a span, after the other key columns)."""
    key = catalog.table_spec(table_id)["key"]
    if df.empty:
        return pd.Series([], index=df.index, dtype="string")
    text = df[key].astype("string").fillna("")
    other = [c for c in key if c not in ("period_start", "period_end")]
    parts = [text[c] for c in other]
    if {"period_start", "period_end"} <= set(key):
        start, end = text["period_start"], text["period_end"]
        parts.append(start.where(start == end, start + " to " + end))
    return pd.concat(parts, axis=1).agg(", ".join, axis=1).str.strip(", ")


def state_media_only(tables: dict[str, pd.DataFrame], policy: Policy) -> pd.DataFrame:
    """The rows the analysis uses whose every cited page is state media (or a copy of it): table, the row, the
    outlets."""
    found = []
    for table_id, df in tables.items():
        used = df[in_use(df)]
        for i, cell in used["source_url"].fillna("").items():
            hosts = [policy.host(u) for u in urls_in(cell)]
            if hosts and all(h.state for h in hosts):
                found.append({"table": table_id, "row": label(used.loc[[i]], table_id).iloc[0],
                              "reported by": used.get("reported_by", pd.Series("", index=used.index))[i],
                              "state media": "; ".join(sorted({h.state for h in hosts}))})
    return pd.DataFrame(found, columns=["table", "row", "reported by", "state media"])


def set_aside(tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """Every row set aside for want of an acceptable source: table, the row, who reported it, why."""
    parts = [pd.DataFrame(columns=["table", "row", "reported by", "why"])]
    for table_id, df in tables.items():
        aside = df["analysis_choice"] == "set_aside"
        parts.append(pd.DataFrame({"table": table_id, "row": label(df[aside], table_id),
                                   "reported by": df.get("reported_by", pd.Series("", index=df.index))[aside],
                                   "why": df.loc[aside, "choice_reason"]}))
    return pd.concat([p for p in parts if len(p)] or parts[:1], ignore_index=True)


def per_table(rows: pd.DataFrame) -> pd.DataFrame:
    """The rows of :func:`state_media_only` counted by table, with the state-media flags among them."""
    flags = lambda s: "; ".join(sorted({f for cell in s for f in cell.split("; ")}))  # noqa: E731
    return rows.groupby("table").agg(rows=("row", "size"), flags=("state media", flags)).reset_index()
