"""Table files: the one CSV reader (every cell as text, errors naming file and row), the writer (tidy CSV, fixed
decimals, written to a temporary name and renamed), and sha256. Reads and writes the paths it is given."""
from __future__ import annotations

import csv
import hashlib
import io
import math
import os
import re
import tempfile
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import TextIO

import pandas as pd

from factcheck.errors import DataError


def sha256(path: Path) -> str:
    """Hex sha256 of a file."""
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 16), b""):
            digest.update(block)
    return digest.hexdigest()


def format_table(df: pd.DataFrame, spec: dict, where: str) -> pd.DataFrame:
    """Cells as text: floats with the column's fixed decimals, booleans as true/false, dates ISO.

    Text cells pass through unchanged for :func:`factcheck.data.validation.check_table` to judge; the
    columns must be exactly the catalog's.
    """
    if set(df.columns) != set(spec["columns"]):
        extra, missing = sorted(set(df.columns) - set(spec["columns"])), sorted(set(spec["columns"]) - set(df.columns))
        raise DataError(f"{where}: columns differ from the catalog (extra: {extra or 'none'}; "
                        f"missing: {missing or 'none'})")
    out = pd.DataFrame(index=df.index)
    for name, col in spec["columns"].items():
        kind, decimals = col["type"], col.get("decimals")
        out[name] = df[name].map(lambda v, kind=kind, decimals=decimals: _cell(v, kind, decimals))
    return out


def _cell(value, kind: str, decimals: int | None) -> str:
    if isinstance(value, str):
        return value
    if value is None or value is pd.NA or value is pd.NaT or (isinstance(value, float) and math.isnan(value)):
        return ""
    if kind == "float" and decimals is not None:
        return f"{float(value):.{decimals}f}"
    if kind == "bool":
        return "true" if value else "false"
    if kind in ("month", "date") and hasattr(value, "strftime"):
        return value.strftime("%Y-%m" if kind == "month" else "%Y-%m-%d")
    return str(value)


def write_atomic(path: Path, write: Callable[[TextIO], object]) -> None:
    """Write a text file through ``write(fh)`` under a temporary name beside ``path``, then rename it into place:
    a reader sees the old file or the whole new one, never part of one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            write(fh)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o644)  # mkstemp makes it private; the table is a normal file
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_csv(text: pd.DataFrame, path: Path) -> None:
    """Write text cells as CSV (LF line ends, minimal quoting), atomically."""
    write_atomic(path, lambda fh: text.to_csv(fh, index=False, lineterminator="\n"))


SURPLUS = re.compile(r"Expected (\d+) fields in line (\d+), saw (\d+)")  # pandas' message for a long row


def read_csv_text(source: Path | bytes, where: str, header: bool = True) -> pd.DataFrame:
    """A CSV file (or its bytes) with every cell as text, nothing inferred. On failure, a DataError naming
    ``where`` and, for a row with surplus fields, the row as numbered in the file (line 1 is the header, if any)."""
    try:
        data = source if isinstance(source, bytes) else Path(source).read_bytes()
        text = data.decode("utf-8")
    except FileNotFoundError:
        raise DataError(f"{where}: file not found") from None
    except UnicodeDecodeError as exc:
        raise DataError(f"{where}: not UTF-8 text (byte {exc.start}: {data[exc.start:exc.start + 1]!r})") from None
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", pd.errors.ParserWarning)  # pandas would drop the surplus fields
            # index_col=False: surplus fields must not turn the first column into the index
            # skip_blank_lines=False: a blank line is a row (an error where fields are required), so that
            # row N is always line N of the file
            return pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False, index_col=False,
                               header=0 if header else None, skip_blank_lines=False)
    except pd.errors.ParserWarning:
        rows = csv.reader(io.StringIO(text, newline=""))
        width = len(next(rows))
        line, fields = next((n, len(r)) for n, r in enumerate(rows, start=2) if len(r) > width)
        raise DataError(f"{where}: row {line}: {fields} fields, expected {width} (as in the first row)") from None
    except (pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
        found = SURPLUS.search(str(exc))
        if found:
            raise DataError(f"{where}: row {found[2]}: {found[3]} fields, expected {found[1]} "
                            f"(as in the first row)") from None
        raise DataError(f"{where}: cannot parse as CSV: {exc}") from None


def read_with_header(path: Path, where: str, header: list[str]) -> pd.DataFrame:
    """A CSV read as text that must have exactly ``header`` and at least one row."""
    df = read_csv_text(path, where)
    if list(df.columns) != header:
        raise DataError(f"{where}: header is {list(df.columns)}, expected {header}")
    if df.empty:
        raise DataError(f"{where}: no rows")
    return df
