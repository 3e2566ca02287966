"""Builders: one module per publisher, each reading that publisher's raw files (``factcheck.data.fetch.RawFile``)
and returning tables shaped like the publisher's own, reduced only as far as committing them requires (monthly
means of daily prices, programme counts of list snapshots). Picking what a claim needs is left to
``factcheck.analysis``. A builder is named in the catalog as ``module:function`` and called with a :class:`Job`;
it reads only the files the job lists and writes nothing."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import pandas as pd

from factcheck.data.csvio import read_with_header
from factcheck.data.fetch import RawFile
from factcheck.data.validation import InputRules, daily_series


@dataclass(frozen=True)
class Job:
    """One source to build: its raw files, its catalog parameters, the catalog entries of the tables it builds,
    and the build date (the latest date an input may carry, plus each series' allowance)."""

    source_id: str
    files: list[RawFile]
    params: dict
    tables: dict[str, dict]
    today: dt.date

    def where(self, raw: RawFile) -> str:
        """How errors name a raw file: the source and the file's name in the mirror layout."""
        return f"source {self.source_id}: {raw.file}"

    def file(self, name: str) -> RawFile:
        return next(f for f in self.files if f.name == name)

    def rules(self, table_id: str) -> InputRules:
        return InputRules.of(self.tables[table_id])


@dataclass
class Built:
    """What a builder returns, each keyed by table id: the tables, the notes the build reports and the manifest
    keeps, and the names of the raw files a table was built from (default: all of the source's files)."""

    tables: dict[str, pd.DataFrame]
    notes: dict[str, list[str]] = field(default_factory=dict)
    input_files: dict[str, list[str]] = field(default_factory=dict)


def read_daily(job: Job, raw: RawFile, header: list[str], date_col: str, value_col: str,
               rules: InputRules) -> pd.DataFrame:
    """A daily CSV with exactly ``header``, as (date, value) checked against ``rules``, plus its other columns
    as read."""
    where = job.where(raw)
    df = read_with_header(raw.path, where, header)
    series = daily_series(df, date_col, value_col, rules, job.today, where)
    return pd.concat([series, df.drop(columns=[date_col, value_col])], axis=1)


def ends_early(last: pd.Timestamp) -> bool:
    """Whether daily data ending on ``last`` stop more than 3 days before the month's last business day,
    so that the month is incomplete."""
    return last < last + pd.offsets.BMonthEnd(0) - pd.Timedelta(days=3)


def starts_late(first: pd.Timestamp) -> bool:
    """Whether daily data starting on ``first`` begin more than 3 days after the month's first business day."""
    return first > pd.offsets.BMonthBegin().rollback(first) + pd.Timedelta(days=3)
