"""The build, commit and check steps of ``factcheck-data``: mirror or download, staging, manifest, idempotence,
and the committed data untouched by any failure."""
import json

import pytest
import requests
from scratch import NOTES, cbr_xml, data

from factcheck.data import catalog, command, store


def snapshot(root):
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted((root / "data").rglob("*")) if p.is_file()}


def built(project):
    assert data(project, "build") == 0
    assert data(project, "commit") == 0


def test_build_from_mirror_stages_then_commit_writes_tables_and_manifest(project):
    root = project.root
    assert data(project, "build") == 0
    assert not (root / "data/processed").exists()  # nothing committed yet
    assert data(project, "commit") == 0
    assert (root / "data/processed/brent_monthly.csv").read_text() == "month,usd_bbl,n_days\n2023-01,79.97,2\n"
    manifest = json.loads((root / "data/processed/manifest.json").read_text())
    entry = manifest["tables"]["usd_rub_daily"]
    assert entry["inputs"][0]["url"] == "https://example.org/dynamics"
    assert entry["inputs"][0]["via"] == "mirror"
    assert len(entry["inputs"][0]["sha256"]) == 64
    assert entry["output"]["rows"] == 8 and entry["output"]["first"] == "2023-03-31"
    assert manifest["tables"]["brent_monthly"]["notes"] == [
        "month 2023-02 left out as incomplete: the daily data end on 2023-02-02"]
    left = sorted(p.name for p in (root / "data").iterdir())
    assert [n for n in left if not n.endswith(".schema.json")] == ["curated", "processed", "source_policy.yaml",
                                                                     "sources.yaml"]


def test_a_curated_table_is_read_in_place_and_its_sha256_recorded(project):
    built(project)
    root = project.root
    assert not (root / "data/processed/notes.csv").exists()
    entry = json.loads((root / "data/processed/manifest.json").read_text())["tables"]["notes"]
    assert entry["output"]["path"] == "data/curated/notes.csv"
    assert entry["inputs"][0]["via"] == "repository"


def test_rebuild_from_unchanged_inputs_changes_no_byte(project):
    built(project)
    before = snapshot(project.root)
    built(project)
    assert snapshot(project.root) == before


@pytest.mark.parametrize("edit, why", [
    (lambda root: (root / "data/processed/usd_rub_monthly.csv").write_text(
        (root / "data/processed/usd_rub_monthly.csv").read_text().replace("77.0863", "77.0864")),
     "usd_rub_monthly: data/processed/usd_rub_monthly.csv was edited: its sha256 differs from the manifest"),
    (lambda root: (root.parent / "mirror/eia/brent-daily.csv").write_text("Date,Price\n2023-01-03,90.10\n"
                                                                          "2023-01-31,91.00\n"),
     "brent_monthly: inputs changed (brent-daily.csv)"),
    (lambda root: (root / "data/curated/notes.csv").write_text(NOTES.replace("10.5", "10.6")),
     "notes: inputs changed (notes); data/curated/notes.csv was edited since the last build"),
])
def test_check_fails_whenever_a_rebuilt_table_differs_and_says_which_and_why(project, capsys, edit, why):
    built(project)
    assert data(project, "check") == 0
    capsys.readouterr()
    edit(project.root)
    before = snapshot(project.root)
    assert data(project, "check") == 1
    err = capsys.readouterr().err
    assert "1 of 4 rebuilt tables differ from the committed ones" in err and why in err
    assert snapshot(project.root) == before  # a check writes nothing


@pytest.mark.parametrize("damage, message", [
    (lambda m: (m / "eia/brent-daily.csv").unlink(), "source eia_spot: mirror file eia/brent-daily.csv not found"),
    (lambda m: (m / "eia/brent-daily.csv").write_text("Date,Price\n2023-01-03,82.1\n2023-01-04,x\n"),
     "source eia_spot: eia/brent-daily.csv: row 3: Price = 'x', expected a number"),
    (lambda m: (m / "eia/brent-daily.csv").write_text("Date,Price\n2023-01-03,82.1\n2023-01-04,-5.00\n"),
     "source eia_spot: eia/brent-daily.csv: row 3: Price = -5.00 is negative; this series has positive values only"),
    (lambda m: (m / "eia/brent-daily.csv").write_text("Date,Price\n2023-01-03,82.1\n2099-01-04,80.00\n"),
     "source eia_spot: eia/brent-daily.csv: row 3: date 2099-01-04 is after the build date 2026-12-01"),
    (lambda m: (m / "cbr/a.xlsx").write_bytes(b"PK\x03\x04garbage"),
     "source cbr_usd_rub: cbr/a.xlsx: cannot read as an Excel workbook"),
])
def test_bad_input_fails_with_one_line_and_leaves_committed_data_untouched(project, capsys, damage, message):
    built(project)
    before = snapshot(project.root)
    damage(project.mirror)
    capsys.readouterr()
    assert data(project, "build") == 1
    err = capsys.readouterr().err.strip().splitlines()[-1]
    assert err.startswith("error: ") and message in err
    assert data(project, "commit") == 1  # no finished build to commit
    assert snapshot(project.root) == before


def test_commit_without_a_build_is_refused(project, capsys):
    built(project)
    assert data(project, "commit") == 1
    assert "no finished build to commit (run `factcheck-data build` first)" in capsys.readouterr().err


def test_commit_refuses_a_stage_changed_after_the_build(project, capsys):
    built(project)
    (project.mirror / "eia/brent-daily.csv").write_text("Date,Price\n2023-01-03,90.10\n2023-01-31,91.00\n")
    assert data(project, "build") == 0
    staged = project.root / "data/.factcheck-stage/brent_monthly.csv"
    staged.write_text(staged.read_text().replace("90.55", "90.56"))
    before = snapshot(project.root / "data/processed")
    assert data(project, "commit") == 1
    assert "data/.factcheck-stage/brent_monthly.csv: differs from the staged manifest" in capsys.readouterr().err
    assert snapshot(project.root / "data/processed") == before


class FakeResponse:
    """A streamed response of requests, as the real hosts send it."""

    def __init__(self, body=b"", status=200, headers=None):
        self.body, self.status_code = body, status
        self.headers = {"Content-Length": str(len(body)), **(headers or {})}
        self.is_redirect = status in (301, 302, 303, 307, 308)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False

    def close(self):
        pass

    def raise_for_status(self):
        if self.status_code >= 400:
            raise requests.HTTPError(f"{self.status_code} Server Error")

    def iter_content(self, size):
        for i in range(0, len(self.body), size):
            yield self.body[i:i + size]


class FakeSession:
    """Answers like the real hosts: datahub.io's CSV and the Bank of Russia XML service."""

    def __init__(self, fail=None):
        self.fail, self.urls = fail, []

    def get(self, url, stream, timeout, allow_redirects):
        self.urls.append(url)
        assert timeout == (10, 60) and stream and not allow_redirects
        if self.fail:
            raise self.fail
        if "XML_dynamic" in url:
            return FakeResponse(cbr_xml([("06.04.2023", 1, "79,4961"), ("07.04.2023", 1, "80,6713"),
                                         ("08.04.2023", 1, "82,3988")]))
        return FakeResponse(b"Date,Price\n2023-01-03,82.10\n2023-01-31,77.84\n")


def online(project, step="build", http=None):
    extra = ["--today", "2026-12-01", "--mirror="] if step != "commit" else []  # the network, even with DATA_MIRROR set
    return command.main([step, *extra], paths=project.paths, http=http)


def test_online_build_downloads_each_url_into_raw_with_its_origin(project):
    root = project.root
    http = FakeSession()
    assert online(project, http=http) == 0 and online(project, "commit") == 0
    assert http.urls[0] == "https://example.org/brent-daily.csv"
    assert http.urls[1].startswith("https://example.org/XML_dynamic.asp?date_req2=")
    assert (root / "data/raw/cbr_usd_rub/usd_rub.xml").is_file()
    origin = json.loads((root / "data/raw/cbr_usd_rub/usd_rub.xml.origin.json").read_text())
    assert origin["producer"] == "Bank of Russia" and origin["licence"] == "cite cbr.ru"
    assert origin["url"].startswith("https://example.org/XML_dynamic.asp?date_req2=") and len(origin["sha256"]) == 64
    assert "2023-04-08,82.3988" in (root / "data/processed/usd_rub_daily.csv").read_text()
    manifest = json.loads((root / "data/processed/manifest.json").read_text())
    assert manifest["tables"]["brent_monthly"]["inputs"][0]["via"] == "download"


def test_no_network_is_a_clear_error_and_loses_nothing(project, capsys):
    built(project)
    before = snapshot(project.root)
    http = FakeSession(fail=requests.ConnectionError("Failed to resolve 'example.org'"))
    assert online(project, http=http) == 1
    assert capsys.readouterr().err.strip().splitlines()[-1] == (
        "error: source eia_spot: brent-daily.csv: cannot download https://example.org/brent-daily.csv: "
        "Failed to resolve 'example.org'")
    assert snapshot(project.root) == before


def test_an_online_build_skips_a_manual_download_source_and_says_how_to_build_it(project, capsys):
    path = project.root / "data" / "sources.yaml"
    manual = """  eurostat:
    title: t
    publisher: Eurostat
    licence: CC BY 4.0
    fetch: manual
    files:
      - {name: a.csv, mirror: eurostat-comext/a.csv, landing: "https://ec.europa.eu/eurostat/comext/newxtweb/"}
    builder: factcheck.data.builders.eurostat:build
"""
    table = """  eu_table:
    title: t
    source: eurostat
    unit: EUR bn
    frequency: annual
    columns:
      year: {type: year}
"""
    path.write_text(path.read_text().replace("\ntables:\n", "\n" + manual + "tables:\n", 1) + table)
    assert online(project, http=FakeSession()) == 0
    err = capsys.readouterr().err
    assert ("eurostat: skipped: its files are downloaded by hand (from https://ec.europa.eu/eurostat/comext/newxtweb/);"
            " save them in a folder laid out like the mirror (eurostat-comext/a.csv, ...) and build with "
            "DATA_MIRROR") in err
    assert (project.root / "data/.factcheck-stage/brent_monthly.csv").is_file()


def test_a_failed_commit_names_the_file_and_leaves_the_committed_data_whole(project, monkeypatch, capsys):
    built(project)
    before = snapshot(project.root / "data/processed")
    (project.mirror / "eia/brent-daily.csv").write_text("Date,Price\n2023-01-03,90.10\n2023-01-31,91.00\n")
    assert data(project, "build") == 0

    def refuse(a, b):
        raise OSError(28, "No space left on device", str(a))
    monkeypatch.setattr(store, "exchange", refuse)
    assert data(project, "commit") == 1
    assert capsys.readouterr().err.strip().splitlines()[-1] == (
        f"error: {project.root / 'data/.factcheck-stage'}: No space left on device (the committed data is unchanged)")
    assert snapshot(project.root / "data/processed") == before


def test_a_catalog_entry_missing_a_builder_parameter_is_one_line(project, capsys):
    path = project.root / "data" / "sources.yaml"
    path.write_text(path.read_text().replace("    params: {table_files: {brent_monthly: brent-daily.csv}}\n", ""))
    assert data(project, "build") == 1
    assert capsys.readouterr().err.strip().splitlines()[-1] == (
        "error: source eia_spot: the catalog entry or its files lack 'table_files' (see data/sources.yaml)")


def test_a_source_url_that_is_not_a_link_is_refused(project, capsys):
    built(project)
    before = snapshot(project.root / "data/processed")
    notes = project.root / "data/curated/notes.csv"
    notes.write_text(NOTES.replace("https://example.org/b", "TODO find link"))
    assert data(project, "build") == 1
    assert capsys.readouterr().err.strip().splitlines()[-1] == (
        "error: source notes: data/curated/notes.csv: row 3: source_url 'TODO find link' is not an http(s) URL")
    assert snapshot(project.root / "data/processed") == before


def test_the_catalog_is_reread_when_it_changes(project):
    assert "notes" in catalog.catalog(project.paths)["tables"]
    path = project.root / "data" / "sources.yaml"
    path.write_text(path.read_text().replace("  notes:\n    title: t\n    source: notes", "  notes2:\n    title: t\n"
                                                                                      "    source: notes"))
    assert "notes2" in catalog.catalog(project.paths)["tables"]


def test_a_rebuild_that_loses_committed_rows_is_refused(project, capsys):
    built(project)
    before = snapshot(project.root)
    (project.mirror / "eia/brent-daily.csv").write_text("Date,Price\n2022-12-01,82.10\n2022-12-30,77.84\n")
    assert data(project, "build") == 1
    assert capsys.readouterr().err.strip().splitlines()[-1] == (
        "error: source eia_spot: table brent_monthly: the rebuild lacks 1 row of the committed table, the first "
        "2023-01: a truncated or partial input? (if the publisher withdrew them, delete "
        "data/processed/brent_monthly.csv and build again)")
    assert snapshot(project.root) == before
