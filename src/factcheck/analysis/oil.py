"""Oil: the price caps in force, monthly price series, the Urals discount, period summaries, and how much of a
fall in revenue each driver explains. Reads loaded tables (brent_monthly, urals_*, price_cap_timeline,
tracker_estimates, usd_rub_monthly); writes nothing."""
from __future__ import annotations

import math

import pandas as pd

from factcheck.analysis.conflicts import chosen
from factcheck.analysis.fx import period_mean
from factcheck.errors import DataError


def cap_steps(timeline: pd.DataFrame, product: str, jurisdiction: str) -> pd.DataFrame:
    """Dates a cap level took effect for ``product`` (a prefix of the timeline's product text) in a
    jurisdiction (matched as a word in the timeline's jurisdiction list, e.g. "EU" or "US")."""
    rows = timeline[(timeline["event_kind"] == "cap_in_force") & timeline["product"].str.startswith(product)
                    & timeline["level_usd_bbl"].notna()]
    words = rows["jurisdiction"].str.replace(r"[;,()]", " ", regex=True).str.split()
    rows = rows[words.map(lambda ws: jurisdiction in ws)]
    if rows.empty:
        raise DataError(f"price_cap_timeline: no cap in force for {product!r} in {jurisdiction}")
    out = pd.DataFrame({"date": pd.to_datetime(rows["date"]), "level_usd_bbl": rows["level_usd_bbl"]})
    return out.reset_index(drop=True)


def cap_on(steps: pd.DataFrame, date: pd.Timestamp) -> float:
    """The cap level in force on ``date`` (NaN before the first step)."""
    earlier = steps[steps["date"] <= date]
    return float(earlier["level_usd_bbl"].iloc[-1]) if len(earlier) else math.nan


def monthly_series(df: pd.DataFrame, column: str) -> pd.Series:
    """A curated monthly table's values by month, from the rows chosen where reports conflict; where two chosen
    rows report the same month (the consistency checks require them to agree), the first."""
    rows = chosen(df)
    return rows[~rows["month"].duplicated()].set_index("month")[column]


def mean_over(series: pd.Series, start: str, end: str) -> float:
    """Mean of a monthly series over start..end (inclusive); every month must be present."""
    months = pd.period_range(start, end, freq="M")
    values = series.reindex(months)
    if values.isna().any():
        raise DataError(f"{series.name}: no value for {', '.join(str(m) for m in months[values.isna()])}")
    return float(values.mean())


def log_shares(total_ratio: float, parts: dict[str, float]) -> pd.DataFrame:
    """Split a change (``total_ratio`` = after / before) into multiplicative parts, as shares of its log.

    ``parts`` maps each driver to its own after / before ratio; the ratios must multiply to the total.
    """
    product = math.prod(parts.values())
    if not math.isclose(product, total_ratio, rel_tol=1e-9):
        raise ValueError(f"the parts multiply to {product:.6f}, not {total_ratio:.6f}")
    total = math.log(total_ratio)
    return pd.DataFrame([{"driver": k, "change_pct": 100 * (v - 1), "share_of_fall": math.log(v) / total}
                         for k, v in parts.items()])


def rouble_urals_split(brent: pd.Series, urals: pd.Series, rates: pd.DataFrame, base: tuple[str, str],
                       post: tuple[str, str], precap: tuple[str, str]) -> pd.DataFrame:
    """Split the fall in the rouble Urals price from the months ``base`` to ``post`` into Brent, Urals' discount
    before the cap (to its level in the months ``precap``), the discount after it, and the official rouble rate."""
    b0, b1, bc = (mean_over(brent, *m) for m in (base, post, precap))
    u0, u1, uc = (mean_over(urals, *m) for m in (base, post, precap))
    r0, r1 = period_mean(rates, *base), period_mean(rates, *post)
    return log_shares((u1 * r1) / (u0 * r0), {
        "Brent (world price, USD)": b1 / b0,
        "discount, invasion to the eve of the cap": (uc / bc) / (u0 / b0),
        "discount, after the cap took effect": (u1 / b1) / (uc / bc),
        "roubles per dollar (official)": r1 / r0,
    }).set_index("driver")


def period_summary(monthly: pd.DataFrame, periods: dict[str, tuple[str, str]]) -> pd.DataFrame:
    """Means of a monthly frame (columns ``brent``, ``urals``, ``revenue``) over named periods of months, with the
    Brent-minus-Urals discount in dollars and as a share of Brent, and how many months each mean rests on
    (columns named for readers)."""
    rows = []
    for name, (start, end) in periods.items():
        part = monthly.loc[pd.Period(start, "M"):pd.Period(end, "M")]
        both = part.dropna(subset=["brent", "urals"])
        discount = both["brent"] - both["urals"]
        rows.append({"period": name, "from": start, "to": end, "months with Urals": len(both),
                     "Brent, $": both["brent"].mean(), "Urals, $": both["urals"].mean(),
                     "discount, $": discount.mean(), "of Brent": (discount / both["brent"]).mean(),
                     "oil and gas, bn RUB a month": part["revenue"].mean(),
                     "months with revenue": int(part["revenue"].notna().sum())})
    return pd.DataFrame(rows)


def beside_trackers(trackers: pd.DataFrame, monthly: pd.DataFrame) -> pd.DataFrame:
    """The trackers' estimates that have a counterpart among our monthly series, with ours beside them
    (``ours``: Brent minus Urals in dollars or as a percentage of Brent, or the Urals price; NaN where we
    have no figure for the month)."""
    discount = monthly["brent"] - monthly["urals"]
    ours = {"urals_discount": discount, "urals_discount_pct": 100 * discount / monthly["brent"],
            "urals_price": monthly["urals"]}
    rows = trackers[trackers["compared_with"].notna()]
    return rows.assign(ours=[ours[c].get(m) for m, c in zip(rows["month"], rows["compared_with"])])



def futures_beside_spot(futures: pd.DataFrame, spot: pd.DataFrame) -> pd.DataFrame:
    """Front-month Brent futures (``brent_futures_monthly``, monthly mean of closes) beside EIA's Dated Brent spot
    (``brent_monthly``), by month, with spot minus futures: positive in backwardation (spot above futures)."""
    both = futures.set_index("month")[["close_mean"]].join(spot.set_index("month")[["usd_bbl"]], how="outer")
    both = both.rename(columns={"close_mean": "futures", "usd_bbl": "spot"})
    return both.assign(spot_minus_futures=both["spot"] - both["futures"]).reset_index()
