"""The source policy: what may be cited, what a reader is told about each page, and what the build refuses (one line
naming the table, the row, the URL and what is expected). Policies and tables here are the tests' own; the last
tests run the check on the repository's data, as the build does."""
import pandas as pd
import pytest
import yaml
from scratch import data

from factcheck.analysis import sources
from factcheck.data import citations
from factcheck.errors import DataError
from factcheck.paths import Paths

POLICY = {
    "tiers": {t: t for t in citations.TIERS},
    "never_patterns": [{"pattern": r"(^|\.)news-pravda\.com$", "why": "the Pravda network"}],
    "hosts": {
        "www.minfin.gov.ru": {"tier": "publisher", "outlet": "Russian Finance Ministry", "kind": "the ministry's page",
                              "why": "w"},
        "tass.com": {"tier": "wire", "outlet": "TASS", "kind": "Russian state news agency", "state": "RU state",
                     "why": "w"},
        "www.zawya.com": {"tier": "syndication", "outlet": "Zawya", "kind": "syndicated wire copy", "why": "w"},
        "agg.example": {"tier": "aggregator", "outlet": "Agg", "kind": "aggregator", "why": "w"},
        "github.com/owner/repo": {"tier": "specialist", "outlet": "A repo", "kind": "a compiler's repository",
                                  "why": "w"},
        "spam.example": {"tier": "never", "outlet": "spam", "kind": "spam site", "why": "an unrelated spam site"},
    },
}


@pytest.fixture
def policy():
    return citations.Policy(POLICY)


@pytest.mark.parametrize("url, refusal", [
    ("https://tass.com/economy/1", None),
    ("https://tass.com:443/economy/1", None),  # the scheme's own port is no different
    ("https://github.com/owner/repo/blob/main/x.csv", None),
    ("http://3.127.128.221/article", "its host 3.127.128.221 is a bare IP address, never citable"),
    ("https://naturalgasworld.com./news", "its host 'naturalgasworld.com.' is malformed"),
    ("https://tass.com:8443/x", "its host 'tass.com:8443' is malformed"),
    ("https://greece.news-pravda.com/x", "its host greece.news-pravda.com is never citable: the Pravda network"),
    ("https://spam.example/x", "its host spam.example is never citable: an unrelated spam site"),
    ("https://unknown.example/x", "its host unknown.example has no tier in data/source_policy.yaml"),
    ("https://github.com/other/repo", "its host github.com has no tier"),
])
def test_what_may_be_cited(policy, url, refusal):
    found = policy.refusal(url)
    assert found == refusal if refusal is None else found.startswith(refusal)


def test_each_page_is_named_with_its_outlet_and_kind(policy):
    assert policy.describe("Reuters (via Zawya)", "https://www.zawya.com/a") == \
        "Reuters, via Zawya (syndicated wire copy)"
    assert policy.describe("TASS", "https://tass.com/economy/1") == "TASS, Russian state news agency"
    assert policy.best(["https://agg.example/1", "https://tass.com/2"]).tier == "wire"


def rows(**columns):
    base = {"value": ["1", "2"], "source_url": ["https://tass.com/1", "https://tass.com/2"], "note": ["", ""],
            "conflict_group": ["", ""], "analysis_choice": ["", ""], "choice_reason": ["", ""],
            "why_no_better_source": ["", ""], "reported_by": ["TASS", "TASS"]}
    return pd.DataFrame({**base, **columns})


@pytest.mark.parametrize("frame, message", [
    (rows(source_url=["https://tass.com/1", "https://agg.example/2"]),
     "row 3: every page it cites is an aggregator (agg.example): cite a better copy"),
    (rows(source_url=["https://tass.com/1", "https://agg.example/2 | https://agg.example/3"]),
     "row 3: every page it cites is an aggregator (agg.example, agg.example)"),
    (rows(note=["", "also https://greece.news-pravda.com/x"]),
     "row 3: note cites https://greece.news-pravda.com/x: its host greece.news-pravda.com is never citable"),
    (rows(source_url=["http://3.127.128.221/a", "https://tass.com/2"], analysis_choice=["set_aside", ""],
          choice_reason=["gone", ""]),
     "row 2: source_url cites http://3.127.128.221/a: its host 3.127.128.221 is a bare IP"),
    (rows(source_url=["", "https://tass.com/2"]), "row 2: source_url is empty on a row the analysis uses"),
])
def test_the_first_breach_is_refused_with_table_row_and_url(policy, frame, message):
    with pytest.raises(DataError) as err:
        citations.check_citations(frame, policy, "table t: data/curated/t.csv")
    assert str(err.value).startswith(f"table t: data/curated/t.csv: {message}")


def test_an_aggregator_is_accepted_with_its_reason_or_on_a_row_not_used(policy):
    citations.check_citations(rows(source_url=["https://tass.com/1", "https://agg.example/2"],
                                    why_no_better_source=["", "only copy of the ministry's text"]), policy, "t")
    citations.check_citations(rows(source_url=["https://tass.com/1", "https://agg.example/2"],
                                    conflict_group=["g", "g"], analysis_choice=["use", "alternative"],
                                    choice_reason=["a", "b"]), policy, "t")
    citations.check_citations(rows(source_url=["https://tass.com/1", ""], analysis_choice=["", "set_aside"],
                                    choice_reason=["", "no page"]), policy, "t")


def test_rows_are_counted_by_their_best_page(policy):
    frame = rows(value=["1", "2", "3"], source_url=["https://tass.com/1 | https://agg.example/1",
                                                    "https://agg.example/2", ""],
                 note=[""] * 3, conflict_group=[""] * 3, analysis_choice=["", "", "set_aside"],
                 choice_reason=["", "", "none"], why_no_better_source=["", "why", ""], reported_by=["TASS"] * 3)
    counts = sources.tier_counts(frame, policy)
    assert counts.loc[["wire", "aggregator", "none"]].to_dict("list") == {"rows": [1, 1, 1], "used": [1, 1, 0]}
    who = sources.outlets(frame, policy)
    assert who[["outlet", "rows", "as main page"]].values.tolist() == [["TASS", 1, 1], ["Agg", 2, 1]]


def test_reader_tables_of_source_quality(policy, monkeypatch):
    monkeypatch.setattr(sources, "label", lambda df, table_id: df["value"])
    t = rows(value=["1", "2", "3"], source_url=["https://tass.com/1", "https://www.zawya.com/2", ""],
             note=[""] * 3, conflict_group=[""] * 3, analysis_choice=["", "", "set_aside"],
             choice_reason=["", "", "no page shows it"], why_no_better_source=[""] * 3,
             reported_by=["TASS", "Reuters (via Zawya)", "a blog"])
    by_tier = sources.tiers_by_table({"t": t}, policy).set_index("table")
    assert by_tier.loc["t", ["wire", "syndication", "set aside"]].tolist() == [1, 1, 1]
    assert by_tier.loc["all tables", "wire"] == 1
    state = sources.state_media_only({"t": t}, policy)
    assert state[["row", "state media"]].values.tolist() == [["1", "RU state"]]
    assert sources.set_aside({"t": t})[["row", "why"]].values.tolist() == [["3", "no page shows it"]]


def test_the_build_refuses_a_pravda_citation(project, capsys):
    notes = project.paths.curated / "notes.csv"
    notes.write_text(notes.read_text(encoding="utf-8").replace("https://example.org/b",
                                                               "https://deutsch.news-pravda.com/b"), encoding="utf-8")
    assert data(project, "build") == 1
    err = capsys.readouterr().err.strip().splitlines()[-1]
    assert err == ("error: table notes: data/curated/notes.csv: row 3: source_url cites "
                   "https://deutsch.news-pravda.com/b: its host deutsch.news-pravda.com is never citable: the Pravda "
                   "network")
    assert not project.paths.committed.exists()


def test_the_repository_follows_its_source_policy():
    paths = Paths.default()
    citations.enforce(paths)  # the build's check, on the committed curated tables
    pol = citations.policy(paths)
    ledger = yaml.safe_load(paths.ledger.read_text(encoding="utf-8"))
    for cid, entry in ledger["claims"].items():
        for source in entry.get("sources", []):
            assert pol.refusal(source["url"]) is None, (cid, source["url"])
