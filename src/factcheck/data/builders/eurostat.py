"""Eurostat Comext: reads one relational-view CSV per year (EU-27 exports of all products by partner) and returns
the yearly value for each partner the catalog names, in EUR bn."""
from __future__ import annotations

import re

import pandas as pd

from factcheck.data.builders import Built, Job
from factcheck.data.csvio import read_with_header
from factcheck.data.fetch import RawFile
from factcheck.errors import DataError, reject_first

HEADER = ["REPORTER", "PARTNER", "PRODUCT", "FLOW", "STAT_PROCEDURE", "PERIOD", "VALUE_IN_EUR"]
FIXED = {"reporter": "REPORTER", "product": "PRODUCT", "flow": "FLOW", "stat_procedure": "STAT_PROCEDURE"}
PERIOD = re.compile(r"(?:(\d{4})52-)?Jan\.-Dec\. (\d{4})")  # "201952-Jan.-Dec. 2019" (2019 on), "Jan.-Dec. 2014"
FILE_YEAR = re.compile(r".*_(\d{4})\.csv")
NUMBER = re.compile(r"\d+(\.\d+)?")


def file_year(raw: RawFile, where: str) -> int:
    """The year in a file name such as eu27_exports_by_partner_2021.csv."""
    match = FILE_YEAR.fullmatch(raw.name)
    if not match:
        raise DataError(f"{where}: cannot tell the year: the name {raw.name!r} "
                        f"does not end in _YYYY.csv")
    return int(match[1])


def language(df: pd.DataFrame, languages: dict, where: str) -> str:
    """The language of a file's labels, told by its first reporter label (which must be EU-27's)."""
    reporter = df["REPORTER"].iloc[0]
    for lang, labels in languages.items():
        if reporter in labels["reporter"]:
            return lang
    raise DataError(f"{where}: row 2: REPORTER = {reporter!r}, expected the EU-27 label of one of the "
                    f"languages {list(languages)}")


def _whole_year(period: str, year: int) -> bool:
    match = PERIOD.fullmatch(period)
    return bool(match) and {match[1] or match[2], match[2]} == {str(year)}


def check_rows(df: pd.DataFrame, labels: dict, year: int, where: str) -> None:
    """Every row: reporter EU-27, product total, flow export, all procedures, the file's year, one per partner."""
    for key, col in FIXED.items():
        reject_first(~df[col].isin(labels[key]), where,
                     lambda i, key=key, col=col: f"{col} = {df[col][i]!r}, expected one of {labels[key]}")
    reject_first(pd.Series([not _whole_year(p, year) for p in df["PERIOD"].tolist()], index=df.index), where,
                 lambda i: f"PERIOD = {df['PERIOD'][i]!r}, expected the whole year {year} "
                           f"('Jan.-Dec. {year}' or '{year}52-Jan.-Dec. {year}')")
    reject_first(df["PARTNER"].duplicated(), where, lambda i: f"duplicate PARTNER {df['PARTNER'][i]!r} "
                 f"(first at row {int((df['PARTNER'] == df['PARTNER'][i]).idxmax()) + 2})")


def partner_values(df: pd.DataFrame, partners: dict, lang: str, year: int, where: str) -> list[dict]:
    """The value of each partner, found by its exact label in the file's language, in EUR bn."""
    rows = {label: i for i, label in df["PARTNER"].items()}
    out = []
    for name, labels in partners.items():
        if lang not in labels:
            raise DataError(f"{where}: the catalog gives partner {name} no {lang!r} label")
        if labels[lang] not in rows:
            raise DataError(f"{where}: partner {name}: no row with PARTNER = {labels[lang]!r} (labels match exactly)")
        i = rows[labels[lang]]
        value = df["VALUE_IN_EUR"][i]
        if not NUMBER.fullmatch(value):
            raise DataError(f"{where}: row {i + 2}: VALUE_IN_EUR = {value!r} for {name}, expected a number")
        out.append({"year": year, "partner": name, "value_eur_bn": float(value) / 1e9})
    return out


def read_year(job: Job, raw: RawFile) -> tuple[int, list[dict]]:
    """One year's file: its year (no later than the build year) and the values of the partners in ``partners``."""
    params, where = job.params, job.where(raw)
    year = file_year(raw, where)
    if year > job.today.year:
        raise DataError(f"{where}: the name says {year}, after the build year {job.today.year}")
    df = read_with_header(raw.path, where, HEADER)
    lang = language(df, params["languages"], where)
    check_rows(df, params["languages"][lang], year, where)
    return year, partner_values(df, params["partners"], lang, year, where)


def build(job: Job) -> Built:
    """eu27_exports_year from one Comext file per year."""
    rows, seen = [], {}
    for raw in job.files:
        year, values = read_year(job, raw)
        if year in seen:
            raise DataError(f"source {job.source_id}: {raw.file} and {seen[year]} are both for {year}")
        seen[year] = raw.file
        rows.extend(values)
    out = pd.DataFrame(rows, columns=["year", "partner", "value_eur_bn"])
    return Built({"eu27_exports_year": out.sort_values(["year", "partner"], kind="stable").reset_index(drop=True)})
