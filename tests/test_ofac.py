"""OFAC: SDN snapshots (legacy sdn.csv: no header, '-0- ', '] [' tags, CRLF, 0x1A) and the monthly country panel."""
import datetime as dt
import os
import re
from pathlib import Path

import pandas as pd
import pytest
from scratch import TODAY, job

from factcheck.data import build, catalog, fetch
from factcheck.data.builders import ofac
from factcheck.data.csvio import format_table
from factcheck.data.fetch import RawFile
from factcheck.data.validation import check_table
from factcheck.errors import DataError

NO = "-0- "
TAGS = ["RUSSIA-EO14024", "RUSSIA-EO14065", "UKRAINE-EO13660", "UKRAINE-EO13661", "CAATSA - RUSSIA"]
SPACETY = ["Spacety  Luxembourg S.A.", "changsha tianyi space science and technology research institute co. ltd"]
AGGREGATES = {"any": "(any Russia-related)", "parties": "(any Russia-related, individuals and entities)",
              "all": "(all entries)"}
PARAMS = {"russia_programs": {t: "why" for t in TAGS}, "current_file": "sdn_current.csv", "named_entities": SPACETY,
          "aggregates": AGGREGATES}


def sdn_row(ent, name, kind=None, programs="SDGT", remarks=None):
    """One sdn.csv line as OFAC writes it: text quoted, empty fields '-0- ' unquoted."""
    fields = [str(ent), f'"{name}"', f'"{kind}"' if kind else NO, f'"{programs}"'] + [NO] * 7
    return ",".join(fields + [f'"{remarks}"' if remarks else NO])


BASE = [
    sdn_row(36, "AEROCARIBBEAN AIRLINES", programs="CUBA"),
    sdn_row(17023, "LUHANSK PEOPLE'S REPUBLIC", programs="UKRAINE-EO13660] [RUSSIA-EO14065",
            remarks="Secondary sanctions risk: Ukraine-/Russia-Related Sanctions Regulations, 31 CFR 589.201."),
    sdn_row(25001, "IVANOV, Ivan", "individual", "UKRAINE-EO13661] [CYBER2] [ELECTION-EO13848", "DOB 01 Jan 1970."),
    sdn_row(25002, "MAIN INTELLIGENCE DIRECTORATE", programs="CYBER2] [ELECTION-EO13848"),
    sdn_row(25003, "SPACETY LUXEMBOURG S.A. TRADING", programs="SDGT"),  # a longer name: must not match
]
SPACETY_ROWS = [
    sdn_row(40477, "CHANGSHA TIANYI SPACE SCIENCE AND TECHNOLOGY RESEARCH INSTITUTE CO. LTD", programs="RUSSIA-EO14024",
            remarks="Linked To: JOINT STOCK COMPANY TERRA TECH."),
    sdn_row(40478, "SPACETY LUXEMBOURG S.A.", programs="RUSSIA-EO14024",
            remarks="Linked To: CHANGSHA TIANYI SPACE SCIENCE AND TECHNOLOGY RESEARCH INSTITUTE CO. LTD."),
]


def write_sdn(path: Path, rows: list[str], end: bytes = b"\x1a") -> Path:
    """CRLF line ends and the stray DOS end-of-file byte of the real files."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes("".join(r + "\r\n" for r in rows).encode() + end)
    return path


def raw(path, folder="ofac-sdn"):
    return RawFile(path.name, "https://example.org/" + path.name, path, "0" * 64, "mirror", f"{folder}/{path.name}")


def sdn_job(files, params=PARAMS, today=TODAY):
    return job("ofac_sdn", files, params, {}, today)


def read_sdn(r):
    """One snapshot read as the builder reads it, errors naming the source and the file."""
    return ofac.read_sdn(r, sdn_job([r]).where(r))


def snapshots(tmp_path):
    return [raw(write_sdn(tmp_path / "sdn_2022-12-02.csv", BASE)),
            raw(write_sdn(tmp_path / "sdn_2023-03-01.csv", BASE + SPACETY_ROWS)),
            raw(write_sdn(tmp_path / "sdn_2023-04-04.csv", BASE[:3] + SPACETY_ROWS + [
                sdn_row(40600, "SIRIUS", "vessel", "RUSSIA-EO14024] [CAATSA - RUSSIA")]))]


def test_sdn_quirks_are_read(tmp_path):
    sdn = read_sdn(raw(write_sdn(tmp_path / "sdn_2022-12-02.csv", BASE)))
    assert sdn["ent_num"].tolist() == [36, 17023, 25001, 25002, 25003]  # no row for the 0x1A byte
    assert sdn["type"].tolist() == ["entity", "entity", "individual", "entity", "entity"]
    assert sdn["tags"][1] == ["UKRAINE-EO13660", "RUSSIA-EO14065"]
    assert sdn["tags"][2] == ["UKRAINE-EO13661", "CYBER2", "ELECTION-EO13848"]


def test_program_counts_per_tag_any_and_all(tmp_path):
    built = ofac.build_sdn(sdn_job(snapshots(tmp_path), PARAMS))
    counts = built.tables["sdn_program_counts"]
    last = counts[counts["snapshot_date"] == pd.Timestamp("2023-04-04")].set_index("program")["entries"]
    assert last.to_dict() == {"(all entries)": 6, "(any Russia-related)": 5, "CAATSA - RUSSIA": 1, "RUSSIA-EO14024": 3,
                              "RUSSIA-EO14065": 1, "UKRAINE-EO13660": 1, "UKRAINE-EO13661": 1,
                              "(any Russia-related, individuals and entities)": 4}  # the vessel SIRIUS left out
    first = counts[counts["snapshot_date"] == pd.Timestamp("2022-12-02")].set_index("program")["entries"]
    assert first["(any Russia-related)"] == 2  # CYBER2 / ELECTION alone do not count
    assert first["RUSSIA-EO14024"] == 0  # every listed tag gets a row, 0 if absent
    assert len(counts) == 3 * (len(TAGS) + 3)
    assert built.notes["sdn_program_counts"] == []


def test_named_entities_match_whole_names_first_and_last_snapshot(tmp_path):
    files = snapshots(tmp_path)
    files[2] = raw(write_sdn(tmp_path / "sdn_2023-04-04.csv", BASE + SPACETY_ROWS[:1]
                             + [SPACETY_ROWS[1].replace('"RUSSIA-EO14024"', '"RUSSIA-EO14024] [CYBER2"')]))
    files.append(raw(write_sdn(tmp_path / "sdn_2023-06-01.csv", BASE + SPACETY_ROWS[1:])))
    built = ofac.build_sdn(sdn_job(files, PARAMS))
    ents = built.tables["sdn_named_entities"]
    assert ents.to_dict("records") == [
        {"ent_num": 40477, "name": "CHANGSHA TIANYI SPACE SCIENCE AND TECHNOLOGY RESEARCH INSTITUTE CO. LTD",
         "type": "entity", "programs": "RUSSIA-EO14024", "first_seen_snapshot": pd.Timestamp("2023-03-01"),
         "last_seen_snapshot": pd.Timestamp("2023-04-04")},
        {"ent_num": 40478, "name": "SPACETY LUXEMBOURG S.A.", "type": "entity", "programs": "RUSSIA-EO14024",
         "first_seen_snapshot": pd.Timestamp("2023-03-01"), "last_seen_snapshot": pd.Timestamp("2023-06-01")},
    ]  # 25003 'SPACETY LUXEMBOURG S.A. TRADING' contains a wanted name but is not it
    assert built.notes["sdn_named_entities"] == [
        "ent_num 40478: programmes RUSSIA-EO14024; CYBER2 on 2023-04-04 (first listed under RUSSIA-EO14024)"]


def test_named_entity_without_match_is_an_error(tmp_path):
    params = {**PARAMS, "named_entities": SPACETY + ["SPACETY"]}
    with pytest.raises(DataError, match=r"^source ofac_sdn: named entity 'SPACETY' matches no SDN entry in any"):
        ofac.build_sdn(sdn_job(snapshots(tmp_path), params))


def test_live_list_is_dated_by_param_or_build_day(tmp_path):
    current = raw(write_sdn(tmp_path / "sdn_current.csv", BASE + SPACETY_ROWS, end=b""))
    assert ofac.snapshot_date(sdn_job([current]), current) == pd.Timestamp(TODAY)  # the build date
    assert ofac.snapshot_date(sdn_job([current], today=dt.date(2023, 4, 7)), current) == pd.Timestamp("2023-04-07")
    params = {**PARAMS, "current_date": dt.date(2023, 4, 7)}
    built = ofac.build_sdn(sdn_job(snapshots(tmp_path)[:1] + [current], params))
    assert built.tables["sdn_program_counts"]["snapshot_date"].drop_duplicates().dt.strftime("%Y-%m-%d").tolist() == [
        "2022-12-02", "2023-04-07"]
    params = {**PARAMS, "current_date": "2023-03-01"}
    with pytest.raises(DataError, match="sdn_2023-03-01.csv and ofac-sdn/sdn_current.csv are both snapshots of "
                                        "2023-03-01"):
        ofac.build_sdn(sdn_job(snapshots(tmp_path) + [current], params))


def test_unlisted_russia_tag_is_noted(tmp_path):
    files = snapshots(tmp_path)[:2] + [raw(write_sdn(tmp_path / "sdn_2024-05-01.csv", BASE + SPACETY_ROWS + [
        sdn_row(44805, "LOGISTIQUE ECONOMIQUE ETRANGERE SARLU", programs="BPI-RUSSIA-EO14024")]))]
    built = ofac.build_sdn(sdn_job(files, PARAMS))
    assert built.notes["sdn_program_counts"] == [
        "programme tag 'BPI-RUSSIA-EO14024' (snapshots 2024-05-01) names Russia or Ukraine but is not in "
        "russia_programs: not counted"]


@pytest.mark.parametrize("rows, end, message", [
    (BASE[:1] + [BASE[1] + ',"extra"'] + BASE[2:], b"\x1a", "row 2: 13 fields, expected 12"),
    ([BASE[0] + ',"extra"'] + BASE[1:], b"\x1a", "row 1: 13 fields, expected 12"),
    (BASE[:2] + [BASE[2].rsplit(",", 1)[0]], b"\x1a", "row 3: field remarks is missing or blank"),
    (BASE[:1] + [""] + BASE[1:], b"\x1a", "row 2: field ent_num is missing or blank"),
    (BASE[:1] + ["A17023" + BASE[1][5:]], b"\x1a", "row 2: ent_num = 'A17023', expected an integer"),
    (BASE + [BASE[0]], b"\x1a", "row 6: duplicate ent_num 36 (first at row 1)"),
    ([sdn_row(36, "X", programs="[CUBA] [SDGT]")], b"\x1a",
     "row 1: programs = '[CUBA] [SDGT]', expected tags joined by '] ['"),
    ([], b"\x1a", "no rows"),
    ([], b"", "no rows"),
])
def test_bad_sdn_file_names_source_file_and_row(tmp_path, rows, end, message):
    path = write_sdn(tmp_path / "sdn_2023-04-04.csv", rows, end)
    with pytest.raises(DataError) as err:
        read_sdn(raw(path))
    assert str(err.value).startswith("source ofac_sdn: ofac-sdn/sdn_2023-04-04.csv: ")
    assert message in str(err.value)
    assert "\n" not in str(err.value)


def test_snapshot_dated_after_the_build_date_is_rejected(tmp_path):
    files = snapshots(tmp_path) + [raw(write_sdn(tmp_path / "sdn_2099-01-01.csv", BASE + SPACETY_ROWS))]
    with pytest.raises(DataError) as err:
        ofac.build_sdn(sdn_job(files))
    assert str(err.value) == ("source ofac_sdn: ofac-sdn/sdn_2099-01-01.csv: snapshot date 2099-01-01 is after the "
                              "build date 2026-12-01")
    late = raw(write_sdn(tmp_path / "sdn_2023-04-08.csv", BASE))
    assert ofac.snapshot_date(sdn_job([late], today=dt.date(2023, 4, 8)), late) == pd.Timestamp("2023-04-08")
    with pytest.raises(DataError, match="snapshot date 2023-04-08 is after the build date 2023-04-07"):
        ofac.snapshot_date(sdn_job([late], today=dt.date(2023, 4, 7)), late)


def test_aggregates_are_the_catalogs(tmp_path):
    assert catalog.source_spec("ofac_sdn")["params"]["aggregates"] == AGGREGATES
    renamed = {**PARAMS, "aggregates": {"any": "ANY", "parties": "PARTIES", "all": "ALL"}}
    counts = ofac.build_sdn(sdn_job(snapshots(tmp_path), renamed)).tables["sdn_program_counts"]
    last = counts[counts["snapshot_date"] == pd.Timestamp("2023-04-04")].set_index("program")["entries"]
    assert (last["ANY"], last["PARTIES"], last["ALL"]) == (5, 4, 6)


@pytest.mark.parametrize("name", ["sdn.csv", "sdn_2023-02-30.csv", "sdn_20230404.csv"])
def test_file_name_without_a_date(tmp_path, name):
    path = write_sdn(tmp_path / name, BASE)
    with pytest.raises(DataError, match=rf"^source ofac_sdn: ofac-sdn/{name}: cannot tell the snapshot date"):
        ofac.build_sdn(sdn_job([raw(path)], PARAMS))


PANEL_HEADER = "Country,Date,yrqtr,yrmon,levels,additions,removals,change"
PANEL = [
    "Brunei,2022-04-30,2022Q2,2022-04,1,0,0,0", "Brunei,2022-05-31,2022Q2,2022-05,1,0,0,0",
    "Brunei,2022-06-30,2022Q2,2022-06,1,0,0,0",
    "Russia,2022-04-30,2022Q2,2022-04,1469,0,0,0", "Russia,2022-05-31,2022Q2,2022-05,1524,59,4,55",
    "Russia,2022-06-30,2022Q2,2022-06,1704,181,1,180",
    "Turkey,2022-04-30,2022Q2,2022-04,86,0,0,0", "Turkey,2022-05-31,2022Q2,2022-05,86,0,0,0",
    "Turkey,2022-06-30,2022Q2,2022-06,88,2,0,2",
]


def write_panel(path: Path, rows: list[str], header: str = PANEL_HEADER) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join([header] + rows) + "\n", encoding="utf-8")
    return path


def build_panel(tmp_path, rows, countries=("Russia", "Turkey"), header=PANEL_HEADER, today=TODAY):
    path = write_panel(tmp_path / "ofac_panel.csv", rows, header)
    return ofac.build_panel(job("ofac_panel", [raw(path, "ofac-panel")], {"countries": list(countries)}, {}, today))


def test_panel_selected_countries_with_first_month_flows_empty(tmp_path):
    built = build_panel(tmp_path, PANEL)
    out = built.tables["ofac_panel_country_month"]
    assert out[["month", "country"]].values.tolist() == [
        ["2022-04", "Russia"], ["2022-04", "Turkey"], ["2022-05", "Russia"], ["2022-05", "Turkey"],
        ["2022-06", "Russia"], ["2022-06", "Turkey"]]
    russia = out[out["country"] == "Russia"]
    assert russia["levels"].tolist() == [1469, 1524, 1704]
    assert russia["additions"].isna().tolist() == [True, False, False]
    assert russia["additions"].tolist()[1:] == [59, 181]
    assert built.notes["ofac_panel_country_month"][0].startswith("2022-04: additions and removals left empty")


@pytest.mark.parametrize("rows, header, message", [
    (PANEL, PANEL_HEADER.replace("yrmon", "month"), "header is ['Country', 'Date', 'yrqtr', 'month'"),
    ([], PANEL_HEADER, "no rows"),
    ([PANEL[0].replace("2022-04,1", "2022-4,1")] + PANEL[1:], PANEL_HEADER,
     "row 2: yrmon = '2022-4', expected YYYY-MM"),
    (PANEL[:4] + ["Russia,2022-05-31,2022Q2,2022-05,n/a,59,4,55"] + PANEL[5:], PANEL_HEADER,
     "row 6: levels = 'n/a', expected a whole number"),
    (PANEL[:4] + ["Russia,2022-05-31,2022Q2,2022-05,-1524,59,4,55"] + PANEL[5:], PANEL_HEADER,
     "row 6: levels = -1524 is negative; a count of entities is 0 or more"),
    (PANEL[:4] + ["Russia,2022-05-31,2022Q2,2022-05,1524,-59,4,55"] + PANEL[5:], PANEL_HEADER,
     "row 6: additions = -59 is negative; a count of entities is 0 or more"),
    (PANEL + ["Russia,2099-01-31,2099Q1,2099-01,1704,0,0,0"], PANEL_HEADER,
     "row 11: yrmon = 2099-01 is after the build month 2026-12"),
    (PANEL[:4] + ["Russia,2022-05-31,2022Q2,2022-05,1524,59,4,55.0"] + PANEL[5:], PANEL_HEADER,
     "row 6: change = '55.0', expected a whole number"),
    (PANEL + [PANEL[4]], PANEL_HEADER, "row 11: duplicate country and month Russia 2022-05"),
])
def test_bad_panel_file(tmp_path, rows, header, message):
    with pytest.raises(DataError) as err:
        build_panel(tmp_path, rows, header=header)
    assert str(err.value).startswith("source ofac_panel: ofac-panel/ofac_panel.csv: ")
    assert message in str(err.value)


@pytest.mark.parametrize("row, message", [
    ("Russia,2022-06-30,2022Q2,2022-06,1705,181,1,180", "row 7: Russia 2022-06: levels 1705 differ from the previous "
                                                         "month's levels 1524 + additions 181 - removals 1"),
    ("Russia,2022-06-30,2022Q2,2022-06,1704,181,1,181",
     "row 7: Russia 2022-06: change 181 differs from additions 181 - removals 1"),
    ("Russia,2022-07-31,2022Q3,2022-07,1704,181,1,180", "row 7: Russia 2022-07: the previous month is missing"),
])
def test_panel_flow_identity_is_checked(tmp_path, row, message):
    with pytest.raises(DataError, match=re.escape(message)):
        build_panel(tmp_path, PANEL[:5] + [row] + PANEL[6:])


def test_panel_month_of_the_build_is_allowed_the_next_is_not(tmp_path):
    assert len(build_panel(tmp_path, PANEL, today=dt.date(2022, 6, 1)).tables["ofac_panel_country_month"]) == 6
    with pytest.raises(DataError, match=r"ofac_panel.csv: row 4: yrmon = 2022-06 is after the build month 2022-05$"):
        build_panel(tmp_path, PANEL, today=dt.date(2022, 5, 31))


def test_panel_requested_country_missing(tmp_path):
    with pytest.raises(DataError, match=r"country 'Turkiye' is not in the file \(close: Turkey\)"):
        build_panel(tmp_path, PANEL, countries=["Russia", "Turkiye"])


def mirror_build(source_id):
    """Build a source from the mirror folder in $DATA_MIRROR as the build step does, its tables checked (opt-in:
    skipped unless DATA_MIRROR names a mirror folder)."""
    mirror = Path(os.environ.get("DATA_MIRROR") or "/nonexistent")
    if not mirror.is_dir():
        pytest.skip("DATA_MIRROR is not set to a mirror folder")
    source, tables = catalog.source_spec(source_id), catalog.catalog()["tables"]
    built = build.run_builder(source_id, source, fetch.from_mirror(source_id, source, mirror), tables, dt.date.today())
    for table_id in catalog.tables_of(source_id):
        spec = tables[table_id]
        check_table(format_table(built.tables[table_id], spec, "test"), spec, f"source {source_id}: table {table_id}")
    return built


def test_real_sdn_snapshots():
    built = mirror_build("ofac_sdn")
    ents = built.tables["sdn_named_entities"].set_index("ent_num")
    assert ents["first_seen_snapshot"].dt.strftime("%Y-%m-%d").to_dict() == {40477: "2023-03-01", 40478: "2023-03-01"}
    assert set(ents["programs"]) == {"RUSSIA-EO14024"}
    counts = built.tables["sdn_program_counts"]
    day = counts[counts["snapshot_date"] == pd.Timestamp("2023-04-04")].set_index("program")["entries"]
    assert (day["(all entries)"], day["(any Russia-related)"], day["RUSSIA-EO14024"]) == (11970, 2707, 2174)


def test_real_panel():
    out = mirror_build("ofac_panel").tables["ofac_panel_country_month"]
    russia = out[out["country"] == "Russia"].set_index("month")
    assert russia.loc["2023-03", "levels"] == 2480 and russia.loc["2023-04", "additions"] == 64
    assert pd.isna(russia.loc["2022-04", "additions"])
    assert len(out) == 11 * 48
