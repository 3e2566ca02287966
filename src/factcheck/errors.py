"""The one exception the project raises for bad input, and the helper that names the first bad row."""
from __future__ import annotations

from collections.abc import Callable

import pandas as pd


class DataError(Exception):
    """Bad or missing input: the message is one line naming source, file and row."""

    def __init__(self, message: str):
        super().__init__(" ".join(str(message).split()))


def reject_first(bad: pd.Series, where: str, message: Callable[[int], str], header_lines: int = 1) -> None:
    """Raise a DataError for the first row flagged in ``bad`` (indexed 0, 1, ... as read), numbered as in the
    file (``header_lines`` above the first data row); ``message(i)`` says what is wrong with row ``i``."""
    if bad.any():
        i = int(bad[bad].index[0])
        raise DataError(f"{where}: row {i + 1 + header_lines}: {message(i)}")
