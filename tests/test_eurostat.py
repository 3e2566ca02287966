"""Eurostat Comext relational-view CSVs: English and French labels, two period codes, exact partner labels."""
import datetime as dt
import os
from pathlib import Path

import pytest
from scratch import TODAY, job, raw

from factcheck.data import build as data_build
from factcheck.data import catalog, fetch
from factcheck.data.builders import eurostat
from factcheck.data.csvio import format_table
from factcheck.data.validation import check_table
from factcheck.errors import DataError

MEMBERS = "AT, BE, BG, CY, CZ, DE, DK, EE, ES, FI, FR, GR, HR, HU, IE, IT, LT, LU, LV, MT, NL, PL, PT, RO, SE, SI, SK"
EN = f"European Union - 27 countries ({MEMBERS})"
FR = f"Union européenne - 27 pays ({MEMBERS})"
HEADER = "REPORTER,PARTNER,PRODUCT,FLOW,STAT_PROCEDURE,PERIOD,VALUE_IN_EUR"
PARAMS = {
    "languages": {
        "en": {"reporter": [EN], "product": ["Total", "TOTAL-Total"], "flow": ["EXPORT", "2-EXPORT"],
               "stat_procedure": ["Total", "T-Total"]},
        "fr": {"reporter": [FR], "product": ["Total"], "flow": ["EXPORTATION"], "stat_procedure": ["Total"]},
    },
    "partners": {
        "Russia": {"en": "Russian Federation (Russia)", "fr": "Russie, Fédération de"},
        "Belarus": {"en": "Belarus (Belorussia)", "fr": "Biélorussie (Belarus)"},
        "Turkey": {"en": "Türkiye", "fr": "Turquie"},
    },
}
# (label, value) by language; Brunei Darussalam and Belarus (Belorussia) contain "Russia" / "Russ"
EN_ROWS = [("Brunei Darussalam", "141508116"), ("Turkmenistan", "840003435"), ("Turks and Caicos Islands", "15085301"),
           ("Belarus (Belorussia)", "6877777682"), ("Türkiye", "77562118421"),
           ("Russian Federation (Russia)", "89169305012")]
FR_ROWS = [("Brunei Darussalam", "172669724"), ("Turkménistan", "1125016996"), ("Biélorussie (Belarus)", "4918196978"),
           ("Russie, Fédération de", "69284490691"), ("Turquie", "72445224864")]


def comext(rows, year, reporter=EN, product=None, flow=None, procedure=None, period=None) -> str:
    """A relational-view download: every text field quoted, the value not, CRLF line ends."""
    new = year >= 2019
    product = product or ("TOTAL-Total" if new else "Total")
    flow = flow or ("2-EXPORT" if new else "EXPORTATION" if reporter == FR else "EXPORT")
    procedure = procedure or ("T-Total" if new else "Total")
    period = period or (f"{year}52-Jan.-Dec. {year}" if new else f"Jan.-Dec. {year}")
    lines = [HEADER] + [f'"{reporter}","{p}","{product}","{flow}","{procedure}","{period}",{v}' for p, v in rows]
    return "\r\n".join(lines) + "\r\n"


def write(tmp_path, year, text, name=None):
    path = tmp_path / (name or f"eu27_exports_by_partner_{year}.csv")
    path.write_bytes(text.encode("utf-8"))
    return raw(path, file=f"eurostat-comext/{path.name}")


def comext_job(files, params=PARAMS, today=TODAY):
    return job("eurostat_comext_exports", files, params, None, today)


def build(files, params=PARAMS, today=TODAY):
    return eurostat.build(comext_job(files, params, today))


def test_english_old_and_new_editions_and_french_file(tmp_path):
    files = [write(tmp_path, 2021, comext(EN_ROWS, 2021)), write(tmp_path, 2016, comext(FR_ROWS, 2016, FR)),
             write(tmp_path, 2014, comext(EN_ROWS, 2014))]
    out = build(files).tables["eu27_exports_year"]
    assert out[["year", "partner"]].values.tolist() == [
        [2014, "Belarus"], [2014, "Russia"], [2014, "Turkey"], [2016, "Belarus"], [2016, "Russia"], [2016, "Turkey"],
        [2021, "Belarus"], [2021, "Russia"], [2021, "Turkey"]]
    values = out.set_index(["year", "partner"])["value_eur_bn"].round(4)
    assert values[(2021, "Russia")] == 89.1693 and values[(2016, "Russia")] == 69.2845
    assert values[(2021, "Belarus")] == 6.8778 and values[(2016, "Turkey")] == 72.4452


def test_partner_labels_match_exactly_never_as_substrings(tmp_path):
    params = {**PARAMS, "partners": {"Russia": {"en": "Russia", "fr": "Russie"}}}
    with pytest.raises(DataError, match=r"partner Russia: no row with PARTNER = 'Russia' \(labels match exactly\)"):
        build([write(tmp_path, 2021, comext(EN_ROWS, 2021))], params)


@pytest.mark.parametrize("text, message", [
    (comext(EN_ROWS, 2021).replace("VALUE_IN_EUR", "VALUE"), "header is ['REPORTER', 'PARTNER', 'PRODUCT', 'FLOW', "
                                                             "'STAT_PROCEDURE', 'PERIOD', 'VALUE']"),
    (HEADER + "\r\n", "no rows"),
    (comext(EN_ROWS[:-1], 2021), "partner Russia: no row with PARTNER = 'Russian Federation (Russia)'"),
    (comext(EN_ROWS + [("Türkiye", "1")], 2021), "row 8: duplicate PARTNER 'Türkiye' (first at row 6)"),
    (comext(EN_ROWS[:-1] + [("Russian Federation (Russia)", ":")], 2021),
     "row 7: VALUE_IN_EUR = ':' for Russia, expected a number"),
    (comext(EN_ROWS, 2021, period="202052-Jan.-Dec. 2020"),
     "row 2: PERIOD = '202052-Jan.-Dec. 2020', expected the whole year 2021"),
    (comext(EN_ROWS, 2021, period="202152-Jan.-Dec. 2020"), "row 2: PERIOD = '202152-Jan.-Dec. 2020'"),
    (comext(EN_ROWS, 2021, period="202106-Jun. 2021"), "row 2: PERIOD = '202106-Jun. 2021'"),
    (comext(EN_ROWS, 2021, flow="1-IMPORT"), "row 2: FLOW = '1-IMPORT', expected one of ['EXPORT', '2-EXPORT']"),
    (comext(EN_ROWS, 2021, product="01-Live animals"), "row 2: PRODUCT = '01-Live animals'"),
    (comext(EN_ROWS, 2021, procedure="1-Normal"), "row 2: STAT_PROCEDURE = '1-Normal'"),
    (comext(EN_ROWS, 2021, reporter="Germany (incl. German Democratic Republic 'DD' from 1991)"),
     "row 2: REPORTER = \"Germany (incl. German Democratic Republic 'DD' from 1991)\", expected the EU-27 label"),
])
def test_bad_file_names_source_file_and_row(tmp_path, text, message):
    with pytest.raises(DataError) as err:
        build([write(tmp_path, 2021, text)])
    assert str(err.value).startswith(
        "source eurostat_comext_exports: eurostat-comext/eu27_exports_by_partner_2021.csv: ")
    assert message in str(err.value)
    assert "\n" not in str(err.value)


def test_mixed_labels_in_one_file_are_an_error(tmp_path):
    text = comext(FR_ROWS, 2016, FR) + comext(EN_ROWS, 2016).split("\r\n", 1)[1]  # English rows after French ones
    with pytest.raises(DataError, match=r"row 7: REPORTER = 'European Union - 27 countries"):
        build([write(tmp_path, 2016, text)])


def test_file_name_without_year_and_two_files_for_a_year(tmp_path):
    with pytest.raises(DataError, match=r"eurostat-comext/eu27_exports.csv: cannot tell the year"):
        build([write(tmp_path, 2021, comext(EN_ROWS, 2021), name="eu27_exports.csv")])
    files = [write(tmp_path, 2021, comext(EN_ROWS, 2021)),
             write(tmp_path, 2021, comext(EN_ROWS, 2021), name="copy_of_eu27_exports_by_partner_2021.csv")]
    with pytest.raises(DataError, match=r"copy_of_eu27_exports_by_partner_2021.csv and eurostat-comext/"
                                        r"eu27_exports_by_partner_2021.csv are both for 2021"):
        build(files)


def test_partner_without_a_label_in_the_file_language(tmp_path):
    params = {**PARAMS, "partners": {**PARAMS["partners"], "China": {"en": "China"}}}
    with pytest.raises(DataError, match=r"2016.csv: the catalog gives partner China no 'fr' label"):
        build([write(tmp_path, 2016, comext(FR_ROWS, 2016, FR))], params)


def test_fixture_labels_are_the_catalogs():
    params = catalog.source_spec("eurostat_comext_exports")["params"]
    assert params["languages"] == PARAMS["languages"]
    assert {name: params["partners"][name] for name in PARAMS["partners"]} == PARAMS["partners"]


def test_read_year_and_file_year(tmp_path):
    r = write(tmp_path, 2021, comext(EN_ROWS, 2021))
    year, values = eurostat.read_year(comext_job([r]), r)
    assert year == 2021
    assert [(v["partner"], round(v["value_eur_bn"], 4)) for v in values] == [
        ("Russia", 89.1693), ("Belarus", 6.8778), ("Turkey", 77.5621)]
    assert eurostat.file_year(r, "here") == 2021
    with pytest.raises(DataError, match=r"^here: cannot tell the year: the name 'eu27_exports.csv' does not end "
                                        r"in _YYYY.csv$"):
        eurostat.file_year(write(tmp_path, 2021, "", name="eu27_exports.csv"), "here")


def test_a_year_after_the_build_year_is_rejected(tmp_path):
    files = [write(tmp_path, 2021, comext(EN_ROWS, 2021)), write(tmp_path, 2099, comext(EN_ROWS, 2099))]
    with pytest.raises(DataError) as err:
        build(files)
    assert str(err.value) == ("source eurostat_comext_exports: eurostat-comext/eu27_exports_by_partner_2099.csv: the "
                              "name says 2099, after the build year 2026")
    late = [write(tmp_path, 2023, comext(EN_ROWS, 2023))]
    assert build(late, today=dt.date(2023, 1, 1)).tables["eu27_exports_year"]["year"].unique().tolist() == [2023]
    with pytest.raises(DataError, match="the name says 2023, after the build year 2022"):
        build(late, today=dt.date(2022, 12, 31))


def test_real_comext_files():
    """Opt-in: skipped unless DATA_MIRROR names a mirror folder."""
    mirror = Path(os.environ.get("DATA_MIRROR") or "/nonexistent")
    if not mirror.is_dir():
        pytest.skip("DATA_MIRROR is not set to a mirror folder")
    source = catalog.source_spec("eurostat_comext_exports")
    files = fetch.from_mirror("eurostat_comext_exports", source, mirror)
    out = data_build.run_builder("eurostat_comext_exports", source, files, catalog.catalog()["tables"],
                                 dt.date.today()).tables["eu27_exports_year"]
    spec = catalog.table_spec("eu27_exports_year")
    check_table(format_table(out, spec, "test"), spec, "source eurostat_comext_exports: table eu27_exports_year")
    values = out.set_index(["year", "partner"])["value_eur_bn"].round(4)
    assert (values[(2021, "Russia")], values[(2023, "Russia")]) == (89.1693, 38.1817)
    assert values[(2016, "Russia")] == 69.2845  # the French file
    assert values[(2023, "Kyrgyzstan")] > 10 * values[(2021, "Kyrgyzstan")]
    assert len(out) == 14 * len(source["params"]["partners"])
