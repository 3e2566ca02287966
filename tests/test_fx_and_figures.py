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
from factcheck import plotting
fig, ax = plotting.figure()
ax.plot([1, 2, 3], [3, 1, 2])
ax.set_title("t")
plotting.save(fig, "f", "Source: test", out_dir=sys.argv[1])
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
