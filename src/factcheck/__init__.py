"""Fact-checking CNN Business, 7 April 2023, against public economic data.

The package runs one way: ``data`` (catalog, fetch, builders, validation, store, load) <- ``analysis`` (what the
claims need, computed from the tables) <- ``claims`` (the ledger, verdicts, cards) and ``charts`` (figures and
tables) <- ``publish`` (running the notebooks, the ``factcheck-claims`` command, the site). Notebooks read data only
through :func:`load`, and keep the rows of a curated table the analysis uses with :func:`chosen`.
"""
from factcheck.analysis.conflicts import chosen
from factcheck.data.load import load, provenance
from factcheck.errors import DataError

__all__ = ["DataError", "chosen", "load", "provenance"]
