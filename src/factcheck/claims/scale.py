"""The verdict scale, defined once: each verdict with its mark (which survives any renderer), its colour and
what it means. Reads and writes nothing."""
from __future__ import annotations

from enum import Enum

import pandas as pd


class Verdict(str, Enum):
    """The fixed verdict scale (explained in the README)."""

    ACCURATE = "accurate"
    NEEDS_CONTEXT = "accurate, needs context"
    INACCURATE = "inaccurate"
    UNSUPPORTED = "unsupported by public data"
    OPINION = "opinion, not checkable"

    def __str__(self) -> str:
        return self.value

    @property
    def symbol(self) -> str:
        """A mark that survives any renderer (GitHub strips colours)."""
        return {"accurate": "✔", "accurate, needs context": "◐", "inaccurate": "✘",
                "unsupported by public data": "?", "opinion, not checkable": "○"}[self.value]

    @property
    def colour(self) -> str:
        return {"accurate": "#1e7b34", "accurate, needs context": "#9a6700", "inaccurate": "#b42318",
                "unsupported by public data": "#57606a", "opinion, not checkable": "#57606a"}[self.value]


MEANINGS = {
    Verdict.ACCURATE: "the data reproduce the claim within the stated tolerance, on every defensible computation",
    Verdict.NEEDS_CONTEXT: "within tolerance on the main computation, but another defensible computation (another "
                           "rate, period or source) falls outside it, or the claim leaves out something that "
                           "changes its meaning",
    Verdict.INACCURATE: "the main computation falls outside the tolerance, or the record contradicts the claim",
    Verdict.UNSUPPORTED: "public data cannot confirm or refute it",
    Verdict.OPINION: "a judgement, not a statement of fact",
}


def table() -> pd.DataFrame:
    """The verdict scale: each verdict with its mark and meaning."""
    return pd.DataFrame([{"verdict": f"{v.symbol} {v}", "meaning": MEANINGS[v]} for v in Verdict])
