"""EIA daily spot prices -> monthly means, on fixtures shaped like datahub.io's brent-daily.csv."""
import pytest

from conftest import EIA_BRENT, write_eia
from factcheck import load
from factcheck.builders import eia
from factcheck.errors import DataError
from factcheck.fetch import RawFile


def raw(path):
    return RawFile(path.name, "https://example.org/" + path.name, path, "0" * 64, "mirror", "eia/" + path.name)


def test_monthly_mean_rounds_half_up_from_exact_cents(tmp_path):
    # 82.10 and 77.84 average exactly 79.97; 83.00 and 82.17 average 82.585 -> 82.59 (a float mean gives 82.58)
    daily = eia.read_daily(raw(write_eia(tmp_path / "brent-daily.csv")), "eia_spot")
    monthly = eia.monthly_mean(daily)
    assert monthly.to_dict("records") == [
        {"month": "2023-01", "usd_bbl": 79.97, "n_days": 2},
        {"month": "2023-02", "usd_bbl": 82.59, "n_days": 2},
    ]


def test_negative_prices_round_away_from_zero(tmp_path):
    path = write_eia(tmp_path / "wti-daily.csv", "Date,Price\n2020-04-20,-36.98\n2020-04-21,8.91\n")
    monthly = eia.monthly_mean(eia.read_daily(raw(path), "eia_spot"))
    assert monthly["usd_bbl"].tolist() == [-14.04]  # (-36.98 + 8.91) / 2 = -14.035


@pytest.mark.parametrize("text, message", [
    ("date,price\n2023-01-03,82.1\n", "header is ['date', 'price'], expected ['Date', 'Price']"),
    ("Date,Price\n2023-01-03,82.1\n2023-01-04,n/a\n", "row 3: Price = 'n/a', expected a number"),
    ("Date,Price\n2023-01-03,82.1\n2023-01-0", "row 3: Date = '2023-01-0', expected YYYY-MM-DD"),
    ("Date,Price\n2023-01-03,82.1\n2023-01-03,82.2\n", "row 3: duplicate date 2023-01-03"),
    ("Date,Price\n2023-01-04,82.1\n2023-01-03,82.2\n", "row 3: date 2023-01-03 is earlier than the row before"),
    ("Date,Price\n", "no rows"),
])
def test_bad_input_names_source_file_and_row(tmp_path, text, message):
    path = write_eia(tmp_path / "brent-daily.csv", text)
    with pytest.raises(DataError) as err:
        eia.read_daily(raw(path), "eia_spot")
    assert str(err.value).startswith("source eia_spot: eia/brent-daily.csv")
    assert message in str(err.value)
    assert "\n" not in str(err.value)


def test_incomplete_last_month_is_left_out_and_noted(tmp_path):
    path = write_eia(tmp_path / "brent-daily.csv", EIA_BRENT + "2023-03-01,79.00\n")
    built = eia.build([raw(path)], {"params": {"table_files": {"brent_monthly": "brent-daily.csv"}}}, "eia_spot")
    assert built.tables["brent_monthly"]["month"].tolist() == ["2023-01", "2023-02"]
    assert built.notes["brent_monthly"] == ["month 2023-03 left out as incomplete: the daily data end on 2023-03-01"]


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
    with pytest.raises(DataError, match=rf"^source eia_spot: eia/brent-daily.csv: row {row}: 3 fields, expected 2 \(as in the header\)$"):
        eia.read_daily(raw(path), "eia_spot")
