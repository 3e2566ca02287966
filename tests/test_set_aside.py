"""Rows set aside for want of a source: put back in use, do they change a verdict? The restoring rule on a table of
the test's own, and the committed result checked against the repository's tables (stale = fail)."""
import shutil

import pandas as pd
import pytest

from factcheck import load
from factcheck.claims import set_aside
from factcheck.data import catalog
from factcheck.errors import DataError
from factcheck.paths import Paths


def test_a_row_set_aside_takes_the_place_of_the_row_used():
    text = pd.DataFrame({"conflict_group": ["g", "g", "g", "", ""],
                         "analysis_choice": ["use", "set_aside", "set_aside", "", "set_aside"]})
    restored, n = set_aside.restore(text)
    assert n == 3
    assert restored["analysis_choice"].tolist() == ["alternative", "use", "alternative", "", ""]
    assert text["analysis_choice"].tolist()[1] == "set_aside"  # the input is left as it was


def test_the_recorded_result_is_current_for_the_repository():
    result = set_aside.recorded()
    paths = Paths.default()
    counted = {t: n for t in catalog.curated_tables(paths)
               if (n := int((load(t).get("analysis_choice", pd.Series(dtype=str)) == "set_aside").sum()))}
    assert result["by_table"] == counted and result["rows_set_aside"] == sum(counted.values())


def test_a_result_computed_from_other_tables_is_stale(tmp_path):
    real = Paths.default()
    paths = Paths.at(tmp_path)
    shutil.copytree(real.data, paths.data, ignore=shutil.ignore_patterns("raw", ".factcheck-*"))
    table = paths.curated / "events.csv"
    table.write_text(table.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    with pytest.raises(DataError, match=r"^data/set_aside_check\.json is stale: .*`factcheck-claims set-aside`"):
        set_aside.recorded(paths)
