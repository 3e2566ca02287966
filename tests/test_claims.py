"""Verdicts computed from numbers: tolerances, context from alternatives, and flips that fail."""
import pytest

from factcheck.claims import NumberCheck, Tolerance, Verdict, check_number, number_verdict


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


def test_a_flipped_verdict_fails():
    check = NumberCheck("C18a", 29, "bn USD", Tolerance(relative=0.05), 35.0, {}, "accurate, needs context")
    with pytest.raises(AssertionError, match="computed verdict 'inaccurate' differs from the ledger's 'accurate, needs context'"):
        check.assert_recorded()
