"""The claims ledger: one notebook per claim, tolerances on every number, README in step, flips refused."""
import shutil

import pandas as pd
import pytest

from factcheck.claims import Verdict, command, ledger, verdicts
from factcheck.errors import DataError
from factcheck.paths import Paths

PATHS = Paths.default()
LEDGER = ledger()["claims"]
FOUND = verdicts.collect(verdicts.notebook_files(PATHS))


def test_every_checked_claim_is_printed_by_exactly_its_notebook_and_pending_ones_by_none():
    checked = {cid for cid, e in LEDGER.items() if e["status"] == "checked"}
    pending = {cid for cid, e in LEDGER.items() if e["status"] == "pending"}
    assert set(FOUND) == checked
    assert pending.isdisjoint(FOUND)
    assert pending == set()  # every claim now has its notebook


def test_printed_verdicts_equal_the_ledger():
    assert {cid: LEDGER[cid]["verdict"] for cid in FOUND} == FOUND


def test_every_number_and_date_claim_has_an_explicit_tolerance():
    for cid, entry in LEDGER.items():
        if entry["kind"] == "number" or "claimed" in entry:
            assert entry["claimed"]["tolerance"] and entry["claimed"]["tolerance_why"], cid


def test_evidence_claims_cite_sources_with_urls():
    for cid, entry in LEDGER.items():
        if entry["status"] == "checked" and "claimed" not in entry:
            assert all(s["url"].startswith("http") for s in entry["sources"]), cid


def test_ledger_events_exist():
    from factcheck import load
    ids = set(load("events")["event_id"])
    for cid, entry in LEDGER.items():
        assert set(entry["evidence"].get("events", [])) <= ids, cid


def test_readme_claims_table_is_current():
    text = PATHS.readme.read_text(encoding="utf-8")
    assert command.render_readme(text, command.readme_table(FOUND)) == text, "run `factcheck-claims readme`"
    assert command.main(["readme", "--check"]) == 0


def test_readme_verdicts_equal_the_notebooks():
    text = PATHS.readme.read_text(encoding="utf-8")
    rows = {line.split("]", 1)[0][3:]: line for line in text.splitlines() if line.startswith("| [C")}
    for cid, verdict in FOUND.items():
        assert f"| {Verdict(verdict).symbol} {verdict} |" in rows[cid], cid


def test_a_claim_printed_by_the_wrong_notebook_is_an_error(tmp_path):
    nb = PATHS.notebooks / "01_q1_2023_deficit.ipynb"
    wrong = tmp_path / "00_article_and_claims.ipynb"
    shutil.copy(nb, wrong)
    with pytest.raises(DataError, match="claim C18a is checked in 00_article_and_claims.ipynb, but the ledger "
                                        "assigns it to 01"):
        verdicts.collect([wrong])


def test_event_date_arithmetic():
    from factcheck.analysis import events as ev
    invasion, article = pd.Timestamp("2022-02-24"), pd.Timestamp("2023-04-07")
    assert ev.year_of(article, invasion) == 2
    assert ev.year_of(pd.Timestamp("2023-02-23"), invasion) == 1
    assert ev.year_of(pd.Timestamp("2023-02-24"), invasion) == 2
    assert ev.calendar_weeks_between(article, pd.Timestamp("2023-04-10")) == 1
    assert ev.calendar_weeks_between(article, pd.Timestamp("2023-04-09")) == 0
    assert round(ev.months_between(pd.Timestamp("2022-03-14"), article), 2) == 12.78


def test_event_dated_only_by_month_is_refused_where_a_day_is_needed():
    from factcheck import load
    from factcheck.analysis import events as ev
    with pytest.raises(DataError, match="EV13 is dated only 2022-08, not to the day"):
        ev.event_date(load("events"), "EV13")


@pytest.mark.parametrize("change, message", [
    (lambda c: c.update(status="pending"), "should not be valid"),  # a pending claim carries no verdict
    (lambda c: c.pop("claimed"), "'claimed' is a required property"),  # a number needs its tolerance
    (lambda c: c["claimed"].pop("tolerance_why"), "'tolerance_why' is a required property"),
])
def test_ledger_schema_refuses_incomplete_claims(tmp_path, change, message):
    import copy

    import yaml
    doc = copy.deepcopy(ledger())
    change(doc["claims"]["C18a"])
    paths = Paths.at(tmp_path)
    paths.ledger.parent.mkdir(parents=True)
    paths.ledger.write_text(yaml.safe_dump(doc, allow_unicode=True))
    with pytest.raises(DataError, match=f"claims ledger data/claims.yaml: at claims/C18a.*{message}"):
        ledger(paths)


def test_events_dated_by_year_month_or_day_all_get_a_position():
    from factcheck.analysis import events as ev
    table = pd.DataFrame({"event_id": ["A", "B", "C"], "date": ["2023", "2023-05", "2023-05-02"],
                          "end_date": [None, None, None]})
    out = ev.dated(table)
    assert out["start"].dt.strftime("%Y-%m-%d").tolist() == ["2023-07-01", "2023-05-15", "2023-05-02"]
    assert out["approximate"].tolist() == [True, True, False]
