"""The second reader: identities that tie the curated figures together, declared in data/sources.yaml
(``checks:``) and checked at every build and in ``make test``.

Each figure stands for an interval, its printed value plus or minus half a unit of its last printed digit
(a budget figure printed as 2400 bn stands for "2.4 trn": 2,350 to 2,450), so an identity is violated only
when no choice of the figures within their rounding satisfies it. The kinds:

- ``row``: a formula over the columns of one row (revenue − spending = balance; a dollar figure = roubles ÷
  the stated rate);
- ``agree``: the rows the analysis uses for one period give the same figure;
- ``sum``: months add up to the period (quarter, year to date, year) of another table;
- ``mean``: a period's average equals the mean of its months over trading days, and a month follows from two
  consecutive year-to-date averages;
- ``year_on_year``: a reported change equals the ratio of the two levels it links.

Only the rows the analysis uses enter an identity (outside any conflict and not ``set_aside``, or marked ``use``);
any other row (an ``alternative`` in a conflict group, or one ``set_aside`` for want of a source) is checked on its
own row identities and reported, never failed. A violation among the rows
used stops the build, unless the identity records a reason for the rows involved (``exceptions``). Reads the
catalog's checks and the tables they name (as text, to know each figure's rounding); writes nothing.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import pandas as pd

from factcheck.data import catalog
from factcheck.data.builders.curated import in_use
from factcheck.data.csvio import read_csv_text
from factcheck.data.intervals import Formula, Interval
from factcheck.errors import DataError
from factcheck.paths import Paths


@dataclass
class TableText:
    """A processed table as text, with where its rows come from (for messages) and which rows are used."""

    table_id: str
    text: pd.DataFrame
    file: str  # the file a person edits: data/curated/<name>.csv for curated tables
    key: list[str] = field(default_factory=list)

    def used(self) -> pd.DataFrame:
        return self.text[in_use(self.text)]

    def where(self, rows) -> str:
        """The rows as a person finds them: file, line numbers and (for one row) its key."""
        label = ""
        if len(rows) == 1 and "period_label" in self.text.columns:
            label = f" ({self.text.loc[rows[0], 'period_label']})"
        elif len(rows) == 1 and self.key:
            label = " (" + ", ".join(v for v in (self.text.loc[rows[0], k] for k in sorted(self.key)) if v) + ")"
        return f"{self.file} row{'s' if len(rows) > 1 else ''} {', '.join(str(i + 2) for i in rows)}{label}"


@dataclass
class Finding:
    """One instance of an identity: the rows it ties, what each side came to, and the outcome."""

    check: str
    table: str
    rows: str
    detail: str
    outcome: str  # "holds", "violated", "set aside", "excepted"
    reason: str = ""


@dataclass
class Result:
    check: dict
    findings: list[Finding] = field(default_factory=list)
    not_covered: int = 0  # instances that lack a figure (a month not reported, say)

    def count(self, outcome: str) -> int:
        return sum(f.outcome == outcome for f in self.findings)


def _figures(row: pd.Series, columns: list[str]) -> dict[str, Interval] | None:
    if any(row[c] == "" for c in columns):
        return None
    return {c: Interval.of(row[c], c) for c in columns}


def _fmt(iv: Interval) -> str:
    return f"{iv.mid:,.2f}" if iv.hi - iv.lo < 0.5 else f"{iv.lo:,.2f} to {iv.hi:,.2f}"


def _exception(check: dict, rows: list[pd.Series]) -> str:
    """The recorded reason that covers any of ``rows`` for this identity, if one does."""
    for exc in check.get("exceptions", []):
        for row in rows:
            if all(str(row.get(k, "")) == str(v) for k, v in exc["where"].items()):
                return exc["reason"]
    return ""


def _judge(check: dict, table: TableText, rows: list[int], left: Interval, right: Interval, detail: str,
           used: bool = True) -> Finding:
    allowance = check.get("allowance", {}).get("value", 0.0)
    gap = max(0.0, left.gap(right) - allowance)
    if gap == 0:
        return Finding(check["id"], table.table_id, table.where(rows), detail, "holds")
    detail += f": a gap of {gap:,.3g} beyond rounding" + (f" and the allowance of {allowance:g}" if allowance else "")
    reason = _exception(check, [table.text.loc[i] for i in rows])
    if reason:
        return Finding(check["id"], table.table_id, table.where(rows), detail, "excepted", reason)
    if not used:
        choice = table.text.loc[rows[0], "choice_reason"] if "choice_reason" in table.text else ""
        return Finding(check["id"], table.table_id, table.where(rows), detail, "set aside", choice)
    return Finding(check["id"], table.table_id, table.where(rows), detail, "violated")


def check_row(check: dict, tables: dict[str, TableText]) -> Result:
    formula = Formula(check["formula"])
    table = tables[check["table"]]
    result = Result(check)
    used = set(table.used().index)
    for i, row in table.text.iterrows():
        values = _figures(row, formula.columns)
        if values is None:
            continue
        left, right = formula.evaluate(values)
        detail = f"{check['formula']}: {_fmt(left)} against {_fmt(right)}"
        result.findings.append(_judge(check, table, [i], left, right, detail, used=i in used))
    return result


def check_agree(check: dict, tables: dict[str, TableText]) -> Result:
    table = tables[check["table"]]
    result = Result(check)
    for key, group in table.used().groupby(check["by"], sort=False):
        for column in check["columns"]:
            have = group[group[column] != ""]
            if len(have) < 2:
                continue
            figures = [Interval.of(v, column) for v in have[column]]
            left, right = min(figures, key=lambda f: f.hi), max(figures, key=lambda f: f.lo)
            detail = f"{column} for {', '.join(map(str, key if isinstance(key, tuple) else (key,)))}: " + \
                     ", ".join(have[column])
            result.findings.append(_judge(check, table, list(have.index), left, right, detail))
    return result


def _months(spec: dict, tables: dict[str, TableText]) -> tuple[TableText, dict[str, tuple[int, Interval]]]:
    """A monthly column of the rows used: month -> (row, figure); two used rows for a month must agree
    (the ``agree`` identity says so), so the first is taken."""
    table = tables[spec["table"]]
    out = {}
    rows = table.used()
    if "period_kind" in rows.columns:
        rows = rows[rows["period_kind"] == "month"]
    month_col = spec.get("month", "month")
    for i, row in rows.iterrows():
        if row[spec["column"]] != "" and row[month_col] not in out:
            out[row[month_col]] = (i, Interval.of(row[spec["column"]], spec["column"]))
    return table, out


def _periods(spec: dict, tables: dict[str, TableText]):
    """The rows used of a period table, as (row index, first month, last month, figure)."""
    table = tables[spec["table"]]
    for i, row in table.used().iterrows():
        if row[spec["column"]] == "":
            continue
        if "year" in row.index and "period_start" not in row.index:
            start, end = f"{row['year']}-01", f"{row['year']}-12"
        else:
            start, end = row["period_start"], row["period_end"]
        if len(start) != 7 or len(end) != 7:
            continue
        yield i, start, end, Interval.of(row[spec["column"]], spec["column"])


def _span(start: str, end: str) -> list[str]:
    return [str(p) for p in pd.period_range(start, end, freq="M")]


def check_sum(check: dict, tables: dict[str, TableText]) -> Result:
    months_table, months = _months(check["months"], tables)
    periods_table = tables[check["periods"]["table"]]
    result = Result(check)
    for i, start, end, total in _periods(check["periods"], tables):
        span = _span(start, end)
        if len(span) < 2:
            continue
        if any(m not in months for m in span):
            result.not_covered += 1
            continue
        summed = Interval.exact(0.0)
        for m in span:
            summed = summed + months[m][1]
        rows = [months[m][0] for m in span]
        detail = (f"{months_table.where(rows)} ({span[0]} to {span[-1]}) sum to {_fmt(summed)}; "
                  f"{periods_table.where([i])} gives {_fmt(total)}")
        finding = _judge(check, periods_table, [i], summed, total, detail)
        if finding.outcome == "violated" and _exception(check, [months_table.text.loc[r] for r in rows]):
            finding.outcome, finding.reason = "excepted", _exception(check, [months_table.text.loc[r] for r in rows])
        result.findings.append(finding)
    return result


def trading_days(month: str, holidays: set[dt.date]) -> int:
    """Weekdays of ``month`` that are not holidays of the market whose prices are averaged."""
    days = pd.bdate_range(f"{month}-01", pd.Period(month, "M").end_time.normalize())
    return sum(d.date() not in holidays for d in days)


def check_mean(check: dict, tables: dict[str, TableText]) -> Result:
    months_table, months = _months(check["months"], tables)
    periods_table = tables[check["periods"]["table"]]
    holidays = {dt.date.fromisoformat(str(d)) for d in check["trading_days"]["holidays"]}
    days = {}
    result = Result(check)
    averages = {}
    for i, start, end, average in _periods(check["periods"], tables):
        span = _span(start, end)
        for m in span:
            days.setdefault(m, trading_days(m, holidays))
        averages[(start, end)] = (i, average)
        if len(span) < 2:
            continue
        if all(m in months for m in span):
            total = Interval.exact(0.0)
            for m in span:
                total = total + months[m][1] * days[m]
            mean = total / sum(days[m] for m in span)
            rows = [months[m][0] for m in span]
            detail = (f"{months_table.where(rows)} ({start} to {end}), weighted by trading days, average "
                      f"{_fmt(mean)}; {periods_table.where([i])} gives {_fmt(average)}")
            result.findings.append(_judge(check, periods_table, [i], mean, average, detail))
        else:
            result.not_covered += 1
    for (start, end), (i, average) in averages.items():  # a month from two consecutive year-to-date averages
        previous = (start, str(pd.Period(end, "M") - 1))
        if previous not in averages or end not in months or previous[1] < start:
            continue
        j, earlier = averages[previous]
        n_now, n_before = sum(days[m] for m in _span(start, end)), sum(days[m] for m in _span(*previous))
        implied = (average * n_now - earlier * n_before) / days[end]
        row = months[end][0]
        detail = (f"{periods_table.where([j, i])} ({previous[1]} and {end} year-to-date averages) imply {end} = "
                  f"({_fmt(average)} × {n_now} − {_fmt(earlier)} × {n_before}) / {days[end]} = {_fmt(implied)}; "
                  f"{months_table.where([row])} gives {_fmt(months[end][1])}")
        finding = _judge(check, months_table, [row], implied, months[end][1], detail)
        result.findings.append(finding)
    return result


def check_year_on_year(check: dict, tables: dict[str, TableText]) -> Result:
    table = tables[check["table"]]
    result = Result(check)
    rows = table.used()
    key = check["by"]
    index = {}
    for i, row in rows.iterrows():
        index.setdefault(tuple(row[k] for k in key), []).append(i)
    shift = {c: (lambda v: str(pd.Period(v, "M") - 12) if len(v) == 7 else str(int(v) - 1) if len(v) == 4 else v)
             for c in check.get("shift", [])}
    for i, row in rows.iterrows():
        for change_col, level_col in check["pairs"].items():
            if row[change_col] == "" or row[level_col] == "":
                continue
            earlier_key = tuple(shift[k](row[k]) if k in shift else row[k] for k in key)
            earlier = [j for j in index.get(earlier_key, []) if rows.loc[j, level_col] != ""]
            if not earlier:
                result.not_covered += 1
                continue
            j = earlier[0]
            level, before = Interval.of(row[level_col], level_col), Interval.of(rows.loc[j, level_col], level_col)
            change = Interval.of(row[change_col], change_col)
            implied = (level / before - 1) * 100
            detail = (f"{level_col} {row[level_col]} against {rows.loc[j, level_col]} a year earlier "
                      f"({table.where([j])}) is {_fmt(implied)}%; reported {row[change_col]}%")
            result.findings.append(_judge(check, table, [i], implied, change, detail))
    return result


KINDS = {"row": check_row, "agree": check_agree, "sum": check_sum, "mean": check_mean,
         "year_on_year": check_year_on_year}


def tables_for(checks: list[dict], paths: Paths) -> dict[str, TableText]:
    """The tables the identities need, read as text from where ``paths`` keeps them (curated tables in
    data/curated/, built ones in the processed folder in use, which may be a build's stage)."""
    needed = set()
    for check in checks:
        needed |= {check[k]["table"] if isinstance(check.get(k), dict) else check.get(k)
                   for k in ("table", "months", "periods") if check.get(k)}
    out = {}
    for tid in sorted(needed):
        path = catalog.table_file(tid, paths)
        out[tid] = TableText(tid, read_csv_text(path, f"table {tid}: {paths.rel(path)}"), paths.rel(path),
                         catalog.table_spec(tid, paths).get("key", []))
    return out


def run(paths: Paths | None = None) -> list[Result]:
    """Every identity of the catalog, checked against the tables ``paths`` points at (default: the committed)."""
    paths = paths or Paths.default()
    checks = catalog.catalog(paths).get("checks", [])
    tables = tables_for(checks, paths)
    return [KINDS[c["kind"]](c, tables) for c in checks]


def violations(results: list[Result]) -> list[Finding]:
    return [f for r in results for f in r.findings if f.outcome == "violated"]


def enforce(paths: Paths) -> None:
    """Stop with one line naming the identity, the rows and the gap, if any identity is violated."""
    bad = violations(run(paths))
    if bad:
        first = bad[0]
        more = f" (and {len(bad) - 1} more)" if len(bad) > 1 else ""
        raise DataError(f"consistency check {first.check} fails on {first.rows}: {first.detail}{more}")


def report(results: list[Result]) -> pd.DataFrame:
    """One row per identity: what it says, where, how many instances it covered and what it found."""
    return pd.DataFrame([{
        "identity": r.check["id"], "what it checks": r.check["what"], "kind": r.check["kind"],
        "checked": len(r.findings), "hold": r.count("holds"), "set aside": r.count("set aside"),
        "excepted": r.count("excepted"), "violated": r.count("violated"), "not covered": r.not_covered,
    } for r in results])


def findings(results: list[Result], outcomes: tuple[str, ...] = ("set aside", "excepted", "violated")) -> pd.DataFrame:
    """Every instance that did not simply hold, with its rows, its arithmetic and the recorded reason."""
    rows = [vars(f) for r in results for f in r.findings if f.outcome in outcomes]
    return pd.DataFrame(rows, columns=["check", "table", "rows", "detail", "outcome", "reason"])
