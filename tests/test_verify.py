"""Verdicts against rebuilt data: ``factcheck-claims verify`` runs the notebooks on other tables and lists the
claims whose verdict would flip, and ``make data`` stops before committing such a build."""
import hashlib
import json
import shutil

import nbformat
from conftest import POLICY, data

from factcheck.claims import command, verdicts
from factcheck.claims.cards import MIMETYPE
from factcheck.paths import Paths

PATHS = Paths.default()


def _set_rate(processed, day: str, rate: str) -> None:
    """Rewrite the official rate taking effect on ``day`` in a processed folder, its manifest in step (as a rebuild
    from other inputs would leave it)."""
    daily = processed / "usd_rub_daily.csv"
    text = daily.read_text(encoding="utf-8")
    line = next(line for line in text.splitlines() if line.startswith(f"{day},"))
    daily.write_text(text.replace(f"\n{line}\n", f"\n{day},{rate}\n", 1), encoding="utf-8")
    doc = json.loads((processed / "manifest.json").read_text(encoding="utf-8"))
    doc["tables"]["usd_rub_daily"]["output"]["sha256"] = hashlib.sha256(daily.read_bytes()).hexdigest()
    (processed / "manifest.json").write_text(json.dumps(doc), encoding="utf-8")


def test_rebuilt_data_that_flips_a_verdict_is_listed(tmp_path):
    """Run notebook 01 on tables where the official rate in force on 7 April 2023 is 70 roubles per dollar
    instead of 80.67, so that the Q1-2023 deficit of 2,400 bn RUB comes to $34.3 bn instead of $29.75 bn."""
    processed = tmp_path / "processed"
    shutil.copytree(PATHS.processed, processed)
    _set_rate(processed, "2023-04-07", "70.0000")
    flipped = verdicts.verify(PATHS, processed, only=[PATHS.notebooks / "01_q1_2023_deficit.ipynb"])
    assert flipped == ["C18a (accurate, needs context -> inaccurate)"]


def _verdict_notebook(path) -> None:
    """A notebook that shows a summary card for C18a: accurate, needs context while Brent averaged under
    $85 in January 2023 in the tables it is pointed at (FACTCHECK_PROCESSED), inaccurate otherwise."""
    source = (f"import os\nimport pandas as pd\nfrom IPython.display import display\n"
              f"brent = pd.read_csv(os.path.join(os.environ['FACTCHECK_PROCESSED'], 'brent_monthly.csv'))\n"
              f"jan = brent.set_index('month').loc['2023-01', 'usd_bbl']\n"
              f"verdict = 'accurate, needs context' if jan < 85 else 'inaccurate'\n"
              f"display({{{MIMETYPE!r}: {{'card': 'summary', 'claims': [{{'id': 'C18a', 'verdict': verdict}}]}}}}, "
              f"raw=True)")
    nbformat.write(nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(source)]), path)


class TestMakeData:  # its own class, so that parallel test runs can put it beside the test above
    def test_the_build_refuses_tables_that_would_flip_a_verdict(self, project, capsys):
        """`make data` runs build, then `factcheck-claims verify --staged`, then commit: a rebuild that would flip a
        verdict stops at verify, with the committed tables and manifest untouched."""
        paths = project.paths
        shutil.copy(PATHS.ledger, paths.ledger)
        policy = (PATHS.data / "source_policy.yaml").read_text(encoding="utf-8")  # the ledger's pages + fixtures'
        (paths.data / "source_policy.yaml").write_text(policy + POLICY.split("hosts:\n")[1], encoding="utf-8")
        _verdict_notebook(paths.notebooks / "01_x.ipynb")
        assert data(project, "build") == 0 and data(project, "commit") == 0
        assert verdicts.verify(paths, paths.committed) == []  # the notebook agrees with the ledger, committed data
        before = {p.name: p.read_bytes() for p in paths.committed.iterdir()}
        assert "manifest.json" in before
        (project.mirror / "eia/brent-daily.csv").write_text("Date,Price\n2023-01-03,90.10\n2023-01-31,91.00\n")
        assert data(project, "build") == 0
        capsys.readouterr()
        assert command.main(["verify", "--staged"], paths=paths) == 1
        err = capsys.readouterr().err
        assert "error: verdicts that would flip, so the build was not committed: " \
               "C18a (accurate, needs context -> inaccurate)" in err
        assert {p.name: p.read_bytes() for p in paths.committed.iterdir()} == before


