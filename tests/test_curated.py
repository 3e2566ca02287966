"""Curated tables: every row cites its source; conflicts are kept, with exactly one row marked for use."""
import re
from pathlib import Path

import pandas as pd
import pytest
import yaml
from scratch import data

from factcheck import load
from factcheck.data.builders.curated import check_provenance, in_use
from factcheck.data.catalog import catalog
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
    ({"source_url": ["https://a", ""]}, "row 3: source_url is empty: cite the page, or set the row aside"),
    ({"analysis_choice": ["use", ""]}, "row 3: a row with a conflict_group needs an analysis_choice"),
    ({"conflict_group": ["", ""], "analysis_choice": ["use", ""]}, "row 2: analysis_choice use needs a conflict_group"),
    ({"analysis_choice": ["use", "maybe"]},
     "row 3: analysis_choice = 'maybe', expected one of use, alternative, set_aside"),
    ({"analysis_choice": ["use", "set_aside"], "choice_reason": ["unrounded", ""]},
     "row 3: a row set aside needs its reason in choice_reason"),
    ({"source_url": ["https://a", "TODO find link"]}, "row 3: source_url 'TODO find link' is not an http\\(s\\) URL"),
    ({"source_url": ["https://a", "tbd"]}, "row 3: source_url 'tbd' is not an http\\(s\\) URL"),
    ({"source_url": ["https://a | see note", "https://b"]}, "row 2: source_url 'see note' is not an http"),
    ({"source_url": ["ftp://a", "https://b"]}, "row 2: source_url 'ftp://a' is not an http"),
])
def test_provenance_errors(over, message):
    with pytest.raises(DataError, match=message):
        check_provenance(frame(**over), "f.csv")


def test_a_row_set_aside_needs_no_page_and_a_group_may_be_set_aside_whole():
    check_provenance(frame(source_url=["https://a", ""], analysis_choice=["use", "set_aside"]), "f.csv")
    check_provenance(frame(conflict_group=["", ""], analysis_choice=["", "set_aside"]), "f.csv")
    check_provenance(frame(analysis_choice=["set_aside", "set_aside"]), "f.csv")
    used = in_use(frame(conflict_group=["cg", "cg", "", ""], analysis_choice=["use", "set_aside", "", "set_aside"],
                        source_url=["a"] * 4, note=[""] * 4, choice_reason=["r"] * 4))
    assert used.tolist() == [True, False, True, False]


@pytest.mark.parametrize("table_id", CURATED)
def test_committed_curated_tables_keep_their_conflicts(table_id):
    df = load(table_id)
    groups = df.dropna(subset=["conflict_group"]).groupby("conflict_group")["analysis_choice"]
    for group, choices in groups:
        assert len(choices) >= 2, group
        assert (choices == "use").sum() == 1 or (choices == "set_aside").all(), group


def test_q1_2023_conflict_is_visible_and_the_ministry_figure_is_used():
    ytd = load("russia_budget_ytd")
    q1 = ytd[ytd["conflict_group"] == "cg-ytd-2023q1"].set_index("analysis_choice")
    assert q1.loc["use", "balance_bn_rub"] == -2400
    assert q1.loc["alternative", "balance_bn_rub"] == -2402


@pytest.mark.parametrize("edit, message", [
    (lambda t: t.replace(",false,reported,", ",FALSE,reported,", 1),
     "column value_is_lower_bound = 'FALSE', expected a bool"),
    (lambda t: "\n".join(line + (",extra" if i == 0 else ",x") for i, line in enumerate(t.splitlines())) + "\n",
     r"columns differ from the catalog \(extra: \['extra'\]; missing: none\)"),
])
def test_bad_curated_cells_fail_the_build_with_the_row(project, edit, message, capsys):
    """A curated file's text reaches validation as written: nothing is coerced on the way."""
    repository = Path(__file__).parents[1]
    paths = project.paths
    real = (repository / "data/curated/exports_to_russia_year.csv").read_text(encoding="utf-8")
    (paths.curated / "exports_to_russia_year.csv").write_text(edit(real), encoding="utf-8")
    real_catalog = yaml.safe_load((repository / "data/sources.yaml").read_text(encoding="utf-8"))
    doc = yaml.safe_load(paths.catalog.read_text(encoding="utf-8"))
    doc["definitions"]["provenance"] = real_catalog["definitions"]["provenance"]
    doc["sources"]["exports_to_russia"] = real_catalog["sources"]["exports_to_russia"]  # its YAML anchor merged
    doc["tables"]["exports_to_russia_year"] = real_catalog["tables"]["exports_to_russia_year"]
    paths.catalog.write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")
    assert data(project, "build", "exports_to_russia") == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert err[-1].startswith("error: source exports_to_russia: "), err
    assert re.search(message, err[-1]), err[-1]
    assert not paths.committed.exists()  # nothing was committed
