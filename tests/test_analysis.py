"""The analysis layer, one behaviour per test: each builds a few hand-made rows shaped like the loaded tables
(months as Period[M], dates as datetime64, curated text columns as strings with NA for empty), so every expected
number can be checked by hand from the fixture."""
import math

import pandas as pd
import pytest

from factcheck.analysis import budget, conflicts, events, fx, oil, sanctions, sources, trade
from factcheck.analysis.sanctions import ALL_ENTRIES, ANY_RUSSIA, PROGRAMMES, RUSSIA_PARTIES
from factcheck.data.citations import TIERS, Policy
from factcheck.errors import DataError

PROVENANCE = ("conflict_group", "analysis_choice", "choice_reason", "reported_by", "source_url")


def months(*texts: str) -> pd.PeriodIndex:
    return pd.PeriodIndex(list(texts), freq="M")


def dates(*texts: str) -> pd.DatetimeIndex:
    return pd.DatetimeIndex(list(texts))


def text(values) -> pd.arrays.StringArray:
    return pd.array(list(values), dtype="string")


def curated(columns: dict, **provenance) -> pd.DataFrame:
    """A curated table: the given columns, then the provenance columns (NA unless given)."""
    df = pd.DataFrame(columns)
    for col in PROVENANCE:
        df[col] = text(provenance.get(col, [None] * len(df)))
    return df


def usd_rub_monthly(rates: dict[str, tuple[float, int]], complete: list | None = None) -> pd.DataFrame:
    """``usd_rub_monthly``: month -> (mean official rate, number of rates)."""
    return pd.DataFrame({"month": months(*rates), "rub_per_usd": [r for r, _ in rates.values()],
                         "n_rates": pd.array([n for _, n in rates.values()], dtype="Int64"),
                         "complete": pd.array(complete or [True] * len(rates), dtype="boolean")})


def usd_rub_daily(rates: dict[str, float]) -> pd.DataFrame:
    """``usd_rub_daily``: effective date -> official rate."""
    return pd.DataFrame({"effective_date": dates(*rates), "rub_per_usd": list(rates.values())})


# 2023-04-01 is a Saturday, 2023-04-04 a Tuesday
DAILY = usd_rub_daily({"2023-04-01": 80.0, "2023-04-04": 75.0})


# --- budget -----------------------------------------------------------------------------------------------------

def budget_ytd(**columns) -> pd.DataFrame:
    base = {"period_type": text(["cumulative", "full_year", "full_year", "full_year", "full_year"]),
            "period_start": months("2023-01", "2022-01", "2022-01", "2023-01", "2024-01"),
            "period_end": months("2023-03", "2022-12", "2022-12", "2023-12", "2024-12"),
            "balance_bn_rub": [-100.0, -300.0, -310.0, -200.0, None],
            "revenues_bn_rub": [500.0, 2000.0, 2000.0, 2100.0, 2500.0]}
    return curated({**base, **columns}, conflict_group=[None, "g1", "g1", None, None],
                   analysis_choice=[None, "alternative", "use", None, None])


def budget_row(revenue: float, revenue_yoy: float, oil_gas: float, oil_gas_yoy: float, spending: float,
               spending_yoy: float) -> pd.Series:
    return pd.Series({"revenues_bn_rub": revenue, "revenues_yoy_pct": revenue_yoy, "oil_gas_revenues_bn_rub": oil_gas,
                      "oil_gas_yoy_pct": oil_gas_yoy, "expenditures_bn_rub": spending,
                      "expenditures_yoy_pct": spending_yoy, "balance_bn_rub": revenue - spending})


def test_budget_period_picks_the_rows_covering_exactly_those_months():
    df = pd.DataFrame({"period_start": months("2023-01", "2023-01", "2023-02"),
                       "period_end": months("2023-03", "2023-06", "2023-03"), "balance_bn_rub": [1.0, 2.0, 3.0]})
    assert budget.period(df, "2023-01", "2023-03")["balance_bn_rub"].tolist() == [1.0]
    assert budget.period(df, "2023-01", "2023-02").empty


def test_year_on_year_implies_year_earlier_values_from_the_reported_changes():
    out = budget.year_on_year(budget_row(1100, 10, 600, 20, 1500, 25))
    assert out["item"].tolist() == ["Revenue", "Oil-and-gas revenue", "Spending"]
    assert out["this_year_bn_rub"].tolist() == [1100, 600, 1500]
    assert out["yoy_pct"].tolist() == [10, 20, 25]
    assert out["year_earlier_implied_bn_rub"].tolist() == pytest.approx([1000, 500, 1200])


def test_full_years_keeps_one_chosen_full_year_row_with_a_value_per_year():
    out = budget.full_years(budget_ytd())
    assert out["year"].tolist() == [2022, 2023]  # the cumulative row and 2024 (no balance) are left out
    assert out["balance_bn_rub"].tolist() == [-310.0, -200.0]  # 2022: the row marked 'use', not the alternative
    assert out.index.tolist() == [0, 1]


def test_full_years_reads_the_column_asked_for():
    assert budget.full_years(budget_ytd(), "revenues_bn_rub")["year"].tolist() == [2022, 2023, 2024]


def test_full_years_takes_the_first_of_several_reports_used_for_a_year():
    df = budget_ytd(balance_bn_rub=[-100.0, -300.0, -310.0, -200.0, -201.0],
                    period_start=months("2023-01", "2022-01", "2022-01", "2023-01", "2023-01"),
                    period_end=months("2023-03", "2022-12", "2022-12", "2023-12", "2023-12"))
    assert budget.full_years(df)["balance_bn_rub"].tolist() == [-310.0, -200.0]


def test_balance_drivers_share_out_the_worsening():
    # revenue 880 after -12% (was 1000), oil and gas 400 after -20% (was 500), spending 880 after +10% (was 800):
    # the balance went from 200 to 0, a worsening of 200 = 100 oil and gas + 20 other revenue + 80 spending
    this_year = budget_row(880, -12, 400, -20, 880, 10)
    split = pd.DataFrame({"share_of_fall": [0.5, 0.25, 0.25]},
                         index=["discount, after the cap took effect", "discount, invasion to the eve of the cap",
                                "Brent (world price, USD)"])
    out = budget.balance_drivers(this_year, 200.0, split)
    assert out["bn_rub"].tolist() == pytest.approx([50, 25, 25, 20, 80])
    assert out["share_of_worsening"].tolist() == pytest.approx([0.25, 0.125, 0.125, 0.1, 0.4])
    assert out.index[0] == "oil-and-gas revenue lost to the discount after the cap"
    assert out.index[-1] == "spending rise"


# --- conflicts --------------------------------------------------------------------------------------------------

def conflicting(**provenance) -> pd.DataFrame:
    defaults = {"conflict_group": ["g1", "g1", None, None],
                "analysis_choice": ["use", "alternative", None, "set_aside"],
                "choice_reason": ["the ministry's own figure", "an earlier estimate", None, "no page shows it"],
                "reported_by": ["Ministry", "Wire", "Paper", "Blog"]}
    return curated({"month": months("2023-01", "2023-01", "2023-02", "2023-03"), "value": [10.0, 12.0, 20.0, 30.0]},
                   **{**defaults, **provenance})


def test_chosen_keeps_rows_outside_conflicts_and_the_one_used_in_each():
    assert conflicts.chosen(conflicting())["value"].tolist() == [10.0, 20.0]


def test_groups_lists_the_differing_figures_the_one_used_and_why():
    out = conflicts.groups({"t": conflicting()})
    assert out.to_dict("records") == [{"table": "t", "group": "g1", "figures": "value: 10 (set aside: 12)",
                                       "used": "Ministry", "set aside": "Wire", "why": "the ministry's own figure"}]


def test_groups_says_none_used_when_every_report_is_set_aside():
    df = conflicting(analysis_choice=["set_aside", "set_aside", None, "set_aside"],
                     choice_reason=["too old", "no page", None, "no page shows it"])
    row = conflicts.groups({"t": df}).iloc[0]
    assert (row["figures"], row["used"], row["set aside"], row["why"]) == \
        ("(wording or date)", "none", "Ministry; Wire", "too old; no page")


def test_groups_with_equal_figures_differ_in_wording_or_date():
    df = conflicting()
    df["value"] = [10.0, 10.0, 20.0, 30.0]
    assert conflicts.groups({"t": df})["figures"].tolist() == ["(wording or date)"]


def test_groups_skips_tables_without_a_conflict_column():
    assert conflicts.groups({"built": pd.DataFrame({"month": months("2023-01"), "value": [1.0]})}).empty


# --- events -----------------------------------------------------------------------------------------------------

EVENTS = curated({"event_id": text(["E1", "E2", "E3", "E4", "E4"]),
                  "date": text(["2022-02-24", "2023-03", "2021", "2023-05-01", "2023-05-02"]),
                  "end_date": text([None, "2023-03-31", None, None, None])})


def test_event_date_of_an_exact_date():
    assert events.event_date(EVENTS, "E1") == pd.Timestamp("2022-02-24")


def test_event_date_of_a_month_only_date_when_exactness_is_waived():
    assert events.event_date(EVENTS, "E2", exact=False) == pd.Timestamp("2023-03-01")


def test_event_date_refuses_a_date_not_to_the_day():
    with pytest.raises(DataError, match="events: E2 is dated only 2023-03, not to the day"):
        events.event_date(EVENTS, "E2")


@pytest.mark.parametrize("event_id", ["E9", "E4"])  # unknown, or listed twice
def test_event_date_needs_exactly_one_event(event_id):
    with pytest.raises(DataError, match=f"events: no single event {event_id}"):
        events.event_date(EVENTS, event_id)


def test_dated_puts_partial_dates_mid_period_and_flags_them():
    out = events.dated(EVENTS.iloc[:3])
    assert out["start"].tolist() == list(dates("2022-02-24", "2023-03-15", "2021-07-01"))
    assert out["approximate"].tolist() == [False, True, True]
    assert out["end"].iloc[1] == pd.Timestamp("2023-03-31")
    assert out["end"].iloc[[0, 2]].isna().all()


def test_months_between_uses_the_average_month():
    # 2020-01-01 to 2024-01-01 is 1461 days, four years of 365.25 days
    assert events.months_between(pd.Timestamp("2020-01-01"), pd.Timestamp("2024-01-01")) == pytest.approx(48)


@pytest.mark.parametrize("date, year", [("2022-02-24", 1), ("2023-02-23", 1), ("2023-02-24", 2), ("2025-03-01", 4)])
def test_year_of_counts_anniversaries(date, year):
    assert events.year_of(pd.Timestamp(date), pd.Timestamp("2022-02-24")) == year


@pytest.mark.parametrize("earlier, later, weeks", [
    ("2023-01-02", "2023-01-08", 0),  # Monday and Sunday of one week
    ("2023-01-08", "2023-01-09", 1),  # Sunday, then the next day's Monday
    ("2023-01-02", "2023-01-23", 3),
])
def test_calendar_weeks_between_counts_monday_based_weeks(earlier, later, weeks):
    assert events.calendar_weeks_between(pd.Timestamp(earlier), pd.Timestamp(later)) == weeks


# --- fx ---------------------------------------------------------------------------------------------------------

def test_period_mean_weights_each_month_by_its_number_of_rates():
    monthly = usd_rub_monthly({"2023-01": (60.0, 10), "2023-02": (90.0, 20)})
    assert fx.period_mean(monthly, "2023-01", "2023-02") == pytest.approx(80)  # (600 + 1800) / 30


@pytest.mark.parametrize("complete", [[True, False], [True, None]])
def test_period_mean_refuses_an_incomplete_month(complete):
    monthly = usd_rub_monthly({"2023-01": (60.0, 10), "2023-02": (90.0, 20)}, complete)
    with pytest.raises(DataError, match="usd_rub_monthly: no complete official rates for 2023-02"):
        fx.period_mean(monthly, "2023-01", "2023-02")


def test_period_mean_refuses_a_missing_month():
    monthly = usd_rub_monthly({"2023-01": (60.0, 10)})
    with pytest.raises(DataError, match="no complete official rates for 2023-02, 2023-03"):
        fx.period_mean(monthly, "2023-01", "2023-03")


def test_conversions_against_a_reference_rate():
    rates = pd.DataFrame({"label": ["ref", "other"], "rub_per_usd": [80.0, 100.0], "basis": ["a", "b"]})
    out = fx.conversions(2400, rates, "ref")
    assert out["usd_bn"].tolist() == pytest.approx([30, 24])
    assert out["vs_reference_pct"].tolist() == pytest.approx([0, -20])
    assert out["basis"].tolist() == ["a", "b"]


@pytest.mark.parametrize("labels", [["a", "b"], ["ref", "ref"]])
def test_conversions_need_the_reference_once(labels):
    rates = pd.DataFrame({"label": labels, "rub_per_usd": [80.0, 100.0], "basis": ["", ""]})
    with pytest.raises(ValueError, match="reference rate 'ref' must appear exactly once"):
        fx.conversions(2400, rates, "ref")


@pytest.mark.parametrize("day, rule, rate", [
    ("2023-04-01", "in_force", 80.0),  # the day it took effect
    ("2023-04-03", "in_force", 80.0),
    ("2023-04-03", "set_on", 75.0),  # the next rate, in force from the day after
    ("2023-04-16", "in_force", 75.0),  # twelve days on, still in force
])
def test_official_rate_in_force_or_set_on_a_day(day, rule, rate):
    assert fx.official_rate(DAILY, day, rule) == rate


@pytest.mark.parametrize("day, rule, words", [
    ("2023-03-31", "in_force", "in force 2023-03-31"),  # before the table
    ("2023-04-17", "in_force", "in force 2023-04-17"),  # thirteen days after the last rate
    ("2023-03-27", "set_on", "set on 2023-03-27"),  # the next rate is five days later
    ("2023-04-04", "set_on", "set on 2023-04-04"),  # no later rate
])
def test_official_rate_refuses_a_day_the_table_does_not_cover(day, rule, words):
    with pytest.raises(DataError, match=f"usd_rub_daily: no official rate {words} "
                                        r"\(the table covers 2023-04-01 to 2023-04-04\)"):
        fx.official_rate(DAILY, day, rule)


def test_defensible_rates_for_a_quarter():
    news = pd.Series({"reported_by": "Wire calculations", "rub_per_usd": 77.5})
    monthly = usd_rub_monthly({"2023-01": (60.0, 10), "2023-02": (90.0, 10), "2023-03": (75.0, 10)})
    out = fx.defensible_rates(news, DAILY, monthly, "2023-04-03", ("2023-01", "2023-03"))
    assert out["label"].tolist() == ["rate used by Wire, 3 Apr 2023", "official rate in force on 3 Apr 2023",
                                     "official rate set on 3 Apr 2023", "mean official rate, Q1 2023"]
    assert out["rub_per_usd"].tolist() == pytest.approx([77.5, 80, 75, 75])


def test_defensible_rates_name_other_periods_by_their_months():
    news = pd.Series({"reported_by": "Wire", "rub_per_usd": 77.5})
    monthly = usd_rub_monthly({"2023-02": (90.0, 10), "2023-03": (70.0, 10)})
    out = fx.defensible_rates(news, DAILY, monthly, "2023-04-03", ("2023-02", "2023-03"))
    assert out["label"].iloc[-1] == "mean official rate, 2023-02–2023-03"
    assert out["rub_per_usd"].iloc[-1] == pytest.approx(80)


def test_market_beside_official_adds_the_rate_in_force_and_the_gap():
    market = pd.DataFrame({"date": dates("2023-04-03", "2023-04-04"), "low": [85.0, 88.0], "high": [90.0, 92.0],
                           "close": [88.0, 90.0]})
    out = fx.market_beside_official(market, DAILY)
    assert out["official"].tolist() == [80.0, 75.0]
    assert out["gap_pct"].tolist() == pytest.approx([10, 20])


@pytest.mark.parametrize("rate, expected", [
    (88.0, {"inside_range": True, "vs_close_pct": 0, "vs_official_pct": 10}),
    (92.4, {"inside_range": False, "vs_close_pct": 5, "vs_official_pct": 15.5}),
])
def test_place_in_day(rate, expected):
    day = pd.Series({"low": 85.0, "high": 90.0, "close": 88.0, "official": 80.0})
    assert fx.place_in_day(rate, day) == pytest.approx(expected)


def test_monthly_market_gap_for_the_months_both_cover():
    market = pd.DataFrame({"month": months("2023-01", "2023-02"), "close_mean": [66.0, 77.0]})
    official = pd.DataFrame({"month": months("2023-02", "2023-03"), "rub_per_usd": [70.0, 75.0]})
    out = fx.monthly_market_gap(market, official)
    assert out["month"].tolist() == list(months("2023-02"))
    assert (out["market"].iloc[0], out["official"].iloc[0]) == (77.0, 70.0)
    assert out["gap_pct"].iloc[0] == pytest.approx(10)


# --- oil --------------------------------------------------------------------------------------------------------

TIMELINE = curated({
    "event_id": text(["P1", "P2", "P3", "P4", "P5", "P6"]),
    "date": text(["2022-12-05", "2022-12-05", "2023-02-05", "2025-09-03", "2022-09-02", "2024-01-01"]),
    "jurisdiction": text(["G7 (US, UK); EU", "Australia", "EU", "EU", "G7", "EU"]),
    "product": text(["crude oil", "crude oil", "premium-to-crude products", "crude oil", "crude oil", "crude oil"]),
    "level_usd_bbl": [60.0, 60.0, 100.0, 47.6, 60.0, None],
    "event_kind": text(["cap_in_force", "cap_in_force", "cap_in_force", "cap_in_force", "agreement_in_principle",
                        "cap_in_force"]),
})


def test_cap_steps_for_a_product_in_a_jurisdiction():
    out = oil.cap_steps(TIMELINE, "crude", "EU")
    assert out["date"].tolist() == list(dates("2022-12-05", "2025-09-03"))
    assert out["level_usd_bbl"].tolist() == [60.0, 47.6]


def test_cap_steps_match_the_jurisdiction_as_a_word():
    assert oil.cap_steps(TIMELINE, "crude", "US")["date"].tolist() == list(dates("2022-12-05"))
    with pytest.raises(DataError, match="price_cap_timeline: no cap in force for 'crude' in G"):
        oil.cap_steps(TIMELINE, "crude", "G")


def test_cap_steps_refuse_a_product_without_a_cap():
    with pytest.raises(DataError, match="price_cap_timeline: no cap in force for 'gas' in EU"):
        oil.cap_steps(TIMELINE, "gas", "EU")


@pytest.mark.parametrize("date, level", [("2022-12-05", 60.0), ("2025-01-01", 60.0), ("2025-09-03", 47.6)])
def test_cap_on_a_date(date, level):
    steps = pd.DataFrame({"date": dates("2022-12-05", "2025-09-03"), "level_usd_bbl": [60.0, 47.6]})
    assert oil.cap_on(steps, pd.Timestamp(date)) == level


def test_cap_on_before_the_first_step_is_nan():
    steps = pd.DataFrame({"date": dates("2022-12-05"), "level_usd_bbl": [60.0]})
    assert math.isnan(oil.cap_on(steps, pd.Timestamp("2022-12-04")))


def test_monthly_series_takes_the_chosen_rows_and_the_first_of_a_month():
    df = curated({"month": months("2023-01", "2023-01", "2023-02", "2023-02"),
                  "urals_usd_bbl": [52.0, 50.0, 55.0, 56.0]},
                 conflict_group=["g1", "g1", None, None], analysis_choice=["alternative", "use", None, None])
    out = oil.monthly_series(df, "urals_usd_bbl")
    assert out.to_dict() == {pd.Period("2023-01", "M"): 50.0, pd.Period("2023-02", "M"): 55.0}


BRENT = pd.Series([70.0, 80.0, 90.0], index=months("2023-01", "2023-02", "2023-03"), name="brent")


def test_mean_over_a_span_of_months():
    assert oil.mean_over(BRENT, "2023-01", "2023-03") == pytest.approx(80)
    assert oil.mean_over(BRENT, "2023-02", "2023-02") == 80.0


def test_mean_over_refuses_missing_months():
    with pytest.raises(DataError, match="brent: no value for 2023-04, 2023-05"):
        oil.mean_over(BRENT, "2023-02", "2023-05")


def test_log_shares_split_a_change_by_the_log_of_each_part():
    out = oil.log_shares(0.125, {"a": 0.25, "b": 0.5})  # 1/8 = 1/4 x 1/2: two thirds and one third of the log
    assert out["driver"].tolist() == ["a", "b"]
    assert out["change_pct"].tolist() == pytest.approx([-75, -50])
    assert out["share_of_fall"].tolist() == pytest.approx([2 / 3, 1 / 3])


def test_log_shares_refuse_parts_that_do_not_multiply_to_the_total():
    with pytest.raises(ValueError, match="the parts multiply to 0.125000, not 0.200000"):
        oil.log_shares(0.2, {"a": 0.25, "b": 0.5})


def test_rouble_urals_split():
    # Brent halves (100 -> 50); Urals/Brent stays 0.8 to the eve of the cap, then halves to 0.4; the rate 80 -> 20:
    # the rouble Urals price falls from 80 x 80 = 6400 to 20 x 20 = 400, 1/16 = 2^-4, of which 1/2 is Brent's
    # (a quarter of the log), the discount after the cap another quarter, and the rouble the remaining half
    span = months("2022-01", "2022-02", "2022-06", "2023-01")
    brent = pd.Series([90.0, 110.0, 120.0, 50.0], index=span, name="brent")
    urals = pd.Series([70.0, 90.0, 96.0, 20.0], index=span, name="urals")
    rates = usd_rub_monthly({"2022-01": (80.0, 10), "2022-02": (80.0, 10), "2023-01": (20.0, 10)})
    out = oil.rouble_urals_split(brent, urals, rates, base=("2022-01", "2022-02"), post=("2023-01", "2023-01"),
                                 precap=("2022-06", "2022-06"))
    assert out.index.tolist() == ["Brent (world price, USD)", "discount, invasion to the eve of the cap",
                                  "discount, after the cap took effect", "roubles per dollar (official)"]
    assert out["change_pct"].tolist() == pytest.approx([-50, 0, -50, -75])
    assert out["share_of_fall"].tolist() == pytest.approx([0.25, 0, 0.25, 0.5])


def test_period_summary_means_over_named_periods():
    monthly = pd.DataFrame({"brent": [100.0, 80.0, 90.0, 60.0], "urals": [80.0, 60.0, None, 30.0],
                            "revenue": [900.0, 700.0, 600.0, None]},
                           index=months("2023-01", "2023-02", "2023-03", "2023-04"))
    out = oil.period_summary(monthly, {"before": ("2023-01", "2023-02"), "after": ("2023-03", "2023-04")})
    before, after = out.to_dict("records")
    assert before == pytest.approx({"period": "before", "from": "2023-01", "to": "2023-02", "months with Urals": 2,
                                    "Brent, $": 90, "Urals, $": 70, "discount, $": 20, "of Brent": 0.225,
                                    "oil and gas, bn RUB a month": 800, "months with revenue": 2})
    # March has no Urals price, so its Brent is left out too; April has no revenue
    assert after == pytest.approx({"period": "after", "from": "2023-03", "to": "2023-04", "months with Urals": 1,
                                   "Brent, $": 60, "Urals, $": 30, "discount, $": 30, "of Brent": 0.5,
                                   "oil and gas, bn RUB a month": 600, "months with revenue": 1})


def test_beside_trackers_puts_our_figure_next_to_each_comparable_estimate():
    monthly = pd.DataFrame({"brent": [80.0], "urals": [60.0]}, index=months("2023-01"))
    trackers = curated({"month": months("2023-01", "2023-01", "2023-01", "2023-01", "2023-05"),
                        "tracker": text(["A", "A", "B", "B", "B"]), "value": [21.0, 26.0, 59.0, 1.0, 50.0],
                        "compared_with": text(["urals_discount", "urals_discount_pct", "urals_price", None,
                                               "urals_price"])})
    out = oil.beside_trackers(trackers, monthly)
    assert out["value"].tolist() == [21.0, 26.0, 59.0, 50.0]  # the row compared with nothing is left out
    assert out["ours"].iloc[:3].tolist() == pytest.approx([20, 25, 60])
    assert pd.isna(out["ours"].iloc[3])  # no figure of ours for May


def test_futures_beside_spot_over_the_months_either_covers():
    futures = pd.DataFrame({"month": months("2023-01", "2023-02"), "close_mean": [82.0, 80.0]})
    spot = pd.DataFrame({"month": months("2023-02", "2023-03"), "usd_bbl": [83.0, 79.0]})
    out = oil.futures_beside_spot(futures, spot)
    assert out["month"].tolist() == list(months("2023-01", "2023-02", "2023-03"))
    assert out["spot_minus_futures"].iloc[1] == pytest.approx(3)  # backwardation
    assert out["spot_minus_futures"].iloc[[0, 2]].isna().all()


# --- sanctions --------------------------------------------------------------------------------------------------

SNAPSHOTS = ["2022-01-01", "2022-06-01"]
TAG, OTHER_TAG = "RUSSIA-EO14024", "UKRAINE-EO13660"
ENTRIES = {TAG: (10, 110), OTHER_TAG: (50, 60), ANY_RUSSIA: (55, 160), RUSSIA_PARTIES: (40, 130),
           ALL_ENTRIES: (1000, 1200)}


def sdn_counts() -> pd.DataFrame:
    rows = [(day, program, counts[i]) for program, counts in ENTRIES.items() for i, day in enumerate(SNAPSHOTS)]
    return pd.DataFrame({"snapshot_date": dates(*(r[0] for r in rows)), "program": text(r[1] for r in rows),
                         "entries": pd.array([r[2] for r in rows], dtype="Int64")})


def test_counts_by_snapshot_one_row_per_snapshot_one_column_per_programme():
    wide = sanctions.counts_by_snapshot(sdn_counts())
    assert wide.index.tolist() == list(dates(*SNAPSHOTS))
    assert sorted(wide.columns) == sorted(ENTRIES)
    assert wide.loc["2022-06-01", TAG] == 110


@pytest.mark.parametrize("date, snapshot", [("2022-03-15", "2022-01-01"), ("2022-06-01", "2022-06-01"),
                                            ("2023-01-01", "2022-06-01")])
def test_snapshot_before_a_date(date, snapshot):
    wide = sanctions.counts_by_snapshot(sdn_counts())
    assert sanctions.snapshot_before(wide, date) == pd.Timestamp(snapshot)


def test_snapshot_before_the_first_is_an_error():
    wide = sanctions.counts_by_snapshot(sdn_counts())
    with pytest.raises(DataError, match="sdn_program_counts: no snapshot on or before 2021-12-31"):
        sanctions.snapshot_before(wide, "2021-12-31")


def test_by_programme_lists_tags_largest_addition_first_then_the_aggregates():
    wide = sanctions.counts_by_snapshot(sdn_counts())
    out = sanctions.by_programme(wide, *dates(*SNAPSHOTS))
    assert out.index.name == "programme"
    assert out.index[:2].tolist() == [TAG, OTHER_TAG]
    assert out["added"].tolist() == [100, 10, 105, 90, 200]
    assert out.loc[TAG, ["before", "after"]].tolist() == [10, 110]
    assert out.loc["all entries, any programme", ["before", "after"]].tolist() == [1000, 1200]
    assert out.index[2:].tolist() == ["any Russia-related tag (each entry once)",
                                      "Russia-related individuals and entities (no vessels or aircraft)",
                                      "all entries, any programme"]
    assert out.loc[TAG, "what"] == PROGRAMMES[TAG].split(":")[0]
    assert out["what"].iloc[2:].tolist() == ["", "", ""]


def test_listing_window_names_the_last_snapshot_without_each_entry():
    snapshots = dates("2022-01-01", "2022-03-01", "2022-06-01")
    named = pd.DataFrame({"ent_num": [1, 2], "name": text(["SHIP A", "BANK B"]), "programs": text([TAG, OTHER_TAG]),
                          "first_seen_snapshot": dates("2022-06-01", "2022-03-01")})
    out = sanctions.listing_window(named, snapshots)
    assert out.columns.tolist() == ["name", "programs", "absent_on", "first_seen_snapshot"]
    assert out["absent_on"].tolist() == list(dates("2022-03-01", "2022-01-01"))


# --- trade ------------------------------------------------------------------------------------------------------

def china_month() -> pd.DataFrame:
    return curated({
        "period_start": months("2023-01", "2023-01", "2023-02", "2023-01", "2023-03"),
        "period_end": months("2023-01", "2023-01", "2023-02", "2023-02", "2023-03"),
        "period_kind": text(["month", "month", "month", "year_to_date", "month"]),
        "china_exports_to_russia_usd_bn": [10.0, 11.0, 12.0, 22.0, None],
        "china_imports_from_russia_usd_bn": [8.0, 8.0, None, 17.0, None],
        "total_usd_bn": [18.0, 19.0, None, 39.0, 5.0],
    }, conflict_group=["g1", "g1", None, None, None], analysis_choice=["use", "alternative", None, None, None])


def test_china_by_month_keeps_chosen_single_months_with_a_flow():
    out = trade.china_by_month(china_month())
    assert out.index.name == "month"
    assert out.index.tolist() == list(months("2023-01", "2023-02"))  # March has a total only
    assert out.columns.tolist() == ["exports", "imports", "total"]
    assert out.loc[pd.Period("2023-01", "M")].tolist() == [10.0, 8.0, 18.0]


def test_china_by_year_takes_the_best_sourced_value_of_each_flow():
    table = curated({
        "year": pd.array([2022, 2022, 2022, 2023, 2023], dtype="Int64"),
        "china_exports_to_russia_usd_bn": [71.0, 70.0, 72.0, 90.0, 99.0],
        "china_imports_from_russia_usd_bn": [None, 110.0, None, 120.0, 199.0],
        "total_usd_bn": [181.0, 180.0, None, None, None],
        "exports_kind": text(["derived", "reported", "reported", None, "reported"]),
        "imports_kind": text([None, "implied", None, "reported", "reported"]),
        "total_kind": text(["reported", "estimate", None, None, None]),
    }, conflict_group=[None, None, None, "g1", "g1"], analysis_choice=[None, None, None, "use", "alternative"])
    out = trade.china_by_year(table)
    assert out.index.name == "year"
    assert out.loc[2022].to_dict() == {"exports": 70.0, "exports_kind": "reported", "imports": 110.0,
                                       "imports_kind": "implied", "total": 181.0, "total_kind": "reported"}
    assert out.loc[2023, ["exports", "imports"]].tolist() == [90.0, 120.0]  # 2023's alternative is left out
    assert out.loc[2023, ["exports_kind", "total", "total_kind"]].isna().all()


def test_reported_exports_to_russia_one_column_per_reporter():
    table = curated({
        "reporter": text(["Turkey", "Turkey", "Kazakhstan", "Turkey", "Turkey", "Turkey"]),
        "measure": text(["exports_to_russia"] * 4 + ["bilateral_trade_turnover", "exports_to_russia"]),
        "period_start": months("2022-01", "2023-01", "2022-01", "2023-01", "2022-01", "2022-01"),
        "period_end": months("2022-12", "2023-12", "2022-12", "2023-06", "2022-12", "2022-12"),
        "period_kind": text(["full_year", "full_year", "full_year", "partial_year", "full_year", "full_year"]),
        "value_usd_bn": [9.0, 11.0, 8.0, 5.0, 60.0, 9.5],
    }, conflict_group=["g1", None, None, None, None, "g1"],
        analysis_choice=["use", None, None, None, None, "alternative"])
    out = trade.reported_exports_to_russia(table)
    assert out.index.tolist() == [2022, 2023]
    assert out.loc[2022, ["Kazakhstan", "Turkey"]].tolist() == [8.0, 9.0]
    assert out.loc[2023, "Turkey"] == 11.0
    assert pd.isna(out.loc[2023, "Kazakhstan"])


def test_indexed_to_a_base_year():
    wide = pd.DataFrame({"a": [50.0, 75.0], "b": [20.0, 10.0]}, index=[2021, 2022])
    out = trade.indexed(wide, 2021)
    assert out.to_dict("list") == {"a": [100.0, 150.0], "b": [100.0, 50.0]}


# --- sources ----------------------------------------------------------------------------------------------------

POLICY = {
    "tiers": {t: t for t in TIERS},
    "never_patterns": [],
    "hosts": {
        "www.minfin.gov.ru": {"tier": "publisher", "outlet": "Ministry", "kind": "the ministry's page", "why": "w"},
        "tass.com": {"tier": "wire", "outlet": "TASS", "kind": "state news agency", "state": "RU state", "why": "w"},
        "news.cn.example": {"tier": "wire", "outlet": "CN wire", "kind": "state news agency", "state": "CN state",
                            "why": "w"},
        "agg.example": {"tier": "aggregator", "outlet": "Agg", "kind": "aggregator", "why": "w"},
    },
}
TASS, MINFIN, CN, AGG = "https://tass.com/1", "https://www.minfin.gov.ru/1", "https://news.cn.example/1", \
    "https://agg.example/1"


@pytest.fixture
def policy() -> Policy:
    return Policy(POLICY)


def urals(urls: list, choice: list, reason: list | None = None, group: list | None = None) -> pd.DataFrame:
    """An ``urals_price_month`` table (its key: month), one month per row from 2023-01."""
    n = len(urls)
    return curated({"month": pd.period_range("2023-01", periods=n, freq="M"), "urals_usd_bbl": [50.0] * n},
                   source_url=urls, analysis_choice=choice, choice_reason=reason or [None] * n,
                   conflict_group=group or [None] * n, reported_by=[f"outlet {i}" for i in range(n)])


def test_tiers_by_table_counts_used_rows_by_their_best_page(policy):
    first = urals([TASS, MINFIN, f"{AGG} | {MINFIN}", AGG, TASS, None],
                  [None, None, None, "use", "alternative", "set_aside"],
                  group=[None, None, None, "g1", "g1", None], reason=[None, None, None, "a", "b", "no page"])
    second = urals([TASS], [None])
    out = sources.tiers_by_table({"first": first, "second": second}, policy).set_index("table")
    assert out.columns.tolist() == [*TIERS[:-1], "set aside"]
    assert out.loc["first"].tolist() == [2, 1, 0, 0, 1, 1]  # the alternative is not counted
    assert out.loc["second"].tolist() == [0, 1, 0, 0, 0, 0]
    assert out.loc["all tables"].tolist() == [2, 2, 0, 0, 1, 1]


def test_label_of_a_monthly_table_is_its_month():
    assert sources.label(urals([TASS, TASS], [None, None]), "urals_price_month").tolist() == ["2023-01", "2023-02"]


def test_label_puts_a_period_as_a_span_after_the_other_key_columns():
    df = pd.DataFrame({"reporter": text(["Turkey", "Turkey"]), "measure": text(["exports_to_russia"] * 2),
                       "period_start": months("2023-01", "2023-03"), "period_end": months("2023-02", "2023-03")})
    assert sources.label(df, "exports_to_russia_year").tolist() == ["Turkey, exports_to_russia, 2023-01 to 2023-02",
                                                                     "Turkey, exports_to_russia, 2023-03"]


def test_label_of_no_rows_is_empty():
    out = sources.label(urals([], []), "urals_price_month")
    assert out.empty and out.dtype == "string"


def test_state_media_only_lists_used_rows_citing_nothing_else(policy):
    df = urals([TASS, f"{TASS} | {CN}", f"{TASS} | {MINFIN}", TASS, None, TASS],
               [None, None, None, "set_aside", "set_aside", "alternative"],
               reason=[None, None, None, "x", "y", "z"], group=[None, None, None, None, None, "g1"])
    out = sources.state_media_only({"urals_price_month": df}, policy)
    assert out.to_dict("list") == {"table": ["urals_price_month"] * 2, "row": ["2023-01", "2023-02"],
                                   "reported by": ["outlet 0", "outlet 1"],
                                   "state media": ["RU state", "CN state; RU state"]}


def test_state_media_only_finds_nothing_in_well_sourced_tables(policy):
    out = sources.state_media_only({"urals_price_month": urals([MINFIN], [None])}, policy)
    assert out.empty
    assert out.columns.tolist() == ["table", "row", "reported by", "state media"]


def test_set_aside_lists_each_row_with_who_and_why():
    df = urals([TASS, None, AGG], [None, "set_aside", "set_aside"], reason=[None, "no page shows it", "a blog only"])
    out = sources.set_aside({"urals_price_month": df, "russia_budget_month": urals([TASS], [None])})
    assert out.to_dict("list") == {"table": ["urals_price_month"] * 2, "row": ["2023-02", "2023-03"],
                                   "reported by": ["outlet 1", "outlet 2"], "why": ["no page shows it", "a blog only"]}


def test_set_aside_of_tables_with_nothing_set_aside_is_empty():
    out = sources.set_aside({"urals_price_month": urals([TASS], [None])})
    assert out.empty
    assert out.columns.tolist() == ["table", "row", "reported by", "why"]


def test_per_table_counts_rows_and_gathers_their_flags():
    rows = pd.DataFrame({"table": ["a", "a", "b"], "row": ["2023-01", "2023-02", "2023-01"],
                         "state media": ["RU state", "CN state; RU state", "RU state"]})
    out = sources.per_table(rows)
    assert out.to_dict("list") == {"table": ["a", "b"], "rows": [2, 1], "flags": ["CN state; RU state", "RU state"]}
