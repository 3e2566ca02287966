"""Verdicts computed from numbers: tolerances, context from alternatives, flips that fail, and the words
a reader sees (the test, units with plurals, signs). The claims are those of the scratch ledger (tests/scratch.py,
LEDGER), whose numbers the expectations below repeat: C01 is $29 bn ± 5%, C02 at least 2,000 designations, C03
within 7 days of the anniversary, C04 exactly the second year, C05 one month ± 0.5, C06 a share of at least 25%,
C07 a cited claim."""
import pytest

from factcheck.claims import Decisive, NumberCheck, Verdict, anchor, cards, check_number, cited
from factcheck.claims.decide import Tolerance, number_verdict
from factcheck.claims.quantities import Quantity, ordinal, plural


@pytest.fixture(autouse=True)
def _scratch_ledger(ledger_paths):
    """Every test here reads the scratch ledger."""


@pytest.mark.parametrize("computed, alternatives, verdict", [
    (29.75, {}, Verdict.ACCURATE),
    (29.75, {"other rate": 29.1}, Verdict.ACCURATE),
    (29.75, {"quarter average": 32.9}, Verdict.NEEDS_CONTEXT),
    (30.6, {}, Verdict.INACCURATE),
    (27.4, {"other": 29.0}, Verdict.INACCURATE),
])
def test_number_verdict(computed, alternatives, verdict):
    assert number_verdict(computed, 29, Tolerance(relative=0.05), alternatives) is verdict


def test_tolerance_absolute_or_relative():
    tol = Tolerance(absolute=0.5, relative=0.01)
    assert tol.admits(29.5, 29) and not tol.admits(29.6, 29)


def test_bounds_for_words_like_thousands():
    tol = Tolerance(minimum=2000)
    assert tol.admits(2544, 1000) and not tol.admits(1948, 1000)


def test_check_number_reads_the_ledger():
    check = check_number("C01", 29.75, {"alt": 32.9})
    assert check.claimed == 29 and check.quantity.unit == "usd_bn" and check.tolerance == Tolerance(relative=0.05)
    assert check.verdict is Verdict.NEEDS_CONTEXT
    with pytest.raises(ValueError, match="not a finite number"):
        check_number("C01", float("nan"))


def test_the_test_is_stated_in_the_articles_words():
    assert check_number("C02", 2127).test == "we read “thousands” as at least 2,000 designations"
    assert check_number("C03", -3).test == "we read “on the anniversary” as within seven days of the anniversary"
    assert check_number("C01", 29.75).test == "we read “$29 billion” as $29 bn ± 5% ($27.55 bn to $30.45 bn)"
    assert check_number("C04", 2).test == "we read “into its second year” as exactly the second year of the war"


@pytest.mark.parametrize("quantity, value, text", [
    (Quantity("month"), 1, "one month"), (Quantity("month"), 12.78, "12.8 months"),
    (Quantity("day", relative_to="the anniversary"), -3, "three days before the anniversary"),
    (Quantity("day", relative_to="the anniversary"), -1, "one day before the anniversary"),
    (Quantity("day", relative_to="the anniversary"), 0, "on the anniversary"),
    (Quantity("day", relative_to="the anniversary"), 2, "two days after the anniversary"),
    (Quantity("calendar_week", relative_to="the article's week"), 1, "the calendar week after the article's week"),
    (Quantity("count", noun=("designation", "designations")), 1, "1 designation"),
    (Quantity("count", noun=("designation", "designations")), 2127, "2,127 designations"),
    (Quantity("year_ordinal", of="the war"), 2, "the second year of the war"),
    (Quantity("usd_bn"), 29.7512, "$29.75 bn"), (Quantity("share"), 0.356, "36%"),
    (Quantity("ratio", of="the 2021 level"), 1.945, "1.95 times the 2021 level"),
])
def test_values_read_with_units_plurals_and_signs(quantity, value, text):
    assert quantity.text(value) == text


def test_words_helpers():
    assert [ordinal(n) for n in (1, 2, 3, 4, 11, 12, 13, 21, 22, 101)] == \
        ["1st", "2nd", "3rd", "4th", "11th", "12th", "13th", "21st", "22nd", "101st"]
    assert plural(1, "month") == "month" and plural(0, "month") == "months"
    assert plural(2, "entry", "entries") == "entries"
    with pytest.raises(ValueError, match="needs its noun"):
        Quantity("count")
    with pytest.raises(ValueError, match="unknown unit"):
        Quantity("furlongs")


def test_finding_names_the_alternatives_that_fail():
    check = check_number("C02", 2127, {"E.O. 14024 only": 2159, "people and companies only": 1992})
    assert check.finding == ("Computed from the data: 2,127 designations, which meets the test. One of the two other "
                             "defensible computations does not: people and companies only, 1,992 designations.")
    assert check_number("C05", 12.78).finding == "Computed from the data: 12.8 months, which fails the test."
    assert check_number("C05", 12.78, {"Blinken": 0.9}).finding.endswith(
        "The other defensible computation does meet it: Blinken, 0.9 months.")


def test_summary_card_fails_listing_every_flipped_verdict_after_showing_itself(monkeypatch):
    shown = []
    monkeypatch.setattr(cards, "display", shown.append)
    keep = check_number("C04", 2)
    flip1 = check_number("C01", 35.0)
    flip2 = check_number("C05", 1.2)
    with pytest.raises(cards.VerdictChanged) as raised:
        cards.summary([keep, flip1, flip2])
    assert str(raised.value) == (
        "C01: accurate, needs context → inaccurate; C05: inaccurate → accurate (data/claims.yaml records the first). "
        "If the data or the test changed by mistake, fix it; if the new verdict is right, run "
        "`factcheck-claims accept C01 C05`.")
    assert raised.value._render_traceback_() == [f"VerdictChanged: {raised.value}"]  # one line, no traceback
    bundle = shown[0]._repr_mimebundle_()
    assert [c["verdict"] for c in bundle[cards.MIMETYPE]["claims"]] == ["accurate", "inaccurate", "accurate"]


def test_cards_render_for_every_reader():
    checks = [check_number("C01", 29.75, {"mean official rate, Q1 2023": 32.89}), cited("C07")]
    summary = cards.summary(checks)._repr_mimebundle_()
    assert f'<a href="#{anchor("C01")}">C01</a>' in summary["text/html"]
    assert '<span aria-hidden="true">◐</span> accurate, needs context' in summary["text/html"]  # the glyph is not read
    assert summary["text/markdown"].count("| [C") == 2 and "&#36;29" in summary["text/markdown"]
    assert summary["text/plain"].splitlines()[1].startswith("C01   ◐ accurate, needs context")
    assert summary[cards.MIMETYPE]["card"] == "summary"
    full = cards.full(checks)._repr_mimebundle_()
    html = full["text/html"]
    assert "We read “$29 billion” as $29 bn ± 5%" in html
    assert "fails: $2.44 bn above the test&#x27;s upper bound ($30.45 bn)" in html
    assert all(f'<a href="{s["url"]}">' in html for s in checks[1].sources)
    assert 'href="../data/curated/russia_budget_ytd.csv"' in html  # a curated table is read where it is kept
    assert "tex2jax_ignore" in html  # dollar signs are not maths
    assert all(len(line) <= 100 for line in full["text/plain"].splitlines())


def test_dates_read_as_people_write_them():
    assert [cards.when(d) for d in ("2023-04-07", "2023-04", "2023", "about 2023")] == \
        ["7 April 2023", "April 2023", "2023", "about 2023"]


def test_a_number_check_needs_a_number_claim():
    with pytest.raises(Exception, match="C07 has no claimed value"):
        NumberCheck("C07", 1.0)


def test_the_margin_is_how_far_the_decisive_input_may_move():
    rate = Decisive("the rate", 80.6713, "roubles per dollar", lambda r: 2400 / r)
    margin = check_number("C01", 2400 / 80.6713, decisive=rate).margin
    assert margin.below == pytest.approx(2400 / 30.45, rel=1e-6)
    assert margin.above == pytest.approx(2400 / 27.55, rel=1e-6)
    assert margin.close and margin.meets  # a 2.3% move would change it
    assert "below 78.82 roubles per dollar (-2.3%) or above 87.11 roubles per dollar (+8.0%)" in margin.text()
    wide = check_number("C02", 2127).margin
    assert wide.below == pytest.approx(2000) and wide.above is None and not wide.close
    with pytest.raises(ValueError, match="does not reproduce"):
        check_number("C01", 30.0, decisive=rate)


def test_a_date_margin_counts_days():
    speech = Decisive("the speech", 0, "days", lambda d: -3 + d, days=True)
    margin = check_number("C03", -3, decisive=speech).margin
    assert (margin.below, margin.above, margin.close) == (-5, 11, True)
    assert margin.text() == ("The main computation would fail the test if the speech were 5 days earlier or 11 days "
                             "later.")


def test_a_failing_alternative_says_how_far_it_is_from_the_test():
    check = check_number("C02", 2127, {"people and companies": 1992})
    assert check.miss(1992) == "8 designations below the test's lower bound (2,000 designations)"
    assert check_number("C06", 0.36).miss(0.14) == "11 points below the test's lower bound (25%)"


@pytest.mark.parametrize("quantity, gap, text", [
    (Quantity("usd_bn"), -2.4412, "$2.44 bn"),
    (Quantity("count", noun=("designation", "designations")), 8, "8 designations"),
    (Quantity("month"), -1.0, "1 month"), (Quantity("month"), 0.1, "0.1 months"),
    (Quantity("day", relative_to="x"), 3, "3 days"),
    (Quantity("calendar_week", relative_to="x"), 1, "1 week"), (Quantity("share"), -0.11, "11 points"),
    (Quantity("ratio", of="the 2021 level"), 0.05, "0.05"),
])
def test_a_distance_reads_in_its_unit_without_a_sign(quantity, gap, text):
    assert quantity.distance(gap) == text
