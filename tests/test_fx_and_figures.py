"""Period averages of the official rate, conversions, and byte-identical figures."""
import subprocess
import sys

import pandas as pd
import pytest

from factcheck.analysis import fx
from factcheck.errors import DataError


def monthly(complete=(True, True)):
    return pd.DataFrame({"month": pd.PeriodIndex(["2023-01", "2023-02"], freq="M"), "rub_per_usd": [70.0, 73.0],
                         "n_rates": [17, 19], "complete": list(complete)})


def test_period_mean_weights_months_by_their_number_of_rates():
    assert fx.period_mean(monthly(), "2023-01", "2023-02") == pytest.approx((70 * 17 + 73 * 19) / 36)


def test_period_mean_refuses_incomplete_or_missing_months():
    with pytest.raises(DataError, match="no complete official rates for 2023-02"):
        fx.period_mean(monthly((True, False)), "2023-01", "2023-02")
    with pytest.raises(DataError, match="2023-03"):
        fx.period_mean(monthly(), "2023-01", "2023-03")


def test_conversions_relative_to_a_reference():
    rates = pd.DataFrame({"label": ["a", "b"], "rub_per_usd": [80.0, 100.0], "basis": ["", ""]})
    out = fx.conversions(2400, rates, reference="a")
    assert out["usd_bn"].tolist() == [30.0, 24.0]
    assert out["vs_reference_pct"].round(1).tolist() == [0.0, -20.0]


SCRIPT = """
import sys
from factcheck.charts.chart import Chart, figure
fig, ax = figure()
ax.plot([1, 2, 3], [3, 1, 2])
ax.set_title("t")
Chart("f", "A test chart.", ["brent_monthly"], out_dir=sys.argv[1]).save(fig)
"""


def test_figures_are_byte_identical_across_processes(tmp_path):
    outputs = []
    for run in ("a", "b"):
        out = tmp_path / run
        subprocess.run([sys.executable, "-c", SCRIPT, str(out)], check=True, env={"MPLBACKEND": "Agg"})
        outputs.append({p.name: p.read_bytes() for p in sorted(out.iterdir())})
    assert sorted(outputs[0]) == ["f.png", "f.svg"]
    assert outputs[0] == outputs[1]
    assert b"<dc:date>" not in outputs[0]["f.svg"]


def test_official_rate_in_force_and_set_on():
    from factcheck import load
    daily = load("usd_rub_daily")
    assert fx.official_rate(daily, "2023-04-07", "in_force") == 80.6713
    assert fx.official_rate(daily, "2023-04-07", "set_on") == 82.3988  # set on Friday, in force from Saturday
    assert fx.official_rate(daily, "2023-04-09", "in_force") == 82.3988  # a Sunday: Saturday's rate is in force
    with pytest.raises(DataError, match=r"usd_rub_daily: no official rate in force 2021-12-31 \(the table covers "
                                        r"2022-01-11 to 2024-06-12\)"):
        fx.official_rate(daily, "2021-12-31", "in_force")
    with pytest.raises(DataError, match="no official rate set on 2024-06-12"):
        fx.official_rate(daily, "2024-06-12", "set_on")
    gap = pd.DataFrame({"effective_date": pd.to_datetime(["2023-01-10", "2023-02-01"]), "rub_per_usd": [70.0, 71.0]})
    assert fx.official_rate(gap, "2023-01-22", "in_force") == 70.0  # twelve days without a new rate, at most
    with pytest.raises(DataError, match="no official rate in force 2023-01-23"):
        fx.official_rate(gap, "2023-01-23", "in_force")


def test_log_shares_add_up_and_refuse_inconsistent_parts():
    from factcheck.analysis import oil
    out = oil.log_shares(0.5, {"a": 0.8, "b": 0.625})
    assert out["share_of_fall"].sum() == pytest.approx(1.0)
    with pytest.raises(ValueError, match="multiply to"):
        oil.log_shares(0.5, {"a": 0.8, "b": 0.7})
