"""`make run` runs a notebook only when something its last run depended on changed: its code, a table it read, the
shared documents, the package or the pinned environment; or when its outputs or figures are not those the run
wrote. The notebooks here are written with their outputs as a run leaves them (no kernel is started): one reads
brent_monthly of the scratch project and draws one chart."""
import json

import nbformat
import pytest
from scratch import data

from factcheck.charts.chart import MIMETYPE as FIGURE
from factcheck.charts.tables import DatasetsTable
from factcheck.notebook import Run
from factcheck.publish import freshness, run


def _notebook(path, code="x = 1", datasets=("brent_monthly",)):
    cell = nbformat.v4.new_code_cell(code)
    cell.outputs = [
        nbformat.v4.new_output("display_data", {FIGURE: {"name": "c", "layouts": {"wide": {"file": "c"},
                                                                                  "narrow": {"file": "c-narrow"}}}}),
        nbformat.v4.new_output("display_data", {DatasetsTable.MIMETYPE: {"datasets": list(datasets)}})]
    nbformat.write(nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("# A"), cell]), path)
    return path


def _append(path, text):
    with path.open("a", encoding="utf-8") as fh:
        fh.write(text)


@pytest.fixture
def built(project):
    """The scratch project built, with a notebook recorded as just run and its figures written."""
    assert data(project, "build") == 0 and data(project, "commit") == 0
    paths = project.paths
    paths.figures.mkdir()
    for name in ("c.svg", "c.png", "c-narrow.svg"):
        (paths.figures / name).write_text(name)
    nb = _notebook(paths.notebooks / "01_x.ipynb")
    freshness.record(nb, paths)
    return paths, nb


def test_a_notebook_just_run_is_current_until_something_it_depends_on_changes(built):
    paths, nb = built
    assert freshness.is_current(nb, paths)
    assert freshness.tables_read(json.loads(nb.read_text()), paths) == ["brent_monthly"]
    assert [p.name for p in freshness.figures_written(json.loads(nb.read_text()), paths)] == \
        ["c-narrow.svg", "c.png", "c.svg"]


@pytest.mark.parametrize("change, current", [
    (lambda paths, nb: _notebook(nb, code="x = 2"), False),  # its code
    (lambda paths, nb: nb.write_text(nb.read_text().replace("# A", "# B")), True),  # its prose only
    (lambda paths, nb: (paths.processed / "brent_monthly.csv").write_text("month,usd_bbl\n"), False),  # its table
    (lambda paths, nb: (paths.processed / "usd_rub_daily.csv").write_text("x\n"), True),  # a table it did not read
    (lambda paths, nb: _append(paths.data / "sources.yaml", "# edited\n"), False),  # the catalog
    (lambda paths, nb: (paths.figures / "c-narrow.svg").unlink(), False),  # a figure it drew
    (lambda paths, nb: (paths.figures / "c.png").write_text("edited"), False),
    (lambda paths, nb: freshness.record_path(nb, paths).unlink(), False),  # never run by factcheck-run
])
def test_what_makes_a_notebook_run_again(built, change, current):
    paths, nb = built
    change(paths, nb)
    assert freshness.is_current(nb, paths) is current


def test_the_package_and_the_environment_are_inputs(built, monkeypatch, tmp_path):
    paths, nb = built
    package = tmp_path / "package"
    for name in ("analysis/oil.py", "publish/site.py"):
        (package / name).parent.mkdir(parents=True, exist_ok=True)
        (package / name).write_text("x = 1\n")
    monkeypatch.setattr(freshness, "PACKAGE", package)
    freshness.record(nb, paths)
    (package / "publish/site.py").write_text("x = 2\n")  # the site builder: no notebook imports it
    assert freshness.is_current(nb, paths)
    (package / "analysis/oil.py").write_text("x = 2\n")
    assert not freshness.is_current(nb, paths)
    freshness.record(nb, paths)
    monkeypatch.setattr(freshness.sys, "version", "3.11.99")
    assert not freshness.is_current(nb, paths)
    monkeypatch.undo()
    (paths.root / "requirements.txt").write_text("pandas==0\n")
    assert not freshness.is_current(nb, paths)


def test_run_executes_only_the_stale_notebooks_and_records_them(built, monkeypatch, capsys):
    paths, nb = built
    stale = _notebook(paths.notebooks / "02_y.ipynb")
    ran = []

    def execute_all(notebooks, env, jobs):
        ran.append([p.name for p in notebooks])
        assert env["FACTCHECK_ROOT"] == str(paths.root)
        return [Run(p, 1.0, None) for p in notebooks]
    monkeypatch.setattr(run, "execute_all", execute_all)
    assert run.run([nb, stale], paths)
    assert ran == [["02_y.ipynb"]] and freshness.is_current(stale, paths)
    assert "1 of 2 notebooks run" in capsys.readouterr().err
    assert run.run([nb, stale], paths, force=True) and ran[-1] == ["01_x.ipynb", "02_y.ipynb"]


def test_a_failed_run_is_forgotten(built, monkeypatch):
    paths, nb = built
    monkeypatch.setattr(run, "execute_all", lambda notebooks, env, jobs: [Run(nb, 1.0, "a cell failed")])
    assert not run.run([nb], paths, force=True)
    assert not freshness.record_path(nb, paths).exists() and not freshness.is_current(nb, paths)
