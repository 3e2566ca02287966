"""The claims ledger (data/claims.yaml) and verdicts computed from data.

The verdict scale is defined here once. For a number, the verdict follows from the value a
notebook computes, the claimed value and the ledger's tolerance; the ledger records the
verdict last computed, so a data change that flips it fails loudly.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from enum import Enum
from functools import lru_cache
from pathlib import Path

import yaml

from factcheck import paths
from factcheck.errors import DataError

LEDGER = paths.DATA / "claims.yaml"


class Verdict(str, Enum):
    """The fixed verdict scale (explained in the README)."""

    ACCURATE = "accurate"
    NEEDS_CONTEXT = "accurate, needs context"
    INACCURATE = "inaccurate"
    UNSUPPORTED = "unsupported by public data"
    OPINION = "opinion, not checkable"

    def __str__(self) -> str:
        return self.value


@dataclass(frozen=True)
class Tolerance:
    """How far a computed value may sit from the claimed one: absolute, relative, or both (either suffices)."""

    absolute: float | None = None
    relative: float | None = None

    def admits(self, computed: float, claimed: float) -> bool:
        gap = abs(computed - claimed)
        ok_abs = self.absolute is not None and gap <= self.absolute + 1e-12
        ok_rel = self.relative is not None and gap <= self.relative * abs(claimed) + 1e-12
        return ok_abs or ok_rel

    def __str__(self) -> str:
        parts = []
        if self.absolute is not None:
            parts.append(f"±{self.absolute:g}")
        if self.relative is not None:
            parts.append(f"±{self.relative:.0%}")
        return " or ".join(parts)


def number_verdict(computed: float, claimed: float, tolerance: Tolerance,
                   alternatives: dict[str, float] | None = None) -> Verdict:
    """Accurate if the computed value is within tolerance; needs context if a defensible
    alternative computation is not; inaccurate if the computed value itself is not."""
    if not math.isfinite(computed):
        raise ValueError("computed value is not a finite number")
    if not tolerance.admits(computed, claimed):
        return Verdict.INACCURATE
    if any(not tolerance.admits(v, claimed) for v in (alternatives or {}).values()):
        return Verdict.NEEDS_CONTEXT
    return Verdict.ACCURATE


@lru_cache(maxsize=2)
def ledger(path: Path = LEDGER) -> dict:
    """The claims ledger: claim id -> entry."""
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))["claims"]
    except (OSError, yaml.YAMLError, KeyError, TypeError) as exc:
        raise DataError(f"claims ledger {paths.rel(path)}: cannot read: {exc}") from None


@dataclass
class NumberCheck:
    """A numeric claim checked against a computed value."""

    claim_id: str
    claimed: float
    unit: str
    tolerance: Tolerance
    computed: float
    alternatives: dict[str, float] = field(default_factory=dict)
    recorded: str | None = None

    @property
    def verdict(self) -> Verdict:
        return number_verdict(self.computed, self.claimed, self.tolerance, self.alternatives)

    def __str__(self) -> str:
        lines = [f"claim {self.claim_id}: claimed {self.claimed:g} {self.unit}, "
                 f"computed {self.computed:.2f} {self.unit}, tolerance {self.tolerance}"]
        for label, value in self.alternatives.items():
            mark = "within" if self.tolerance.admits(value, self.claimed) else "outside"
            lines.append(f"  alternative: {label}: {value:.2f} {self.unit} ({mark} tolerance)")
        lines.append(f"verdict: {self.verdict}")
        return "\n".join(lines)

    def assert_recorded(self) -> None:
        """Fail if the computed verdict differs from the one recorded in the ledger."""
        if str(self.verdict) != self.recorded:
            raise AssertionError(f"claim {self.claim_id}: computed verdict '{self.verdict}' differs from "
                                 f"the ledger's '{self.recorded}' (data/claims.yaml)")


def check_number(claim_id: str, computed: float, alternatives: dict[str, float] | None = None) -> NumberCheck:
    """Check a numeric claim of the ledger against a computed value (and defensible alternatives)."""
    claims = ledger()
    if claim_id not in claims:
        raise DataError(f"claims ledger: no claim {claim_id!r}")
    entry = claims[claim_id]
    if entry.get("kind") != "number":
        raise DataError(f"claims ledger: claim {claim_id} is a {entry.get('kind')}, not a number")
    c = entry["claimed"]
    return NumberCheck(claim_id, float(c["value"]), c["unit"], Tolerance(**c["tolerance"]), float(computed),
                       dict(alternatives or {}), entry.get("verdict"))
