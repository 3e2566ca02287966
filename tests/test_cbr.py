"""Bank of Russia official rates: XML (decimal comma) and Excel export (newest first, nominal, gaps), and the rate
in force on a day or set that day (factcheck.analysis.fx.official_rate) on a frame of daily rates."""
import datetime as dt

import openpyxl
import pandas as pd
import pytest
from scratch import CBR_ROWS, cbr_xml, job, raw, write_cbr_xlsx

from factcheck import load
from factcheck.analysis.fx import official_rate
from factcheck.data.builders import cbr
from factcheck.errors import DataError

PARAMS = {"series_start": "2023-01-01", "daily_window": ["2023-03-01", "2023-04-30"]}


def cbr_job(*paths, params=None):
    """A job for the files at ``paths``, named cbr/<name> as in the mirror (input rules: the scratch catalog's
    usd_rub_monthly: positive, 5 to 200, 12 days ahead, gaps of at most 14 days)."""
    return job("cbr_usd_rub", [raw(p, file="cbr/" + p.name) for p in paths], params or PARAMS)


def rates(path, params=None):
    j = cbr_job(path, params=params)
    return cbr.read_rates(j, j.files[0])


def write_xml(path, records):
    path.write_bytes(cbr_xml(records))
    return path


def test_xml_decimal_comma_and_nominal(tmp_path):
    path = write_xml(tmp_path / "usd_rub.xml", [("06.04.2023", 1, "79,4961"), ("07.04.2023", 10, "80,6713")])
    j = cbr_job(path)
    text = cbr.read_xml(j, j.files[0])
    assert text.to_dict("list") == {"effective_date": ["2023-04-06", "2023-04-07"], "curs": ["79.4961", "80.6713"],
                                    "nominal": ["1", "10"]}
    df = rates(path)
    assert list(df.columns) == ["effective_date", "rub_per_usd"]
    assert df["effective_date"].dt.strftime("%Y-%m-%d").tolist() == ["2023-04-06", "2023-04-07"]
    assert df["rub_per_usd"].round(5).tolist() == [79.4961, 8.06713]  # the bank's value per its nominal


def test_xml_rate_per_nominal_of_10_is_checked_per_dollar(tmp_path):
    path = write_xml(tmp_path / "usd_rub.xml", [("06.04.2023", 1, "79,4961"), ("07.04.2023", 10, "806,713")])
    assert rates(path)["rub_per_usd"].round(4).tolist() == [79.4961, 80.6713]


def test_xml_garbled_is_one_line_error(tmp_path):
    path = tmp_path / "usd_rub.xml"
    path.write_bytes(cbr_xml([("06.04.2023", 1, "79,4961")])[:-20])
    j = cbr_job(path)
    with pytest.raises(DataError, match=r"^source cbr_usd_rub: cbr/usd_rub.xml: not well-formed XML"):
        cbr.read_xml(j, j.files[0])


def test_xml_non_numeric_value_names_the_record(tmp_path):
    path = write_xml(tmp_path / "usd_rub.xml", [("06.04.2023", 1, "79,4961"), ("07.04.2023", 1, "n/a")])
    with pytest.raises(DataError, match=r"^source cbr_usd_rub: cbr/usd_rub.xml: row 2: curs/nominal = 'n/a', "
                                        r"expected a number$"):  # row N of an XML file is its record N
        rates(path)


def test_excel_newest_first_is_sorted_and_gap_reported_not_filled(tmp_path):
    old = write_cbr_xlsx(tmp_path / "a.xlsx", [(1, dt.date(2023, 11, d), 88.0 + d / 100) for d in (28, 29, 30)])
    new = write_cbr_xlsx(tmp_path / "b.xlsx", [(1, dt.date(2024, 1, d), 90.0) for d in (10, 11, 12, 24)]
                         + [(1, dt.date(2024, 2, 1), 91.0)])  # within one file no gap beyond max_gap_days
    built = cbr.build(cbr_job(old, new))
    monthly = built.tables["usd_rub_monthly"]
    assert monthly["month"].tolist() == ["2023-11", "2024-01", "2024-02"]  # December 2023 absent
    assert monthly["complete"].tolist() == [True, False, False]  # Jan touched by the gap; Feb: series ends early
    assert built.notes["usd_rub_monthly"][0].startswith("gap in the official rates from 2023-12-01 to 2024-01-09")
    assert rates(new)["effective_date"].dt.strftime("%m-%d").tolist() == ["01-10", "01-11", "01-12", "01-24", "02-01"]


def test_gap_within_one_file_beyond_max_gap_days_is_an_error(tmp_path):
    path = write_cbr_xlsx(tmp_path / "b.xlsx", [(1, dt.date(2024, 1, d), 90.0) for d in (10, 11, 12)]
                          + [(1, dt.date(2024, 2, 1), 91.0)])
    with pytest.raises(DataError) as err:
        cbr.build(cbr_job(path))
    assert str(err.value) == ("source cbr_usd_rub: cbr/b.xlsx: row 2: date 2024-02-01 comes 20 days after the row "
                              "before; the series allows at most 14 (roubles per dollar)")  # newest first: row 2


def test_a_gap_of_max_gap_days_within_a_file_is_allowed(tmp_path):
    path = write_cbr_xlsx(tmp_path / "b.xlsx", [(1, dt.date(2024, 1, 1), 90.0), (1, dt.date(2024, 1, 15), 91.0)])
    assert rates(path)["rub_per_usd"].tolist() == [90.0, 91.0]


@pytest.mark.parametrize("kind", ["xlsx", "xml"])
def test_a_rate_dated_2099_is_rejected_naming_file_and_row(tmp_path, kind):
    if kind == "xlsx":  # newest first: the 2099 row is row 2, under the header
        path, row = write_cbr_xlsx(tmp_path / "a.xlsx", CBR_ROWS + [(1, dt.date(2099, 1, 1), 80.0)]), 2
    else:  # record N is row N
        path, row = write_xml(tmp_path / "usd_rub.xml", [("06.04.2023", 1, "79,4961"), ("01.01.2099", 1, "80,0")]), 2
    with pytest.raises(DataError) as err:
        cbr.build(cbr_job(path))
    assert str(err.value) == (f"source cbr_usd_rub: cbr/{path.name}: row {row}: date 2099-01-01 is after the build "
                              f"date 2026-12-01 plus 12 days allowed")


def test_rows_before_series_start_are_dropped_before_the_checks(tmp_path):
    # before series_start: an old-rouble rate far above the rules' maximum, and a gap of 25 years
    rows = [(1, dt.date(1997, 12, 30), 5960.0), (1, dt.date(2023, 3, 30), 5960.0)] + CBR_ROWS
    path = write_cbr_xlsx(tmp_path / "a.xlsx", rows)
    assert rates(path, {**PARAMS, "series_start": "2023-03-31"})["effective_date"].min() == pd.Timestamp("2023-03-31")
    with pytest.raises(DataError, match=r"a.xlsx: row 10: curs/nominal = 5960 is above 200 \(roubles per dollar\)$"):
        rates(path, {**PARAMS, "series_start": "2023-03-30"})
    with pytest.raises(DataError, match=r"a.xlsx: row 10: date 2023-03-30 comes 9221 days after the row before"):
        rates(path, {**PARAMS, "series_start": "1997-01-01"})


def test_daily_table_keeps_the_window_and_monthly_the_whole_series(tmp_path):
    path = write_cbr_xlsx(tmp_path / "a.xlsx", CBR_ROWS)
    built = cbr.build(cbr_job(path, params={**PARAMS, "daily_window": ["2023-04-01", "2023-04-07"]}))
    daily = built.tables["usd_rub_daily"]
    assert list(daily.columns) == ["effective_date", "rub_per_usd"]
    assert daily["effective_date"].dt.strftime("%Y-%m-%d").tolist() == [
        "2023-04-01", "2023-04-04", "2023-04-05", "2023-04-06", "2023-04-07"]
    monthly = built.tables["usd_rub_monthly"]
    assert monthly[["month", "n_rates"]].values.tolist() == [["2023-03", 1], ["2023-04", 7]]
    assert set(built.tables) == {"usd_rub_monthly", "usd_rub_daily"}


def test_excel_wrong_header(tmp_path):
    path = write_cbr_xlsx(tmp_path / "a.xlsx", CBR_ROWS)
    wb = openpyxl.load_workbook(path)
    wb.active["C1"] = "rate"
    wb.save(path)
    j = cbr_job(path)
    with pytest.raises(DataError, match=r"columns are \['nominal', 'data', 'rate', 'cdx'\]"):
        cbr.read_excel(j, j.files[0])


def test_excel_truncated_file(tmp_path):
    path = write_cbr_xlsx(tmp_path / "a.xlsx", CBR_ROWS)
    path.write_bytes(path.read_bytes()[:500])
    j = cbr_job(path)
    with pytest.raises(DataError, match=r"^source cbr_usd_rub: cbr/a.xlsx: cannot read as an Excel workbook"):
        cbr.read_excel(j, j.files[0])


def test_overlapping_files_must_agree(tmp_path):
    a = write_cbr_xlsx(tmp_path / "a.xlsx", [(1, dt.date(2023, 4, 7), 80.6713)])
    b = write_cbr_xlsx(tmp_path / "b.xlsx", [(1, dt.date(2023, 4, 7), 80.6714)])
    with pytest.raises(DataError, match="conflicting rates for 2023-04-07"):
        cbr.build(cbr_job(a, b))


# --- the rate in force on a day, or set that day: factcheck.analysis.fx.official_rate on usd_rub_daily ---------

def test_rate_in_force_and_rate_set_on_a_day(tmp_path):
    daily = cbr.build(cbr_job(write_cbr_xlsx(tmp_path / "a.xlsx", CBR_ROWS))).tables["usd_rub_daily"]
    assert official_rate(daily, "2023-04-07", "in_force") == 80.6713
    assert official_rate(daily, "2023-04-07", "set_on") == 82.3988
    assert daily.set_index("rub_per_usd").loc[82.3988, "effective_date"] == pd.Timestamp("2023-04-08")
    assert official_rate(daily, "2023-04-09", "in_force") == 82.3988  # a Sunday: Saturday's rate is in force
    assert official_rate(daily, "2023-04-08", "set_on") == 81.7441  # takes effect on Tuesday the 11th


def test_key_date_inside_a_gap_is_an_error():
    daily = pd.DataFrame({"effective_date": pd.to_datetime(["2023-01-10", "2023-04-20"]), "rub_per_usd": [70.0, 81.0]})
    with pytest.raises(DataError, match="no official rate in force 2023-04-07"):
        official_rate(daily, "2023-04-07", "in_force")
    with pytest.raises(DataError, match="no official rate set on 2023-04-07"):
        official_rate(daily, "2023-04-07", "set_on")


def test_committed_official_rates_match_independently_cited_rates():
    """Our rates (built from the Bank of Russia files) equal those cited from a public export."""
    daily = load("usd_rub_daily")
    cited = load("usd_rub_reported")
    cited = cited[cited["rate_kind"] == "cbr_official"]
    in_window = cited[cited["date"].between(daily["effective_date"].min(), daily["effective_date"].max())]
    assert len(in_window) >= 10
    ours = in_window["date"].map(lambda d: official_rate(daily, f"{d:%Y-%m-%d}", "in_force"))
    assert (ours - in_window["rub_per_usd"]).abs().max() < 1e-9
    set_on = in_window.dropna(subset=["set_date"])  # and the day the bank set each rate
    assert len(set_on) >= 10
    ours = set_on["set_date"].map(lambda d: official_rate(daily, f"{d:%Y-%m-%d}", "set_on"))
    assert (ours - set_on["rub_per_usd"]).abs().max() < 1e-9


def test_committed_monthly_series_reports_the_known_gap():
    monthly = load("usd_rub_monthly").set_index("month")
    assert pd.Period("2023-12", "M") not in monthly.index
    assert not monthly.loc[pd.Period("2024-01", "M"), "complete"]
    assert monthly.loc[pd.Period("2023-11", "M"), "complete"]


@pytest.mark.parametrize("nominal, value, message", [
    ("0", "79,4961", "row 1: nominal = '0', expected a positive number"),
    ("1", "-79,4961", "row 1: curs/nominal = -79.4961 is negative; this series has positive values only "
                      "(roubles per dollar)"),
    ("1", "", "row 1: curs/nominal = '', expected a number"),
])
def test_xml_zero_nominal_or_non_positive_value_is_one_line(tmp_path, nominal, value, message):
    path = write_xml(tmp_path / "usd_rub.xml", [("06.04.2023", nominal, value)])
    with pytest.raises(DataError) as err:
        rates(path)
    assert str(err.value) == f"source cbr_usd_rub: cbr/usd_rub.xml: {message}"
