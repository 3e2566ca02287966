"""load(): typed tables with unit and provenance, validated on every read, never the network."""
import pandas as pd
import pytest

from factcheck import DataError, load, provenance
from factcheck.plotting import source_text
from factcheck.validate import check_table

SPEC = {"key": ["month"], "columns": {"month": {"type": "month"},
                                      "value": {"type": "float", "min": 0, "max": 100},
                                      "flag": {"type": "bool", "required": False}}}


def test_load_returns_typed_columns_and_provenance():
    df = load("usd_rub_key_dates")
    assert df["date"].dtype.kind == "M"
    assert df["rub_per_usd"].dtype == "float64"
    assert df.attrs["unit"] == "RUB per USD"
    prov = df.attrs["provenance"]
    assert prov["builder"] == "factcheck.builders.cbr:build"
    assert prov["file"] == "data/processed/usd_rub_key_dates.csv"
    assert all(i["url"].startswith("https://www.cbr.ru/") and len(i["sha256"]) == 64 for i in prov["inputs"])


def test_every_catalogued_table_loads_except_the_online_only_yahoo_ones():
    from factcheck import manifest
    from factcheck.catalog import catalog
    cat = catalog()
    built = set(manifest.read()["tables"])
    for table_id in built:
        assert len(load(table_id)) > 0, table_id
    unbuilt = {t for t in cat["tables"] if t not in built}
    assert {cat["tables"][t]["source"] for t in unbuilt} <= {"yahoo_market"}


def test_a_table_not_built_yet_says_so():
    with pytest.raises(DataError, match="table usd_rub_market_monthly: data/processed/usd_rub_market_monthly.csv: "
                                        "not built yet"):
        load("usd_rub_market_monthly")


def test_unknown_table():
    with pytest.raises(DataError, match="unknown table 'nope'; the catalog lists: "):
        load("nope")


def test_source_line_names_publishers_and_dataset_ids():
    line = source_text(["brent_monthly", "usd_rub_monthly"])
    assert line.startswith("Source: U.S. Energy Information Administration")
    assert "Bank of Russia" in line and "Data: brent_monthly, usd_rub_monthly" in line


def test_hand_edited_processed_file_is_caught(tmp_path, monkeypatch):
    from factcheck import paths
    src = paths.PROCESSED / "brent_monthly.csv"
    edited = tmp_path / "brent_monthly.csv"
    edited.write_text(src.read_text().replace("\n2023-01,82.50,", "\n2023-01,82.51,"))
    monkeypatch.setattr(paths, "PROCESSED", tmp_path)
    monkeypatch.setattr(paths, "COMMITTED", tmp_path)
    with pytest.raises(DataError, match="sha256 differs from the manifest"):
        load("brent_monthly")


@pytest.mark.parametrize("rows, message", [
    ({"month": ["2023-01", "2023-01"], "value": ["1", "2"], "flag": ["", ""]}, "row 3: duplicate key {'month': '2023-01'} (first at row 2)"),
    ({"month": ["2023-02", "2023-01"], "value": ["1", "2"], "flag": ["", ""]}, "row 3: not sorted by ['month'] (2023-01 after 2023-02)"),
    ({"month": ["2023-01", "2023-13"], "value": ["1", "2"], "flag": ["", ""]}, "row 3: column month = '2023-13' is not a real month"),
    ({"month": ["2023-01", "2023-02"], "value": ["1", "abc"], "flag": ["", ""]}, "row 3: column value = 'abc', expected a float"),
    ({"month": ["2023-01", "2023-02"], "value": ["1", "101"], "flag": ["", ""]}, "row 3: column value = 101 is outside the plausible range [0, 100]"),
    ({"month": ["2023-01", "2023-02"], "value": ["1", ""], "flag": ["", ""]}, "row 3: column value is empty, expected a float"),
    ({"month": ["2023-01", "2023-02"], "value": ["1", "2"], "flag": ["yes", ""]}, "row 2: column flag = 'yes', expected a bool"),
])
def test_validation_errors_name_the_row(rows, message):
    with pytest.raises(DataError) as err:
        check_table(pd.DataFrame(rows), SPEC, "table t: f.csv")
    assert str(err.value) == f"table t: f.csv: {message}"


def test_wrong_columns():
    with pytest.raises(DataError, match=r"columns are \['month', 'value'\], expected \['month', 'value', 'flag'\]"):
        check_table(pd.DataFrame({"month": ["2023-01"], "value": ["1"]}), SPEC, "table t: f.csv")


def test_provenance_of_a_curated_table_points_at_its_file():
    prov = provenance("russia_budget_ytd")
    assert prov["inputs"][0]["url"] == "data/curated/russia_budget_ytd.csv"
    df = load("russia_budget_ytd")
    assert df["source_url"].str.startswith("http").all()
