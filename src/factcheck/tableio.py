"""Read and write processed tables: tidy CSV, fixed float format, atomic replace."""
from __future__ import annotations

import csv
import hashlib
import math
import os
import re
import tempfile
import warnings
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


def format_table(df: pd.DataFrame, spec: dict, where: str) -> pd.DataFrame:
    """Cells as text: floats with the column's fixed decimals, booleans as true/false, dates ISO.

    Text cells pass through unchanged for :func:`factcheck.validate.check_table` to judge; the
    columns must be exactly the catalog's.
    """
    if set(df.columns) != set(spec["columns"]):
        extra, missing = sorted(set(df.columns) - set(spec["columns"])), sorted(set(spec["columns"]) - set(df.columns))
        raise DataError(f"{where}: columns differ from the catalog (extra: {extra or 'none'}; missing: {missing or 'none'})")
    out = pd.DataFrame(index=df.index)
    for name, col in spec["columns"].items():
        out[name] = df[name].map(lambda v, kind=col["type"], decimals=col.get("decimals"): _cell(v, kind, decimals))
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


def write_csv(text: pd.DataFrame, path: Path) -> None:
    """Write text cells as CSV (LF line ends, minimal quoting) via a temporary file and rename."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            text.to_csv(fh, index=False, lineterminator="\n")
        os.chmod(tmp, 0o644)  # mkstemp makes it private; the table is a normal file
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


SURPLUS = re.compile(r"Expected (\d+) fields in line (\d+), saw (\d+)")  # pandas' message for a long row


def read_csv_text(path: Path, where: str) -> pd.DataFrame:
    """Read a CSV with every cell as text (nothing inferred), naming the file, and the row where a row has
    more fields than the header, on failure."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", pd.errors.ParserWarning)  # pandas would drop the surplus fields
            # index_col=False: surplus fields must not turn the first column into the index
            return pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8", index_col=False)
    except FileNotFoundError:
        raise DataError(f"{where}: file not found") from None
    except pd.errors.ParserWarning:
        with open(path, encoding="utf-8", newline="") as fh:
            rows = csv.reader(fh)
            width = len(next(rows))
            line, fields = next((n, len(r)) for n, r in enumerate(rows, start=2) if len(r) > width)
        raise DataError(f"{where}: row {line}: {fields} fields, expected {width} (as in the header)") from None
    except (pd.errors.ParserError, UnicodeDecodeError, pd.errors.EmptyDataError) as exc:
        found = SURPLUS.search(str(exc))
        if found:
            raise DataError(f"{where}: row {found[2]}: {found[3]} fields, expected {found[1]} (as in the header)") from None
        raise DataError(f"{where}: cannot parse as CSV: {exc}") from None


def read_with_header(path: Path, where: str, header: list[str]) -> pd.DataFrame:
    """A CSV read as text that must have exactly ``header`` and at least one row."""
    df = read_csv_text(path, where)
    if list(df.columns) != header:
        raise DataError(f"{where}: header is {list(df.columns)}, expected {header}")
    if df.empty:
        raise DataError(f"{where}: no rows")
    return df
