"""Quantities in words: a claim's unit, how its values read, and its tolerance stated as a test.

The ledger names a unit for each number or date claim (``claimed.unit``) with, where the unit
needs it, the noun it counts (``noun: [designation, designations]``), the reference point of a
signed quantity (``relative_to: the anniversary``) or what a ratio or share is of (``of: ...``).
Reads nothing and writes nothing: it only formats.
"""
from __future__ import annotations

from dataclasses import dataclass

UNITS = ("usd_bn", "count", "month", "day", "calendar_week", "year_ordinal", "share", "ratio")


def plural(n: float, one: str, many: str | None = None) -> str:
    """``one`` for exactly 1 (or -1), otherwise ``many`` (default: ``one`` + "s")."""
    return one if abs(n) == 1 else (many or one + "s")


def count_words(n: int) -> str:
    """Numbers under ten in words, as running text has them ("two", "three"); larger ones as digits."""
    words = ["no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]
    return words[n] if 0 <= n < 10 else f"{n:,}"


ORDINALS = {1: "first", 2: "second", 3: "third", 4: "fourth", 5: "fifth", 6: "sixth", 7: "seventh", 8: "eighth",
            9: "ninth", 10: "tenth"}


def ordinal(n: int) -> str:
    """1st, 2nd, 3rd, 4th, 11th, 12th, 13th, 21st ..."""
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def number(value: float, decimals: int = 2) -> str:
    """Whole numbers with thousands separators; others to ``decimals`` places."""
    value = float(value)
    if value.is_integer():
        return f"{value:,.0f}"
    return f"{value:,.{decimals}f}"


@dataclass(frozen=True)
class Quantity:
    """How values of one claim read: ``Quantity("day", relative_to="the anniversary").text(-3)`` is
    "3 days before the anniversary"."""

    unit: str
    noun: tuple[str, str] | None = None
    relative_to: str | None = None
    of: str | None = None

    def __post_init__(self):
        if self.unit not in UNITS:
            raise ValueError(f"unknown unit {self.unit!r}; expected one of {', '.join(UNITS)}")
        if self.unit == "count" and not self.noun:
            raise ValueError("a count needs its noun, e.g. [designation, designations]")
        if self.unit in ("day", "calendar_week") and not self.relative_to:
            raise ValueError(f"a {self.unit} quantity needs relative_to (what it is counted from)")

    @classmethod
    def from_ledger(cls, claimed: dict) -> Quantity:
        noun = claimed.get("noun")
        return cls(claimed["unit"], tuple(noun) if noun else None, claimed.get("relative_to"), claimed.get("of"))

    def text(self, value: float) -> str:
        """One value in words, with its unit."""
        u, v = self.unit, float(value)
        if u == "usd_bn":
            return f"${number(v)} bn"
        if u == "count":
            return f"{number(round(v))} {plural(round(v), *self.noun)}"
        if u == "month":
            v = round(v, 1)
            if v == 0.5:
                return "half a month"
            return f"{count_words(int(v)) if v.is_integer() else number(v, 1)} {plural(v, 'month')}"
        if u in ("day", "calendar_week"):
            return self._relative(v)
        if u == "year_ordinal":
            return f"the {ORDINALS.get(int(v), ordinal(int(v)))} year of {self.of or 'it'}"
        if u == "share":
            return f"{v:.0%}" + (f" of {self.of}" if self.of else "")
        return f"{v:.2f} times {self.of or 'the base'}"  # ratio

    def _relative(self, v: float) -> str:
        name = "day" if self.unit == "day" else "calendar week"
        n = round(abs(v))
        if n == 0:
            if self.unit == "day":
                return f"on {self.relative_to}"
            return f"in the same calendar week as {self.relative_to}"
        if self.unit == "calendar_week" and n == 1:
            return f"the calendar week {'before' if v < 0 else 'after'} {self.relative_to}"
        return f"{count_words(n)} {plural(n, name)} {'before' if v < 0 else 'after'} {self.relative_to}"

    def short(self, value: float) -> str:
        """The value alone, as in a table cell ("$29.75 bn", "2,127", "-3 days", "36%", "1.94×")."""
        u, v = self.unit, float(value)
        if u == "usd_bn":
            return f"${number(v)} bn"
        if u == "count":
            return number(v)
        if u == "month":
            return f"{number(round(v, 1), 1)} {plural(round(v, 1), 'month')}"
        if u == "day":
            return f"{v:+.0f} {plural(v, 'day')}" if v else "0 days"
        if u == "calendar_week":
            return f"{v:+.0f} {plural(v, 'week')}" if v else "same week"
        if u == "year_ordinal":
            return f"year {int(v)}"
        if u == "share":
            return f"{v:.0%}"
        return f"{v:.2f}×"

    def distance(self, gap: float) -> str:
        """How far apart two values are, without a sign: "$2.44 bn", "8 designations", "11 points", "3 days"."""
        u, g = self.unit, abs(gap)
        if u == "usd_bn":
            return f"${number(g)} bn"
        if u == "count":
            return f"{number(round(g))} {plural(round(g), *self.noun)}"
        if u == "month":
            return f"{number(round(g, 1), 1)} {plural(round(g, 1), 'month')}"
        if u in ("day", "calendar_week", "year_ordinal"):
            name = {"day": "day", "calendar_week": "week", "year_ordinal": "year"}[u]
            return f"{round(g)} {plural(round(g), name)}"
        if u == "share":
            return f"{g * 100:.0f} {plural(round(g * 100), 'point')}"
        return f"{g:.2f}"

    def test(self, claimed: float, absolute: float | None = None, relative: float | None = None,
             minimum: float | None = None, maximum: float | None = None) -> str:
        """The tolerance as a test a reader can apply: "at least 2,000 designations",
        "within 7 days of the anniversary", "$29 bn ± 5% ($27.55 bn to $30.45 bn)"."""
        if minimum is not None and maximum is not None:
            return f"between {self.text(minimum)} and {self.text(maximum)}"
        if minimum is not None:
            return f"at least {self.text(minimum)}"
        if maximum is not None:
            return f"at most {self.text(maximum)}"
        parts = []
        if absolute is not None:
            parts.append(self._absolute(claimed, absolute))
        if relative is not None:
            lo, hi = claimed * (1 - relative), claimed * (1 + relative)
            parts.append(f"{self.text(claimed)} ± {relative:.0%} ({self.text(lo)} to {self.text(hi)})")
        return " or ".join(parts)

    def _absolute(self, claimed: float, width: float) -> str:
        if width == 0:
            return f"exactly {self.text(claimed)}"
        if self.unit in ("day", "calendar_week") and claimed == 0:
            name = "day" if self.unit == "day" else "calendar week"
            return f"within {count_words(int(width)) if float(width).is_integer() else number(width)} " \
                   f"{plural(width, name)} of {self.relative_to}"
        lo, hi = claimed - width, claimed + width
        return f"{self.text(claimed)}, give or take {self.text(width)} ({self.short(lo)} to {self.short(hi)})"
