"""Curated tables: reads the tables compiled by hand in data/curated/ (each row citing its source) and returns
them unchanged, once their provenance columns pass: every row the analysis uses names its source by http(s) URL;
every conflict group has exactly one row the analysis uses; a row is set aside (``analysis_choice: set_aside``)
only with its reason. Which rows the analysis uses is decided here (:func:`in_use`). The build reads the files in
place; nothing is copied. Whether the cited pages are good enough is the source policy's job
(``factcheck.data.citations``)."""
from __future__ import annotations

import re

import pandas as pd

from factcheck.data.builders import Built, Job
from factcheck.data.csvio import read_csv_text
from factcheck.errors import DataError, reject_first

URL = re.compile(r"^https?://[^\s/$.?#][^\s]*$")
CHOICES = ("use", "alternative", "set_aside")


def urls_in(cell) -> list[str]:
    """The URLs of a ``source_url`` cell (several separated by " | "; the first is the main one)."""
    return [u.strip() for u in str(cell or "").split(" | ") if u.strip()]


def in_use(df: pd.DataFrame) -> pd.Series:
    """Which rows the analysis uses: those outside any conflict and not set aside, and the one marked 'use' in each
    conflict group (works on text and on typed tables); every row of a table without the column."""
    if "analysis_choice" not in df.columns:
        return pd.Series(True, index=df.index)
    return df["analysis_choice"].fillna("").astype(str).isin(["", "use"])


def check_provenance(df: pd.DataFrame, where: str) -> None:
    """Every row names its source by http(s) URL (several separated by " | "), unless it is set aside; every
    conflict group has exactly one row marked for use (none, if all are set aside), and every member a reason; a row
    set aside says why."""
    for col in ("source_url", "conflict_group", "analysis_choice", "choice_reason"):
        if col not in df.columns:
            raise DataError(f"{where}: column {col} is missing")
    urls = df["source_url"].map(urls_in)
    aside = df["analysis_choice"] == "set_aside"
    reject_first(~df["analysis_choice"].isin(("", *CHOICES)), where,
                 lambda i: f"analysis_choice = {df['analysis_choice'][i]!r}, expected one of {', '.join(CHOICES)}")
    reject_first(urls.map(len).eq(0) & ~aside, where,
                 lambda i: "source_url is empty: cite the page, or set the row aside (analysis_choice: set_aside) "
                           "with its reason")
    reject_first(urls.map(lambda us: any(not URL.match(u) for u in us)), where,
                 lambda i: f"source_url {next(u for u in urls[i] if not URL.match(u))!r} is not an http(s) URL")
    grouped = df["conflict_group"].astype(bool)
    reject_first(grouped & ~df["analysis_choice"].astype(bool), where,
                 lambda i: "a row with a conflict_group needs an analysis_choice (use, alternative or set_aside)")
    reject_first(~grouped & df["analysis_choice"].isin(["use", "alternative"]), where,
                 lambda i: f"analysis_choice {df['analysis_choice'][i]} needs a conflict_group (a row outside any "
                           f"conflict is used unless set aside)")
    reject_first(aside & (df["choice_reason"] == ""), where,
                 lambda i: "a row set aside needs its reason in choice_reason")
    for group, rows in df[grouped].groupby("conflict_group"):
        used = (rows["analysis_choice"] == "use").sum()
        if used != 1 and not (rows["analysis_choice"] == "set_aside").all():
            raise DataError(f"{where}: conflict group {group} has {used} rows marked 'use', expected exactly 1")
        if (rows["choice_reason"] == "").any():
            raise DataError(f"{where}: conflict group {group}: every row needs a choice_reason")


def build(job: Job) -> Built:
    """Each curated file, checked, as the table of the same name."""
    tables = {}
    for raw in job.files:
        df = read_csv_text(raw.path, job.where(raw))
        check_provenance(df, job.where(raw))
        tables[raw.name] = df
    return Built(tables, input_files={name: [name] for name in tables})
