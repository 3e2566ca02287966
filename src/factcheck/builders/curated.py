"""Curated tables: figures compiled by hand from cited news reports and official releases."""
from __future__ import annotations

import re

from factcheck.builders import Built
from factcheck.errors import DataError
from factcheck.fetch import RawFile
from factcheck.tableio import read_csv_text


URL = re.compile(r"^https?://[^\s/$.?#][^\s]*$")


def check_provenance(df, where: str) -> None:
    """Every row names its source by http(s) URL (several separated by " | "; empty only where the note says the
    URL was not recorded); every conflict group has exactly one row marked for use."""
    for i, row in df.iterrows():
        urls = [u.strip() for u in row["source_url"].split(" | ")] if row["source_url"].strip() else []
        if not urls and "not recorded" not in row["note"]:
            raise DataError(f"{where}: row {i + 2}: source_url is empty and the note does not say why")
        bad = [u for u in urls if not URL.match(u)]
        if bad:
            raise DataError(f"{where}: row {i + 2}: source_url {bad[0]!r} is not an http(s) URL")
        if bool(row["conflict_group"]) != bool(row["analysis_choice"]):
            raise DataError(f"{where}: row {i + 2}: analysis_choice must be set exactly on rows with a conflict_group")
    conflicts = df[df["conflict_group"] != ""]
    for group, rows in conflicts.groupby("conflict_group"):
        used = (rows["analysis_choice"] == "use").sum()
        if used != 1:
            raise DataError(f"{where}: conflict group {group} has {used} rows marked 'use', expected exactly 1")
        if (rows["choice_reason"] == "").any():
            raise DataError(f"{where}: conflict group {group}: every row needs a choice_reason")


def build(files: list[RawFile], source: dict, source_id: str) -> Built:
    """Each curated file becomes the processed table of the same name, after provenance checks."""
    tables = {}
    for raw in files:
        where = f"source {source_id}: {raw.file}"
        df = read_csv_text(raw.path, where)
        for col in ("source_url", "note", "conflict_group", "analysis_choice", "choice_reason"):
            if col not in df.columns:
                raise DataError(f"{where}: column {col} is missing")
        check_provenance(df, where)
        tables[raw.name] = df
    return Built(tables, inputs={name: [name] for name in tables})
