"""The snapshot step for ``fetch: yfinance`` sources: daily market prices from Yahoo Finance (via yfinance), saved
as plain CSV raw files. Reads each ``files`` entry of the source (``name``, ``ticker``, a ``url`` for people) and
its ``params`` (``start``, ``end``); writes data/raw/<source>/<name> and its origin record. yfinance makes its own
requests, so the download guards of ``factcheck.data.fetch`` (hosts, size, deadline) do not apply here.
"""
from __future__ import annotations

import datetime as dt
import logging
from pathlib import Path

import numpy as np
import pandas as pd

from factcheck.data.csvio import sha256, write_csv
from factcheck.data.fetch import RawFile, raw_path, write_origin
from factcheck.errors import DataError
from factcheck.paths import Paths

COLUMNS = {"Open": "open", "High": "high", "Low": "low", "Close": "close", "Adj Close": "adj_close",
           "Volume": "volume"}
RATE_LIMIT = "Yahoo Finance rate limit; try again later"
NO_DATA = "no data returned: unknown or delisted ticker, or no trading in the range"


class _LoggedErrors(logging.Handler):
    """yf.download does not raise on a failed ticker: it logs the error and returns an empty frame."""

    def __init__(self):
        super().__init__(logging.ERROR)
        self.messages: list[str] = []

    def emit(self, record):
        self.messages.append(record.getMessage().strip())


def fetch_ticker(ticker: str, start: str, end: str | None, dest: Path, download=None, *,
                 source_id: str) -> Path:
    """Save ``ticker``'s daily prices from ``start`` to ``end`` (exclusive) as CSV at ``dest``.

    ``end`` None means today's UTC date, so the last row is a finished session. ``download``
    defaults to ``yf.download`` (looked up at call time). The CSV has the columns date, open,
    high, low, close, adj_close, volume; rows without a close (Yahoo's holiday rows) are left
    out. It is written atomically; on any error (DataError naming source and ticker) nothing is.
    """
    import yfinance as yf  # imported here: only an online build of this source needs it (and it is slow to import)
    from yfinance.exceptions import YFException, YFRateLimitError

    where = f"source {source_id}: ticker {ticker}"
    end = end or dt.datetime.now(dt.UTC).date().isoformat()
    logged, logger = _LoggedErrors(), logging.getLogger("yfinance")
    logger.addHandler(logged)
    try:
        frame = (download or yf.download)(
            tickers=[ticker], start=start, end=end, interval="1d", auto_adjust=False, actions=False,
            keepna=False, ignore_tz=True, group_by="column", progress=False, threads=False,
            multi_level_index=True)
    except YFRateLimitError:
        raise DataError(f"{where}: {RATE_LIMIT}") from None
    except (YFException, OSError) as exc:  # requests' and curl_cffi's errors are OSErrors
        raise DataError(f"{where}: download failed: {type(exc).__name__}: {exc}") from None
    finally:
        logger.removeHandler(logged)
    if not isinstance(frame, pd.DataFrame):
        raise DataError(f"{where}: download returned {type(frame).__name__}, expected a DataFrame")
    if frame.empty:
        reason = next((m.split(": ", 1)[-1] for m in reversed(logged.messages) if ticker.upper() in m), "")
        if "YFRateLimitError" in reason:
            raise DataError(f"{where}: {RATE_LIMIT}")
        if reason and "Missing" not in reason:  # YFTzMissingError, YFPricesMissingError: no data
            raise DataError(f"{where}: download failed: {reason}")
        raise DataError(f"{where}: {NO_DATA} {start} to {end}" + (f" (yfinance: {reason})" if reason else ""))
    daily = normalise(frame, ticker, where)
    write_csv(daily, dest)
    return dest


def normalise(frame: pd.DataFrame, ticker: str, where: str) -> pd.DataFrame:
    """yf.download's (Price, Ticker) frame for one ticker as a checked daily table."""
    cols = frame.columns
    if not isinstance(cols, pd.MultiIndex) or list(cols.names) != ["Price", "Ticker"]:
        raise DataError(f"{where}: columns {list(cols)} are not yfinance's two levels (Price, Ticker)")
    tickers = sorted(set(cols.get_level_values("Ticker")))
    if tickers != [ticker.upper()]:
        raise DataError(f"{where}: columns are for tickers {tickers}, expected [{ticker.upper()!r}]")
    prices = sorted(cols.get_level_values("Price"))
    if prices != sorted(COLUMNS):
        raise DataError(f"{where}: price columns are {prices}, expected {sorted(COLUMNS)}")
    df = frame.droplevel("Ticker", axis=1)[list(COLUMNS)].rename(columns=COLUMNS)
    for name in df:
        if not pd.api.types.is_numeric_dtype(df[name]):
            raise DataError(f"{where}: column {name} has dtype {df[name].dtype}, expected numbers")
    if not isinstance(df.index, pd.DatetimeIndex):
        raise DataError(f"{where}: index is {type(df.index).__name__}, expected dates")
    dates = df.index.tz_localize(None) if df.index.tz is not None else df.index  # exchange-local dates
    if (dates != dates.normalize()).any():
        raise DataError(f"{where}: index {dates[dates != dates.normalize()][0]} has a time of day, "
                        f"expected daily dates")
    df.index = dates
    df = df[df["close"].notna()]
    if df.empty:
        raise DataError(f"{where}: {NO_DATA} (every close is empty)")
    if df.index.duplicated().any():
        raise DataError(f"{where}: date {df.index[df.index.duplicated()][0]:%Y-%m-%d} appears twice")
    if not df.index.is_monotonic_increasing:
        raise DataError(f"{where}: dates are not in increasing order")
    close = df["close"]  # its sign and range are the builder's input rules (the catalog's input_rules)
    bad = ~np.isfinite(close)
    if bad.any():
        raise DataError(f"{where}: date {close.index[bad][0]:%Y-%m-%d}: close = {close[bad].iloc[0]}, "
                        f"expected a finite number")
    return df.reset_index(names="date").assign(date=lambda d: d["date"].dt.strftime("%Y-%m-%d"))


def downloads(source_id: str, source: dict, paths: Paths) -> list[RawFile]:
    """Every ticker of a ``fetch: yfinance`` source, saved under data/raw/<source>/ with its origin record."""
    params, out = source.get("params", {}), []
    for f in source["files"]:
        dest = raw_path(paths.raw, source_id, f["name"])
        fetch_ticker(f["ticker"], params["start"], params.get("end"), dest, source_id=source_id)
        digest = sha256(dest)
        write_origin(dest, source, f, f["url"], digest)
        out.append(RawFile(f["name"], f["url"], dest, digest, "download", f["name"]))
    return out
