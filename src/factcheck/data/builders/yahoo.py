"""Yahoo Finance daily prices (saved by ``factcheck.data.yahoo_download``): reads the daily CSVs, leaves out the bad
ticks each table's ``tick_rules`` name (every one reported with its reason), and returns per calendar month the
mean and the last of the daily closes, plus the daily closes of the windows the notebooks cite
(``params.daily_windows``)."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from factcheck.data.builders import Built, Job, ends_early, read_daily, starts_late
from factcheck.errors import DataError, reject_first

HEADER = ["date", "open", "high", "low", "close", "adj_close", "volume"]
PRICES = ["open", "high", "low", "adj_close", "volume"]


def read_prices(job: Job, table_id: str, name: str) -> pd.DataFrame:
    """(date, close, open, high, low) from a saved daily CSV, the close checked against the table's input rules;
    the other price columns must be numbers or empty (NaN)."""
    raw = job.file(name)
    daily = read_daily(job, raw, HEADER, "date", "close", job.rules(table_id))
    for col in PRICES:
        number = pd.to_numeric(daily[col].where(daily[col] != ""), errors="coerce")
        reject_first(~np.isfinite(number) & (daily[col] != ""), job.where(raw),
                     lambda i, col=col: f"{col} = {daily[col][i]!r}, expected a number or nothing")
        daily[col] = number
    return daily.rename(columns={"value": "close"})[["date", "close", "open", "high", "low"]]


@dataclass(frozen=True)
class Exclusion:
    """A daily close left out, and why."""

    date: pd.Timestamp
    close: float
    reason: str

    def note(self) -> str:
        return f"{self.date:%Y-%m-%d}: close {_num(self.close)} left out: {self.reason}"


def _pct(x: float) -> str:
    return f"{100 * x:.1f}%"


def _num(x: float) -> str:
    """A price as read, to four decimals at most (Yahoo's float32 closes carry noise beyond)."""
    return f"{x:.4f}".rstrip("0").rstrip(".")


def outside_range(daily: pd.DataFrame, rule: dict) -> list[Exclusion]:
    """Closes more than ``rule['beyond']`` (a fraction) below the day's low or above its high."""
    beyond = rule["beyond"]
    below = daily["close"] < daily["low"] * (1 - beyond)
    above = daily["close"] > daily["high"] * (1 + beyond)
    out = []
    for r in daily[below | above].itertuples():
        side, edge = ("below the day's low", r.low) if r.close < r.low else ("above the day's high", r.high)
        out.append(Exclusion(r.date, r.close, f"{_pct(abs(r.close / edge - 1))} {side} {_num(edge)}: {rule['why']}"))
    return out


def spikes(daily: pd.DataFrame, rule: dict) -> list[Exclusion]:
    """Closes more than ``rule['jump']`` away from both neighbouring closes while the two neighbours agree within
    ``rule['neighbours_within']`` (all as fractions)."""
    close = daily["close"].reset_index(drop=True)
    before, after = close.shift(1), close.shift(-1)
    jump = np.minimum((close / before - 1).abs(), (close / after - 1).abs())
    agree = (before / after - 1).abs() <= rule["neighbours_within"]
    hit = (jump > rule["jump"]) & agree
    return [Exclusion(daily["date"].iloc[i], close[i], f"{_pct(jump[i])} or more away from both neighbouring closes "
                      f"({_num(before[i])}, {_num(after[i])}): {rule['why']}") for i in close.index[hit]]


def closed_days(daily: pd.DataFrame, rule: dict) -> list[Exclusion]:
    """Rows dated on a day (MM-DD) no market trades."""
    hit = daily["date"].dt.strftime("%m-%d").isin(rule["days"])
    return [Exclusion(r.date, r.close, f"no market that day: {rule['why']}") for r in daily[hit].itertuples()]


def unfinished(daily: pd.DataFrame, captured: str | None) -> list[Exclusion]:
    """Rows dated on or after the day the file was downloaded: that session may still have been open."""
    if captured is None:
        return []
    hit = daily["date"] >= pd.Timestamp(captured)
    return [Exclusion(r.date, r.close, f"dated on or after the day the file was downloaded ({captured}), so the "
                      f"session may still have been open") for r in daily[hit].itertuples()]


def clean(daily: pd.DataFrame, rules: dict, captured: str | None = None) -> tuple[pd.DataFrame, list[Exclusion]]:
    """The daily closes without the rows the rules leave out, and those rows with their reasons (in date order).
    A row outside its own range, on a closed day or unfinished goes first; spikes are then judged against the
    neighbours that remain."""
    first = unfinished(daily, captured)
    if "outside_range" in rules:
        first += outside_range(daily, rules["outside_range"])
    if "closed_days" in rules:
        first += closed_days(daily, rules["closed_days"])
    kept = daily[~daily["date"].isin([x.date for x in first])]
    second = spikes(kept, rules["spike"]) if "spike" in rules else []
    kept = kept[~kept["date"].isin([x.date for x in second])].reset_index(drop=True)
    left_out = {x.date: x for x in second + first}  # one reason a day (the first rule that caught it)
    return kept, sorted(left_out.values(), key=lambda x: x.date)


def monthly(daily: pd.DataFrame, bad: list[Exclusion]) -> pd.DataFrame:
    """Per calendar month: mean of the daily closes, the last close, the number of days, the closes left out."""
    grp = daily.groupby(daily["date"].dt.to_period("M"))["close"]
    out = grp.agg(close_mean="mean", close_last="last", n_days="count").reset_index(names="month")
    counts = pd.Series([x.date.to_period("M") for x in bad], dtype="period[M]").value_counts()
    out["days_left_out"] = out["month"].map(counts).fillna(0).astype(int)
    return out.assign(month=out["month"].astype(str))


def incomplete(daily: pd.DataFrame) -> dict[str, str]:
    """The first or last month the daily data cover only in part (starting more than 3 days after its first
    business day, or ending more than 3 days before its last), with what makes it so."""
    first, last = daily["date"].iloc[0], daily["date"].iloc[-1]
    partial = {}
    if starts_late(first):
        partial[f"{first:%Y-%m}"] = f"start on {first:%Y-%m-%d}"
    if ends_early(last):
        partial[f"{last:%Y-%m}"] = f"end on {last:%Y-%m-%d}"
    return partial


def windows(daily: pd.DataFrame, spec: dict) -> pd.DataFrame:
    """The daily low, high and close inside the windows ``spec['windows']`` names (each ``from``..``to``,
    inclusive)."""
    inside = pd.Series(False, index=daily.index)
    for w in spec["windows"]:
        inside |= daily["date"].between(pd.Timestamp(w["from"]), pd.Timestamp(w["to"]))
    return daily.loc[inside, ["date", "low", "high", "close"]].reset_index(drop=True)


def build(job: Job) -> Built:
    """One monthly table per ``table_files`` entry (table id -> daily CSV name), without its incomplete first or
    last month, and one daily table per ``daily_windows`` entry (from a file a monthly table reads, cleaned by that
    table's rules). Every close left out is a note of its table."""
    tables, notes, inputs, cleaned = {}, {}, {}, {}
    for table_id, name in job.params["table_files"].items():
        raw = job.file(name)
        daily, bad = clean(read_prices(job, table_id, name), job.tables[table_id].get("tick_rules", {}),
                           raw.captured)
        if daily.empty:
            raise DataError(f"{job.where(raw)}: every close is left out by the tick_rules of {table_id} (the first: "
                            f"{bad[0].note()})")
        cleaned[name] = daily, bad
        partial = incomplete(daily)
        table = monthly(daily, bad)
        tables[table_id] = table[~table["month"].isin(list(partial))].reset_index(drop=True)
        notes[table_id] = [x.note() for x in bad] + [
            f"month {m} left out as incomplete: the daily data {why}" for m, why in partial.items()]
        inputs[table_id] = [name]
    for table_id, spec in job.params.get("daily_windows", {}).items():
        daily, bad = cleaned[spec["file"]]  # cleaned as the monthly table of the same file
        tables[table_id] = windows(daily, spec)
        notes[table_id] = [x.note() for x in bad if any(
            pd.Timestamp(w["from"]) <= x.date <= pd.Timestamp(w["to"]) for w in spec["windows"])]
        inputs[table_id] = [spec["file"]]
    return Built(tables, {t: n for t, n in notes.items() if n}, inputs)
