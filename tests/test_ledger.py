"""The claims ledger: one notebook per claim, tolerances on every number, README in step, flips refused."""
import shutil

import pytest
from scratch import copy_schemas

from factcheck.claims import Verdict, ledger, notebook_verdicts
from factcheck.errors import DataError
from factcheck.paths import Paths
from factcheck.publish import claims_command as command

PATHS = Paths.default()
LEDGER = ledger()["claims"]
FOUND = notebook_verdicts.collect(notebook_verdicts.notebook_files(PATHS))


def test_every_checked_claim_is_printed_by_exactly_its_notebook_and_pending_ones_by_none():
    checked = {cid for cid, e in LEDGER.items() if e["status"] == "checked"}
    pending = {cid for cid, e in LEDGER.items() if e["status"] == "pending"}
    assert set(FOUND) == checked
    assert pending.isdisjoint(FOUND)


def test_printed_verdicts_equal_the_ledger():
    assert {cid: LEDGER[cid]["verdict"] for cid in FOUND} == FOUND


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
    cid = sorted(FOUND)[0]
    home = LEDGER[cid]["notebook"]
    other = next(p.name for p in notebook_verdicts.notebook_files(PATHS) if p.name != home)
    wrong = tmp_path / other
    shutil.copy(PATHS.notebooks / home, wrong)
    with pytest.raises(DataError, match=f"claim {cid} is checked in {other}, but the ledger assigns it to {home}"):
        notebook_verdicts.collect([wrong])


@pytest.mark.parametrize("change, message", [
    (lambda c: c.update(status="pending"), "should not be valid"),  # a pending claim carries no verdict
    (lambda c: c.pop("claimed"), "'claimed' is a required property"),  # a number needs its tolerance
    (lambda c: c["claimed"].pop("tolerance_why"), "'tolerance_why' is a required property"),
])
def test_ledger_schema_refuses_incomplete_claims(tmp_path, change, message):
    import copy

    import yaml
    doc = copy.deepcopy(ledger())
    cid = next(c for c, e in doc["claims"].items() if e["kind"] == "number" and e["status"] == "checked")
    change(doc["claims"][cid])
    paths = Paths.at(tmp_path)
    copy_schemas(paths.data)
    shutil.copy(Paths.default().data / "source_policy.yaml", paths.data / "source_policy.yaml")  # its pages
    paths.ledger.write_text(yaml.safe_dump(doc, allow_unicode=True))
    with pytest.raises(DataError, match=f"claims ledger data/claims.yaml: at claims/{cid}.*{message}"):
        ledger(paths)


