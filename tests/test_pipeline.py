"""The build: mirror or download, staging, manifest, idempotence, and nothing lost on failure."""
import json
import os
from pathlib import Path

import pytest
import requests

from conftest import cbr_xml
from factcheck import pipeline
from factcheck.errors import DataError


def build(project, **kwargs):
    root, mirror = project
    return pipeline.run(None, kwargs.pop("mirror", mirror), kwargs.pop("check", False), **kwargs)


def snapshot(root):
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted((root / "data").rglob("*")) if p.is_file()}


def test_build_from_mirror_writes_tables_and_manifest(project):
    root, mirror = project
    assert build(project) == 0
    assert (root / "data/processed/brent_monthly.csv").read_text() == "month,usd_bbl,n_days\n2023-01,79.97,2\n"
    manifest = json.loads((root / "data/manifest.json").read_text())
    entry = manifest["tables"]["usd_rub_key_dates"]
    assert entry["inputs"][0]["url"] == "https://example.org/dynamics"
    assert entry["inputs"][0]["via"] == "mirror"
    assert len(entry["inputs"][0]["sha256"]) == 64
    assert entry["output"]["rows"] == 2 and entry["output"]["first"] == "2023-04-07"
    assert manifest["tables"]["brent_monthly"]["notes"] == [
        "month 2023-02 left out as incomplete: the daily data end on 2023-02-02"]


def test_rebuild_from_unchanged_inputs_changes_no_byte(project):
    root, _ = project
    build(project)
    before = snapshot(root)
    build(project)
    assert snapshot(root) == before


def test_check_mode_detects_a_changed_table(project, capsys):
    root, _ = project
    build(project)
    assert build(project, check=True) == 0
    path = root / "data/processed/usd_rub_monthly.csv"
    path.write_text(path.read_text().replace("77.0863", "77.0864"))
    assert build(project, check=True) == 1
    assert "differ from the committed ones: usd_rub_monthly" in capsys.readouterr().err


@pytest.mark.parametrize("damage, message", [
    (lambda m: (m / "eia/brent-daily.csv").unlink(), "source eia_spot: mirror file eia/brent-daily.csv not found"),
    (lambda m: (m / "eia/brent-daily.csv").write_text("Date,Price\n2023-01-03,82.1\n2023-01-04,x\n"),
     "source eia_spot: eia/brent-daily.csv: row 3: Price = 'x', expected a number"),
    (lambda m: (m / "cbr/a.xlsx").write_bytes(b"PK\x03\x04garbage"),
     "source cbr_usd_rub: cbr/a.xlsx: cannot read as an Excel workbook"),
])
def test_bad_input_fails_with_one_line_and_leaves_committed_data_untouched(project, damage, message):
    root, mirror = project
    build(project)
    before = snapshot(root)
    damage(mirror)
    with pytest.raises(DataError) as err:
        build(project)
    assert message in str(err.value) and "\n" not in str(err.value)
    assert snapshot(root) == before


def test_cli_exit_status_and_message(project, capsys):
    root, mirror = project
    (mirror / "eia/brent-daily.csv").unlink()
    assert pipeline.main(["--mirror", str(mirror)]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert err[-1].startswith("error: source eia_spot: mirror file eia/brent-daily.csv not found")


class FakeResponse:
    def __init__(self, body, status=200):
        self.body, self.status_code = body, status
        self.headers = {"Content-Length": str(len(body))}

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False

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

    def get(self, url, stream, timeout):
        self.urls.append(url)
        assert timeout == (10, 60)
        if self.fail:
            raise self.fail
        if "XML_dynamic" in url:
            return FakeResponse(cbr_xml([("06.04.2023", 1, "79,4961"), ("07.04.2023", 1, "80,6713"),
                                         ("08.04.2023", 1, "82,3988")]))
        return FakeResponse(b"Date,Price\n2023-01-03,82.10\n2023-01-31,77.84\n")


def test_online_build_downloads_each_url_into_raw(project):
    root, _ = project
    http = FakeSession()
    assert build(project, mirror=None, http=http) == 0
    assert http.urls[0] == "https://example.org/brent-daily.csv"
    assert http.urls[1].startswith("https://example.org/XML_dynamic.asp?date_req2=")
    assert (root / "data/raw/cbr_usd_rub/usd_rub.xml").is_file()
    assert "2023-04-07,set_on,82.3988,2023-04-08" in (root / "data/processed/usd_rub_key_dates.csv").read_text()
    manifest = json.loads((root / "data/manifest.json").read_text())
    assert manifest["tables"]["brent_monthly"]["inputs"][0]["via"] == "download"


def test_no_network_is_a_clear_error_and_loses_nothing(project):
    root, _ = project
    build(project)
    before = snapshot(root)
    http = FakeSession(fail=requests.ConnectionError("Failed to resolve 'example.org'"))
    with pytest.raises(DataError, match=r"^source eia_spot: cannot download https://example.org/brent-daily.csv: "
                                        r"Failed to resolve"):
        build(project, mirror=None, http=http)
    assert snapshot(root) == before
    assert not list((root / "data/raw").rglob("*.part"))


def test_an_online_build_skips_a_manual_download_source_and_says_how_to_build_it(project, capsys):
    from factcheck import catalog
    root, _ = project
    path = root / "data" / "sources.yaml"
    manual = """  eurostat:
    title: t
    publisher: Eurostat
    licence: CC BY 4.0
    fetch: manual
    files:
      - {name: a.csv, mirror: eurostat-comext/a.csv, landing: "https://ec.europa.eu/eurostat/comext/newxtweb/"}
    builder: factcheck.builders.eurostat:build
    tables: [eu_table]
"""
    table = """  eu_table:
    title: t
    source: eurostat
    unit: EUR bn
    frequency: annual
    columns:
      year: {type: year}
"""
    text = path.read_text().replace("\ntables:\n", "\n" + manual + "tables:\n", 1) + table
    path.write_text(text)
    catalog._read.cache_clear()
    assert build(project, mirror=None, http=FakeSession()) == 0
    err = capsys.readouterr().err
    assert ("eurostat: skipped: its files are downloaded by hand (from https://ec.europa.eu/eurostat/comext/newxtweb/); "
            "save them in a folder laid out like the mirror (eurostat-comext/a.csv, ...) and build with DATA_MIRROR") in err
    assert (root / "data/processed/brent_monthly.csv").is_file()


def test_a_failed_write_puts_the_committed_data_back(project, monkeypatch):
    root, mirror = project
    build(project)
    before = snapshot(root)
    (mirror / "eia/brent-daily.csv").write_text("Date,Price\n2023-01-03,90.10\n2023-01-31,91.00\n")
    real_replace, calls = os.replace, []

    def failing_replace(src, dst):
        if Path(dst).parent == root / "data" / "processed" and ".factcheck-stage-" in str(src):
            calls.append(dst)
            if len(calls) == 2:  # the first rebuilt table is already in place
                raise OSError(28, "No space left on device")
        return real_replace(src, dst)
    monkeypatch.setattr(os, "replace", failing_replace)
    with pytest.raises(DataError, match="No space left on device; the committed data was restored"):
        build(project)
    monkeypatch.setattr(os, "replace", real_replace)
    assert snapshot(root) == before


def test_check_mode_does_not_compare_tables_built_from_other_inputs(project, capsys):
    root, mirror = project
    build(project)
    (mirror / "eia/brent-daily.csv").write_text("Date,Price\n2023-01-03,90.10\n2023-01-31,91.00\n")
    assert build(project, check=True) == 0
    assert "not compared (the committed tables were built from other inputs): brent_monthly" in capsys.readouterr().err


def test_a_catalog_entry_missing_a_builder_parameter_is_one_line(project):
    from factcheck import catalog
    root, _ = project
    path = root / "data" / "sources.yaml"
    path.write_text(path.read_text().replace("    params: {table_files: {brent_monthly: brent-daily.csv}}\n", ""))
    catalog._read.cache_clear()
    with pytest.raises(DataError, match=r"^source eia_spot: the catalog entry or its files lack 'params'"):
        build(project)
