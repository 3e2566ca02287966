"""Get a source's raw files: download them, or read them from a mirror folder."""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import requests
from requests.adapters import HTTPAdapter
from tqdm import tqdm
from urllib3.util.retry import Retry

from factcheck import paths
from factcheck.errors import DataError
from factcheck.tableio import sha256

TIMEOUT = (10, 60)  # connect, read (seconds)
RETRIES = Retry(total=3, backoff_factor=1.0, status_forcelist=(429, 500, 502, 503, 504),
                allowed_methods=("GET",))
USER_AGENT = "factcheck-cnn-2023-04-07 data pipeline (research; python-requests)"


@dataclass(frozen=True)
class RawFile:
    """One raw input as read: where it came from and what its bytes hash to."""

    name: str
    url: str
    path: Path
    sha256: str
    via: str  # "download", "mirror" or "repository"
    file: str  # the file's name in the mirror layout, or its repository path


def session() -> requests.Session:
    """A requests session that retries a little on transient errors."""
    s = requests.Session()
    s.mount("https://", HTTPAdapter(max_retries=RETRIES))
    s.mount("http://", HTTPAdapter(max_retries=RETRIES))
    s.headers["User-Agent"] = USER_AGENT
    return s


def download(url: str, dest: Path, label: str, http: requests.Session | None = None) -> Path:
    """Download ``url`` to ``dest`` with a progress bar; the file appears only when complete."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    part = dest.with_name(dest.name + ".part")
    http = http or session()
    try:
        with http.get(url, stream=True, timeout=TIMEOUT) as resp:
            resp.raise_for_status()
            total = int(resp.headers.get("Content-Length") or 0) or None
            with open(part, "wb") as fh, tqdm(total=total, unit="B", unit_scale=True, desc=label,
                                              leave=False, disable=None) as bar:
                for chunk in resp.iter_content(1 << 16):
                    fh.write(chunk)
                    bar.update(len(chunk))
    except (requests.RequestException, OSError) as exc:
        part.unlink(missing_ok=True)
        reason = type(exc).__name__ if not str(exc) else str(exc).splitlines()[0]
        raise DataError(f"{label}: cannot download {url}: {reason}") from None
    os.replace(part, dest)
    return dest


def get_files(source_id: str, source: dict, mirror: Path | None, raw_dir: Path | None = None,
              http: requests.Session | None = None, url_params: dict | None = None) -> list[RawFile]:
    """The raw files of one source, from the mirror folder if given, else from the network
    (for ``fetch: yfinance``, through yfinance; see factcheck.yfinance_fetch).

    A source may list ``mirror_files`` (the manual-download form of the data, e.g. an
    Excel export) that stand in for its ``files`` when a mirror folder is used.
    """
    raw_dir = raw_dir or paths.RAW
    if source["fetch"] == "curated":
        out = []
        for f in source["files"]:
            path = paths.ROOT / f["path"]
            if not path.is_file():
                raise DataError(f"source {source_id}: curated file {f['path']} is missing")
            out.append(RawFile(f["name"], f["path"], path, sha256(path), "repository", f["path"]))
        return out
    if mirror is not None:  # entries without a `mirror` name exist only online (e.g. a live list)
        listed = source.get("mirror_files") or [f for f in source["files"] if "mirror" in f]
        out = []
        for f in listed:
            path = Path(mirror) / f["mirror"]
            if not path.is_file():
                raise DataError(f"source {source_id}: mirror file {f['mirror']} not found in {mirror} "
                                f"(the mirror should hold {f.get('url') or f.get('landing')})")
            out.append(RawFile(f["name"], f.get("url") or f["landing"], path, sha256(path), "mirror", f["mirror"]))
        return out
    out = []
    if source["fetch"] == "yfinance":
        from factcheck.yfinance_fetch import fetch_ticker  # only this source needs yfinance

        params = source.get("params", {})
        for f in source["files"]:
            dest = raw_dir / source_id / f["name"]
            fetch_ticker(f["ticker"], params["start"], params.get("end"), dest, source_id=source_id)
            out.append(RawFile(f["name"], f["url"], dest, sha256(dest), "download", f["name"]))
        return out
    for f in source["files"]:  # the manifest keeps the URL as written in the catalog, so it does not change by date
        dest = raw_dir / source_id / f["name"]
        download(f["url"].format(**(url_params or {})), dest, f"source {source_id}", http)
        out.append(RawFile(f["name"], f["url"], dest, sha256(dest), "download", f["name"]))
    return out
