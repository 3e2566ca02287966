"""The second reader: identities between curated figures, each figure standing for its rounding interval."""
from __future__ import annotations

import shutil

import pandas as pd
import pytest
from scratch import copy_schemas

from factcheck.data import consistency
from factcheck.data.consistency import TableText
from factcheck.data.intervals import Formula, Interval
from factcheck.errors import DataError
from factcheck.paths import Paths

BASE = {"conflict_group": "", "analysis_choice": "", "choice_reason": ""}


def table(rows: list[dict], tid: str = "t", key=("month",)) -> TableText:
    return TableText(tid, pd.DataFrame([{**BASE, **r} for r in rows]).fillna(""), f"data/curated/{tid}.csv", list(key))


@pytest.mark.parametrize("text, column, lo, hi", [
    ("28.93", "usd_bn", 28.925, 28.935), ("1761", "balance_bn_rub", 1760.5, 1761.5),
    ("2400", "balance_bn_rub", 2350, 2450), ("1130", "balance_bn_rub", 1125, 1135),
    ("-45", "yoy_pct", -45.5, -44.5), ("10", "yoy_pct", 9.5, 10.5), ("-602.4", "balance_bn_rub", -602.45, -602.35),
])
def test_a_figure_stands_for_its_rounding(text, column, lo, hi):
    iv = Interval.of(text, column)
    assert iv.lo == pytest.approx(lo) and iv.hi == pytest.approx(hi)


def test_interval_arithmetic_and_gaps():
    a, b = Interval(1, 2), Interval(3, 5)
    assert (a + b, b - a, a * b, b / a) == (Interval(4, 7), Interval(1, 4), Interval(3, 10), Interval(1.5, 5))
    assert abs(Interval(-3, 1)) == Interval(0, 3) and a.gap(b) == 1 and b.gap(a) == 1 and a.gap(Interval(1.5, 9)) == 0
    with pytest.raises(ZeroDivisionError):
        a / Interval(-1, 1)


def test_formulas_read_columns_and_refuse_anything_else():
    f = Formula("abs(balance_bn_rub) / rub_per_usd = balance_usd_bn")
    assert f.columns == ["balance_bn_rub", "balance_usd_bn", "rub_per_usd"]
    left, right = f.evaluate({"balance_bn_rub": Interval.of("-2400", "balance_bn_rub"),
                              "rub_per_usd": Interval.exact(82.95), "balance_usd_bn": Interval.of("28.93", "x")})
    assert left.gap(right) == 0
    with pytest.raises(ValueError, match="unsupported"):
        Formula("a ** 2 = b").evaluate({"a": Interval.exact(1), "b": Interval.exact(1)})


ROW = {"id": "balance", "what": "revenue minus spending is the balance", "kind": "row", "table": "t",
       "formula": "revenues_bn_rub - expenditures_bn_rub = balance_bn_rub"}


def test_a_row_identity_holds_within_rounding_and_fails_beyond_it():
    columns = ("month", "revenues_bn_rub", "expenditures_bn_rub", "balance_bn_rub")
    t = table([dict(zip(columns, ("2023-01", "3200", "5740", "-2600"))),
               dict(zip(columns, ("2023-02", "5340", "8450", "-2700")))])
    result = consistency.check_row(ROW, {"t": t})
    assert [f.outcome for f in result.findings] == ["holds", "violated"]
    assert result.findings[1].rows == "data/curated/t.csv row 3 (2023-02)"
    assert "a gap of 350 beyond rounding" in result.findings[1].detail


def test_a_violation_on_a_row_set_aside_is_reported_not_failed_and_a_recorded_reason_excepts():
    rows = [{"month": "2023-02", "revenues_bn_rub": "5340", "expenditures_bn_rub": "8450", "balance_bn_rub": "-2700",
             "conflict_group": "cg-x", "analysis_choice": "alternative", "choice_reason": "misprint of 8050"},
            {"month": "2023-02", "revenues_bn_rub": "5340", "expenditures_bn_rub": "8050", "balance_bn_rub": "-2700",
             "conflict_group": "cg-x", "analysis_choice": "use", "choice_reason": "consistent"}]
    result = consistency.check_row(ROW, {"t": table(rows)})
    assert [(f.outcome, f.reason) for f in result.findings] == [("set aside", "misprint of 8050"), ("holds", "")]
    excepted = {**ROW, "exceptions": [{"where": {"month": "2023-02"}, "reason": "the ministry revised it"}]}
    result = consistency.check_row(excepted, {"t": table(rows[:1] and [{**rows[0], **BASE}])})
    assert [(f.outcome, f.reason) for f in result.findings] == [("excepted", "the ministry revised it")]


def test_rows_used_for_one_period_must_agree():
    check = {"id": "one", "what": "one figure", "kind": "agree", "table": "t", "by": ["month"], "columns": ["v"]}
    t = table([{"month": "2023-01", "v": "1761"}, {"month": "2023-01", "v": "1770"}, {"month": "2023-02", "v": "821"},
               {"month": "2023-02", "v": "821.0"}])
    assert [f.outcome for f in consistency.check_agree(check, {"t": t}).findings] == ["violated", "holds"]


def test_months_add_up_to_their_period():
    months = table([{"month": m, "balance_bn_rub": v} for m, v in (("2023-01", "-1761"), ("2023-02", "-821"),
                                                                   ("2023-03", "181"))], "m")
    periods = table([{"period_start": "2023-01", "period_end": "2023-03", "balance_bn_rub": "-2400"},
                     {"period_start": "2023-01", "period_end": "2023-04", "balance_bn_rub": "-3400"}], "p",
                    key=("period_start", "period_end"))
    check = {"id": "sum", "what": "months add up", "kind": "sum", "months": {"table": "m", "column": "balance_bn_rub"},
             "periods": {"table": "p", "column": "balance_bn_rub"}}
    result = consistency.check_sum(check, {"m": months, "p": periods})
    assert [f.outcome for f in result.findings] == ["holds"] and result.not_covered == 1
    periods.text.loc[0, "balance_bn_rub"] = "-2500.0"
    assert [f.outcome for f in consistency.check_sum(check, {"m": months, "p": periods}).findings] == ["violated"]


def test_averages_weight_months_by_trading_days_and_imply_a_month_from_two_year_to_date_averages():
    months = table([{"month": m, "u": v} for m, v in (("2023-06", "55.28"), ("2023-07", "64.37"))], "m")
    periods = table([{"period_start": "2023-01", "period_end": e, "u": v}
                     for e, v in (("2023-05", "51.5"), ("2023-06", "52.17"), ("2023-07", "53.94"))], "p",
                    key=("period_start", "period_end"))
    holidays = ["2023-01-02", "2023-04-07", "2023-04-10", "2023-05-01", "2023-05-08", "2023-05-29"]
    check = {"id": "avg", "what": "averages", "kind": "mean", "months": {"table": "m", "column": "u"},
             "periods": {"table": "p", "column": "u"},
             "trading_days": {"market": "x", "source": "y", "holidays": holidays}}
    result = consistency.check_mean(check, {"m": months, "p": periods})
    assert [f.outcome for f in result.findings] == ["holds", "holds"]  # June and July from consecutive averages
    assert "(52.17 × 124 − 51.50 × 102) / 22" in result.findings[0].detail
    months.text.loc[1, "u"] = "64.95"
    assert [f.outcome for f in consistency.check_mean(check, {"m": months, "p": periods}).findings][1] == "violated"


def test_a_year_on_year_change_links_two_levels():
    t = table([{"month": "2022-01", "v": "789", "yoy": ""}, {"month": "2023-01", "v": "426", "yoy": "-46"},
               {"month": "2024-01", "v": "675", "yoy": "+90"}])
    check = {"id": "yoy", "what": "changes", "kind": "year_on_year", "table": "t", "by": ["month"],
             "shift": ["month"], "pairs": {"yoy": "v"}}
    assert [f.outcome for f in consistency.check_year_on_year(check, {"t": t}).findings] == ["holds", "violated"]
    allowed = {**check, "allowance": {"value": 50, "why": "revisions"}}
    assert [f.outcome for f in consistency.check_year_on_year(allowed, {"t": t}).findings] == ["holds", "holds"]


def test_the_committed_figures_pass_every_identity():
    results = consistency.run()
    assert not consistency.violations(results), consistency.findings(results, ("violated",)).to_string()
    assert sum(len(r.findings) for r in results) > 150  # the identities cover the tables, not a token few


def test_a_violation_stops_the_build_with_one_line(tmp_path):
    """A copy of the project's data (catalog, curated tables, processed folder) with one curated figure changed:
    the identities read curated tables where they are kept, so the edit is caught in data/curated/."""
    real, paths = Paths.default(), Paths.at(tmp_path)
    paths.data.mkdir()
    shutil.copy(real.catalog, paths.catalog)
    copy_schemas(paths.data)
    shutil.copytree(real.curated, paths.curated)
    shutil.copytree(real.processed, paths.processed)
    consistency.enforce(paths)  # the copy as committed passes
    ytd = paths.curated / "russia_budget_ytd.csv"
    text = ytd.read_text(encoding="utf-8")
    assert ",5700,1640," in text
    ytd.write_text(text.replace(",5700,1640,", ",5900,1640,", 1), encoding="utf-8")
    with pytest.raises(DataError, match=r"^consistency check budget-balance fails on data/curated/russia_budget_ytd"
                                        r"\.csv row \d+ \(2023 Q1\): .* a gap of [\d.]+ beyond rounding"):
        consistency.enforce(paths)
