"""Fact-checking CNN Business, 7 April 2023, against public economic data.

Notebooks read data only through :func:`load`; the pipeline (``factcheck-data``)
builds the tables it reads.
"""
from factcheck.errors import DataError
from factcheck.load import load, load_optional, provenance

__all__ = ["DataError", "load", "load_optional", "provenance"]
