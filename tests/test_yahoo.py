"""Yahoo Finance via yfinance: fetch_ticker on frames shaped like yfinance 1.7.0's yf.download, and
the monthly builder. Nothing here reaches the network: yfinance.download is replaced by a function
that fails the test, and the download function is injected."""
import datetime as dt
import inspect
import json
import math

import numpy as np
import pandas as pd
import pytest
import requests
import yaml
import yfinance
import yfinance.multi
from curl_cffi.requests.exceptions import DNSError
from scratch import TODAY, data, job
from yfinance.exceptions import YFRateLimitError, YFTzMissingError

from factcheck.data import catalog, command
from factcheck.data.builders import yahoo as builder
from factcheck.data.fetch import RawFile, from_mirror
from factcheck.data.yahoo_download import RATE_LIMIT, fetch_ticker
from factcheck.errors import DataError

NAN = math.nan
BRENT = [  # date, open, high, low, close, adj close, volume
    (dt.date(2023, 4, 3), 80.10, 85.12, 79.80, 84.93, 84.93, 51234),
    (dt.date(2023, 4, 4), 84.70, 85.40, 84.00, 84.94, 84.94, 40211),
    (dt.date(2023, 4, 5), 84.90, 85.76, 84.20, 84.99, 84.99, 38876),
]
EXPECTED_CSV = ("date,open,high,low,close,adj_close,volume\n2023-04-03,80.1,85.12,79.8,84.93,84.93,51234\n"
                "2023-04-04,84.7,85.4,84.0,84.94,84.94,40211\n2023-04-05,84.9,85.76,84.2,84.99,84.99,38876\n")
PRICES = ["Adj Close", "Close", "High", "Low", "Open", "Volume"]


def history_frame(rows, tz="America/New_York"):
    """What Ticker.history returns for 1d data (scrapers/history.py PriceHistory.history): dates at
    midnight in the exchange's time zone, index named Date, prices float, Volume int64 (NaN filled with 0)."""
    index = pd.to_datetime([r[0] for r in rows]).tz_localize(tz)
    columns = ["Open", "High", "Low", "Close", "Adj Close", "Volume"]
    df = pd.DataFrame([r[1:] for r in rows], index=index, columns=columns)
    df = df.astype(float).assign(Volume=df["Volume"].fillna(0).astype(np.int64))
    return df.rename_axis("Date")


def yf_frame(ticker, rows, tz=None):
    """What yf.download(tickers=[ticker], interval="1d", multi_level_index=True, ...) returns (multi.py
    _download_impl): columns (Price, Ticker), price level sorted by name; index Date, tz-naive unless
    ignore_tz=False."""
    df = history_frame(rows, tz or "UTC")
    if tz is None:
        df.index = df.index.tz_localize(None)
    df.columns = pd.MultiIndex.from_product([df.columns, [ticker]], names=["Price", "Ticker"])
    return df.sort_index(axis=1, level=0)


def empty_frame(ticker):
    """yf.download's answer for a ticker that failed (unknown, delisted, rate limit, network): utils.empty_df
    reindexed on an empty DatetimeIndex (which drops the name Date), all float, no rows."""
    columns = pd.MultiIndex.from_product([PRICES, [ticker]], names=["Price", "Ticker"])
    return pd.DataFrame(index=pd.DatetimeIndex([], dtype="datetime64[s]"), columns=columns, dtype=float)


@pytest.fixture(autouse=True)
def no_network(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("the real yfinance.download was called")
    monkeypatch.setattr(yfinance, "download", refuse)


class FakeTicker:
    """Stands in for yfinance.Ticker inside yfinance's own download code: history() returns ``answer``
    or raises it, as PriceHistory.history does when _download_one turns hide_exceptions off."""

    answer = None

    def __init__(self, ticker):
        self.ticker, self._price_history = ticker, None

    def history(self, **kwargs):
        if isinstance(self.answer, Exception):
            raise self.answer
        return self.answer


@pytest.fixture
def yf_download(monkeypatch):
    """yfinance 1.7.0's real download assembly (multi.download) over a FakeTicker: no request is made."""
    monkeypatch.setattr(yfinance.multi, "Ticker", FakeTicker)

    def answering(answer):
        monkeypatch.setattr(FakeTicker, "answer", answer)
        return yfinance.multi.download
    return answering


def fetch(tmp_path, frame_or_fake, ticker="BZ=F", end="2023-05-01"):
    fake = frame_or_fake if callable(frame_or_fake) else (lambda **kwargs: frame_or_fake)
    return fetch_ticker(ticker, "2023-04-01", end, tmp_path / f"{ticker}.csv", fake, source_id="yahoo_market")


def fails(tmp_path, frame_or_fake, message, ticker="BZ=F"):
    with pytest.raises(DataError) as err:
        fetch(tmp_path, frame_or_fake, ticker)
    assert str(err.value).startswith(f"source yahoo_market: ticker {ticker}: ")
    assert message in str(err.value) and "\n" not in str(err.value)
    assert list(tmp_path.iterdir()) == []  # no file, no temporary left behind


@pytest.mark.filterwarnings("ignore::DeprecationWarning")  # yfinance's inplace= under pandas 3
def test_fixture_frames_are_what_yfinance_download_returns(yf_download):
    args = dict(start="2023-04-01", end="2023-05-01", interval="1d", auto_adjust=False, actions=False,
                progress=False, threads=False, multi_level_index=True)
    got = yf_download(history_frame(BRENT))(tickers=["BZ=F"], **args)
    pd.testing.assert_frame_equal(got, yf_frame("BZ=F", BRENT))
    got = yf_download(YFTzMissingError("XX=F"))(tickers=["XX=F"], **args)
    pd.testing.assert_frame_equal(got, empty_frame("XX=F"))


def test_download_gets_explicit_arguments_that_yfinance_accepts(tmp_path):
    calls = []
    fetch(tmp_path, lambda **kwargs: calls.append(kwargs) or yf_frame("BZ=F", BRENT), end=None)
    today = dt.datetime.now(dt.UTC).date().isoformat()
    assert calls == [dict(tickers=["BZ=F"], start="2023-04-01", end=today,
                          interval="1d", auto_adjust=False, actions=False, keepna=False, ignore_tz=True,
                          group_by="column", progress=False, threads=False, multi_level_index=True)]
    inspect.signature(yfinance.multi.download).bind(**calls[0])


def test_default_download_is_yfinance_download_looked_up_at_call_time(tmp_path):
    with pytest.raises(AssertionError, match="real yfinance.download"):
        fetch_ticker("BZ=F", "2023-04-01", "2023-05-01", tmp_path / "BZ=F.csv", source_id="yahoo_market")


def test_writes_a_plain_daily_csv(tmp_path):
    assert fetch(tmp_path, yf_frame("BZ=F", BRENT)).read_text() == EXPECTED_CSV
    assert [p.name for p in tmp_path.iterdir()] == ["BZ=F.csv"]


def test_tz_aware_index_gives_the_exchange_dates(tmp_path):
    assert fetch(tmp_path, yf_frame("BZ=F", BRENT, tz="America/New_York")).read_text() == EXPECTED_CSV


def test_rows_without_a_close_are_left_out(tmp_path):
    # a holiday row of NaN prices (as keepna=True or a multi-ticker union gives), and a row missing only its open
    rows = [BRENT[0], (dt.date(2023, 4, 4), NAN, NAN, NAN, NAN, NAN, 0),
            (dt.date(2023, 4, 5), NAN, 85.76, 84.2, 84.99, 84.99, 1)]
    assert fetch(tmp_path, yf_frame("BZ=F", rows)).read_text().splitlines()[1:] == [
        "2023-04-03,80.1,85.12,79.8,84.93,84.93,51234", "2023-04-05,,85.76,84.2,84.99,84.99,1"]


def test_futures_may_close_below_zero_and_the_download_leaves_the_sign_to_the_builder(tmp_path):
    wti = [(dt.date(2020, 4, 20), 17.73, 17.85, -40.32, -37.63, -37.63, 247947)]
    saved = fetch(tmp_path, yf_frame("CL=F", wti), "CL=F").read_text()
    assert "2020-04-20,17.73,17.85,-40.32,-37.63,-37.63,247947" in saved
    rub = fetch(tmp_path, yf_frame("RUB=X", [(dt.date(2023, 4, 3), 81, 81, 0, 0, 0, 0)]), "RUB=X")
    assert "2023-04-03,81.0,81.0,0.0,0.0,0.0,0" in rub.read_text()  # a zero close is saved: the catalog's
    # input rules for the table judge it when it is built (see test_real_catalog_sign_rules_*)


def test_failure_leaves_an_earlier_file_untouched(tmp_path):
    dest = fetch(tmp_path, yf_frame("BZ=F", BRENT))
    with pytest.raises(DataError):
        fetch(tmp_path, empty_frame("BZ=F"))
    assert dest.read_text() == EXPECTED_CSV and len(list(tmp_path.iterdir())) == 1


def flat(frame):
    return frame.droplevel("Ticker", axis=1).rename_axis(None, axis=1)


def with_dates(frame, dates):
    return frame.set_axis(pd.DatetimeIndex(dates, name="Date"), axis=0)


@pytest.mark.parametrize("frame, message", [
    (empty_frame("BZ=F"),
     "no data returned: unknown or delisted ticker, or no trading in the range 2023-04-01 to 2023-05-01"),
    (flat(yf_frame("BZ=F", BRENT)), "are not yfinance's two levels (Price, Ticker)"),
    (yf_frame("CL=F", BRENT), "columns are for tickers ['CL=F'], expected ['BZ=F']"),
    (yf_frame("BZ=F", BRENT).drop(columns="Adj Close", level=0),
     "price columns are ['Close', 'High', 'Low', 'Open', 'Volume']"),
    (yf_frame("BZ=F", BRENT).astype({("Close", "BZ=F"): str}), "column close has dtype"),
    (with_dates(yf_frame("BZ=F", BRENT), ["2023-04-03", "2023-04-03", "2023-04-05"]), "date 2023-04-03 appears twice"),
    (with_dates(yf_frame("BZ=F", BRENT), ["2023-04-04", "2023-04-03", "2023-04-05"]),
     "dates are not in increasing order"),
    (with_dates(yf_frame("BZ=F", BRENT), ["2023-04-03 09:30", "2023-04-03 09:31", "2023-04-03 09:32"]),
     "has a time of day"),
    (yf_frame("BZ=F", [(dt.date(2023, 4, 3), NAN, NAN, NAN, NAN, NAN, 7)]), "every close is empty"),
    (yf_frame("BZ=F", [(dt.date(2023, 4, 3), 1, 1, 1, math.inf, 1, 1)]), "close = inf, expected a finite number"),
])
def test_wrong_frames_fail_with_one_line_and_write_nothing(tmp_path, frame, message):
    fails(tmp_path, frame, message)


@pytest.mark.parametrize("exc, message", [
    (YFRateLimitError(), RATE_LIMIT),
    (requests.ConnectionError("Failed to resolve 'query2.finance.yahoo.com'"),
     "download failed: ConnectionError: Failed to resolve 'query2.finance.yahoo.com'"),
    (DNSError("Failed to perform, curl: (6) Could not resolve host: query2.finance.yahoo.com"),
     "download failed: DNSError: Failed to perform, curl: (6) Could not resolve host"),
])
def test_exceptions_from_download_become_data_errors(tmp_path, exc, message):
    def raising(**kwargs):
        raise exc
    fails(tmp_path, raising, message)


@pytest.mark.filterwarnings("ignore::DeprecationWarning")
@pytest.mark.parametrize("exc, message", [
    (YFRateLimitError(), RATE_LIMIT),
    (YFTzMissingError("XX=F"), "no data returned: unknown or delisted ticker, or no trading in the range 2023-04-01 "
                               "to 2023-05-01 (yfinance: YFTzMissingError('possibly delisted; no timezone found'))"),
    (DNSError("Could not resolve host: query2.finance.yahoo.com"),
     "download failed: DNSError('Could not resolve host: query2.finance.yahoo.com')"),
])
def test_errors_yfinance_logs_instead_of_raising_are_reported(tmp_path, yf_download, exc, message):
    fails(tmp_path, yf_download(exc), message, "XX=F")


# --- the builder -------------------------------------------------------------------------------------

HEADER = "date,open,high,low,close,adj_close,volume\n"
DAILY = HEADER + ("2023-03-01,1,1,1,80.00,80,5\n2023-03-31,1,1,1,79.00,79,5\n"
                  "2023-04-03,,,,84.93,84.93,0\n2023-04-28,1,1,1,79.54,79.54,5\n2023-05-02,1,1,1,75.32,75.32,5\n")
PARAMS = {"table_files": {"brent_futures_monthly": "BZ=F.csv"}}
YAHOO_SOURCE = """
  yahoo_market:
    title: t
    publisher: Yahoo Finance
    licence: restricted
    fetch: yfinance
    files:
      - {name: BZ=F.csv, ticker: "BZ=F", url: "https://finance.yahoo.com/quote/BZ=F/history", mirror: yahoo/BZ=F.csv}
    builder: factcheck.data.builders.yahoo:build
    params: {start: "2023-03-01", end: "2023-05-01", table_files: {brent_futures_monthly: BZ=F.csv}}
"""
YAHOO_TABLE = """
  brent_futures_monthly:
    title: t
    source: yahoo_market
    unit: USD/bbl
    frequency: monthly
    key: [month]
    input_rules: {sign: positive, max: 300, future_days: 1, max_gap_days: 40, why: "Brent futures are positive"}
    columns:
      month: {type: month}
      close_mean: {type: float, decimals: 2, min: 5, max: 200}
      close_last: {type: float, decimals: 2, min: 5, max: 200}
      n_days: {type: int, min: 1, max: 23}
      days_left_out: {type: int, min: 0, max: 23}
"""
SCRATCH_TABLES = yaml.safe_load(YAHOO_TABLE)  # the scratch catalog's yahoo table (gaps of up to 40 days)
REAL_TABLES = {t: e for t, e in catalog.catalog()["tables"].items() if e["source"] == "yahoo_market"}


def raw(path):
    return RawFile(path.name, f"https://finance.yahoo.com/quote/{path.stem}/history", path, "0" * 64, "download",
                   path.name)


def write(tmp_path, text, name="BZ=F.csv"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def yahoo_job(*paths, params=PARAMS, tables=None, today=TODAY):
    return job("yahoo_market", [raw(p) for p in paths], params, tables or SCRATCH_TABLES, today)


def test_monthly_mean_last_and_days_leaving_out_an_incomplete_last_month(tmp_path):
    built = builder.build(yahoo_job(write(tmp_path, DAILY)))
    assert built.tables["brent_futures_monthly"].to_dict("records") == [
        {"month": "2023-03", "close_mean": 79.5, "close_last": 79.0, "n_days": 2, "days_left_out": 0},
        {"month": "2023-04", "close_mean": (84.93 + 79.54) / 2, "close_last": 79.54, "n_days": 2, "days_left_out": 0}]
    assert built.notes == {"brent_futures_monthly": [
        "month 2023-05 left out as incomplete: the daily data end on 2023-05-02"]}
    assert built.input_files == {"brent_futures_monthly": ["BZ=F.csv"]}


def test_incomplete_first_month_is_left_out(tmp_path):
    text = HEADER + ("2023-03-15,1,1,1,80,80,5\n2023-03-31,1,1,1,79,79,5\n"
                     "2023-04-03,1,1,1,84,84,5\n2023-04-28,1,1,1,80,80,5\n")
    built = builder.build(yahoo_job(write(tmp_path, text)))
    assert built.tables["brent_futures_monthly"]["month"].tolist() == ["2023-04"]
    assert built.notes["brent_futures_monthly"] == [
        "month 2023-03 left out as incomplete: the daily data start on 2023-03-15"]


def test_builds_from_what_fetch_ticker_saved(tmp_path):
    path = fetch(tmp_path, yf_frame("BZ=F", BRENT))
    built = builder.build(yahoo_job(path))
    assert built.tables["brent_futures_monthly"].empty
    assert built.notes["brent_futures_monthly"] == [
        "month 2023-04 left out as incomplete: the daily data end on 2023-04-05"]


@pytest.mark.parametrize("text, message", [
    ("Date,Open,High,Low,Close,Adj Close,Volume\n2023-04-03,1,1,1,1,1,1\n", "header is ['Date', 'Open',"),
    (HEADER, "no rows"),
    (HEADER + "2023-04-03,1,1,1,84.9,84.9,1\n2023-04-0,1,1,1,85,85,1\n",
     "row 3: date = '2023-04-0', expected a date YYYY-MM-DD"),
    (HEADER + "2023-04-03,1,1,1,84.9,84.9,1\n2023-04-04,1,1,1,n/a,85,1\n", "row 3: close = 'n/a', expected a number"),
    (HEADER + "2023-04-03,1,1,1,,84.9,1\n", "row 2: close = '', expected a number"),
    (HEADER + "2023-04-03,x,1,1,84.9,84.9,1\n", "row 2: open = 'x', expected a number"),
    (HEADER + "2023-04-03,1,1,1,84.9,84.9,1\n2023-04-03,1,1,1,85,85,1\n", "row 3: duplicate date 2023-04-03"),
    (HEADER + "2023-04-04,1,1,1,84.9,84.9,1\n2023-04-03,1,1,1,85,85,1\n",
     "row 3: date 2023-04-03 is earlier than the row before"),
    (HEADER + "2023-04-03,1,1,1,84.9,84.9,1\n2023-04-04,1,1,1,-1,-1,1\n",
     "row 3: close = -1 is negative; this series has positive values only (Brent futures are positive)"),
    (HEADER + "2023-04-03,1,1,1,84.9,84.9,1\n2099-01-01,1,1,1,85,85,1\n",
     "row 3: date 2099-01-01 is after the build date 2026-12-01 plus 1 days allowed"),
    (HEADER + "2023-04-03,1,1,1,84.9,84.9,1\n2023-05-31,1,1,1,85,85,1\n",
     "row 3: date 2023-05-31 comes 58 days after the row before; the series allows at most 40"),
])
def test_bad_daily_csv_names_source_file_and_row(tmp_path, text, message):
    with pytest.raises(DataError) as err:
        builder.read_prices(yahoo_job(write(tmp_path, text)), "brent_futures_monthly", "BZ=F.csv")
    assert str(err.value).startswith("source yahoo_market: BZ=F.csv: ")
    assert message in str(err.value) and "\n" not in str(err.value)


def daily(*closes, start=dt.date(2020, 4, 1)):
    """Weekday closes from ``start``, as fetch_ticker saves them."""
    days = [d for d in (start + dt.timedelta(n) for n in range(3 * len(closes))) if d.weekday() < 5][:len(closes)]
    return HEADER + "".join(f"{d:%Y-%m-%d},{c},{c},{c},{c},{c},1\n" for d, c in zip(days, closes))


def test_real_catalog_sign_rules_brent_positive_wti_any_rub_positive(tmp_path):
    params = {"table_files": catalog.source_spec("yahoo_market")["params"]["table_files"]}
    assert params["table_files"] == {"brent_futures_monthly": "BZ=F.csv", "wti_futures_monthly": "CL=F.csv",
                                     "usd_rub_market_monthly": "RUB=X.csv"}
    brent = write(tmp_path, daily(20.0, 19.5, 21.0), "BZ=F.csv")
    wti = write(tmp_path, daily(18.0, -37.63, 10.0), "CL=F.csv")  # NYMEX WTI settled at -37.63 on 2020-04-20
    rub = write(tmp_path, daily(74.0, 75.0, 76.0), "RUB=X.csv")
    built = builder.build(yahoo_job(brent, wti, rub, params=params, tables=REAL_TABLES))
    assert set(built.tables) == set(params["table_files"])  # a negative WTI day is accepted (sign: any)
    for name, closes, table, word in [("BZ=F.csv", (20.0, -1.5, 21.0), "brent_futures_monthly", "negative"),
                                      ("RUB=X.csv", (74.0, 0.0, 76.0), "usd_rub_market_monthly", "zero")]:
        path = write(tmp_path, daily(*closes), name)
        with pytest.raises(DataError) as err:
            builder.read_prices(yahoo_job(path, tables=REAL_TABLES), table, name)
        assert str(err.value).startswith(f"source yahoo_market: {name}: row 3: close = {closes[1]} is {word}; "
                                         f"this series has positive values only (")


def test_a_zero_close_saved_by_fetch_ticker_is_rejected_by_the_builder(tmp_path):
    path = fetch(tmp_path, yf_frame("RUB=X", [(dt.date(2023, 4, 3), 81, 81, 0, 0, 0, 0)]), "RUB=X")
    with pytest.raises(DataError) as err:
        builder.read_prices(yahoo_job(path, tables=REAL_TABLES), "usd_rub_market_monthly", "RUB=X.csv")
    assert str(err.value).startswith("source yahoo_market: RUB=X.csv: row 2: close = 0.0 is zero; this series has "
                                     "positive values only (a market quote of roubles per dollar is positive")


# --- the build step (factcheck-data) on a scratch project with a Yahoo source ------------------------------

@pytest.fixture
def yahoo_project(project, monkeypatch):
    """The scratch project, its catalog with a yfinance source; no $DATA_MIRROR."""
    monkeypatch.delenv("DATA_MIRROR", raising=False)
    path = project.paths.catalog
    text = path.read_text(encoding="utf-8")
    text = text.replace("\ntables:\n", "\n" + YAHOO_SOURCE.strip("\n") + "\ntables:\n", 1) + YAHOO_TABLE
    path.write_text(text, encoding="utf-8")
    return project


def test_build_skips_yahoo_when_the_mirror_has_none(yahoo_project, capsys):
    root = yahoo_project.root
    assert data(yahoo_project, "build") == 0
    assert "yahoo_market: skipped: the mirror holds no Yahoo Finance files" in capsys.readouterr().err
    assert data(yahoo_project, "commit") == 0
    assert (root / "data/processed/brent_monthly.csv").is_file()
    assert not (root / "data/processed/brent_futures_monthly.csv").exists()


def test_build_reads_yahoo_from_a_mirror_that_has_it(yahoo_project):
    (yahoo_project.mirror / "yahoo").mkdir()
    write(yahoo_project.mirror / "yahoo", DAILY)
    assert data(yahoo_project, "build") == 0 and data(yahoo_project, "commit") == 0
    assert (yahoo_project.root / "data/processed/brent_futures_monthly.csv").read_text() == (
        "month,close_mean,close_last,n_days,days_left_out\n2023-03,79.50,79.00,2,0\n2023-04,82.24,79.54,2,0\n")


def test_build_gets_yahoo_online_through_yfinance(yahoo_project, monkeypatch):
    root = yahoo_project.root
    march = [(dt.date(2023, 3, d), 80.0, 81.0, 79.0, 70.0 + d, 70.0 + d, 1000) for d in (1, 15, 31)]
    april = [(dt.date(2023, 4, d), 80.0, 81.0, 79.0, 84.0, 84.0, 1000) for d in (3, 28)]
    calls = []

    def download(**kwargs):
        calls.append(kwargs)
        return yf_frame("BZ=F", march + april)
    monkeypatch.setattr(yfinance, "download", download)
    # online (no --mirror), only the Yahoo source: the other sources' URLs are never fetched
    assert command.main(["build", "yahoo_market", "--today", TODAY.isoformat(), "--mirror="],
                        paths=yahoo_project.paths) == 0
    assert command.main(["commit"], paths=yahoo_project.paths) == 0
    assert len(calls) == 1
    assert calls[0]["tickers"] == ["BZ=F"] and calls[0]["start"] == "2023-03-01" and calls[0]["end"] == "2023-05-01"
    assert (root / "data/processed/brent_futures_monthly.csv").read_text() == (
        "month,close_mean,close_last,n_days,days_left_out\n2023-03,85.67,101.00,3,0\n2023-04,84.00,84.00,2,0\n")
    saved = root / "data/raw/yahoo_market/BZ=F.csv"
    assert saved.read_text().startswith("date,open,high,low,close,adj_close,volume\n2023-03-01,80.0,81.0,79.0,71.0,")
    origin = json.loads((root / "data/raw/yahoo_market/BZ=F.csv.origin.json").read_text())
    assert origin["url"] == "https://finance.yahoo.com/quote/BZ=F/history" and origin["producer"] == "Yahoo Finance"
    entry = json.loads((root / "data/processed/manifest.json").read_text())["tables"]["brent_futures_monthly"]
    assert entry["inputs"][0]["url"] == "https://finance.yahoo.com/quote/BZ=F/history"
    assert entry["inputs"][0]["via"] == "download"
    assert entry["inputs"][0]["sha256"] == origin["sha256"]


# --- bad ticks: the catalog's tick_rules, applied by the builder -------------------------------------------

RUB_TABLE = REAL_TABLES["usd_rub_market_monthly"]


def rub_day(date, close, low, high):
    return f"{date},{low},{high},{low},{close},{close},0\n"


def rub_file(tmp_path, rows, name="RUB=X.csv"):
    return write(tmp_path, HEADER + "".join(rub_day(*r) for r in rows), name)


# Shaped like Yahoo's RUB=X around its real quirks: a close of 5.0 inside a 75.76-77.04 day; a close of 110.67
# on a 56.5-58.2 day; a thin market far above the official rate in March 2022 (a real move, kept).
QUIRKS = [("2022-03-04", 109.46, 103.77, 115.39), ("2022-03-08", 138.97, 122.0, 141.46),
          ("2022-03-09", 129.96, 115.82, 138.96), ("2022-06-10", 57.97, 56.59, 59.39),
          ("2022-06-13", 110.67, 56.47, 58.22), ("2022-06-14", 57.72, 56.21, 59.17),
          ("2023-03-15", 75.71, 75.13, 76.38), ("2023-03-16", 5.0, 75.76, 77.04), ("2023-03-17", 76.46, 76.08, 77.28)]


def test_the_real_rules_leave_out_yahoos_bad_ticks_and_keep_the_march_2022_market(tmp_path):
    kept, left = builder.clean(pd.read_csv(rub_file(tmp_path, QUIRKS), parse_dates=["date"]), RUB_TABLE["tick_rules"])
    assert [(f"{x.date:%Y-%m-%d}", x.close) for x in left] == [("2022-06-13", 110.67), ("2023-03-16", 5.0)]
    assert "90.1% above the day's high 58.22" in left[0].note() and "93.4% below the day's low 75.76" in left[1].note()
    assert kept["close"].tolist() == [109.46, 138.97, 129.96, 57.97, 57.72, 75.71, 76.46]


def test_a_close_a_little_outside_its_range_stays(tmp_path):
    # Yahoo's FX closes often sit just outside the day's range (3.4% at most, on 2024-05-29): not a bad tick
    rows = [("2024-05-28", 88.0, 87.5, 88.5), ("2024-05-29", 91.62, 88.57, 88.57), ("2024-05-30", 89.0, 88.5, 89.5)]
    kept, left = builder.clean(pd.read_csv(rub_file(tmp_path, rows), parse_dates=["date"]), RUB_TABLE["tick_rules"])
    assert left == [] and len(kept) == 3


def test_a_spike_inside_a_wide_range_is_judged_against_its_neighbours(tmp_path):
    rules = {"spike": {"jump": 0.10, "neighbours_within": 0.05, "why": "isolated"}}
    rows = [("2023-01-02", 70.0, 60, 90), ("2023-01-03", 80.0, 60, 90), ("2023-01-04", 71.0, 60, 90),
            ("2023-01-05", 90.0, 60, 95), ("2023-01-06", 91.0, 60, 95)]  # a level shift is a move, not a spike
    kept, left = builder.clean(pd.read_csv(rub_file(tmp_path, rows), parse_dates=["date"]), rules)
    assert [(f"{x.date:%Y-%m-%d}", x.reason) for x in left] == [
        ("2023-01-03", "12.7% or more away from both neighbouring closes (70, 71): isolated")]
    assert kept["close"].tolist() == [70.0, 71.0, 90.0, 91.0]


def test_closed_days_and_an_unfinished_last_session_are_left_out(tmp_path):
    rows = [("2023-12-22", 91.0, 90.5, 91.5), ("2023-12-25", 92.09, 92.09, 92.09), ("2023-12-26", 91.5, 91, 92),
            ("2024-01-19", 89.0, 88, 90)]
    kept, left = builder.clean(pd.read_csv(rub_file(tmp_path, rows), parse_dates=["date"]), RUB_TABLE["tick_rules"],
                               captured="2024-01-19")
    assert [x.note().split(" left out: ")[0] for x in left] == ["2023-12-25: close 92.09", "2024-01-19: close 89"]
    assert left[0].reason.startswith("no market that day: ")
    assert "may still have been open" in left[1].reason
    assert kept["date"].dt.strftime("%Y-%m-%d").tolist() == ["2023-12-22", "2023-12-26"]


def test_left_out_closes_are_counted_by_month_and_listed_in_the_notes(tmp_path):
    march = [(f"2023-03-{d:02d}", 75.0 + d / 10, 74, 78) for d in range(1, 32)
             if dt.date(2023, 3, d).weekday() < 5]
    april = [(f"2023-04-{d:02d}", 80.0, 79, 81) for d in (3, 14, 28)]
    rows = [r if r[0] != "2023-03-16" else ("2023-03-16", 5.0, 75.76, 77.04) for r in march] + april
    path = rub_file(tmp_path, rows)
    params = {"table_files": {"usd_rub_market_monthly": "RUB=X.csv"},
              "daily_windows": {"usd_rub_market_daily": {"file": "RUB=X.csv", "windows": [
                  {"from": "2023-03-15", "to": "2023-03-17", "why": "w"}]}}}
    built = builder.build(yahoo_job(path, params=params, tables=REAL_TABLES))
    march_row = built.tables["usd_rub_market_monthly"].iloc[0]
    others = [c for r in march if r[0] != "2023-03-16" for c in [r[1]]]
    assert (march_row["n_days"], march_row["days_left_out"]) == (22, 1)
    assert march_row["close_mean"] == pytest.approx(sum(others) / len(others))
    assert built.tables["usd_rub_market_daily"].to_dict("list") == {
        "date": [pd.Timestamp("2023-03-15"), pd.Timestamp("2023-03-17")], "low": [74.0, 74.0], "high": [78.0, 78.0],
        "close": [76.5, 76.7]}
    assert built.notes["usd_rub_market_monthly"][0].startswith("2023-03-16: close 5 left out: 93.4% below")
    assert built.notes["usd_rub_market_daily"] == built.notes["usd_rub_market_monthly"][:1]


def test_a_file_of_bad_ticks_only_is_an_error(tmp_path):
    path = rub_file(tmp_path, [("2023-03-16", 5.0, 75.76, 77.04)])
    with pytest.raises(DataError) as err:
        builder.build(yahoo_job(path, params={"table_files": {"usd_rub_market_monthly": "RUB=X.csv"}},
                                tables=REAL_TABLES))
    why = RUB_TABLE["tick_rules"]["outside_range"]["why"]  # the catalog's reason, as the researcher words it
    assert str(err.value) == ("source yahoo_market: RUB=X.csv: every close is left out by the tick_rules of "
                              "usd_rub_market_monthly (the first: 2023-03-16: close 5 left out: 93.4% below the "
                              f"day's low 75.76: {why})")


def test_a_mirror_copy_records_its_download_day(tmp_path):
    mirror = tmp_path / "mirror"
    (mirror / "yahoo").mkdir(parents=True)
    rub_file(mirror / "yahoo", [("2026-01-16", 78.2, 77.7, 78.3), ("2026-01-19", 77.6, 77.4, 78.3)])
    source = {"files": [{"name": "RUB=X.csv", "mirror": "yahoo/RUB=X.csv", "url": "https://x",
                         "captured": "2026-01-19"}]}
    files = from_mirror("yahoo_market", source, mirror)
    assert files[0].captured == "2026-01-19"
    params = {"table_files": {"usd_rub_market_monthly": "RUB=X.csv"}}
    built = builder.build(job("yahoo_market", files, params, REAL_TABLES))
    assert built.notes["usd_rub_market_monthly"][0].startswith("2026-01-19: close 77.6 left out: dated on or after")


@pytest.mark.parametrize("answer, message", [
    (YFRateLimitError(), "source yahoo_market: ticker BZ=F: Yahoo Finance rate limit; try again later"),
    (lambda **kwargs: empty_frame("BZ=F"), "source yahoo_market: ticker BZ=F: no data returned"),
    (lambda **kwargs: flat(yf_frame("BZ=F", BRENT)), "source yahoo_market: ticker BZ=F: columns ["),
])
def test_an_online_build_that_yahoo_fails_says_so_in_one_line_and_keeps_the_committed_data(
        yahoo_project, monkeypatch, capsys, answer, message):
    (yahoo_project.mirror / "yahoo").mkdir()
    write(yahoo_project.mirror / "yahoo", DAILY)
    assert data(yahoo_project, "build") == 0 and data(yahoo_project, "commit") == 0  # a first build, from a mirror
    committed = {p.name: p.read_bytes() for p in yahoo_project.paths.committed.iterdir()}

    def failing(**kwargs):
        if isinstance(answer, Exception):
            raise answer
        return answer(**kwargs)
    monkeypatch.setattr(yfinance, "download", failing)
    capsys.readouterr()
    assert command.main(["build", "yahoo_market", "--today", TODAY.isoformat(), "--mirror="],
                        paths=yahoo_project.paths) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert err[-1].startswith(f"error: {message}"), err
    assert {p.name: p.read_bytes() for p in yahoo_project.paths.committed.iterdir()} == committed
    assert not list((yahoo_project.root / "data" / "raw").rglob("*.csv"))  # no partial download left behind
