"""Builders turn a source's raw files into processed tables (one module per publisher)."""
from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd


@dataclass
class Built:
    """What a builder returns, each keyed by table id: the tables, the notes the build reports
    and the manifest keeps, and the names of the raw files a table was built from (default: all)."""

    tables: dict[str, pd.DataFrame]
    notes: dict[str, list[str]] = field(default_factory=dict)
    inputs: dict[str, list[str]] = field(default_factory=dict)
