"""Curated tables: reads the tables compiled by hand in data/curated/ (each row citing its page) and returns
them unchanged, once their provenance columns pass: every row names its source by http(s) URL, every conflict
group has exactly one row the analysis uses, each with a reason. The build reads them in place; nothing is
copied."""
from __future__ import annotations

import re

import pandas as pd

from factcheck.data.builders import Built, Job
from factcheck.data.tables import read_csv_text
from factcheck.errors import DataError, reject_first

URL = re.compile(r"^https?://[^\s/$.?#][^\s]*$")


def check_provenance(df: pd.DataFrame, where: str) -> None:
    """Every row names its source by http(s) URL (several separated by " | "; empty only where the note says the
    URL was not recorded); every conflict group has exactly one row marked for use, and every row a reason."""
    for col in ("source_url", "note", "conflict_group", "analysis_choice", "choice_reason"):
        if col not in df.columns:
            raise DataError(f"{where}: column {col} is missing")
    urls = df["source_url"].map(lambda cell: [u.strip() for u in cell.split(" | ")] if cell.strip() else [])
    reject_first(urls.map(len).eq(0) & ~df["note"].str.contains("not recorded"), where,
                 lambda i: "source_url is empty and the note does not say why")
    reject_first(urls.map(lambda us: any(not URL.match(u) for u in us)), where,
                 lambda i: f"source_url {next(u for u in urls[i] if not URL.match(u))!r} is not an http(s) URL")
    reject_first(df["conflict_group"].astype(bool) != df["analysis_choice"].astype(bool), where,
                 lambda i: "analysis_choice must be set exactly on rows with a conflict_group")
    for group, rows in df[df["conflict_group"] != ""].groupby("conflict_group"):
        used = (rows["analysis_choice"] == "use").sum()
        if used != 1:
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
