"""EIA daily spot prices -> monthly means, on fixtures shaped like datahub.io's brent-daily.csv."""
import datetime as dt

import pytest
from scratch import EIA_BRENT, TODAY, job, raw, write_eia

from factcheck import load
from factcheck.data import catalog
from factcheck.data.builders import eia, read_daily
from factcheck.errors import DataError

REAL_TABLES = {t: e for t, e in catalog.catalog()["tables"].items() if e["source"] == "eia_spot"}


def eia_job(path, tables=None, params=None, today=TODAY):
    """A job for the file at ``path``, named eia/<name> as in the mirror (tables: the scratch catalog's)."""
    return job("eia_spot", [raw(path, file="eia/" + path.name)], params, tables, today)


def read(path, table="brent_monthly", tables=None, today=TODAY):
    """The daily series as the builder reads it, checked against ``table``'s input rules."""
    j = eia_job(path, tables, today=today)
    return read_daily(j, j.files[0], eia.HEADER, "Date", "Price", j.rules(table))


def test_monthly_mean_rounds_half_up_from_exact_cents(tmp_path):
    # 82.10 and 77.84 average exactly 79.97; 83.00 and 82.17 average 82.585 -> 82.59 (a float mean gives 82.58)
    daily = read(write_eia(tmp_path / "brent-daily.csv"))
    monthly = eia.monthly_mean(daily)
    assert monthly.to_dict("records") == [
        {"month": "2023-01", "usd_bbl": 79.97, "n_days": 2},
        {"month": "2023-02", "usd_bbl": 82.59, "n_days": 2},
    ]


def test_negative_prices_round_away_from_zero(tmp_path):
    path = write_eia(tmp_path / "wti-daily.csv", "Date,Price\n2020-04-20,-36.98\n2020-04-21,8.91\n")
    monthly = eia.monthly_mean(read(path, "wti_monthly", REAL_TABLES))  # WTI's rules allow a negative day
    assert monthly["usd_bbl"].tolist() == [-14.04]  # (-36.98 + 8.91) / 2 = -14.035


@pytest.mark.parametrize("text, message", [
    ("date,price\n2023-01-03,82.1\n", "header is ['date', 'price'], expected ['Date', 'Price']"),
    ("Date,Price\n2023-01-03,82.1\n2023-01-04,n/a\n", "row 3: Price = 'n/a', expected a number"),
    ("Date,Price\n2023-01-03,82.1\n2023-01-0", "row 3: Date = '2023-01-0', expected a date YYYY-MM-DD"),
    ("Date,Price\n2023-01-03,82.1\n2023-01-03,82.2\n", "row 3: duplicate date 2023-01-03"),
    ("Date,Price\n2023-01-04,82.1\n2023-01-03,82.2\n", "row 3: date 2023-01-03 is earlier than the row before"),
    ("Date,Price\n", "no rows"),
    # the table's input rules (the scratch catalog's brent_monthly: positive, at most 300, a day ahead, gaps <= 40)
    ("Date,Price\n2023-01-03,82.1\n2023-01-04,-5.00\n",
     "row 3: Price = -5.00 is negative; this series has positive values only (Brent is never negative)"),
    ("Date,Price\n2023-01-03,0\n", "row 2: Price = 0 is zero; this series has positive values only"),
    ("Date,Price\n2023-01-03,82.1\n2023-01-04,301\n", "row 3: Price = 301 is above 300 (Brent is never negative)"),
    ("Date,Price\n2023-01-03,82.1\n2099-01-01,82.2\n",
     "row 3: date 2099-01-01 is after the build date 2026-12-01 plus 1 days allowed"),
    ("Date,Price\n2023-01-03,82.1\n2023-03-01,82.2\n",
     "row 3: date 2023-03-01 comes 57 days after the row before; the series allows at most 40 "
     "(Brent is never negative)"),
])
def test_bad_input_names_source_file_and_row(tmp_path, text, message):
    path = write_eia(tmp_path / "brent-daily.csv", text)
    with pytest.raises(DataError) as err:
        read(path)
    assert str(err.value).startswith("source eia_spot: eia/brent-daily.csv")
    assert message in str(err.value)
    assert "\n" not in str(err.value)


def test_negative_brent_is_rejected_by_the_build_as_negative_not_as_not_a_number(tmp_path):
    path = write_eia(tmp_path / "brent-daily.csv", EIA_BRENT + "2023-02-03,-5\n")
    with pytest.raises(DataError) as err:
        eia.build(eia_job(path, params={"table_files": {"brent_monthly": "brent-daily.csv"}}))
    assert str(err.value).startswith("source eia_spot: eia/brent-daily.csv: row 6: Price = -5 is negative")
    assert "expected a number" not in str(err.value)


def test_real_catalog_rules_reject_negative_brent_and_accept_a_negative_wti_day(tmp_path):
    params = catalog.source_spec("eia_spot")["params"]
    brent = write_eia(tmp_path / "brent-daily.csv", "Date,Price\n2020-04-20,9.12\n2020-04-21,-1.00\n")
    wti = write_eia(tmp_path / "wti-daily.csv", "Date,Price\n2020-04-17,18.31\n2020-04-20,-36.98\n"
                                                "2020-04-21,8.91\n2020-04-30,18.84\n")
    files = [raw(brent, file="eia/brent-daily.csv"), raw(wti, file="eia/wti-daily.csv")]
    with pytest.raises(DataError) as err:
        eia.build(job("eia_spot", files, params, REAL_TABLES))
    assert str(err.value).startswith("source eia_spot: eia/brent-daily.csv: row 3: Price = -1.00 is negative; "
                                     "this series has positive values only (Brent spot has never been")
    write_eia(brent, "Date,Price\n2020-04-20,9.12\n2020-04-21,9.12\n2020-04-30,18.11\n")
    files[0] = raw(brent, file="eia/brent-daily.csv")
    built = eia.build(job("eia_spot", files, params, REAL_TABLES))
    assert built.tables["wti_monthly"].to_dict("records") == [{"month": "2020-04", "usd_bbl": 2.27, "n_days": 4}]
    # (18.31 - 36.98 + 8.91 + 18.84) / 4 = 2.27


def test_a_row_dated_2099_is_rejected_naming_file_and_row(tmp_path):
    path = write_eia(tmp_path / "brent-daily.csv", EIA_BRENT + "2099-01-01,80.00\n")
    with pytest.raises(DataError, match=r"^source eia_spot: eia/brent-daily.csv: row 6: date 2099-01-01 is after "
                                        r"the build date 2026-12-01 plus 1 days allowed$"):
        eia.build(eia_job(path, params={"table_files": {"brent_monthly": "brent-daily.csv"}}))


def test_a_row_dated_the_day_after_the_build_date_is_allowed(tmp_path):
    path = write_eia(tmp_path / "brent-daily.csv", "Date,Price\n2026-11-30,80.00\n2026-12-02,81.00\n")
    assert read(path)["value"].tolist() == [80.0, 81.0]  # future_days: 1 (time zones)
    with pytest.raises(DataError, match="row 3: date 2026-12-02 is after the build date 2026-11-30 plus 1 days"):
        read(path, today=dt.date(2026, 11, 30))


def test_gap_longer_than_the_series_allows_is_rejected(tmp_path):
    path = write_eia(tmp_path / "brent-daily.csv", "Date,Price\n2023-01-03,82.10\n2023-01-13,80.00\n"
                                                   "2023-01-24,81.00\n")
    with pytest.raises(DataError) as err:
        read(path, tables=REAL_TABLES)  # the real brent_monthly allows 10 days
    assert str(err.value) == ("source eia_spot: eia/brent-daily.csv: row 4: date 2023-01-24 comes 11 days after "
                              "the row before; the series allows at most 10 (Brent spot has never been zero or "
                              "negative (9.10 to 143.95 since 1987); its longest holiday gap is 6 days; a day "
                              "ahead allows for time zones)")
    assert len(read(path, tables={**REAL_TABLES, "brent_monthly": {"input_rules": {"sign": "positive",
                                                                                   "max_gap_days": 11}}})) == 3


def test_incomplete_last_month_is_left_out_and_noted(tmp_path):
    path = write_eia(tmp_path / "brent-daily.csv", EIA_BRENT + "2023-03-01,79.00\n")
    built = eia.build(eia_job(path, params={"table_files": {"brent_monthly": "brent-daily.csv"}}))
    assert built.tables["brent_monthly"]["month"].tolist() == ["2023-01", "2023-02"]
    assert built.notes["brent_monthly"] == ["month 2023-03 left out as incomplete: the daily data end on 2023-03-01"]
    assert built.input_files == {"brent_monthly": ["brent-daily.csv"]}


@pytest.mark.parametrize("series, table", [("brent", "brent_monthly"), ("wti", "wti_monthly")])
def test_committed_monthly_means_equal_eia_published_to_the_cent(series, table):
    ours = load(table).set_index("month")["usd_bbl"]
    published = load("eia_monthly_published")
    published = published[published["series"] == series].set_index("month")
    assert len(published) >= 50
    diff = (ours.reindex(published.index) - published["usd_bbl"]).abs().round(2)
    assert diff.notna().all(), "a published month is missing from our table"
    explained = published["differs_from_daily_mean"].notna()
    assert (diff[~explained] == 0).all(), diff[~explained & (diff > 0)].to_dict()
    assert (diff[explained] == 0.01).all()  # the documented exceptions differ by exactly one cent


@pytest.mark.parametrize("text, row", [("Date,Price\n2023-01-03,82.10\n2023-01-04,82.20,99\n", 3),  # one long row
                                       ("Date,Price\n2023-01-03,82.10,\n2023-01-04,82.20,99\n", 2)])  # every row long
def test_a_row_with_surplus_fields_is_named_not_dropped(tmp_path, text, row):
    path = write_eia(tmp_path / "brent-daily.csv", text)
    with pytest.raises(DataError, match=rf"^source eia_spot: eia/brent-daily.csv: row {row}: 3 fields, expected 2 "
                                        r"\(as in the first row\)$"):
        read(path)
