"""Building the processed tables: each source's raw files through its builder, each table checked against the
catalog and written, with the manifest, into a folder that becomes data/processed/ only when committed (see
``factcheck.data.store``). Reads the catalog, the raw files (downloaded, from a mirror, or curated) and the
committed manifest; writes the given folder. A build never runs the notebooks: checking the verdicts against a
staged build is ``factcheck-claims verify --staged``, a step of its own."""
from __future__ import annotations

import datetime as dt
import importlib
import shutil
import sys
from pathlib import Path

from factcheck.data import catalog, citations, consistency, fetch, manifest, yahoo_download
from factcheck.data.builders import Built, Job
from factcheck.data.csvio import format_table, read_csv_text, sha256, write_csv
from factcheck.data.validation import check_table
from factcheck.errors import DataError
from factcheck.paths import Paths


def builder(spec: str):
    """The builder function named ``module:function`` in the catalog."""
    module, func = spec.split(":")
    return getattr(importlib.import_module(module), func)


def now_utc() -> str:
    return dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def skip_reason(source_id: str, source: dict, mirror: Path | None) -> str | None:
    """Why a source cannot be rebuilt here (its committed tables are then kept), or None.

    A ``fetch: manual`` source has no URL to download: without a mirror folder it is skipped. A ``fetch:
    yfinance`` source whose files the mirror lacks (Yahoo data may not be redistributed) is skipped too."""
    if mirror is None and source["fetch"] == "manual":
        landing = source["files"][0].get("landing", "the publisher's site")
        return (f"its files are downloaded by hand (from {landing}); save them in a folder laid out like the mirror "
                f"({source['files'][0]['mirror']}, ...) and build with DATA_MIRROR=that-folder")
    if mirror is not None and source["fetch"] == "yfinance" and not any(
            (Path(mirror) / f["mirror"]).is_file() for f in source["files"]):
        return "the mirror holds no Yahoo Finance files (build online with `make data`)"
    return None


def raw_files(source_id: str, source: dict, mirror: Path | None, paths: Paths, today: dt.date,
              http=None) -> list[fetch.RawFile]:
    """A source's raw files: curated ones where they are kept, else from the mirror folder or the network."""
    if source["fetch"] == "curated":
        return fetch.curated_files(source_id, source, paths)
    if mirror is not None:
        return fetch.from_mirror(source_id, source, mirror)
    if source["fetch"] == "yfinance":
        return yahoo_download.downloads(source_id, source, paths)
    return fetch.downloads(source_id, source, paths, {"today": today}, http)


def run_builder(source_id: str, source: dict, files: list[fetch.RawFile], tables: dict, today: dt.date) -> Built:
    own = {t: spec for t, spec in tables.items() if spec["source"] == source_id}
    job = Job(source_id, files, source.get("params", {}), own, today)
    try:
        built = builder(source["builder"])(job)
    except (ImportError, AttributeError) as exc:
        raise DataError(f"source {source_id}: builder {source['builder']} not found ({exc})") from None
    except KeyError as exc:
        raise DataError(f"source {source_id}: the catalog entry or its files lack {exc} "
                        f"(see data/sources.yaml)") from None
    missing = set(job.tables) - set(built.tables)
    if missing:
        raise DataError(f"source {source_id}: builder made no table {sorted(missing)}")
    return built


def refuse_lost_rows(table_id: str, spec: dict, text, paths: Paths, where: str) -> None:
    """A table built from raw files only grows: a rebuild that lacks rows the committed table has (by key) points to
    a truncated or partial input. Where a publisher really withdrew them, delete the committed file and build."""
    committed = paths.committed / f"{table_id}.csv"
    key = spec.get("key", [])
    if not key or not committed.is_file() or spec.get("rows_may_go"):
        return
    old = read_csv_text(committed, f"table {table_id}: {paths.rel(committed)}")
    lost = sorted(set(old[key].itertuples(index=False, name=None)) - set(text[key].itertuples(index=False, name=None)))
    if lost:
        raise DataError(f"{where}: the rebuild lacks {len(lost)} row{'s' if len(lost) != 1 else ''} of the committed "
                        f"table, the first "
                        f"{', '.join(map(str, lost[0]))}: a truncated or partial input? (if the publisher withdrew "
                        f"them, delete {paths.rel(committed)} and build again)")


def table_entry(table_id: str, spec: dict, source_id: str, source: dict, files: list, built: Built, text,
                output: Path, paths: Paths, previous: dict, now: str) -> dict:
    """A table's manifest entry."""
    date_col = spec.get("date_column") or (spec.get("key") or [None])[0]
    used = built.input_files.get(table_id, [f.name for f in files])
    old_inputs = previous.get(table_id, {}).get("inputs", [])
    return {
        "title": spec["title"],
        "source": source_id,
        "builder": source["builder"],
        "inputs": [manifest.input_entry(f, old_inputs, now) for f in files if f.name in used],
        "output": {
            "path": paths.rel(output) if source["fetch"] == "curated" else f"data/processed/{table_id}.csv",
            "sha256": sha256(output),
            "rows": int(len(text)),
            "first": None if date_col is None else min(v for v in text[date_col] if v),
            "last": None if date_col is None else max(v for v in text[date_col] if v),
        },
        "notes": built.notes.get(table_id, []),
    }


def build_source(source_id: str, source: dict, tables: dict, files: list, folder: Path, paths: Paths,
                 previous: dict, today: dt.date) -> tuple[dict, list[str]]:
    """Build one source's tables into ``folder`` (a curated table is checked where it is kept, not copied);
    return their manifest entries and the build's notes."""
    built = run_builder(source_id, source, files, tables, today)
    now = now_utc()
    entries = {}
    for table_id in catalog.tables_of(source_id, paths):
        spec = tables[table_id]
        where = f"source {source_id}: table {table_id}"
        text = check_table(format_table(built.tables[table_id], spec, where), spec, where)
        if source["fetch"] == "curated":
            output = catalog.table_file(table_id, paths)
        else:
            refuse_lost_rows(table_id, spec, text, paths, where)
            output = folder / f"{table_id}.csv"
            write_csv(text, output)
        entries[table_id] = table_entry(table_id, spec, source_id, source, files, built, text, output, paths,
                                        previous, now)
    return entries, [f"{t}: {n}" for t, ns in built.notes.items() for n in ns]


def build_into(folder: Path, paths: Paths, sources: list[str] | None, mirror: Path | None, today: dt.date,
               http=None) -> tuple[dict, list[str]]:
    """Build the named sources (default: all) into ``folder``, an empty folder that becomes a whole processed
    folder: the tables of sources not rebuilt are copied from the committed one. Returns the manifest's tables
    and the ids rebuilt; writes the manifest last."""
    cat = catalog.catalog(paths)
    wanted = sources or list(cat["sources"])
    for sid in wanted:
        catalog.source_spec(sid, paths)
    previous = manifest.previous(paths)
    entries, rebuilt = {}, []
    for sid in cat["sources"]:
        source = cat["sources"][sid]
        reason = None if sid in wanted else "not requested"
        reason = reason or skip_reason(sid, source, mirror)
        if reason is None:
            print(f"building {sid} ...", file=sys.stderr)
            files = raw_files(sid, source, mirror, paths, today, http)
            new, notes = build_source(sid, source, cat["tables"], files, folder, paths, previous, today)
            entries.update(new)
            rebuilt += list(new)
            for note in notes:
                print(f"  note: {note}", file=sys.stderr)
            continue
        if sid in wanted:
            print(f"{sid}: skipped: {reason}", file=sys.stderr)
        for table_id in catalog.tables_of(sid, paths):  # kept as committed
            if table_id in previous:
                entries[table_id] = previous[table_id]
                if not catalog.is_curated(table_id, paths):
                    shutil.copyfile(paths.committed / f"{table_id}.csv", folder / f"{table_id}.csv")
    citations.enforce(paths)  # the source policy: every curated citation acceptable, or nothing is committed
    consistency.enforce(paths.with_processed(folder))  # the second reader: nothing is committed if it objects
    manifest.write(folder, entries)
    return entries, rebuilt


def differences(paths: Paths, folder: Path, entries: dict, rebuilt: list[str]) -> list[str]:
    """How the tables rebuilt into ``folder`` differ from the committed ones, byte for byte, each with why: the
    committed file was edited, its inputs changed, or the same inputs now build other bytes."""
    committed = manifest.previous(paths)
    found = []
    for table_id in sorted(rebuilt):
        new, old = entries[table_id], committed.get(table_id)
        curated = catalog.is_curated(table_id, paths)
        if old is None:
            found.append(f"{table_id}: not in the committed manifest (a new table)")
            continue
        kept = paths.committed / f"{table_id}.csv"
        same_bytes = (new["output"]["sha256"] == old["output"]["sha256"] if curated
                      else kept.is_file() and kept.read_bytes() == (folder / f"{table_id}.csv").read_bytes())
        if same_bytes and new["output"]["sha256"] == old["output"]["sha256"]:
            continue
        changed = sorted({i["name"] for i in new["inputs"]} ^ {i["name"] for i in old["inputs"]}
                         | {i["name"] for i in new["inputs"] for j in old["inputs"]
                            if i["name"] == j["name"] and i["sha256"] != j["sha256"]})
        if not curated and kept.is_file() and sha256(kept) != old["output"]["sha256"]:
            why = f"{paths.rel(kept)} was edited: its sha256 differs from the manifest"
        elif changed:
            why = f"inputs changed ({', '.join(changed)})"
        else:
            why = "the same inputs now build other bytes (a builder or catalog change)"
        found.append(f"{table_id}: {why}; {describe(paths, table_id, folder, new)}")
    return found


def describe(paths: Paths, table_id: str, folder: Path, entry: dict) -> str:
    """Where a rebuilt table first differs from the committed one."""
    if catalog.is_curated(table_id, paths):
        return f"{entry['output']['path']} was edited since the last build ({entry['output']['rows']} rows now)"
    new_path, old_path = folder / f"{table_id}.csv", paths.committed / f"{table_id}.csv"
    if not old_path.is_file():
        return f"{paths.rel(old_path)} is missing"
    new = read_csv_text(new_path, table_id).to_csv(index=False).splitlines()
    old = read_csv_text(old_path, table_id).to_csv(index=False).splitlines()
    line = next((n for n, (a, b) in enumerate(zip(old, new), start=1) if a != b), min(len(old), len(new)) + 1)
    return f"{len(old) - 1} rows committed, {len(new) - 1} rebuilt, first difference at row {line}"
