"""The rouble: the official rate in force on a day or set that day, period averages of the official rate, and
conversions at stated rates. Reads loaded tables (usd_rub_daily, usd_rub_monthly); writes nothing."""
from __future__ import annotations

import pandas as pd

from factcheck.errors import DataError


def period_mean(monthly: pd.DataFrame, start: str, end: str) -> float:
    """Mean of the official rates over the months start..end (inclusive), from ``usd_rub_monthly``.

    Each month's mean is weighted by its number of rates, so the result is the mean of the
    daily official rates of the period. Fails if a month is missing or incomplete.
    """
    months = pd.period_range(start, end, freq="M")
    rows = monthly.set_index("month").reindex(months)
    bad = rows.index[rows["rub_per_usd"].isna() | ~rows["complete"].fillna(False).astype(bool)]
    if len(bad):
        raise DataError(f"usd_rub_monthly: no complete official rates for {', '.join(map(str, bad))}")
    n = rows["n_rates"].astype(float)
    return float((rows["rub_per_usd"] * n).sum() / n.sum())


def conversions(rub_bn: float, rates: pd.DataFrame, reference: str) -> pd.DataFrame:
    """``rub_bn`` converted at each rate in ``rates`` (columns ``label``, ``rub_per_usd``, ``basis``).

    Adds ``usd_bn`` and ``vs_reference_pct``, the difference from the row labelled ``reference``.
    """
    out = rates.copy()
    out["usd_bn"] = rub_bn / out["rub_per_usd"]
    ref = out.loc[out["label"] == reference, "usd_bn"]
    if len(ref) != 1:
        raise ValueError(f"reference rate {reference!r} must appear exactly once")
    out["vs_reference_pct"] = 100 * (out["usd_bn"] / ref.iloc[0] - 1)
    return out.reset_index(drop=True)


LONGEST_WITHOUT_RATE = 12  # days: the bank's longest span without a new rate since 1998 (New Year 2015)
SET_AHEAD = 4  # days: a rate set on a Friday before a long weekend takes effect up to four days later


def official_rate(daily: pd.DataFrame, date: str, rule: str) -> float:
    """The official rate from ``usd_rub_daily``: the one in force on ``date`` (rule "in_force": the last rate that
    took effect on or before it) or the one the bank set that day (rule "set_on": the next rate to take effect)."""
    day, effective = pd.Timestamp(date), daily["effective_date"]
    if rule == "in_force":
        rows = daily[effective <= day].tail(1)
        ok = len(rows) == 1 and (day - rows["effective_date"].iloc[0]).days <= LONGEST_WITHOUT_RATE
    else:
        rows = daily[effective > day].head(1)
        ok = len(rows) == 1 and (rows["effective_date"].iloc[0] - day).days <= SET_AHEAD
    if not ok:
        raise DataError(f"usd_rub_daily: no official rate {rule.replace('_', ' ')} {date} (the table covers "
                        f"{effective.min():%Y-%m-%d} to {effective.max():%Y-%m-%d})")
    return float(rows["rub_per_usd"].iloc[0])


def defensible_rates(news_rate: pd.Series, daily: pd.DataFrame, monthly: pd.DataFrame, day: str,
                     period: tuple[str, str]) -> pd.DataFrame:
    """The rates a rouble figure announced on ``day`` can defensibly be converted at: the rate a news agency
    used (a ``usd_rub_reported`` row), the official rate in force that day and the one set that day, and the
    mean official rate over the months ``period`` (columns ``label``, ``rub_per_usd``)."""
    when = pd.Timestamp(day)
    short = f"{when.day} {when:%b %Y}"
    first, last = pd.Period(period[0], "M"), pd.Period(period[1], "M")
    span = f"Q{first.quarter} {first.year}" if (last - first).n == 2 and first.month % 3 == 1 else f"{first}–{last}"
    return pd.DataFrame({
        "label": [f"rate used by {news_rate['reported_by'].split(' ')[0]}, {short}",
                  f"official rate in force on {short}",
                  f"official rate set on {short}", f"mean official rate, {span}"],
        "rub_per_usd": [float(news_rate["rub_per_usd"]), official_rate(daily, day, "in_force"),
                        official_rate(daily, day, "set_on"), period_mean(monthly, *period)],
    })


def market_beside_official(market: pd.DataFrame, official: pd.DataFrame) -> pd.DataFrame:
    """Yahoo's daily USD/RUB quote (``usd_rub_market_daily``: date, low, high, close) beside the Bank of Russia's
    official rate in force that day (from ``usd_rub_daily``), and how far the market close sat above it (%)."""
    out = market.copy()
    out["official"] = [official_rate(official, f"{day:%Y-%m-%d}", "in_force") for day in out["date"]]
    out["gap_pct"] = 100 * (out["close"] / out["official"] - 1)
    return out.reset_index(drop=True)


def place_in_day(rate: float, day: pd.Series) -> dict[str, float | bool]:
    """Where a rate sits against one market day (a row of :func:`market_beside_official`): inside the day's
    low-high range or not, and its distance from the close and from the official rate, in percent."""
    return {"inside_range": bool(day["low"] <= rate <= day["high"]),
            "vs_close_pct": 100 * (rate / day["close"] - 1), "vs_official_pct": 100 * (rate / day["official"] - 1)}


def monthly_market_gap(market: pd.DataFrame, official: pd.DataFrame) -> pd.DataFrame:
    """Monthly means of the market quote (``usd_rub_market_monthly``) beside those of the official rate
    (``usd_rub_monthly``), for the months both cover, and the market's premium over the official rate (%)."""
    both = market.set_index("month")[["close_mean"]].join(official.set_index("month")[["rub_per_usd"]], how="inner")
    both = both.rename(columns={"close_mean": "market", "rub_per_usd": "official"})
    return both.assign(gap_pct=100 * (both["market"] / both["official"] - 1)).reset_index()
