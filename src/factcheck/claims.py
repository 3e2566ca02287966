"""The claims ledger (data/claims.yaml) and verdicts computed from data.

The verdict scale is defined here once. For a number or a date, the verdict follows from the
value a notebook computes, the claimed value and the ledger's tolerance; the ledger records the
verdict last computed, so a data change that flips it fails. For an attribution or a
characterisation, the verdict rests on the cited evidence written into the ledger.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from enum import Enum
from functools import lru_cache
from pathlib import Path

import jsonschema
import pandas as pd
import yaml

from factcheck import paths
from factcheck.errors import DataError

LEDGER = paths.DATA / "claims.yaml"
MARKER = re.compile(r"^verdict (C\d+[a-z]?): (.+)$", re.MULTILINE)


class Verdict(str, Enum):
    """The fixed verdict scale (explained in the README)."""

    ACCURATE = "accurate"
    NEEDS_CONTEXT = "accurate, needs context"
    INACCURATE = "inaccurate"
    UNSUPPORTED = "unsupported by public data"
    OPINION = "opinion, not checkable"

    def __str__(self) -> str:
        return self.value


KINDS = ["number", "date/event", "attribution", "characterisation"]
_SOURCE = {"type": "object", "required": ["said", "by", "date", "url"], "additionalProperties": False,
           "properties": {k: {"type": "string"} for k in ("said", "by", "date", "url")}}
_TOLERANCE = {"type": "object", "minProperties": 1, "additionalProperties": False,
              "properties": {k: {"type": "number"} for k in ("absolute", "relative", "minimum", "maximum")}}
SCHEMA = {
    "type": "object", "required": ["article", "phrases", "claims"],
    "properties": {
        "phrases": {"type": "array", "items": {"type": "object", "required": ["spun", "plain", "why"]}},
        "claims": {"type": "object", "additionalProperties": {
            "type": "object",
            "required": ["seed", "plain", "said_by", "kind", "notebook", "status", "evidence"],
            "additionalProperties": False,
            "properties": {
                "seed": {"type": "string"}, "seed_part": {"type": "string"}, "plain": {"type": "string"},
                "said_by": {"type": "string"}, "kind": {"enum": KINDS},
                "notebook": {"type": "string", "pattern": r"^\d\d_\w+\.ipynb$"},
                "status": {"enum": ["checked", "pending"]},
                "evidence": {"type": "object"},
                "claimed": {"type": "object", "required": ["value", "unit", "tolerance", "tolerance_why"],
                            "properties": {"value": {"type": "number"}, "unit": {"type": "string"},
                                           "tolerance": _TOLERANCE, "tolerance_why": {"type": "string"}}},
                "computed_as": {"type": "string"},
                "verdict": {"enum": [v.value for v in Verdict]},
                "why": {"type": "string"},
                "sources": {"type": "array", "items": _SOURCE, "minItems": 1},
            },
            "allOf": [
                {"if": {"properties": {"kind": {"const": "number"}}}, "then": {"required": ["claimed"]}},
                {"if": {"required": ["claimed"]}, "then": {"required": ["computed_as"]}},
                {"if": {"properties": {"status": {"const": "checked"}}}, "then": {"required": ["verdict", "why"]}},
                {"if": {"properties": {"status": {"const": "checked"}}, "not": {"required": ["claimed"]}},
                 "then": {"required": ["sources"]}},
                {"if": {"properties": {"status": {"const": "pending"}}}, "then": {"not": {"required": ["verdict"]}}},
            ],
        }},
    },
}


@dataclass(frozen=True)
class Tolerance:
    """How far a computed value may sit from the claimed one: within an absolute or relative
    distance (either suffices), or inside bounds (``minimum``/``maximum``, for words like "thousands")."""

    absolute: float | None = None
    relative: float | None = None
    minimum: float | None = None
    maximum: float | None = None

    def admits(self, computed: float, claimed: float) -> bool:
        if self.minimum is not None or self.maximum is not None:
            return ((self.minimum is None or computed >= self.minimum)
                    and (self.maximum is None or computed <= self.maximum))
        gap = abs(computed - claimed)
        ok_abs = self.absolute is not None and gap <= self.absolute + 1e-9
        ok_rel = self.relative is not None and gap <= self.relative * abs(claimed) + 1e-9
        return ok_abs or ok_rel

    def __str__(self) -> str:
        parts = []
        if self.absolute is not None:
            parts.append(f"±{self.absolute:g}")
        if self.relative is not None:
            parts.append(f"±{self.relative:.0%}")
        if self.minimum is not None:
            parts.append(f"at least {self.minimum:,g}")
        if self.maximum is not None:
            parts.append(f"at most {self.maximum:,g}")
        return (" and " if self.minimum is not None or self.maximum is not None else " or ").join(parts)


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
def _read(path: Path) -> dict:
    try:
        doc = yaml.safe_load(path.read_text(encoding="utf-8"))
        jsonschema.validate(doc, SCHEMA)
    except (OSError, yaml.YAMLError) as exc:
        raise DataError(f"claims ledger {paths.rel(path)}: cannot read: {exc}") from None
    except jsonschema.ValidationError as exc:
        where = "/".join(str(p) for p in exc.absolute_path)
        raise DataError(f"claims ledger {paths.rel(path)}: at {where or 'top'}: {exc.message}") from None
    return doc


def ledger(path: Path | None = None) -> dict:
    """The validated ledger document: ``article``, ``phrases`` and ``claims`` (id -> entry)."""
    return _read(Path(path or LEDGER))


def claim(claim_id: str) -> dict:
    """One claim's ledger entry."""
    claims = ledger()["claims"]
    if claim_id not in claims:
        raise DataError(f"claims ledger: no claim {claim_id!r}")
    return claims[claim_id]


def _number(value: float) -> str:
    """Whole numbers with thousands separators, others to two decimals."""
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.2f}"


@dataclass
class NumberCheck:
    """A number or date claim checked against a computed value."""

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
        lines = [f"claim {self.claim_id}: claimed {_number(self.claimed)} {self.unit}, "
                 f"computed {_number(self.computed)} {self.unit}, tolerance {self.tolerance}"]
        for label, value in self.alternatives.items():
            mark = "within" if self.tolerance.admits(value, self.claimed) else "outside"
            lines.append(f"  alternative: {label}: {_number(value)} {self.unit} ({mark} tolerance)")
        lines.append(f"verdict {self.claim_id}: {self.verdict}")
        return "\n".join(lines)


@dataclass
class CitedCheck:
    """An attribution or characterisation: the verdict rests on the ledger's cited evidence."""

    claim_id: str
    verdict: Verdict
    why: str
    sources: list[dict]
    recorded: str | None = None

    def __str__(self) -> str:
        lines = [f"claim {self.claim_id}: {self.why}"]
        lines += [f"  source: {s['by']}, {s['date']}: \"{s['said']}\" <{s['url']}>" for s in self.sources]
        lines.append(f"verdict {self.claim_id}: {self.verdict}")
        return "\n".join(lines)


def check_number(claim_id: str, computed: float, alternatives: dict[str, float] | None = None) -> NumberCheck:
    """Check a number or date claim of the ledger against a computed value (and defensible alternatives)."""
    entry = claim(claim_id)
    if "claimed" not in entry:
        raise DataError(f"claims ledger: claim {claim_id} has no claimed value to compute against")
    c = entry["claimed"]
    return NumberCheck(claim_id, float(c["value"]), c["unit"], Tolerance(**c["tolerance"]), float(computed),
                       dict(alternatives or {}), entry.get("verdict"))


def cited(claim_id: str) -> CitedCheck:
    """The evidence-based verdict of an attribution, characterisation or event claim."""
    entry = claim(claim_id)
    if "sources" not in entry or entry["status"] != "checked":
        raise DataError(f"claims ledger: claim {claim_id} has no cited evidence and verdict")
    return CitedCheck(claim_id, Verdict(entry["verdict"]), entry["why"], entry["sources"], entry["verdict"])


def report(*checks) -> None:
    """Print every check, then fail listing the claims whose computed verdict differs from the ledger."""
    print("\n\n".join(str(c) for c in checks))
    flipped = [f"{c.claim_id} ({c.recorded} -> {c.verdict})" for c in checks if str(c.verdict) != c.recorded]
    if flipped:
        raise AssertionError(f"verdicts differ from data/claims.yaml: {', '.join(flipped)}")


def verdicts_in(text: str) -> dict[str, str]:
    """The ``verdict <id>: <verdict>`` lines printed in a notebook's outputs."""
    return dict(MARKER.findall(text))


def table(found: dict[str, str]) -> pd.DataFrame:
    """All claims: id, kind, plain meaning, notebook, and the verdict its notebook printed ('pending' if none yet).

    ``found`` maps claim id to the verdict printed in the executed notebooks (see factcheck.verdicts).
    """
    rows = []
    for cid, entry in ledger()["claims"].items():
        if entry["status"] == "checked" and cid not in found:
            raise DataError(f"claim {cid} is marked checked, but {entry['notebook']} prints no verdict for it")
        verdict = found.get(cid, "pending")
        rows.append({"claim": cid, "kind": entry["kind"], "plain": entry["plain"], "verdict": verdict,
                     "notebook": entry["notebook"]})
    return pd.DataFrame(rows)
