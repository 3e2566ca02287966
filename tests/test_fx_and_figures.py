"""Period averages of the official rate, conversions, and byte-identical figures."""
import subprocess
import sys

import pandas as pd
import pytest

from factcheck import fx
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
from factcheck.plotting import Chart, figure
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
    key = load("usd_rub_key_dates")
    assert fx.official_rate(key, "2023-04-07", "in_force") == 80.6713
    assert fx.official_rate(key, "2023-04-07", "set_on") == 82.3988
    with pytest.raises(DataError, match="no rate in_force 2023-04-09"):
        fx.official_rate(key, "2023-04-09", "in_force")


def test_log_shares_add_up_and_refuse_inconsistent_parts():
    from factcheck import oil
    out = oil.log_shares(0.5, {"a": 0.8, "b": 0.625})
    assert out["share_of_fall"].sum() == pytest.approx(1.0)
    with pytest.raises(ValueError, match="multiply to"):
        oil.log_shares(0.5, {"a": 0.8, "b": 0.7})
