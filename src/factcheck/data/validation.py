"""Checks on what the pipeline reads and writes: a daily input series against the rules its table declares in
the catalog (``input_rules``: sign, range, dates no later than the build date plus an allowance, largest gap),
and a table against its catalog schema (columns, types, ranges, unique sorted keys). Reads nothing itself."""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

import numpy as np
import pandas as pd

from factcheck.errors import DataError, reject_first

_PATTERNS = {
    "date": re.compile(r"^\d{4}-\d{2}-\d{2}$"),
    "month": re.compile(r"^\d{4}-\d{2}$"),
    "year": re.compile(r"^\d{4}$"),
    "int": re.compile(r"^-?\d+$"),
    "float": re.compile(r"^-?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?$"),
    "bool": re.compile(r"^(true|false)$"),
    "partial_date": re.compile(r"^\d{4}(-\d{2}){0,2}$"),
}
_PERIOD = {"date": "%Y-%m-%d", "month": "%Y-%m", "year": "%Y"}
_PARTIAL = {4: "%Y", 7: "%Y-%m", 10: "%Y-%m-%d"}


def _as_text(series: pd.Series) -> pd.Series:
    """Cell values as stripped strings, empty cells as None."""
    cells = [None if pd.isna(v) or str(v).strip() == "" else str(v).strip() for v in series]
    return pd.Series(cells, index=series.index, dtype=object)


def check_table(df: pd.DataFrame, spec: dict, where: str) -> pd.DataFrame:
    """Validate ``df`` (any dtypes) against ``spec``; return it with all cells as text.

    ``where`` names the table and file for the one-line error. Rows are numbered as
    in the CSV file (header = line 1).
    """
    columns = list(spec["columns"])
    if list(df.columns) != columns:
        raise DataError(f"{where}: columns are {list(df.columns)}, expected {columns}")
    if df.empty:
        raise DataError(f"{where}: no rows")
    text = pd.DataFrame({name: _as_text(df[name]) for name in columns}, index=df.index)
    for name, col in spec["columns"].items():
        kind = col["type"]
        for idx, value in text[name].items():
            line = idx + 2
            if value is None:
                if col.get("required", True):
                    raise DataError(f"{where}: row {line}: column {name} is empty, expected a {kind}")
                continue
            if kind in _PATTERNS and not _PATTERNS[kind].match(value):
                raise DataError(f"{where}: row {line}: column {name} = {value!r}, expected a {kind}")
            if kind in _PERIOD or kind == "partial_date":
                try:
                    pd.to_datetime(value, format=_PERIOD.get(kind) or _PARTIAL[len(value)])
                except ValueError:
                    raise DataError(f"{where}: row {line}: column {name} = {value!r} is not a real {kind}") from None
            if "values" in col and value not in [str(v) for v in col["values"]]:
                raise DataError(f"{where}: row {line}: column {name} = {value!r}, expected one of {col['values']}")
            if kind in ("int", "float") and ("min" in col or "max" in col):
                number = float(value)
                if not col.get("min", float("-inf")) <= number <= col.get("max", float("inf")):
                    raise DataError(f"{where}: row {line}: column {name} = {value} is outside the plausible "
                                    f"range [{col.get('min', '-inf')}, {col.get('max', 'inf')}]")
    key = spec.get("key", [])
    if key:
        keys = list(text[key].itertuples(index=False, name=None))
        if spec.get("unique", True):
            seen = {}
            for idx, k in zip(text.index, keys):
                if k in seen:
                    raise DataError(f"{where}: row {idx + 2}: duplicate key {dict(zip(key, k))} "
                                    f"(first at row {seen[k] + 2})")
                seen[k] = idx
        for (i, a), b in zip(zip(text.index, keys), keys[1:]):
            if _sort_key(a) > _sort_key(b):
                raise DataError(f"{where}: row {i + 3}: not sorted by {key} "
                                f"({', '.join(map(str, b))} after {', '.join(map(str, a))})")
    return text


def _sort_key(values: tuple) -> tuple:
    return tuple("" if v is None else v for v in values)


def typed(text: pd.DataFrame, spec: dict) -> pd.DataFrame:
    """Convert validated text cells to the declared types (dates as datetime64, months as periods)."""
    out = pd.DataFrame(index=text.index)
    for name, col in spec["columns"].items():
        s = text[name]
        kind = col["type"]
        if kind == "date":
            out[name] = pd.to_datetime(s, format="%Y-%m-%d")
        elif kind == "month":
            out[name] = pd.PeriodIndex(s, freq="M") if s.notna().all() else s.map(
                lambda v: pd.NaT if v is None else pd.Period(v, freq="M"))
        elif kind in ("int", "year"):
            out[name] = s.map(lambda v: None if v is None else int(v)).astype("Int64")
        elif kind == "float":
            out[name] = s.map(lambda v: None if v is None else float(v)).astype("float64")
        elif kind == "bool":
            out[name] = s.map(lambda v: None if v is None else v == "true").astype("boolean")
        else:
            out[name] = s.astype("string")
    return out


@dataclass(frozen=True)
class InputRules:
    """What one daily input series must satisfy, from its table's ``input_rules`` in the catalog."""

    sign: str = "any"  # "positive", "non-negative" or "any"
    min: float | None = None
    max: float | None = None
    future_days: int = 0  # how far past the build date a row may be dated
    max_gap_days: int | None = None
    why: str = ""

    @classmethod
    def of(cls, spec: dict) -> InputRules:
        """The rules of a table's catalog entry (no rules if it declares none)."""
        return cls(**spec.get("input_rules", {}))

    def reason(self) -> str:
        return f" ({self.why})" if self.why else ""


def daily_series(df: pd.DataFrame, date_col: str, value_col: str, rules: InputRules, today: dt.date,
                 where: str, header_lines: int = 1) -> pd.DataFrame:
    """(date, value) from a daily table read as text: real, unique, increasing dates no later than ``today`` plus
    the allowance, no gap longer than the rules allow, and values that are numbers of the allowed sign and range.
    Errors name the input file (``where``) and the row as numbered in it (rows may come sorted; their index
    keeps the order read)."""
    dates = pd.to_datetime(df[date_col], format="%Y-%m-%d", errors="coerce")
    latest = pd.Timestamp(today) + pd.Timedelta(days=rules.future_days)
    gap = dates.diff().dt.days
    date_checks = [
        (dates.isna(), lambda i: f"{date_col} = {df[date_col][i]!r}, expected a date YYYY-MM-DD"),
        (dates.duplicated(), lambda i: f"duplicate date {df[date_col][i]}"),
        (gap <= 0, lambda i: f"date {df[date_col][i]} is earlier than the row before"),
        (dates > latest, lambda i: f"date {df[date_col][i]} is after the build date {today:%Y-%m-%d}"
                                   f" plus {rules.future_days} days allowed"),
    ]
    if rules.max_gap_days is not None:
        date_checks.append((gap > rules.max_gap_days, lambda i: f"date {df[date_col][i]} comes {gap[i]:.0f} days "
                            f"after the row before; the series allows at most {rules.max_gap_days}{rules.reason()}"))
    values = pd.to_numeric(df[value_col].str.strip(), errors="coerce")
    none = pd.Series(False, index=values.index)
    low = {"positive": values <= 0, "non-negative": values < 0}.get(rules.sign, none)
    value_checks = [
        (~np.isfinite(values), lambda i: f"{value_col} = {df[value_col][i]!r}, expected a number"),
        (low, lambda i: f"{value_col} = {df[value_col][i]} is {'negative' if values[i] < 0 else 'zero'}; "
                        f"this series has {rules.sign} values only{rules.reason()}"),
        ((values < rules.min) if rules.min is not None else none,
         lambda i: f"{value_col} = {df[value_col][i]} is below {rules.min}{rules.reason()}"),
        ((values > rules.max) if rules.max is not None else none,
         lambda i: f"{value_col} = {df[value_col][i]} is above {rules.max}{rules.reason()}"),
    ]
    for bad, message in date_checks + value_checks:
        reject_first(bad, where, message, header_lines)
    return pd.DataFrame({"date": dates, "value": values})
