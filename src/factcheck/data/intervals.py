"""Interval arithmetic for figures as printed: a figure stands for every value its rounding allows (2400 bn
roubles printed as "2.4 trn" for 2,350 to 2,450), and an identity between figures holds if any choice of values
within their rounding satisfies it. :class:`Interval` does the arithmetic; :class:`Formula` evaluates an identity
``left = right`` written over column names. Reads and writes nothing; used by ``factcheck.data.consistency``."""
from __future__ import annotations

import ast
import operator
from dataclasses import dataclass


@dataclass(frozen=True)
class Interval:
    """A figure and its rounding: every value it could stand for."""

    lo: float
    hi: float

    @classmethod
    def of(cls, text: str, column: str) -> Interval:
        """The interval a printed figure stands for: half a unit of its last digit; a whole number of
        billions of roubles ending in zeros stands for trillions to one or two decimals (2400 = 2.4 trn)."""
        value = float(text)
        digits = text.lstrip("-")
        if "." in digits:
            unit = 10.0 ** -len(digits.split(".")[1])
        elif column.endswith("_bn_rub"):
            unit = 10.0 ** min(len(digits) - len(digits.rstrip("0")), 2)
        else:
            unit = 1.0
        return cls(value - unit / 2, value + unit / 2)

    @classmethod
    def exact(cls, value: float) -> Interval:
        return cls(value, value)

    @property
    def mid(self) -> float:
        return (self.lo + self.hi) / 2

    def _combine(self, other, op) -> Interval:
        other = other if isinstance(other, Interval) else Interval.exact(other)
        if op is operator.truediv and other.lo <= 0 <= other.hi:
            raise ZeroDivisionError("division by an interval that holds zero")
        corners = [op(a, b) for a in (self.lo, self.hi) for b in (other.lo, other.hi)]
        return Interval(min(corners), max(corners))

    def __add__(self, other):
        return self._combine(other, operator.add)

    def __sub__(self, other):
        return self._combine(other, operator.sub)

    def __mul__(self, other):
        return self._combine(other, operator.mul)

    def __truediv__(self, other):
        return self._combine(other, operator.truediv)

    def __neg__(self):
        return Interval(-self.hi, -self.lo)

    def __abs__(self):
        if self.lo >= 0:
            return self
        if self.hi <= 0:
            return -self
        return Interval(0.0, max(-self.lo, self.hi))

    def gap(self, other: Interval) -> float:
        """How far apart two intervals are (0 when they overlap)."""
        return max(0.0, self.lo - other.hi, other.lo - self.hi)


_OPS = {ast.Add: operator.add, ast.Sub: operator.sub, ast.Mult: operator.mul, ast.Div: operator.truediv}


def _evaluate(node, values: dict[str, Interval]) -> Interval:
    if isinstance(node, ast.BinOp) and type(node.op) in _OPS:
        return _OPS[type(node.op)](_evaluate(node.left, values), _evaluate(node.right, values))
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
        return -_evaluate(node.operand, values)
    if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "abs" and len(node.args) == 1:
        return abs(_evaluate(node.args[0], values))
    if isinstance(node, ast.Name):
        return values[node.id]
    if isinstance(node, ast.Constant) and isinstance(node.value, (int, float)):
        return Interval.exact(float(node.value))
    raise ValueError(f"unsupported expression: {ast.unparse(node)}")


@dataclass(frozen=True)
class Formula:
    """``left = right`` over column names, with + - * / abs() and numbers."""

    text: str

    def sides(self) -> tuple[ast.expr, ast.expr]:
        left, right = self.text.split("=")
        return ast.parse(left.strip(), mode="eval").body, ast.parse(right.strip(), mode="eval").body

    @property
    def columns(self) -> list[str]:
        return sorted({n.id for side in self.sides() for n in ast.walk(side) if isinstance(n, ast.Name)} - {"abs"})

    def evaluate(self, values: dict[str, Interval]) -> tuple[Interval, Interval]:
        left, right = self.sides()
        return _evaluate(left, values), _evaluate(right, values)
