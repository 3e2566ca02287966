"""Read and write processed tables: tidy CSV, fixed float format, atomic replace."""
from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path

import pandas as pd

from factcheck.errors import DataError


def sha256(path: Path) -> str:
    """Hex sha256 of a file."""
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 16), b""):
            digest.update(block)
    return digest.hexdigest()


def format_table(df: pd.DataFrame, spec: dict) -> pd.DataFrame:
    """Cells as text: floats with the column's fixed decimals, booleans as true/false."""
    out = pd.DataFrame(index=df.index)
    for name, col in spec["columns"].items():
        if name not in df.columns:
            raise DataError(f"builder output lacks column {name}")
        s = df[name]
        kind = col["type"]
        if kind == "float" and "decimals" in col:
            fmt = f"{{:.{col['decimals']}f}}"
            out[name] = s.map(lambda v: "" if pd.isna(v) else fmt.format(float(v)))
        elif kind == "bool":
            out[name] = s.map(lambda v: "" if pd.isna(v) else ("true" if v in (True, "true") else "false"))
        elif kind in ("int", "year"):
            out[name] = s.map(lambda v: "" if pd.isna(v) else str(int(v)))
        elif kind == "month":
            out[name] = s.map(lambda v: "" if pd.isna(v) else (v.strftime("%Y-%m") if hasattr(v, "strftime") else str(v)))
        elif kind == "date":
            out[name] = s.map(lambda v: "" if pd.isna(v) else (v.strftime("%Y-%m-%d") if hasattr(v, "strftime") else str(v)))
        else:
            out[name] = s.map(lambda v: "" if pd.isna(v) else str(v))
    return out


def write_csv(text: pd.DataFrame, path: Path) -> None:
    """Write text cells as CSV (LF line ends, minimal quoting) via a temporary file and rename."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            text.to_csv(fh, index=False, lineterminator="\n")
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def read_csv_text(path: Path, where: str) -> pd.DataFrame:
    """Read a CSV with every cell as text (nothing inferred), naming the file on failure."""
    try:
        return pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    except FileNotFoundError:
        raise DataError(f"{where}: file not found") from None
    except (pd.errors.ParserError, UnicodeDecodeError, pd.errors.EmptyDataError) as exc:
        raise DataError(f"{where}: cannot parse as CSV: {exc}") from None


def read_with_header(path: Path, where: str, header: list[str]) -> pd.DataFrame:
    """A CSV read as text that must have exactly ``header`` and at least one row."""
    df = read_csv_text(path, where)
    if list(df.columns) != header:
        raise DataError(f"{where}: header is {list(df.columns)}, expected {header}")
    if df.empty:
        raise DataError(f"{where}: no rows")
    return df


def daily_dates(df: pd.DataFrame, column: str, where: str) -> pd.Series:
    """A column of YYYY-MM-DD dates that must be real, unique and increasing (rows named as in the file)."""
    dates = pd.to_datetime(df[column], format="%Y-%m-%d", errors="coerce")
    checks = [(dates.isna(), "{column} = {value!r}, expected YYYY-MM-DD"),
              (dates.duplicated(), "duplicate date {value}"),
              (dates.diff() < pd.Timedelta(0), "date {value} is earlier than the row before")]
    for bad, message in checks:
        if bad.any():
            i = int(bad.idxmax())
            raise DataError(f"{where}: row {i + 2}: " + message.format(column=column, value=df[column][i]))
    return dates
