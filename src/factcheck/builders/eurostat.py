"""Eurostat Comext: EU-27 exports of all products to each partner, one relational-view CSV per year."""
from __future__ import annotations

import re

import pandas as pd

from factcheck.builders import Built
from factcheck.errors import DataError
from factcheck.fetch import RawFile
from factcheck.tableio import read_with_header

HEADER = ["REPORTER", "PARTNER", "PRODUCT", "FLOW", "STAT_PROCEDURE", "PERIOD", "VALUE_IN_EUR"]
FIXED = {"reporter": "REPORTER", "product": "PRODUCT", "flow": "FLOW", "stat_procedure": "STAT_PROCEDURE"}
PERIOD = re.compile(r"(?:(\d{4})52-)?Jan\.-Dec\. (\d{4})")  # "201952-Jan.-Dec. 2019" (2019 on), "Jan.-Dec. 2014"
FILE_YEAR = re.compile(r".*_(\d{4})\.csv")
NUMBER = re.compile(r"\d+(\.\d+)?")


def file_year(raw: RawFile, label: str) -> int:
    """The year in a file name such as eu27_exports_by_partner_2021.csv."""
    match = FILE_YEAR.fullmatch(raw.name)
    if not match:
        raise DataError(f"source {label}: {raw.file}: cannot tell the year: the name {raw.name!r} "
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
        bad = ~df[col].isin(labels[key])
        if bad.any():
            i = int(bad.idxmax())
            raise DataError(f"{where}: row {i + 2}: {col} = {df[col][i]!r}, expected one of {labels[key]}")
    bad = pd.Series([not _whole_year(p, year) for p in df["PERIOD"].tolist()], index=df.index)
    if bad.any():
        i = int(bad.idxmax())
        raise DataError(f"{where}: row {i + 2}: PERIOD = {df['PERIOD'][i]!r}, expected the whole year {year} "
                        f"('Jan.-Dec. {year}' or '{year}52-Jan.-Dec. {year}')")
    dup = df["PARTNER"].duplicated()
    if dup.any():
        i = int(dup.idxmax())
        first = int((df["PARTNER"] == df["PARTNER"][i]).idxmax())
        raise DataError(f"{where}: row {i + 2}: duplicate PARTNER {df['PARTNER'][i]!r} (first at row {first + 2})")


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


def read_year(raw: RawFile, params: dict, label: str) -> tuple[int, list[dict]]:
    """One year's file: its year and the values of the partners in ``params['partners']``."""
    where = f"source {label}: {raw.file}"
    year = file_year(raw, label)
    df = read_with_header(raw.path, where, HEADER)
    lang = language(df, params["languages"], where)
    check_rows(df, params["languages"][lang], year, where)
    return year, partner_values(df, params["partners"], lang, year, where)


def build(files: list[RawFile], source: dict, source_id: str) -> Built:
    """eu27_exports_year from one Comext file per year."""
    rows, seen = [], {}
    for raw in files:
        year, values = read_year(raw, source["params"], source_id)
        if year in seen:
            raise DataError(f"source {source_id}: {raw.file} and {seen[year]} are both for {year}")
        seen[year] = raw.file
        rows.extend(values)
    out = pd.DataFrame(rows, columns=["year", "partner", "value_eur_bn"])
    return Built({"eu27_exports_year": out.sort_values(["year", "partner"], kind="stable").reset_index(drop=True)})
