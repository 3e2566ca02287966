"""The snapshot step: get a source's raw files, from the network or from a mirror folder, and say where each came
from. Reads the catalog's file entries; writes data/raw/<source>/<file> and, beside each download, an origin
record <file>.origin.json (producer, URL, date accessed, licence, sha256).

Downloads are guarded: https only, redirects only to hosts the source names (``hosts``), a size limit and an
overall deadline per file, a file name that stays inside data/raw/, and for an immutable input (a file at a fixed
commit) the sha256 the catalog pins. A file appears only when whole and checked; an error or an interrupt leaves
no partial file behind."""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import requests
from requests.adapters import HTTPAdapter
from tqdm import tqdm
from urllib3.util.retry import Retry

from factcheck.data.csvio import sha256, write_atomic
from factcheck.errors import DataError
from factcheck.paths import Paths

TIMEOUT = (10, 60)  # connect, read (seconds), per request
DEADLINE = 600  # seconds for the whole of one file, redirects and retries included
MAX_BYTES = 200 * 2**20  # per file, unless the catalog says otherwise (max_mb)
MAX_REDIRECTS = 5
RETRIES = Retry(total=3, backoff_factor=1.0, status_forcelist=(429, 500, 502, 503, 504), allowed_methods=("GET",),
                redirect=False)  # redirects are followed by hand, each checked
USER_AGENT = "factcheck-cnn-2023-04-07 data pipeline (research; python-requests)"
SAFE_NAME = re.compile(r"^[A-Za-z0-9_=][A-Za-z0-9_.=-]*$")


@dataclass(frozen=True)
class RawFile:
    """One raw input as read: its catalog name, the URL it is published at, where it is on disk, what its bytes
    hash to, how it was obtained ("download", "mirror" or "repository"), how errors name it (its name in the
    mirror layout, or its repository path) and, where the catalog records it, the day a mirror copy was
    downloaded (``captured``: rows of that day may be unfinished)."""

    name: str
    url: str
    path: Path
    sha256: str
    via: str
    file: str
    captured: str | None = None


def session() -> requests.Session:
    """A requests session that retries a little on transient errors and follows no redirect by itself."""
    s = requests.Session()
    s.mount("https://", HTTPAdapter(max_retries=RETRIES))
    s.headers["User-Agent"] = USER_AGENT
    return s


def raw_path(raw_dir: Path, source_id: str, name: str) -> Path:
    """Where a downloaded file goes: data/raw/<source>/<name>, refusing a name that would leave that folder."""
    for part in (source_id, name):
        if not SAFE_NAME.fullmatch(part) or ".." in part:
            raise DataError(f"source {source_id}: file name {part!r} is not a plain file name (letters, digits, "
                            f"'_', '=', '-', '.'; no '/' or '..'), so it could write outside {raw_dir}")
    dest = (raw_dir / source_id / name).resolve()
    if not dest.is_relative_to(raw_dir.resolve()):
        raise DataError(f"source {source_id}: file name {name!r} resolves outside {raw_dir}")
    return dest


def _checked_url(url: str, hosts: list[str], where: str) -> str:
    parts = urlsplit(url)
    if parts.scheme != "https":
        raise DataError(f"{where}: {url} is not https; only https downloads are allowed")
    if parts.hostname not in hosts:
        raise DataError(f"{where}: {url}: host {parts.hostname} is not among the source's hosts ({', '.join(hosts)})")
    return url


def download(url: str, dest: Path, where: str, hosts: list[str], expected_sha256: str | None = None,
             max_bytes: int = MAX_BYTES, deadline: float = DEADLINE, http: requests.Session | None = None) -> str:
    """Download ``url`` to ``dest`` and return its sha256. The bytes go to ``dest.part`` and are renamed into place
    only when complete, within ``max_bytes`` and ``deadline`` seconds, and (if given) matching ``expected_sha256``;
    otherwise, or on an interrupt, the part file is removed and nothing is written."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    part = dest.with_name(dest.name + ".part")
    http = http or session()
    stop = time.monotonic() + deadline
    digest, size = hashlib.sha256(), 0
    try:
        for _ in range(MAX_REDIRECTS + 1):
            resp = http.get(_checked_url(url, hosts, where), stream=True, timeout=TIMEOUT, allow_redirects=False)
            if not resp.is_redirect:
                break
            url = urljoin(url, resp.headers["Location"])
            resp.close()
        else:
            raise DataError(f"{where}: more than {MAX_REDIRECTS} redirects")
        with resp:
            resp.raise_for_status()
            total = int(resp.headers.get("Content-Length") or 0) or None
            if total and total > max_bytes:
                raise DataError(f"{where}: {url} is {total:,} bytes, over the limit of {max_bytes:,}")
            with open(part, "wb") as fh, tqdm(total=total, unit="B", unit_scale=True, desc=where, leave=False,
                                              disable=None) as bar:
                for chunk in resp.iter_content(1 << 16):
                    size += len(chunk)
                    if size > max_bytes:
                        raise DataError(f"{where}: {url} sends more than the limit of {max_bytes:,} bytes")
                    if time.monotonic() > stop:
                        raise DataError(f"{where}: {url} did not finish within {deadline:.0f} s")
                    digest.update(chunk)
                    fh.write(chunk)
                    bar.update(len(chunk))
        if expected_sha256 and digest.hexdigest() != expected_sha256:
            raise DataError(f"{where}: {url} has sha256 {digest.hexdigest()}, but the catalog pins {expected_sha256} "
                            f"(the file at that address changed; nothing was written)")
        part.replace(dest)
    except requests.RequestException as exc:
        part.unlink(missing_ok=True)
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise DataError(f"{where}: cannot download {url}: {reason}") from None
    except BaseException:  # DataError, OSError, KeyboardInterrupt: leave no part file
        part.unlink(missing_ok=True)
        raise
    return digest.hexdigest()


def write_origin(dest: Path, source: dict, entry: dict, url: str, digest: str) -> None:
    """The origin record beside a downloaded file (as owid/etl's snapshot step keeps one)."""
    origin = {"producer": source["publisher"], "title": source["title"], "url": url,
              "landing": entry.get("landing"), "licence": source["licence"], "sha256": digest,
              "accessed": dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()}
    write_atomic(dest.with_name(dest.name + ".origin.json"), lambda fh: json.dump(origin, fh, indent=2))


def hosts_of(source: dict) -> list[str]:
    """The hosts a source may be downloaded from: its ``hosts``, else the hosts of its file URLs."""
    return source.get("hosts") or sorted({urlsplit(f["url"]).hostname for f in source["files"] if "url" in f})


def from_mirror(source_id: str, source: dict, mirror: Path) -> list[RawFile]:
    """A source's files from a mirror folder: by their ``mirror`` names (``mirror_files``, where given, stand in for
    ``files``); entries without one exist only online (a live list). A pinned sha256 is checked here too."""
    listed = source.get("mirror_files") or [f for f in source["files"] if "mirror" in f]
    out = []
    for f in listed:
        path = Path(mirror) / f["mirror"]
        if not path.is_file():
            raise DataError(f"source {source_id}: mirror file {f['mirror']} not found in {mirror} "
                            f"(the mirror should hold {f.get('url') or f.get('landing')})")
        digest = sha256(path)
        if f.get("sha256") and digest != f["sha256"]:
            raise DataError(f"source {source_id}: mirror file {f['mirror']} has sha256 {digest}, but the catalog "
                            f"pins {f['sha256']} (a different or damaged copy)")
        out.append(RawFile(f["name"], f.get("url") or f["landing"], path, digest, "mirror", f["mirror"],
                           f.get("captured")))
    return out


def curated_files(source_id: str, source: dict, paths: Paths) -> list[RawFile]:
    """A curated source's files, where they are kept in the repository."""
    out = []
    for f in source["files"]:
        path = paths.root / f["path"]
        if not path.is_file():
            raise DataError(f"source {source_id}: curated file {f['path']} is missing")
        out.append(RawFile(f["name"], f["path"], path, sha256(path), "repository", f["path"]))
    return out


def downloads(source_id: str, source: dict, paths: Paths, url_params: dict,
              http: requests.Session | None = None) -> list[RawFile]:
    """A ``fetch: url`` source's files, downloaded into data/raw/<source>/ with their origin records."""
    out = []
    for f in source["files"]:  # the manifest keeps the URL as written in the catalog, so it does not change by date
        dest = raw_path(paths.raw, source_id, f["name"])
        url = f["url"].format(**url_params)
        digest = download(url, dest, f"source {source_id}: {f['name']}", hosts_of(source), f.get("sha256"),
                          int(f.get("max_mb", MAX_BYTES / 2**20) * 2**20), http=http)
        write_origin(dest, source, f, url, digest)
        out.append(RawFile(f["name"], f["url"], dest, digest, "download", f["name"]))
    return out
