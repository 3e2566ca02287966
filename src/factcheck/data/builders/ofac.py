"""OFAC sanctions lists: reads dated snapshots of the SDN list (legacy sdn.csv) and returns the entries per
programme tag and the catalog's aggregates per snapshot, and the snapshots that list the entries the catalog
names (the snapshots themselves are not committed, so an entry the analysis follows is picked at build time);
reads the monthly panel of listed entities by country and returns the rows of the catalog's countries."""
from __future__ import annotations

import difflib
import re

import pandas as pd

from factcheck.data.builders import Built, Job
from factcheck.data.csvio import read_csv_text, read_with_header
from factcheck.data.fetch import RawFile
from factcheck.errors import DataError, reject_first

SDN_COLUMNS = ["ent_num", "name", "type", "programs", "title", "call_sign", "vessel_type", "tonnage", "grt",
               "vessel_flag", "vessel_owner", "remarks"]
EMPTY = "-0-"  # OFAC writes "-0- " for an empty field; no field is ever blank
TAG_SEP = "] ["  # several programme tags in one field: "UKRAINE-EO13662] [RUSSIA-EO14024"
SNAPSHOT_NAME = re.compile(r"sdn_(\d{4}-\d{2}-\d{2})\.csv")
PANEL_HEADER = ["Country", "Date", "yrqtr", "yrmon", "levels", "additions", "removals", "change"]


def snapshot_date(job: Job, raw: RawFile) -> pd.Timestamp:
    """The day a snapshot shows: from its name sdn_YYYY-MM-DD.csv or, for the live list (``current_file``),
    the day of the build (the pipeline downloads and builds in one run) unless ``current_date`` fixes it."""
    params = job.params
    match = SNAPSHOT_NAME.fullmatch(raw.name)
    if raw.name == params.get("current_file"):
        date = pd.Timestamp(str(params.get("current_date") or job.today))
    else:
        date = pd.to_datetime(match.group(1), format="%Y-%m-%d", errors="coerce") if match else pd.NaT
    if pd.isna(date):
        raise DataError(f"{job.where(raw)}: cannot tell the snapshot date: the name {raw.name!r} is "
                        f"neither sdn_YYYY-MM-DD.csv nor the live list {params.get('current_file')!r}")
    if date > pd.Timestamp(job.today):
        raise DataError(f"{job.where(raw)}: snapshot date {date:%Y-%m-%d} is after the build date {job.today}")
    return date


def read_sdn(raw: RawFile, where: str) -> pd.DataFrame:
    """One legacy sdn.csv as ent_num, name, type and programme tags (row N = line N: there is no header)."""
    data = raw.path.read_bytes().removesuffix(b"\x1a")  # the DOS end-of-file byte OFAC leaves at the end
    if not data.strip():
        raise DataError(f"{where}: no rows")
    df = read_csv_text(data, where, header=False)
    if df.shape[1] != len(SDN_COLUMNS):
        raise DataError(f"{where}: row 1: {df.shape[1]} fields, expected {len(SDN_COLUMNS)}")
    df.columns = SDN_COLUMNS
    blank = df.eq("")
    reject_first(blank.any(axis=1), where, lambda i: f"field {blank.loc[i].idxmax()} is missing or blank, expected "
                 f"{len(SDN_COLUMNS)} fields with {EMPTY} for an empty one", header_lines=0)
    reject_first(~df["ent_num"].str.fullmatch(r"\d+"), where,
                 lambda i: f"ent_num = {df['ent_num'][i]!r}, expected an integer", header_lines=0)
    ent_num = df["ent_num"].astype("int64")
    reject_first(ent_num.duplicated(), where, lambda i: f"duplicate ent_num {ent_num[i]} (first at row "
                 f"{int((ent_num == ent_num[i]).idxmax()) + 1})", header_lines=0)
    programs = df["programs"].str.strip()
    reject_first(programs.str.replace(TAG_SEP, "", regex=False).str.contains(r"[\[\]]"), where,
                 lambda i: f"programs = {programs[i]!r}, expected tags joined by {TAG_SEP!r}", header_lines=0)
    return pd.DataFrame({
        "ent_num": ent_num,
        "name": df["name"].str.strip(),
        "type": df["type"].str.strip().replace(EMPTY, "entity"),
        "tags": [[] if p == EMPTY else p.split(TAG_SEP) for p in programs.tolist()],
    })


def program_counts(sdn: pd.DataFrame, date: pd.Timestamp, tags: list[str], aggregates: dict[str, str]) -> pd.DataFrame:
    """Entries carrying each tag, and the aggregates the catalog names: entries carrying any of the tags (``any``;
    ``parties``: only individuals and entities, leaving out vessels and aircraft) and all entries (``all``)."""
    flat = sdn[["ent_num", "type", "tags"]].explode("tags")
    hits = flat[flat["tags"].isin(tags)]
    per_tag = hits.groupby("tags")["ent_num"].nunique().reindex(tags, fill_value=0)
    parties = hits[hits["type"].isin(["individual", "entity"])]
    counts = {**per_tag.to_dict(), aggregates["any"]: hits["ent_num"].nunique(),
              aggregates["parties"]: parties["ent_num"].nunique(), aggregates["all"]: len(sdn)}
    return pd.DataFrame({"snapshot_date": date, "program": list(counts), "entries": list(counts.values())})


def _norm(names: pd.Series) -> pd.Series:
    """Names compared whole, ignoring case and runs of spaces."""
    return pd.Series([" ".join(n.split()).casefold() for n in names.tolist()], index=names.index, dtype=object)


def named_entities(snapshots: list[tuple[pd.Timestamp, pd.DataFrame]], names: list[str],
                   where: str) -> tuple[pd.DataFrame, list[str]]:
    """Entries whose name equals one of ``names`` in some snapshot, then followed by ent_num: name, type and
    programmes as first listed, with the first and last snapshots that carry the ent_num."""
    wanted = dict(zip(_norm(pd.Series(names, dtype=str)), names))
    matched, ents = set(), set()
    for _, sdn in snapshots:
        norm = _norm(sdn["name"])
        matched.update(norm[norm.isin(wanted)])
        ents.update(sdn["ent_num"][norm.isin(wanted)])
    missing = [name for key, name in wanted.items() if key not in matched]
    if missing:
        raise DataError(f"{where}: named entity {missing[0]!r} matches no SDN entry in any snapshot "
                        f"(whole names are compared, ignoring case and spacing)")
    rows, notes = {}, set()
    for date, sdn in snapshots:
        for rec in sdn[sdn["ent_num"].isin(ents)].itertuples(index=False):
            programs = "; ".join(rec.tags)
            row = rows.setdefault(rec.ent_num, {"ent_num": rec.ent_num, "name": rec.name, "type": rec.type,
                                                "programs": programs, "first_seen_snapshot": date})
            if programs != row["programs"]:
                notes.add(f"ent_num {rec.ent_num}: programmes {programs} on {date:%Y-%m-%d} "
                          f"(first listed under {row['programs']})")
            row["last_seen_snapshot"] = date
    out = pd.DataFrame(list(rows.values()))
    out = out.sort_values(["first_seen_snapshot", "ent_num"], key=lambda s: s.astype(str)).reset_index(drop=True)
    return out, sorted(notes)


def unlisted_tags(snapshots: list[tuple[pd.Timestamp, pd.DataFrame]], tags: list[str]) -> list[str]:
    """Notes on tags that name Russia or Ukraine but are not counted: a new programme would show up here."""
    unlisted = {}
    for date, sdn in snapshots:
        for tag in sorted(set(sdn["tags"].explode().dropna()) - set(tags)):
            if re.search("RUSSIA|UKRAINE", tag):
                unlisted.setdefault(tag, []).append(f"{date:%Y-%m-%d}")
    return [f"programme tag {tag!r} (snapshots {', '.join(dates)}) names Russia or Ukraine but is not in "
            f"russia_programs: not counted" for tag, dates in sorted(unlisted.items())]


def build_sdn(job: Job) -> Built:
    """sdn_program_counts and sdn_named_entities from dated snapshots of the SDN list."""
    params = job.params
    tags = list(params["russia_programs"])
    dated = sorted(((snapshot_date(job, f), f) for f in job.files), key=lambda p: p[0])
    for (d1, f1), (d2, f2) in zip(dated, dated[1:]):
        if d1 == d2:
            raise DataError(f"source {job.source_id}: {f1.file} and {f2.file} are both snapshots of {d1:%Y-%m-%d}")
    snapshots = [(date, read_sdn(raw, job.where(raw))) for date, raw in dated]
    counts = pd.concat([program_counts(sdn, date, tags, params["aggregates"]) for date, sdn in snapshots],
                       ignore_index=True)
    counts = counts.sort_values(["snapshot_date", "program"], kind="stable").reset_index(drop=True)
    entities, entity_notes = named_entities(snapshots, params["named_entities"], f"source {job.source_id}")
    return Built({"sdn_program_counts": counts, "sdn_named_entities": entities},
                 {"sdn_program_counts": unlisted_tags(snapshots, tags), "sdn_named_entities": entity_notes})


def read_panel(job: Job, raw: RawFile) -> pd.DataFrame:
    """The panel as country, month (YYYY-MM, no later than the build month) and integer levels, additions,
    removals and change."""
    where = job.where(raw)
    df = read_with_header(raw.path, where, PANEL_HEADER)
    reject_first(~df["yrmon"].str.fullmatch(r"\d{4}-(0[1-9]|1[0-2])"), where,
                 lambda i: f"yrmon = {df['yrmon'][i]!r}, expected YYYY-MM")
    reject_first(df["yrmon"] > f"{job.today:%Y-%m}", where,
                 lambda i: f"yrmon = {df['yrmon'][i]} is after the build month {job.today:%Y-%m}")
    out = pd.DataFrame({"country": df["Country"], "month": df["yrmon"]})
    for col in ["levels", "additions", "removals", "change"]:
        whole = df[col].str.fullmatch(r"-?\d+")
        reject_first(~whole, where, lambda i, col=col: f"{col} = {df[col][i]!r}, expected a whole number")
        if col != "change":
            reject_first(df[col].str.startswith("-"), where,
                         lambda i, col=col: f"{col} = {df[col][i]} is negative; a count of entities is 0 or more")
        out[col] = df[col].astype("int64")
    reject_first(out.duplicated(["country", "month"]), where,
                 lambda i: f"duplicate country and month {out['country'][i]} {out['month'][i]}")
    return out


def check_flows(panel: pd.DataFrame, where: str) -> None:
    """Each country's months run without gaps, levels = previous levels + additions - removals, and
    change = additions - removals."""
    p = panel.assign(n=panel["month"].str[:4].astype(int) * 12 + panel["month"].str[5:].astype(int))
    p = p.sort_values(["country", "n"], kind="stable")
    prev = p.groupby("country")[["n", "levels"]].shift()
    has_prev = prev["n"].notna()
    checks = [
        (has_prev & (prev["n"] != p["n"] - 1), "the previous month is missing for this country"),
        (has_prev & (p["levels"] != prev["levels"] + p["additions"] - p["removals"]),
         "levels {levels} differ from the previous month's levels {prev:.0f} + additions {additions} "
         "- removals {removals}"),
        (p["change"] != p["additions"] - p["removals"],
         "change {change} differs from additions {additions} - removals {removals}"),
    ]
    for bad, what in checks:
        reject_first(bad.sort_index(), where, lambda i, what=what: f"{p.loc[i, 'country']} {p.loc[i, 'month']}: "
                     + what.format(prev=prev.loc[i, "levels"], **p.loc[i]))


def build_panel(job: Job) -> Built:
    """ofac_panel_country_month: the panel's rows for the countries listed in ``countries``."""
    if len(job.files) != 1:
        raise DataError(f"source {job.source_id}: expected one file, got {len(job.files)}")
    raw = job.files[0]
    where = job.where(raw)
    panel = read_panel(job, raw)
    check_flows(panel, where)
    known = set(panel["country"])
    for country in job.params["countries"]:
        if country not in known:
            near = difflib.get_close_matches(country, known, n=3)
            raise DataError(f"{where}: country {country!r} is not in the file"
                            + (f" (close: {', '.join(near)})" if near else ""))
    out = panel[panel["country"].isin(job.params["countries"])].copy()
    first = panel["month"].min()
    for col in ["additions", "removals"]:
        out[col] = out[col].astype("Int64").mask(out["month"] == first)
    out = out.sort_values(["month", "country"], kind="stable").reset_index(drop=True)
    note = (f"{first}: additions and removals left empty: the compiler dated every entity present at the first "
            f"download to that month, so its 0 additions are by construction, not a count")
    return Built({"ofac_panel_country_month": out[["month", "country", "levels", "additions", "removals"]]},
                 {"ofac_panel_country_month": [note]})
