"""The claims ledger (data/claims.yaml) and verdicts computed from data.

The verdict scale is defined here once. For a number or a date, the verdict follows from the
value a notebook computes, the claimed value and the ledger's tolerance; the ledger records the
verdict last computed, so a data change that flips it fails. For an attribution or a
characterisation, the verdict rests on the cited evidence written into the ledger.
"""
from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import Enum
from functools import cached_property, lru_cache
from pathlib import Path

import jsonschema
import pandas as pd
import yaml

from factcheck import paths
from factcheck.errors import DataError
from factcheck.quantities import UNITS, Quantity, count_words

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

    @property
    def symbol(self) -> str:
        """A mark that survives any renderer (GitHub strips colours)."""
        return {"accurate": "✔", "accurate, needs context": "◐", "inaccurate": "✘",
                "unsupported by public data": "?", "opinion, not checkable": "○"}[self.value]

    @property
    def colour(self) -> str:
        return {"accurate": "#1e7b34", "accurate, needs context": "#9a6700", "inaccurate": "#b42318",
                "unsupported by public data": "#57606a", "opinion, not checkable": "#57606a"}[self.value]


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
            "required": ["seed", "words", "plain", "said_by", "kind", "notebook", "status", "evidence"],
            "additionalProperties": False,
            "properties": {
                "seed": {"type": "string"}, "seed_part": {"type": "string"}, "plain": {"type": "string"},
                "said_by": {"type": "string"}, "kind": {"enum": KINDS},
                "notebook": {"type": "string", "pattern": r"^\d\d_\w+\.ipynb$"},
                "status": {"enum": ["checked", "pending"]},
                "evidence": {"type": "object"},
                "words": {"type": "string"},
                "claimed": {"type": "object", "required": ["value", "reads", "unit", "tolerance", "tolerance_why"],
                            "additionalProperties": False,
                            "properties": {"value": {"type": "number"}, "reads": {"type": "string"},
                                           "unit": {"enum": list(UNITS)},
                                           "noun": {"type": "array", "items": {"type": "string"},
                                                    "minItems": 2, "maxItems": 2},
                                           "relative_to": {"type": "string"}, "of": {"type": "string"},
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
    for cid, entry in doc["claims"].items():
        if "claimed" in entry:
            try:
                Quantity.from_ledger(entry["claimed"])
            except ValueError as exc:
                raise DataError(f"claims ledger {paths.rel(path)}: at claims/{cid}/claimed: {exc}") from None
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


def anchor(claim_id: str) -> str:
    """The id of the section of its notebook that checks a claim (``<a id="c18a"></a>``)."""
    return claim_id.lower()


def cite(row, said: str) -> dict:
    """A curated table row as a cited source (outlet, date, page) for a card; ``said`` is what it reports."""
    urls = [u.strip() for u in str(row["source_url"]).split(" | ") if u.strip()]
    if not urls:
        raise DataError(f"cannot cite a row without a source_url ({said})")
    return {"said": said, "by": str(row["reported_by"]), "date": str(row["published"]), "url": urls[0]}


def json_number(value: float) -> int | float:
    """A number as JSON that reads back the same in a browser (JupyterLab writes 2.0 as 2): whole numbers as
    integers, others to six decimals."""
    value = round(float(value), 6)
    return int(value) if value.is_integer() else value


def _json_or_none(value: float | None) -> int | float | None:
    return None if value is None else json_number(value)


@dataclass(frozen=True)
class Decisive:
    """The input a number claim's main computation hinges on, and how the computed value follows from it:
    ``Decisive("the exchange rate", 80.67, "roubles per dollar", lambda rate: 2400 / rate)``. With ``days``,
    the input is a shift in days from an event's date (0 = as recorded), searched day by day."""

    name: str
    value: float
    unit: str
    compute: Callable[[float], float]
    days: bool = False
    words: Callable[[float], str] | None = None  # how a value of the input reads (default: number and unit)

    def read(self, x: float) -> str:
        return self.words(x) if self.words else f"{_fmt(x)} {self.unit}".strip()


@dataclass(frozen=True)
class Margin:
    """How far the decisive input may move before the main computation's verdict changes: the nearest
    values below and above at which it would (None where no value within reach would)."""

    decisive: Decisive
    below: float | None
    above: float | None
    meets: bool  # whether the main computation meets the test now

    @property
    def nearest(self) -> float | None:
        """The smallest move, in the input's units, that changes the outcome."""
        moves = [abs(x - self.decisive.value) for x in (self.below, self.above) if x is not None]
        return min(moves) if moves else None

    @property
    def relative(self) -> float | None:
        if self.nearest is None or self.decisive.days or self.decisive.value == 0:
            return None
        return self.nearest / abs(self.decisive.value)

    @property
    def close(self) -> bool:
        """A close call: a move of at most 5% (or a week, for dates) would change the outcome."""
        if self.nearest is None:
            return False
        return bool(self.nearest <= 7 if self.decisive.days else self.relative <= 0.05)

    def text(self) -> str:
        d = self.decisive
        change = "fail" if self.meets else "meet"
        if self.nearest is None:
            return f"No value of {d.name} within reach would make the main computation {change} the test."
        if d.days:
            moves = [f"{abs(x):,.0f} {'day' if abs(x) == 1 else 'days'} {'earlier' if x < 0 else 'later'}"
                     for x in (self.below, self.above) if x is not None]
            return f"The main computation would {change} the test if {d.name} were {' or '.join(moves)}."
        parts = [f"{word} {d.read(x)} ({(x / d.value - 1):+.1%})"
                 for word, x in (("below", self.below), ("above", self.above)) if x is not None]
        return f"The main computation would {change} the test if {d.name} ({d.read(d.value)}) were {' or '.join(parts)}."


def _fmt(x: float) -> str:
    return f"{x:,.0f}" if abs(x) >= 1000 else f"{x:,.2f}"


def _flip(outcome: Callable[[float], bool], start: float, direction: int, days: bool) -> float | None:
    """The nearest input from ``start`` in ``direction`` at which ``outcome`` changes (None if none in reach)."""
    now = outcome(start)
    if days:
        for step in range(1, 3651):
            if outcome(start + direction * step) != now:
                return start + direction * step
        return None
    scale = abs(start) or 1.0
    previous = start
    for k in range(1, 2001):  # steps growing geometrically, out to a factor of 100 either way
        t = scale * (1.0025 ** k - 1)
        x = start + direction * t
        if direction < 0 and start > 0 and x <= 0:
            return None
        if outcome(x) != now:
            lo, hi = previous, x
            for _ in range(80):
                mid = (lo + hi) / 2
                lo, hi = (mid, hi) if outcome(mid) == now else (lo, mid)
            return hi
        previous = x
    return None


@dataclass
class NumberCheck:
    """A number or date claim checked against a value the notebook computed.

    ``basis`` names the main computation ("at the official rate in force on 7 April 2023");
    ``alternatives`` are the other defensible computations, by name; ``cites`` the curated rows the
    computation used (see :func:`cite`); ``decisive`` the input it hinges on (default: the computed value
    itself), from which the card shows the margin.
    """

    claim_id: str
    computed: float
    alternatives: dict[str, float] = field(default_factory=dict)
    basis: str = ""
    cites: list[dict] = field(default_factory=list)
    decisive: Decisive | None = None

    def __post_init__(self):
        if not math.isfinite(self.computed):
            raise ValueError(f"{self.claim_id}: the computed value is not a finite number")
        self.entry = claim(self.claim_id)
        if "claimed" not in self.entry:
            raise DataError(f"claims ledger: claim {self.claim_id} has no claimed value to compute against")
        c = self.entry["claimed"]
        self.claimed = float(c["value"])
        self.tolerance = Tolerance(**c["tolerance"])
        self.quantity = Quantity.from_ledger(c)
        self.alternatives = {k: float(v) for k, v in self.alternatives.items()}
        self.sources = list(self.entry.get("sources", []))
        if self.decisive is None:
            self.decisive = Decisive("the computed value", self.computed, "", lambda x: x, words=self.quantity.text)
        elif not math.isclose(self.decisive.compute(self.decisive.value), self.computed, rel_tol=1e-9, abs_tol=1e-9):
            raise ValueError(f"{self.claim_id}: the decisive input does not reproduce the computed value")

    @cached_property
    def margin(self) -> Margin:
        d = self.decisive
        outcome = lambda x: self.admits(d.compute(x))  # noqa: E731
        return Margin(d, _flip(outcome, d.value, -1, d.days), _flip(outcome, d.value, +1, d.days),
                      bool(self.admits(self.computed)))

    def to_meet(self, value: float) -> str:
        """How far a failing value is from meeting the test ("+8 designations", "-8.0%")."""
        t = self.tolerance
        bounds = [b for b in (t.minimum, t.maximum) if b is not None]
        if t.absolute is not None:
            bounds += [self.claimed - t.absolute, self.claimed + t.absolute]
        if t.relative is not None:
            bounds += [self.claimed * (1 - t.relative), self.claimed * (1 + t.relative)]
        return self.quantity.delta(min(bounds, key=lambda b: abs(b - value)) - value)

    @property
    def recorded(self) -> str | None:
        return self.entry.get("verdict")

    @property
    def verdict(self) -> Verdict:
        return number_verdict(self.computed, self.claimed, self.tolerance, self.alternatives)

    def admits(self, value: float) -> bool:
        return bool(self.tolerance.admits(float(value), self.claimed))

    @property
    def test(self) -> str:
        """Our reading of the article's words, as a test: "we read 'thousands' as at least 2,000 ..."."""
        t = self.tolerance
        rule = self.quantity.test(self.claimed, t.absolute, t.relative, t.minimum, t.maximum)
        return f"we read “{self.entry['claimed']['reads']}” as {rule}"

    @property
    def finding(self) -> str:
        """Two sentences at most: the main computed value against the test, then the alternatives that disagree."""
        q = self.quantity
        basis = f" {self.basis}" if self.basis else ""
        meets = self.admits(self.computed)
        text = f"Computed from the data: {q.text(self.computed)}{basis}, which {'meets' if meets else 'fails'} the test."
        disagree = {k: v for k, v in self.alternatives.items() if self.admits(v) != meets}
        n = len(self.alternatives)
        if disagree:
            listed = "; ".join(f"{k}, {q.text(v)}" for k, v in disagree.items())
            which = "The other defensible computation" if n == 1 else \
                f"{count_words(len(disagree)).capitalize()} of the {count_words(n)} other defensible computations"
            verb = "does" if len(disagree) == 1 or n == 1 else "do"
            text += f" {which} {verb} {'not' if meets else 'meet it'}: {listed}."
        elif n:
            text += f" {'So does the other defensible computation' if n == 1 else f'So do all {count_words(n)} other defensible computations'}."
        return text

    def to_json(self) -> dict:
        q = self.quantity
        return {"id": self.claim_id, "kind": self.entry["kind"], "verdict": str(self.verdict),
                "claimed": json_number(self.claimed), "computed": json_number(self.computed), "unit": q.unit,
                "computed_text": q.text(self.computed), "test": self.test,
                "alternatives": [{"label": k, "value": json_number(v), "text": q.text(v), "meets_test": self.admits(v)}
                                 for k, v in self.alternatives.items()],
                "margin": {"input": self.margin.decisive.name, "below": _json_or_none(self.margin.below),
                           "above": _json_or_none(self.margin.above), "close_call": self.margin.close,
                           "text": self.margin.text()}}


@dataclass
class CitedCheck:
    """An attribution, characterisation or event: the verdict rests on the ledger's cited evidence."""

    claim_id: str

    def __post_init__(self):
        self.entry = claim(self.claim_id)
        if "sources" not in self.entry or self.entry["status"] != "checked":
            raise DataError(f"claims ledger: claim {self.claim_id} has no cited evidence and verdict")
        self.sources = self.entry["sources"]
        self.cites: list[dict] = []

    @property
    def recorded(self) -> str | None:
        return self.entry.get("verdict")

    @property
    def verdict(self) -> Verdict:
        return Verdict(self.entry["verdict"])

    @property
    def finding(self) -> str:
        return self.entry["why"]

    def to_json(self) -> dict:
        return {"id": self.claim_id, "kind": self.entry["kind"], "verdict": str(self.verdict),
                "sources": [s["url"] for s in self.sources]}


def check_number(claim_id: str, computed: float, alternatives: dict[str, float] | None = None,
                 basis: str = "", cites: list[dict] | None = None, decisive: Decisive | None = None) -> NumberCheck:
    """Check a number or date claim of the ledger against a computed value (and defensible alternatives)."""
    return NumberCheck(claim_id, float(computed), dict(alternatives or {}), basis, list(cites or []), decisive)


def cited(claim_id: str) -> CitedCheck:
    """The evidence-based verdict of an attribution, characterisation or event claim."""
    return CitedCheck(claim_id)


def flips(checks) -> list[str]:
    """The checks whose computed verdict differs from the one the ledger records, as 'C18a (old -> new)'."""
    return [f"{c.claim_id} ({c.recorded} -> {c.verdict})" for c in checks if str(c.verdict) != c.recorded]


def table(found: dict[str, str]) -> pd.DataFrame:
    """All claims: id, kind, plain meaning, notebook, and the verdict its notebook computed ('pending' if none yet).

    ``found`` maps claim id to the verdict computed in the executed notebooks (see factcheck.verdicts).
    """
    rows = []
    for cid, entry in ledger()["claims"].items():
        if entry["status"] == "checked" and cid not in found:
            raise DataError(f"claim {cid} is marked checked, but {entry['notebook']} computes no verdict for it")
        rows.append({"claim": cid, "kind": entry["kind"], "words": entry["words"], "plain": entry["plain"],
                     "verdict": found.get(cid, "pending"), "notebook": entry["notebook"]})
    return pd.DataFrame(rows)
