"""Bank of Russia official rates: XML (decimal comma) and Excel export (newest first, nominal, gaps)."""
import datetime as dt

import pandas as pd
import pytest

from conftest import CBR_ROWS, cbr_xml, write_cbr_xlsx
from factcheck import load
from factcheck.builders import cbr
from factcheck.errors import DataError
from factcheck.fetch import RawFile

PARAMS = {"series_start": "2023-01-01", "max_gap_days": 14,
          "key_dates": [{"date": "2023-04-07", "rule": "in_force", "purpose": "p"},
                        {"date": "2023-04-07", "rule": "set_on", "purpose": "p"}]}


def raw(path):
    return RawFile(path.name, "https://example.org/" + path.name, path, "0" * 64, "mirror", "cbr/" + path.name)


def test_xml_decimal_comma_and_nominal(tmp_path):
    path = tmp_path / "usd_rub.xml"
    path.write_bytes(cbr_xml([("06.04.2023", 1, "79,4961"), ("07.04.2023", 10, "806,713")]))
    df = cbr.read_xml(raw(path), "cbr_usd_rub")
    assert df["effective_date"].dt.strftime("%Y-%m-%d").tolist() == ["2023-04-06", "2023-04-07"]
    assert df["rub_per_usd"].round(4).tolist() == [79.4961, 80.6713]


def test_xml_garbled_is_one_line_error(tmp_path):
    path = tmp_path / "usd_rub.xml"
    path.write_bytes(cbr_xml([("06.04.2023", 1, "79,4961")])[:-20])
    with pytest.raises(DataError, match=r"^source cbr_usd_rub: cbr/usd_rub.xml: not well-formed XML"):
        cbr.read_xml(raw(path), "cbr_usd_rub")


def test_xml_non_numeric_value_names_the_record(tmp_path):
    path = tmp_path / "usd_rub.xml"
    path.write_bytes(cbr_xml([("06.04.2023", 1, "79,4961"), ("07.04.2023", 1, "n/a")]))
    with pytest.raises(DataError, match=r"record 2 \(Date='07.04.2023'\)"):
        cbr.read_xml(raw(path), "cbr_usd_rub")


def test_excel_newest_first_is_sorted_and_gap_reported_not_filled(tmp_path):
    old = write_cbr_xlsx(tmp_path / "a.xlsx", [(1, dt.date(2023, 11, d), 88.0 + d / 100) for d in (28, 29, 30)])
    new = write_cbr_xlsx(tmp_path / "b.xlsx", [(1, dt.date(2024, 1, d), 90.0) for d in (10, 11, 12)]
                         + [(1, dt.date(2024, 2, 1), 91.0)])
    built = cbr.build([raw(old), raw(new)], {"params": {**PARAMS, "key_dates": []}}, "cbr_usd_rub")
    monthly = built.tables["usd_rub_monthly"]
    assert monthly["month"].tolist() == ["2023-11", "2024-01", "2024-02"]  # December 2023 absent
    assert monthly["complete"].tolist() == [True, False, False]  # Jan touched by the gap; Feb: series ends early
    assert built.notes["usd_rub_monthly"][0].startswith("gap in the official rates from 2023-12-01 to 2024-01-09")


def test_excel_wrong_header(tmp_path):
    path = write_cbr_xlsx(tmp_path / "a.xlsx", CBR_ROWS)
    import openpyxl
    wb = openpyxl.load_workbook(path)
    wb.active["C1"] = "rate"
    wb.save(path)
    with pytest.raises(DataError, match=r"columns are \['nominal', 'data', 'rate', 'cdx'\]"):
        cbr.read_excel(raw(path), "cbr_usd_rub")


def test_excel_truncated_file(tmp_path):
    path = write_cbr_xlsx(tmp_path / "a.xlsx", CBR_ROWS)
    path.write_bytes(path.read_bytes()[:500])
    with pytest.raises(DataError, match=r"^source cbr_usd_rub: cbr/a.xlsx: cannot read as an Excel workbook"):
        cbr.read_excel(raw(path), "cbr_usd_rub")


def test_overlapping_files_must_agree(tmp_path):
    a = write_cbr_xlsx(tmp_path / "a.xlsx", [(1, dt.date(2023, 4, 7), 80.6713)])
    b = write_cbr_xlsx(tmp_path / "b.xlsx", [(1, dt.date(2023, 4, 7), 80.6714)])
    with pytest.raises(DataError, match="conflicting rates for 2023-04-07"):
        cbr.build([raw(a), raw(b)], {"params": PARAMS}, "cbr_usd_rub")


def test_rate_in_force_and_rate_set_on_a_day(tmp_path):
    built = cbr.build([raw(write_cbr_xlsx(tmp_path / "a.xlsx", CBR_ROWS))], {"params": PARAMS}, "cbr_usd_rub")
    points = built.tables["usd_rub_key_dates"].set_index("rule")
    assert points.loc["in_force", "rub_per_usd"] == 80.6713
    assert points.loc["set_on", "rub_per_usd"] == 82.3988
    assert points.loc["set_on", "effective_date"] == pd.Timestamp("2023-04-08")


def test_key_date_inside_a_gap_is_an_error(tmp_path):
    rows = [(1, dt.date(2023, 1, 10), 70.0), (1, dt.date(2023, 4, 20), 81.0)]
    params = {**PARAMS, "key_dates": [{"date": "2023-04-07", "rule": "in_force", "purpose": "p"}]}
    with pytest.raises(DataError, match="no official rate in force 2023-04-07"):
        cbr.build([raw(write_cbr_xlsx(tmp_path / "a.xlsx", rows))], {"params": params}, "cbr_usd_rub")


def test_committed_official_rates_match_independently_cited_rates():
    """Our rates (built from the Bank of Russia files) equal those cited from a public export."""
    ours = load("usd_rub_key_dates")
    ours = ours[ours["rule"] == "in_force"].set_index("date")["rub_per_usd"]
    cited = load("usd_rub_reported")
    cited = cited[cited["rate_kind"] == "cbr_official"].set_index("date")["rub_per_usd"]
    common = cited.index.intersection(ours.index)
    assert len(common) >= 10
    assert (ours[common] - cited[common]).abs().max() < 1e-9


def test_committed_monthly_series_reports_the_known_gap():
    monthly = load("usd_rub_monthly").set_index("month")
    assert pd.Period("2023-12", "M") not in monthly.index
    assert not monthly.loc[pd.Period("2024-01", "M"), "complete"]
    assert monthly.loc[pd.Period("2023-11", "M"), "complete"]


@pytest.mark.parametrize("nominal, value", [("0", "79,4961"), ("1", "-79,4961"), ("1", "")])
def test_xml_zero_nominal_or_non_positive_value_is_one_line(tmp_path, nominal, value):
    path = tmp_path / "usd_rub.xml"
    path.write_bytes(cbr_xml([("06.04.2023", nominal, value)]))
    with pytest.raises(DataError, match=r"record 1 \(Date='06.04.2023'\): expected a dd.mm.yyyy date and positive numeric"):
        cbr.read_xml(raw(path), "cbr_usd_rub")

