"""Curated tables: every row cites its source; conflicts are kept, with exactly one row marked for use."""
import pandas as pd
import pytest

from factcheck import load
from factcheck.builders.curated import check_provenance
from factcheck.catalog import catalog
from factcheck.errors import DataError

CURATED = [t for t, spec in catalog()["tables"].items()
           if catalog()["sources"][spec["source"]]["fetch"] == "curated"]


def frame(**over):
    base = {"source_url": ["https://a", "https://b"], "note": ["", ""], "conflict_group": ["cg-x", "cg-x"],
            "analysis_choice": ["use", "alternative"], "choice_reason": ["unrounded", "rounded"]}
    base.update(over)
    return pd.DataFrame(base)


def test_a_good_conflict_group_passes():
    check_provenance(frame(), "f.csv")


@pytest.mark.parametrize("over, message", [
    ({"analysis_choice": ["use", "use"]}, "conflict group cg-x has 2 rows marked 'use', expected exactly 1"),
    ({"analysis_choice": ["alternative", "alternative"]}, "conflict group cg-x has 0 rows marked 'use'"),
    ({"choice_reason": ["unrounded", ""]}, "conflict group cg-x: every row needs a choice_reason"),
    ({"source_url": ["https://a", ""]}, "row 3: source_url is empty and the note does not say why"),
    ({"analysis_choice": ["use", ""]}, "row 3: analysis_choice must be set exactly on rows with a conflict_group"),
])
def test_provenance_errors(over, message):
    with pytest.raises(DataError, match=message):
        check_provenance(frame(**over), "f.csv")


@pytest.mark.parametrize("table_id", CURATED)
def test_committed_curated_tables_keep_their_conflicts(table_id):
    df = load(table_id)
    groups = df.dropna(subset=["conflict_group"]).groupby("conflict_group")["analysis_choice"]
    for group, choices in groups:
        assert len(choices) >= 2 and (choices == "use").sum() == 1, group


def test_q1_2023_conflict_is_visible_and_the_ministry_figure_is_used():
    ytd = load("russia_budget_ytd")
    q1 = ytd[ytd["conflict_group"] == "cg-ytd-2023q1"].set_index("analysis_choice")
    assert q1.loc["use", "balance_bn_rub"] == -2400
    assert q1.loc["alternative", "balance_bn_rub"] == -2402
