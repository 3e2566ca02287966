"""load(): typed tables with unit and provenance, validated on every read, never the network."""
import shutil

import pandas as pd
import pytest
from scratch import copy_schemas, data

from factcheck import DataError, load, provenance
from factcheck.charts.chart import source_text
from factcheck.data.validation import check_table
from factcheck.paths import Paths

SPEC = {"key": ["month"], "columns": {"month": {"type": "month"},
                                      "value": {"type": "float", "min": 0, "max": 100},
                                      "flag": {"type": "bool", "required": False}}}


def copy_of_the_data(root) -> Paths:
    """A scratch project holding a copy of the repository's catalog, curated tables and processed folder."""
    real, paths = Paths.default(), Paths.at(root)
    paths.data.mkdir(parents=True)
    shutil.copy(real.catalog, paths.catalog)
    copy_schemas(paths.data)
    shutil.copytree(real.curated, paths.curated)
    shutil.copytree(real.processed, paths.processed)
    return paths


def test_load_returns_typed_columns_and_provenance():
    df = load("usd_rub_daily")
    assert df["effective_date"].dtype.kind == "M"
    assert df["rub_per_usd"].dtype == "float64"
    assert df.attrs["unit"] == "RUB per USD"
    prov = df.attrs["provenance"]
    assert prov["builder"] == "factcheck.data.builders.cbr:build"
    assert prov["file"] == "data/processed/usd_rub_daily.csv"
    assert all(i["url"].startswith("https://www.cbr.ru/") and len(i["sha256"]) == 64 for i in prov["inputs"])


def test_every_catalogued_table_is_built_and_loads():
    from factcheck.data import manifest
    from factcheck.data.catalog import catalog
    built = set(manifest.read(Paths.default())["tables"])
    assert built == set(catalog()["tables"])
    for table_id in built:
        assert len(load(table_id)) > 0, table_id


def test_a_table_not_built_yet_says_so(tmp_path):
    paths = copy_of_the_data(tmp_path)
    (paths.processed / "usd_rub_market_monthly.csv").unlink()
    with pytest.raises(DataError, match="table usd_rub_market_monthly: data/processed/usd_rub_market_monthly.csv: "
                                        "not built yet"):
        load("usd_rub_market_monthly", paths)


def test_unknown_table():
    with pytest.raises(DataError, match="unknown table 'nope'; the catalog lists: "):
        load("nope")


def test_source_line_names_publishers_and_dataset_ids():
    line = source_text(["brent_monthly", "usd_rub_monthly"])
    assert line.startswith("Source: U.S. Energy Information Administration")
    assert "Bank of Russia" in line and "Data: brent_monthly, usd_rub_monthly" in line


def test_hand_edited_processed_file_is_caught(tmp_path):
    paths = copy_of_the_data(tmp_path)
    assert len(load("brent_monthly", paths)) > 0
    src = paths.processed / "brent_monthly.csv"
    text = src.read_text()
    assert "\n2023-01,82.50," in text
    src.write_text(text.replace("\n2023-01,82.50,", "\n2023-01,82.51,"))
    with pytest.raises(DataError, match=r"^table brent_monthly: data/processed/brent_monthly\.csv: differs from "
                                        r"data/processed/manifest\.json \(edited since the last build\?\)"):
        load("brent_monthly", paths)


def test_a_missing_manifest_is_an_error_that_says_how_to_rebuild(tmp_path):
    paths = copy_of_the_data(tmp_path)
    paths.manifest.unlink()
    for read in (load, provenance):
        with pytest.raises(DataError, match=r"^data/processed/manifest\.json is missing.*`make data`"):
            read("brent_monthly", paths)
    with pytest.raises(DataError, match=r"manifest\.json is missing.*`make data`"):
        load("russia_budget_ytd", paths)  # a curated table too: never an empty provenance


def test_a_curated_file_edited_after_the_build_is_refused(project):
    assert data(project, "build") == 0 and data(project, "commit") == 0
    notes = load("notes", project.paths)
    assert notes["value"].tolist() == [10.5, 11.0]
    assert notes.attrs["provenance"]["file"] == "data/curated/notes.csv"  # read in place, not copied
    assert not (project.paths.processed / "notes.csv").exists()
    edited = project.paths.curated / "notes.csv"
    edited.write_text(edited.read_text(encoding="utf-8").replace(",10.5,", ",12.5,"), encoding="utf-8")
    with pytest.raises(DataError, match=r"^table notes: data/curated/notes\.csv: differs from "
                                        r"data/processed/manifest\.json \(edited since the last build\?\): "
                                        r"run `make data`"):
        load("notes", project.paths)


def rows_of(months: list[str], values: list[str], flags: tuple[str, str] = ("", "")) -> dict:
    return {"month": months, "value": values, "flag": list(flags)}


@pytest.mark.parametrize("rows, message", [
    (rows_of(["2023-01", "2023-01"], ["1", "2"]), "row 3: duplicate key {'month': '2023-01'} (first at row 2)"),
    (rows_of(["2023-02", "2023-01"], ["1", "2"]), "row 3: not sorted by ['month'] (2023-01 after 2023-02)"),
    (rows_of(["2023-01", "2023-13"], ["1", "2"]), "row 3: column month = '2023-13' is not a real month"),
    (rows_of(["2023-01", "2023-02"], ["1", "abc"]), "row 3: column value = 'abc', expected a float"),
    (rows_of(["2023-01", "2023-02"], ["1", "101"]),
     "row 3: column value = 101 is outside the plausible range [0, 100]"),
    (rows_of(["2023-01", "2023-02"], ["1", ""]), "row 3: column value is empty, expected a float"),
    (rows_of(["2023-01", "2023-02"], ["1", "2"], ("yes", "")), "row 2: column flag = 'yes', expected a bool"),
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
    assert prov["file"] == "data/curated/russia_budget_ytd.csv"
    assert prov["inputs"][0]["url"] == "data/curated/russia_budget_ytd.csv"
    df = load("russia_budget_ytd")
    assert df["source_url"].str.startswith("http").all()
