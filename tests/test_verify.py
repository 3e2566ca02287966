"""Verdicts against rebuilt data: ``factcheck-claims verify`` runs the notebooks on other tables and lists the
claims whose verdict would flip, ``make data`` stops before committing such a build, and ``factcheck-claims accept``
records a verdict changed on purpose. The notebook is a one-cell stand-in reading a table as the real ones do; the
claim is the scratch ledger's C01 (tests/scratch.py)."""

import nbformat
from scratch import LEDGER, POLICY, data

from factcheck.claims import Verdict, notebook_verdicts, set_aside
from factcheck.claims.cards import MIMETYPE
from factcheck.paths import Paths
from factcheck.publish import claims_command as command
from factcheck.publish import reruns

PATHS = Paths.default()


def _verdict_notebook(path) -> None:
    """A notebook that shows a summary card for the scratch ledger's C01: accurate, needs context (as the ledger
    records it) while Brent averaged under $85 in January 2023 in the tables ``load`` reads (those of the project
    FACTCHECK_ROOT names, or the folder FACTCHECK_PROCESSED names, as the notebooks read them), inaccurate
    otherwise."""
    source = (f"from IPython.display import display\nfrom factcheck import load\n"
              f"jan = load('brent_monthly').set_index('month').loc['2023-01', 'usd_bbl']\n"
              f"verdict = 'accurate, needs context' if jan < 85 else 'inaccurate'\n"
              f"display({{{MIMETYPE!r}: {{'card': 'summary', 'claims': [{{'id': 'C01', 'verdict': verdict}}]}}}}, "
              f"raw=True)")
    nbformat.write(nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(source)]), path)


ONE_CLAIM = LEDGER.split("  C02:")[0]  # the scratch ledger's C01 alone: $29 bn, recorded accurate, needs context


def _one_claim_project(project) -> Paths:
    """The scratch project with the one-claim ledger, its notebook, a README with a claims table, built."""
    paths = project.paths
    paths.ledger.write_text(ONE_CLAIM.replace("review:", "# a comment to keep\nreview:"), encoding="utf-8")
    policy = (PATHS.data / "source_policy.yaml").read_text(encoding="utf-8")  # the ledger's pages + fixtures'
    (paths.data / "source_policy.yaml").write_text(policy + POLICY.split("hosts:\n")[1], encoding="utf-8")
    _verdict_notebook(paths.notebooks / "01_deficit.ipynb")
    assert data(project, "build") == 0 and data(project, "commit") == 0
    paths.readme.write_text(f"# Scratch\n\n{command.START}\n{command.END}\n", encoding="utf-8")
    return paths


class TestMakeData:  # its own class, so that parallel test runs can put it beside the test above
    def test_the_build_refuses_tables_that_would_flip_a_verdict(self, project, capsys):
        """`make data` runs build, then `factcheck-claims verify --staged`, then commit: a rebuild that would flip a
        verdict stops at verify, with the committed tables and manifest untouched."""
        paths = _one_claim_project(project)
        assert reruns.flips(paths, paths.committed) == []  # the notebook agrees with the ledger
        before = {p.name: p.read_bytes() for p in paths.committed.iterdir()}
        assert "manifest.json" in before
        (project.mirror / "eia/brent-daily.csv").write_text("Date,Price\n2023-01-03,90.10\n2023-01-31,91.00\n")
        assert data(project, "build") == 0
        capsys.readouterr()
        assert command.main(["verify", "--staged"], paths=paths) == 1
        err = capsys.readouterr().err
        assert ("error: verdicts that would flip, so the build was not committed: C01 (accurate, needs context → "
                "inaccurate). If the data is wrong, fix it; if the new verdicts are right, run `factcheck-data "
                "commit`, then `factcheck-claims accept C01`") in err
        assert {p.name: p.read_bytes() for p in paths.committed.iterdir()} == before




class TestAccept:
    def test_a_verdict_changed_on_purpose_is_recorded_run_and_shown(self, project, capsys):
        """New data that flips C01 is committed on purpose; `factcheck-claims accept C01` records the new verdict
        and the review day in the ledger (nothing else of it changes), redoes the set-aside check (it compares
        verdicts with the ledger's), runs the notebook in place and rewrites the README's table."""
        paths = _one_claim_project(project)
        (project.mirror / "eia/brent-daily.csv").write_text("Date,Price\n2023-01-03,90.10\n2023-01-31,91.00\n")
        assert data(project, "build") == 0 and data(project, "commit") == 0
        before = paths.ledger.read_text(encoding="utf-8")
        assert command.main(["accept", "C01", "--today", "2026-12-05"], paths=paths) == 0
        err = capsys.readouterr().err
        assert "C01 (accurate, needs context → inaccurate)" in err and "reword each claim's `why`" in err
        after = paths.ledger.read_text(encoding="utf-8")
        assert after == before.replace("verdict: accurate, needs context", "verdict: inaccurate").replace(
            "published: '2026-12-01'", "published: '2026-12-05'")
        assert notebook_verdicts.collect([paths.notebooks / "01_deficit.ipynb"], paths) == {"C01": "inaccurate"}
        assert f"| {Verdict.INACCURATE.symbol} inaccurate |" in paths.readme.read_text(encoding="utf-8")
        assert command.main(["readme", "--check"], paths=paths) == 0
        assert set_aside.is_current(paths)  # redone for the new ledger, as notebook 06 needs it


def test_accept_records_only_what_changed_and_only_what_was_named(ledger_paths, monkeypatch, capsys):
    """The scratch ledger records C01 accurate, needs context and C03 accurate (both computed; no notebook runs)."""
    before = ledger_paths.ledger.read_bytes()
    now = {"C01": "accurate, needs context", "C03": "accurate"}
    monkeypatch.setattr(command, "computed", lambda paths, processed, books: dict(now))
    assert command.main(["accept", "C01"], paths=ledger_paths) == 0
    assert capsys.readouterr().err.endswith("C01: accurate, needs context, as the ledger records (nothing to accept)\n")
    now["C03"] = "inaccurate"  # another claim of the same notebooks changed too: name it, or fix what changed it
    assert command.main(["accept", "C01"], paths=ledger_paths) == 1
    assert capsys.readouterr().err.endswith("error: these notebooks also change C03 (accurate → inaccurate): accept "
                                            "them too, or fix what changed them\n")
    assert command.main(["accept", "C99"], paths=ledger_paths) == 1
    assert capsys.readouterr().err == "error: claims ledger data/claims.yaml: no claim 'C99'\n"
    assert ledger_paths.ledger.read_bytes() == before
