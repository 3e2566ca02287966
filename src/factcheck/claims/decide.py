"""Verdicts computed from data. For a number or a date, the verdict follows from the value a notebook computes,
the claimed value and the ledger's tolerance (:func:`check_number`), with the margin by which it holds; for an
attribution or a characterisation, it rests on the cited evidence in the ledger (:func:`cited`). Reads the
ledger; writes nothing."""
from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property

from factcheck.claims.ledger import claim
from factcheck.claims.quantities import Quantity, count_words
from factcheck.claims.scale import Verdict
from factcheck.data.builders.curated import urls_in
from factcheck.errors import DataError


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


def cite(row, said: str) -> dict:
    """A curated table row as a cited source (outlet, date, page) for a card; ``said`` is what it reports. A row
    that rests on an aggregator carries the reason nothing better exists (``why_no_better_source``)."""
    urls = urls_in(row["source_url"])
    if not urls:
        raise DataError(f"cannot cite a row without a source_url ({said})")
    out = {"said": said, "by": str(row["reported_by"]), "date": str(row["published"]), "url": urls[0]}
    why = row.get("why_no_better_source")
    return {**out, "why_no_better_source": str(why)} if isinstance(why, str) and why.strip() else out


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
        return (f"The main computation would {change} the test if {d.name} ({d.read(d.value)}) were "
                f"{' or '.join(parts)}.")


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


class _Check:
    """What every check has: its ledger entry, the verdict the ledger records, and the verdict now."""

    entry: dict

    @property
    def recorded(self) -> str | None:
        return self.entry.get("verdict")


@dataclass
class NumberCheck(_Check):
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

    def miss(self, value: float) -> str:
        """How a failing value misses the test, in words: "$2.44 bn above the test's upper bound ($30.45 bn)",
        "8 designations below the test's lower bound (2,000 designations)"."""
        t = self.tolerance
        lower = [b for b in (t.minimum,) if b is not None]
        upper = [b for b in (t.maximum,) if b is not None]
        if t.absolute is not None:
            lower, upper = lower + [self.claimed - t.absolute], upper + [self.claimed + t.absolute]
        if t.relative is not None:
            lower, upper = lower + [self.claimed * (1 - t.relative)], upper + [self.claimed * (1 + t.relative)]
        if upper and value > max(upper):
            bound, side, which = max(upper), "above", "upper"
        else:
            bound, side, which = min(lower), "below", "lower"
        return f"{self.quantity.distance(value - bound)} {side} the test's {which} bound ({self.quantity.text(bound)})"

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
        text = (f"Computed from the data: {q.text(self.computed)}{basis}, which {'meets' if meets else 'fails'} "
                f"the test.")
        disagree = {k: v for k, v in self.alternatives.items() if self.admits(v) != meets}
        n = len(self.alternatives)
        if disagree:
            listed = "; ".join(f"{k}, {q.text(v)}" for k, v in disagree.items())
            which = "The other defensible computation" if n == 1 else \
                f"{count_words(len(disagree)).capitalize()} of the {count_words(n)} other defensible computations"
            verb = "does" if len(disagree) == 1 or n == 1 else "do"
            text += f" {which} {verb} {'not' if meets else 'meet it'}: {listed}."
        elif n:
            text += (" So does the other defensible computation." if n == 1
                     else f" So do all {count_words(n)} other defensible computations.")
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
class CitedCheck(_Check):
    """An attribution, characterisation or event: the verdict rests on the ledger's cited evidence."""

    claim_id: str

    def __post_init__(self):
        self.entry = claim(self.claim_id)
        if "sources" not in self.entry or self.entry["status"] != "checked":
            raise DataError(f"claims ledger: claim {self.claim_id} has no cited evidence and verdict")
        self.sources = self.entry["sources"]
        self.cites: list[dict] = []

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
