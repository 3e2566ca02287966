"""Verdicts computed from numbers: tolerances, context from alternatives, and flips that fail."""
import pytest

from factcheck.claims import NumberCheck, Tolerance, Verdict, check_number, number_verdict, report


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
    assert str(tol) == "±0.5 or ±1%"


def test_check_number_reads_the_ledger():
    check = check_number("C18a", 29.75, {"alt": 32.9})
    assert check.claimed == 29 and check.unit == "bn USD" and check.tolerance == Tolerance(relative=0.05)
    assert check.verdict is Verdict.NEEDS_CONTEXT


def test_report_lists_every_flipped_verdict(capsys):
    keep = NumberCheck("C05", 2, "year", Tolerance(absolute=0), 2.0, {}, "accurate")
    flip1 = NumberCheck("C18a", 29, "bn USD", Tolerance(relative=0.05), 35.0, {}, "accurate, needs context")
    flip2 = NumberCheck("C03", 1, "months", Tolerance(absolute=0.5), 1.2, {}, "inaccurate")
    with pytest.raises(AssertionError, match=r"^verdicts differ from data/claims.yaml: "
                                             r"C18a \(accurate, needs context -> inaccurate\), C03 \(inaccurate -> accurate\)$"):
        report(keep, flip1, flip2)
    assert "verdict C05: accurate" in capsys.readouterr().out


def test_bounds_for_words_like_thousands():
    tol = Tolerance(minimum=2000)
    assert tol.admits(2544, 1000) and not tol.admits(1948, 1000)
    assert str(tol) == "at least 2,000"
