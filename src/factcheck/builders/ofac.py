"""OFAC sanctions lists: SDN list snapshots (legacy sdn.csv) and a monthly panel of listed entities by country."""
from __future__ import annotations

import datetime as dt
import difflib
import io
import re

import pandas as pd

from factcheck.builders import Built
from factcheck.errors import DataError
from factcheck.fetch import RawFile
from factcheck.tableio import read_with_header

SDN_COLUMNS = ["ent_num", "name", "type", "programs", "title", "call_sign", "vessel_type", "tonnage", "grt",
               "vessel_flag", "vessel_owner", "remarks"]
EMPTY = "-0-"  # OFAC writes "-0- " for an empty field; no field is ever blank
TAG_SEP = "] ["  # several programme tags in one field: "UKRAINE-EO13662] [RUSSIA-EO14024"
SNAPSHOT_NAME = re.compile(r"sdn_(\d{4}-\d{2}-\d{2})\.csv")
TOO_MANY = re.compile(r"Expected (\d+) fields in line (\d+), saw (\d+)")
ANY_RUSSIA = "(any Russia-related)"
RUSSIA_PARTIES = "(any Russia-related, individuals and entities)"
ALL_ENTRIES = "(all entries)"
PANEL_HEADER = ["Country", "Date", "yrqtr", "yrmon", "levels", "additions", "removals", "change"]


def snapshot_date(raw: RawFile, params: dict, label: str) -> pd.Timestamp:
    """The day a snapshot shows: from its name sdn_YYYY-MM-DD.csv or, for the live list (``current_file``),
    the day of the build (the pipeline downloads and builds in one run) unless ``current_date`` fixes it."""
    if raw.name == params.get("current_file"):
        return pd.Timestamp(str(params.get("current_date") or dt.date.today()))
    match = SNAPSHOT_NAME.fullmatch(raw.name)
    date = pd.to_datetime(match.group(1), format="%Y-%m-%d", errors="coerce") if match else pd.NaT
    if pd.isna(date):
        raise DataError(f"source {label}: {raw.file}: cannot tell the snapshot date: the name {raw.name!r} is "
                        f"neither sdn_YYYY-MM-DD.csv nor the live list {params.get('current_file')!r}")
    return date


def read_sdn(raw: RawFile, label: str) -> pd.DataFrame:
    """One legacy sdn.csv as ent_num, name, type and programme tags (row N = line N: there is no header)."""
    where = f"source {label}: {raw.file}"
    data = raw.path.read_bytes().removesuffix(b"\x1a")  # the DOS end-of-file byte OFAC leaves at the end
    if not data.strip():
        raise DataError(f"{where}: no rows")
    try:  # no names=: pandas would silently make surplus fields of the first row an index
        df = pd.read_csv(io.BytesIO(data), header=None, dtype=str, keep_default_na=False,
                         skip_blank_lines=False, encoding="utf-8")
    except (pd.errors.ParserError, UnicodeDecodeError) as exc:
        found = TOO_MANY.search(str(exc))
        if found:
            raise DataError(f"{where}: row {found[2]}: {found[3]} fields, expected {len(SDN_COLUMNS)}") from None
        raise DataError(f"{where}: cannot parse as CSV: {exc}") from None
    if df.shape[1] != len(SDN_COLUMNS):
        raise DataError(f"{where}: row 1: {df.shape[1]} fields, expected {len(SDN_COLUMNS)}")
    df.columns = SDN_COLUMNS
    blank = df.eq("")
    if blank.any(axis=None):
        i = int(blank.any(axis=1).idxmax())
        raise DataError(f"{where}: row {i + 1}: field {blank.loc[i].idxmax()} is missing or blank, expected "
                        f"{len(SDN_COLUMNS)} fields with {EMPTY} for an empty one")
    bad = ~df["ent_num"].str.fullmatch(r"\d+")
    if bad.any():
        i = int(bad.idxmax())
        raise DataError(f"{where}: row {i + 1}: ent_num = {df['ent_num'][i]!r}, expected an integer")
    ent_num = df["ent_num"].astype("int64")
    dup = ent_num.duplicated()
    if dup.any():
        i = int(dup.idxmax())
        first = int((ent_num == ent_num[i]).idxmax())
        raise DataError(f"{where}: row {i + 1}: duplicate ent_num {ent_num[i]} (first at row {first + 1})")
    programs = df["programs"].str.strip()
    bad = programs.str.replace(TAG_SEP, "", regex=False).str.contains(r"[\[\]]")
    if bad.any():
        i = int(bad.idxmax())
        raise DataError(f"{where}: row {i + 1}: programs = {programs[i]!r}, expected tags joined by {TAG_SEP!r}")
    return pd.DataFrame({
        "ent_num": ent_num,
        "name": df["name"].str.strip(),
        "type": df["type"].str.strip().replace(EMPTY, "entity"),
        "tags": [[] if p == EMPTY else p.split(TAG_SEP) for p in programs.tolist()],
    })


def program_counts(sdn: pd.DataFrame, date: pd.Timestamp, tags: list[str]) -> pd.DataFrame:
    """Entries carrying each tag, entries carrying any of them (all, and only individuals and entities,
    leaving out vessels and aircraft), and all entries, on one snapshot."""
    flat = sdn[["ent_num", "type", "tags"]].explode("tags")
    hits = flat[flat["tags"].isin(tags)]
    per_tag = hits.groupby("tags")["ent_num"].nunique().reindex(tags, fill_value=0)
    parties = hits[hits["type"].isin(["individual", "entity"])]
    counts = {**per_tag.to_dict(), ANY_RUSSIA: hits["ent_num"].nunique(), RUSSIA_PARTIES: parties["ent_num"].nunique(),
              ALL_ENTRIES: len(sdn)}
    return pd.DataFrame({"snapshot_date": date, "program": list(counts), "entries": list(counts.values())})


def _norm(names: pd.Series) -> pd.Series:
    """Names compared whole, ignoring case and runs of spaces."""
    return pd.Series([" ".join(n.split()).casefold() for n in names.tolist()], index=names.index, dtype=object)


def named_entities(snapshots: list[tuple[pd.Timestamp, pd.DataFrame]], names: list[str],
                   label: str) -> tuple[pd.DataFrame, list[str]]:
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
        raise DataError(f"source {label}: named entity {missing[0]!r} matches no SDN entry in any snapshot "
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


def build_sdn(files: list[RawFile], source: dict, source_id: str) -> Built:
    """sdn_program_counts and sdn_named_entities from dated snapshots of the SDN list."""
    params = source["params"]
    tags = list(params["russia_programs"])
    dated = sorted(((snapshot_date(f, params, source_id), f) for f in files), key=lambda p: p[0])
    for (d1, f1), (d2, f2) in zip(dated, dated[1:]):
        if d1 == d2:
            raise DataError(f"source {source_id}: {f1.file} and {f2.file} are both snapshots of {d1:%Y-%m-%d}")
    snapshots = [(date, read_sdn(raw, source_id)) for date, raw in dated]
    counts = pd.concat([program_counts(sdn, date, tags) for date, sdn in snapshots], ignore_index=True)
    counts = counts.sort_values(["snapshot_date", "program"], kind="stable").reset_index(drop=True)
    entities, entity_notes = named_entities(snapshots, params["named_entities"], source_id)
    return Built({"sdn_program_counts": counts, "sdn_named_entities": entities},
                 {"sdn_program_counts": unlisted_tags(snapshots, tags), "sdn_named_entities": entity_notes})


def read_panel(raw: RawFile, label: str) -> pd.DataFrame:
    """The panel as country, month (YYYY-MM) and integer levels, additions, removals and change."""
    where = f"source {label}: {raw.file}"
    df = read_with_header(raw.path, where, PANEL_HEADER)
    bad = ~df["yrmon"].str.fullmatch(r"\d{4}-(0[1-9]|1[0-2])")
    if bad.any():
        i = int(bad.idxmax())
        raise DataError(f"{where}: row {i + 2}: yrmon = {df['yrmon'][i]!r}, expected YYYY-MM")
    out = pd.DataFrame({"country": df["Country"], "month": df["yrmon"]})
    for col in ["levels", "additions", "removals", "change"]:
        bad = ~df[col].str.fullmatch(r"-?\d+" if col == "change" else r"\d+")
        if bad.any():
            i = int(bad.idxmax())
            raise DataError(f"{where}: row {i + 2}: {col} = {df[col][i]!r}, expected a whole number"
                            + ("" if col == "change" else " >= 0"))
        out[col] = df[col].astype("int64")
    dup = out.duplicated(["country", "month"])
    if dup.any():
        i = int(dup.idxmax())
        raise DataError(f"{where}: row {i + 2}: duplicate country and month {out['country'][i]} {out['month'][i]}")
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
        if bad.any():
            i = bad[bad].index[0]
            row = p.loc[i]
            raise DataError(f"{where}: row {i + 2}: {row['country']} {row['month']}: "
                            + what.format(prev=prev.loc[i, "levels"], **row))


def build_panel(files: list[RawFile], source: dict, source_id: str) -> Built:
    """ofac_panel_country_month: the panel's rows for the countries listed in ``countries``."""
    if len(files) != 1:
        raise DataError(f"source {source_id}: expected one file, got {len(files)}")
    raw = files[0]
    where = f"source {source_id}: {raw.file}"
    panel = read_panel(raw, source_id)
    check_flows(panel, where)
    known = set(panel["country"])
    for country in source["params"]["countries"]:
        if country not in known:
            near = difflib.get_close_matches(country, known, n=3)
            raise DataError(f"{where}: country {country!r} is not in the file"
                            + (f" (close: {', '.join(near)})" if near else ""))
    out = panel[panel["country"].isin(source["params"]["countries"])].copy()
    first = panel["month"].min()
    for col in ["additions", "removals"]:
        out[col] = out[col].astype("Int64").mask(out["month"] == first)
    out = out.sort_values(["month", "country"], kind="stable").reset_index(drop=True)
    note = (f"{first}: additions and removals left empty: the compiler dated every entity present at the first "
            f"download to that month, so its 0 additions are by construction, not a count")
    return Built({"ofac_panel_country_month": out[["month", "country", "levels", "additions", "removals"]]},
                 {"ofac_panel_country_month": [note]})
