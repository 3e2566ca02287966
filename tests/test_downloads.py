"""Downloads are guarded: https only, redirects only to the source's hosts, a size limit and a deadline per file,
names that stay inside data/raw/, pinned sha256 for immutable inputs; a failure or an interrupt leaves no file.
And the unit tests themselves cannot reach the network (pytest-socket, loopback allowed)."""
import hashlib
import socket

import pytest
from pytest_socket import SocketConnectBlockedError
from test_pipeline import FakeResponse

from factcheck.data import fetch
from factcheck.errors import DataError
from factcheck.paths import Paths

BODY = b"Date,Price\n2023-01-03,82.10\n"
HOSTS = ["example.org", "mirror.example.org"]


class Replies:
    """A session answering each URL with a prepared response (a redirect, a body, an error)."""

    def __init__(self, replies):
        self.replies, self.urls = dict(replies), []

    def get(self, url, stream, timeout, allow_redirects):
        self.urls.append(url)
        reply = self.replies[url]
        if isinstance(reply, BaseException):
            raise reply
        return reply


def get(tmp_path, replies, url="https://example.org/a.csv", **kwargs):
    dest = tmp_path / "raw" / "src" / "a.csv"
    return dest, fetch.download(url, dest, "source src: a.csv", HOSTS, http=Replies(replies), **kwargs)


def nothing_written(tmp_path):
    return not [p for p in (tmp_path / "raw").rglob("*") if p.is_file()]


def test_a_download_writes_the_whole_file_and_returns_its_sha256(tmp_path):
    dest, digest = get(tmp_path, {"https://example.org/a.csv": FakeResponse(BODY)})
    assert dest.read_bytes() == BODY and digest == hashlib.sha256(BODY).hexdigest()


def test_a_redirect_to_a_host_of_the_source_is_followed(tmp_path):
    dest, _ = get(tmp_path, {"https://example.org/a.csv": FakeResponse(status=302, headers={
        "Location": "https://mirror.example.org/b.csv"}), "https://mirror.example.org/b.csv": FakeResponse(BODY)})
    assert dest.read_bytes() == BODY


@pytest.mark.parametrize("location, message", [
    ("https://evil.example.net/a.csv", "host evil.example.net is not among the source's hosts"),
    ("http://example.org/a.csv", "http://example.org/a.csv is not https; only https downloads are allowed"),
])
def test_a_redirect_elsewhere_is_refused_and_nothing_is_written(tmp_path, location, message):
    with pytest.raises(DataError, match=message):
        get(tmp_path, {"https://example.org/a.csv": FakeResponse(status=301, headers={"Location": location})})
    assert nothing_written(tmp_path)


def test_a_redirect_loop_is_refused(tmp_path):
    loop = {"https://example.org/a.csv": FakeResponse(status=302, headers={"Location": "https://example.org/a.csv"})}
    with pytest.raises(DataError, match="more than 5 redirects"):
        get(tmp_path, loop)


def test_a_pinned_sha256_that_does_not_match_is_an_error_and_nothing_is_written(tmp_path):
    pinned = "0" * 64
    with pytest.raises(DataError, match=f"has sha256 {hashlib.sha256(BODY).hexdigest()}, but the catalog pins "
                                        f"{pinned} \\(the file at that address changed; nothing was written\\)"):
        get(tmp_path, {"https://example.org/a.csv": FakeResponse(BODY)}, expected_sha256=pinned)
    assert nothing_written(tmp_path)


def test_a_file_over_the_size_limit_is_refused_whether_announced_or_not(tmp_path):
    with pytest.raises(DataError, match="is 28 bytes, over the limit of 10"):
        get(tmp_path, {"https://example.org/a.csv": FakeResponse(BODY)}, max_bytes=10)
    unannounced = FakeResponse(BODY)
    unannounced.headers.pop("Content-Length")
    with pytest.raises(DataError, match="sends more than the limit of 10 bytes"):
        get(tmp_path, {"https://example.org/a.csv": unannounced}, max_bytes=10)
    assert nothing_written(tmp_path)


def test_a_download_past_its_deadline_is_stopped(tmp_path, monkeypatch):
    clock = iter(range(0, 10_000, 100))
    monkeypatch.setattr(fetch.time, "monotonic", lambda: next(clock))
    with pytest.raises(DataError, match=r"did not finish within 150 s"):
        get(tmp_path, {"https://example.org/a.csv": FakeResponse(BODY * 5000)}, deadline=150)
    assert nothing_written(tmp_path)


def test_an_interrupt_mid_download_leaves_no_part_file(tmp_path):
    class Interrupted(FakeResponse):
        def iter_content(self, size):
            yield BODY
            raise KeyboardInterrupt
    with pytest.raises(KeyboardInterrupt):
        get(tmp_path, {"https://example.org/a.csv": Interrupted(BODY * 2)})
    assert nothing_written(tmp_path)


def test_a_url_that_is_not_https_or_not_on_a_listed_host_is_refused_before_any_request(tmp_path):
    for url, message in [("http://example.org/a.csv", "is not https"),
                         ("https://other.example.com/a.csv", "host other.example.com is not among")]:
        session = Replies({})
        with pytest.raises(DataError, match=message):
            fetch.download(url, tmp_path / "a.csv", "source src: a.csv", HOSTS, http=session)
        assert session.urls == []


@pytest.mark.parametrize("name", ["../escape.csv", "sub/a.csv", "..", ".hidden", "a b.csv", ""])
def test_a_file_name_that_could_leave_the_raw_folder_is_refused(tmp_path, name):
    with pytest.raises(DataError, match="is not a plain file name"):
        fetch.raw_path(tmp_path / "raw", "src", name)


def test_the_catalog_schema_refuses_such_a_name_too():
    import json

    import jsonschema

    schema = json.loads((Paths.default().data / "sources.schema.json").read_text(encoding="utf-8"))
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({"name": "../../etc/passwd", "url": "https://example.org/x"}, schema["$defs"]["file"])


def test_a_mirror_file_that_does_not_match_its_pinned_sha256_is_refused(tmp_path):
    (tmp_path / "ofac-sdn").mkdir()
    (tmp_path / "ofac-sdn" / "sdn_2023-04-04.csv").write_bytes(b"damaged")
    source = {"files": [{"name": "sdn_2023-04-04.csv", "url": "https://example.org/sdn.csv",
                         "mirror": "ofac-sdn/sdn_2023-04-04.csv", "sha256": "a" * 64}]}
    with pytest.raises(DataError, match="source ofac_sdn: mirror file ofac-sdn/sdn_2023-04-04.csv has sha256 .* but "
                                        "the catalog pins a{64} \\(a different or damaged copy\\)"):
        fetch.from_mirror("ofac_sdn", source, tmp_path)


def test_every_fixed_commit_input_of_the_catalog_is_pinned():
    from factcheck.data import catalog
    for sid, source in catalog.catalog()["sources"].items():
        for f in source.get("files", []):
            if "raw.githubusercontent.com" in f.get("url", "") and "/main/" not in f["url"]:
                assert "sha256" in f, f"{sid}: {f['name']} is at a fixed commit but has no pinned sha256"


@pytest.mark.filterwarnings("ignore:A test tried to use socket")
def test_the_unit_tests_cannot_reach_the_network():
    with pytest.raises(SocketConnectBlockedError):  # an address, so that no name lookup comes first
        socket.create_connection(("192.0.2.1", 443), timeout=5)
    with pytest.raises(SocketConnectBlockedError):
        fetch.session().get("https://192.0.2.1/", timeout=5)
